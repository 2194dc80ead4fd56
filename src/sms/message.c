/*
 * message.c -- see message.h.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "sms/extract.h"
#include "sms/message.h"

void
sms_content_from_msg(const struct sms_msg *m, const char *number,
    struct sms_content *c)
{
	struct sms_extract x;

	memset(c, 0, sizeof(*c));
	snprintf(c->from, sizeof(c->from), "%s", m->from);
	snprintf(c->to, sizeof(c->to), "%s", m->to[0] != '\0' ? m->to :
	    number);
	memcpy(c->body, m->body, m->body_len);
	c->body[m->body_len] = '\0';
	if (sms_extract(m->body, m->body_len, &x) == 0) {
		memcpy(c->code, x.code, sizeof(c->code));
		memcpy(c->service, x.service, sizeof(c->service));
	}
	sms_extract_clear(&x);
}

char *
sms_content_dump(const struct sms_content *c, size_t *len)
{
	json_t *o;
	char *s;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "from", c->from,
	    "to", c->to, "body", c->body, "code", c->code,
	    "service", c->service);
	if (o == NULL)
		return NULL;
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s != NULL)
		*len = strlen(s);
	return s;
}

/* Copy string member key of o into dst (cap bytes). */
static int
member(json_t *o, const char *key, char *dst, size_t cap)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) >= cap)
		return -1;
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

int
sms_content_load(const char *s, size_t len, struct sms_content *c)
{
	json_t *o;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if ((o = json_loadb(s, len, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return -1;
	if (json_is_object(o) &&
	    member(o, "from", c->from, sizeof(c->from)) == 0 &&
	    member(o, "to", c->to, sizeof(c->to)) == 0 &&
	    member(o, "body", c->body, sizeof(c->body)) == 0 &&
	    member(o, "code", c->code, sizeof(c->code)) == 0 &&
	    member(o, "service", c->service, sizeof(c->service)) == 0)
		rc = 0;
	json_decref(o);
	if (rc == -1)
		sms_content_clear(c);
	return rc;
}

static json_t *
str_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

json_t *
sms_message_json(int64_t id, int64_t inbox, int64_t received_at,
    const struct sms_content *c)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:I}",
	    "id", (json_int_t)id, "inbox", (json_int_t)inbox,
	    "from", c->from, "to", c->to, "body", c->body,
	    "code", str_or_null(c->code), "service", str_or_null(c->service),
	    "received_at", (json_int_t)received_at);
}

void
sms_content_clear(struct sms_content *c)
{
	if (c != NULL)
		sodium_memzero(c, sizeof(*c));
}
