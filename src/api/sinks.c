/*
 * sinks.c -- GET/POST /api/v1/audit/sinks and GET/PATCH/DELETE
 * /api/v1/audit/sinks/{id}: the SIEM sinks (administrators; the router
 * checks), and their one rendering as JSON (docs/api.md, "SIEM sinks").
 *
 * Why: an administrator points the audit log at the company's SIEM and
 * watches it arrive. A sink's definition is what POST takes; GET gives it
 * back with its settings as given, the names (never the values) of its
 * secrets, and its delivery state from the engine. Changes are writer
 * jobs with their audit events (audit/sinks/change.c), answered after
 * COMMIT, after which the engine restarts the sink. Sinks defined by the
 * sinks file are read-only here: the next start would undo a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/sinks/sink.h"
#include "http/respond.h"

/* The state object of a sink. */
static json_t *
state_json(const struct sink_state *s)
{
	return json_pack("{s:b, s:b, s:I, s:I, s:I, s:f, s:o, s:o, s:o, "
	    "s:I, s:I, s:I}",
	    "running", s->running,
	    "healthy", s->healthy,
	    "acked_seq", (json_int_t)s->acked_seq,
	    "head_seq", (json_int_t)s->head_seq,
	    "lag_events", (json_int_t)s->lag_events,
	    "lag_seconds", s->lag_seconds,
	    "last_success_at", s->last_success_us > 0 ?
	    json_integer(s->last_success_us / 1000000) : json_null(),
	    "last_error", s->last_error[0] != '\0' ?
	    json_string(s->last_error) : json_null(),
	    "last_error_at", s->last_error_us > 0 ?
	    json_integer(s->last_error_us / 1000000) : json_null(),
	    "delivered", (json_int_t)s->delivered,
	    "errors", (json_int_t)s->errors,
	    "retries", (json_int_t)s->retries);
}

/* The names of the secrets a sink holds (opening them to know). */
static json_t *
secret_names(const struct sink_row *row)
{
	json_t *sec = NULL, *names, *v;
	const char *key;

	if ((names = json_array()) == NULL)
		return NULL;
	if (sink_secrets_open(row, &sec) == -1)
		return names;		/* the state will say why */
	json_object_foreach(sec, key, v)
		json_array_append_new(names, json_string(key));
	json_decref(sec);		/* wiped by the jansson allocator */
	return names;
}

static json_t *
sink_json(struct store *st, const struct sink_row *row)
{
	struct sink_state s;
	json_t *o;

	if ((o = json_loads(row->config, 0, NULL)) == NULL ||
	    !json_is_object(o)) {
		json_decref(o);
		if ((o = json_object()) == NULL)
			return NULL;
	}
	sink_engine_state(st, row, &s);
	if (json_object_update_new(o, json_pack("{s:I, s:s, s:s, s:s, s:b, "
	    "s:o, s:o, s:I, s:I, s:I}",
	    "id", (json_int_t)row->id,
	    "name", row->name,
	    "type", row->type,
	    "source", row->source,
	    "enabled", row->enabled,
	    "secrets", secret_names(row),
	    "state", state_json(&s),
	    "version", (json_int_t)row->version,
	    "created_at", (json_int_t)row->created_at,
	    "updated_at", (json_int_t)row->updated_at)) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Read sink id and answer status with it. */
static int
sink_respond(struct req *r, int64_t id, int status)
{
	struct store *st = store_thread();
	struct sink_row row;
	int rc;

	if (st == NULL || (rc = store_sink_get(st, id, &row)) == -1)
		return respond_500(r);
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no sink %lld", (long long)id);
	rc = respond_json(r, status, sink_json(st, &row));
	store_sink_row_clear(&row);
	return rc;
}

static int
job_failed(struct req *r, int rc, int64_t id)
{
	switch (rc) {
	case -1:
		return respond_503(r);
	case STORE_NOTFOUND:
		return respond_404(r, "no sink %lld", (long long)id);
	case STORE_CONFLICT:
		return respond_409(r, "a sink with this name exists");
	case SINK_ETOOMANY:
		return respond_409(r, "there are %d sinks already, the most "
		    "there may be", LIMIT_SINKS);
	case SINK_ECHANGED:
		return respond_409(r, "the sink changed meanwhile; read it "
		    "again");
	case SINK_ESOURCE:
		return respond_409(r, "the sink is defined in the sinks file "
		    "(kaito serve --sinks); change it there");
	}
	return respond_500(r);
}

static void
change_free(void *arg)
{
	sink_change_clear(arg);
	free(arg);
}

/* --- GET /audit/sinks ----------------------------------------------------- */

struct list {
	struct sink_row *v;
	size_t n;
};

static int
list_add(void *arg, const struct sink_row *row)
{
	struct list *l = arg;
	struct sink_row *c = &l->v[l->n];

	if (l->n >= LIMIT_SINKS)
		return 0;
	*c = *row;
	c->sealed = NULL;
	if ((c->config = strdup(row->config)) == NULL)
		return -1;
	if (row->sealed != NULL) {
		if ((c->sealed = malloc(row->sealed_len)) == NULL)
			return -1;
		memcpy(c->sealed, row->sealed, row->sealed_len);
	}
	l->n++;
	return 0;
}

int
api_sinks_list(struct req *r)
{
	struct store *st = store_thread();
	struct list l = { NULL, 0 };
	json_t *a = NULL;
	size_t i;
	int rc;

	/* Rows first, then the state of each (it queries the store). */
	if (st == NULL || (l.v = calloc(LIMIT_SINKS, sizeof(*l.v))) == NULL ||
	    store_sink_list(st, list_add, &l) == -1 ||
	    (a = json_array()) == NULL) {
		rc = respond_500(r);
		goto out;
	}
	for (i = 0; i < l.n; i++)
		json_array_append_new(a, sink_json(st, &l.v[i]));
	rc = respond_json(r, 200, json_pack("{s:o}", "sinks", a));
	a = NULL;
out:
	json_decref(a);
	for (i = 0; i < l.n; i++)
		store_sink_row_clear(&l.v[i]);
	free(l.v);
	return rc;
}

/* --- POST /audit/sinks ---------------------------------------------------- */

static int
create_run(struct store *st, void *arg, struct audit_event *ev)
{
	return sink_change_create(st, arg, ev);
}

static int
create_finish(struct req *r, int rc)
{
	struct sink_change *c = r->job_arg;

	if (rc != 0)
		return job_failed(r, rc, c->id);
	sink_engine_reload();
	return sink_respond(r, c->id, 201);
}

int
api_sinks_create(struct req *r)
{
	struct sink_change *c;
	struct errbuf e;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return respond_500(r);
	if (sink_change_prepare(r->json, NULL, 0, c, &e) == -1) {
		free(c);
		return respond_400(r, "%s", e.msg);
	}
	c->source = "api";
	if (c->enabled == -1)
		c->enabled = 1;
	req_audit(r, "audit.sink.create");
	audit_event_target(&r->job.ev, "sink", 0, c->name);
	r->job.run = create_run;
	r->job.audit_failure = 1;
	r->job.auth_neutral = 1;
	return req_defer(r, c, change_free, create_finish);
}

/* --- GET /audit/sinks/{id} ------------------------------------------------ */

int
api_sink_get(struct req *r)
{
	return sink_respond(r, r->ids[0], 200);
}

/* --- PATCH and DELETE /audit/sinks/{id} ----------------------------------- */

/* The row of r->ids[0], made through the API; else the answer is queued
 * and -1 returned. */
static int
api_row_or_respond(struct req *r, struct sink_row *row)
{
	struct store *st = store_thread();
	int rc;

	memset(row, 0, sizeof(*row));
	if (st == NULL || (rc = store_sink_get(st, r->ids[0], row)) == -1)
		return respond_500(r), -1;
	if (rc == STORE_NOTFOUND)
		return respond_404(r, "no sink %lld", (long long)r->ids[0]),
		    -1;
	if (strcmp(row->source, "api") != 0) {
		store_sink_row_clear(row);
		return job_failed(r, SINK_ESOURCE, r->ids[0]), -1;
	}
	return 0;
}

static int
update_run(struct store *st, void *arg, struct audit_event *ev)
{
	return sink_change_update(st, arg, ev);
}

static int
update_finish(struct req *r, int rc)
{
	if (rc != 0)
		return job_failed(r, rc, r->ids[0]);
	sink_engine_reload();
	return sink_respond(r, r->ids[0], 200);
}

int
api_sink_patch(struct req *r)
{
	struct sink_change *c;
	struct sink_row row;
	struct errbuf e;
	int rc;

	if (json_object_get(r->json, "start") != NULL)
		return respond_400(r, "start: only when a sink is created");
	if (json_object_size(r->json) == 0)
		return respond_400(r, "nothing to change: send the fields to "
		    "change");
	if (api_row_or_respond(r, &row) == -1)
		return 0;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		store_sink_row_clear(&row);
		return respond_500(r);
	}
	rc = sink_change_prepare(r->json, &row, 0, c, &e);
	if (rc == -1) {
		store_sink_row_clear(&row);
		free(c);
		return respond_400(r, "%s", e.msg);
	}
	c->source = "api";
	req_audit(r, "audit.sink.update");
	audit_event_target(&r->job.ev, "sink", row.id, row.name);
	store_sink_row_clear(&row);
	r->job.run = update_run;
	r->job.audit_failure = 1;
	r->job.auth_neutral = 1;
	return req_defer(r, c, change_free, update_finish);
}

static int
delete_run(struct store *st, void *arg, struct audit_event *ev)
{
	return sink_change_delete(st, arg, ev);
}

static int
delete_finish(struct req *r, int rc)
{
	if (rc != 0)
		return job_failed(r, rc, r->ids[0]);
	sink_engine_reload();
	return respond_empty(r, 204);
}

int
api_sink_delete(struct req *r)
{
	struct sink_change *c;
	struct sink_row row;

	if (api_row_or_respond(r, &row) == -1)
		return 0;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		store_sink_row_clear(&row);
		return respond_500(r);
	}
	c->id = row.id;
	c->source = "api";
	req_audit(r, "audit.sink.delete");
	audit_event_target(&r->job.ev, "sink", row.id, row.name);
	audit_event_detail(&r->job.ev, "type", json_string(row.type));
	store_sink_row_clear(&row);
	r->job.run = delete_run;
	r->job.audit_failure = 1;
	r->job.auth_neutral = 1;
	return req_defer(r, c, change_free, delete_finish);
}
