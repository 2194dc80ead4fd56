/*
 * test_note.c -- C2SP signed notes and tlog checkpoints: the published
 * vector of Go's golang.org/x/mod/sumdb/note (the PeterNeumann key,
 * its verifier key string and signed note), reproduced byte for byte, so
 * that Go (and every port of it) verifies our checkpoints; then notes
 * that must be refused, and the checkpoint text.
 */
#include "unit.h"

#include <sodium.h>

#include "audit/note.h"

#define SKEY	"PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+" \
		"Y7hfZx09iUvxdXHKDFz"
#define VKEY	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4iz" \
		"Wy10TW"
#define TEXT	"If you think cryptography is the answer to your problem,\n" \
		"then you don't know what your problem is.\n"
#define SIGLINE	"\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLL" \
		"r8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
#define NOTE	TEXT "\n" SIGLINE

static void
test_go_vector_sign(void **state)
{
	struct note_signer s;
	struct errbuf e;
	char vkey[NOTE_VKEY_MAX], note[1024];
	int n;

	(void)state;
	assert_int_equal(note_signer_parse(&s, SKEY, &e), 0);
	assert_string_equal(s.v.name, "PeterNeumann");
	assert_int_equal(s.v.id, 0xc74f20a3);
	note_verifier_format(&s.v, vkey);
	assert_string_equal(vkey, VKEY);
	n = note_sign(&s, TEXT, strlen(TEXT), note, sizeof(note));
	assert_int_equal(n, strlen(NOTE));
	assert_string_equal(note, NOTE);
	sodium_memzero(&s, sizeof(s));
}

static void
test_go_vector_open(void **state)
{
	struct note_verifier v;
	struct errbuf e;
	size_t text_len;
	char *bad;

	(void)state;
	assert_int_equal(note_verifier_parse(&v, VKEY "\n", strlen(VKEY) + 1,
	    &e), 0);
	assert_int_equal(v.id, 0xc74f20a3);
	assert_int_equal(note_open(NOTE, strlen(NOTE), &v, &text_len, &e), 0);
	assert_int_equal(text_len, strlen(TEXT));
	/* One changed letter of the text. */
	bad = strdup(NOTE);
	bad[10] ^= 0x20;
	assert_int_equal(note_open(bad, strlen(bad), &v, &text_len, &e), -1);
	free(bad);
	/* A signature by another key is ignored; ours still counts. */
#define OTHER	"\xe2\x80\x94 someone.example AAAAAP8=\n"
	assert_int_equal(note_open(NOTE OTHER, strlen(NOTE OTHER), &v,
	    &text_len, &e), 0);
	assert_int_equal(note_open(TEXT "\n" OTHER SIGLINE,
	    strlen(TEXT "\n" OTHER SIGLINE), &v, &text_len, &e), 0);
	/* Only other keys: refused. */
	assert_int_equal(note_open(TEXT "\n" OTHER, strlen(TEXT "\n" OTHER),
	    &v, &text_len, &e), -1);
}

static void
test_verifier_keys_refused(void **state)
{
	static const char *const bad[] = {
		"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX",
		"PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
		"PeterNeumann+c74f20a3",
		"",
	};
	struct note_verifier v;
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(note_verifier_parse(&v, bad[i], strlen(bad[i]),
		    &e), -1);
}

static void
test_malformed_notes(void **state)
{
	static const char *const bad[] = {
		TEXT SIGLINE,				/* no blank line */
		TEXT "\n" "\xe2\x80\x94 PeterNeumann x08go\n",	/* short sig */
		TEXT "\n" "- PeterNeumann x08go/ZJku=\n",	/* not an em dash */
		"text\twith a tab\n\n" SIGLINE,
		TEXT "\n" SIGLINE "\n",			/* trailing blank */
		TEXT "\n",
	};
	struct note_verifier v;
	struct errbuf e;
	size_t i, len;

	(void)state;
	assert_int_equal(note_verifier_parse(&v, VKEY, strlen(VKEY), &e), 0);
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(note_open(bad[i], strlen(bad[i]), &v, &len,
		    &e), -1);
}

/* Our own key: signing and opening a checkpoint, the way the writer and
 * `kaito audit verify` do. */
static void
test_checkpoint_roundtrip(void **state)
{
	unsigned char seed[NOTE_SEED_LEN];
	struct tlog_checkpoint cp, got;
	struct note_signer s;
	struct note_verifier v;
	struct errbuf e;
	char text[512], note[1024], vkey[NOTE_VKEY_MAX];
	size_t text_len;
	int n, k;

	(void)state;
	memset(seed, 7, sizeof(seed));
	assert_int_equal(note_signer_init(&s, "kaito.local/0123abcd", seed), 0);
	assert_int_equal(note_signer_init(&s, "bad name", seed), -1);
	assert_int_equal(note_signer_init(&s, "kaito.local/0123abcd", seed), 0);
	snprintf(cp.origin, sizeof(cp.origin), "kaito.local/0123abcd");
	cp.size = 1017;
	memset(cp.root.b, 0xab, sizeof(cp.root.b));
	n = tlog_checkpoint_format(&cp, text, sizeof(text));
	assert_string_equal(text, "kaito.local/0123abcd\n1017\n"
	    "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n");
	k = note_sign(&s, text, (size_t)n, note, sizeof(note));
	assert_true(k > n);
	note_verifier_format(&s.v, vkey);
	assert_int_equal(note_verifier_parse(&v, vkey, strlen(vkey), &e), 0);
	assert_int_equal(note_open(note, (size_t)k, &v, &text_len, &e), 0);
	assert_int_equal(text_len, (size_t)n);
	assert_int_equal(tlog_checkpoint_parse(note, text_len, &got, &e), 0);
	assert_string_equal(got.origin, cp.origin);
	assert_int_equal(got.size, 1017);
	assert_memory_equal(got.root.b, cp.root.b, 32);
	/* Another seed is another key: its note does not open with v. */
	seed[0] = 8;
	assert_int_equal(note_signer_init(&s, "kaito.local/0123abcd", seed), 0);
	k = note_sign(&s, text, (size_t)n, note, sizeof(note));
	assert_int_equal(note_open(note, (size_t)k, &v, &text_len, &e), -1);
	/* Extension lines are allowed after the root. */
	assert_int_equal(tlog_checkpoint_parse("o\n5\nq6urq6urq6urq6urq6urq6urq"
	    "6urq6urq6urq6urq6s=\nextension\n", 52, &got, &e), 0);
	sodium_memzero(&s, sizeof(s));
}

static void
test_checkpoints_refused(void **state)
{
	static const char *const bad[] = {
		"o\n05\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
		"o\n-5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
		"o\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s\n",
		"o\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6ur\n",
		"\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
		"o\n5\n",
		"o\n18446744073709551616\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
	};
	struct tlog_checkpoint cp;
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_int_equal(tlog_checkpoint_parse(bad[i], strlen(bad[i]),
		    &cp, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_vector_sign),
		cmocka_unit_test(test_go_vector_open),
		cmocka_unit_test(test_verifier_keys_refused),
		cmocka_unit_test(test_malformed_notes),
		cmocka_unit_test(test_checkpoint_roundtrip),
		cmocka_unit_test(test_checkpoints_refused),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
