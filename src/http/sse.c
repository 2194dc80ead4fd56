/*
 * sse.c -- the Server-Sent Events hub; see sse.h.
 *
 * DESIGN (libmicrohttpd 0.9.75, ../shared/notes/libmicrohttpd.md): each
 *     stream is a response from MHD_create_response_from_callback whose
 *     reader, under the subscriber's mutex, copies queued bytes out, or
 *     ends the stream when it is closing, or else suspends the connection
 *     and returns 0 (returning 0 without suspending would make MHD call
 *     again at once, a busy loop). sse_push() appends under the same
 *     mutex and resumes the connection if the reader suspended it. The
 *     `suspended` flag is what keeps suspend and resume paired: resuming
 *     a connection that is not suspended, or suspending twice, is
 *     undefined behaviour in MHD.
 * QUEUE: a ring of chunk pointers; chunks are shared by every subscriber
 *     of a message (one copy of the text however many streams carry it)
 *     and wiped when the last reference goes: they hold one-time codes.
 * LIFETIME: references are counted under the hub mutex, so a collection
 *     never picks up a subscriber that is being freed. The response holds
 *     one; MHD's free callback (or req_free, if the response was never
 *     queued) marks the subscriber gone -- its connection must not be
 *     resumed after that -- and drops it.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "http/respond.h"
#include "http/sse.h"
#include "kaito_limits.h"
#include "util/compat.h"
#include "util/log.h"

struct sse_chunk {
	atomic_int refs;		/* the creator's and one per queue */
	int immortal;			/* static (heartbeat): never freed */
	size_t len;
	char data[];			/* len bytes; wiped on free */
};

struct sse_sub {
	/* Set at creation, then read-only. */
	struct sse_sub_info info;	/* info.actor points at actor */
	struct audit_actor actor;
	void *owner;			/* the domain's; freed by owner_free */
	void (*owner_free)(void *);
	int (*drain)(struct sse_sub *);

	/* Under hub.mtx. */
	TAILQ_ENTRY(sse_sub) link;
	int refs;			/* the response's and collections' */
	int live;			/* collections include it */

	/* Under mtx. */
	pthread_mutex_t mtx;
	struct MHD_Connection *conn;	/* borrowed; set by sse_respond, valid
					 * until gone */
	int suspended;			/* the reader suspended conn */
	int closing;			/* end the stream once drained */
	int dropped;			/* fell behind: end it now */
	int gone;			/* MHD released the response */
	int more;			/* call drain when the queue empties */
	struct sse_chunk **q;		/* ring of qcap; qn from qhead */
	size_t qcap, qhead, qn;
	size_t qoff;			/* bytes of q[qhead] already copied */
	size_t qbytes;			/* bytes queued, not yet copied */
	time_t last_write;		/* monotonic seconds */
};

TAILQ_HEAD(sub_list, sse_sub);

static struct {
	pthread_mutex_t mtx;
	pthread_cond_t cond;		/* a subscriber left; or stop */
	struct sub_list subs;		/* under mtx: every subscriber */
	size_t n;			/* under mtx */
	unsigned max;			/* set at start */
	unsigned heartbeat;		/* seconds; set at start */
	atomic_int closing;
	int stopping;			/* under mtx: heartbeat thread ends */
	int started;
	pthread_t thread;		/* heartbeats */
	struct sse_chunk *ka;		/* ": ka", immortal; set at start */
	atomic_ullong events, dropped;
} hub = {
	.mtx = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
	.subs = TAILQ_HEAD_INITIALIZER(hub.subs),
};


static time_t
mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* --- chunks ---------------------------------------------------------- */

static struct sse_chunk *
chunk_alloc(size_t len)
{
	struct sse_chunk *c;

	if ((c = malloc(sizeof(*c) + len + 1)) == NULL)
		return NULL;
	atomic_init(&c->refs, 1);
	c->immortal = 0;
	c->len = len;
	return c;
}

struct sse_chunk *
sse_chunk_event(int64_t id, const char *event, const char *data, size_t n)
{
	struct sse_chunk *c;
	char head[128];
	int hn;

	if (memchr(data, '\n', n) != NULL || memchr(data, '\r', n) != NULL)
		return NULL;
	hn = snprintf(head, sizeof(head), "id: %lld\nevent: %s\ndata: ",
	    (long long)id, event);
	if (hn < 0 || (size_t)hn >= sizeof(head))
		return NULL;
	if ((c = chunk_alloc((size_t)hn + n + 2)) == NULL)
		return NULL;
	memcpy(c->data, head, (size_t)hn);
	memcpy(c->data + hn, data, n);
	memcpy(c->data + hn + n, "\n\n", 2);
	c->data[c->len] = '\0';
	return c;
}

struct sse_chunk *
sse_chunk_text(const char *text)
{
	size_t n = strlen(text);
	struct sse_chunk *c;

	if ((c = chunk_alloc(n)) == NULL)
		return NULL;
	memcpy(c->data, text, n + 1);
	return c;
}

size_t
sse_chunk_len(const struct sse_chunk *c)
{
	return c->len;
}

static void
chunk_ref(struct sse_chunk *c)
{
	if (!c->immortal)
		atomic_fetch_add(&c->refs, 1);
}

void
sse_chunk_unref(struct sse_chunk *c)
{
	if (c == NULL || c->immortal)
		return;
	if (atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	sodium_memzero(c->data, c->len);
	free(c);
}

/* --- subscribers ------------------------------------------------------- */

/* Under s->mtx: drop everything queued. */
static void
queue_clear(struct sse_sub *s)
{
	while (s->qn > 0) {
		sse_chunk_unref(s->q[s->qhead]);
		s->qhead = (s->qhead + 1) % s->qcap;
		s->qn--;
	}
	s->qhead = s->qoff = s->qbytes = 0;
}

/* Under s->mtx: let the reader run if it is waiting. */
static void
wake(struct sse_sub *s)
{
	if (s->suspended && !s->gone) {
		s->suspended = 0;
		MHD_resume_connection(s->conn);
	}
}

static void
sub_free(struct sse_sub *s)
{
	pthread_mutex_lock(&s->mtx);
	queue_clear(s);
	pthread_mutex_unlock(&s->mtx);
	free(s->q);
	if (s->owner != NULL && s->owner_free != NULL)
		s->owner_free(s->owner);
	pthread_mutex_destroy(&s->mtx);
	sodium_memzero(s, sizeof(*s));
	free(s);
}

int
sse_sub_new(const struct sse_sub_info *info, void *owner,
    void (*owner_free)(void *), int (*drain)(struct sse_sub *),
    struct sse_sub **out)
{
	struct sse_sub *s, *o;
	size_t mine = 0;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	s->info = *info;
	if (info->actor != NULL)
		s->actor = *info->actor;
	s->info.actor = &s->actor;
	s->drain = drain;
	s->refs = 1;
	s->last_write = mono_s();
	pthread_mutex_init(&s->mtx, NULL);
	pthread_mutex_lock(&hub.mtx);
	if (atomic_load(&hub.closing) || !hub.started) {
		pthread_mutex_unlock(&hub.mtx);
		pthread_mutex_destroy(&s->mtx);
		free(s);
		return SSE_ECLOSING;
	}
	TAILQ_FOREACH(o, &hub.subs, link)
		if (o->info.user_id == info->user_id)
			mine++;
	if (mine >= LIMIT_SSE_PER_USER || hub.n >= hub.max) {
		pthread_mutex_unlock(&hub.mtx);
		pthread_mutex_destroy(&s->mtx);
		free(s);
		return mine >= LIMIT_SSE_PER_USER ? SSE_EUSER : SSE_EFULL;
	}
	TAILQ_INSERT_TAIL(&hub.subs, s, link);
	hub.n++;
	pthread_mutex_unlock(&hub.mtx);
	s->owner = owner;
	s->owner_free = owner_free;
	*out = s;
	return 0;
}

const struct sse_sub_info *
sse_sub_info(const struct sse_sub *s)
{
	return &s->info;
}

const struct audit_actor *
sse_sub_actor(const struct sse_sub *s)
{
	return &s->actor;
}

void *
sse_sub_owner(const struct sse_sub *s)
{
	return s->owner;
}

void
sse_sub_ref(struct sse_sub *s)
{
	pthread_mutex_lock(&hub.mtx);
	s->refs++;
	pthread_mutex_unlock(&hub.mtx);
}

void
sse_sub_unref(struct sse_sub *s)
{
	int last;

	if (s == NULL)
		return;
	pthread_mutex_lock(&hub.mtx);
	if ((last = --s->refs == 0)) {
		TAILQ_REMOVE(&hub.subs, s, link);
		hub.n--;
		pthread_cond_broadcast(&hub.cond);
	}
	pthread_mutex_unlock(&hub.mtx);
	if (last)
		sub_free(s);
}

void
sse_sub_set_live(struct sse_sub *s, int live)
{
	pthread_mutex_lock(&hub.mtx);
	s->live = live;
	pthread_mutex_unlock(&hub.mtx);
}

void
sse_sub_set_more(struct sse_sub *s, int more)
{
	pthread_mutex_lock(&s->mtx);
	s->more = more;
	wake(s);
	pthread_mutex_unlock(&s->mtx);
}

/* Under s->mtx: make room for one more pointer. */
static int
queue_grow(struct sse_sub *s)
{
	struct sse_chunk **nq;
	size_t ncap, i;

	if (s->qn < s->qcap)
		return 0;
	ncap = s->qcap ? s->qcap * 2 : 8;
	if (ncap > LIMIT_SSE_QUEUE_EVENTS)
		ncap = LIMIT_SSE_QUEUE_EVENTS;
	if (ncap <= s->qcap || (nq = malloc(ncap * sizeof(*nq))) == NULL)
		return -1;
	for (i = 0; i < s->qn; i++)
		nq[i] = s->q[(s->qhead + i) % s->qcap];
	free(s->q);
	s->q = nq;
	s->qcap = ncap;
	s->qhead = 0;
	return 0;
}

int
sse_push(struct sse_sub *s, struct sse_chunk *c)
{
	int rc = -1;

	pthread_mutex_lock(&s->mtx);
	if (s->closing || s->gone || s->dropped)
		goto out;
	if (s->qbytes + c->len > LIMIT_SSE_QUEUE || queue_grow(s) == -1) {
		/* Too far behind (or out of memory): drop the client. It
		 * comes back with Last-Event-ID and is replayed. */
		s->dropped = 1;
		queue_clear(s);
		atomic_fetch_add(&hub.dropped, 1);
		log_info("%s: dropped a stream of user %lld that fell "
		    "behind", __func__, (long long)s->info.user_id);
		wake(s);
		goto out;
	}
	chunk_ref(c);
	s->q[(s->qhead + s->qn) % s->qcap] = c;
	s->qn++;
	s->qbytes += c->len;
	if (!c->immortal)
		atomic_fetch_add(&hub.events, 1);
	wake(s);
	rc = 0;
out:
	pthread_mutex_unlock(&s->mtx);
	return rc;
}

void
sse_sub_close(struct sse_sub *s)
{
	pthread_mutex_lock(&s->mtx);
	s->closing = 1;
	wake(s);
	pthread_mutex_unlock(&s->mtx);
}

int
sse_sub_closed(struct sse_sub *s)
{
	int closed;

	pthread_mutex_lock(&s->mtx);
	closed = s->closing || s->dropped || s->gone;
	pthread_mutex_unlock(&s->mtx);
	return closed;
}

int
sse_hub_collect(int64_t topic, struct sse_sub ***out, size_t *n)
{
	struct sse_sub *s, **v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&hub.mtx);
	if (hub.n == 0) {
		pthread_mutex_unlock(&hub.mtx);
		return 0;
	}
	if ((v = malloc(hub.n * sizeof(*v))) == NULL) {
		pthread_mutex_unlock(&hub.mtx);
		return -1;
	}
	TAILQ_FOREACH(s, &hub.subs, link)
		if (s->live && (s->info.topic == topic || s->info.topic == 0)) {
			s->refs++;
			v[k++] = s;
		}
	pthread_mutex_unlock(&hub.mtx);
	*out = v;
	*n = k;
	return 0;
}

void
sse_subs_release(struct sse_sub **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sse_sub_unref(v[i]);
	free(v);
}

void
sse_hub_close_topic(int64_t topic)
{
	struct sse_sub *s;

	pthread_mutex_lock(&hub.mtx);
	TAILQ_FOREACH(s, &hub.subs, link)
		if (s->info.topic == topic) {
			pthread_mutex_lock(&s->mtx);
			s->closing = 1;
			wake(s);
			pthread_mutex_unlock(&s->mtx);
		}
	pthread_mutex_unlock(&hub.mtx);
}

/* --- the stream -------------------------------------------------------- */

/* Under s->mtx: copy up to max queued bytes into buf. */
static size_t
queue_copy(struct sse_sub *s, char *buf, size_t max)
{
	struct sse_chunk *c;
	size_t n = 0, take;

	while (s->qn > 0 && n < max) {
		c = s->q[s->qhead];
		take = c->len - s->qoff;
		if (take > max - n)
			take = max - n;
		memcpy(buf + n, c->data + s->qoff, take);
		n += take;
		s->qoff += take;
		s->qbytes -= take;
		if (s->qoff == c->len) {
			sse_chunk_unref(c);
			s->qhead = (s->qhead + 1) % s->qcap;
			s->qn--;
			s->qoff = 0;
		}
	}
	return n;
}

/* MHD's content reader, on a worker thread. */
static ssize_t
sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_sub *s = cls;
	size_t n;

	(void)pos;
	pthread_mutex_lock(&s->mtx);
	for (;;) {
		if (s->dropped) {
			pthread_mutex_unlock(&s->mtx);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		if (s->qn > 0) {
			n = queue_copy(s, buf, max);
			s->last_write = mono_s();
			pthread_mutex_unlock(&s->mtx);
			return (ssize_t)n;
		}
		if (s->closing || atomic_load(&hub.closing)) {
			pthread_mutex_unlock(&s->mtx);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (s->more && s->drain != NULL) {
			s->more = 0;
			pthread_mutex_unlock(&s->mtx);
			if (s->drain(s) == -1)
				sse_sub_close(s);
			pthread_mutex_lock(&s->mtx);
			continue;	/* it may have pushed already */
		}
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		pthread_mutex_unlock(&s->mtx);
		return 0;
	}
}

/* MHD's free callback for the response (or req_free's, if it was never
 * queued): the connection is done with s. */
static void
sse_release(void *cls)
{
	struct sse_sub *s = cls;

	pthread_mutex_lock(&s->mtx);
	s->gone = 1;
	s->closing = 1;
	s->suspended = 0;
	s->conn = NULL;
	queue_clear(s);
	pthread_mutex_unlock(&s->mtx);
	sse_sub_unref(s);
}

int
sse_respond(struct req *r, struct sse_sub *s)
{
	if (atomic_load(&hub.closing)) {
		sse_sub_close(s);
		sse_sub_unref(s);
		return respond_error(r, 503, "unavailable", "the server is "
		    "stopping; reconnect later");
	}
	pthread_mutex_lock(&s->mtx);
	s->conn = r->conn;
	s->last_write = mono_s();
	pthread_mutex_unlock(&s->mtx);
	return respond_stream(r, 200, "text/event-stream; charset=utf-8",
	    sse_read, s, sse_release);
}

/* --- the hub ------------------------------------------------------------ */

static void *
heartbeat_main(void *unused)
{
	struct timespec until;
	struct sse_sub *s;
	time_t now;

	(void)unused;
	pthread_mutex_lock(&hub.mtx);
	while (!hub.stopping) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&hub.cond, &hub.mtx, &until);
		if (hub.stopping)
			break;
		now = mono_s();
		TAILQ_FOREACH(s, &hub.subs, link) {
			pthread_mutex_lock(&s->mtx);
			/* Only streams with a connection, idle long enough. */
			if (s->conn != NULL && s->qn == 0 &&
			    now - s->last_write >= (time_t)hub.heartbeat) {
				s->last_write = now;
				pthread_mutex_unlock(&s->mtx);
				sse_push(s, hub.ka);
				continue;
			}
			pthread_mutex_unlock(&s->mtx);
		}
	}
	pthread_mutex_unlock(&hub.mtx);
	return NULL;
}

int
sse_hub_start(unsigned max_streams, unsigned heartbeat_s)
{
	pthread_mutex_lock(&hub.mtx);
	hub.max = max_streams;
	hub.heartbeat = heartbeat_s ? heartbeat_s : LIMIT_SSE_HEARTBEAT;
	hub.stopping = 0;
	atomic_store(&hub.closing, 0);
	pthread_mutex_unlock(&hub.mtx);
	if (hub.ka == NULL &&
	    (hub.ka = sse_chunk_text(": ka\n\n")) == NULL)
		return -1;
	hub.ka->immortal = 1;
	if (pthread_create(&hub.thread, NULL, heartbeat_main, NULL) != 0)
		return -1;
	pthread_setname_np(hub.thread, "kaito-sse");
	pthread_mutex_lock(&hub.mtx);
	hub.started = 1;
	pthread_mutex_unlock(&hub.mtx);
	return 0;
}

void
sse_hub_close(void)
{
	struct sse_sub *s;

	pthread_mutex_lock(&hub.mtx);
	atomic_store(&hub.closing, 1);
	TAILQ_FOREACH(s, &hub.subs, link) {
		pthread_mutex_lock(&s->mtx);
		s->closing = 1;
		wake(s);
		pthread_mutex_unlock(&s->mtx);
	}
	pthread_mutex_unlock(&hub.mtx);
}

size_t
sse_hub_wait(unsigned timeout_ms)
{
	struct timespec until;
	size_t left;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&hub.mtx);
	while (hub.n > 0 &&
	    pthread_cond_timedwait(&hub.cond, &hub.mtx, &until) != ETIMEDOUT)
		;
	left = hub.n;
	pthread_mutex_unlock(&hub.mtx);
	return left;
}

void
sse_hub_stop(void)
{
	pthread_mutex_lock(&hub.mtx);
	if (!hub.started) {
		pthread_mutex_unlock(&hub.mtx);
		return;
	}
	hub.started = 0;
	hub.stopping = 1;
	pthread_cond_broadcast(&hub.cond);
	pthread_mutex_unlock(&hub.mtx);
	pthread_join(hub.thread, NULL);
	if (hub.n == 0 && hub.ka != NULL) {	/* no queue holds it */
		free(hub.ka);
		hub.ka = NULL;
	}
}

void
sse_hub_stats(size_t *open, unsigned long long *events,
    unsigned long long *dropped)
{
	pthread_mutex_lock(&hub.mtx);
	*open = hub.n;
	pthread_mutex_unlock(&hub.mtx);
	*events = atomic_load(&hub.events);
	*dropped = atomic_load(&hub.dropped);
}
