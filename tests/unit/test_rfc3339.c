/*
 * test_rfc3339.c -- RFC 3339 timestamps to Unix seconds, checked against
 * values computed with GNU date; and the strings that must be refused.
 */
#include "unit.h"

#include "util/rfc3339.h"

static const struct {
	const char *s;
	int64_t t;
} good[] = {
	{ "1970-01-01T00:00:00Z", 0 },
	{ "2024-06-22T15:46:11.000+07:00", 1719045971 },
	{ "2024-06-22T08:46:11Z", 1719045971 },
	{ "2024-06-22t08:46:11z", 1719045971 },
	{ "2024-06-22 08:46:11Z", 1719045971 },
	{ "2024-06-22T04:46:11-0400", 1719045971 },	/* Java's +HHMM */
	{ "2024-02-29T12:00:00.123456789Z", 1709208000 },
	{ "2000-02-29T00:00:00Z", 951782400 },
	{ "2016-12-31T23:59:60Z", 1483228799 },	/* leap second */
	{ "2038-01-19T03:14:08Z", 2147483648LL },
	{ "9999-12-31T23:59:59Z", 253402300799LL },
	{ "1970-01-01T05:30:00+05:30", 0 },
};

static const char *const bad[] = {
	"", "2024-06-22", "2024-06-22T15:46:11", "2024-06-22T15:46Z",
	"2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2023-02-29T00:00:00Z",
	"1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-06-22T24:00:00Z",
	"2024-06-22T23:60:00Z", "2024-06-22T23:59:61Z", "2024-06-22T15:46:11.Z",
	"2024-06-22T15:46:11.0000000000Z", "2024-06-22T15:46:11+7:00",
	"2024-06-22T15:46:11+24:00", "2024-06-22T15:46:11+07:60",
	"2024-06-22T15:46:11Z ", "1969-12-31T23:59:59Z", "2024/06/22T15:46:11Z",
	"20240622T154611Z", "2024-06-22T15:46:11+07:00:00", "Jun 22, 2024",
};

static void
test_good(void **state)
{
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < ARRAY_LEN(good); i++) {
		if (rfc3339_parse(good[i].s, strlen(good[i].s), &t) != 0)
			fail_msg("case %zu \"%s\" refused", i, good[i].s);
		if (t != good[i].t)
			fail_msg("case %zu \"%s\": %lld, want %lld", i,
			    good[i].s, (long long)t, (long long)good[i].t);
	}
}

static void
test_bad(void **state)
{
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		if (rfc3339_parse(bad[i], strlen(bad[i]), &t) != -1)
			fail_msg("case %zu \"%s\" accepted", i, bad[i]);
	/* Only n bytes are read. */
	assert_int_equal(rfc3339_parse("2024-06-22T08:46:11Zjunk", 20, &t), 0);
	assert_int_equal(t, 1719045971);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
