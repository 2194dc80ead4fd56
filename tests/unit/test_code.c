/*
 * test_code.c -- HOTP and TOTP against the RFCs' own test vectors, the
 * digit range, Steam's alphabet, and the time arithmetic.
 */
#include "unit.h"

#include "otp/code.h"
#include "util/errbuf.h"

static void
token_with_secret(struct otp_token *t, enum otp_kind kind,
    enum otp_algo algo, unsigned digits, const char *secret)
{
	otp_token_init(t);
	t->kind = kind;
	t->algo = algo;
	t->digits = digits;
	t->secret_len = strlen(secret);
	memcpy(t->secret, secret, t->secret_len);
}

/* RFC 4226 Appendix D: secret "12345678901234567890", counters 0..9. */
static void
test_rfc4226_appendix_d(void **state)
{
	static const char *want[] = { "755224", "287082", "359152", "969429",
	    "338314", "254676", "287922", "162583", "399871", "520489" };
	struct otp_token t;
	struct otp_gen *g;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	uint64_t c;

	(void)state;
	token_with_secret(&t, OTP_HOTP, OTP_SHA1, 6, "12345678901234567890");
	assert_non_null(g = otp_gen_new(&t, &e));
	for (c = 0; c < ARRAY_LEN(want); c++) {
		assert_int_equal(otp_gen_code(g, c, code), 0);
		assert_string_equal(code, want[c]);
		/* The one-shot path agrees with the generator. */
		t.counter = c;
		assert_int_equal(otp_code_at(&t, 0, code, &e), 0);
		assert_string_equal(code, want[c]);
	}
	otp_gen_free(&g);
	assert_null(g);
	otp_token_clear(&t);
}

/* RFC 6238 Appendix B: 8 digits, 30 s, one seed per hash. */
static void
test_rfc6238_appendix_b(void **state)
{
	static const struct {
		int64_t time;
		const char *sha1, *sha256, *sha512;
	} v[] = {
		{ 59, "94287082", "46119246", "90693936" },
		{ 1111111109, "07081804", "68084774", "25091201" },
		{ 1111111111, "14050471", "67062674", "99943326" },
		{ 1234567890, "89005924", "91819424", "93441116" },
		{ 2000000000, "69279037", "90698825", "38618901" },
		{ 20000000000LL, "65353130", "77737706", "47863826" },
	};
	static const char s1[] = "12345678901234567890";
	static const char s256[] = "12345678901234567890123456789012";
	static const char s512[] = "1234567890123456789012345678901234567890"
	    "123456789012345678901234";
	struct otp_token t1, t256, t512;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	size_t i;

	(void)state;
	token_with_secret(&t1, OTP_TOTP, OTP_SHA1, 8, s1);
	token_with_secret(&t256, OTP_TOTP, OTP_SHA256, 8, s256);
	token_with_secret(&t512, OTP_TOTP, OTP_SHA512, 8, s512);
	for (i = 0; i < ARRAY_LEN(v); i++) {
		assert_int_equal(otp_code_at(&t1, v[i].time, code, &e), 0);
		assert_string_equal(code, v[i].sha1);
		assert_int_equal(otp_code_at(&t256, v[i].time, code, &e), 0);
		assert_string_equal(code, v[i].sha256);
		assert_int_equal(otp_code_at(&t512, v[i].time, code, &e), 0);
		assert_string_equal(code, v[i].sha512);
	}
}

/* The same HMAC truncated to 6..10 digits: each is the low digits of the
 * 31-bit value, and 10 digits is the value itself, zero-padded. */
static void
test_digit_range(void **state)
{
	/* RFC 4226 Appendix D gives the 31-bit value for counter 0. */
	static const char *want[] = { "755224", "4755224", "84755224",
	    "284755224", "1284755224" };
	struct otp_token t;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	unsigned d;

	(void)state;
	for (d = 6; d <= 10; d++) {
		token_with_secret(&t, OTP_HOTP, OTP_SHA1, d,
		    "12345678901234567890");
		assert_int_equal(otp_code_at(&t, 0, code, &e), 0);
		assert_string_equal(code, want[d - 6]);
	}
	token_with_secret(&t, OTP_HOTP, OTP_SHA1, 5, "12345678901234567890");
	assert_int_equal(otp_code_at(&t, 0, code, &e), -1);
	assert_string_equal(e.msg, "digits 5 out of range (6 to 10)");
	token_with_secret(&t, OTP_HOTP, OTP_SHA1, 11, "12345678901234567890");
	assert_int_equal(otp_code_at(&t, 0, code, &e), -1);
	assert_string_equal(e.msg, "digits 11 out of range (6 to 10)");
}

static void
test_steam_alphabet_and_params(void **state)
{
	static const char alphabet[] = "23456789BCDFGHJKMNPQRTVWXY";
	struct otp_token t;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];
	int64_t now;
	size_t i;

	(void)state;
	token_with_secret(&t, OTP_STEAM, OTP_SHA1, 5, "12345678901234567890");
	for (now = 0; now < 3000 * 30; now += 30) {
		assert_int_equal(otp_code_at(&t, now, code, &e), 0);
		assert_int_equal(strlen(code), 5);
		for (i = 0; i < 5; i++)
			assert_non_null(strchr(alphabet, code[i]));
	}
	t.digits = 6;
	assert_int_equal(otp_code_at(&t, 0, code, &e), -1);
	assert_non_null(strstr(e.msg, "steam"));
}

/* Published Steam vectors: KeePassXC's tests/TestTotp.cpp (a base32 seed
 * at two times) and a zero seed at time steps 0 and 1. */
static void
test_steam_vectors(void **state)
{
	static const unsigned char keepassxc[] = {	/* 63BEDWCQZKTQWPESARIERL5DTTQFCJTK */
		0xf6, 0xc2, 0x41, 0xd8, 0x50, 0xca, 0xa7, 0x0b, 0x3c, 0x92,
		0x04, 0x50, 0x48, 0xaf, 0xa3, 0x9c, 0xe0, 0x51, 0x26, 0x6a };
	struct otp_token t;
	struct otp_gen *g;
	struct errbuf e;
	char code[OTP_CODE_MAX + 1];

	(void)state;
	otp_token_init(&t);
	t.kind = OTP_STEAM;
	t.digits = 5;
	memcpy(t.secret, keepassxc, sizeof(keepassxc));
	t.secret_len = sizeof(keepassxc);
	assert_int_equal(otp_code_at(&t, 1511200518, code, &e), 0);
	assert_string_equal(code, "FR8RV");
	assert_int_equal(otp_code_at(&t, 1511200714, code, &e), 0);
	assert_string_equal(code, "9P3VP");
	memset(t.secret, 0, 20);
	t.secret_len = 20;
	assert_non_null(g = otp_gen_new(&t, &e));
	assert_int_equal(otp_gen_code(g, 0, code), 0);
	assert_string_equal(code, "RYH4D");
	assert_int_equal(otp_gen_code(g, 1, code), 0);
	assert_string_equal(code, "DR2DK");
	otp_gen_free(&g);
}

static void
test_time_steps(void **state)
{
	struct otp_token t;
	struct errbuf e;
	uint64_t step;
	char a[OTP_CODE_MAX + 1], b[OTP_CODE_MAX + 1];

	(void)state;
	token_with_secret(&t, OTP_TOTP, OTP_SHA1, 6, "12345678901234567890");
	assert_int_equal(otp_remaining(&t, 0), 30);
	assert_int_equal(otp_remaining(&t, 29), 1);
	assert_int_equal(otp_remaining(&t, 30), 30);
	assert_int_equal(otp_time_step(&t, 59, &step, &e), 0);
	assert_int_equal(step, 1);
	assert_int_equal(otp_time_step(&t, -1, &step, &e), -1);
	assert_int_equal(otp_code_at(&t, -1, a, &e), -1);
	/* Within one step the code holds; at the boundary it changes. */
	assert_int_equal(otp_code_at(&t, 30, a, &e), 0);
	assert_int_equal(otp_code_at(&t, 59, b, &e), 0);
	assert_string_equal(a, b);
	assert_int_equal(otp_code_at(&t, 60, b, &e), 0);
	assert_string_not_equal(a, b);
	/* A period of one second is allowed and steps every second. */
	t.period = 1;
	assert_int_equal(otp_remaining(&t, 12345), 1);
	assert_int_equal(otp_time_step(&t, 12345, &step, &e), 0);
	assert_int_equal(step, 12345);
	t.period = 0;
	assert_int_equal(otp_code_at(&t, 1, a, &e), -1);
	assert_string_equal(e.msg, "period must be at least 1 second");
}

static void
test_empty_secret_refused(void **state)
{
	struct otp_token t;
	struct errbuf e;

	(void)state;
	otp_token_init(&t);
	assert_null(otp_gen_new(&t, &e));
	assert_string_equal(e.msg, "secret is empty");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4226_appendix_d),
		cmocka_unit_test(test_rfc6238_appendix_b),
		cmocka_unit_test(test_digit_range),
		cmocka_unit_test(test_steam_alphabet_and_params),
		cmocka_unit_test(test_steam_vectors),
		cmocka_unit_test(test_time_steps),
		cmocka_unit_test(test_empty_secret_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
