/*
 * fuzz_directory.c -- libFuzzer harness for the 2FA Directory parser:
 * shape detection, schema-rule validation, conversion, the search index,
 * search itself and the JSON view.
 *
 * Properties checked on top of memory safety: every entry that makes it
 * into a set has a valid domain and a score from 1 to 5; the set's entry
 * count equals what the report accepted; searching for each entry's own
 * domain finds that entry first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "directory/parse.h"
#include "directory/search.h"
#include "directory/validate.h"
#include "directory/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
visit(void *arg, const char *name, const char *domain, json_t *obj,
    enum dir_shape shape)
{
	struct errbuf e;

	if (dir_set_add_json(arg, name, domain, obj, shape, &e) == -1)
		abort();	/* the walk validated it: it must convert */
	return 0;
}

static void
check_entry(const struct dir_index *idx, const struct dir_entry *d)
{
	struct dir_query q = { .q = d->domain, .method = -1 };
	struct dir_hit hit;
	size_t total;
	json_t *j;

	if (!dir_valid_domain(d->domain) || d->score < 1 || d->score > 5)
		abort();
	if (dir_search(idx, &q, &hit, 1, &total) == -1 || total == 0 ||
	    hit.entry != d)
		abort();
	j = dir_entry_json(d);
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dir_report rep = { 0 };
	struct dir_set *set;
	struct dir_index idx;
	struct errbuf e;
	enum dir_doc kind;
	json_t *doc;
	size_t i;

	if (size > 256 * 1024)
		return 0;
	if ((doc = dir_doc_load((const char *)data, size, &e)) == NULL)
		return 0;
	if ((set = dir_set_new()) == NULL)
		abort();
	if (dir_doc_walk(doc, &kind, visit, set, &rep, &e) == 0) {
		if (set->n != rep.accepted)
			abort();
		dir_set_finish(set);
		if (dir_index_build(&idx, set) == -1)
			abort();
		for (i = 0; i < set->n && i < 64; i++)
			check_entry(&idx, &set->entries[i]);
		dir_index_free(&idx);
	}
	dir_set_free(&set);
	json_decref(doc);
	return 0;
}
