/*
 * import.h -- turning dataset documents into database rows, as one
 * writer job.
 *
 * Why: `kaito directory import` and `kaito directory sync` do the same
 * thing once they hold the JSON: validate every entry (reporting and
 * skipping the bad ones), note which entries changed since the last
 * import, and replace the dataset in one transaction, audited, through
 * the writer (so a server writing at the same time is never bypassed).
 *
 * CHANGE DATES: an entry's changed_on is, in order: the date the
 *     snapshot's last-modified.json gives for its domain
 *     (last_targeted_commit, the last commit that edited it on its own,
 *     else last_commit); the stored date when its content did not change;
 *     otherwise the day of this import (a sync records dates as it sees
 *     changes).
 * REPLACE OR MERGE: an import replaces the whole dataset (entries missing
 *     from it are removed) unless merge is set or the document is a single
 *     entry file. Annotations are never touched.
 */
#ifndef KAITO_DIRECTORY_IMPORT_H
#define KAITO_DIRECTORY_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "audit/event.h"
#include "directory/parse.h"
#include "store/directory.h"
#include "store/store.h"

struct dir_item {
	char *name;			/* owned */
	char *domain;			/* owned */
	int shape;
	char *json;			/* owned; canonical, sorted keys */
	unsigned char hash[STORE_DIR_HASH];
};

struct dir_import {
	/* Set by the caller. */
	const char *source;		/* file or URL, for the state row */
	const char *action;		/* audit action, static */
	int merge;			/* keep entries this import lacks */
	json_t *dates;			/* owned; last-modified.json */
	char today[11];			/* YYYY-MM-DD (UTC) */
	const char *sync_url;		/* validators to record (sync) */
	const char *etag;
	const char *last_modified;
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;

	/* Filled by dir_import_add. */
	struct dir_item *items;		/* owned */
	size_t n, cap;
	struct dir_report rep;		/* counts; set rep.skip to hear */
	int single;			/* only entry files were added */
	int saw_collection;

	/* Filled by the job. */
	size_t changed, unchanged;
	int64_t removed, generation, entries;
};

/* Start an import (zeroes it; sets today). */
void dir_import_init(struct dir_import *imp, const char *source,
    const char *action);

/* Free the items and the dates. */
void dir_import_clear(struct dir_import *imp);

/* Add every valid entry of doc. Returns 0, or -1 with e set (a document
 * of no known shape, too many entries, out of memory). */
int dir_import_add(struct dir_import *imp, json_t *doc, struct errbuf *e);

/* Load a last-modified.json text into imp->dates. Returns 0 or -1. */
int dir_import_dates(struct dir_import *imp, const char *text, size_t len,
    struct errbuf *e);

/* The writer job's run function (arg is the struct dir_import). */
int dir_import_run(struct store *st, void *arg, struct audit_event *ev);

#endif
