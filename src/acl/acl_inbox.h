/*
 * acl_inbox.h -- the one place that decides what a caller may do to a
 * shared SMS inbox, and its application to a request.
 *
 * Why: the inbox's texts carry one-time codes, so reading them is guarded
 * like a token's code view: the rule is written once, as a pure function
 * a unit test walks through exhaustively, and every handler (and every
 * push to a stream) asks it.
 *
 * RULE (docs/api.md, "Inboxes"):
 *   - a caller's level on an inbox is the highest of their own grant and
 *     their groups' grants: read (1) < manage (2);
 *   - reading the inbox's description needs read; reading its texts
 *     (listing, streams) needs read; changing or deleting it, and its
 *     grants, need manage;
 *   - administrators may read any inbox's description, change or delete
 *     any inbox, and read or replace any inbox's grants without a grant;
 *     they read no text without a read grant (refused 403, never 404);
 *   - a caller without any grant gets 404 (the inbox's existence is not
 *     revealed); with a grant below what is needed, 403.
 * Refused text reads are audited as sms.view with outcome "denied".
 */
#ifndef KAITO_ACL_INBOX_H
#define KAITO_ACL_INBOX_H

#include <stdint.h>

#include "audit/event.h"
#include "http/req.h"
#include "store/inboxes.h"

enum acl_inbox_level {
	ACL_INBOX_NONE = 0,
	ACL_INBOX_READ = 1,
	ACL_INBOX_MANAGE = 2
};

enum acl_inbox_action {
	ACL_INBOX_GET,		/* GET /inboxes/{id}: read; admins too */
	ACL_INBOX_TEXTS,	/* messages, streams: read; not admins */
	ACL_INBOX_EDIT,		/* PATCH, DELETE: manage; admins too */
	ACL_INBOX_GRANTS	/* GET/PUT grants: manage; admins too */
};

/* The caller's level from their own and their groups' best grant; values
 * outside 0..2 count as none. */
int acl_inbox_level(int user_level, int group_level);

/* The level action a needs. */
int acl_inbox_needed(enum acl_inbox_action a);

/* 0 when a caller with level (and is_admin) may do a, else 403 or 404. */
int acl_inbox_decide(int level, int is_admin, enum acl_inbox_action a);

/* "read", "manage"; NULL for anything else. */
const char *acl_inbox_level_name(int level);

/* Parse "read" or "manage". Returns 0 with *level set, or -1. */
int acl_inbox_level_parse(const char *s, int *level);

/* Name inbox id as an audit event's target: type "inbox", the inbox's
 * name and number ("ops phone (+15550100123)"), or no name when NULL. */
void acl_inbox_target(struct audit_event *ev, int64_t id,
    const struct inbox_row *in);

/*
 * Look up inbox r->ids[0] with the caller's grants and check action a.
 * Returns 0 when allowed, with *in filled and *level set. Otherwise -1
 * with the refusal (or a 500) under way and *ret set to what the handler
 * returns: 0 when answered, REQ_DEFERRED while a refused text read is
 * being audited (sms.view, outcome denied; 503 if that fails).
 */
int acl_inbox_or_refuse(struct req *r, enum acl_inbox_action a,
    struct inbox_row *in, int *level, int *ret);

/* The same decision again inside the writer job that acts (a grant
 * revoked meanwhile is not used). */
struct acl_inbox_job {
	int64_t user_id;		/* the caller */
	int is_admin;
	enum acl_inbox_action action;
	int refused;			/* 403 or 404, set by the check */
};

/* Job result: refused on the re-check (ev's outcome is "denied"). */
#define ACL_INBOX_EREFUSED	120

void acl_inbox_job_init(struct acl_inbox_job *c, const struct req *r,
    enum acl_inbox_action a);

/*
 * Read inbox id with c's grants into *in and decide. Returns 0, -1, or
 * ACL_INBOX_EREFUSED with c->refused set (404 also for an id that names
 * no inbox) and ev marked "denied".
 */
int acl_inbox_job_check(struct store *st, int64_t id,
    struct acl_inbox_job *c, struct inbox_row *in, struct audit_event *ev);

/* Answer a refusal (403 or 404) for r->ids[0]. Returns 0. */
int acl_inbox_refuse(struct req *r, int status, enum acl_inbox_action a);

#endif
