/*
 * match.c -- directory_match(): which directory entry a vault token
 * belongs to; the order of the rules is in search.h.
 *
 * Why here and now: the vault link (a token shows its service's methods
 * and score; the readiness report) needs exactly this, and it only needs
 * the index, so it is written and tested before the tokens API exists.
 */
#include <string.h>

#include "directory/search.h"

/* The entry for domain or its nearest parent domain with a dot left. */
static const struct dir_entry *
by_domain(const struct dir_index *idx, const char *domain)
{
	const struct dir_entry *e;
	const char *p = domain, *dot;

	if (strncmp(p, "www.", 4) == 0)
		p += 4;
	while (p != NULL && strchr(p, '.') != NULL) {
		if ((e = dir_index_domain(idx, p)) != NULL)
			return e;
		dot = strchr(p, '.');
		p = dot + 1;
	}
	return NULL;
}

/* The host of a URL or host name ("https://github.com/x" -> github.com)
 * into out (254 bytes); "" when it does not fit. */
static const char *
host_of(const char *s, char *out)
{
	const char *p = strstr(s, "://");
	size_t n;

	p = p != NULL ? p + 3 : s;
	n = strcspn(p, "/:?#@ ");
	if (n >= 254)
		n = 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

/* The best hit when it is a clear exact, prefix or one-typo match. */
static const struct dir_entry *
by_search(const struct dir_index *idx, const char *issuer)
{
	struct dir_query q = { .q = issuer, .method = -1 };
	struct dir_hit hits[2];
	char norm[DIR_NORM_MAX + 1];
	size_t total = 0, n = dir_normalize(issuer, norm);

	if (n == 0 || dir_search(idx, &q, hits, 2, &total) == -1 ||
	    total == 0)
		return NULL;
	if (total > 1 && hits[1].rank == hits[0].rank)
		return NULL;		/* two equally good: do not guess */
	if (hits[0].match == DIR_MATCH_EXACT)
		return hits[0].entry;
	if (n < 5)
		return NULL;
	/* A key cut short by at most two letters ("cloudflar"), or one typo
	 * in a whole key ("gitbub"); not "Microsoft" for "Microsoft Teams". */
	if ((hits[0].match == DIR_MATCH_PREFIX && hits[0].rank >= 698 &&
	    hits[0].rank <= 700) ||
	    (hits[0].match == DIR_MATCH_FUZZY && hits[0].rank >= 400))
		return hits[0].entry;
	return NULL;
}

const struct dir_entry *
directory_match(const struct dir_index *idx, const char *issuer,
    const char *domain_hint)
{
	const struct dir_entry *e;
	char host[254];

	if (idx == NULL || idx->set == NULL)
		return NULL;
	if (domain_hint != NULL && domain_hint[0] != '\0' &&
	    (e = by_domain(idx, host_of(domain_hint, host))) != NULL)
		return e;
	if (issuer == NULL || issuer[0] == '\0')
		return NULL;
	if (strchr(issuer, '.') != NULL && strchr(issuer, ' ') == NULL &&
	    (e = by_domain(idx, host_of(issuer, host))) != NULL)
		return e;
	return by_search(idx, issuer);
}
