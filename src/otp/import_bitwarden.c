/*
 * import_bitwarden.c -- Bitwarden's JSON vault export, unencrypted.
 *
 * Why: many teams already keep TOTP seeds next to passwords in
 * Bitwarden; this takes the seeds (and only the seeds) from its export.
 * FORMAT (Bitwarden "File format: .json"):
 *     {"encrypted": false, "folders": [...],
 *      "items": [{"id", "type": 1, "name", "notes", "favorite",
 *                 "login": {"uris": [...], "username", "password",
 *                           "totp"}, ...}, ...]}
 *     Item types other than 1 (login) -- notes, cards, identities, SSH
 *     keys -- and logins without a totp are not tokens: skipped silently.
 * TOTP FIELD: one of
 *     - an otpauth:// URI, read by otp_uri_parse(); an empty issuer or
 *       account is filled from the item name or the login username;
 *     - steam://SECRET, a Steam Guard token;
 *     - a bare base32 secret: TOTP, SHA1, 6 digits, 30 s, issuer = the
 *       item name, account = the username.
 * ENCRYPTED: "encrypted": true (account-key or password-protected
 *     export, the latter also "passwordProtected": true) gets the
 *     "export it as plain .json" message.
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "otp/import_int.h"
#include "otp/uri.h"

#define ENCRYPTED_MSG "this Bitwarden export is encrypted; export the " \
	"vault again with file format \".json\" (not \".json (Encrypted)\")"
#define STEAM_PREFIX "steam://"
#define OTPAUTH_PREFIX "otpauth:"

/* The names the item gives, for filling what the totp field lacks. */
struct bw_names {
	const char *name, *user;
	size_t namelen, userlen;
};

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Read an otpauth:// URI (n bytes of s) into t. */
static int
bw_uri(struct import_ctx *c, const struct import_entry *en, const char *s,
    size_t n, const struct bw_names *nm, struct otp_token *t)
{
	char uri[LIMIT_OTP_URI + 1];
	char label[IMPORT_ENTRY_LABEL];
	struct errbuf warn = { "" };
	int rc = -1;

	if (n > LIMIT_OTP_URI) {
		errbuf_set(c->e, "totp: URI longer than %d bytes",
		    LIMIT_OTP_URI);
		goto out;
	}
	memcpy(uri, s, n);
	uri[n] = '\0';
	if (otp_uri_parse(uri, t, c->e, &warn) == -1) {
		errbuf_prefix(c->e, "totp");
		goto out;
	}
	if (warn.msg[0] != '\0') {
		import_entry_label(en, label);
		import_warn(c, "%s: totp: %s", label, warn.msg);
	}
	if (t->issuer[0] == '\0' && otp_token_set_name(t->issuer, nm->name,
	    nm->namelen, "name", c->e) == -1)
		goto out;
	if (t->account[0] == '\0' && otp_token_set_name(t->account, nm->user,
	    nm->userlen, "username", c->e) == -1)
		goto out;
	rc = 0;
out:
	sodium_memzero(uri, sizeof(uri));
	return rc;
}

/* Fill t from the totp field (n bytes of s, not empty). */
static int
bw_totp(struct import_ctx *c, const struct import_entry *en, const char *s,
    size_t n, const struct bw_names *nm, struct otp_token *t)
{
	if (n >= strlen(OTPAUTH_PREFIX) &&
	    strncasecmp(s, OTPAUTH_PREFIX, strlen(OTPAUTH_PREFIX)) == 0)
		return bw_uri(c, en, s, n, nm, t);
	if (n >= strlen(STEAM_PREFIX) &&
	    strncasecmp(s, STEAM_PREFIX, strlen(STEAM_PREFIX)) == 0) {
		t->kind = OTP_STEAM;
		t->digits = OTP_STEAM_DIGITS;
		s += strlen(STEAM_PREFIX);
		n -= strlen(STEAM_PREFIX);
	}
	if (import_secret_b32(t, s, n, c->e) == -1)
		return errbuf_prefix(c->e, "totp");
	if (otp_token_set_name(t->issuer, nm->name, nm->namelen, "name",
	    c->e) == -1 || otp_token_set_name(t->account, nm->user,
	    nm->userlen, "username", c->e) == -1)
		return -1;
	return 0;
}

/* Fill t from one item. Returns 0, 1 (not a token: skip silently) or -1
 * (c->e set). */
static int
bw_item(struct import_ctx *c, struct import_entry *en, json_t *item,
    struct otp_token *t)
{
	struct bw_names nm;
	const char *totp;
	size_t n;
	long long type;
	int have;
	json_t *login;

	if (!json_is_object(item))
		return errbuf_set(c->e, "not a JSON object");
	if (import_json_int(item, "type", &have, &type, c->e) == -1)
		return -1;
	if (have && type != 1)
		return 1;
	if ((login = json_object_get(item, "login")) == NULL ||
	    json_is_null(login))
		return 1;
	if (!json_is_object(login))
		return errbuf_set(c->e, "login is not an object");
	if (import_json_str(item, "name", &nm.name, &nm.namelen, c->e) == -1 ||
	    import_json_str(login, "username", &nm.user, &nm.userlen,
	    c->e) == -1 ||
	    import_json_str(login, "totp", &totp, &n, c->e) == -1)
		return -1;
	if (nm.name == NULL)
		nm.name = "";
	if (nm.user == NULL)
		nm.user = "";
	import_entry_show(en, nm.name, nm.namelen);
	import_entry_show(en, nm.user, nm.userlen);
	/* Trim the white space a paste leaves around the value. */
	while (n > 0 && is_space(*totp)) {
		totp++;
		n--;
	}
	while (n > 0 && is_space(totp[n - 1]))
		n--;
	if (n == 0)
		return 1;
	return bw_totp(c, en, totp, n, &nm, t);
}

static int
bw_items(struct import_ctx *c, json_t *root, json_t **items)
{
	int have, enc = 0, have_pw, pw = 0;

	if (!json_is_object(root))
		return errbuf_set(c->e, "not a Bitwarden export (expected a "
		    "JSON object with \"items\")");
	if (import_json_bool(root, "encrypted", &have, &enc, c->e) == -1 ||
	    import_json_bool(root, "passwordProtected", &have_pw, &pw,
	    c->e) == -1)
		return -1;
	if (enc || pw)
		return errbuf_set(c->e, ENCRYPTED_MSG);
	*items = json_object_get(root, "items");
	if (*items == NULL)
		return errbuf_set(c->e, "not a Bitwarden export (no "
		    "\"items\")");
	if (!json_is_array(*items))
		return errbuf_set(c->e, "items is not a list");
	return 0;
}

int
import_bitwarden(struct import_ctx *c, const char *buf, size_t len)
{
	struct otp_token t;
	struct import_entry en;
	json_t *root = NULL, *items, *j;
	size_t i;
	int rc = -1, r;

	otp_token_init(&t);
	if (import_json_load(buf, len, &root, c->e) == -1 ||
	    bw_items(c, root, &items) == -1)
		goto out;
	json_array_foreach(items, i, j) {
		otp_token_init(&t);
		import_entry_start(&en, i + 1);
		if ((r = bw_item(c, &en, j, &t)) == -1) {
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
