/*
 * test_verify.c -- otp_verify(): the window (one step either way for
 * TOTP and Steam, the counter and the next for HOTP), the counter to
 * store after a match, and the forgiving reading of what people type.
 */
#include <ctype.h>

#include "unit.h"

#include "otp/code.h"
#include "otp/verify.h"

static void
rfc_token(struct otp_token *t, enum otp_kind kind, unsigned digits)
{
	otp_token_init(t);
	t->kind = kind;
	t->digits = digits;
	t->secret_len = 20;
	memcpy(t->secret, "12345678901234567890", 20);
}

/* RFC 4226 Appendix D: counters 3, 4, 5 give these. */
static void
test_hotp_window(void **state)
{
	struct otp_token t;
	uint64_t next = 0;

	(void)state;
	rfc_token(&t, OTP_HOTP, 6);
	t.counter = 3;
	assert_int_equal(otp_verify(&t, 0, "969429", &next), 1);
	assert_int_equal(next, 4);
	assert_int_equal(otp_verify(&t, 0, "338314", &next), 1);
	assert_int_equal(next, 5);
	next = 99;
	assert_int_equal(otp_verify(&t, 0, "254676", &next), 0);	/* 5 */
	assert_int_equal(otp_verify(&t, 0, "359152", &next), 0);	/* 2 */
	assert_int_equal(next, 99);
	otp_token_clear(&t);
}

/* RFC 6238 Appendix B, SHA-1: "94287082" is step 1 (t = 59). */
static void
test_totp_window(void **state)
{
	static const struct {
		int64_t now;
		int match;
	} v[] = {
		{ 0, 1 }, { 30, 1 }, { 59, 1 }, { 60, 1 }, { 89, 1 },
		{ 90, 0 }, { 1111111109, 0 },
	};
	struct otp_token t;
	size_t i;

	(void)state;
	rfc_token(&t, OTP_TOTP, 8);
	for (i = 0; i < ARRAY_LEN(v); i++)
		assert_int_equal(otp_verify(&t, v[i].now, "94287082", NULL),
		    v[i].match);
	otp_token_clear(&t);
}

static void
test_typing(void **state)
{
	struct otp_token t;
	char code[OTP_CODE_MAX + 1];
	size_t i;

	(void)state;
	rfc_token(&t, OTP_TOTP, 8);
	assert_int_equal(otp_verify(&t, 59, "9428 7082", NULL), 1);
	assert_int_equal(otp_verify(&t, 59, " 94287082 ", NULL), 1);
	assert_int_equal(otp_verify(&t, 59, "4287082", NULL), 0);
	assert_int_equal(otp_verify(&t, 59, "942870820", NULL), 0);
	assert_int_equal(otp_verify(&t, 59, "94287082000", NULL), 0);
	assert_int_equal(otp_verify(&t, 59, "", NULL), 0);
	assert_int_equal(otp_verify(&t, 59, "9428708x", NULL), 0);
	/* Steam codes in lower case. */
	rfc_token(&t, OTP_STEAM, OTP_STEAM_DIGITS);
	assert_int_equal(otp_code_at(&t, 1700000000, code, NULL), 0);
	for (i = 0; code[i] != '\0'; i++)
		code[i] = (char)tolower((unsigned char)code[i]);
	assert_int_equal(otp_verify(&t, 1700000000, code, NULL), 1);
	otp_token_clear(&t);
}

static void
test_errors(void **state)
{
	struct otp_token t;

	(void)state;
	otp_token_init(&t);	/* no secret */
	assert_int_equal(otp_verify(&t, 59, "123456", NULL), -1);
	rfc_token(&t, OTP_TOTP, 6);
	assert_int_equal(otp_verify(&t, -1, "123456", NULL), -1);
	rfc_token(&t, OTP_HOTP, 6);
	t.counter = UINT64_MAX;
	assert_int_equal(otp_verify(&t, 0, "123456", NULL), -1);
	otp_token_clear(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hotp_window),
		cmocka_unit_test(test_totp_window),
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
