/*
 * index.c -- building the search index; the keys and their normalisation
 * are specified in search.h.
 *
 * LAYOUT: one array of keys and one buffer holding every key's text, both
 *     sized before they are filled (an upper bound from the entries'
 *     lengths), so nothing moves once a pointer into the buffer is taken.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "directory/fuzzy.h"
#include "directory/search.h"

/* Labels that say nothing about the service. */
static const char *const dull_labels[] = {
	"www", "com", "co", "org", "net", "gov", "edu", "ac", "or", "ne",
	"go", "gob", "gouv", "nic", NULL
};

size_t
dir_normalize(const char *s, char *out)
{
	size_t n = 0;

	for (; *s != '\0' && n < DIR_NORM_MAX; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || isdigit(c))
			out[n++] = (char)c;
		else if (isalpha(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return n;
}

/* Normalise like dir_normalize, noting where words start. */
static size_t
normalize_words(const char *s, char *out, uint64_t *words)
{
	size_t n = 0;
	int in_word = 0;

	*words = 0;
	for (; *s != '\0' && n < DIR_NORM_MAX; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x80 || isalnum(c)) {
			if (!in_word && n < 64)
				*words |= 1ULL << n;
			in_word = 1;
			out[n++] = (char)(c >= 0x80 ? c : tolower(c));
		} else
			in_word = 0;
	}
	out[n] = '\0';
	return n;
}

struct builder {
	struct dir_index *idx;
	char *next;			/* free space in idx->text */
};

static void
add_key(struct builder *b, size_t entry, int kind, const char *src)
{
	struct dir_key *k = &b->idx->keys[b->idx->nkeys];
	size_t n;

	if (kind == DIR_KEY_NAME)
		n = normalize_words(src, b->next, &k->words);
	else {
		n = dir_normalize(src, b->next);
		k->words = 1;
	}
	if (n == 0)
		return;
	k->entry = (uint32_t)entry;
	k->kind = (uint8_t)kind;
	k->len = (uint8_t)n;
	k->mask = fuzzy_mask(b->next, n);
	k->text = b->next;
	b->next += n + 1;
	b->idx->nkeys++;
}

static int
dull(const char *label, size_t n)
{
	size_t i;

	for (i = 0; dull_labels[i] != NULL; i++)
		if (strlen(dull_labels[i]) == n &&
		    strncmp(dull_labels[i], label, n) == 0)
			return 1;
	return 0;
}

/* Keys for one domain: the domain and its telling labels; and the
 * lower-case domain in the domain map. */
static int
add_domain(struct builder *b, size_t entry, const char *domain)
{
	char label[64], *low = b->next;
	const char *p, *dot;
	size_t i, n;

	for (i = 0; domain[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)domain[i]);
	low[i] = '\0';
	b->next += i + 1;
	if (dir_strmap_put(&b->idx->domains, low, entry, NULL) == -1)
		return -1;
	add_key(b, entry, DIR_KEY_DOMAIN, low);
	for (p = low; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
		n = (size_t)(dot - p);
		if (n == 0 || n >= sizeof(label) || dull(p, n))
			continue;
		memcpy(label, p, n);
		label[n] = '\0';
		add_key(b, entry, DIR_KEY_LABEL, label);
	}
	return 0;
}

/* Upper bounds for the keys and their text. */
static void
sizes(const struct dir_set *set, size_t *nkeys, size_t *text)
{
	const struct dir_entry *e;
	size_t i, j;

	*nkeys = *text = 0;
	for (i = 0; i < set->n; i++) {
		e = &set->entries[i];
		*nkeys += 1;
		*text += strlen(e->name) + 1;
		for (j = 0; j <= e->additional_domains.n; j++) {
			const char *d = j == 0 ? e->domain :
			    e->additional_domains.v[j - 1];
			size_t len = strlen(d);

			*nkeys += 1 + len / 2 + 1;
			*text += 3 * (len + 1);
		}
	}
}

int
dir_index_build(struct dir_index *idx, const struct dir_set *set)
{
	struct builder b = { .idx = idx };
	const struct dir_entry *e;
	size_t nkeys, text, i, j;

	memset(idx, 0, sizeof(*idx));
	idx->set = set;
	sizes(set, &nkeys, &text);
	if ((idx->keys = calloc(nkeys ? nkeys : 1, sizeof(*idx->keys))) ==
	    NULL || (idx->text = malloc(text ? text : 1)) == NULL ||
	    dir_strmap_init(&idx->domains, set->n * 2) == -1)
		goto fail;
	b.next = idx->text;
	for (i = 0; i < set->n; i++) {
		e = &set->entries[i];
		add_key(&b, i, DIR_KEY_NAME, e->name);
		if (add_domain(&b, i, e->domain) == -1)
			goto fail;
	}
	/* Additional domains second: a primary domain wins the map. */
	for (i = 0; i < set->n; i++) {
		e = &set->entries[i];
		for (j = 0; j < e->additional_domains.n; j++)
			if (add_domain(&b, i, e->additional_domains.v[j]) == -1)
				goto fail;
	}
	return 0;
fail:
	dir_index_free(idx);
	return -1;
}

void
dir_index_free(struct dir_index *idx)
{
	free(idx->keys);
	free(idx->text);
	dir_strmap_free(&idx->domains);
	memset(idx, 0, sizeof(*idx));
}

const struct dir_entry *
dir_index_domain(const struct dir_index *idx, const char *domain)
{
	char low[254];
	size_t i, at;

	for (i = 0; domain[i] != '\0'; i++) {
		if (i == sizeof(low) - 1)
			return NULL;
		low[i] = (char)tolower((unsigned char)domain[i]);
	}
	low[i] = '\0';
	if (dir_strmap_get(&idx->domains, low, &at) == -1)
		return NULL;
	return &idx->set->entries[at];
}
