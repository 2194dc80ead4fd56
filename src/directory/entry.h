/*
 * entry.h -- one service of the 2FA Directory, and a set of them.
 *
 * Why: every part of the directory (import, validation, search, score,
 * pages) works on this one immutable shape, whatever JSON shape the data
 * came in (the upstream entry files, the snapshot's entries.json, API v3
 * or API v4). A set owns its entries and every string they point to in
 * one arena, so a whole dataset is freed at once and can be shared by
 * reader threads without locks once built (see catalog.h).
 *
 * METHODS: the dataset names seven methods (tfa / methods): sms, call,
 *     email, u2f (hardware security key), totp, custom-software,
 *     custom-hardware. Kaito's pages add an eighth, "biometric", which the
 *     data does not have: it is derived (score.h) from custom app or
 *     hardware names that mention biometrics.
 */
#ifndef KAITO_DIRECTORY_ENTRY_H
#define KAITO_DIRECTORY_ENTRY_H

#include <stddef.h>

enum dir_method {
	DIR_TOTP,
	DIR_U2F,
	DIR_SMS,
	DIR_EMAIL,
	DIR_CALL,
	DIR_BIOMETRIC,		/* derived; never in the data */
	DIR_CUSTOM_SOFTWARE,
	DIR_CUSTOM_HARDWARE,
	DIR_METHODS
};
#define DIR_M(m)	(1u << (m))

/* Where an entry came from, which decides the rules it was checked by. */
enum dir_shape {
	DIR_SHAPE_ENTRY = 0,	/* upstream entry file, snapshot or API v3 */
	DIR_SHAPE_V4 = 1	/* API v4: no name, categories or regions */
};

/* A list of strings, all in the set's arena. */
struct dir_strv {
	const char **v;
	size_t n;
};

struct dir_entry {
	const char *name;		/* display name; v4: the domain */
	const char *domain;		/* main domain, lower case; unique */
	enum dir_shape shape;
	unsigned methods;		/* DIR_M() bits; 0: no 2FA */
	struct dir_strv custom_software;	/* app names */
	struct dir_strv custom_hardware;	/* token names */
	const char *documentation;	/* URI or NULL */
	const char *recovery;		/* URI or NULL */
	const char *notes;		/* or NULL */
	const char *url;		/* if not https://domain; or NULL */
	const char *img;		/* logo name (not shipped); NULL */
	struct dir_strv categories;	/* ids, e.g. "banking" */
	struct dir_strv regions;	/* "us", or "-cn" for "not in cn" */
	struct dir_strv additional_domains;
	struct {
		int present;		/* entries without 2FA have contact */
		const char *twitter, *facebook, *email, *form, *language;
	} contact;

	/* Kept by Kaito, not the dataset. */
	char changed_on[11];		/* YYYY-MM-DD the dataset last changed
					   this entry; "" when unknown */
	const char *admin_notes;	/* annotations; NULL when none */
	const char *sharing_notes;
	char verified_on[11];		/* YYYY-MM-DD an admin verified it */
	const char *verified_by;

	/* Derived when the set is finished (dir_set_finish). */
	unsigned all_methods;		/* methods plus DIR_BIOMETRIC */
	int score;			/* 1..5, score.h */
	unsigned score_why;		/* DIR_SCORE_* bits, score.h */
};

struct dir_arena;

struct dir_set {
	struct dir_entry *entries;	/* owned; by name once finished */
	size_t n, cap;
	struct dir_arena *arena;	/* owns every string of every entry */
};

/* A new empty set, or NULL on out of memory. */
struct dir_set *dir_set_new(void);

/* Free the set, its entries and all their strings. NULL-safe; NULLs *sp. */
void dir_set_free(struct dir_set **sp);

/* Append a zeroed entry; returns it, or NULL on out of memory or when the
 * set holds LIMIT_DIR_ENTRIES already. */
struct dir_entry *dir_set_add(struct dir_set *s);

/* Drop the last entry (after dir_set_add, when it turned out invalid);
 * its strings stay in the arena until the set is freed. */
void dir_set_drop_last(struct dir_set *s);

/* Copy n bytes of str (NUL added) into the set's arena; NULL on OOM. */
const char *dir_set_strndup(struct dir_set *s, const char *str, size_t n);
const char *dir_set_strdup(struct dir_set *s, const char *str);

/* Room for n string pointers in the arena; NULL on OOM. */
const char **dir_set_strv(struct dir_set *s, size_t n);

/* Derive all_methods and the score of every entry and sort by name (case
 * insensitive), then by domain. */
void dir_set_finish(struct dir_set *s);

/* The dataset's name of a method ("totp", "u2f", ..., "custom-hardware";
 * "biometric" for the derived one), and back (-1 when unknown). */
const char *dir_method_name(enum dir_method m);
int dir_method_parse(const char *name);

/* A method's label for people ("TOTP (authenticator app)", ...). */
const char *dir_method_label(enum dir_method m);

/* 1 if e supports 2FA at all. */
#define dir_entry_has_2fa(e)	((e)->methods != 0)

#endif
