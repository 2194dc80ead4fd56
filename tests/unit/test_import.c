/*
 * test_import.c -- the five importers on sample exports written from each
 * format's documentation (tests/data/import/), every field of every token;
 * a table of malformed inputs with the exact error each must get; Google
 * payloads built here with protobuf-c for what a sample cannot hold
 * (batches, enum values, '+' in the base64); the all-or-nothing rule; and
 * skip_unsupported with its warnings.
 *
 * Run from the repository root (the samples are found by relative path).
 */
#include "unit.h"

#include <ctype.h>

#include <sodium.h>

#include "otp/base32.h"
#include "otp/import.h"
#include "otp/migration.pb-c.h"
#include "otp/uri.h"
#include "util/jsonmem.h"

#define DATA "tests/data/import/"

/* ---- helpers ----------------------------------------------------------- */

static char *
read_sample(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), DATA "%s", name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	assert_non_null(buf = malloc((size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Warnings collected by the warn callback. */
struct warnings {
	char msg[16][ERRBUF_LEN];
	size_t n;
};

static void
collect_warning(void *arg, const char *msg)
{
	struct warnings *w = arg;

	assert_true(w->n < ARRAY_LEN(w->msg));
	snprintf(w->msg[w->n++], ERRBUF_LEN, "%s", msg);
}

static int
import_sample(enum import_format f, const char *name,
    const struct import_opts *opts, struct otp_list *l, struct errbuf *e)
{
	size_t len;
	char *buf = read_sample(name, &len);
	int rc;

	rc = import_tokens(f, buf, len, opts, l, e);
	free(buf);
	return rc;
}

static int
import_str(enum import_format f, const char *s,
    const struct import_opts *opts, struct otp_list *l, struct errbuf *e)
{
	return import_tokens(f, s, strlen(s), opts, l, e);
}

struct want {
	enum otp_kind kind;
	const char *issuer, *account, *secret_b32;
	enum otp_algo algo;
	unsigned digits;
	uint32_t period;
	uint64_t counter;
};

static void
check_token(const struct otp_token *t, const struct want *w, size_t i)
{
	char b32[BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) + 1];

	assert_int_equal(base32_encode(t->secret, t->secret_len, b32,
	    sizeof(b32)), 0);
	if (t->kind != w->kind || strcmp(t->issuer, w->issuer) != 0 ||
	    strcmp(t->account, w->account) != 0 ||
	    strcmp(b32, w->secret_b32) != 0 || t->algo != w->algo ||
	    t->digits != w->digits || t->period != w->period ||
	    t->counter != w->counter)
		fail_msg("token %zu: got %s \"%s\" \"%s\" %s %s %u %u %llu", i,
		    otp_kind_name(t->kind), t->issuer, t->account, b32,
		    otp_algo_name(t->algo), t->digits, (unsigned)t->period,
		    (unsigned long long)t->counter);
	assert_int_equal(otp_token_check(t, NULL), 0);
}

static void
check_tokens(const struct otp_list *l, size_t first, const struct want *w,
    size_t n)
{
	size_t i;

	assert_int_equal(l->n, first + n);
	for (i = 0; i < n; i++)
		check_token(&l->v[first + i], &w[i], i + 1);
}

#define SHA1	OTP_SHA1
#define SHA256	OTP_SHA256
#define SHA512	OTP_SHA512
#define TOTP	OTP_TOTP
#define HOTP	OTP_HOTP
#define STEAM	OTP_STEAM
#define RFC_SHA256 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
#define RFC_SHA512 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV" \
	"GY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"

/* ---- the samples ----------------------------------------------------- */

static const struct want aegis_want[] = {
	{ TOTP, "GitHub", "alice@example.com", "JBSWY3DPEHPK3PXP", SHA1, 6,
	  30, 0 },
	{ TOTP, "ACME Co", "bob", RFC_SHA256, SHA256, 8, 60, 0 },
	{ HOTP, "Example", "carol", RFC_SHA512, SHA512, 8, 30, 42 },
	{ STEAM, "Steam", "gaben", "LUXSHN5ASY3HEX4B", SHA1, 5, 30, 0 },
	/* Aegis keeps issuer and account apart: no label split. */
	{ TOTP, "", "\xe5\xb1\xb1\xe7\x94\xb0:dave",
	  "AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ", SHA1, 7, 15, 0 },
};

static const struct want twofas_want[] = {
	{ TOTP, "GitHub", "alice@example.com",
	  "HOV6QIONFQSD2BCPOJ5O276TCJH63RON", SHA1, 6, 30, 0 },
	/* No otp.issuer: the service name; no account at all. */
	{ TOTP, "Internal VPN", "", "EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH",
	  SHA256, 8, 60, 0 },
	{ HOTP, "Example", "carol", "VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X",
	  SHA512, 6, 30, 7 },
	{ STEAM, "Steam", "gaben", "NO4OOEJSDCLRURRL", SHA1, 5, 30, 0 },
	/* No otp.account: the label, split. */
	{ TOTP, "Dropbox", "frank@example.com",
	  "PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY", SHA1, 6, 30, 0 },
};

static const struct want andotp_want[] = {
	{ TOTP, "GitHub", "alice@example.com",
	  "RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", SHA1, 6, 30, 0 },
	/* Old style: issuer only in the label. */
	{ TOTP, "ACME Co", "bob", RFC_SHA256, SHA256, 8, 60, 0 },
	/* Label prefix equal to the issuer, a space after the colon. */
	{ HOTP, "Example", "carol", "VQB7S564FWCGGTYWUF4WW3IFXA", SHA512, 8,
	  30, 1000 },
	{ STEAM, "Steam", "gaben", "6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX", SHA1,
	  5, 30, 0 },
	/* Label prefix not the issuer: the label stays whole. */
	{ TOTP, "Other", "Different:eve", "NO4OOEJSDCLRURRL", SHA1, 6, 30, 0 },
};

static const struct want bitwarden_want[] = {
	/* Bare base32, lower case, grouped and padded with spaces. */
	{ TOTP, "GitHub", "alice@example.com", "LUXSHN5ASY3HEX4B", SHA1, 6,
	  30, 0 },
	/* A URI's own names win over the item's. */
	{ TOTP, "ACME Co", "bob", "AEEQGY2JW67IMXWI4SJNYXSWVIJGKPFZ", SHA256,
	  8, 60, 0 },
	/* A URI without names takes the item name and the username. */
	{ HOTP, "Example", "carol@example.com",
	  "RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", SHA1, 7, 30, 5 },
	{ STEAM, "Steam", "gaben", "VQB7S564FWCGGTYWUF4WW3IFXA", SHA1, 5, 30,
	  0 },
	{ TOTP, "Cloud", "ops@example.com", "6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX",
	  SHA512, 6, 45, 0 },
};

static const struct want google_want[] = {
	{ TOTP, "GitHub", "alice@example.com",
	  "HOV6QIONFQSD2BCPOJ5O276TCJH63RON", SHA1, 6, 30, 0 },
	{ TOTP, "ACME Co", "bob", RFC_SHA256, SHA256, 8, 30, 0 },
	{ HOTP, "Example", "carol", "VFAYVYX5GMS2OMXP7RYK4IK3TCVREK4X",
	  SHA512, 8, 30, 42 },
	/* All unspecified: SHA1, 6 digits, TOTP. */
	{ TOTP, "", "dave", "JBSWY3DPEHPK3PXP", SHA1, 6, 30, 0 },
	{ TOTP, "Different", "Other:eve", "EFFVXEAHCIYYBCYQZC6HZYS64M66QBMH",
	  SHA1, 6, 30, 0 },
	{ TOTP, "Caf\xc3\xa9", "\xe5\xb1\xb1\xe7\x94\xb0", "LUXSHN5ASY3HEX4B",
	  SHA1, 6, 30, 0 },
	{ HOTP, "Cloud", "ops@example.com", "NO4OOEJSDCLRURRL", SHA1, 6, 30,
	  0 },
};

static const struct sample {
	enum import_format f;
	const char *file;
	const struct want *want;
	size_t n;
} samples[] = {
	{ IMPORT_AEGIS, "aegis-plain.json", aegis_want,
	  ARRAY_LEN(aegis_want) },
	{ IMPORT_2FAS, "2fas.2fas", twofas_want, ARRAY_LEN(twofas_want) },
	{ IMPORT_ANDOTP, "andotp.json", andotp_want, ARRAY_LEN(andotp_want) },
	{ IMPORT_BITWARDEN, "bitwarden.json", bitwarden_want,
	  ARRAY_LEN(bitwarden_want) },
	{ IMPORT_GOOGLE, "google-migration.txt", google_want,
	  ARRAY_LEN(google_want) },
};

static void
test_samples(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct warnings w = { .n = 0 };
	struct import_opts opts = { 0, collect_warning, &w };
	struct errbuf e = { "" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(samples); i++) {
		if (import_sample(samples[i].f, samples[i].file, &opts, &l,
		    &e) != 0)
			fail_msg("%s: %s", samples[i].file, e.msg);
		check_tokens(&l, 0, samples[i].want, samples[i].n);
		assert_int_equal(w.n, 0);
		otp_list_free(&l);
	}
}

/* Tokens append after what the list holds, in input order. */
static void
test_appends(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;

	(void)state;
	assert_int_equal(import_sample(IMPORT_AEGIS, "aegis-plain.json", NULL,
	    &l, &e), 0);
	assert_int_equal(import_sample(IMPORT_GOOGLE, "google-migration.txt",
	    NULL, &l, &e), 0);
	check_tokens(&l, ARRAY_LEN(aegis_want), google_want,
	    ARRAY_LEN(google_want));
	check_token(&l.v[0], &aegis_want[0], 1);
	otp_list_free(&l);
}

static const struct {
	enum import_format f;
	const char *file;
	const char *err;
} encrypted[] = {
	{ IMPORT_AEGIS, "aegis-encrypted.json", "aegis: this Aegis export is "
	  "encrypted; export it unencrypted from Aegis (Settings > Import & "
	  "Export)" },
	{ IMPORT_2FAS, "2fas-encrypted.2fas", "2fas: this 2FAS backup is "
	  "encrypted; export it again from 2FAS (Settings > Backup > Export "
	  "to file) without a password" },
	{ IMPORT_ANDOTP, "andotp-encrypted.json.aes", "andotp: this andOTP "
	  "backup is encrypted; make a plain backup in andOTP (Backups > "
	  "Backup (plain)) and import that" },
	{ IMPORT_BITWARDEN, "bitwarden-encrypted.json", "bitwarden: this "
	  "Bitwarden export is encrypted; export the vault again with file "
	  "format \".json\" (not \".json (Encrypted)\")" },
	{ IMPORT_BITWARDEN, "bitwarden-password.json", "bitwarden: this "
	  "Bitwarden export is encrypted; export the vault again with file "
	  "format \".json\" (not \".json (Encrypted)\")" },
};

static void
test_encrypted(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(encrypted); i++) {
		e.msg[0] = '\0';
		assert_int_equal(import_sample(encrypted[i].f,
		    encrypted[i].file, NULL, &l, &e), -1);
		if (strcmp(e.msg, encrypted[i].err) != 0)
			fail_msg("%s: got \"%s\"", encrypted[i].file, e.msg);
		assert_int_equal(l.n, 0);
	}
	otp_list_free(&l);
}

/* ---- malformed inputs ---------------------------------------------------- */

#define AEGIS(entries) "{\"version\":1,\"header\":{\"slots\":null," \
	"\"params\":null},\"db\":{\"version\":3,\"entries\":[" entries "]}}"
#define AE(type, name, info) "{\"type\":\"" type "\",\"name\":\"" name \
	"\",\"issuer\":\"\",\"info\":{" info "}}"
#define GOOD_INFO "\"secret\":\"JBSWY3DPEHPK3PXP\",\"algo\":\"SHA1\"," \
	"\"digits\":6,\"period\":30"
#define TWOFAS(services) "{\"services\":[" services "],\"schemaVersion\":4}"
#define ANDOTP_E(fields) "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"issuer\":" \
	"\"Acme\",\"label\":\"x\"" fields "}"
#define BW(items) "{\"encrypted\":false,\"folders\":[],\"items\":[" \
	items "]}"
#define BW_LOGIN(name, totp) "{\"type\":1,\"name\":\"" name "\",\"login\":" \
	"{\"username\":\"u\",\"totp\":" totp "}}"
#define MIG "otpauth-migration://offline?data="
#define JB "\"secret\":\"JBSWY3DPEHPK3PXP\""

static const struct {
	enum import_format f;
	const char *in;
	const char *err;	/* the exact message */
} bad[] = {
	/* Aegis. */
	{ IMPORT_AEGIS, "", "aegis: JSON ends too early (line 1, column 0)" },
	{ IMPORT_AEGIS, "[]", "aegis: not an Aegis export (expected a JSON "
	  "object with \"db\")" },
	{ IMPORT_AEGIS, "{\"header\":{}}", "aegis: not an Aegis export (no "
	  "\"db\" object)" },
	{ IMPORT_AEGIS, "{\"db\":{\"entries\":{}}}",
	  "aegis: db.entries is not a list" },
	{ IMPORT_AEGIS, "{\"db\":\"AAAA\"}", "aegis: this Aegis export is "
	  "encrypted; export it unencrypted from Aegis (Settings > Import & "
	  "Export)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "a", GOOD_INFO) ","
	  AE("totp", "b", GOOD_INFO) ",{\"type\":\"totp\",\"name\":\"alice\","
	  "\"issuer\":\"GitHub\",\"info\":{\"secret\":\"JBSWY3DP!HPK3PXP\"}}"),
	  "aegis: entry 3 (\"GitHub\"): secret: bad base32 character '!' at "
	  "position 9" },
	{ IMPORT_AEGIS, AEGIS("1"), "aegis: entry 1: not a JSON object" },
	{ IMPORT_AEGIS, AEGIS("{\"name\":\"x\",\"info\":{}}"),
	  "aegis: entry 1 (\"x\"): missing type" },
	{ IMPORT_AEGIS, AEGIS("{\"type\":1,\"name\":\"x\"}"),
	  "aegis: entry 1 (\"x\"): type is not a string" },
	{ IMPORT_AEGIS, AEGIS("{\"type\":\"totp\",\"name\":\"x\"}"),
	  "aegis: entry 1 (\"x\"): missing info object" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", "\"algo\":\"SHA1\"")),
	  "aegis: entry 1 (\"x\"): missing secret" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", "\"secret\":\"\"")),
	  "aegis: entry 1 (\"x\"): secret is empty" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", "\"secret\":7")),
	  "aegis: entry 1 (\"x\"): secret is not a string" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", "\"secret\":\"JBSWY3DPE\"")),
	  "aegis: entry 1 (\"x\"): secret: base32 length 9 is impossible (a "
	  "group of 8 cannot end after 1, 3 or 6 characters)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", GOOD_INFO ",\"digits\":5")),
	  "aegis: duplicate key in JSON (line 1, column 199)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"digits\":5")),
	  "aegis: entry 1 (\"x\"): digits 5 out of range (6 to 10)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"digits\":\"6\"")),
	  "aegis: entry 1 (\"x\"): digits is not an integer" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"digits\":-6")),
	  "aegis: entry 1 (\"x\"): digits -6 out of range (6 to 10)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"period\":0")), "aegis: entry 1 (\"x\"): period 0 is not a whole "
	  "number of seconds from 1" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"period\":4294967296")), "aegis: entry 1 (\"x\"): period "
	  "4294967296 is not a whole number of seconds from 1" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"period\":30.5")),
	  "aegis: entry 1 (\"x\"): period is not an integer" },
	{ IMPORT_AEGIS, AEGIS(AE("hotp", "x", JB)),
	  "aegis: entry 1 (\"x\"): hotp entry without counter" },
	{ IMPORT_AEGIS, AEGIS(AE("hotp", "x", JB ","
	  "\"counter\":-1")),
	  "aegis: entry 1 (\"x\"): counter -1 is negative" },
	{ IMPORT_AEGIS, AEGIS(AE("steam", "x", JB ","
	  "\"digits\":6")), "aegis: entry 1 (\"x\"): steam tokens use SHA1, 5 "
	  "characters and 30 s" },
	{ IMPORT_AEGIS, AEGIS(AE("yandex", "x", GOOD_INFO)),
	  "aegis: entry 1 (\"x\"): type 'yandex' is not supported (totp, hotp "
	  "or steam)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "x", JB ","
	  "\"algo\":\"MD5\"")), "aegis: entry 1 (\"x\"): algo 'MD5' is not "
	  "supported (SHA1, SHA256 or SHA512)" },
	/* A name that cannot be shown is not shown; its error says why. */
	{ IMPORT_AEGIS, AEGIS(AE("totp", "a\\u0007b", GOOD_INFO)),
	  "aegis: entry 1: account contains a control character" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "\\ud800", GOOD_INFO)),
	  "aegis: not valid JSON (line 1, column 110)" },
	{ IMPORT_AEGIS, AEGIS(AE("totp", "\xff", GOOD_INFO)),
	  "aegis: not valid UTF-8 (line 1, column 103)" },
	{ IMPORT_AEGIS, AEGIS("") " x", "aegis: data after the end of the JSON "
	  "(line 1, column 85)" },
	{ IMPORT_AEGIS, "{\"db\":{\"entries\":[]}", "aegis: JSON ends too "
	  "early (line 1, column 20)" },
	/* 2FAS. */
	{ IMPORT_2FAS, "{}", "2fas: not a 2FAS backup (no \"services\")" },
	{ IMPORT_2FAS, "[]", "2fas: not a 2FAS backup (expected a JSON object "
	  "with \"services\")" },
	{ IMPORT_2FAS, "{\"services\":\"x\"}", "2fas: services is not a list" },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"x\",\"otp\":{}}"),
	  "2fas: entry 1 (\"x\"): missing secret" },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"x\",\"secret\":\"JBSWY3DPEHPK3PXP\","
	  "\"otp\":[]}"), "2fas: entry 1 (\"x\"): otp is not an object" },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"x\",\"secret\":\"JBSWY3DPEHPK3PXP\","
	  "\"otp\":{\"tokenType\":\"HOTP\"}}"),
	  "2fas: entry 1 (\"x\"): hotp entry without counter" },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"x\",\"secret\":\"JBSWY3DPEHPK3PXP\","
	  "\"otp\":{\"account\":\"a\",\"digits\":12}}"),
	  "2fas: entry 1 (\"x\"): digits 12 out of range (6 to 10)" },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"x\",\"secret\":\"JBSWY3DPEHPK3PXP\","
	  "\"otp\":{\"tokenType\":\"MOTP\"}}"), "2fas: entry 1 (\"x\"): "
	  "tokenType 'MOTP' is not supported (TOTP, HOTP or STEAM)" },
	{ IMPORT_2FAS, "{\"services\":[],\"servicesEncrypted\":\"a:b:c\"}",
	  "2fas: this 2FAS backup is encrypted; export it again from 2FAS "
	  "(Settings > Backup > Export to file) without a password" },
	/* andOTP. */
	{ IMPORT_ANDOTP, "{}", "andotp: not an andOTP backup (expected a JSON "
	  "list)" },
	{ IMPORT_ANDOTP, "hello", "andotp: not valid JSON (line 1, column 5)" },
	{ IMPORT_ANDOTP, "-----BEGIN PGP MESSAGE-----\n\nhQEMA5+\n",
	  "andotp: this andOTP backup is encrypted; make a plain backup in "
	  "andOTP (Backups > Backup (plain)) and import that" },
	{ IMPORT_ANDOTP, "[" ANDOTP_E(",\"type\":\"TOTP\",\"digits\":11") "]",
	  "andotp: entry 1 (\"Acme\"): digits 11 out of range (6 to 10)" },
	{ IMPORT_ANDOTP, "[" ANDOTP_E(",\"type\":\"HOTP\"") "]",
	  "andotp: entry 1 (\"Acme\"): hotp entry without counter" },
	{ IMPORT_ANDOTP, "[" ANDOTP_E(",\"type\":\"MOTP\"") "]",
	  "andotp: entry 1 (\"Acme\"): type 'MOTP' is not supported (TOTP, "
	  "HOTP or STEAM)" },
	{ IMPORT_ANDOTP, "[" ANDOTP_E(",\"algorithm\":\"SHA224\"") "]",
	  "andotp: entry 1 (\"Acme\"): algorithm 'SHA224' is not supported "
	  "(SHA1, SHA256 or SHA512)" },
	{ IMPORT_ANDOTP, "[{\"label\":\"x\"}]",
	  "andotp: entry 1 (\"x\"): missing secret" },
	{ IMPORT_ANDOTP, "[{\"secret\":\"JBSWY3DPEHPK3PXP\",\"issuer\":\"\","
	  "\"label\":\":\\u0001\"}]",
	  "andotp: entry 1: account contains a control character" },
	/* Bitwarden. */
	{ IMPORT_BITWARDEN, "[]", "bitwarden: not a Bitwarden export (expected "
	  "a JSON object with \"items\")" },
	{ IMPORT_BITWARDEN, "{\"encrypted\":false}", "bitwarden: not a "
	  "Bitwarden export (no \"items\")" },
	{ IMPORT_BITWARDEN, "{\"items\":{}}",
	  "bitwarden: items is not a list" },
	{ IMPORT_BITWARDEN, "{\"encrypted\":\"no\",\"items\":[]}",
	  "bitwarden: encrypted is not true or false" },
	{ IMPORT_BITWARDEN, "{\"passwordProtected\":true,\"data\":\"x\"}",
	  "bitwarden: this Bitwarden export is encrypted; export the vault "
	  "again with file format \".json\" (not \".json (Encrypted)\")" },
	{ IMPORT_BITWARDEN, BW(BW_LOGIN("GitHub", "\"AB!\"")),
	  "bitwarden: entry 1 (\"GitHub\"): totp: secret: bad base32 character "
	  "'!' at position 3" },
	{ IMPORT_BITWARDEN, BW(BW_LOGIN("GitHub", "7")),
	  "bitwarden: entry 1: totp is not a string" },
	{ IMPORT_BITWARDEN, BW(BW_LOGIN("x", "\"otpauth://totp/x\"")),
	  "bitwarden: entry 1 (\"x\"): totp: missing secret" },
	{ IMPORT_BITWARDEN, BW(BW_LOGIN("x", "\"steam://\"")),
	  "bitwarden: entry 1 (\"x\"): totp: secret is empty" },
	{ IMPORT_BITWARDEN, BW("{\"type\":1,\"name\":\"x\",\"login\":[]}"),
	  "bitwarden: entry 1: login is not an object" },
	{ IMPORT_BITWARDEN, BW("{\"type\":\"1\"}"),
	  "bitwarden: entry 1: type is not an integer" },
	{ IMPORT_BITWARDEN,
	  BW("{\"type\":2},{\"type\":1,\"name\":\"b\\u0000\"}"),
	  "bitwarden: NUL character in JSON (line 1, column 78)" },
	/* Google: the lines and the data; payloads are tested below. */
	{ IMPORT_GOOGLE, "",
	  "google: no otpauth-migration:// URI in the input" },
	{ IMPORT_GOOGLE, " \n\r\n\t\n",
	  "google: no otpauth-migration:// URI in the input" },
	{ IMPORT_GOOGLE, "hello", "google: line 1: not an otpauth-migration:// "
	  "URI" },
	{ IMPORT_GOOGLE, "\n\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
	  "google: line 3: an otpauth:// URI, not a Google Authenticator "
	  "export" },
	{ IMPORT_GOOGLE, "otpauth-migration://online?data=AA",
	  "google: line 1: expected otpauth-migration://offline?data=..." },
	{ IMPORT_GOOGLE, "otpauth-migration://offline", "google: line 1: "
	  "expected otpauth-migration://offline?data=..." },
	{ IMPORT_GOOGLE, "otpauth-migration://offline?foo=bar",
	  "google: line 1: missing data parameter" },
	{ IMPORT_GOOGLE, MIG, "google: line 1: data is empty" },
	{ IMPORT_GOOGLE, MIG "AA&data=AA", "google: line 1: parameter 'data' "
	  "given twice" },
	{ IMPORT_GOOGLE, MIG "%ZZ", "google: line 1: data: '%' at position 1 "
	  "is not followed by two hex digits" },
	{ IMPORT_GOOGLE, MIG "Cj4 KFD", "google: line 1: data: space at "
	  "position 4 is not base64 (a '+' read as a space?)" },
	{ IMPORT_GOOGLE, MIG "Cj4*", "google: line 1: data: bad base64 "
	  "character '*' at position 4" },
	{ IMPORT_GOOGLE, MIG "Cj4-", "google: line 1: data: bad base64 "
	  "character '-' at position 4" },
	{ IMPORT_GOOGLE, MIG "C", "google: line 1: data is not valid base64 "
	  "(truncated, or wrong padding)" },
	{ IMPORT_GOOGLE, MIG "AA=", "google: line 1: data is not valid base64 "
	  "(truncated, or wrong padding)" },
	{ IMPORT_GOOGLE, MIG "/////w==", "google: line 1: data is not a Google "
	  "Authenticator export (bad protobuf)" },
	{ IMPORT_GOOGLE, MIG "A\001A", "google: line 1: control character at "
	  "position 35" },
};

static void
test_bad_inputs(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		e.msg[0] = '\0';
		assert_int_equal(import_str(bad[i].f, bad[i].in, NULL, &l, &e),
		    -1);
		if (strcmp(e.msg, bad[i].err) != 0)
			fail_msg("case %zu: got \"%s\"\n  want \"%s\"", i,
			    e.msg, bad[i].err);
		assert_int_equal(l.n, 0);
	}
	otp_list_free(&l);
}

/* What is not a token is not an error. */
static void
test_not_tokens_ignored(void **state)
{
	static const struct {
		enum import_format f;
		const char *in;
	} empty[] = {
		{ IMPORT_AEGIS, AEGIS("") },
		{ IMPORT_2FAS, TWOFAS("") },
		{ IMPORT_ANDOTP, "[]" },
		{ IMPORT_BITWARDEN, "{\"items\":[]}" },
		{ IMPORT_BITWARDEN, BW("{\"type\":2,\"name\":\"note\"},"
		  "{\"type\":1,\"name\":\"x\"},"
		  "{\"type\":1,\"name\":\"y\",\"login\":null},"
		  BW_LOGIN("z", "null") "," BW_LOGIN("w", "\" \\t \"")) },
		{ IMPORT_GOOGLE, MIG "EAEYASAAKAA=\n" },	/* 0 accounts */
	};
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(empty); i++) {
		if (import_str(empty[i].f, empty[i].in, NULL, &l, &e) != 0)
			fail_msg("case %zu: %s", i, e.msg);
		assert_int_equal(l.n, 0);
	}
	otp_list_free(&l);
}

static void
test_format_names(void **state)
{
	static const struct {
		const char *name;
		enum import_format f;
	} names[] = {
		{ "google", IMPORT_GOOGLE }, { "aegis", IMPORT_AEGIS },
		{ "2fas", IMPORT_2FAS }, { "andotp", IMPORT_ANDOTP },
		{ "bitwarden", IMPORT_BITWARDEN }, { "Aegis", IMPORT_AEGIS },
		{ "andOTP", IMPORT_ANDOTP },
	};
	enum import_format f;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(names); i++) {
		assert_int_equal(import_format_parse(names[i].name, &f), 0);
		assert_int_equal(f, names[i].f);
	}
	assert_int_equal(import_format_parse("freeotp", &f), -1);
	assert_int_equal(import_format_parse("", &f), -1);
	assert_int_equal(import_format_parse("google ", &f), -1);
}

/* ---- Google payloads built here ------------------------------------------ */

struct gacct {
	const char *secret;	/* raw bytes */
	size_t secret_len;
	const char *name, *issuer;
	int algorithm, digits, type;
	int64_t counter;
};

/* Append the otpauth-migration line for accounts a[0..n) and the batch
 * fields to buf (cap bytes). With pct, escape '+', '/' and '=' as Google
 * does. */
static void
gline(char *buf, size_t cap, const struct gacct *a, size_t n, int size,
    int index, int id, int pct)
{
	MigrationPayload m = MIGRATION_PAYLOAD__INIT;
	MigrationPayload__OtpParameters p[8], *pp[8];
	unsigned char bin[4096];
	char b64[8192];
	size_t i, len, pos = strlen(buf);

	assert_true(n <= ARRAY_LEN(p));
	for (i = 0; i < n; i++) {
		migration_payload__otp_parameters__init(&p[i]);
		p[i].secret.data = (uint8_t *)(uintptr_t)a[i].secret;
		p[i].secret.len = a[i].secret_len;
		p[i].name = (char *)(uintptr_t)a[i].name;
		p[i].issuer = (char *)(uintptr_t)a[i].issuer;
		p[i].algorithm = a[i].algorithm;
		p[i].digits = a[i].digits;
		p[i].type = a[i].type;
		p[i].counter = a[i].counter;
		pp[i] = &p[i];
	}
	m.n_otp_parameters = n;
	m.otp_parameters = pp;
	m.version = 1;
	m.batch_size = size;
	m.batch_index = index;
	m.batch_id = id;
	assert_true(migration_payload__get_packed_size(&m) <= sizeof(bin));
	len = migration_payload__pack(&m, bin);
	sodium_bin2base64(b64, sizeof(b64), bin, len,
	    sodium_base64_VARIANT_ORIGINAL);
	pos += (size_t)snprintf(buf + pos, cap - pos, MIG);
	for (i = 0; b64[i] != '\0'; i++) {
		assert_true(pos + 4 < cap);
		if (pct && strchr("+/=", b64[i]) != NULL)
			pos += (size_t)snprintf(buf + pos, cap - pos, "%%%02X",
			    (unsigned char)b64[i]);
		else
			buf[pos++] = b64[i];
	}
	buf[pos++] = '\n';
	buf[pos] = '\0';
}

#define GA(name, issuer) \
	{ "12345678901234567890", 20, name, issuer, 1, 1, 2, 0 }

static void
test_google_payload_errors(void **state)
{
	static const struct {
		struct gacct a;
		const char *err;
	} cases[] = {
		{ { "", 0, "x", "", 1, 1, 2, 0 },
		  "google: entry 1 (\"x\"): secret is empty" },
		{ { "12345678901234567890", 20, "x", "", 9, 1, 2, 0 },
		  "google: entry 1 (\"x\"): algorithm 9 is not supported "
		  "(SHA1, SHA256 or SHA512)" },
		{ { "12345678901234567890", 20, "x", "I", 4, 1, 2, 0 },
		  "google: entry 1 (\"I\"): algorithm MD5 is not supported "
		  "(SHA1, SHA256 or SHA512)" },
		{ { "12345678901234567890", 20, "x", "", 1, 3, 2, 0 },
		  "google: entry 1 (\"x\"): digit count 3 is not supported "
		  "(6 or 8)" },
		{ { "12345678901234567890", 20, "x", "", 1, 1, 5, 0 },
		  "google: entry 1 (\"x\"): type 5 is not supported (TOTP or "
		  "HOTP)" },
		{ { "12345678901234567890", 20, "x", "", 1, 1, 1, -1 },
		  "google: entry 1 (\"x\"): counter -1 is negative" },
		{ { "12345678901234567890", 20, "a\tb", "", 1, 1, 2, 0 },
		  "google: entry 1: account contains a control character" },
	};
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	char buf[8192], big[LIMIT_OTP_SECRET + 1];
	struct gacct longsecret = { big, sizeof(big), "x", "", 1, 1, 2, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		buf[0] = '\0';
		/* A good account first: its number must not restart. */
		gline(buf, sizeof(buf), &(struct gacct)GA("ok", ""), 1, 1, 0, 0,
		    1);
		gline(buf, sizeof(buf), &cases[i].a, 1, 1, 0, 0, 1);
		assert_int_equal(import_str(IMPORT_GOOGLE, buf, NULL, &l, &e),
		    -1);
		/* The bad account is entry 2 overall. */
		{
			char want[ERRBUF_LEN];
			const char *rest = strstr(cases[i].err, "entry 1");

			snprintf(want, sizeof(want), "google: entry 2%s",
			    rest + strlen("entry 1"));
			if (strcmp(e.msg, want) != 0)
				fail_msg("case %zu: got \"%s\"", i, e.msg);
		}
		assert_int_equal(l.n, 0);
	}
	memset(big, 'k', sizeof(big));
	buf[0] = '\0';
	gline(buf, sizeof(buf), &longsecret, 1, 1, 0, 0, 0);
	assert_int_equal(import_str(IMPORT_GOOGLE, buf, NULL, &l, &e), -1);
	assert_string_equal(e.msg, "google: entry 1 (\"x\"): secret longer "
	    "than 128 bytes");
	otp_list_free(&l);
}

/* '+' and '/' in the base64, literal or escaped in either case, and the
 * padding present or not, all read the same. */
static void
test_google_base64_forms(void **state)
{
	struct gacct a = GA("n", "I");
	unsigned char secret[20];
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	char raw[4096], esc[4096], low[4096], nopad[4096];
	size_t i, k;
	int seed;

	(void)state;
	/* Find a secret whose payload's base64 has '+', '/' and '='. */
	for (seed = 0; seed < 256; seed++) {
		for (i = 0; i < sizeof(secret); i++)
			secret[i] = (unsigned char)(seed * 31 + i * 97);
		a.secret = (const char *)secret;
		a.secret_len = sizeof(secret);
		raw[0] = '\0';
		gline(raw, sizeof(raw), &a, 1, 1, 0, 0, 0);
		if (strchr(raw + strlen(MIG), '+') &&
		    strchr(raw + strlen(MIG), '/') &&
		    strchr(raw + strlen(MIG), '='))
			break;
	}
	assert_true(seed < 256);
	esc[0] = '\0';
	gline(esc, sizeof(esc), &a, 1, 1, 0, 0, 1);
	assert_non_null(strstr(esc, "%2B"));
	assert_non_null(strstr(esc, "%2F"));
	/* Lower-case escapes. */
	snprintf(low, sizeof(low), "%s", esc);
	for (i = 0; low[i] != '\0'; i++)
		if (low[i] == '%') {
			low[i + 1] = (char)tolower((unsigned char)low[i + 1]);
			low[i + 2] = (char)tolower((unsigned char)low[i + 2]);
		}
	assert_non_null(strstr(low, "%2b"));
	/* No padding. */
	snprintf(nopad, sizeof(nopad), "%s", raw);
	while ((k = strlen(nopad)) > 0 && (nopad[k - 1] == '\n' ||
	    nopad[k - 1] == '='))
		nopad[k - 1] = '\0';
	assert_int_equal(import_str(IMPORT_GOOGLE, raw, NULL, &l, &e), 0);
	assert_int_equal(import_str(IMPORT_GOOGLE, esc, NULL, &l, &e), 0);
	if (import_str(IMPORT_GOOGLE, low, NULL, &l, &e) != 0)
		fail_msg("%s: %s", low, e.msg);
	assert_int_equal(import_str(IMPORT_GOOGLE, nopad, NULL, &l, &e), 0);
	assert_int_equal(l.n, 4);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].secret_len, sizeof(secret));
		assert_memory_equal(l.v[i].secret, secret, sizeof(secret));
		assert_string_equal(l.v[i].issuer, "I");
		assert_string_equal(l.v[i].account, "n");
	}
	otp_list_free(&l);
}

static void
test_google_batches(void **state)
{
	struct gacct a = GA("n", "I");
	struct warnings w = { .n = 0 };
	struct import_opts opts = { 0, collect_warning, &w };
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	char buf[16384];

	(void)state;
	/* A part given twice. */
	buf[0] = '\0';
	gline(buf, sizeof(buf), &a, 1, 2, 0, 5, 1);
	gline(buf, sizeof(buf), &a, 1, 2, 1, 5, 1);
	gline(buf, sizeof(buf), &a, 1, 2, 0, 5, 1);
	assert_int_equal(import_str(IMPORT_GOOGLE, buf, &opts, &l, &e), -1);
	assert_string_equal(e.msg, "google: line 3: part 1 of batch 5 given "
	    "again (first on line 1)");
	assert_int_equal(l.n, 0);
	/* An index outside the batch. */
	buf[0] = '\0';
	gline(buf, sizeof(buf), &a, 1, 2, 2, 5, 1);
	assert_int_equal(import_str(IMPORT_GOOGLE, buf, &opts, &l, &e), -1);
	assert_string_equal(e.msg, "google: line 1: batch index 2 is outside "
	    "its batch of 2");
	/* Parts that disagree on the size. */
	buf[0] = '\0';
	gline(buf, sizeof(buf), &a, 1, 2, 0, 5, 1);
	gline(buf, sizeof(buf), &a, 1, 3, 1, 5, 1);
	assert_int_equal(import_str(IMPORT_GOOGLE, buf, &opts, &l, &e), -1);
	assert_string_equal(e.msg, "google: line 2: batch 5 has 3 parts here "
	    "but 2 on line 1");
	assert_int_equal(w.n, 0);
	/* Missing parts warn; the parts given still import. */
	buf[0] = '\0';
	gline(buf, sizeof(buf), &a, 1, 9, 4, -3, 1);
	gline(buf, sizeof(buf), &a, 1, 9, 1, -3, 1);
	gline(buf, sizeof(buf), &a, 1, 2, 1, 6, 1);
	gline(buf, sizeof(buf), &a, 1, 2, 0, 6, 1);
	gline(buf, sizeof(buf), &a, 1, 3, 0, 7, 1);
	gline(buf, sizeof(buf), &a, 1, 3, 2, 7, 1);
	/* The same batch id with size 1 is a batch of its own. */
	gline(buf, sizeof(buf), &a, 1, 1, 0, 6, 1);
	gline(buf, sizeof(buf), &a, 1, 1, 0, 6, 1);
	if (import_str(IMPORT_GOOGLE, buf, &opts, &l, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(l.n, 8);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.msg[0], "google: batch -3 is incomplete: 2 of 9 "
	    "QR codes (missing parts 1, 3, 4, 6, 7, ...); scan the rest to "
	    "import every account");
	assert_string_equal(w.msg[1], "google: batch 7 is incomplete: 2 of 3 "
	    "QR codes (missing part 2); scan the rest to import every "
	    "account");
	otp_list_free(&l);
}

/* ---- all or nothing ----------------------------------------------------- */

static const struct {
	enum import_format f;
	const char *in;		/* good entries, then a bad one */
} late_failures[] = {
	{ IMPORT_AEGIS, AEGIS(AE("totp", "a", GOOD_INFO) ","
	  AE("totp", "b", GOOD_INFO) "," AE("totp", "c", "\"secret\":\"!\"")) },
	{ IMPORT_2FAS, TWOFAS("{\"name\":\"a\"," JB "},{\"name\":\"b\"," JB "},"
	  "{\"name\":\"c\"}") },
	{ IMPORT_ANDOTP, "[" ANDOTP_E("") "," ANDOTP_E("") ","
	  ANDOTP_E(",\"digits\":99") "]" },
	{ IMPORT_BITWARDEN, BW(BW_LOGIN("a", "\"JBSWY3DPEHPK3PXP\"") ","
	  BW_LOGIN("b", "\"JBSWY3DPEHPK3PXP\"") "," BW_LOGIN("c", "\"1\"")) },
	/* Google: good accounts on line 1, a bad line 2. */
	{ IMPORT_GOOGLE, MIG "CjIKFCFLW5AHEjGAixDIvHziXuM96AWHEglPdGhlcjpldmUaC"
	  "URpZmZlcmVudCABKAEwAhABGAMo7%2F229f3%2F%2F%2F%2F%2FAQ%3D%3D\n"
	  MIG "!!!!\n" },
	/* Google: good accounts, then a duplicate part found at the end. */
	{ IMPORT_GOOGLE, MIG "CjIKFCFLW5AHEjGAixDIvHziXuM96AWHEglPdGhlcjpldmUaC"
	  "URpZmZlcmVudCABKAEwAhABGAMo7%2F229f3%2F%2F%2F%2F%2FAQ%3D%3D\n"
	  MIG "CjIKFCFLW5AHEjGAixDIvHziXuM96AWHEglPdGhlcjpldmUaC"
	  "URpZmZlcmVudCABKAEwAhABGAMo7%2F229f3%2F%2F%2F%2F%2FAQ%3D%3D\n" },
};

static void
test_out_unchanged_on_failure(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct otp_token t, before[2];
	struct errbuf e, w;
	size_t i, j, k;
	const unsigned char *p;

	(void)state;
	for (i = 0; i < ARRAY_LEN(late_failures); i++) {
		assert_int_equal(otp_uri_parse("otpauth://totp/A:a?secret="
		    "GEZDGNBVGY3TQOJQ", &t, &e, &w), 0);
		assert_int_equal(otp_list_add(&l, &t, &e), 0);
		assert_int_equal(otp_uri_parse("otpauth://hotp/B:b?secret="
		    "MZXW6YTB&counter=3", &t, &e, &w), 0);
		assert_int_equal(otp_list_add(&l, &t, &e), 0);
		memcpy(before, l.v, sizeof(before));
		e.msg[0] = '\0';
		assert_int_equal(import_str(late_failures[i].f,
		    late_failures[i].in, NULL, &l, &e), -1);
		assert_true(e.msg[0] != '\0');
		assert_int_equal(l.n, 2);
		assert_memory_equal(l.v, before, sizeof(before));
		/* What the failed import appended is wiped, not dropped. */
		p = (const unsigned char *)(l.v + 2);
		for (j = 0; j < (l.cap - 2) * sizeof(*l.v); j++)
			if (p[j] != 0)
				fail_msg("case %zu: byte %zu past the list not "
				    "wiped", i, j);
		/* And the list still works. */
		k = l.n;
		assert_int_equal(import_sample(IMPORT_ANDOTP, "andotp.json",
		    NULL, &l, &e), 0);
		check_tokens(&l, k, andotp_want, ARRAY_LEN(andotp_want));
		otp_list_free(&l);
	}
	otp_token_clear(&t);
}

/* ---- skip_unsupported ---------------------------------------------------- */

static const struct {
	enum import_format f;
	const char *file;
	const char *strict_err;
	const char *warnings[3];
	struct want kept[2];
} unsupported[] = {
	{ IMPORT_AEGIS, "aegis-unsupported.json",
	  "aegis: entry 2 (\"Yandex\"): type 'yandex' is not supported (totp, "
	  "hotp or steam)",
	  { "aegis: entry 2 (\"Yandex\"): skipped: type 'yandex' is not "
	    "supported (totp, hotp or steam)",
	    "aegis: entry 3: skipped: type 'motp' is not supported (totp, hotp "
	    "or steam)",
	    "aegis: entry 4 (\"Legacy\"): skipped: algo 'MD5' is not supported "
	    "(SHA1, SHA256 or SHA512)" },
	  { { TOTP, "GitHub", "alice", "RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", SHA1,
	      6, 30, 0 },
	    { HOTP, "Example", "carol",
	      "PWIYZNTCRWKGBOBUM253TORLIZUOA4QSISF2V7X4NY", SHA1, 6, 30,
	      0 } } },
	{ IMPORT_2FAS, "2fas-unsupported.2fas",
	  "2fas: entry 2 (\"Old Bank\"): algorithm 'SHA224' is not supported "
	  "(SHA1, SHA256 or SHA512)",
	  { "2fas: entry 2 (\"Old Bank\"): skipped: algorithm 'SHA224' is not "
	    "supported (SHA1, SHA256 or SHA512)",
	    "2fas: entry 3 (\"Yandex\"): skipped: tokenType 'YANDEX' is not "
	    "supported (TOTP, HOTP or STEAM)", NULL },
	  { { TOTP, "GitHub", "alice", "RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", SHA1,
	      6, 30, 0 } } },
	{ IMPORT_ANDOTP, "andotp-unsupported.json",
	  "andotp: entry 2 (\"Bank\"): type 'MOTP' is not supported (TOTP, "
	  "HOTP or STEAM)",
	  { "andotp: entry 2 (\"Bank\"): skipped: type 'MOTP' is not supported "
	    "(TOTP, HOTP or STEAM)", NULL, NULL },
	  { { TOTP, "GitHub", "alice", "LUXSHN5ASY3HEX4B", SHA1, 6, 30, 0 } } },
	{ IMPORT_GOOGLE, "google-unsupported.txt",
	  "google: entry 2 (\"Legacy\"): algorithm MD5 is not supported (SHA1, "
	  "SHA256 or SHA512)",
	  { "google: entry 2 (\"Legacy\"): skipped: algorithm MD5 is not "
	    "supported (SHA1, SHA256 or SHA512)", NULL, NULL },
	  { { TOTP, "GitHub", "alice", "RO3ZYRCKGOBOHXI3RMFN4SX7AU2KCD7H", SHA1,
	      6, 30, 0 },
	    { TOTP, "Example", "carol", "6Y7DGC7D5K7AE4BNBEIDYXUNMGQ3YYIX",
	      SHA1, 6, 30, 0 } } },
};

static void
test_skip_unsupported(void **state)
{
	struct warnings w;
	struct import_opts strict = { 0, collect_warning, &w };
	struct import_opts skip = { 1, collect_warning, &w };
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i, j, nwarn, nkept;

	(void)state;
	for (i = 0; i < ARRAY_LEN(unsupported); i++) {
		w.n = 0;
		assert_int_equal(import_sample(unsupported[i].f,
		    unsupported[i].file, &strict, &l, &e), -1);
		assert_string_equal(e.msg, unsupported[i].strict_err);
		assert_int_equal(w.n, 0);
		assert_int_equal(l.n, 0);
		/* NULL opts is strict too. */
		assert_int_equal(import_sample(unsupported[i].f,
		    unsupported[i].file, NULL, &l, &e), -1);

		if (import_sample(unsupported[i].f, unsupported[i].file, &skip,
		    &l, &e) != 0)
			fail_msg("%s: %s", unsupported[i].file, e.msg);
		for (nwarn = 0; nwarn < 3 && unsupported[i].warnings[nwarn];
		    nwarn++)
			;
		assert_int_equal(w.n, nwarn);
		for (j = 0; j < nwarn; j++)
			assert_string_equal(w.msg[j],
			    unsupported[i].warnings[j]);
		nkept = unsupported[i].kept[1].issuer != NULL ? 2 : 1;
		check_tokens(&l, 0, unsupported[i].kept, nkept);
		otp_list_free(&l);
	}
	/* Skipping without a warn callback is fine too. */
	skip.warn = NULL;
	assert_int_equal(import_sample(IMPORT_AEGIS, "aegis-unsupported.json",
	    &skip, &l, &e), 0);
	assert_int_equal(l.n, 2);
	otp_list_free(&l);
}

/* A Bitwarden totp URI whose label and issuer disagree: the warning says
 * which entry. */
static void
test_bitwarden_uri_warning(void **state)
{
	struct warnings w = { .n = 0 };
	struct import_opts opts = { 0, collect_warning, &w };
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;

	(void)state;
	assert_int_equal(import_str(IMPORT_BITWARDEN, BW(BW_LOGIN("Item",
	    "\"otpauth://totp/Old:u?secret=JBSWY3DPEHPK3PXP&issuer=New\"")),
	    &opts, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].issuer, "New");
	assert_int_equal(w.n, 1);
	assert_string_equal(w.msg[0], "bitwarden: entry 1 (\"Item\"): totp: "
	    "label issuer \"Old\" differs from issuer parameter \"New\"; using "
	    "the parameter");
	otp_list_free(&l);
}

/* ---- limits and secrecy -------------------------------------------------- */

static void
test_limits(void **state)
{
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	char *buf;
	size_t i, n, pos;
	static const char one[] = "{\"secret\":\"JBSWY3DPEHPK3PXP\"},";

	(void)state;
	/* The whole input. */
	n = LIMIT_IMPORT_FILE + 1;
	assert_non_null(buf = malloc(n));
	memset(buf, ' ', n);
	assert_int_equal(import_tokens(IMPORT_ANDOTP, buf, n, NULL, &l, &e),
	    -1);
	assert_string_equal(e.msg, "andotp: input larger than 16777216 bytes");
	/* One migration URI. */
	memcpy(buf, MIG, strlen(MIG));
	memset(buf + strlen(MIG), 'A', LIMIT_MIGRATION_URI);
	assert_int_equal(import_tokens(IMPORT_GOOGLE, buf, LIMIT_MIGRATION_URI +
	    1, NULL, &l, &e), -1);
	assert_string_equal(e.msg, "google: line 1: longer than 65536 bytes");
	/* The number of tokens. */
	pos = 0;
	buf[pos++] = '[';
	for (i = 0; i < LIMIT_IMPORT_TOKENS + 1; i++) {
		memcpy(buf + pos, one, strlen(one));
		pos += strlen(one);
	}
	buf[pos - 1] = ']';
	assert_int_equal(import_tokens(IMPORT_ANDOTP, buf, pos, NULL, &l, &e),
	    -1);
	assert_string_equal(e.msg, "andotp: entry 10001: more than 10000 "
	    "tokens");
	assert_int_equal(l.n, 0);
	/* Exactly the limit is fine. */
	buf[pos - strlen(one) - 1] = ']';
	assert_int_equal(import_tokens(IMPORT_ANDOTP, buf, pos - strlen(one),
	    NULL, &l, &e), 0);
	assert_int_equal(l.n, LIMIT_IMPORT_TOKENS);
	otp_list_free(&l);
	free(buf);
}

/* Errors near a seed never quote it (jansson's own messages would). */
static void
test_no_secret_in_messages(void **state)
{
	static const struct {
		enum import_format f;
		const char *in;
	} cases[] = {
		{ IMPORT_AEGIS, "{\"db\":{\"entries\":[{\"info\":{\"secret\":"
		  "KZXW6YTBOI3DQNJV}}]}}" },
		{ IMPORT_ANDOTP, "[{\"secret\":\"KZXW6YTBOI3DQNJV\" \"x\"}]" },
		{ IMPORT_2FAS, "{\"services\":[{\"secret\":"
		  "\"KZXW6YTBOI3DQNJV\",\"secret\":\"KZXW6YTBOI3DQNJV\"}]}" },
		{ IMPORT_BITWARDEN, "{\"items\":[{\"login\":{\"totp\":"
		  "'KZXW6YTBOI3DQNJV'}}]}" },
		{ IMPORT_BITWARDEN,
		  BW(BW_LOGIN("x", "\"KZXW6YTBOI3DQNJV1\"")) },
		{ IMPORT_GOOGLE, MIG "KZXW6YTBOI3DQNJV KZXW6YTBOI3DQNJV" },
	};
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(import_str(cases[i].f, cases[i].in, NULL, &l,
		    &e), -1);
		if (strstr(e.msg, "KZXW6") != NULL)
			fail_msg("case %zu quotes the seed: %s", i, e.msg);
	}
	otp_list_free(&l);
}

/* Names are shown cut to a whole character. */
static void
test_long_name_shown_cut(void **state)
{
	char in[2048], name[600];
	struct otp_list l = { NULL, 0, 0 };
	struct errbuf e;
	size_t i;

	(void)state;
	/* 47 ASCII bytes, then 3-byte characters: the cut lands inside one. */
	memset(name, 'a', 47);
	for (i = 47; i + 3 < 300; i += 3)
		memcpy(name + i, "\xe2\x82\xac", 3);
	name[i] = '\0';
	snprintf(in, sizeof(in), "[{\"secret\":\"JBSWY3DPEHPK3PXP\","
	    "\"issuer\":\"%s\",\"label\":\"x\"}]", name);
	assert_int_equal(import_str(IMPORT_ANDOTP, in, NULL, &l, &e), -1);
	assert_string_equal(e.msg, "andotp: entry 1 (\"aaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaa\"): issuer longer than 256 bytes");
	otp_list_free(&l);
}

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	jsonmem_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_not_tokens_ignored),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_google_payload_errors),
		cmocka_unit_test(test_google_base64_forms),
		cmocka_unit_test(test_google_batches),
		cmocka_unit_test(test_out_unchanged_on_failure),
		cmocka_unit_test(test_skip_unsupported),
		cmocka_unit_test(test_bitwarden_uri_warning),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_no_secret_in_messages),
		cmocka_unit_test(test_long_name_shown_cut),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
