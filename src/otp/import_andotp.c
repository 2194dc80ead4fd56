/*
 * import_andotp.c -- andOTP's plain JSON backup.
 *
 * Why: andOTP is no longer maintained, so its users have to move their
 * seeds somewhere; its plain backup is how they can.
 * FORMAT (andOTP Database/Entry.java, toJSON()):
 *     [ENTRY, ...]
 *     ENTRY = {"secret" (base32), "issuer", "label", "digits",
 *              "type": "TOTP" | "HOTP" | "STEAM" | "MOTP",
 *              "algorithm": "SHA1" | "SHA256" | "SHA512",
 *              "period" (TOTP), "counter" (HOTP), "thumbnail",
 *              "last_used", "used_frequency", "tags": [...]}
 *     Old backups have no "issuer" and keep "Issuer:account" in the
 *     label; the label is split as an otpauth label is (import_int.h).
 * ENCRYPTED: the password backup (.json.aes) is binary (an iteration
 *     count, salt and IV, then AES-GCM ciphertext), and the OpenPGP one
 *     (.json.gpg) is binary or ASCII-armoured; input that is not JSON and
 *     looks like either gets the "make a plain backup" message.
 * RULES: type absent means TOTP; MOTP and other types are unsupported
 *     kinds; Steam has 5 characters; HOTP needs its counter.
 */
#include <string.h>

#include "otp/import_int.h"
#include "util/utf8.h"

#define ENCRYPTED_MSG "this andOTP backup is encrypted; make a plain " \
	"backup in andOTP (Backups > Backup (plain)) and import that"
#define PGP_ARMOR "-----BEGIN PGP MESSAGE-----"

/* 1 if buf is not text: invalid UTF-8 or control bytes other than white
 * space, as an encrypted backup is; or an OpenPGP armoured message. */
static int
looks_encrypted(const char *buf, size_t len)
{
	size_t i;

	if (len >= strlen(PGP_ARMOR) &&
	    memcmp(buf, PGP_ARMOR, strlen(PGP_ARMOR)) == 0)
		return 1;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
			return 1;
	}
	return !utf8_valid(buf, len);
}

static int
andotp_kind(struct import_ctx *c, const struct import_entry *en, json_t *j,
    struct otp_token *t)
{
	const char *type;
	size_t n;

	if (import_json_str(j, "type", &type, &n, c->e) == -1)
		return -1;
	if (type == NULL || otp_kind_parse(type, n, &t->kind) == 0)
		return 0;
	if (!import_quotable(type, n))
		return import_unsupported(c, en, "type is not supported "
		    "(TOTP, HOTP or STEAM)");
	return import_unsupported(c, en, "type '%.*s' is not supported "
	    "(TOTP, HOTP or STEAM)", (int)n, type);
}

/* Fill t from one entry. Returns 0, 1 (skipped) or -1 (c->e set). */
static int
andotp_entry(struct import_ctx *c, struct import_entry *en, json_t *j,
    struct otp_token *t)
{
	const char *issuer, *label, *secret;
	size_t isslen, lablen, seclen;
	int rc, have_counter;

	if (!json_is_object(j))
		return errbuf_set(c->e, "not a JSON object");
	if (import_json_str(j, "issuer", &issuer, &isslen, c->e) == -1 ||
	    import_json_str(j, "label", &label, &lablen, c->e) == -1)
		return -1;
	import_entry_show(en, issuer, isslen);
	import_entry_show(en, label, lablen);
	if ((rc = andotp_kind(c, en, j, t)) != 0 ||
	    (rc = import_json_algo(c, en, j, "algorithm", t)) != 0)
		return rc;
	if (import_set_names(t, issuer, isslen, label, lablen, 1, c->e) == -1)
		return -1;
	if (import_json_str(j, "secret", &secret, &seclen, c->e) == -1)
		return -1;
	if (secret == NULL)
		return errbuf_set(c->e, "missing secret");
	if (import_secret_b32(t, secret, seclen, c->e) == -1)
		return -1;
	if (t->kind == OTP_STEAM)
		t->digits = OTP_STEAM_DIGITS;
	if (import_json_digits(j, "digits", t, NULL, c->e) == -1 ||
	    import_json_period(j, "period", t, c->e) == -1 ||
	    import_json_counter(j, "counter", t, &have_counter, c->e) == -1)
		return -1;
	if (t->kind == OTP_HOTP && !have_counter)
		return errbuf_set(c->e, "hotp entry without counter");
	if (t->kind != OTP_HOTP)
		t->counter = 0;
	return 0;
}

int
import_andotp(struct import_ctx *c, const char *buf, size_t len)
{
	struct otp_token t;
	struct import_entry en;
	json_t *root = NULL, *j;
	size_t i;
	int rc = -1, r;

	otp_token_init(&t);
	if (import_json_load(buf, len, &root, c->e) == -1) {
		if (looks_encrypted(buf, len))
			errbuf_set(c->e, ENCRYPTED_MSG);
		goto out;
	}
	if (!json_is_array(root)) {
		errbuf_set(c->e, "not an andOTP backup (expected a JSON list)");
		goto out;
	}
	json_array_foreach(root, i, j) {
		otp_token_init(&t);
		import_entry_start(&en, i + 1);
		if ((r = andotp_entry(c, &en, j, &t)) == -1) {
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
