/*
 * score.c -- the readiness score and the derived biometric method; the
 * formula is in score.h and docs/directory.md.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "directory/score.h"

/* Words that mark a plan or account-type restriction in the notes. */
static const char *const plan_words[] = {
	"plan", "paid", "premium", "subscription", "enterprise", "business",
	"edition", "membership", "pricing", "fee", "account type", NULL
};

/* 1 if word occurs in s at a word start, ending at a word end (or with
 * a plural "s"), ignoring case. */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word), i;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (p != s && isalpha((unsigned char)p[-1]))
			continue;
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)p[i]) != word[i])
				break;
		if (i < n)
			continue;
		if (p[n] == 's' || p[n] == 'S')
			n++;
		if (!isalpha((unsigned char)p[n]))
			return 1;
		n = strlen(word);
	}
	return 0;
}

int
dir_notes_plan_caveat(const char *notes)
{
	size_t i;

	if (notes == NULL)
		return 0;
	for (i = 0; plan_words[i] != NULL; i++)
		if (has_word(notes, plan_words[i]))
			return 1;
	return 0;
}

/* 1 if s contains "biometric", ignoring case. */
static int
mentions_biometric(const char *s)
{
	static const char w[] = "biometric";
	size_t i;

	for (; *s != '\0'; s++) {
		for (i = 0; w[i] != '\0'; i++)
			if (tolower((unsigned char)s[i]) != w[i])
				break;
		if (w[i] == '\0')
			return 1;
	}
	return 0;
}

int
dir_entry_biometric(const struct dir_entry *e)
{
	size_t i;

	for (i = 0; i < e->custom_software.n; i++)
		if (mentions_biometric(e->custom_software.v[i]))
			return 1;
	for (i = 0; i < e->custom_hardware.n; i++)
		if (mentions_biometric(e->custom_hardware.v[i]))
			return 1;
	return 0;
}

int
dir_score(const struct dir_entry *e, unsigned *why)
{
	const unsigned strong = DIR_M(DIR_TOTP) | DIR_M(DIR_U2F) |
	    DIR_M(DIR_CUSTOM_SOFTWARE) | DIR_M(DIR_CUSTOM_HARDWARE);
	unsigned w = 0;
	int s;

	if (e->methods == 0) {
		if (why != NULL)
			*why = 0;
		return 1;
	}
	w |= DIR_SCORE_2FA;
	if (e->methods & DIR_M(DIR_TOTP))
		w |= DIR_SCORE_TOTP;
	if (e->methods & DIR_M(DIR_U2F))
		w |= DIR_SCORE_U2F;
	if (e->methods & strong)
		w |= DIR_SCORE_NOT_PHONE;
	if (e->documentation != NULL)
		w |= DIR_SCORE_DOCS;
	if (dir_notes_plan_caveat(e->notes))
		w |= DIR_SCORE_PLAN_CAVEAT;
	s = 1 + !!(w & DIR_SCORE_TOTP) + !!(w & DIR_SCORE_U2F) +
	    !!(w & DIR_SCORE_NOT_PHONE) + !!(w & DIR_SCORE_DOCS) -
	    !!(w & DIR_SCORE_PLAN_CAVEAT);
	if (s < 2) {
		s = 2;
		w |= DIR_SCORE_FLOOR;
	}
	if (why != NULL)
		*why = w;
	return s;
}

void
dir_score_entry(struct dir_entry *e)
{
	e->all_methods = e->methods;
	if (dir_entry_biometric(e))
		e->all_methods |= DIR_M(DIR_BIOMETRIC);
	e->score = dir_score(e, &e->score_why);
}

const char *
dir_score_reason(unsigned bit)
{
	switch (bit) {
	case DIR_SCORE_2FA:
		return "1 point: the service offers 2FA";
	case DIR_SCORE_TOTP:
		return "+1: TOTP (an authenticator app, which Kaito can share "
		    "without sharing the seed)";
	case DIR_SCORE_U2F:
		return "+1: hardware security keys (phishing-resistant)";
	case DIR_SCORE_NOT_PHONE:
		return "+1: not limited to SMS, phone calls or e-mail";
	case DIR_SCORE_DOCS:
		return "+1: official documentation on setting it up";
	case DIR_SCORE_PLAN_CAVEAT:
		return "-1: the notes restrict it to some plans or account "
		    "types";
	case DIR_SCORE_FLOOR:
		return "raised to 2: any 2FA scores above none";
	default:
		return NULL;
	}
}
