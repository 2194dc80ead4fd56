/*
 * change.c -- creating, changing and deleting a sink: from a definition
 * to the writer job that changes the row and records its audit event.
 *
 * Why: the API and the sinks file change sinks the same way, so the
 * checks, the sealing of the secrets (bound to the row's id, hence done
 * inside the job, after the insert gave the id) and the audit events
 * (audit.sink.create, audit.sink.update with the names of the changed
 * fields, audit.sink.delete) are written once, here. An event names
 * fields, never a value of a secret one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/sinks/sink_int.h"
#include "store/audit_log.h"
#include "util/jsonmem.h"

void
sink_change_clear(struct sink_change *c)
{
	if (c == NULL)
		return;
	if (c->config != NULL)
		jsonmem_free_string(c->config);
	json_decref(c->secrets);	/* the jansson allocator wipes */
	json_decref(c->fields);
	memset(c, 0, sizeof(*c));
}

/* Names of the members whose values differ between a and b (either may
 * be NULL), appended to fields. */
static int
diff_members(const json_t *a, const json_t *b, json_t *fields)
{
	const json_t *objs[2] = { a, b };
	const char *key;
	json_t *v;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (objs[i] == NULL)
			continue;
		json_object_foreach(sink_unconst(objs[i]), key, v) {
			if (i == 1 && a != NULL &&
			    json_object_get(a, key) != NULL)
				continue;	/* seen from a */
			if (json_equal(v, json_object_get(objs[1 - i],
			    key)))
				continue;
			if (json_array_append_new(fields, json_string(key)) ==
			    -1)
				return -1;
		}
	}
	return 0;
}

/* The settings and secrets of row, parsed and opened. */
static int
row_settings(const struct sink_row *row, json_t **cfg, json_t **sec,
    struct errbuf *e)
{
	*sec = NULL;
	if ((*cfg = json_loads(row->config, 0, NULL)) == NULL)
		return errbuf_set(e, "the stored settings of sink %lld do not "
		    "parse", (long long)row->id);
	if (sink_secrets_open(row, sec) == -1) {
		json_decref(*cfg);
		*cfg = NULL;
		return errbuf_set(e, "the secrets of sink %lld do not open "
		    "(another root key?)", (long long)row->id);
	}
	return 0;
}

int
sink_change_prepare(const json_t *obj, const struct sink_row *row,
    int replace, struct sink_change *c, struct errbuf *e)
{
	struct sink_meta m;
	json_t *old_cfg = NULL, *old_sec = NULL, *cfg = NULL, *sec = NULL;
	const char *type;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	c->enabled = -1;
	e->msg[0] = '\0';
	if (sink_meta_check(obj, row == NULL, &m, e) == -1)
		return -1;
	if (replace && m.enabled == -1)
		m.enabled = 1;		/* a whole definition */
	if (row != NULL && row_settings(row, &old_cfg, &old_sec, e) == -1)
		return -1;
	if (row != NULL && replace && !json_equal(json_object_get(obj,
	    "type"), json_object_get(old_cfg, "type"))) {
		errbuf_set(e, "type: a sink's type cannot change (delete it "
		    "and make a new one)");
		goto out;
	}
	if (sink_config_check(obj, replace ? NULL : old_cfg,
	    replace ? NULL : old_sec, &cfg, &sec, e) == -1)
		goto out;
	type = json_string_value(json_object_get(cfg, "type"));
	snprintf(c->type, sizeof(c->type), "%s", type != NULL ? type : "");
	if (m.name != NULL)
		snprintf(c->name, sizeof(c->name), "%s", m.name);
	c->enabled = m.enabled;
	c->start = m.start == -1 ? SINK_START_BEGINNING : m.start;
	if ((c->config = json_dumps(cfg, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL || (c->fields = json_array()) == NULL) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	if (row != NULL) {
		c->id = row->id;
		c->version = row->version;
		if (m.name != NULL && strcmp(m.name, row->name) != 0)
			json_array_append_new(c->fields, json_string("name"));
		if (m.enabled != -1 && m.enabled != row->enabled)
			json_array_append_new(c->fields,
			    json_string("enabled"));
		if (diff_members(old_cfg, cfg, c->fields) == -1 ||
		    diff_members(old_sec, sec, c->fields) == -1) {
			errbuf_set(e, "out of memory");
			goto out;
		}
		c->set_secrets = !json_equal(old_sec, sec) &&
		    !(old_sec == NULL && sec == NULL);
	} else
		c->set_secrets = sec != NULL;
	c->secrets = sec;
	sec = NULL;
	rc = 0;
out:
	json_decref(old_cfg);
	json_decref(old_sec);
	json_decref(cfg);
	json_decref(sec);
	if (rc == -1)
		sink_change_clear(c);
	return rc;
}

/* Seal c's secrets for row id and store them. */
static int
store_secrets(struct store *st, int64_t id, const struct sink_change *c)
{
	unsigned char *sealed = NULL;
	size_t n = 0;
	int rc;

	if (sink_secrets_seal(id, c->secrets, &sealed, &n) == -1)
		return -1;
	rc = store_sink_secret_set(st, id, sealed, n);
	free(sealed);		/* ciphertext only */
	return rc;
}

int
sink_change_create(struct store *st, struct sink_change *c,
    struct audit_event *ev)
{
	int64_t n, start = 0;
	int rc;

	audit_event_target(ev, "sink", 0, c->name);
	audit_event_detail(ev, "type", json_string(c->type));
	audit_event_detail(ev, "source", json_string(c->source));
	if (store_sink_count(st, &n) == -1)
		return -1;
	if (n >= LIMIT_SINKS)
		return SINK_ETOOMANY;
	if (c->start == SINK_START_END && store_audit_max_seq(st, &start) ==
	    -1)
		return -1;
	audit_event_detail(ev, "start", json_integer(start));
	if ((rc = store_sink_insert(st, c->name, c->type, c->config,
	    c->source, c->enabled != 0, start, &c->id)) != 0)
		return rc;
	ev->target_id = c->id;
	if (c->secrets != NULL && (rc = store_secrets(st, c->id, c)) != 0)
		return rc;
	return 0;
}

/* The row, checked against the change's version and source. */
static int
check_row(struct store *st, const struct sink_change *c,
    struct audit_event *ev, struct sink_row *row)
{
	int rc;

	if ((rc = store_sink_get(st, c->id, row)) != 0)
		return rc;
	audit_event_target(ev, "sink", row->id, row->name);
	if (c->version != 0 && row->version != c->version)
		rc = SINK_ECHANGED;
	else if (c->source != NULL && strcmp(row->source, c->source) != 0)
		rc = SINK_ESOURCE;
	store_sink_row_clear(row);
	return rc;
}

int
sink_change_update(struct store *st, struct sink_change *c,
    struct audit_event *ev)
{
	struct sink_row row;
	int rc;

	if ((rc = check_row(st, c, ev, &row)) != 0)
		return rc;
	if (c->fields != NULL)
		audit_event_detail(ev, "fields", json_incref(c->fields));
	if ((rc = store_sink_update(st, c->id, c->name[0] != '\0' ? c->name :
	    NULL, c->config, c->enabled)) != 0)
		return rc;
	if (c->name[0] != '\0')
		snprintf(ev->target_name, sizeof(ev->target_name), "%s",
		    c->name);
	if (c->set_secrets && (rc = store_secrets(st, c->id, c)) != 0)
		return rc;
	return 0;
}

int
sink_change_delete(struct store *st, struct sink_change *c,
    struct audit_event *ev)
{
	struct sink_row row;
	int rc;

	if ((rc = check_row(st, c, ev, &row)) != 0)
		return rc;
	return store_sink_delete(st, c->id);
}
