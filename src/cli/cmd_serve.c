/*
 * cmd_serve.c -- `kaito serve [--data DIR] [--listen HOST:PORT] ...`.
 *
 * Why: the server's start-up and shutdown order lives here. Start: open
 * the data directory (key, database, key check), apply the sinks file,
 * start the writer, the SIEM sinks (they follow the writer's durable
 * log), the SMS retention sweeper, then the HTTP server; print the URL.
 * Stop (SIGINT/SIGTERM): stop accepting and end the event streams (a
 * suspended stream would abort MHD_stop_daemon), stop the sweeper and
 * the sinks (they hand their last cursors to the writer), let the writer
 * finish what is queued (resuming the requests waiting on it), then wait
 * for the streams to be gone and stop the HTTP server.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "audit/sinks/sink.h"
#include "audit/writer.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "directory/catalog.h"
#include "http/server.h"
#include "sms/retention.h"
#include "util/log.h"

/* Block the signals we wait for, before any thread starts. */
static void
block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static void
wait_for_stop(const sigset_t *set)
{
	int sig, failing = 0;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig != SIGUSR2)
			break;
		/* Test hook (KAITO_TEST_HOOKS=1): make commits fail. */
		failing = !failing;
		store_fail_writes(failing);
		log_warnx("test hook: database writes %s",
		    store_writes_failing() ? "now fail" : "work again");
	}
	log_info("stopping (signal %d)", sig);
}

static void
harden_process(void)
{
#if !defined(__SANITIZE_ADDRESS__)
	/* No core dumps, no ptrace from other processes of this user. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* Each open stream holds a descriptor: raise the soft limit to the hard
 * one. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int
serve(const struct server_config *cfg, const char *sinks_file)
{
	struct datadir d;
	struct errbuf e;
	sigset_t set;
	int rc = EXIT_BADINPUT;

	block_signals(&set);
	harden_process();
	raise_nofile();
	if (datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	store_set_path(d.db_path);
	if (sinks_file != NULL && sink_file_apply(d.st, sinks_file,
	    &e) == -1) {
		cli_fail("--sinks: %s", e.msg);
		goto out;
	}
	dir_catalog_start(d.st);	/* the 2FA directory, in memory */
	if (writer_start(d.db_path, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out_catalog;
	}
	if (sink_engine_start(d.db_path, &e) == -1) {
		cli_fail("SIEM sinks: %s", e.msg);
		writer_stop();
		goto out_catalog;
	}
	if (sms_retention_start(&e) == -1) {
		cli_fail("%s", e.msg);
		sink_engine_stop();
		writer_stop();
		goto out_catalog;
	}
	if (server_start(cfg, &e) == -1) {
		cli_fail("%s", e.msg);
		sms_retention_stop();
		sink_engine_stop();
		writer_stop();
		goto out_catalog;
	}
	printf("kaito: listening on %s://%s:%u/ (data %s)\n",
	    server_tls() ? "https" : "http", strncmp(cfg->listen, "[", 1) == 0 ?
	    "[::1]" : "127.0.0.1", server_port(), d.dir);
	fflush(stdout);
	log_info("serving %s on port %u", d.dir, server_port());
	wait_for_stop(&set);
	server_stop_accepting();
	sms_retention_stop();
	sink_engine_stop();	/* stores the cursors through the writer */
	writer_stop();
	server_stop();
	dir_catalog_stop();
	rc = EXIT_OK;
	goto out;
out_catalog:
	dir_catalog_stop();
out:
	datadir_close(&d);
	return rc;
}

static int
cmd_serve(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "threads", required_argument, NULL, 't' },
		{ "public-url", required_argument, NULL, 'u' },
		{ "sms-retention", required_argument, NULL, 'r' },
		{ "max-streams", required_argument, NULL, 'm' },
		{ "sse-heartbeat", required_argument, NULL, 'b' },
		{ "sinks", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct server_config cfg = { .listen = "127.0.0.1:8080" };
	const char *sinks_file = NULL;
	struct errbuf e;
	int64_t retention;
	long long n;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 'c':
			cfg.tls_cert = optarg;
			break;
		case 'k':
			cfg.tls_key = optarg;
			break;
		case 't':
			if (cli_parse_i64(optarg, &n) == -1 || n < 1 || n > 256)
				return cli_usage(cmd, "--threads wants 1 to 256");
			cfg.threads = (unsigned)n;
			break;
		case 'u':
			if (server_public_url_check(optarg, &e) == -1)
				return cli_usage(cmd, "%s", e.msg);
			cfg.public_url = optarg;
			break;
		case 'r':
			if (sms_retention_parse(optarg, &retention, &e) == -1)
				return cli_usage(cmd, "--sms-retention: %s",
				    e.msg);
			sms_retention_set(retention);
			break;
		case 'm':
			if (cli_parse_i64(optarg, &n) == -1 || n < 1 ||
			    n > LIMIT_SSE_STREAMS_MAX)
				return cli_usage(cmd, "--max-streams wants 1 "
				    "to %d", LIMIT_SSE_STREAMS_MAX);
			cfg.max_streams = (unsigned)n;
			break;
		case 'b':
			if (cli_parse_i64(optarg, &n) == -1 || n < 1 ||
			    n > 3600)
				return cli_usage(cmd, "--sse-heartbeat wants 1 "
				    "to 3600 seconds");
			cfg.sse_heartbeat = (unsigned)n;
			break;
		case 's':
			sinks_file = optarg;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((cfg.tls_cert == NULL) != (cfg.tls_key == NULL))
		return cli_usage(cmd, "--tls-cert and --tls-key go together");
	return serve(&cfg, sinks_file);
}

const struct cli_cmd cli_cmd_serve = {
	.name = "serve",
	.synopsis = "[--data DIR] [--listen HOST:PORT] [--tls-cert PEM "
	    "--tls-key PEM] [--threads N] [--public-url URL] "
	    "[--sms-retention TIME] [--max-streams N] [--sse-heartbeat S] "
	    "[--sinks FILE]",
	.summary = "Serve the API (and HTTPS with a certificate).",
	.help =
	    "  --data DIR          the data directory (default ./kaito-data)\n"
	    "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080;\n"
	    "                      port 0 picks a free port, printed at start)\n"
	    "  --tls-cert PEM      certificate chain file: serve HTTPS (TLS 1.2+)\n"
	    "  --tls-key PEM       its private key file\n"
	    "  --threads N         worker threads (default: one per core)\n"
	    "  --public-url URL    how providers reach Kaito (https://host[:port]\n"
	    "                      [/prefix]); Twilio signs this URL plus the\n"
	    "                      webhook path (default: from the Host header)\n"
	    "  --sms-retention T   keep received texts this long (default 24h;\n"
	    "                      seconds, or with s, m, h, d; at most 30d)\n"
	    "  --max-streams N     open event streams in all (default 1024)\n"
	    "  --sse-heartbeat S   seconds of silence before a stream gets a\n"
	    "                      heartbeat (default 20)\n"
	    "  --sinks FILE        SIEM sinks to create, update or delete at\n"
	    "                      start ({\"sinks\":[...]}; docs/audit.md)\n"
	    "  --help              show this help\n"
	    "\nThe root key comes from DIR/root.key, or KAITO_ROOT_KEY (64 hex\n"
	    "digits). SIGINT or SIGTERM stop the server cleanly.\n",
	.run = cmd_serve,
	.uses_data = 1,
};
