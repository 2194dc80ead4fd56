/*
 * cmd_init.c -- `kaito init [--data DIR] [--admin EMAIL]`.
 *
 * Why: a new install needs a data directory (0700), a root key (0600,
 * never overwritten), a database at the current schema, the key check,
 * and a first administrator whose password is shown once. Their login
 * second factor is enrolled at their first login.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/writer.h"
#include "auth/password.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "store/users.h"
#include "util/email.h"
#include "vault/keycheck.h"
#include "vault/keys.h"

struct init_job {
	const char *email;
	char pwhash[PASSWORD_HASH_LEN];
	int64_t admin_id;
};

static int
init_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct init_job *j = arg;
	int rc;

	if (keycheck_create(st) == -1)
		return -1;
	if ((rc = store_user_insert(st, j->email, j->pwhash, 1,
	    &j->admin_id)) != 0)
		return rc;
	audit_event_target(ev, "user", j->admin_id, j->email);
	audit_event_detail(ev, "admin", json_true());
	return 0;
}

static int
make_dir(const char *dir, const char *db)
{
	struct stat sb;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return cli_fail("%s: %s", dir, strerror(errno)), -1;
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return cli_fail("%s: exists and is not a directory", dir), -1;
	if (access(db, F_OK) == 0)
		return cli_fail("%s: already initialised", dir), -1;
	return 0;
}

static void
print_welcome(const struct datadir *d, const char *email, const char *pw)
{
	printf("Kaito is initialised in %s\n"
	    "  root key:    %s (back it up offline: without it the vault "
	    "cannot be opened)\n"
	    "  database:    %s\n"
	    "  first admin: %s\n"
	    "  password:    %s   (shown once; change it after logging in)\n"
	    "At the first login Kaito asks the admin to enrol a TOTP "
	    "authenticator.\n"
	    "Next: kaito serve --data %s\n",
	    d->dir, d->key_path, d->db_path, email, pw, d->dir);
}

static int
do_init(const char *email)
{
	struct datadir d;
	struct init_job j = { .email = email };
	struct writer_job job = { .run = init_run, .arg = &j };
	struct audit_actor actor;
	struct errbuf e;
	char pw[25];
	int rc = EXIT_BADINPUT, env_key = getenv("KAITO_ROOT_KEY") != NULL;

	if (datadir_paths(&d) == -1 || make_dir(d.dir, d.db_path) == -1)
		return EXIT_BADINPUT;
	if (env_key)
		snprintf(d.key_path, sizeof(d.key_path), "(KAITO_ROOT_KEY)");
	else if (keys_create_file(d.key_path, &e) == -1)
		return cli_fail("%s (a key file exists? it is never "
		    "overwritten)", e.msg);
	password_generate(pw);
	if (keys_load(d.key_path, &e) == -1 ||
	    password_hash(pw, strlen(pw), j.pwhash) == -1 ||
	    (d.st = store_open(d.db_path, &e)) == NULL) {
		cli_fail("%s", e.msg);
		goto out;
	}
	audit_actor_cli(&actor);
	audit_event_init(&job.ev, &actor, "user.create");
	if (writer_run_sync(d.st, &job) != 0) {
		cli_fail("cannot write the database");
		goto out;
	}
	print_welcome(&d, email, pw);
	rc = EXIT_OK;
out:
	audit_event_clear(&job.ev);
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(&j, sizeof(j));
	datadir_close(&d);
	return rc;
}

static int
cmd_init(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "admin", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *email = "admin@localhost";
	struct errbuf e;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			email = optarg;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (email_check(email, &e) == -1)
		return cli_usage(cmd, "--admin: %s", e.msg);
	return do_init(email);
}

const struct cli_cmd cli_cmd_init = {
	.name = "init",
	.synopsis = "[--data DIR] [--admin EMAIL]",
	.summary = "Create a data directory: root key, database and the first "
	    "administrator.",
	.help =
	    "  --data DIR      the data directory (default ./kaito-data); made\n"
	    "                  with mode 0700; an initialised one is refused\n"
	    "  --admin EMAIL   the first administrator (default admin@localhost);\n"
	    "                  a random password is printed once\n"
	    "  --help          show this help\n"
	    "\nThe root key file (mode 0600) protects every seed: back it up "
	    "offline.\nKAITO_ROOT_KEY (64 hex digits) may replace it when "
	    "serving.\n",
	.run = cmd_init,
	.uses_data = 1,
};
