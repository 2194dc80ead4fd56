/*
 * validate.c -- the schema rules of validate.h, as code.
 *
 * Each check returns 0 or -1 with the field and the rule in e, so that an
 * import report reads "Example [UK]: regions[0]: not a region code".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "directory/validate.h"
#include "kaito_limits.h"
#include "util/utf8.h"

/* A string field: no NUL, no control character, capped. */
static int
check_text(json_t *v, const char *field, size_t minchars, struct errbuf *e)
{
	const char *s;
	size_t n, i, chars = 0;

	if (!json_is_string(v))
		return errbuf_set(e, "%s: not a string", field);
	s = json_string_value(v);
	n = json_string_length(v);
	if (strlen(s) != n)
		return errbuf_set(e, "%s: contains a NUL character", field);
	if (n > LIMIT_DIR_STRING)
		return errbuf_set(e, "%s: longer than %d bytes", field,
		    LIMIT_DIR_STRING);
	if (!utf8_valid(s, n) || utf8_has_control(s, n))
		return errbuf_set(e, "%s: contains a control character",
		    field);
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	if (chars < minchars)
		return errbuf_set(e, "%s: shorter than %zu characters", field,
		    minchars);
	return 0;
}

static int
label_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

int
dir_valid_domain(const char *s)
{
	const char *dot;
	size_t n = strlen(s);

	if (n == 0 || n > 253 || strchr(s, '.') == NULL)
		return 0;
	while ((dot = strchr(s, '.')) != NULL) {
		if (!label_ok(s, (size_t)(dot - s)))
			return 0;
		s = dot + 1;
	}
	return label_ok(s, strlen(s));
}

int
dir_valid_http_uri(const char *s)
{
	const char *p;

	if (strncasecmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return 0;
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return 0;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("\"<>\\^`{|}", *p))
			return 0;
	return 1;
}

int
dir_valid_date(const char *s)
{
	int i, m, d;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return 0;
	if (s[10] != '\0')
		return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int
valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strlen(s) > 254)
		return 0;
	for (i = 0; s + i < at; i++)
		if (s[i] <= 0x20 || s[i] == 0x7f || strchr("<>\"\\", s[i]))
			return 0;
	return dir_valid_domain(at + 1);
}

/* ^[a-z]{min,max}$, optionally after one leading '-'. */
static int
lower_word(const char *s, size_t min, size_t max, int dash)
{
	size_t n;

	if (dash && *s == '-')
		s++;
	n = strlen(s);
	if (n < min || n > max)
		return 0;
	for (; *s != '\0'; s++)
		if (*s < 'a' || *s > 'z')
			return 0;
	return 1;
}

static int
img_ok(const char *s)
{
	const char *dot = strrchr(s, '.');
	size_t i;

	if (dot == NULL || dot == s ||
	    (strcmp(dot, ".png") != 0 && strcmp(dot, ".svg") != 0))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr("_-+.", s[i]))
			return 0;
	return 1;
}

enum item_kind {
	ITEM_TEXT, ITEM_METHOD, ITEM_CATEGORY, ITEM_REGION, ITEM_DOMAIN
};

static int
check_item(json_t *v, const char *field, size_t i, enum item_kind kind,
    struct errbuf *e)
{
	char where[64];
	const char *s;

	snprintf(where, sizeof(where), "%s[%zu]", field, i);
	if (check_text(v, where, kind == ITEM_TEXT ? 1 : 0, e) == -1)
		return -1;
	s = json_string_value(v);
	switch (kind) {
	case ITEM_METHOD:
		if (dir_method_parse(s) == -1 ||
		    dir_method_parse(s) == DIR_BIOMETRIC)
			return errbuf_set(e, "%s: unknown method '%.40s'",
			    where, s);
		break;
	case ITEM_CATEGORY:
		if (!lower_word(s, 1, 32, 0))
			return errbuf_set(e, "%s: not a category id", where);
		break;
	case ITEM_REGION:
		if (!lower_word(s, 2, 2, 1))
			return errbuf_set(e, "%s: not a region code", where);
		break;
	case ITEM_DOMAIN:
		if (!dir_valid_domain(s))
			return errbuf_set(e, "%s: not a host name", where);
		break;
	case ITEM_TEXT:
		break;
	}
	return 0;
}

/* A non-empty array of unique items of one kind. */
static int
check_array(json_t *v, const char *field, enum item_kind kind,
    struct errbuf *e)
{
	size_t i, j;

	if (!json_is_array(v))
		return errbuf_set(e, "%s: not an array", field);
	if (json_array_size(v) == 0)
		return errbuf_set(e, "%s: empty", field);
	if (json_array_size(v) > LIMIT_DIR_ARRAY)
		return errbuf_set(e, "%s: more than %d items", field,
		    LIMIT_DIR_ARRAY);
	for (i = 0; i < json_array_size(v); i++) {
		if (check_item(json_array_get(v, i), field, i, kind, e) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(v, i),
			    json_array_get(v, j)))
				return errbuf_set(e, "%s[%zu]: duplicate",
				    field, i);
	}
	return 0;
}

static int
check_link(json_t *v, const char *field, struct errbuf *e)
{
	if (check_text(v, field, 1, e) == -1)
		return -1;
	if (!dir_valid_http_uri(json_string_value(v)))
		return errbuf_set(e, "%s: not an http(s) URI", field);
	return 0;
}

/* 1 when a contact field is well-formed, 0 when not, -1 when unknown. */
static int
contact_field_ok(const char *k, const char *s)
{
	static const char word[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";

	if (strcmp(k, "email") == 0)
		return valid_email(s);
	if (strcmp(k, "form") == 0)
		return dir_valid_http_uri(s);
	if (strcmp(k, "language") == 0)
		return lower_word(s, 2, 2, 0);
	if (strcmp(k, "twitter") == 0)
		return strlen(s) <= 15 && strspn(s, word) == strlen(s);
	if (strcmp(k, "facebook") == 0)
		return 1;
	return -1;
}

static int
check_contact(json_t *c, struct errbuf *e)
{
	const char *k;
	json_t *v;
	int ok;

	if (!json_is_object(c))
		return errbuf_set(e, "contact: not an object");
	json_object_foreach(c, k, v) {
		if (check_text(v, "contact", 1, e) == -1)
			return -1;
		if ((ok = contact_field_ok(k, json_string_value(v))) != 1)
			return errbuf_set(e, "contact.%.32s: %s", k,
			    ok == -1 ? "unknown field" : "bad format");
	}
	if (json_object_get(c, "email") && json_object_get(c, "form"))
		return errbuf_set(e, "contact: has both email and form");
	return 0;
}

/* 1 if the tfa array lists method. */
static int
tfa_lists(json_t *tfa, const char *method)
{
	size_t i;

	for (i = 0; i < json_array_size(tfa); i++)
		if (json_is_string(json_array_get(tfa, i)) &&
		    strcmp(json_string_value(json_array_get(tfa, i)),
		    method) == 0)
			return 1;
	return 0;
}

static int
is_custom_key(const char *k)
{
	return strncmp(k, "custom-", 7) == 0 && lower_word(k + 7, 1, 32, 0);
}

/* One key of an entry-shaped object. */
static int
check_entry_key(const char *k, json_t *v, struct errbuf *e)
{
	if (strcmp(k, "domain") == 0) {
		if (check_text(v, k, 1, e) == -1)
			return -1;
		if (!dir_valid_domain(json_string_value(v)))
			return errbuf_set(e, "domain: not a host name");
		return 0;
	}
	if (!strcmp(k, "url") || !strcmp(k, "documentation") ||
	    !strcmp(k, "recovery"))
		return check_link(v, k, e);
	if (strcmp(k, "img") == 0) {
		if (check_text(v, k, 1, e) == -1)
			return -1;
		return img_ok(json_string_value(v)) ? 0 :
		    errbuf_set(e, "img: not a logo file name");
	}
	if (strcmp(k, "notes") == 0)
		return check_text(v, k, 10, e);
	if (strcmp(k, "tfa") == 0)
		return check_array(v, k, ITEM_METHOD, e);
	if (strcmp(k, "categories") == 0)
		return check_array(v, k, ITEM_CATEGORY, e);
	if (strcmp(k, "regions") == 0)
		return check_array(v, k, ITEM_REGION, e);
	if (strcmp(k, "additional-domains") == 0)
		return check_array(v, k, ITEM_DOMAIN, e);
	if (strcmp(k, "contact") == 0)
		return check_contact(v, e);
	if (is_custom_key(k))
		return check_array(v, k, ITEM_TEXT, e);
	return errbuf_set(e, "unknown field '%.40s'", k);
}

/* The rules that tie fields together. */
static int
check_entry_links(json_t *o, struct errbuf *e)
{
	static const char *const need_tfa[] = {
		"notes", "documentation", "recovery", NULL
	};
	json_t *tfa = json_object_get(o, "tfa");
	size_t i;

	if (json_object_get(o, "domain") == NULL)
		return errbuf_set(e, "domain: missing");
	if (json_object_get(o, "categories") == NULL)
		return errbuf_set(e, "categories: missing");
	if ((tfa == NULL) == (json_object_get(o, "contact") == NULL))
		return errbuf_set(e, tfa ? "has both tfa and contact" :
		    "needs tfa (2FA methods) or contact");
	for (i = 0; need_tfa[i] != NULL; i++)
		if (tfa == NULL && json_object_get(o, need_tfa[i]) != NULL)
			return errbuf_set(e, "%s: only allowed with tfa",
			    need_tfa[i]);
	if (json_object_get(o, "custom-software") &&
	    !tfa_lists(tfa, "custom-software"))
		return errbuf_set(e, "custom-software: tfa does not list it");
	if (json_object_get(o, "custom-hardware") &&
	    !tfa_lists(tfa, "custom-hardware"))
		return errbuf_set(e, "custom-hardware: tfa does not list it");
	return 0;
}

static int
check_v4_key(const char *k, json_t *v, struct errbuf *e)
{
	if (strcmp(k, "methods") == 0)
		return check_array(v, k, ITEM_METHOD, e);
	if (!strcmp(k, "documentation") || !strcmp(k, "recovery"))
		return check_link(v, k, e);
	if (strcmp(k, "notes") == 0)
		return check_text(v, k, 1, e);
	if (!strcmp(k, "custom-software") || !strcmp(k, "custom-hardware"))
		return check_array(v, k, ITEM_TEXT, e);
	if (strcmp(k, "contact") == 0)
		return check_contact(v, e);
	return errbuf_set(e, "unknown field '%.40s'", k);
}

static int
check_name(const char *name, struct errbuf *e)
{
	size_t n = strlen(name);

	if (n == 0 || n > LIMIT_NAME)
		return errbuf_set(e, "name: empty or longer than %d bytes",
		    LIMIT_NAME);
	if (!utf8_valid(name, n) || utf8_has_control(name, n))
		return errbuf_set(e, "name: contains a control character");
	return 0;
}

int
dir_validate(const char *name, const char *key, json_t *entry,
    enum dir_shape shape, struct errbuf *e)
{
	const char *k;
	json_t *v;

	if (!json_is_object(entry))
		return errbuf_set(e, "not a JSON object");
	if (shape == DIR_SHAPE_V4) {
		if (key == NULL || !dir_valid_domain(key))
			return errbuf_set(e, "key: not a host name");
		json_object_foreach(entry, k, v)
			if (check_v4_key(k, v, e) == -1)
				return -1;
		return 0;
	}
	if (name == NULL || check_name(name, e) == -1)
		return name == NULL ? errbuf_set(e, "name: missing") : -1;
	json_object_foreach(entry, k, v)
		if (strcmp(k, "name") != 0 && check_entry_key(k, v, e) == -1)
			return -1;
	return check_entry_links(entry, e);
}
