/*
 * test_jcs.c -- RFC 8785 canonical JSON: the RFC's own examples (3.2.2,
 * the member order of 3.2.3, every number of Appendix B), string escapes
 * against a byte-by-byte reference (at every position of strings long
 * enough for the 16- and 8-byte copy steps), what must be refused, and the
 * already-canonical check agreeing with a full round trip.
 */
#include "unit.h"

#include <math.h>

#include "audit/jcs.h"

static char *
canon(const char *json)
{
	struct jcs_buf b;
	json_error_t err;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &err);
	char *out;

	assert_non_null(v);
	assert_int_equal(jcs_buf_init(&b, 1 << 20), 0);
	assert_int_equal(jcs_value(&b, v), 0);
	json_decref(v);
	out = strdup(b.p);
	jcs_buf_free(&b);
	return out;
}

static void
assert_canon(const char *json, const char *want)
{
	char *got = canon(json);

	assert_string_equal(got, want);
	free(got);
}

/* RFC 8785 3.2.2. */
static void
test_rfc_sample(void **state)
{
	(void)state;
	assert_canon("{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, "
	    "2e-3, 0.000000000000000000000000001],\n  \"string\": "
	    "\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	    "  \"literals\": [null, true, false]\n}",
	    "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,"
	    "1e+30,4.5,0.002,1e-27],\"string\":\"\xe2\x82\xac$\\u000f\\nA'B"
	    "\\\"\\\\\\\\\\\"/\"}");
}

/* RFC 8785 3.2.3: members sort by UTF-16 code units, so U+1F600 (a
 * surrogate pair) comes before U+FB33. */
static void
test_rfc_member_order(void **state)
{
	(void)state;
	assert_canon("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
	    "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
	    "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":"
	    "\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}",
	    "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":"
	    "\"Control\",\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
	    "\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: "
	    "Grinning Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With "
	    "Dagesh\"}");
	/* Nested objects sort too; arrays keep their order. */
	assert_canon("{\"b\":[3,{\"z\":1,\"a\":2}],\"a\":{}}",
	    "{\"a\":{},\"b\":[3,{\"a\":2,\"z\":1}]}");
}

/* RFC 8785 Appendix B: IEEE 754 bits and their serialization. */
static void
test_rfc_numbers(void **state)
{
	static const struct {
		uint64_t bits;
		const char *want;
	} t[] = {
		{ 0x0000000000000000ULL, "0" },
		{ 0x8000000000000000ULL, "0" },
		{ 0x0000000000000001ULL, "5e-324" },
		{ 0x8000000000000001ULL, "-5e-324" },
		{ 0x7fefffffffffffffULL, "1.7976931348623157e+308" },
		{ 0xffefffffffffffffULL, "-1.7976931348623157e+308" },
		{ 0x4340000000000000ULL, "9007199254740992" },
		{ 0xc340000000000000ULL, "-9007199254740992" },
		{ 0x4430000000000000ULL, "295147905179352830000" },
		{ 0x44b52d02c7e14af5ULL, "9.999999999999997e+22" },
		{ 0x44b52d02c7e14af6ULL, "1e+23" },
		{ 0x44b52d02c7e14af7ULL, "1.0000000000000001e+23" },
		{ 0x444b1ae4d6e2ef4eULL, "999999999999999700000" },
		{ 0x444b1ae4d6e2ef4fULL, "999999999999999900000" },
		{ 0x444b1ae4d6e2ef50ULL, "1e+21" },
		{ 0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7" },
		{ 0x3eb0c6f7a0b5ed8dULL, "0.000001" },
		{ 0x41b3de4355555553ULL, "333333333.3333332" },
		{ 0x41b3de4355555554ULL, "333333333.33333325" },
		{ 0x41b3de4355555555ULL, "333333333.3333333" },
		{ 0x41b3de4355555556ULL, "333333333.3333334" },
		{ 0x41b3de4355555557ULL, "333333333.33333343" },
		{ 0xbecbf647612f3696ULL, "-0.0000033333333333333333" },
		{ 0x43143ff3c1cb0959ULL, "1424953923781206.2" },
	};
	struct jcs_buf b;
	double d;
	size_t i;

	(void)state;
	assert_int_equal(jcs_buf_init(&b, 1024), 0);
	for (i = 0; i < ARRAY_LEN(t); i++) {
		memcpy(&d, &t[i].bits, sizeof(d));
		b.len = 0;
		assert_int_equal(jcs_number(&b, d), 0);
		assert_string_equal(b.p, t[i].want);
	}
	assert_int_equal(jcs_number(&b, NAN), -1);
	assert_int_equal(jcs_number(&b, INFINITY), -1);
	/* Integers: exact up to 2^53, then as JavaScript reads them. */
	b.len = 0;
	assert_int_equal(jcs_int(&b, -9007199254740992LL), 0);
	assert_string_equal(b.p, "-9007199254740992");
	b.len = 0;
	assert_int_equal(jcs_int(&b, 9007199254740993LL), 0);
	assert_string_equal(b.p, "9007199254740992");
	b.len = 0;
	assert_int_equal(jcs_int(&b, INT64_MIN), 0);
	assert_string_equal(b.p, "-9223372036854776000");
	b.len = 0;
	assert_int_equal(jcs_int(&b, 0), 0);
	assert_string_equal(b.p, "0");
	jcs_buf_free(&b);
}

/* Integers against printf, at every digit count and around each power of
 * ten (the writer works in 8-digit pieces). */
static void
test_integers(void **state)
{
	char want[32], got[32], *end;
	uint64_t p = 1, v[4];
	size_t i;

	(void)state;
	for (;;) {
		v[0] = p - 1;
		v[1] = p;
		v[2] = p + 1;
		v[3] = p * 7 + 12345;
		for (i = 0; i < 4; i++) {
			snprintf(want, sizeof(want), "%llu",
			    (unsigned long long)v[i]);
			end = jcs_write_uint(got, v[i]);
			*end = '\0';
			assert_string_equal(got, want);
		}
		if (p > UINT64_MAX / 10)
			break;
		p *= 10;
	}
	end = jcs_write_uint(got, UINT64_MAX);
	*end = '\0';
	assert_string_equal(got, "18446744073709551615");
}

/* The string encoder against a byte-by-byte reference, for every
 * special byte at every offset of strings long enough for the 8-byte
 * fast path. */
static void
ref_string(const unsigned char *s, size_t n, char *out)
{
	size_t i, o = 0;

	out[o++] = '"';
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '"': o += (size_t)sprintf(out + o, "\\\""); break;
		case '\\': o += (size_t)sprintf(out + o, "\\\\"); break;
		case '\b': o += (size_t)sprintf(out + o, "\\b"); break;
		case '\t': o += (size_t)sprintf(out + o, "\\t"); break;
		case '\n': o += (size_t)sprintf(out + o, "\\n"); break;
		case '\f': o += (size_t)sprintf(out + o, "\\f"); break;
		case '\r': o += (size_t)sprintf(out + o, "\\r"); break;
		default:
			if (s[i] < 0x20)
				o += (size_t)sprintf(out + o, "\\u%04x", s[i]);
			else
				out[o++] = (char)s[i];
		}
	}
	out[o++] = '"';
	out[o] = '\0';
}

static void
test_string_escapes(void **state)
{
	static const unsigned char special[] = { 0x00, 0x01, 0x08, 0x09, 0x0a,
	    0x0c, 0x0d, 0x1f, '"', '\\', '/', 0x7f, ' ', '!', 0x5b, 0x5d };
	unsigned char s[48];
	char want[400];
	struct jcs_buf b;
	size_t len, pos, k;

	(void)state;
	assert_int_equal(jcs_buf_init(&b, 4096), 0);
	for (len = 1; len <= 40; len++)
		for (pos = 0; pos < len; pos++)
			for (k = 0; k < ARRAY_LEN(special); k++) {
				memset(s, 'a' + (int)(len % 26), len);
				s[pos] = special[k];
				ref_string(s, len, want);
				b.len = 0;
				assert_int_equal(jcs_string(&b, (char *)s, len),
				    0);
				assert_int_equal(b.len, strlen(want));
				assert_memory_equal(b.p, want, b.len);
			}
	/* A two-byte character, or a stray continuation byte, at every
	 * offset. */
	for (len = 2; len <= 40; len++)
		for (pos = 0; pos + 1 < len; pos++) {
			memset(s, 'x', len);
			memcpy(s + pos, "\xc3\xa9", 2);
			ref_string(s, len, want);
			b.len = 0;
			assert_int_equal(jcs_string(&b, (char *)s, len), 0);
			assert_string_equal(b.p, want);
			s[pos] = 0x80;
			b.len = 0;
			assert_int_equal(jcs_string(&b, (char *)s, len), -1);
		}
	/* Multi-byte characters pass through as they are. */
	b.len = 0;
	assert_int_equal(jcs_string(&b, "caf\xc3\xa9 \xe2\x80\xa8 "
	    "\xf4\x8f\xbf\xbf", 14), 0);
	assert_string_equal(b.p, "\"caf\xc3\xa9 \xe2\x80\xa8 \xf4\x8f\xbf"
	    "\xbf\"");
	jcs_buf_free(&b);
}

/* Not UTF-8: overlong forms, surrogates, beyond U+10FFFF, cut
 * sequences, stray continuation bytes. */
static void
test_invalid_utf8_refused(void **state)
{
	static const char *const bad[] = {
		"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "abc\xc3", "\x80", "ok\xbfok", "\xff",
		"longer string with \xe2\x82 a cut euro",
	};
	struct jcs_buf b;
	size_t i, n;
	char *fixed;

	(void)state;
	assert_int_equal(jcs_buf_init(&b, 4096), 0);
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		assert_int_equal(jcs_string(&b, bad[i], strlen(bad[i])), -1);
		assert_false(jcs_utf8_valid(bad[i], strlen(bad[i])));
		fixed = jcs_utf8_fix(bad[i], strlen(bad[i]), &n);
		assert_non_null(fixed);
		assert_true(jcs_utf8_valid(fixed, n));
		assert_non_null(strstr(fixed, "\xef\xbf\xbd"));
		free(fixed);
	}
	fixed = jcs_utf8_fix("fine \xc3\xa9", 7, &n);
	assert_string_equal(fixed, "fine \xc3\xa9");
	free(fixed);
	jcs_buf_free(&b);
}

/* The buffer's cap holds. */
static void
test_buffer_cap(void **state)
{
	struct jcs_buf b;

	(void)state;
	assert_int_equal(jcs_buf_init(&b, 10), 0);
	assert_int_equal(jcs_buf_str(&b, "0123456789"), 0);
	assert_int_equal(jcs_buf_add(&b, "x", 1), -1);
	b.len = 0;
	assert_int_equal(jcs_string(&b, "abcdefghij", 10), -1);
	jcs_buf_free(&b);
}

static void
test_key_order(void **state)
{
	(void)state;
	assert_true(jcs_key_cmp("a", 1, "b", 1) < 0);
	assert_true(jcs_key_cmp("ab", 2, "a", 1) > 0);
	assert_int_equal(jcs_key_cmp("x", 1, "x", 1), 0);
	/* U+FF61 (BMP, above the surrogates) after U+10000 (a pair). */
	assert_true(jcs_key_cmp("\xef\xbd\xa1", 3, "\xf0\x90\x80\x80", 4) >
	    0);
	/* U+D7FF before U+10000. */
	assert_true(jcs_key_cmp("\xed\x9f\xbf", 3, "\xf0\x90\x80\x80", 4) <
	    0);
}

/* jcs_object_is_canonical says 1 only for text that the full parse and
 * encode give back unchanged; and it does say 1 for the store's usual
 * details. */
static void
test_already_canonical(void **state)
{
	static const struct {
		const char *text;
		int canonical;
	} cases[] = {
		{ "{}", 1 },
		{ "{\"needed\":\"code\"}", 1 },
		{ "{\"counter\":19759}", 1 },
		{ "{\"a\":-1,\"b\":0,\"c\":true,\"d\":false,\"e\":null}", 1 },
		{ "{\"\":1,\"a\":2,\"ab\":3,\"b\":4}", 1 },
		{ "{\"name\":\"caf\xc3\xa9 \xf0\x9f\x94\x91\x7f/\"}", 1 },
		{ "{\"n\":999999999999999}", 1 },
		{ "{\"n\":9999999999999999}", 0 },	/* 16 digits */
		{ "{\"n\":-0}", 0 },
		{ "{\"n\":01}", 0 },
		{ "{\"n\":1.5}", 0 },
		{ "{\"n\":1e3}", 0 },
		{ "{\"n\":-}", 0 },
		{ "{\"b\":1,\"a\":2}", 0 },	/* order */
		{ "{\"a\":1,\"a\":2}", 0 },	/* duplicate */
		{ "{\"ab\":1,\"a\":2}", 0 },
		{ "{ \"a\":1}", 0 },		/* whitespace */
		{ "{\"a\": 1}", 0 },
		{ "{\"a\":1 }", 0 },
		{ "{\"a\":1}\n", 0 },
		{ "{\"a\":1}x", 0 },
		{ "{\"a\":\"x\\\"y\"}", 0 },	/* any escape */
		{ "{\"a\":\"\\u00e9\"}", 0 },
		{ "{\"a\\n\":1}", 0 },
		{ "{\"\xc3\xa9\":1}", 0 },	/* non-ASCII name */
		{ "{\"a\":\"\x01\"}", 0 },	/* raw control byte */
		{ "{\"a\":\"\xc0\xaf\"}", 0 },	/* overlong */
		{ "{\"a\":\"\xed\xa0\x80\"}", 0 },	/* surrogate */
		{ "{\"a\":{}}", 0 },		/* nested: parsed */
		{ "{\"a\":[]}", 0 },
		{ "{\"a\":tru}", 0 },
		{ "{\"a\":1,}", 0 },
		{ "{\"a\"}", 0 },
		{ "{\"a\":1", 0 },
		{ "{\"a", 0 },
		{ "{", 0 },
		{ "[]", 0 },
		{ "", 0 },
	};
	size_t i, n;
	char *out;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		n = strlen(cases[i].text);
		if (jcs_object_is_canonical(cases[i].text, n) !=
		    cases[i].canonical)
			fail_msg("case %zu: %s", i, cases[i].text);
		if (!cases[i].canonical)
			continue;
		out = canon(cases[i].text);
		assert_string_equal(out, cases[i].text);
		free(out);
	}
	/* Only the n bytes given count. */
	assert_int_equal(jcs_object_is_canonical("{\"a\":1}", 6), 0);
	assert_int_equal(jcs_object_is_canonical("{}}", 2), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_sample),
		cmocka_unit_test(test_rfc_member_order),
		cmocka_unit_test(test_rfc_numbers),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_invalid_utf8_refused),
		cmocka_unit_test(test_buffer_cap),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_already_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
