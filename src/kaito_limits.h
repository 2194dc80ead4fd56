/*
 * kaito_limits.h -- every cap Kaito puts on input, in one place.
 *
 * Why: a buffer without a cap is a denial of service waiting for its input.
 * Each parser checks its input against one of these before it allocates, so
 * reviewing what an attacker can make Kaito hold means reading this file. (Not named limits.h: GCC's syslimits.h reaches
 * for <limits.h> with #include_next, which would find ours.)
 */
#ifndef KAITO_LIMITS_H
#define KAITO_LIMITS_H

/* Longest OTP secret, in bytes. SHA-512's HMAC block is 128 bytes; longer
 * keys are hashed first by HMAC, so nobody needs more. */
#define LIMIT_OTP_SECRET	128

/* Longest issuer or account name, in bytes of UTF-8. */
#define LIMIT_OTP_LABEL		256

/* Longest otpauth:// URI we parse or produce. */
#define LIMIT_OTP_URI		4096

/* Longest otpauth-migration:// URI (Google Authenticator packs up to ten
 * accounts per QR code; exports of many more are split into batches). */
#define LIMIT_MIGRATION_URI	(64 * 1024)

/* Most otpauth-migration:// URIs one Google import may hold: one per QR
 * code of the export, and a code with no account is of no use, so as
 * many as the tokens an import may hold. */
#define LIMIT_MIGRATION_URIS	10000

/* Most tokens one import may hold. */
#define LIMIT_IMPORT_TOKENS	10000

/* Largest import file or image we read, in bytes. */
#define LIMIT_IMPORT_FILE	(16 * 1024 * 1024)

/* Largest image dimension we decode for QR codes (pixels per side). */
#define LIMIT_QR_IMAGE_SIDE	8192

/* Most pixels in all. zbar's time grows with the area (a crafted 8192^2
 * image cost ~7 s of CPU; the server decodes uploads on a worker thread),
 * while a 4K screenshot is 8.3 million. */
#define LIMIT_QR_PIXELS		(16 * 1000 * 1000)

/* Most QR codes we return from one image (a screenshot of an export shows
 * one or a few; more is a crafted image making us hold many texts). */
#define LIMIT_QR_CODES		100

/* Most scans a progressive JPEG may have. Encoders write about ten; a
 * crafted file of many tiny scans makes libjpeg walk the whole image once
 * per scan (libjpeg-turbo's djpeg -maxscans guards the same way). */
#define LIMIT_QR_JPEG_SCANS	100

/* --- server ------------------------------------------------------------ */

/* Largest JSON request body; bigger ones get 413 before they are read. */
#define LIMIT_BODY_JSON		(64 * 1024)

/* Largest upload (QR image or import file sent to POST /tokens). */
#define LIMIT_BODY_UPLOAD	(4 * 1024 * 1024)

/* Longest e-mail address (RFC 5321 path limit). */
#define LIMIT_EMAIL		254

/* Longest group, API token or other display name, in bytes. */
#define LIMIT_NAME		128

/* Longest token notes, in bytes. */
#define LIMIT_NOTES		4096

/* Recovery codes per token, and the longest one. */
#define LIMIT_RECOVERY_CODES	64
#define LIMIT_RECOVERY_LEN	64

/* Longest user agent kept in sessions and audit rows (truncated). */
#define LIMIT_USER_AGENT	256

/* Password length accepted at login and on creation (bytes). */
#define LIMIT_PASSWORD_MIN	12
#define LIMIT_PASSWORD_MAX	1024

/* Grants in one PUT /tokens/{id}/grants. */
#define LIMIT_GRANTS		256

/* Audit events waiting for the writer; past this, requests get 503. */
#define LIMIT_AUDIT_QUEUE	65536

/* Jobs the writer commits in one transaction. */
#define LIMIT_WRITER_BATCH	512

/* Audit rows per page of GET /api/v1/audit. */
#define LIMIT_AUDIT_PAGE	1000

/* libmicrohttpd's memory pool per connection (headers in, headers and
 * small bodies out). It clears the pool at every request, so its size is
 * paid per request: 32 KiB for plain HTTP; TLS records need more (systemd
 * saw "Not enough memory for write" at 32 KiB under HTTPS). */
#define LIMIT_CONN_MEMORY	(32 * 1024)
#define LIMIT_CONN_MEMORY_TLS	(64 * 1024)

/* Extra response headers a handler may set. */
#define LIMIT_RESP_HEADERS	8

/* --- directory (2FA Directory dataset) ---------------------------------- */

/* Largest dataset file we read (the snapshot's entries.json is 0.8 MB; the
 * v4 all.json, with additional domains expanded, about 1 MB). */
#define LIMIT_DIR_FILE		(32 * 1024 * 1024)

/* Most entries one import may hold (upstream has about 2,600). */
#define LIMIT_DIR_ENTRIES	50000

/* Longest string field of an entry (upstream notes: 204 bytes). */
#define LIMIT_DIR_STRING	2048

/* Most items in one array field of an entry (upstream: 40 domains). */
#define LIMIT_DIR_ARRAY		128

/* Longest search query, in bytes. */
#define LIMIT_DIR_QUERY		128

/* Results per page of GET /api/v1/directory. */
#define LIMIT_DIR_PAGE		200

/* Longest admin or sharing note on an entry. */
#define LIMIT_DIR_NOTE		4096

/* --- SMS inbox ----------------------------------------------------------- */

/* Longest SMS body we keep, in bytes of UTF-8. Twilio's cap is 1,600
 * characters (ten segments); at up to four bytes a character that is
 * 6,400 bytes, so 8 KiB holds any real message. */
#define LIMIT_SMS_BODY		8192

/* Largest webhook request body (form or JSON). A Twilio form with ten
 * media URLs and the geo fields is about 3 KiB; JSON may escape every
 * character of a full body as \uXXXX (6 bytes each). */
#define LIMIT_SMS_WEBHOOK	(32 * 1024)

/* Most fields in one form-encoded webhook (Twilio sends about 20, plus
 * two per media item, at most ten items), and the longest field name. */
#define LIMIT_SMS_FORM_FIELDS	100
#define LIMIT_SMS_FORM_NAME	64

/* Longest sender or recipient: E.164 is 16 bytes with its '+'; an
 * alphanumeric sender ID 11; "whatsapp:+..." or a national number with
 * punctuation fits too. */
#define LIMIT_SMS_ADDR		64

/* Longest provider message ID (Twilio: 34, Standard Webhooks ids and
 * android-sms-gateway event ids: about 30). */
#define LIMIT_SMS_MSGID		128

/* Longest webhook secret (Twilio auth token: 32 hex characters; a
 * "whsec_" secret: at most 64 bytes of key in base64). */
#define LIMIT_SMS_SECRET	256

/* Longest public webhook URL that signatures cover. */
#define LIMIT_SMS_URL		2048

/* Longest signature header (Standard Webhooks may list several). */
#define LIMIT_SMS_SIG_HEADER	1024

/* How far a signed webhook timestamp may be from our clock, in seconds,
 * either way (replays older than this are refused). */
#define LIMIT_SMS_TOLERANCE	300

/* Longest extracted code (10 digits, or "G-" and 8, or an alphanumeric
 * code), and the longest service name we report. */
#define LIMIT_SMS_CODE		16
#define LIMIT_SMS_SERVICE	64

/* Inboxes' grants in one PUT /inboxes/{id}/grants. */
#define LIMIT_INBOX_GRANTS	256

/* Messages per page of GET /inboxes/{id}/messages (default 100). */
#define LIMIT_SMS_PAGE		1000

/* Default time a received text is kept, in seconds (kaito serve
 * --sms-retention changes it); and the longest allowed (30 days). */
#define LIMIT_SMS_RETENTION	(24 * 3600)
#define LIMIT_SMS_RETENTION_MAX	(30 * 24 * 3600)

/* --- real-time streams (Server-Sent Events) ------------------------------ */

/* Open streams per user, and in all (kaito serve --max-streams changes
 * the second). Above either, a new stream gets 429. Each is one
 * connection held open: a file descriptor and MHD's per-connection pool. */
#define LIMIT_SSE_PER_USER	4
#define LIMIT_SSE_STREAMS	1024
#define LIMIT_SSE_STREAMS_MAX	16384

/* Bytes waiting for one stream's client beyond what the socket holds;
 * a client that falls this far behind is dropped (it reconnects with
 * Last-Event-ID and misses nothing). Also the most one replay page
 * holds, and the most events it holds. */
#define LIMIT_SSE_QUEUE		(256 * 1024)
#define LIMIT_SSE_QUEUE_EVENTS	1024
#define LIMIT_SSE_REPLAY_BYTES	(LIMIT_SSE_QUEUE / 2)
#define LIMIT_SSE_REPLAY_EVENTS	256

/* Seconds between heartbeats on an idle stream (kaito serve
 * --sse-heartbeat): a suspended connection notices a gone client only
 * when it writes. */
#define LIMIT_SSE_HEARTBEAT	20

/* --- SIEM sinks (audit/sinks/) ------------------------------------------- */

/* Sinks in all (each is a thread and a connection). */
#define LIMIT_SINKS		64

/* Longest PEM text of a sink (a CA bundle, a certificate chain, a key). */
#define LIMIT_SINK_PEM		(16 * 1024)

/* Longest URL, host name or file path of a sink. */
#define LIMIT_SINK_URL		2048

/* Events per batch (a sink's batch_max is 1 to this), and the bytes a
 * batch's messages may take: a batch stops growing past this (it always
 * takes one event, at most AUDIT_LEAF_MAX and its envelope). */
#define LIMIT_SINK_BATCH	10000
#define LIMIT_SINK_BATCH_BYTES	(1024 * 1024)

/* Most bytes of a receiver's answer we read (HEC, webhook, RELP rsp). */
#define LIMIT_SINK_REPLY	(64 * 1024)

#endif
