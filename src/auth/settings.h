/*
 * settings.h -- install-wide settings an administrator can change, with
 * their defaults.
 *
 * Why: the settings table stores text by key; this is the one place that
 * knows the keys, their types and what holds when a key was never set
 * (the safe choice: a second factor is required).
 */
#ifndef KAITO_AUTH_SETTINGS_H
#define KAITO_AUTH_SETTINGS_H

#include "store/store.h"

#define SETTING_MEMBER_TOTP_REQUIRED	"member_totp_required"

struct settings {
	int member_totp_required;	/* members must enrol a login TOTP */
};

/* Read every setting, defaults for those never set. Returns 0 or -1. */
int settings_get(struct store *st, struct settings *s);

/* Write every setting of s. Returns 0 or -1 (inside a writer job). */
int settings_put(struct store *st, const struct settings *s);

#endif
