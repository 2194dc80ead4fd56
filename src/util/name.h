/*
 * name.h -- display names people give things (groups, API tokens).
 *
 * Why: a name reaches JSON, the audit log, terminals and the browser, and
 * people tell things apart by it. So: 1 to LIMIT_NAME bytes of valid
 * UTF-8, no control characters (C0, DEL, C1), and no leading or trailing
 * white space, which would make "ops" and "ops " two different groups
 * that look the same.
 */
#ifndef KAITO_NAME_H
#define KAITO_NAME_H

#include <stddef.h>

#include "util/errbuf.h"

/* Check n bytes of s; what names the thing in the message ("group
 * name"). Returns 0 or -1 with e set (the name itself is not echoed). */
int name_check(const char *s, size_t n, const char *what, struct errbuf *e);

#endif
