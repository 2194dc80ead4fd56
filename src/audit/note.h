/*
 * note.h -- C2SP signed notes (c2sp.org/signed-note) with Ed25519, and the
 * tlog checkpoint text they carry (c2sp.org/tlog-checkpoint).
 *
 * Why: a checkpoint in this format can be checked by any tool of the
 * transparency-log world (Go's golang.org/x/mod/sumdb/note, the
 * transparency-dev witnesses, the Rust and Python ports) with nothing but
 * our verifier key, and witnesses can add their cosignatures to it.
 *
 * FORMAT: note = text || "\n" || one or more signature lines, where text
 *     ends in "\n" and a signature line is
 *         U+2014 " " key-name " " base64(key-id[4, big endian] || sig) "\n".
 *     Ed25519 (type byte 0x01): sig = Ed25519(text);
 *         key-id = SHA-256(key-name || 0x0A || 0x01 || public key)[:4].
 *     Verifier key: key-name "+" hex8(key-id) "+" base64(0x01 || public key).
 *     Checkpoint text: origin "\n" decimal tree size "\n" base64(root) "\n",
 *     then optional extension lines. Base64 is RFC 4648 with padding.
 */
#ifndef KAITO_AUDIT_NOTE_H
#define KAITO_AUDIT_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "audit/merkle.h"
#include "util/errbuf.h"

#define NOTE_NAME_MAX	128		/* longest key name we accept */
#define NOTE_MAX	(64 * 1024)	/* longest note we read */
#define NOTE_SIGS_MAX	100		/* signature lines we look at */
#define NOTE_VKEY_MAX	(NOTE_NAME_MAX + 1 + 8 + 1 + 48)	/* + NUL */
#define NOTE_PK_LEN	32
#define NOTE_SK_LEN	64
#define NOTE_SEED_LEN	32

struct note_verifier {
	char name[NOTE_NAME_MAX + 1];
	uint32_t id;
	unsigned char pk[NOTE_PK_LEN];
};

/* A signing key. Holds a secret: keep it in sodium_malloc'd memory and
 * wipe it (checkpoint.c does). */
struct note_signer {
	struct note_verifier v;		/* its public half */
	unsigned char sk[NOTE_SK_LEN];	/* libsodium's: seed || public */
};

/* 1 if name is a valid key name: non-empty, at most NOTE_NAME_MAX bytes
 * of printable ASCII without space or '+'. (Stricter than the spec's "no
 * Unicode spaces or plus", on purpose: our names are host/path forms.) */
int note_name_ok(const char *name);

/* key-id = SHA-256(name || "\n" || 0x01 || pk)[:4], big endian. */
uint32_t note_key_id(const char *name, const unsigned char pk[NOTE_PK_LEN]);

/* Make a signer from an Ed25519 seed. Returns 0, or -1 (bad name). */
int note_signer_init(struct note_signer *s, const char *name,
    const unsigned char seed[NOTE_SEED_LEN]);

/*
 * Parse a Go-format private key, "PRIVATE+KEY+" name "+" hex8 "+"
 * base64(0x01 || seed) (known-answer tests use one). Returns 0, or -1
 * with e set.
 */
int note_signer_parse(struct note_signer *s, const char *skey,
    struct errbuf *e);

/* Write v's verifier key string into out (NOTE_VKEY_MAX bytes). */
void note_verifier_format(const struct note_verifier *v,
    char out[NOTE_VKEY_MAX]);

/* Parse a verifier key string (trailing white space ignored). Returns 0,
 * or -1 with e set: wrong shape, not Ed25519, or a key id that does not
 * match the name and key. */
int note_verifier_parse(struct note_verifier *v, const char *s, size_t n,
    struct errbuf *e);

/*
 * Sign text (n bytes, ending in "\n", no other control characters) and
 * write the whole note into out (cap bytes, NUL-terminated). Returns the
 * note's length, or -1 when text is malformed or out too small.
 */
int note_sign(const struct note_signer *s, const char *text, size_t n,
    char *out, size_t cap);

/*
 * Check note (n bytes): well formed, and signed by v (signatures by other
 * keys are ignored; a bad one by v fails the note). Returns 0 with
 * *text_len set to the length of the signed text (which starts the note),
 * or -1 with e set.
 */
int note_open(const char *note, size_t n, const struct note_verifier *v,
    size_t *text_len, struct errbuf *e);

struct tlog_checkpoint {
	char origin[NOTE_NAME_MAX + 1];
	uint64_t size;
	struct merkle_hash root;
};

/* Write the checkpoint text (origin, size, base64 root; three lines) into
 * out. Returns its length, or -1 when out is too small. */
int tlog_checkpoint_format(const struct tlog_checkpoint *cp, char *out,
    size_t cap);

/* Parse checkpoint text (as note_open delimits it). Extension lines after
 * the third are allowed and ignored. Returns 0, or -1 with e set. */
int tlog_checkpoint_parse(const char *text, size_t n,
    struct tlog_checkpoint *cp, struct errbuf *e);

#endif
