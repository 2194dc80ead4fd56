/*
 * strmap.h -- a small open-addressing map from strings to indexes.
 *
 * Why: the directory looks names and domains up by exact key (duplicate
 * checks while parsing, exact matches while searching) thousands of times
 * per import and once or more per search; a hash map keeps both O(1)
 * without pulling in a library for it. Keys are borrowed: they must
 * outlive the map (they live in a dir_set's arena).
 */
#ifndef KAITO_DIRECTORY_STRMAP_H
#define KAITO_DIRECTORY_STRMAP_H

#include <stddef.h>

struct dir_strmap_slot {
	const char *key;	/* borrowed; NULL: empty slot */
	size_t val;
};

struct dir_strmap {
	struct dir_strmap_slot *slots;	/* owned; cap entries */
	size_t cap;			/* a power of two */
	size_t n;			/* keys held */
};

/* Start an empty map. Returns 0 or -1 (out of memory). */
int dir_strmap_init(struct dir_strmap *m, size_t expected);

/* Free the slots. NULL-safe on m->slots. */
void dir_strmap_free(struct dir_strmap *m);

/* Insert key -> val. Returns 0, 1 when key is there already (its value is
 * left alone and written to *old when old is not NULL), or -1 (OOM). */
int dir_strmap_put(struct dir_strmap *m, const char *key, size_t val,
    size_t *old);

/* Find key. Returns 0 with *val set, or -1. */
int dir_strmap_get(const struct dir_strmap *m, const char *key, size_t *val);

#endif
