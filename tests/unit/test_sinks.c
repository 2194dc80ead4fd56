/*
 * test_sinks.c -- the SIEM sinks without sockets: the escaping of RFC 5424
 * structured data and of CEF, one event in each format, the checking of
 * definitions (a bad one gets an error naming the field and never quoting
 * a secret), the split of secrets, and sealing them to their row.
 */
#define _GNU_SOURCE
#include <unistd.h>

#include <sodium.h>

#include "unit.h"

#include "audit/sinks/sink_int.h"
#include "vault/keys.h"

static char key_path[64];

static int
setup(void **state)
{
	struct errbuf e;

	(void)state;
	assert_int_equal(sodium_init() >= 0, 1);
	snprintf(key_path, sizeof(key_path), "/tmp/kaito-sinks-%d.key",
	    (int)getpid());
	unlink(key_path);
	if (keys_create_file(key_path, &e) == -1 ||
	    keys_load(key_path, &e) == -1)
		fail_msg("%s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	keys_unload();
	unlink(key_path);
	return 0;
}

/* --- escaping ------------------------------------------------------------- */

typedef int (*esc_fn)(struct jcs_buf *, const char *, size_t);

static const struct {
	const char *name;
	esc_fn fn;
	const char *in, *out;
} esc_cases[] = {
	{ "sd plain", sink_esc_sd, "ops", "ops" },
	{ "sd quote", sink_esc_sd, "N\"S", "N\\\"S" },
	{ "sd backslash", sink_esc_sd, "a\\b", "a\\\\b" },
	{ "sd bracket", sink_esc_sd, "x]y", "x\\]y" },
	{ "sd all", sink_esc_sd, "\"\\]", "\\\"\\\\\\]" },
	{ "sd others kept", sink_esc_sd, "a=b [c] 'd'", "a=b [c\\] 'd'" },
	{ "sd utf-8", sink_esc_sd, "caf\xc3\xa9", "caf\xc3\xa9" },
	{ "cef header pipe", sink_esc_cef_header, "a|b", "a\\|b" },
	{ "cef header backslash", sink_esc_cef_header, "a\\b", "a\\\\b" },
	{ "cef header equals kept", sink_esc_cef_header, "a=b", "a=b" },
	{ "cef header newline", sink_esc_cef_header, "a\nb\rc", "a b c" },
	{ "cef value equals", sink_esc_cef_value, "a=b", "a\\=b" },
	{ "cef value backslash", sink_esc_cef_value, "a\\b", "a\\\\b" },
	{ "cef value pipe kept", sink_esc_cef_value, "a|b", "a|b" },
	{ "cef value newline", sink_esc_cef_value, "a\nb", "a\\nb" },
	{ "cef value cr", sink_esc_cef_value, "a\r\nb", "a\\r\\nb" },
	{ "cef value mixed", sink_esc_cef_value, "k=v\\\n", "k\\=v\\\\\\n" },
};

static void
test_escaping(void **state)
{
	struct jcs_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(esc_cases); i++) {
		assert_int_equal(jcs_buf_init(&b, 1024), 0);
		assert_int_equal(esc_cases[i].fn(&b, esc_cases[i].in,
		    strlen(esc_cases[i].in)), 0);
		if (strcmp(b.p, esc_cases[i].out) != 0)
			fail_msg("%s: got '%s', want '%s'", esc_cases[i].name,
			    b.p, esc_cases[i].out);
		jcs_buf_free(&b);
	}
}

/* --- formats -------------------------------------------------------------- */

#define T(s)	{ s, sizeof(s) - 1 }
#define TNULL	{ NULL, 0 }

static const struct audit_row row = {
	.seq = 1017,
	.ts_us = 1736936625123456LL,
	.actor_type = T("user"),
	.actor_id = 7,
	.actor_email = T("alice@example.com"),
	.ip = T("203.0.113.7"),
	.user_agent = T("curl/7.88"),
	.channel = T("api"),
	.action = T("token.code.view"),
	.target_type = T("token"),
	.target_id = 42,
	.target_name = T("N\"S\\1] a=b\nc"),
	.outcome = T("success"),
	.details = T("{\"group\":\"ops\"}"),
};

static const char event_json[] = "{\"seq\":1017}";

static void
event_of(struct sink_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->row = &row;
	ev->json = event_json;
	ev->json_len = strlen(event_json);
	memset(ev->lh, 'a', 64);
	snprintf(ev->id, sizeof(ev->id), "3f2a9c:1017");
}

/* Parse a definition as the engine gets it: checked, split, parsed. */
static void
config_of(struct sink_config *c, const char *json)
{
	struct errbuf e;
	json_t *def = json_loads(json, 0, NULL), *cfg, *sec;

	assert_non_null(def);
	if (sink_config_check(def, NULL, NULL, &cfg, &sec, &e) == -1 ||
	    sink_config_parse(cfg, sec, c, &e) == -1)
		fail_msg("%s", e.msg);
	json_decref(def);
	json_decref(cfg);
	json_decref(sec);
}

static void
test_rfc5424(void **state)
{
	struct sink_config c;
	struct sink_event ev;
	struct jcs_buf b;
	char want[512];

	(void)state;
	config_of(&c, "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"hostname\":\"kaito.example.com\"}");
	event_of(&ev);
	assert_int_equal(jcs_buf_init(&b, 65536), 0);
	assert_int_equal(sink_format_5424(&c, &ev, &b), 0);
	snprintf(want, sizeof(want), "<110>1 2025-01-15T10:23:45.123456Z "
	    "kaito.example.com kaito %d token.code.view [kaito@32473 "
	    "id=\"3f2a9c:1017\" seq=\"1017\" action=\"token.code.view\" "
	    "outcome=\"success\" actor_type=\"user\" actor_id=\"7\" "
	    "actor_email=\"alice@example.com\" ip=\"203.0.113.7\" "
	    "channel=\"api\" target_type=\"token\" target_id=\"42\" "
	    "target_name=\"N\\\"S\\\\1\\] a=b\nc\" lh=\"%.64s\"] "
	    "\xEF\xBB\xBF{\"seq\":1017}", (int)getpid(), ev.lh);
	assert_string_equal(b.p, want);
	jcs_buf_free(&b);
	sink_config_clear(&c);
}

static void
test_cef(void **state)
{
	struct sink_config c;
	struct sink_event ev;
	struct jcs_buf b;
	const char *msg;

	(void)state;
	config_of(&c, "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"format\":\"cef\",\"facility\":10,"
	    "\"hostname\":\"kaito.example.com\"}");
	event_of(&ev);
	assert_int_equal(jcs_buf_init(&b, 65536), 0);
	assert_int_equal(sink_format_cef(&c, &ev, &b), 0);
	assert_true(strncmp(b.p, "<86>1 2025-01-15T10:23:45.123456Z "
	    "kaito.example.com kaito ", 57) == 0);
	assert_non_null(msg = strstr(b.p, " token.code.view - CEF:0|"));
	msg += strlen(" token.code.view - ");
	assert_true(strncmp(msg, "CEF:0|Kaito|Kaito|", 18) == 0);
	assert_non_null(strstr(msg, "|token.code.view|Shared code viewed|3|"
	    "rt=1736936625123 externalId=3f2a9c:1017 act=token.code.view "));
	assert_non_null(strstr(msg, " cs3Label=targetName "
	    "cs3=N\"S\\\\1] a\\=b\\nc "));
	assert_non_null(strstr(msg, " src=203.0.113.7 "));
	assert_non_null(strstr(msg, " cs6={\"group\":\"ops\"} "));
	assert_null(strchr(b.p, '\n'));
	jcs_buf_free(&b);
	sink_config_clear(&c);
}

static void
test_hec_and_webhook(void **state)
{
	struct sink_config c;
	struct sink_event ev;
	struct jcs_buf b;
	json_t *j;

	(void)state;
	config_of(&c, "{\"type\":\"hec\",\"url\":\"https://h:8088\","
	    "\"index\":\"sec\",\"hostname\":\"k\",\"token\":\"t\"}");
	event_of(&ev);
	assert_int_equal(jcs_buf_init(&b, 65536), 0);
	assert_int_equal(sink_format_hec(&c, &ev, &b), 0);
	assert_non_null(j = json_loads(b.p, 0, NULL));
	assert_true(json_real_value(json_object_get(j, "time")) >
	    1736936625.12);
	assert_string_equal(json_string_value(json_object_get(j, "index")),
	    "sec");
	assert_string_equal(json_string_value(json_object_get(j,
	    "sourcetype")), "kaito:audit");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(j, "fields"), "kaito_id")), "3f2a9c:1017");
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(j, "event"), "seq")), 1017);
	json_decref(j);
	b.len = 0;
	assert_int_equal(sink_format_webhook(&c, &ev, &b), 0);
	assert_string_equal(b.p, "{\"id\":\"3f2a9c:1017\",\"event\":"
	    "{\"seq\":1017}}");
	b.len = 0;
	assert_int_equal(sink_format_line(&c, &ev, &b), 0);
	assert_string_equal(b.p, "{\"seq\":1017}\n");
	jcs_buf_free(&b);
	sink_config_clear(&c);
}

static void
test_time(void **state)
{
	char t[32];

	(void)state;
	sink_time_rfc3339(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00.000000Z");
	sink_time_rfc3339(1736936625000001LL, t);
	assert_string_equal(t, "2025-01-15T10:23:45.000001Z");
}

/* --- definitions ---------------------------------------------------------- */

#define SECRET	"S3cr3t-never-shown-0123456789"

static const struct {
	const char *def;
	const char *error;	/* NULL: accepted */
} defs[] = {
	{ "{\"type\":\"syslog\",\"host\":\"siem\",\"port\":6514,"
	    "\"transport\":\"tcp\"}", NULL },
	{ "{\"type\":\"syslog\"}", "a syslog sink needs host and port" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":0}",
	    "port: must be an integer from 1 to 65535" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":\"514\"}",
	    "port: must be an integer" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"udp\"}", "transport: must be tcp, tls or relp" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"format\":\"leef\"}", "format: must be rfc5424 or cef" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1}",
	    "tls_ca: a TLS sink needs the CA" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"tls_ca\":\"not a pem\"}", "tls_ca: no PEM certificate" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"relp\",\"tls_ca\":\"x\"}",
	    "tls_*: only with transport tls" },
	{ "{\"type\":\"syslog\",\"host\":\"a b\",\"port\":1}",
	    "host: printable ASCII without spaces only" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"facility\":24}",
	    "facility: must be an integer from 0 to 23" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"sd_id\":\"a=b\"}", "sd_id: no" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"index\":\"x\"}",
	    "index: not a field of a syslog sink" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"bogus\":1}", "unknown field 'bogus'" },
	{ "{\"type\":\"syslog\",\"host\":\"h\",\"port\":1,"
	    "\"transport\":\"tcp\",\"batch_max\":0}",
	    "batch_max: must be an integer from 1 to 10000" },
	{ "{\"type\":\"pigeon\"}", "type: must be syslog, hec, webhook or "
	    "file" },
	{ "{\"type\":\"hec\",\"url\":\"https://h:8088\",\"token\":\""
	    SECRET "\"}", NULL },
	{ "{\"type\":\"hec\",\"url\":\"https://h:8088\"}",
	    "a hec sink needs url and token" },
	{ "{\"type\":\"hec\",\"url\":\"ftp://host.example\","
	    "\"token\":\"" SECRET "\"}",
	    "url: must start with https://" },
	{ "{\"type\":\"hec\",\"url\":\"https://u:" SECRET "@h\",\"token\":"
	    "\"t\"}", "url: needs a host, and no user or password in it" },
	{ "{\"type\":\"hec\",\"url\":\"https://h\",\"token\":\"" SECRET
	    "\",\"ack\":\"yes\"}", "ack: must be true or false" },
	{ "{\"type\":\"hec\",\"url\":\"https://h\",\"token\":\"a b " SECRET
	    "\"}", "token: printable ASCII without spaces only" },
	{ "{\"type\":\"webhook\",\"url\":\"https://h/x\",\"secret\":\""
	    SECRET "\"}", NULL },
	{ "{\"type\":\"webhook\",\"url\":\"https://h/x\",\"secret\":\"short\"}",
	    "secret: the key must be at least 16 bytes" },
	{ "{\"type\":\"webhook\",\"url\":\"https://h/x\",\"secret\":"
	    "\"whsec_!!" SECRET "\"}", "secret: a whsec_ secret must be "
	    "base64" },
	{ "{\"type\":\"webhook\",\"url\":\"https://h/x\"}",
	    "a webhook sink needs url and secret" },
	{ "{\"type\":\"file\",\"path\":\"/var/log/kaito.jsonl\"}", NULL },
	{ "{\"type\":\"file\",\"path\":\"audit.jsonl\"}",
	    "path: must be an absolute path" },
	{ "{\"type\":\"file\"}", "a file sink needs path" },
};

static void
test_definitions(void **state)
{
	json_t *obj, *cfg, *sec;
	struct errbuf e;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < ARRAY_LEN(defs); i++) {
		if ((obj = json_loads(defs[i].def, 0, NULL)) == NULL)
			fail_msg("case %zu does not parse", i);
		e.msg[0] = '\0';
		rc = sink_config_check(obj, NULL, NULL, &cfg, &sec, &e);
		if (defs[i].error == NULL && rc != 0)
			fail_msg("case %zu refused: %s", i, e.msg);
		if (defs[i].error != NULL) {
			if (rc != -1)
				fail_msg("case %zu accepted", i);
			if (strstr(e.msg, defs[i].error) == NULL)
				fail_msg("case %zu: got '%s', want '%s'", i,
				    e.msg, defs[i].error);
			if (strstr(e.msg, SECRET) != NULL)
				fail_msg("case %zu quotes a secret", i);
			assert_null(cfg);
			assert_null(sec);
		}
		json_decref(cfg);
		json_decref(sec);
		json_decref(obj);
	}
}

static void
test_secrets_split_and_sealed(void **state)
{
	json_t *obj, *cfg, *sec, *back;
	struct sink_row r;
	struct errbuf e;
	unsigned char *sealed;
	size_t n;

	(void)state;
	obj = json_pack("{s:s, s:s, s:s, s:b}", "type", "hec", "url",
	    "https://h:8088", "token", SECRET, "ack", 1);
	assert_int_equal(sink_config_check(obj, NULL, NULL, &cfg, &sec, &e),
	    0);
	assert_null(json_object_get(cfg, "token"));
	assert_true(json_is_true(json_object_get(cfg, "ack")));
	assert_string_equal(json_string_value(json_object_get(sec, "token")),
	    SECRET);
	assert_int_equal(sink_secrets_seal(42, sec, &sealed, &n), 0);
	assert_null(memmem(sealed, n, SECRET, 8));
	memset(&r, 0, sizeof(r));
	r.id = 42;
	r.sealed = sealed;
	r.sealed_len = n;
	assert_int_equal(sink_secrets_open(&r, &back), 0);
	assert_true(json_equal(back, sec));
	json_decref(back);
	r.id = 43;		/* moved to another row: does not open */
	assert_int_equal(sink_secrets_open(&r, &back), -1);
	assert_null(back);
	free(sealed);
	json_decref(obj);
	json_decref(cfg);
	json_decref(sec);
}

static void
test_change_over_base(void **state)
{
	json_t *base = json_pack("{s:s, s:s, s:i, s:s}", "type", "syslog",
	    "host", "a", "port", 514, "transport", "tcp");
	json_t *patch = json_pack("{s:s, s:n}", "host", "b", "port");
	json_t *cfg, *sec;
	struct errbuf e;

	(void)state;
	/* port removed: a syslog sink needs it. */
	assert_int_equal(sink_config_check(patch, base, NULL, &cfg, &sec, &e),
	    -1);
	assert_non_null(strstr(e.msg, "needs host and port"));
	json_object_set_new(patch, "port", json_integer(1514));
	assert_int_equal(sink_config_check(patch, base, NULL, &cfg, &sec, &e),
	    0);
	assert_string_equal(json_string_value(json_object_get(cfg, "host")),
	    "b");
	assert_string_equal(json_string_value(json_object_get(cfg,
	    "transport")), "tcp");
	json_decref(cfg);
	json_object_set_new(patch, "type", json_string("hec"));
	assert_int_equal(sink_config_check(patch, base, NULL, &cfg, &sec, &e),
	    -1);
	assert_non_null(strstr(e.msg, "type: a sink's type cannot change"));
	json_decref(base);
	json_decref(patch);
}

static const struct {
	const char *def;
	const char *error;
} metas[] = {
	{ "{\"type\":\"file\",\"path\":\"/x\"}", "name: required" },
	{ "{\"name\":\"\",\"type\":\"file\"}", "name must be 1 to" },
	{ "{\"name\":\" x\",\"type\":\"file\"}", "name starts or ends" },
	{ "{\"name\":\"x\",\"type\":\"file\",\"enabled\":1}",
	    "enabled: must be true or false" },
	{ "{\"name\":\"x\",\"type\":\"file\",\"start\":\"now\"}",
	    "start: must be beginning or end" },
	{ "{\"name\":\"x\"}", "type: required" },
	{ "{\"name\":\"x\",\"type\":\"file\",\"start\":\"end\"}", NULL },
};

static void
test_meta(void **state)
{
	struct sink_meta m;
	struct errbuf e;
	json_t *obj;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < ARRAY_LEN(metas); i++) {
		assert_non_null(obj = json_loads(metas[i].def, 0, NULL));
		e.msg[0] = '\0';
		rc = sink_meta_check(obj, 1, &m, &e);
		if (metas[i].error == NULL) {
			assert_int_equal(rc, 0);
			assert_int_equal(m.start, SINK_START_END);
		} else if (rc != -1 || strstr(e.msg, metas[i].error) == NULL)
			fail_msg("case %zu: got '%s', want '%s'", i, e.msg,
			    metas[i].error);
		json_decref(obj);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_rfc5424),
		cmocka_unit_test(test_cef),
		cmocka_unit_test(test_hec_and_webhook),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_secrets_split_and_sealed),
		cmocka_unit_test(test_change_over_base),
		cmocka_unit_test(test_meta),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
