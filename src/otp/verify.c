/*
 * verify.c -- see verify.h.
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "otp/code.h"
#include "otp/verify.h"

/* Copy code without spaces (upper case for Steam); -1 if too long. */
static int
normalise(const struct otp_token *t, const char *code, char *out)
{
	size_t n = 0;

	for (; *code != '\0'; code++) {
		if (*code == ' ')
			continue;
		if (n == OTP_CODE_MAX)
			return -1;
		out[n++] = t->kind == OTP_STEAM ?
		    (char)toupper((unsigned char)*code) : *code;
	}
	out[n] = '\0';
	return 0;
}

/* The counters to try: HOTP c, c + 1; else step - 1, step, step + 1. */
static int
candidates(const struct otp_token *t, int64_t now, uint64_t c[3], int *n)
{
	uint64_t step;

	if (t->kind == OTP_HOTP) {
		if (t->counter == UINT64_MAX)
			return -1;
		c[0] = t->counter;
		c[1] = t->counter + 1;
		*n = 2;
		return 0;
	}
	if (otp_time_step(t, now, &step, NULL) == -1)
		return -1;
	*n = 0;
	if (step > 0)
		c[(*n)++] = step - 1;
	c[(*n)++] = step;
	c[(*n)++] = step + 1;
	return 0;
}

int
otp_verify(const struct otp_token *t, int64_t now, const char *code,
    uint64_t *next)
{
	char want[OTP_CODE_MAX + 1], got[OTP_CODE_MAX + 1];
	struct otp_gen *g = NULL;
	uint64_t c[3];
	int i, n, match = -1, rc = -1;

	memset(got, 0, sizeof(got));
	if (candidates(t, now, c, &n) == -1 ||
	    (g = otp_gen_new(t, NULL)) == NULL)
		goto out;
	rc = 0;
	if (normalise(t, code, got) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		memset(want, 0, sizeof(want));
		if (otp_gen_code(g, c[i], want) == -1) {
			rc = -1;
			goto out;
		}
		/* Both buffers are zero-padded to the same size. */
		if (sodium_memcmp(want, got, sizeof(want)) == 0 && match == -1)
			match = i;
	}
	if (match >= 0) {
		rc = 1;
		if (next != NULL)
			*next = c[match] + 1;
	}
out:
	sodium_memzero(want, sizeof(want));
	sodium_memzero(got, sizeof(got));
	otp_gen_free(&g);
	return rc;
}
