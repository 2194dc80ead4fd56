/*
 * sms_hook.c -- POST /hooks/sms/{twilio,generic,android-sms-gateway}/{id}:
 * an SMS provider delivers a text to an inbox.
 *
 * Why: this endpoint is open to the Internet and what it stores is shown
 * to a team as a one-time code, so nothing is believed before the
 * provider's signature over the raw request checks out (sms/hook.h), and
 * the check, the storage and the fan-out to open streams are one writer
 * job: the inbox and its secret are read in the transaction that stores
 * the text (a secret changed a moment ago is the one used), and the text
 * reaches nobody unless the text and its sms.view events are durable.
 *
 * ORDER, in the job: the inbox (404 when it does not exist or takes
 *     another provider; not audited: there is nothing to protect); its
 *     secret, unsealed and wiped after use; the provider's verify (403
 *     for a bad signature or a stale timestamp, 400/413 for a bad body:
 *     audited as sms.webhook.refused with the reason's name, never the
 *     body, and nothing stored); the recipient number (a text for another
 *     number is refused, reason wrong_number: a provider account with
 *     several numbers pointed at one inbox must not leak the others' texts
 *     to its readers); the code and service extracted; the text stored
 *     once per provider message id (a redelivery answers 200 and stores
 *     nothing new); its content sealed with its id; the fan-out decided
 *     and audited (sms_fanout.c); sms.receive appended. Then, durable,
 *     the job hook pushes the event to the streams in commit order, and
 *     the provider gets its answer (Twilio: an empty TwiML <Response/>).
 * URL: Twilio signs the URL it called. It is --public-url joined with the
 *     request path; without --public-url, the scheme Kaito serves and the
 *     Host header (right when clients reach Kaito directly, wrong behind
 *     a proxy that terminates TLS: set --public-url there). A query
 *     string is not part of it: configure webhook URLs without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "api/api.h"
#include "api/sms_int.h"
#include "http/respond.h"
#include "http/server.h"
#include "sms/hook.h"
#include "store/audit.h"
#include "store/sms.h"
#include "util/jsonmem.h"
#include "util/log.h"
#include "vault/sms_seal.h"

#define HOOK_EREFUSED	140	/* the provider's check refused it */

struct hook_header {
	char *name;			/* into hook_job.hbuf */
	char *value;
};

struct hook_job {
	int64_t inbox_id;
	const struct sms_provider *p;	/* the route's */
	char url[LIMIT_SMS_URL + 1];	/* what the provider signed */
	struct hook_header *h;		/* copies of the request headers */
	size_t nh, caph;
	char *hbuf;			/* their bytes */
	size_t hlen, hcap;
	int oom;			/* a header could not be copied */
	const char *body;		/* borrowed: r->body, alive while the
					 * request waits for the job */
	size_t body_len;
	int64_t now;
	/* Results. */
	int status;			/* for a refusal */
	char why[ERRBUF_LEN];		/* its message (never the body) */
	struct sms_fanout fan;
	int64_t msg_id;
	int appended;			/* ev appended by the job itself */
};

static void
hook_free(void *arg)
{
	struct hook_job *j = arg;

	if (j == NULL)
		return;
	sms_fanout_clear(&j->fan);
	if (j->hbuf != NULL) {
		sodium_memzero(j->hbuf, j->hcap);
		free(j->hbuf);
	}
	free(j->h);
	free(j);
}

/* Copy one header (name and value, NUL-terminated) into the job. */
static int
header_copy(void *arg, const char *name, const char *value)
{
	struct hook_job *j = arg;
	size_t nn = strlen(name) + 1, vn = strlen(value) + 1;
	struct hook_header *nh;
	char *nb;
	size_t i;

	if (j->nh == j->caph) {
		if ((nh = realloc(j->h, (j->caph ? j->caph * 2 : 16) *
		    sizeof(*nh))) == NULL)
			return j->oom = 1, -1;
		j->h = nh;
		j->caph = j->caph ? j->caph * 2 : 16;
	}
	if (j->hlen + nn + vn > j->hcap) {
		size_t ncap = j->hcap ? j->hcap : 1024;

		while (ncap < j->hlen + nn + vn)
			ncap *= 2;
		if ((nb = malloc(ncap)) == NULL)
			return j->oom = 1, -1;
		if (j->hbuf != NULL) {
			memcpy(nb, j->hbuf, j->hlen);
			for (i = 0; i < j->nh; i++) {
				j->h[i].name = nb + (j->h[i].name - j->hbuf);
				j->h[i].value = nb + (j->h[i].value - j->hbuf);
			}
			sodium_memzero(j->hbuf, j->hcap);
			free(j->hbuf);
		}
		j->hbuf = nb;
		j->hcap = ncap;
	}
	j->h[j->nh].name = memcpy(j->hbuf + j->hlen, name, nn);
	j->h[j->nh].value = memcpy(j->hbuf + j->hlen + nn, value, vn);
	j->hlen += nn + vn;
	j->nh++;
	return 0;
}

/* The providers' header lookup, on the copies. */
static const char *
hook_header(void *arg, const char *name)
{
	struct hook_job *j = arg;
	size_t i;

	for (i = 0; i < j->nh; i++)
		if (strcasecmp(j->h[i].name, name) == 0)
			return j->h[i].value;
	return NULL;
}

/* Refuse: audited as sms.webhook.refused (reason), answered status. */
static int
refuse(struct hook_job *j, struct audit_event *ev, const char *reason,
    int status, const char *why)
{
	ev->action = "sms.webhook.refused";
	ev->outcome = "denied";
	audit_event_detail(ev, "reason", json_string(reason));
	j->status = status;
	snprintf(j->why, sizeof(j->why), "%s", why);
	log_info("%s: inbox %lld (%s): refused, %s: %s", __func__,
	    (long long)j->inbox_id, j->p->name, reason, why);
	return HOOK_EREFUSED;
}

/* Store the verified text m, seal it, decide the fan-out. */
static int
hook_store(struct store *st, struct hook_job *j, const struct inbox_row *in,
    const struct sms_msg *m, struct audit_event *ev)
{
	struct sms_content c;
	struct sse_chunk *chunk = NULL;
	unsigned char *sealed = NULL;
	char *plain = NULL;
	size_t n = 0, sn = 0;
	int rc;

	rc = store_sms_insert(st, in->id, m->id, m->received_at, j->now,
	    &j->msg_id);
	audit_event_detail(ev, "message", json_integer((json_int_t)j->msg_id));
	audit_event_detail(ev, "duplicate", json_boolean(rc ==
	    STORE_CONFLICT));
	if (rc == STORE_CONFLICT)
		return 0;	/* a redelivery: stored once, answered 200 */
	if (rc != 0)
		return -1;
	sms_content_from_msg(m, in->number, &c);
	rc = -1;
	if ((plain = sms_content_dump(&c, &n)) == NULL ||
	    sms_seal(SMS_SEALED_BODY, j->msg_id, plain, n, &sealed,
	    &sn) == -1 ||
	    store_sms_sealed_set(st, j->msg_id, sealed, sn) != 0 ||
	    (chunk = sms_event_chunk(j->msg_id, in->id, m->received_at,
	    &c)) == NULL)
		goto out;
	rc = sms_fanout_prepare(st, in, chunk, &j->fan);
	chunk = NULL;		/* the fan-out's now */
	if (rc == -1)
		goto out;
	rc = -1;
	audit_event_detail(ev, "code_found", json_boolean(c.code[0] != '\0'));
	audit_event_detail(ev, "recipients",
	    json_integer((json_int_t)j->fan.recipients));
	/* The receipt first, then who saw it: appended here in that order,
	 * so the writer must not append ev again (a failure rolls both
	 * back, and the writer then appends ev as the failure). */
	if (store_audit_append(st, ev) == -1 ||
	    sms_fanout_audit(st, in, j->msg_id, &j->fan) == -1)
		goto out;
	j->appended = 1;
	rc = 0;
out:
	if (chunk != NULL)
		sse_chunk_unref(chunk);
	jsonmem_free_string(plain);
	free(sealed);
	sms_content_clear(&c);
	return rc;
}

static int
hook_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct hook_job *j = arg;
	struct sms_hook_in hin;
	struct inbox_row in;
	struct sms_msg m;
	struct errbuf e;
	unsigned char *sealed = NULL, *secret = NULL;
	size_t n = 0, sn = 0;
	int rc, hrc;

	if ((rc = store_inbox_get(st, j->inbox_id, 0, &in)) != 0 ||
	    strcmp(in.provider, j->p->name) != 0) {
		ev->action = NULL;	/* nothing there: not audited */
		return rc == -1 ? -1 : STORE_NOTFOUND;
	}
	acl_inbox_target(ev, in.id, &in);
	audit_event_detail(ev, "provider", json_string(j->p->name));
	if ((rc = store_inbox_secret_get(st, in.id, &sealed, &sn)) != 0)
		return -1;
	rc = sms_open(SMS_SEALED_SECRET, in.id, sealed, sn, &secret, &n);
	free(sealed);
	if (rc == -1) {
		log_warnx("%s: the secret of inbox %lld does not open",
		    __func__, (long long)in.id);
		return SMS_ESEAL;
	}
	hin = (struct sms_hook_in){ j->body ? j->body : "", j->body_len,
	    j->url, hook_header, j, j->now };
	e.msg[0] = '\0';
	hrc = j->p->verify(&hin, secret, n, &m, &e);
	sms_plain_free(&secret, n + 1);
	if (hrc == SMS_HOOK_IGNORED) {
		ev->action = NULL;	/* authentic, not a text: no record */
		return 0;
	}
	if (hrc != SMS_HOOK_OK)
		return refuse(j, ev, sms_hook_rc_name(hrc),
		    sms_hook_status(hrc), e.msg[0] ? e.msg : "refused");
	if (m.to[0] != '\0' && strcmp(m.to, in.number) != 0) {
		sms_msg_clear(&m);
		return refuse(j, ev, "wrong_number", 400, "the text was sent "
		    "to another number than this inbox's");
	}
	rc = hook_store(st, j, &in, &m, ev);
	sms_msg_clear(&m);
	if (rc == 0 && j->appended)
		ev->action = NULL;	/* in the log already */
	return rc;
}

/* Durable, in commit order: push to the streams. */
static void
hook_publish(struct req *r, int rc)
{
	struct hook_job *j = r->job_arg;

	if (rc == 0)
		sms_fanout_publish(&j->fan);
}

static int
hook_finish(struct req *r, int rc)
{
	struct hook_job *j = r->job_arg;

	switch (rc) {
	case 0:
		return respond_text(r, 200, j->p->reply_type, j->p->reply_body);
	case HOOK_EREFUSED:
		return respond_error(r, j->status, j->status == 403 ?
		    "forbidden" : j->status == 413 ? "payload_too_large" :
		    j->status == 400 ? "bad_request" : "internal", "%s",
		    j->why);
	case STORE_NOTFOUND:
		return respond_404(r, "no %s inbox %lld", j->p->name,
		    (long long)j->inbox_id);
	case -1:
		return respond_503(r);
	}
	return respond_500(r);
}

/* The URL the provider called (see URL above). */
static int
hook_url(struct req *r, char *url, size_t cap)
{
	const char *base = server_public_url(), *host;
	int n;

	if (base != NULL)
		n = snprintf(url, cap, "%s%s", base, r->path);
	else if ((host = req_header(r, "Host")) != NULL)
		n = snprintf(url, cap, "%s://%s%s", r->tls ? "https" : "http",
		    host, r->path);
	else
		n = snprintf(url, cap, "%s", "");
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

static int
hook(struct req *r, const char *provider)
{
	struct hook_job *j;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return respond_500(r);
	j->inbox_id = r->ids[0];
	j->p = sms_provider_find(provider);
	j->body = r->body;
	j->body_len = r->body_len;
	j->now = (int64_t)time(NULL);
	if (hook_url(r, j->url, sizeof(j->url)) == -1) {
		hook_free(j);
		return respond_400(r, "the URL is longer than %d bytes",
		    LIMIT_SMS_URL);
	}
	req_header_each(r, header_copy, j);
	if (j->oom || j->p == NULL) {
		hook_free(j);
		return respond_500(r);
	}
	req_audit(r, "sms.receive");
	r->job.run = hook_run;
	r->job.audit_failure = 1;
	r->job_hook = hook_publish;
	return req_defer(r, j, hook_free, hook_finish);
}

int
api_hook_twilio(struct req *r)
{
	return hook(r, "twilio");
}

int
api_hook_generic(struct req *r)
{
	return hook(r, "generic");
}

int
api_hook_smsgate(struct req *r)
{
	return hook(r, "android-sms-gateway");
}
