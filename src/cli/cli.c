/*
 * cli.c -- shared helpers for the sub-commands: messages, input, help.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"

int
cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("kaito: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_BADINPUT;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("kaito: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kaito %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: kaito %s %s\n"
	    "Try 'kaito %s --help' for more.\n", cmd->name, cmd->synopsis,
	    cmd->name);
	return EXIT_USAGE;
}

int
cli_help(const struct cli_cmd *cmd)
{
	printf("usage: kaito %s %s\n\n%s\n", cmd->name, cmd->synopsis,
	    cmd->summary);
	if (cmd->help != NULL && cmd->help[0] != '\0')
		printf("\n%s", cmd->help);
	return EXIT_OK;
}

/* Read fd to EOF into a growing buffer capped at max bytes. */
static int
read_fd(int fd, const char *name, size_t max, char **bufp, size_t *lenp)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;

	for (;;) {
		if (len + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 4096;

			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= cap + 0 || (nb = malloc(ncap)) == NULL) {
				cli_input_free(buf, cap);
				return cli_fail("%s: out of memory", name), -1;
			}
			if (buf != NULL)
				memcpy(nb, buf, len);
			cli_input_free(buf, cap);
			buf = nb;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			cli_fail("%s: %s", name, strerror(errno));
			cli_input_free(buf, cap);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			cli_fail("%s: larger than %zu bytes", name, max);
			cli_input_free(buf, cap);
			return -1;
		}
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
cli_read_input(const char *path, size_t max, char **buf, size_t *len)
{
	int fd, rc;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, "standard input", max, buf, len);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return cli_fail("%s: %s", path, strerror(errno)), -1;
	rc = read_fd(fd, path, max, buf, len);
	close(fd);
	return rc;
}

void
cli_input_free(char *buf, size_t len)
{
	if (buf == NULL)
		return;
	sodium_memzero(buf, len);
	free(buf);
}

int
cli_read_line(const char *path, size_t max, char **line, size_t *len)
{
	char *buf, *nl;
	size_t n;

	if (cli_read_input(path, max + 2, &buf, &n) == -1)
		return -1;
	if ((nl = memchr(buf, '\n', n)) != NULL && nl[1] != '\0' &&
	    strspn(nl, " \t\r\n") != strlen(nl)) {
		cli_input_free(buf, n);
		return cli_fail("%s: expected one line", path), -1;
	}
	while (n > 0 && strchr(" \t\r\n", buf[n - 1]) != NULL)
		buf[--n] = '\0';
	if (n > max) {
		cli_input_free(buf, n);
		return cli_fail("%s: line longer than %zu bytes", path, max),
		    -1;
	}
	*line = buf;
	*len = n;
	return 0;
}

void
cli_scrub_arg(char *arg)
{
	sodium_memzero(arg, strlen(arg));
}

int
cli_parse_i64(const char *s, long long *v)
{
	char *end;

	if (*s == '\0' || strchr(" \t\n+", *s) != NULL)
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

static const char *data_dir;

const char *
cli_data_dir(void)
{
	return data_dir != NULL ? data_dir : CLI_DEFAULT_DATA;
}

void
cli_set_data_dir(const char *dir)
{
	data_dir = dir;
}

int
cli_data_path(char *out, size_t cap, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", cli_data_dir(), name);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}
