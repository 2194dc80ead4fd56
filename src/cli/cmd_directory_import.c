/*
 * cmd_directory_import.c -- `kaito directory import FILE|DIR [--merge]`.
 *
 * Why: the operator loads the 2FA Directory from a file (the snapshot's
 * entries.json, an upstream entry file or entries/ tree, or an API v3/v4
 * file saved by hand) on a machine that cannot reach the API. Bad entries
 * are reported on stderr and skipped; the rest is written in one audited
 * transaction, which a running server picks up within a second.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/dirimport.h"

static int
cmd_directory_import(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "merge", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dir_import imp;
	struct datadir d;
	int c, merge = 0, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			merge = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one FILE or DIR");
	dirimport_init(&imp, argv[optind], "directory.import");
	imp.merge = merge;
	if (dirimport_path(&imp, argv[optind]) == -1) {
		dir_import_clear(&imp);
		return EXIT_BADINPUT;
	}
	fprintf(stderr, "kaito: read %zu entries from %s\n", imp.rep.seen,
	    argv[optind]);
	if (datadir_open(&d) == -1) {
		dir_import_clear(&imp);
		return EXIT_BADINPUT;
	}
	rc = dirimport_commit(&d, &imp);
	datadir_close(&d);
	dir_import_clear(&imp);
	return rc;
}

const struct cli_cmd cli_cmd_directory_import = {
	.name = "directory import",
	.synopsis = "FILE|DIR [--merge] [--data DIR]",
	.summary = "Load the 2FA Directory dataset from files (audited).",
	.help =
	    "  FILE        entries.json of a snapshot, one upstream entry\n"
	    "              file, or an API v3 or v4 JSON file\n"
	    "  DIR         a snapshot directory (entries.json, with\n"
	    "              last-modified.json for the change dates), or an\n"
	    "              upstream entries/ tree of entry files\n"
	    "  --merge     keep entries this import does not have (a single\n"
	    "              entry file always merges); otherwise the import\n"
	    "              replaces the dataset. Annotations are always kept.\n"
	    "  --data DIR  the data directory (default ./kaito-data)\n"
	    "  --help      show this help\n"
	    "\nEntries that break the dataset's schema rules are named on\n"
	    "stderr and skipped. Data sourced from 2FA Directory by\n"
	    "2factorauth (MIT licence).\n",
	.run = cmd_directory_import,
	.uses_data = 1,
};
