/*
 * dirimport.h -- what `kaito directory import` and `kaito directory sync`
 * share: reading dataset files into an import, and committing it.
 *
 * Why: both end the same way (validate, report skips on stderr, write
 * through the writer with an audit event, print the counts), and only
 * differ in where the JSON comes from.
 */
#ifndef KAITO_CLI_DIRIMPORT_H
#define KAITO_CLI_DIRIMPORT_H

#include "cli/datadir.h"
#include "directory/import.h"

/* Set up imp to report skipped entries and progress on stderr. */
void dirimport_init(struct dir_import *imp, const char *source,
    const char *action);

/* Add a document given as text (name labels errors). Returns 0 or -1
 * (printed). */
int dirimport_text(struct dir_import *imp, const char *name,
    const char *text, size_t len);

/*
 * Add FILE, or DIR: DIR/entries.json when there is one, else every *.json
 * under DIR (an upstream entries/ tree). A last-modified.json beside the
 * snapshot gives the change dates. Returns 0 or -1 (printed).
 */
int dirimport_path(struct dir_import *imp, const char *path);

/* Write imp through the writer on d's store and print the counts.
 * Returns an EXIT_* code. */
int dirimport_commit(struct datadir *d, struct dir_import *imp);

#endif
