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
