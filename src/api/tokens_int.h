/*
 * tokens_int.h -- what the token handlers share; not for use outside
 * src/api/ (tokens.c, token_create.c, token_code.c, token_seed.c,
 * token_rotate.c, grants.c, token_input.c).
 *
 * Why: one rendering of a token, one way of turning a writer job's
 * result into an answer, and one parser for "a new seed" (create and
 * rotate take the same shapes), so the handlers stay small and agree.
 */
#ifndef KAITO_API_TOKENS_INT_H
#define KAITO_API_TOKENS_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "acl/acl_token.h"
#include "http/req.h"
#include "otp/token.h"
#include "store/tokens.h"

/* Job results of our own, beside 0, -1, STORE_NOTFOUND, STORE_CONFLICT. */
#define TOKEN_ESEAL	100	/* a sealed value did not open (logged) */
#define TOKEN_EINPUT	101	/* refused input; the job wrote why */

/* tokens.c */

/* The token as the API shows it, with the caller's level (ACL_NONE: null).
 * NULL on out of memory. */
json_t *token_json(const struct token_row *t, int level);

/* Re-read token id and answer status with it (404 if it is gone). */
int token_respond(struct req *r, int64_t id, int status);

/* Answer a failed writer job: -1 (not durable) 503, ACL_EREFUSED as acl
 * decided (acl may be NULL for jobs without a re-check), STORE_NOTFOUND
 * 404, STORE_CONFLICT 409 with msg, TOKEN_ESEAL and the rest 500. */
int token_job_failed(struct req *r, int rc, const struct acl_job *acl,
    const char *conflict_msg);

/* Copy a row's parameters and label into *t (no secret). */
void token_otp_from_row(const struct token_row *row, struct otp_token *t);

/* token_input.c */

#define TOKEN_INPUT_IMPORT	0x01	/* accept "import" (several tokens) */

/*
 * Read a new seed from body: exactly one of "uri"; "secret" with
 * "issuer", "account", "type", "algorithm", "digits", "period",
 * "counter"; "qr_image"; or, with TOKEN_INPUT_IMPORT, "import". The
 * caller has refused unknown keys already. Appends to *out (at least one
 * token). *import_format is set to the format's name for an import, else
 * NULL. Returns 0, or -1 with 400 queued (the message never holds a seed).
 */
int token_input_or_400(struct req *r, json_t *body, int flags,
    struct otp_list *out, const char **import_format);

/*
 * "recovery_codes": when absent, *set = 0. Else *set = 1 and *json is the
 * list as a JSON array text to seal (NULL for an empty list; free with
 * jsonmem_free_string). Returns 0, or -1 with 400 queued.
 */
int token_recovery_or_400(struct req *r, json_t *body, int *set,
    char **json);

/* A label field ("issuer", "account"): absent leaves dst alone and *set
 * 0. Returns 0, or -1 with 400 queued. */
int token_label_or_400(struct req *r, json_t *body, const char *key,
    char dst[LIMIT_OTP_LABEL + 1], int *set);

/* "verify_code" / "code": a code as typed (1..32 bytes). Absent and not
 * required: *code untouched. Returns 0, or -1 with 400 queued. */
int token_code_or_400(struct req *r, json_t *body, const char *key,
    int required, const char **code);

#endif
