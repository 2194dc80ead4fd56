/*
 * fuzzy.c -- banded optimal string alignment distance; see fuzzy.h.
 */
#include <string.h>

#include "directory/fuzzy.h"

uint64_t
fuzzy_mask(const char *s, size_t n)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			m |= 1ULL << (c - 'a');
		else if (c >= '0' && c <= '9')
			m |= 1ULL << (26 + c - '0');
		else
			m |= 1ULL << 36;
	}
	return m;
}

int
fuzzy_mask_bound(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a & ~b);
}

static int
min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

int
fuzzy_distance(const char *a, size_t m, const char *b, size_t n, int k,
    int prefix)
{
	int rows[3][FUZZY_MAX_LEN + 1];
	int *pp, *p = rows[0], *c, best, rowmin;
	size_t i, j, lo, hi;

	if (m > FUZZY_MAX_LEN || n > FUZZY_MAX_LEN)
		return k + 1;
	if (!prefix && (m > n + (size_t)k || n > m + (size_t)k))
		return k + 1;
	if (prefix && n + (size_t)k < m)
		return k + 1;
	if (prefix && n > m + (size_t)k)
		n = m + (size_t)k;
	for (j = 0; j <= n; j++)
		rows[0][j] = (int)j;
	for (i = 1; i <= m; i++) {
		pp = rows[(i + 1) % 3];		/* row i - 2 */
		p = rows[(i - 1) % 3];
		c = rows[i % 3];
		lo = i > (size_t)k ? i - (size_t)k : 1;
		hi = i + (size_t)k < n ? i + (size_t)k : n;
		for (j = 0; j <= n; j++)
			c[j] = k + 1;
		c[0] = (int)i;
		rowmin = c[0];
		for (j = lo; j <= hi; j++) {
			c[j] = min3(p[j] + 1, c[j - 1] + 1,
			    p[j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < c[j])
				c[j] = pp[j - 2] + 1;
			if (c[j] < rowmin)
				rowmin = c[j];
		}
		if (rowmin > k)
			return k + 1;
		p = c;
	}
	if (!prefix)
		return p[n] <= k ? p[n] : k + 1;
	best = k + 1;
	for (j = m > (size_t)k ? m - (size_t)k : 0; j <= n; j++)
		if (p[j] < best)
			best = p[j];
	return best;
}
