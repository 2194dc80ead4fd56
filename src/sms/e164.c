/*
 * e164.c -- see e164.h.
 *
 * COUNTRY CODES: ITU-T E.164 assigns codes of one to three digits, and
 * no code is a prefix of another. The table below is the ITU list
 * ("List of ITU-T Recommendation E.164 assigned country codes", the
 * Complement to E.164), shared and global codes (800, 808, 870, 88x, 979)
 * included: a code is assigned iff it is in the table. Spare codes
 * (e.g. 28x, 42[2-9], 671, 684, 693-699) are refused, so a typo in the
 * country code is caught before any text is lost to it.
 * LENGTH: E.164 allows 15 digits in all. The shortest numbers in use have
 * 7 (+290 Saint Helena, +683 Niue: a 3-digit code and 4 digits). +1 is
 * the North American plan, where every number has 10 digits after it.
 */
#include <string.h>

#include "sms/e164.h"

/* Every assigned code, by length; sorted, so a reader can check it. */
static const char *const cc1[] = { "1", "7" };
static const char *const cc2[] = {
	"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41",
	"43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54",
	"55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
	"81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
};
static const char *const cc3[] = {
	"211", "212", "213", "216", "218",
	"220", "221", "222", "223", "224", "225", "226", "227", "228", "229",
	"230", "231", "232", "233", "234", "235", "236", "237", "238", "239",
	"240", "241", "242", "243", "244", "245", "246", "247", "248", "249",
	"250", "251", "252", "253", "254", "255", "256", "257", "258",
	"260", "261", "262", "263", "264", "265", "266", "267", "268", "269",
	"290", "291", "297", "298", "299",
	"350", "351", "352", "353", "354", "355", "356", "357", "358", "359",
	"370", "371", "372", "373", "374", "375", "376", "377", "378", "379",
	"380", "381", "382", "383", "385", "386", "387", "388", "389",
	"420", "421", "423",
	"500", "501", "502", "503", "504", "505", "506", "507", "508", "509",
	"590", "591", "592", "593", "594", "595", "596", "597", "598", "599",
	"670", "672", "673", "674", "675", "676", "677", "678", "679",
	"680", "681", "682", "683", "685", "686", "687", "688", "689",
	"690", "691", "692",
	"800", "808",
	"850", "852", "853", "855", "856",
	"870", "878",
	"880", "881", "882", "883", "886", "888",
	"960", "961", "962", "963", "964", "965", "966", "967", "968",
	"970", "971", "972", "973", "974", "975", "976", "977", "979",
	"991", "992", "993", "994", "995", "996", "998",
};

static int
in_table(const char *digits, size_t len, const char *const *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(t[i], digits, len) == 0)
			return 1;
	return 0;
}

/* Length of the assigned country code digits start with, or 0. */
static size_t
country_code_len(const char *d, size_t n)
{
	if (n >= 1 && in_table(d, 1, cc1, sizeof(cc1) / sizeof(cc1[0])))
		return 1;
	if (n >= 2 && in_table(d, 2, cc2, sizeof(cc2) / sizeof(cc2[0])))
		return 2;
	if (n >= 3 && in_table(d, 3, cc3, sizeof(cc3) / sizeof(cc3[0])))
		return 3;
	return 0;
}

int
e164_valid(const char *s, size_t n)
{
	size_t i, ndig;

	if (n < 2 || s[0] != '+')
		return 0;
	ndig = n - 1;
	for (i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (ndig < 7 || ndig > 15)
		return 0;
	if (country_code_len(s + 1, ndig) == 0)
		return 0;
	if (s[1] == '1' && ndig != 11)
		return 0;
	return 1;
}

static int
is_punct(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
	    c == '/';
}

int
e164_normalize(const char *s, char out[E164_MAX + 1], struct errbuf *e)
{
	size_t i = 0, o = 1, n = strnlen(s, 64 + 1);

	out[0] = '\0';
	if (n > 64)
		return errbuf_set(e, "phone number longer than 64 characters");
	while (i < n && s[i] == ' ')
		i++;
	if (s[i] == '+')
		i++;
	else if (s[i] == '0' && s[i + 1] == '0')
		i += 2;
	else
		return errbuf_set(e, "phone number must start with '+' and "
		    "the country code");
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (o > 15)
				return errbuf_set(e, "phone number has more "
				    "than 15 digits");
			out[o++] = s[i];
		} else if (!is_punct(s[i]))
			return errbuf_set(e, "phone number: unexpected "
			    "character at position %zu", i + 1);
	}
	out[0] = '+';
	out[o] = '\0';
	if (o - 1 < 7 || o - 1 > 15) {
		out[0] = '\0';
		return errbuf_set(e, "phone number has %zu digits (7 to 15)",
		    o - 1);
	}
	if (country_code_len(out + 1, o - 1) == 0) {
		out[0] = '\0';
		return errbuf_set(e, "phone number: no country has code +%.3s",
		    out + 1);
	}
	if (out[1] == '1' && o - 1 != 11) {
		out[0] = '\0';
		return errbuf_set(e, "phone number: +1 numbers have 10 digits "
		    "after the country code");
	}
	return 0;
}
