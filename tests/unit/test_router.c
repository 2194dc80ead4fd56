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
		if ((p = strstr(path, ":name")) != NULL)
			memcpy(p, "a.com", 5);
		assert_int_equal(router_match(rt->method, path, &got, ids,
		    allow, sizeof(allow)), 200);
		if (got != rt)
			fail_msg("%s %s is shadowed by %s %s", rt->method,
			    rt->pattern, got->method, got->pattern);
	}
	assert_int_equal(n, routes_count());
}

static void
test_name_segments(void **state)
{
	static const char *good[] = {
		"ns1.com", "Example.CO.uk", "a.b", "xn--bcher-kva.example",
		"1password.com", "m365.cloud.microsoft",
	};
	static const char *bad[] = {
		"ns1", "nothing", ".ns1.com", "ns1.com.", "ns1..com",
		"-ns1.com", "ns1.com-", "ns1.com/x", "ns1%2ecom", "ns_1.com",
		"ns1.com?", "..", ".", "a b.com", "",
	};
	const struct route *rt;
	int64_t ids[REQ_MAX_IDS];
	char path[600], name[REQ_NAME_MAX + 1], allow[64], longname[300];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(good); i++) {
		snprintf(path, sizeof(path), "/api/v1/directory/%s", good[i]);
		assert_int_equal(router_match_name("GET", path, &rt, ids,
		    name, allow, sizeof(allow)), 200);
		assert_string_equal(name, good[i]);
	}
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		snprintf(path, sizeof(path), "/api/v1/directory/%s", bad[i]);
		if (router_match_name("GET", path, &rt, ids, name, allow,
		    sizeof(allow)) != 404)
			fail_msg("%s matched", path);
	}
	/* "report" is the vault report's own route, not a name. */
	assert_int_equal(router_match_name("GET", "/api/v1/directory/report",
	    &rt, ids, name, allow, sizeof(allow)), 200);
	assert_string_equal(rt->pattern, "/api/v1/directory/report");
	/* 253 bytes match, 254 do not. */
	memset(longname, 'a', sizeof(longname));
	longname[1] = '.';
	longname[253] = '\0';
	snprintf(path, sizeof(path), "/directory/%s", longname);
	assert_int_equal(router_match_name("GET", path, &rt, ids, name, allow,
	    sizeof(allow)), 200);
	longname[253] = 'a';
	longname[254] = '\0';
	snprintf(path, sizeof(path), "/directory/%s", longname);
	assert_int_equal(router_match_name("GET", path, &rt, ids, name, allow,
	    sizeof(allow)), 404);
	/* The literal route wins over :name, and :id routes keep no name. */
	assert_int_equal(router_match_name("GET", "/directory/license", &rt,
	    ids, name, allow, sizeof(allow)), 200);
	assert_string_equal(rt->pattern, "/directory/license");
	assert_int_equal(router_match_name("GET", "/api/v1/tokens/5", &rt,
	    ids, name, allow, sizeof(allow)), 200);
	assert_string_equal(name, "");
	assert_int_equal(router_match_name("POST", "/directory/ns1.com", &rt,
	    ids, name, allow, sizeof(allow)), 405);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_with_ids),
		cmocka_unit_test(test_bad_ids_do_not_match),
		cmocka_unit_test(test_405_lists_allowed_methods),
		cmocka_unit_test(test_every_route_reachable),
		cmocka_unit_test(test_name_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
