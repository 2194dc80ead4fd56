/*
 * test_hashbatch.c -- SHA-256 of a batch: the multi-buffer engine (when
 * this machine has it) and the plain one give OpenSSL's SHA256() for every
 * length from 0 to 600 bytes and a few long ones, in batches of every size
 * up to 17 with lengths mixed inside a batch; and the known answer for
 * "abc" (FIPS 180-2).
 */
#include "unit.h"

#include <openssl/sha.h>
#include <sodium.h>

#include "audit/hashbatch.h"

#define MAXLEN	5000
#define BATCH	17

static unsigned char data[BATCH][MAXLEN];

static void
check_batch(struct hashbatch *hb, size_t n, const size_t len[])
{
	const unsigned char *msg[BATCH] = { NULL };
	struct merkle_hash out[BATCH];
	unsigned char want[SHA256_DIGEST_LENGTH];
	size_t i;

	for (i = 0; i < n; i++)
		msg[i] = data[i];
	hashbatch_sha256(hb, n, msg, len, out);
	for (i = 0; i < n; i++) {
		SHA256(data[i], len[i], want);
		if (memcmp(out[i].b, want, sizeof(want)) != 0)
			fail_msg("%s: message %zu of %zu, %zu bytes",
			    hashbatch_engine(hb), i, n, len[i]);
	}
}

static void
run_engine(int force_plain)
{
	struct hashbatch *hb = hashbatch_new(force_plain);
	size_t len[BATCH], n, i, l;

	assert_non_null(hb);
	if (force_plain)
		assert_string_equal(hashbatch_engine(hb), "openssl");
	else
		print_message("engine here: %s\n", hashbatch_engine(hb));
	/* Every length, alone and as the whole of a batch of two. */
	for (l = 0; l <= 600; l++) {
		len[0] = len[1] = l;
		check_batch(hb, 1, len);
		check_batch(hb, 2, len);
	}
	/* Every batch size, lengths mixed (short, long, 64-byte edges). */
	for (n = 1; n <= BATCH; n++) {
		for (i = 0; i < n; i++)
			len[i] = (i * 997 + n * 61) % MAXLEN;
		len[0] = 0;
		if (n > 2) {
			len[1] = 55;
			len[2] = 64;
		}
		check_batch(hb, n, len);
	}
	hashbatch_free(hb);
}

static void
test_engines_agree_with_openssl(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < BATCH; i++)
		randombytes_buf(data[i], MAXLEN);
	run_engine(0);
	run_engine(1);
}

static void
test_abc(void **state)
{
	static const char want[] = "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad";
	struct hashbatch *hb = hashbatch_new(0);
	const unsigned char *msg[1] = { (const unsigned char *)"abc" };
	size_t len[1] = { 3 };
	struct merkle_hash out;
	char hex[65];

	(void)state;
	assert_non_null(hb);
	hashbatch_sha256(hb, 1, msg, len, &out);
	sodium_bin2hex(hex, sizeof(hex), out.b, sizeof(out.b));
	assert_string_equal(hex, want);
	hashbatch_free(hb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engines_agree_with_openssl),
		cmocka_unit_test(test_abc),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
