/*
 * main.c -- kaito's entry point: process hardening, then dispatch to the
 * sub-command named by the first one or two arguments (cli_table.c).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli/cli.h"
#include "util/jsonmem.h"

#define KAITO_VERSION "0.1.0"

/* Seeds live in this process's memory: never write them to a core file. */
static void
refuse_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
}

static void
print_overview(FILE *f)
{
	const struct cli_cmd *const *c;

	fprintf(f, "usage: kaito COMMAND [OPTIONS]\n\n"
	    "Kaito shares second factors inside a team without sharing "
	    "their seeds.\n\nCommands:\n");
	for (c = cli_commands; *c != NULL; c++)
		fprintf(f, "  kaito %s %s\n", (*c)->name, (*c)->synopsis);
	fprintf(f, "\nRun 'kaito COMMAND --help' for a command's options.\n");
}

/* Number of argv words that name cmd (its name's words, in order), or 0
 * if they do not. */
static int
command_words(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *w = cmd->name, *sp;
	size_t n;
	int i;

	for (i = 1; *w != '\0'; i++) {
		sp = strchr(w, ' ');
		n = sp != NULL ? (size_t)(sp - w) : strlen(w);
		if (i >= argc || strlen(argv[i]) != n ||
		    strncmp(argv[i], w, n) != 0)
			return 0;
		w += n + (sp != NULL);
	}
	return i - 1;
}

/*
 * Take "--data DIR" or "--data=DIR" out of argv, wherever it is, so that
 * every command sees the same data directory. Returns the new argc, or -1
 * for a --data without a value.
 */
static int
extract_data_dir(int argc, char **argv, int *seen)
{
	int i, j;

	*seen = 0;
	for (i = 1, j = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--data") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return -1;
			cli_set_data_dir(argv[++i]);
			*seen = 1;
		} else if (strncmp(argv[i], "--data=", 7) == 0) {
			if (argv[i][7] == '\0')
				return -1;
			cli_set_data_dir(argv[i] + 7);
			*seen = 1;
		} else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

static int
dispatch(int argc, char **argv, int data_seen)
{
	const struct cli_cmd *const *c;
	int words, prefix_match = 0;

	for (c = cli_commands; *c != NULL; c++) {
		if ((words = command_words(*c, argc, argv)) > 0) {
			if (data_seen && !(*c)->uses_data)
				return cli_usage(*c, "--data does not apply "
				    "here");
			return (*c)->run(*c, argc - words, argv + words);
		}
		if (strncmp((*c)->name, argv[1], strlen(argv[1])) == 0 &&
		    (*c)->name[strlen(argv[1])] == ' ')
			prefix_match = 1;
	}
	if (prefix_match) {
		fprintf(stderr, "kaito: '%s' needs a sub-command:\n", argv[1]);
		for (c = cli_commands; *c != NULL; c++)
			if (strncmp((*c)->name, argv[1], strlen(argv[1])) == 0)
				fprintf(stderr, "  kaito %s %s\n", (*c)->name,
				    (*c)->synopsis);
		return EXIT_USAGE;
	}
	fprintf(stderr, "kaito: unknown command '%s'\n", argv[1]);
	print_overview(stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	int data_seen;

	refuse_core_dumps();
	umask(077);		/* the database and its WAL hold the vault */
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit reached (RLIMIT_FSIZE) must fail the write, which
	 * fails the commit (503, no code), not kill the server. */
	signal(SIGXFSZ, SIG_IGN);
	if (sodium_init() < 0) {
		fprintf(stderr, "kaito: libsodium failed to initialise\n");
		return 1;
	}
	jsonmem_init();
	if ((argc = extract_data_dir(argc, argv, &data_seen)) == -1) {
		fprintf(stderr, "kaito: --data needs a directory\n");
		return EXIT_USAGE;
	}
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_overview(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("kaito %s\n", KAITO_VERSION);
		return EXIT_OK;
	}
	return dispatch(argc, argv, data_seen);
}
