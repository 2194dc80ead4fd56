/*
 * acl_token.h -- applying the permission rule to a request on a token.
 *
 * Why: handlers on /tokens/{id}... all start the same way: find the token,
 * work out the caller's level, refuse or go on. Doing it here means a
 * refusal always looks the same (404 without any grant, 403 below the
 * level needed, acl.h), and a refused code view or seed reveal is always
 * audited with outcome "denied" before it is answered (fail closed: when
 * the denial cannot be recorded, the answer is 503).
 */
#ifndef KAITO_ACL_TOKEN_H
#define KAITO_ACL_TOKEN_H

#include "acl/acl.h"
#include "http/req.h"
#include "store/tokens.h"

/*
 * Look up token r->ids[0] with the caller's grants and check action a.
 * Returns 0 when allowed, with *t filled and *level set to the caller's
 * level. Otherwise returns -1 with the refusal (or a 500) under way, and
 * *ret set to what the handler must return: 0 when answered, REQ_DEFERRED
 * while a denial is being audited.
 */
int acl_token_or_refuse(struct req *r, enum acl_action a,
    struct token_row *t, int *level, int *ret);

#endif
