/*
 * store/directory.h -- the 2FA Directory dataset and Kaito's annotations.
 *
 * Why: the dataset is kept in the database (not read from files at start)
 * so every node of a cluster serves the same data and a sync is one
 * transaction: readers see the old dataset or the new one, never half.
 * Annotations live in their own table so no import or sync touches them.
 *
 * GENERATION: every import or sync writes its rows with a new generation
 *     number, removes the rows of older generations (a full replace) and
 *     records the number in directory_state, which is how a running server
 *     notices that it should reload (catalog.h).
 */
#ifndef KAITO_STORE_DIRECTORY_H
#define KAITO_STORE_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_DIR_HASH	32

struct store_dir_row {
	const char *domain;		/* borrowed, for the call */
	const char *name;
	int shape;			/* enum dir_shape */
	const char *entry;		/* canonical JSON */
	unsigned char hash[STORE_DIR_HASH];	/* of entry */
	char changed_on[11];		/* YYYY-MM-DD or "" */
	/* Annotations (loads only; NULL when none). */
	const char *admin_notes;
	const char *sharing_notes;
	const char *verified_on;
	const char *verified_by;
};

struct store_dir_state {
	int64_t generation;		/* 0: nothing imported yet */
	char source[512];
	int64_t imported_at;
	int64_t entries;
	char sync_url[512];		/* "" unless last written by sync */
	char etag[257];
	char last_modified[64];
};

/* The state row. Returns 0, STORE_NOTFOUND (never imported) or -1. */
int store_dir_state_get(struct store *st, struct store_dir_state *s);

/* Write the state row (insert or replace). Returns 0 or -1. */
int store_dir_state_put(struct store *st, const struct store_dir_state *s);

/* Only the generation (0 when never imported); cheap. Returns 0 or -1. */
int store_dir_generation(struct store *st, int64_t *gen);

/* The stored hash and change date of domain. Returns 0, STORE_NOTFOUND
 * or -1. */
int store_dir_entry_prev(struct store *st, const char *domain,
    unsigned char hash[STORE_DIR_HASH], char changed_on[11]);

/* Insert or replace a row, marking it with generation gen. Returns 0 or
 * -1. */
int store_dir_entry_put(struct store *st, const struct store_dir_row *row,
    int64_t gen);

/* Delete the rows not written by generation gen; *removed gets how many.
 * Returns 0 or -1. */
int store_dir_prune(struct store *st, int64_t gen, int64_t *removed);

/* Number of entries. Returns 0 or -1. */
int store_dir_count(struct store *st, int64_t *n);

/* Call fn for every row with its annotations, in name order; fn returns
 * 0 to go on or -1 to stop (then this returns -1). The row's strings are
 * valid during the call only. Returns 0 or -1. */
int store_dir_load(struct store *st,
    int (*fn)(void *arg, const struct store_dir_row *row), void *arg);

/*
 * Set annotations of domain. admin_notes and sharing_notes: NULL keeps
 * the old value. set_verified: when 1, verified_on (NULL clears) and
 * verified_by are written. Returns 0 or -1.
 */
int store_dir_annotate(struct store *st, const char *domain,
    const char *admin_notes, const char *sharing_notes, int set_verified,
    const char *verified_on, const char *verified_by, int64_t now);

#endif
