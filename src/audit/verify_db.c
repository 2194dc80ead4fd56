/*
 * verify_db.c -- verifying the database's audit log: its rows, its latest
 * checkpoint, its stored frontier and subtree roots (verify.h's rules 1
 * to 6), in one read transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/verify.h"
#include "store/audit_log.h"

struct db_verify {
	struct audit_verify *v;
	uint64_t nodes;
};

static int
verify_row_cb(void *arg, const struct audit_row *row, const char *invalid)
{
	struct db_verify *dv = arg;

	return audit_verify_row(dv->v, row, invalid);
}

static int
verify_node_cb(void *arg, unsigned level, uint64_t index,
    const struct merkle_hash *h)
{
	struct db_verify *dv = arg;

	dv->nodes++;
	return audit_verify_node(dv->v, level, index, h);
}

int
audit_verify_db(struct store *st, struct audit_verify *v)
{
	struct db_verify dv = { .v = v };
	struct merkle_frontier f;
	uint64_t cp_size;
	char *note = NULL;
	int rc = -1;

	if (store_begin_read(st) == -1)
		return -1;
	if (store_audit_checkpoint_get(st, &cp_size, &note) == -1)
		goto out;
	if (note != NULL)
		audit_verify_hold(v, note, strlen(note),
		    "(the database's latest)");
	if (store_audit_scan(st, 0, 0, verify_row_cb, &dv) == -1)
		goto out;
	rc = 0;
	if (audit_verify_finish(v) != 0)
		goto out;
	if (store_audit_frontier(st, &f) == -1) {
		audit_verify_fail(v, 0, 0, "the stored audit tree is "
		    "unreadable");
		goto out;
	}
	if (audit_verify_frontier(v, &f) != 0)
		goto out;
	if (store_audit_nodes(st, verify_node_cb, &dv) == -1) {
		rc = -1;
		goto out;
	}
	audit_verify_nodes_end(v, dv.nodes);
out:
	store_commit(st);
	free(note);
	return rc;
}

