/*
 * test_sms_message.c -- a received text as Kaito keeps and shows it
 * (sms/message.h): extraction on the way in, the sealed form round trip,
 * the API shape with nulls; and the retention time's parser
 * (sms/retention.h).
 */
#include "unit.h"

#include "kaito_limits.h"
#include "sms/message.h"
#include "sms/retention.h"
#include "util/jsonmem.h"

static void
msg(struct sms_msg *m, const char *to, const char *body)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "SM1");
	snprintf(m->from, sizeof(m->from), "+15550100999");
	snprintf(m->to, sizeof(m->to), "%s", to);
	m->body_len = strlen(body);
	memcpy(m->body, body, m->body_len);
	m->received_at = 1700000000;
}

static void
test_from_msg_extracts(void **state)
{
	struct sms_content c;
	struct sms_msg m;

	(void)state;
	msg(&m, "", "Your NS1 verification code is 482913.");
	sms_content_from_msg(&m, "+15550100123", &c);
	assert_string_equal(c.to, "+15550100123");	/* the inbox's */
	assert_string_equal(c.code, "482913");
	assert_string_equal(c.service, "NS1");
	msg(&m, "+15550100124", "See you at 10:30");
	sms_content_from_msg(&m, "+15550100123", &c);
	assert_string_equal(c.to, "+15550100124");
	assert_string_equal(c.code, "");
	sms_content_clear(&c);
}

static void
test_sealed_form_round_trip(void **state)
{
	struct sms_content c, d;
	struct sms_msg m;
	char *s;
	size_t n;

	(void)state;
	msg(&m, "+15550100123", "Ihr Code: 123456\n\"quoted\" \\ tab\there");
	sms_content_from_msg(&m, "+15550100123", &c);
	assert_non_null(s = sms_content_dump(&c, &n));
	assert_int_equal(sms_content_load(s, n, &d), 0);
	assert_memory_equal(&c, &d, sizeof(c));
	jsonmem_free_string(s);
	/* Not the format: refused, d left empty. */
	assert_int_equal(sms_content_load("{\"from\":1}", 10, &d), -1);
	assert_int_equal(sms_content_load("[]", 2, &d), -1);
	assert_string_equal(d.body, "");
	sms_content_clear(&c);
}

static void
test_api_shape(void **state)
{
	struct sms_content c;
	struct sms_msg m;
	json_t *o;

	(void)state;
	msg(&m, "+15550100123", "no code here");
	sms_content_from_msg(&m, "+15550100123", &c);
	o = sms_message_json(7, 3, 1700000000, &c);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 8);
	assert_true(json_is_null(json_object_get(o, "code")));
	assert_true(json_is_null(json_object_get(o, "service")));
	assert_int_equal(json_integer_value(json_object_get(o, "id")), 7);
	assert_int_equal(json_integer_value(json_object_get(o, "inbox")), 3);
	json_decref(o);
}

static void
test_retention_parse(void **state)
{
	static const struct {
		const char *s;
		int64_t v;	/* -1: refused */
	} cases[] = {
		{ "1", 1 }, { "90s", 90 }, { "15m", 900 }, { "24h", 86400 },
		{ "30d", 30 * 86400 }, { "2592000", 2592000 },
		{ "0", -1 }, { "-5", -1 }, { "31d", -1 }, { "2592001", -1 },
		{ "1w", -1 }, { "h", -1 }, { "", -1 }, { "5 h", -1 },
		{ "+5", -1 }, { "5hh", -1 }, { "99999999999999999999d", -1 },
	};
	struct errbuf e;
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		v = 0;
		if (cases[i].v == -1) {
			if (sms_retention_parse(cases[i].s, &v, &e) != -1)
				fail_msg("accepted '%s'", cases[i].s);
		} else if (sms_retention_parse(cases[i].s, &v, &e) != 0 ||
		    v != cases[i].v)
			fail_msg("'%s' gave %lld", cases[i].s, (long long)v);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_msg_extracts),
		cmocka_unit_test(test_sealed_form_round_trip),
		cmocka_unit_test(test_api_shape),
		cmocka_unit_test(test_retention_parse),
	};

	jsonmem_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
