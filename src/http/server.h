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
};

/* Start serving. Returns 0 or -1 with e set. */
int server_start(const struct server_config *cfg, struct errbuf *e);

/* The port actually bound (useful with port 0). */
uint16_t server_port(void);

/* 1 when serving HTTPS. */
int server_tls(void);

/* Stop accepting, let deferred requests finish, and stop. */
void server_stop_accepting(void);
void server_stop(void);

#endif
