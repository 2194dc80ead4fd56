/*
 * directory_link.h -- the vault's link to the 2FA directory.
 *
 * Why: a token whose issuer names a service in the directory shows what
 * that service supports (methods, documentation, score) next to it, and
 * the team's readiness report scores every token. The match is
 * directory_match()'s, which prefers no answer to a wrong one.
 */
#ifndef KAITO_API_DIRECTORY_LINK_H
#define KAITO_API_DIRECTORY_LINK_H

#include <jansson.h>

/* The directory entry for a token's issuer as a JSON object, or JSON
 * null when none matches or no directory is loaded. Never NULL except on
 * out of memory. */
json_t *directory_link_json(const char *issuer);

#endif
