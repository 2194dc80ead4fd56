/*
 * sink.h -- streaming the audit log to SIEMs: syslog (RFC 5424 or CEF)
 * over TCP, TLS or RELP, Splunk HEC, an HTTPS webhook, a JSON-lines file.
 *
 * Why: the audit log must reach the customer's SIEM even when the SIEM or
 * Kaito goes down, and the SIEM then holds every checkpoint: it is the
 * witness that makes a rewritten history detectable. The audit table is
 * the buffer: each sink has a cursor in the store (the highest seq its
 * receiver acknowledged), reads the durable rows after it in batches, in
 * seq order, and moves the cursor only on the receiver's acknowledgement.
 * Delivery is at least once; every event carries an id
 * ("<install id>:<seq>") for receivers to drop repeats. docs/audit.md
 * section 10 is the specification of the formats and guarantees.
 *
 * THREADS: one thread per enabled sink, one manager thread that starts
 *     and stops them when the sinks table changes (sink_engine_reload).
 *     None of them runs on an HTTP worker or the writer: the only work
 *     they hand the writer is a small cursor job per acknowledged batch.
 */
#ifndef KAITO_AUDIT_SINKS_SINK_H
#define KAITO_AUDIT_SINKS_SINK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/sinks.h"
#include "util/errbuf.h"

enum sink_type { SINK_SYSLOG, SINK_HEC, SINK_WEBHOOK, SINK_FILE };
enum sink_format { SINK_FMT_RFC5424, SINK_FMT_CEF };
enum sink_transport { SINK_TCP, SINK_TLS, SINK_RELP };

#define SINK_ERROR_MAX	256

/* A sink's state as the API and /metrics show it. */
struct sink_state {
	int64_t id;
	char name[LIMIT_NAME + 1];
	int enabled;
	int running;			/* its thread is up */
	int healthy;			/* the last attempt succeeded */
	uint64_t acked_seq;		/* everything up to it was taken */
	uint64_t head_seq;		/* the durable log's last seq */
	uint64_t lag_events;		/* head - acked */
	double lag_seconds;		/* age of the oldest event not taken */
	int64_t last_success_us;	/* last acknowledgement; 0 never */
	int64_t last_error_us;		/* 0 never */
	char last_error[SINK_ERROR_MAX];	/* "" none */
	unsigned long long delivered;	/* events acknowledged (this run) */
	unsigned long long errors;	/* failed attempts (this run) */
	unsigned long long retries;	/* batches sent again (this run) */
};

/* --- configuration (config.c) ------------------------------------------ */

/*
 * Check an API or file definition of a sink (a JSON object: "name",
 * "type", "enabled", "start" and the type's settings, secrets among
 * them) and split it: *config gets the settings that are not secret
 * (type included), *secrets those that are (NULL when none), both new
 * references. When base_config/base_secrets are given (a change), obj
 * is laid over them first. Returns 0, or -1 with e set to a message
 * naming the field (never quoting a secret).
 */
int sink_config_check(const json_t *obj, const json_t *base_config,
    const json_t *base_secrets, json_t **config, json_t **secrets,
    struct errbuf *e);

/* Seal secrets (a JSON object) for sink id into a new buffer; NULL
 * secrets give *out NULL. Returns 0 or -1. */
int sink_secrets_seal(int64_t id, const json_t *secrets, unsigned char **out,
    size_t *n);

/* Open a row's sealed secrets into a new JSON object (NULL when none).
 * Returns 0 or -1. */
int sink_secrets_open(const struct sink_row *row, json_t **secrets);

/* The names of the secret members ("token", ...) that a definition
 * may carry, NULL-terminated. */
extern const char *const sink_secret_keys[];

/* --- the engine (engine.c) ---------------------------------------------- */

/* Start the manager on its own connection to db_path; it starts a thread
 * per enabled sink. Needs the root key loaded (secrets) and the writer
 * running (cursors). Returns 0 or -1 with e set. */
int sink_engine_start(const char *db_path, struct errbuf *e);

/* The sinks table changed: start, restart or stop threads to match.
 * Returns at once (the manager does it). */
void sink_engine_reload(void);

/* Stop every sink (each persists its cursor first, bounded), then the
 * manager. Call before writer_stop(). */
void sink_engine_stop(void);

/*
 * Fill *out for the sink of row: from the engine when it runs the sink,
 * else from the row (disabled, or no engine). st (the caller's
 * connection) looks up the age of the oldest event not taken.
 */
void sink_engine_state(struct store *st, const struct sink_row *row,
    struct sink_state *out);

/* The state of every sink in the table, in id order, into a new array
 * (caller frees; *n may be 0). Returns 0 or -1. */
int sink_engine_states(struct store *st, struct sink_state **out,
    size_t *n);

/* --- the sinks file (file.c) ------------------------------------------- */

/*
 * Make the sinks table hold what the JSON file at path defines
 * ({"sinks":[definition...]}): create the sinks it names that are not in
 * the table, change those that differ, delete the file sinks it no longer
 * names; each change audited (audit.sink.create/update/delete, actor
 * cli). Sinks made through the API are left alone; a name used by one is
 * an error. Runs before the writer starts, on st. Returns 0 or -1 with e
 * set.
 */
int sink_file_apply(struct store *st, const char *path, struct errbuf *e);

#endif
