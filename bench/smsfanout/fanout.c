/*
 * fanout.c -- the client of bench/smsfanout: many event streams held open
 * on non-blocking sockets in one epoll loop, and Twilio-signed webhooks
 * posted at a steady rate on a few keep-alive connections; then the
 * latency from each webhook to its event at every subscriber.
 *
 * Why C: a thousand streams each receiving fifty events a second is
 * 50,000 events a second to parse; one epoll loop does it with a few
 * per cent of a core, so the client does not become what is measured.
 *
 * usage: fanout HOST PORT INBOX PUBLIC_URL SECRET TOKENS_FILE
 *            STREAMS_PER_TOKEN RATE SECONDS [KAITO_PID]
 *
 * Each webhook i carries the body "Bench <i>: your code is <6 digits>";
 * an event is matched to its webhook by that number. Two latencies are
 * kept per (webhook, subscriber): from the moment the request was sent,
 * and from the moment its 200 came back ("accepted"; Kaito pushes and
 * answers after the same commit, so this one can be slightly negative).
 * Sending is open loop: webhook i is due at start + i/RATE whatever the
 * answers do, on the first free connection.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define HOOK_CONNS	16
#define INBUF		(256 * 1024)

enum { K_SSE, K_HOOK };

struct conn {
	int fd;
	int kind;
	int idx;			/* subscriber index, or hook slot */
	int head_done;
	int status;
	char *in;			/* received, not yet parsed */
	size_t inlen;
	/* SSE: chunked decoding, then lines. */
	int cstate;			/* 0 size line, 1 data, 2 CRLF after */
	size_t cleft;
	char line[16384];
	size_t linelen;
	/* Hooks. */
	int busy;
	int msg;			/* the webhook in flight */
	size_t content_length;
	char out[8192];
	size_t outlen, outoff;
};

static const char *host, *public_url, *secret;
static int port, inbox;
static struct conn *subs, hooks[HOOK_CONNS];
static int nsubs, nmsgs;
static uint64_t *send_ns, *ack_ns, *recv_ns;	/* recv: [msg * nsubs + sub] */
static long received, bad_hooks, late_sends, parse_errors;
static int ep;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

static int
connect_nb(void)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		die("socket");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EINPROGRESS)
		die("connect");
	return fd;
}

static void
watch(struct conn *c, uint32_t events, int op)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (epoll_ctl(ep, op, c->fd, &ev) == -1)
		die("epoll_ctl");
}

/* Write what is pending; watch for writability while some is left. */
static void
flush_out(struct conn *c)
{
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
		if (n > 0) {
			c->outoff += (size_t)n;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINPROGRESS ||
		    errno == ENOTCONN)) {
			watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
			return;
		}
		die("write");
	}
	watch(c, EPOLLIN, EPOLL_CTL_MOD);
}

/* --- webhooks ------------------------------------------------------------ */

static size_t
urlencode(const char *s, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~')
			out[n++] = (char)ch;
		else if (ch == ' ')
			out[n++] = '+';
		else {
			out[n++] = '%';
			out[n++] = hex[ch >> 4];
			out[n++] = hex[ch & 15];
		}
	}
	out[n] = '\0';
	return n;
}

/* Twilio's signature: base64(HMAC-SHA1(token, URL + sorted name+value)). */
static void
twilio_sign(const char *url, const char *const kv[][2], int n, char *out)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	char msg[4096];
	size_t len, maclen = 0;
	int i;

	len = (size_t)snprintf(msg, sizeof(msg), "%s", url);
	for (i = 0; i < n; i++)	/* kv is sorted by name already */
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, "%s%s",
		    kv[i][0], kv[i][1]);
	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, secret,
	    strlen(secret), (unsigned char *)msg, len, mac, sizeof(mac),
	    &maclen) == NULL)
		die("EVP_Q_mac");
	EVP_EncodeBlock((unsigned char *)out, mac, (int)maclen);
}

static void
hook_send(struct conn *c, int i)
{
	char sid[40], body[128], url[512], sig[64], form[2048], enc[512];
	const char *kv[5][2];
	size_t flen = 0;
	int k;

	snprintf(sid, sizeof(sid), "SM%032d", i);
	snprintf(body, sizeof(body), "Bench %d: your code is %06d", i,
	    (i * 7919) % 1000000);
	snprintf(url, sizeof(url), "%s/hooks/sms/twilio/%d", public_url,
	    inbox);
	kv[0][0] = "AccountSid"; kv[0][1] = "AC00000000000000000000000000000000";
	kv[1][0] = "Body"; kv[1][1] = body;
	kv[2][0] = "From"; kv[2][1] = "+15550100999";
	kv[3][0] = "MessageSid"; kv[3][1] = sid;
	kv[4][0] = "To"; kv[4][1] = "+15550100123";
	twilio_sign(url, kv, 5, sig);
	for (k = 0; k < 5; k++) {
		urlencode(kv[k][1], enc);
		flen += (size_t)snprintf(form + flen, sizeof(form) - flen,
		    "%s%s=%s", k ? "&" : "", kv[k][0], enc);
	}
	c->outlen = (size_t)snprintf(c->out, sizeof(c->out),
	    "POST /hooks/sms/twilio/%d HTTP/1.1\r\nHost: %s:%d\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\n"
	    "X-Twilio-Signature: %s\r\nContent-Length: %zu\r\n\r\n%s",
	    inbox, host, port, sig, flen, form);
	c->outoff = 0;
	c->busy = 1;
	c->msg = i;
	c->head_done = 0;
	c->inlen = 0;
	send_ns[i] = now_ns();
	flush_out(c);
}

/* Parse a hook's answer; returns when incomplete. */
static void
hook_read(struct conn *c)
{
	char *end, *cl;
	size_t hl;

	if (!c->head_done) {
		c->in[c->inlen] = '\0';
		if ((end = strstr(c->in, "\r\n\r\n")) == NULL)
			return;
		c->status = atoi(c->in + 9);
		cl = strcasestr(c->in, "\r\nContent-Length:");
		c->content_length = cl && cl < end ?
		    (size_t)strtoul(cl + 17, NULL, 10) : 0;
		hl = (size_t)(end + 4 - c->in);
		memmove(c->in, end + 4, c->inlen - hl);
		c->inlen -= hl;
		c->head_done = 1;
	}
	if (c->inlen < c->content_length)
		return;
	ack_ns[c->msg] = now_ns();
	if (c->status != 200)
		bad_hooks++;
	c->inlen = 0;
	c->busy = 0;
	c->head_done = 0;
}

/* --- streams --------------------------------------------------------------- */

static void
sse_line(struct conn *c)
{
	const char *p;
	int i;

	c->line[c->linelen] = '\0';
	if (strncmp(c->line, "data: ", 6) != 0)
		return;
	if ((p = strstr(c->line, "\"body\":\"Bench ")) == NULL) {
		parse_errors++;
		return;
	}
	i = atoi(p + 14);
	if (i < 0 || i >= nmsgs) {
		parse_errors++;
		return;
	}
	if (recv_ns[(size_t)i * (size_t)nsubs + (size_t)c->idx] == 0) {
		recv_ns[(size_t)i * (size_t)nsubs + (size_t)c->idx] = now_ns();
		received++;
	}
}

static void
sse_bytes(struct conn *c, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			sse_line(c);
			c->linelen = 0;
		} else if (c->linelen < sizeof(c->line) - 1)
			c->line[c->linelen++] = p[i];
	}
}

/* Chunked transfer decoding over c->in. */
static void
sse_read(struct conn *c)
{
	size_t off = 0, take;
	char *end;

	if (!c->head_done) {
		c->in[c->inlen] = '\0';
		if ((end = strstr(c->in, "\r\n\r\n")) == NULL)
			return;
		c->status = atoi(c->in + 9);
		c->head_done = 1;
		off = (size_t)(end + 4 - c->in);
	}
	while (off < c->inlen) {
		if (c->cstate == 0) {
			char *nl = memchr(c->in + off, '\n', c->inlen - off);

			if (nl == NULL)
				break;
			c->cleft = strtoul(c->in + off, NULL, 16);
			off = (size_t)(nl + 1 - c->in);
			c->cstate = c->cleft ? 1 : 3;
		} else if (c->cstate == 1) {
			take = c->inlen - off < c->cleft ? c->inlen - off :
			    c->cleft;
			sse_bytes(c, c->in + off, take);
			off += take;
			if ((c->cleft -= take) == 0) {
				c->cstate = 2;
				c->cleft = 2;
			}
		} else if (c->cstate == 2) {
			take = c->inlen - off < c->cleft ? c->inlen - off :
			    c->cleft;
			off += take;
			if ((c->cleft -= take) == 0)
				c->cstate = 0;
		} else
			off = c->inlen;		/* the stream ended */
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
}

static void
on_readable(struct conn *c)
{
	ssize_t n;

	for (;;) {
		n = read(c->fd, c->in + c->inlen, INBUF - 1 - c->inlen);
		if (n > 0) {
			c->inlen += (size_t)n;
			if (c->kind == K_SSE)
				sse_read(c);
			else
				hook_read(c);
			continue;
		}
		if (n == 0 || (n == -1 && errno == ECONNRESET)) {
			if (c->kind == K_SSE)
				fprintf(stderr, "fanout: stream %d closed by "
				    "the server\n", c->idx);
			else if (c->busy) {
				bad_hooks++;
				c->busy = 0;
			}
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			close(c->fd);
			c->fd = -1;
			c->inlen = 0;
			c->head_done = 0;
			return;
		}
		if (errno == EAGAIN)
			return;
		die("read");
	}
}

/* --- measurement ------------------------------------------------------------ */

static long
rss_kb(int pid, const char *field)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			v = strtol(line + strlen(field) + 1, NULL, 10);
	fclose(f);
	return v;
}

static double
cpu_s(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return 0;
	}
	fclose(f);
	p = strrchr(buf, ')');
	for (i = 0; p != NULL && i < 12; i++)
		p = strchr(p + 1, ' ');
	if (p != NULL)
		sscanf(p + 1, "%lu %lu", &ut, &st);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const int64_t *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return (double)v[i] / 1e6;
}

int
main(int argc, char **argv)
{
	struct epoll_event evs[256];
	char tok[256], req[1024];
	char **tokens = NULL;
	int ntok = 0, per, rate, secs, pid = 0, i, n, ready, sent = 0;
	uint64_t t0, due, end, deadline, next_rss = 0;
	long max_rss = 0, r;
	double cpu0 = 0, cpu1 = 0;
	FILE *f;

	if (argc < 10) {
		fprintf(stderr, "usage: fanout HOST PORT INBOX PUBLIC_URL "
		    "SECRET TOKENS_FILE STREAMS_PER_TOKEN RATE SECONDS "
		    "[KAITO_PID]\n");
		return 2;
	}
	host = argv[1];
	port = atoi(argv[2]);
	inbox = atoi(argv[3]);
	public_url = argv[4];
	secret = argv[5];
	per = atoi(argv[7]);
	rate = atoi(argv[8]);
	secs = atoi(argv[9]);
	if (argc > 10)
		pid = atoi(argv[10]);
	if ((f = fopen(argv[6], "r")) == NULL)
		die(argv[6]);
	while (fgets(tok, sizeof(tok), f) != NULL) {
		tok[strcspn(tok, "\r\n")] = '\0';
		if (tok[0] == '\0')
			continue;
		tokens = realloc(tokens, (size_t)(ntok + 1) * sizeof(*tokens));
		tokens[ntok++] = strdup(tok);
	}
	fclose(f);
	nsubs = ntok * per;
	nmsgs = rate * secs;
	subs = calloc((size_t)nsubs, sizeof(*subs));
	send_ns = calloc((size_t)nmsgs, sizeof(*send_ns));
	ack_ns = calloc((size_t)nmsgs, sizeof(*ack_ns));
	recv_ns = calloc((size_t)nmsgs * (size_t)nsubs, sizeof(*recv_ns));
	if (subs == NULL || send_ns == NULL || ack_ns == NULL ||
	    recv_ns == NULL || (ep = epoll_create1(0)) == -1)
		die("setup");

	/* Open the streams. */
	for (i = 0; i < nsubs; i++) {
		struct conn *c = &subs[i];

		c->kind = K_SSE;
		c->idx = i;
		c->in = malloc(INBUF);
		c->fd = connect_nb();
		c->outlen = (size_t)snprintf(c->out, sizeof(c->out),
		    "GET /api/v1/inboxes/%d/stream HTTP/1.1\r\nHost: %s:%d\r\n"
		    "Accept: text/event-stream\r\nAuthorization: Bearer %s\r\n"
		    "\r\n", inbox, host, port, tokens[i / per]);
		watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_ADD);
	}
	(void)req;
	deadline = now_ns() + 60ull * 1000000000u;
	for (;;) {
		for (ready = 0, i = 0; i < nsubs; i++)
			ready += subs[i].head_done && subs[i].status == 200;
		if (ready == nsubs)
			break;
		if (now_ns() > deadline) {
			fprintf(stderr, "fanout: only %d of %d streams opened\n",
			    ready, nsubs);
			return 1;
		}
		n = epoll_wait(ep, evs, 256, 100);
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if ((evs[i].events & EPOLLOUT) && c->outoff < c->outlen)
				flush_out(c);
			else if (evs[i].events & EPOLLOUT)
				watch(c, EPOLLIN, EPOLL_CTL_MOD);
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
				on_readable(c);
			if (c->kind == K_SSE && c->head_done &&
			    c->status != 200) {
				fprintf(stderr, "fanout: stream %d got %d\n",
				    c->idx, c->status);
				return 1;
			}
		}
	}
	/* The webhook connections, now that the streams are up (an idle
	 * connection would time out while a thousand streams open). */
	for (i = 0; i < HOOK_CONNS; i++) {
		hooks[i].kind = K_HOOK;
		hooks[i].idx = i;
		hooks[i].in = malloc(INBUF);
		hooks[i].fd = connect_nb();
		watch(&hooks[i], EPOLLIN, EPOLL_CTL_ADD);
	}
	printf("streams open: %d (%d tokens x %d)\n", nsubs, ntok, per);
	if (pid) {
		cpu0 = cpu_s(pid);
		printf("kaito RSS with %d idle streams: %ld KiB\n", nsubs,
		    rss_kb(pid, "VmRSS:"));
	}
	fflush(stdout);

	/* Post the webhooks, open loop, and read the events. */
	t0 = now_ns();
	end = t0 + (uint64_t)secs * 1000000000u;
	deadline = end + 5ull * 1000000000u;
	for (;;) {
		uint64_t now = now_ns();
		int timeout;

		while (sent < nmsgs && (due = t0 + (uint64_t)sent *
		    1000000000u / (uint64_t)rate) <= now) {
			for (i = 0; i < HOOK_CONNS && hooks[i].busy; i++)
				;
			if (i == HOOK_CONNS) {
				late_sends++;
				break;
			}
			if (hooks[i].fd == -1) {	/* closed: open again */
				hooks[i].fd = connect_nb();
				watch(&hooks[i], EPOLLIN, EPOLL_CTL_ADD);
			}
			hook_send(&hooks[i], sent++);
		}
		if (pid && now >= next_rss) {
			if ((r = rss_kb(pid, "VmRSS:")) > max_rss)
				max_rss = r;
			next_rss = now + 200000000u;
		}
		if (sent == nmsgs && received == (long)nmsgs * nsubs)
			break;
		if (now > deadline)
			break;
		timeout = sent < nmsgs ? (int)((t0 + (uint64_t)sent *
		    1000000000u / (uint64_t)rate - now) / 1000000) : 50;
		n = epoll_wait(ep, evs, 256, timeout < 0 ? 0 : timeout);
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if ((evs[i].events & EPOLLOUT) && c->outoff < c->outlen)
				flush_out(c);
			else if (evs[i].events & EPOLLOUT)
				watch(c, EPOLLIN, EPOLL_CTL_MOD);
			if (c->fd != -1 &&
			    (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				on_readable(c);
		}
	}
	if (pid)
		cpu1 = cpu_s(pid);

	/* Figures. */
	{
		size_t cnt = 0, k = 0, neg = 0;
		int64_t *from_ack = malloc((size_t)received * sizeof(int64_t));
		int64_t *from_send = malloc((size_t)received * sizeof(int64_t));
		int64_t *hook_lat = malloc((size_t)nmsgs * sizeof(int64_t));
		int m, s;

		for (m = 0; m < nmsgs; m++) {
			if (ack_ns[m] != 0)
				hook_lat[k++] = (int64_t)(ack_ns[m] - send_ns[m]);
			for (s = 0; s < nsubs; s++) {
				uint64_t rv = recv_ns[(size_t)m * (size_t)nsubs +
				    (size_t)s];

				if (rv == 0 || ack_ns[m] == 0)
					continue;
				from_ack[cnt] = (int64_t)rv - (int64_t)ack_ns[m];
				from_send[cnt] = (int64_t)(rv - send_ns[m]);
				neg += from_ack[cnt] < 0;
				cnt++;
			}
		}
		qsort(from_ack, cnt, sizeof(int64_t), cmp_i64);
		qsort(from_send, cnt, sizeof(int64_t), cmp_i64);
		qsort(hook_lat, k, sizeof(int64_t), cmp_i64);
		printf("webhooks: %d sent at %d/s for %d s; %zu answered "
		    "(failed: %ld; waits for a free connection: %ld); "
		    "webhook sent -> answered p50 %.1f ms, p99 %.1f ms\n",
		    sent, rate, secs, k, bad_hooks, late_sends,
		    pct(hook_lat, k, 50), pct(hook_lat, k, 99));
		printf("events: %ld of %ld delivered (%.3f%%), parse errors "
		    "%ld\n", received, (long)nmsgs * nsubs,
		    100.0 * (double)received / ((double)nmsgs * nsubs),
		    parse_errors);
		printf("latency webhook accepted -> event at subscriber: "
		    "p50 %.1f ms  p99 %.1f ms  max %.1f ms  (%zu events "
		    "before the 200)\n", pct(from_ack, cnt, 50),
		    pct(from_ack, cnt, 99), pct(from_ack, cnt, 100), neg);
		printf("latency webhook sent -> event at subscriber:     "
		    "p50 %.1f ms  p99 %.1f ms  max %.1f ms\n",
		    pct(from_send, cnt, 50), pct(from_send, cnt, 99),
		    pct(from_send, cnt, 100));
		if (pid)
			printf("kaito RSS: peak during the run %ld KiB (%.1f "
			    "MiB), VmHWM %ld KiB; CPU %.2f s over %.1f s "
			    "(%.0f%% of one core)\n", max_rss,
			    (double)max_rss / 1024, rss_kb(pid, "VmHWM:"),
			    cpu1 - cpu0, (double)(now_ns() - t0) / 1e9,
			    100.0 * (cpu1 - cpu0) /
			    ((double)(now_ns() - t0) / 1e9));
		{
			struct rusage ru;

			getrusage(RUSAGE_SELF, &ru);
			printf("this client: CPU %.2f s\n",
			    (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
			    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
			    1e6);
		}
		printf("RESULT p50_ms=%.1f p99_ms=%.1f rss_mib=%.1f "
		    "delivered=%ld expected=%ld\n", pct(from_ack, cnt, 50),
		    pct(from_ack, cnt, 99), (double)max_rss / 1024, received,
		    (long)nmsgs * nsubs);
	}
	return received == (long)nmsgs * nsubs && bad_hooks == 0 ? 0 : 1;
}
