/*
 * retention.h -- received texts are kept for a while, then deleted.
 *
 * Why: a text holds a one-time code, and a code is of use for minutes;
 * keeping texts for ever would make the database a store of codes and
 * of who texted the team. So every text is deleted once it is older than
 * the retention time (kaito serve --sms-retention, default 24 h), by a
 * periodic writer job (audited as sms.expire with the count, actor
 * system), and every read (listing, stream replay) already leaves out
 * what is older, so nothing is shown after its time even between two
 * sweeps.
 */
#ifndef KAITO_SMS_RETENTION_H
#define KAITO_SMS_RETENTION_H

#include <stdint.h>

#include "util/errbuf.h"

/* Parse a duration: seconds, or a number with s, m, h or d ("90s",
 * "15m", "24h", "7d"), from 1 s to LIMIT_SMS_RETENTION_MAX. Returns 0
 * with *seconds set, or -1 with e set. */
int sms_retention_parse(const char *s, int64_t *seconds, struct errbuf *e);

/* Set the retention time (before sms_retention_start). */
void sms_retention_set(int64_t seconds);

/* The retention time in seconds, and the oldest stored_at still kept at
 * time now. */
int64_t sms_retention(void);
int64_t sms_retention_floor(int64_t now);

/* Start the sweeper thread: a writer job every retention/10 seconds
 * (between 1 and 60). Returns 0 or -1 with e set. */
int sms_retention_start(struct errbuf *e);

/* Stop it (before the writer stops). */
void sms_retention_stop(void);

#endif
