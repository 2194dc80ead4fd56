/*
 * log.c -- see log.h. Lines are "2026-01-02T03:04:05Z kaito[pid]: LEVEL
 * message", written with one fprintf so lines from threads do not mix.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

static int quiet;

void
log_set_quiet(int q)
{
	quiet = q;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char msg[1024], ts[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s kaito[%d]: %s %s\n", ts, (int)getpid(), level,
	    msg);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("warn", fmt, ap);
	va_end(ap);
}
