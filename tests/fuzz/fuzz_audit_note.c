/*
 * fuzz_audit_note.c -- libFuzzer harness for what `kaito audit verify`
 * reads from outside: verifier keys, signed notes (held checkpoints) and
 * checkpoint texts.
 *
 * Properties checked on top of memory safety: a verifier key that parses
 * formats back to the same string; no note opens with a key unless it
 * carries a signature that verifies (here: never, the key being fresh); a
 * checkpoint that parses formats back to text that parses the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct note_signer s;
	static int ready;
	struct tlog_checkpoint cp, cp2;
	struct note_verifier v;
	struct errbuf e;
	char out[NOTE_VKEY_MAX], text[512];
	size_t len;
	int n;

	if (!ready) {
		unsigned char seed[NOTE_SEED_LEN] = { 1 };

		if (sodium_init() < 0 ||
		    note_signer_init(&s, "fuzz.example/log", seed) == -1)
			abort();
		ready = 1;
	}
	if (size > NOTE_MAX)
		return 0;
	if (note_verifier_parse(&v, (const char *)data, size, &e) == 0) {
		note_verifier_format(&v, out);
		if (note_verifier_parse(&v, out, strlen(out), &e) == -1)
			abort();
	}
	if (note_open((const char *)data, size, &s.v, &len, &e) == 0)
		abort();	/* nobody else has this key */
	if (tlog_checkpoint_parse((const char *)data, size, &cp, &e) == 0) {
		n = tlog_checkpoint_format(&cp, text, sizeof(text));
		if (n < 0 || tlog_checkpoint_parse(text, (size_t)n, &cp2,
		    &e) == -1 || cp.size != cp2.size ||
		    strcmp(cp.origin, cp2.origin) != 0 ||
		    memcmp(cp.root.b, cp2.root.b, MERKLE_HASH_LEN) != 0)
			abort();
	}
	return 0;
}
