/*
 * verify.h -- does a code someone typed belong to a token?
 *
 * Why: adding a token with "verify_code" and confirming a rotation both
 * prove that the seed Kaito holds is the one the service holds, before
 * anything is saved. A human reads the code off a screen a little early
 * or late, so the check allows one step either way (TOTP, Steam) or the
 * next counter (HOTP), as docs/api.md promises and no more.
 */
#ifndef KAITO_OTP_VERIFY_H
#define KAITO_OTP_VERIFY_H

#include <stdint.h>

#include "otp/token.h"

/*
 * Check code against t: for TOTP and Steam at the time steps of now - 1
 * period, now and now + 1 period; for HOTP at t->counter and
 * t->counter + 1. Spaces in code are ignored, and Steam codes compare
 * without regard to case. Every candidate is computed and compared in
 * constant time. Returns 1 on a match, with *next (HOTP) set to the
 * counter after the matched one; 0 on no match; -1 on error.
 */
int otp_verify(const struct otp_token *t, int64_t now, const char *code,
    uint64_t *next);

#endif
