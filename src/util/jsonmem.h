/*
 * jsonmem.h -- make jansson wipe what it frees.
 *
 * Why: JSON documents carry seeds (a seed reveal, an import) and
 * passwords (a login body). jansson copies every string it holds, and its
 * free() would leave those copies in the heap. jsonmem_init() installs an
 * allocator that zeroes each block before freeing it, so every json_t and
 * every string from json_dumps() is wiped on release.
 */
#ifndef KAITO_JSONMEM_H
#define KAITO_JSONMEM_H

/* Install the wiping allocator. Call once, before any other jansson call. */
void jsonmem_init(void);

/* Wipe and free a string returned by json_dumps(). NULL-safe. */
void jsonmem_free_string(char *s);

#endif
