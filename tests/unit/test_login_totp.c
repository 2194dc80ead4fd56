/*
 * test_login_totp.c -- the login second factor: a pending seed opens only
 * as pending and only for its user, a re-sealed one only as enrolled;
 * codes are accepted for one step either side and never for a step at
 * or before the last accepted one; malformed codes never match.
 */
#include <sodium.h>

#include "unit.h"

#include "auth/login_totp.h"
#include "otp/code.h"
#include "util/errbuf.h"
#include "vault/keys.h"

static int
setup(void **state)
{
	struct errbuf e;

	(void)state;
	assert_true(sodium_init() >= 0);
	setenv("KAITO_ROOT_KEY", "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f", 1);
	if (keys_load("/nonexistent", &e) == -1)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	keys_unload();
	return 0;
}

static void
code_at(const struct otp_token *t, int64_t step, char out[OTP_CODE_MAX + 1])
{
	struct errbuf e;

	assert_int_equal(otp_code_at(t, step * 30, out, &e), 0);
}

static void
test_sealing_binds_user_and_column(void **state)
{
	unsigned char pending[LOGIN_TOTP_SEALED_LEN];
	unsigned char enrolled[LOGIN_TOTP_SEALED_LEN];
	struct otp_token t, u;

	(void)state;
	assert_int_equal(login_totp_new_pending(7, pending), 0);
	assert_int_equal(login_totp_open(7, "totp_pending", pending,
	    sizeof(pending), "a@b.c", &t), 0);
	assert_int_equal(t.secret_len, LOGIN_TOTP_SECRET_LEN);
	assert_string_equal(t.issuer, "Kaito");
	assert_string_equal(t.account, "a@b.c");
	/* Another user, another column, a short value: no. */
	assert_int_equal(login_totp_open(8, "totp_pending", pending,
	    sizeof(pending), "a@b.c", &u), -1);
	assert_int_equal(login_totp_open(7, "totp", pending,
	    sizeof(pending), "a@b.c", &u), -1);
	assert_int_equal(login_totp_open(7, "totp_pending", pending,
	    sizeof(pending) - 1, "a@b.c", &u), -1);
	/* Enrolled: sealed again for the totp column, same seed. */
	assert_int_equal(login_totp_seal(7, "totp", &t, enrolled), 0);
	assert_int_equal(login_totp_open(7, "totp", enrolled,
	    sizeof(enrolled), "a@b.c", &u), 0);
	assert_memory_equal(t.secret, u.secret, LOGIN_TOTP_SECRET_LEN);
	otp_token_clear(&t);
	otp_token_clear(&u);
}

/* Codes of steps s-2..s+2 at a time inside step s. */
static void
test_window_and_replay(void **state)
{
	unsigned char sealed[LOGIN_TOTP_SEALED_LEN];
	struct otp_token t;
	char c[OTP_CODE_MAX + 1];
	int64_t s = 56000000, now = s * 30 + 13, step = 0;

	(void)state;
	assert_int_equal(login_totp_new_pending(1, sealed), 0);
	assert_int_equal(login_totp_open(1, "totp_pending", sealed,
	    sizeof(sealed), "x@y", &t), 0);
	code_at(&t, s, c);
	assert_int_equal(login_totp_verify(&t, c, now, 0, &step),
	    LOGIN_TOTP_MATCH);
	assert_int_equal(step, s);
	code_at(&t, s - 1, c);
	assert_int_equal(login_totp_verify(&t, c, now, 0, &step),
	    LOGIN_TOTP_MATCH);
	assert_int_equal(step, s - 1);
	code_at(&t, s + 1, c);
	assert_int_equal(login_totp_verify(&t, c, now, s, &step),
	    LOGIN_TOTP_MATCH);
	assert_int_equal(step, s + 1);
	/* Outside the window. */
	code_at(&t, s - 2, c);
	assert_int_equal(login_totp_verify(&t, c, now, 0, &step),
	    LOGIN_TOTP_NOMATCH);
	code_at(&t, s + 2, c);
	assert_int_equal(login_totp_verify(&t, c, now, 0, &step),
	    LOGIN_TOTP_NOMATCH);
	/* A step at or before the last accepted one is a replay. */
	code_at(&t, s, c);
	assert_int_equal(login_totp_verify(&t, c, now, s, &step),
	    LOGIN_TOTP_REPLAY);
	code_at(&t, s - 1, c);
	assert_int_equal(login_totp_verify(&t, c, now, s, &step),
	    LOGIN_TOTP_REPLAY);
	otp_token_clear(&t);
}

static void
test_malformed_codes_never_match(void **state)
{
	static const char *bad[] = { "", "12345", "1234567", "abcdef",
	    "12345a", " 12345", "12 456", "-12345" };
	unsigned char sealed[LOGIN_TOTP_SEALED_LEN];
	struct otp_token t;
	char c[OTP_CODE_MAX + 1], longer[16];
	int64_t now = 1700000000, step = 0;
	size_t i;

	(void)state;
	assert_int_equal(login_totp_new_pending(1, sealed), 0);
	assert_int_equal(login_totp_open(1, "totp_pending", sealed,
	    sizeof(sealed), "x@y", &t), 0);
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(login_totp_verify(&t, bad[i], now, 0, &step),
		    LOGIN_TOTP_NOMATCH);
	/* The right code with something after it. */
	code_at(&t, now / 30, c);
	snprintf(longer, sizeof(longer), "%s0", c);
	assert_int_equal(login_totp_verify(&t, longer, now, 0, &step),
	    LOGIN_TOTP_NOMATCH);
	otp_token_clear(&t);
}

static void
test_enrollment_uri(void **state)
{
	unsigned char sealed[LOGIN_TOTP_SEALED_LEN];
	struct otp_token t;
	char secret[64], uri[LIMIT_OTP_URI];

	(void)state;
	assert_int_equal(login_totp_new_pending(3, sealed), 0);
	assert_int_equal(login_totp_open(3, "totp_pending", sealed,
	    sizeof(sealed), "ann@example.com", &t), 0);
	assert_int_equal(login_totp_enrollment(&t, secret, sizeof(secret),
	    uri), 0);
	assert_int_equal(strlen(secret), 32);
	assert_true(strncmp(uri, "otpauth://totp/Kaito:ann%40example.com?"
	    "secret=", 45) == 0);
	assert_non_null(strstr(uri, secret));
	assert_non_null(strstr(uri, "issuer=Kaito"));
	otp_token_clear(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealing_binds_user_and_column),
		cmocka_unit_test(test_window_and_replay),
		cmocka_unit_test(test_malformed_codes_never_match),
		cmocka_unit_test(test_enrollment_uri),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
