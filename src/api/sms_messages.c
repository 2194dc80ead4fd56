/*
 * sms_messages.c -- GET /inboxes/{id}/messages?after=&limit=: the texts an
 * inbox keeps, oldest first, each as the streams show it.
 *
 * Why: a teammate who opens the inbox sees what arrived while they were
 * away. Every listing is a read of one-time codes, so it is a writer job
 * like a code view: the caller's level is checked again in the job, the
 * page is read and opened there, and one sms.view event naming the ids
 * of the texts on the page ({"messages":[...],"via":"list"}) commits
 * before anything is answered (fail closed: 503 without it). Texts past
 * the retention time are never shown, even before the sweep deletes them.
 */
#include <stdlib.h>
#include <time.h>

#include "api/api.h"
#include "api/fields.h"
#include "api/sms_int.h"
#include "http/respond.h"
#include "store/sms.h"
#include "util/log.h"
#include "vault/sms_seal.h"

struct list_job {
	int64_t id;
	struct acl_inbox_job acl;	/* re-checked by the job */
	int64_t after;
	int limit;
	json_t *messages;		/* built by the job */
	json_t *ids;
	int64_t last;			/* the last id on the page */
	int n;
	int bad;			/* a text did not open */
};

static void
list_free(void *arg)
{
	struct list_job *j = arg;

	if (j == NULL)
		return;
	json_decref(j->messages);
	json_decref(j->ids);
	free(j);
}

static int
list_one(void *arg, const struct sms_row *m)
{
	struct list_job *j = arg;
	struct sms_content c;
	unsigned char *pt = NULL;
	size_t n = 0;
	json_t *o = NULL;

	if (sms_open(SMS_SEALED_BODY, m->id, m->sealed, m->sealed_len, &pt,
	    &n) == -1 || sms_content_load((const char *)pt, n, &c) == -1) {
		log_warnx("%s: text %lld does not open", __func__,
		    (long long)m->id);
		sms_plain_free(&pt, n + 1);
		j->bad = 1;
		return -1;
	}
	sms_plain_free(&pt, n + 1);
	o = sms_message_json(m->id, m->inbox_id, m->received_at, &c);
	sms_content_clear(&c);
	if (o == NULL || json_array_append_new(j->messages, o) == -1 ||
	    json_array_append_new(j->ids, json_integer(m->id)) == -1)
		return -1;
	j->last = m->id;
	j->n++;
	return 0;
}

static int
list_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct list_job *j = arg;
	struct sms_query q;
	struct inbox_row in;
	int rc;

	if ((rc = acl_inbox_job_check(st, j->id, &j->acl, &in, ev)) != 0)
		return rc;
	q = (struct sms_query){ j->id, 0, j->after,
	    sms_retention_floor((int64_t)time(NULL)), j->limit };
	if (store_sms_list(st, &q, list_one, j) == -1)
		return j->bad ? SMS_ESEAL : -1;
	audit_event_detail(ev, "messages", json_incref(j->ids));
	audit_event_detail(ev, "via", json_string("list"));
	return 0;
}

static int
list_finish(struct req *r, int rc)
{
	struct list_job *j = r->job_arg;

	if (rc != 0)
		return inbox_job_failed(r, rc, &j->acl, "");
	return respond_json(r, 200, json_pack("{s:O, s:o}", "messages",
	    j->messages, "next_after", j->n == j->limit ?
	    json_integer(j->last) : json_null()));
}

int
api_inbox_messages(struct req *r)
{
	struct list_job *j;
	struct inbox_row in;
	int64_t after = 0, limit = 100;
	int level, ret;

	if (query_int_or_400(r, "after", 0, INT64_MAX, &after) == -1 ||
	    query_int_or_400(r, "limit", 1, LIMIT_SMS_PAGE, &limit) == -1)
		return 0;
	if (acl_inbox_or_refuse(r, ACL_INBOX_TEXTS, &in, &level, &ret) == -1)
		return ret;
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->messages = json_array()) == NULL ||
	    (j->ids = json_array()) == NULL) {
		list_free(j);
		return respond_500(r);
	}
	j->id = in.id;
	j->after = after;
	j->limit = (int)limit;
	acl_inbox_job_init(&j->acl, r, ACL_INBOX_TEXTS);
	req_audit(r, "sms.view");
	acl_inbox_target(&r->job.ev, in.id, &in);
	r->job.run = list_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, list_free, list_finish);
}
