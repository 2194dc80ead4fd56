/*
 * test_authcache.c -- the API-token cache: an entry serves only while its
 * generation is current and for AUTHCACHE_TTL_MS after it was read from
 * the database; a refresh (last_seen) neither revives nor extends it; a
 * fresh database read after expiry is served again; another token's hash
 * never gets an entry's credential.
 */
#include <time.h>

#include "unit.h"

#include "auth/authcache.h"

static void
hash_of(unsigned char hash[SECRET_HASH_LEN], unsigned char seed)
{
	memset(hash, seed, SECRET_HASH_LEN);
}

static void
credential_of(struct credential *c, int64_t user_id)
{
	memset(c, 0, sizeof(*c));
	c->user_id = user_id;
	c->apitoken_id = user_id + 100;
	snprintf(c->email, sizeof(c->email), "u%lld@x.test",
	    (long long)user_id);
}

static void
sleep_past_ttl(void)
{
	struct timespec ts = { 0, (AUTHCACHE_TTL_MS + 100) * 1000000L };

	while (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	nanosleep(&ts, NULL);
}

static void
test_hit_then_generation_bump_misses(void **state)
{
	unsigned char h[SECRET_HASH_LEN];
	struct credential c, got;

	(void)state;
	hash_of(h, 1);
	credential_of(&c, 7);
	authcache_put(h, &c, authcache_generation());
	assert_int_equal(authcache_get(h, &got), 1);
	assert_int_equal(got.user_id, 7);
	assert_string_equal(got.email, "u7@x.test");
	authcache_bump();
	assert_int_equal(authcache_get(h, &got), 0);
}

static void
test_entry_read_before_a_bump_is_never_served(void **state)
{
	unsigned char h[SECRET_HASH_LEN];
	struct credential c, got;
	uint64_t gen;

	(void)state;
	hash_of(h, 2);
	credential_of(&c, 8);
	gen = authcache_generation();	/* the lookup starts ... */
	authcache_bump();		/* ... a revocation commits ... */
	authcache_put(h, &c, gen);	/* ... the stale row is cached */
	assert_int_equal(authcache_get(h, &got), 0);
}

static void
test_other_hash_in_the_same_slot_misses(void **state)
{
	unsigned char h[SECRET_HASH_LEN], other[SECRET_HASH_LEN];
	struct credential c, got;

	(void)state;
	hash_of(h, 3);
	memcpy(other, h, sizeof(other));
	other[SECRET_HASH_LEN - 1] ^= 1;	/* same first byte: same slot */
	credential_of(&c, 9);
	authcache_put(h, &c, authcache_generation());
	assert_int_equal(authcache_get(other, &got), 0);
	assert_int_equal(authcache_get(h, &got), 1);
}

static void
test_ttl_expires_and_a_fresh_read_is_served_again(void **state)
{
	unsigned char h[SECRET_HASH_LEN];
	struct credential c, got;
	uint64_t gen = authcache_generation();

	(void)state;
	hash_of(h, 4);
	credential_of(&c, 10);
	authcache_put(h, &c, gen);
	c.last_seen = 42;
	authcache_refresh(h, &c, gen);
	assert_int_equal(authcache_get(h, &got), 1);
	assert_int_equal(got.last_seen, 42);
	sleep_past_ttl();
	authcache_refresh(h, &c, gen);	/* must not extend the TTL */
	assert_int_equal(authcache_get(h, &got), 0);
	authcache_put(h, &c, gen);	/* read again from the database */
	assert_int_equal(authcache_get(h, &got), 1);
}

static void
test_refresh_does_not_create_an_entry(void **state)
{
	unsigned char h[SECRET_HASH_LEN];
	struct credential c, got;

	(void)state;
	hash_of(h, 5);
	credential_of(&c, 11);
	authcache_refresh(h, &c, authcache_generation());
	assert_int_equal(authcache_get(h, &got), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_then_generation_bump_misses),
		cmocka_unit_test(test_entry_read_before_a_bump_is_never_served),
		cmocka_unit_test(test_other_hash_in_the_same_slot_misses),
		cmocka_unit_test(
		    test_ttl_expires_and_a_fresh_read_is_served_again),
		cmocka_unit_test(test_refresh_does_not_create_an_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
