/*
 * routes.c -- every endpoint of the server, in one table.
 *
 * Flags (router.h): R_PUBLIC needs no login; R_ADMIN admins only; R_JSON
 * takes a JSON object body; R_UPLOAD allows a large body; R_AUDIT_READ
 * admins or API tokens with the audit:read scope. Everything else needs a
 * session or an API token. Per-token permissions (code < seed < manage)
 * are decided by acl/ inside the handlers, because they depend on the
 * token; per-inbox permissions (read < manage) likewise by acl/acl_inbox.c.
 * R_HOOK routes are public: an SMS provider's signature, checked by the
 * handler with the inbox's secret, is their authentication. The pattern
 * is also the route's label in /metrics.
 */
#include <stddef.h>

#include "api/api.h"
#include "http/router.h"

const struct route routes[] = {
	{ "GET",    "/",                        api_index,        R_PUBLIC },
	{ "GET",    "/healthz",                 api_healthz,      R_PUBLIC },
	{ "GET",    "/metrics",                 api_metrics,      R_PUBLIC },

	{ "POST",   "/api/v1/session",          api_session_create, R_PUBLIC | R_JSON },
	{ "GET",    "/api/v1/session",          api_session_get,    0 },
	{ "DELETE", "/api/v1/session",          api_session_delete, 0 },

	{ "GET",    "/api/v1/tokens",           api_tokens_list,    0 },
	{ "POST",   "/api/v1/tokens",           api_tokens_create,  R_JSON | R_UPLOAD },
	{ "GET",    "/api/v1/tokens/:id",       api_token_get,      0 },
	{ "PATCH",  "/api/v1/tokens/:id",       api_token_patch,    R_JSON },
	{ "DELETE", "/api/v1/tokens/:id",       api_token_delete,   0 },
	{ "GET",    "/api/v1/tokens/:id/code",  api_token_code,     0 },
	{ "GET",    "/api/v1/tokens/:id/seed",  api_token_seed,     0 },
	{ "POST",   "/api/v1/tokens/:id/rotate", api_token_rotate,  R_JSON | R_UPLOAD },
	{ "POST",   "/api/v1/tokens/:id/rotate/confirm", api_token_rotate_confirm, R_JSON },
	{ "DELETE", "/api/v1/tokens/:id/rotate", api_token_rotate_cancel, 0 },
	{ "GET",    "/api/v1/tokens/:id/grants", api_token_grants_get, 0 },
	{ "PUT",    "/api/v1/tokens/:id/grants", api_token_grants_put, R_JSON },

	{ "GET",    "/api/v1/users",            api_users_list,     R_ADMIN },
	{ "POST",   "/api/v1/users",            api_users_create,   R_ADMIN | R_JSON },
	{ "GET",    "/api/v1/users/:id",        api_user_get,       R_ADMIN },
	{ "PATCH",  "/api/v1/users/:id",        api_user_patch,     R_ADMIN | R_JSON },
	{ "DELETE", "/api/v1/users/:id",        api_user_delete,    R_ADMIN },

	{ "GET",    "/api/v1/groups",           api_groups_list,    R_ADMIN },
	{ "POST",   "/api/v1/groups",           api_groups_create,  R_ADMIN | R_JSON },
	{ "GET",    "/api/v1/groups/:id",       api_group_get,      R_ADMIN },
	{ "PATCH",  "/api/v1/groups/:id",       api_group_patch,    R_ADMIN | R_JSON },
	{ "DELETE", "/api/v1/groups/:id",       api_group_delete,   R_ADMIN },
	{ "GET",    "/api/v1/groups/:id/members", api_group_members_list, R_ADMIN },
	{ "PUT",    "/api/v1/groups/:id/members/:id", api_group_member_put, R_ADMIN },
	{ "DELETE", "/api/v1/groups/:id/members/:id", api_group_member_delete, R_ADMIN },

	{ "GET",    "/api/v1/apitokens",        api_apitokens_list,   0 },
	{ "POST",   "/api/v1/apitokens",        api_apitokens_create, R_JSON },
	{ "DELETE", "/api/v1/apitokens/:id",    api_apitoken_delete,  0 },

	{ "GET",    "/api/v1/settings",         api_settings_get,   R_ADMIN },
	{ "PATCH",  "/api/v1/settings",         api_settings_patch, R_ADMIN | R_JSON },

	{ "GET",    "/api/v1/audit",            api_audit_list,     R_AUDIT_READ },

	{ "GET",    "/api/v1/inboxes",          api_inboxes_list,   0 },
	{ "POST",   "/api/v1/inboxes",          api_inboxes_create, R_ADMIN | R_JSON },
	{ "GET",    "/api/v1/inboxes/stream",   api_inboxes_stream, 0 },
	{ "GET",    "/api/v1/inboxes/:id",      api_inbox_get,      0 },
	{ "PATCH",  "/api/v1/inboxes/:id",      api_inbox_patch,    R_JSON },
	{ "DELETE", "/api/v1/inboxes/:id",      api_inbox_delete,   0 },
	{ "GET",    "/api/v1/inboxes/:id/grants", api_inbox_grants_get, 0 },
	{ "PUT",    "/api/v1/inboxes/:id/grants", api_inbox_grants_put, R_JSON },
	{ "GET",    "/api/v1/inboxes/:id/messages", api_inbox_messages, 0 },
	{ "GET",    "/api/v1/inboxes/:id/stream", api_inbox_stream, 0 },

	/* SMS providers: authenticated by their signature (sms/hook.h). */
	{ "POST",   "/hooks/sms/twilio/:id",    api_hook_twilio,    R_PUBLIC | R_HOOK },
	{ "POST",   "/hooks/sms/generic/:id",   api_hook_generic,   R_PUBLIC | R_HOOK },
	{ "POST",   "/hooks/sms/android-sms-gateway/:id", api_hook_smsgate, R_PUBLIC | R_HOOK },

	{ "GET",    "/api/v1/directory",        api_directory_search, R_PUBLIC },
	{ "GET",    "/api/v1/directory/report", api_directory_report, 0 },
	{ "GET",    "/api/v1/directory/:name",  api_directory_get,  R_PUBLIC },
	{ "GET",    "/directory",               api_directory_page, R_PUBLIC },
	{ "GET",    "/directory/license",       api_directory_license_page, R_PUBLIC },
	{ "GET",    "/directory/:name",         api_directory_entry_page, R_PUBLIC },
	{ "GET",    "/api/v1/audit/events",     api_audit_events,   R_AUDIT_READ },
	{ "GET",    "/api/v1/audit/checkpoint", api_audit_checkpoint, R_AUDIT_READ },
	{ "GET",    "/api/v1/audit/proof/inclusion", api_audit_proof_inclusion, R_AUDIT_READ },
	{ "GET",    "/api/v1/audit/proof/consistency", api_audit_proof_consistency, R_AUDIT_READ },
	{ "POST",   "/api/v1/audit/fingerprint", api_audit_fingerprint, R_ADMIN | R_JSON },
	{ "GET",    "/api/v1/audit/sinks",      api_sinks_list,     R_ADMIN },
	{ "POST",   "/api/v1/audit/sinks",      api_sinks_create,   R_ADMIN | R_JSON },
	{ "GET",    "/api/v1/audit/sinks/:id",  api_sink_get,       R_ADMIN },
	{ "PATCH",  "/api/v1/audit/sinks/:id",  api_sink_patch,     R_ADMIN | R_JSON },
	{ "DELETE", "/api/v1/audit/sinks/:id",  api_sink_delete,    R_ADMIN },
	{ NULL, NULL, NULL, 0 }
};
