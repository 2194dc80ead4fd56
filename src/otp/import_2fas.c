/*
 * import_2fas.c -- 2FAS Authenticator's ".2fas" backup file, unencrypted.
 *
 * Why: 2FAS is a popular free authenticator on Android and iOS, and its
 * backup file is the only way to get every seed out of it at once.
 * FORMAT (2FAS's BackupContent/BackupService, schemaVersion 4):
 *     {"services": [SERVICE, ...], "groups": [...], "updatedAt",
 *      "schemaVersion": N, "appVersionCode", "appOrigin", ...}
 *     SERVICE = {"name" (the service, e.g. "GitHub"), "secret" (base32),
 *                "updatedAt", "otp": {"link", "label", "account",
 *                "issuer", "digits", "period", "algorithm",
 *                "counter", "tokenType": "TOTP" | "HOTP" | "STEAM",
 *                "source"}, "order", "icon", "groupId", ...}
 * ENCRYPTED: a password-protected backup has "servicesEncrypted" (and
 *     "reference") and an empty "services".
 * NAMES: issuer = otp.issuer, or the service name when that is empty;
 *     account = otp.account, or else otp.label, which may read
 *     "Issuer:account" and is then split as an otpauth label is.
 * RULES: tokenType absent means TOTP; other types and algorithms Kaito
 *     lacks are unsupported kinds; hotp needs its counter.
 */
#include <string.h>

#include "otp/import_int.h"

#define ENCRYPTED_MSG "this 2FAS backup is encrypted; export it again " \
	"from 2FAS (Settings > Backup > Export to file) without a password"

static int
twofas_kind(struct import_ctx *c, const struct import_entry *en, json_t *otp,
    struct otp_token *t)
{
	const char *type;
	size_t n;

	if (import_json_str(otp, "tokenType", &type, &n, c->e) == -1)
		return -1;
	if (type == NULL || otp_kind_parse(type, n, &t->kind) == 0)
		return 0;
	if (!import_quotable(type, n))
		return import_unsupported(c, en, "tokenType is not supported "
		    "(TOTP, HOTP or STEAM)");
	return import_unsupported(c, en, "tokenType '%.*s' is not supported "
	    "(TOTP, HOTP or STEAM)", (int)n, type);
}

static int
twofas_names(struct import_ctx *c, struct import_entry *en, json_t *svc,
    json_t *otp, struct otp_token *t)
{
	const char *name, *issuer, *account, *label;
	size_t namelen, isslen, acclen, lablen;

	if (import_json_str(svc, "name", &name, &namelen, c->e) == -1 ||
	    import_json_str(otp, "issuer", &issuer, &isslen, c->e) == -1 ||
	    import_json_str(otp, "account", &account, &acclen, c->e) == -1 ||
	    import_json_str(otp, "label", &label, &lablen, c->e) == -1)
		return -1;
	if (isslen == 0) {
		issuer = name;
		isslen = namelen;
	}
	import_entry_show(en, issuer, isslen);
	import_entry_show(en, account, acclen);
	import_entry_show(en, label, lablen);
	if (acclen > 0)
		return import_set_names(t, issuer, isslen, account, acclen, 0,
		    c->e);
	return import_set_names(t, issuer, isslen, label, lablen, 1, c->e);
}

/* Fill t from one service. Returns 0, 1 (skipped) or -1 (c->e set). */
static int
twofas_entry(struct import_ctx *c, struct import_entry *en, json_t *svc,
    struct otp_token *t)
{
	const char *name, *secret;
	size_t namelen, seclen;
	json_t *otp;
	int rc, have_counter;

	if (!json_is_object(svc))
		return errbuf_set(c->e, "not a JSON object");
	if (import_json_str(svc, "name", &name, &namelen, c->e) == -1)
		return -1;
	import_entry_show(en, name, namelen);
	/* Without "otp" (old backups), every otp field is absent: a plain
	 * TOTP token. */
	if ((otp = json_object_get(svc, "otp")) != NULL && json_is_null(otp))
		otp = NULL;
	if (otp != NULL && !json_is_object(otp))
		return errbuf_set(c->e, "otp is not an object");
	if (twofas_names(c, en, svc, otp, t) == -1)
		return -1;
	if ((rc = twofas_kind(c, en, otp, t)) != 0 ||
	    (rc = import_json_algo(c, en, otp, "algorithm", t)) != 0)
		return rc;
	if (import_json_str(svc, "secret", &secret, &seclen, c->e) == -1)
		return -1;
	if (secret == NULL)
		return errbuf_set(c->e, "missing secret");
	if (import_secret_b32(t, secret, seclen, c->e) == -1)
		return -1;
	if (t->kind == OTP_STEAM)
		t->digits = OTP_STEAM_DIGITS;
	if (import_json_digits(otp, "digits", t, NULL, c->e) == -1 ||
	    import_json_period(otp, "period", t, c->e) == -1 ||
	    import_json_counter(otp, "counter", t, &have_counter, c->e) == -1)
		return -1;
	if (t->kind == OTP_HOTP && !have_counter)
		return errbuf_set(c->e, "hotp entry without counter");
	if (t->kind != OTP_HOTP)
		t->counter = 0;
	return 0;
}

static int
twofas_services(struct import_ctx *c, json_t *root, json_t **services)
{
	json_t *enc;

	if (!json_is_object(root))
		return errbuf_set(c->e, "not a 2FAS backup (expected a JSON "
		    "object with \"services\")");
	if ((enc = json_object_get(root, "servicesEncrypted")) != NULL &&
	    !json_is_null(enc))
		return errbuf_set(c->e, ENCRYPTED_MSG);
	*services = json_object_get(root, "services");
	if (*services == NULL)
		return errbuf_set(c->e, "not a 2FAS backup (no \"services\")");
	if (!json_is_array(*services))
		return errbuf_set(c->e, "services is not a list");
	return 0;
}

int
import_2fas(struct import_ctx *c, const char *buf, size_t len)
{
	struct otp_token t;
	struct import_entry en;
	json_t *root = NULL, *services, *j;
	size_t i;
	int rc = -1, r;

	otp_token_init(&t);
	if (import_json_load(buf, len, &root, c->e) == -1 ||
	    twofas_services(c, root, &services) == -1)
		goto out;
	json_array_foreach(services, i, j) {
		otp_token_init(&t);
		import_entry_start(&en, i + 1);
		if ((r = twofas_entry(c, &en, j, &t)) == -1) {
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
