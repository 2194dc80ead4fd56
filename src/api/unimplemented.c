/*
 * unimplemented.c -- TEMPORARY: weak placeholders for handlers still being
 * written, so the server links while the API is built in parallel. Each
 * real handler overrides its placeholder; this file must be empty of
 * entries (and deleted) before the API issue is called done.
 */
#include "api/api.h"
#include "http/respond.h"

#define PLACEHOLDER(fn)							\
__attribute__((weak)) int						\
fn(struct req *r)							\
{									\
	return respond_error(r, 501, "not_implemented",			\
	    "not implemented yet");					\
}

PLACEHOLDER(api_tokens_list)
PLACEHOLDER(api_tokens_create)
PLACEHOLDER(api_token_get)
PLACEHOLDER(api_token_patch)
PLACEHOLDER(api_token_delete)
PLACEHOLDER(api_token_code)
PLACEHOLDER(api_token_seed)
PLACEHOLDER(api_token_rotate)
PLACEHOLDER(api_token_rotate_confirm)
PLACEHOLDER(api_token_rotate_cancel)
PLACEHOLDER(api_token_grants_get)
PLACEHOLDER(api_token_grants_put)
PLACEHOLDER(api_users_list)
PLACEHOLDER(api_users_create)
PLACEHOLDER(api_user_get)
PLACEHOLDER(api_user_patch)
PLACEHOLDER(api_user_delete)
PLACEHOLDER(api_groups_list)
PLACEHOLDER(api_groups_create)
PLACEHOLDER(api_group_get)
PLACEHOLDER(api_group_patch)
PLACEHOLDER(api_group_delete)
PLACEHOLDER(api_group_members_list)
PLACEHOLDER(api_group_member_put)
PLACEHOLDER(api_group_member_delete)
PLACEHOLDER(api_apitokens_list)
PLACEHOLDER(api_apitokens_create)
PLACEHOLDER(api_apitoken_delete)
PLACEHOLDER(api_settings_get)
PLACEHOLDER(api_settings_patch)
PLACEHOLDER(api_audit_list)
