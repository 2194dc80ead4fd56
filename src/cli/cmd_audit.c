/*
 * cmd_audit.c -- `kaito audit pubkey`, `kaito audit export` and `kaito
 * audit verify`: the audit log's public key, its events as JSON lines,
 * and checking it offline.
 *
 * Why: the log is only tamper-evident if someone checks it with a key the
 * server cannot change. `pubkey` prints that key once, for the auditor to
 * keep; `export` hands the events (with their leaf hashes) and the latest
 * checkpoint to anyone; `verify` recomputes every leaf and root, checks
 * every checkpoint signature, and checks the log against checkpoints held
 * elsewhere (a SIEM, a saved GET /api/v1/audit/checkpoint) so that a
 * history rewritten and re-signed, or a truncated tail, is caught too.
 *
 * EXIT (DESIGN.md's contract): verify exits 0 when everything holds, 1
 * naming the first bad seq otherwise (or when its input cannot be read),
 * 2 on wrong usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/checkpoint.h"
#include "audit/leaf.h"
#include "audit/note.h"
#include "audit/proofs.h"
#include "audit/verify.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "store/audit_log.h"
#include "util/log.h"

#define HELD_MAX	64		/* --checkpoint options */
#define LINE_MAX_BYTES	(AUDIT_LEAF_MAX * 2)	/* an export line */

/* --- audit pubkey ----------------------------------------------------- */

static int
cmd_audit_pubkey(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct note_verifier v;
	struct datadir d;
	char vkey[NOTE_VKEY_MAX];
	int c, rc = EXIT_BADINPUT;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(cmd);
		return cli_usage(cmd, "unknown option");
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	if (audit_verifier(d.st, &v) == -1)
		cli_fail("cannot derive the audit key");
	else {
		note_verifier_format(&v, vkey);
		printf("%s\n", vkey);
		rc = EXIT_OK;
	}
	datadir_close(&d);
	return rc;
}

const struct cli_cmd cli_cmd_audit_pubkey = {
	.name = "audit pubkey",
	.synopsis = "[--data DIR]",
	.summary = "Print the audit log's verifier key (C2SP note format).",
	.help =
	    "  --data DIR   the data directory (default ./kaito-data)\n"
	    "  --help       show this help\n"
	    "\nPrints NAME+KEYID+KEY: the key name (kaito.local/INSTALL-ID,\n"
	    "also the checkpoints' origin), the key id in hex and base64 of\n"
	    "0x01 and the Ed25519 public key. Keep it away from the server:\n"
	    "`kaito audit verify --pubkey FILE` and Go's\n"
	    "golang.org/x/mod/sumdb/note (note.NewVerifier) check checkpoints\n"
	    "with it.\n",
	.run = cmd_audit_pubkey,
	.uses_data = 1,
};

/* --- opening the database without the root key ------------------------ */

static int
open_db_only(struct datadir *d)
{
	struct errbuf e;

	if (datadir_paths(d) == -1)
		return -1;
	if (access(d->db_path, R_OK) == -1)
		return cli_fail("%s: no database", d->db_path), -1;
	if ((d->st = store_open(d->db_path, &e)) == NULL)
		return cli_fail("%s", e.msg), -1;
	return 0;
}

/* --- audit export ------------------------------------------------------ */

struct export {
	FILE *out;
	struct jcs_buf line;
	struct audit_leaf_cache *cache;
	int failed;
};

static int
export_json(FILE *out, json_t *j)
{
	int rc = j != NULL && json_dumpf(j, out, JSON_COMPACT) == 0 &&
	    fputc('\n', out) != EOF ? 0 : -1;

	json_decref(j);
	return rc;
}

/* One event per line: the leaf with the stored leaf hash (so that a row
 * changed in the database still shows against its hash in the export). */
static int
export_row(void *arg, const struct audit_row *row, const char *invalid)
{
	struct export *x = arg;
	struct merkle_hash lh;
	struct errbuf e;

	if (invalid != NULL || row->lh == NULL) {
		cli_fail("seq %lld: %s; run `kaito audit verify`",
		    (long long)row->seq, invalid != NULL ? "a value of the "
		    "wrong type" : "no leaf hash");
		return x->failed = 1;
	}
	memcpy(lh.b, row->lh, MERKLE_HASH_LEN);
	if (audit_leaf_event_text(row, &lh, &x->line, x->cache, &e) == -1) {
		cli_fail("seq %lld: %s", (long long)row->seq, e.msg);
		return x->failed = 1;
	}
	if (fwrite(x->line.p, 1, x->line.len, x->out) != x->line.len ||
	    fputc('\n', x->out) == EOF) {
		cli_fail("cannot write the export");
		return x->failed = 1;
	}
	return 0;
}

static json_t *
frontier_json(const struct merkle_frontier *f)
{
	char hex[AUDIT_LH_HEX];
	json_t *a = json_array();
	int i;

	for (i = 0; a != NULL && i < f->n; i++) {
		audit_hash_hex(&f->h[i], hex);
		json_array_append_new(a, json_string(hex));
	}
	return json_pack("{s:{s:I, s:o}}", "tree", "size", (json_int_t)f->size,
	    "frontier", a);
}

static int
export(int64_t since)
{
	struct merkle_frontier f;
	struct export x = { .out = stdout };
	struct datadir d;
	uint64_t cp_size;
	char *note = NULL;
	int rc = EXIT_BADINPUT;

	if (open_db_only(&d) == -1)
		return EXIT_BADINPUT;
	if (jcs_buf_init(&x.line, 2 * AUDIT_LEAF_MAX) == -1 ||
	    (x.cache = audit_leaf_cache_new()) == NULL ||
	    store_begin_read(d.st) == -1) {
		cli_fail("cannot read the database");
		goto out;
	}
	if (since > 0 && (audit_proof_frontier(d.st, (uint64_t)since, &f) ==
	    -1 || export_json(x.out, frontier_json(&f)) == -1)) {
		cli_fail("cannot read the audit tree up to seq %lld",
		    (long long)since);
		goto tx;
	}
	if (store_audit_checkpoint_get(d.st, &cp_size, &note) == -1) {
		cli_fail("cannot read the latest checkpoint");
		goto tx;
	}
	if (note != NULL && export_json(x.out, json_pack("{s:s}",
	    "checkpoint", note)) == -1)
		goto tx;
	if (store_audit_scan(d.st, since, 0, export_row, &x) != 0) {
		if (!x.failed)
			cli_fail("cannot read the audit log");
		goto tx;
	}
	if (fflush(x.out) != 0) {
		cli_fail("cannot write the export");
		goto tx;
	}
	rc = EXIT_OK;
tx:
	store_commit(d.st);
out:
	free(note);
	jcs_buf_free(&x.line);
	audit_leaf_cache_free(x.cache);
	datadir_close(&d);
	return rc;
}

static int
cmd_audit_export(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long long since = 0;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cli_parse_i64(optarg, &since) == -1 || since < 0)
				return cli_usage(cmd, "--since wants a seq "
				    "(0 or more)");
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return export(since);
}

const struct cli_cmd cli_cmd_audit_export = {
	.name = "audit export",
	.synopsis = "[--since SEQ] [--data DIR]",
	.summary = "Write the audit log as JSON lines (events, checkpoints).",
	.help =
	    "  --since SEQ  only the events after seq SEQ; the export then\n"
	    "               starts with the tree state at SEQ, so that it can\n"
	    "               still be verified\n"
	    "  --data DIR   the data directory (default ./kaito-data)\n"
	    "  --help       show this help\n"
	    "\nLines: {\"tree\":{\"size\",\"frontier\"}} (with --since), then\n"
	    "{\"checkpoint\":NOTE} (the latest signed checkpoint), then one\n"
	    "event per line with its leaf hash \"lh\", in seq order. Needs no\n"
	    "key.\n",
	.run = cmd_audit_export,
	.uses_data = 1,
};

/* --- audit verify ------------------------------------------------------ */

static int
read_pubkey(const char *path, struct note_verifier *v)
{
	struct errbuf e;
	size_t n;
	char *buf;
	int rc;

	if (cli_read_input(path, NOTE_VKEY_MAX + 16, &buf, &n) == -1)
		return -1;
	if ((rc = note_verifier_parse(v, buf, n, &e)) == -1)
		cli_fail("%s: %s", path, e.msg);
	cli_input_free(buf, n);
	return rc;
}

/* Hold one JSON line's checkpoint, if it has one: {"checkpoint":NOTE}
 * (an export's header, GET /audit/checkpoint as JSON) or an
 * audit.checkpoint event (a SIEM's copy). */
static int
hold_json(struct audit_verify *v, json_t *j, const char *source)
{
	json_t *note = json_object_get(j, "checkpoint");
	const char *action = json_string_value(json_object_get(j, "action"));

	if (note == NULL && action != NULL &&
	    strcmp(action, "audit.checkpoint") == 0)
		note = json_object_get(json_object_get(j, "details"), "note");
	if (!json_is_string(note))
		return 0;
	return audit_verify_hold(v, json_string_value(note),
	    json_string_length(note), source);
}

/* --checkpoint FILE: a signed note, or JSON lines holding some (read a
 * line at a time: a SIEM's copy of the stream may be large). */
static int
hold_file(struct audit_verify *v, const char *path)
{
	char *buf, *line = NULL;
	size_t n, cap = 0;
	ssize_t len;
	FILE *f;
	json_t *j;
	int c, rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return cli_fail("%s: cannot open", path), -1;
	while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		;
	if (c != '{') {
		fclose(f);
		if (cli_read_input(path, NOTE_MAX, &buf, &n) == -1)
			return -1;
		rc = audit_verify_hold(v, buf, n, path);
		cli_input_free(buf, n);
		return rc;
	}
	ungetc(c, f);
	while (rc == 0 && (len = getline(&line, &cap, f)) != -1) {
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if ((j = json_loadb(line, (size_t)len, 0, NULL)) == NULL) {
			cli_fail("%s: a line is not JSON", path);
			rc = -1;
			break;
		}
		rc = hold_json(v, j, path);
		json_decref(j);
	}
	free(line);
	fclose(f);
	return rc;
}

/* {"tree":{"size":S,"frontier":[hex...]}}: where a partial export
 * starts. Returns 0 or -1. */
static int
tree_line(const json_t *t, struct merkle_frontier *f)
{
	const json_t *fr = json_object_get(t, "frontier"), *h;
	const json_t *size = json_object_get(t, "size");
	size_t i;

	merkle_frontier_init(f);
	if (!json_is_integer(size) || json_integer_value(size) < 0 ||
	    !json_is_array(fr))
		return -1;
	f->size = (uint64_t)json_integer_value(size);
	f->n = __builtin_popcountll(f->size);
	if (json_array_size(fr) != (size_t)f->n)
		return -1;
	for (i = 0; i < (size_t)f->n; i++) {
		h = json_array_get(fr, i);
		if (!json_is_string(h) || audit_hash_from_hex(
		    json_string_value(h), json_string_length(h), &f->h[i]) ==
		    -1)
			return -1;
	}
	return 0;
}

/* One line of an export. */
static void
verify_line(struct audit_verify *v, json_t *j, int *events,
    const char *path, uint64_t lineno)
{
	struct merkle_frontier f;
	struct audit_row row;
	struct merkle_hash lh;
	struct errbuf e;
	const json_t *t = json_object_get(j, "tree");

	if (t == NULL && json_object_get(j, "checkpoint") == NULL) {
		*events = 1;
		if (audit_leaf_from_event(j, &row, &lh, &e) == -1)
			audit_verify_fail(v, 0, 0, "%s:%llu: %s", path,
			    (unsigned long long)lineno, e.msg);
		else
			audit_verify_row(v, &row, NULL);
		return;
	}
	if (*events)
		audit_verify_fail(v, 0, 0, "%s:%llu: tree and checkpoint lines "
		    "must come before the events", path,
		    (unsigned long long)lineno);
	else if (t == NULL)
		hold_json(v, j, "(the export's checkpoint)");
	else if (tree_line(t, &f) == -1)
		audit_verify_fail(v, 0, 0, "%s:%llu: a malformed tree line",
		    path, (unsigned long long)lineno);
	else
		audit_verify_start(v, &f);
}

/* An export file, line by line. Returns 0, or -1 when it cannot be read
 * (a bad log is reported through v). */
static int
verify_file(const char *path, struct audit_verify *v)
{
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	json_t *j;
	int events = 0, rc = 0;

	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (in == NULL)
		return cli_fail("%s: cannot open", path), -1;
	while (!audit_verify_bad(v) && (len = getline(&line, &cap, in)) !=
	    -1) {
		lineno++;
		if (len > LINE_MAX_BYTES) {
			cli_fail("%s:%llu: line too long", path,
			    (unsigned long long)lineno);
			rc = -1;
			break;
		}
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		j = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(j))
			audit_verify_fail(v, 0, 0, "%s:%llu: not a JSON object",
			    path, (unsigned long long)lineno);
		else
			verify_line(v, j, &events, path, lineno);
		json_decref(j);
	}
	if (ferror(in)) {
		cli_fail("%s: read error", path);
		rc = -1;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	if (rc == 0)
		audit_verify_finish(v);
	return rc;
}

static void
report(const struct audit_verify *v)
{
	struct audit_verify_result r;
	struct merkle_hash root;
	char b64[64];

	audit_verify_get(v, &r);
	if (!r.ok) {
		fprintf(stderr, "kaito: audit log verification FAILED: %s\n",
		    r.msg);
		if (r.bad_lo > 0 && r.bad_hi > r.bad_lo)
			fprintf(stderr, "kaito: first bad seq: one of "
			    "%lld..%lld (the signatures cannot tell which)\n",
			    (long long)r.bad_lo, (long long)r.bad_hi);
		else if (r.bad_lo > 0)
			fprintf(stderr, "kaito: first bad seq: %lld\n",
			    (long long)r.bad_lo);
		return;
	}
	merkle_frontier_root(&r.tree, &root);
	sodium_bin2base64(b64, sizeof(b64), root.b, MERKLE_HASH_LEN,
	    sodium_base64_VARIANT_ORIGINAL);
	printf("ok: %llu events, %llu checkpoint events and %llu held "
	    "checkpoints verified; tree size %llu, root %s\n",
	    (unsigned long long)r.rows, (unsigned long long)r.checkpoints,
	    (unsigned long long)r.held, (unsigned long long)r.tree.size, b64);
}

struct verify_opts {
	const char *file;
	const char *pubkey;
	const char *held[HELD_MAX];
	int nheld;
};

static int
verify(const struct verify_opts *o)
{
	struct audit_verify_result r;
	struct audit_verify *v = NULL;
	struct note_verifier key;
	struct datadir d;
	int i, rc = EXIT_BADINPUT, opened = 0;

	memset(&d, 0, sizeof(d));
	if (o->pubkey != NULL) {
		if (read_pubkey(o->pubkey, &key) == -1)
			return EXIT_BADINPUT;
		if (o->file == NULL) {
			if (open_db_only(&d) == -1)
				return EXIT_BADINPUT;
			opened = 1;
		}
	} else {
		/* The install's own key, from the root key. */
		if (datadir_open(&d) == -1)
			return EXIT_BADINPUT;
		opened = 1;
		if (audit_verifier(d.st, &key) == -1) {
			cli_fail("cannot derive the audit key");
			goto out;
		}
	}
	if ((v = audit_verify_new(&key, o->file == NULL)) == NULL) {
		cli_fail("out of memory");
		goto out;
	}
	for (i = 0; i < o->nheld; i++)
		if (hold_file(v, o->held[i]) == -1)
			break;
	audit_verify_get(v, &r);
	if (r.ok && i == o->nheld) {
		if (o->file != NULL && verify_file(o->file, v) == -1)
			goto out;
		if (o->file == NULL && audit_verify_db(d.st, v) == -1) {
			cli_fail("cannot read the audit log from %s",
			    d.db_path);
			goto out;
		}
	} else if (i < o->nheld && r.ok)
		goto out;		/* the file could not be read */
	report(v);
	audit_verify_get(v, &r);
	rc = r.ok ? EXIT_OK : EXIT_BADINPUT;
out:
	audit_verify_free(v);
	if (opened)
		datadir_close(&d);
	return rc;
}

static int
cmd_audit_verify(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "pubkey", required_argument, NULL, 'p' },
		{ "checkpoint", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct verify_opts o = { .file = NULL };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.file = optarg;
			break;
		case 'p':
			o.pubkey = optarg;
			break;
		case 'c':
			if (o.nheld == HELD_MAX)
				return cli_usage(cmd, "at most %d --checkpoint",
				    HELD_MAX);
			o.held[o.nheld++] = optarg;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (o.file != NULL && o.pubkey == NULL)
		return cli_usage(cmd, "--file needs --pubkey");
	log_set_quiet(1);
	return verify(&o);
}

const struct cli_cmd cli_cmd_audit_verify = {
	.name = "audit verify",
	.synopsis = "[--data DIR | --file EXPORT] [--pubkey FILE] "
	    "[--checkpoint FILE]...",
	.summary = "Check the audit log offline; exit 1 naming the first bad "
	    "seq.",
	.help =
	    "  --data DIR         verify the database in DIR (default\n"
	    "                     ./kaito-data)\n"
	    "  --file EXPORT      verify an export (`kaito audit export`; -\n"
	    "                     for standard input) instead; needs --pubkey\n"
	    "  --pubkey FILE      the verifier key (`kaito audit pubkey`);\n"
	    "                     without it the key is derived from DIR's\n"
	    "                     root key\n"
	    "  --checkpoint FILE  a checkpoint held outside the log (a saved\n"
	    "                     GET /api/v1/audit/checkpoint, or JSON lines\n"
	    "                     with checkpoints or audit.checkpoint\n"
	    "                     events, such as a SIEM's copy); the log\n"
	    "                     must be consistent with it. May be\n"
	    "                     repeated.\n"
	    "  --help             show this help\n"
	    "\nRecomputes every leaf hash and tree root, checks every\n"
	    "checkpoint's signature and that each one matches the log. Exit 0\n"
	    "when everything holds; else 1, naming the first bad seq.\n",
	.run = cmd_audit_verify,
	.uses_data = 1,
};
