/*
 * audit_fingerprint.c -- POST /api/v1/audit/fingerprint {"secret":"BASE32"}
 * -> {"fingerprint":"hmac-sha256:..."} (administrators).
 *
 * Why: seed reveals are audited with a keyed fingerprint of the seed,
 * never the seed (audit/fingerprint.h). An administrator who holds a seed
 * (say, one found in a leak) gets its fingerprint here and searches the
 * log for it. The lookup is itself audited, as audit.fingerprint with the
 * fingerprint and without the secret; like every audited action it
 * answers only once that event is durable (503 otherwise).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "audit/fingerprint.h"
#include "http/jv.h"
#include "http/respond.h"
#include "kaito_limits.h"
#include "otp/base32.h"

static int
fingerprint_finish(struct req *r, int rc)
{
	if (rc != 0)
		return respond_503(r);
	return respond_json(r, 200, json_pack("{s:s}", "fingerprint",
	    (const char *)r->job_arg));
}

int
api_audit_fingerprint(struct req *r)
{
	static const char *const keys[] = { "secret", NULL };
	unsigned char seed[LIMIT_OTP_SECRET];
	char fpr[AUDIT_FPR_LEN], *arg;
	const char *secret = NULL;
	struct errbuf e;
	size_t n = 0;
	int rc;

	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    jv_str_or_400(r, r->json, "secret", 1, 1,
	    BASE32_ENCODED_LEN(LIMIT_OTP_SECRET) * 2, &secret) == -1)
		return 0;
	/* The decoder's message could quote the secret: say less. */
	if (base32_decode(secret, strlen(secret), seed, sizeof(seed), &n,
	    &e) == -1 || n == 0)
		return respond_400(r, "'secret' must be a base32 seed of 1 to "
		    "%d bytes", LIMIT_OTP_SECRET);
	rc = audit_fingerprint(seed, n, fpr);
	sodium_memzero(seed, sizeof(seed));
	if (rc == -1 || (arg = strdup(fpr)) == NULL)
		return respond_500(r);
	req_audit(r, "audit.fingerprint");
	audit_event_detail(&r->job.ev, "fingerprint", json_string(fpr));
	r->job.run = NULL;
	return req_defer(r, arg, free, fingerprint_finish);
}
