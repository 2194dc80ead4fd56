/*
 * test_auditlog.c -- the audit log's tree in the store, end to end: the
 * leaf format (a known answer computed independently), the frontier and
 * stored subtree roots moving with appends and savepoints, proofs from the
 * store, rows hashed at the upgrade from schema 1, appends refused after
 * a write behind the store's back, the writer's checkpoints and idle
 * heartbeats, the fingerprint, and verification catching each kind of
 * tampering at the right seq.
 */
#include <pthread.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "unit.h"

#include "audit/checkpoint.h"
#include "audit/fingerprint.h"
#include "audit/leaf.h"
#include "audit/proofs.h"
#include "audit/verify.h"
#include "audit/writer.h"
#include "store/audit.h"
#include "store/audit_log.h"
#include "vault/keys.h"

/* The schema steps (store_int.h): the test builds a schema-1 database. */
extern const char *const store_migrations[];

#define ROOT_HEX "000102030405060708090a0b0c0d0e0f" \
		 "101112131415161718191a1b1c1d1e1f"

static char db_path[64], copy_path[64];

static void
unlink_db(const char *path)
{
	char p[96];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static struct store *
fresh_store(void)
{
	struct errbuf e;
	struct store *st;

	unlink_db(db_path);
	st = store_open(db_path, &e);
	if (st == NULL)
		fail_msg("%s", e.msg);
	return st;
}

static void
raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static void
event(struct audit_event *ev, int i)
{
	struct audit_actor a;

	memset(&a, 0, sizeof(a));
	a.type = "user";
	a.id = i % 5 + 1;
	snprintf(a.email, sizeof(a.email), "u%d@example.com", i % 5);
	snprintf(a.ip, sizeof(a.ip), "192.0.2.%d", i % 200);
	snprintf(a.user_agent, sizeof(a.user_agent), "test/%d", i);
	a.channel = "api";
	audit_event_init(ev, &a, "token.code.view");
	audit_event_target(ev, "token", i % 7 + 1, "NS1 (ops@example.com)");
	if (i % 3 == 0)
		audit_event_detail(ev, "counter", json_integer(i));
}

/* n events in transactions of per, each closed by a checkpoint. */
static void
append_events(struct store *st, int n, int per)
{
	struct audit_event ev;
	int i = 0, k;

	while (i < n) {
		assert_int_equal(store_begin(st), 0);
		for (k = 0; k < per && i < n; k++, i++) {
			event(&ev, i);
			assert_int_equal(store_audit_append(st, &ev), 0);
			audit_event_clear(&ev);
		}
		assert_true(audit_checkpoint(st, 0) >= 0);
		assert_int_equal(store_commit(st), 0);
	}
}

static void
verify_path(const char *path, struct audit_verify_result *r)
{
	struct note_verifier key;
	struct audit_verify *v;
	struct errbuf e;
	struct store *st;

	assert_non_null(st = store_open(path, &e));
	assert_int_equal(audit_verifier(st, &key), 0);
	assert_non_null(v = audit_verify_new(&key, 1));
	assert_int_equal(audit_verify_db(st, v), 0);
	audit_verify_get(v, r);
	audit_verify_free(v);
	store_close(st);
}

/* The leaf of a known row, as Python's json.dumps(sort_keys=True,
 * separators=(",", ":"), ensure_ascii=False) and hashlib give it. */
static void
test_leaf_kat(void **state)
{
	static const char details[] = "{\"note\":\"\xc3\xa9 \\\"q\\\"\\n\","
	    "\"counter\":5}";
	static const char want[] = "{\"action\":\"token.code.view\",\"actor\":"
	    "{\"channel\":\"api\",\"email\":\"alice@example.com\",\"id\":7,"
	    "\"ip\":\"203.0.113.7\",\"type\":\"user\",\"user_agent\":"
	    "\"curl/7.88\"},\"details\":{\"counter\":5,\"note\":\"\xc3\xa9 "
	    "\\\"q\\\"\\n\"},\"outcome\":\"success\",\"seq\":1017,\"target\":"
	    "{\"id\":42,\"name\":\"NS1 (ops@example.com)\",\"type\":\"token\"},"
	    "\"ts_us\":1736936625123456,\"v\":1}";
	struct audit_row r, back;
	struct merkle_hash lh, lh2;
	struct jcs_buf b;
	struct errbuf e;
	char hex[AUDIT_LH_HEX];
	json_t *ev;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.seq = 1017;
	r.ts_us = 1736936625123456LL;
	r.actor_type = (struct audit_text){ "user", 4 };
	r.actor_id = 7;
	r.actor_email = (struct audit_text){ "alice@example.com", 17 };
	r.ip = (struct audit_text){ "203.0.113.7", 11 };
	r.user_agent = (struct audit_text){ "curl/7.88", 9 };
	r.channel = (struct audit_text){ "api", 3 };
	r.action = (struct audit_text){ "token.code.view", 15 };
	r.target_type = (struct audit_text){ "token", 5 };
	r.target_id = 42;
	r.target_name = (struct audit_text){ "NS1 (ops@example.com)", 21 };
	r.outcome = (struct audit_text){ "success", 7 };
	r.details = (struct audit_text){ details, strlen(details) };
	assert_int_equal(jcs_buf_init(&b, AUDIT_LEAF_MAX), 0);
	assert_int_equal(audit_leaf_encode(&r, &b, &e), 0);
	assert_string_equal(b.p, want);
	assert_int_equal(audit_leaf_hash(&r, &b, &lh, &e), 0);
	audit_hash_hex(&lh, hex);
	assert_string_equal(hex, "cb3a09ab210c9b89ca10fc38ce5258754bb92084fdf"
	    "7ba05a7f16907001890c4");
	/* The event object round-trips to the same leaf. */
	assert_non_null(ev = audit_leaf_event(&r, &lh));
	assert_int_equal(audit_leaf_from_event(ev, &back, &lh2, &e), 0);
	assert_int_equal(audit_leaf_hash(&back, &b, &lh2, &e), 0);
	assert_memory_equal(lh.b, lh2.b, MERKLE_HASH_LEN);
	/* An extra member is refused. */
	json_object_set_new(ev, "extra", json_true());
	assert_int_equal(audit_leaf_from_event(ev, &back, &lh2, &e), -1);
	json_decref(ev);
	/* Text that is not UTF-8 cannot be a leaf. */
	r.user_agent = (struct audit_text){ "bad\xff", 4 };
	assert_int_equal(audit_leaf_encode(&r, &b, &e), -1);
	jcs_buf_free(&b);
}

struct leaves {
	struct merkle_hash h[2048];
	uint64_t n;
};

static int
collect_lh(void *arg, const struct audit_row *row, const char *invalid)
{
	struct leaves *l = arg;

	assert_null(invalid);
	assert_non_null(row->lh);
	memcpy(l->h[l->n++].b, row->lh, MERKLE_HASH_LEN);
	return 0;
}

/* 600 events in 3 commits: the stored frontier, subtree roots and proofs
 * all agree with a tree rebuilt from the lh column. */
static void
test_tree_nodes_and_proofs(void **state)
{
	static struct leaves l;
	struct merkle_hash root, r1, r2, want, lh, proof[MERKLE_PROOF_MAX];
	struct merkle_frontier f, g;
	struct store *st = fresh_store();
	uint64_t i, m, n, cp;
	size_t len;

	(void)state;
	append_events(st, 600, 200);
	assert_int_equal(store_audit_frontier(st, &f), 0);
	assert_int_equal(f.size, 603);		/* and 3 checkpoint events */
	assert_int_equal(store_audit_checkpoint_get(st, &cp, NULL), 0);
	assert_int_equal(cp, 602);
	l.n = 0;
	assert_int_equal(store_audit_scan(st, 0, 0, collect_lh, &l), 0);
	assert_int_equal(l.n, 603);
	merkle_frontier_init(&g);
	for (i = 0; i < l.n; i++)
		merkle_frontier_append(&g, &l.h[i], NULL, NULL);
	merkle_frontier_root(&f, &r1);
	merkle_frontier_root(&g, &r2);
	assert_memory_equal(r1.b, r2.b, MERKLE_HASH_LEN);
	assert_int_equal(audit_proof_root(st, 603, &root), 0);
	assert_memory_equal(root.b, r1.b, MERKLE_HASH_LEN);
	/* Subtrees of 256 and 512 leaves are stored, smaller ones not. */
	assert_int_equal(store_audit_node(st, 8, 0, &want), 0);
	assert_int_equal(store_audit_node(st, 8, 1, &want), 0);
	assert_int_equal(store_audit_node(st, 9, 0, &want), 0);
	assert_int_equal(store_audit_node(st, 8, 2, &want), 1);
	assert_int_equal(store_audit_node(st, 7, 0, &want), 1);
	/* Proofs from the store check against roots from the store. */
	for (n = 1; n <= 603; n += 37) {
		assert_int_equal(audit_proof_root(st, n, &r2), 0);
		for (i = 1; i <= n; i += 29) {
			assert_int_equal(audit_proof_inclusion(st, i, n, &lh,
			    proof, &len), 0);
			assert_memory_equal(lh.b, l.h[i - 1].b,
			    MERKLE_HASH_LEN);
			assert_int_equal(merkle_verify_inclusion(i - 1, n, &lh,
			    proof, len, &r2), 0);
		}
		for (m = 1; m <= n; m += 41) {
			assert_int_equal(audit_proof_root(st, m, &r1), 0);
			assert_int_equal(audit_proof_consistency(st, m, n,
			    proof, &len), 0);
			assert_int_equal(merkle_verify_consistency(m, n, &r1,
			    &r2, proof, len), 0);
		}
		assert_int_equal(audit_proof_frontier(st, n, &g), 0);
		merkle_frontier_root(&g, &r1);
		assert_memory_equal(r1.b, r2.b, MERKLE_HASH_LEN);
	}
	store_close(st);
}

/* A rolled-back savepoint takes its appends out of the tree too. */
static void
test_savepoints(void **state)
{
	struct audit_verify_result r;
	struct audit_event ev;
	struct merkle_frontier f;
	struct store *st = fresh_store();

	(void)state;
	assert_int_equal(store_begin(st), 0);
	event(&ev, 1);
	assert_int_equal(store_audit_append(st, &ev), 0);
	assert_int_equal(ev.seq, 1);
	assert_int_equal(store_savepoint(st), 0);
	assert_int_equal(store_audit_append(st, &ev), 0);
	assert_int_equal(store_savepoint(st), 0);
	assert_int_equal(store_audit_append(st, &ev), 0);
	assert_int_equal(ev.seq, 3);
	store_rollback_to(st);
	store_rollback_to(st);
	assert_int_equal(store_audit_append(st, &ev), 0);
	assert_int_equal(ev.seq, 2);
	assert_int_equal(store_savepoint(st), 0);
	assert_int_equal(store_audit_append(st, &ev), 0);
	assert_int_equal(store_release(st), 0);
	assert_int_equal(audit_checkpoint(st, 0), 1);
	assert_int_equal(store_commit(st), 0);
	audit_event_clear(&ev);
	assert_int_equal(store_audit_frontier(st, &f), 0);
	assert_int_equal(f.size, 4);
	/* A whole transaction rolled back leaves nothing either. */
	assert_int_equal(store_begin(st), 0);
	event(&ev, 2);
	assert_int_equal(store_audit_append(st, &ev), 0);
	store_rollback(st);
	audit_event_clear(&ev);
	assert_int_equal(store_audit_frontier(st, &f), 0);
	assert_int_equal(f.size, 4);
	store_close(st);
	verify_path(db_path, &r);
	assert_true(r.ok);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.checkpoints, 1);
}

/* A row written behind the store's back stops appends (fail closed). */
static void
test_append_refused_behind_back(void **state)
{
	struct audit_event ev;
	struct store *st = fresh_store();

	(void)state;
	append_events(st, 3, 3);
	raw_sql(db_path, "INSERT INTO audit (ts_us, actor_type, channel, "
	    "action, outcome) VALUES (1, 'system', 'system', 'x', 'success')");
	event(&ev, 1);
	assert_int_equal(store_audit_append(st, &ev), -1);
	audit_event_clear(&ev);
	store_close(st);
}

/* A database of schema 1 with rows gets them hashed into the tree when
 * opened, text that is not UTF-8 mended. */
static void
test_backfill_from_v1(void **state)
{
	struct audit_verify_result r;
	struct merkle_frontier f;
	struct errbuf e;
	struct store *st;
	sqlite3 *db;
	char sql[512];
	int i;

	(void)state;
	unlink_db(db_path);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1", NULL,
	    NULL, NULL), SQLITE_OK);
	for (i = 1; i <= 300; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO audit (ts_us, "
		    "actor_type, actor_id, user_agent, channel, action, "
		    "outcome, details) VALUES (%d, 'user', %d, %s, 'web', "
		    "'user.login', 'success', '{ \"b\": 1, \"a\": [true] }')",
		    i, i, i == 7 ? "x'62616480'" : "'ua'");
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
	}
	sqlite3_close(db);
	assert_non_null(st = store_open(db_path, &e));
	assert_int_equal(store_audit_frontier(st, &f), 0);
	assert_int_equal(f.size, 300);
	/* Opening again does nothing more. */
	store_close(st);
	assert_non_null(st = store_open(db_path, &e));
	append_events(st, 1, 1);	/* signs the first checkpoint */
	store_close(st);
	verify_path(db_path, &r);
	assert_true(r.ok);
	assert_int_equal(r.rows, 302);
	raw_sql(db_path, "SELECT 1");
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	{
		sqlite3_stmt *s;

		sqlite3_prepare_v2(db, "SELECT user_agent FROM audit WHERE "
		    "seq = 7", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0),
		    "bad\xef\xbf\xbd");
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
}

static void
copy_db(void)
{
	char cmd[256];

	unlink_db(copy_path);
	snprintf(cmd, sizeof(cmd), "cp %s %s", db_path, copy_path);
	assert_int_equal(system(cmd), 0);
}

/* Rewrite seq's leaf hash from its (tampered) row, as a careful attacker
 * without the signing key would. */
static void
rehash(const char *path, int64_t seq)
{
	struct audit_row r;
	struct merkle_hash lh;
	struct jcs_buf b;
	struct errbuf e;
	sqlite3_stmt *s;
	sqlite3 *db;
	char hex[AUDIT_LH_HEX], sql[256];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT seq, ts_us, "
	    "actor_type, actor_id, actor_email, ip, user_agent, channel, "
	    "action, target_type, target_id, target_name, outcome, details "
	    "FROM audit WHERE seq = ?1", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, seq);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	memset(&r, 0, sizeof(r));
#define T(i, f)	do { r.f.p = (const char *)sqlite3_column_text(s, i); \
		r.f.n = (size_t)sqlite3_column_bytes(s, i); } while (0)
	r.seq = sqlite3_column_int64(s, 0);
	r.ts_us = sqlite3_column_int64(s, 1);
	T(2, actor_type);
	r.actor_id = sqlite3_column_int64(s, 3);
	r.actor_id_null = sqlite3_column_type(s, 3) == SQLITE_NULL;
	T(4, actor_email);
	T(5, ip);
	T(6, user_agent);
	T(7, channel);
	T(8, action);
	T(9, target_type);
	r.target_id = sqlite3_column_int64(s, 10);
	r.target_id_null = sqlite3_column_type(s, 10) == SQLITE_NULL;
	T(11, target_name);
	T(12, outcome);
	T(13, details);
#undef T
	assert_int_equal(jcs_buf_init(&b, AUDIT_LEAF_MAX), 0);
	assert_int_equal(audit_leaf_hash(&r, &b, &lh, &e), 0);
	jcs_buf_free(&b);
	sqlite3_finalize(s);
	audit_hash_hex(&lh, hex);
	snprintf(sql, sizeof(sql), "UPDATE audit SET lh = x'%s' WHERE seq = "
	    "%lld", hex, (long long)seq);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* 20 events, each committed with its checkpoint: rows 1, 3, 5... are
 * events, rows 2, 4, 6... checkpoints. Each tampering is caught at its
 * seq (or, when the leaf hash was rewritten too, within the commit the
 * next checkpoint covers). */
static void
test_verify_catches_tampering(void **state)
{
	static const struct {
		const char *sql;
		int rehash_seq;
		int64_t lo, hi;	/* the bad seq must lie in lo..hi */
	} cases[] = {
		{ "UPDATE audit SET outcome = 'denied' WHERE seq = 5", 0, 5, 5 },
		{ "UPDATE audit SET outcome = 'denied' WHERE seq = 5", 5, 4, 5 },
		{ "DELETE FROM audit WHERE seq = 7", 0, 7, 7 },
		{ "UPDATE audit SET seq = -1 WHERE seq = 9;"
		  "UPDATE audit SET seq = 9 WHERE seq = 11;"
		  "UPDATE audit SET seq = 11 WHERE seq = -1", 0, 9, 9 },
		{ "INSERT INTO audit (ts_us, actor_type, channel, action, "
		  "outcome) VALUES (1, 'system', 'system', 'x', 'success')", 0,
		  41, 41 },
		{ "INSERT INTO audit (ts_us, actor_type, channel, action, "
		  "outcome) VALUES (1, 'system', 'system', 'x', 'success')", 41,
		  41, 41 },
		{ "DELETE FROM audit WHERE seq > 36", 0, 37, 39 },
		{ "UPDATE audit_tree SET frontier = zeroblob(length(frontier))",
		  0, 1, 1 },
		{ "UPDATE audit SET actor_id = 'seven' WHERE seq = 3", 0, 3, 3 },
	};
	struct audit_verify_result r;
	struct store *st = fresh_store();
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++)
		append_events(st, 1, 1);
	store_close(st);
	verify_path(db_path, &r);
	assert_true(r.ok);
	assert_int_equal(r.rows, 40);
	assert_int_equal(r.checkpoints, 20);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		copy_db();
		raw_sql(copy_path, cases[i].sql);
		if (cases[i].rehash_seq)
			rehash(copy_path, cases[i].rehash_seq);
		verify_path(copy_path, &r);
		if (r.ok || r.bad_lo < cases[i].lo || r.bad_lo > cases[i].hi)
			fail_msg("case %zu: ok=%d bad %lld..%lld: %s", i, r.ok,
			    (long long)r.bad_lo, (long long)r.bad_hi, r.msg);
	}
}

/* 50 events in one commit, then its checkpoint (seq 51): verify hashes
 * the rows in batches, and must still name the first bad seq exactly,
 * wherever it falls in a batch, whatever comes after it. */
static void
test_verify_first_bad_in_batches(void **state)
{
	static const int at[] = { 1, 2, 15, 16, 17, 18, 31, 32, 33, 49, 50 };
	static const struct {
		const char *sql;	/* %d: the seq tampered with */
		int later;		/* also break seq + later (0: no) */
	} how[] = {
		{ "UPDATE audit SET outcome = 'denied' WHERE seq = %d", 0 },
		{ "UPDATE audit SET outcome = 'denied' WHERE seq = %d", 3 },
		{ "UPDATE audit SET lh = NULL WHERE seq = %d", 1 },
		{ "DELETE FROM audit WHERE seq = %d", 2 },
		{ "UPDATE audit SET details = '{\"a\":1}' WHERE seq = %d", 0 },
		{ "UPDATE audit SET details = 'nope' WHERE seq = %d", 0 },
	};
	struct audit_verify_result r;
	struct store *st = fresh_store();
	char sql[256];
	size_t i, k;

	(void)state;
	append_events(st, 50, 50);
	store_close(st);
	verify_path(db_path, &r);
	assert_true(r.ok);
	assert_int_equal(r.rows, 51);
	for (i = 0; i < ARRAY_LEN(at); i++)
		for (k = 0; k < ARRAY_LEN(how); k++) {
			copy_db();
			snprintf(sql, sizeof(sql), how[k].sql, at[i]);
			raw_sql(copy_path, sql);
			if (how[k].later) {
				/* A later row whose actor_id has the wrong
				 * type: checked alone, after the batch. */
				snprintf(sql, sizeof(sql), "UPDATE audit SET "
				    "actor_id = 'x' WHERE seq = %d",
				    at[i] + how[k].later);
				raw_sql(copy_path, sql);
			}
			verify_path(copy_path, &r);
			if (r.ok || r.bad_lo != at[i])
				fail_msg("seq %d, case %zu: ok=%d bad %lld: %s",
				    at[i], k, r.ok, (long long)r.bad_lo, r.msg);
		}
}

struct waiter {
	pthread_mutex_t mtx;
	pthread_cond_t cond;
	int left;
};

static void
job_done(void *arg, int rc)
{
	struct waiter *w = arg;

	assert_int_equal(rc, 0);
	pthread_mutex_lock(&w->mtx);
	if (--w->left == 0)
		pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mtx);
}

static int
count_checkpoints(void)
{
	struct audit_filter f = { .action = "audit.checkpoint", .limit = 1000 };
	struct errbuf e;
	struct store *st;
	json_t *rows;
	int n;

	assert_non_null(st = store_open(db_path, &e));
	assert_int_equal(store_audit_list(st, &f, &rows), 0);
	n = (int)json_array_size(rows);
	json_decref(rows);
	store_close(st);
	return n;
}

/* The writer signs at the end of its group commits, and when idle. */
static void
test_writer_checkpoints_and_heartbeat(void **state)
{
	struct writer_job jobs[100];
	struct waiter w = { PTHREAD_MUTEX_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, 100 };
	struct audit_verify_result r;
	struct errbuf e;
	int i, n;

	(void)state;
	unlink_db(db_path);
	setenv("KAITO_AUDIT_CHECKPOINT_SECONDS", "1", 1);
	if (writer_start(db_path, &e) == -1)
		fail_msg("%s", e.msg);
	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 100; i++) {
		event(&jobs[i].ev, i);
		jobs[i].done = job_done;
		jobs[i].done_arg = &w;
		assert_int_equal(writer_submit(&jobs[i]), 0);
	}
	pthread_mutex_lock(&w.mtx);
	while (w.left > 0)
		pthread_cond_wait(&w.cond, &w.mtx);
	pthread_mutex_unlock(&w.mtx);
	n = count_checkpoints();
	assert_true(n >= 1 && n <= 100);
	usleep(2600 * 1000);
	assert_true(count_checkpoints() >= n + 2);
	writer_stop();
	unsetenv("KAITO_AUDIT_CHECKPOINT_SECONDS");
	for (i = 0; i < 100; i++)
		audit_event_clear(&jobs[i].ev);
	verify_path(db_path, &r);
	if (!r.ok)
		fail_msg("%s", r.msg);
	assert_int_equal(r.rows, 100 + (uint64_t)count_checkpoints());
}

/* HMAC-SHA256 under the subkey the KDF gives purpose 4, in hex. */
static void
test_fingerprint(void **state)
{
	unsigned char root[32], key[32], mac[32];
	char fpr[AUDIT_FPR_LEN], want[AUDIT_FPR_LEN], other[AUDIT_FPR_LEN];
	size_t n;

	(void)state;
	sodium_hex2bin(root, sizeof(root), ROOT_HEX, 64, NULL, &n, NULL);
	crypto_kdf_derive_from_key(key, sizeof(key), KEY_AUDIT_FPR, "kaito-v1",
	    root);
	crypto_auth_hmacsha256(mac, (const unsigned char *)"Hello!\xde\xad\xbe"
	    "\xef", 10, key);
	memcpy(want, "hmac-sha256:", 12);
	sodium_bin2hex(want + 12, sizeof(want) - 12, mac, sizeof(mac));
	assert_int_equal(audit_fingerprint((const unsigned char *)"Hello!"
	    "\xde\xad\xbe\xef", 10, fpr), 0);
	assert_string_equal(fpr, want);
	assert_int_equal(audit_fingerprint((const unsigned char *)"Hello!",
	    6, other), 0);
	assert_string_not_equal(fpr, other);
}

static int
setup(void **state)
{
	struct errbuf e;

	(void)state;
	if (sodium_init() < 0)
		return -1;
	snprintf(db_path, sizeof(db_path), "/tmp/kaito-auditlog-%d.db",
	    (int)getpid());
	snprintf(copy_path, sizeof(copy_path), "/tmp/kaito-auditlog-%d-b.db",
	    (int)getpid());
	setenv("KAITO_ROOT_KEY", ROOT_HEX, 1);
	if (keys_load("/nonexistent", &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink_db(db_path);
	unlink_db(copy_path);
	audit_signer_forget();
	keys_unload();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf_kat),
		cmocka_unit_test(test_tree_nodes_and_proofs),
		cmocka_unit_test(test_savepoints),
		cmocka_unit_test(test_append_refused_behind_back),
		cmocka_unit_test(test_backfill_from_v1),
		cmocka_unit_test(test_verify_catches_tampering),
		cmocka_unit_test(test_verify_first_bad_in_batches),
		cmocka_unit_test(test_writer_checkpoints_and_heartbeat),
		cmocka_unit_test(test_fingerprint),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
