/*
 * test_acl_inbox.c -- the inbox permission rule (acl/acl_inbox.h), walked
 * exhaustively: every level, admin or not, for every action, against the
 * table of docs/api.md written out by hand.
 */
#include "unit.h"

#include "acl/acl_inbox.h"

/* The answer for levels 0..2 without and with admin rights. */
static const struct {
	enum acl_inbox_action action;
	const char *name;
	int member[3];
	int admin[3];
} rule[] = {
	{ ACL_INBOX_GET,    "get",    { 404, 0, 0 },   { 0, 0, 0 } },
	{ ACL_INBOX_TEXTS,  "texts",  { 404, 0, 0 },   { 403, 0, 0 } },
	{ ACL_INBOX_EDIT,   "edit",   { 404, 403, 0 }, { 0, 0, 0 } },
	{ ACL_INBOX_GRANTS, "grants", { 404, 403, 0 }, { 0, 0, 0 } },
};

static void
test_decide_table(void **state)
{
	size_t i;
	int l;

	(void)state;
	for (i = 0; i < ARRAY_LEN(rule); i++)
		for (l = ACL_INBOX_NONE; l <= ACL_INBOX_MANAGE; l++)
			if (acl_inbox_decide(l, 0, rule[i].action) !=
			    rule[i].member[l] ||
			    acl_inbox_decide(l, 1, rule[i].action) !=
			    rule[i].admin[l])
				fail_msg("%s at level %d", rule[i].name, l);
}

/* Levels out of range never grant anything; unknown actions need the
 * most. */
static void
test_out_of_range(void **state)
{
	static const int bad[] = { -1, 3, 99, -2147483647 - 1 };
	size_t i, a;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		for (a = 0; a < ARRAY_LEN(rule); a++) {
			assert_int_equal(acl_inbox_decide(bad[i], 0,
			    rule[a].action), 404);
			assert_int_equal(acl_inbox_decide(bad[i], 1,
			    rule[a].action), rule[a].admin[0]);
		}
	assert_int_equal(acl_inbox_needed((enum acl_inbox_action)77),
	    ACL_INBOX_MANAGE);
	assert_int_equal(acl_inbox_decide(ACL_INBOX_READ, 0,
	    (enum acl_inbox_action)77), 403);
}

static void
test_level_is_the_max(void **state)
{
	int u, g;

	(void)state;
	for (u = 0; u <= 2; u++)
		for (g = 0; g <= 2; g++)
			assert_int_equal(acl_inbox_level(u, g), u > g ? u : g);
	/* A token level (3, manage) stored by mistake grants nothing. */
	assert_int_equal(acl_inbox_level(3, 0), ACL_INBOX_NONE);
	assert_int_equal(acl_inbox_level(-1, 1), ACL_INBOX_READ);
}

static void
test_names(void **state)
{
	static const char *const bad[] = { "", "Read", "code", "seed",
	    "read ", "none", "1" };
	size_t i;
	int l, got;

	(void)state;
	for (l = ACL_INBOX_READ; l <= ACL_INBOX_MANAGE; l++) {
		assert_int_equal(acl_inbox_level_parse(acl_inbox_level_name(l),
		    &got), 0);
		assert_int_equal(got, l);
	}
	assert_string_equal(acl_inbox_level_name(ACL_INBOX_READ), "read");
	assert_null(acl_inbox_level_name(ACL_INBOX_NONE));
	assert_null(acl_inbox_level_name(3));
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(acl_inbox_level_parse(bad[i], &got), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide_table),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_level_is_the_max),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
