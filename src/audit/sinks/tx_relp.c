/*
 * tx_relp.c -- RELP, the Reliable Event Logging Protocol of rsyslog
 * (imrelp), with its application-level acknowledgements. Our own client:
 * Debian packages librelp, but its client API gives the sender no way to
 * learn which message was acknowledged, which is the one thing a cursor
 * needs; the protocol is small enough to speak directly.
 *
 * FRAME: TXNR SP COMMAND SP DATALEN [SP DATA] LF, where TXNR is 1 to
 *     999999999 (then 1 again), COMMAND 1 to 32 letters, DATALEN 0 to
 *     999999999 decimal digits (no SP and no DATA when 0).
 * SESSION: "1 open N relp_version=0\nrelp_software=kaito\ncommands=syslog"
 *     answered "1 rsp N 200 OK\n..." (anything but 200 is a refusal);
 *     then "K syslog N <message>" per event, each answered "K rsp 6 200
 *     OK" (or "K rsp N 500 <reason>") once rsyslog has queued it; "K
 *     close 0" ends it. The server may send "0 serverclose 0" at any
 *     time: it is going away, and what it has not acknowledged is sent
 *     again on a new session.
 * WINDOW: a batch (at most 1000 events) is written at once, then its
 *     answers are read; the cursor moves to the last event of the
 *     unbroken run of "200" answers from the batch's start.
 * BOUNDS: an answer's header is parsed digit by digit with a cap on each
 *     field, and its data is at most LIMIT_SINK_REPLY bytes; anything
 *     else ends the session as a protocol error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/sinks/conn.h"
#include "audit/sinks/sink_int.h"

#define RELP_TXNR_MAX	999999999u
#define RELP_CMD_MAX	32
#define RELP_OFFER	"relp_version=0\nrelp_software=kaito\ncommands=syslog"

struct relp_tx {
	struct conn c;
	int open;			/* a session is up */
	unsigned txnr;			/* the last one used */
	struct jcs_buf out;		/* frames to write */
	char *in;			/* owned: bytes read, not parsed yet */
	size_t in_len;
	unsigned char *ok;		/* owned: per event of the batch, its
					   answer (0 none, 1 ok, 2 refused) */
	size_t ok_cap;
};

/* One parsed frame from the server. */
struct relp_frame {
	unsigned txnr;
	char cmd[RELP_CMD_MAX + 1];
	const char *data;		/* into t->in */
	size_t len;
};

static void *
relp_open(const struct sink_ctx *ctx, struct errbuf *e)
{
	struct relp_tx *t;

	(void)ctx;
	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->in = malloc(LIMIT_SINK_REPLY + 64)) == NULL ||
	    jcs_buf_init(&t->out, 2 * LIMIT_SINK_BATCH_BYTES +
	    AUDIT_LEAF_MAX * 4) == -1) {
		if (t != NULL)
			free(t->in);
		free(t);
		errbuf_set(e, "out of memory");
		return NULL;
	}
	t->c.fd = -1;
	return t;
}

static void
relp_close(void *tx, const struct sink_ctx *ctx)
{
	struct relp_tx *t = tx;

	(void)ctx;
	conn_close(&t->c);
	t->open = 0;
	t->in_len = 0;
}

static void
relp_free(void *tx)
{
	struct relp_tx *t = tx;

	if (t == NULL)
		return;
	conn_close(&t->c);
	jcs_buf_free(&t->out);
	free(t->in);
	free(t->ok);
	free(t);
}

static unsigned
next_txnr(struct relp_tx *t)
{
	t->txnr = t->txnr >= RELP_TXNR_MAX ? 1 : t->txnr + 1;
	return t->txnr;
}

/* Append one frame to t->out. */
static int
frame_add(struct relp_tx *t, unsigned txnr, const char *cmd, const char *d,
    size_t n)
{
	char head[64];

	if (n > RELP_TXNR_MAX)
		return -1;
	if (n == 0)
		snprintf(head, sizeof(head), "%u %s 0\n", txnr, cmd);
	else
		snprintf(head, sizeof(head), "%u %s %zu ", txnr, cmd, n);
	if (jcs_buf_str(&t->out, head) == -1 || (n > 0 &&
	    (jcs_buf_add(&t->out, d, n) == -1 ||
	    jcs_buf_add(&t->out, "\n", 1) == -1)))
		return -1;
	return 0;
}

/* A decimal field of at most maxdig digits ending at sep. Advances *i.
 * Returns 0, 1 when more bytes are needed, -1 when malformed. */
static int
parse_num(const char *p, size_t n, size_t *i, unsigned maxdig, char sep,
    unsigned *out)
{
	unsigned v = 0, d = 0;

	while (*i < n && p[*i] >= '0' && p[*i] <= '9') {
		if (++d > maxdig)
			return -1;
		v = v * 10 + (unsigned)(p[*i] - '0');
		(*i)++;
	}
	if (*i == n)
		return d <= maxdig ? 1 : -1;
	if (d == 0 || (p[*i] != sep && !(sep == ' ' && p[*i] == '\n')))
		return -1;
	*out = v;
	return 0;
}

/* Parse one frame from the start of t->in. Returns the bytes it takes,
 * 0 when incomplete, -1 when malformed. */
static long
parse_frame(struct relp_tx *t, struct relp_frame *f)
{
	const char *p = t->in;
	size_t n = t->in_len, i = 0, k = 0;
	unsigned len;
	int r;

	if ((r = parse_num(p, n, &i, 9, ' ', &f->txnr)) != 0)
		return r < 0 ? -1 : 0;
	i++;
	while (i < n && p[i] >= 'a' && p[i] <= 'z') {
		if (k >= RELP_CMD_MAX)
			return -1;
		f->cmd[k++] = p[i++];
	}
	f->cmd[k] = '\0';
	if (i == n)
		return 0;
	if (k == 0 || p[i] != ' ')
		return -1;
	i++;
	if ((r = parse_num(p, n, &i, 9, ' ', &len)) != 0)
		return r < 0 ? -1 : 0;
	if (len > LIMIT_SINK_REPLY)
		return -1;
	if (len == 0) {
		/* "TXNR CMD 0" then the trailer LF (some send "0 \n"). */
		if (p[i] == ' ')
			i++;
		if (i >= n)
			return 0;
		if (p[i] != '\n')
			return -1;
		f->data = p + i;
		f->len = 0;
		return (long)(i + 1);
	}
	if (p[i] != ' ')
		return -1;
	i++;
	if (n - i < (size_t)len + 1)
		return 0;
	if (p[i + len] != '\n')
		return -1;
	f->data = p + i;
	f->len = len;
	return (long)(i + len + 1);
}

/* Read until one whole frame is there; it stays at the start of t->in
 * until frame_drop(). Returns the frame's length, or -1 with e set. */
static long
frame_read(struct relp_tx *t, struct relp_frame *f, struct errbuf *e)
{
	size_t got;
	long used;

	for (;;) {
		if ((used = parse_frame(t, f)) < 0)
			return errbuf_set(e, "RELP: malformed frame from the "
			    "receiver");
		if (used > 0)
			return used;
		if (t->in_len >= LIMIT_SINK_REPLY + 64)
			return errbuf_set(e, "RELP: frame too long");
		if (conn_read(&t->c, t->in + t->in_len, LIMIT_SINK_REPLY + 64 -
		    t->in_len, &got, e) == -1)
			return -1;
		if (got == 0)
			return errbuf_set(e, "RELP: the receiver closed the "
			    "connection");
		t->in_len += got;
	}
}

static void
frame_drop(struct relp_tx *t, long used)
{
	memmove(t->in, t->in + used, t->in_len - (size_t)used);
	t->in_len -= (size_t)used;
}

static int
status_ok(const struct relp_frame *f)
{
	return f->len >= 3 && memcmp(f->data, "200", 3) == 0 &&
	    (f->len == 3 || f->data[3] == ' ' || f->data[3] == '\n');
}

/* Copy a refusal's reason (printable part, short) into e. */
static int
refusal(const struct relp_frame *f, const char *what, struct errbuf *e)
{
	char why[80];
	size_t i, n = f->len < sizeof(why) - 1 ? f->len : sizeof(why) - 1;

	for (i = 0; i < n; i++)
		why[i] = f->data[i] >= 0x20 && f->data[i] < 0x7f ?
		    f->data[i] : ' ';
	why[n] = '\0';
	return errbuf_set(e, "RELP: %s refused: %s", what, why);
}

static int
session_open(struct relp_tx *t, const struct sink_ctx *ctx, struct errbuf *e)
{
	const struct sink_config *c = ctx->cfg;
	struct relp_frame f;
	unsigned txnr;
	long used;

	if (conn_open(&t->c, c->host, c->port, NULL, NULL, ctx->stop_fd,
	    c->timeout_s * 1000, e) == -1)
		return -1;
	t->in_len = 0;
	t->txnr = 0;
	t->out.len = 0;
	txnr = next_txnr(t);
	if (frame_add(t, txnr, "open", RELP_OFFER, strlen(RELP_OFFER)) == -1 ||
	    conn_write(&t->c, t->out.p, t->out.len, e) == -1 ||
	    (used = frame_read(t, &f, e)) == -1)
		goto fail;
	if (f.txnr != txnr || strcmp(f.cmd, "rsp") != 0) {
		errbuf_set(e, "RELP: unexpected answer to open");
		goto fail;
	}
	if (!status_ok(&f)) {
		refusal(&f, "open", e);
		goto fail;
	}
	frame_drop(t, used);
	t->open = 1;
	return 0;
fail:
	relp_close(t, ctx);
	return -1;
}

static int
relp_send(void *tx, const struct sink_ctx *ctx, const struct sink_batch *b,
    uint64_t *acked, struct errbuf *e)
{
	struct relp_tx *t = tx;
	struct relp_frame f;
	unsigned first;
	size_t i, pending, good;
	long used;
	unsigned char *ok;

	if (!t->open && session_open(t, ctx, e) == -1)
		return -1;
	if (b->n > t->ok_cap) {
		if ((ok = realloc(t->ok, b->n)) == NULL)
			return errbuf_set(e, "out of memory");
		t->ok = ok;
		t->ok_cap = b->n;
	}
	memset(t->ok, 0, b->n);
	t->out.len = 0;
	first = t->txnr >= RELP_TXNR_MAX ? 1 : t->txnr + 1;
	for (i = 0; i < b->n; i++)
		if (frame_add(t, next_txnr(t), "syslog", b->buf.p + b->off[i],
		    b->off[i + 1] - b->off[i]) == -1)
			return errbuf_set(e, "batch too large");
	if (conn_write(&t->c, t->out.p, t->out.len, e) == -1)
		goto fail;
	for (pending = b->n; pending > 0; ) {
		if ((used = frame_read(t, &f, e)) == -1)
			goto fail;
		if (strcmp(f.cmd, "serverclose") == 0) {
			errbuf_set(e, "RELP: the receiver closed the session");
			goto fail;
		}
		/* The offset of this txnr in the batch (txnrs wrap). */
		i = f.txnr >= first ? f.txnr - first :
		    f.txnr + (RELP_TXNR_MAX - first) ;
		if (strcmp(f.cmd, "rsp") != 0 || f.txnr == 0 || i >= b->n ||
		    t->ok[i] != 0) {
			errbuf_set(e, "RELP: unexpected frame from the "
			    "receiver");
			goto fail;
		}
		t->ok[i] = status_ok(&f) ? 1 : 2;
		if (t->ok[i] == 2)
			refusal(&f, "an event", e);
		frame_drop(t, used);
		pending--;
	}
	for (good = 0; good < b->n && t->ok[good] == 1; good++)
		;
	if (good > 0)
		*acked = b->first + good - 1;
	if (good < b->n) {
		relp_close(t, ctx);
		return -1;	/* e holds the refusal */
	}
	return 0;
fail:
	/* What was acknowledged before the failure still counts. */
	for (good = 0; good < b->n && t->ok[good] == 1; good++)
		;
	if (good > 0)
		*acked = b->first + good - 1;
	relp_close(t, ctx);
	return -1;
}

static int
relp_idle(void *tx, const struct sink_ctx *ctx, uint64_t *acked,
    struct errbuf *e)
{
	(void)tx;
	(void)ctx;
	(void)acked;
	(void)e;
	return 0;		/* every event was acknowledged already */
}

/* Say goodbye politely when stopping (bounded by the timeout). */
static void
relp_close_session(void *tx, const struct sink_ctx *ctx)
{
	struct relp_tx *t = tx;
	struct relp_frame f;
	struct errbuf e;

	if (t->open) {
		t->out.len = 0;
		if (frame_add(t, next_txnr(t), "close", NULL, 0) == 0 &&
		    conn_write(&t->c, t->out.p, t->out.len, &e) == 0)
			(void)frame_read(t, &f, &e);
	}
	relp_close(t, ctx);
}

const struct sink_tx sink_tx_relp = {
	.open = relp_open,
	.send = relp_send,
	.idle = relp_idle,
	.close = relp_close_session,
	.free = relp_free,
	.idle_ms = 0,
	.reuse_retry = 1,
};
