/*
 * cmd_qr.c -- `kaito qr decode IMAGE`: the otpauth URIs in a QR code image.
 *
 * Why: a site shows its seed as a QR code, and Google Authenticator
 * exports as a series of QR codes; a screenshot or a photo of them is
 * often all a team has. This prints the URIs they hold, one per line, so
 * that `kaito uri show`, `kaito import google` or a script can take over.
 * OUTPUT: every text that starts with otpauth:// or otpauth-migration://
 *     (any case), trailing white space removed, in reading order. Other
 *     texts are counted in a warning but never printed: a QR code may hold
 *     anything, and a terminal is no place for it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "kaito_limits.h"
#include "qr/scan.h"

/* Length of t without trailing white space when it is an otpauth URI that
 * can stand on one line; 0 otherwise. */
static size_t
otpauth_len(const struct qr_text *t)
{
	static const char *const schemes[] = {
		"otpauth://", "otpauth-migration://"
	};
	size_t i, n = t->len, k;

	while (n > 0 && memchr(" \t\r\n", t->s[n - 1], 4) != NULL)
		n--;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		k = strlen(schemes[i]);
		if (n >= k && strncasecmp(t->s, schemes[i], k) == 0)
			break;
	}
	if (i == sizeof(schemes) / sizeof(schemes[0]))
		return 0;
	/* A control character (NUL, a newline) would forge extra lines. */
	for (i = 0; i < n; i++)
		if ((unsigned char)t->s[i] < 0x20 || t->s[i] == 0x7f)
			return 0;
	return n;
}

static int
print_uris(const char *name, const char *buf, size_t len)
{
	struct qr_texts l = { NULL, 0 };
	struct errbuf e = { "" };
	size_t i, n, printed = 0;
	int rc = EXIT_BADINPUT;

	if (qr_decode_image(buf, len, &l, &e) == -1) {
		cli_fail("%s: %s", name, e.msg);
		goto out;
	}
	if (l.n == 0) {
		cli_fail("%s: no QR code found", name);
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		if ((n = otpauth_len(&l.v[i])) == 0) {
			cli_warn("QR code %zu is not an otpauth URI", i + 1);
			continue;
		}
		fwrite(l.v[i].s, 1, n, stdout);
		putchar('\n');
		printed++;
	}
	if (fflush(stdout) == EOF) {
		cli_fail("standard output: write error");
		goto out;
	}
	if (printed == 0) {
		cli_fail("%s: no otpauth URI in the %zu QR code%s found", name,
		    l.n, l.n == 1 ? "" : "s");
		goto out;
	}
	rc = EXIT_OK;
out:
	qr_texts_free(&l);
	return rc;
}

static int
cmd_qr_decode(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path;
	char *buf = NULL;
	size_t len = 0;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		return cli_usage(cmd, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one IMAGE");
	path = argv[optind];
	if (cli_read_input(path, LIMIT_IMPORT_FILE, &buf, &len) == -1)
		return EXIT_BADINPUT;
	rc = print_uris(strcmp(path, "-") == 0 ? "standard input" : path, buf,
	    len);
	cli_input_free(buf, len);
	return rc;
}

const struct cli_cmd cli_cmd_qr_decode = {
	.name = "qr decode",
	.synopsis = "IMAGE",
	.summary = "Print the otpauth:// and otpauth-migration:// URIs held by "
	    "the QR codes\nin a PNG or JPEG image, one per line (offline).",
	.help =
	    "  IMAGE    a PNG or JPEG file; '-' reads it from standard input\n"
	    "  --help   show this help\n"
	    "\nURIs come in reading order: top to bottom, left to right. A QR "
	    "code\nthat holds anything else is reported on standard error by "
	    "its number,\nwithout its content. Exit status 1 when the image "
	    "cannot be read or\nholds no otpauth URI.\n",
	.run = cmd_qr_decode,
};
