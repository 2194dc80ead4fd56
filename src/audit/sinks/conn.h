/*
 * conn.h -- a TCP connection, optionally TLS, for the syslog and RELP
 * sinks: non-blocking, every wait bounded by a timeout and cut short by
 * the sink's stop descriptor.
 *
 * Why: a sink thread must stop within moments when told (a config change,
 * shutdown), whatever the receiver does, and must never block on a
 * receiver that stopped reading. So every connect, read and write polls
 * the socket together with the stop descriptor.
 *
 * CLEAN CLOSE: conn_finish() is the acknowledgement of plain TCP and TLS
 *     (which have none of their own): we shut our side down (TLS:
 *     close_notify, then TCP FIN) and wait until the receiver closes its
 *     side in turn, which it does only after reading everything we sent
 *     (an unread byte would make its kernel answer with a reset instead).
 */
#ifndef KAITO_AUDIT_SINKS_CONN_H
#define KAITO_AUDIT_SINKS_CONN_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "util/errbuf.h"

struct conn {
	int fd;			/* -1: closed */
	SSL *ssl;		/* owned; NULL for plain TCP */
	int stop_fd;		/* borrowed: readable when we must stop */
	int timeout_ms;		/* for each wait */
};

/* Connect to host:port (and handshake when ctx is not NULL, checking the
 * certificate for server_name). Returns 0, or -1 with e set. */
int conn_open(struct conn *c, const char *host, int port, SSL_CTX *ctx,
    const char *server_name, int stop_fd, int timeout_ms, struct errbuf *e);

/* Write all n bytes. Returns 0 or -1 with e set. */
int conn_write(struct conn *c, const void *p, size_t n, struct errbuf *e);

/* Read what is there (waiting for some): *got bytes, 0 at end of stream.
 * Returns 0 or -1 with e set. */
int conn_read(struct conn *c, void *p, size_t cap, size_t *got,
    struct errbuf *e);

/* Shut our side down and wait for the peer to close (see above).
 * Returns 0 when the close was clean, -1 with e set otherwise; the
 * connection is closed either way. */
int conn_finish(struct conn *c, struct errbuf *e);

/* Close at once. NULL-safe on a closed connection. */
void conn_close(struct conn *c);

#endif
