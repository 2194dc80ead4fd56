/*
 * api.h -- every HTTP handler, one group per resource file.
 *
 * A handler parses its input, calls the domain modules (acl, vault,
 * store...), and answers with one respond_*() call or defers its durable
 * part with req_defer(). It returns 0 (answered), REQ_DEFERRED, or -1
 * (the dispatcher answers 500).
 */
#ifndef KAITO_API_H
#define KAITO_API_H

#include "http/req.h"

/* health.c */
int api_healthz(struct req *r);
int api_metrics(struct req *r);
int api_index(struct req *r);

/* session.c */
int api_session_create(struct req *r);
int api_session_get(struct req *r);
int api_session_delete(struct req *r);

/* tokens.c, token_code.c, token_seed.c, token_rotate.c, grants.c */
int api_tokens_list(struct req *r);
int api_tokens_create(struct req *r);
int api_token_get(struct req *r);
int api_token_patch(struct req *r);
int api_token_delete(struct req *r);
int api_token_code(struct req *r);
int api_token_seed(struct req *r);
int api_token_rotate(struct req *r);
int api_token_rotate_confirm(struct req *r);
int api_token_rotate_cancel(struct req *r);
int api_token_grants_get(struct req *r);
int api_token_grants_put(struct req *r);

/* users.c */
int api_users_list(struct req *r);
int api_users_create(struct req *r);
int api_user_get(struct req *r);
int api_user_patch(struct req *r);
int api_user_delete(struct req *r);

/* groups.c */
int api_groups_list(struct req *r);
int api_groups_create(struct req *r);
int api_group_get(struct req *r);
int api_group_patch(struct req *r);
int api_group_delete(struct req *r);
int api_group_members_list(struct req *r);
int api_group_member_put(struct req *r);
int api_group_member_delete(struct req *r);

/* apitokens.c */
int api_apitokens_list(struct req *r);
int api_apitokens_create(struct req *r);
int api_apitoken_delete(struct req *r);

/* settings.c */
int api_settings_get(struct req *r);
int api_settings_patch(struct req *r);

/* audit.c */
int api_audit_list(struct req *r);

/* inboxes.c, inbox_grants.c, sms_messages.c, sms_stream.c */
int api_inboxes_list(struct req *r);
int api_inboxes_create(struct req *r);
int api_inbox_get(struct req *r);
int api_inbox_patch(struct req *r);
int api_inbox_delete(struct req *r);
int api_inbox_grants_get(struct req *r);
int api_inbox_grants_put(struct req *r);
int api_inbox_messages(struct req *r);
int api_inbox_stream(struct req *r);
int api_inboxes_stream(struct req *r);

/* sms_hook.c */
int api_hook_twilio(struct req *r);
int api_hook_generic(struct req *r);
int api_hook_smsgate(struct req *r);

/* directory.c, directory_page.c, directory_search_page.c */
int api_directory_search(struct req *r);
int api_directory_get(struct req *r);
int api_directory_page(struct req *r);
int api_directory_entry_page(struct req *r);
int api_directory_license_page(struct req *r);

/* directory_report.c */
int api_directory_report(struct req *r);
/* audit_log.c, audit_fingerprint.c: the tamper-evident log */
int api_audit_checkpoint(struct req *r);
int api_audit_proof_inclusion(struct req *r);
int api_audit_proof_consistency(struct req *r);
int api_audit_events(struct req *r);
int api_audit_fingerprint(struct req *r);

/* sinks.c: the SIEM sinks */
int api_sinks_list(struct req *r);
int api_sinks_create(struct req *r);
int api_sink_get(struct req *r);
int api_sink_patch(struct req *r);
int api_sink_delete(struct req *r);

#endif
