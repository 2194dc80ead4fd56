/*
 * leaf.c -- audit rows as Merkle leaves; see leaf.h.
 *
 * SPEED: audit_leaf_encode runs for every append and, in `kaito audit
 *     verify`, for every row, so it writes the fixed member names as
 *     literals in their sorted order instead of building a json_t. Only the
 *     details object goes through jansson and the generic JCS encoder, and
 *     not even that when it is "{}", as most events' are, or already in
 *     canonical form (jcs_object_is_canonical), as the store writes it.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/leaf.h"

#define CACHE_SLOTS	256
#define CACHE_KEY_MAX	64	/* details texts longer are not cached */
#define CACHE_VAL_MAX	128

struct cache_slot {
	unsigned char klen;	/* 0: empty */
	unsigned char vlen;
	char key[CACHE_KEY_MAX];
	char val[CACHE_VAL_MAX];
};

struct audit_leaf_cache {
	struct cache_slot slot[CACHE_SLOTS];
};

struct audit_leaf_cache *
audit_leaf_cache_new(void)
{
	return calloc(1, sizeof(struct audit_leaf_cache));
}

void
audit_leaf_cache_free(struct audit_leaf_cache *c)
{
	free(c);
}

static struct cache_slot *
cache_slot(struct audit_leaf_cache *c, const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return &c->slot[h % CACHE_SLOTS];
}

static int
add_lit(struct jcs_buf *b, const char *lit, size_t n)
{
	return jcs_buf_add(b, lit, n);
}

#define LIT(b, s)	add_lit((b), (s), sizeof(s) - 1)

/* Room a text needs at most, quoted and escaped, or as null. */
static size_t
text_room(const struct audit_text *t)
{
	return t->p == NULL ? 4 : 6 * t->n + 2;
}

#define PUT(o, s)	(memcpy((o), (s), sizeof(s) - 1), (o) += sizeof(s) - 1)

/* Write a text (o has text_room bytes); NULL when it is not UTF-8. */
static char *
put_text(char *o, const struct audit_text *t)
{
	if (t->p == NULL) {
		PUT(o, "null");
		return o;
	}
	return jcs_write_string(o, t->p, t->n);
}

#define EXACT_INT_MAX	9007199254740992LL

/* Write an integer within 2^53, or null. */
static char *
put_int(char *o, int64_t v, int null)
{
	if (null) {
		PUT(o, "null");
		return o;
	}
	if (v < 0) {
		*o++ = '-';
		v = -v;
	}
	return jcs_write_uint(o, (uint64_t)v);
}

static int
int_ok(int64_t v)
{
	return v <= EXACT_INT_MAX && v >= -EXACT_INT_MAX;
}

static int
add_details(struct jcs_buf *b, const struct audit_row *row,
    struct audit_leaf_cache *cache, struct errbuf *e)
{
	const struct audit_text *t = &row->details;
	struct cache_slot *slot = NULL;
	json_error_t err;
	size_t start;
	json_t *d;
	int rc;

	if (row->details_json != NULL) {
		if (!json_is_object(row->details_json))
			return errbuf_set(e, "details is not a JSON object");
		if (jcs_value(b, row->details_json) == -1)
			return errbuf_set(e, "details cannot be canonicalized");
		return 0;
	}
	if (t->p == NULL)
		return errbuf_set(e, "details is missing");
	if (t->n == 2 && memcmp(t->p, "{}", 2) == 0)
		return LIT(b, "{}");
	/* The store keeps details canonical: most need no parse. */
	if (jcs_object_is_canonical(t->p, t->n))
		return jcs_buf_add(b, t->p, t->n);
	if (cache != NULL && t->n <= CACHE_KEY_MAX) {
		slot = cache_slot(cache, t->p, t->n);
		if (slot->klen == t->n && memcmp(slot->key, t->p, t->n) == 0)
			return jcs_buf_add(b, slot->val, slot->vlen);
	}
	d = json_loadb(t->p, t->n, JSON_REJECT_DUPLICATES, &err);
	if (d == NULL || !json_is_object(d)) {
		json_decref(d);
		return errbuf_set(e, "details is not one JSON object");
	}
	start = b->len;
	rc = jcs_value(b, d);
	json_decref(d);
	if (rc == -1)
		return errbuf_set(e, "details cannot be canonicalized");
	if (slot != NULL && b->len - start <= CACHE_VAL_MAX) {
		slot->klen = (unsigned char)t->n;
		memcpy(slot->key, t->p, t->n);
		slot->vlen = (unsigned char)(b->len - start);
		memcpy(slot->val, b->p + start, slot->vlen);
	}
	return 0;
}

/*
 * Append row's leaf to b. SPEED: room for the worst case of everything
 * before the details, then of everything after, is reserved at once and
 * written through a cursor; the details go through add_details between.
 */
static int
encode(const struct audit_row *r, struct jcs_buf *b,
    struct audit_leaf_cache *cache, struct errbuf *e)
{
	size_t room;
	char *o;

	if (!int_ok(r->seq) || !int_ok(r->ts_us) ||
	    (!r->actor_id_null && !int_ok(r->actor_id)) ||
	    (!r->target_id_null && !int_ok(r->target_id)))
		return errbuf_set(e, "an id or time beyond 2^53");
	room = 128 + text_room(&r->action) + text_room(&r->channel) +
	    text_room(&r->actor_email) + text_room(&r->ip) +
	    text_room(&r->actor_type) + text_room(&r->user_agent);
	if (room > AUDIT_LEAF_MAX || jcs_buf_reserve(b, room) == -1)
		return errbuf_set(e, "a leaf too long");
	o = b->p + b->len;
	PUT(o, "{\"action\":");
	if ((o = put_text(o, &r->action)) == NULL)
		goto bad;
	PUT(o, ",\"actor\":{\"channel\":");
	if ((o = put_text(o, &r->channel)) == NULL)
		goto bad;
	PUT(o, ",\"email\":");
	if ((o = put_text(o, &r->actor_email)) == NULL)
		goto bad;
	PUT(o, ",\"id\":");
	o = put_int(o, r->actor_id, r->actor_id_null);
	PUT(o, ",\"ip\":");
	if ((o = put_text(o, &r->ip)) == NULL)
		goto bad;
	PUT(o, ",\"type\":");
	if ((o = put_text(o, &r->actor_type)) == NULL)
		goto bad;
	PUT(o, ",\"user_agent\":");
	if ((o = put_text(o, &r->user_agent)) == NULL)
		goto bad;
	PUT(o, "},\"details\":");
	b->len = (size_t)(o - b->p);
	if (add_details(b, r, cache, e) == -1)
		return -1;
	room = 160 + text_room(&r->outcome) + text_room(&r->target_name) +
	    text_room(&r->target_type);
	if (room > AUDIT_LEAF_MAX || jcs_buf_reserve(b, room) == -1)
		return errbuf_set(e, "a leaf too long");
	o = b->p + b->len;
	PUT(o, ",\"outcome\":");
	if ((o = put_text(o, &r->outcome)) == NULL)
		goto bad;
	PUT(o, ",\"seq\":");
	o = put_int(o, r->seq, 0);
	PUT(o, ",\"target\":{\"id\":");
	o = put_int(o, r->target_id, r->target_id_null);
	PUT(o, ",\"name\":");
	if ((o = put_text(o, &r->target_name)) == NULL)
		goto bad;
	PUT(o, ",\"type\":");
	if ((o = put_text(o, &r->target_type)) == NULL)
		goto bad;
	PUT(o, "},\"ts_us\":");
	o = put_int(o, r->ts_us, 0);
	PUT(o, ",\"v\":1}");
	*o = '\0';
	b->len = (size_t)(o - b->p);
	return 0;
bad:
	b->p[b->len] = '\0';
	return errbuf_set(e, "text that is not UTF-8");
}

int
audit_leaf_encode(const struct audit_row *r, struct jcs_buf *b,
    struct errbuf *e)
{
	b->len = 0;
	return encode(r, b, NULL, e);
}

int
audit_leaf_event_text(const struct audit_row *row,
    const struct merkle_hash *lh, struct jcs_buf *out,
    struct audit_leaf_cache *cache, struct errbuf *e)
{
	char hex[AUDIT_LH_HEX];

	out->len = 0;
	if (encode(row, out, cache, e) == -1)
		return -1;
	out->len--;			/* the closing brace */
	audit_hash_hex(lh, hex);
	if (jcs_buf_str(out, ",\"lh\":\"") == -1 ||
	    jcs_buf_add(out, hex, 2 * MERKLE_HASH_LEN) == -1 ||
	    jcs_buf_str(out, "\"}") == -1)
		return errbuf_set(e, "a leaf too long");
	return 0;
}

int
audit_leaf_hash_input(const struct audit_row *row, struct jcs_buf *out,
    struct audit_leaf_cache *cache, struct errbuf *e)
{
	/* The 0x00 prefix goes in the buffer: one hash call, not two. */
	out->len = 0;
	if (jcs_buf_add(out, "", 1) == -1 || encode(row, out, cache, e) == -1)
		return -1;
	return 0;
}

int
audit_leaf_hash_cached(const struct audit_row *row, struct jcs_buf *scratch,
    struct audit_leaf_cache *cache, struct merkle_hash *lh, struct errbuf *e)
{
	if (audit_leaf_hash_input(row, scratch, cache, e) == -1)
		return -1;
	merkle_sha256(scratch->p, scratch->len, lh);
	return 0;
}

int
audit_leaf_hash(const struct audit_row *row, struct jcs_buf *scratch,
    struct merkle_hash *lh, struct errbuf *e)
{
	return audit_leaf_hash_cached(row, scratch, NULL, lh, e);
}

static json_t *
text_json(const struct audit_text *t)
{
	return t->p == NULL ? json_null() : json_stringn(t->p, t->n);
}

static json_t *
id_json(int64_t v, int null)
{
	return null ? json_null() : json_integer((json_int_t)v);
}

json_t *
audit_leaf_event(const struct audit_row *r, const struct merkle_hash *lh)
{
	char hex[AUDIT_LH_HEX];
	json_t *details, *ev;

	if (r->details_json != NULL)
		details = json_deep_copy(r->details_json);
	else
		details = json_loadb(r->details.p ? r->details.p : "",
		    r->details.n, JSON_REJECT_DUPLICATES, NULL);
	if (details == NULL || !json_is_object(details)) {
		json_decref(details);
		return NULL;
	}
	ev = json_pack("{s:o, s:{s:o, s:o, s:o, s:o, s:o, s:o}, s:o,"
	    " s:o, s:I, s:{s:o, s:o, s:o}, s:I, s:i}",
	    "action", text_json(&r->action),
	    "actor",
		"channel", text_json(&r->channel),
		"email", text_json(&r->actor_email),
		"id", id_json(r->actor_id, r->actor_id_null),
		"ip", text_json(&r->ip),
		"type", text_json(&r->actor_type),
		"user_agent", text_json(&r->user_agent),
	    "details", details,
	    "outcome", text_json(&r->outcome),
	    "seq", (json_int_t)r->seq,
	    "target",
		"id", id_json(r->target_id, r->target_id_null),
		"name", text_json(&r->target_name),
		"type", text_json(&r->target_type),
	    "ts_us", (json_int_t)r->ts_us,
	    "v", AUDIT_LEAF_VERSION);
	if (ev != NULL && lh != NULL) {
		audit_hash_hex(lh, hex);
		if (json_object_set_new(ev, "lh", json_string(hex)) == -1) {
			json_decref(ev);
			return NULL;
		}
	}
	return ev;
}

/* A string or null member. */
static int
get_text(const json_t *obj, const char *key, struct audit_text *t,
    struct errbuf *e)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_null(v)) {
		t->p = NULL;
		t->n = 0;
		return 0;
	}
	if (!json_is_string(v))
		return errbuf_set(e, "member \"%s\" is not a string or null",
		    key);
	t->p = json_string_value(v);
	t->n = json_string_length(v);
	return 0;
}

/* An integer member, or null when nullable. */
static int
get_int(const json_t *obj, const char *key, int64_t *out, int *null,
    struct errbuf *e)
{
	json_t *v = json_object_get(obj, key);

	if (null != NULL && json_is_null(v)) {
		*null = 1;
		*out = 0;
		return 0;
	}
	if (!json_is_integer(v))
		return errbuf_set(e, "member \"%s\" is not an integer%s", key,
		    null != NULL ? " or null" : "");
	if (null != NULL)
		*null = 0;
	*out = json_integer_value(v);
	return 0;
}

int
audit_leaf_from_event(const json_t *ev, struct audit_row *r,
    struct merkle_hash *lh, struct errbuf *e)
{
	const json_t *actor, *target, *v, *lhj;
	int64_t version;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(ev) || json_object_size(ev) != 9)
		return errbuf_set(e, "an event has exactly the members action, "
		    "actor, details, outcome, seq, target, ts_us, v and lh");
	actor = json_object_get(ev, "actor");
	target = json_object_get(ev, "target");
	v = json_object_get(ev, "details");
	lhj = json_object_get(ev, "lh");
	if (!json_is_object(actor) || json_object_size(actor) != 6)
		return errbuf_set(e, "\"actor\" must have exactly channel, "
		    "email, id, ip, type and user_agent");
	if (!json_is_object(target) || json_object_size(target) != 3)
		return errbuf_set(e, "\"target\" must have exactly id, name "
		    "and type");
	if (!json_is_object(v))
		return errbuf_set(e, "\"details\" must be an object");
	r->details_json = v;
	if (get_int(ev, "seq", &r->seq, NULL, e) == -1 ||
	    get_int(ev, "ts_us", &r->ts_us, NULL, e) == -1 ||
	    get_int(ev, "v", &version, NULL, e) == -1 ||
	    get_text(ev, "action", &r->action, e) == -1 ||
	    get_text(ev, "outcome", &r->outcome, e) == -1 ||
	    get_text(actor, "channel", &r->channel, e) == -1 ||
	    get_text(actor, "email", &r->actor_email, e) == -1 ||
	    get_int(actor, "id", &r->actor_id, &r->actor_id_null, e) == -1 ||
	    get_text(actor, "ip", &r->ip, e) == -1 ||
	    get_text(actor, "type", &r->actor_type, e) == -1 ||
	    get_text(actor, "user_agent", &r->user_agent, e) == -1 ||
	    get_int(target, "id", &r->target_id, &r->target_id_null, e) == -1 ||
	    get_text(target, "name", &r->target_name, e) == -1 ||
	    get_text(target, "type", &r->target_type, e) == -1)
		return -1;
	if (version != AUDIT_LEAF_VERSION)
		return errbuf_set(e, "unknown event version %lld",
		    (long long)version);
	if (!json_is_string(lhj) || audit_hash_from_hex(json_string_value(lhj),
	    json_string_length(lhj), lh) == -1)
		return errbuf_set(e, "\"lh\" must be 64 hex digits");
	r->lh = lh->b;
	return 0;
}

void
audit_hash_hex(const struct merkle_hash *h, char out[AUDIT_LH_HEX])
{
	sodium_bin2hex(out, AUDIT_LH_HEX, h->b, MERKLE_HASH_LEN);
}

int
audit_hash_from_hex(const char *s, size_t n, struct merkle_hash *h)
{
	size_t len;

	if (n != 2 * MERKLE_HASH_LEN ||
	    sodium_hex2bin(h->b, MERKLE_HASH_LEN, s, n, NULL, &len,
	    NULL) != 0 ||
	    len != MERKLE_HASH_LEN)
		return -1;
	return 0;
}
