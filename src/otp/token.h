/*
 * token.h -- one OTP token: what an authenticator app holds for an account.
 *
 * Why: every importer, the URI parser, the code generator and (later) the
 * vault speak this one struct. It holds the seed inline, in a fixed array,
 * so a token is one allocation-free value that otp_token_clear() wipes
 * completely; there is no heap copy of a seed to forget.
 */
#ifndef KAITO_OTP_TOKEN_H
#define KAITO_OTP_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"

enum otp_kind {
	OTP_TOTP,	/* RFC 6238: counter = floor(unix time / period) */
	OTP_HOTP,	/* RFC 4226: counter stored with the token */
	OTP_STEAM	/* Steam Guard: TOTP, SHA-1, 30 s, 5 chars of Steam's alphabet */
};

enum otp_algo {
	OTP_SHA1,
	OTP_SHA256,
	OTP_SHA512
};

#define OTP_DIGITS_MIN		6
#define OTP_DIGITS_MAX		10
#define OTP_STEAM_DIGITS	5
#define OTP_DEFAULT_PERIOD	30
#define OTP_CODE_MAX		OTP_DIGITS_MAX	/* longest code, without NUL */

struct otp_token {
	enum otp_kind kind;
	enum otp_algo algo;
	unsigned digits;		/* 6..10; 5 for Steam */
	uint32_t period;		/* seconds, >= 1 (TOTP, Steam) */
	uint64_t counter;		/* next counter (HOTP) */
	size_t secret_len;		/* bytes used in secret, 1..LIMIT_OTP_SECRET */
	unsigned char secret[LIMIT_OTP_SECRET];	/* the seed; wiped by otp_token_clear */
	char issuer[LIMIT_OTP_LABEL + 1];	/* UTF-8, may be empty */
	char account[LIMIT_OTP_LABEL + 1];	/* UTF-8, may be empty */
};

/* Set *t to the defaults of a TOTP token (SHA-1, 6 digits, 30 s), with no
 * secret and empty names. */
void otp_token_init(struct otp_token *t);

/* Wipe *t, seed included. */
void otp_token_clear(struct otp_token *t);

/*
 * Check that the parameters of *t are usable: a secret of 1 to
 * LIMIT_OTP_SECRET bytes, digits in range for the kind, a period of at
 * least 1 s, and Steam tokens with Steam's fixed parameters. Returns 0, or
 * -1 with e set.
 */
struct errbuf;
int otp_token_check(const struct otp_token *t, struct errbuf *e);

/* Set issuer or account from n bytes of s, without leading and trailing
 * spaces (they carry no meaning, and a label's "Issuer: account" form
 * could not keep them). The rest must be valid UTF-8 without control
 * characters, at most LIMIT_OTP_LABEL bytes. what names the field in the
 * error. Returns 0, or -1 with e set. */
int otp_token_set_name(char dst[LIMIT_OTP_LABEL + 1], const char *s,
    size_t n, const char *what, struct errbuf *e);

/* Names as in otpauth URIs and exports: "totp"/"hotp"/"steam",
 * "SHA1"/"SHA256"/"SHA512". */
const char *otp_kind_name(enum otp_kind k);
const char *otp_algo_name(enum otp_algo a);

/* Parse a kind or an algorithm name, case-insensitively ("sha-256" and
 * "HmacSHA256" too, as some exports write them). Return 0 or -1. */
int otp_kind_parse(const char *s, size_t n, enum otp_kind *k);
int otp_algo_parse(const char *s, size_t n, enum otp_algo *a);

/* Dynamic list of tokens, as importers produce. Capped at
 * LIMIT_IMPORT_TOKENS. */
struct otp_list {
	struct otp_token *v;	/* owned; every element wiped on free */
	size_t n;		/* tokens in use */
	size_t cap;		/* tokens allocated */
};

/* Append a copy of *t. Returns 0, or -1 with e set (out of memory, or
 * more than LIMIT_IMPORT_TOKENS). */
int otp_list_add(struct otp_list *l, const struct otp_token *t,
    struct errbuf *e);

/* Wipe and free every token; leave *l empty and reusable. */
void otp_list_free(struct otp_list *l);

#endif
