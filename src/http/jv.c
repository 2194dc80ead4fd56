/*
 * jv.c -- see jv.h.
 */
#include <string.h>

#include "http/jv.h"
#include "http/respond.h"
#include "util/utf8.h"

int
jv_only_keys_or_400(struct req *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			respond_400(r, "unknown field '%.64s'", key);
			return -1;
		}
	}
	return 0;
}

/* The field, or NULL when absent or null; -1 with 400 if required. */
static int
field(struct req *r, json_t *obj, const char *key, int required, json_t **v)
{
	*v = json_object_get(obj, key);
	if (*v != NULL && json_is_null(*v))
		*v = NULL;
	if (*v == NULL && required) {
		respond_400(r, "missing field '%s'", key);
		return -1;
	}
	return 0;
}

static int
check_str(struct req *r, const char *key, json_t *v, size_t minlen,
    size_t maxlen, int allow_newlines, const char **out)
{
	const char *s;
	size_t n, i;

	if (!json_is_string(v)) {
		respond_400(r, "field '%s' must be a string", key);
		return -1;
	}
	s = json_string_value(v);
	n = json_string_length(v);
	if (n < minlen || n > maxlen) {
		respond_400(r, "field '%s' must be %zu to %zu bytes long", key,
		    minlen, maxlen);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (allow_newlines && (c == '\n' || c == '\t' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7f || c == 0) {
			respond_400(r, "field '%s' contains a control "
			    "character", key);
			return -1;
		}
	}
	if (!allow_newlines && utf8_has_control(s, n)) {
		respond_400(r, "field '%s' contains a control character", key);
		return -1;
	}
	*out = s;
	return 0;
}

int
jv_str_or_400(struct req *r, json_t *obj, const char *key, int required,
    size_t minlen, size_t maxlen, const char **out)
{
	json_t *v;

	if (field(r, obj, key, required, &v) == -1)
		return -1;
	if (v == NULL)
		return 0;
	return check_str(r, key, v, minlen, maxlen, 0, out);
}

int
jv_text_or_400(struct req *r, json_t *obj, const char *key, int required,
    size_t maxlen, const char **out)
{
	json_t *v;

	if (field(r, obj, key, required, &v) == -1)
		return -1;
	if (v == NULL)
		return 0;
	return check_str(r, key, v, 0, maxlen, 1, out);
}

int
jv_int_or_400(struct req *r, json_t *obj, const char *key, int required,
    json_int_t min, json_int_t max, json_int_t *out)
{
	json_t *v;
	json_int_t x;

	if (field(r, obj, key, required, &v) == -1)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v)) {
		respond_400(r, "field '%s' must be an integer", key);
		return -1;
	}
	x = json_integer_value(v);
	if (x < min || x > max) {
		respond_400(r, "field '%s' must be from %lld to %lld", key,
		    (long long)min, (long long)max);
		return -1;
	}
	*out = x;
	return 0;
}

int
jv_bool_or_400(struct req *r, json_t *obj, const char *key, int required,
    int *out)
{
	json_t *v;

	if (field(r, obj, key, required, &v) == -1)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		respond_400(r, "field '%s' must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

int
jv_array_or_400(struct req *r, json_t *obj, const char *key, int required,
    size_t max, json_t **out)
{
	json_t *v;

	if (field(r, obj, key, required, &v) == -1)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_array(v)) {
		respond_400(r, "field '%s' must be an array", key);
		return -1;
	}
	if (json_array_size(v) > max) {
		respond_400(r, "field '%s' has more than %zu elements", key,
		    max);
		return -1;
	}
	*out = v;
	return 0;
}
