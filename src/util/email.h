/*
 * email.h -- the shape of an e-mail address, as Kaito accepts it for user
 * names. Not full RFC 5322: one '@', a non-empty local part and domain,
 * printable ASCII or UTF-8 without spaces, at most LIMIT_EMAIL bytes.
 */
#ifndef KAITO_EMAIL_H
#define KAITO_EMAIL_H

#include "util/errbuf.h"

/* Returns 0 or -1 with e set. */
int email_check(const char *s, struct errbuf *e);

#endif
