/*
 * import.h -- turn other authenticator apps' exports into tokens.
 *
 * Why: teams arrive with seeds in Google Authenticator, Aegis, 2FAS,
 * andOTP and Bitwarden. Each importer reads one format from memory (no
 * I/O: the CLI and the API read the bytes) and appends tokens to a list.
 *
 * STRICTNESS: an entry that cannot become a token (bad secret, digits out
 * of range, ...) fails the whole import with a message naming the entry by
 * its 1-based index and its issuer/name, so nothing is half-imported. Entry
 * kinds Kaito does not hold (Yandex, mOTP, ...) fail the same way unless
 * opts->skip_unsupported is set; then each skip is reported through
 * opts->warn. Records that are not tokens at all (a Bitwarden login
 * without a TOTP) are ignored silently. An encrypted export gets an error
 * that says it is encrypted and how to export it unencrypted.
 */
#ifndef KAITO_OTP_IMPORT_H
#define KAITO_OTP_IMPORT_H

#include <stddef.h>

#include "otp/token.h"
#include "util/errbuf.h"

enum import_format {
	IMPORT_GOOGLE,		/* otpauth-migration:// URIs, one per line */
	IMPORT_AEGIS,		/* Aegis plain JSON export */
	IMPORT_2FAS,		/* 2FAS .2fas backup, unencrypted */
	IMPORT_ANDOTP,		/* andOTP plain JSON backup */
	IMPORT_BITWARDEN	/* Bitwarden JSON export, unencrypted */
};

struct import_opts {
	int skip_unsupported;	/* skip, rather than fail on, foreign kinds */
	/* Called once per skipped entry (and once per incomplete Google
	 * batch) with a one-line message; may be NULL. The message names
	 * the entry, never its secret. */
	void (*warn)(void *arg, const char *msg);
	void *warn_arg;
};

/* Parse a format name ("google", "aegis", "2fas", "andotp",
 * "bitwarden"). Returns 0 or -1. */
int import_format_parse(const char *name, enum import_format *f);

/* The names accepted by import_format_parse, for help texts. */
#define IMPORT_FORMAT_NAMES "google, aegis, 2fas, andotp, bitwarden"

/*
 * Parse len bytes of buf (need not be NUL-terminated) as format f and
 * append every token to out. opts may be NULL (strict, no warnings).
 * Returns 0, or -1 with e set; on failure out is left as it was before the
 * call (tokens appended by this call are wiped and removed).
 */
int import_tokens(enum import_format f, const char *buf, size_t len,
    const struct import_opts *opts, struct otp_list *out, struct errbuf *e);

#endif
