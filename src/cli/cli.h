/*
 * cli.h -- the command table and helpers shared by kaito's sub-commands.
 *
 * Why: every command follows one contract (DESIGN.md): exit 0 on success,
 * 1 on bad input with a one-line message on stderr naming the problem, 2
 * on wrong usage; `--help` on every command. Putting the table and the
 * helpers here keeps each cmd_*.c about its own job (cf. tmux cmd_entry).
 */
#ifndef KAITO_CLI_H
#define KAITO_CLI_H

#include <stddef.h>

#define EXIT_OK		0
#define EXIT_BADINPUT	1
#define EXIT_USAGE	2

struct cli_cmd {
	const char *name;	/* "code", or two words: "uri show" */
	const char *synopsis;	/* options after the name, for usage lines */
	const char *summary;	/* one line for `kaito --help` */
	const char *help;	/* the options, one per line, for CMD --help */
	/* Run with argv[0] = the command name; the remaining arguments
	 * follow. Returns an EXIT_* code. */
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
	int uses_data;		/* takes --data DIR (the data directory) */
};

#define CLI_DEFAULT_DATA "./kaito-data"

/* The data directory: --data DIR, given anywhere on the command line
 * (main removes it from argv before dispatch), else ./kaito-data. */
const char *cli_data_dir(void);
void cli_set_data_dir(const char *dir);

/* Write "<data dir>/<name>" into out (PATH_MAX). Returns 0 or -1. */
int cli_data_path(char *out, size_t cap, const char *name);

/* The table, terminated by NULL (cli_table.c). */
extern const struct cli_cmd *const cli_commands[];

/* Print "kaito: " and the message to stderr. Returns EXIT_BADINPUT. */
int cli_fail(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Print "kaito NAME: " and the message, then the usage line, to stderr.
 * Returns EXIT_USAGE. */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* Print a warning ("kaito: warning: ...") to stderr. */
void cli_warn(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Print the command's usage and options to stdout. Returns EXIT_OK. */
int cli_help(const struct cli_cmd *cmd);

/*
 * Read the whole of path (or standard input when path is "-") into a new
 * buffer, NUL-terminated, refusing more than max bytes. Returns 0 with *buf
 * and *len set (free with cli_input_free), or -1 with a message already
 * printed.
 */
int cli_read_input(const char *path, size_t max, char **buf, size_t *len);

/* Wipe and free a buffer from cli_read_input. NULL-safe. */
void cli_input_free(char *buf, size_t len);

/*
 * Read one line from path or "-" (at most max bytes, trailing newline and
 * spaces removed) into a new buffer. Used for URIs that carry a seed, so
 * they need not appear in argv. Returns 0 or -1 (message printed).
 */
int cli_read_line(const char *path, size_t max, char **line, size_t *len);

/* Overwrite an argument in place so that a seed given on the command line
 * does not stay visible in /proc/PID/cmdline. */
void cli_scrub_arg(char *arg);

/* Parse a decimal signed 64-bit integer, all of s. Returns 0 or -1. */
int cli_parse_i64(const char *s, long long *v);

#endif
