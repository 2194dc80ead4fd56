/*
 * login_totp.h -- the second factor of a Kaito login: a TOTP seed per
 * user (RFC 6238: SHA-1, 6 digits, 30 s), sealed at rest.
 *
 * Why here and not in vault/: it protects Kaito's own door, not a shared
 * token. SEALING: the seed is sealed with the associated data
 * "users:<id>:totp_pending" while enrolment is pending, and again with
 * "users:<id>:totp" once the first good code has been entered, so a seed
 * copied to another user, or from pending to enrolled by hand, fails to
 * open. VERIFYING: a code is accepted for the steps now-1, now and now+1
 * (clock drift), and only for a step after the last one accepted, so a
 * code seen over a shoulder cannot be used twice.
 */
#ifndef KAITO_AUTH_LOGIN_TOTP_H
#define KAITO_AUTH_LOGIN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "otp/token.h"
#include "vault/seal.h"

#define LOGIN_TOTP_SECRET_LEN	20	/* 160 bits (RFC 4226) */
#define LOGIN_TOTP_SEALED_LEN	(LOGIN_TOTP_SECRET_LEN + SEAL_OVERHEAD)
#define LOGIN_TOTP_ISSUER	"Kaito"
#define LOGIN_TOTP_CODE_LEN	6

/* Results of login_totp_verify(). */
#define LOGIN_TOTP_NOMATCH	0
#define LOGIN_TOTP_MATCH	1
#define LOGIN_TOTP_REPLAY	2	/* right code, but of a used step */

/* Make a new random seed for user id, sealed for the totp_pending
 * column, into sealed. Returns 0 or -1 (keys not loaded). */
int login_totp_new_pending(int64_t id,
    unsigned char sealed[LOGIN_TOTP_SEALED_LEN]);

/*
 * Open a sealed seed of user id from column ("totp" or "totp_pending")
 * into *t, a TOTP token named Kaito:email. Returns 0, or -1 when it does
 * not open (wrong row, wrong key, corrupt). Clear t with
 * otp_token_clear().
 */
int login_totp_open(int64_t id, const char *column,
    const unsigned char *sealed, size_t n, const char *email,
    struct otp_token *t);

/* Seal t's seed for user id's column into sealed. Returns 0 or -1. */
int login_totp_seal(int64_t id, const char *column,
    const struct otp_token *t, unsigned char sealed[LOGIN_TOTP_SEALED_LEN]);

/*
 * Check code against t at unix time now. LOGIN_TOTP_MATCH sets *step to
 * the matching step, which is after last_step; LOGIN_TOTP_REPLAY when the
 * code matches only steps up to last_step; else LOGIN_TOTP_NOMATCH (also
 * for a malformed code). -1 on an internal error.
 */
int login_totp_verify(const struct otp_token *t, const char *code,
    int64_t now, int64_t last_step, int64_t *step);

/* The base32 secret and the otpauth:// URI an authenticator app needs,
 * into secret (secretcap bytes) and uri (LIMIT_OTP_URI bytes). Both carry
 * the seed: wipe them after use. Returns 0 or -1. */
int login_totp_enrollment(const struct otp_token *t, char *secret,
    size_t secretcap, char uri[LIMIT_OTP_URI]);

#endif
