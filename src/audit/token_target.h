/*
 * token_target.h -- naming a token as the target of an audit event.
 *
 * Why: every token event names its token the same way, type "token", its
 * id, and "ISSUER (ACCOUNT)", so an auditor can search by either. Labels
 * only: nothing secret is known at this level.
 */
#ifndef KAITO_AUDIT_TOKEN_TARGET_H
#define KAITO_AUDIT_TOKEN_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "audit/event.h"

/* Write "ISSUER (ACCOUNT)", or whichever of the two is not empty, into
 * buf (cap bytes, truncated). */
void audit_token_name(const char *issuer, const char *account, char *buf,
    size_t cap);

/* Set ev's target to token id with that name. issuer and account may be
 * NULL (a token that does not exist: the name stays empty). */
void audit_target_token(struct audit_event *ev, int64_t id,
    const char *issuer, const char *account);

#endif
