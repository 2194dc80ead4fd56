/*
 * sms_stream.c -- GET /inboxes/{id}/stream and GET /inboxes/stream: the
 * texts of one inbox, or of every inbox the caller may read, as
 * Server-Sent Events, live.
 *
 * Why: a teammate waiting for a code sees it the moment the provider
 * delivers it. Each event is one text:
 *
 *     id: 42
 *     event: sms
 *     data: {"id":42,"inbox":3,"from":...,"code":"482913",...}
 *
 * and a client that reconnects with Last-Event-ID (browsers do it by
 * themselves) gets every text it missed, then the live ones, without a
 * gap or a repeat.
 *
 * NO GAPS: text ids grow in the order the writer stores them, and the
 *     writer is one thread. A stream is caught up by replay jobs that run
 *     on that thread too: a replay reads the texts after the stream's
 *     cursor (its Last-Event-ID, or the newest id when it has none), and
 *     when it has read them all it marks the stream live in the hub, in
 *     the same step. A text stored before that step is in the replay; one
 *     stored after it is fanned out to the stream by its own job
 *     (sms_fanout.c). Both push in commit order (the job hook and the
 *     writer's done callbacks run in FIFO order), so a stream receives
 *     ids in increasing order. Replays are paged (LIMIT_SSE_REPLAY_EVENTS
 *     texts or LIMIT_SSE_REPLAY_BYTES): the stream's reader asks for the
 *     next page when it has written the last one (sse.h drain), and the
 *     stream stays out of fan-outs until a page comes back short.
 * CHECKS: at connect, the caller's level (a refused per-inbox stream is
 *     audited like a refused listing) and the caps (429); in every replay
 *     job, the level again and the credential; and for every live text,
 *     in its fan-out. A stream whose user lost the inbox, or whose
 *     session or token ended, is closed.
 * AUDIT: each replay page appends one sms.view event per inbox on it
 *     ({"messages":[ids],"via":"replay"}) before the page is pushed; live
 *     texts are audited by the fan-out. Opening a stream that replays
 *     nothing records nothing: nothing was read.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/fields.h"
#include "api/sms_int.h"
#include "audit/writer.h"
#include "http/respond.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/sms.h"
#include "util/log.h"
#include "vault/sms_seal.h"

#define STREAM_ECRED	150	/* the credential no longer holds */

/* One replay page, read by a job and pushed by its hook. */
struct page {
	struct sse_chunk *v[LIMIT_SSE_REPLAY_EVENTS];
	int64_t inbox[LIMIT_SSE_REPLAY_EVENTS];	/* of v[i] */
	int64_t id[LIMIT_SSE_REPLAY_EVENTS];	/* of v[i] */
	size_t n;
	size_t bytes;
	int64_t last;		/* the last id read (also those skipped) */
	int full;		/* stopped at a cap: more may follow */
	int more;		/* tell the reader to ask again */
	int close;		/* end the stream */
};

/*
 * A stream's own state: the subscriber's owner (sse.h). Kept small,
 * since a thousand open streams hold one each: the page and a drain's
 * job exist only while a replay is under way.
 */
struct stream_state {
	struct sse_sub *sub;		/* borrowed: it owns us */
	int64_t topic;			/* the inbox; 0: every readable one */
	int64_t user_id;
	int64_t session_id, apitoken_id;
	struct acl_inbox_job acl;	/* re-checked at every page */
	int64_t cursor;			/* writer thread: last id replayed */
	int has_cursor;			/* Last-Event-ID was given */
	struct page *page;		/* owned: from a replay's run to its
					 * push; NULL otherwise */
};

static void
page_free(struct page **pp)
{
	struct page *p = *pp;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		sse_chunk_unref(p->v[i]);
	free(p);
	*pp = NULL;
}

static void
state_free(void *arg)
{
	struct stream_state *s = arg;

	page_free(&s->page);
	free(s);
}

/* store_sms_list callback: one text onto the page. */
static int
page_add(void *arg, const struct sms_row *m)
{
	struct page *p = arg;
	struct sms_content c;
	struct sse_chunk *chunk = NULL;
	unsigned char *pt = NULL;
	size_t n = 0;

	p->last = m->id;
	if (sms_open(SMS_SEALED_BODY, m->id, m->sealed, m->sealed_len, &pt,
	    &n) == -1 || sms_content_load((const char *)pt, n, &c) == -1) {
		/* Cannot be shown to anyone; the stream goes on past it. */
		log_warnx("%s: text %lld does not open; skipped", __func__,
		    (long long)m->id);
		sms_plain_free(&pt, n + 1);
		return 0;
	}
	sms_plain_free(&pt, n + 1);
	chunk = sms_event_chunk(m->id, m->inbox_id, m->received_at, &c);
	sms_content_clear(&c);
	if (chunk == NULL)
		return -1;
	p->v[p->n] = chunk;
	p->inbox[p->n] = m->inbox_id;
	p->id[p->n] = m->id;
	p->n++;
	p->bytes += sse_chunk_len(chunk);
	if (p->bytes >= LIMIT_SSE_REPLAY_BYTES) {
		p->full = 1;
		return 1;
	}
	return 0;
}

/* One sms.view event per inbox on the page. */
static int
page_audit(struct store *st, struct stream_state *s)
{
	struct page *p = s->page;
	struct audit_event ev;
	struct inbox_row in;
	unsigned char done[LIMIT_SSE_REPLAY_EVENTS];
	json_t *ids;
	size_t i, k;
	int rc;

	memset(done, 0, sizeof(done));
	for (i = 0; i < p->n; i++) {
		if (done[i])
			continue;
		if ((ids = json_array()) == NULL)
			return -1;
		for (k = i; k < p->n; k++)
			if (p->inbox[k] == p->inbox[i]) {
				done[k] = 1;
				json_array_append_new(ids,
				    json_integer(p->id[k]));
			}
		audit_event_init(&ev, sse_sub_actor(s->sub), "sms.view");
		rc = store_inbox_get(st, p->inbox[i], 0, &in);
		acl_inbox_target(&ev, p->inbox[i], rc == 0 ? &in : NULL);
		audit_event_detail(&ev, "messages", ids);
		audit_event_detail(&ev, "via", json_string("replay"));
		rc = rc == -1 ? -1 : store_audit_append(st, &ev);
		audit_event_clear(&ev);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/*
 * Read the next page for stream s, on the writer thread: check the
 * credential and (one inbox) the level, read, audit, move the cursor, and
 * go live when the page is short. ev receives a refusal (connect only).
 * Returns 0 (s->page filled; page.close when the stream must end),
 * ACL_INBOX_EREFUSED, STREAM_ECRED or -1.
 */
static int
replay(struct store *st, struct stream_state *s, struct audit_event *ev)
{
	int64_t now = (int64_t)time(NULL);
	struct inbox_row in;
	struct sms_query q;
	int rc;

	page_free(&s->page);
	if ((s->page = calloc(1, sizeof(*s->page))) == NULL)
		return -1;
	if ((rc = store_credential_live(st, s->session_id, s->apitoken_id,
	    now)) != 0)
		return rc == -1 ? -1 : STREAM_ECRED;
	if (s->topic != 0 && (rc = acl_inbox_job_check(st, s->topic, &s->acl,
	    &in, ev)) != 0)
		return rc;
	if (!s->has_cursor) {
		if (store_sms_last_id(st, &s->cursor) == -1)
			return -1;
		s->has_cursor = 1;
	}
	q = (struct sms_query){ s->topic, s->user_id, s->cursor,
	    sms_retention_floor(now), LIMIT_SSE_REPLAY_EVENTS };
	if (store_sms_list(st, &q, page_add, s->page) == -1 ||
	    page_audit(st, s) == -1) {
		page_free(&s->page);
		return -1;
	}
	if (s->page->n == LIMIT_SSE_REPLAY_EVENTS)
		s->page->full = 1;
	if (s->page->last > s->cursor)
		s->cursor = s->page->last;
	s->page->more = s->page->full;
	if (!s->page->more)
		sse_sub_set_live(s->sub, 1);	/* caught up: fan-outs from
						 * the next job on include it */
	return 0;
}

/*
 * Push what the last replay read (commit order). The page is emptied
 * before the reader is told to ask again: from then on a new replay job
 * may be filling it.
 */
static void
page_push(struct stream_state *s)
{
	struct sse_sub *sub = s->sub;
	struct page *p = s->page;
	int close, more;
	size_t i;

	s->page = NULL;
	if (p == NULL) {
		sse_sub_close(sub);
		return;
	}
	close = p->close;
	more = p->more;
	for (i = 0; i < p->n; i++)
		sse_push(sub, p->v[i]);
	page_free(&p);
	if (close)
		sse_sub_close(sub);
	else
		sse_sub_set_more(sub, more);
}

/* --- the next pages, asked for by the stream's reader ---------------- */

static int
drain_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct stream_state *s = sse_sub_owner(arg);
	struct audit_event tmp;
	int rc;

	(void)ev;	/* the job's ev has no action: nothing appended */
	audit_event_init(&tmp, NULL, NULL);
	rc = replay(st, s, &tmp);
	audit_event_clear(&tmp);
	if (rc == ACL_INBOX_EREFUSED || rc == STREAM_ECRED) {
		if (s->page != NULL)
			s->page->close = 1;
		return 0;
	}
	return rc;
}

static void
drain_done(void *arg, int rc)
{
	struct writer_job *job = arg;
	struct sse_sub *sub = job->arg;
	struct stream_state *s = sse_sub_owner(sub);

	if (rc != 0) {
		page_free(&s->page);
		sse_sub_close(sub);
	} else
		page_push(s);
	free(job);
	sse_sub_unref(sub);	/* the job's; may free s */
}

static int
stream_drain(struct sse_sub *sub)
{
	struct writer_job *job;

	if ((job = calloc(1, sizeof(*job))) == NULL)
		return -1;
	job->run = drain_run;
	job->arg = sub;
	job->done = drain_done;
	job->done_arg = job;
	sse_sub_ref(sub);
	if (writer_submit(job) == -1) {
		free(job);
		sse_sub_unref(sub);
		return -1;
	}
	return 0;
}

/* --- connecting ------------------------------------------------------- */

struct connect_job {
	struct sse_sub *sub;		/* a reference, until sse_respond */
	struct stream_state *s;		/* borrowed: sub owns it */
};

static void
connect_free(void *arg)
{
	struct connect_job *j = arg;

	if (j == NULL)
		return;
	if (j->sub != NULL) {
		sse_sub_close(j->sub);
		sse_sub_unref(j->sub);
	}
	free(j);
}

static int
connect_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct connect_job *j = arg;
	int rc;

	if ((rc = replay(st, j->s, ev)) != 0)
		return rc;
	ev->action = NULL;	/* the page's events are appended already */
	return 0;
}

static void
connect_hook(struct req *r, int rc)
{
	struct connect_job *j = r->job_arg;

	if (rc == 0)
		page_push(j->s);
	else {
		page_free(&j->s->page);
		sse_sub_set_live(j->sub, 0);
		sse_sub_close(j->sub);
	}
}

static int
connect_finish(struct req *r, int rc)
{
	struct connect_job *j = r->job_arg;
	struct sse_sub *sub = j->sub;

	switch (rc) {
	case 0:
		j->sub = NULL;		/* the response takes our reference */
		return sse_respond(r, sub);
	case STREAM_ECRED:
		return respond_error(r, 401, "unauthenticated", "the "
		    "session or API token ended; log in again");
	}
	return inbox_job_failed(r, rc, &j->s->acl, "");
}

/* Last-Event-ID (header), or ?after=. Returns 0 (none), 1 (set), -1. */
static int
last_event_id_or_400(struct req *r, int64_t *after)
{
	const char *h = req_header(r, "Last-Event-ID");
	char *end;
	long long v;

	if (h == NULL || h[0] == '\0')
		return query_int_or_400(r, "after", 0, INT64_MAX, after);
	v = strtoll(h, &end, 10);
	if (h[0] < '0' || h[0] > '9' || *end != '\0' || v < 0 ||
	    v == LLONG_MAX)
		return respond_400(r, "Last-Event-ID must be the id of an "
		    "event (a decimal integer)"), -1;
	*after = v;
	return 1;
}

static int
stream_open(struct req *r, int64_t topic, int64_t after, int has_after)
{
	struct sse_sub_info info;
	struct connect_job *j;
	struct stream_state *s;
	struct sse_chunk *hello;
	int rc;

	/* A HEAD would replay (and record as seen) texts it never sends. */
	if (strcmp(r->method, "HEAD") == 0) {
		respond_header(r, "Allow", "GET");
		return respond_error(r, 405, "method_not_allowed", "a stream "
		    "is read with GET");
	}

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (j = calloc(1, sizeof(*j))) == NULL) {
		free(s);
		return respond_500(r);
	}
	s->topic = topic;
	s->user_id = r->auth.user_id;
	s->session_id = r->auth.session_id;
	s->apitoken_id = r->auth.apitoken_id;
	s->cursor = after;
	s->has_cursor = has_after;
	acl_inbox_job_init(&s->acl, r, ACL_INBOX_TEXTS);
	info = (struct sse_sub_info){ topic, r->auth.user_id,
	    r->auth.session_id, r->auth.apitoken_id, &r->actor };
	rc = sse_sub_new(&info, s, state_free, stream_drain, &j->sub);
	if (rc != 0) {
		free(s);
		free(j);
		if (rc == SSE_EUSER || rc == SSE_EFULL) {
			respond_header(r, "Retry-After", "10");
			if (rc == SSE_EUSER)
				return respond_error(r, 429,
				    "too_many_requests", "you have %d event "
				    "streams open already; close one",
				    LIMIT_SSE_PER_USER);
			return respond_error(r, 429, "too_many_requests",
			    "the server holds as many event streams as it "
			    "may; try again later");
		}
		if (rc == SSE_ECLOSING)
			return respond_error(r, 503, "unavailable", "the "
			    "server is stopping");
		return respond_500(r);
	}
	s->sub = j->sub;
	j->s = s;
	/* Reconnect after 2 s; the first bytes the client sees. */
	if ((hello = sse_chunk_text("retry: 2000\n\n")) != NULL) {
		sse_push(j->sub, hello);
		sse_chunk_unref(hello);
	}
	req_audit(r, "sms.view");	/* used for a refusal only */
	if (topic != 0)
		audit_event_target(&r->job.ev, "inbox", topic, NULL);
	r->job.run = connect_run;
	r->job.audit_failure = 1;
	r->job_hook = connect_hook;
	return req_defer(r, j, connect_free, connect_finish);
}

int
api_inbox_stream(struct req *r)
{
	struct inbox_row in;
	int64_t after = 0;
	int has, level, ret;

	if ((has = last_event_id_or_400(r, &after)) == -1)
		return 0;
	if (acl_inbox_or_refuse(r, ACL_INBOX_TEXTS, &in, &level, &ret) == -1)
		return ret;
	return stream_open(r, in.id, after, has);
}

int
api_inboxes_stream(struct req *r)
{
	int64_t after = 0;
	int has;

	if ((has = last_event_id_or_400(r, &after)) == -1)
		return 0;
	return stream_open(r, 0, after, has);
}
