/*
 * settings.c -- see settings.h. Booleans are stored as "true"/"false";
 * anything else read back counts as the default.
 */
#include <string.h>

#include "auth/settings.h"
#include "store/meta.h"

static int
get_bool(struct store *st, const char *key, int dflt, int *out)
{
	char v[16];
	int rc;

	*out = dflt;
	if ((rc = store_setting_get(st, key, v, sizeof(v))) == STORE_NOTFOUND)
		return 0;
	if (rc != 0)
		return -1;
	if (strcmp(v, "true") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0)
		*out = 0;
	return 0;
}

int
settings_get(struct store *st, struct settings *s)
{
	memset(s, 0, sizeof(*s));
	return get_bool(st, SETTING_MEMBER_TOTP_REQUIRED, 1,
	    &s->member_totp_required);
}

int
settings_put(struct store *st, const struct settings *s)
{
	return store_setting_put(st, SETTING_MEMBER_TOTP_REQUIRED,
	    s->member_totp_required ? "true" : "false");
}
