/*
 * test_uri.c -- otpauth:// parsing of what real apps write, a table of
 * malformed URIs with the exact error each must get, and round trips
 * URI -> token -> URI -> token.
 */
#include "unit.h"

#include "otp/base32.h"
#include "otp/uri.h"

static const struct good_case {
	const char *uri;
	enum otp_kind kind;
	const char *issuer, *account, *secret_b32;
	enum otp_algo algo;
	unsigned digits;
	uint32_t period;
	uint64_t counter;
} good[] = {
	/* Google's own example. */
	{ "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP"
	  "&issuer=Example", OTP_TOTP, "Example", "alice@google.com",
	  "JBSWY3DPEHPK3PXP", OTP_SHA1, 6, 30, 0 },
	/* Encoded colon, a space after it, every parameter, any case. */
	{ "OTPAUTH://TOTP/ACME%20Co%3A%20john.doe%40email.com?secret="
	  "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256"
	  "&digits=8&period=60", OTP_TOTP, "ACME Co", "john.doe@email.com",
	  "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", OTP_SHA256, 8, 60, 0 },
	/* No issuer anywhere; lower-case, padded, grouped secret. */
	{ "otpauth://totp/bob?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D%3D",
	  OTP_TOTP, "", "bob", "JBSWY3DPEHPK3PXP", OTP_SHA1, 6, 30, 0 },
	/* Issuer only as a parameter; '+' as a space; unknown params kept out. */
	{ "otpauth://totp/carol?issuer=Big+Corp&secret=JBSWY3DPEHPK3PXP"
	  "&image=https%3A%2F%2Fexample.com%2Flogo.png", OTP_TOTP, "Big Corp",
	  "carol", "JBSWY3DPEHPK3PXP", OTP_SHA1, 6, 30, 0 },
	{ "otpauth://hotp/Example:dave?secret=JBSWY3DPEHPK3PXP&counter=42"
	  "&algorithm=sha512&digits=10", OTP_HOTP, "Example", "dave",
	  "JBSWY3DPEHPK3PXP", OTP_SHA512, 10, 30, 42 },
	{ "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter="
	  "18446744073709551615", OTP_HOTP, "", "x", "JBSWY3DPEHPK3PXP",
	  OTP_SHA1, 6, 30, UINT64_MAX },
	/* Steam, as Aegis writes it and as KeePassXC writes it. */
	{ "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam"
	  "&digits=5&algorithm=SHA1&period=30", OTP_STEAM, "Steam", "gaben",
	  "JBSWY3DPEHPK3PXP", OTP_SHA1, 5, 30, 0 },
	{ "otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&encoder=steam",
	  OTP_STEAM, "Steam", "gaben", "JBSWY3DPEHPK3PXP", OTP_SHA1, 5, 30, 0 },
	/* One-second period, UTF-8 names. */
	{ "otpauth://totp/Caf%C3%A9:%E5%B1%B1%E7%94%B0?secret=JBSWY3DPEHPK3PXP"
	  "&period=1", OTP_TOTP, "Caf\xc3\xa9", "\xe5\xb1\xb1\xe7\x94\xb0",
	  "JBSWY3DPEHPK3PXP", OTP_SHA1, 6, 1, 0 },
	/* Empty label, fragment ignored. */
	{ "otpauth://totp/?secret=JBSWY3DPEHPK3PXP#frag", OTP_TOTP, "", "",
	  "JBSWY3DPEHPK3PXP", OTP_SHA1, 6, 30, 0 },
};

static void
check_good(const struct good_case *c, const struct otp_token *t)
{
	char b32[BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 1];

	assert_int_equal(t->kind, c->kind);
	assert_string_equal(t->issuer, c->issuer);
	assert_string_equal(t->account, c->account);
	assert_int_equal(base32_encode(t->secret, t->secret_len, b32,
	    sizeof(b32)), 0);
	assert_string_equal(b32, c->secret_b32);
	assert_int_equal(t->algo, c->algo);
	assert_int_equal(t->digits, c->digits);
	assert_int_equal(t->period, c->period);
	assert_true(t->counter == c->counter);
}

static void
test_good_uris(void **state)
{
	struct otp_token t;
	struct errbuf e = { "" }, w;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(good); i++) {
		if (otp_uri_parse(good[i].uri, &t, &e, &w) != 0)
			fail_msg("case %zu: %s", i, e.msg);
		check_good(&good[i], &t);
		assert_string_equal(w.msg, "");
	}
}

static const struct {
	const char *uri;
	const char *err;
} bad[] = {
	{ "", "not an otpauth:// URI" },
	{ "https://example.com/?secret=JBSWY3DPEHPK3PXP",
	  "not an otpauth:// URI" },
	{ "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8",
	  "this is a Google Authenticator export" },
	{ "otpauth://totp/x", "missing secret" },
	{ "otpauth://totp/x?issuer=A", "missing secret" },
	{ "otpauth://totp/x?secret=", "secret is empty" },
	{ "otpauth://totp/x?secret=JBSWY3DP!HPK3PXP",
	  "secret: bad base32 character '!' at position 9" },
	{ "otpauth://totp/x?secret=JBSWY3DPE",
	  "secret: base32 length 9 is impossible" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
	  "digits 5 out of range (6 to 10)" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11",
	  "digits 11 out of range (6 to 10)" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
	  "digits 'six' is not a number" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=-6",
	  "digits '-6' is not a number" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
	  "period '0' is not a whole number of seconds from 1" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=4294967296",
	  "period '4294967296' is not a whole number" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=1.5",
	  "period '1.5' is not a whole number" },
	{ "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "hotp URI without counter" },
	{ "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616",
	  "counter '18446744073709551616' is not a non-negative integer" },
	{ "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
	  "unknown type 'motp' (totp, hotp or steam)" },
	{ "otpauth://?secret=JBSWY3DPEHPK3PXP", "missing type" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
	  "unknown algorithm 'MD5' (SHA1, SHA256 or SHA512)" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP",
	  "parameter 'secret' given twice" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=6&digits=8",
	  "parameter 'digits' given twice" },
	{ "otpauth://totp/x?secret", "a parameter without '=' at position 1 of the query" },
	{ "otpauth://totp/x?issuer=A&JBSWY3DPEHPK3PXP",
	  "a parameter without '=' at position 10 of the query" },
	{ "otpauth://totp/x%ZZ?secret=JBSWY3DPEHPK3PXP",
	  "label: '%' at position 2 is not followed by two hex digits" },
	{ "otpauth://totp/x%?secret=JBSWY3DPEHPK3PXP",
	  "label: '%' at position 2 is not followed by two hex digits" },
	{ "otpauth://totp/x%00y?secret=JBSWY3DPEHPK3PXP", "label: %00" },
	{ "otpauth://totp/%FF%FE?secret=JBSWY3DPEHPK3PXP",
	  "account is not valid UTF-8" },
	{ "otpauth://totp/a%0Ab?secret=JBSWY3DPEHPK3PXP",
	  "account contains a control character" },
	{ "otpauth://totp/x\n?secret=JBSWY3DPEHPK3PXP",
	  "control character at position 17" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=%E2%80",
	  "issuer is not valid UTF-8" },
	{ "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP&digits=6",
	  "steam tokens have 5 characters, not 6" },
	{ "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP&period=60",
	  "steam tokens use SHA1, 5 characters and 30 s" },
	{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK"
	  "3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	  "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSW"
	  "Y3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
	  "secret: base32 value longer than 128 bytes" },
};

static void
test_bad_uris(void **state)
{
	struct otp_token t;
	struct errbuf e;
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		e.msg[0] = '\0';
		memset(&t, 0x55, sizeof(t));
		assert_int_equal(otp_uri_parse(bad[i].uri, &t, &e, NULL), -1);
		if (strncmp(e.msg, bad[i].err, strlen(bad[i].err)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, e.msg,
			    bad[i].err);
		/* A refused URI leaves no seed behind in the token. */
		for (j = 0; j < sizeof(t.secret); j++)
			assert_int_equal(t.secret[j], 0);
	}
}

static void
test_overlong_uri(void **state)
{
	char *uri = malloc(LIMIT_OTP_URI + 64);
	struct otp_token t;
	struct errbuf e;

	(void)state;
	assert_non_null(uri);
	strcpy(uri, "otpauth://totp/");
	memset(uri + 15, 'a', LIMIT_OTP_URI);
	strcpy(uri + 15 + LIMIT_OTP_URI, "?secret=JBSWY3DPEHPK3PXP");
	assert_int_equal(otp_uri_parse(uri, &t, &e, NULL), -1);
	assert_string_equal(e.msg, "URI longer than 4096 bytes");
	free(uri);
}

static void
test_issuer_disagreement_reported(void **state)
{
	struct otp_token t;
	struct errbuf e, w;

	(void)state;
	assert_int_equal(otp_uri_parse("otpauth://totp/Old%20Name:ann?secret="
	    "JBSWY3DPEHPK3PXP&issuer=New%20Name", &t, &e, &w), 0);
	assert_string_equal(t.issuer, "New Name");
	assert_string_equal(t.account, "ann");
	assert_string_equal(w.msg, "label issuer \"Old Name\" differs from "
	    "issuer parameter \"New Name\"; using the parameter");
	/* Agreement, or an issuer in one place only, is not worth a word. */
	assert_int_equal(otp_uri_parse("otpauth://totp/A:ann?secret="
	    "JBSWY3DPEHPK3PXP&issuer=A", &t, &e, &w), 0);
	assert_string_equal(w.msg, "");
	assert_int_equal(otp_uri_parse("otpauth://totp/A:ann?secret="
	    "JBSWY3DPEHPK3PXP", &t, &e, &w), 0);
	assert_string_equal(t.issuer, "A");
	assert_string_equal(w.msg, "");
}

static void
assert_same_token(const struct otp_token *a, const struct otp_token *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->algo, b->algo);
	assert_int_equal(a->digits, b->digits);
	assert_int_equal(a->secret_len, b->secret_len);
	assert_memory_equal(a->secret, b->secret, a->secret_len);
	assert_string_equal(a->issuer, b->issuer);
	assert_string_equal(a->account, b->account);
	if (a->kind == OTP_HOTP)
		assert_true(a->counter == b->counter);
	else
		assert_int_equal(a->period, b->period);
}

static void
test_round_trip_table(void **state)
{
	struct otp_token t, u;
	struct errbuf e, w;
	char out[LIMIT_OTP_URI];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(good); i++) {
		assert_int_equal(otp_uri_parse(good[i].uri, &t, &e, &w), 0);
		assert_int_equal(otp_uri_format(&t, out, sizeof(out)), 0);
		if (otp_uri_parse(out, &u, &e, &w) != 0)
			fail_msg("case %zu: %s reparsing %s", i, e.msg, out);
		assert_same_token(&t, &u);
		assert_string_equal(w.msg, "");
	}
}

/* Names with the characters that could confuse the label split. */
static void
test_round_trip_awkward_names(void **state)
{
	static const char *names[][2] = {
		{ "A:B", "x" }, { "", "B:x" }, { "A:B", "c:d" },
		{ "100%3A", "%3A" }, { "a&b=c", "d?e#f" }, { "in ner", "sp ace" },
		{ "plus+sign", "at@sign" }, { "", "" }, { "\xe2\x82\xac", "/" },
	};
	struct otp_token t, u;
	struct errbuf e, w;
	char out[LIMIT_OTP_URI];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(names); i++) {
		otp_token_init(&t);
		t.secret_len = 20;
		memset(t.secret, (int)i + 1, 20);
		strcpy(t.issuer, names[i][0]);
		strcpy(t.account, names[i][1]);
		assert_int_equal(otp_uri_format(&t, out, sizeof(out)), 0);
		if (otp_uri_parse(out, &u, &e, &w) != 0)
			fail_msg("case %zu: %s reparsing %s", i, e.msg, out);
		assert_same_token(&t, &u);
	}
}

static void
test_names_trimmed(void **state)
{
	struct otp_token t;
	struct errbuf e, w;

	(void)state;
	assert_int_equal(otp_uri_parse("otpauth://totp/%20%20A%20:%20%20b%20"
	    "?secret=JBSWY3DPEHPK3PXP&issuer=%20A", &t, &e, &w), 0);
	assert_string_equal(t.issuer, "A");
	assert_string_equal(t.account, "b");
	assert_string_equal(w.msg, "");
}

static void
test_format_refuses_small_buffer_and_bad_token(void **state)
{
	struct otp_token t;
	char out[32];

	(void)state;
	otp_token_init(&t);
	assert_int_equal(otp_uri_format(&t, out, sizeof(out)), -1);
	t.secret_len = 20;
	assert_int_equal(otp_uri_format(&t, out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_uris),
		cmocka_unit_test(test_bad_uris),
		cmocka_unit_test(test_overlong_uri),
		cmocka_unit_test(test_issuer_disagreement_reported),
		cmocka_unit_test(test_round_trip_table),
		cmocka_unit_test(test_round_trip_awkward_names),
		cmocka_unit_test(test_names_trimmed),
		cmocka_unit_test(test_format_refuses_small_buffer_and_bad_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
