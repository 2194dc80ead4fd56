/*
 * store/meta.h -- install-wide values (key check, install id, settings).
 */
#ifndef KAITO_STORE_META_H
#define KAITO_STORE_META_H

#include <stddef.h>

#include "store/store.h"

/* Read meta key into a new buffer (caller frees; wipe if secret).
 * Returns 0, STORE_NOTFOUND or -1. */
int store_meta_get(struct store *st, const char *key, unsigned char **val,
    size_t *n);

/* Insert or replace. Returns 0 or -1. */
int store_meta_put(struct store *st, const char *key,
    const unsigned char *val, size_t n);

/* Settings: text values by key. get fills out (cap bytes) or returns
 * STORE_NOTFOUND; put inserts or replaces. */
int store_setting_get(struct store *st, const char *key, char *out,
    size_t cap);
int store_setting_put(struct store *st, const char *key, const char *value);

#endif
