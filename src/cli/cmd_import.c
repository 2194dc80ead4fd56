/*
 * cmd_import.c -- `kaito import FORMAT FILE|-`: other apps' exports as
 * otpauth:// URIs, one per line, in the order of the export.
 *
 * Why: the offline half of moving a team into Kaito: check that an export
 * reads completely (and see what it holds) before anything touches a
 * server, and convert between apps on the way. Nothing is printed unless
 * the whole export reads (import.h: STRICTNESS); skipped entries and
 * incomplete Google batches are warnings on standard error.
 * SECRECY: the output is the seeds, by request; each URI is wiped after
 * it is written, the input buffer and the tokens when done.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "otp/import.h"
#include "otp/uri.h"

static void
import_warn_cb(void *arg, const char *msg)
{
	(void)arg;
	cli_warn("%s", msg);
}

/* Write every token of l as a URI line. Returns an EXIT_* code. */
static int
print_uris(const struct otp_list *l)
{
	char uri[LIMIT_OTP_URI];
	size_t i;
	int rc = EXIT_BADINPUT;

	for (i = 0; i < l->n; i++) {
		if (otp_uri_format(&l->v[i], uri, sizeof(uri)) == -1) {
			cli_fail("token %zu cannot be written as a URI", i + 1);
			goto out;
		}
		if (printf("%s\n", uri) < 0)
			break;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		cli_fail("standard output: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	sodium_memzero(uri, sizeof(uri));
	return rc;
}

static int
run_import(enum import_format f, const char *path, int skip)
{
	struct import_opts opts = { skip, import_warn_cb, NULL };
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e = { "" };
	char *buf = NULL;
	size_t len = 0;
	int rc = EXIT_BADINPUT;

	if (cli_read_input(path, LIMIT_IMPORT_FILE, &buf, &len) == -1)
		goto out;
	if (import_tokens(f, buf, len, &opts, &l, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	rc = print_uris(&l);
out:
	otp_list_free(&l);
	cli_input_free(buf, len);
	return rc;
}

static int
cmd_import(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skip-unsupported", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum import_format f;
	int c, skip = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			skip = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage(cmd, "expected a format and a file");
	if (import_format_parse(argv[optind], &f) == -1)
		return cli_usage(cmd, "unknown format '%s' (%s)", argv[optind],
		    IMPORT_FORMAT_NAMES);
	return run_import(f, argv[optind + 1], skip);
}

const struct cli_cmd cli_cmd_import = {
	.name = "import",
	.synopsis = "[--skip-unsupported] FORMAT FILE|-",
	.summary = "Print the tokens of another app's export as otpauth:// "
	    "URIs, one per line\n(offline). FORMAT is " IMPORT_FORMAT_NAMES ".",
	.help =
	    "  FORMAT              google: otpauth-migration:// URIs from\n"
	    "                      Google Authenticator's \"Transfer\n"
	    "                      accounts\" QR codes, one per line;\n"
	    "                      aegis: Aegis plain JSON export;\n"
	    "                      2fas: 2FAS .2fas backup, no password;\n"
	    "                      andotp: andOTP plain JSON backup;\n"
	    "                      bitwarden: Bitwarden .json export (not\n"
	    "                      encrypted)\n"
	    "  FILE                the export; '-' reads standard input\n"
	    "  --skip-unsupported  skip entries Kaito cannot hold (Yandex,\n"
	    "                      mOTP, MD5, ...) with a warning, instead of\n"
	    "                      refusing the whole export\n"
	    "  --help              show this help\n"
	    "\nNothing is printed unless the whole export reads. The output\n"
	    "holds the seeds: keep it out of files others can read.\n",
	.run = cmd_import,
};
