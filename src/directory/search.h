/*
 * search.h -- the in-memory search index over a dataset.
 *
 * Why: "Does NS1 support 2FA?" must be answered in well under a
 * millisecond, for names, domains and additional domains, ranked, and
 * forgiving of typos, with filters by method, category and region.
 *
 * KEYS: each entry is reachable by its name, its domain, each additional
 *     domain, and each label of those domains that is not the top-level
 *     one or a common second level (www, com, co, org, net, ...). Keys
 *     and queries are normalised the same way: ASCII letters lower-cased,
 *     letters, digits and non-ASCII bytes kept, everything else dropped,
 *     so "ns 1", "NS1" and "ns-1" are one key.
 * RANK (higher first; an entry ranks by its best key):
 *     1000 the query is a domain or additional domain, as typed
 *      950 normalised query = name
 *      900 normalised query = a domain, without its dots
 *  850-870 the name's first words ("microsoft" for "Microsoft Teams";
 *          fewer letters left over rank higher)
 *      850 normalised query = a domain label ("github")
 *      700 a prefix of a key (minus the letters left over, up to 50)
 *      600 a word of the name starts with it
 *      500 a substring of a key (minus its position, up to 50)
 *      400 / 300 one / two typos away from a name or label (edit
 *          distance, with transpositions)
 *      350 / 250 one / two typos away from a prefix of one
 *     Ties go by name. Typos are allowed from 4 characters (one) and 7
 *     (two); substrings from 3.
 * FILTERS: method (the dataset's names, or "biometric"); category id;
 *     region: entries without regions (everywhere), entries listing the
 *     code, and entries that only exclude other codes.
 * THREADS: an index is immutable once built; any number of threads may
 *     search it at once.
 */
#ifndef KAITO_DIRECTORY_SEARCH_H
#define KAITO_DIRECTORY_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "directory/entry.h"
#include "directory/strmap.h"

#define DIR_NORM_MAX	128	/* normalised keys and queries are cut here */

enum { DIR_KEY_NAME, DIR_KEY_DOMAIN, DIR_KEY_LABEL };

struct dir_key {
	uint32_t entry;		/* index into the set */
	uint8_t kind;		/* DIR_KEY_* */
	uint8_t len;		/* of text */
	uint64_t mask;		/* fuzzy_mask(text) */
	uint64_t words;		/* bit i: a word starts at text[i] (names) */
	const char *text;	/* normalised; in the index's buffer */
};

struct dir_index {
	const struct dir_set *set;	/* borrowed; outlives the index */
	struct dir_key *keys;		/* owned */
	size_t nkeys;
	char *text;			/* owned; the keys' texts */
	struct dir_strmap domains;	/* lower-case domain -> entry */
};

struct dir_query {
	const char *q;			/* NULL or "": every entry, by name */
	int method;			/* enum dir_method, or -1 */
	const char *category;		/* NULL: any */
	const char *region;		/* two letters, or NULL: any */
};

/* How a hit matched (its best key). */
enum dir_match {
	DIR_MATCH_ALL,		/* empty query */
	DIR_MATCH_EXACT,
	DIR_MATCH_PREFIX,
	DIR_MATCH_WORD,
	DIR_MATCH_SUBSTRING,
	DIR_MATCH_FUZZY
};

struct dir_hit {
	const struct dir_entry *entry;	/* borrowed from the index's set */
	int rank;
	enum dir_match match;
};

/* Build the index of set (which must be finished). Returns 0 or -1 (out
 * of memory). Free with dir_index_free. */
int dir_index_build(struct dir_index *idx, const struct dir_set *set);
void dir_index_free(struct dir_index *idx);

/*
 * Search. Fills hits[0..*total) best first, at most cap of them (the rest
 * are counted in *total but not kept). Returns 0 or -1 (out of memory).
 */
int dir_search(const struct dir_index *idx, const struct dir_query *q,
    struct dir_hit *hits, size_t cap, size_t *total);

/* The entry whose domain or additional domain is domain (any case), or
 * NULL. */
const struct dir_entry *dir_index_domain(const struct dir_index *idx,
    const char *domain);

/* Normalise s into out (DIR_NORM_MAX + 1 bytes); returns the length. */
size_t dir_normalize(const char *s, char *out);

/* A name for a match kind ("exact", "prefix", ...). */
const char *dir_match_name(enum dir_match m);

/*
 * The vault link: the entry that best fits a token's issuer (its display
 * name, e.g. "GitHub", or a domain) and an optional domain hint (the
 * service's host name or URL; never the account's e-mail domain, which
 * names the team's mail provider), or NULL when nothing
 * fits well enough. Conservative on purpose: a wrong service shown next
 * to a token is worse than none. In order: the hint's domain or a parent
 * of it; the issuer as a domain; the issuer as a name; the issuer as a
 * domain label; a single clear prefix or one-typo match of 5 characters
 * or more.
 */
const struct dir_entry *directory_match(const struct dir_index *idx,
    const char *issuer, const char *domain_hint);

#endif
