/*
 * req.c -- request allocation, accessors and deferral; see req.h.
 */
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "http/req.h"
#include "http/respond.h"

struct req *
req_new(void)
{
	struct req *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	pthread_mutex_init(&r->mtx, NULL);
	return r;
}

void
req_free(struct req *r)
{
	int i;

	if (r == NULL)
		return;
	if (r->body != NULL) {
		sodium_memzero(r->body, r->body_cap);
		free(r->body);
	}
	json_decref(r->json);
	if (r->resp_body != NULL) {
		sodium_memzero(r->resp_body, r->resp_len);
		free(r->resp_body);
	}
	for (i = 0; i < r->nheaders; i++) {
		sodium_memzero(r->headers[i].value, strlen(r->headers[i].value));
		free(r->headers[i].value);
	}
	if (r->stream_cls != NULL && r->stream_free != NULL)
		r->stream_free(r->stream_cls);	/* never handed to MHD */
	audit_event_clear(&r->job.ev);
	if (r->job_arg != NULL && r->job_free != NULL)
		r->job_free(r->job_arg);
	pthread_mutex_destroy(&r->mtx);
	sodium_memzero(r, sizeof(*r));
	free(r);
}

const char *
req_header(struct req *r, const char *name)
{
	if (r->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct header_each {
	int (*cb)(void *, const char *, const char *);
	void *arg;
};

static enum MHD_Result
header_each_one(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct header_each *h = cls;

	(void)kind;
	return h->cb(h->arg, key, value != NULL ? value : "") == 0 ?
	    MHD_YES : MHD_NO;
}

int
req_header_each(struct req *r, int (*cb)(void *arg, const char *name,
    const char *value), void *arg)
{
	struct header_each h = { cb, arg };

	if (r->conn == NULL)
		return 0;
	return MHD_get_connection_values(r->conn, MHD_HEADER_KIND,
	    header_each_one, &h);
}

const char *
req_query(struct req *r, const char *name)
{
	if (r->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
req_cookie(struct req *r, const char *name)
{
	if (r->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* The writer's done callback: runs on the writer thread. */
static void
req_job_done(void *arg, int rc)
{
	struct req *r = arg;
	struct MHD_Connection *conn = r->conn;
	int resume;

	if (r->job_hook != NULL)
		r->job_hook(r, rc);
	pthread_mutex_lock(&r->mtx);
	r->job_done = 1;
	resume = r->suspended;
	r->suspended = 0;
	pthread_mutex_unlock(&r->mtx);
	/*
	 * Not a byte of r may be touched from here on: once the worker sees
	 * job_done (or the connection is resumed), it answers and frees r.
	 * A suspended connection is not processed until resumed, so conn
	 * stays valid until this call. (Resuming while holding r->mtx let
	 * the worker free r before our unlock: heap corruption under load.)
	 */
	if (resume)
		MHD_resume_connection(conn);
}

int
req_defer(struct req *r, void *arg, void (*arg_free)(void *),
    req_finish finish)
{
	r->job_arg = arg;
	r->job_free = arg_free;
	r->job.arg = arg;
	r->job.done = req_job_done;
	r->job.done_arg = r;
	r->finish = finish;
	r->deferred = 1;
	if (writer_submit(&r->job) == -1) {
		r->deferred = 0;
		return respond_503(r);
	}
	return REQ_DEFERRED;
}

void
req_audit(struct req *r, const char *action)
{
	audit_event_clear(&r->job.ev);
	audit_event_init(&r->job.ev, &r->actor, action);
}
