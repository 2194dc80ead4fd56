/*
 * leaf.h -- an audit row as a Merkle leaf: its one canonical JSON and its
 * leaf hash ("lh"), and the event object every reader gets (pull API,
 * export, SIEM sinks).
 *
 * Why: the leaf is what checkpoints sign, so the bytes must be defined
 * once, exactly, and be rebuildable by anyone from the event they were
 * handed. Everything that shows an event to the outside (the pull API,
 * `kaito audit export`, the SIEM sinks) builds it with audit_leaf_event(),
 * and the leaf is the canonical JSON of that same object without "lh".
 *
 * FORMAT (leaf version 1; docs/audit.md is the specification):
 *     lh = SHA-256(0x00 || JCS(event))  where event is the object
 *     {"action":S,
 *      "actor":{"channel":S,"email":S|null,"id":I|null,"ip":S|null,
 *               "type":S,"user_agent":S|null},
 *      "details":{...},"outcome":S,"seq":I,
 *      "target":{"id":I|null,"name":S|null,"type":S|null},
 *      "ts_us":I,"v":1}
 *     with the members in exactly that (sorted) order, no whitespace, and
 *     JCS (RFC 8785) strings and numbers. Empty strings are stored, and
 *     shown, as null.
 */
#ifndef KAITO_AUDIT_LEAF_H
#define KAITO_AUDIT_LEAF_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "audit/jcs.h"
#include "audit/merkle.h"
#include "util/errbuf.h"

#define AUDIT_LEAF_VERSION	1
#define AUDIT_LEAF_MAX		(1024 * 1024)	/* longest leaf */
#define AUDIT_LH_HEX		(2 * MERKLE_HASH_LEN + 1)

/* A text column: p NULL is JSON null. p need not be NUL-terminated. */
struct audit_text {
	const char *p;
	size_t n;
};

/* One audit row as stored; every pointer is borrowed. */
struct audit_row {
	int64_t seq;
	int64_t ts_us;
	struct audit_text actor_type;
	int64_t actor_id;
	int actor_id_null;		/* 1: actor.id is null */
	struct audit_text actor_email;
	struct audit_text ip;
	struct audit_text user_agent;
	struct audit_text channel;
	struct audit_text action;
	struct audit_text target_type;
	int64_t target_id;
	int target_id_null;		/* 1: target.id is null */
	struct audit_text target_name;
	struct audit_text outcome;
	struct audit_text details;	/* the stored JSON object text */
	const json_t *details_json;	/* or this object, when not NULL */
	const unsigned char *lh;	/* the stored leaf hash (32 bytes), or
					   NULL when unknown */
};

/* A memo of canonical details, for encoding many rows (verify): most
 * details repeat ({"needed":"code"}), and parsing them is most of the
 * encoding's cost. */
struct audit_leaf_cache;

/* A new, empty cache (free with audit_leaf_cache_free); NULL on out of
 * memory. */
struct audit_leaf_cache *audit_leaf_cache_new(void);
void audit_leaf_cache_free(struct audit_leaf_cache *c);

/*
 * Write the canonical JSON of row into out (emptied first). Returns 0, or
 * -1 with e set when the row cannot be a leaf: text that is not UTF-8,
 * details that are not one JSON object, or a leaf over AUDIT_LEAF_MAX.
 */
int audit_leaf_encode(const struct audit_row *row, struct jcs_buf *out,
    struct errbuf *e);

/* Encode row into scratch and hash it: lh = SHA-256(0x00 || leaf).
 * Returns 0, or -1 with e set as audit_leaf_encode. cache may be NULL. */
int audit_leaf_hash(const struct audit_row *row, struct jcs_buf *scratch,
    struct merkle_hash *lh, struct errbuf *e);
int audit_leaf_hash_cached(const struct audit_row *row,
    struct jcs_buf *scratch, struct audit_leaf_cache *cache,
    struct merkle_hash *lh, struct errbuf *e);

/* What lh is the SHA-256 of, 0x00 || leaf, into out (emptied first), for
 * callers that hash many rows together (verify). Returns 0, or -1 with e
 * set as audit_leaf_encode. */
int audit_leaf_hash_input(const struct audit_row *row, struct jcs_buf *out,
    struct audit_leaf_cache *cache, struct errbuf *e);

/* The event object of row with "lh" added (lh may be NULL: left out), as
 * a new reference; NULL when the details do not parse or on out of
 * memory. */
json_t *audit_leaf_event(const struct audit_row *row,
    const struct merkle_hash *lh);

/*
 * The same event object as text: the leaf with "lh" (the given hash, 64
 * hex digits) added as its last member, into out (emptied first). This is
 * what the pull API and `kaito audit export` send, without building a
 * json_t per row. Returns 0, or -1 with e set as audit_leaf_encode.
 */
int audit_leaf_event_text(const struct audit_row *row,
    const struct merkle_hash *lh, struct jcs_buf *out,
    struct audit_leaf_cache *cache, struct errbuf *e);

/*
 * Fill row from an event object as audit_leaf_event made it, checking its
 * shape strictly: exactly the members above plus "lh" (64 hex digits,
 * stored into *lh and row->lh). Pointers in row borrow from ev. Returns 0,
 * or -1 with e set.
 */
int audit_leaf_from_event(const json_t *ev, struct audit_row *row,
    struct merkle_hash *lh, struct errbuf *e);

/* Hex of a hash into out (AUDIT_LH_HEX bytes). */
void audit_hash_hex(const struct merkle_hash *h, char out[AUDIT_LH_HEX]);

/* Parse 64 hex digits. Returns 0 or -1. */
int audit_hash_from_hex(const char *s, size_t n, struct merkle_hash *h);

#endif
