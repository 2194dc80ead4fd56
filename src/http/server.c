/*
 * server.c -- libmicrohttpd glue: the request lifecycle, dispatch and
 * response building.
 *
 * LIFECYCLE (cf. systemd journal-gatewayd): the first call for a request
 *     allocates struct req, matches the route and refuses early what it
 *     can (404, 405, 413 by Content-Length); body calls append to a
 *     capped buffer; the final call dispatches. A deferred request is
 *     suspended until the writer resumes it; MHD then calls again and the
 *     finish function answers. NOTIFY_COMPLETED records metrics and frees
 *     (wipes) the request.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "auth/authn.h"
#include "http/metrics.h"
#include "http/respond.h"
#include "http/router.h"
#include "http/server.h"
#include "http/sse.h"
#include "kaito_limits.h"
#include "util/log.h"

/*
 * Connections for ordinary requests, beside the event streams; and the
 * memory pool libmicrohttpd gives each connection for its request
 * headers, read buffer and (for streams) write buffer. MHD touches most
 * of the pool over a connection's first request, so it is what an open
 * stream costs: measured with 1,000 idle streams (bench/smsfanout), 53
 * KiB each at 64 KiB, 37 at 32 KiB, 29 at 16 KiB. 32 KiB (MHD's own
 * default) keeps 1,000 streams under 64 MB and still takes request
 * headers of about 16 KiB; larger bodies (uploads) are read in pieces
 * and do not need the pool. docs/sms.md has the figures.
 */
#define SERVER_REQUEST_CONNS	1024

static struct MHD_Daemon *daemon_h;
static int serving_tls;
static char *public_url;		/* --public-url, no trailing '/' */

/* A response body handed to MHD, wiped when MHD frees it. */
struct owned_body {
	size_t len;
	char *data;
};

static void
owned_body_free(void *cls)
{
	struct owned_body *b = cls;

	if (b->data != NULL) {
		sodium_memzero(b->data, b->len);
		free(b->data);
	}
	free(b);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr, r->ip, sizeof(r->ip));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr, r->ip, sizeof(r->ip));
}

static void
add_security_headers(struct MHD_Response *resp, const struct req *r)
{
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (r->resp_type != NULL && strncmp(r->resp_type, "text/html", 9) == 0)
		MHD_add_response_header(resp, "Content-Security-Policy",
		    "default-src 'self'; style-src 'self' 'unsafe-inline'; "
		    "frame-ancestors 'none'; form-action 'self'");
	else
		MHD_add_response_header(resp, "Content-Security-Policy",
		    "default-src 'none'; frame-ancestors 'none'");
	if (serving_tls)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		    "max-age=31536000");
}

static void
record_request(struct req *r)
{
	size_t route = r->route ? (size_t)(r->route - routes) :
	    routes_count();

	metrics_record(route, r->status, now_ns() - r->start_ns);
}

/* A streamed answer: MHD pulls the body from r->stream. */
static struct MHD_Response *
stream_response(struct req *r)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    r->stream, r->stream_cls, r->stream_free);
	if (resp == NULL)
		return NULL;	/* r still owns stream_cls; req_free frees it */
	r->stream_cls = NULL;	/* MHD owns it now */
	r->stream_ns = now_ns();
	/* Proxies (nginx) must not buffer an event stream. */
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	return resp;
}

static enum MHD_Result
queue_answer(struct req *r)
{
	struct MHD_Response *resp;
	struct owned_body *b;
	enum MHD_Result ret;
	int i;

	if (r->status == 0)
		respond_500(r);
	if (r->stream != NULL) {
		if ((resp = stream_response(r)) == NULL)
			return MHD_NO;
		goto headers;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return MHD_NO;
	b->data = r->resp_body;
	b->len = r->resp_len;
	resp = MHD_create_response_from_buffer_with_free_callback_cls(b->len,
	    b->data, owned_body_free, b);
	if (resp == NULL) {
		free(b);
		return MHD_NO;
	}
	r->resp_body = NULL;	/* MHD owns it now */
	r->resp_len = 0;
headers:
	if (r->resp_type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->resp_type);
	add_security_headers(resp, r);
	for (i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name,
		    r->headers[i].value);
	/* Count the request now, before the client can see the answer:
	 * counted at completion, a client's next request could render
	 * /metrics before this one is in it. */
	record_request(r);
	r->queued = 1;
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static int
content_is_json(struct req *r)
{
	const char *ct = req_header(r, "Content-Type");

	return ct != NULL && strncasecmp(ct, "application/json", 16) == 0 &&
	    (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

static int
parse_json_body(struct req *r)
{
	json_error_t err;

	if (!content_is_json(r))
		return respond_error(r, 415, "unsupported_media_type",
		    "send Content-Type: application/json"), -1;
	r->json = json_loadb(r->body ? r->body : "", r->body_len,
	    JSON_REJECT_DUPLICATES, &err);
	/* Not err.text: jansson quotes the input near the error, which can
	 * be a piece of a password or a seed. */
	if (r->json == NULL)
		return respond_400(r, "invalid JSON at line %d, column %d",
		    err.line, err.column), -1;
	if (!json_is_object(r->json))
		return respond_400(r, "the body must be a JSON object"), -1;
	return 0;
}

static int
has_scope(const struct req *r, const char *scope)
{
	const char *p = r->auth.scopes;
	size_t n = strlen(scope);

	while ((p = strstr(p, scope)) != NULL) {
		if ((p == r->auth.scopes || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/* Authentication, authorisation by flags, body parsing, then the handler. */
static int
dispatch(struct req *r)
{
	int flags = r->route->flags;

	if (flags & R_PUBLIC)
		authn_anonymous(r);
	else if (authn_or_401(r) == -1)
		return 0;
	if ((flags & R_ADMIN) && !r->auth.is_admin)
		return respond_403(r, "administrators only");
	if ((flags & R_AUDIT_READ) && !r->auth.is_admin &&
	    !(r->auth.apitoken_id != 0 && has_scope(r, "audit:read")))
		return respond_403(r, "needs an administrator or an API token "
		    "with the audit:read scope");
	if ((flags & R_JSON) && parse_json_body(r) == -1)
		return 0;
	return r->route->handler(r);
}

static enum MHD_Result
answer_deferred(struct req *r)
{
	int rc;

	if (r->status == 0 && r->finish != NULL) {
		rc = r->finish(r, r->job.rc);
		if (rc == -1 && r->status == 0)
			respond_500(r);
	}
	return queue_answer(r);
}

/* After a handler deferred: suspend unless the job is already done. */
static enum MHD_Result
suspend_or_finish(struct req *r)
{
	pthread_mutex_lock(&r->mtx);
	if (!r->job_done) {
		r->suspended = 1;
		MHD_suspend_connection(r->conn);
		pthread_mutex_unlock(&r->mtx);
		return MHD_YES;
	}
	pthread_mutex_unlock(&r->mtx);
	return answer_deferred(r);
}

static enum MHD_Result
final_call(struct req *r)
{
	int rc;

	if (r->deferred)
		return answer_deferred(r);	/* resumed */
	if (r->status == 0 && r->body_too_large)
		respond_error(r, 413, "payload_too_large", "the body is over "
		    "%zu bytes", r->body_limit);
	if (r->status == 0) {
		rc = dispatch(r);
		if (rc == REQ_DEFERRED && r->deferred)
			return suspend_or_finish(r);
		if (rc == -1 && r->status == 0)
			respond_500(r);
	}
	return queue_answer(r);
}

static int
body_append(struct req *r, const char *data, size_t n)
{
	char *nb;
	size_t ncap;

	if (r->body_too_large || r->status != 0)
		return 0;
	if (r->body_len + n > r->body_limit) {
		r->body_too_large = 1;
		return 0;
	}
	if (r->body_len + n + 1 > r->body_cap) {
		ncap = r->body_cap ? r->body_cap : 4096;
		while (ncap < r->body_len + n + 1)
			ncap *= 2;
		if ((nb = malloc(ncap)) == NULL)
			return -1;
		if (r->body != NULL) {
			memcpy(nb, r->body, r->body_len);
			sodium_memzero(r->body, r->body_cap);
			free(r->body);
		}
		r->body = nb;
		r->body_cap = ncap;
	}
	memcpy(r->body + r->body_len, data, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return 0;
}

/* First call: allocate, match, refuse early what can be refused. */
static struct req *
first_call(struct MHD_Connection *conn, const char *url, const char *method)
{
	struct req *r;
	const char *ua, *cl;
	char allow[64];
	int m;

	if ((r = req_new()) == NULL)
		return NULL;
	r->conn = conn;
	r->method = method;
	r->path = url;
	r->start_ns = now_ns();
	r->tls = serving_tls;
	client_address(r);
	if ((ua = req_header(r, "User-Agent")) != NULL)
		snprintf(r->user_agent, sizeof(r->user_agent), "%s", ua);
	m = router_match_name(strcmp(method, "HEAD") == 0 ? "GET" : method,
	    url, &r->route, r->ids, r->name, allow, sizeof(allow));
	if (m == 404)
		respond_404(r, "no such endpoint: %.100s", url);
	else if (m == 405) {
		respond_header(r, "Allow", "%s", allow);
		respond_error(r, 405, "method_not_allowed", "%s is not "
		    "allowed here; allowed: %s", method, allow);
	}
	r->body_limit = r->route && (r->route->flags & R_UPLOAD) ?
	    LIMIT_BODY_UPLOAD : r->route && (r->route->flags & R_HOOK) ?
	    LIMIT_SMS_WEBHOOK : LIMIT_BODY_JSON;
	cl = req_header(r, "Content-Length");
	if (r->status == 0 && cl != NULL &&
	    strtoull(cl, NULL, 10) > r->body_limit)
		respond_error(r, 413, "payload_too_large", "the body is over "
		    "%zu bytes", r->body_limit);
	return r;
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)version;
	if (r == NULL) {
		if ((r = first_call(conn, url, method)) == NULL)
			return MHD_NO;
		*con_cls = r;
		if (r->status != 0)	/* early answer: no 100 Continue */
			return queue_answer(r);
		return MHD_YES;
	}
	if (r->queued) {		/* answered early; drop the rest */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (body_append(r, upload_data, *upload_data_size) == -1)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return final_call(r);
}

static void
request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	if (!r->queued)		/* never answered: counted here */
		record_request(r);
	req_free(r);
	*con_cls = NULL;
}

static void
panic_handler(void *cls, const char *file, unsigned int line,
    const char *reason)
{
	(void)cls;
	log_warnx("libmicrohttpd panic at %s:%u: %s", file ? file : "?", line,
	    reason ? reason : "?");
	abort();
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warnx("libmicrohttpd: %s", msg);
}

/* Parse "HOST:PORT" or "[V6]:PORT" into *ss. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6,
    struct errbuf *e)
{
	char host[64];
	const char *colon, *hs = listen, *he;
	long port;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if ((colon = strrchr(listen, ':')) == NULL)
		return errbuf_set(e, "--listen wants HOST:PORT, not '%s'",
		    listen);
	he = colon;
	if (*hs == '[' && he > hs && he[-1] == ']') {
		hs++;
		he--;
	}
	if ((size_t)(he - hs) >= sizeof(host))
		return errbuf_set(e, "--listen: host too long");
	memcpy(host, hs, (size_t)(he - hs));
	host[he - hs] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 0 ||
	    port > 65535)
		return errbuf_set(e, "--listen: bad port '%s'", colon + 1);
	*v6 = strchr(host, ':') != NULL;
	if (*v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return errbuf_set(e, "--listen: bad IPv6 address '%s'",
			    host);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (strcmp(host, "localhost") == 0)
			strcpy(host, "127.0.0.1");
		if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0",
		    &s4->sin_addr) != 1)
			return errbuf_set(e, "--listen: bad IPv4 address '%s' "
			    "(use an address, not a name)", host);
	}
	return 0;
}

/* Read a PEM file into a NUL-terminated buffer (wiped by the caller). */
static char *
read_pem(const char *path, size_t *len, struct errbuf *e)
{
	char *buf;
	ssize_t n;
	size_t cap = 64 * 1024, used = 0;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		errbuf_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((buf = calloc(1, cap + 1)) == NULL) {
		close(fd);
		errbuf_set(e, "out of memory");
		return NULL;
	}
	while (used < cap && (n = read(fd, buf + used, cap - used)) > 0)
		used += (size_t)n;
	close(fd);
	if (used == 0 || used == cap) {
		sodium_memzero(buf, cap + 1);
		free(buf);
		errbuf_set(e, "%s: empty or larger than 64 KiB", path);
		return NULL;
	}
	*len = cap + 1;
	return buf;
}

static void
free_pem(char *pem, size_t len)
{
	if (pem == NULL)
		return;
	sodium_memzero(pem, len);
	free(pem);
}

/* The TLS options, or an empty list for plain HTTP. */
static struct MHD_OptionItem *
tls_options(const char *cert, const char *key)
{
	static char priorities[] =
	    "SECURE256:+SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";
	static struct MHD_OptionItem opts[4];

	memset(opts, 0, sizeof(opts));
	opts[0].option = MHD_OPTION_END;
	if (cert == NULL)
		return opts;
	opts[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
	    (void *)(uintptr_t)cert };
	opts[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
	    (void *)(uintptr_t)key };
	opts[2] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
	    priorities };
	opts[3].option = MHD_OPTION_END;
	return opts;
}

int
server_start(const struct server_config *cfg, struct errbuf *e)
{
	struct sockaddr_storage ss;
	char *cert = NULL, *key = NULL;
	size_t certlen = 0, keylen = 0;
	unsigned flags, threads = cfg->threads, streams;
	int v6 = 0, rc = -1;
	long ncpu;

	if (parse_listen(cfg->listen, &ss, &v6, e) == -1)
		return -1;
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL))
		return errbuf_set(e, "--tls-cert and --tls-key go together");
	if (cfg->tls_cert != NULL &&
	    ((cert = read_pem(cfg->tls_cert, &certlen, e)) == NULL ||
	    (key = read_pem(cfg->tls_key, &keylen, e)) == NULL))
		goto out;
	if (threads == 0)
		threads = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ?
		    (unsigned)ncpu : 2;
	if (cfg->public_url != NULL) {
		if (server_public_url_check(cfg->public_url, e) == -1)
			goto out;
		free(public_url);
		if ((public_url = strdup(cfg->public_url)) == NULL) {
			errbuf_set(e, "out of memory");
			goto out;
		}
		while (public_url[0] != '\0' &&
		    public_url[strlen(public_url) - 1] == '/')
			public_url[strlen(public_url) - 1] = '\0';
	}
	streams = cfg->max_streams ? cfg->max_streams : LIMIT_SSE_STREAMS;
	if (metrics_init() == -1) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	if (sse_hub_start(streams, cfg->sse_heartbeat ? cfg->sse_heartbeat :
	    LIMIT_SSE_HEARTBEAT) == -1) {
		errbuf_set(e, "cannot start the event stream hub");
		metrics_free();
		goto out;
	}
	MHD_set_panic_func(panic_handler, NULL);
	flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
	    MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) |
	    (cert ? MHD_USE_TLS : 0);
	serving_tls = cert != NULL;
	daemon_h = MHD_start_daemon(flags, 0, NULL, NULL, access_handler, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, streams + SERVER_REQUEST_CONNS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, cert != NULL ?
		(size_t)LIMIT_CONN_MEMORY_TLS : (size_t)LIMIT_CONN_MEMORY,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    MHD_OPTION_ARRAY, tls_options(cert, key),
	    MHD_OPTION_END);
	if (daemon_h == NULL) {
		errbuf_set(e, "cannot listen on %s (address in use, no "
		    "permission, or bad TLS files)", cfg->listen);
		sse_hub_close();
		sse_hub_stop();
		metrics_free();
		goto out;
	}
	rc = 0;
out:
	free_pem(cert, certlen);
	free_pem(key, keylen);
	return rc;
}

uint16_t
server_port(void)
{
	const union MHD_DaemonInfo *di;

	if (daemon_h == NULL)
		return 0;
	di = MHD_get_daemon_info(daemon_h, MHD_DAEMON_INFO_BIND_PORT);
	return di != NULL ? di->port : 0;
}

int
server_tls(void)
{
	return serving_tls;
}

const char *
server_public_url(void)
{
	return public_url;
}

int
server_public_url_check(const char *url, struct errbuf *e)
{
	const char *host, *p;
	size_t n = strlen(url);

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return errbuf_set(e, "--public-url must start with https:// "
		    "or http://");
	if (n > LIMIT_SMS_URL / 2)
		return errbuf_set(e, "--public-url is longer than %d bytes",
		    LIMIT_SMS_URL / 2);
	if (host[0] == '\0' || host[0] == '/' || host[0] == ':')
		return errbuf_set(e, "--public-url has no host");
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '?' || *p == '#' || *p == '@' || *p == '\\')
			return errbuf_set(e, "--public-url: no query, "
			    "fragment, user, space or non-ASCII character");
	return 0;
}

void
server_stop_accepting(void)
{
	if (daemon_h == NULL)
		return;
	MHD_quiesce_daemon(daemon_h);
	sse_hub_close();
}

void
server_stop(void)
{
	size_t left;

	if (daemon_h == NULL)
		return;
	/* MHD_stop_daemon() aborts while a connection is suspended: every
	 * stream must have ended first (sse.h, SHUTDOWN). */
	if ((left = sse_hub_wait(10000)) != 0)
		log_warnx("%s: %zu event streams still open; stopping anyway",
		    __func__, left);
	MHD_stop_daemon(daemon_h);
	daemon_h = NULL;
	sse_hub_stop();
	metrics_free();
	free(public_url);
	public_url = NULL;
}
