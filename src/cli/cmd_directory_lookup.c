/*
 * cmd_directory_lookup.c -- `kaito directory lookup NAME|DOMAIN [--json]`.
 *
 * Why: "Does NS1 support 2FA?" from a shell or a script, offline, with
 * the same answer and fields as GET /api/v1/directory/{domain}. The
 * lookup takes the domain (or an additional domain) first, then the best
 * search hit for the name (typos allowed), and says when it guessed.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/datadir.h"
#include "directory/catalog.h"
#include "directory/guide.h"
#include "directory/score.h"
#include "directory/view.h"
#include "kaito_limits.h"

static void
print_methods(const struct dir_entry *e)
{
	int m, first = 1;

	printf("Methods:      ");
	for (m = 0; m < DIR_METHODS; m++)
		if (e->all_methods & DIR_M(m)) {
			printf("%s%s", first ? "" : ", ", dir_method_label(m));
			first = 0;
		}
	printf("%s\n", first ? "none" : "");
}

static void
print_text(const struct dir_entry *e)
{
	char verdict[300];
	size_t i;

	printf("%s (%s)\n%s\n", e->name, e->domain,
	    dir_verdict(e, verdict, sizeof(verdict)));
	print_methods(e);
	for (i = 0; i < e->custom_software.n; i++)
		printf("Custom app:   %s\n", e->custom_software.v[i]);
	for (i = 0; i < e->custom_hardware.n; i++)
		printf("Custom hw:    %s\n", e->custom_hardware.v[i]);
	if (e->documentation)
		printf("Docs:         %s\n", e->documentation);
	if (e->recovery)
		printf("Recovery:     %s\n", e->recovery);
	if (e->notes)
		printf("Notes:        %s\n", e->notes);
	printf("Score:        %d/5\n", e->score);
	if (e->verified_on[0])
		printf("Verified:     %s (by an administrator)\n",
		    e->verified_on);
	else if (e->changed_on[0])
		printf("Verified:     %s (the dataset's last change)\n",
		    e->changed_on);
	printf("Sharing:      %s\n%s %s\n", dir_sharing_note(e),
	    DIR_ATTRIBUTION, DIR_LICENSE_NOTE);
}

/* The entry for what, and whether it was a guess. */
static const struct dir_entry *
find(const struct dir_catalog *c, const char *what, int *guess)
{
	struct dir_query q = { .q = what, .method = -1 };
	const struct dir_entry *e;
	struct dir_hit hit;
	size_t total = 0;

	*guess = 0;
	if ((e = dir_index_domain(&c->idx, what)) != NULL)
		return e;
	if (dir_search(&c->idx, &q, &hit, 1, &total) == -1 || total == 0)
		return NULL;
	*guess = hit.match != DIR_MATCH_EXACT;
	return hit.entry;
}

static int
lookup(const char *what, int as_json)
{
	const struct dir_entry *e;
	struct dir_catalog *c;
	struct datadir d;
	struct errbuf err;
	int guess, rc = EXIT_BADINPUT;
	json_t *j;

	if (datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	if ((c = dir_catalog_load(d.st, &err)) == NULL) {
		cli_fail("%s", err.msg);
		goto out;
	}
	if (c->set->n == 0) {
		cli_fail("the directory is empty; run 'kaito directory "
		    "import' or 'kaito directory sync' first");
		goto out;
	}
	if ((e = find(c, what, &guess)) == NULL) {
		cli_fail("%s: not in the directory", what);
		goto out;
	}
	if (guess)
		cli_warn("no exact match for '%s'; showing %s", what, e->name);
	if (as_json) {
		if ((j = dir_entry_json(e)) == NULL)
			goto out;
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else
		print_text(e);
	rc = EXIT_OK;
out:
	dir_catalog_release(&c);
	datadir_close(&d);
	return rc;
}

static int
cmd_directory_lookup(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, as_json = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			as_json = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1 || argv[optind][0] == '\0')
		return cli_usage(cmd, "expected one NAME or DOMAIN");
	if (strlen(argv[optind]) > LIMIT_DIR_QUERY)
		return cli_usage(cmd, "NAME is longer than %d bytes",
		    LIMIT_DIR_QUERY);
	return lookup(argv[optind], as_json);
}

const struct cli_cmd cli_cmd_directory_lookup = {
	.name = "directory lookup",
	.synopsis = "NAME|DOMAIN [--json] [--data DIR]",
	.summary = "Show whether and how a service supports 2FA.",
	.help =
	    "  NAME|DOMAIN  a domain (ns1.com) or a name (NS1); a name may be\n"
	    "               misspelt, and the closest entry is shown with a\n"
	    "               warning\n"
	    "  --json       print the entry as JSON (name, domain, methods,\n"
	    "               documentation, score, ...)\n"
	    "  --data DIR   the data directory (default ./kaito-data)\n"
	    "  --help       show this help\n",
	.run = cmd_directory_lookup,
	.uses_data = 1,
};
