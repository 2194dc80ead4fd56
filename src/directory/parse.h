/*
 * parse.h -- reading the 2FA Directory's JSON shapes.
 *
 * Why: the same data reaches Kaito in four shapes, and each must import:
 *   DIR_DOC_SNAPSHOT  {"<domain>": {"name": ..., "domain": ..., ...}}
 *                     (../shared/data/2fa-directory/entries.json)
 *   DIR_DOC_ENTRY     {"<Name>": {"domain": ..., ...}}, one upstream
 *                     entries/<c>/<domain>.json file
 *   DIR_DOC_V3        [["<Name>", {... "keywords": [...] ...}], ...]
 *                     (api.2fa.directory/v3/all.json, tfa.json, <method>.json)
 *   DIR_DOC_V4        {"<domain>": {"methods": [...], ...}}
 *                     (api.2fa.directory/v4/all.json, <method>.json); no
 *                     names, categories or regions, and one key per
 *                     additional domain.
 * The shape is told from the document: an array is v3; an object whose
 * first value has a "domain" is an entry file (one key, no "name") or a
 * snapshot; any other object is v4.
 *
 * OUTPUT: each entry is validated (validate.h) and handed to a visitor
 *     with its name, domain and the entry object in canonical form (v3's
 *     "keywords" renamed "categories"; the snapshot's "name" removed). A
 *     broken entry, or a second entry for a domain already seen, goes to
 *     the report's skip callback instead, and parsing goes on.
 */
#ifndef KAITO_DIRECTORY_PARSE_H
#define KAITO_DIRECTORY_PARSE_H

#include <stddef.h>

#include <jansson.h>

#include "directory/entry.h"
#include "util/errbuf.h"

enum dir_doc {
	DIR_DOC_SNAPSHOT,
	DIR_DOC_ENTRY,
	DIR_DOC_V3,
	DIR_DOC_V4
};

struct dir_report {
	size_t seen;		/* entries looked at */
	size_t accepted;	/* handed to the visitor */
	size_t skipped;		/* reported and left out */
	/* Called for each skipped entry; name is the best name known (the
	 * entry's name, its key, or "#<index>"). May be NULL. */
	void (*skip)(void *arg, const char *name, const char *reason);
	void *arg;
};

/* The visitor: name and domain are borrowed for the call; obj is the
 * canonical entry (borrowed). Return 0 to go on, -1 to stop the walk. */
typedef int (*dir_visit_fn)(void *arg, const char *name, const char *domain,
    json_t *obj, enum dir_shape shape);

/*
 * Walk every entry of doc. Returns 0 (with *kind set), or -1 with e set
 * when doc has no known shape, holds more than LIMIT_DIR_ENTRIES entries,
 * or the visitor stopped the walk.
 */
int dir_doc_walk(json_t *doc, enum dir_doc *kind, dir_visit_fn fn, void *arg,
    struct dir_report *rep, struct errbuf *e);

/* Parse text (len bytes, need not be NUL-terminated) as JSON, allowing
 * \u0000 so that one bad string fails its entry, not the document.
 * Returns the document or NULL with e set. */
json_t *dir_doc_load(const char *text, size_t len, struct errbuf *e);

/* A name for a kind ("snapshot", "entry file", "API v3", "API v4"). */
const char *dir_doc_name(enum dir_doc kind);

/*
 * Validate obj and add it to set as a new entry (strings copied into the
 * set's arena, domain lower-cased). Returns 0, or -1 with e set (a broken
 * entry, or out of memory).
 */
int dir_set_add_json(struct dir_set *set, const char *name,
    const char *domain, json_t *obj, enum dir_shape shape, struct errbuf *e);

#endif
