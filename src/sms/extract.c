/*
 * extract.c -- the one-time code of an SMS (see extract.h).
 *
 * RULES, in order (docs/sms.md shows examples of each):
 *  1. ORIGIN: the last line is an origin-bound code line, "@host #code"
 *     with an optional " %embedded" or " @embedded" after it (WICG
 *     "Origin-bound one-time codes delivered via SMS"). Its code is taken
 *     as written; its host is the origin and, failing a name in the
 *     text, the service.
 *  2. Candidates are code-shaped tokens: 4 to 10 digits; two equal
 *     groups of 3 or 4 digits joined by one space or '-' ("123 456",
 *     "1234-5678"; joined into one code); one to three capitals, '-',
 *     4 to 8 digits ("G-123456"; kept as written); 4 to 10 capitals and
 *     digits with at least one of each ("K7X9QP").
 *  3. A candidate is dropped when its surroundings make it something
 *     else: glued to '+', '#', '/', '@', '*', a currency sign, or '.',
 *     ',' or '-' after a letter or digit; followed by '%', a unit or a
 *     currency ("10 minutes", "100 EUR", "5分"); preceded by a currency
 *     ("EUR 100"); part of a run of numbers with '.', ',', '/' or ':'
 *     (amounts, dates, times) or of three or more groups (phone numbers,
 *     dates); preceded, within three words, by a word naming what else
 *     it is ("order", "tracking", "account", "ending", "call", "Reply
 *     STOP to", months, "Bestellnummer", "订单号", ...); in a sentence
 *     that sells ("20% off", "discount", "checkout").
 *  4. KEYWORD: each surviving candidate scores by shape (6 digits best)
 *     plus closeness to a code word (strong: "code", "OTP", "PIN",
 *     "TAN", "验证码", "コード", "인증번호", ... within 80 bytes; weak:
 *     "verify", "login", "security", ... within 40 bytes). The best
 *     score wins; ties go to the earlier one. Alphanumeric codes need a
 *     strong code word within 25 bytes.
 *  5. ALONE: with no code word near any candidate, a text of at most 160
 *     bytes whose only candidate is 6 to 8 digits, a split pair or a
 *     letter-prefixed code gives that code, with low confidence.
 * COST: one pass to find code words (each position against a fixed
 *     list), one to find candidates, and for each of at most
 *     EX_MAX_CANDS candidates a bounded look around it: linear in the
 *     text, with a constant set by the lists and caps.
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "sms/extract_int.h"
#include "util/utf8.h"

#define EX_MAX_CANDS	64	/* candidates looked at per text */
#define EX_MAX_GROUPS	8	/* digit groups in one run */
#define EX_ALONE_MAX	160	/* one SMS segment */
#define EX_SENTENCE	200	/* bytes of a sentence looked at either side */

enum cand_kind {
	CK_DIGITS,		/* 4 to 10 digits */
	CK_SPLIT,		/* "123 456", "1234-5678" */
	CK_PREFIXED,		/* "G-123456" */
	CK_ALNUM		/* "K7X9QP" */
};

struct cand {
	size_t start, end;	/* byte span in the text */
	enum cand_kind kind;
	char code[LIMIT_SMS_CODE + 1];	/* normalised */
	int base;		/* shape score */
	int bonus;		/* closeness to a code word; 0 = none near */
	int strong_near;	/* a strong code word within 25 bytes */
};

struct cands {
	struct cand c[EX_MAX_CANDS];
	size_t n;
};

/* --- characters and words ----------------------------------------------- */

int
ex_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Is the character whose first byte is at i, len bytes long, part of a
 * word (see extract_int.h)? */
static int
word_char(const char *s, size_t n, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];

	if (len == 2)
		return c >= 0xc3 && c <= 0xdf;	/* not U+0080..U+00BF */
	if (len != 1)
		return 0;
	if (ex_alnum(c) || c == '&' || c == '\'' || c == '_' || c == '-')
		return 1;
	return c == '.' && i > 0 && i + 1 < n &&
	    ex_alnum((unsigned char)s[i - 1]) &&
	    ex_alnum((unsigned char)s[i + 1]);
}

/* The start of the character that ends at pos (pos > 0). */
static size_t
char_start_before(const char *s, size_t pos)
{
	size_t i = pos - 1, k;

	for (k = 0; k < 3 && i > 0 &&
	    ((unsigned char)s[i] & 0xc0) == 0x80; k++)
		i--;
	return i;
}

/* The length of the character that starts at i (valid UTF-8). */
static size_t
char_len(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	return i + len <= n ? len : n - i;
}

size_t
ex_word_start(const char *s, size_t pos)
{
	size_t i, n = pos;

	while (pos > 0) {
		i = char_start_before(s, pos);
		if (!word_char(s, n, i, pos - i))
			break;
		pos = i;
	}
	return pos;
}

int
ex_word_before(const char *s, size_t pos, size_t *ws, size_t *we)
{
	size_t i, n = pos;

	while (pos > 0 && is_space((unsigned char)s[pos - 1]))
		pos--;
	*we = pos;
	while (pos > 0) {
		i = char_start_before(s, pos);
		if (!word_char(s, n, i, pos - i))
			break;
		pos = i;
	}
	*ws = pos;
	return *ws < *we;
}

int
ex_word_after(const char *s, size_t n, size_t pos, size_t *ws, size_t *we)
{
	size_t len;

	while (pos < n && is_space((unsigned char)s[pos]))
		pos++;
	*ws = pos;
	while (pos < n) {
		len = char_len(s, n, pos);
		if (!word_char(s, n, pos, len))
			break;
		pos += len;
	}
	*we = pos;
	return *ws < *we;
}

/* 1 if, after spaces, s[pos..] starts with a term of list (ASCII
 * case-insensitively; a term ending in a letter or digit must end a
 * word). */
static int
starts_with(const char *s, size_t n, size_t pos, const char *const *list)
{
	size_t i, len, e;

	while (pos < n && is_space((unsigned char)s[pos]))
		pos++;
	for (i = 0; list[i] != NULL; i++) {
		len = strlen(list[i]);
		if (pos + len > n || strncasecmp(s + pos, list[i], len) != 0)
			continue;
		e = pos + len;
		if (ex_alnum((unsigned char)list[i][len - 1]) && e < n &&
		    word_char(s, n, e, char_len(s, n, e)))
			continue;
		return 1;
	}
	return 0;
}

/* 1 if, spaces skipped back, s[..pos) ends with a term of list (the
 * same way round). */
static int
ends_with(const char *s, size_t pos, const char *const *list)
{
	size_t i, len, b;

	while (pos > 0 && is_space((unsigned char)s[pos - 1]))
		pos--;
	for (i = 0; list[i] != NULL; i++) {
		len = strlen(list[i]);
		if (len > pos || strncasecmp(s + pos - len, list[i], len) != 0)
			continue;
		b = pos - len;
		if (ex_alnum((unsigned char)list[i][0]) && b > 0 &&
		    word_char(s, pos, char_start_before(s, b),
		    b - char_start_before(s, b)))
			continue;
		return 1;
	}
	return 0;
}

/* --- rule 1: the origin-bound line -------------------------------------- */

/* A token of ASCII graphic characters at s[*i] after marker, at most cap
 * bytes, into out. Returns its length or 0. */
static size_t
marked_token(const char *s, size_t n, size_t *i, char marker, char *out,
    size_t cap)
{
	size_t start, len;

	if (*i >= n || s[*i] != marker)
		return 0;
	start = ++*i;
	while (*i < n && (unsigned char)s[*i] > 0x20 &&
	    (unsigned char)s[*i] < 0x7f)
		(*i)++;
	len = *i - start;
	if (len == 0 || len > cap ||
	    (*i < n && !is_space((unsigned char)s[*i])))
		return 0;
	memcpy(out, s + start, len);
	out[len] = '\0';
	return len;
}

static int
origin_bound(const char *s, size_t n, struct sms_extract *x)
{
	size_t i, end = n;

	while (end > 0 && (is_space((unsigned char)s[end - 1]) ||
	    s[end - 1] == '\n' || s[end - 1] == '\r'))
		end--;
	for (i = end; i > 0 && s[i - 1] != '\n' && s[i - 1] != '\r'; i--)
		;
	if (marked_token(s, end, &i, '@', x->origin, LIMIT_SMS_SERVICE) == 0)
		goto fail;
	if (i >= end || s[i] != ' ')
		goto fail;
	i++;
	if (marked_token(s, end, &i, '#', x->code, LIMIT_SMS_CODE) == 0)
		goto fail;
	return 1;
fail:
	x->origin[0] = '\0';
	x->code[0] = '\0';
	return 0;
}

/* --- rule 2: candidates --------------------------------------------------- */

static void
add_cand(struct cands *cs, size_t start, size_t end, enum cand_kind kind,
    const char *code, size_t len, int base)
{
	struct cand *c;

	if (cs->n == EX_MAX_CANDS || len == 0 || len > LIMIT_SMS_CODE)
		return;
	c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->end = end;
	c->kind = kind;
	memcpy(c->code, code, len);
	c->code[len] = '\0';
	c->base = base;
}

static int
digits_base(const char *s, size_t len)
{
	int base;

	if (len == 6)
		base = 30;
	else if (len == 8)
		base = 24;
	else if (len >= 4 && len <= 7)
		base = 22;
	else
		base = 10;
	/* A year (19xx, 20xx) is more often a date than a code. */
	if (len == 4 && (strncmp(s, "19", 2) == 0 || strncmp(s, "20", 2) == 0))
		base -= 15;
	return base;
}

/* A lone run of digits. */
static void
add_digits(struct cands *cs, const char *s, size_t start, size_t end)
{
	size_t len = end - start;

	if (len >= 4 && len <= 10)
		add_cand(cs, start, end, CK_DIGITS, s + start, len,
		    digits_base(s + start, len));
}

/*
 * A run of digit groups starting at i: groups joined by single
 * separators. Fills g[] (start, end pairs) and sep[]; returns the
 * number of groups.
 */
static size_t
digit_run(const char *s, size_t n, size_t i, size_t g[][2], char *sep)
{
	size_t ng = 0, j;

	for (;;) {
		for (j = i; j < n && is_digit((unsigned char)s[j]); j++)
			;
		if (ng > 0 && j < n && ex_alnum((unsigned char)s[j]))
			return ng;	/* "123-456abc": not a group */
		g[ng][0] = i;
		g[ng][1] = j;
		ng++;
		if (ng == EX_MAX_GROUPS || j + 1 >= n ||
		    strchr(" -.,/:", s[j]) == NULL || s[j] == '\0' ||
		    !is_digit((unsigned char)s[j + 1]))
			return ng;
		sep[ng - 1] = s[j];
		i = j + 1;
	}
}

/* Turn a run of digit groups into candidates (rule 2), or none. */
static void
add_digit_run(struct cands *cs, const char *s, size_t g[][2],
    const char *sep, size_t ng)
{
	char code[2 * 4];
	size_t i, l0, l1;

	for (i = 0; i + 1 < ng; i++)
		if (strchr(".,/:", sep[i]) != NULL)
			return;		/* amount, date, time */
	if (ng >= 3)
		return;			/* phone number, date */
	if (ng == 1) {
		add_digits(cs, s, g[0][0], g[0][1]);
		return;
	}
	l0 = g[0][1] - g[0][0];
	l1 = g[1][1] - g[1][0];
	if (l0 == l1 && (l0 == 3 || l0 == 4)) {
		memcpy(code, s + g[0][0], l0);
		memcpy(code + l0, s + g[1][0], l1);
		add_cand(cs, g[0][0], g[1][1], CK_SPLIT, code, l0 + l1, 30);
	} else if (sep[0] == ' ') {	/* two numbers that happen to touch */
		add_digits(cs, s, g[0][0], g[0][1]);
		add_digits(cs, s, g[1][0], g[1][1]);
	}
}

/* "G-123456": the letters token [i, j) and the digits after '-'.
 * Returns the end of the candidate, or 0. */
static size_t
prefixed(struct cands *cs, const char *s, size_t n, size_t i, size_t j)
{
	size_t k, d;

	if (j - i > 3 || j + 1 >= n || s[j] != '-')
		return 0;
	for (k = i; k < j; k++)
		if (!is_upper((unsigned char)s[k]))
			return 0;
	for (d = j + 1; d < n && is_digit((unsigned char)s[d]); d++)
		;
	if (d - j - 1 < 4 || d - j - 1 > 8 ||
	    (d < n && ex_alnum((unsigned char)s[d])))
		return 0;
	if (ex_in_list(s + i, j - i, ex_prefix_not_code))
		return 0;
	add_cand(cs, i, d, CK_PREFIXED, s + i, d - i, 34);
	return d;
}

/* "K7X9QP": capitals and digits, at least one of each. */
static void
alnum_token(struct cands *cs, const char *s, size_t i, size_t j)
{
	size_t k, nd = 0, nl = 0, lead;

	if (j - i < 4 || j - i > 10)
		return;
	for (k = i; k < j; k++) {
		if (is_digit((unsigned char)s[k]))
			nd++;
		else if (is_upper((unsigned char)s[k]))
			nl++;
		else
			return;		/* lower case: a word, not a code */
	}
	if (nd == 0 || nl == 0 || strncmp(s + i, "XX", 2) == 0)
		return;			/* masked card "XX1234" */
	for (lead = i; lead < j && is_digit((unsigned char)s[lead]); lead++)
		;
	/* "10MIN", "24H", "5GB": a quantity. */
	if (lead > i && ex_in_list(s + lead, j - lead, ex_unit_suffix))
		return;
	add_cand(cs, i, j, CK_ALNUM, s + i, j - i, 18);
}

static void
find_candidates(const char *s, size_t n, struct cands *cs)
{
	size_t g[EX_MAX_GROUPS][2], ng, i = 0, j, e;
	char sep[EX_MAX_GROUPS];
	int digits, letters;

	while (i < n) {
		if (!ex_alnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		digits = letters = 0;
		for (j = i; j < n && ex_alnum((unsigned char)s[j]); j++) {
			if (is_digit((unsigned char)s[j]))
				digits = 1;
			else
				letters = 1;
		}
		if (digits && !letters) {
			ng = digit_run(s, n, i, g, sep);
			add_digit_run(cs, s, g, sep, ng);
			i = g[ng - 1][1];
			while (i < n && ex_alnum((unsigned char)s[i]))
				i++;
			continue;
		}
		if (letters && !digits && (e = prefixed(cs, s, n, i, j)) > 0) {
			i = e;
			continue;
		}
		if (letters && digits)
			alnum_token(cs, s, i, j);
		i = j;
	}
}

/* --- rule 3: what makes a candidate something else ----------------------- */

/* The byte before the candidate, and what that byte says. */
static int
glued_before(const char *s, size_t start)
{
	unsigned char c, p;

	if (start == 0)
		return 0;
	c = (unsigned char)s[start - 1];
	p = start >= 2 ? (unsigned char)s[start - 2] : ' ';
	if (c == '+' || c == '#' || c == '/' || c == '\\' || c == '@' ||
	    c == '*' || c == '$')
		return 1;
	if ((c == '.' || c == ',' || c == '-') && ex_alnum(p))
		return 1;
	return c == ':' && is_digit(p);	/* "Code:123456" is fine */
}

static int
glued_after(const char *s, size_t n, size_t end)
{
	unsigned char c, nx;

	if (end >= n)
		return 0;
	c = (unsigned char)s[end];
	nx = end + 1 < n ? (unsigned char)s[end + 1] : ' ';
	if (c == '%' || c == '/' || c == '@' || c == '$')
		return 1;
	if ((c == '.' || c == ',' || c == '-' || c == ':') && ex_alnum(nx))
		return 1;
	return 0;
}

/* "(0800) 123456": an area code, with the number after it. */
static int
in_parens(const char *s, size_t n, const struct cand *c)
{
	size_t i = c->end + 1;

	if (c->start == 0 || s[c->start - 1] != '(' || c->end >= n ||
	    s[c->end] != ')')
		return 0;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i < n && is_digit((unsigned char)s[i]);
}

/* Skip back over what may stand between a word and its number (spaces,
 * ':', '#', '-', "No." style abbreviations' dots). */
static size_t
skip_back_punct(const char *s, size_t pos)
{
	while (pos > 0 && (is_space((unsigned char)s[pos - 1]) ||
	    s[pos - 1] == ':' || s[pos - 1] == '#' || s[pos - 1] == '-' ||
	    (s[pos - 1] == '.' && pos >= 2 &&
	    ex_alnum((unsigned char)s[pos - 2]))))
		pos--;
	return pos;
}

/*
 * Within three words back (fillers not counted), is there a word that
 * says this number is an order, an account, a phone number, a date...?
 * A code word or another number on the way stops the search.
 */
static int
follows_not_code_word(const struct ex_text *t, size_t start)
{
	size_t pos = start, ws, we, k;
	int words = 0;

	while (words < 3) {
		pos = skip_back_punct(t->s, pos);
		if (!ex_word_before(t->s, pos, &ws, &we) || we != pos)
			return 0;
		if (ex_is_keyword_word(t, ws, we))
			return 0;
		for (k = ws; k < we; k++)
			if (is_digit((unsigned char)t->s[k]))
				return 0;
		if (ex_in_list(t->s + ws, we - ws, ex_not_code_before))
			return 1;
		if (!ex_in_list(t->s + ws, we - ws, ex_filler))
			words++;
		pos = ws;
	}
	return 0;
}

/* A strong code word follows within 25 bytes ("account: 482913 is your
 * verification code"): that outweighs what the words before it say. */
static int
announced_after(const struct ex_text *t, const struct cand *c)
{
	size_t i, k;

	for (i = 0; i < t->nhits; i++) {
		if (t->hits[i].start < c->end || t->hits[i].weight != EX_STRONG)
			continue;
		if (t->hits[i].start - c->end > 25)
			return 0;
		for (k = c->end; k < t->hits[i].start; k++)
			if (strchr(".!?\n", t->s[k]) != NULL)
				return 0;
		return 1;
	}
	return 0;
}

/* CJK and Cyrillic terms glued before the number ("订单号123456"). */
static int
follows_cjk_term(const char *s, size_t start)
{
	size_t pos = start;

	for (;;) {
		while (pos > 0 && (is_space((unsigned char)s[pos - 1]) ||
		    s[pos - 1] == ':'))
			pos--;
		if (pos >= 3 && memcmp(s + pos - 3, "\xef\xbc\x9a", 3) == 0)
			pos -= 3;	/* full-width colon */
		else
			break;
	}
	return ends_with(s, pos, ex_cjk_not_code_before);
}

/* The sentence around [start, end), or EX_SENTENCE bytes of it either
 * way, sells something. */
static int
in_marketing_sentence(const char *s, size_t n, size_t start, size_t end)
{
	size_t a = start, b = end, ws, we;

	while (a > 0 && start - a < EX_SENTENCE &&
	    strchr(".!?\n", s[a - 1]) == NULL)
		a--;
	while (b < n && b - end < EX_SENTENCE && strchr(".!?\n", s[b]) == NULL)
		b++;
	while (a < b) {
		if (!ex_word_after(s, b, a, &ws, &we)) {
			a = ws < b ? ws + char_len(s, b, ws) : b;
			continue;
		}
		if (ex_in_list(s + ws, we - ws, ex_marketing))
			return 1;
		a = we;
	}
	return 0;
}

static int
is_something_else(const struct ex_text *t, struct cand *c)
{
	const char *s = t->s;
	size_t n = t->n;

	if (glued_before(s, c->start) || glued_after(s, n, c->end) ||
	    in_parens(s, n, c))
		return 1;
	if (ends_with(s, c->start, ex_currency_before) ||
	    starts_with(s, n, c->end, ex_units_after) ||
	    starts_with(s, n, c->end, ex_cjk_units_after) ||
	    starts_with(s, n, c->end, ex_currency_before))
		return 1;
	if (follows_not_code_word(t, c->start) ||
	    follows_cjk_term(s, c->start)) {
		if (!announced_after(t, c))
			return 1;
		c->base -= 10;	/* rescued, but still suspect */
	}
	return in_marketing_sentence(s, n, c->start, c->end);
}

/* --- rule 4: scores ------------------------------------------------------- */

static void
score(const struct ex_text *t, struct cand *c)
{
	const struct ex_hit *h;
	size_t i, d;
	int window, b;

	for (i = 0; i < t->nhits; i++) {
		h = &t->hits[i];
		if (h->end <= c->start)
			d = c->start - h->end;
		else if (c->end <= h->start)
			d = h->start - c->end;
		else
			continue;
		window = h->weight == EX_STRONG ? 80 : 40;
		if (d > (size_t)window)
			continue;
		b = window - (int)d + (h->end <= c->start ? 5 : 0);
		if (b > c->bonus)
			c->bonus = b;
		if (h->weight == EX_STRONG && d <= 25)
			c->strong_near = 1;
	}
}

/* The best candidate by rule 4, or NULL. */
static const struct cand *
best_keyword(const struct cands *cs)
{
	const struct cand *best = NULL, *c;
	size_t i;

	for (i = 0; i < cs->n; i++) {
		c = &cs->c[i];
		if (c->bonus == 0 || (c->kind == CK_ALNUM && !c->strong_near))
			continue;
		if (best == NULL ||
		    c->base + c->bonus > best->base + best->bonus)
			best = c;
	}
	return best;
}

/* The only candidate of a short text, by rule 5, or NULL. */
static const struct cand *
alone(const struct cands *cs, size_t n)
{
	const struct cand *c;
	size_t len;

	if (cs->n != 1 || n > EX_ALONE_MAX)
		return NULL;
	c = &cs->c[0];
	len = strlen(c->code);
	if (c->kind == CK_SPLIT || c->kind == CK_PREFIXED ||
	    (c->kind == CK_DIGITS && len >= 6 && len <= 8))
		return c;
	return NULL;
}

/* Keep the candidates that rule 3 does not drop, and score them. */
static void
filter_and_score(const struct ex_text *t, struct cands *cs)
{
	size_t i, k = 0;

	for (i = 0; i < cs->n; i++) {
		if (is_something_else(t, &cs->c[i]))
			continue;
		if (k != i)
			cs->c[k] = cs->c[i];
		score(t, &cs->c[k]);
		k++;
	}
	cs->n = k;
}

static void
set_code(struct sms_extract *x, const struct cand *c, enum sms_rule rule)
{
	int conf = c->base + c->bonus;

	memcpy(x->code, c->code, sizeof(x->code));
	x->rule = rule;
	if (rule == SMS_RULE_ALONE)
		x->confidence = 30;
	else
		x->confidence = conf < 40 ? 40 : conf > 95 ? 95 : conf;
}

int
sms_extract(const char *body, size_t len, struct sms_extract *x)
{
	struct ex_text t;
	struct cands cs;
	const struct cand *c;

	memset(x, 0, sizeof(*x));
	if (len > LIMIT_SMS_BODY || !utf8_valid(body, len))
		return -1;
	t.s = body;
	t.n = len;
	ex_find_keywords(&t);
	if (origin_bound(body, len, x)) {
		x->rule = SMS_RULE_ORIGIN;
		x->confidence = 100;
	} else {
		cs.n = 0;
		find_candidates(body, len, &cs);
		filter_and_score(&t, &cs);
		if ((c = best_keyword(&cs)) != NULL)
			set_code(x, c, SMS_RULE_KEYWORD);
		else if ((c = alone(&cs, len)) != NULL)
			set_code(x, c, SMS_RULE_ALONE);
	}
	ex_service(&t, x->origin, x->service);
	sodium_memzero(&cs, sizeof(cs));	/* codes */
	return 0;
}

void
sms_extract_clear(struct sms_extract *x)
{
	if (x != NULL)
		sodium_memzero(x, sizeof(*x));
}

const char *
sms_rule_name(enum sms_rule r)
{
	switch (r) {
	case SMS_RULE_ORIGIN:
		return "origin";
	case SMS_RULE_KEYWORD:
		return "keyword";
	case SMS_RULE_ALONE:
		return "alone";
	default:
		return "none";
	}
}
