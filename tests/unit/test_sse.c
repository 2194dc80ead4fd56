/*
 * test_sse.c -- the SSE hub without sockets (http/sse.h): event framing,
 * the caps, which subscribers a collection returns (topic, live), a
 * queue that overflows drops its subscriber, closing a topic, and that
 * the owner's state is freed with the last reference. The reader and
 * suspend/resume need libmicrohttpd and are covered by the API tests.
 */
#include "unit.h"

#include "http/sse.h"

static int owners_freed;

static void
owner_free(void *p)
{
	free(p);
	owners_freed++;
}

static int
setup(void **state)
{
	(void)state;
	owners_freed = 0;
	return sse_hub_start(6, 20);
}

static int
teardown(void **state)
{
	(void)state;
	sse_hub_close();
	assert_int_equal(sse_hub_wait(1000), 0);
	sse_hub_stop();
	return 0;
}

static struct sse_sub *
sub(int64_t topic, int64_t user, int expect)
{
	struct sse_sub_info info = { topic, user, 0, user, NULL };
	struct sse_sub *s = NULL;

	assert_int_equal(sse_sub_new(&info, expect == 0 ? malloc(8) : NULL,
	    owner_free, NULL, &s), expect);
	return s;
}

static void
test_event_framing(void **state)
{
	struct sse_chunk *c;

	(void)state;
	c = sse_chunk_event(42, "sms", "{\"a\":1}", 7);
	assert_non_null(c);
	assert_int_equal(sse_chunk_len(c),
	    strlen("id: 42\nevent: sms\ndata: {\"a\":1}\n\n"));
	sse_chunk_unref(c);
	/* Data with a line break would end the event early: refused. */
	assert_null(sse_chunk_event(1, "sms", "a\nb", 3));
	assert_null(sse_chunk_event(1, "sms", "a\rb", 3));
}

static void
test_caps(void **state)
{
	struct sse_sub *s[8];
	int i;

	(void)state;
	for (i = 0; i < LIMIT_SSE_PER_USER; i++)
		s[i] = sub(1, 7, 0);
	sub(1, 7, SSE_EUSER);
	s[4] = sub(1, 8, 0);
	s[5] = sub(0, 9, 0);
	sub(1, 10, SSE_EFULL);			/* 6 in all */
	sse_sub_unref(s[0]);
	s[0] = sub(1, 7, 0);			/* a place came free */
	for (i = 0; i < 6; i++)
		sse_sub_unref(s[i]);
	assert_int_equal(owners_freed, 7);
}

static void
test_collect_topic_and_live(void **state)
{
	struct sse_sub *a = sub(1, 1, 0), *b = sub(2, 2, 0), *all = sub(0, 3, 0);
	struct sse_chunk *c;
	struct sse_sub **v;
	size_t n;

	(void)state;
	assert_int_equal(sse_hub_collect(1, &v, &n), 0);
	assert_int_equal(n, 0);			/* none live yet */
	sse_subs_release(v, n);
	sse_sub_set_live(a, 1);
	sse_sub_set_live(b, 1);
	sse_sub_set_live(all, 1);
	assert_int_equal(sse_hub_collect(1, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_true((v[0] == a && v[1] == all) || (v[0] == all && v[1] == a));
	/* A collected subscriber outlives its other references. */
	sse_sub_unref(a);
	assert_int_equal(owners_freed, 0);
	sse_subs_release(v, n);
	assert_int_equal(owners_freed, 1);
	sse_hub_close_topic(2);
	assert_true(sse_sub_closed(b));
	assert_false(sse_sub_closed(all));
	c = sse_chunk_text(": x\n\n");
	assert_int_equal(sse_push(b, c), -1);
	sse_chunk_unref(c);
	sse_sub_unref(b);
	sse_sub_unref(all);
}

static void
test_overflow_drops(void **state)
{
	struct sse_sub *s = sub(1, 1, 0);
	struct sse_chunk *c;
	char *big;
	size_t i, n = 16 * 1024;

	(void)state;
	big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	c = sse_chunk_event(1, "sms", big, n);
	for (i = 0; i * (n + 24) < LIMIT_SSE_QUEUE - (n + 24); i++)
		assert_int_equal(sse_push(s, c), 0);
	assert_false(sse_sub_closed(s));
	while (sse_push(s, c) == 0)	/* the one over the cap drops it */
		;
	assert_true(sse_sub_closed(s));
	assert_int_equal(sse_push(s, c), -1);
	sse_chunk_unref(c);
	free(big);
	sse_sub_unref(s);
}

static void
test_closing_refuses_new(void **state)
{
	(void)state;
	sse_hub_close();
	sub(1, 1, SSE_ECLOSING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_framing),
		cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collect_topic_and_live,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_drops, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_closing_refuses_new,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
