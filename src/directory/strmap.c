/*
 * strmap.c -- see strmap.h. Linear probing, FNV-1a, load at most 1/2.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "directory/strmap.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

int
dir_strmap_init(struct dir_strmap *m, size_t expected)
{
	size_t cap = 16;

	while (cap < expected * 2)
		cap *= 2;
	m->n = 0;
	m->cap = cap;
	if ((m->slots = calloc(cap, sizeof(*m->slots))) == NULL)
		return -1;
	return 0;
}

void
dir_strmap_free(struct dir_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

static struct dir_strmap_slot *
find(const struct dir_strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static int
grow(struct dir_strmap *m)
{
	struct dir_strmap old = *m;
	size_t i;

	if (dir_strmap_init(m, old.cap) == -1) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL) {
			*find(m, old.slots[i].key) = old.slots[i];
			m->n++;
		}
	free(old.slots);
	return 0;
}

int
dir_strmap_put(struct dir_strmap *m, const char *key, size_t val,
    size_t *old)
{
	struct dir_strmap_slot *s;

	if ((m->n + 1) * 2 > m->cap && grow(m) == -1)
		return -1;
	s = find(m, key);
	if (s->key != NULL) {
		if (old != NULL)
			*old = s->val;
		return 1;
	}
	s->key = key;
	s->val = val;
	m->n++;
	return 0;
}

int
dir_strmap_get(const struct dir_strmap *m, const char *key, size_t *val)
{
	const struct dir_strmap_slot *s;

	if (m->cap == 0)
		return -1;
	s = find(m, key);
	if (s->key == NULL)
		return -1;
	*val = s->val;
	return 0;
}
