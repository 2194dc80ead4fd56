/*
 * datadir.h -- opening the data directory for a command.
 *
 * Why: `serve` and every operator command (user add, group add, ...)
 * start the same way: find the directory, load the root key, open the
 * database (applying migrations) and check that the key fits it. Doing it
 * in one place gives every command the same clear errors.
 *
 * LAYOUT: DIR/root.key (32 bytes, 0600), DIR/kaito.db (+ -wal, -shm).
 */
#ifndef KAITO_CLI_DATADIR_H
#define KAITO_CLI_DATADIR_H

#include <limits.h>

#include "store/store.h"

#define DATADIR_KEY	"root.key"
#define DATADIR_DB	"kaito.db"

struct datadir {
	char dir[PATH_MAX];
	char key_path[PATH_MAX];
	char db_path[PATH_MAX];
	struct store *st;		/* owned; the command's connection */
};

/* Open cli_data_dir(): key, database, key check. Prints the error and
 * returns -1 on failure. */
int datadir_open(struct datadir *d);

/* Close the store and unload the keys. */
void datadir_close(struct datadir *d);

/* Fill the paths only (for init). Returns 0 or -1 (printed). */
int datadir_paths(struct datadir *d);

#endif
