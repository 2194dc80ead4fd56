/*
 * grant_list.c -- see grant_list.h.
 */
#include <stdio.h>

#include "api/grant_list.h"
#include "http/respond.h"
#include "kaito_limits.h"

json_t *
grant_list_json(const struct grant_list *l, const struct grant_levels *lv)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++) {
		o = json_pack("{s:s, s:s}", l->v[i].is_group ? "group" : "user",
		    l->v[i].name, "level", lv->name(l->v[i].level));
		if (o == NULL || json_array_append_new(a, o) == -1) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

int
grant_parse_or_400(struct req *r, json_t *o, size_t i, struct grant_row *g,
    const struct grant_levels *lv)
{
	json_t *grp = json_object_get(o, "group"), *usr;
	json_t *lvl = json_object_get(o, "level"), *who;
	size_t max;

	usr = json_object_get(o, "user");
	if (!json_is_object(o) || json_object_size(o) != 2 ||
	    (grp == NULL) == (usr == NULL) || lvl == NULL)
		return respond_400(r, "grants[%zu] must be {\"group\" or "
		    "\"user\": NAME, \"level\": %s}", i, lv->shape), -1;
	g->is_group = grp != NULL;
	who = g->is_group ? grp : usr;
	max = g->is_group ? LIMIT_NAME : LIMIT_EMAIL;
	if (!json_is_string(who) || json_string_length(who) < 1 ||
	    json_string_length(who) > max)
		return respond_400(r, "grants[%zu].%s must be a string of 1 "
		    "to %zu bytes", i, g->is_group ? "group" : "user", max),
		    -1;
	snprintf(g->name, sizeof(g->name), "%s", json_string_value(who));
	if (!json_is_string(lvl) ||
	    lv->parse(json_string_value(lvl), &g->level) == -1)
		return respond_400(r, "grants[%zu].level must be %s", i,
		    lv->choices), -1;
	return 0;
}

/* Index of an earlier row naming the same principal as v[i], or -1. */
static long
earlier_same(const struct grant_row *v, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (v[k].is_group == v[i].is_group &&
		    v[k].principal == v[i].principal)
			return (long)k;
	return -1;
}

int
grant_list_resolve(struct store *st, struct grant_row *v, size_t n,
    char *why, size_t whylen)
{
	struct grant_row *g;
	size_t i;
	long k;
	int rc;

	for (i = 0; i < n; i++) {
		g = &v[i];
		rc = g->is_group ? store_grant_group_id(st, g->name,
		    &g->principal) : store_grant_user_id(st, g->name,
		    &g->principal);
		if (rc == STORE_NOTFOUND) {
			snprintf(why, whylen, "grants[%zu]: no %s named "
			    "'%.64s'", i, g->is_group ? "group" : "user",
			    g->name);
			return 1;
		}
		if (rc != 0)
			return -1;
		if ((k = earlier_same(v, i)) != -1) {
			snprintf(why, whylen, "grants[%zu] names the same %s "
			    "as grants[%ld]", i,
			    g->is_group ? "group" : "user", k);
			return 1;
		}
	}
	return 0;
}
