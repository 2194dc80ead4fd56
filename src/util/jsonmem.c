/*
 * jsonmem.c -- see jsonmem.h. glibc's malloc_usable_size() tells how many
 * bytes a block spans, so the free function can wipe all of it without
 * jansson passing a size.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "util/jsonmem.h"

static void
jsonmem_free(void *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

void
jsonmem_init(void)
{
	json_set_alloc_funcs(malloc, jsonmem_free);
}

void
jsonmem_free_string(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	jsonmem_free(s);
}
