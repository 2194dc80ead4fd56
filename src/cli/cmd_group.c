/*
 * cmd_group.c -- `kaito group add NAME` and `kaito group member add GROUP
 * EMAIL`.
 *
 * Why: set-up scripts create the team's groups and fill them before
 * anyone logs in, and an operator can fix membership without a browser.
 * Each change is one writer job with its audit event (channel cli), like
 * the same change made through the API. Names follow util/name.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit/writer.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "store/groups.h"
#include "store/users.h"
#include "util/email.h"
#include "util/name.h"

#define JOB_NO_USER	10

/* Options: only --help. Returns -1 to go on, else the exit code. */
static int
help_only(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		return cli_usage(cmd, "unknown option");
	}
	return -1;
}

/* Run job as the CLI actor on the data directory; *rc gets the job's
 * result. Returns -1 when the data directory did not open (printed). */
static int
run_job(struct writer_job *job, const char *action, int *rc)
{
	struct audit_actor actor;
	struct datadir d;

	if (datadir_open(&d) == -1)
		return -1;
	audit_actor_cli(&actor);
	audit_event_init(&job->ev, &actor, action);
	job->audit_failure = 1;
	*rc = writer_run_sync(d.st, job);
	audit_event_clear(&job->ev);
	datadir_close(&d);
	return 0;
}

struct group_add_job {
	const char *name;
	int64_t id;
};

static int
group_add_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct group_add_job *j = arg;
	int rc;

	audit_event_target(ev, "group", 0, j->name);
	if ((rc = store_group_insert(st, j->name, &j->id)) != 0)
		return rc;
	ev->target_id = j->id;
	return 0;
}

static int
cmd_group_add(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct group_add_job j = { 0 };
	struct writer_job job = { .run = group_add_run, .arg = &j };
	struct errbuf e;
	int rc;

	if ((rc = help_only(cmd, argc, argv)) != -1)
		return rc;
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one NAME");
	j.name = argv[optind];
	if (name_check(j.name, strlen(j.name), "group name", &e) == -1)
		return cli_fail("%s", e.msg);
	if (run_job(&job, "group.create", &rc) == -1)
		return EXIT_BADINPUT;
	if (rc == STORE_CONFLICT)
		return cli_fail("%s: a group with this name exists", j.name);
	if (rc != 0)
		return cli_fail("cannot write the database");
	printf("created group %s (id %lld)\n", j.name, (long long)j.id);
	return EXIT_OK;
}

const struct cli_cmd cli_cmd_group_add = {
	.name = "group add",
	.synopsis = "NAME [--data DIR]",
	.summary = "Create a group (audited, channel cli).",
	.help =
	    "  NAME          the group's name: 1 to 128 bytes, no control\n"
	    "                characters, unique whatever the case\n"
	    "  --data DIR    the data directory (default ./kaito-data)\n"
	    "  --help        show this help\n",
	.run = cmd_group_add,
	.uses_data = 1,
};

struct member_add_job {
	const char *group;
	const char *email;
	int changed;
};

static int
member_add_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct member_add_job *j = arg;
	struct group_row g;
	struct user_row u;
	int rc;

	audit_event_target(ev, "group", 0, j->group);
	if ((rc = store_group_by_name(st, j->group, &g)) != 0)
		return rc;
	audit_event_target(ev, "group", g.id, g.name);
	audit_event_detail(ev, "user", json_string(j->email));
	if ((rc = store_user_by_email(st, j->email, &u)) != 0)
		return rc == STORE_NOTFOUND ? JOB_NO_USER : rc;
	sodium_memzero(u.pwhash, sizeof(u.pwhash));
	audit_event_detail(ev, "user_id", json_integer(u.id));
	if ((rc = store_group_member_add(st, g.id, u.id, &j->changed)) != 0)
		return rc;
	audit_event_detail(ev, "changed", json_boolean(j->changed));
	return 0;
}

static int
cmd_group_member_add(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct member_add_job j = { 0 };
	struct writer_job job = { .run = member_add_run, .arg = &j };
	struct errbuf e;
	int rc;

	if ((rc = help_only(cmd, argc, argv)) != -1)
		return rc;
	if (argc - optind != 2)
		return cli_usage(cmd, "expected GROUP and EMAIL");
	j.group = argv[optind];
	j.email = argv[optind + 1];
	if (name_check(j.group, strlen(j.group), "group name", &e) == -1 ||
	    email_check(j.email, &e) == -1)
		return cli_fail("%s", e.msg);
	if (run_job(&job, "group.member.add", &rc) == -1)
		return EXIT_BADINPUT;
	if (rc == STORE_NOTFOUND)
		return cli_fail("%s: no such group", j.group);
	if (rc == JOB_NO_USER)
		return cli_fail("%s: no such user", j.email);
	if (rc != 0)
		return cli_fail("cannot write the database");
	printf("%s %s group %s\n", j.email, j.changed ? "added to" :
	    "was already in", j.group);
	return EXIT_OK;
}

const struct cli_cmd cli_cmd_group_member_add = {
	.name = "group member add",
	.synopsis = "GROUP EMAIL [--data DIR]",
	.summary = "Add a user to a group (audited, channel cli).",
	.help =
	    "  GROUP         the group's name (any case)\n"
	    "  EMAIL         the user's e-mail address (any case)\n"
	    "  --data DIR    the data directory (default ./kaito-data)\n"
	    "  --help        show this help\n"
	    "\nAdding a member twice changes nothing and is not an error.\n",
	.run = cmd_group_member_add,
	.uses_data = 1,
};
