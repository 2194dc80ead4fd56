/*
 * test_router.c -- route matching: ids, 404 versus 405 with Allow, and
 * that every route in the table is reachable by its own pattern.
 */
#include "unit.h"

#include "http/router.h"

static void
test_match_with_ids(void **state)
{
	const struct route *rt;
	int64_t ids[REQ_MAX_IDS] = { 0 };
	char allow[64];

	(void)state;
	assert_int_equal(router_match("GET", "/api/v1/tokens/42/code", &rt,
	    ids, allow, sizeof(allow)), 200);
	assert_string_equal(rt->pattern, "/api/v1/tokens/:id/code");
	assert_int_equal(ids[0], 42);
	assert_int_equal(router_match("PUT", "/api/v1/groups/7/members/9",
	    &rt, ids, allow, sizeof(allow)), 200);
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 9);
	assert_int_equal(router_match("GET", "/api/v1/tokens/9223372036854775807",
	    &rt, ids, allow, sizeof(allow)), 200);
	assert_true(ids[0] == INT64_MAX);
}

static void
test_bad_ids_do_not_match(void **state)
{
	static const char *paths[] = {
		"/api/v1/tokens/0", "/api/v1/tokens/-1", "/api/v1/tokens/01",
		"/api/v1/tokens/1a", "/api/v1/tokens/", "/api/v1/tokens/+1",
		"/api/v1/tokens/9223372036854775808",
		"/api/v1/tokens/99999999999999999999",
		"/api/v1/tokens/1/code/", "/api/v1/tokens//code",
		"/api/v1/tokens/1/codes", "//api/v1/tokens", "/api/v1/token",
	};
	const struct route *rt;
	int64_t ids[REQ_MAX_IDS];
	char allow[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(paths); i++)
		if (router_match("GET", paths[i], &rt, ids, allow,
		    sizeof(allow)) != 404)
			fail_msg("%s matched", paths[i]);
}

static void
test_405_lists_allowed_methods(void **state)
{
	const struct route *rt;
	int64_t ids[REQ_MAX_IDS];
	char allow[64];

	(void)state;
	assert_int_equal(router_match("POST", "/api/v1/tokens/3", &rt, ids,
	    allow, sizeof(allow)), 405);
	assert_null(rt);
	assert_string_equal(allow, "GET, PATCH, DELETE");
	assert_int_equal(router_match("PATCH", "/healthz", &rt, ids, allow,
	    sizeof(allow)), 405);
	assert_string_equal(allow, "GET");
}

static void
test_every_route_reachable(void **state)
{
	const struct route *rt, *got;
	int64_t ids[REQ_MAX_IDS];
	char path[256], allow[64], *p;
	size_t n = 0;

	(void)state;
	for (rt = routes; rt->method != NULL; rt++, n++) {
		snprintf(path, sizeof(path), "%s", rt->pattern);
		while ((p = strstr(path, ":id")) != NULL)
			memcpy(p, "123", 3);
		assert_int_equal(router_match(rt->method, path, &got, ids,
		    allow, sizeof(allow)), 200);
		if (got != rt)
			fail_msg("%s %s is shadowed by %s %s", rt->method,
			    rt->pattern, got->method, got->pattern);
	}
	assert_int_equal(n, routes_count());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_with_ids),
		cmocka_unit_test(test_bad_ids_do_not_match),
		cmocka_unit_test(test_405_lists_allowed_methods),
		cmocka_unit_test(test_every_route_reachable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
