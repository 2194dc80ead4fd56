/*
 * search.c -- ranking entries for a query; the ranks are specified in
 * search.h.
 *
 * COST: one pass over the keys (about 10,000 for the full dataset) with a
 *     length check and a memcmp each, a substring scan for queries of 3
 *     characters or more, and the banded edit distance only for keys that
 *     the character-set mask does not rule out. Allocates two arrays of
 *     one slot per entry per query.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "directory/fuzzy.h"
#include "directory/search.h"

struct scan {
	const struct dir_index *idx;
	const char *nq;			/* normalised query */
	size_t m;			/* its length */
	int all;			/* no query: every entry passes */
	uint64_t mask;			/* fuzzy_mask(nq) */
	int *rank;			/* per entry; 0: no match */
	unsigned char *match;		/* per entry: enum dir_match */
};

const char *
dir_match_name(enum dir_match m)
{
	static const char *const names[] = {
		"all", "exact", "prefix", "word", "substring", "fuzzy"
	};

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] :
	    "?";
}

static int
region_ok(const struct dir_entry *e, const char *region)
{
	size_t i;
	int includes = 0;

	if (e->regions.n == 0)
		return 1;
	for (i = 0; i < e->regions.n; i++) {
		const char *r = e->regions.v[i];

		if (r[0] == '-') {
			if (strcmp(r + 1, region) == 0)
				return 0;
		} else {
			includes = 1;
			if (strcmp(r, region) == 0)
				return 1;
		}
	}
	return !includes;
}

static int
passes(const struct dir_entry *e, const struct dir_query *q)
{
	size_t i;

	if (q->method >= 0 && !(e->all_methods & DIR_M(q->method)))
		return 0;
	if (q->region != NULL && q->region[0] != '\0' &&
	    !region_ok(e, q->region))
		return 0;
	if (q->category == NULL || q->category[0] == '\0')
		return 1;
	for (i = 0; i < e->categories.n; i++)
		if (strcmp(e->categories.v[i], q->category) == 0)
			return 1;
	return 0;
}

static void
offer(struct scan *s, uint32_t entry, int rank, enum dir_match m)
{
	if (rank > s->rank[entry]) {
		s->rank[entry] = rank;
		s->match[entry] = (unsigned char)m;
	}
}

static int
cap50(size_t n)
{
	return n > 50 ? 50 : (int)n;
}

/* Exact, prefix, word and substring ranks of one key. */
static int
rank_text(const struct scan *s, const struct dir_key *k, enum dir_match *m)
{
	const char *p, *end;

	if (k->len == s->m && memcmp(k->text, s->nq, s->m) == 0) {
		*m = DIR_MATCH_EXACT;
		return k->kind == DIR_KEY_NAME ? 950 :
		    k->kind == DIR_KEY_DOMAIN ? 900 : 850;
	}
	if (k->len > s->m && memcmp(k->text, s->nq, s->m) == 0) {
		*m = DIR_MATCH_PREFIX;
		if (k->kind == DIR_KEY_NAME && s->m < 64 &&
		    (k->words & (1ULL << s->m)))
			return 870 - (k->len - s->m > 20 ? 20 :
			    (int)(k->len - s->m));
		return 700 - cap50(k->len - s->m);
	}
	if (s->m < 2 || k->len < s->m)
		return 0;
	end = k->text + k->len - s->m;
	for (p = k->text + 1; p <= end; p++) {
		if (*p != s->nq[0] || memcmp(p, s->nq, s->m) != 0)
			continue;
		if (k->kind == DIR_KEY_NAME && p - k->text < 64 &&
		    (k->words & (1ULL << (p - k->text)))) {
			*m = DIR_MATCH_WORD;
			return 600;
		}
		if (s->m >= 3) {
			*m = DIR_MATCH_SUBSTRING;
			return 500 - cap50((size_t)(p - k->text));
		}
	}
	return 0;
}

/* Typo ranks of one key (names and labels only). */
static int
rank_fuzzy(const struct scan *s, const struct dir_key *k)
{
	int kk = s->m >= 7 ? 2 : 1, d;

	if (s->m < 4 || k->kind == DIR_KEY_DOMAIN ||
	    fuzzy_mask_bound(s->mask, k->mask) > kk)
		return 0;
	d = fuzzy_distance(s->nq, s->m, k->text, k->len, kk, 0);
	if (d <= kk)
		return 400 - 100 * (d - 1);
	d = fuzzy_distance(s->nq, s->m, k->text, k->len, kk, 1);
	if (d <= kk && d > 0)
		return 350 - 100 * (d - 1);
	return 0;
}

static void
scan_keys(struct scan *s, const unsigned char *ok)
{
	const struct dir_key *k;
	enum dir_match m;
	size_t i;
	int r;

	for (i = 0; i < s->idx->nkeys; i++) {
		k = &s->idx->keys[i];
		if (!ok[k->entry] || s->rank[k->entry] >= 1000)
			continue;
		if ((r = rank_text(s, k, &m)) > 0) {
			offer(s, k->entry, r, m);
			continue;
		}
		if (s->rank[k->entry] < 400 && (r = rank_fuzzy(s, k)) > 0)
			offer(s, k->entry, r, DIR_MATCH_FUZZY);
	}
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct dir_hit *x = a, *y = b;

	if (x->rank != y->rank)
		return y->rank - x->rank;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Collect the matches into hits (best first, at most cap). */
static int
collect(const struct scan *s, const unsigned char *ok, struct dir_hit *hits,
    size_t cap, size_t *total)
{
	const struct dir_set *set = s->idx->set;
	struct dir_hit *all;
	size_t i, n = 0;

	if ((all = malloc((set->n ? set->n : 1) * sizeof(*all))) == NULL)
		return -1;
	for (i = 0; i < set->n; i++)
		if (ok[i] && (s->all || s->rank[i] > 0))
			all[n++] = (struct dir_hit){ &set->entries[i],
			    s->rank[i], (enum dir_match)s->match[i] };
	if (s->m > 0)
		qsort(all, n, sizeof(*all), hit_cmp);
	memcpy(hits, all, (n < cap ? n : cap) * sizeof(*all));
	*total = n;
	free(all);
	return 0;
}

int
dir_search(const struct dir_index *idx, const struct dir_query *q,
    struct dir_hit *hits, size_t cap, size_t *total)
{
	char nq[DIR_NORM_MAX + 1];
	struct scan s = { .idx = idx, .nq = nq };
	const struct dir_entry *d;
	unsigned char *ok;
	size_t i, n = idx->set->n;
	int rc = -1;

	s.m = q->q != NULL ? dir_normalize(q->q, nq) : 0;
	s.all = q->q == NULL || q->q[0] == '\0';
	s.mask = fuzzy_mask(nq, s.m);
	ok = calloc(n ? n : 1, 1);
	s.rank = calloc(n ? n : 1, sizeof(*s.rank));
	s.match = calloc(n ? n : 1, 1);
	if (ok == NULL || s.rank == NULL || s.match == NULL)
		goto out;
	for (i = 0; i < n; i++)
		ok[i] = (unsigned char)passes(&idx->set->entries[i], q);
	if (s.m > 0 && (d = dir_index_domain(idx, q->q)) != NULL)
		offer(&s, (uint32_t)(d - idx->set->entries), 1000,
		    DIR_MATCH_EXACT);
	if (s.m > 0)
		scan_keys(&s, ok);
	rc = collect(&s, ok, hits, cap, total);
out:
	free(ok);
	free(s.rank);
	free(s.match);
	return rc;
}
