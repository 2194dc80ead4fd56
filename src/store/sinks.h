/*
 * store/sinks.h -- the SIEM sinks: their settings, sealed secrets and
 * cursors.
 *
 * Why: one header for every query on the sinks table (schema v6). The
 * store only moves the sealed secrets: they are sealed and opened in
 * audit/sinks/config.c with the row's id bound in ("sinks:<id>:secret");
 * a row is inserted first and sealed by the same writer job once its id
 * is known, as inboxes are.
 *
 * CURSOR: acked_seq is the highest seq the sink's receiver acknowledged;
 *     every row up to it was taken. It only grows (store_sink_cursor_set
 *     keeps the larger value), so a late cursor job cannot move it back.
 *     Any future pruning of audit rows must keep what lies above
 *     store_sink_min_acked().
 */
#ifndef KAITO_STORE_SINKS_H
#define KAITO_STORE_SINKS_H

#include <stddef.h>
#include <stdint.h>

#include "kaito_limits.h"
#include "store/store.h"

#define SINK_TYPE_MAX	16	/* "syslog", "webhook", ... */
#define SINK_SOURCE_MAX	8	/* "api", "file" */

/* A sink's row. Owns config and sealed; clear with store_sink_row_clear. */
struct sink_row {
	int64_t id;
	char name[LIMIT_NAME + 1];
	char type[SINK_TYPE_MAX + 1];
	char *config;			/* owned: the JSON object's text */
	unsigned char *sealed;		/* owned: sealed secrets, or NULL */
	size_t sealed_len;
	char source[SINK_SOURCE_MAX + 1];	/* "api" or "file" */
	int enabled;
	int64_t version;		/* +1 per change of the row */
	int64_t acked_seq;		/* the cursor */
	int64_t acked_at;		/* when it last moved (us); 0: never */
	int64_t created_at;		/* unix seconds */
	int64_t updated_at;
};

/* Free what row owns (wiping the sealed bytes) and zero it. */
void store_sink_row_clear(struct sink_row *row);

/* Fill *row for sink id (or by name, any case). Returns 0,
 * STORE_NOTFOUND or -1. */
int store_sink_get(struct store *st, int64_t id, struct sink_row *row);
int store_sink_get_by_name(struct store *st, const char *name,
    struct sink_row *row);

/* Call cb for every sink in id order; row is valid during the call only.
 * cb returns 0 to go on, -1 to stop (this then returns -1). 0 or -1. */
int store_sink_list(struct store *st,
    int (*cb)(void *arg, const struct sink_row *row), void *arg);

/* Insert a sink with its cursor at acked_seq (secrets left NULL for
 * store_sink_secret_set). Returns 0 with *id set, STORE_CONFLICT (the
 * name is taken) or -1. */
int store_sink_insert(struct store *st, const char *name, const char *type,
    const char *config, const char *source, int enabled, int64_t acked_seq,
    int64_t *id);

/* Replace the sealed secrets (NULL: none). Returns 0, STORE_NOTFOUND or
 * -1. Does not change the version: call it in the same job as an update
 * or insert. */
int store_sink_secret_set(struct store *st, int64_t id,
    const unsigned char *sealed, size_t n);

/* Change the name, config or enabled flag (NULL, NULL, -1 keep each) and
 * bump the version. Returns 0, STORE_NOTFOUND, STORE_CONFLICT or -1. */
int store_sink_update(struct store *st, int64_t id, const char *name,
    const char *config, int enabled);

/* How many sinks there are. Returns 0 or -1. */
int store_sink_count(struct store *st, int64_t *n);

/* Delete the sink. Returns 0, STORE_NOTFOUND or -1. */
int store_sink_delete(struct store *st, int64_t id);

/* Move the cursor forward to seq (never back). Returns 0 or -1 (a gone
 * sink is not an error). */
int store_sink_cursor_set(struct store *st, int64_t id, int64_t seq);

/* The lowest cursor of all sinks, or -1 when there is no sink: the
 * horizon below which audit rows could be pruned. Returns 0 or -1. */
int store_sink_min_acked(struct store *st, int64_t *seq);

/* The time (ts_us) of audit row seq. Returns 0, STORE_NOTFOUND or -1. */
int store_audit_time(struct store *st, int64_t seq, int64_t *ts_us);

#endif
