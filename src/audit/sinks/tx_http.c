/*
 * tx_http.c -- the HTTP sinks, on libcurl: Splunk's HTTP Event Collector
 * and a signed webhook.
 *
 * HEC: POST <url>/services/collector/event with "Authorization: Splunk
 *     <token>" and "X-Splunk-Request-Channel: <uuid>" (a random channel
 *     per sink thread), the batch's event objects back to back (HEC's
 *     batch format, not an array). 200 {"code":0} takes the batch. With
 *     ack, the answer carries {"ackId":N}; the batch counts only once POST
 *     <url>/services/collector/ack {"acks":[N]} answers {"acks":{"N":true}}
 *     (polled every 100 ms, then slower, up to 1 s); an ack still false
 *     after timeout_s makes us send the batch again (HEC acks are lost
 *     when an indexer restarts). Without ack, the 200 is the
 *     acknowledgement (the event reached HEC, not yet an index).
 * WEBHOOK: POST <url> {"events":[{"id","event"}...]} signed the Standard
 *     Webhooks way: headers webhook-id ("<install>:<first>-<last>", the
 *     same on a retry), webhook-timestamp (Unix seconds) and
 *     webhook-signature "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>".
 *     Any 2xx takes the batch.
 * SECRETS: the token and the key never reach a log line or an error
 *     message; curl's copies of the header lines are wiped before they
 *     are freed. Redirects are not followed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "audit/sinks/sink_int.h"

#define ACK_POLL_MIN_MS	100
#define ACK_POLL_MAX_MS	1000

struct http_tx {
	CURL *h;			/* owned; kept for connection reuse */
	struct curl_slist *hdrs;	/* owned; wiped before freeing */
	char url[LIMIT_SINK_URL + 32];	/* where events go */
	char ack_url[LIMIT_SINK_URL + 32];
	char channel[40];		/* HEC request channel (UUID) */
	struct jcs_buf body;		/* the request */
	struct jcs_buf reply;		/* the answer (capped) */
	char errbuf[CURL_ERROR_SIZE];
	const atomic_int *stop;
	const char *token;		/* borrowed from the config: HEC */
};

static void
slist_wipe_free(struct curl_slist *l)
{
	struct curl_slist *p;

	for (p = l; p != NULL; p = p->next)
		sodium_memzero(p->data, strlen(p->data));
	curl_slist_free_all(l);
}

static size_t
on_reply(char *p, size_t size, size_t nmemb, void *arg)
{
	struct jcs_buf *b = arg;
	size_t n = size * nmemb;

	if (b->len + n > LIMIT_SINK_REPLY)
		return n;	/* the rest is dropped, not an error */
	return jcs_buf_add(b, p, n) == 0 ? n : 0;
}

static int
on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c,
    curl_off_t d)
{
	struct http_tx *t = arg;

	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return t->stop != NULL && atomic_load(t->stop) ? 1 : 0;
}

static void
uuid4(char out[40])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* The base URL without its trailing '/', then path. */
static void
join_url(char *out, size_t cap, const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(out, cap, "%.*s%s", (int)n, base, path);
}

static void *
http_open(const struct sink_ctx *ctx, struct errbuf *e)
{
	const struct sink_config *c = ctx->cfg;
	struct http_tx *t;
	char line[400];

	if ((t = calloc(1, sizeof(*t))) == NULL)
		goto oom;
	t->stop = ctx->stop;
	t->token = c->token;
	if (jcs_buf_init(&t->body, 2 * LIMIT_SINK_BATCH_BYTES +
	    AUDIT_LEAF_MAX * 4) == -1 ||
	    jcs_buf_init(&t->reply, LIMIT_SINK_REPLY + 1) == -1 ||
	    (t->h = curl_easy_init()) == NULL)
		goto oom;
	if (c->type == SINK_HEC) {
		join_url(t->url, sizeof(t->url), c->url,
		    "/services/collector/event");
		join_url(t->ack_url, sizeof(t->ack_url), c->url,
		    "/services/collector/ack");
		uuid4(t->channel);
		snprintf(line, sizeof(line), "Authorization: Splunk %s",
		    c->token);
		t->hdrs = curl_slist_append(NULL, line);
		sodium_memzero(line, sizeof(line));
		if (t->hdrs == NULL)
			goto oom;
		snprintf(line, sizeof(line), "X-Splunk-Request-Channel: %s",
		    t->channel);
		if (curl_slist_append(t->hdrs, line) == NULL ||
		    curl_slist_append(t->hdrs,
		    "Content-Type: application/json") == NULL)
			goto oom;
	} else
		snprintf(t->url, sizeof(t->url), "%s", c->url);
	curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(t->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, (long)c->timeout_s * 1000);
	curl_easy_setopt(t->h, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)c->timeout_s * 1000);
	curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, on_reply);
	curl_easy_setopt(t->h, CURLOPT_WRITEDATA, &t->reply);
	curl_easy_setopt(t->h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(t->h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(t->h, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(t->h, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(t->h, CURLOPT_USERAGENT, "kaito");
	if (c->tls_ca != NULL) {
		struct curl_blob blob = { c->tls_ca, strlen(c->tls_ca),
		    CURL_BLOB_COPY };

		curl_easy_setopt(t->h, CURLOPT_CAINFO_BLOB, &blob);
		curl_easy_setopt(t->h, CURLOPT_CAPATH, NULL);
	}
	return t;
oom:
	errbuf_set(e, "out of memory");
	if (t != NULL) {
		if (t->h != NULL)
			curl_easy_cleanup(t->h);
		slist_wipe_free(t->hdrs);
		jcs_buf_free(&t->body);
		jcs_buf_free(&t->reply);
		free(t);
	}
	return NULL;
}

static void
http_close(void *tx, const struct sink_ctx *ctx)
{
	(void)tx;
	(void)ctx;		/* curl keeps or drops its connections */
}

static void
http_free(void *tx)
{
	struct http_tx *t = tx;

	if (t == NULL)
		return;
	curl_easy_cleanup(t->h);
	slist_wipe_free(t->hdrs);
	jcs_buf_free(&t->body);
	jcs_buf_free(&t->reply);
	free(t);
}

/* POST body to url with hdrs; *status gets the HTTP status. Returns 0
 * (any status), or -1 with e set (no answer). */
static int
post(struct http_tx *t, const char *url, struct curl_slist *hdrs,
    const char *body, size_t n, long *status, struct errbuf *e)
{
	CURLcode rc;

	t->reply.len = 0;
	t->reply.p[0] = '\0';
	t->errbuf[0] = '\0';
	curl_easy_setopt(t->h, CURLOPT_URL, url);
	curl_easy_setopt(t->h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(t->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
	if ((rc = curl_easy_perform(t->h)) != CURLE_OK)
		return errbuf_set(e, "%s", t->errbuf[0] != '\0' ? t->errbuf :
		    curl_easy_strerror(rc));
	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, status);
	return 0;
}

/* A short, printable excerpt of the answer for an error message; not
 * shown when it quotes the token (a receiver echoing our headers). */
static const char *
reply_excerpt(struct http_tx *t)
{
	size_t i;

	if (t->token != NULL && t->token[0] != '\0' &&
	    strstr(t->reply.p, t->token) != NULL)
		return "(not shown: it quotes the token)";
	if (t->reply.len > 120)
		t->reply.p[t->reply.len = 120] = '\0';
	for (i = 0; i < t->reply.len; i++)
		if ((unsigned char)t->reply.p[i] < 0x20)
			t->reply.p[i] = ' ';
	return t->reply.p;
}

/* Poll HEC's ack endpoint until ack id is true. 0, or -1 with e set. */
static int
hec_wait_ack(struct http_tx *t, const struct sink_ctx *ctx, json_int_t id,
    struct errbuf *e)
{
	struct timespec nap;
	int64_t until = sink_now_ms() + (int64_t)ctx->cfg->timeout_s * 1000;
	char body[64], key[32];
	json_t *j, *v;
	long status = 0;
	int wait = ACK_POLL_MIN_MS;

	snprintf(body, sizeof(body), "{\"acks\":[%lld]}", (long long)id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	for (;;) {
		if (post(t, t->ack_url, t->hdrs, body, strlen(body), &status,
		    e) == -1)
			return -1;
		if (status != 200)
			return errbuf_set(e, "HEC ack: HTTP %ld: %s", status,
			    reply_excerpt(t));
		j = json_loadb(t->reply.p, t->reply.len, 0, NULL);
		v = json_object_get(json_object_get(j, "acks"), key);
		if (json_is_true(v)) {
			json_decref(j);
			return 0;
		}
		json_decref(j);
		if (sink_now_ms() + wait > until)
			return errbuf_set(e, "HEC ack %lld still false after "
			    "%d s; sending again", (long long)id,
			    ctx->cfg->timeout_s);
		if (atomic_load(ctx->stop))
			return errbuf_set(e, "stopping");
		nap.tv_sec = wait / 1000;
		nap.tv_nsec = (long)(wait % 1000) * 1000000L;
		nanosleep(&nap, NULL);
		wait = wait * 2 > ACK_POLL_MAX_MS ? ACK_POLL_MAX_MS : wait * 2;
	}
}

static int
hec_send(void *tx, const struct sink_ctx *ctx, const struct sink_batch *b,
    uint64_t *acked, struct errbuf *e)
{
	struct http_tx *t = tx;
	json_t *j;
	json_int_t id = -1;
	long status = 0;

	if (post(t, t->url, t->hdrs, b->buf.p, b->buf.len, &status, e) == -1)
		return -1;
	if (status != 200)
		return errbuf_set(e, "HEC: HTTP %ld: %s", status,
		    reply_excerpt(t));
	j = json_loadb(t->reply.p, t->reply.len, 0, NULL);
	if (json_integer_value(json_object_get(j, "code")) != 0 ||
	    !json_is_integer(json_object_get(j, "code"))) {
		json_decref(j);
		return errbuf_set(e, "HEC: unexpected answer: %s",
		    reply_excerpt(t));
	}
	if (json_is_integer(json_object_get(j, "ackId")))
		id = json_integer_value(json_object_get(j, "ackId"));
	json_decref(j);
	if (ctx->cfg->ack) {
		if (id < 0)
			return errbuf_set(e, "HEC: no ackId in the answer "
			    "(is indexer acknowledgement on for the token?)");
		if (hec_wait_ack(t, ctx, id, e) == -1)
			return -1;
	}
	*acked = b->first + b->n - 1;
	return 0;
}

/* The signature header's value: "v1," base64(HMAC-SHA256(key,
 * id "." ts "." body)). */
static void
webhook_sign(const struct sink_config *c, const char *id, const char *ts,
    const struct jcs_buf *body, char sig[64])
{
	crypto_auth_hmacsha256_state h;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&h, c->key, c->key_len);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)id,
	    strlen(id));
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)body->p,
	    body->len);
	crypto_auth_hmacsha256_final(&h, mac);
	memcpy(sig, "v1,", 3);
	sodium_bin2base64(sig + 3, 61, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(&h, sizeof(h));
	sodium_memzero(mac, sizeof(mac));
}

/* The body: {"events":[{"id":ID,"event":EVENT},...]}. */
static int
webhook_body(struct http_tx *t, const struct sink_batch *b)
{
	size_t i;

	t->body.len = 0;
	if (jcs_buf_str(&t->body, "{\"events\":[") == -1)
		return -1;
	for (i = 0; i < b->n; i++)
		if ((i > 0 && jcs_buf_add(&t->body, ",", 1) == -1) ||
		    jcs_buf_add(&t->body, b->buf.p + b->off[i],
		    b->off[i + 1] - b->off[i]) == -1)
			return -1;
	return jcs_buf_str(&t->body, "]}");
}

static int
webhook_send(void *tx, const struct sink_ctx *ctx, const struct sink_batch *b,
    uint64_t *acked, struct errbuf *e)
{
	struct http_tx *t = tx;
	char id[AUDIT_INSTALL_ID_MAX + 48], ts[24], sig[64], line[160];
	struct curl_slist *h = NULL, *x;
	long status = 0;
	int rc = -1;

	if (webhook_body(t, b) == -1)
		return errbuf_set(e, "batch too large");
	snprintf(id, sizeof(id), "%s:%llu-%llu", ctx->install_id,
	    (unsigned long long)b->first,
	    (unsigned long long)(b->first + b->n - 1));
	snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
	webhook_sign(ctx->cfg, id, ts, &t->body, sig);
	snprintf(line, sizeof(line), "webhook-id: %s", id);
	h = curl_slist_append(NULL, line);
	snprintf(line, sizeof(line), "webhook-timestamp: %s", ts);
	x = h != NULL ? curl_slist_append(h, line) : NULL;
	snprintf(line, sizeof(line), "webhook-signature: %s", sig);
	x = x != NULL ? curl_slist_append(h, line) : NULL;
	x = x != NULL ? curl_slist_append(h, "Content-Type: application/json") :
	    NULL;
	if (x == NULL) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	if (post(t, t->url, h, t->body.p, t->body.len, &status, e) == -1)
		goto out;
	if (status < 200 || status > 299) {
		errbuf_set(e, "webhook: HTTP %ld: %s", status,
		    reply_excerpt(t));
		goto out;
	}
	*acked = b->first + b->n - 1;
	rc = 0;
out:
	curl_slist_free_all(h);
	return rc;
}

static int
http_idle(void *tx, const struct sink_ctx *ctx, uint64_t *acked,
    struct errbuf *e)
{
	(void)tx;
	(void)ctx;
	(void)acked;
	(void)e;
	return 0;
}

const struct sink_tx sink_tx_hec = {
	.open = http_open,
	.send = hec_send,
	.idle = http_idle,
	.close = http_close,
	.free = http_free,
	.idle_ms = 0,
	.reuse_retry = 1,
};

const struct sink_tx sink_tx_webhook = {
	.open = http_open,
	.send = webhook_send,
	.idle = http_idle,
	.close = http_close,
	.free = http_free,
	.idle_ms = 0,
	.reuse_retry = 1,
};
