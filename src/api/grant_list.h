/*
 * grant_list.h -- what GET and PUT .../grants share for tokens
 * (grants.c) and inboxes (inbox_grants.c): a list as JSON, one element of
 * a PUT body parsed, and principals resolved inside the writer's job.
 * Only the levels differ (code < seed < manage; read < manage).
 */
#ifndef KAITO_API_GRANT_LIST_H
#define KAITO_API_GRANT_LIST_H

#include <stddef.h>

#include <jansson.h>

#include "http/req.h"
#include "store/grants.h"

struct grant_levels {
	int (*parse)(const char *s, int *level);	/* 0 or -1 */
	const char *(*name)(int level);
	const char *shape;	/* the "level" value in the shape message */
	const char *choices;	/* "code, seed or manage" */
};

/* [{"group"|"user": name, "level": name}, ...], or NULL. */
json_t *grant_list_json(const struct grant_list *l,
    const struct grant_levels *lv);

/* Element i of "grants" into g. Returns 0 or -1 (400 queued). */
int grant_parse_or_400(struct req *r, json_t *o, size_t i,
    struct grant_row *g, const struct grant_levels *lv);

/*
 * Resolve names to ids, refusing unknown and repeated principals (also
 * named in another case). Returns 0, 1 when refused (why says which), or
 * -1 on a store failure.
 */
int grant_list_resolve(struct store *st, struct grant_row *v, size_t n,
    char *why, size_t whylen);

#endif
