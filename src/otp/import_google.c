/*
 * import_google.c -- Google Authenticator's "Transfer accounts" export.
 *
 * Why: Google Authenticator is where most people's seeds are, and its only
 * way out is a series of QR codes, each holding an otpauth-migration URI.
 * The user scans them (or `kaito qr decode`s the screenshots) into a text
 * file, one URI a line, and imports that.
 * FORMAT:
 *     input = *(line "\n"); blank lines and white space around a URI
 *             are ignored
 *     line  = "otpauth-migration://offline?" params    (scheme, host:
 *             any case); params "&"-separated, one of them "data=DATA";
 *             others are ignored
 *     DATA  = percent-encoded standard base64 (RFC 4648 section 4, '+'
 *             and '/', padding optional) of a MigrationPayload protobuf
 *             (migration.proto). '+' is a base64 digit here, never a
 *             space, whatever query-string habits say.
 * MAPPING: unspecified algorithm, digits and type read as SHA1, 6 and TOTP
 *     (what Google writes for them); MD5 and values this file does not
 *     know are unsupported kinds. Every token has a 30 s period (the
 *     format has none). A name "Issuer:account" is split as an otpauth
 *     label is (import_int.h).
 * BATCHES: an export of many accounts spans batch_size codes sharing a
 *     batch_id, numbered by batch_index from 0. A part given twice, an
 *     index outside the batch, or parts that disagree on the size fail
 *     the import; parts missing at the end are reported through
 *     opts->warn, because what was scanned is still good.
 * SECRECY: the percent-decoded text, the base64-decoded bytes and every
 *     block protobuf-c allocates (seeds included) are wiped before they
 *     are freed; protobuf-c gets an allocator that wipes on free.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "otp/import_int.h"
#include "otp/migration.pb-c.h"
#include "util/pct.h"

#define SCHEME		"otpauth-migration://"
#define HOST		"offline"
#define OTPAUTH_SCHEME	"otpauth://"

/* Bytes that base64 text of n characters can decode to, at most. */
#define BASE64_DECODED_MAX(n)	((n) / 4 * 3 + 3)

/* One part of a multi-part export, as seen on one line. */
struct batch_part {
	int32_t id;		/* batch_id */
	int32_t size;		/* batch_size, > 1 */
	int32_t index;		/* batch_index, 0 .. size - 1 */
	size_t line;		/* 1-based line of the input */
};

/* One line's buffers, sized for it; both hold the seeds in some form. */
struct google_line {
	char *text;		/* owned; the percent-decoded data */
	size_t textcap;
	unsigned char *bin;	/* owned; the protobuf bytes */
	size_t bincap;
};

struct google {
	struct batch_part *parts;	/* owned; one per multi-part line */
	size_t nparts, partcap;
	size_t nuris;			/* URIs seen */
	size_t nentries;		/* accounts seen, for entry numbers */
};

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static void *
wipe_alloc(void *data, size_t size)
{
	(void)data;
	return malloc(size);
}

static void
wipe_free(void *data, void *p)
{
	(void)data;
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

/* protobuf-c copies the seeds into blocks of its own: wipe them all. */
static ProtobufCAllocator wiping_allocator = {
	.alloc = wipe_alloc,
	.free = wipe_free,
	.allocator_data = NULL,
};

static int
google_kind(struct import_ctx *c, const struct import_entry *en,
    const MigrationPayload__OtpParameters *p, struct otp_token *t)
{
	switch ((int)p->type) {
	case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_UNSPECIFIED:
	case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_TOTP:
		t->kind = OTP_TOTP;
		break;
	case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_HOTP:
		t->kind = OTP_HOTP;
		break;
	default:
		return import_unsupported(c, en, "type %d is not supported "
		    "(TOTP or HOTP)", (int)p->type);
	}
	switch ((int)p->algorithm) {
	case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_UNSPECIFIED:
	case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA1:
		t->algo = OTP_SHA1;
		break;
	case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA256:
		t->algo = OTP_SHA256;
		break;
	case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA512:
		t->algo = OTP_SHA512;
		break;
	case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_MD5:
		return import_unsupported(c, en, "algorithm MD5 is not "
		    "supported (SHA1, SHA256 or SHA512)");
	default:
		return import_unsupported(c, en, "algorithm %d is not "
		    "supported (SHA1, SHA256 or SHA512)", (int)p->algorithm);
	}
	switch ((int)p->digits) {
	case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_UNSPECIFIED:
	case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_SIX:
		t->digits = 6;
		break;
	case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_EIGHT:
		t->digits = 8;
		break;
	default:
		return import_unsupported(c, en, "digit count %d is not "
		    "supported (6 or 8)", (int)p->digits);
	}
	return 0;
}

/* Fill t from one account. Returns 0, 1 (skipped) or -1 (c->e set). */
static int
google_entry(struct import_ctx *c, struct import_entry *en,
    const MigrationPayload__OtpParameters *p, struct otp_token *t)
{
	const char *issuer = p->issuer ? p->issuer : "";
	const char *name = p->name ? p->name : "";
	int rc;

	import_entry_show(en, issuer, strlen(issuer));
	import_entry_show(en, name, strlen(name));
	if ((rc = google_kind(c, en, p, t)) != 0)
		return rc;
	if (import_set_names(t, issuer, strlen(issuer), name, strlen(name), 1,
	    c->e) == -1)
		return -1;
	if (p->secret.len == 0 || p->secret.data == NULL)
		return errbuf_set(c->e, "secret is empty");
	if (p->secret.len > LIMIT_OTP_SECRET)
		return errbuf_set(c->e, "secret longer than %d bytes",
		    LIMIT_OTP_SECRET);
	memcpy(t->secret, p->secret.data, p->secret.len);
	t->secret_len = p->secret.len;
	if (t->kind == OTP_HOTP) {
		if (p->counter < 0)
			return errbuf_set(c->e, "counter %lld is negative",
			    (long long)p->counter);
		t->counter = (uint64_t)p->counter;
	}
	return 0;
}

/* Remember a part of a multi-part export; its checks come at the end. */
static int
google_note_part(struct import_ctx *c, struct google *g,
    const MigrationPayload *m, size_t line)
{
	struct batch_part *bp, *np;
	size_t ncap;

	if (m->batch_size <= 1)
		return 0;
	if (m->batch_index < 0 || m->batch_index >= m->batch_size)
		return errbuf_set(c->e, "line %zu: batch index %d is outside "
		    "its batch of %d", line, (int)m->batch_index,
		    (int)m->batch_size);
	if (g->nparts == g->partcap) {
		/* nparts <= nuris <= LIMIT_MIGRATION_URIS: no overflow. */
		ncap = g->partcap ? g->partcap * 2 : 16;
		if ((np = reallocarray(g->parts, ncap, sizeof(*np))) == NULL)
			return errbuf_set(c->e, "out of memory");
		g->parts = np;
		g->partcap = ncap;
	}
	bp = &g->parts[g->nparts++];
	bp->id = m->batch_id;
	bp->size = m->batch_size;
	bp->index = m->batch_index;
	bp->line = line;
	return 0;
}

/* Decode DATA (n bytes, still percent-encoded) into b->bin. */
static int
google_data(struct import_ctx *c, struct google_line *b, const char *s,
    size_t n, size_t line, size_t *binlen)
{
	const char *end;
	size_t len, pos;
	int variant;

	b->textcap = n + 1;
	b->bincap = BASE64_DECODED_MAX(n);
	if ((b->text = malloc(b->textcap)) == NULL ||
	    (b->bin = malloc(b->bincap)) == NULL)
		return errbuf_set(c->e, "out of memory");
	if (pct_decode(s, n, b->text, b->textcap, &len, 0, "data",
	    c->e) == -1)
		return errbuf_prefix(c->e, "line %zu", line);
	if (len == 0)
		return errbuf_set(c->e, "line %zu: data is empty", line);
	/* libsodium wants to know whether the padding is there. */
	variant = memchr(b->text, '=', len) != NULL ?
	    sodium_base64_VARIANT_ORIGINAL :
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	if (sodium_base642bin(b->bin, b->bincap, b->text, len, NULL, binlen,
	    &end, variant) == -1)
		return errbuf_set(c->e, "line %zu: data is not valid base64 "
		    "(truncated, or wrong padding)", line);
	if (end != b->text + len) {
		pos = (size_t)(end - b->text);
		if (*end == ' ')
			return errbuf_set(c->e, "line %zu: data: space at "
			    "position %zu is not base64 (a '+' read as a "
			    "space?)", line, pos + 1);
		if (*end > 0x20 && *end < 0x7f)
			return errbuf_set(c->e, "line %zu: data: bad base64 "
			    "character '%c' at position %zu", line, *end,
			    pos + 1);
		return errbuf_set(c->e, "line %zu: data: bad base64 "
		    "character at position %zu", line, pos + 1);
	}
	return 0;
}

/* Find the data parameter of the URI's query (n bytes of q). */
static int
google_query(struct import_ctx *c, const char *q, size_t n, size_t line,
    const char **data, size_t *datalen)
{
	const char *end = q + n, *amp;

	*data = NULL;
	while (q < end) {
		if ((amp = memchr(q, '&', (size_t)(end - q))) == NULL)
			amp = end;
		if (amp - q >= 5 && strncasecmp(q, "data=", 5) == 0) {
			if (*data != NULL)
				return errbuf_set(c->e, "line %zu: parameter "
				    "'data' given twice", line);
			*data = q + 5;
			*datalen = (size_t)(amp - q - 5);
		}
		q = amp + 1;
	}
	if (*data == NULL)
		return errbuf_set(c->e, "line %zu: missing data parameter",
		    line);
	return 0;
}

/* One URI (n bytes of s, trimmed): its accounts go to c->out. */
static int
google_uri(struct import_ctx *c, struct google *g, const char *s, size_t n,
    size_t line)
{
	MigrationPayload *m = NULL;
	struct google_line b = { NULL, 0, NULL, 0 };
	struct otp_token t;
	struct import_entry en;
	const char *p, *q, *data;
	size_t i, datalen = 0, binlen = 0;
	int rc = -1, r;

	otp_token_init(&t);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			errbuf_set(c->e, "line %zu: control character at "
			    "position %zu", line, i + 1);
			goto out;
		}
	if (n > LIMIT_MIGRATION_URI) {
		errbuf_set(c->e, "line %zu: longer than %d bytes", line,
		    LIMIT_MIGRATION_URI);
		goto out;
	}
	if (n < strlen(SCHEME) || strncasecmp(s, SCHEME, strlen(SCHEME)) != 0) {
		if (n >= strlen(OTPAUTH_SCHEME) && strncasecmp(s,
		    OTPAUTH_SCHEME, strlen(OTPAUTH_SCHEME)) == 0)
			errbuf_set(c->e, "line %zu: an otpauth:// URI, not a "
			    "Google Authenticator export", line);
		else
			errbuf_set(c->e, "line %zu: not an "
			    "otpauth-migration:// URI", line);
		goto out;
	}
	p = s + strlen(SCHEME);
	if ((size_t)(s + n - p) < strlen(HOST) + 1 ||
	    strncasecmp(p, HOST, strlen(HOST)) != 0 || p[strlen(HOST)] != '?') {
		errbuf_set(c->e, "line %zu: expected otpauth-migration://"
		    "offline?data=...", line);
		goto out;
	}
	q = p + strlen(HOST) + 1;
	if ((p = memchr(q, '#', (size_t)(s + n - q))) == NULL)
		p = s + n;
	if (++g->nuris > LIMIT_MIGRATION_URIS) {
		errbuf_set(c->e, "more than %d otpauth-migration URIs",
		    LIMIT_MIGRATION_URIS);
		goto out;
	}
	if (google_query(c, q, (size_t)(p - q), line, &data, &datalen) == -1 ||
	    google_data(c, &b, data, datalen, line, &binlen) == -1)
		goto out;
	if ((m = migration_payload__unpack(&wiping_allocator, binlen,
	    b.bin)) == NULL) {
		errbuf_set(c->e, "line %zu: data is not a Google Authenticator "
		    "export (bad protobuf)", line);
		goto out;
	}
	if (google_note_part(c, g, m, line) == -1)
		goto out;
	for (i = 0; i < m->n_otp_parameters; i++) {
		otp_token_init(&t);
		import_entry_start(&en, ++g->nentries);
		r = google_entry(c, &en, m->otp_parameters[i], &t);
		if (r == -1) {
			import_entry_fail(c, &en);
			goto out;
		}
		if (r == 0 && import_add(c, &en, &t) == -1)
			goto out;
	}
	rc = 0;
out:
	otp_token_clear(&t);
	if (b.text != NULL)
		sodium_memzero(b.text, b.textcap);
	if (b.bin != NULL)
		sodium_memzero(b.bin, b.bincap);
	free(b.text);
	free(b.bin);
	migration_payload__free_unpacked(m, &wiping_allocator);
	return rc;
}

static int
part_cmp(const void *a, const void *b)
{
	const struct batch_part *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Append the 1-based part numbers from+1 .. to to buf, a list that shows
 * 5 numbers, then "...". *shown counts the numbers listed so far. */
static void
list_missing(char *buf, size_t cap, int *shown, int64_t from, int64_t to)
{
	size_t len;
	int64_t k;

	for (k = from; k < to && *shown <= 5; k++) {
		len = strlen(buf);
		if (*shown == 5) {
			snprintf(buf + len, cap - len, ", ...");
			(*shown)++;
			return;
		}
		snprintf(buf + len, cap - len, "%s%lld", *shown ? ", " : "",
		    (long long)k + 1);
		(*shown)++;
	}
}

/* Refuse parts given twice and parts that disagree on the batch size.
 * v is sorted by part_cmp. */
static int
google_batch_errors(struct import_ctx *c, const struct batch_part *v,
    size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (v[i].id != v[i - 1].id)
			continue;
		if (v[i].size != v[i - 1].size)
			return errbuf_set(c->e, "line %zu: batch %d has %d "
			    "parts here but %d on line %zu", v[i].line,
			    (int)v[i].id, (int)v[i].size, (int)v[i - 1].size,
			    v[i - 1].line);
		if (v[i].index == v[i - 1].index)
			return errbuf_set(c->e, "line %zu: part %d of batch %d "
			    "given again (first on line %zu)", v[i].line,
			    (int)v[i].index + 1, (int)v[i].id, v[i - 1].line);
	}
	return 0;
}

/*
 * Check the parts of each multi-part batch: refuse duplicates and sizes
 * that disagree (all batches first), then warn about parts never seen.
 */
static int
google_batches(struct import_ctx *c, struct google *g)
{
	const struct batch_part *v = g->parts, *first;
	char missing[96];
	size_t i, j;
	int64_t prev;
	int shown;

	if (g->nparts == 0)
		return 0;
	qsort(g->parts, g->nparts, sizeof(*g->parts), part_cmp);
	if (google_batch_errors(c, v, g->nparts) == -1)
		return -1;
	for (i = 0; i < g->nparts; i = j) {
		first = &v[i];
		prev = -1;
		shown = 0;
		missing[0] = '\0';
		for (j = i; j < g->nparts && v[j].id == first->id; j++) {
			list_missing(missing, sizeof(missing), &shown,
			    prev + 1, v[j].index);
			prev = v[j].index;
		}
		if (j - i < (size_t)first->size) {
			list_missing(missing, sizeof(missing), &shown,
			    prev + 1, first->size);
			import_warn(c, "batch %d is incomplete: %zu of %d QR "
			    "codes (missing part%s %s); scan the rest to "
			    "import every account", (int)first->id, j - i,
			    (int)first->size,
			    (size_t)first->size - (j - i) > 1 ? "s" : "",
			    missing);
		}
	}
	return 0;
}

int
import_google(struct import_ctx *c, const char *buf, size_t len)
{
	struct google g;
	const char *s = buf, *end = buf + len, *nl;
	size_t n, line = 0;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	while (s < end) {
		line++;
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		while (n > 0 && is_blank(s[n - 1]))
			n--;
		while (n > 0 && is_blank(*s)) {
			s++;
			n--;
		}
		if (n > 0 && google_uri(c, &g, s, n, line) == -1)
			goto out;
		if (nl == end)
			break;
		s = nl + 1;
	}
	if (g.nuris == 0) {
		errbuf_set(c->e, "no otpauth-migration:// URI in the input");
		goto out;
	}
	rc = google_batches(c, &g);
out:
	free(g.parts);
	return rc;
}
