/*
 * form.h -- application/x-www-form-urlencoded bodies, decoded with caps.
 *
 * Why: Twilio posts its webhooks as HTML forms, and its signature covers
 * the decoded names and values, so every field must be decoded exactly
 * as the WHATWG URL standard says ('+' is a space, "%XX" a byte) and
 * kept in order, duplicates included. An attacker chooses the body, so
 * the field count and each name's length are capped, a malformed escape
 * is an error rather than a guess, and the decoded copies (which hold
 * the text of an SMS, a one-time code) are wiped by form_free().
 */
#ifndef KAITO_FORM_H
#define KAITO_FORM_H

#include <stddef.h>

#include "kaito_limits.h"
#include "util/errbuf.h"

struct form_field {
	const char *name;	/* into form.buf; NUL-terminated */
	size_t name_len;
	const char *value;	/* into form.buf; NUL-terminated */
	size_t value_len;
};

struct form {
	struct form_field f[LIMIT_SMS_FORM_FIELDS];	/* in body order */
	size_t n;
	char *buf;		/* owned; decoded names and values */
	size_t buf_len;		/* allocated, wiped on free */
};

/*
 * Parse n bytes of s (not NUL-terminated) into *f. Pairs are split at
 * '&'; empty pairs are skipped; a pair without '=' is a name with an
 * empty value (as browsers read it). Refused, with e set: more than
 * LIMIT_SMS_FORM_FIELDS fields, a name longer than LIMIT_SMS_FORM_NAME
 * bytes, an empty name, a '%' without two hex digits, and a NUL byte,
 * raw or as "%00" (names and values are C strings too).
 * Returns 0, or -1 (f is then empty, nothing to free); on success free
 * with form_free().
 */
int form_parse(const char *s, size_t n, struct form *f, struct errbuf *e);

/* The first field called name, or NULL. *count (may be NULL) receives
 * how many fields have that name. */
const struct form_field *form_get(const struct form *f, const char *name,
    size_t *count);

/* Wipe and free the decoded copies. NULL-safe; f is left empty. */
void form_free(struct form *f);

#endif
