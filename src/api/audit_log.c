/*
 * audit_log.c -- the tamper-evident log over HTTP: the latest signed
 * checkpoint, inclusion and consistency proofs, and the pull API for SIEM
 * connectors (administrators, or API tokens with audit:read; the router
 * checks).
 *
 *   GET /api/v1/audit/checkpoint            the signed note (text/plain),
 *       or with "Accept: application/json" {"checkpoint","origin","size",
 *       "root","verifier_key"}
 *   GET /api/v1/audit/proof/inclusion?seq=S[&size=N]
 *       {"seq","size","leaf_index","lh","hashes":[hex, leaf to root]}
 *   GET /api/v1/audit/proof/consistency?from=M[&to=N]
 *       {"from","to","hashes":[hex]}
 *   GET /api/v1/audit/events[?cursor=C][&limit=L]
 *       {"events":[event + "lh"],"cursor":C,"has_more":bool}
 *
 * size and to default to the latest durable checkpoint's size; only rows
 * the syncer has made durable are published (writer_durable_size). The cursor is
 * opaque to clients: base64url of "v1:<last seq>". Every read runs in one
 * read transaction, so a page, a proof and the head it is checked against
 * are one consistent view. docs/audit.md has the details and formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "audit/checkpoint.h"
#include "audit/leaf.h"
#include "audit/note.h"
#include "audit/proofs.h"
#include "audit/writer.h"
#include "http/respond.h"
#include "store/audit_log.h"

#define EVENTS_DEFAULT	100
#define CURSOR_PREFIX	"v1:"
#define CURSOR_MAX	64

/* Query parameter name as an integer in min..max; absent: *out untouched
 * unless required. Returns 0, or -1 with 400 queued. */
static int
query_u64_or_400(struct req *r, const char *name, int required,
    uint64_t min, uint64_t max, uint64_t *out)
{
	const char *v = req_query(r, name);
	unsigned long long n = 0;
	const char *p;

	if (v == NULL) {
		if (required)
			return respond_400(r, "query parameter '%s' is "
			    "required", name), -1;
		return 0;
	}
	if (*v == '\0' || strlen(v) > 19 || (v[0] == '0' && v[1] != '\0'))
		goto bad;
	for (p = v; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		n = n * 10 + (unsigned long long)(*p - '0');
	}
	if (n < min || n > max)
		goto bad;
	*out = n;
	return 0;
bad:
	return respond_400(r, "query parameter '%s' must be an integer from "
	    "%llu to %llu", name, (unsigned long long)min,
	    (unsigned long long)max), -1;
}

/*
 * The newest checkpoint a witness may hold: one whose own event is
 * durable (writer_durable_size). A newer one may still be lost to a power
 * cut, and a witness holding it would later see a false fork. Its size
 * goes to *size (0 and *note NULL when there is none yet).
 */
static int
durable_checkpoint(struct store *st, uint64_t *size, char **note)
{
	struct tlog_checkpoint cp;
	struct errbuf e;
	const char *sep;

	*size = 0;
	if (store_audit_checkpoint_upto(st, writer_durable_size(), note) == -1)
		return -1;
	if (*note == NULL)
		return 0;
	if ((sep = strstr(*note, "\n\n")) == NULL ||
	    tlog_checkpoint_parse(*note, (size_t)(sep - *note) + 1, &cp,
	    &e) == -1) {
		free(*note);
		*note = NULL;
		return -1;
	}
	*size = cp.size;
	return 0;
}

/* The log's durable size and latest durable checkpoint's size, in the
 * read transaction. */
static int
log_sizes(struct store *st, uint64_t *size, uint64_t *cp_size)
{
	struct merkle_frontier f;
	uint64_t durable = writer_durable_size();
	char *note = NULL;

	if (store_audit_frontier(st, &f) == -1 ||
	    durable_checkpoint(st, cp_size, &note) == -1)
		return -1;
	free(note);
	*size = f.size < durable ? f.size : durable;
	return 0;
}

static json_t *
hashes_json(const struct merkle_hash *h, size_t n)
{
	char hex[AUDIT_LH_HEX];
	json_t *a;
	size_t i;

	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		audit_hash_hex(&h[i], hex);
		if (json_array_append_new(a, json_string(hex)) == -1) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static int
wants_json(struct req *r)
{
	const char *a = req_header(r, "Accept");

	return a != NULL && strstr(a, "application/json") != NULL;
}

static json_t *
checkpoint_json(struct store *st, const char *note)
{
	struct tlog_checkpoint cp;
	struct note_verifier v;
	struct errbuf e;
	char vkey[NOTE_VKEY_MAX], root[64];
	const char *sep = strstr(note, "\n\n");

	if (sep == NULL || tlog_checkpoint_parse(note, (size_t)(sep - note) +
	    1, &cp, &e) == -1 || audit_verifier(st, &v) == -1)
		return NULL;
	note_verifier_format(&v, vkey);
	sodium_bin2base64(root, sizeof(root), cp.root.b, MERKLE_HASH_LEN,
	    sodium_base64_VARIANT_ORIGINAL);
	return json_pack("{s:s, s:s, s:I, s:s, s:s}", "checkpoint", note,
	    "origin", cp.origin, "size", (json_int_t)cp.size, "root", root,
	    "verifier_key", vkey);
}

int
api_audit_checkpoint(struct req *r)
{
	struct store *st = store_thread();
	uint64_t size;
	char *note = NULL;
	int rc;

	if (st == NULL || store_begin_read(st) == -1)
		return respond_500(r);
	if (durable_checkpoint(st, &size, &note) == -1)
		rc = respond_500(r);
	else if (note == NULL)
		rc = respond_404(r, "no checkpoint has been signed yet");
	else if (wants_json(r))
		rc = respond_json(r, 200, checkpoint_json(st, note));
	else
		rc = respond_text(r, 200, "text/plain; charset=utf-8", note);
	store_commit(st);
	free(note);
	return rc;
}

int
api_audit_proof_inclusion(struct req *r)
{
	struct merkle_hash lh, proof[MERKLE_PROOF_MAX];
	struct store *st = store_thread();
	char hex[AUDIT_LH_HEX];
	uint64_t seq = 0, size = 0, have, cp;
	size_t n;
	int rc;

	if (query_u64_or_400(r, "seq", 1, 1, INT64_MAX, &seq) == -1 ||
	    query_u64_or_400(r, "size", 0, 1, INT64_MAX, &size) == -1)
		return 0;
	if (st == NULL || store_begin_read(st) == -1)
		return respond_500(r);
	if (log_sizes(st, &have, &cp) == -1) {
		rc = respond_500(r);
		goto out;
	}
	if (size == 0)
		size = cp;
	if (size == 0 || size > have) {
		rc = respond_400(r, "size must be from 1 to %llu, the log's "
		    "size", (unsigned long long)have);
		goto out;
	}
	if (seq > size) {
		rc = respond_400(r, "seq %llu is not in a tree of size %llu",
		    (unsigned long long)seq, (unsigned long long)size);
		goto out;
	}
	if (audit_proof_inclusion(st, seq, size, &lh, proof, &n) == -1) {
		rc = respond_500(r);
		goto out;
	}
	audit_hash_hex(&lh, hex);
	rc = respond_json(r, 200, json_pack("{s:I, s:I, s:I, s:s, s:o}",
	    "seq", (json_int_t)seq, "size", (json_int_t)size, "leaf_index",
	    (json_int_t)seq - 1, "lh", hex, "hashes", hashes_json(proof, n)));
out:
	store_commit(st);
	return rc;
}

int
api_audit_proof_consistency(struct req *r)
{
	struct merkle_hash proof[MERKLE_PROOF_MAX];
	struct store *st = store_thread();
	uint64_t from = 0, to = 0, have, cp;
	size_t n;
	int rc;

	if (query_u64_or_400(r, "from", 1, 1, INT64_MAX, &from) == -1 ||
	    query_u64_or_400(r, "to", 0, 1, INT64_MAX, &to) == -1)
		return 0;
	if (st == NULL || store_begin_read(st) == -1)
		return respond_500(r);
	if (log_sizes(st, &have, &cp) == -1) {
		rc = respond_500(r);
		goto out;
	}
	if (to == 0)
		to = cp;
	if (to == 0 || to > have || from > to) {
		rc = respond_400(r, "want 1 <= from <= to <= %llu, the log's "
		    "size", (unsigned long long)have);
		goto out;
	}
	if (audit_proof_consistency(st, from, to, proof, &n) == -1) {
		rc = respond_500(r);
		goto out;
	}
	rc = respond_json(r, 200, json_pack("{s:I, s:I, s:o}", "from",
	    (json_int_t)from, "to", (json_int_t)to, "hashes",
	    hashes_json(proof, n)));
out:
	store_commit(st);
	return rc;
}

/* Cursor <-> last seq. */
static void
cursor_make(int64_t seq, char out[CURSOR_MAX])
{
	char raw[32];
	int n = snprintf(raw, sizeof(raw), CURSOR_PREFIX "%lld",
	    (long long)seq);

	sodium_bin2base64(out, CURSOR_MAX, (const unsigned char *)raw,
	    (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int
cursor_parse(const char *c, int64_t *seq)
{
	unsigned char raw[32];
	const char *p;
	size_t n;
	long long v = 0;

	if (strlen(c) >= CURSOR_MAX || sodium_base642bin(raw, sizeof(raw) - 1,
	    c, strlen(c), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	raw[n] = '\0';
	if (strncmp((char *)raw, CURSOR_PREFIX, 3) != 0 || raw[3] == '\0' ||
	    n > 3 + 18)
		return -1;
	for (p = (char *)raw + 3; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*seq = v;
	return 0;
}

/* A page of the pull API, built as text: each event is its leaf with
 * "lh" added (audit_leaf_event_text), no json_t per row. */
struct page {
	struct jcs_buf body;
	struct jcs_buf line;
	struct audit_leaf_cache *cache;
	int64_t last;
	int n;
};

static int
page_row(void *arg, const struct audit_row *row, const char *invalid)
{
	struct page *p = arg;
	struct merkle_hash lh;
	struct errbuf e;

	if (invalid != NULL)
		return -1;
	if (row->lh != NULL)
		memcpy(lh.b, row->lh, MERKLE_HASH_LEN);
	else if (audit_leaf_hash(row, &p->line, &lh, &e) == -1)
		return -1;
	if (audit_leaf_event_text(row, &lh, &p->line, p->cache, &e) == -1 ||
	    (p->n++ > 0 && jcs_buf_add(&p->body, ",", 1) == -1) ||
	    jcs_buf_add(&p->body, p->line.p, p->line.len) == -1)
		return -1;
	p->last = row->seq;
	return 0;
}

int
api_audit_events(struct req *r)
{
	struct store *st = store_thread();
	struct page p;
	const char *c = req_query(r, "cursor");
	char cursor[CURSOR_MAX], tail[CURSOR_MAX + 64];
	uint64_t limit = EVENTS_DEFAULT;
	int64_t after = 0, max, upto;
	int rc;

	if (c != NULL && cursor_parse(c, &after) == -1)
		return respond_400(r, "query parameter 'cursor' is not a "
		    "cursor this server gave");
	if (query_u64_or_400(r, "limit", 0, 1, LIMIT_AUDIT_PAGE, &limit) == -1)
		return 0;
	memset(&p, 0, sizeof(p));
	if (st == NULL || jcs_buf_init(&p.body, LIMIT_AUDIT_PAGE *
	    (size_t)AUDIT_LEAF_MAX) == -1 || jcs_buf_init(&p.line,
	    2 * AUDIT_LEAF_MAX) == -1 || (p.cache = audit_leaf_cache_new()) ==
	    NULL || jcs_buf_str(&p.body, "{\"events\":[") == -1) {
		rc = respond_500(r);
		goto out;
	}
	p.last = after;
	if (store_begin_read(st) == -1) {
		rc = respond_500(r);
		goto out;
	}
	/* Only what is durable: a SIEM must never receive an event that a
	 * power cut could still take back. */
	max = (int64_t)writer_durable_size();
	upto = after + (int64_t)limit < max ? after + (int64_t)limit : max;
	if ((upto > after && store_audit_scan(st, after, upto, page_row,
	    &p) != 0)) {
		store_commit(st);
		rc = respond_500(r);
		goto out;
	}
	store_commit(st);
	cursor_make(p.last, cursor);
	snprintf(tail, sizeof(tail), "],\"cursor\":\"%s\",\"has_more\":%s}",
	    cursor, max > p.last ? "true" : "false");
	if (jcs_buf_str(&p.body, tail) == -1)
		rc = respond_500(r);
	else
		rc = respond_text(r, 200, "application/json", p.body.p);
out:
	jcs_buf_free(&p.body);
	jcs_buf_free(&p.line);
	audit_leaf_cache_free(p.cache);
	return rc;
}
