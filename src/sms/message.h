/*
 * message.h -- a received text as Kaito keeps it and shows it.
 *
 * Why: one verified webhook (hook.h) becomes one struct sms_content (the
 * text, its sender and recipient, the code and the service extracted
 * from it), which is sealed at rest as one JSON value and shown by the
 * API and the streams in one shape:
 *
 *     {"id","inbox","from","to","body","code","service","received_at"}
 *
 * with "code" and "service" null when none was found. Everything here
 * holds a one-time code: wipe with sms_content_clear().
 *
 * FORMAT (sealed, vault/sms_seal.h): {"from","to","body","code",
 *     "service"}, strings, "" for none; unknown members are ignored so
 *     the format can grow.
 */
#ifndef KAITO_SMS_MESSAGE_H
#define KAITO_SMS_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kaito_limits.h"
#include "sms/hook.h"

struct sms_content {
	char from[LIMIT_SMS_ADDR + 1];	/* as the provider wrote it */
	char to[LIMIT_SMS_ADDR + 1];	/* E.164; the inbox's number when
					 * the provider does not say */
	char body[LIMIT_SMS_BODY + 1];	/* the text */
	char code[LIMIT_SMS_CODE + 1];	/* extracted; "" for none */
	char service[LIMIT_SMS_SERVICE + 1];	/* extracted; "" for none */
};

/* Fill *c from a verified message: copy it, and extract its code and
 * service (extract.h). number stands for an empty m->to. */
void sms_content_from_msg(const struct sms_msg *m, const char *number,
    struct sms_content *c);

/* The sealed form: a new string (jansson's allocator, so release it
 * with jsonmem_free_string(), which wipes it), *len bytes; NULL on out
 * of memory. */
char *sms_content_dump(const struct sms_content *c, size_t *len);

/* Parse the sealed form. Returns 0, or -1 when it is not that format. */
int sms_content_load(const char *s, size_t len, struct sms_content *c);

/* The message as the API and the streams show it; NULL on out of memory. */
json_t *sms_message_json(int64_t id, int64_t inbox, int64_t received_at,
    const struct sms_content *c);

/* Wipe *c. NULL-safe. */
void sms_content_clear(struct sms_content *c);

#endif
