/*
 * cmd_user.c -- `kaito user add EMAIL [--admin] [--password-stdin]`.
 *
 * Why: the operator creates accounts from the shell (set-up scripts, a
 * lost admin). The password comes from standard input (never argv), or a
 * random one is generated and printed once. The change is audited with
 * the cli channel, like every change made through the API.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit/writer.h"
#include "auth/password.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "store/users.h"
#include "util/email.h"

struct user_add_job {
	const char *email;
	int admin;
	char pwhash[PASSWORD_HASH_LEN];
	int64_t id;
};

static int
user_add_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct user_add_job *j = arg;
	int rc;

	audit_event_target(ev, "user", 0, j->email);
	if ((rc = store_user_insert(st, j->email, j->pwhash, j->admin,
	    &j->id)) != 0)
		return rc;
	ev->target_id = j->id;
	audit_event_detail(ev, "admin", json_boolean(j->admin));
	return 0;
}

/* The password from stdin (one line), or a generated one. */
static int
get_password(int from_stdin, char **pw, size_t *n, int *generated)
{
	struct errbuf e;

	*generated = !from_stdin;
	if (!from_stdin) {
		if ((*pw = sodium_malloc(25)) == NULL)
			return cli_fail("out of memory"), -1;
		password_generate(*pw);
		*n = strlen(*pw);
		return 0;
	}
	if (cli_read_line("-", LIMIT_PASSWORD_MAX, pw, n) == -1)
		return -1;
	if (password_check_policy(*pw, *n, &e) == -1) {
		cli_input_free(*pw, *n);
		*pw = NULL;
		return cli_fail("%s", e.msg), -1;
	}
	return 0;
}

static int
user_add(const char *email, int admin, int pw_stdin)
{
	struct datadir d;
	struct user_add_job j = { .email = email, .admin = admin };
	struct writer_job job = { .run = user_add_run, .arg = &j,
	    .audit_failure = 1 };
	struct audit_actor actor;
	char *pw = NULL;
	size_t n = 0;
	int generated, rc;

	if (get_password(pw_stdin, &pw, &n, &generated) == -1)
		return EXIT_BADINPUT;
	rc = password_hash(pw, n, j.pwhash);
	if (rc == -1 || datadir_open(&d) == -1) {
		rc = EXIT_BADINPUT;
		goto out;
	}
	audit_actor_cli(&actor);
	audit_event_init(&job.ev, &actor, "user.create");
	rc = writer_run_sync(d.st, &job);
	if (rc == STORE_CONFLICT)
		rc = cli_fail("%s: a user with this e-mail exists", email);
	else if (rc != 0)
		rc = cli_fail("cannot write the database");
	else {
		printf("created %s%s (id %lld)\n", admin ? "administrator " :
		    "user ", email, (long long)j.id);
		if (generated)
			printf("password: %s   (shown once)\n", pw);
		rc = EXIT_OK;
	}
	audit_event_clear(&job.ev);
	datadir_close(&d);
out:
	sodium_memzero(&j, sizeof(j));
	if (generated && pw != NULL)
		sodium_free(pw);
	else
		cli_input_free(pw, n);
	return rc;
}

static int
cmd_user_add(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", no_argument, NULL, 'a' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct errbuf e;
	int c, admin = 0, pw_stdin = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			admin = 1;
			break;
		case 'p':
			pw_stdin = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one EMAIL");
	if (email_check(argv[optind], &e) == -1)
		return cli_fail("%s", e.msg);
	return user_add(argv[optind], admin, pw_stdin);
}

const struct cli_cmd cli_cmd_user_add = {
	.name = "user add",
	.synopsis = "EMAIL [--admin] [--password-stdin] [--data DIR]",
	.summary = "Create a user (audited, channel cli).",
	.help =
	    "  EMAIL             the user's e-mail address, their login name\n"
	    "  --admin           make them an administrator\n"
	    "  --password-stdin  read the password from standard input (one\n"
	    "                    line, at least 12 characters); without it a\n"
	    "                    random password is generated and printed once\n"
	    "  --data DIR        the data directory (default ./kaito-data)\n"
	    "  --help            show this help\n",
	.run = cmd_user_add,
	.uses_data = 1,
};
