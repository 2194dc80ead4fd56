/*
 * extract_service.c -- the name of the service that sent a text.
 *
 * RULES, first match wins (after skipping "<#>", the Android SMS
 * Retriever marker, and Korean carriers' "[Web발신]"-style tags):
 *  1. a bracketed name at the start: "[Amazon]", "【支付宝】", "［LINE］";
 *  2. a name and a colon at the start: "Uber: ...", "Acme Bank: ...";
 *  3. capitalised words just before a code word, generic words skipped:
 *     "Your Google verification code", "Microsoft account security
 *     code", "Telegram code", compounds "WhatsApp-Code" and
 *     "Google-Bestätigungscode", and "Googleの確認コード";
 *  4. capitalised words after a code word and a preposition, or
 *     followed by a colon or "is": "code from NS1", "código de
 *     verificación de Google", "Votre code Uber est", "sign in to Slack";
 *  5. a signature at the end: "... - HDFC Bank";
 *  6. the host of the origin-bound line.
 * A name is one to three words (with "of", "&", "de" between them), the
 * first capitalised or a digit ("NS1", "eBay" too), none of them a
 * stop word ("Your", "Hi", "Dear", ...) or a code word; at most
 * LIMIT_SMS_SERVICE bytes. When nothing fits, the service is "".
 */
#include <string.h>
#include <strings.h>

#include "sms/extract_int.h"
#include "util/utf8.h"

#define NAME_WORD_MAX	32	/* bytes in one word of a name */
#define NAME_WORDS	3

static const char *const markers[] = {
	"<#>", "[Web\xeb\xb0\x9c\xec\x8b\xa0]", "[\xea\xb5\xad\xec\x99\xb8"
	"\xeb\xb0\x9c\xec\x8b\xa0]", "[\xea\xb5\xad\xec\xa0\x9c\xeb\xb0\x9c"
	"\xec\x8b\xa0]", NULL	/* [Web발신] [국외발신] [국제발신] */
};

static const struct {
	const char *open, *close;
} brackets[] = {
	{ "[", "]" },
	{ "\xe3\x80\x90", "\xe3\x80\x91" },	/* 【 】 */
	{ "\xef\xbc\xbb", "\xef\xbc\xbd" },	/* ［ ］ */
	{ "\xe3\x80\x8c", "\xe3\x80\x8d" },	/* 「 」 */
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy [a, b) to out as a name, trimmed; 1 when it is one. */
static int
set_name(const char *s, size_t a, size_t b, char out[LIMIT_SMS_SERVICE + 1])
{
	size_t i;
	int letter = 0;

	while (a < b && is_ws(s[a]))
		a++;
	while (b > a && (is_ws(s[b - 1]) || strchr(".,:;", s[b - 1]) != NULL))
		b--;
	if (b == a || b - a > LIMIT_SMS_SERVICE || !utf8_valid(s + a, b - a) ||
	    utf8_has_control(s + a, b - a))
		return 0;
	for (i = a; i < b; i++)
		if (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
		    (unsigned char)s[i] >= 0x80)
			letter = 1;
	if (!letter)
		return 0;
	memcpy(out, s + a, b - a);
	out[b - a] = '\0';
	return 1;
}

static int
no_letters(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z') ||
		    (unsigned char)w[i] >= 0x80)
			return 0;
	return 1;
}

/* A word that can be part of a name. */
static int
name_word(const struct ex_text *t, size_t ws, size_t we)
{
	const char *w = t->s + ws;
	size_t n = we - ws, i;
	int upper = 0, letter = 0;

	if (n == 0 || n > NAME_WORD_MAX || ex_is_keyword_word(t, ws, we) ||
	    ex_in_list(w, n, ex_stopwords) || ex_in_list(w, n, ex_generic) ||
	    ex_in_list(w, n, ex_currency_before))
		return 0;
	for (i = 0; i < n; i++) {
		if (w[i] >= 'A' && w[i] <= 'Z')
			upper = 1;
		if (((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z') ||
		    (unsigned char)w[i] >= 0x80)
			letter = 1;
	}
	if (!letter)
		return 0;
	/* "Google", "NS1", "1Password"; "eBay", "iCloud". */
	return (w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= '0' && w[0] <= '9') ||
	    (w[0] >= 'a' && w[0] <= 'z' && upper);
}

/* A generic word written with a capital may go on a name that has
 * begun ("Free Mobile", "Nintendo Account"). */
static int
name_tail_word(const struct ex_text *t, size_t ws, size_t we)
{
	return we > ws && t->s[ws] >= 'A' && t->s[ws] <= 'Z' &&
	    !ex_is_keyword_word(t, ws, we) &&
	    ex_in_list(t->s + ws, we - ws, ex_generic);
}

/* Skip the markers and white space at the start. */
static size_t
skip_markers(const char *s, size_t n)
{
	size_t i = 0, k, len;
	int again = 1;

	while (again) {
		again = 0;
		while (i < n && is_ws(s[i]))
			i++;
		for (k = 0; markers[k] != NULL; k++) {
			len = strlen(markers[k]);
			if (i + len <= n &&
			    memcmp(s + i, markers[k], len) == 0) {
				i += len;
				again = 1;
			}
		}
	}
	return i;
}

/* Rule 1. */
static int
bracket_name(const struct ex_text *t, size_t i, char *out)
{
	const char *s = t->s, *close;
	size_t k, ol, cl, j, lim;

	for (k = 0; k < sizeof(brackets) / sizeof(brackets[0]); k++) {
		ol = strlen(brackets[k].open);
		if (i + ol > t->n || memcmp(s + i, brackets[k].open, ol) != 0)
			continue;
		cl = strlen(brackets[k].close);
		lim = i + ol + LIMIT_SMS_SERVICE + cl;
		if (lim > t->n)
			lim = t->n;
		close = NULL;
		for (j = i + ol; j + cl <= lim && s[j] != '\n'; j++)
			if (memcmp(s + j, brackets[k].close, cl) == 0) {
				close = s + j;
				break;
			}
		if (close == NULL ||
		    ex_is_keyword_word(t, i + ol, (size_t)(close - s)))
			return 0;
		return set_name(s, i + ol, (size_t)(close - s), out);
	}
	return 0;
}

/* Rule 2: "Name:" (or the full-width colon) opening the text. */
static int
leading_name(const struct ex_text *t, size_t i, char *out)
{
	size_t pos = i, ws, we, words = 0, colon;

	for (colon = i; colon < t->n && colon < i + 48; colon++)
		if (t->s[colon] == ':' || t->s[colon] == '\n' ||
		    (colon + 3 <= t->n &&
		    memcmp(t->s + colon, "\xef\xbc\x9a", 3) == 0))
			break;
	if (colon >= t->n || colon == i + 48 || t->s[colon] == '\n')
		return 0;
	while (pos < colon) {
		if (!ex_word_after(t->s, colon, pos, &ws, &we)) {
			if (ws < colon)
				return 0;	/* punctuation in the name */
			break;
		}
		if (!name_word(t, ws, we) && (words == 0 ||
		    (!ex_in_list(t->s + ws, we - ws, ex_connectors) &&
		    !name_tail_word(t, ws, we))))
			return 0;
		if (++words > 4)
			return 0;
		pos = we;
	}
	return words > 0 && set_name(t->s, i, colon, out);
}

/*
 * Up to NAME_WORDS name words ending at pos, backward, with connectors
 * between them. 1 with the name's span in [*a, *b).
 */
static int
names_back(const struct ex_text *t, size_t pos, size_t *a, size_t *b)
{
	size_t ws, we, cs, ce;
	int nw = 0;

	while (nw < NAME_WORDS && ex_word_before(t->s, pos, &ws, &we)) {
		if (name_word(t, ws, we)) {
			if (nw++ == 0)
				*b = we;
			*a = pos = ws;
			continue;
		}
		if (nw > 0 && ex_in_list(t->s + ws, we - ws, ex_connectors) &&
		    ex_word_before(t->s, ws, &cs, &ce) &&
		    name_word(t, cs, ce)) {
			nw++;
			*a = pos = cs;
			continue;
		}
		break;
	}
	return nw > 0;
}

/* The same forward from pos. */
static int
names_fwd(const struct ex_text *t, size_t pos, size_t *a, size_t *b)
{
	size_t ws, we, cs, ce;
	int nw = 0;

	while (nw < NAME_WORDS && ex_word_after(t->s, t->n, pos, &ws, &we)) {
		if (name_word(t, ws, we) || (nw > 0 &&
		    name_tail_word(t, ws, we))) {
			if (nw++ == 0)
				*a = ws;
			*b = pos = we;
			continue;
		}
		if (nw > 0 && ex_in_list(t->s + ws, we - ws, ex_connectors) &&
		    ex_word_after(t->s, t->n, we, &cs, &ce) &&
		    name_word(t, cs, ce)) {
			nw++;
			*b = pos = ce;
			continue;
		}
		break;
	}
	return nw > 0;
}

/* Rule 3, for one code word. */
static int
name_before_hit(const struct ex_text *t, const struct ex_hit *h, char *out)
{
	const char *s = t->s;
	size_t ws = h->start, we, a = 0, b = 0, dash, k;
	int skips;

	/* The compound holding the code word: "WhatsApp-Code". */
	ws = ex_word_start(s, h->start);
	if (ws < h->start) {
		for (dash = ws; dash < h->start && s[dash] != '-'; dash++)
			;
		if (dash < h->start && dash > ws && name_word(t, ws, dash))
			return set_name(s, ws, dash, out);
	}
	/* "Googleの確認コード", "Google的验证码" */
	k = ws;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	if (k >= 3 && (memcmp(s + k - 3, "\xe3\x81\xae", 3) == 0 ||
	    memcmp(s + k - 3, "\xe7\x9a\x84", 3) == 0))
		ws = k - 3;
	for (skips = 0; skips < 4 && ex_word_before(s, ws, &a, &we); skips++) {
		if (!ex_is_keyword_word(t, a, we) &&
		    !ex_in_list(s + a, we - a, ex_generic))
			break;
		ws = a;
	}
	if (!names_back(t, ws, &a, &b))
		return 0;
	return set_name(s, a, b, out);
}

/* Rule 4, for one code word. */
static int
name_after_hit(const struct ex_text *t, const struct ex_hit *h, char *out)
{
	const char *s = t->s;
	size_t pos = h->end, ws, we, a = 0, b = 0, e;
	int prep = 0, steps;

	while (pos < t->n && (ex_alnum((unsigned char)s[pos]) ||
	    (unsigned char)s[pos] >= 0x80))
		pos++;			/* to the end of "codes", "código" */
	for (steps = 0; steps < 6; steps++) {
		if (!ex_word_after(s, t->n, pos, &ws, &we))
			return 0;
		if (ex_is_keyword_word(t, ws, we) ||
		    ex_in_list(s + ws, we - ws, ex_generic)) {
			pos = we;
			continue;
		}
		if (ex_in_list(s + ws, we - ws, ex_preps)) {
			prep = 1;
			pos = we;
			continue;
		}
		if (no_letters(s + ws, we - ws)) {	/* the code itself */
			pos = we;
			continue;
		}
		break;
	}
	if (!names_fwd(t, pos, &a, &b))
		return 0;
	/* Without a preposition, the name must end the phrase. */
	if (!prep) {
		for (e = b; e < t->n && s[e] == ' '; e++)
			;
		if (!(e < t->n && (s[e] == ':' || (ex_word_after(s, t->n, e,
		    &ws, &we) && ex_in_list(s + ws, we - ws, ex_verbs)))))
			return 0;
	}
	return set_name(s, a, b, out);
}

/* Rule 5: " - Name" or a last sentence of just a name ending the text. */
static int
signature(const struct ex_text *t, char *out)
{
	const char *s = t->s;
	size_t end = t->n, i, a = 0, b = 0, dashlen;

	while (end > 0 && (is_ws(s[end - 1]) || s[end - 1] == '.'))
		end--;
	for (i = end; i > 0 && end - i < LIMIT_SMS_SERVICE; i--) {
		dashlen = 0;
		if (s[i - 1] == '-')
			dashlen = 1;
		else if (i >= 3 && (memcmp(s + i - 3, "\xe2\x80\x94", 3) == 0 ||
		    memcmp(s + i - 3, "\xe2\x80\x93", 3) == 0))
			dashlen = 3;	/* em dash, en dash */
		else if ((s[i - 1] == '.' || s[i - 1] == '\n') && t->nhits > 0)
			dashlen = 1;	/* "... lautet 123456. Sparkasse" */
		if (dashlen == 0)
			continue;
		if (s[i - 1] == '.' && !(i < t->n && is_ws(s[i])))
			continue;	/* "bank.example" */
		if (s[i - 1] != '.' && s[i - 1] != '\n' && i - dashlen > 0 &&
		    !is_ws(s[i - dashlen - 1]))
			return 0;	/* "Sign-in", "WhatsApp-Code" */
		if (!names_fwd(t, i, &a, &b) || b != end)
			return 0;
		return set_name(s, a, b, out);
	}
	return 0;
}

void
ex_service(const struct ex_text *t, const char *origin,
    char out[LIMIT_SMS_SERVICE + 1])
{
	size_t i, start = skip_markers(t->s, t->n);

	out[0] = '\0';
	if (bracket_name(t, start, out) || leading_name(t, start, out))
		return;
	for (i = 0; i < t->nhits; i++)
		if (name_before_hit(t, &t->hits[i], out))
			return;
	for (i = 0; i < t->nhits; i++)
		if (name_after_hit(t, &t->hits[i], out))
			return;
	if (signature(t, out))
		return;
	if (origin[0] != '\0')
		set_name(origin, 0, strlen(origin), out);
}
