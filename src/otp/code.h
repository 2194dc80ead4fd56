/*
 * code.h -- HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes.
 *
 * Why: this is the one place where a seed becomes a code. The HMAC comes
 * from OpenSSL; the dynamic truncation and the rendering are ours.
 *
 * Two ways in: otp_code_at() for one code, and an otp_gen for many codes
 * from the same seed (verification windows, HOTP resynchronisation,
 * benchmarks). An otp_gen keeps the keyed HMAC state, so each further code
 * costs one HMAC of the 8-byte counter and nothing else.
 */
#ifndef KAITO_OTP_CODE_H
#define KAITO_OTP_CODE_H

#include <stdint.h>

#include "otp/token.h"

struct errbuf;
struct otp_gen;		/* opaque; keyed HMAC state; holds key material */

/*
 * Create a generator for t's seed, algorithm, digits and kind. Returns NULL
 * on failure (invalid token, or OpenSSL failure) with e set. Free with
 * otp_gen_free(). t is not referenced after the call.
 */
struct otp_gen *otp_gen_new(const struct otp_token *t, struct errbuf *e);

/* Write the code for counter (HOTP) or time step (TOTP, Steam) into out,
 * NUL-terminated; out holds OTP_CODE_MAX + 1 bytes. Returns 0 or -1. */
int otp_gen_code(struct otp_gen *g, uint64_t counter, char *out);

/* Wipe and free; NULL-safe; sets *gp to NULL. */
void otp_gen_free(struct otp_gen **gp);

/*
 * The time step of t at unix time now: floor(now / period). Returns 0, or
 * -1 with e set when now is negative.
 */
int otp_time_step(const struct otp_token *t, int64_t now, uint64_t *step,
    struct errbuf *e);

/* Seconds left in the time step that holds now (1..period). */
uint32_t otp_remaining(const struct otp_token *t, int64_t now);

/*
 * One code for t: for TOTP and Steam at unix time now, for HOTP at
 * t->counter (now is ignored; the caller advances the counter). out holds
 * OTP_CODE_MAX + 1 bytes. Returns 0, or -1 with e set.
 */
int otp_code_at(const struct otp_token *t, int64_t now, char *out,
    struct errbuf *e);

#endif
