/*
 * test_directory_score.c -- the readiness score formula line by line,
 * the plan-caveat words, the derived biometric method, and the bounded
 * edit distance that search relies on.
 */
#include "unit.h"

#include "directory/fuzzy.h"
#include "directory/score.h"

static const struct {
	unsigned methods;
	const char *doc, *notes;
	int score;
	unsigned why;
} cases[] = {
	/* No 2FA: 1, whatever else. */
	{ 0, "https://x.com", NULL, 1, 0 },
	/* SMS only, no docs: 1 + 0, raised to 2. */
	{ DIR_M(DIR_SMS), NULL, NULL, 2, DIR_SCORE_2FA | DIR_SCORE_FLOOR },
	/* SMS + e-mail with docs: 1 + docs = 2. */
	{ DIR_M(DIR_SMS) | DIR_M(DIR_EMAIL), "https://x.com", NULL, 2,
	  DIR_SCORE_2FA | DIR_SCORE_DOCS },
	/* TOTP only, no docs: 1 + totp + not-phone = 3. */
	{ DIR_M(DIR_TOTP), NULL, NULL, 3,
	  DIR_SCORE_2FA | DIR_SCORE_TOTP | DIR_SCORE_NOT_PHONE },
	/* NS1: TOTP + docs = 4. */
	{ DIR_M(DIR_TOTP), "https://ns1.com/a", NULL, 4, DIR_SCORE_2FA |
	  DIR_SCORE_TOTP | DIR_SCORE_NOT_PHONE | DIR_SCORE_DOCS },
	/* Everything: 5. */
	{ DIR_M(DIR_TOTP) | DIR_M(DIR_U2F) | DIR_M(DIR_SMS), "https://x.com",
	  "Hardware tokens must have a backup method.", 5, DIR_SCORE_2FA |
	  DIR_SCORE_TOTP | DIR_SCORE_U2F | DIR_SCORE_NOT_PHONE |
	  DIR_SCORE_DOCS },
	/* Everything but only on paid plans: 4. */
	{ DIR_M(DIR_TOTP) | DIR_M(DIR_U2F), "https://x.com",
	  "2FA is only available to users on paid plans.", 4, DIR_SCORE_2FA |
	  DIR_SCORE_TOTP | DIR_SCORE_U2F | DIR_SCORE_NOT_PHONE |
	  DIR_SCORE_DOCS | DIR_SCORE_PLAN_CAVEAT },
	/* Custom app only, Enterprise only, no docs: 1 + 1 - 1 = 1 -> 2. */
	{ DIR_M(DIR_CUSTOM_SOFTWARE), NULL, "Only available for Enterprise "
	  "accounts.", 2, DIR_SCORE_2FA | DIR_SCORE_NOT_PHONE |
	  DIR_SCORE_PLAN_CAVEAT | DIR_SCORE_FLOOR },
};

static void
test_score_table(void **state)
{
	struct dir_entry e;
	unsigned why;
	size_t i;
	int s;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		memset(&e, 0, sizeof(e));
		e.methods = cases[i].methods;
		e.documentation = cases[i].doc;
		e.notes = cases[i].notes;
		s = dir_score(&e, &why);
		if (s != cases[i].score || why != cases[i].why)
			fail_msg("case %zu: score %d why %#x, want %d %#x", i,
			    s, why, cases[i].score, cases[i].why);
	}
}

static void
test_plan_caveat_words(void **state)
{
	(void)state;
	assert_true(dir_notes_plan_caveat("Only on the Business plan."));
	assert_true(dir_notes_plan_caveat("SMS costs a fee of 0.50"));
	assert_true(dir_notes_plan_caveat("Availability depends on your "
	    "account type."));
	assert_true(dir_notes_plan_caveat("Network Edition only"));
	assert_false(dir_notes_plan_caveat("SMS required to set up TOTP."));
	assert_false(dir_notes_plan_caveat("An explanation of planets"));
	assert_false(dir_notes_plan_caveat(NULL));
}

static void
test_biometric(void **state)
{
	const char *hw[] = { "YubiKey", "Built-in Authenticator (Biometrics)" };
	struct dir_entry e;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.methods = DIR_M(DIR_CUSTOM_HARDWARE);
	e.custom_hardware.v = hw;
	e.custom_hardware.n = 1;
	dir_score_entry(&e);
	assert_false(e.all_methods & DIR_M(DIR_BIOMETRIC));
	e.custom_hardware.n = 2;
	dir_score_entry(&e);
	assert_true(e.all_methods & DIR_M(DIR_BIOMETRIC));
	assert_int_equal(e.methods, DIR_M(DIR_CUSTOM_HARDWARE));
}

static const struct {
	const char *a, *b;
	int k, prefix, want;
} dist[] = {
	{ "github", "github", 2, 0, 0 },
	{ "gitbub", "github", 2, 0, 1 },
	{ "gihtub", "github", 2, 0, 1 },	/* transposition */
	{ "gthub", "github", 2, 0, 1 },
	{ "githubb", "github", 2, 0, 1 },
	{ "gtihbu", "github", 1, 0, 2 },	/* over the bound: k + 1 */
	{ "abc", "xyz", 2, 0, 3 },
	{ "cloudflar", "cloudflare", 1, 0, 1 },
	{ "clouflare", "cloudflareinc", 1, 1, 1 },
	{ "dropbx", "dropboxbusiness", 2, 1, 1 },
	{ "abcdef", "ab", 2, 1, 3 },
};

static void
test_fuzzy_distance(void **state)
{
	size_t i;
	int d;

	(void)state;
	for (i = 0; i < ARRAY_LEN(dist); i++) {
		d = fuzzy_distance(dist[i].a, strlen(dist[i].a), dist[i].b,
		    strlen(dist[i].b), dist[i].k, dist[i].prefix);
		if (d != dist[i].want)
			fail_msg("%s/%s: %d, want %d", dist[i].a, dist[i].b, d,
			    dist[i].want);
	}
	assert_int_equal(fuzzy_mask_bound(fuzzy_mask("xyz", 3),
	    fuzzy_mask("github", 6)), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_table),
		cmocka_unit_test(test_plan_caveat_words),
		cmocka_unit_test(test_biometric),
		cmocka_unit_test(test_fuzzy_distance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
