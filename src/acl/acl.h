/*
 * acl.h -- the one place that decides what a caller may do to a token.
 *
 * Why: a bypassable permission is the worst bug Kaito can have, so the
 * rule is written once, as pure functions a unit test can walk through
 * exhaustively, and every handler asks it instead of comparing levels
 * itself.
 *
 * RULE (docs/api.md, "Levels and who may do what"):
 *   - a caller's level is the highest of their own grant and their
 *     groups' grants: code (1) < seed (2) < manage (3); each includes the
 *     ones before;
 *   - each action needs a level: reading metadata and viewing a code need
 *     code; revealing the seed and rotation need seed; patch, delete and
 *     grants need manage;
 *   - administrators may read any token's metadata and read or replace any
 *     token's grants without a grant; for everything else they are like
 *     anyone else, except that a refusal is 403, never 404;
 *   - a caller without any grant gets 404 (the token's existence is not
 *     revealed); with a grant below what is needed, 403.
 * Refused code views and seed reveals are audited as "denied"; that part
 * needs the request and the writer, and lives in acl/acl_token.h.
 */
#ifndef KAITO_ACL_H
#define KAITO_ACL_H

enum acl_level {
	ACL_NONE = 0,
	ACL_CODE = 1,
	ACL_SEED = 2,
	ACL_MANAGE = 3
};

enum acl_action {
	ACL_TOKEN_READ,		/* GET /tokens/{id}: code; admins too */
	ACL_TOKEN_CODE,		/* GET /tokens/{id}/code: code */
	ACL_TOKEN_SEED,		/* GET /tokens/{id}/seed: seed */
	ACL_TOKEN_ROTATE,	/* rotation: seed */
	ACL_TOKEN_MANAGE,	/* PATCH, DELETE: manage */
	ACL_TOKEN_GRANTS	/* GET/PUT grants: manage; admins too */
};

/* The caller's level from their own grant and their groups' best grant
 * (each 0 when none); anything outside 0..3 counts as no grant. */
int acl_level(int user_level, int group_level);

/* The level action a needs. */
int acl_needed(enum acl_action a);

/* Whether action a is audited when refused (code views, seed reveals). */
int acl_audits_denial(enum acl_action a);

/*
 * Decide: 0 when a caller with level (and is_admin) may do a, else the
 * HTTP status of the refusal, 403 or 404.
 */
int acl_decide(int level, int is_admin, enum acl_action a);

/* "code", "seed", "manage"; NULL for ACL_NONE and anything else. */
const char *acl_level_name(int level);

/* Parse a level name (exact, lower case). Returns 0 with *level set, or
 * -1. */
int acl_level_parse(const char *s, int *level);

#endif
