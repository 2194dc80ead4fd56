/*
 * tx_syslog.c -- syslog over TCP (RFC 6587 octet counting) or TLS
 * (RFC 5425): each message framed as "MSG-LEN SP SYSLOG-MSG", nothing
 * after it (no LF), so a message may hold any byte.
 *
 * ACKNOWLEDGEMENT: neither has one, and a TCP ACK only says a kernel got
 *     the bytes. So a connection carries events for a while and is then
 *     closed cleanly (conn.h: our side shut down, the receiver read to
 *     the end and closed its side); only then are its events taken as
 *     acknowledged and the cursor moves. A connection is closed after
 *     confirm_events events or confirm_ms milliseconds, and when there
 *     is nothing more to send for 100 ms. A receiver that dies with
 *     events in its memory loses them, as with any plain syslog sender;
 *     prefer RELP where that matters.
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit/sinks/conn.h"
#include "audit/sinks/sink_int.h"
#include "audit/sinks/tls.h"

struct syslog_tx {
	struct conn c;
	SSL_CTX *ctx;			/* owned; NULL for plain TCP */
	int open;			/* c is connected */
	uint64_t last;			/* highest seq written on c */
	int events;			/* events written on c */
	int64_t opened_ms;		/* when c was opened */
	struct jcs_buf frames;		/* the batch, framed */
};

static void *
syslog_open(const struct sink_ctx *ctx, struct errbuf *e)
{
	struct syslog_tx *t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		errbuf_set(e, "out of memory");
		return NULL;
	}
	t->c.fd = -1;
	if (jcs_buf_init(&t->frames, 2 * LIMIT_SINK_BATCH_BYTES +
	    AUDIT_LEAF_MAX * 4) == -1 || (ctx->cfg->transport == SINK_TLS &&
	    (t->ctx = sink_tls_ctx(ctx->cfg, e)) == NULL)) {
		jcs_buf_free(&t->frames);
		free(t);
		if (e->msg[0] == '\0')
			errbuf_set(e, "out of memory");
		return NULL;
	}
	return t;
}

static void
syslog_close(void *tx, const struct sink_ctx *ctx)
{
	struct syslog_tx *t = tx;

	(void)ctx;
	conn_close(&t->c);
	t->open = 0;
	t->events = 0;
}

static void
syslog_free(void *tx)
{
	struct syslog_tx *t = tx;

	if (t == NULL)
		return;
	conn_close(&t->c);
	SSL_CTX_free(t->ctx);
	jcs_buf_free(&t->frames);
	free(t);
}

/* Close the connection cleanly: what it carried is acknowledged. */
static int
syslog_confirm(struct syslog_tx *t, uint64_t *acked, struct errbuf *e)
{
	t->open = 0;
	t->events = 0;
	if (conn_finish(&t->c, e) == -1)
		return -1;
	*acked = t->last;
	return 0;
}

static int
syslog_send(void *tx, const struct sink_ctx *ctx, const struct sink_batch *b,
    uint64_t *acked, struct errbuf *e)
{
	struct syslog_tx *t = tx;
	const struct sink_config *c = ctx->cfg;
	char len[24];
	size_t i, n;

	if (!t->open) {
		if (conn_open(&t->c, c->host, c->port, t->ctx,
		    c->tls_server_name, ctx->stop_fd, c->timeout_s * 1000,
		    e) == -1)
			return -1;
		t->open = 1;
		t->events = 0;
		t->opened_ms = sink_now_ms();
	}
	t->frames.len = 0;
	for (i = 0; i < b->n; i++) {
		n = b->off[i + 1] - b->off[i];
		snprintf(len, sizeof(len), "%zu ", n);
		if (jcs_buf_str(&t->frames, len) == -1 ||
		    jcs_buf_add(&t->frames, b->buf.p + b->off[i], n) == -1)
			return errbuf_set(e, "batch too large");
	}
	if (conn_write(&t->c, t->frames.p, t->frames.len, e) == -1) {
		syslog_close(t, ctx);
		return -1;
	}
	t->last = b->first + b->n - 1;
	t->events += (int)b->n;
	if (t->events >= c->confirm_events ||
	    sink_now_ms() - t->opened_ms >= c->confirm_ms)
		return syslog_confirm(t, acked, e);
	return 0;
}

static int
syslog_idle(void *tx, const struct sink_ctx *ctx, uint64_t *acked,
    struct errbuf *e)
{
	struct syslog_tx *t = tx;

	(void)ctx;
	if (!t->open)
		return 0;
	return syslog_confirm(t, acked, e);
}

const struct sink_tx sink_tx_syslog = {
	.open = syslog_open,
	.send = syslog_send,
	.idle = syslog_idle,
	.close = syslog_close,
	.free = syslog_free,
	.idle_ms = 100,
	.reuse_retry = 1,
};
