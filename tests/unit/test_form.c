/*
 * test_form.c -- application/x-www-form-urlencoded bodies: decoding as
 * browsers and Twilio write them, duplicates kept in order, and every
 * refusal with its message.
 */
#include "unit.h"

#include "util/form.h"

static void
test_decode(void **state)
{
	const char body[] = "To=%2B15550100123&Body=Hello+w%C3%B6rld%21%0A"
	    "&Empty=&NoEq&a=b=c&&Body=second&Sp%20ace=1";
	const struct form_field *ff;
	struct form f;
	struct errbuf e;
	size_t count;

	(void)state;
	assert_int_equal(form_parse(body, strlen(body), &f, &e), 0);
	assert_int_equal(f.n, 7);
	ff = form_get(&f, "To", &count);
	assert_non_null(ff);
	assert_string_equal(ff->value, "+15550100123");
	assert_int_equal(count, 1);
	ff = form_get(&f, "Body", &count);
	assert_string_equal(ff->value, "Hello w\xc3\xb6rld!\n");
	assert_int_equal(ff->value_len, 14);
	assert_int_equal(count, 2);
	assert_string_equal(f.f[5].value, "second");	/* body order */
	assert_string_equal(form_get(&f, "Empty", NULL)->value, "");
	assert_string_equal(form_get(&f, "NoEq", NULL)->value, "");
	assert_string_equal(form_get(&f, "a", NULL)->value, "b=c");
	assert_non_null(form_get(&f, "Sp ace", NULL));
	assert_null(form_get(&f, "to", &count));	/* case matters */
	assert_int_equal(count, 0);
	form_free(&f);
	assert_null(f.buf);
	form_free(&f);		/* twice is fine */
	form_free(NULL);
}

static void
test_empty_and_bounds(void **state)
{
	struct form f;
	struct errbuf e;

	(void)state;
	assert_int_equal(form_parse("", 0, &f, &e), 0);
	assert_int_equal(f.n, 0);
	form_free(&f);
	assert_int_equal(form_parse("&&&", 3, &f, &e), 0);
	assert_int_equal(f.n, 0);
	form_free(&f);
	/* A raw NUL is refused like "%00". */
	assert_int_equal(form_parse("a=1\0b", 5, &f, &e), -1);
	assert_string_equal(e.msg, "form has a NUL byte at position 4");
	assert_null(f.buf);
	/* Only n bytes are read. */
	assert_int_equal(form_parse("a=1&b=2", 3, &f, &e), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.f[0].value, "1");
	form_free(&f);
}

static const struct {
	const char *body, *err;
} bad[] = {
	{ "a=%4", "form field value: '%' at position 1 is not followed by "
	  "two hex digits" },
	{ "a=%zz", "not followed by two hex digits" },
	{ "%G1=x", "form field name: '%' at position 1" },
	{ "a=x%00y", "form field value: %00 at position 2" },
	{ "=x", "form field 1 has no name" },
	{ "a=1&=2", "form field 2 has no name" },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1",
	  "form field 1: name longer than 64 bytes" },
};

static void
test_refusals(void **state)
{
	struct form f;
	struct errbuf e;
	char *many;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		e.msg[0] = '\0';
		assert_int_equal(form_parse(bad[i].body, strlen(bad[i].body),
		    &f, &e), -1);
		if (strstr(e.msg, bad[i].err) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, e.msg,
			    bad[i].err);
		assert_null(f.buf);
		assert_int_equal(f.n, 0);
	}
	many = malloc(LIMIT_SMS_FORM_FIELDS * 4 + 8);
	assert_non_null(many);
	many[0] = '\0';
	for (i = 0; i < LIMIT_SMS_FORM_FIELDS; i++)
		strcat(many, "a=1&");
	assert_int_equal(form_parse(many, strlen(many), &f, &e), 0);
	assert_int_equal(f.n, LIMIT_SMS_FORM_FIELDS);
	form_free(&f);
	strcat(many, "a=1");
	assert_int_equal(form_parse(many, strlen(many), &f, &e), -1);
	assert_string_equal(e.msg, "form has more than 100 fields");
	free(many);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_empty_and_bounds),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
