/*
 * engine.c -- the sink threads and their manager; see sink.h.
 *
 * DESIGN: the manager owns the list of running sinks. sink_engine_reload()
 *     only sets a flag; the manager then reads the sinks table and
 *     starts, restarts (a changed version) or stops sink threads, so no
 *     HTTP worker ever waits for a network operation to end.
 * A SINK THREAD: has its own store connection and loops:
 *     1. wait (writer_wait_durable) until the durable log goes beyond
 *        what it has sent; after idle_ms of nothing new, let the
 *        transport confirm what it sent (plain TCP/TLS close cleanly);
 *     2. read the next rows (at most batch_max events, about
 *        LIMIT_SINK_BATCH_BYTES) in one read transaction, up to
 *        writer_durable_size() only -- never a row a power cut could
 *        take back -- and format each;
 *     3. send the batch; the transport reports how far the receiver
 *        acknowledged, and only that moves the cursor;
 *     4. on failure: close, go back to the last acknowledged seq, and
 *        wait min(cap, 0.5 s * 2^attempt) / 2 plus a random part of the
 *        other half (exponential backoff with jitter; cap retry_max_s),
 *        then try again, without end, the same batch first (not a
 *        longer one: a webhook retry keeps its id). The first failure
 *        after a success is retried at once (a connection the receiver
 *        dropped while idle).
 *     Under a trickle, a send waits until LINGER_MS after the previous
 *     one (linger()), so one batch carries several group commits.
 * STATE: healthy = no failure since the last acknowledgement; retries
 *     counts batches that start at or below the highest seq already
 *     sent.
 * CURSOR: the acknowledged seq goes to the store through a writer job
 *     (no audit event: it is bookkeeping, and an event per ack would feed
 *     itself), at most one in flight per sink; a newer ack waits for it.
 *     The cursor can lag what was acknowledged (a crash then repeats
 *     events: at least once), never lead it.
 * MEMORY: one batch per sink (its messages, its framing) and no more,
 *     whatever the backlog: the audit table is the buffer.
 */
#define _GNU_SOURCE	/* pthread_setname_np */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/queue.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "audit/checkpoint.h"
#include "audit/sinks/sink_int.h"
#include "audit/writer.h"
#include "store/audit_log.h"
#include "util/compat.h"
#include "util/log.h"

#define BACKOFF_BASE_MS		500
#define IDLE_WAIT_MS		1000	/* wake-ups when nothing happens */
#define STOP_PERSIST_MS		5000
#define LINGER_MS		5	/* see linger() */
#define SINK_NICE		10	/* see sink_main() */

struct sink_run {
	TAILQ_ENTRY(sink_run) link;	/* manager thread only */
	int64_t id;
	int64_t version;		/* of the row it was started from */
	char name[LIMIT_NAME + 1];
	struct sink_config cfg;		/* owned; secrets wiped on free */
	const struct sink_tx *tx;
	sink_format_fn fmt;
	struct sink_ctx ctx;
	pthread_t thread;
	int started;			/* thread is running */
	atomic_int stop;
	int stop_fd;			/* eventfd, readable once stopping */

	pthread_mutex_t mtx;		/* guards everything below */
	pthread_cond_t cond;		/* the cursor job finished */
	uint64_t acked;			/* acknowledged by the receiver */
	uint64_t persisted;		/* the store's cursor */
	int healthy;
	int64_t last_success_us;
	int64_t last_error_us;
	char last_error[SINK_ERROR_MAX];
	unsigned long long delivered, errors, retries;
	struct writer_job job;		/* the cursor job */
	int job_out;			/* it is with the writer */
	uint64_t job_seq;		/* the seq it stores */
};

TAILQ_HEAD(run_list, sink_run);

static struct {
	pthread_mutex_t mtx;
	pthread_cond_t cond;
	int running;			/* under mtx */
	int stopping;			/* under mtx */
	int reload;			/* under mtx */
	pthread_t thread;
	char *db_path;
	struct store *st;		/* the manager's connection */
	char install_id[AUDIT_INSTALL_ID_MAX];
	struct run_list runs;		/* membership: manager; read under
					   list_mtx by state readers */
	pthread_mutex_t list_mtx;
} eng = {
	.mtx = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
	.runs = TAILQ_HEAD_INITIALIZER(eng.runs),
	.list_mtx = PTHREAD_MUTEX_INITIALIZER,
};

int64_t
sink_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- state ---------------------------------------------------------------- */

static void
note_error(struct sink_run *r, const struct errbuf *e)
{
	pthread_mutex_lock(&r->mtx);
	if (strcmp(r->last_error, e->msg) != 0)
		log_warnx("%s: sink %s: %s", __func__, r->name, e->msg);
	snprintf(r->last_error, sizeof(r->last_error), "%s", e->msg);
	r->last_error_us = audit_now_us();
	r->healthy = 0;
	r->errors++;
	pthread_mutex_unlock(&r->mtx);
}

/* The receiver acknowledged up to seq. */
static void
note_acked(struct sink_run *r, uint64_t seq)
{
	pthread_mutex_lock(&r->mtx);
	if (seq > r->acked) {
		r->delivered += seq - r->acked;
		r->acked = seq;
		r->last_success_us = audit_now_us();
	}
	r->healthy = 1;
	pthread_mutex_unlock(&r->mtx);
}

/* --- the cursor ----------------------------------------------------------- */

static int
cursor_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct sink_run *r = arg;

	(void)ev;
	return store_sink_cursor_set(st, r->id, (int64_t)r->job_seq);
}

static void
cursor_done(void *arg, int rc)
{
	struct sink_run *r = arg;

	pthread_mutex_lock(&r->mtx);
	if (rc == 0 && r->job_seq > r->persisted)
		r->persisted = r->job_seq;
	r->job_out = 0;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->mtx);
}

/* Hand the writer a cursor job when the ack is ahead of the store and no
 * job is out. */
static void
persist(struct sink_run *r)
{
	pthread_mutex_lock(&r->mtx);
	if (!r->job_out && r->acked > r->persisted) {
		memset(&r->job, 0, sizeof(r->job));
		r->job.run = cursor_run;
		r->job.arg = r;
		r->job.done = cursor_done;
		r->job.done_arg = r;
		r->job.auth_neutral = 1;	/* keep the auth cache */
		r->job_seq = r->acked;
		if (writer_submit(&r->job) == 0)
			r->job_out = 1;
	}
	pthread_mutex_unlock(&r->mtx);
}

/* At stop: store the last ack (bounded wait), and wait for any job out
 * (the writer always calls done, and it stops after us). */
static void
persist_final(struct sink_run *r)
{
	int64_t until = sink_now_ms() + STOP_PERSIST_MS;
	struct timespec nap = { 0, 5 * 1000000L };

	for (;;) {
		persist(r);
		pthread_mutex_lock(&r->mtx);
		if (!r->job_out && (r->persisted >= r->acked ||
		    sink_now_ms() > until)) {
			pthread_mutex_unlock(&r->mtx);
			return;
		}
		if (r->job_out)
			pthread_cond_wait(&r->cond, &r->mtx);
		pthread_mutex_unlock(&r->mtx);
		if (!r->job_out)
			nanosleep(&nap, NULL);	/* writer queue was full */
	}
}

/* --- reading a batch ------------------------------------------------------ */

struct reader {
	struct sink_run *r;
	struct sink_batch *b;
	struct jcs_buf line;
	struct audit_leaf_cache *cache;
	uint64_t next;			/* the seq expected */
	struct errbuf *e;
};

static int
read_row(void *arg, const struct audit_row *row, const char *invalid)
{
	struct reader *rd = arg;
	struct sink_batch *b = rd->b;
	struct merkle_hash lh;
	struct sink_event ev;

	if (b->n >= (size_t)rd->r->cfg.batch_max ||
	    (b->n > 0 && b->buf.len >= (size_t)rd->r->cfg.batch_bytes))
		return 1;		/* full: the rest next time */
	if ((uint64_t)row->seq != rd->next || invalid != NULL ||
	    row->lh == NULL)
		return errbuf_set(rd->e, "audit row %lld cannot be read "
		    "(run `kaito audit verify`)", (long long)rd->next), -2;
	memcpy(lh.b, row->lh, MERKLE_HASH_LEN);
	if (audit_leaf_event_text(row, &lh, &rd->line, rd->cache, rd->e) ==
	    -1)
		return errbuf_prefix(rd->e, "audit row %lld",
		    (long long)row->seq), -2;
	memset(&ev, 0, sizeof(ev));
	ev.row = row;
	ev.json = rd->line.p;
	ev.json_len = rd->line.len;
	audit_hash_hex(&lh, ev.lh);
	snprintf(ev.id, sizeof(ev.id), "%s:%lld", rd->r->ctx.install_id,
	    (long long)row->seq);
	if (b->n == 0)
		b->first_ts_us = row->ts_us;
	if (rd->r->fmt(&rd->r->cfg, &ev, &b->buf) == -1)
		return errbuf_set(rd->e, "audit row %lld does not fit a "
		    "message", (long long)row->seq), -2;
	b->off[++b->n] = b->buf.len;
	rd->next++;
	return 0;
}

/* Read events after..upto into b. Returns 0 or -1 with e set. */
static int
read_batch(struct sink_run *r, struct store *st, struct reader *rd,
    uint64_t after, uint64_t upto, struct errbuf *e)
{
	struct sink_batch *b = rd->b;
	int rc;

	b->n = 0;
	b->first = after + 1;
	b->off[0] = 0;
	b->buf.len = 0;
	rd->next = after + 1;
	rd->e = e;
	if (store_begin_read(st) == -1)
		return errbuf_set(e, "cannot read the audit log");
	rc = store_audit_scan(st, (int64_t)after, (int64_t)upto, read_row, rd);
	store_commit(st);
	(void)r;
	if (rc < 0 && rc != -1)
		return -1;
	if (rc == -1)
		return errbuf_set(e, "cannot read the audit log");
	if (b->n == 0)
		return errbuf_set(e, "audit row %llu is missing",
		    (unsigned long long)after + 1);
	return 0;
}

/* --- the sink thread ------------------------------------------------------ */

/* Sleep ms, or less when stopping. */
static void
nap_ms(struct sink_run *r, int64_t ms)
{
	struct pollfd p = { r->stop_fd, POLLIN, 0 };

	if (ms > 0 && !atomic_load(&r->stop))
		(void)poll(&p, 1, ms > INT32_MAX ? INT32_MAX : (int)ms);
}

static int64_t
backoff_ms(const struct sink_run *r, int attempt)
{
	int64_t cap = (int64_t)r->cfg.retry_max_s * 1000, d = BACKOFF_BASE_MS;
	int i;

	for (i = 0; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	return d / 2 + (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
}

/*
 * Under a steady trickle, wait until LINGER_MS after the last send before
 * sending again, so that one batch carries what several group commits
 * made durable: each send costs a wake-up, a read transaction and a
 * write to the socket (most of a sink's cost at 10,000 events/s came
 * from sending each commit's few events alone). A backlog of a full
 * batch goes at once. Returns 1 when stopping.
 */
static int
linger(struct sink_run *r, uint64_t sent, uint64_t *head, int64_t last_ms)
{
	int64_t wait = last_ms + LINGER_MS - sink_now_ms();

	if (wait <= 0 || *head - sent >= (uint64_t)r->cfg.batch_max)
		return 0;
	nap_ms(r, wait);
	*head = writer_durable_size();
	return atomic_load(&r->stop) ? 1 : 0;
}

/* What a sink thread holds while it runs: its connection to the store,
 * the transport's session, the batch and where it stands in the log. */
struct sink_loop {
	struct sink_run *r;
	struct store *st;
	void *tx;
	struct sink_batch b;
	struct reader rd;
	struct errbuf e;
	uint64_t sent;			/* the last seq sent (taken or not) */
	uint64_t tried;			/* the highest seq ever sent */
	uint64_t head;			/* the durable log's size */
	int64_t last_ms;		/* when the last batch went */
	int attempt;			/* failures in a row */
};

static int
loop_init(struct sink_loop *l, struct sink_run *r)
{
	memset(l, 0, sizeof(*l));
	l->r = r;
	l->rd.r = r;
	l->rd.b = &l->b;
	l->b.cap = (size_t)r->cfg.batch_max;
	if ((l->b.off = calloc(l->b.cap + 1, sizeof(*l->b.off))) == NULL ||
	    jcs_buf_init(&l->b.buf, LIMIT_SINK_BATCH_BYTES +
	    3 * AUDIT_LEAF_MAX) == -1 ||
	    jcs_buf_init(&l->rd.line, 2 * AUDIT_LEAF_MAX) == -1 ||
	    (l->rd.cache = audit_leaf_cache_new()) == NULL) {
		errbuf_set(&l->e, "out of memory");
		note_error(r, &l->e);
		return -1;
	}
	pthread_mutex_lock(&r->mtx);
	l->sent = l->tried = r->acked;
	pthread_mutex_unlock(&r->mtx);
	return 0;
}

static void
loop_free(struct sink_loop *l)
{
	if (l->tx != NULL) {
		l->r->tx->close(l->tx, &l->r->ctx);
		l->r->tx->free(l->tx);
	}
	persist_final(l->r);
	store_close(l->st);
	free(l->b.off);
	jcs_buf_free(&l->b.buf);
	jcs_buf_free(&l->rd.line);
	audit_leaf_cache_free(l->rd.cache);
}

/* The transport reports (and may confirm) what was acknowledged. */
static void
loop_acked(struct sink_loop *l, uint64_t ack)
{
	if (ack > 0)
		note_acked(l->r, ack);
	persist(l->r);
}

/*
 * Wait for durable rows beyond what was sent; after idle_ms of nothing,
 * let the transport confirm what it sent. Returns 1 when there are rows
 * to send, 0 to look again, -1 on a failure (l->e), 2 when stopping.
 */
static int
loop_wait(struct sink_loop *l)
{
	struct sink_run *r = l->r;
	uint64_t ack = 0;

	l->head = writer_durable_size();
	if (l->sent < l->head)
		return 1;
	l->head = writer_wait_durable(l->sent, &r->stop,
	    r->tx->idle_ms > 0 ? r->tx->idle_ms : IDLE_WAIT_MS);
	if (atomic_load(&r->stop))
		return 2;
	if (l->head > l->sent)
		return 1;
	if (r->tx->idle(l->tx, &r->ctx, &ack, &l->e) == -1)
		return -1;
	loop_acked(l, ack);
	return 0;
}

/* Read the next batch and send it. A retry sends the same batch again
 * (same webhook-id), not a longer one. Returns 0, -1 (l->e) or 2 when
 * stopping. */
static int
loop_send(struct sink_loop *l)
{
	struct sink_run *r = l->r;
	struct sink_batch *b = &l->b;
	uint64_t upto, ack = 0;
	int rc;

	if (linger(r, l->sent, &l->head, l->last_ms))
		return 2;
	upto = l->sent < l->tried && l->tried < l->head ? l->tried : l->head;
	if (read_batch(r, l->st, &l->rd, l->sent, upto, &l->e) == -1)
		return -1;
	if (b->first <= l->tried) {		/* sent before: a retry */
		pthread_mutex_lock(&r->mtx);
		r->retries++;
		pthread_mutex_unlock(&r->mtx);
	}
	if (b->first + b->n - 1 > l->tried)
		l->tried = b->first + b->n - 1;
	rc = r->tx->send(l->tx, &r->ctx, b, &ack, &l->e);
	loop_acked(l, ack);
	if (rc == -1)
		return -1;
	l->sent = b->first + b->n - 1;
	l->last_ms = sink_now_ms();
	l->attempt = 0;
	return 0;
}

/* After a failure: close, go back to the last acknowledged seq, and wait
 * (at once for the first failure of a reusable connection). */
static void
loop_failed(struct sink_loop *l)
{
	struct sink_run *r = l->r;

	note_error(r, &l->e);
	if (l->tx != NULL)
		r->tx->close(l->tx, &r->ctx);
	pthread_mutex_lock(&r->mtx);
	l->sent = r->acked;		/* send again what was not taken */
	pthread_mutex_unlock(&r->mtx);
	if (l->attempt++ == 0 && r->tx->reuse_retry)
		return;			/* a stale connection: at once */
	nap_ms(r, backoff_ms(r, l->attempt - 1));
}

/* One pass: connect if needed, wait for rows, send a batch. */
static int
loop_step(struct sink_loop *l)
{
	struct sink_run *r = l->r;
	int rc;

	l->e.msg[0] = '\0';
	if (l->st == NULL &&
	    (l->st = store_open(eng.db_path, &l->e)) == NULL)
		return -1;
	if (l->tx == NULL && (l->tx = r->tx->open(&r->ctx, &l->e)) == NULL)
		return -1;
	if ((rc = loop_wait(l)) != 1)
		return rc;
	return loop_send(l);
}

static void *
sink_main(void *arg)
{
	struct sink_run *r = arg;
	struct sink_loop l;
	int rc;

	/* Code views first: when the cores are busy, the stream waits (the
	 * audit table is its buffer) rather than the people. */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), SINK_NICE) == -1)
		log_warnx("%s: setpriority: %s", __func__, strerror(errno));
	if (loop_init(&l, r) == 0) {
		while (!atomic_load(&r->stop)) {
			rc = loop_step(&l);
			if (rc == 2 || atomic_load(&r->stop))
				break;
			if (rc == -1)
				loop_failed(&l);
		}
	}
	loop_free(&l);
	return NULL;
}

/* --- starting and stopping sinks ------------------------------------------ */

static void
run_free(struct sink_run *r)
{
	if (r == NULL)
		return;
	sink_config_clear(&r->cfg);
	if (r->stop_fd != -1)
		close(r->stop_fd);
	pthread_mutex_destroy(&r->mtx);
	pthread_cond_destroy(&r->cond);
	free(r);
}

static void
run_stop(struct sink_run *r)
{
	uint64_t one = 1;

	if (!r->started)
		return;
	atomic_store(&r->stop, 1);
	if (write(r->stop_fd, &one, sizeof(one)) < 0)
		log_warnx("%s: eventfd: %s", __func__, strerror(errno));
	writer_durable_wake();
	pthread_join(r->thread, NULL);
	r->started = 0;
}

/* A run for row (enabled), started; or not started with its error.
 * acked: what an earlier run of the sink saw acknowledged (its cursor job
 * may not have reached the row read before it stopped). */
static struct sink_run *
run_new(const struct sink_row *row, uint64_t acked)
{
	struct sink_run *r;
	json_t *cfg = NULL, *sec = NULL;
	struct errbuf e;
	char tname[16];

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->stop_fd = -1;
	pthread_mutex_init(&r->mtx, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->id = row->id;
	r->version = row->version;
	snprintf(r->name, sizeof(r->name), "%s", row->name);
	r->healthy = 1;			/* until an attempt fails */
	r->acked = r->persisted = (uint64_t)row->acked_seq;
	if (acked > r->acked)
		r->acked = acked;	/* persisted: stored by that run */
	r->last_success_us = row->acked_at;
	e.msg[0] = '\0';
	if ((cfg = json_loads(row->config, 0, NULL)) == NULL) {
		errbuf_set(&e, "the stored settings do not parse");
		goto failed;
	}
	if (sink_secrets_open(row, &sec) == -1) {
		errbuf_set(&e, "the sealed secrets do not open");
		goto failed;
	}
	if (sink_config_parse(cfg, sec, &r->cfg, &e) == -1)
		goto failed;
	switch (r->cfg.type) {
	case SINK_SYSLOG:
		r->tx = r->cfg.transport == SINK_RELP ? &sink_tx_relp :
		    &sink_tx_syslog;
		r->fmt = r->cfg.format == SINK_FMT_CEF ? sink_format_cef :
		    sink_format_5424;
		break;
	case SINK_HEC:
		r->tx = &sink_tx_hec;
		r->fmt = sink_format_hec;
		break;
	case SINK_WEBHOOK:
		r->tx = &sink_tx_webhook;
		r->fmt = sink_format_webhook;
		break;
	case SINK_FILE:
		r->tx = &sink_tx_file;
		r->fmt = sink_format_line;
		break;
	}
	if ((r->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1) {
		errbuf_set(&e, "eventfd: %s", strerror(errno));
		goto failed;
	}
	r->ctx.cfg = &r->cfg;
	r->ctx.install_id = eng.install_id;
	r->ctx.name = r->name;
	r->ctx.stop_fd = r->stop_fd;
	r->ctx.stop = &r->stop;
	if (pthread_create(&r->thread, NULL, sink_main, r) != 0) {
		errbuf_set(&e, "cannot start its thread");
		goto failed;
	}
	snprintf(tname, sizeof(tname), "kaito-sink%lld", (long long)r->id);
	pthread_setname_np(r->thread, tname);
	r->started = 1;
	json_decref(cfg);
	json_decref(sec);
	return r;
failed:
	json_decref(cfg);
	json_decref(sec);
	note_error(r, &e);
	return r;
}

struct rows {
	struct sink_row *v;
	size_t n, cap;
};

static int
rows_add(void *arg, const struct sink_row *row)
{
	struct rows *rs = arg;
	struct sink_row *v, *c;

	if (rs->n == rs->cap) {
		if ((v = realloc(rs->v, (rs->cap * 2 + 8) * sizeof(*v))) ==
		    NULL)
			return -1;
		rs->v = v;
		rs->cap = rs->cap * 2 + 8;
	}
	c = &rs->v[rs->n];
	*c = *row;
	c->config = NULL;
	c->sealed = NULL;
	if ((c->config = strdup(row->config)) == NULL)
		return -1;
	if (row->sealed != NULL) {
		if ((c->sealed = malloc(row->sealed_len)) == NULL) {
			free(c->config);
			return -1;
		}
		memcpy(c->sealed, row->sealed, row->sealed_len);
	}
	rs->n++;
	return 0;
}

static struct sink_run *
run_find(int64_t id)
{
	struct sink_run *r;

	TAILQ_FOREACH(r, &eng.runs, link)
		if (r->id == id)
			return r;
	return NULL;
}

/* Make the running sinks match the table. Manager thread. */
static void
reconcile(void)
{
	struct rows rs = { NULL, 0, 0 };
	struct sink_run *r, *next, *nr;
	struct carried {
		int64_t id;
		uint64_t acked;
	} carry[LIMIT_SINKS];
	size_t i, k, ncarry = 0;
	uint64_t acked;
	int keep;

	if (store_sink_list(eng.st, rows_add, &rs) == -1) {
		log_warnx("%s: cannot read the sinks; keeping them as they "
		    "are", __func__);
		goto out;
	}
	/* Stop what is gone, disabled or changed. */
	TAILQ_FOREACH_SAFE(r, &eng.runs, link, next) {
		keep = 0;
		for (i = 0; i < rs.n; i++)
			if (rs.v[i].id == r->id && rs.v[i].enabled &&
			    rs.v[i].version == r->version)
				keep = 1;
		if (keep)
			continue;
		run_stop(r);
		pthread_mutex_lock(&eng.list_mtx);
		TAILQ_REMOVE(&eng.runs, r, link);
		pthread_mutex_unlock(&eng.list_mtx);
		if (ncarry < LIMIT_SINKS) {
			carry[ncarry].id = r->id;
			carry[ncarry++].acked = r->acked;
		}
		log_info("%s: sink %s stopped", __func__, r->name);
		run_free(r);
	}
	/* Start what is new or changed. */
	for (i = 0; i < rs.n; i++) {
		if (!rs.v[i].enabled || run_find(rs.v[i].id) != NULL)
			continue;
		for (acked = 0, k = 0; k < ncarry; k++)
			if (carry[k].id == rs.v[i].id)
				acked = carry[k].acked;
		if ((nr = run_new(&rs.v[i], acked)) == NULL) {
			log_warnx("%s: out of memory", __func__);
			continue;
		}
		pthread_mutex_lock(&eng.list_mtx);
		TAILQ_INSERT_TAIL(&eng.runs, nr, link);
		pthread_mutex_unlock(&eng.list_mtx);
		if (nr->started)
			log_info("%s: sink %s started at seq %llu", __func__,
			    nr->name, (unsigned long long)nr->acked);
	}
out:
	for (i = 0; i < rs.n; i++)
		store_sink_row_clear(&rs.v[i]);
	free(rs.v);
}

static void *
manager_main(void *unused)
{
	struct sink_run *r;

	(void)unused;
	pthread_mutex_lock(&eng.mtx);
	for (;;) {
		while (!eng.reload && !eng.stopping)
			pthread_cond_wait(&eng.cond, &eng.mtx);
		if (eng.stopping)
			break;
		eng.reload = 0;
		pthread_mutex_unlock(&eng.mtx);
		reconcile();
		pthread_mutex_lock(&eng.mtx);
	}
	pthread_mutex_unlock(&eng.mtx);
	/* Stop them all at once, then wait for each. */
	TAILQ_FOREACH(r, &eng.runs, link)
		if (r->started) {
			uint64_t one = 1;

			atomic_store(&r->stop, 1);
			if (write(r->stop_fd, &one, sizeof(one)) < 0)
				log_warnx("%s: eventfd", __func__);
		}
	writer_durable_wake();
	while ((r = TAILQ_FIRST(&eng.runs)) != NULL) {
		run_stop(r);
		pthread_mutex_lock(&eng.list_mtx);
		TAILQ_REMOVE(&eng.runs, r, link);
		pthread_mutex_unlock(&eng.list_mtx);
		run_free(r);
	}
	return NULL;
}

int
sink_engine_start(const char *db_path, struct errbuf *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return errbuf_set(e, "cannot initialise libcurl");
	if ((eng.db_path = strdup(db_path)) == NULL)
		return errbuf_set(e, "out of memory");
	if ((eng.st = store_open(db_path, e)) == NULL)
		goto fail;
	if (audit_install_id(eng.st, eng.install_id) == -1) {
		errbuf_set(e, "cannot read the install id");
		goto fail;
	}
	eng.stopping = 0;
	eng.reload = 1;
	if (pthread_create(&eng.thread, NULL, manager_main, NULL) != 0) {
		errbuf_set(e, "cannot start the sink manager");
		goto fail;
	}
	pthread_setname_np(eng.thread, "kaito-sinks");
	pthread_mutex_lock(&eng.mtx);
	eng.running = 1;
	pthread_mutex_unlock(&eng.mtx);
	return 0;
fail:
	store_close(eng.st);
	eng.st = NULL;
	free(eng.db_path);
	eng.db_path = NULL;
	curl_global_cleanup();
	return -1;
}

void
sink_engine_reload(void)
{
	pthread_mutex_lock(&eng.mtx);
	eng.reload = 1;
	pthread_cond_signal(&eng.cond);
	pthread_mutex_unlock(&eng.mtx);
}

void
sink_engine_stop(void)
{
	pthread_mutex_lock(&eng.mtx);
	if (!eng.running) {
		pthread_mutex_unlock(&eng.mtx);
		return;
	}
	eng.running = 0;
	eng.stopping = 1;
	pthread_cond_signal(&eng.cond);
	pthread_mutex_unlock(&eng.mtx);
	pthread_join(eng.thread, NULL);
	store_close(eng.st);
	eng.st = NULL;
	free(eng.db_path);
	eng.db_path = NULL;
	curl_global_cleanup();
}

/* --- state for the API and /metrics --------------------------------------- */

void
sink_engine_state(struct store *st, const struct sink_row *row,
    struct sink_state *out)
{
	struct sink_run *r;
	int64_t ts;

	memset(out, 0, sizeof(*out));
	out->id = row->id;
	snprintf(out->name, sizeof(out->name), "%s", row->name);
	out->enabled = row->enabled;
	out->acked_seq = (uint64_t)row->acked_seq;
	out->last_success_us = row->acked_at;
	pthread_mutex_lock(&eng.list_mtx);
	TAILQ_FOREACH(r, &eng.runs, link) {
		/* A run of an older version is on its way out. */
		if (r->id != row->id || r->version != row->version ||
		    !row->enabled)
			continue;
		pthread_mutex_lock(&r->mtx);
		out->running = r->started;
		out->healthy = r->healthy;
		if (r->acked > out->acked_seq)
			out->acked_seq = r->acked;
		if (r->last_success_us > out->last_success_us)
			out->last_success_us = r->last_success_us;
		out->last_error_us = r->last_error_us;
		snprintf(out->last_error, sizeof(out->last_error), "%s",
		    r->last_error);
		out->delivered = r->delivered;
		out->errors = r->errors;
		out->retries = r->retries;
		pthread_mutex_unlock(&r->mtx);
		break;
	}
	pthread_mutex_unlock(&eng.list_mtx);
	out->head_seq = writer_durable_size();
	out->lag_events = out->head_seq > out->acked_seq ?
	    out->head_seq - out->acked_seq : 0;
	if (out->lag_events > 0 && st != NULL && store_audit_time(st,
	    (int64_t)out->acked_seq + 1, &ts) == 0) {
		out->lag_seconds = (double)(audit_now_us() - ts) / 1e6;
		if (out->lag_seconds < 0)
			out->lag_seconds = 0;
	}
}

struct states {
	struct store *st;
	struct sink_state *v;
	size_t n, cap;
};

static int
states_add(void *arg, const struct sink_row *row)
{
	struct states *s = arg;
	struct sink_state *v;

	if (s->n == s->cap) {
		if ((v = realloc(s->v, (s->cap * 2 + 8) * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
		s->cap = s->cap * 2 + 8;
	}
	sink_engine_state(NULL, row, &s->v[s->n++]);
	return 0;
}

int
sink_engine_states(struct store *st, struct sink_state **out, size_t *n)
{
	struct states s = { st, NULL, 0, 0 };
	int64_t ts;
	size_t i;

	*out = NULL;
	*n = 0;
	if (store_sink_list(st, states_add, &s) == -1) {
		free(s.v);
		return -1;
	}
	/* The lag in time, after the list's statement is done. */
	for (i = 0; i < s.n; i++)
		if (s.v[i].lag_events > 0 && store_audit_time(st,
		    (int64_t)s.v[i].acked_seq + 1, &ts) == 0)
			s.v[i].lag_seconds = (double)(audit_now_us() - ts) /
			    1e6 > 0 ? (double)(audit_now_us() - ts) / 1e6 : 0;
	*out = s.v;
	*n = s.n;
	return 0;
}
