/*
 * errbuf.h -- a fixed-size, caller-owned error message.
 *
 * Why: parsers deep in otp/ must tell the user exactly what is wrong
 * ("bad base32 character '!' at position 7") without allocating and without
 * knowing whether the message ends on stderr or in a JSON error body.
 * Messages never carry secret material: callers format only positions,
 * names and values that are not secret.
 */
#ifndef KAITO_ERRBUF_H
#define KAITO_ERRBUF_H

#define ERRBUF_LEN 256

struct errbuf {
	char msg[ERRBUF_LEN];	/* NUL-terminated; empty when no error */
};

/* Set the message (truncated to fit). e may be NULL. Returns -1 so that a
 * caller can write `return errbuf_set(e, "...")`. */
int errbuf_set(struct errbuf *e, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* Prefix the current message with "prefix: ". Returns -1. */
int errbuf_prefix(struct errbuf *e, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

#endif
