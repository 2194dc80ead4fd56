/*
 * hook.h -- inbound SMS webhooks: one verified message out of one raw
 * request, for each provider Kaito accepts texts from.
 *
 * Why: a webhook endpoint is open to the Internet, and what it stores is
 * shown to a team as a one-time code. So nothing is believed before the
 * provider's signature over the raw request checks out (in constant
 * time), a signed request that is too old is a replay, and every field
 * is capped and checked before it is copied. Each provider is one
 * function with the same contract, listed in one table, so the HTTP
 * handler is the same few lines for all of them:
 *
 *	p = sms_provider_find(inbox->provider);
 *	rc = p->verify(&in, secret, secret_len, &msg, &e);
 *	if (rc != SMS_HOOK_OK) -> answer sms_hook_status(rc), audit
 *	    sms_hook_rc_name(rc) and e.msg (no message text in either);
 *	else store msg (deduplicated on msg.id), answer p->reply_body.
 *
 * This module does no I/O and keeps no state; replay protection beyond
 * the timestamp window is the store's deduplication on msg.id.
 * docs/sms.md describes each provider's format and check.
 */
#ifndef KAITO_SMS_HOOK_H
#define KAITO_SMS_HOOK_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "util/errbuf.h"

/* One verified inbound text. All strings are NUL-terminated UTF-8
 * without control characters (the body keeps tabs and line breaks). */
struct sms_msg {
	char id[LIMIT_SMS_MSGID + 1];	/* the provider's id for this
					 * message (redeliveries repeat
					 * it): the deduplication key */
	char from[LIMIT_SMS_ADDR + 1];	/* sender as the provider wrote
					 * it: E.164, short code or an
					 * alphanumeric sender ID */
	char to[LIMIT_SMS_ADDR + 1];	/* E.164; "" when the provider
					 * does not say (Android gateway) */
	char body[LIMIT_SMS_BODY + 1];	/* the text; holds a one-time
					 * code: wipe with sms_msg_clear() */
	size_t body_len;
	int64_t received_at;		/* Unix seconds */
};

/* A request header by name, case-insensitively; NULL when absent. The
 * server passes a wrapper around req_header(). */
typedef const char *(*sms_header_fn)(void *arg, const char *name);

/* One webhook request, as the HTTP layer saw it. Everything borrowed. */
struct sms_hook_in {
	const char *body;	/* the raw body, exactly as received */
	size_t body_len;
	const char *url;	/* the public URL the provider called:
				 * scheme, host, port if any, path, and
				 * the query string if any (Twilio signs
				 * it); "" for providers that sign no URL */
	sms_header_fn header;
	void *header_arg;
	int64_t now;		/* Unix seconds, for timestamp windows */
};

/* What a verify function concluded. */
enum sms_hook_rc {
	SMS_HOOK_OK = 0,	/* authentic inbound SMS, in *m */
	SMS_HOOK_IGNORED,	/* authentic, but not an inbound SMS (a
				 * ping, a delivery report): answer 2xx,
				 * store nothing */
	SMS_HOOK_SIGNATURE,	/* signature or its headers missing,
				 * malformed or wrong: 403 */
	SMS_HOOK_STALE,		/* correctly signed, but the timestamp is
				 * more than LIMIT_SMS_TOLERANCE s away:
				 * a replay or a bad clock: 403 */
	SMS_HOOK_MISSING,	/* a required field is absent: 400 */
	SMS_HOOK_MALFORMED,	/* the body or a field does not parse: 400 */
	SMS_HOOK_TOO_LARGE,	/* the body or a field is over its cap: 413 */
	SMS_HOOK_INTERNAL	/* out of memory, OpenSSL failure: 500 */
};

/*
 * A provider's verify function. secret is the inbox's webhook secret
 * (Twilio: the auth token; generic: the "whsec_..." secret; Android
 * gateway: the signing key), secret_len bytes, borrowed and never
 * copied except into wiped stack buffers. On SMS_HOOK_OK, *m holds the
 * message; otherwise *m is wiped and e (may be NULL) says what is wrong
 * without quoting the body. Nothing is allocated that outlives the call.
 */
typedef int (*sms_verify_fn)(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e);

struct sms_provider {
	const char *name;	/* as in POST /inboxes and the hook URL */
	sms_verify_fn verify;
	const char *reply_type;	/* Content-Type of the 200 answer */
	const char *reply_body;	/* its body (Twilio: empty TwiML) */
};

/* The provider called name, or NULL. */
const struct sms_provider *sms_provider_find(const char *name);

/* Every provider, NULL-terminated (for listings and error messages). */
extern const struct sms_provider *const sms_providers[];

/* The HTTP status for a result: 200, 200, 403, 403, 400, 400, 413, 500. */
int sms_hook_status(int rc);

/* A stable name for a result, for audit details and metrics:
 * "ok", "ignored", "bad_signature", "stale", "missing_field",
 * "malformed", "too_large", "internal". */
const char *sms_hook_rc_name(int rc);

/* Wipe a message. NULL-safe. */
void sms_msg_clear(struct sms_msg *m);

/* The providers (docs/sms.md has their formats). */
int sms_twilio_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e);
int sms_generic_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e);
int sms_smsgate_verify(const struct sms_hook_in *in,
    const unsigned char *secret, size_t secret_len, struct sms_msg *m,
    struct errbuf *e);

#endif
