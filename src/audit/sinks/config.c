/*
 * config.c -- a sink's definition: checking it, splitting its secrets
 * out, sealing them, and parsing the stored form for the engine.
 *
 * Why: the API and the sinks file accept the same definition, so one
 * table says which member each type takes, of what kind and range, and
 * which members are secret (sealed at rest as "sinks:<id>:secret",
 * never shown again, never in a message). docs/audit.md section 10 lists
 * the members.
 *
 * FORMAT: the sinks row keeps config = the JSON object of the members
 *     that are not secret (with "type"), as given (defaults are applied
 *     when parsing, so a later release may change a default), and
 *     secret_sealed = seal(JSON object of the secret members).
 */
#include <limits.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/sinks/sink_int.h"
#include "audit/sinks/tls.h"
#include "kaito_limits.h"
#include "util/name.h"
#include "vault/seal.h"

#define T_SYSLOG	(1u << SINK_SYSLOG)
#define T_HEC		(1u << SINK_HEC)
#define T_WEBHOOK	(1u << SINK_WEBHOOK)
#define T_FILE		(1u << SINK_FILE)
#define T_ALL		(T_SYSLOG | T_HEC | T_WEBHOOK | T_FILE)

enum kind {
	K_TYPE,		/* "type" */
	K_WORD,		/* printable ASCII, no space */
	K_TEXT,		/* UTF-8 without control characters */
	K_PEM,		/* text with line ends */
	K_URL,
	K_PATH,
	K_INT,
	K_BOOL,
	K_ENUM,
	K_KEY		/* the webhook's HMAC key */
};

struct field {
	const char *key;
	unsigned types;		/* the sink types that take it */
	enum kind kind;
	int secret;		/* sealed, never shown */
	long min, max;		/* lengths, or the integer's range */
	long def;		/* integers: the default */
	size_t off;		/* in struct sink_config */
	const char *const *names;	/* K_ENUM: the values, in order */
};

static const char *const transports[] = { "tcp", "tls", "relp", NULL };
static const char *const formats[] = { "rfc5424", "cef", NULL };
static const char *const types[] = { "syslog", "hec", "webhook", "file",
    NULL };
static const char *const starts[] = { "beginning", "end", NULL };

#define OFF(m)	offsetof(struct sink_config, m)

static const struct field fields[] = {
	{ "type", T_ALL, K_TYPE, 0, 0, 0, 0, 0, types },
	{ "transport", T_SYSLOG, K_ENUM, 0, 0, 0, SINK_TLS, OFF(transport),
	    transports },
	{ "format", T_SYSLOG, K_ENUM, 0, 0, 0, SINK_FMT_RFC5424, OFF(format),
	    formats },
	{ "host", T_SYSLOG, K_WORD, 0, 1, 253, 0, OFF(host), NULL },
	{ "port", T_SYSLOG, K_INT, 0, 1, 65535, 0, OFF(port), NULL },
	{ "tls_ca", T_SYSLOG | T_HEC | T_WEBHOOK, K_PEM, 0, 1,
	    LIMIT_SINK_PEM, 0, OFF(tls_ca), NULL },
	{ "tls_cert", T_SYSLOG, K_PEM, 0, 1, LIMIT_SINK_PEM, 0, OFF(tls_cert),
	    NULL },
	{ "tls_key", T_SYSLOG, K_PEM, 1, 1, LIMIT_SINK_PEM, 0, OFF(tls_key),
	    NULL },
	{ "tls_server_name", T_SYSLOG, K_WORD, 0, 1, 253, 0,
	    OFF(tls_server_name), NULL },
	{ "hostname", T_SYSLOG | T_HEC, K_WORD, 0, 1, 255, 0, OFF(hostname),
	    NULL },
	{ "app_name", T_SYSLOG, K_WORD, 0, 1, 48, 0, OFF(app_name), NULL },
	{ "facility", T_SYSLOG, K_INT, 0, 0, 23, 13, OFF(facility), NULL },
	{ "sd_id", T_SYSLOG, K_WORD, 0, 1, 32, 0, OFF(sd_id), NULL },
	{ "confirm_events", T_SYSLOG, K_INT, 0, 1, 1000000, 10000,
	    OFF(confirm_events), NULL },
	{ "confirm_ms", T_SYSLOG, K_INT, 0, 10, 3600000, 1000,
	    OFF(confirm_ms), NULL },
	{ "url", T_HEC | T_WEBHOOK, K_URL, 0, 8, LIMIT_SINK_URL, 0, OFF(url),
	    NULL },
	{ "token", T_HEC, K_WORD, 1, 1, 256, 0, OFF(token), NULL },
	{ "ack", T_HEC, K_BOOL, 0, 0, 1, 0, OFF(ack), NULL },
	{ "index", T_HEC, K_TEXT, 0, 1, 128, 0, OFF(index), NULL },
	{ "source", T_HEC, K_TEXT, 0, 1, 128, 0, OFF(source), NULL },
	{ "sourcetype", T_HEC, K_TEXT, 0, 1, 128, 0, OFF(sourcetype), NULL },
	{ "secret", T_WEBHOOK, K_KEY, 1, 1, LIMIT_SMS_SECRET, 0, 0, NULL },
	{ "path", T_FILE, K_PATH, 0, 2, LIMIT_SINK_URL, 0, OFF(path), NULL },
	{ "batch_max", T_ALL, K_INT, 0, 1, LIMIT_SINK_BATCH, 500,
	    OFF(batch_max), NULL },
	{ "retry_max_s", T_ALL, K_INT, 0, 1, 3600, 60, OFF(retry_max_s),
	    NULL },
	{ "timeout_s", T_ALL, K_INT, 0, 1, 300, 30, OFF(timeout_s), NULL },
	{ NULL, 0, 0, 0, 0, 0, 0, 0, NULL }
};

/* Members of a definition that are not settings. */
static const char *const meta_keys[] = { "name", "enabled", "start", NULL };

const char *const sink_secret_keys[] = { "tls_key", "token", "secret",
    NULL };

json_t *
sink_unconst(const json_t *v)
{
	union {
		const json_t *c;
		json_t *m;
	} u = { .c = v };

	return u.m;
}

static const struct field *
field_find(const char *key)
{
	const struct field *f;

	for (f = fields; f->key != NULL; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

static int
is_meta(const char *key)
{
	size_t i;

	for (i = 0; meta_keys[i] != NULL; i++)
		if (strcmp(meta_keys[i], key) == 0)
			return 1;
	return 0;
}

static int
enum_index(const char *const *names, const char *v)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return -1;
}

/* "transport: must be tcp, tls or relp". Returns -1. */
static int
enum_error(const struct field *f, struct errbuf *e)
{
	char list[128];
	size_t i, len = 0;

	list[0] = '\0';
	for (i = 0; f->names[i] != NULL && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s%s", i == 0 ? "" : f->names[i + 1] == NULL ? " or " :
		    ", ", f->names[i]);
	return errbuf_set(e, "%s: must be %s", f->key, list);
}

/* The webhook key from its secret: "whsec_" + base64 (Standard
 * Webhooks), else the bytes as they are; at least 16 bytes of key. */
static int
webhook_key(const char *s, size_t n, unsigned char *key, size_t *klen,
    struct errbuf *e)
{
	static const char pfx[] = "whsec_";

	if (n > sizeof(pfx) - 1 && memcmp(s, pfx, sizeof(pfx) - 1) == 0) {
		if (sodium_base642bin(key, LIMIT_SMS_SECRET, s + 6, n - 6,
		    NULL, klen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
			return errbuf_set(e, "secret: a whsec_ secret must be "
			    "base64 after the prefix");
	} else {
		memcpy(key, s, n);
		*klen = n;
	}
	if (*klen < 16)
		return errbuf_set(e, "secret: the key must be at least 16 "
		    "bytes");
	return 0;
}

/* Check one string member's text by its kind. */
static int
check_text(const struct field *f, const char *s, size_t n, struct errbuf *e)
{
	size_t i;
	unsigned char ch;

	if ((long)n < f->min || (long)n > f->max)
		return errbuf_set(e, "%s: must be %ld to %ld bytes", f->key,
		    f->min, f->max);
	if (!jcs_utf8_valid(s, n))
		return errbuf_set(e, "%s: not UTF-8", f->key);
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		switch (f->kind) {
		case K_WORD:
		case K_URL:
			if (ch <= 0x20 || ch >= 0x7f)
				return errbuf_set(e, "%s: printable ASCII "
				    "without spaces only", f->key);
			break;
		case K_PEM:
			if ((ch < 0x20 && ch != '\n' && ch != '\r' &&
			    ch != '\t') || ch == 0x7f)
				return errbuf_set(e, "%s: not PEM text",
				    f->key);
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				return errbuf_set(e, "%s: no control "
				    "characters", f->key);
		}
	}
	if (f->kind == K_URL) {
		const char *auth, *end;

		if (strncmp(s, "https://", 8) == 0)
			auth = s + 8;
		else if (strncmp(s, "http://", 7) == 0)
			auth = s + 7;
		else
			return errbuf_set(e, "%s: must start with https:// "
			    "(or http://)", f->key);
		end = auth + strcspn(auth, "/?#");
		if (end == auth || memchr(auth, '@', (size_t)(end - auth)))
			return errbuf_set(e, "%s: needs a host, and no user "
			    "or password in it", f->key);
		if (strchr(s, '#') != NULL)
			return errbuf_set(e, "%s: no fragment", f->key);
	}
	if (f->kind == K_PATH && s[0] != '/')
		return errbuf_set(e, "%s: must be an absolute path", f->key);
	if (strcmp(f->key, "sd_id") == 0 && strpbrk(s, "=]\"") != NULL)
		return errbuf_set(e, "sd_id: no '=', ']' or '\"'");
	return 0;
}

void
sink_config_clear(struct sink_config *c)
{
	const struct field *f;
	char **p;

	for (f = fields; f->key != NULL; f++) {
		if (f->kind != K_WORD && f->kind != K_TEXT &&
		    f->kind != K_PEM && f->kind != K_URL && f->kind != K_PATH)
			continue;
		p = (char **)((char *)c + f->off);
		if (*p != NULL) {
			if (f->secret)
				sodium_memzero(*p, strlen(*p));
			free(*p);
		}
	}
	if (c->key != NULL) {
		sodium_memzero(c->key, c->key_len);
		free(c->key);
	}
	memset(c, 0, sizeof(*c));
}

/* Parse one member into c. */
static int
parse_member(struct sink_config *c, const struct field *f, const json_t *v,
    struct errbuf *e)
{
	const char *s;
	size_t n;
	json_int_t i;
	int k;

	switch (f->kind) {
	case K_TYPE:
		return 0;
	case K_INT:
		if (!json_is_integer(v) || (i = json_integer_value(v)) <
		    f->min || i > f->max)
			return errbuf_set(e, "%s: must be an integer from %ld "
			    "to %ld", f->key, f->min, f->max);
		*(int *)((char *)c + f->off) = (int)i;
		return 0;
	case K_BOOL:
		if (!json_is_boolean(v))
			return errbuf_set(e, "%s: must be true or false",
			    f->key);
		*(int *)((char *)c + f->off) = json_is_true(v);
		return 0;
	case K_ENUM:
		if (!json_is_string(v) || (k = enum_index(f->names,
		    json_string_value(v))) < 0)
			return enum_error(f, e);
		*(int *)((char *)c + f->off) = k;
		return 0;
	default:
		break;
	}
	if (!json_is_string(v))
		return errbuf_set(e, "%s: must be a string", f->key);
	s = json_string_value(v);
	n = json_string_length(v);
	if (strlen(s) != n)
		return errbuf_set(e, "%s: no NUL characters", f->key);
	if (check_text(f, s, n, e) == -1)
		return -1;
	if (f->kind == K_KEY) {
		if ((c->key = malloc(LIMIT_SMS_SECRET)) == NULL)
			return errbuf_set(e, "out of memory");
		return webhook_key(s, n, c->key, &c->key_len, e);
	}
	if ((*(char **)((char *)c + f->off) = strdup(s)) == NULL)
		return errbuf_set(e, "out of memory");
	return 0;
}

static int
set_default(char **p, const char *v)
{
	if (*p == NULL && (*p = strdup(v)) == NULL)
		return -1;
	return 0;
}

/* Apply defaults and the rules between members. */
static int
finish(struct sink_config *c, struct errbuf *e)
{
	char host[256];

	if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
		snprintf(host, sizeof(host), "kaito");
	host[sizeof(host) - 1] = '\0';
	c->batch_bytes = LIMIT_SINK_BATCH_BYTES;
	switch (c->type) {
	case SINK_SYSLOG:
		if (c->host == NULL || c->port == 0)
			return errbuf_set(e, "a syslog sink needs host and "
			    "port");
		if (c->transport == SINK_TLS && c->tls_ca == NULL)
			return errbuf_set(e, "tls_ca: a TLS sink needs the CA "
			    "certificate(s) it trusts");
		if (c->transport != SINK_TLS && (c->tls_ca != NULL ||
		    c->tls_cert != NULL || c->tls_key != NULL ||
		    c->tls_server_name != NULL))
			return errbuf_set(e, "tls_*: only with transport "
			    "tls");
		if ((c->tls_cert == NULL) != (c->tls_key == NULL))
			return errbuf_set(e, "tls_cert and tls_key go "
			    "together");
		if (c->transport == SINK_RELP && c->batch_max > 1000)
			c->batch_max = 1000;	/* RELP window */
		if (set_default(&c->tls_server_name, c->host) == -1 ||
		    set_default(&c->app_name, "kaito") == -1 ||
		    set_default(&c->sd_id, "kaito@32473") == -1)
			return errbuf_set(e, "out of memory");
		break;
	case SINK_HEC:
		if (c->url == NULL || c->token == NULL)
			return errbuf_set(e, "a hec sink needs url and token");
		if (set_default(&c->source, "kaito") == -1 ||
		    set_default(&c->sourcetype, "kaito:audit") == -1)
			return errbuf_set(e, "out of memory");
		break;
	case SINK_WEBHOOK:
		if (c->url == NULL || c->key == NULL)
			return errbuf_set(e, "a webhook sink needs url and "
			    "secret");
		break;
	case SINK_FILE:
		if (c->path == NULL)
			return errbuf_set(e, "a file sink needs path");
		break;
	}
	if (set_default(&c->hostname, host) == -1)
		return errbuf_set(e, "out of memory");
	return 0;
}

/* Parse the members of obj (config or secrets) for c->type. */
static int
parse_object(struct sink_config *c, const json_t *obj, int secrets,
    struct errbuf *e)
{
	const struct field *f;
	const char *key;
	json_t *v;

	json_object_foreach(sink_unconst(obj), key, v) {
		if ((f = field_find(key)) == NULL ||
		    !(f->types & (1u << c->type)))
			return errbuf_set(e, "%.64s: not a field of a %s sink",
			    key, types[c->type]);
		if (f->secret != secrets)
			return errbuf_set(e, "%s: stored in the wrong place",
			    key);
		if (parse_member(c, f, v, e) == -1)
			return -1;
	}
	return 0;
}

int
sink_config_parse(const json_t *config, const json_t *secrets,
    struct sink_config *c, struct errbuf *e)
{
	const struct field *f;
	const json_t *t;
	int k;

	memset(c, 0, sizeof(*c));
	e->msg[0] = '\0';
	t = json_object_get(config, "type");
	if (!json_is_string(t) || (k = enum_index(types,
	    json_string_value(t))) < 0)
		return errbuf_set(e, "type: must be syslog, hec, webhook or "
		    "file");
	c->type = (enum sink_type)k;
	for (f = fields; f->key != NULL; f++)
		if (f->kind == K_INT || f->kind == K_ENUM)
			*(int *)((char *)c + f->off) = (int)f->def;
	if (parse_object(c, config, 0, e) == -1 || (secrets != NULL &&
	    parse_object(c, secrets, 1, e) == -1) || finish(c, e) == -1) {
		sink_config_clear(c);
		return -1;
	}
	return 0;
}

int
sink_meta_check(const json_t *obj, int create, struct sink_meta *m,
    struct errbuf *e)
{
	const json_t *v;
	const char *s;

	m->name = NULL;
	m->enabled = -1;
	m->start = -1;
	if (!json_is_object(obj))
		return errbuf_set(e, "a sink is a JSON object");
	if ((v = json_object_get(obj, "name")) != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			return errbuf_set(e, "name: must be a string");
		s = json_string_value(v);
		if (strlen(s) != json_string_length(v) ||
		    name_check(s, strlen(s), "name", e) == -1)
			return e->msg[0] != '\0' ? -1 :
			    errbuf_set(e, "name: no NUL characters");
		m->name = s;
	} else if (create)
		return errbuf_set(e, "name: required");
	if ((v = json_object_get(obj, "enabled")) != NULL && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return errbuf_set(e, "enabled: must be true or false");
		m->enabled = json_is_true(v);
	}
	if ((v = json_object_get(obj, "start")) != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || (m->start = enum_index(starts,
		    json_string_value(v))) < 0)
			return errbuf_set(e, "start: must be beginning or "
			    "end");
	}
	if (create && json_object_get(obj, "type") == NULL)
		return errbuf_set(e, "type: required (syslog, hec, webhook "
		    "or file)");
	return 0;
}

int
sink_config_check(const json_t *obj, const json_t *base_config,
    const json_t *base_secrets, json_t **config, json_t **secrets,
    struct errbuf *e)
{
	struct sink_config c;
	const struct field *f;
	const char *key;
	json_t *v, *cfg, *sec;
	int rc = -1;

	*config = *secrets = NULL;
	cfg = base_config != NULL ? json_deep_copy(base_config) :
	    json_object();
	sec = base_secrets != NULL ? json_deep_copy(base_secrets) :
	    json_object();
	if (cfg == NULL || sec == NULL) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	json_object_foreach(sink_unconst(obj), key, v) {
		if (is_meta(key))
			continue;
		if ((f = field_find(key)) == NULL) {
			errbuf_set(e, "unknown field '%.64s'", key);
			goto out;
		}
		if (f->kind == K_TYPE && base_config != NULL &&
		    !json_equal(v, json_object_get(base_config, "type"))) {
			errbuf_set(e, "type: a sink's type cannot change");
			goto out;
		}
		if (json_is_null(v)) {
			if (f->kind == K_TYPE) {
				errbuf_set(e, "type: required");
				goto out;
			}
			json_object_del(f->secret ? sec : cfg, key);
			continue;
		}
		if (json_object_set(f->secret ? sec : cfg, key, v) == -1) {
			errbuf_set(e, "out of memory");
			goto out;
		}
	}
	if (sink_config_parse(cfg, sec, &c, e) == -1)
		goto out;
	if (c.type == SINK_SYSLOG && c.transport == SINK_TLS)
		rc = sink_tls_check(&c, e);
	else if (c.tls_ca != NULL)
		rc = sink_tls_check(&c, e);
	else
		rc = 0;
	sink_config_clear(&c);
	if (rc == -1)
		goto out;
	*config = cfg;
	cfg = NULL;
	if (json_object_size(sec) > 0) {
		*secrets = sec;
		sec = NULL;
	}
out:
	json_decref(cfg);
	json_decref(sec);	/* the jansson allocator wipes what it frees */
	return rc;
}

int
sink_secrets_seal(int64_t id, const json_t *secrets, unsigned char **out,
    size_t *n)
{
	char ad[SEAL_AD_MAX], *text;
	size_t len;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (secrets == NULL)
		return 0;
	if ((text = json_dumps(secrets, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL)
		return -1;
	len = strlen(text);
	seal_ad(ad, "sinks", id, "secret");
	if ((*out = malloc(len + SEAL_OVERHEAD)) != NULL &&
	    seal_seal((unsigned char *)text, len, ad, *out) == 0) {
		*n = len + SEAL_OVERHEAD;
		rc = 0;
	} else {
		free(*out);
		*out = NULL;
	}
	sodium_memzero(text, len);
	free(text);
	return rc;
}

int
sink_secrets_open(const struct sink_row *row, json_t **secrets)
{
	char ad[SEAL_AD_MAX];
	unsigned char *pt;
	size_t n;
	int rc = -1;

	*secrets = NULL;
	if (row->sealed == NULL)
		return 0;
	if (row->sealed_len < SEAL_OVERHEAD ||
	    (pt = malloc(row->sealed_len)) == NULL)
		return -1;
	seal_ad(ad, "sinks", row->id, "secret");
	if (seal_open(row->sealed, row->sealed_len, ad, pt, &n) == 0 &&
	    (*secrets = json_loadb((const char *)pt, n, 0, NULL)) != NULL &&
	    json_is_object(*secrets))
		rc = 0;
	else {
		json_decref(*secrets);
		*secrets = NULL;
	}
	sodium_memzero(pt, row->sealed_len);
	free(pt);
	return rc;
}
