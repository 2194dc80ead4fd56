/*
 * verify.c -- offline verification of the audit log; see verify.h.
 *
 * SPEED: per row, one canonical encoding (leaf.c), one leaf hash and on
 *     average one node hash; per checkpoint event one Ed25519
 *     verification (about 50 us, so a log with a checkpoint every few rows
 *     verifies slower than one written in large group commits).
 * BATCHES: rows are encoded as they come and held, up to VERIFY_BATCH,
 *     so that their leaves are hashed together (hashbatch.c); then they
 *     are settled in seq order (held checkpoints, stored leaf hash, tree),
 *     as if one by one. Anything that needs the tree as of a row (its seq
 *     out of order, a column of the wrong type, a leaf that will not
 *     encode, a checkpoint event) and any failure from outside first
 *     settles the rows held before it, then takes the row alone: the
 *     first bad seq and its message are what the one-by-one order gives.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/hashbatch.h"
#include "audit/verify.h"
#include "store/audit_log.h"

#define CHECKPOINT_ACTION	"audit.checkpoint"
#define VERIFY_BATCH		16	/* leaves hashed together */

struct held {
	uint64_t size;
	struct merkle_hash root;
	char source[128];
};

struct level_nodes {
	struct merkle_hash *h;		/* owned */
	uint64_t n, cap;
};

/* A row encoded, waiting for its leaf hash. */
struct pending {
	int64_t seq;
	int has_lh;			/* 0: no leaf hash stored */
	unsigned char lh[MERKLE_HASH_LEN];	/* the stored one */
};

struct audit_verify {
	struct note_verifier key;
	struct audit_verify_result res;
	struct merkle_frontier f;	/* res.tree, while running */
	uint64_t start;			/* rows before the first fed */
	int bad;
	struct jcs_buf leaf[VERIFY_BATCH];	/* 0x00 || leaf of each
					   pending row; [0] is scratch too */
	struct pending pending[VERIFY_BATCH];
	size_t npending;
	struct hashbatch *hb;		/* owned */
	struct audit_leaf_cache *cache;	/* canonical details seen */
	struct held *held;		/* by size from the first row on */
	size_t nheld, next_held;
	int held_sorted;
	uint64_t last_cp;		/* size of the last verified checkpoint
					   event (or start) */
	uint64_t covered;		/* largest size a verified checkpoint
					   covers */
	uint64_t held_agree;		/* largest held size that matched */
	int record_nodes;
	struct level_nodes nodes[64];	/* recomputed stored-size roots */
};

static int flush(struct audit_verify *);

/* Record the first failure (those after it are consequences). */
static void __attribute__((__format__(printf, 4, 5)))
fail(struct audit_verify *v, int64_t lo, int64_t hi, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (v->bad)
		return;
	v->bad = 1;
	v->res.ok = 0;
	v->res.bad_lo = lo;
	v->res.bad_hi = hi;
	if (lo <= 0)
		n = 0;
	else if (hi > lo)
		n = snprintf(v->res.msg, sizeof(v->res.msg), "seq %lld..%lld: ",
		    (long long)lo, (long long)hi);
	else
		n = snprintf(v->res.msg, sizeof(v->res.msg), "seq %lld: ",
		    (long long)lo);
	va_start(ap, fmt);
	vsnprintf(v->res.msg + n, sizeof(v->res.msg) - (size_t)n, fmt, ap);
	va_end(ap);
}

void
audit_verify_fail(struct audit_verify *v, int64_t lo, int64_t hi,
    const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(v->res.msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	flush(v);		/* rows before this failure come first */
	fail(v, lo, hi, "%s", msg);
}

struct audit_verify *
audit_verify_new(const struct note_verifier *key, int record_nodes)
{
	struct audit_verify *v;
	size_t i;

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < VERIFY_BATCH; i++)
		if (jcs_buf_init(&v->leaf[i], AUDIT_LEAF_MAX) == -1)
			goto fail;
	if ((v->cache = audit_leaf_cache_new()) == NULL ||
	    (v->hb = hashbatch_new(0)) == NULL)
		goto fail;
	v->key = *key;
	v->res.ok = 1;
	v->record_nodes = record_nodes;
	merkle_frontier_init(&v->f);
	return v;
fail:
	audit_verify_free(v);
	return NULL;
}

void
audit_verify_free(struct audit_verify *v)
{
	int i;

	if (v == NULL)
		return;
	for (i = 0; i < 64; i++)
		free(v->nodes[i].h);
	for (i = 0; i < VERIFY_BATCH; i++)
		jcs_buf_free(&v->leaf[i]);
	hashbatch_free(v->hb);
	audit_leaf_cache_free(v->cache);
	free(v->held);
	free(v);
}

void
audit_verify_start(struct audit_verify *v, const struct merkle_frontier *f)
{
	v->f = *f;
	v->start = v->last_cp = v->covered = v->held_agree = f->size;
}

/* Check note against the key and parse its checkpoint. */
static int
open_checkpoint(const struct audit_verify *v, const char *note, size_t n,
    struct tlog_checkpoint *cp, struct errbuf *e)
{
	size_t text_len;

	if (note_open(note, n, &v->key, &text_len, e) == -1 ||
	    tlog_checkpoint_parse(note, text_len, cp, e) == -1)
		return -1;
	if (strcmp(cp->origin, v->key.name) != 0)
		return errbuf_set(e, "a checkpoint of another log (%s)",
		    cp->origin);
	return 0;
}

int
audit_verify_hold(struct audit_verify *v, const char *note, size_t n,
    const char *source)
{
	struct tlog_checkpoint cp;
	struct held *h;
	struct errbuf e;

	flush(v);		/* rows fed before this come first */
	if (open_checkpoint(v, note, n, &cp, &e) == -1) {
		fail(v, 0, 0, "held checkpoint %s: %s", source, e.msg);
		return -1;
	}
	if ((h = realloc(v->held, (v->nheld + 1) * sizeof(*h))) == NULL) {
		fail(v, 0, 0, "out of memory");
		return -1;
	}
	v->held = h;
	h = &v->held[v->nheld++];
	h->size = cp.size;
	h->root = cp.root;
	snprintf(h->source, sizeof(h->source), "%s", source);
	v->held_sorted = 0;
	return 0;
}

static int
held_cmp(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* Check the held checkpoints of the current tree size. */
static void
check_held(struct audit_verify *v)
{
	struct merkle_hash root;
	struct held *h;
	int have_root = 0;

	if (!v->held_sorted) {
		if (v->nheld > 0)	/* qsort(NULL, 0) is undefined */
			qsort(v->held, v->nheld, sizeof(*v->held), held_cmp);
		v->held_sorted = 1;
		/* Held checkpoints older than a partial export's start
		 * cannot be checked against it. */
		while (v->next_held < v->nheld &&
		    v->held[v->next_held].size < v->f.size) {
			h = &v->held[v->next_held];
			fail(v, 0, 0, "held checkpoint %s (size %llu) cannot "
			    "be checked: the log in hand starts after seq "
			    "%llu", h->source,
			    (unsigned long long)h->size,
			    (unsigned long long)v->start);
			return;
		}
	}
	while (v->next_held < v->nheld &&
	    v->held[v->next_held].size == v->f.size) {
		h = &v->held[v->next_held++];
		if (!have_root) {
			merkle_frontier_root(&v->f, &root);
			have_root = 1;
		}
		if (memcmp(root.b, h->root.b, MERKLE_HASH_LEN) != 0) {
			fail(v, (int64_t)v->held_agree + 1,
			    (int64_t)h->size, "the log differs from the held "
			    "checkpoint %s of size %llu: its history was "
			    "rewritten and re-signed (a fork) at or before seq "
			    "%llu", h->source, (unsigned long long)h->size,
			    (unsigned long long)h->size);
			return;
		}
		v->held_agree = h->size;
		if (h->size > v->covered)
			v->covered = h->size;
		v->res.held++;
	}
}

/* Record a completed subtree root high enough to be stored. */
static int
record_node(void *arg, unsigned level, uint64_t index,
    const struct merkle_hash *h)
{
	struct audit_verify *v = arg;
	struct level_nodes *l = &v->nodes[level];
	struct merkle_hash *nh;
	uint64_t ncap;

	if (level < AUDIT_NODE_MIN_LEVEL || level > 63)
		return 0;
	if (index != l->n)		/* cannot happen: subtrees complete in
					   order */
		return -1;
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 64;
		if ((nh = realloc(l->h, ncap * sizeof(*nh))) == NULL)
			return -1;
		l->h = nh;
		l->cap = ncap;
	}
	l->h[l->n++] = *h;
	return 0;
}

/* The "note" of a checkpoint event's details. */
static int
event_note(const struct audit_row *row, json_t **owned, const char **note,
    size_t *n)
{
	const json_t *d = row->details_json;
	json_t *jn;

	*owned = NULL;
	if (d == NULL) {
		if (row->details.p == NULL || (*owned = json_loadb(
		    row->details.p, row->details.n, 0, NULL)) == NULL)
			return -1;
		d = *owned;
	}
	jn = json_object_get(d, "note");
	if (!json_is_string(jn))
		return -1;
	*note = json_string_value(jn);
	*n = json_string_length(jn);
	return 0;
}

static void
check_checkpoint_event(struct audit_verify *v, const struct audit_row *row)
{
	struct tlog_checkpoint cp;
	struct merkle_hash root;
	struct errbuf e;
	const char *note;
	json_t *owned;
	size_t n;

	if (event_note(row, &owned, &note, &n) == -1) {
		fail(v, row->seq, row->seq, "a checkpoint event without a "
		    "note");
		goto out;
	}
	if (open_checkpoint(v, note, n, &cp, &e) == -1) {
		fail(v, row->seq, row->seq, "checkpoint: %s", e.msg);
		goto out;
	}
	if (cp.size != (uint64_t)row->seq - 1) {
		fail(v, row->seq, row->seq, "the checkpoint in this event "
		    "covers %llu rows; it must cover the %lld before it", (unsigned long long)cp.size,
		    (long long)row->seq - 1);
		goto out;
	}
	merkle_frontier_root(&v->f, &root);
	if (memcmp(root.b, cp.root.b, MERKLE_HASH_LEN) != 0) {
		fail(v, (int64_t)v->last_cp + 1, row->seq - 1,
		    "the rows do not match the checkpoint signed in seq %lld: "
		    "a row in this range was changed, added or removed, and "
		    "its leaf hash rewritten", (long long)row->seq);
		goto out;
	}
	v->last_cp = cp.size;
	if (cp.size > v->covered)
		v->covered = cp.size;
	v->res.checkpoints++;
out:
	json_decref(owned);
}

/* Held checkpoints of the tree so far, when one is due. What they find
 * wrong lies before the next row. Returns v->bad. */
static int
held_due(struct audit_verify *v)
{
	if (!v->held_sorted || (v->next_held < v->nheld &&
	    v->held[v->next_held].size == v->f.size))
		check_held(v);
	return v->bad;
}

/* The recomputed leaf hash lh of row seq against the stored one (NULL:
 * none stored). Returns 0, or 1 (failed). */
static int
leaf_matches(struct audit_verify *v, int64_t seq, const unsigned char *stored,
    const struct merkle_hash *lh)
{
	if (stored != NULL && memcmp(stored, lh->b, MERKLE_HASH_LEN) == 0)
		return 0;
	fail(v, seq, seq, "%s", stored == NULL ? "no leaf hash stored" :
	    "the row does not match its leaf hash (modified, or moved from "
	    "another seq)");
	return 1;
}

/* Grow the tree by row seq's leaf. Returns 0, or 1 (failed). */
static int
leaf_append(struct audit_verify *v, int64_t seq, const struct merkle_hash *lh)
{
	if (merkle_frontier_append(&v->f, lh, v->record_nodes ? record_node :
	    NULL, v) == -1) {
		fail(v, seq, seq, "out of memory");
		return 1;
	}
	v->res.rows++;
	return 0;
}

static int
is_checkpoint_event(const struct audit_row *row)
{
	return row->action.p != NULL &&
	    row->action.n == sizeof(CHECKPOINT_ACTION) - 1 &&
	    memcmp(row->action.p, CHECKPOINT_ACTION, row->action.n) == 0;
}

/* Hash the held rows' leaves together and settle them in seq order.
 * Returns v->bad. */
static int
flush(struct audit_verify *v)
{
	struct merkle_hash lh[VERIFY_BATCH];
	const unsigned char *msg[VERIFY_BATCH];
	size_t len[VERIFY_BATCH], i, n = v->npending;
	struct pending *p;

	v->npending = 0;
	if (n == 0 || v->bad)
		return v->bad;
	for (i = 0; i < n; i++) {
		msg[i] = (const unsigned char *)v->leaf[i].p;
		len[i] = v->leaf[i].len;
	}
	hashbatch_sha256(v->hb, n, msg, len, lh);
	for (i = 0; i < n; i++) {
		p = &v->pending[i];
		if (held_due(v) || leaf_matches(v, p->seq, p->has_lh ? p->lh :
		    NULL, &lh[i]) || leaf_append(v, p->seq, &lh[i]))
			break;
	}
	return v->bad;
}

/* Check row on its own, all rules in order (nothing is held). */
static int
verify_alone(struct audit_verify *v, const struct audit_row *row,
    const char *invalid)
{
	struct merkle_hash lh;
	struct errbuf e;
	int64_t expect = (int64_t)v->f.size + 1;

	if (held_due(v))
		return 1;
	if (row->seq != expect) {
		if (row->seq > expect)
			fail(v, expect, expect, "missing (deleted?): the row "
			    "after seq %lld is seq %lld",
			    (long long)expect - 1, (long long)row->seq);
		else
			fail(v, row->seq, row->seq, "out of order or repeated "
			    "(after seq %lld)", (long long)expect - 1);
		return 1;
	}
	if (invalid != NULL) {
		fail(v, row->seq, row->seq, "column %s has a value of the "
		    "wrong type", invalid);
		return 1;
	}
	if (audit_leaf_hash_cached(row, &v->leaf[0], v->cache, &lh, &e) ==
	    -1) {
		fail(v, row->seq, row->seq, "cannot be a leaf: %s", e.msg);
		return 1;
	}
	if (leaf_matches(v, row->seq, row->lh, &lh))
		return 1;
	if (is_checkpoint_event(row)) {
		check_checkpoint_event(v, row);
		if (v->bad)
			return 1;
	}
	return leaf_append(v, row->seq, &lh);
}

/* Encode row and hold it for the next batch. Returns 0, or -1 when it
 * must be checked alone. */
static int
hold_row(struct audit_verify *v, const struct audit_row *row,
    const char *invalid)
{
	struct pending *p = &v->pending[v->npending];
	struct errbuf e;

	if (invalid != NULL || is_checkpoint_event(row) ||
	    row->seq != (int64_t)(v->f.size + v->npending) + 1 ||
	    audit_leaf_hash_input(row, &v->leaf[v->npending], v->cache,
	    &e) == -1)
		return -1;
	p->seq = row->seq;
	p->has_lh = row->lh != NULL;
	if (p->has_lh)
		memcpy(p->lh, row->lh, MERKLE_HASH_LEN);
	v->npending++;
	return 0;
}

int
audit_verify_row(struct audit_verify *v, const struct audit_row *row,
    const char *invalid)
{
	if (v->bad)
		return 1;
	if (hold_row(v, row, invalid) == 0)
		return v->npending == VERIFY_BATCH ? flush(v) : 0;
	if (flush(v))
		return 1;
	return verify_alone(v, row, invalid);
}

int
audit_verify_finish(struct audit_verify *v)
{
	struct held *h;
	uint64_t n, first;

	if (flush(v))
		return 1;
	n = v->f.size;
	check_held(v);
	if (v->bad)
		return 1;
	if (v->next_held < v->nheld) {
		h = &v->held[v->nheld - 1];
		fail(v, (int64_t)n + 1, (int64_t)n + 1,
		    "missing: the log ends at seq %llu but the held checkpoint "
		    "%s covers %llu rows (truncated?)", (unsigned long long)n,
		    h->source, (unsigned long long)h->size);
		return 1;
	}
	/* Rows after the newest checkpoint: only that checkpoint's own
	 * event (the row right after what it covers) may be there. */
	first = v->covered + 1 + (v->last_cp == v->covered && v->covered >=
	    v->start && v->res.checkpoints > 0 ? 1 : 0);
	if (first <= n) {
		fail(v, (int64_t)first, (int64_t)first,
		    "not covered by any signed checkpoint, nor are the %llu "
		    "rows after it (appended behind kaito's back, or never "
		    "checkpointed)", (unsigned long long)(n - first));
		return 1;
	}
	return 0;
}

int
audit_verify_frontier(struct audit_verify *v,
    const struct merkle_frontier *stored)
{
	uint64_t lo = 0, w;
	int b, i = 0;

	if (v->bad)
		return 1;
	if (stored->size < v->f.size) {
		fail(v, (int64_t)stored->size + 1,
		    (int64_t)stored->size + 1, "the stored tree ends before "
		    "this row, at %llu rows (inserted behind kaito's back?)",
		    (unsigned long long)stored->size);
		return 1;
	}
	if (stored->size > v->f.size) {
		fail(v, (int64_t)v->f.size + 1,
		    (int64_t)v->f.size + 1, "missing: the stored tree covers "
		    "%llu rows (truncated?)", (unsigned long long)stored->size);
		return 1;
	}
	/* Same size, so the same subtrees (one per bit of the size, the
	 * largest first): name the first that differs. */
	for (b = 63; b >= 0; b--) {
		if ((v->f.size >> b & 1) == 0)
			continue;
		w = (uint64_t)1 << b;
		if (memcmp(stored->h[i].b, v->f.h[i].b, MERKLE_HASH_LEN) != 0) {
			fail(v, (int64_t)lo + 1,
			    (int64_t)(lo + w), "the stored tree (audit_tree) "
			    "does not match these rows");
			return 1;
		}
		lo += w;
		i++;
	}
	return 0;
}

int
audit_verify_node(struct audit_verify *v, unsigned level, uint64_t index,
    const struct merkle_hash *h)
{
	uint64_t first;

	if (v->bad)
		return 1;
	if (level < AUDIT_NODE_MIN_LEVEL || level > 63 ||
	    index >= v->nodes[level].n) {
		fail(v, 0, 0, "a stored subtree root (level %u, "
		    "index %llu) that the log does not have", level,
		    (unsigned long long)index);
		return 1;
	}
	if (memcmp(v->nodes[level].h[index].b, h->b, MERKLE_HASH_LEN) != 0) {
		first = index << level;
		fail(v, (int64_t)first + 1,
		    (int64_t)(first + ((uint64_t)1 << level)), "the stored "
		    "subtree root (audit_node) does not match these rows");
		return 1;
	}
	return 0;
}

int
audit_verify_nodes_end(struct audit_verify *v, uint64_t seen)
{
	uint64_t want = 0;
	int i;

	if (v->bad)
		return 1;
	for (i = AUDIT_NODE_MIN_LEVEL; i < 64; i++)
		want += v->nodes[i].n;
	if (seen != want) {
		fail(v, 0, 0, "%llu stored subtree roots are "
		    "missing (audit_node)", (unsigned long long)(want - seen));
		return 1;
	}
	return 0;
}

int
audit_verify_bad(const struct audit_verify *v)
{
	return v->bad;
}

void
audit_verify_get(const struct audit_verify *v, struct audit_verify_result *r)
{
	*r = v->res;
	r->tree = v->f;
}
