/*
 * acl.c -- the permission rule; see acl.h. Pure: no I/O, no state.
 */
#include <string.h>

#include "acl/acl.h"

static int
clamp(int level)
{
	return level >= ACL_CODE && level <= ACL_MANAGE ? level : ACL_NONE;
}

int
acl_level(int user_level, int group_level)
{
	int u = clamp(user_level), g = clamp(group_level);

	return u > g ? u : g;
}

int
acl_needed(enum acl_action a)
{
	switch (a) {
	case ACL_TOKEN_READ:
	case ACL_TOKEN_CODE:
		return ACL_CODE;
	case ACL_TOKEN_SEED:
	case ACL_TOKEN_ROTATE:
		return ACL_SEED;
	case ACL_TOKEN_MANAGE:
	case ACL_TOKEN_GRANTS:
		break;
	}
	return ACL_MANAGE;	/* unknown actions need the most */
}

int
acl_audits_denial(enum acl_action a)
{
	return a == ACL_TOKEN_CODE || a == ACL_TOKEN_SEED;
}

/* What administrators may do without a sufficient grant. */
static int
admin_may(enum acl_action a)
{
	return a == ACL_TOKEN_READ || a == ACL_TOKEN_GRANTS;
}

int
acl_decide(int level, int is_admin, enum acl_action a)
{
	level = clamp(level);
	if (level >= acl_needed(a))
		return 0;
	if (is_admin)
		return admin_may(a) ? 0 : 403;
	return level == ACL_NONE ? 404 : 403;
}

const char *
acl_level_name(int level)
{
	switch (level) {
	case ACL_CODE:
		return "code";
	case ACL_SEED:
		return "seed";
	case ACL_MANAGE:
		return "manage";
	}
	return NULL;
}

int
acl_level_parse(const char *s, int *level)
{
	int l;

	for (l = ACL_CODE; l <= ACL_MANAGE; l++)
		if (strcmp(s, acl_level_name(l)) == 0) {
			*level = l;
			return 0;
		}
	return -1;
}
