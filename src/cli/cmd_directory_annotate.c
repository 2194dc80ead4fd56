/*
 * cmd_directory_annotate.c -- `kaito directory annotate DOMAIN [--note
 * TEXT] [--sharing TEXT] [--verified DATE|today|none]`.
 *
 * Why: the dataset is the community's; what a team knows about a service
 * (its own notes, how it shares that account, when an admin last checked
 * the entry) is Kaito's, kept apart from the dataset so that no sync ever
 * overwrites it. Audited like every change.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/writer.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "directory/catalog.h"
#include "directory/validate.h"
#include "kaito_limits.h"
#include "store/directory.h"
#include "util/utf8.h"

struct annotate_job {
	const char *domain;
	const char *note;		/* NULL: keep */
	const char *sharing;		/* NULL: keep */
	int set_verified;
	const char *verified_on;	/* NULL: clear */
	char by[LIMIT_USER_AGENT + 1];
};

static int
annotate_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct annotate_job *j = arg;

	audit_event_target(ev, "directory_entry", 0, j->domain);
	if (j->note != NULL)
		audit_event_detail(ev, "admin_notes", json_true());
	if (j->sharing != NULL)
		audit_event_detail(ev, "sharing_notes", json_true());
	if (j->set_verified)
		audit_event_detail(ev, "verified_on", j->verified_on ?
		    json_string(j->verified_on) : json_null());
	return store_dir_annotate(st, j->domain, j->note, j->sharing,
	    j->set_verified, j->verified_on, j->by, (int64_t)time(NULL));
}

static int
text_ok(const char *what, const char *s)
{
	size_t n = strlen(s);

	if (n > LIMIT_DIR_NOTE || !utf8_valid(s, n))
		return cli_fail("%s: longer than %d bytes or not UTF-8", what,
		    LIMIT_DIR_NOTE), 0;
	return 1;
}

static int
annotate(struct annotate_job *j)
{
	struct writer_job job = { .run = annotate_run, .arg = j,
	    .audit_failure = 1 };
	struct dir_catalog *c = NULL;
	struct audit_actor actor;
	struct datadir d;
	struct errbuf e;
	int rc = EXIT_BADINPUT;

	if (datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	if ((c = dir_catalog_load(d.st, &e)) == NULL) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (dir_index_domain(&c->idx, j->domain) == NULL) {
		cli_fail("%s: not in the directory", j->domain);
		goto out;
	}
	j->domain = dir_index_domain(&c->idx, j->domain)->domain;
	audit_actor_cli(&actor);
	snprintf(j->by, sizeof(j->by), "%s", actor.user_agent);
	audit_event_init(&job.ev, &actor, "directory.annotate");
	if (writer_run_sync(d.st, &job) != 0)
		cli_fail("cannot write the database");
	else {
		printf("annotated %s\n", j->domain);
		rc = EXIT_OK;
	}
	audit_event_clear(&job.ev);
out:
	dir_catalog_release(&c);
	datadir_close(&d);
	return rc;
}

/* --verified: a date, "today" or "none". */
static int
verified_arg(struct annotate_job *j, const char *arg, char *today)
{
	time_t now = time(NULL);
	struct tm tm;

	j->set_verified = 1;
	if (strcmp(arg, "none") == 0) {
		j->verified_on = NULL;
		return 0;
	}
	if (strcmp(arg, "today") == 0) {
		gmtime_r(&now, &tm);
		strftime(today, 11, "%Y-%m-%d", &tm);
		arg = today;
	}
	if (!dir_valid_date(arg))
		return -1;
	j->verified_on = arg;
	return 0;
}

static int
cmd_directory_annotate(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "sharing", required_argument, NULL, 's' },
		{ "verified", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct annotate_job j = { 0 };
	char today[11];
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			j.note = optarg;
			break;
		case 's':
			j.sharing = optarg;
			break;
		case 'v':
			if (verified_arg(&j, optarg, today) == -1)
				return cli_usage(cmd, "--verified wants "
				    "YYYY-MM-DD, today or none");
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one DOMAIN");
	if (j.note == NULL && j.sharing == NULL && !j.set_verified)
		return cli_usage(cmd, "nothing to change");
	if ((j.note && !text_ok("--note", j.note)) ||
	    (j.sharing && !text_ok("--sharing", j.sharing)))
		return EXIT_BADINPUT;
	j.domain = argv[optind];
	return annotate(&j);
}

const struct cli_cmd cli_cmd_directory_annotate = {
	.name = "directory annotate",
	.synopsis = "DOMAIN [--note TEXT] [--sharing TEXT] "
	    "[--verified DATE|today|none] [--data DIR]",
	.summary = "Add Kaito's own notes to a directory entry (audited).",
	.help =
	    "  DOMAIN           the entry's domain (or an additional domain)\n"
	    "  --note TEXT      the administrators' notes (\"\" clears them)\n"
	    "  --sharing TEXT   how the team shares this account's 2FA\n"
	    "  --verified DATE  the day an administrator checked the entry\n"
	    "                   (YYYY-MM-DD, today, or none to fall back to\n"
	    "                   the dataset's last change date)\n"
	    "  --data DIR       the data directory (default ./kaito-data)\n"
	    "  --help           show this help\n"
	    "\nAnnotations live apart from the dataset and survive every\n"
	    "import and sync.\n",
	.run = cmd_directory_annotate,
	.uses_data = 1,
};
