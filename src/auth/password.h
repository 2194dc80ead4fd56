/*
 * password.h -- argon2id password hashes (libsodium crypto_pwhash_str).
 *
 * Why: users' passwords are stored only as argon2id strings, with
 * libsodium's interactive limits (64 MiB, 2 passes), so a stolen database
 * costs an attacker a lot per guess.
 */
#ifndef KAITO_AUTH_PASSWORD_H
#define KAITO_AUTH_PASSWORD_H

#include <stddef.h>

#include "util/errbuf.h"

#define PASSWORD_HASH_LEN 128	/* crypto_pwhash_STRBYTES */

/* Check length rules (LIMIT_PASSWORD_MIN..MAX bytes). 0 or -1 with e. */
int password_check_policy(const char *pw, size_t n, struct errbuf *e);

/* Hash n bytes of pw into out. Returns 0 or -1 (out of memory). */
int password_hash(const char *pw, size_t n, char out[PASSWORD_HASH_LEN]);

/* 1 if pw matches hash, else 0. Takes the same time whether the user
 * exists or not when called with hash NULL (a dummy hash is verified). */
int password_verify(const char *hash, const char *pw, size_t n);

/* Write a new random password (24 characters, ~140 bits) into out. */
void password_generate(char out[25]);

#endif
