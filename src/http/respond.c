/*
 * respond.c -- see respond.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/respond.h"
#include "util/jsonmem.h"
#include "util/log.h"

static int
set_body(struct req *r, int status, const char *type, char *body,
    size_t len)
{
	if (r->status != 0) {
		log_warnx("%s: second answer (%d after %d) for %s %s",
		    __func__, status, r->status, r->method, r->path);
		if (body != NULL) {
			sodium_memzero(body, len);
			free(body);
		}
		return 0;
	}
	r->status = status;
	r->resp_type = type;
	r->resp_body = body;
	r->resp_len = len;
	return 0;
}

int
respond_json(struct req *r, int status, json_t *body)
{
	char *s;

	if (body == NULL)
		return respond_500(r);
	s = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (s == NULL)
		return respond_500(r);
	/* json_dumps used jsonmem's allocator, which is malloc. */
	return set_body(r, status, "application/json", s, strlen(s));
}

static const char oom_error[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";

static int
respond_verror(struct req *r, int status, const char *code, const char *fmt,
    va_list ap)
{
	char msg[512];
	json_t *o;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	o = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", msg);
	if (o == NULL)
		return respond_text(r, 500, "application/json", oom_error);
	return respond_json(r, status, o);
}

int
respond_error(struct req *r, int status, const char *code, const char *fmt,
    ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = respond_verror(r, status, code, fmt, ap);
	va_end(ap);
	return rc;
}

#define SHORTHAND(fn, status, code)					\
int									\
fn(struct req *r, const char *fmt, ...)					\
{									\
	va_list ap;							\
	int rc;								\
									\
	va_start(ap, fmt);						\
	rc = respond_verror(r, status, code, fmt, ap);			\
	va_end(ap);							\
	return rc;							\
}
SHORTHAND(respond_400, 400, "bad_request")
SHORTHAND(respond_403, 403, "forbidden")
SHORTHAND(respond_404, 404, "not_found")
SHORTHAND(respond_409, 409, "conflict")
#undef SHORTHAND

int
respond_500(struct req *r)
{
	return respond_error(r, 500, "internal", "internal error; the "
	    "server log has details");
}

int
respond_503(struct req *r)
{
	respond_header(r, "Retry-After", "1");
	return respond_error(r, 503, "unavailable", "the audit log could "
	    "not record this request, so it was not carried out; try again");
}

int
respond_text(struct req *r, int status, const char *type, const char *text)
{
	char *copy = strdup(text);

	if (copy == NULL)
		return respond_500(r);
	return set_body(r, status, type, copy, strlen(copy));
}

int
respond_empty(struct req *r, int status)
{
	return set_body(r, status, NULL, NULL, 0);
}

int
respond_stream(struct req *r, int status, const char *type,
    req_stream_reader reader, void *cls, void (*free_cb)(void *))
{
	if (r->status != 0) {
		log_warnx("%s: second answer (%d after %d) for %s %s",
		    __func__, status, r->status, r->method, r->path);
		free_cb(cls);
		return 0;
	}
	r->status = status;
	r->resp_type = type;
	r->stream = reader;
	r->stream_cls = cls;
	r->stream_free = free_cb;
	return 0;
}

int
respond_header(struct req *r, const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (r->nheaders == LIMIT_RESP_HEADERS)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((r->headers[r->nheaders].value = strdup(buf)) == NULL)
		return -1;
	r->headers[r->nheaders++].name = name;
	sodium_memzero(buf, sizeof(buf));
	return 0;
}
