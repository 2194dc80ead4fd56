/*
 * guide.c -- enable steps, sharing notes and verdicts; see guide.h.
 */
#include <stdio.h>
#include <string.h>

#include "directory/guide.h"

#define HAS(e, m)	(((e)->methods & DIR_M(m)) != 0)

static const char *
first_app(const struct dir_entry *e)
{
	return e->custom_software.n > 0 ? e->custom_software.v[0] :
	    "its own app";
}

/* The step that says which method to pick and where its codes go. */
static void
method_step(const struct dir_entry *e, char *out)
{
	if (HAS(e, DIR_TOTP))
		snprintf(out, DIR_STEP_LEN, "Choose the authenticator app "
		    "(TOTP) option. When %s shows the QR code, add it to "
		    "Kaito as a new token (upload the QR image or paste the "
		    "otpauth:// link) instead of scanning it with a phone, "
		    "so the seed stays on the server.", e->name);
	else if (HAS(e, DIR_SMS) || HAS(e, DIR_CALL))
		snprintf(out, DIR_STEP_LEN, "%s offers no authenticator "
		    "app. Give it the number of a Kaito shared SMS inbox, so "
		    "codes reach the teammates allowed to read that inbox "
		    "rather than one person's phone.", e->name);
	else if (HAS(e, DIR_EMAIL))
		snprintf(out, DIR_STEP_LEN, "%s sends codes by e-mail: set "
		    "the account's address to a team mailbox that more than "
		    "one person can read.", e->name);
	else if (HAS(e, DIR_CUSTOM_SOFTWARE))
		snprintf(out, DIR_STEP_LEN, "%s uses %s; install it on a "
		    "managed device the team controls (its codes cannot be "
		    "shared through Kaito).", e->name, first_app(e));
	else
		snprintf(out, DIR_STEP_LEN, "Choose the security key or "
		    "hardware token option and follow the prompts.");
}

size_t
dir_enable_steps(const struct dir_entry *e,
    char steps[DIR_STEPS_MAX][DIR_STEP_LEN])
{
	size_t n = 0;

	if (!dir_entry_has_2fa(e))
		return 0;
	snprintf(steps[n++], DIR_STEP_LEN, "Sign in to %s with the account "
	    "the team shares and open its security settings (often "
	    "Settings, then Security, then Two-factor authentication).",
	    e->name);
	if (e->documentation != NULL)
		snprintf(steps[n++], DIR_STEP_LEN, "Keep %s's official guide "
		    "open alongside (the documentation link on this page).",
		    e->name);
	method_step(e, steps[n++]);
	if (HAS(e, DIR_TOTP))
		snprintf(steps[n++], DIR_STEP_LEN, "Confirm with the current "
		    "code that Kaito shows for the new token, then grant the "
		    "token to the group that needs it.");
	if (HAS(e, DIR_U2F))
		snprintf(steps[n++], DIR_STEP_LEN, "Register at least two "
		    "hardware security keys, held by different teammates, so "
		    "losing one does not lock the team out.");
	snprintf(steps[n++], DIR_STEP_LEN, "Save the recovery codes %s "
	    "shows with the token in Kaito (only holders of the seed level "
	    "can read them)%s.", e->name, e->recovery != NULL ?
	    "; the recovery link on this page explains how to use them" : "");
	if (e->notes != NULL)
		snprintf(steps[n++], DIR_STEP_LEN, "Read the dataset's note "
		    "on this page first: %s attaches conditions to 2FA.",
		    e->name);
	return n;
}

const char *
dir_sharing_note(const struct dir_entry *e)
{
	if (!dir_entry_has_2fa(e))
		return "This service offers no second factor to share. Prefer "
		    "single sign-on or one account per person, and ask the "
		    "service for 2FA (its contact is on this page).";
	if (HAS(e, DIR_TOTP))
		return "Share it through Kaito: add the TOTP seed once and "
		    "grant the token to a group at the code level. Teammates "
		    "see codes, never the seed, and every code view is "
		    "audited.";
	if (HAS(e, DIR_SMS) || HAS(e, DIR_CALL))
		return "No authenticator app to share: use a Kaito shared SMS "
		    "inbox number, so codes reach the teammates allowed to "
		    "read it and every read is audited.";
	if (HAS(e, DIR_EMAIL))
		return "Codes come by e-mail: a team mailbox shares them, but "
		    "Kaito cannot audit who read them.";
	return "Security keys and proprietary apps cannot be shared through "
	    "Kaito: enrol one key or device per teammate.";
}

const char *
dir_verdict(const struct dir_entry *e, char *out, size_t cap)
{
	snprintf(out, cap, dir_entry_has_2fa(e) ? "Yes, %s supports "
	    "two-factor authentication." : "No, %s does not support "
	    "two-factor authentication.", e->name);
	return out;
}

const char *
dir_upgrade_hint(const struct dir_entry *e, int hotp, char *out, size_t cap)
{
	if (e->methods & DIR_M(DIR_U2F)) {
		snprintf(out, cap, "%s also supports hardware security keys "
		    "(WebAuthn/U2F), which resist phishing: register a key "
		    "for each person who logs in and keep this shared code "
		    "as the break-glass factor.", e->name);
		return out;
	}
	if (hotp && (e->methods & DIR_M(DIR_TOTP))) {
		snprintf(out, cap, "%s supports time-based codes (TOTP); a "
		    "TOTP token does not drift out of step the way a shared "
		    "HOTP counter can.", e->name);
		return out;
	}
	return NULL;
}
