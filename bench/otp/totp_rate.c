/*
 * totp_rate.c -- TOTP codes per second on one core.
 *
 * Why: a code view should cost little more than its one HMAC. This counts
 * SHA-1, 6-digit TOTP codes, a new time step each call, two ways:
 *   generator: one otp_gen keyed once, then otp_gen_code per step (what
 *              a verification window or a busy token uses);
 *   one-shot:  otp_code_at per call, which keys the HMAC every time (what
 *              a single code view pays).
 * Prints "NAME codes_per_second" lines for run.sh to compare with
 * `openssl speed -hmac sha1`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "otp/code.h"
#include "util/errbuf.h"

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
rate_generator(const struct otp_token *t, double seconds)
{
	struct otp_gen *g;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	uint64_t step = 56666666, n = 0;
	double start = now_seconds(), el;
	unsigned sink = 0;
	int i;

	if ((g = otp_gen_new(t, &e)) == NULL) {
		fprintf(stderr, "totp_rate: %s\n", e.msg);
		exit(1);
	}
	do {
		for (i = 0; i < 10000; i++) {
			if (otp_gen_code(g, step++, code) == -1)
				exit(1);
			sink += (unsigned)code[0];
		}
		n += 10000;
	} while ((el = now_seconds() - start) < seconds);
	otp_gen_free(&g);
	if (sink == 0)
		puts("");
	return (double)n / el;
}

static double
rate_one_shot(const struct otp_token *t, double seconds)
{
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	int64_t now = 1700000000;
	uint64_t n = 0;
	double start = now_seconds(), el;
	unsigned sink = 0;
	int i;

	do {
		for (i = 0; i < 10000; i++) {
			if (otp_code_at(t, now, code, &e) == -1)
				exit(1);
			now += 30;
			sink += (unsigned)code[0];
		}
		n += 10000;
	} while ((el = now_seconds() - start) < seconds);
	if (sink == 0)
		puts("");
	return (double)n / el;
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0;
	struct otp_token t;

	otp_token_init(&t);
	memcpy(t.secret, "12345678901234567890", 20);
	t.secret_len = 20;
	printf("generator %.0f\n", rate_generator(&t, seconds));
	printf("one-shot %.0f\n", rate_one_shot(&t, seconds));
	otp_token_clear(&t);
	return 0;
}
