/*
 * test_acl.c -- the permission rule (acl/acl.h), walked exhaustively:
 * every level, admin or not, for every action, against the table of
 * docs/api.md written out by hand.
 */
#include "unit.h"

#include "acl/acl.h"

/* The answer for levels 0..3 without and with admin rights. */
static const struct {
	enum acl_action action;
	const char *name;
	int member[4];
	int admin[4];
} rule[] = {
	{ ACL_TOKEN_READ,   "read",   { 404, 0, 0, 0 },     { 0, 0, 0, 0 } },
	{ ACL_TOKEN_CODE,   "code",   { 404, 0, 0, 0 },     { 403, 0, 0, 0 } },
	{ ACL_TOKEN_SEED,   "seed",   { 404, 403, 0, 0 },   { 403, 403, 0, 0 } },
	{ ACL_TOKEN_ROTATE, "rotate", { 404, 403, 0, 0 },   { 403, 403, 0, 0 } },
	{ ACL_TOKEN_MANAGE, "manage", { 404, 403, 403, 0 }, { 403, 403, 403, 0 } },
	{ ACL_TOKEN_GRANTS, "grants", { 404, 403, 403, 0 }, { 0, 0, 0, 0 } },
};

static void
test_decide_table(void **state)
{
	size_t i;
	int l;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rule); i++)
		for (l = ACL_NONE; l <= ACL_MANAGE; l++) {
			if (acl_decide(l, 0, rule[i].action) !=
			    rule[i].member[l] ||
			    acl_decide(l, 1, rule[i].action) != rule[i].admin[l])
				fail_msg("%s at level %d", rule[i].name, l);
		}
}

/* Levels out of range never grant anything. */
static void
test_decide_out_of_range(void **state)
{
	static const int bad[] = { -1, 4, 99, -2147483647 - 1 };
	size_t i, a;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		for (a = 0; a < ARRAY_LEN(rule); a++) {
			assert_int_equal(acl_decide(bad[i], 0, rule[a].action),
			    404);
			assert_int_equal(acl_decide(bad[i], 1, rule[a].action),
			    rule[a].admin[0]);
		}
}

/* The level is the best of the user's own grant and their groups'. */
static void
test_level_is_the_max(void **state)
{
	int u, g;

	(void)state;
	for (u = 0; u <= 3; u++)
		for (g = 0; g <= 3; g++)
			assert_int_equal(acl_level(u, g), u > g ? u : g);
	assert_int_equal(acl_level(7, 0), ACL_NONE);
	assert_int_equal(acl_level(-3, 2), ACL_SEED);
	assert_int_equal(acl_level(1, 42), ACL_CODE);
}

static void
test_needed_and_denial_audit(void **state)
{
	(void)state;
	assert_int_equal(acl_needed(ACL_TOKEN_READ), ACL_CODE);
	assert_int_equal(acl_needed(ACL_TOKEN_CODE), ACL_CODE);
	assert_int_equal(acl_needed(ACL_TOKEN_SEED), ACL_SEED);
	assert_int_equal(acl_needed(ACL_TOKEN_ROTATE), ACL_SEED);
	assert_int_equal(acl_needed(ACL_TOKEN_MANAGE), ACL_MANAGE);
	assert_int_equal(acl_needed(ACL_TOKEN_GRANTS), ACL_MANAGE);
	assert_int_equal(acl_needed((enum acl_action)77), ACL_MANAGE);
	assert_true(acl_audits_denial(ACL_TOKEN_CODE));
	assert_true(acl_audits_denial(ACL_TOKEN_SEED));
	assert_false(acl_audits_denial(ACL_TOKEN_READ));
	assert_false(acl_audits_denial(ACL_TOKEN_MANAGE));
}

static void
test_names(void **state)
{
	static const char *const bad[] = { "", "Code", "admin", "code ",
	    "none", "1" };
	size_t i;
	int l, got;

	(void)state;
	for (l = ACL_CODE; l <= ACL_MANAGE; l++) {
		assert_int_equal(acl_level_parse(acl_level_name(l), &got), 0);
		assert_int_equal(got, l);
	}
	assert_string_equal(acl_level_name(ACL_SEED), "seed");
	assert_null(acl_level_name(ACL_NONE));
	assert_null(acl_level_name(4));
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(acl_level_parse(bad[i], &got), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide_table),
		cmocka_unit_test(test_decide_out_of_range),
		cmocka_unit_test(test_level_is_the_max),
		cmocka_unit_test(test_needed_and_denial_audit),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
