/*
 * sms_seal.h -- sealing an inbox's webhook secret and a text's content to
 * their rows.
 *
 * Why: an inbox's secret is what lets a sender write into the team's
 * inbox, and a text holds a one-time code; both are sealed at rest
 * (seal.h) with the row's identity as associated data, "inboxes:<id>:
 * secret" and "sms:<id>:body", so a sealed value moved to another row
 * does not open. These wrappers fix the table and column names in one
 * place.
 */
#ifndef KAITO_VAULT_SMS_SEAL_H
#define KAITO_VAULT_SMS_SEAL_H

#include <stddef.h>
#include <stdint.h>

enum sms_sealed {
	SMS_SEALED_SECRET,	/* inboxes:<id>:secret */
	SMS_SEALED_BODY		/* sms:<id>:body */
};

/*
 * Seal n bytes of pt for row id. *out is malloc'd (*outlen bytes, no
 * plaintext in it); the caller frees it. Returns 0 or -1.
 */
int sms_seal(enum sms_sealed which, int64_t id, const void *pt, size_t n,
    unsigned char **out, size_t *outlen);

/*
 * Open a sealed value of row id into a new buffer *pt (malloc'd,
 * NUL-terminated after *ptlen bytes), released with sms_plain_free().
 * Returns 0, or -1 when it does not open for this row or memory ran out.
 */
int sms_open(enum sms_sealed which, int64_t id, const unsigned char *sealed,
    size_t n, unsigned char **pt, size_t *ptlen);

/* Wipe and free a buffer from sms_open(); NULL-safe, NULLs *pt. */
void sms_plain_free(unsigned char **pt, size_t len);

#endif
