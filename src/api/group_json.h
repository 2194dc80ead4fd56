/*
 * group_json.h -- a group as GET /api/v1/groups/{id} shows it, shared by
 * groups.c and group_members.c: {"id","name","members":[{"id","email"}]}.
 */
#ifndef KAITO_API_GROUP_JSON_H
#define KAITO_API_GROUP_JSON_H

#include <stdint.h>

#include <jansson.h>

#include "http/req.h"
#include "store/store.h"

/* The members of group id as [{"id","email"}] (new reference), or NULL. */
json_t *api_group_members_json(struct store *st, int64_t id);

/* Answer status with group id read afresh, or 404 / 500. */
int api_group_respond(struct req *r, int status, int64_t id);

#endif
