/*
 * fields.c -- see fields.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/fields.h"
#include "auth/password.h"
#include "http/jv.h"
#include "http/respond.h"
#include "util/email.h"
#include "util/name.h"

int
field_email_or_400(struct req *r, json_t *obj, const char *key,
    int required, const char **out)
{
	const char *s = NULL;
	struct errbuf e;

	if (jv_str_or_400(r, obj, key, required, 1, LIMIT_EMAIL, &s) == -1)
		return -1;
	if (s == NULL)
		return 0;
	/* Not e.msg: it quotes the value, and a login form's e-mail field
	 * sometimes receives a password. */
	if (email_check(s, &e) == -1)
		return respond_400(r, "field '%s' is not an e-mail address "
		    "(one '@', no spaces or quotes)", key), -1;
	*out = s;
	return 0;
}

int
field_password_or_400(struct req *r, json_t *obj, const char *key,
    int required, int policy, const char **out, size_t *n)
{
	json_t *v = json_object_get(obj, key);
	struct errbuf e;
	const char *s;
	size_t len;

	if (v == NULL || json_is_null(v)) {
		if (required)
			return respond_400(r, "missing field '%s'", key), -1;
		return 0;
	}
	if (!json_is_string(v))
		return respond_400(r, "field '%s' must be a string", key), -1;
	s = json_string_value(v);
	len = json_string_length(v);
	if (len == 0 || len > LIMIT_PASSWORD_MAX || memchr(s, '\0', len))
		return respond_400(r, "field '%s' must be 1 to %d bytes, "
		    "without NUL", key, LIMIT_PASSWORD_MAX), -1;
	if (policy && password_check_policy(s, len, &e) == -1)
		return respond_400(r, "field '%s': %s", key, e.msg), -1;
	*out = s;
	*n = len;
	return 0;
}

int
field_name_or_400(struct req *r, json_t *obj, const char *key, int required,
    const char **out)
{
	const char *s = NULL;
	struct errbuf e;

	if (jv_str_or_400(r, obj, key, required, 1, LIMIT_NAME, &s) == -1)
		return -1;
	if (s == NULL)
		return 0;
	if (name_check(s, strlen(s), key, &e) == -1)
		return respond_400(r, "%s", e.msg), -1;
	*out = s;
	return 0;
}

int
query_int_or_400(struct req *r, const char *name, int64_t min, int64_t max,
    int64_t *out)
{
	const char *v = req_query(r, name);
	long long x;
	char *end;

	if (v == NULL)
		return 0;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (v[0] == '\0' || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) ||
	    *end != '\0' || errno != 0 || x < min || x > max)
		return respond_400(r, "query parameter '%s' must be an integer "
		    "from %lld to %lld", name, (long long)min,
		    (long long)max), -1;
	*out = x;
	return 1;
}

int
query_bool_or_400(struct req *r, const char *name, int *out)
{
	const char *v = req_query(r, name);

	if (v == NULL)
		return 0;
	if (strcmp(v, "true") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0)
		*out = 0;
	else
		return respond_400(r, "query parameter '%s' must be true or "
		    "false", name), -1;
	return 1;
}
