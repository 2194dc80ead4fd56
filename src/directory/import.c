/*
 * import.c -- see import.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "directory/import.h"
#include "directory/validate.h"
#include "kaito_limits.h"

void
dir_import_init(struct dir_import *imp, const char *source,
    const char *action)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(imp, 0, sizeof(*imp));
	imp->source = source;
	imp->action = action;
	gmtime_r(&now, &tm);
	strftime(imp->today, sizeof(imp->today), "%Y-%m-%d", &tm);
}

void
dir_import_clear(struct dir_import *imp)
{
	size_t i;

	for (i = 0; i < imp->n; i++) {
		free(imp->items[i].name);
		free(imp->items[i].domain);
		free(imp->items[i].json);
	}
	free(imp->items);
	imp->items = NULL;
	imp->n = imp->cap = 0;
	json_decref(imp->dates);
	imp->dates = NULL;
}

static struct dir_item *
item_new(struct dir_import *imp)
{
	struct dir_item *ni;
	size_t ncap;

	if (imp->n >= LIMIT_DIR_ENTRIES)
		return NULL;
	if (imp->n == imp->cap) {
		ncap = imp->cap ? imp->cap * 2 : 512;
		if ((ni = realloc(imp->items, ncap * sizeof(*ni))) == NULL)
			return NULL;
		imp->items = ni;
		imp->cap = ncap;
	}
	memset(&imp->items[imp->n], 0, sizeof(imp->items[0]));
	return &imp->items[imp->n++];
}

static int
visit(void *arg, const char *name, const char *domain, json_t *obj,
    enum dir_shape shape)
{
	struct dir_import *imp = arg;
	struct dir_item *it;

	if ((it = item_new(imp)) == NULL)
		return -1;
	it->shape = shape;
	it->name = strdup(name);
	it->domain = strdup(domain);
	it->json = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	if (it->name == NULL || it->domain == NULL || it->json == NULL)
		return -1;	/* freed with the import */
	crypto_generichash(it->hash, sizeof(it->hash),
	    (const unsigned char *)it->json, strlen(it->json), NULL, 0);
	return 0;
}

/* A second entry for a domain from another document of the same import
 * (an upstream tree): keep the first, report the rest. */
static void
drop_duplicates(struct dir_import *imp, size_t from)
{
	size_t i, j, out = from;

	for (i = from; i < imp->n; i++) {
		for (j = 0; j < from; j++)
			if (strcmp(imp->items[j].domain, imp->items[i].domain)
			    == 0)
				break;
		if (j == from) {
			imp->items[out++] = imp->items[i];
			continue;
		}
		imp->rep.accepted--;
		imp->rep.skipped++;
		if (imp->rep.skip != NULL)
			imp->rep.skip(imp->rep.arg, imp->items[i].name,
			    "a second entry for a domain already seen");
		free(imp->items[i].name);
		free(imp->items[i].domain);
		free(imp->items[i].json);
	}
	imp->n = out;
}

int
dir_import_add(struct dir_import *imp, json_t *doc, struct errbuf *e)
{
	enum dir_doc kind;
	size_t before = imp->n;

	if (dir_doc_walk(doc, &kind, visit, imp, &imp->rep, e) == -1)
		return -1;
	if (kind != DIR_DOC_ENTRY)
		imp->saw_collection = 1;
	imp->single = !imp->saw_collection;
	/* Documents of one import are few and small except for the
	 * upstream tree, where each holds one entry: check it against the
	 * others only when there were others. */
	if (before > 0 && imp->n - before <= 1)
		drop_duplicates(imp, before);
	return 0;
}

int
dir_import_dates(struct dir_import *imp, const char *text, size_t len,
    struct errbuf *e)
{
	json_error_t err;

	json_decref(imp->dates);
	imp->dates = json_loadb(text, len, 0, &err);
	if (imp->dates == NULL || !json_is_object(imp->dates)) {
		json_decref(imp->dates);
		imp->dates = NULL;
		return errbuf_set(e, "last-modified.json: not a JSON object "
		    "(line %d)", err.line);
	}
	return 0;
}

/* The date last-modified.json gives for domain, or NULL. */
static const char *
date_from_file(json_t *dates, const char *domain)
{
	json_t *d = json_object_get(dates, domain);
	const char *s;

	s = json_string_value(json_object_get(d, "last_targeted_commit"));
	if (s == NULL || !dir_valid_date(s))
		s = json_string_value(json_object_get(d, "last_commit"));
	return s != NULL && dir_valid_date(s) ? s : NULL;
}

static int
put_item(struct store *st, struct dir_import *imp, struct dir_item *it,
    int64_t gen)
{
	struct store_dir_row row = { .domain = it->domain, .name = it->name,
	    .shape = it->shape, .entry = it->json };
	unsigned char prev[STORE_DIR_HASH];
	char prev_on[11] = "";
	const char *date;
	int rc, same;

	if ((rc = store_dir_entry_prev(st, it->domain, prev, prev_on)) == -1)
		return -1;
	same = rc == 0 && sodium_memcmp(prev, it->hash, sizeof(prev)) == 0;
	memcpy(row.hash, it->hash, sizeof(row.hash));
	if ((date = date_from_file(imp->dates, it->domain)) == NULL)
		date = same && prev_on[0] != '\0' ? prev_on : imp->today;
	snprintf(row.changed_on, sizeof(row.changed_on), "%s", date);
	if (same)
		imp->unchanged++;
	else
		imp->changed++;
	return store_dir_entry_put(st, &row, gen);
}

static int
write_state(struct store *st, struct dir_import *imp, int64_t gen)
{
	struct store_dir_state s;

	memset(&s, 0, sizeof(s));
	s.generation = gen;
	snprintf(s.source, sizeof(s.source), "%s", imp->source);
	s.imported_at = (int64_t)time(NULL);
	s.entries = imp->entries;
	if (imp->sync_url != NULL) {
		snprintf(s.sync_url, sizeof(s.sync_url), "%s", imp->sync_url);
		snprintf(s.etag, sizeof(s.etag), "%s",
		    imp->etag ? imp->etag : "");
		snprintf(s.last_modified, sizeof(s.last_modified), "%s",
		    imp->last_modified ? imp->last_modified : "");
	}
	return store_dir_state_put(st, &s);
}

int
dir_import_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct dir_import *imp = arg;
	int64_t gen;
	size_t i;

	if (store_dir_generation(st, &gen) == -1)
		return -1;
	imp->generation = ++gen;
	imp->changed = imp->unchanged = 0;
	for (i = 0; i < imp->n; i++) {
		if (put_item(st, imp, &imp->items[i], gen) == -1)
			return -1;
		if (imp->progress != NULL && (i + 1) % 500 == 0)
			imp->progress(imp->progress_arg, i + 1, imp->n);
	}
	imp->removed = 0;
	if (!imp->merge && !imp->single &&
	    store_dir_prune(st, gen, &imp->removed) == -1)
		return -1;
	if (store_dir_count(st, &imp->entries) == -1 ||
	    write_state(st, imp, gen) == -1)
		return -1;
	audit_event_target(ev, "directory", 0, imp->source);
	audit_event_detail(ev, "entries", json_integer(imp->entries));
	audit_event_detail(ev, "changed", json_integer((json_int_t)
	    imp->changed));
	audit_event_detail(ev, "skipped", json_integer((json_int_t)
	    imp->rep.skipped));
	audit_event_detail(ev, "removed", json_integer(imp->removed));
	return 0;
}
