/*
 * test_throttle.c -- the login throttle on an in-memory store: five
 * failures lock an account (any case of its e-mail) for fifteen minutes,
 * twenty lock an address, old failures fall out of the window, a success
 * clears the account's count but not the address's; the table keeps a
 * keyed fingerprint of the e-mail, never the e-mail.
 */
#include <sodium.h>

#include "unit.h"

#include "auth/secret.h"
#include "auth/throttle.h"
#include "store/throttle.h"
#include "vault/keys.h"

#define T0	1700000000

static int
group_setup(void **state)
{
	struct errbuf e;

	(void)state;
	assert_true(sodium_init() >= 0);
	setenv("KAITO_ROOT_KEY", "000102030405060708090a0b0c0d0e0f"
	    "101112131415161718191a1b1c1d1e1f", 1);
	if (keys_load("/nonexistent", &e) == -1)
		fail_msg("%s", e.msg);
	assert_int_equal(secret_init(), 0);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	secret_free();
	keys_unload();
	return 0;
}

static int
setup(void **state)
{
	struct errbuf e;

	if ((*state = store_open(":memory:", &e)) == NULL)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	store_close(*state);
	return 0;
}

/* The throttle table's key for email. */
static void
account_key(char key[64], const char *email)
{
	char fpr[THROTTLE_FPR_LEN + 1];

	throttle_email_fpr(email, fpr);
	snprintf(key, 64, "user:%s", fpr);
}

static void
test_fingerprint(void **state)
{
	char a[THROTTLE_FPR_LEN + 1], b[THROTTLE_FPR_LEN + 1];

	(void)state;
	throttle_email_fpr("Ann@Example.COM", a);
	throttle_email_fpr("ann@example.com", b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), THROTTLE_FPR_LEN);
	assert_null(strstr(a, "ann"));
	throttle_email_fpr("bob@example.com", b);
	assert_string_not_equal(a, b);
}

/* 1 when email from ip is locked at now; *left gets the seconds left. */
static int
locked(struct store *st, const char *email, const char *ip, int64_t now,
    int64_t *left)
{
	const char *scope = NULL;
	int rc;

	*left = 0;
	rc = throttle_locked(st, email, ip, now, left, &scope);
	assert_true(rc == 0 || rc == 1);
	return rc;
}

static void
test_account_locks_after_five(void **state)
{
	struct store *st = *state;
	int64_t left;
	int i;

	for (i = 0; i < THROTTLE_ACCOUNT_MAX - 1; i++) {
		assert_int_equal(throttle_fail(st, "Ann@X.io", "1.2.3.4",
		    T0 + i), 0);
		assert_int_equal(locked(st, "ann@x.io", "5.6.7.8", T0 + i,
		    &left), 0);
	}
	assert_int_equal(throttle_fail(st, "ann@x.IO", "1.2.3.4", T0 + 10), 0);
	/* Locked for THROTTLE_LOCK, from any address, in any case. */
	assert_int_equal(locked(st, "ANN@x.io", "5.6.7.8", T0 + 10, &left), 1);
	assert_int_equal(left, THROTTLE_LOCK);
	assert_int_equal(locked(st, "ann@x.io", "5.6.7.8", T0 + 10 + 899,
	    &left), 1);
	assert_int_equal(left, 1);
	assert_int_equal(locked(st, "ann@x.io", "5.6.7.8", T0 + 10 + 900,
	    &left), 0);
	/* Another account is not affected. */
	assert_int_equal(locked(st, "bob@x.io", "5.6.7.8", T0 + 10, &left), 0);
}

static void
test_window_expires(void **state)
{
	struct store *st = *state;
	int64_t left;
	int i;

	for (i = 0; i < THROTTLE_ACCOUNT_MAX - 1; i++)
		assert_int_equal(throttle_fail(st, "ann@x.io", "1.1.1.1", T0),
		    0);
	/* The window is over: the count starts again at one. */
	assert_int_equal(throttle_fail(st, "ann@x.io", "1.1.1.1",
	    T0 + THROTTLE_WINDOW), 0);
	assert_int_equal(locked(st, "ann@x.io", "1.1.1.1",
	    T0 + THROTTLE_WINDOW, &left), 0);
}

static void
test_success_clears_account_not_address(void **state)
{
	struct store *st = *state;
	char email[32];
	int64_t left;
	int i;

	for (i = 0; i < THROTTLE_ACCOUNT_MAX - 1; i++)
		assert_int_equal(throttle_fail(st, "ann@x.io", "9.9.9.9", T0),
		    0);
	assert_int_equal(throttle_clear_account(st, "ANN@x.io"), 0);
	assert_int_equal(throttle_fail(st, "ann@x.io", "9.9.9.9", T0), 0);
	assert_int_equal(locked(st, "ann@x.io", "1.1.1.1", T0, &left), 0);
	/* The address kept its count: 5 so far, 15 more lock it. */
	for (i = 0; i < THROTTLE_ADDRESS_MAX - 5 - 1; i++) {
		snprintf(email, sizeof(email), "u%d@x.io", i);
		assert_int_equal(throttle_fail(st, email, "9.9.9.9", T0), 0);
	}
	assert_int_equal(locked(st, "new@x.io", "9.9.9.9", T0, &left), 0);
	assert_int_equal(throttle_fail(st, "last@x.io", "9.9.9.9", T0), 0);
	assert_int_equal(locked(st, "new@x.io", "9.9.9.9", T0, &left), 1);
	assert_int_equal(left, THROTTLE_LOCK);
	assert_int_equal(locked(st, "new@x.io", "9.9.9.8", T0, &left), 0);
}

static void
test_prune_keeps_live_rows(void **state)
{
	struct store *st = *state;
	struct throttle_row t;
	char key[64];

	assert_int_equal(throttle_fail(st, "old@x.io", "2.2.2.2", T0), 0);
	account_key(key, "old@x.io");
	assert_int_equal(store_throttle_get(st, key, &t), 0);
	/* A failure much later prunes rows whose window and lock ended. */
	assert_int_equal(throttle_fail(st, "new@x.io", "3.3.3.3",
	    T0 + 2 * THROTTLE_WINDOW + 1), 0);
	assert_int_equal(store_throttle_get(st, key, &t), STORE_NOTFOUND);
	assert_int_equal(store_throttle_get(st, "ip:2.2.2.2", &t),
	    STORE_NOTFOUND);
	account_key(key, "NEW@x.io");
	assert_int_equal(store_throttle_get(st, key, &t), 0);
	assert_int_equal(t.failures, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test_setup_teardown(test_account_locks_after_five,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_expires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_success_clears_account_not_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_keeps_live_rows,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
