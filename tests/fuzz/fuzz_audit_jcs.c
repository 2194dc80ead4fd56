/*
 * fuzz_audit_jcs.c -- libFuzzer harness for RFC 8785 canonical JSON and
 * for the export lines `kaito audit verify --file` reads.
 *
 * Properties checked on top of memory safety: canonical JSON is a fixed
 * point (parsing it, numbers as doubles, and canonicalizing again gives
 * the same bytes); an
 * event that audit_leaf_from_event accepts encodes as a leaf, and the
 * event audit_leaf_event makes of it encodes to the same leaf.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/jcs.h"
#include "audit/leaf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jcs_buf a, b;
	struct audit_row row, row2;
	struct merkle_hash lh, lh2, lh3;
	struct errbuf e;
	json_t *v, *w, *ev;

	if (size > 64 * 1024)
		return 0;
	v = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, NULL);
	if (v == NULL)
		return 0;
	if (jcs_buf_init(&a, 1 << 20) == -1 || jcs_buf_init(&b, 1 << 20) == -1)
		abort();
	if (jcs_value(&a, v) == 0) {
		/* Read back as doubles, as RFC 8785 readers do (and jansson
		 * refuses integers past 2^63, which JCS may write). */
		w = json_loadb(a.p, a.len, JSON_DECODE_ANY |
		    JSON_DECODE_INT_AS_REAL, NULL);
		if (w == NULL || jcs_value(&b, w) == -1 || a.len != b.len ||
		    memcmp(a.p, b.p, a.len) != 0)
			abort();
		json_decref(w);
	}
	if (audit_leaf_from_event(v, &row, &lh, &e) == 0 &&
	    audit_leaf_hash(&row, &a, &lh2, &e) == 0) {
		if ((ev = audit_leaf_event(&row, &lh2)) == NULL ||
		    audit_leaf_from_event(ev, &row2, &lh3, &e) == -1 ||
		    audit_leaf_hash(&row2, &b, &lh3, &e) == -1 ||
		    memcmp(lh2.b, lh3.b, MERKLE_HASH_LEN) != 0)
			abort();
		json_decref(ev);
	}
	json_decref(v);
	jcs_buf_free(&a);
	jcs_buf_free(&b);
	return 0;
}
