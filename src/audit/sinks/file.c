/*
 * file.c -- the sinks file of `kaito serve --sinks FILE`: sink definitions
 * kept in configuration management rather than made through the API.
 *
 * Why: operators who deploy Kaito with Ansible or a Kubernetes secret want
 * the SIEM connection in a file, next to the rest of the deployment, and
 * want a restart to make the server match it. So at start the file is the
 * truth for the sinks it made (source "file"): new names are created,
 * changed definitions are updated, names gone from the file are deleted.
 * Sinks made through the API are left alone, and the API refuses to change
 * a file sink (the next start would undo it).
 *
 * FORMAT: {"sinks":[DEFINITION, ...]}, each DEFINITION exactly what
 *     POST /api/v1/audit/sinks takes (docs/audit.md section 10), "name"
 *     required and unique (any case). A definition replaces the stored
 *     one whole: a setting left out takes its default; "enabled" defaults
 *     to true; "start" matters only when the sink is created.
 * ALL OR NOTHING: every definition is checked before anything is written;
 *     one bad definition changes nothing and names itself (sinks[2],
 *     "name": ...) without quoting a secret. Each change is then one
 *     writer job with its audit event (actor cli), as the API makes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/sinks/sink.h"
#include "audit/writer.h"
#include "util/compat.h"
#include "util/log.h"

#define SINKS_FILE_MAX	(LIMIT_SINKS * (3 * LIMIT_SINK_PEM + 8192))

struct plan {
	struct sink_change c[LIMIT_SINKS];	/* creates and updates */
	int create[LIMIT_SINKS];		/* 1: create, 0: update */
	size_t n;
	int64_t del[LIMIT_SINKS * 2];		/* file sinks to delete */
	char del_name[LIMIT_SINKS * 2][LIMIT_NAME + 1];
	size_t ndel;
};

static json_t *
load(const char *path, struct errbuf *e)
{
	json_error_t err;
	json_t *j;
	FILE *f;
	long size;

	if ((f = fopen(path, "r")) == NULL) {
		errbuf_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >
	    SINKS_FILE_MAX) {
		fclose(f);
		errbuf_set(e, "%s: larger than %d bytes", path,
		    SINKS_FILE_MAX);
		return NULL;
	}
	rewind(f);
	/* Not err.text: it quotes the input, which holds secrets. */
	j = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
	fclose(f);
	if (j == NULL)
		errbuf_set(e, "%s: not JSON (line %d, column %d)", path,
		    err.line, err.column);
	return j;
}

/* The definitions array of the file's object. */
static const json_t *
definitions(const json_t *doc, const char *path, struct errbuf *e)
{
	const json_t *a = json_object_get(doc, "sinks");

	if (!json_is_object(doc) || json_object_size(doc) != 1 ||
	    !json_is_array(a)) {
		errbuf_set(e, "%s: must be {\"sinks\":[...]}", path);
		return NULL;
	}
	if (json_array_size(a) > LIMIT_SINKS) {
		errbuf_set(e, "%s: more than %d sinks", path, LIMIT_SINKS);
		return NULL;
	}
	return a;
}

/* Plan definition i: a create, an update, or nothing. */
static int
plan_one(struct store *st, const json_t *a, size_t i, struct plan *p,
    struct errbuf *e)
{
	const json_t *def = json_array_get(a, i);
	struct sink_row row;
	struct sink_meta m;
	struct sink_change *c = &p->c[p->n];
	size_t k;
	int rc;

	if (sink_meta_check(def, 1, &m, e) == -1)
		return errbuf_prefix(e, "sinks[%zu]", i);
	for (k = 0; k < i; k++)
		if (strcasecmp(json_string_value(json_object_get(
		    json_array_get(a, k), "name")), m.name) == 0)
			return errbuf_set(e, "sinks[%zu]: name: \"%s\" is "
			    "defined twice", i, m.name);
	if ((rc = store_sink_get_by_name(st, m.name, &row)) == -1)
		return errbuf_set(e, "cannot read the sinks table");
	if (rc == 0 && strcmp(row.source, "file") != 0) {
		store_sink_row_clear(&row);
		return errbuf_set(e, "sinks[%zu]: name: \"%s\" is taken by a "
		    "sink made through the API", i, m.name);
	}
	rc = sink_change_prepare(def, rc == 0 ? &row : NULL, 1, c, e);
	if (rc == -1) {
		store_sink_row_clear(&row);
		return errbuf_prefix(e, "sinks[%zu] (%s)", i, m.name);
	}
	c->source = "file";
	p->create[p->n] = row.id == 0;
	if (row.id != 0 && json_array_size(c->fields) == 0 &&
	    !c->set_secrets)
		sink_change_clear(c);	/* as it is */
	else
		p->n++;
	store_sink_row_clear(&row);
	return 0;
}

struct gone {
	const json_t *defs;
	struct plan *p;
};

/* A file sink no definition names any more is deleted. */
static int
find_gone(void *arg, const struct sink_row *row)
{
	struct gone *g = arg;
	size_t i;

	if (strcmp(row->source, "file") != 0)
		return 0;
	for (i = 0; i < json_array_size(g->defs); i++)
		if (strcasecmp(json_string_value(json_object_get(
		    json_array_get(g->defs, i), "name")), row->name) == 0)
			return 0;
	if (g->p->ndel >= nitems(g->p->del))
		return -1;
	g->p->del[g->p->ndel] = row->id;
	snprintf(g->p->del_name[g->p->ndel], LIMIT_NAME + 1, "%s", row->name);
	g->p->ndel++;
	return 0;
}

struct job_arg {
	struct sink_change *c;
	int (*fn)(struct store *, struct sink_change *, struct audit_event *);
};

static int
job_run(struct store *st, void *arg, struct audit_event *ev)
{
	struct job_arg *ja = arg;

	return ja->fn(st, ja->c, ev);
}

/* Run one change as the CLI's writer job. */
static int
apply(struct store *st, struct sink_change *c, const char *action,
    int (*fn)(struct store *, struct sink_change *, struct audit_event *),
    struct errbuf *e)
{
	struct writer_job job;
	struct audit_actor actor;
	struct job_arg ja = { c, fn };
	int rc;

	memset(&job, 0, sizeof(job));
	audit_actor_cli(&actor);
	audit_event_init(&job.ev, &actor, action);
	job.run = job_run;
	job.arg = &ja;
	job.auth_neutral = 1;
	rc = writer_run_sync(st, &job);
	audit_event_clear(&job.ev);
	if (rc == 0) {
		log_info("%s: %s %s", __func__, action, c->name);
		return 0;
	}
	if (rc == SINK_ETOOMANY)
		return errbuf_set(e, "more than %d sinks", LIMIT_SINKS);
	if (rc == STORE_CONFLICT)
		return errbuf_set(e, "name: \"%s\" is taken", c->name);
	return errbuf_set(e, "cannot %s sink \"%s\"", action, c->name);
}

int
sink_file_apply(struct store *st, const char *path, struct errbuf *e)
{
	struct plan *p;
	struct gone g;
	struct sink_change del;
	const json_t *defs;
	json_t *doc;
	size_t i;
	int rc = -1;

	e->msg[0] = '\0';
	if ((doc = load(path, e)) == NULL)
		return -1;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		json_decref(doc);
		return errbuf_set(e, "out of memory");
	}
	if ((defs = definitions(doc, path, e)) == NULL)
		goto out;
	for (i = 0; i < json_array_size(defs); i++)
		if (plan_one(st, defs, i, p, e) == -1)
			goto out;
	g.defs = defs;
	g.p = p;
	if (store_sink_list(st, find_gone, &g) == -1) {
		errbuf_set(e, "cannot read the sinks table");
		goto out;
	}
	for (i = 0; i < p->ndel; i++) {
		memset(&del, 0, sizeof(del));
		del.id = p->del[i];
		del.source = "file";
		snprintf(del.name, sizeof(del.name), "%s", p->del_name[i]);
		if (apply(st, &del, "audit.sink.delete", sink_change_delete,
		    e) == -1)
			goto out;
	}
	for (i = 0; i < p->n; i++)
		if (apply(st, &p->c[i], p->create[i] ? "audit.sink.create" :
		    "audit.sink.update", p->create[i] ? sink_change_create :
		    sink_change_update, e) == -1)
			goto out;
	rc = 0;
out:
	if (rc == -1 && e->msg[0] != '\0' && strncmp(e->msg, path,
	    strlen(path)) != 0)
		errbuf_prefix(e, "%s", path);
	for (i = 0; i < LIMIT_SINKS; i++)
		sink_change_clear(&p->c[i]);
	free(p);
	json_decref(doc);
	return rc;
}
