/*
 * token_target.c -- see token_target.h.
 */
#include <stdio.h>

#include "audit/token_target.h"

void
audit_token_name(const char *issuer, const char *account, char *buf,
    size_t cap)
{
	if (cap == 0)
		return;
	if (issuer[0] != '\0' && account[0] != '\0')
		snprintf(buf, cap, "%s (%s)", issuer, account);
	else
		snprintf(buf, cap, "%s", issuer[0] != '\0' ? issuer : account);
}

void
audit_target_token(struct audit_event *ev, int64_t id, const char *issuer,
    const char *account)
{
	char name[sizeof(ev->target_name)];

	name[0] = '\0';
	if (issuer != NULL && account != NULL)
		audit_token_name(issuer, account, name, sizeof(name));
	audit_event_target(ev, "token", id, name);
}
