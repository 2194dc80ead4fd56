/*
 * import_aegis.c -- Aegis Authenticator's plain JSON export.
 *
 * Why: Aegis is the open-source Android authenticator most teams that
 * care about their seeds use; its export is the most complete record of
 * a token (kind, algorithm, digits, period, counter) of all the formats.
 * FORMAT (Aegis docs/vault.md):
 *     {"version": 1,
 *      "header": {"slots": null, "params": null},
 *      "db": {"version": N, "entries": [ENTRY, ...], "groups": [...]}}
 *     ENTRY = {"type": "totp" | "hotp" | "steam" | "yandex" | "motp",
 *              "uuid", "name" (the account), "issuer", "note", "icon", ...,
 *              "info": {"secret" (base32), "algo", "digits",
 *                       "period" (totp, steam), "counter" (hotp),
 *                       "pin" (yandex, motp)}}
 * ENCRYPTED: header.slots is a list of key slots and db is a base64
 *     string; either sign gets the "export it unencrypted" message.
 * RULES: yandex and motp (and any other type) are unsupported kinds.
 *     Absent algo/digits/period take the kind's defaults (Steam: 5
 *     characters); hotp needs its counter. The name is the account as is:
 *     Aegis keeps issuer and account apart, so no label split.
 */
#include <string.h>

#include "otp/import_int.h"

#define ENCRYPTED_MSG "this Aegis export is encrypted; export it " \
	"unencrypted from Aegis (Settings > Import & Export)"

static int
aegis_kind(struct import_ctx *c, const struct import_entry *en, json_t *j,
    struct otp_token *t)
{
	const char *type;
	size_t n;

	if (import_json_str(j, "type", &type, &n, c->e) == -1)
		return -1;
	if (type == NULL)
		return errbuf_set(c->e, "missing type");
	if (otp_kind_parse(type, n, &t->kind) == 0)
		return 0;
	if (!import_quotable(type, n))
		return import_unsupported(c, en, "type is not supported "
		    "(totp, hotp or steam)");
	return import_unsupported(c, en, "type '%.*s' is not supported "
	    "(totp, hotp or steam)", (int)n, type);
}

/* Fill t from one entry. Returns 0, 1 (skipped) or -1 (c->e set). */
static int
aegis_entry(struct import_ctx *c, struct import_entry *en, json_t *j,
    struct otp_token *t)
{
	const char *issuer, *name, *secret;
	size_t isslen, namelen, seclen;
	json_t *info;
	int rc, have_counter;

	if (!json_is_object(j))
		return errbuf_set(c->e, "not a JSON object");
	if (import_json_str(j, "issuer", &issuer, &isslen, c->e) == -1 ||
	    import_json_str(j, "name", &name, &namelen, c->e) == -1)
		return -1;
	import_entry_show(en, issuer, isslen);
	import_entry_show(en, name, namelen);
	if ((rc = aegis_kind(c, en, j, t)) != 0)
		return rc;
	info = json_object_get(j, "info");
	if (!json_is_object(info))
		return errbuf_set(c->e, "missing info object");
	if ((rc = import_json_algo(c, en, info, "algo", t)) != 0)
		return rc;
	if (import_set_names(t, issuer, isslen, name, namelen, 0, c->e) == -1)
		return -1;
	if (import_json_str(info, "secret", &secret, &seclen, c->e) == -1)
		return -1;
	if (secret == NULL)
		return errbuf_set(c->e, "missing secret");
	if (import_secret_b32(t, secret, seclen, c->e) == -1)
		return -1;
	if (t->kind == OTP_STEAM)
		t->digits = OTP_STEAM_DIGITS;
	if (import_json_digits(info, "digits", t, NULL, c->e) == -1 ||
	    import_json_period(info, "period", t, c->e) == -1 ||
	    import_json_counter(info, "counter", t, &have_counter, c->e) == -1)
		return -1;
	if (t->kind == OTP_HOTP && !have_counter)
		return errbuf_set(c->e, "hotp entry without counter");
	if (t->kind != OTP_HOTP)
		t->counter = 0;
	return 0;
}

/* Refuse what is not a plain Aegis export; find db.entries. */
static int
aegis_entries(struct import_ctx *c, json_t *root, json_t **entries)
{
	json_t *header, *db, *slots;

	if (!json_is_object(root))
		return errbuf_set(c->e, "not an Aegis export (expected a JSON "
		    "object with \"db\")");
	header = json_object_get(root, "header");
	db = json_object_get(root, "db");
	if (json_is_object(header) && (slots = json_object_get(header,
	    "slots")) != NULL && !json_is_null(slots))
		return errbuf_set(c->e, ENCRYPTED_MSG);
	if (json_is_string(db))
		return errbuf_set(c->e, ENCRYPTED_MSG);
	if (!json_is_object(db))
		return errbuf_set(c->e, "not an Aegis export (no \"db\" "
		    "object)");
	*entries = json_object_get(db, "entries");
	if (!json_is_array(*entries))
		return errbuf_set(c->e, "db.entries is not a list");
	return 0;
}

int
import_aegis(struct import_ctx *c, const char *buf, size_t len)
{
	struct otp_token t;
	struct import_entry en;
	json_t *root = NULL, *entries, *j;
	size_t i;
	int rc = -1, r;

	otp_token_init(&t);
	if (import_json_load(buf, len, &root, c->e) == -1 ||
	    aegis_entries(c, root, &entries) == -1)
		goto out;
	json_array_foreach(entries, i, j) {
		otp_token_init(&t);
		import_entry_start(&en, i + 1);
		if ((r = aegis_entry(c, &en, j, &t)) == -1) {
			import_entry_fail(c, &en);
			goto out;
		}
		if (r == 0 && import_add(c, &en, &t) == -1)
			goto out;
	}
	rc = 0;
out:
	otp_token_clear(&t);
	json_decref(root);
	return rc;
}
