/*
 * sms_fanout.c -- who receives a new text on the open streams, decided
 * and put on the record inside the writer job that stores the text.
 *
 * Why: the promise is that every delivery of a code to a teammate is on
 * the record, and that nobody without the right to read an inbox ever
 * receives one of its texts, even on a stream opened while they had it.
 * So the decision is made per text, in the same transaction that stores
 * it: the live streams following the inbox are collected from the hub,
 * each stream's user is checked against the inbox's readers as the
 * transaction sees them (a grant revoked a moment ago counts), and each
 * stream's credential is checked (a session that ended or a token
 * revoked, a user disabled). One sms.view event per user delivered to is
 * appended to the same transaction. Only once it is durable are the
 * bytes pushed (sms_fanout_publish, from the job hook, in commit order):
 * no audit, no push.
 *
 * VOLUME: one event per (text, user), not per stream: a user with three
 *     tabs open gets one event saying "streams": 3. At 50 texts a second
 *     and 250 readers that is 12,500 rows a second, all in the writer's
 *     group commits (one transaction per batch of jobs, one fsync per
 *     group), which is what bench/smsfanout measures.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "api/sms_int.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "util/jsonmem.h"
#include "util/log.h"

struct sse_chunk *
sms_event_chunk(int64_t id, int64_t inbox, int64_t received_at,
    const struct sms_content *c)
{
	struct sse_chunk *chunk;
	json_t *o;
	char *s;

	if ((o = sms_message_json(id, inbox, received_at, c)) == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return NULL;
	chunk = sse_chunk_event(id, "sms", s, strlen(s));
	jsonmem_free_string(s);
	return chunk;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Streams in order of user, then credential: one pass groups them. */
static int
cmp_sub(const void *a, const void *b)
{
	const struct sse_sub_info *x, *y;

	x = sse_sub_info(*(struct sse_sub *const *)a);
	y = sse_sub_info(*(struct sse_sub *const *)b);

	if (x->user_id != y->user_id)
		return x->user_id < y->user_id ? -1 : 1;
	if (x->session_id != y->session_id)
		return x->session_id < y->session_id ? -1 : 1;
	if (x->apitoken_id != y->apitoken_id)
		return x->apitoken_id < y->apitoken_id ? -1 : 1;
	return 0;
}

struct id_list {
	int64_t *v;
	size_t n, cap;
};

static int
id_add(void *arg, int64_t id)
{
	struct id_list *l = arg;
	int64_t *nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((nv = realloc(l->v, l->cap * sizeof(*nv))) == NULL)
			return -1;
		l->v = nv;
	}
	l->v[l->n++] = id;
	return 0;
}

/* Append one sms.view event for a user delivered to on `streams`
 * streams, the first of which is `first`. */
static int
audit_delivery(struct store *st, const struct inbox_row *in, int64_t id,
    const struct sse_sub *first, size_t streams)
{
	struct audit_event ev;
	int rc;

	audit_event_init(&ev, sse_sub_actor(first), "sms.view");
	acl_inbox_target(&ev, in->id, in);
	audit_event_detail(&ev, "messages", json_pack("[I]", (json_int_t)id));
	audit_event_detail(&ev, "via", json_string("stream"));
	audit_event_detail(&ev, "streams", json_integer((json_int_t)streams));
	rc = store_audit_append(st, &ev);
	audit_event_clear(&ev);
	return rc;
}

int
sms_fanout_prepare(struct store *st, const struct inbox_row *in,
    struct sse_chunk *chunk, struct sms_fanout *f)
{
	struct id_list readers = { NULL, 0, 0 };
	const struct sse_sub_info *si, *pi, *sj;
	int64_t now = (int64_t)time(NULL);
	size_t i, j, k, delivered;
	int live = 0, rc = -1;

	memset(f, 0, sizeof(*f));
	f->chunk = chunk;
	if (sse_hub_collect(in->id, &f->subs, &f->nsubs) == -1)
		return -1;
	if (f->nsubs == 0)
		return 0;
	if ((f->deliver = calloc(f->nsubs, 1)) == NULL ||
	    (f->close = calloc(f->nsubs, 1)) == NULL ||
	    store_inbox_readers(st, in->id, id_add, &readers) == -1)
		goto out;
	qsort(f->subs, f->nsubs, sizeof(*f->subs), cmp_sub);
	for (i = 0; i < f->nsubs; i = k) {
		/* subs[i..k) share one user; decide per credential. */
		si = sse_sub_info(f->subs[i]);
		for (k = i; k < f->nsubs &&
		    sse_sub_info(f->subs[k])->user_id == si->user_id; k++)
			;
		delivered = 0;
		for (j = i; j < k; j++) {
			sj = sse_sub_info(f->subs[j]);
			pi = j > i ? sse_sub_info(f->subs[j - 1]) : NULL;
			if (pi == NULL || pi->session_id != sj->session_id ||
			    pi->apitoken_id != sj->apitoken_id) {
				rc = store_credential_live(st, sj->session_id,
				    sj->apitoken_id, now);
				if (rc == -1)
					goto out;
				live = rc == 0;
			}
			if (!live) {
				f->close[j] = 1;
				continue;
			}
			if (readers.n == 0 || bsearch(&si->user_id, readers.v,
			    readers.n, sizeof(*readers.v), cmp_id) == NULL) {
				/* Lost the inbox: its own streams end; the
				 * all-inbox ones just skip this text. */
				if (sj->topic == in->id)
					f->close[j] = 1;
				continue;
			}
			f->deliver[j] = 1;
			delivered++;
		}
		if (delivered > 0)
			f->recipients++;
	}
	rc = 0;
out:
	free(readers.v);
	return rc;
}

int
sms_fanout_audit(struct store *st, const struct inbox_row *in, int64_t id,
    const struct sms_fanout *f)
{
	size_t i, k, first, n;

	/* subs are sorted by user: one event per user delivered to. */
	for (i = 0; i < f->nsubs; i = k) {
		int64_t user = sse_sub_info(f->subs[i])->user_id;

		first = f->nsubs;
		for (n = 0, k = i; k < f->nsubs &&
		    sse_sub_info(f->subs[k])->user_id == user; k++)
			if (f->deliver[k]) {
				if (first == f->nsubs)
					first = k;
				n++;
			}
		if (n > 0 && audit_delivery(st, in, id, f->subs[first],
		    n) == -1)
			return -1;
	}
	return 0;
}

void
sms_fanout_publish(struct sms_fanout *f)
{
	size_t i;

	for (i = 0; i < f->nsubs; i++) {
		if (f->close[i])
			sse_sub_close(f->subs[i]);
		else if (f->deliver[i] && f->chunk != NULL)
			sse_push(f->subs[i], f->chunk);
	}
}

void
sms_fanout_clear(struct sms_fanout *f)
{
	sse_subs_release(f->subs, f->nsubs);
	free(f->deliver);
	free(f->close);
	sse_chunk_unref(f->chunk);
	memset(f, 0, sizeof(*f));
}
