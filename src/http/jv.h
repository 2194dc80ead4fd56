/*
 * jv.h -- validating JSON request bodies.
 *
 * Why: every field of every body is checked for type, length and range,
 * and unknown fields are refused, with a 400 that names the field. The
 * _or_400 helpers queue that answer themselves and return -1, so a
 * handler just returns 0 (cf. Redis ...OrReply).
 */
#ifndef KAITO_HTTP_JV_H
#define KAITO_HTTP_JV_H

#include <stddef.h>

#include <jansson.h>

#include "http/req.h"

/* Refuse any key of obj not in allowed (NULL-terminated). */
int jv_only_keys_or_400(struct req *r, json_t *obj,
    const char *const *allowed);

/*
 * String field key of obj, minlen..maxlen bytes, no control characters.
 * Absent (or null) and !required: *out is left as it was, returns 0.
 * Returns 0 or -1 (400 queued).
 */
int jv_str_or_400(struct req *r, json_t *obj, const char *key, int required,
    size_t minlen, size_t maxlen, const char **out);

/* Like jv_str_or_400, but newlines and tabs are allowed (notes). */
int jv_text_or_400(struct req *r, json_t *obj, const char *key,
    int required, size_t maxlen, const char **out);

/* Integer field, min..max. Absent and !required: *out untouched. */
int jv_int_or_400(struct req *r, json_t *obj, const char *key, int required,
    json_int_t min, json_int_t max, json_int_t *out);

/* Boolean field. Absent and !required: *out untouched. */
int jv_bool_or_400(struct req *r, json_t *obj, const char *key,
    int required, int *out);

/* Array field with at most max elements; *out borrowed. */
int jv_array_or_400(struct req *r, json_t *obj, const char *key,
    int required, size_t max, json_t **out);

#endif
