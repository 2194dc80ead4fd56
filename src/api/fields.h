/*
 * fields.h -- checks of input fields shared by several handlers: e-mail
 * addresses, passwords, names, and integer or boolean query parameters.
 *
 * Why: each rule is written once, so /users and /session cannot disagree
 * about what an e-mail address is, and no handler can forget that a
 * password is never echoed. Like jv.h, the _or_400 functions queue the
 * 400 themselves and return -1.
 */
#ifndef KAITO_API_FIELDS_H
#define KAITO_API_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "http/req.h"

/* An e-mail address field (util/email.h rules). Absent and !required:
 * *out untouched. */
int field_email_or_400(struct req *r, json_t *obj, const char *key,
    int required, const char **out);

/*
 * A password field: a string of 1 to LIMIT_PASSWORD_MAX bytes without NUL;
 * with policy, also password_check_policy(). Any other character is
 * allowed. *out borrowed from obj, *n its length. Absent and !required:
 * untouched. The message never quotes the value.
 */
int field_password_or_400(struct req *r, json_t *obj, const char *key,
    int required, int policy, const char **out, size_t *n);

/* A display name field (util/name.h rules). */
int field_name_or_400(struct req *r, json_t *obj, const char *key,
    int required, const char **out);

/*
 * Query parameter name as a decimal integer in min..max. Returns 0 when
 * absent (*out untouched), 1 when set, -1 with 400 queued.
 */
int query_int_or_400(struct req *r, const char *name, int64_t min,
    int64_t max, int64_t *out);

/* Query parameter "true" or "false". Returns 0 absent, 1 set, -1. */
int query_bool_or_400(struct req *r, const char *name, int *out);

#endif
