/*
 * rfc3339.c -- see rfc3339.h. Days from the civil date by Howard
 * Hinnant's days_from_civil (public domain), which is exact for the
 * proleptic Gregorian calendar.
 */
#include "util/rfc3339.h"

/* Read exactly w digits at s[*i]. Returns the value or -1. */
static int
digits(const char *s, size_t n, size_t *i, int w)
{
	int v = 0, k;

	if (*i + (size_t)w > n)
		return -1;
	for (k = 0; k < w; k++) {
		char c = s[*i + (size_t)k];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*i += (size_t)w;
	return v;
}

static int
expect(const char *s, size_t n, size_t *i, char c)
{
	if (*i >= n || s[*i] != c)
		return -1;
	(*i)++;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return d[m - 1];
}

static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The zone at s[*i]: its offset east of UTC, in seconds. */
static int
parse_zone(const char *s, size_t n, size_t *i, int *off)
{
	int sign, hh, mm;

	if (*i < n && (s[*i] == 'Z' || s[*i] == 'z')) {
		(*i)++;
		*off = 0;
		return 0;
	}
	if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
		return -1;
	sign = s[*i] == '-' ? -1 : 1;
	(*i)++;
	if ((hh = digits(s, n, i, 2)) < 0 || hh > 23)
		return -1;
	if (*i < n && s[*i] == ':')
		(*i)++;
	if ((mm = digits(s, n, i, 2)) < 0 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	return 0;
}

int
rfc3339_parse(const char *s, size_t n, int64_t *t)
{
	size_t i = 0;
	int y, mo, d, h, mi, sec, off;

	if ((y = digits(s, n, &i, 4)) < 1970 || expect(s, n, &i, '-') ||
	    (mo = digits(s, n, &i, 2)) < 1 || mo > 12 ||
	    expect(s, n, &i, '-') || (d = digits(s, n, &i, 2)) < 1 ||
	    d > days_in_month(y, mo))
		return -1;
	if (i >= n || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
		return -1;
	i++;
	if ((h = digits(s, n, &i, 2)) < 0 || h > 23 ||
	    expect(s, n, &i, ':') || (mi = digits(s, n, &i, 2)) < 0 ||
	    mi > 59 || expect(s, n, &i, ':') ||
	    (sec = digits(s, n, &i, 2)) < 0 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;
	if (i < n && s[i] == '.') {
		size_t start = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 9)
			i++;
		if (i == start)
			return -1;
	}
	if (parse_zone(s, n, &i, &off) == -1 || i != n)
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    off;
	return 0;
}
