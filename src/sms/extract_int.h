/*
 * extract_int.h -- what extract.c (codes), extract_service.c (service
 * names) and extract_words.c (word lists, keyword scan) share. Private to
 * src/sms/.
 *
 * TEXT MODEL: bytes of UTF-8. A "word" is a run of ASCII letters and
 * digits, '&', '\'', '_', '-', two-byte UTF-8 characters (Latin, Greek,
 * Cyrillic letters), and '.' between two ASCII alphanumerics
 * ("Booking.com"). Three- and four-byte characters (CJK, symbols like
 * the euro sign) and ASCII punctuation separate words. Comparisons of
 * words with the lists are ASCII case-insensitive.
 */
#ifndef KAITO_SMS_EXTRACT_INT_H
#define KAITO_SMS_EXTRACT_INT_H

#include <stddef.h>

#include "sms/extract.h"

#define EX_MAX_HITS	64	/* code words looked at per text */

/* Weights of code words: a word that names a code, or one that only
 * hints at one (verification, login, ...). */
#define EX_STRONG	2
#define EX_WEAK		1

/* Where a code word is in the text. */
struct ex_hit {
	size_t start, end;	/* byte span */
	int weight;		/* EX_STRONG or EX_WEAK */
};

struct ex_text {
	const char *s;		/* borrowed */
	size_t n;
	struct ex_hit hits[EX_MAX_HITS];	/* in text order */
	size_t nhits;
};

/* --- extract_words.c ---------------------------------------------------- */

/* Fill t->hits with the code words of the text, dropping those that name
 * something else ("promo code", "zip code", "Postcode"). */
void ex_find_keywords(struct ex_text *t);

/* 1 if s[0..n) equals (ASCII case-insensitively) a word of list. */
int ex_in_list(const char *s, size_t n, const char *const *list);

/* 1 if [start, end) overlaps a code word's span. */
int ex_is_keyword_word(const struct ex_text *t, size_t start, size_t end);

extern const char *const ex_stopwords[];	/* never part of a name */
extern const char *const ex_generic[];		/* "verification", ... */
extern const char *const ex_preps[];		/* "for", "de", "von", ... */
extern const char *const ex_connectors[];	/* "of", "&" inside names */
extern const char *const ex_verbs[];		/* "is", "est", "lautet" */
extern const char *const ex_not_code_before[];	/* "order", "ref", ... */
extern const char *const ex_cjk_not_code_before[];	/* "订单号", ... */
extern const char *const ex_filler[];		/* "no", "number", "is" */
extern const char *const ex_units_after[];	/* "minutes", "EUR", ... */
extern const char *const ex_cjk_units_after[];	/* "分", "円", ... */
extern const char *const ex_currency_before[];	/* "EUR", "Rs", ... */
extern const char *const ex_marketing[];	/* "off", "discount", ... */
extern const char *const ex_prefix_not_code[];	/* "ID", "REF" before '-' */
extern const char *const ex_unit_suffix[];	/* "MIN", "GB" after digits */

/* --- extract.c: text helpers shared with extract_service.c ------------- */

/* 1 if s[i] is ASCII alphanumeric. */
int ex_alnum(unsigned char c);

/* The start of the run of word characters that ends at pos. */
size_t ex_word_start(const char *s, size_t pos);

/* The word ending at or before pos, spaces (not line breaks) skipped
 * backward first: returns 1 with [*ws, *we), or 0 when the next thing
 * back is punctuation, a line break or the start. */
int ex_word_before(const char *s, size_t pos, size_t *ws, size_t *we);

/* The word starting at or after pos, spaces (not line breaks) skipped:
 * returns 1 with [*ws, *we), or 0 as above. */
int ex_word_after(const char *s, size_t n, size_t pos, size_t *ws,
    size_t *we);

/* --- extract_service.c --------------------------------------------------- */

/* The service the text names, into out (LIMIT_SMS_SERVICE + 1 bytes);
 * "" when none. origin (may be "") is the origin-bound host, the last
 * resort. */
void ex_service(const struct ex_text *t, const char *origin,
    char out[LIMIT_SMS_SERVICE + 1]);

#endif
