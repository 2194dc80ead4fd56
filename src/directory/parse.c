/*
 * parse.c -- telling the dataset's JSON shapes apart and walking their
 * entries; see parse.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory/parse.h"
#include "directory/strmap.h"
#include "directory/validate.h"
#include "kaito_limits.h"

/* State of one walk. */
struct walk {
	enum dir_doc kind;
	dir_visit_fn fn;
	void *arg;
	struct dir_report *rep;
	struct dir_strmap seen;		/* domain -> index, for duplicates */
	char (*domains)[254];		/* owned: keys of seen */
	size_t ndomains;
};

json_t *
dir_doc_load(const char *text, size_t len, struct errbuf *e)
{
	json_error_t err;
	json_t *doc;

	if ((doc = json_loadb(text, len, JSON_ALLOW_NUL, &err)) == NULL)
		errbuf_set(e, "not valid JSON (line %d, column %d)", err.line,
		    err.column);
	return doc;
}

const char *
dir_doc_name(enum dir_doc kind)
{
	switch (kind) {
	case DIR_DOC_SNAPSHOT:
		return "snapshot";
	case DIR_DOC_ENTRY:
		return "entry file";
	case DIR_DOC_V3:
		return "API v3";
	case DIR_DOC_V4:
		return "API v4";
	}
	return "?";
}

static void
skip(struct walk *w, const char *name, const char *reason)
{
	w->rep->skipped++;
	if (w->rep->skip != NULL)
		w->rep->skip(w->rep->arg, name, reason);
}

/* Remember domain; 1 if it was seen before. -1 on OOM. */
static int
seen_before(struct walk *w, const char *domain)
{
	char *copy = w->domains[w->ndomains];
	size_t i;

	for (i = 0; domain[i] != '\0' && i < 253; i++)
		copy[i] = (char)tolower((unsigned char)domain[i]);
	copy[i] = '\0';
	switch (dir_strmap_put(&w->seen, copy, w->ndomains, NULL)) {
	case 0:
		w->ndomains++;
		return 0;
	case 1:
		return 1;
	default:
		return -1;
	}
}

/* Canonical form of an entry-shaped object: a shallow copy without
 * "name", with "keywords" (v3) renamed "categories" and domain lower. */
static json_t *
canonical(json_t *obj, const char *domain)
{
	json_t *c = json_copy(obj);
	json_t *kw;

	if (c == NULL)
		return NULL;
	json_object_del(c, "name");
	if ((kw = json_object_get(c, "keywords")) != NULL &&
	    json_object_get(c, "categories") == NULL) {
		json_object_set(c, "categories", kw);
		json_object_del(c, "keywords");
	}
	if (domain != NULL && json_is_string(json_object_get(c, "domain")))
		json_object_set_new(c, "domain", json_string(domain));
	return c;
}

/* Validate one entry and hand it on, or report it. 0, or -1 to stop. */
static int
one(struct walk *w, const char *name, const char *key, json_t *obj,
    enum dir_shape shape)
{
	const char *domain, *label = name ? name : key;
	struct errbuf e = { "" };
	json_t *c = NULL;
	int rc = 0, dup;

	w->rep->seen++;
	if (json_is_object(obj))
		c = shape == DIR_SHAPE_V4 ? json_incref(obj) :
		    canonical(obj, NULL);
	if (c == NULL && json_is_object(obj))
		return errbuf_set(&e, "out of memory");
	if (dir_validate(name, key, c ? c : obj, shape, &e) == -1) {
		skip(w, label, e.msg);
		goto out;
	}
	domain = shape == DIR_SHAPE_V4 ? key :
	    json_string_value(json_object_get(c, "domain"));
	if (w->kind == DIR_DOC_SNAPSHOT && strcasecmp(key, domain) != 0) {
		skip(w, label, "filed under a key other than its domain");
		goto out;
	}
	if ((dup = seen_before(w, domain)) != 0) {
		if (dup == -1) {
			rc = -1;
			goto out;
		}
		skip(w, label, "a second entry for a domain already seen");
		goto out;
	}
	domain = w->domains[w->ndomains - 1];
	if (shape != DIR_SHAPE_V4)
		json_object_set_new(c, "domain", json_string(domain));
	w->rep->accepted++;
	rc = w->fn(w->arg, shape == DIR_SHAPE_V4 ? domain : name, domain, c,
	    shape);
out:
	json_decref(c);
	return rc;
}

static int
walk_v3(struct walk *w, json_t *doc)
{
	char label[32];
	json_t *item, *name;
	size_t i;

	json_array_foreach(doc, i, item) {
		name = json_array_get(item, 0);
		if (!json_is_array(item) || json_array_size(item) != 2 ||
		    !json_is_string(name)) {
			w->rep->seen++;
			snprintf(label, sizeof(label), "#%zu", i);
			skip(w, label, "not a [name, entry] pair");
			continue;
		}
		if (one(w, json_string_value(name), NULL,
		    json_array_get(item, 1), DIR_SHAPE_ENTRY) == -1)
			return -1;
	}
	return 0;
}

static int
walk_object(struct walk *w, json_t *doc)
{
	const char *key, *name;
	json_t *v;

	json_object_foreach(doc, key, v) {
		name = key;
		if (w->kind == DIR_DOC_SNAPSHOT)
			name = json_string_value(json_object_get(v, "name"));
		if (one(w, name, key, v, w->kind == DIR_DOC_V4 ?
		    DIR_SHAPE_V4 : DIR_SHAPE_ENTRY) == -1)
			return -1;
	}
	return 0;
}

/* Tell the shape of doc (see parse.h). */
static int
doc_kind(json_t *doc, enum dir_doc *kind)
{
	json_t *first;
	void *it;

	if (json_is_array(doc)) {
		*kind = DIR_DOC_V3;
		return 0;
	}
	if (!json_is_object(doc))
		return -1;
	it = json_object_iter(doc);
	first = it ? json_object_iter_value(it) : NULL;
	if (json_is_object(first) && json_object_get(first, "domain")) {
		*kind = json_object_size(doc) == 1 &&
		    json_object_get(first, "name") == NULL ?
		    DIR_DOC_ENTRY : DIR_DOC_SNAPSHOT;
	} else
		*kind = DIR_DOC_V4;
	return 0;
}

int
dir_doc_walk(json_t *doc, enum dir_doc *kind, dir_visit_fn fn, void *arg,
    struct dir_report *rep, struct errbuf *e)
{
	struct walk w = { .fn = fn, .arg = arg, .rep = rep };
	size_t n;
	int rc = -1;

	if (doc_kind(doc, &w.kind) == -1)
		return errbuf_set(e, "neither a 2FA Directory entry file, "
		    "snapshot, nor an API v3 or v4 file");
	n = json_is_array(doc) ? json_array_size(doc) : json_object_size(doc);
	if (n > LIMIT_DIR_ENTRIES)
		return errbuf_set(e, "more than %d entries", LIMIT_DIR_ENTRIES);
	if (dir_strmap_init(&w.seen, n) == -1 ||
	    (w.domains = calloc(n ? n : 1, sizeof(*w.domains))) == NULL) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	if ((w.kind == DIR_DOC_V3 ? walk_v3(&w, doc) :
	    walk_object(&w, doc)) == -1) {
		errbuf_set(e, "stopped after %zu entries", rep->seen);
		goto out;
	}
	*kind = w.kind;
	rc = 0;
out:
	dir_strmap_free(&w.seen);
	free(w.domains);
	return rc;
}
