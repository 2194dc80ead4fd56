/*
 * log.h -- operational log lines on stderr.
 *
 * Why: one format for everything kaito serve says about itself, with the
 * function name first (OpenBSD style) so a line leads to its code. Never
 * pass a secret, a code or a seed to these functions.
 */
#ifndef KAITO_LOG_H
#define KAITO_LOG_H

void log_info(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Silence log_info (tests, CLI commands). Warnings still print. */
void log_set_quiet(int quiet);

#endif
