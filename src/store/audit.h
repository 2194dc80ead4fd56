/*
 * store/audit.h -- appending and reading audit rows.
 */
#ifndef KAITO_STORE_AUDIT_H
#define KAITO_STORE_AUDIT_H

#include <jansson.h>

#include "audit/event.h"
#include "store/store.h"

/* Append ev inside the current transaction; sets ev->seq (and ev->ts_us
 * when 0). Returns 0 or -1. */
int store_audit_append(struct store *st, struct audit_event *ev);

struct audit_filter {
	int64_t actor_id;	/* 0: any */
	const char *target_type;	/* NULL: any; with target_id */
	int64_t target_id;	/* 0: any */
	const char *action;	/* NULL: any; a trailing '*' matches a prefix */
	int64_t since_us;	/* 0: any; inclusive */
	int64_t until_us;	/* 0: any; exclusive */
	int64_t after_seq;	/* rows with seq > after_seq */
	int limit;		/* 1..LIMIT_AUDIT_PAGE */
};

/* Rows matching f in seq order, as an array of JSON objects with the
 * fields of the audit table (details parsed). Returns 0 with *rows set
 * (caller decrefs), or -1. */
int store_audit_list(struct store *st, const struct audit_filter *f,
    json_t **rows);

#endif
