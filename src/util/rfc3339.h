/*
 * rfc3339.h -- RFC 3339 timestamps ("2024-06-22T15:46:11.000+07:00").
 *
 * Why: an Android SMS gateway reports when the phone received a text in
 * the phone's own time zone; Kaito keeps Unix seconds. A strict parser of
 * exactly the RFC's grammar turns the one into the other without
 * consulting the process's time zone (timegm and TZ are not involved).
 */
#ifndef KAITO_RFC3339_H
#define KAITO_RFC3339_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse s[0..n): date-time = full-date ("T" / "t" / " ") full-time, with
 * optional fractional seconds (ignored) and a zone of "Z", "z", "+HH:MM"
 * or "-HH:MM" ("+HHMM" too, as Java writes it). Years 1970 to 9999; a
 * leap second (:60) counts as :59. Returns 0 with *t set (Unix seconds,
 * UTC), or -1.
 */
int rfc3339_parse(const char *s, size_t n, int64_t *t);

#endif
