/*
 * conn.c -- see conn.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include "audit/sinks/conn.h"
#include "audit/sinks/tls.h"

/* Wait until fd is ready for events. Returns 0, or -1 with e set
 * (timeout, stop). */
static int
wait_fd(struct conn *c, short events, struct errbuf *e)
{
	struct pollfd p[2];
	int n;

	p[0].fd = c->fd;
	p[0].events = events;
	p[1].fd = c->stop_fd;
	p[1].events = POLLIN;
	for (;;) {
		p[0].revents = p[1].revents = 0;
		n = poll(p, c->stop_fd >= 0 ? 2 : 1, c->timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errbuf_set(e, "poll: %s", strerror(errno));
		if (n == 0)
			return errbuf_set(e, "timed out after %d ms",
			    c->timeout_ms);
		if (p[1].revents != 0)
			return errbuf_set(e, "stopping");
		return 0;
	}
}

/* Wait as OpenSSL asks after a call returned r. Returns 0 to call again,
 * -1 with e set when it failed. */
static int
ssl_wait(struct conn *c, int r, const char *what, struct errbuf *e)
{
	unsigned long err;
	char buf[128];

	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(c, POLLIN, e);
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(c, POLLOUT, e);
	case SSL_ERROR_ZERO_RETURN:
		return errbuf_set(e, "%s: the receiver closed TLS", what);
	case SSL_ERROR_SYSCALL:
		return errbuf_set(e, "%s: %s", what, errno != 0 ?
		    strerror(errno) : "connection closed");
	default:
		if ((err = ERR_get_error()) != 0) {
			ERR_error_string_n(err, buf, sizeof(buf));
			ERR_clear_error();
			return errbuf_set(e, "%s: %s", what, buf);
		}
		return errbuf_set(e, "%s: TLS error", what);
	}
}

static int
connect_addr(struct conn *c, const struct addrinfo *ai, struct errbuf *e)
{
	socklen_t len = sizeof(int);
	int err = 0, one = 1;

	if ((c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol)) == -1)
		return errbuf_set(e, "socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		if (errno != EINPROGRESS) {
			errbuf_set(e, "connect: %s", strerror(errno));
			goto fail;
		}
		if (wait_fd(c, POLLOUT, e) == -1)
			goto fail;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) ==
		    -1 || err != 0) {
			errbuf_set(e, "connect: %s", strerror(err ? err :
			    errno));
			goto fail;
		}
	}
	return 0;
fail:
	close(c->fd);
	c->fd = -1;
	return -1;
}

int
conn_open(struct conn *c, const char *host, int port, SSL_CTX *ctx,
    const char *server_name, int stop_fd, int timeout_ms, struct errbuf *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	char service[16];
	int r, rc;

	c->fd = -1;
	c->ssl = NULL;
	c->stop_fd = stop_fd;
	c->timeout_ms = timeout_ms;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0)
		return errbuf_set(e, "%s: %s", host, gai_strerror(rc));
	rc = -1;
	for (ai = res; ai != NULL && rc == -1; ai = ai->ai_next)
		rc = connect_addr(c, ai, e);
	freeaddrinfo(res);
	if (rc == -1)
		return -1;
	if (ctx == NULL)
		return 0;
	if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1 ||
	    sink_tls_expect(c->ssl, server_name) == -1) {
		errbuf_set(e, "cannot set up TLS");
		goto fail;
	}
	while ((r = SSL_connect(c->ssl)) != 1) {
		if (ssl_wait(c, r, "TLS handshake", e) == -1) {
			long v = SSL_get_verify_result(c->ssl);

			if (v != X509_V_OK)
				errbuf_set(e, "TLS handshake: the receiver's "
				    "certificate: %s",
				    X509_verify_cert_error_string(v));
			goto fail;
		}
	}
	return 0;
fail:
	conn_close(c);
	return -1;
}

int
conn_write(struct conn *c, const void *p, size_t n, struct errbuf *e)
{
	const char *s = p;
	ssize_t w;
	int r;

	while (n > 0) {
		if (c->ssl != NULL) {
			ERR_clear_error();
			r = SSL_write(c->ssl, s, n > INT32_MAX ? INT32_MAX :
			    (int)n);
			if (r > 0) {
				s += r;
				n -= (size_t)r;
			} else if (ssl_wait(c, r, "write", e) == -1)
				return -1;
			continue;
		}
		w = send(c->fd, s, n, MSG_NOSIGNAL);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
		} else if (w < 0 && errno == EINTR)
			continue;
		else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(c, POLLOUT, e) == -1)
				return -1;
		} else
			return errbuf_set(e, "write: %s", strerror(errno));
	}
	return 0;
}

int
conn_read(struct conn *c, void *p, size_t cap, size_t *got,
    struct errbuf *e)
{
	ssize_t n;
	int r, one = 1;

	*got = 0;
	for (;;) {
		if (c->ssl != NULL) {
			ERR_clear_error();
			r = SSL_read(c->ssl, p, cap > INT32_MAX ? INT32_MAX :
			    (int)cap);
			if (r > 0) {
				*got = (size_t)r;
				return 0;
			}
			if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN)
				return 0;
			if (ssl_wait(c, r, "read", e) == -1)
				return -1;
			continue;
		}
		/* Acknowledge at once what we read: a receiver that sends
		 * its answers in several small writes (imrelp) would else
		 * wait for our delayed ACK (Nagle), up to 40 ms each. */
		(void)setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one,
		    sizeof(one));
		n = recv(c->fd, p, cap, 0);
		if (n >= 0) {
			*got = (size_t)n;
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errbuf_set(e, "read: %s", strerror(errno));
		if (wait_fd(c, POLLIN, e) == -1)
			return -1;
	}
}

int
conn_finish(struct conn *c, struct errbuf *e)
{
	char buf[512];
	size_t got;
	int r, rc = -1;

	if (c->fd == -1)
		return errbuf_set(e, "not connected");
	if (c->ssl != NULL) {
		/* Our close_notify; the peer's may follow or not. */
		while ((r = SSL_shutdown(c->ssl)) < 0)
			if (ssl_wait(c, r, "TLS shutdown", e) == -1)
				goto out;
	}
	if (shutdown(c->fd, SHUT_WR) == -1) {
		errbuf_set(e, "shutdown: %s", strerror(errno));
		goto out;
	}
	/* Wait for the peer's end of stream; anything it says is dropped. */
	for (;;) {
		if (c->ssl != NULL) {
			ERR_clear_error();
			r = SSL_read(c->ssl, buf, sizeof(buf));
			if (r > 0)
				continue;
			switch (SSL_get_error(c->ssl, r)) {
			case SSL_ERROR_ZERO_RETURN:
				rc = 0;
				goto out;
			case SSL_ERROR_SYSCALL:
				/* TCP FIN without close_notify: the peer
				 * read our close_notify and closed. */
				if (errno == 0) {
					rc = 0;
					goto out;
				}
				errbuf_set(e, "closing: %s", strerror(errno));
				goto out;
			case SSL_ERROR_SSL:
				/* OpenSSL 3 reports a bare FIN as an
				 * "unexpected eof" SSL error. */
				if (ERR_GET_REASON(ERR_peek_error()) ==
				    SSL_R_UNEXPECTED_EOF_WHILE_READING) {
					rc = 0;
					goto out;
				}
				break;
			default:
				break;
			}
			if (ssl_wait(c, r, "closing", e) == -1)
				goto out;
			continue;
		}
		if (conn_read(c, buf, sizeof(buf), &got, e) == -1)
			goto out;
		if (got == 0) {
			rc = 0;
			goto out;
		}
	}
out:
	ERR_clear_error();
	conn_close(c);
	return rc;
}

void
conn_close(struct conn *c)
{
	if (c->ssl != NULL) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
}
