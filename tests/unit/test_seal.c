/*
 * test_seal.c -- sealing binds a secret to its row: the same key opens
 * it for the same row only; another row, another column, another key, a
 * flipped bit or a truncated value all fail.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "unit.h"

#include "vault/keys.h"
#include "vault/seal.h"

static char key_path[64];

static int
setup(void **state)
{
	struct errbuf e;

	(void)state;
	assert_int_equal(sodium_init() >= 0, 1);
	snprintf(key_path, sizeof(key_path), "/tmp/kaito-seal-%d.key",
	    (int)getpid());
	unlink(key_path);
	if (keys_create_file(key_path, &e) == -1 ||
	    keys_load(key_path, &e) == -1)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	keys_unload();
	unlink(key_path);
	return 0;
}

static void
test_round_trip_and_binding(void **state)
{
	static const unsigned char seed[] = "12345678901234567890";
	unsigned char sealed[sizeof(seed) + SEAL_OVERHEAD], pt[sizeof(seed)];
	char ad[SEAL_AD_MAX], other[SEAL_AD_MAX];
	size_t n;

	(void)state;
	seal_ad(ad, "tokens", 42, "seed");
	assert_string_equal(ad, "tokens:42:seed");
	assert_int_equal(seal_seal(seed, sizeof(seed), ad, sealed), 0);
	assert_null(memmem(sealed, sizeof(sealed), seed, 8));
	assert_int_equal(seal_open(sealed, sizeof(sealed), ad, pt, &n), 0);
	assert_int_equal(n, sizeof(seed));
	assert_memory_equal(pt, seed, n);

	seal_ad(other, "tokens", 43, "seed");	/* another row */
	assert_int_equal(seal_open(sealed, sizeof(sealed), other, pt, &n), -1);
	seal_ad(other, "tokens", 42, "recovery");	/* another column */
	assert_int_equal(seal_open(sealed, sizeof(sealed), other, pt, &n), -1);
	sealed[sizeof(sealed) - 1] ^= 1;		/* tampered */
	assert_int_equal(seal_open(sealed, sizeof(sealed), ad, pt, &n), -1);
	sealed[sizeof(sealed) - 1] ^= 1;
	assert_int_equal(seal_open(sealed, sizeof(sealed) - 1, ad, pt, &n), -1);
	assert_int_equal(seal_open(sealed, SEAL_OVERHEAD - 1, ad, pt, &n), -1);
	sealed[0] = 0x02;				/* unknown version */
	assert_int_equal(seal_open(sealed, sizeof(sealed), ad, pt, &n), -1);
}

static void
test_nonces_differ(void **state)
{
	unsigned char a[4 + SEAL_OVERHEAD], b[4 + SEAL_OVERHEAD];

	(void)state;
	assert_int_equal(seal_seal((const unsigned char *)"abcd", 4, "x:1:y",
	    a), 0);
	assert_int_equal(seal_seal((const unsigned char *)"abcd", 4, "x:1:y",
	    b), 0);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void
test_other_key_fails(void **state)
{
	unsigned char sealed[4 + SEAL_OVERHEAD], pt[4];
	char path2[80];
	struct errbuf e;
	size_t n;

	(void)state;
	assert_int_equal(seal_seal((const unsigned char *)"abcd", 4, "x:1:y",
	    sealed), 0);
	keys_unload();
	snprintf(path2, sizeof(path2), "%s.2", key_path);
	unlink(path2);
	assert_int_equal(keys_create_file(path2, &e), 0);
	assert_int_equal(keys_load(path2, &e), 0);
	assert_int_equal(seal_open(sealed, sizeof(sealed), "x:1:y", pt, &n), -1);
	keys_unload();
	unlink(path2);
	assert_int_equal(keys_load(key_path, &e), 0);
	assert_int_equal(seal_open(sealed, sizeof(sealed), "x:1:y", pt, &n), 0);
}

static void
test_key_file_rules(void **state)
{
	struct errbuf e;
	char path[80];
	FILE *f;

	(void)state;
	/* Never overwrites. */
	assert_int_equal(keys_create_file(key_path, &e), -1);
	/* Refuses a key others can read, and a key of the wrong size. */
	keys_unload();
	snprintf(path, sizeof(path), "%s.bad", key_path);
	f = fopen(path, "w");
	fwrite("0123456789abcdef0123456789abcdef", 1, 32, f);
	fclose(f);
	chmod(path, 0644);
	assert_int_equal(keys_load(path, &e), -1);
	assert_non_null(strstr(e.msg, "lets others read it"));
	chmod(path, 0600);
	assert_int_equal(truncate(path, 31), 0);
	assert_int_equal(keys_load(path, &e), -1);
	assert_non_null(strstr(e.msg, "31 bytes, want 32"));
	unlink(path);
	/* KAITO_ROOT_KEY: 64 hex digits, removed from the environment. */
	setenv("KAITO_ROOT_KEY", "zz", 1);
	assert_int_equal(keys_load(key_path, &e), -1);
	assert_string_equal(e.msg, "KAITO_ROOT_KEY must be 64 hex digits");
	setenv("KAITO_ROOT_KEY", "00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", 1);
	assert_int_equal(keys_load(key_path, &e), 0);
	assert_null(getenv("KAITO_ROOT_KEY"));
	keys_unload();
	assert_int_equal(keys_load(key_path, &e), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_and_binding),
		cmocka_unit_test(test_nonces_differ),
		cmocka_unit_test(test_other_key_fails),
		cmocka_unit_test(test_key_file_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
