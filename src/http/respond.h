/*
 * respond.h -- answering a request.
 *
 * Why: every answer goes through these so that errors have one shape,
 * {"error":{"code":"forbidden","message":"..."}}, and every response gets
 * the same security headers. Each returns 0, so a handler can end with
 * `return respond_error(r, 404, "not_found", "no token %lld", id);`.
 */
#ifndef KAITO_HTTP_RESPOND_H
#define KAITO_HTTP_RESPOND_H

#include <jansson.h>

#include "http/req.h"

/* Answer with body as JSON (the reference is stolen; NULL means 500). */
int respond_json(struct req *r, int status, json_t *body);

/* Answer {"error":{"code":code,"message":...}}. The message must not carry
 * secrets. */
int respond_error(struct req *r, int status, const char *code,
    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));

/* Answer with a copy of text as the given content type. */
int respond_text(struct req *r, int status, const char *type,
    const char *text);

/* Answer with an empty body (204, or 202). */
int respond_empty(struct req *r, int status);

/*
 * Answer with a body that libmicrohttpd pulls from reader(cls, ...) as
 * the client takes it (chunked, length unknown): Server-Sent Events.
 * cls is taken: free_cb(cls) runs when MHD is done with the response, or
 * when the request ends before it was queued. Returns 0.
 */
int respond_stream(struct req *r, int status, const char *type,
    req_stream_reader reader, void *cls, void (*free_cb)(void *));

/* Add a response header (the name must be static). Returns 0 or -1. */
int respond_header(struct req *r, const char *name, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

/* Shorthands for the common errors. */
int respond_400(struct req *r, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
int respond_403(struct req *r, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
int respond_404(struct req *r, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
int respond_409(struct req *r, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
int respond_500(struct req *r);
int respond_503(struct req *r);

#endif
