/*
 * keycheck.h -- does this root key belong to this database?
 *
 * Why: starting with the wrong key file (a restore gone wrong) would make
 * every seed fail to open at its first use. Instead `kaito init` seals a
 * known value into the database, and every start opens it first, so a
 * mismatch is one clear error at start-up.
 */
#ifndef KAITO_VAULT_KEYCHECK_H
#define KAITO_VAULT_KEYCHECK_H

#include "store/store.h"
#include "util/errbuf.h"

/* Seal and store the check value (inside a transaction). 0 or -1. */
int keycheck_create(struct store *st);

/* Returns 0 when the loaded root key opens the check value; -1 with e
 * set otherwise. */
int keycheck_verify(struct store *st, struct errbuf *e);

#endif
