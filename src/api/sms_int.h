/*
 * sms_int.h -- what the SMS inbox handlers share; not for use outside
 * src/api/ (inboxes.c, inbox_grants.c, sms_hook.c, sms_messages.c,
 * sms_stream.c, sms_fanout.c).
 *
 * Why: one rendering of an inbox, one way of turning a writer job's
 * result into an answer, and the two pieces of the real-time path that
 * the webhook and the streams share: the fan-out of a new text (decided
 * and audited inside the webhook's writer job) and the event chunk.
 */
#ifndef KAITO_API_SMS_INT_H
#define KAITO_API_SMS_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "acl/acl_inbox.h"
#include "audit/event.h"
#include "http/req.h"
#include "http/sse.h"
#include "sms/message.h"
#include "sms/retention.h"
#include "store/inboxes.h"

/* Job results of our own, beside 0, -1, STORE_NOTFOUND, STORE_CONFLICT
 * and ACL_INBOX_EREFUSED. */
#define SMS_ESEAL	130	/* a sealed value did not open (logged) */
#define SMS_EINPUT	131	/* refused input; the job wrote why */

/* inboxes.c */

/* The inbox as the API shows it, with the caller's level (ACL_INBOX_NONE:
 * null). NULL on out of memory. */
json_t *inbox_json(const struct inbox_row *in, int level);

/* Answer a failed writer job: -1 503, ACL_INBOX_EREFUSED as c decided
 * (c may be NULL), STORE_NOTFOUND 404, STORE_CONFLICT 409 with msg, the
 * rest 500. */
int inbox_job_failed(struct req *r, int rc, const struct acl_inbox_job *c,
    const char *conflict_msg);

/* sms_fanout.c */

/* Who gets a new text, decided inside the webhook's writer job. */
struct sms_fanout {
	struct sse_sub **subs;		/* collected, referenced */
	size_t nsubs;
	unsigned char *deliver;		/* nsubs flags: push to subs[i] */
	unsigned char *close;		/* nsubs flags: end subs[i]'s stream */
	struct sse_chunk *chunk;	/* the event, shared */
	size_t recipients;		/* users audited */
};

/*
 * Inside the writer job that stored a text of inbox (in) and has its
 * event chunk ready: collect the live streams following it, keep those
 * whose user may read the inbox now with a credential that still holds
 * (others are marked to close: a per-inbox stream whose user lost the
 * inbox, any stream whose session or token ended). Takes chunk (f
 * releases it). Returns 0 or -1.
 */
int sms_fanout_prepare(struct store *st, const struct inbox_row *in,
    struct sse_chunk *chunk, struct sms_fanout *f);

/* Then, in the same job: one sms.view event per user delivered to (fail
 * closed: if an append fails, the job fails and nothing is pushed).
 * Returns 0 or -1. */
int sms_fanout_audit(struct store *st, const struct inbox_row *in,
    int64_t id, const struct sms_fanout *f);

/* After the job is durable (the request's job hook, in commit order):
 * push to the recipients, end the refused streams. */
void sms_fanout_publish(struct sms_fanout *f);

/* Release everything f holds. NULL-safe on the arrays. */
void sms_fanout_clear(struct sms_fanout *f);

/* One stored text as an event chunk, or as the API's JSON: opened from
 * its sealed form. Return NULL when it does not open (logged) or on out
 * of memory. */
struct sse_chunk *sms_event_chunk(int64_t id, int64_t inbox,
    int64_t received_at, const struct sms_content *c);

#endif
