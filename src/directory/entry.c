/*
 * entry.c -- sets of directory entries and the arena that holds their
 * strings; see entry.h.
 *
 * Why an arena: a dataset is about 2,600 entries of a dozen short strings
 * each, built once and dropped whole when a newer one replaces it. Bump
 * allocation in 64 KiB chunks makes building it cheap and freeing it one
 * walk over a few dozen chunks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory/entry.h"
#include "directory/score.h"
#include "kaito_limits.h"

#define ARENA_CHUNK	(64 * 1024)

struct dir_chunk {
	struct dir_chunk *next;
	size_t used, cap;
	max_align_t data[];		/* cap bytes */
};

struct dir_arena {
	struct dir_chunk *head;		/* the chunk being filled first */
};

static void *
arena_alloc(struct dir_arena *a, size_t n)
{
	struct dir_chunk *c = a->head;
	size_t align = sizeof(void *), cap;
	void *p;

	n = (n + align - 1) & ~(align - 1);
	if (c == NULL || c->cap - c->used < n) {
		cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if ((c = malloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

struct dir_set *
dir_set_new(void)
{
	struct dir_set *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->arena = calloc(1, sizeof(*s->arena))) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
dir_set_free(struct dir_set **sp)
{
	struct dir_set *s = *sp;
	struct dir_chunk *c, *next;

	if (s == NULL)
		return;
	for (c = s->arena->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(s->arena);
	free(s->entries);
	free(s);
	*sp = NULL;
}

struct dir_entry *
dir_set_add(struct dir_set *s)
{
	struct dir_entry *ne;
	size_t ncap;

	if (s->n >= LIMIT_DIR_ENTRIES)
		return NULL;
	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 256;
		if ((ne = realloc(s->entries, ncap * sizeof(*ne))) == NULL)
			return NULL;
		s->entries = ne;
		s->cap = ncap;
	}
	memset(&s->entries[s->n], 0, sizeof(s->entries[0]));
	return &s->entries[s->n++];
}

void
dir_set_drop_last(struct dir_set *s)
{
	if (s->n > 0)
		s->n--;
}

const char *
dir_set_strndup(struct dir_set *s, const char *str, size_t n)
{
	char *p;

	if ((p = arena_alloc(s->arena, n + 1)) == NULL)
		return NULL;
	memcpy(p, str, n);
	p[n] = '\0';
	return p;
}

const char *
dir_set_strdup(struct dir_set *s, const char *str)
{
	return dir_set_strndup(s, str, strlen(str));
}

const char **
dir_set_strv(struct dir_set *s, size_t n)
{
	return arena_alloc(s->arena, (n ? n : 1) * sizeof(const char *));
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct dir_entry *x = a, *y = b;
	int c;

	if ((c = strcasecmp(x->name, y->name)) != 0)
		return c;
	return strcmp(x->domain, y->domain);
}

void
dir_set_finish(struct dir_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		dir_score_entry(&s->entries[i]);
	if (s->n > 1)
		qsort(s->entries, s->n, sizeof(s->entries[0]), entry_cmp);
}

static const struct {
	const char *name;	/* the dataset's */
	const char *label;	/* for people */
} methods[DIR_METHODS] = {
	[DIR_TOTP] = { "totp", "TOTP (authenticator app)" },
	[DIR_U2F] = { "u2f", "Hardware security key (U2F/WebAuthn)" },
	[DIR_SMS] = { "sms", "SMS" },
	[DIR_EMAIL] = { "email", "Email" },
	[DIR_CALL] = { "call", "Phone call" },
	[DIR_BIOMETRIC] = { "biometric", "Biometric" },
	[DIR_CUSTOM_SOFTWARE] = { "custom-software", "Custom app" },
	[DIR_CUSTOM_HARDWARE] = { "custom-hardware", "Custom hardware" },
};

const char *
dir_method_name(enum dir_method m)
{
	return (unsigned)m < DIR_METHODS ? methods[m].name : "?";
}

const char *
dir_method_label(enum dir_method m)
{
	return (unsigned)m < DIR_METHODS ? methods[m].label : "?";
}

int
dir_method_parse(const char *name)
{
	int m;

	for (m = 0; m < DIR_METHODS; m++)
		if (strcmp(methods[m].name, name) == 0)
			return m;
	return -1;
}
