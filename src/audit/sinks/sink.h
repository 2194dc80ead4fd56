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

#include "audit/event.h"
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
	int healthy;			/* no failure since the last ack */
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

/* Where a new sink's cursor starts: the whole log, or only what comes. */
enum sink_start { SINK_START_BEGINNING, SINK_START_END };

/* The members of a definition that are not settings. */
struct sink_meta {
	const char *name;		/* borrowed from the definition; NULL:
					   absent */
	int enabled;			/* 1 or 0; -1: absent */
	int start;			/* enum sink_start; -1: absent */
};

/* Check a definition's "name", "enabled" and "start" (create: name and
 * type are required). Returns 0, or -1 with e naming the field. */
int sink_meta_check(const json_t *obj, int create, struct sink_meta *m,
    struct errbuf *e);

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

/* --- changes (change.c) ------------------------------------------------ */

/* Outcomes of a change's job, besides 0 and the STORE_* codes. */
#define SINK_ETOOMANY	10	/* LIMIT_SINKS reached */
#define SINK_ECHANGED	11	/* the row changed since it was read */
#define SINK_ESOURCE	12	/* the row belongs to the other source */

/* A change to the sinks table, built by sink_change_prepare() and run in
 * a writer job by sink_change_create/update/delete. */
struct sink_change {
	int64_t id;			/* the sink; set by create */
	int64_t version;		/* the version it was read at; 0 any */
	char name[LIMIT_NAME + 1];	/* "" keeps the name */
	char type[SINK_TYPE_MAX + 1];
	char *config;			/* owned: the settings as JSON text */
	json_t *secrets;		/* owned: the secret members, or NULL */
	int set_secrets;		/* store .secrets (sealed) */
	int enabled;			/* 1 or 0; -1 keeps it */
	int start;			/* create: enum sink_start */
	const char *source;		/* static: "api" or "file"; for update
					   and delete, the source the row must
					   have (NULL: any) */
	json_t *fields;			/* owned: names of the changed fields */
};

/*
 * Check a definition (obj) and build the change: a new sink when row is
 * NULL, else a change of row. With replace, obj is the whole new
 * definition (the sinks file); without, it is laid over the row's
 * settings and secrets (PATCH; a null member removes a setting). The
 * caller sets c->source. Returns 0, or -1 with e set naming the field
 * (never quoting a secret).
 */
int sink_change_prepare(const json_t *obj, const struct sink_row *row,
    int replace, struct sink_change *c, struct errbuf *e);

/* Release what c owns, wiping the secrets. NULL-safe. */
void sink_change_clear(struct sink_change *c);

/*
 * Writer-job bodies: change the sinks table as c says and fill the audit
 * event's target and details (type, fields changed; no secret values).
 * Return 0, STORE_NOTFOUND, STORE_CONFLICT (name taken), a SINK_E* code,
 * or -1.
 */
int sink_change_create(struct store *st, struct sink_change *c,
    struct audit_event *ev);
int sink_change_update(struct store *st, struct sink_change *c,
    struct audit_event *ev);
int sink_change_delete(struct store *st, struct sink_change *c,
    struct audit_event *ev);

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
