/*
 * validate.h -- the 2FA Directory's schema rules, checked entry by entry.
 *
 * Why: the dataset comes from the network or from a file an operator
 * hands us, and every string in it ends up in HTML, JSON and terminals.
 * Each entry is checked on its own, so a bad one is reported (its name and
 * the first rule it breaks) and skipped while the rest import.
 *
 * RULES (DIR_SHAPE_ENTRY): upstream tests/schemas/entries.json (draft-07),
 *     as in ../shared/data/2fa-directory/schema.json: known keys only
 *     (plus custom-<word>, and the snapshot's "name"); domain and
 *     categories required; exactly one of tfa and contact; tfa, regions,
 *     categories, additional-domains, custom-* non-empty arrays of unique
 *     items; the method enum; notes of 10 characters or more;
 *     documentation, recovery and notes only with tfa; custom-software
 *     and custom-hardware only when tfa lists them; contact keys and
 *     formats, never both email and form.
 * RULES (DIR_SHAPE_V4): upstream tests/schemas/APIv4.json: the key is a
 *     host name, only methods, custom-software, custom-hardware,
 *     documentation, recovery, notes (and contact, which newer API
 *     builds add); methods from the enum, unique.
 * STRICTER THAN UPSTREAM, and why: every string is NUL-free, free of
 *     control characters and at most LIMIT_DIR_STRING bytes, arrays at
 *     most LIMIT_DIR_ARRAY items (caps); links (documentation, recovery,
 *     url, contact form) must be http or https (they become links on our
 *     pages, and "javascript:" is a valid URI); every additional domain
 *     is checked, not only the first (draft-07 tuple "items"); a domain
 *     needs a dot (it is a path segment of /directory/{domain}).
 */
#ifndef KAITO_DIRECTORY_VALIDATE_H
#define KAITO_DIRECTORY_VALIDATE_H

#include <stddef.h>

#include <jansson.h>

#include "directory/entry.h"
#include "util/errbuf.h"

/*
 * Check entry (a JSON value) against the rules of shape. For
 * DIR_SHAPE_V4, key is the domain it is filed under. name is the
 * display name (snapshot, v3, entry files), or NULL for v4. Returns 0,
 * or -1 with the first broken rule in e ("tfa[1]: unknown method 'x'").
 */
int dir_validate(const char *name, const char *key, json_t *entry,
    enum dir_shape shape, struct errbuf *e);

/* Host name (RFC 1123 labels, 253 bytes at most) with at least one dot. */
int dir_valid_domain(const char *s);

/* An absolute http:// or https:// URI of printable ASCII. */
int dir_valid_http_uri(const char *s);

/* YYYY-MM-DD with a plausible month and day. */
int dir_valid_date(const char *s);

#endif
