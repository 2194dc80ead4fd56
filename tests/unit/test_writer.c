/*
 * test_writer.c -- the writer's promises: a job's change and its audit
 * event land together or not at all; one failing job does not take its
 * batch down; a failed commit fails every job of the batch and leaves
 * nothing; seq follows submission order with no gap, from many threads.
 */
#include <pthread.h>
#include <unistd.h>

#include <sodium.h>

#include "unit.h"

#include "audit/writer.h"
#include "store/audit.h"
#include "store/meta.h"

static char db_path[64];

struct waiter {
	pthread_mutex_t mtx;
	pthread_cond_t cond;
	int done, rc;
};

static void
waiter_done(void *arg, int rc)
{
	struct waiter *w = arg;

	pthread_mutex_lock(&w->mtx);
	w->done = 1;
	w->rc = rc;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mtx);
}

static int
waiter_wait(struct waiter *w)
{
	pthread_mutex_lock(&w->mtx);
	while (!w->done)
		pthread_cond_wait(&w->cond, &w->mtx);
	pthread_mutex_unlock(&w->mtx);
	return w->rc;
}

/* A job that writes setting "k<n>" = "v"; fails when n is negative. */
static int
put_setting(struct store *st, void *arg, struct audit_event *ev)
{
	long n = (long)(intptr_t)arg;
	char key[32];

	(void)ev;
	snprintf(key, sizeof(key), "k%ld", labs(n));
	if (store_setting_put(st, key, "v") != 0)
		return -1;
	return n < 0 ? 7 : 0;	/* a job-specific refusal code */
}

static int
submit_and_wait(long n, const char *action, int audit_failure)
{
	struct writer_job job = { .run = put_setting,
	    .arg = (void *)(intptr_t)n, .audit_failure = audit_failure };
	struct waiter w = { PTHREAD_MUTEX_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, 0, 0 };
	int rc;

	audit_event_init(&job.ev, NULL, action);
	job.done = waiter_done;
	job.done_arg = &w;
	assert_int_equal(writer_submit(&job), 0);
	rc = waiter_wait(&w);
	audit_event_clear(&job.ev);
	return rc;
}

static int
count_rows(struct store *st, const char *action)
{
	struct audit_filter f = { .action = action, .limit = 1000 };
	json_t *rows;
	int n;

	assert_int_equal(store_audit_list(st, &f, &rows), 0);
	n = (int)json_array_size(rows);
	json_decref(rows);
	return n;
}

static int
has_setting(struct store *st, long n)
{
	char key[32], val[8];

	snprintf(key, sizeof(key), "k%ld", n);
	return store_setting_get(st, key, val, sizeof(val)) == 0;
}

static int
setup(void **state)
{
	struct errbuf e;

	(void)state;
	assert_true(sodium_init() >= 0);
	snprintf(db_path, sizeof(db_path), "/tmp/kaito-writer-%d.db",
	    (int)getpid());
	unlink(db_path);
	setenv("KAITO_TEST_HOOKS", "1", 1);
	if (writer_start(db_path, &e) == -1)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	char p[80];

	(void)state;
	writer_stop();
	unlink(db_path);
	snprintf(p, sizeof(p), "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db_path);
	unlink(p);
	return 0;
}

static void
test_change_and_event_together(void **state)
{
	struct errbuf e;
	struct store *st;

	(void)state;
	assert_int_equal(submit_and_wait(1, "test.ok", 0), 0);
	assert_int_equal(submit_and_wait(-2, "test.refused", 0), 7);
	assert_int_equal(submit_and_wait(-3, "test.refused.audited", 1), 7);
	assert_non_null(st = store_open(db_path, &e));
	assert_true(has_setting(st, 1));
	assert_int_equal(count_rows(st, "test.ok"), 1);
	/* A refused job leaves neither its change nor (by default) an event. */
	assert_false(has_setting(st, 2));
	assert_int_equal(count_rows(st, "test.refused"), 0);
	/* With audit_failure the attempt is recorded, the change is not. */
	assert_false(has_setting(st, 3));
	assert_int_equal(count_rows(st, "test.refused.audited"), 1);
	store_close(st);
}

static void
test_failed_commit_fails_all(void **state)
{
	struct errbuf e;
	struct store *st;

	(void)state;
	store_fail_writes(1);
	assert_int_equal(submit_and_wait(10, "test.lost", 0), -1);
	store_fail_writes(0);
	assert_non_null(st = store_open(db_path, &e));
	assert_false(has_setting(st, 10));
	assert_int_equal(count_rows(st, "test.lost"), 0);
	store_close(st);
	assert_int_equal(submit_and_wait(11, "test.after", 0), 0);
}

#define THREADS 8
#define PER_THREAD 200

static void *
hammer(void *arg)
{
	long base = (long)(intptr_t)arg, i;

	for (i = 0; i < PER_THREAD; i++)
		if (submit_and_wait(1000 + base * PER_THREAD + i, "test.many",
		    0) != 0)
			return (void *)1;
	return NULL;
}

static void
test_many_threads_gapless(void **state)
{
	pthread_t t[THREADS];
	struct audit_filter f = { .limit = 1000 };
	struct errbuf e;
	struct store *st;
	json_t *rows;
	void *ret;
	int64_t prev = 0, seq;
	long i;
	size_t k, total = 0;

	(void)state;
	for (i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i);
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], &ret);
		assert_null(ret);
	}
	assert_non_null(st = store_open(db_path, &e));
	for (;;) {
		f.after_seq = prev;
		assert_int_equal(store_audit_list(st, &f, &rows), 0);
		if (json_array_size(rows) == 0) {
			json_decref(rows);
			break;
		}
		for (k = 0; k < json_array_size(rows); k++) {
			seq = json_integer_value(json_object_get(
			    json_array_get(rows, k), "seq"));
			assert_true(seq == prev + 1);
			prev = seq;
			total++;
		}
		json_decref(rows);
	}
	/* test.ok, test.refused.audited, test.after, then the hammering. */
	assert_int_equal(total, 3 + THREADS * PER_THREAD);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_and_event_together),
		cmocka_unit_test(test_failed_commit_fails_all),
		cmocka_unit_test(test_many_threads_gapless),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
