/*
 * migrations.c -- the schema, as numbered steps.
 *
 * Why: the database outlives every binary; each step moves it one version
 * forward and is never edited once released (add a new step instead).
 *
 * CONVENTIONS: times are unix seconds (audit: microseconds); sealed
 *     columns end in _sealed and hold seal.h's format with the associated
 *     data "<table>:<id>:<column without _sealed>"; grant levels are
 *     1 code, 2 seed, 3 manage.
 */
#include <stddef.h>

#include "store/store_int.h"

static const char v1[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL);"

	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pwhash TEXT,"			/* argon2id string; NULL: no password */
	"  is_admin INTEGER NOT NULL DEFAULT 0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  totp_sealed BLOB,"			/* login second factor */
	"  totp_pending_sealed BLOB,"		/* enrolment in progress */
	"  totp_last_step INTEGER NOT NULL DEFAULT 0,"	/* replay guard */
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"

	"CREATE TABLE groups ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  created_at INTEGER NOT NULL);"

	"CREATE TABLE group_members ("
	"  group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (group_id, user_id));"
	"CREATE INDEX group_members_user ON group_members(user_id);"

	"CREATE TABLE tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  issuer TEXT NOT NULL,"
	"  account TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('totp', 'hotp', 'steam')),"
	"  algorithm TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),"
	"  digits INTEGER NOT NULL,"
	"  period INTEGER NOT NULL,"
	"  counter INTEGER NOT NULL DEFAULT 0,"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  seed_sealed BLOB NOT NULL,"
	"  recovery_sealed BLOB,"		/* JSON array of strings */
	"  pending_sealed BLOB,"		/* staged rotation: an otpauth URI */
	"  pending_at INTEGER,"
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"

	"CREATE TABLE grants ("
	"  token_id INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,"
	"  group_id INTEGER REFERENCES groups(id) ON DELETE CASCADE,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
	"  CHECK ((group_id IS NULL) <> (user_id IS NULL)));"
	"CREATE UNIQUE INDEX grants_token_group ON grants(token_id, group_id)"
	"  WHERE group_id IS NOT NULL;"
	"CREATE UNIQUE INDEX grants_token_user ON grants(token_id, user_id)"
	"  WHERE user_id IS NOT NULL;"
	"CREATE INDEX grants_group ON grants(group_id);"
	"CREATE INDEX grants_user ON grants(user_id);"

	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  token_hash BLOB NOT NULL UNIQUE,"	/* keyed BLAKE2b of the cookie */
	"  csrf_hash BLOB NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  ip TEXT NOT NULL,"
	"  user_agent TEXT NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"

	"CREATE TABLE api_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"	/* keyed BLAKE2b of the token */
	"  scopes TEXT NOT NULL DEFAULT '',"	/* space-separated */
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER,"			/* NULL: never */
	"  revoked_at INTEGER,"
	"  last_used_at INTEGER);"
	"CREATE INDEX api_tokens_user ON api_tokens(user_id);"

	"CREATE TABLE login_throttle ("
	"  key TEXT PRIMARY KEY,"		/* 'user:<email>' or 'ip:<addr>' */
	"  failures INTEGER NOT NULL,"
	"  window_start INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL);"

	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"

	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"		/* gapless from 1 */
	"  ts_us INTEGER NOT NULL,"		/* microseconds since 1970 */
	"  actor_type TEXT NOT NULL,"		/* user, anonymous, system */
	"  actor_id INTEGER,"
	"  actor_email TEXT,"
	"  ip TEXT,"
	"  user_agent TEXT,"
	"  channel TEXT NOT NULL,"		/* web, api, cli, system */
	"  action TEXT NOT NULL,"
	"  target_type TEXT,"
	"  target_id INTEGER,"
	"  target_name TEXT,"
	"  outcome TEXT NOT NULL,"		/* success, denied, failure */
	"  details TEXT NOT NULL DEFAULT '{}');"	/* JSON object */
	"CREATE INDEX audit_actor ON audit(actor_id, seq);"
	"CREATE INDEX audit_target ON audit(target_type, target_id, seq);"
	"CREATE INDEX audit_action ON audit(action, seq);"
	"CREATE INDEX audit_ts ON audit(ts_us);";

/*
 * v2 (directory, issue 6): the 2FA Directory dataset and Kaito's own
 * annotations. The dataset rows are replaced by every import or sync;
 * annotations are keyed by domain with no foreign key, so they survive an
 * entry leaving the dataset and coming back. Self-contained: it touches
 * no table of v1.
 */
static const char v2_directory[] =
	"CREATE TABLE directory_entries ("
	"  domain TEXT PRIMARY KEY,"		/* lower case */
	"  name TEXT NOT NULL,"
	"  shape INTEGER NOT NULL DEFAULT 0,"	/* 0 entry file/v3, 1 API v4 */
	"  entry TEXT NOT NULL,"		/* canonical JSON, validated */
	"  hash BLOB NOT NULL,"			/* BLAKE2b-256 of entry */
	"  changed_on TEXT NOT NULL DEFAULT '',"	/* YYYY-MM-DD */
	"  generation INTEGER NOT NULL);"	/* import that last wrote it */

	"CREATE TABLE directory_annotations ("
	"  domain TEXT PRIMARY KEY,"
	"  admin_notes TEXT NOT NULL DEFAULT '',"
	"  sharing_notes TEXT NOT NULL DEFAULT '',"
	"  verified_on TEXT,"			/* YYYY-MM-DD; NULL: never */
	"  verified_by TEXT,"
	"  updated_at INTEGER NOT NULL);"

	"CREATE TABLE directory_state ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  generation INTEGER NOT NULL,"	/* +1 per import or sync */
	"  source TEXT NOT NULL,"		/* file or URL */
	"  imported_at INTEGER NOT NULL,"
	"  entries INTEGER NOT NULL,"
	"  sync_url TEXT,"			/* validators of the last sync */
	"  etag TEXT,"
	"  last_modified TEXT);";

/*
 * v3 (audit, issue 4): the audit log as a Merkle tree (docs/audit.md). Each row gets its leaf
 * hash; audit_tree holds the tree's frontier (the right-edge subtree
 * roots, written in the same transaction as the rows), the latest signed
 * checkpoint, and how far rows from before this step still have to be
 * hashed (done by store_open, in C). audit_node keeps the roots of
 * complete subtrees of 256 leaves and more, so that proofs need not rehash
 * the log. The install id names the log in its checkpoints.
 */
static const char v3_audit_tree[] =
	"ALTER TABLE audit ADD COLUMN lh BLOB;"	/* leaf hash, 32 bytes */

	"CREATE TABLE audit_tree ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  size INTEGER NOT NULL,"		/* leaves = the highest seq */
	"  frontier BLOB NOT NULL,"		/* 32 bytes per subtree root */
	"  backfill_to INTEGER NOT NULL,"	/* rows to hash at open */
	"  cp_size INTEGER NOT NULL DEFAULT 0,"	/* latest checkpoint's size */
	"  cp_note TEXT);"			/* and its signed note */
	"INSERT INTO audit_tree (id, size, frontier, backfill_to)"
	"  SELECT 1, 0, x'', COALESCE(MAX(seq), 0) FROM audit;"

	"CREATE TABLE audit_node ("
	"  id INTEGER PRIMARY KEY,"		/* level << 56 | index */
	"  hash BLOB NOT NULL);"

	"INSERT OR IGNORE INTO meta (key, value)"
	"  VALUES ('install_id', lower(hex(randomblob(8))));";

/*
 * v4 (SMS inbox, issue 5): inboxes, their grants, and the texts they
 * received. Self-contained: it adds tables only, and refers to users and
 * groups of v1 by foreign key. Inbox grant levels are 1 read, 2 manage.
 * A text's id is AUTOINCREMENT because it is also the id of its event on
 * the streams (Last-Event-ID): an id must never be given out twice, even
 * after the newest text was deleted with its inbox. sms.body_sealed holds
 * the whole text as JSON {"from","to","body","code","service"}, sealed
 * with "sms:<id>:body"; what stays in clear is only what retention,
 * deduplication and paging need. Rows older than the retention time are
 * deleted by the server (sms/retention.c).
 */
static const char v4_sms[] =
	"CREATE TABLE inboxes ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  number TEXT NOT NULL UNIQUE,"		/* E.164 */
	"  provider TEXT NOT NULL,"		/* twilio, generic, ... */
	"  secret_sealed BLOB NOT NULL,"	/* the webhook secret */
	"  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"

	"CREATE TABLE inbox_grants ("
	"  inbox_id INTEGER NOT NULL REFERENCES inboxes(id) ON DELETE CASCADE,"
	"  group_id INTEGER REFERENCES groups(id) ON DELETE CASCADE,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 2),"
	"  CHECK ((group_id IS NULL) <> (user_id IS NULL)));"
	"CREATE UNIQUE INDEX inbox_grants_group ON inbox_grants(inbox_id,"
	"  group_id) WHERE group_id IS NOT NULL;"
	"CREATE UNIQUE INDEX inbox_grants_user ON inbox_grants(inbox_id,"
	"  user_id) WHERE user_id IS NOT NULL;"
	"CREATE INDEX inbox_grants_by_group ON inbox_grants(group_id);"
	"CREATE INDEX inbox_grants_by_user ON inbox_grants(user_id);"

	"CREATE TABLE sms ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  inbox_id INTEGER NOT NULL REFERENCES inboxes(id) ON DELETE CASCADE,"
	"  provider_id TEXT NOT NULL,"		/* the provider's message id */
	"  received_at INTEGER NOT NULL,"	/* as the provider says */
	"  stored_at INTEGER NOT NULL,"		/* our clock: retention */
	"  body_sealed BLOB NOT NULL);"
	"CREATE UNIQUE INDEX sms_dedup ON sms(inbox_id, provider_id);"
	"CREATE INDEX sms_stored ON sms(stored_at);";

/*
 * v5 (performance): the audit table keeps no secondary index. Every read
 * of it goes by seq (the pull API, sinks, proofs, verify), and the
 * filtered list (GET /api/v1/audit) scans in seq order from a seq bound
 * (times are turned into seq bounds by a binary search, store/audit.h).
 * Each index cost a B-tree insert per event on the writer thread: two of
 * them were a quarter of the writer's time per code view.
 */
static const char v5_audit_no_indexes[] =
	"DROP INDEX IF EXISTS audit_actor;"
	"DROP INDEX IF EXISTS audit_target;"
	"DROP INDEX IF EXISTS audit_action;"
	"DROP INDEX IF EXISTS audit_ts;";

/*
 * v6 (SIEM sinks, issue 4): where the audit log is streamed, and how far
 * each destination has acknowledged it. A sink's id is AUTOINCREMENT
 * because its secrets are sealed with it ("sinks:<id>:secret") and its
 * cursor belongs to it: an id is never given to another sink. config is
 * the JSON object of the settings that are not secret (docs/audit.md
 * section 10); secret_sealed the sealed JSON object of those that are
 * (HEC token, webhook key, TLS client key), or NULL. acked_seq is the
 * cursor: every row up to it was acknowledged by the receiver; it only
 * grows. source is 'api' or 'file' (kaito serve --sinks). Any future
 * pruning of audit rows must keep every seq above MIN(acked_seq).
 */
static const char v6_sinks[] =
	"CREATE TABLE sinks ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  type TEXT NOT NULL,"			/* syslog, hec, webhook, file */
	"  config TEXT NOT NULL,"		/* JSON object, no secrets */
	"  secret_sealed BLOB,"			/* sealed JSON object, or NULL */
	"  source TEXT NOT NULL DEFAULT 'api'"
	"    CHECK (source IN ('api', 'file')),"
	"  enabled INTEGER NOT NULL DEFAULT 1,"
	"  version INTEGER NOT NULL DEFAULT 1,"	/* +1 per change */
	"  acked_seq INTEGER NOT NULL DEFAULT 0,"	/* the cursor */
	"  acked_at INTEGER,"			/* when it last moved (us) */
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);";

const char *const store_migrations[] = {
	v1,
	v2_directory,
	v3_audit_tree,
	v4_sms,
	v5_audit_no_indexes,
	v6_sinks,
	NULL
};
