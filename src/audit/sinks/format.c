/*
 * format.c -- one audit event as a message for each kind of receiver.
 *
 * Why: the event object (the leaf with "lh", audit/leaf.h) is the one
 * canonical form; every format carries it whole where it can, so a SIEM
 * can check leaves and checkpoints from what it received, and adds the
 * fields a SIEM indexes, with the id "<install id>:<seq>" to drop
 * repeats. docs/audit.md section 10 shows an example of each.
 *
 * RFC 5424: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM JSON
 *     PRI = facility * 8 + severity (success 6 info, denied 5 notice,
 *     failure 4 warning); MSGID the action; one SD element, SD-ID sd_id,
 *     with id, seq, action, outcome, actor_*, target_*, lh (null members
 *     left out), PARAM-VALUEs escaped as RFC 5424 6.3.3 says ('"', '\'
 *     and ']' get a backslash); MSG the event object in UTF-8, after the
 *     BOM the RFC asks for.
 * CEF: the same syslog header, no SD, and as MSG
 *     CEF:0|Kaito|Kaito|<version>|<action>|<name>|<severity>|<extension>
 *     with '|' and '\' escaped in the header, '=' and '\' (and line
 *     ends, as \n and \r) in extension values.
 * HEC: {"time":S.US,"host","source","sourcetype"[,"index"],"fields":
 *     {"kaito_id","kaito_seq","action","outcome"},"event":EVENT}
 * WEBHOOK: {"id":ID,"event":EVENT} (the body wraps them in an array).
 * FILE: EVENT and a line feed: the lines are a `kaito audit export`.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/sinks/sink_int.h"

#define CEF_VERSION	"0.1.0"

/* The date and time to the second of t, cached per thread: consecutive
 * events mostly share their second (strftime is a good part of a
 * message's cost otherwise). */
static void
time_seconds(time_t t, char out[20])
{
	static __thread time_t last = -1;
	static __thread char text[20];
	struct tm tm;

	if (t != last) {
		if (gmtime_r(&t, &tm) == NULL || tm.tm_year > 8099 ||
		    strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm) !=
		    19)
			memcpy(text, "1970-01-01T00:00:00", 20);
		last = t;
	}
	memcpy(out, text, 20);
}

void
sink_time_rfc3339(int64_t ts_us, char out[32])
{
	unsigned us;
	int i;

	if (ts_us < 0)
		ts_us = 0;
	time_seconds((time_t)(ts_us / 1000000), out);
	us = (unsigned)(ts_us % 1000000);
	out[19] = '.';
	for (i = 25; i >= 20; i--, us /= 10)
		out[i] = (char)('0' + us % 10);
	out[26] = 'Z';
	out[27] = '\0';
}

/* Append the decimal digits of v. */
static int
add_int(struct jcs_buf *out, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return jcs_buf_add(out, p, (size_t)(num + sizeof(num) - p));
}

/* The bytes each escaping puts a backslash before. */
static const unsigned char esc_sd[256] = { ['"'] = 1, ['\\'] = 1,
    [']'] = 1 };
static const unsigned char esc_cef_head[256] = { ['|'] = 1, ['\\'] = 1 };
static const unsigned char esc_cef_val[256] = { ['='] = 1, ['\\'] = 1 };

/* Append with escapes: each byte of s marked in esc gets a backslash. */
static int
esc_add(struct jcs_buf *out, const char *s, size_t n,
    const unsigned char esc[256])
{
	size_t i, start = 0;

	if (jcs_buf_reserve(out, n + 16) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!esc[(unsigned char)s[i]])
			continue;
		if (jcs_buf_add(out, s + start, i - start) == -1 ||
		    jcs_buf_add(out, "\\", 1) == -1)
			return -1;
		start = i;
	}
	return jcs_buf_add(out, s + start, n - start);
}

int
sink_esc_sd(struct jcs_buf *out, const char *s, size_t n)
{
	return esc_add(out, s, n, esc_sd);
}

int
sink_esc_cef_header(struct jcs_buf *out, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\r' && s[i] != '\n')
			continue;
		if (esc_add(out, s + start, i - start, esc_cef_head) == -1 ||
		    jcs_buf_add(out, " ", 1) == -1)
			return -1;
		start = i + 1;
	}
	return esc_add(out, s + start, n - start, esc_cef_head);
}

int
sink_esc_cef_value(struct jcs_buf *out, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\r' && s[i] != '\n')
			continue;
		if (esc_add(out, s + start, i - start, esc_cef_val) == -1 ||
		    jcs_buf_add(out, s[i] == '\n' ? "\\n" : "\\r", 2) == -1)
			return -1;
		start = i + 1;
	}
	return esc_add(out, s + start, n - start, esc_cef_val);
}

static int
outcome_severity(const struct audit_text *o)
{
	if (o->p != NULL && o->n == 6 && memcmp(o->p, "denied", 6) == 0)
		return 5;
	if (o->p != NULL && o->n == 7 && memcmp(o->p, "failure", 7) == 0)
		return 4;
	return 6;
}

/* The syslog header up to MSGID and its space. */
static int
syslog_header(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	static __thread pid_t pid;	/* per thread: no race */
	const struct audit_row *r = ev->row;
	char ts[32], msgid[33];
	size_t i, n = r->action.n < 32 ? r->action.n : 32;
	unsigned char ch;

	if (pid == 0)
		pid = getpid();
	for (i = 0; i < n; i++) {
		ch = (unsigned char)r->action.p[i];
		msgid[i] = ch > 0x20 && ch < 0x7f ? (char)ch : '_';
	}
	if (n == 0)
		msgid[n++] = '-';
	msgid[n] = '\0';
	sink_time_rfc3339(r->ts_us, ts);
	if (jcs_buf_add(out, "<", 1) == -1 || add_int(out, c->facility * 8 +
	    outcome_severity(&r->outcome)) == -1 ||
	    jcs_buf_add(out, ">1 ", 3) == -1 ||
	    jcs_buf_add(out, ts, 27) == -1 ||
	    jcs_buf_add(out, " ", 1) == -1 ||
	    jcs_buf_str(out, c->hostname) == -1 ||
	    jcs_buf_add(out, " ", 1) == -1 ||
	    jcs_buf_str(out, c->app_name) == -1 ||
	    jcs_buf_add(out, " ", 1) == -1 || add_int(out, pid) == -1 ||
	    jcs_buf_add(out, " ", 1) == -1)
		return -1;
	return jcs_buf_add(out, msgid, n) == -1 ||
	    jcs_buf_add(out, " ", 1) == -1 ? -1 : 0;
}

/* One SD-PARAM (text); skipped when t is null. */
static int
sd_text(struct jcs_buf *out, const char *name, const struct audit_text *t)
{
	if (t->p == NULL)
		return 0;
	if (jcs_buf_add(out, " ", 1) == -1 || jcs_buf_str(out, name) == -1 ||
	    jcs_buf_add(out, "=\"", 2) == -1 ||
	    sink_esc_sd(out, t->p, t->n) == -1)
		return -1;
	return jcs_buf_add(out, "\"", 1);
}

static int
sd_int(struct jcs_buf *out, const char *name, int64_t v, int null)
{
	if (null)
		return 0;
	return jcs_buf_add(out, " ", 1) == -1 ||
	    jcs_buf_str(out, name) == -1 || jcs_buf_add(out, "=\"", 2) == -1 ||
	    add_int(out, v) == -1 || jcs_buf_add(out, "\"", 1) == -1 ? -1 : 0;
}

int
sink_format_5424(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	const struct audit_row *r = ev->row;
	struct audit_text id = { ev->id, strlen(ev->id) };
	struct audit_text lh = { ev->lh, strlen(ev->lh) };

	if (syslog_header(c, ev, out) == -1 ||
	    jcs_buf_add(out, "[", 1) == -1 ||
	    jcs_buf_str(out, c->sd_id) == -1 ||
	    sd_text(out, "id", &id) == -1 ||
	    sd_int(out, "seq", r->seq, 0) == -1 ||
	    sd_text(out, "action", &r->action) == -1 ||
	    sd_text(out, "outcome", &r->outcome) == -1 ||
	    sd_text(out, "actor_type", &r->actor_type) == -1 ||
	    sd_int(out, "actor_id", r->actor_id, r->actor_id_null) == -1 ||
	    sd_text(out, "actor_email", &r->actor_email) == -1 ||
	    sd_text(out, "ip", &r->ip) == -1 ||
	    sd_text(out, "channel", &r->channel) == -1 ||
	    sd_text(out, "target_type", &r->target_type) == -1 ||
	    sd_int(out, "target_id", r->target_id, r->target_id_null) == -1 ||
	    sd_text(out, "target_name", &r->target_name) == -1 ||
	    sd_text(out, "lh", &lh) == -1 ||
	    jcs_buf_add(out, "] \xEF\xBB\xBF", 5) == -1)
		return -1;
	return jcs_buf_add(out, ev->json, ev->json_len);
}

/* A CEF extension pair; skipped when the value is null. */
static int
cef_text(struct jcs_buf *out, const char *key, const char *v, size_t n)
{
	if (v == NULL)
		return 0;
	if (jcs_buf_add(out, " ", 1) == -1 || jcs_buf_str(out, key) == -1 ||
	    jcs_buf_add(out, "=", 1) == -1)
		return -1;
	return sink_esc_cef_value(out, v, n);
}

static int
cef_int(struct jcs_buf *out, const char *key, int64_t v, int null)
{
	if (null)
		return 0;
	if (jcs_buf_add(out, " ", 1) == -1 || jcs_buf_str(out, key) == -1 ||
	    jcs_buf_add(out, "=", 1) == -1)
		return -1;
	return add_int(out, v);
}

/* A CEF src= must be an address; a text that is none is left out. */
static int
is_ip(const struct audit_text *t)
{
	unsigned char b[16];
	char ip[64];

	if (t->p == NULL || t->n == 0 || t->n >= sizeof(ip))
		return 0;
	memcpy(ip, t->p, t->n);
	ip[t->n] = '\0';
	return inet_pton(AF_INET, ip, b) == 1 || inet_pton(AF_INET6, ip, b) ==
	    1;
}

static const struct {
	const char *action;
	const char *name;
} cef_names[] = {
	{ "token.code.view", "Shared code viewed" },
	{ "token.seed.reveal", "Shared seed revealed" },
	{ "user.login", "Login" },
	{ "user.login.fail", "Login failed" },
	{ "grant.change", "Permissions changed" },
	{ "sms.view", "SMS read" },
	{ "audit.checkpoint", "Audit log checkpoint" },
	{ NULL, NULL }
};

int
sink_format_cef(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	const struct audit_row *r = ev->row;
	const char *name = NULL;
	char num[32];
	size_t i;
	int sev;

	for (i = 0; cef_names[i].action != NULL; i++)
		if (r->action.n == strlen(cef_names[i].action) &&
		    memcmp(r->action.p, cef_names[i].action, r->action.n) == 0)
			name = cef_names[i].name;
	sev = outcome_severity(&r->outcome);
	if (syslog_header(c, ev, out) == -1 ||
	    jcs_buf_str(out, "- CEF:0|Kaito|Kaito|" CEF_VERSION "|") == -1 ||
	    sink_esc_cef_header(out, r->action.p, r->action.n) == -1 ||
	    jcs_buf_add(out, "|", 1) == -1 ||
	    (name != NULL ? sink_esc_cef_header(out, name, strlen(name)) :
	    sink_esc_cef_header(out, r->action.p, r->action.n)) == -1)
		return -1;
	snprintf(num, sizeof(num), "|%d|rt=%lld", sev == 6 ? 3 : sev == 5 ?
	    6 : 5, (long long)(r->ts_us / 1000));
	if (jcs_buf_str(out, num) == -1 ||
	    cef_text(out, "externalId", ev->id, strlen(ev->id)) == -1 ||
	    cef_text(out, "act", r->action.p, r->action.n) == -1 ||
	    cef_text(out, "outcome", r->outcome.p, r->outcome.n) == -1 ||
	    cef_text(out, "suser", r->actor_email.p, r->actor_email.n) == -1 ||
	    cef_int(out, "suid", r->actor_id, r->actor_id_null) == -1 ||
	    (is_ip(&r->ip) && cef_text(out, "src", r->ip.p, r->ip.n) == -1) ||
	    cef_text(out, "requestClientApplication", r->user_agent.p,
	    r->user_agent.n) == -1 ||
	    cef_text(out, "dvchost", c->hostname, strlen(c->hostname)) == -1 ||
	    cef_text(out, "cs1Label", "channel", 7) == -1 ||
	    cef_text(out, "cs1", r->channel.p, r->channel.n) == -1 ||
	    cef_text(out, "cs2Label", "targetType", 10) == -1 ||
	    cef_text(out, "cs2", r->target_type.p, r->target_type.n) == -1 ||
	    cef_text(out, "cs3Label", "targetName", 10) == -1 ||
	    cef_text(out, "cs3", r->target_name.p, r->target_name.n) == -1 ||
	    cef_text(out, "cs4Label", "leafHash", 8) == -1 ||
	    cef_text(out, "cs4", ev->lh, strlen(ev->lh)) == -1 ||
	    cef_text(out, "cs5Label", "actorType", 9) == -1 ||
	    cef_text(out, "cs5", r->actor_type.p, r->actor_type.n) == -1 ||
	    cef_text(out, "cs6Label", "details", 7) == -1 ||
	    cef_text(out, "cs6", r->details.p != NULL ? r->details.p : "{}",
	    r->details.p != NULL ? r->details.n : 2) == -1 ||
	    cef_text(out, "cn1Label", "targetId", 8) == -1 ||
	    cef_int(out, "cn1", r->target_id, r->target_id_null) == -1 ||
	    cef_text(out, "cn2Label", "seq", 3) == -1 ||
	    cef_int(out, "cn2", r->seq, 0) == -1)
		return -1;
	return 0;
}

int
sink_format_hec(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	const struct audit_row *r = ev->row;
	char num[48];

	snprintf(num, sizeof(num), "{\"time\":%lld.%06lld,\"host\":",
	    (long long)(r->ts_us / 1000000), (long long)(r->ts_us % 1000000));
	if (jcs_buf_str(out, num) == -1 ||
	    jcs_string(out, c->hostname, strlen(c->hostname)) == -1 ||
	    jcs_buf_str(out, ",\"source\":") == -1 ||
	    jcs_string(out, c->source, strlen(c->source)) == -1 ||
	    jcs_buf_str(out, ",\"sourcetype\":") == -1 ||
	    jcs_string(out, c->sourcetype, strlen(c->sourcetype)) == -1)
		return -1;
	if (c->index != NULL && (jcs_buf_str(out, ",\"index\":") == -1 ||
	    jcs_string(out, c->index, strlen(c->index)) == -1))
		return -1;
	snprintf(num, sizeof(num), "\",\"kaito_seq\":\"%lld\",\"action\":",
	    (long long)r->seq);
	if (jcs_buf_str(out, ",\"fields\":{\"kaito_id\":\"") == -1 ||
	    jcs_buf_str(out, ev->id) == -1 || jcs_buf_str(out, num) == -1 ||
	    jcs_string(out, r->action.p, r->action.n) == -1 ||
	    jcs_buf_str(out, ",\"outcome\":") == -1 ||
	    jcs_string(out, r->outcome.p, r->outcome.n) == -1 ||
	    jcs_buf_str(out, "},\"event\":") == -1 ||
	    jcs_buf_add(out, ev->json, ev->json_len) == -1)
		return -1;
	return jcs_buf_add(out, "}", 1);
}

int
sink_format_webhook(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	(void)c;
	return jcs_buf_str(out, "{\"id\":\"") == -1 ||
	    jcs_buf_str(out, ev->id) == -1 ||
	    jcs_buf_str(out, "\",\"event\":") == -1 ||
	    jcs_buf_add(out, ev->json, ev->json_len) == -1 ||
	    jcs_buf_add(out, "}", 1) == -1 ? -1 : 0;
}

int
sink_format_line(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out)
{
	(void)c;
	return jcs_buf_add(out, ev->json, ev->json_len) == -1 ||
	    jcs_buf_add(out, "\n", 1) == -1 ? -1 : 0;
}
