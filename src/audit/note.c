/*
 * note.c -- C2SP signed notes and tlog checkpoints; see note.h.
 *
 * Checked against the published vector of Go's sumdb/note (the
 * PeterNeumann key and note) in test_note.c: libsodium's Ed25519 is
 * deterministic (RFC 8032), so our signature must equal Go's byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/jcs.h"
#include "audit/note.h"

#define EM_DASH		"\xe2\x80\x94"	/* U+2014 */
#define SIG_TYPE_ED25519 0x01
#define SIG_LEN		(4 + crypto_sign_BYTES)
#define B64_LEN(n)	(((n) + 2) / 3 * 4)

int
note_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > NOTE_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] >= 0x7f || name[i] == '+')
			return 0;
	return 1;
}

uint32_t
note_key_id(const char *name, const unsigned char pk[NOTE_PK_LEN])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	const unsigned char sep[2] = { '\n', SIG_TYPE_ED25519 };

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)name,
	    strlen(name));
	crypto_hash_sha256_update(&st, sep, sizeof(sep));
	crypto_hash_sha256_update(&st, pk, NOTE_PK_LEN);
	crypto_hash_sha256_final(&st, h);
	return (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3];
}

int
note_signer_init(struct note_signer *s, const char *name,
    const unsigned char seed[NOTE_SEED_LEN])
{
	if (!note_name_ok(name))
		return -1;
	snprintf(s->v.name, sizeof(s->v.name), "%s", name);
	crypto_sign_seed_keypair(s->v.pk, s->sk, seed);
	s->v.id = note_key_id(name, s->v.pk);
	return 0;
}

/* Strict standard base64 of exactly want bytes. */
static int
b64_decode(const char *s, size_t n, unsigned char *out, size_t want)
{
	unsigned char buf[128];
	const char *end;
	size_t len;

	if (want > sizeof(buf) || n != B64_LEN(want) ||
	    sodium_base642bin(buf, sizeof(buf), s, n, NULL, &len, &end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || end != s + n ||
	    len != want)
		return -1;
	memcpy(out, buf, want);
	sodium_memzero(buf, sizeof(buf));
	return 0;
}

/* Split "name+hex8+key" into its parts; key points into s. */
static int
split_key(const char *s, size_t n, char name[NOTE_NAME_MAX + 1],
    uint32_t *id, const char **key, size_t *keylen)
{
	const char *p1, *p2, *end = s + n;
	char hex[9], *ep;
	size_t i;

	if ((p1 = memchr(s, '+', n)) == NULL || (size_t)(p1 - s) >
	    NOTE_NAME_MAX)
		return -1;
	memcpy(name, s, (size_t)(p1 - s));
	name[p1 - s] = '\0';
	if (!note_name_ok(name))
		return -1;
	p1++;
	if ((p2 = memchr(p1, '+', (size_t)(end - p1))) == NULL ||
	    p2 - p1 != 8)
		return -1;
	memcpy(hex, p1, 8);
	hex[8] = '\0';
	for (i = 0; i < 8; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') ||
		    (hex[i] >= 'a' && hex[i] <= 'f')))
			return -1;
	*id = (uint32_t)strtoul(hex, &ep, 16);
	*key = p2 + 1;
	*keylen = (size_t)(end - *key);
	return 0;
}

int
note_signer_parse(struct note_signer *s, const char *skey, struct errbuf *e)
{
	static const char prefix[] = "PRIVATE+KEY+";
	unsigned char raw[1 + NOTE_SEED_LEN];
	const char *key;
	size_t keylen;
	uint32_t id;
	char name[NOTE_NAME_MAX + 1];
	int rc = -1;

	if (strncmp(skey, prefix, sizeof(prefix) - 1) != 0 ||
	    split_key(skey + sizeof(prefix) - 1, strlen(skey) -
	    (sizeof(prefix) - 1), name, &id, &key, &keylen) == -1 ||
	    b64_decode(key, keylen, raw, sizeof(raw)) == -1 ||
	    raw[0] != SIG_TYPE_ED25519) {
		errbuf_set(e, "not an Ed25519 note signer key");
		goto out;
	}
	note_signer_init(s, name, raw + 1);
	if (s->v.id != id) {
		errbuf_set(e, "the key id does not match the key");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

void
note_verifier_format(const struct note_verifier *v, char out[NOTE_VKEY_MAX])
{
	unsigned char raw[1 + NOTE_PK_LEN];
	char b64[B64_LEN(sizeof(raw)) + 1];

	raw[0] = SIG_TYPE_ED25519;
	memcpy(raw + 1, v->pk, NOTE_PK_LEN);
	sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, NOTE_VKEY_MAX, "%s+%08x+%s", v->name, v->id, b64);
}

int
note_verifier_parse(struct note_verifier *v, const char *s, size_t n,
    struct errbuf *e)
{
	unsigned char raw[1 + NOTE_PK_LEN];
	const char *key;
	size_t keylen;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (split_key(s, n, v->name, &v->id, &key, &keylen) == -1 ||
	    b64_decode(key, keylen, raw, sizeof(raw)) == -1)
		return errbuf_set(e, "not a verifier key (want NAME+KEYID+"
		    "BASE64, as `kaito audit pubkey` prints it)");
	if (raw[0] != SIG_TYPE_ED25519)
		return errbuf_set(e, "not an Ed25519 verifier key");
	memcpy(v->pk, raw + 1, NOTE_PK_LEN);
	if (note_key_id(v->name, v->pk) != v->id)
		return errbuf_set(e, "the verifier key's id does not match its "
		    "name and key");
	return 0;
}

/* Valid UTF-8, and no control character but newline. */
static int
note_chars_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return 0;
	return jcs_utf8_valid(s, n);
}

int
note_sign(const struct note_signer *s, const char *text, size_t n,
    char *out, size_t cap)
{
	unsigned char sig[SIG_LEN];
	char b64[B64_LEN(SIG_LEN) + 1];
	int len;

	if (n == 0 || text[n - 1] != '\n' || !note_chars_ok(text, n) ||
	    n > NOTE_MAX)
		return -1;
	sig[0] = (unsigned char)(s->v.id >> 24);
	sig[1] = (unsigned char)(s->v.id >> 16);
	sig[2] = (unsigned char)(s->v.id >> 8);
	sig[3] = (unsigned char)s->v.id;
	crypto_sign_detached(sig + 4, NULL, (const unsigned char *)text, n,
	    s->sk);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
	    sodium_base64_VARIANT_ORIGINAL);
	len = snprintf(out, cap, "%.*s\n" EM_DASH " %s %s\n", (int)n, text,
	    s->v.name, b64);
	if (len < 0 || (size_t)len >= cap)
		return -1;
	return len;
}

/* Check one signature line (without its newline) against v. Returns 1
 * verified, 0 not by v, -1 malformed or failed. */
static int
check_sig_line(const char *line, size_t n, const char *text, size_t textlen,
    const struct note_verifier *v)
{
	unsigned char buf[128];
	const char *name, *sp, *end = line + n, *b64end;
	size_t len;
	uint32_t id;

	if (n < 4 || memcmp(line, EM_DASH " ", 4) != 0)
		return -1;
	name = line + 4;
	if ((sp = memchr(name, ' ', (size_t)(end - name))) == NULL ||
	    sp == name || memchr(name, '+', (size_t)(sp - name)) != NULL)
		return -1;
	if (sodium_base642bin(buf, sizeof(buf), sp + 1, (size_t)(end - sp - 1),
	    NULL, &len, &b64end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    b64end != end || len < 4)
		return -1;
	if ((size_t)(sp - name) != strlen(v->name) ||
	    memcmp(name, v->name, (size_t)(sp - name)) != 0)
		return 0;
	id = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | buf[3];
	if (id != v->id)
		return 0;
	if (len != SIG_LEN || crypto_sign_verify_detached(buf + 4,
	    (const unsigned char *)text, textlen, v->pk) != 0)
		return -1;
	return 1;
}

int
note_open(const char *note, size_t n, const struct note_verifier *v,
    size_t *text_len, struct errbuf *e)
{
	const char *p, *sigs, *nl, *end = note + n;
	int found = 0, count = 0, rc;
	size_t i;

	if (n > NOTE_MAX || n < 2 || note[n - 1] != '\n' ||
	    !note_chars_ok(note, n))
		return errbuf_set(e, "not a signed note (bad characters or no "
		    "final newline)");
	/* The text ends at the last blank line. */
	for (i = n - 1; i > 0; i--)
		if (note[i] == '\n' && note[i - 1] == '\n')
			break;
	if (i == 0)
		return errbuf_set(e, "not a signed note (no blank line before "
		    "the signatures)");
	*text_len = i;
	sigs = note + i + 1;
	for (p = sigs; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (++count > NOTE_SIGS_MAX)
			return errbuf_set(e, "too many signatures");
		rc = check_sig_line(p, (size_t)(nl - p), note, *text_len, v);
		if (rc == -1)
			return errbuf_set(e, "a signature line is malformed or "
			    "does not verify");
		found |= rc;
	}
	if (!found)
		return errbuf_set(e, "not signed by %s+%08x", v->name, v->id);
	return 0;
}

int
tlog_checkpoint_format(const struct tlog_checkpoint *cp, char *out,
    size_t cap)
{
	char b64[B64_LEN(MERKLE_HASH_LEN) + 1];
	int len;

	sodium_bin2base64(b64, sizeof(b64), cp->root.b, MERKLE_HASH_LEN,
	    sodium_base64_VARIANT_ORIGINAL);
	len = snprintf(out, cap, "%s\n%llu\n%s\n", cp->origin,
	    (unsigned long long)cp->size, b64);
	if (len < 0 || (size_t)len >= cap)
		return -1;
	return len;
}

int
tlog_checkpoint_parse(const char *text, size_t n, struct tlog_checkpoint *cp,
    struct errbuf *e)
{
	const char *end = text + n, *l1, *l2, *l3;
	uint64_t size = 0;
	const char *p;

	if ((l1 = memchr(text, '\n', n)) == NULL ||
	    (l2 = memchr(l1 + 1, '\n', (size_t)(end - l1 - 1))) == NULL ||
	    (l3 = memchr(l2 + 1, '\n', (size_t)(end - l2 - 1))) == NULL)
		return errbuf_set(e, "a checkpoint has three lines: origin, "
		    "size, root");
	if (l1 == text || (size_t)(l1 - text) > NOTE_NAME_MAX ||
	    !note_chars_ok(text, (size_t)(l1 - text)))
		return errbuf_set(e, "bad checkpoint origin");
	memcpy(cp->origin, text, (size_t)(l1 - text));
	cp->origin[l1 - text] = '\0';
	p = l1 + 1;
	if (p == l2 || l2 - p > 20 || (*p == '0' && l2 - p > 1))
		return errbuf_set(e, "bad checkpoint size");
	for (; p < l2; p++) {
		if (*p < '0' || *p > '9' || size > (UINT64_MAX - 9) / 10)
			return errbuf_set(e, "bad checkpoint size");
		size = size * 10 + (uint64_t)(*p - '0');
	}
	cp->size = size;
	if (b64_decode(l2 + 1, (size_t)(l3 - l2 - 1), cp->root.b,
	    MERKLE_HASH_LEN) == -1)
		return errbuf_set(e, "bad checkpoint root hash");
	return 0;
}
