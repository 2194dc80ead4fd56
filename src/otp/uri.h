/*
 * uri.h -- otpauth:// URIs (Google's Key Uri Format), parsed and formatted.
 *
 * Why: the otpauth URI is how every authenticator app and every service's
 * QR code describes a token. We accept what real apps write, Steam
 * included (otpauth://steam/... as Aegis writes it, and
 * otpauth://totp/...&encoder=steam), and write URIs that parse back to the
 * same token.
 */
#ifndef KAITO_OTP_URI_H
#define KAITO_OTP_URI_H

#include <stddef.h>

#include "otp/token.h"
#include "util/errbuf.h"

/*
 * Parse uri into *t. Returns 0, or -1 with e set to a specific message
 * (missing secret, bad base32, digits out of range, hotp without counter,
 * unknown type, ...); *t is wiped on failure. When the label's issuer and
 * the issuer parameter disagree, the parameter wins and warn (may be NULL)
 * receives a message; otherwise warn->msg is left empty.
 */
int otp_uri_parse(const char *uri, struct otp_token *t, struct errbuf *e,
    struct errbuf *warn);

/*
 * Format *t as an otpauth URI into out (outcap bytes, LIMIT_OTP_URI is
 * always enough). The result carries the secret: wipe it after use.
 * Returns 0, or -1 when t is invalid or out is too small.
 */
int otp_uri_format(const struct otp_token *t, char *out, size_t outcap);

#endif
