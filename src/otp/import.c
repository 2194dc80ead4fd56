/*
 * import.c -- the importer dispatch, and the rules every format shares.
 *
 * Why: import.h promises that a failed import leaves the caller's list as
 * it was and that every message names the format and the entry; doing
 * that once here, around the per-format parsers, is what keeps the
 * promise true for all of them (see import_int.h for the shared rules).
 * ALL OR NOTHING: import_tokens() remembers out->n, and on failure wipes
 * the tokens appended since and puts n back.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "otp/base32.h"
#include "otp/import_int.h"
#include "util/utf8.h"

static const struct {
	const char *name;
	enum import_format f;
	int (*parse)(struct import_ctx *, const char *, size_t);
} formats[] = {
	{ "google", IMPORT_GOOGLE, import_google },
	{ "aegis", IMPORT_AEGIS, import_aegis },
	{ "2fas", IMPORT_2FAS, import_2fas },
	{ "andotp", IMPORT_ANDOTP, import_andotp },
	{ "bitwarden", IMPORT_BITWARDEN, import_bitwarden },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

int
import_format_parse(const char *name, enum import_format *f)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcasecmp(name, formats[i].name) == 0) {
			*f = formats[i].f;
			return 0;
		}
	return -1;
}

int
import_tokens(enum import_format f, const char *buf, size_t len,
    const struct import_opts *opts, struct otp_list *out, struct errbuf *e)
{
	struct import_ctx c;
	size_t i, n0 = out->n;

	for (i = 0; i < NFORMATS; i++)
		if (formats[i].f == f)
			break;
	if (i == NFORMATS)
		return errbuf_set(e, "unknown import format");
	c.name = formats[i].name;
	c.opts = opts;
	c.out = out;
	c.e = e;
	if (len > LIMIT_IMPORT_FILE) {
		errbuf_set(e, "input larger than %d bytes", LIMIT_IMPORT_FILE);
		goto fail;
	}
	if (formats[i].parse(&c, buf, len) == 0)
		return 0;
fail:
	errbuf_prefix(e, "%s", c.name);
	if (out->n > n0)
		sodium_memzero(out->v + n0, (out->n - n0) * sizeof(*out->v));
	out->n = n0;
	return -1;
}

void
import_entry_start(struct import_entry *en, size_t idx)
{
	en->idx = idx;
	en->shown[0] = '\0';
}

void
import_entry_show(struct import_entry *en, const char *s, size_t n)
{
	size_t cut;

	if (en->shown[0] != '\0' || s == NULL || n == 0)
		return;
	if (!utf8_valid(s, n) || utf8_has_control(s, n))
		return;
	cut = n < IMPORT_SHOWN_NAME ? n : IMPORT_SHOWN_NAME;
	/* Back up to the start of a character. */
	while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(en->shown, s, cut);
	en->shown[cut] = '\0';
}

void
import_entry_label(const struct import_entry *en,
    char dst[IMPORT_ENTRY_LABEL])
{
	if (en->shown[0] != '\0')
		snprintf(dst, IMPORT_ENTRY_LABEL, "entry %zu (\"%s\")",
		    en->idx, en->shown);
	else
		snprintf(dst, IMPORT_ENTRY_LABEL, "entry %zu", en->idx);
}

int
import_entry_fail(struct import_ctx *c, const struct import_entry *en)
{
	char label[IMPORT_ENTRY_LABEL];

	import_entry_label(en, label);
	return errbuf_prefix(c->e, "%s", label);
}

int
import_unsupported(struct import_ctx *c, const struct import_entry *en,
    const char *fmt, ...)
{
	char why[ERRBUF_LEN];
	char label[IMPORT_ENTRY_LABEL];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (c->opts == NULL || !c->opts->skip_unsupported)
		return errbuf_set(c->e, "%s", why);
	import_entry_label(en, label);
	import_warn(c, "%s: skipped: %s", label, why);
	return 1;
}

void
import_warn(struct import_ctx *c, const char *fmt, ...)
{
	char msg[ERRBUF_LEN];
	int n;
	va_list ap;

	if (c->opts == NULL || c->opts->warn == NULL)
		return;
	n = snprintf(msg, sizeof(msg), "%s: ", c->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	c->opts->warn(c->opts->warn_arg, msg);
}

int
import_secret_b32(struct otp_token *t, const char *s, size_t n,
    struct errbuf *e)
{
	if (base32_decode(s, n, t->secret, sizeof(t->secret), &t->secret_len,
	    e) == -1)
		return errbuf_prefix(e, "secret");
	if (t->secret_len == 0)
		return errbuf_set(e, "secret is empty");
	return 0;
}

int
import_set_names(struct otp_token *t, const char *issuer, size_t ilen,
    const char *label, size_t llen, int split, struct errbuf *e)
{
	const char *colon;
	size_t plen;

	/* Absent fields come as NULL; memcpy() must not see NULL. */
	if (issuer == NULL) {
		issuer = "";
		ilen = 0;
	}
	if (label == NULL) {
		label = "";
		llen = 0;
	}
	if (otp_token_set_name(t->issuer, issuer, ilen, "issuer", e) == -1)
		return -1;
	if (split && llen > 0 && (colon = memchr(label, ':', llen)) != NULL) {
		plen = (size_t)(colon - label);
		if (ilen == 0 || (plen == ilen &&
		    memcmp(label, issuer, ilen) == 0)) {
			if (ilen == 0 && otp_token_set_name(t->issuer, label,
			    plen, "issuer", e) == -1)
				return -1;
			label = colon + 1;
			llen -= plen + 1;
			while (llen > 0 && *label == ' ') {
				label++;
				llen--;
			}
		}
	}
	return otp_token_set_name(t->account, label, llen, "account", e);
}

int
import_add(struct import_ctx *c, const struct import_entry *en,
    struct otp_token *t)
{
	int rc = -1;

	if (otp_token_check(t, c->e) == -1 ||
	    otp_list_add(c->out, t, c->e) == -1) {
		import_entry_fail(c, en);
		goto out;
	}
	rc = 0;
out:
	otp_token_clear(t);
	return rc;
}
