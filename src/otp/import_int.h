/*
 * import_int.h -- what the importers share; private to src/otp/import*.c.
 *
 * Why: five formats, one set of rules (import.h: STRICTNESS). Keeping the
 * rules here -- how an entry is named in a message, when a kind is skipped
 * instead of refused, how a label splits, how JSON fields are typed --
 * means each import_<format>.c is only about its format, and the five
 * cannot drift apart (cf. SQLite's btreeInt.h).
 *
 * MESSAGES: an importer writes messages without the format prefix;
 *     import_tokens() prefixes "<format>: ". Entry-level messages start
 *     "entry N" or "entry N (\"NAME\")", N being the 1-based position in
 *     the export. Warnings go to opts->warn with the prefix already on.
 *     Nothing secret is ever formatted: not a seed, not a line of input.
 */
#ifndef KAITO_OTP_IMPORT_INT_H
#define KAITO_OTP_IMPORT_INT_H

#include <stddef.h>

#include <jansson.h>

#include "otp/import.h"

/* Longest name shown in a message, in bytes (cut at a UTF-8 boundary). */
#define IMPORT_SHOWN_NAME	48

struct import_ctx {
	const char *name;		/* format name, for warnings */
	const struct import_opts *opts;	/* borrowed; may be NULL */
	struct otp_list *out;		/* borrowed; tokens go here */
	struct errbuf *e;		/* borrowed; the failure message */
};

/* One per format; same contract as import_tokens() except that they need
 * not undo their appends (the dispatcher does) and write no prefix. */
int import_google(struct import_ctx *c, const char *buf, size_t len);
int import_aegis(struct import_ctx *c, const char *buf, size_t len);
int import_2fas(struct import_ctx *c, const char *buf, size_t len);
int import_andotp(struct import_ctx *c, const char *buf, size_t len);
int import_bitwarden(struct import_ctx *c, const char *buf, size_t len);

/* How an entry is named in messages: its position and a printable name. */
struct import_entry {
	size_t idx;				/* 1-based */
	char shown[IMPORT_SHOWN_NAME + 1];	/* "" when nothing printable */
};

/*
 * Start naming entry idx. Then import_entry_show() may set the shown name
 * from n bytes of s, if they are valid UTF-8 without control characters
 * (a name that fails that test is not shown; its field's error says why).
 * A later call replaces the name only while none is shown yet, so callers
 * offer the issuer first, then the account.
 */
void import_entry_start(struct import_entry *en, size_t idx);
void import_entry_show(struct import_entry *en, const char *s, size_t n);

/* "entry N" or "entry N (\"NAME\")", as messages name the entry. */
#define IMPORT_ENTRY_LABEL	(IMPORT_SHOWN_NAME + 32)
void import_entry_label(const struct import_entry *en,
    char dst[IMPORT_ENTRY_LABEL]);

/* Prefix c->e with "entry N (\"NAME\")". Returns -1. */
int import_entry_fail(struct import_ctx *c, const struct import_entry *en);

/*
 * An entry Kaito cannot hold (Yandex, mOTP, MD5, ...), why given by fmt.
 * Without skip_unsupported: set c->e to WHY and return -1 (the caller
 * prefixes the entry, as for any other error of the entry). With it: send
 * "FORMAT: entry N (...): skipped: WHY" to opts->warn and return 1,
 * meaning "skipped, carry on".
 */
int import_unsupported(struct import_ctx *c, const struct import_entry *en,
    const char *fmt, ...) __attribute__((__format__(printf, 3, 4)));

/* Send "FORMAT: " and the message to opts->warn, if any. */
void import_warn(struct import_ctx *c, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

/* Decode n bytes of base32 into t's secret. Returns 0, or -1 with e set
 * ("secret: ..." or "secret is empty"); t's secret is wiped on failure. */
int import_secret_b32(struct otp_token *t, const char *s, size_t n,
    struct errbuf *e);

/*
 * Set t's issuer and account from an issuer (may be empty) and a label.
 * With split, a label "PREFIX:account" (as otpauth labels and some exports
 * write it) gives account = the part after the first ':', spaces after it
 * skipped, and the issuer PREFIX when issuer is empty -- but only when
 * issuer is empty or equal to PREFIX; otherwise the label stays whole.
 * Returns 0, or -1 with e set.
 */
int import_set_names(struct otp_token *t, const char *issuer, size_t ilen,
    const char *label, size_t llen, int split, struct errbuf *e);

/* Check *t and append it to c->out; t is wiped either way. Returns 0, or
 * -1 with c->e set and prefixed with the entry. */
int import_add(struct import_ctx *c, const struct import_entry *en,
    struct otp_token *t);

/*
 * JSON, through jansson (import_json.c). import_json_load() parses len
 * bytes with duplicate keys refused; its error gives the line and column
 * only, because jansson's own text quotes the input, which may be a seed.
 */
int import_json_load(const char *buf, size_t len, json_t **root,
    struct errbuf *e);

/*
 * Typed fields of object o (NULL or a non-object: every field is absent,
 * as jansson's json_object_get() answers). Absent and null are
 * the same: *s = NULL and *n = 0 (or *have = 0) and success. A value of
 * the wrong type fails with "KEY is not a string" and the like.
 */
int import_json_str(json_t *o, const char *key, const char **s, size_t *n,
    struct errbuf *e);
int import_json_int(json_t *o, const char *key, int *have, long long *v,
    struct errbuf *e);
int import_json_bool(json_t *o, const char *key, int *have, int *v,
    struct errbuf *e);

/* Fields shared by the JSON formats, range-checked, names as in the
 * messages: digits (0..99 before otp_token_check), period (1..2^32-1),
 * counter (>= 0). Absent fields leave t unchanged and set *have = 0;
 * have may be NULL. */
int import_json_digits(json_t *o, const char *key, struct otp_token *t,
    int *have, struct errbuf *e);
int import_json_period(json_t *o, const char *key, struct otp_token *t,
    struct errbuf *e);
int import_json_counter(json_t *o, const char *key, struct otp_token *t,
    int *have, struct errbuf *e);

/* The hash algorithm named by string field key (absent: t unchanged).
 * A name Kaito cannot use (MD5, SHA224, ...) goes through
 * import_unsupported(). Returns 0, 1 (skipped) or -1. */
int import_json_algo(struct import_ctx *c, const struct import_entry *en,
    json_t *o, const char *key, struct otp_token *t);

/* 1 if n bytes of s are printable ASCII and few enough (32) to quote in a
 * message as a value that is not secret (a type or algorithm name). */
int import_quotable(const char *s, size_t n);

#endif
