/*
 * extract.h -- the one-time code, and the service that sent it, out of
 * the text of an SMS.
 *
 * Why: teammates who read the shared inbox want the code, not the text,
 * and the UI must be able to show "NS1: 482913" at a glance. Texts come
 * in every language and style, and most numbers in them are not codes
 * (amounts, phone numbers, dates, order and tracking numbers), so the
 * extractor looks for code-shaped tokens near words that announce a code
 * ("code", "OTP", "Bestätigungscode", "验证码", ...) and drops numbers
 * whose surroundings say they are something else. When unsure, it finds
 * nothing: the UI shows the whole text anyway, and a wrong code is worse
 * than none.
 *
 * The scan is deterministic and linear in the text (no regular
 * expressions, no backtracking), over at most LIMIT_SMS_BODY bytes.
 * docs/sms.md lists the rules in the order they are tried.
 */
#ifndef KAITO_SMS_EXTRACT_H
#define KAITO_SMS_EXTRACT_H

#include <stddef.h>

#include "kaito_limits.h"

/* Which rule found the code. */
enum sms_rule {
	SMS_RULE_NONE = 0,	/* no code */
	SMS_RULE_ORIGIN,	/* an origin-bound line "@example.com #123456"
				 * (WebOTP, domain-bound codes) */
	SMS_RULE_KEYWORD,	/* a code-shaped token near a code word */
	SMS_RULE_ALONE		/* the only code-shaped token of a short text
				 * with no code word ("G-123456") */
};

struct sms_extract {
	char code[LIMIT_SMS_CODE + 1];	/* "" when none. Normalised: digit
					 * groups joined ("123 456" and
					 * "123-456" give "123456"); a
					 * letter prefix kept ("G-123456") */
	char service[LIMIT_SMS_SERVICE + 1];	/* "" when the text names
						 * none */
	char origin[LIMIT_SMS_SERVICE + 1];	/* the origin-bound line's
						 * host, else "" */
	enum sms_rule rule;
	int confidence;			/* 0 (none) to 100 (origin-bound) */
};

/*
 * Look at len bytes of body (UTF-8, not necessarily NUL-terminated).
 * Returns 0 with *x filled (x->code may be empty), or -1 when len is over
 * LIMIT_SMS_BODY or body is not valid UTF-8 (*x then empty). Wipe *x
 * with sms_extract_clear() when done: it holds a code.
 */
int sms_extract(const char *body, size_t len, struct sms_extract *x);

/* Wipe *x. NULL-safe. */
void sms_extract_clear(struct sms_extract *x);

/* "none", "origin", "keyword", "alone". */
const char *sms_rule_name(enum sms_rule r);

#endif
