/*
 * e164.h -- E.164 telephone numbers, as an inbox is configured with them
 * and as providers report them.
 *
 * Why: the inbox number is how an admin tells which phone a webhook
 * speaks for, and the number a provider says a text was sent to must be
 * compared with it byte for byte. So there is one canonical form, "+"
 * and the digits, and anything an admin may type is brought to it or
 * refused with a reason.
 */
#ifndef KAITO_SMS_E164_H
#define KAITO_SMS_E164_H

#include <stddef.h>

#include "util/errbuf.h"

/* "+" and at most 15 digits, and the NUL. */
#define E164_MAX	16

/*
 * 1 if s[0..n) is a canonical E.164 number: '+', a country code that the
 * ITU has assigned, and 7 to 15 digits in all (exactly 11 for +1, the
 * North American plan); else 0.
 */
int e164_valid(const char *s, size_t n);

/*
 * Bring what a person typed to the canonical form: spaces, '-', '.', '(',
 * ')' and '/' between digits are dropped; the number must start with
 * '+' (or "00", the international prefix of most countries). Writes
 * out (E164_MAX + 1 bytes). Returns 0, or -1 with e set.
 */
int e164_normalize(const char *s, char out[E164_MAX + 1], struct errbuf *e);

#endif
