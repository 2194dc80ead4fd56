/*
 * retention.c -- see retention.h.
 *
 * DESIGN: one thread sleeps on a condition variable (so that stopping is
 *     immediate) and submits a sweep job to the writer every interval;
 *     it waits for that job to be done before it sleeps again, so two
 *     sweeps never queue up behind a busy writer. The job deletes the
 *     texts stored before now - retention and, when it deleted any,
 *     appends sms.expire {"count": n} (actor system): the deletion is on
 *     the record like any other change. secure_delete is on (sqlite.c),
 *     so the deleted rows' pages are overwritten.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/writer.h"
#include "kaito_limits.h"
#include "sms/retention.h"
#include "store/sms.h"
#include "util/log.h"

static _Atomic int64_t retention = LIMIT_SMS_RETENTION;

static struct {
	pthread_mutex_t mtx;
	pthread_cond_t cond;
	int running;			/* under mtx */
	int stopping;			/* under mtx */
	int job_out;			/* under mtx: a sweep is queued */
	pthread_t thread;
	struct writer_job job;		/* the sweep; reused */
	int64_t deleted;		/* by the last sweep (writer thread) */
} sw = {
	.mtx = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

int
sms_retention_parse(const char *s, int64_t *seconds, struct errbuf *e)
{
	char *end;
	long long v;
	int64_t mul = 1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno != 0 || v < 1 || s[0] == '+' || s[0] == ' ')
		return errbuf_set(e, "a retention time is a positive number "
		    "of seconds, or with s, m, h or d (24h)");
	if (*end != '\0') {
		if (end[1] != '\0')
			return errbuf_set(e, "unknown unit '%.8s' (s, m, h or "
			    "d)", end);
		switch (*end) {
		case 's':
			break;
		case 'm':
			mul = 60;
			break;
		case 'h':
			mul = 3600;
			break;
		case 'd':
			mul = 86400;
			break;
		default:
			return errbuf_set(e, "unknown unit '%.8s' (s, m, h "
			    "or d)", end);
		}
	}
	if (v > LIMIT_SMS_RETENTION_MAX / mul)
		return errbuf_set(e, "at most %d days",
		    LIMIT_SMS_RETENTION_MAX / 86400);
	*seconds = (int64_t)v * mul;
	return 0;
}

void
sms_retention_set(int64_t seconds)
{
	atomic_store(&retention, seconds);
}

int64_t
sms_retention(void)
{
	return atomic_load(&retention);
}

int64_t
sms_retention_floor(int64_t now)
{
	return now - atomic_load(&retention);
}

static int
sweep_run(struct store *st, void *arg, struct audit_event *ev)
{
	int64_t now = (int64_t)time(NULL);

	(void)arg;
	if (store_sms_expire(st, sms_retention_floor(now), &sw.deleted) == -1)
		return -1;
	if (sw.deleted == 0) {
		ev->action = NULL;	/* nothing to record */
		return 0;
	}
	audit_event_target(ev, "sms", 0, NULL);
	audit_event_detail(ev, "count", json_integer((json_int_t)sw.deleted));
	audit_event_detail(ev, "retention_s", json_integer(
	    (json_int_t)sms_retention()));
	return 0;
}

static void
sweep_done(void *arg, int rc)
{
	(void)arg;
	if (rc != 0)
		log_warnx("%s: deleting expired texts failed; retrying at the "
		    "next sweep", __func__);
	else if (sw.deleted > 0)
		log_info("%s: deleted %lld expired texts", __func__,
		    (long long)sw.deleted);
	pthread_mutex_lock(&sw.mtx);
	sw.job_out = 0;
	pthread_cond_broadcast(&sw.cond);
	pthread_mutex_unlock(&sw.mtx);
}

static void
sweep_submit(void)
{
	audit_event_clear(&sw.job.ev);
	memset(&sw.job, 0, sizeof(sw.job));
	audit_event_init(&sw.job.ev, NULL, "sms.expire");
	sw.job.run = sweep_run;
	sw.job.done = sweep_done;
	sw.job_out = 1;
	if (writer_submit(&sw.job) == -1)
		sw.job_out = 0;
}

static void *
sweeper_main(void *unused)
{
	struct timespec until;
	int64_t every;

	(void)unused;
	pthread_mutex_lock(&sw.mtx);
	while (!sw.stopping) {
		every = sms_retention() / 10;
		every = every < 1 ? 1 : every > 60 ? 60 : every;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)every;
		while (!sw.stopping && pthread_cond_timedwait(&sw.cond,
		    &sw.mtx, &until) != ETIMEDOUT)
			;
		if (sw.stopping)
			break;
		sweep_submit();	/* under sw.mtx: done waits for us */
		while (sw.job_out)
			pthread_cond_wait(&sw.cond, &sw.mtx);
	}
	pthread_mutex_unlock(&sw.mtx);
	return NULL;
}

int
sms_retention_start(struct errbuf *e)
{
	pthread_mutex_lock(&sw.mtx);
	sw.stopping = 0;
	pthread_mutex_unlock(&sw.mtx);
	if (pthread_create(&sw.thread, NULL, sweeper_main, NULL) != 0)
		return errbuf_set(e, "cannot start the SMS retention thread");
	pthread_setname_np(sw.thread, "kaito-retention");
	sw.running = 1;
	return 0;
}

void
sms_retention_stop(void)
{
	if (!sw.running)
		return;
	pthread_mutex_lock(&sw.mtx);
	sw.stopping = 1;
	pthread_cond_broadcast(&sw.cond);
	pthread_mutex_unlock(&sw.mtx);
	pthread_join(sw.thread, NULL);
	sw.running = 0;
	audit_event_clear(&sw.job.ev);
}
