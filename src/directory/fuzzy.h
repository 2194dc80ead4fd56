/*
 * fuzzy.h -- bounded edit distance for typo-tolerant search.
 *
 * Why: people type "gitbub" and "cloudflar". Optimal string alignment
 * distance (Levenshtein plus adjacent transpositions, so "gihtub" is one
 * edit away) with a bound k is cheap: only a band of 2k+1 cells per row is
 * computed and the walk stops as soon as a row has nothing under k. A
 * character-set mask rules out most keys before any of that runs.
 */
#ifndef KAITO_DIRECTORY_FUZZY_H
#define KAITO_DIRECTORY_FUZZY_H

#include <stddef.h>
#include <stdint.h>

#define FUZZY_MAX_K	2
#define FUZZY_MAX_LEN	64	/* longer strings are not compared */

/* Bit per character class present in s[0..n): a-z, 0-9, other. */
uint64_t fuzzy_mask(const char *s, size_t n);

/* Lower bound of the edit distance from the masks alone: characters
 * present in a but not in b each need an edit. */
int fuzzy_mask_bound(uint64_t a, uint64_t b);

/*
 * Distance between a[0..m) and b[0..n) if it is at most k, else k + 1.
 * With prefix set, b may be longer: the distance is then to the closest
 * prefix of b. m and n are at most FUZZY_MAX_LEN (else k + 1).
 */
int fuzzy_distance(const char *a, size_t m, const char *b, size_t n, int k,
    int prefix);

#endif
