/*
 * req.h -- one HTTP request as handlers see it.
 *
 * Why: handlers take a struct req, never an MHD_Connection, so they can
 * be driven without sockets, and everything a request owns is freed (and
 * wiped) in one place, req_free(), when libmicrohttpd reports it complete.
 *
 * A handler reads r->method, r->ids[], the query (req_query), headers
 * (req_header), r->json (the parsed body, for R_JSON routes) or r->body,
 * and r->auth (who is calling, filled by the dispatcher). It answers with
 * exactly one respond_*() call, or defers: req_defer() hands a writer job
 * to the writer and names the function that answers once it is durable.
 */
#ifndef KAITO_HTTP_REQ_H
#define KAITO_HTTP_REQ_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "audit/event.h"
#include "audit/writer.h"
#include "kaito_limits.h"

struct MHD_Connection;
struct route;
struct req;

#define REQ_MAX_IDS	2
#define REQ_NAME_MAX	253	/* a :name segment: a host name */

/* Who is calling; filled by the dispatcher for authenticated routes. */
struct auth {
	int authenticated;		/* 1 once a session or token checked out */
	int64_t user_id;
	char email[LIMIT_EMAIL + 1];
	int is_admin;
	int64_t session_id;		/* 0 for API tokens */
	int64_t apitoken_id;		/* 0 for sessions */
	char scopes[128];		/* API token scopes, space-separated */
	int enrolling;			/* session only good for TOTP enrolment */
};

/* A handler's return: 0 when it responded, REQ_DEFERRED after
 * req_defer(). (-1 is treated as "respond 500".) */
#define REQ_DEFERRED	1

typedef int (*req_handler)(struct req *r);
/* Called once the deferred job is done; rc is the job's result. */
typedef int (*req_finish)(struct req *r, int rc);
/* Pulls a streamed body (libmicrohttpd's content reader contract). */
typedef ssize_t (*req_stream_reader)(void *cls, uint64_t pos, char *buf,
    size_t max);

struct resp_header {
	const char *name;		/* static */
	char *value;			/* owned */
};

struct req {
	struct MHD_Connection *conn;	/* borrowed; NULL in unit tests */
	const struct route *route;	/* matched route, or NULL */
	const char *method;		/* MHD-owned, valid for the request */
	const char *path;		/* MHD-owned, without the query */
	int64_t ids[REQ_MAX_IDS];	/* numeric :id segments, in order */
	char name[REQ_NAME_MAX + 1];	/* the :name segment, or "" */
	char ip[AUDIT_IP_LEN];		/* client address */
	char user_agent[LIMIT_USER_AGENT + 1];	/* truncated */
	int tls;			/* arrived over HTTPS */
	uint64_t start_ns;		/* monotonic, for the latency metric */

	char *body;			/* owned; NUL-terminated; wiped on free */
	size_t body_len;
	size_t body_cap;		/* allocated */
	size_t body_limit;		/* from the route */
	int body_too_large;
	json_t *json;			/* owned; parsed body (R_JSON routes) */

	struct auth auth;
	struct audit_actor actor;	/* for audit events, from auth + ip */

	/* The answer. */
	int status;			/* 0 until a respond_*() call */
	char *resp_body;		/* owned; wiped on free */
	size_t resp_len;
	const char *resp_type;		/* static content type */
	struct resp_header headers[LIMIT_RESP_HEADERS];
	int nheaders;
	int queued;			/* the answer was handed to MHD */
	req_stream_reader stream;	/* a streamed answer (respond_stream) */
	void *stream_cls;		/* owned until queued, then MHD's */
	void (*stream_free)(void *);	/* releases stream_cls */
	uint64_t stream_ns;		/* when the stream was queued */

	/* Deferred work (req_defer). */
	struct writer_job job;		/* owned by the writer while queued */
	void *job_arg;			/* owned; freed by job_free on req_free */
	void (*job_free)(void *);
	req_finish finish;
	void (*job_hook)(struct req *r, int rc);	/* optional: runs on the
					 * writer's side when the job is
					 * durable, in commit order, before
					 * the request is resumed (streams
					 * rely on that order) */
	pthread_mutex_t mtx;		/* guards the three flags below */
	int deferred;			/* a job is out */
	int job_done;			/* its done callback ran */
	int suspended;			/* the connection is suspended */
};

/* Allocate a request; NULL on out of memory. */
struct req *req_new(void);

/* Wipe and free everything the request owns. NULL-safe. */
void req_free(struct req *r);

/* A request header's value, or NULL. */
const char *req_header(struct req *r, const char *name);

/* Call cb(arg, name, value) for each request header, in order, until it
 * returns non-zero. Returns how many were visited. */
int req_header_each(struct req *r, int (*cb)(void *arg, const char *name,
    const char *value), void *arg);

/* A query parameter's value, or NULL. */
const char *req_query(struct req *r, const char *name);

/* A cookie's value, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/*
 * Defer the rest of the request until job is durable: r->job is sent to
 * the writer (the caller has filled run, arg and ev) and finish(r, rc)
 * runs afterwards on a worker thread. arg, if not NULL, is owned by the
 * request from now on and released with arg_free. Returns REQ_DEFERRED,
 * or 0 after answering 503 when the writer refuses the job.
 */
int req_defer(struct req *r, void *arg, void (*arg_free)(void *),
    req_finish finish);

/* Start an audit event on r->job.ev with r's actor and action. */
void req_audit(struct req *r, const char *action);

#endif
