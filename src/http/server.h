/*
 * server.h -- the HTTP(S) server on libmicrohttpd.
 *
 * THREADS: MHD_USE_EPOLL_INTERNAL_THREAD with a pool of `threads` workers;
 *     no thread per connection. Handlers must not block on the network;
 *     work that must be durable first is deferred (req_defer): the
 *     connection is suspended and resumed by the writer's callback.
 */
#ifndef KAITO_HTTP_SERVER_H
#define KAITO_HTTP_SERVER_H

#include <stdint.h>

#include "util/errbuf.h"

struct server_config {
	const char *listen;		/* "HOST:PORT", "[v6]:PORT"; port 0 = any */
	const char *tls_cert;		/* PEM file, or NULL for plain HTTP */
	const char *tls_key;		/* PEM file, or NULL */
	unsigned threads;		/* worker threads; 0 = one per core */
	const char *public_url;		/* how clients reach us ("https://
					 * kaito.example.com"), or NULL */
	unsigned max_streams;		/* open event streams; 0: default */
	unsigned sse_heartbeat;		/* seconds; 0: default */
};

/* Start serving. Returns 0 or -1 with e set. */
int server_start(const struct server_config *cfg, struct errbuf *e);

/* The port actually bound (useful with port 0). */
uint16_t server_port(void);

/* 1 when serving HTTPS. */
int server_tls(void);

/* --public-url without a trailing '/', or NULL when not given. */
const char *server_public_url(void);

/*
 * Check a --public-url: http:// or https://, a host, an optional port
 * and path prefix, no query or fragment, at most LIMIT_SMS_URL / 2
 * bytes. Returns 0 or -1 with e set.
 */
int server_public_url_check(const char *url, struct errbuf *e);

/*
 * Stop accepting connections and end every event stream (sse.h,
 * SHUTDOWN); then the caller lets the writer finish, resuming deferred
 * requests; server_stop() waits (bounded) for the streams to be gone and
 * stops the daemon.
 */
void server_stop_accepting(void);
void server_stop(void);

#endif
