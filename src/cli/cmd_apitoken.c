/*
 * cmd_apitoken.c -- `kaito apitoken create EMAIL [--name N]
 * [--expires DAYS] [--scope audit:read]`.
 *
 * Why: scripts and SIEM connectors need a bearer token without a browser
 * login. The token is printed once; only its keyed hash is stored.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/writer.h"
#include "auth/secret.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "store/sessions.h"
#include "store/users.h"

#define MAX_EXPIRES_DAYS 3650

struct apitoken_job {
	const char *email;
	const char *name;
	const char *scopes;
	int64_t expires_at;		/* 0: never */
	char token[APITOKEN_LEN + 1];	/* the secret; wiped after printing */
	int64_t id;
};

static int
apitoken_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct apitoken_job *j = arg;
	unsigned char hash[SECRET_HASH_LEN];
	struct user_row u;
	int rc;

	if ((rc = store_user_by_email(st, j->email, &u)) != 0)
		return rc;
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	secret_new_apitoken(j->token);
	secret_hash(j->token, strlen(j->token), hash);
	if ((rc = store_apitoken_insert(st, u.id, j->name, hash, j->scopes,
	    j->expires_at, &j->id)) != 0)
		return rc;
	audit_event_target(ev, "apitoken", j->id, j->name);
	audit_event_detail(ev, "user", json_string(u.email));
	audit_event_detail(ev, "scopes", json_string(j->scopes));
	audit_event_detail(ev, "expires_at", j->expires_at ?
	    json_integer(j->expires_at) : json_null());
	return 0;
}

static int
apitoken_create(struct apitoken_job *j)
{
	struct datadir d;
	struct writer_job job = { .run = apitoken_run, .arg = j };
	struct audit_actor actor;
	int rc;

	if (datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	audit_actor_cli(&actor);
	audit_event_init(&job.ev, &actor, "apitoken.create");
	rc = writer_run_sync(d.st, &job);
	if (rc == STORE_NOTFOUND)
		rc = cli_fail("%s: no such user", j->email);
	else if (rc != 0)
		rc = cli_fail("cannot write the database");
	else {
		printf("%s\n", j->token);
		fprintf(stderr, "kaito: API token %lld \"%s\" for %s; shown "
		    "once, keep it secret\n", (long long)j->id, j->name,
		    j->email);
		rc = EXIT_OK;
	}
	sodium_memzero(j->token, sizeof(j->token));
	audit_event_clear(&job.ev);
	datadir_close(&d);
	return rc;
}

static int
cmd_apitoken_create(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "expires", required_argument, NULL, 'e' },
		{ "scope", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct apitoken_job j = { .name = "cli", .scopes = "" };
	long long days;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (strlen(optarg) == 0 || strlen(optarg) > LIMIT_NAME)
				return cli_usage(cmd, "--name wants 1 to %d "
				    "bytes", LIMIT_NAME);
			j.name = optarg;
			break;
		case 'e':
			if (cli_parse_i64(optarg, &days) == -1 || days < 1 ||
			    days > MAX_EXPIRES_DAYS)
				return cli_usage(cmd, "--expires wants 1 to %d "
				    "days", MAX_EXPIRES_DAYS);
			j.expires_at = (int64_t)time(NULL) + days * 86400;
			break;
		case 's':
			if (strcmp(optarg, "audit:read") != 0)
				return cli_usage(cmd, "unknown scope '%s' (the "
				    "only scope is audit:read)", optarg);
			j.scopes = "audit:read";
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL");
	j.email = argv[optind];
	return apitoken_create(&j);
}

const struct cli_cmd cli_cmd_apitoken_create = {
	.name = "apitoken create",
	.synopsis = "EMAIL [--name N] [--expires DAYS] [--scope audit:read] "
	    "[--data DIR]",
	.summary = "Create an API token for a user and print it once.",
	.help =
	    "  EMAIL             the user the token acts as\n"
	    "  --name N          a name to recognise it by (default \"cli\")\n"
	    "  --expires DAYS    expire after DAYS days (default: never)\n"
	    "  --scope audit:read  also let it read the audit log (for a SIEM\n"
	    "                    connector on a non-admin service user)\n"
	    "  --data DIR        the data directory (default ./kaito-data)\n"
	    "  --help            show this help\n"
	    "\nThe token goes to standard output, alone on its line. Use it as\n"
	    "'Authorization: Bearer TOKEN'. Only its keyed hash is stored.\n",
	.run = cmd_apitoken_create,
	.uses_data = 1,
};
