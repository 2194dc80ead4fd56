/*
 * guide.h -- how to enable a service's 2FA, and how a team shares it.
 *
 * Why: the dataset has no steps, only a documentation link; a team needs
 * to know what to do with Kaito in hand (add the TOTP seed to the vault,
 * point SMS at a shared inbox, register spare keys). The text is built
 * from the methods the entry lists, so it is right for every entry
 * without anyone writing 2,600 guides.
 */
#ifndef KAITO_DIRECTORY_GUIDE_H
#define KAITO_DIRECTORY_GUIDE_H

#include <stddef.h>

#include "directory/entry.h"

#define DIR_STEPS_MAX	8
#define DIR_STEP_LEN	512

/* Write the enable steps for e into steps (plain text, one per line,
 * with the entry's name in them). Returns how many. Entries without 2FA
 * get none. */
size_t dir_enable_steps(const struct dir_entry *e,
    char steps[DIR_STEPS_MAX][DIR_STEP_LEN]);

/* Kaito's note on sharing this service's second factor (static text). */
const char *dir_sharing_note(const struct dir_entry *e);

/*
 * The vault link's advice: something stronger e offers than a shared
 * code of the kind the team holds (hotp: 1 for HOTP, else TOTP/Steam),
 * as one sentence naming the service, or NULL when there is nothing
 * stronger to suggest. Written into out (cap bytes).
 */
const char *dir_upgrade_hint(const struct dir_entry *e, int hotp, char *out,
    size_t cap);

/* The verdict line: "Yes, NAME supports 2FA" / "No, ...". Returns out. */
const char *dir_verdict(const struct dir_entry *e, char *out, size_t cap);

#endif
