/*
 * user_json.h -- a user as the API shows it, shared by users.c and
 * user_edit.c: {"id","email","is_admin","disabled","totp_enrolled",
 * "groups":[names],"created_at"}. Never a hash or a seed.
 */
#ifndef KAITO_API_USER_JSON_H
#define KAITO_API_USER_JSON_H

#include <jansson.h>

#include "http/req.h"
#include "store/users.h"

/* The user's JSON (new reference), or NULL on error. */
json_t *api_user_json(struct store *st, const struct user_row *u);

/* Answer status with user id read afresh, or 404 / 500. extra, if not
 * NULL, is merged into the object (reference stolen). */
int api_user_respond(struct req *r, int status, int64_t id, json_t *extra);

#endif
