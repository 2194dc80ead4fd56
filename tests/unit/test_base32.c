/*
 * test_base32.c -- RFC 4648 vectors, the leniency people rely on, and the
 * errors that must name the bad character and its position.
 */
#include "unit.h"

#include "otp/base32.h"
#include "util/errbuf.h"

static const struct {
	const char *plain;
	const char *b32;	/* canonical: upper case, unpadded */
} rfc4648[] = {
	{ "", "" },
	{ "f", "MY" },
	{ "fo", "MZXQ" },
	{ "foo", "MZXW6" },
	{ "foob", "MZXW6YQ" },
	{ "fooba", "MZXW6YTB" },
	{ "foobar", "MZXW6YTBOI" },
};

static void
test_rfc4648_vectors(void **state)
{
	unsigned char out[16];
	char enc[32];
	size_t i, n;
	struct errbuf e;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rfc4648); i++) {
		size_t len = strlen(rfc4648[i].plain);

		assert_int_equal(base32_encode((const unsigned char *)
		    rfc4648[i].plain, len, enc, sizeof(enc)), 0);
		assert_string_equal(enc, rfc4648[i].b32);
		assert_int_equal(base32_decode(rfc4648[i].b32,
		    strlen(rfc4648[i].b32), out, sizeof(out), &n, &e), 0);
		assert_int_equal(n, len);
		assert_memory_equal(out, rfc4648[i].plain, len);
	}
}

static void
test_padded_vectors(void **state)
{
	static const char *padded[] = { "MY======", "MZXQ====", "MZXW6===",
	    "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======" };
	static const char *plain[] = { "f", "fo", "foo", "foob", "fooba",
	    "foobar" };
	unsigned char out[16];
	size_t i, n;
	struct errbuf e;

	(void)state;
	for (i = 0; i < ARRAY_LEN(padded); i++) {
		assert_int_equal(base32_decode(padded[i], strlen(padded[i]),
		    out, sizeof(out), &n, &e), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(out, plain[i], n);
	}
}

static void
test_lenient_forms(void **state)
{
	/* What people paste: lower case, groups of four, hyphens. */
	static const char *forms[] = {
		"JBSWY3DPEHPK3PXP",
		"jbswy3dpehpk3pxp",
		"jbsw y3dp ehpk 3pxp",
		"JBSW-Y3DP-EHPK-3PXP",
		" JBSWY3DPEHPK3PXP ",
	};
	static const unsigned char want[] = { 0x48, 0x65, 0x6c, 0x6c, 0x6f,
	    0x21, 0xde, 0xad, 0xbe, 0xef };
	unsigned char out[32];
	size_t i, n;
	struct errbuf e;

	(void)state;
	for (i = 0; i < ARRAY_LEN(forms); i++) {
		assert_int_equal(base32_decode(forms[i], strlen(forms[i]), out,
		    sizeof(out), &n, &e), 0);
		assert_int_equal(n, sizeof(want));
		assert_memory_equal(out, want, n);
	}
}

static const struct {
	const char *in;
	const char *err;	/* expected message */
} bad[] = {
	{ "JBSWY3DP!HPK", "bad base32 character '!' at position 9" },
	{ "JBSWY3D1", "bad base32 character '1' at position 8" },
	{ "JBSW8Y3D", "bad base32 character '8' at position 5" },
	{ "0BSWY3DP", "bad base32 character '0' at position 1" },
	{ "JBSW\tY3DP", "bad base32 character 0x09 at position 5" },
	{ "JBSW\xc3\xa9Y3DP", "bad base32 character 0xc3 at position 5" },
	{ "MY==MZ", "base32 character 'M' after padding at position 5" },
	{ "A", "base32 length 1 is impossible" },
	{ "ABC", "base32 length 3 is impossible" },
	{ "ABCDEF", "base32 length 6 is impossible" },
	{ "JBSWY3DPE", "base32 length 9 is impossible" },
};

static void
test_errors_name_char_and_position(void **state)
{
	unsigned char out[32];
	size_t i, n;
	struct errbuf e;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		memset(out, 0xaa, sizeof(out));
		e.msg[0] = '\0';
		assert_int_equal(base32_decode(bad[i].in, strlen(bad[i].in),
		    out, sizeof(out), &n, &e), -1);
		if (strncmp(e.msg, bad[i].err, strlen(bad[i].err)) != 0)
			fail_msg("input %zu: got \"%s\", want \"%s\"", i,
			    e.msg, bad[i].err);
		/* A failed decode leaves nothing of the input behind. */
		for (n = 0; n < sizeof(out); n++)
			assert_int_equal(out[n], 0);
	}
}

static void
test_output_cap(void **state)
{
	unsigned char out[4];
	char enc[8];
	size_t n;
	struct errbuf e;

	(void)state;
	assert_int_equal(base32_decode("MZXW6YTB", 8, out, sizeof(out), &n,
	    &e), -1);
	assert_non_null(strstr(e.msg, "longer than 4 bytes"));
	assert_int_equal(base32_decode("MZXW6YQ", 7, out, sizeof(out), &n,
	    &e), 0);
	assert_int_equal(n, 4);
	/* "fooba" needs 8 characters and a NUL. */
	assert_int_equal(base32_encode((const unsigned char *)"fooba", 5, enc,
	    sizeof(enc)), -1);
}

static void
test_round_trip_all_lengths(void **state)
{
	unsigned char in[64], out[64];
	char enc[BASE32_ENCODED_LEN(64) + 1];
	size_t len, i, n;
	struct errbuf e;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (len = 0; len <= sizeof(in); len++) {
		assert_int_equal(base32_encode(in, len, enc, sizeof(enc)), 0);
		assert_int_equal(strlen(enc), BASE32_ENCODED_LEN(len));
		assert_int_equal(base32_decode(enc, strlen(enc), out,
		    sizeof(out), &n, &e), 0);
		assert_int_equal(n, len);
		assert_memory_equal(in, out, len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_padded_vectors),
		cmocka_unit_test(test_lenient_forms),
		cmocka_unit_test(test_errors_name_char_and_position),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_round_trip_all_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
