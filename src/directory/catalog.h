/*
 * catalog.h -- the dataset as a running server (or a CLI command) holds
 * it in memory: the entries with their annotations, and the search index.
 *
 * Why: searching must not touch the database, and an import or sync made
 * by another process (the CLI) must show up in a running server without
 * a restart and without readers ever seeing half a dataset.
 *
 * THREADS: a catalog is immutable once loaded and reference-counted.
 *     dir_catalog_current() hands out a reference to the newest one; the
 *     reader drops it with dir_catalog_release() when its response is
 *     built. A reload builds the new catalog off to the side (in the
 *     request thread that noticed the change, others keep the old one),
 *     then swaps the pointer under a mutex held for a few instructions;
 *     the old catalog is freed by whoever drops the last reference.
 * FRESHNESS: dir_catalog_current() reads the store's generation at most
 *     once a second (DIR_CATALOG_CHECK_MS) and reloads when it changed.
 */
#ifndef KAITO_DIRECTORY_CATALOG_H
#define KAITO_DIRECTORY_CATALOG_H

#include <stdatomic.h>
#include <stdint.h>

#include "directory/entry.h"
#include "directory/search.h"
#include "store/store.h"
#include "util/errbuf.h"

#define DIR_CATALOG_CHECK_MS	1000

struct dir_catalog {
	atomic_int refs;
	struct dir_set *set;		/* owned */
	struct dir_index idx;		/* owned; over set */
	int64_t generation;		/* of the store when loaded; 0: empty */
	int64_t imported_at;		/* unix time of that import */
	char source[512];		/* file or URL it came from */
	size_t bad_rows;		/* rows refused on load */
};

/* Load the dataset in st (one read transaction). Returns a catalog with
 * one reference, or NULL with e set. An empty database gives an empty
 * catalog. */
struct dir_catalog *dir_catalog_load(struct store *st, struct errbuf *e);

/* Drop a reference; frees on the last one. NULL-safe; NULLs *cp. */
void dir_catalog_release(struct dir_catalog **cp);

/* Server: load from st and make it current. Returns 0 or -1 (logged). */
int dir_catalog_start(struct store *st);

/* Server: a reference to the current catalog (reloading first when the
 * store moved on), or NULL before dir_catalog_start. Release it. */
struct dir_catalog *dir_catalog_current(void);

/* Server: drop the current catalog (at shutdown). */
void dir_catalog_stop(void);

#endif
