/*
 * score.h -- Kaito's readiness score (1 to 5) for a directory entry, and
 * the derived "biometric" method.
 *
 * Why: the dataset says which methods a service offers; a team choosing
 * or auditing services wants one number that says how ready a service is
 * for shared, phishing-resistant, documented 2FA. The formula is simple
 * on purpose, so that the page can explain every point (docs/directory.md
 * is the reference):
 *
 *   no 2FA at all                                   -> 1
 *   otherwise  1
 *            + 1  TOTP (an authenticator app; Kaito can share it)
 *            + 1  hardware security key (u2f: phishing-resistant)
 *            + 1  not phone/e-mail only (some method other than SMS,
 *                 call and e-mail: TOTP, key, custom app or hardware)
 *            + 1  official documentation link
 *            - 1  a plan caveat in the notes (plan, paid, premium,
 *                 subscription, enterprise, business, edition,
 *                 membership, pricing, fee, account type)
 *   clamped to 2..5, so any 2FA scores above none.
 *
 * BIOMETRIC: supported when a custom app or hardware name mentions
 *     "biometric" (the only place the data says so).
 */
#ifndef KAITO_DIRECTORY_SCORE_H
#define KAITO_DIRECTORY_SCORE_H

#include "directory/entry.h"

/* Why an entry got its score: one bit per line of the formula. */
#define DIR_SCORE_2FA		0x01	/* has 2FA (base 1) */
#define DIR_SCORE_TOTP		0x02	/* +1 */
#define DIR_SCORE_U2F		0x04	/* +1 */
#define DIR_SCORE_NOT_PHONE	0x08	/* +1 */
#define DIR_SCORE_DOCS		0x10	/* +1 */
#define DIR_SCORE_PLAN_CAVEAT	0x20	/* -1 */
#define DIR_SCORE_FLOOR		0x40	/* raised to 2 */
#define DIR_SCORE_BITS		7

/* The score of e (1..5), with the formula's lines that applied in *why
 * (may be NULL). Uses e->methods, documentation and notes only. */
int dir_score(const struct dir_entry *e, unsigned *why);

/* Fill e->all_methods (methods + biometric), e->score and e->score_why. */
void dir_score_entry(struct dir_entry *e);

/* 1 if notes (may be NULL) carry a plan caveat, as the formula says. */
int dir_notes_plan_caveat(const char *notes);

/* 1 if a custom app or hardware name of e mentions biometrics. */
int dir_entry_biometric(const struct dir_entry *e);

/* One line for people for a DIR_SCORE_* bit ("+1 TOTP ..."), or NULL. */
const char *dir_score_reason(unsigned bit);

#endif
