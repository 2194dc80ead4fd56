/*
 * tls.h -- TLS client contexts for the syslog sinks (RFC 5425), on
 * OpenSSL.
 *
 * Why: the receiver is authenticated by a CA the sink pins (tls_ca: only
 * those certificates are trusted, not the system's), and the name or IP
 * address in its certificate; Kaito may present a client certificate
 * (mutual TLS). TLS 1.2 at least. PEM texts come from the sink's
 * definition; the key is wiped from our buffers once OpenSSL holds it.
 */
#ifndef KAITO_AUDIT_SINKS_TLS_H
#define KAITO_AUDIT_SINKS_TLS_H

#include <openssl/ssl.h>

#include "audit/sinks/sink_int.h"

/* Check that c's tls_ca, tls_cert and tls_key parse (and that the key
 * fits the certificate). Returns 0, or -1 with e set (naming the
 * member, quoting nothing). */
int sink_tls_check(const struct sink_config *c, struct errbuf *e);

/* A client context for c: pinned CAs, TLS >= 1.2, peer verification,
 * and the client certificate when there is one. NULL with e set. */
SSL_CTX *sink_tls_ctx(const struct sink_config *c, struct errbuf *e);

/* Set up ssl to check the server's certificate for name (a DNS name or
 * an IP address) and send it as SNI when it is a name. 0 or -1. */
int sink_tls_expect(SSL *ssl, const char *name);

#endif
