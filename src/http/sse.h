/*
 * sse.h -- the Server-Sent Events hub: long-lived streams held open with
 * libmicrohttpd's suspend/resume, no thread per client.
 *
 * Why: the shared SMS inbox pushes each text to the teammates allowed to
 * read it, at once, to hundreds of open browsers and scripts. A stream is
 * a response whose content reader copies queued events out and, when the
 * queue is empty, suspends its connection; publishing an event appends it
 * to the queue and resumes the connection. A suspended connection costs a
 * socket and MHD's per-connection pool, nothing else.
 *
 * MODEL: a subscriber (struct sse_sub) is one open stream of one user,
 *     with a topic (an inbox id, or 0 for "every inbox"). The hub knows
 *     every subscriber from its creation to the end of its response and
 *     enforces the caps (per user and in all: 429 above). What a stream
 *     carries is decided outside: the domain collects the live
 *     subscribers of a topic (sse_hub_collect), decides who may receive,
 *     and pushes one shared, reference-counted chunk to each (sse_push).
 *     A subscriber is "live" once the domain has caught it up; until then
 *     collections skip it (the domain replays it from the store instead).
 * FLOW CONTROL: each queue is capped (LIMIT_SSE_QUEUE bytes,
 *     LIMIT_SSE_QUEUE_EVENTS events) beyond what the socket holds; a
 *     client that falls further behind is dropped (its connection closed),
 *     and comes back with Last-Event-ID. Idle streams get a heartbeat
 *     comment every few seconds, which is also how a gone client is
 *     noticed (a suspended connection never times out by itself).
 * LOCKS: hub mutex, then a subscriber's mutex; never the other way. MHD's
 *     own mutexes are taken inside either (MHD_suspend_connection,
 *     MHD_resume_connection); MHD calls back into the hub (reader, free)
 *     without holding its own. A subscriber is freed when its last
 *     reference goes: the response's, and one per collection holding it.
 * SHUTDOWN (MHD aborts if stopped with a connection suspended): quiesce
 *     the daemon; sse_hub_close() marks the hub closing and resumes every
 *     subscriber, whose reader then ends its stream; sse_hub_wait() waits
 *     (bounded) until every response is gone; only then MHD_stop_daemon().
 */
#ifndef KAITO_HTTP_SSE_H
#define KAITO_HTTP_SSE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/event.h"
#include "http/req.h"

struct sse_sub;
struct sse_chunk;

/* Start the hub (its heartbeat thread): at most max_streams subscribers
 * in all, a heartbeat after heartbeat_s idle seconds. Returns 0 or -1. */
int sse_hub_start(unsigned max_streams, unsigned heartbeat_s);

/* Refuse new subscribers and end every stream (see SHUTDOWN). */
void sse_hub_close(void);

/* Wait up to timeout_ms for every subscriber to be gone. Returns how many
 * remain. */
size_t sse_hub_wait(unsigned timeout_ms);

/* Stop the heartbeat thread and free the hub. After sse_hub_wait(). */
void sse_hub_stop(void);

/* Counters for /metrics. */
void sse_hub_stats(size_t *open, unsigned long long *events,
    unsigned long long *dropped);

/* --- chunks: immutable, shared bytes, wiped when the last user lets go -- */

/* "id: <id>\nevent: <event>\ndata: <data>\n\n"; data (n bytes) must
 * hold no line break (compact JSON). NULL on out of memory. */
struct sse_chunk *sse_chunk_event(int64_t id, const char *event,
    const char *data, size_t n);

/* A copy of text as it is (a comment ": ...\n\n", "retry: ...\n\n"). */
struct sse_chunk *sse_chunk_text(const char *text);

/* Its size in bytes. */
size_t sse_chunk_len(const struct sse_chunk *c);

void sse_chunk_unref(struct sse_chunk *c);

/* --- subscribers --------------------------------------------------------- */

struct sse_sub_info {
	int64_t topic;			/* what it follows; 0: everything */
	int64_t user_id;		/* whose stream (caps, checks) */
	int64_t session_id;		/* the credential it was opened with: */
	int64_t apitoken_id;		/* exactly one is non-zero */
	const struct audit_actor *actor;	/* copied: who, from where */
};

/* Results of sse_sub_new besides 0. */
#define SSE_EUSER	1	/* LIMIT_SSE_PER_USER streams open already */
#define SSE_EFULL	2	/* max_streams open already */
#define SSE_ECLOSING	3	/* the server is stopping */

/*
 * Reserve a subscriber for info (counted against the caps at once; not
 * live yet). owner is the domain's state for it, freed with owner_free
 * when the subscriber goes; drain, if set, is called by the stream's
 * reader when the queue is empty and sse_sub_set_more(sub, 1) was said:
 * it starts fetching more (returns 0; it will push and say
 * sse_sub_set_more again) or fails (-1: the stream ends). Returns 0 with
 * *out (one reference, the caller's), SSE_EUSER, SSE_EFULL, SSE_ECLOSING
 * or -1 (out of memory). On failure owner is not taken.
 */
int sse_sub_new(const struct sse_sub_info *info, void *owner,
    void (*owner_free)(void *), int (*drain)(struct sse_sub *),
    struct sse_sub **out);

/* What the subscriber was opened with. */
const struct sse_sub_info *sse_sub_info(const struct sse_sub *s);
const struct audit_actor *sse_sub_actor(const struct sse_sub *s);
void *sse_sub_owner(const struct sse_sub *s);

void sse_sub_ref(struct sse_sub *s);
void sse_sub_unref(struct sse_sub *s);

/* Include in (live 1) or leave out of (0) collections. */
void sse_sub_set_live(struct sse_sub *s, int live);

/* Tell the reader whether the domain has more to replay (see
 * sse_sub_new); wakes the stream. */
void sse_sub_set_more(struct sse_sub *s, int more);

/*
 * Queue chunk c for s and wake its stream. Returns 0, or -1 when the
 * stream is ending, gone, or was just dropped for falling behind. The
 * caller keeps its own reference to c.
 */
int sse_push(struct sse_sub *s, struct sse_chunk *c);

/* End s's stream once what is queued is written. */
void sse_sub_close(struct sse_sub *s);

/* 1 when s's stream is ending or gone. */
int sse_sub_closed(struct sse_sub *s);

/*
 * The live subscribers following topic (and those following 0), each
 * with a reference taken: *out is a malloc'd array of *n (free it with
 * sse_subs_release()). Returns 0 or -1.
 */
int sse_hub_collect(int64_t topic, struct sse_sub ***out, size_t *n);
void sse_subs_release(struct sse_sub **v, size_t n);

/* End the streams that follow exactly topic (it was deleted). */
void sse_hub_close_topic(int64_t topic);

/*
 * Answer r with s's stream (200, text/event-stream), taking the
 * caller's reference to s. Answers 503 instead when the hub is closing.
 * Returns 0.
 */
int sse_respond(struct req *r, struct sse_sub *s);

#endif
