/*
 * mac.h -- HMAC over a message given in pieces, on OpenSSL's EVP_MAC.
 *
 * Why: webhook signatures cover concatenations (Twilio: URL and every
 * form field; Standard Webhooks: id, timestamp and body) that would
 * otherwise be copied into one more buffer holding the SMS text. Feeding
 * the pieces to the MAC one by one avoids the copy. No crypto of our own:
 * this only drives OpenSSL.
 */
#ifndef KAITO_SMS_MAC_H
#define KAITO_SMS_MAC_H

#include <stddef.h>

enum sms_mac_alg {
	SMS_MAC_SHA1,		/* 20-byte tag (Twilio) */
	SMS_MAC_SHA256		/* 32-byte tag */
};

#define SMS_MAC_MAX	32	/* the longest tag */

struct sms_mac {
	void *ctx;		/* owned EVP_MAC_CTX; NULL when unused */
};

/* Key a MAC. Returns 0 or -1 (OpenSSL failure, or keylen 0); on -1
 * there is nothing to free. */
int sms_mac_init(struct sms_mac *m, enum sms_mac_alg alg, const void *key,
    size_t keylen);

/* Feed n bytes. Returns 0 or -1. */
int sms_mac_update(struct sms_mac *m, const void *p, size_t n);

/* Write the tag to out (SMS_MAC_MAX bytes) and its length to *len, then
 * free the context. Returns 0 or -1 (the context is freed either way). */
int sms_mac_final(struct sms_mac *m, unsigned char out[SMS_MAC_MAX],
    size_t *len);

/* Free the context (OpenSSL wipes the key state). NULL-safe. */
void sms_mac_free(struct sms_mac *m);

#endif
