/*
 * hook_int.h -- what the provider files (twilio.c, generic.c,
 * smsgate.c) share: header access, field checks that copy into a
 * struct sms_msg, timestamps, and JSON access. Private to src/sms/.
 *
 * Every helper returns an enum sms_hook_rc (SMS_HOOK_OK or the reason)
 * and words e without quoting message text.
 */
#ifndef KAITO_SMS_HOOK_INT_H
#define KAITO_SMS_HOOK_INT_H

#include <jansson.h>

#include "sms/hook.h"

/* Header name: its value and length, at most cap bytes. Returns
 * SMS_HOOK_OK, or SMS_HOOK_SIGNATURE when it is absent, empty or longer
 * (the headers this is used for are all part of a signature). */
int hook_sig_header(const struct sms_hook_in *in, const char *name,
    size_t cap, const char **v, size_t *n, struct errbuf *e);

/* Unix seconds from decimal digits (a signature timestamp header).
 * Returns 0 or -1. */
int hook_parse_unix(const char *s, size_t n, int64_t *t);

/* SMS_HOOK_OK when t is within LIMIT_SMS_TOLERANCE of now, else
 * SMS_HOOK_STALE. */
int hook_check_fresh(int64_t t, int64_t now, struct errbuf *e);

/* 1 when the n-byte tags a and b are equal; constant time. */
int hook_tag_equal(const unsigned char *a, const unsigned char *b,
    size_t n);

/* Checked copies into m. what names the field in messages. */
int hook_set_id(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e);
int hook_set_from(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e);
/* to must be E.164 (SMS_HOOK_MALFORMED otherwise). */
int hook_set_to(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e);
/* Valid UTF-8; C0 controls other than tab, LF, CR, and DEL, become
 * spaces (a stored text must not drive a terminal). */
int hook_set_body(struct sms_msg *m, const char *s, size_t n,
    const char *what, struct errbuf *e);

/* Parse a JSON body that must be an object (duplicate keys refused).
 * Returns SMS_HOOK_OK with *root owned by the caller, or
 * SMS_HOOK_MALFORMED. */
int hook_json_object(const char *body, size_t n, json_t **root,
    struct errbuf *e);

/* String member key of o: *s and *n borrowed from o. Absent or null:
 * SMS_HOOK_MISSING when required, else SMS_HOOK_OK with *s = NULL.
 * Another type: SMS_HOOK_MALFORMED. */
int hook_json_str(json_t *o, const char *key, int required,
    const char **s, size_t *n, struct errbuf *e);

#endif
