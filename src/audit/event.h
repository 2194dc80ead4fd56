/*
 * event.h -- one audit event: who did what to which, from where, and how
 * it ended.
 *
 * Why: every code view, seed reveal, denial, login and change becomes one
 * of these, built by the handler that did it and appended by the writer in
 * the same transaction as the change. Codes and seeds never go in: the
 * details object carries names, ids and fingerprints only.
 */
#ifndef KAITO_AUDIT_EVENT_H
#define KAITO_AUDIT_EVENT_H

#include <stdint.h>

#include <jansson.h>

#include "kaito_limits.h"

#define AUDIT_IP_LEN 46		/* INET6_ADDRSTRLEN */

struct audit_actor {
	const char *type;		/* "user", "anonymous", "system" */
	int64_t id;			/* user id; 0 when none */
	char email[LIMIT_EMAIL + 1];	/* as the user is named now */
	char ip[AUDIT_IP_LEN];		/* "" when none (CLI) */
	char user_agent[LIMIT_USER_AGENT + 1];
	const char *channel;		/* "web", "api", "cli", "system" */
	int64_t apitoken_id;		/* the API token used; 0 if none */
};

struct audit_event {
	struct audit_actor actor;
	const char *action;		/* static: "token.code.view", ... */
	const char *target_type;	/* static: "token", "user", ...; or NULL */
	int64_t target_id;		/* 0 when none */
	char target_name[LIMIT_OTP_LABEL * 2 + 2];	/* display name */
	const char *outcome;		/* "success", "denied", "failure" */
	json_t *details;		/* owned; NULL or a JSON object */
	int64_t seq;			/* set by the store on append */
	int64_t ts_us;			/* set on append when 0 */
};

/* Fill *ev with action and outcome "success", and the actor copied from
 * actor (may be NULL: the system). details start NULL. */
void audit_event_init(struct audit_event *ev, const struct audit_actor *actor,
    const char *action);

/* Set the target; name is truncated to fit. */
void audit_event_target(struct audit_event *ev, const char *type,
    int64_t id, const char *name);

/* Add a detail (creating the object); the value reference is stolen. */
void audit_event_detail(struct audit_event *ev, const char *key,
    json_t *value);

/* Release the details. NULL-safe on the details only. */
void audit_event_clear(struct audit_event *ev);

/* An actor for CLI commands run by the operator on the data directory. */
void audit_actor_cli(struct audit_actor *a);

/* Wall clock in microseconds. */
int64_t audit_now_us(void);

#endif
