/*
 * router.c -- linear matching over the route table. With a few dozen
 * routes a linear scan of pre-split patterns costs well under a
 * microsecond, and keeps 405 + Allow exact.
 */
#include <string.h>

#include "http/router.h"

size_t
routes_count(void)
{
	size_t n = 0;

	while (routes[n].method != NULL)
		n++;
	return n;
}

/* Parse a positive decimal id with no sign, no leading zero, <= 2^63-1. */
static int
parse_id(const char *s, size_t n, int64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 19 || s[0] == '0')
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int
alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* A host-name segment (router.h); copied to out (REQ_NAME_MAX + 1). */
static int
parse_name(const char *s, size_t n, char *out)
{
	size_t i;
	int dots = 0;

	if (n == 0 || n > REQ_NAME_MAX || !alnum(s[0]) || !alnum(s[n - 1]))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return -1;
			dots++;
		} else if (!alnum(s[i]) && s[i] != '-')
			return -1;
	}
	if (dots == 0)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* 1 if path matches pattern segment by segment, filling ids and name. */
static int
path_matches(const char *pattern, const char *path,
    int64_t ids[REQ_MAX_IDS], char *name)
{
	int nids = 0;

	while (*pattern != '\0' && *path != '\0') {
		const char *pe = strchr(pattern, '/');
		const char *se = strchr(path, '/');
		size_t pl, sl;

		pl = pe ? (size_t)(pe - pattern) : strlen(pattern);
		sl = se ? (size_t)(se - path) : strlen(path);
		if (pl == 3 && strncmp(pattern, ":id", 3) == 0) {
			if (nids == REQ_MAX_IDS ||
			    parse_id(path, sl, &ids[nids]) == -1)
				return 0;
			nids++;
		} else if (pl == 5 && strncmp(pattern, ":name", 5) == 0) {
			if (parse_name(path, sl, name) == -1)
				return 0;
		} else if (pl != sl || strncmp(pattern, path, pl) != 0)
			return 0;
		pattern += pl;
		path += sl;
		if (*pattern == '/' && *path == '/') {
			pattern++;
			path++;
		} else if (*pattern != *path)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

static void
allow_add(char *allow, size_t allowlen, const char *method)
{
	size_t used = strlen(allow);

	if (strstr(allow, method) != NULL)
		return;
	if (used + strlen(method) + 3 > allowlen)
		return;
	if (used > 0)
		strcat(allow, ", ");
	strcat(allow, method);
}

int
router_match(const char *method, const char *path, const struct route **out,
    int64_t ids[REQ_MAX_IDS], char *allow, size_t allowlen)
{
	char name[REQ_NAME_MAX + 1];

	return router_match_name(method, path, out, ids, name, allow,
	    allowlen);
}

int
router_match_name(const char *method, const char *path,
    const struct route **out, int64_t ids[REQ_MAX_IDS], char *name,
    char *allow, size_t allowlen)
{
	const struct route *rt;
	int64_t tmp[REQ_MAX_IDS];
	char tname[REQ_NAME_MAX + 1];
	int path_seen = 0;

	allow[0] = '\0';
	name[0] = '\0';
	*out = NULL;
	for (rt = routes; rt->method != NULL; rt++) {
		tname[0] = '\0';
		if (!path_matches(rt->pattern, path, tmp, tname))
			continue;
		if (strcmp(rt->method, method) == 0) {
			*out = rt;
			memcpy(ids, tmp, sizeof(tmp));
			memcpy(name, tname, sizeof(tname));
			return 200;
		}
		path_seen = 1;
		allow_add(allow, allowlen, rt->method);
	}
	return path_seen ? 405 : 404;
}
