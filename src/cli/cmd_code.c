/*
 * cmd_code.c -- `kaito code --uri URI [--time UNIX]`: print the code.
 *
 * Why: scripts and checks need a code from a URI without a server, and
 * this is the smallest end-to-end use of the OTP engine. The URI may come
 * from standard input ("--uri -") so that the seed stays out of argv and
 * shell history; when given in argv it is scrubbed after reading.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "otp/code.h"
#include "otp/uri.h"

static int
print_code(const char *uri, int64_t now)
{
	struct otp_token t;
	struct errbuf e = { "" }, warn = { "" };
	char code[OTP_CODE_MAX + 1];
	int rc = EXIT_BADINPUT;

	if (otp_uri_parse(uri, &t, &e, &warn) == -1) {
		cli_fail("bad URI: %s", e.msg);
		goto out;
	}
	if (warn.msg[0] != '\0')
		cli_warn("%s", warn.msg);
	if (otp_code_at(&t, now, code, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	printf("%s\n", code);
	rc = EXIT_OK;
out:
	otp_token_clear(&t);
	memset(code, 0, sizeof(code));
	return rc;
}

static int
cmd_code(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uri", required_argument, NULL, 'u' },
		{ "time", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *uri_arg = NULL;
	char *line = NULL;
	size_t linelen = 0;
	long long now = (long long)time(NULL);
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uri_arg = optarg;
			break;
		case 't':
			if (cli_parse_i64(optarg, &now) == -1 || now < 0)
				return cli_usage(cmd, "--time wants a unix time "
				    "in seconds, not '%s'", optarg);
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (uri_arg == NULL)
		return cli_usage(cmd, "--uri is required");
	if (strcmp(uri_arg, "-") == 0) {
		if (cli_read_line("-", LIMIT_OTP_URI, &line, &linelen) == -1)
			return EXIT_BADINPUT;
		rc = print_code(line, now);
		cli_input_free(line, linelen);
		return rc;
	}
	rc = print_code(uri_arg, now);
	cli_scrub_arg(uri_arg);
	return rc;
}

const struct cli_cmd cli_cmd_code = {
	.name = "code",
	.synopsis = "--uri URI [--time UNIX]",
	.summary = "Print the current code of an otpauth:// URI (offline).",
	.help =
	    "  --uri URI     the token, as an otpauth:// URI; '-' reads it from\n"
	    "                standard input, which keeps the seed out of the\n"
	    "                process list and the shell history\n"
	    "  --time UNIX   compute the code at this unix time in seconds\n"
	    "                (default: now); HOTP URIs use their counter\n"
	    "  --help        show this help\n",
	.run = cmd_code,
};
