/*
 * name.c -- see name.h.
 */
#include <string.h>

#include "kaito_limits.h"
#include "util/name.h"
#include "util/utf8.h"

int
name_check(const char *s, size_t n, const char *what, struct errbuf *e)
{
	if (n == 0 || n > LIMIT_NAME)
		return errbuf_set(e, "%s must be 1 to %d bytes", what,
		    LIMIT_NAME);
	if (memchr(s, '\0', n) != NULL || !utf8_valid(s, n))
		return errbuf_set(e, "%s is not valid UTF-8 text", what);
	if (utf8_has_control(s, n))
		return errbuf_set(e, "%s contains a control character", what);
	if (s[0] == ' ' || s[n - 1] == ' ')
		return errbuf_set(e, "%s starts or ends with a space", what);
	return 0;
}
