/*
 * cmd_uri.c -- `kaito uri show URI`: the parsed token as JSON.
 *
 * Why: lets scripts and people see exactly how Kaito reads a URI (and
 * why it refuses one) before they put it in the vault.
 * OUTPUT: {"type","issuer","account","secret","algorithm","digits",
 *     "period","counter"}; secret is base32, upper case, unpadded; period
 *     is null for HOTP and counter null for TOTP and Steam.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli/cli.h"
#include "otp/base32.h"
#include "otp/uri.h"
#include "util/jsonmem.h"

static json_t *
token_json(const struct otp_token *t)
{
	char secret[BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 1];
	json_t *o;

	base32_encode(t->secret, t->secret_len, secret, sizeof(secret));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}",
	    "type", otp_kind_name(t->kind),
	    "issuer", t->issuer,
	    "account", t->account,
	    "secret", secret,
	    "algorithm", otp_algo_name(t->algo),
	    "digits", (json_int_t)t->digits,
	    "period", t->kind == OTP_HOTP ? json_null() :
		json_integer(t->period),
	    "counter", t->kind == OTP_HOTP ?
		json_integer((json_int_t)t->counter) : json_null());
	sodium_memzero(secret, sizeof(secret));
	return o;
}

static int
show_uri(const char *uri)
{
	struct otp_token t;
	struct errbuf e = { "" }, warn = { "" };
	json_t *o = NULL;
	char *s = NULL;
	int rc = EXIT_BADINPUT;

	if (otp_uri_parse(uri, &t, &e, &warn) == -1) {
		cli_fail("bad URI: %s", e.msg);
		goto out;
	}
	if (warn.msg[0] != '\0')
		cli_warn("%s", warn.msg);
	if (t.counter > (uint64_t)LLONG_MAX) {
		cli_fail("counter too large for JSON");
		goto out;
	}
	if ((o = token_json(&t)) == NULL ||
	    (s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL) {
		cli_fail("out of memory");
		goto out;
	}
	printf("%s\n", s);
	rc = EXIT_OK;
out:
	jsonmem_free_string(s);
	json_decref(o);
	otp_token_clear(&t);
	return rc;
}

static int
cmd_uri_show(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *line = NULL;
	size_t linelen = 0;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		return cli_usage(cmd, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage(cmd, "expected one URI");
	if (strcmp(argv[optind], "-") == 0) {
		if (cli_read_line("-", LIMIT_OTP_URI, &line, &linelen) == -1)
			return EXIT_BADINPUT;
		rc = show_uri(line);
		cli_input_free(line, linelen);
		return rc;
	}
	rc = show_uri(argv[optind]);
	cli_scrub_arg(argv[optind]);
	return rc;
}

const struct cli_cmd cli_cmd_uri_show = {
	.name = "uri show",
	.synopsis = "URI",
	.summary = "Print a parsed otpauth:// URI as JSON: type, issuer, "
	    "account,\nsecret (base32), algorithm, digits, period, counter.",
	.help =
	    "  URI      the otpauth:// URI; '-' reads it from standard input\n"
	    "  --help   show this help\n"
	    "\nperiod is null for hotp; counter is null for totp and steam.\n"
	    "A label issuer that differs from the issuer parameter is reported\n"
	    "on standard error; the parameter wins.\n",
	.run = cmd_uri_show,
};
