/*
 * email.c -- see email.h.
 */
#include <string.h>

#include "kaito_limits.h"
#include "util/email.h"
#include "util/utf8.h"

int
email_check(const char *s, struct errbuf *e)
{
	size_t n = strlen(s), i;
	const char *at = strchr(s, '@');

	if (n == 0)
		return errbuf_set(e, "e-mail address is empty");
	if (n > LIMIT_EMAIL)
		return errbuf_set(e, "e-mail address longer than %d bytes",
		    LIMIT_EMAIL);
	if (!utf8_valid(s, n) || utf8_has_control(s, n))
		return errbuf_set(e, "e-mail address has invalid characters");
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '"' || s[i] == '<' || s[i] == '>' ||
		    s[i] == '\\' || s[i] == ',' || s[i] == ';')
			return errbuf_set(e, "e-mail address has invalid "
			    "characters");
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return errbuf_set(e, "'%.64s' is not an e-mail address", s);
	return 0;
}
