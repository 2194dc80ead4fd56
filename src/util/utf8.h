/*
 * utf8.h -- UTF-8 validation for names that reach JSON, logs and the UI.
 *
 * Why: issuer and account names come from untrusted URIs and exports and
 * end up in JSON (which must be valid UTF-8) and on terminals (where a
 * control character can rewrite what the operator sees).
 */
#ifndef KAITO_UTF8_H
#define KAITO_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no NUL), else 0. */
int utf8_valid(const char *s, size_t n);

/* 1 if s[0..n) holds a C0 control, DEL or a C1 control (U+0080..U+009F),
 * else 0. s must be valid UTF-8. */
int utf8_has_control(const char *s, size_t n);

#endif
