/*
 * test_directory_store.c -- imports into a real database: replace versus
 * merge, change dates (from last-modified.json, kept when unchanged, the
 * import day when changed), annotations surviving every import, and the
 * catalog loaded back with them.
 */
#include "unit.h"

#include <unistd.h>

#include "directory/catalog.h"
#include "directory/import.h"

static char dbpath[64];

static int
setup(void **state)
{
	struct errbuf e;
	int fd;

	snprintf(dbpath, sizeof(dbpath), "/tmp/kaito-dirtest-XXXXXX");
	if ((fd = mkstemp(dbpath)) == -1)
		return -1;
	close(fd);
	*state = store_open(dbpath, &e);
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char p[80];

	store_close(*state);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return 0;
}

/* Import text (and dates) as one transaction; returns the import's
 * counts in *imp (cleared by the caller). */
static void
import(struct store *st, struct dir_import *imp, const char *text,
    const char *dates, int merge)
{
	struct audit_event ev;
	struct errbuf e;
	json_t *doc = json_loads(text, 0, NULL);

	dir_import_init(imp, "test", "directory.import");
	imp->merge = merge;
	assert_non_null(doc);
	assert_int_equal(dir_import_add(imp, doc, &e), 0);
	json_decref(doc);
	if (dates != NULL)
		assert_int_equal(dir_import_dates(imp, dates, strlen(dates),
		    &e), 0);
	audit_event_init(&ev, NULL, "directory.import");
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(dir_import_run(st, imp, &ev), 0);
	assert_int_equal(store_commit(st), 0);
	audit_event_clear(&ev);
}

static const char v1[] =
	"{\"a.com\":{\"name\":\"A\",\"domain\":\"a.com\",\"tfa\":[\"totp\"],"
	"\"categories\":[\"other\"]},"
	"\"b.com\":{\"name\":\"B\",\"domain\":\"b.com\",\"tfa\":[\"sms\"],"
	"\"categories\":[\"other\"]}}";
static const char v2[] =	/* a.com changed, b.com gone, c.com new */
	"{\"a.com\":{\"name\":\"A\",\"domain\":\"a.com\",\"tfa\":[\"totp\","
	"\"u2f\"],\"categories\":[\"other\"]},"
	"\"c.com\":{\"name\":\"C\",\"domain\":\"c.com\",\"tfa\":[\"email\"],"
	"\"categories\":[\"other\"]}}";
static const char dates[] =
	"{\"a.com\":{\"last_commit\":\"2023-01-12\",\"last_targeted_commit\":"
	"\"2022-05-01\"},\"b.com\":{\"last_commit\":\"2021-06-01\","
	"\"last_targeted_commit\":null}}";

static const struct dir_entry *
get(struct dir_catalog *c, const char *domain)
{
	return dir_index_domain(&c->idx, domain);
}

static void
test_replace_dates_and_annotations(void **state)
{
	struct store *st = *state;
	struct dir_import imp;
	struct dir_catalog *c;
	struct errbuf e;

	import(st, &imp, v1, dates, 0);
	assert_int_equal(imp.changed, 2);
	dir_import_clear(&imp);
	assert_int_equal(store_dir_annotate(st, "b.com", "call the vendor",
	    NULL, 0, NULL, NULL, 1), 0);
	assert_int_equal(store_dir_annotate(st, "a.com", NULL, "ops group",
	    1, "2026-01-02", "ann", 1), 0);
	assert_non_null(c = dir_catalog_load(st, &e));
	assert_int_equal(c->set->n, 2);
	assert_string_equal(get(c, "a.com")->changed_on, "2022-05-01");
	assert_string_equal(get(c, "b.com")->changed_on, "2021-06-01");
	assert_string_equal(get(c, "a.com")->verified_on, "2026-01-02");
	assert_string_equal(get(c, "a.com")->sharing_notes, "ops group");
	assert_string_equal(get(c, "b.com")->admin_notes, "call the vendor");
	dir_catalog_release(&c);

	/* The same data again: nothing changed, dates kept. */
	import(st, &imp, v1, NULL, 0);
	assert_int_equal(imp.unchanged, 2);
	dir_import_clear(&imp);
	assert_non_null(c = dir_catalog_load(st, &e));
	assert_string_equal(get(c, "a.com")->changed_on, "2022-05-01");
	dir_catalog_release(&c);

	/* A new version replaces: a changed today, b removed, c new. */
	import(st, &imp, v2, NULL, 0);
	assert_int_equal(imp.changed, 2);
	assert_int_equal(imp.removed, 1);
	assert_int_equal(imp.entries, 2);
	assert_non_null(c = dir_catalog_load(st, &e));
	assert_string_equal(get(c, "a.com")->changed_on, imp.today);
	assert_null(get(c, "b.com"));
	assert_int_equal(get(c, "a.com")->score, 4);	/* no docs */
	assert_string_equal(get(c, "a.com")->verified_on, "2026-01-02");
	dir_import_clear(&imp);
	dir_catalog_release(&c);

	/* b comes back, and its annotation with it. */
	import(st, &imp, v1, NULL, 1);
	assert_int_equal(imp.removed, 0);
	assert_int_equal(imp.entries, 3);
	dir_import_clear(&imp);
	assert_non_null(c = dir_catalog_load(st, &e));
	assert_string_equal(get(c, "b.com")->admin_notes, "call the vendor");
	assert_true(c->generation == 4);
	dir_catalog_release(&c);
}

static void
test_single_entry_file_merges(void **state)
{
	struct store *st = *state;
	struct dir_import imp;
	int64_t n;

	import(st, &imp, v1, NULL, 0);
	dir_import_clear(&imp);
	import(st, &imp, "{\"Z\":{\"domain\":\"z.com\",\"tfa\":[\"totp\"],"
	    "\"categories\":[\"other\"]}}", NULL, 0);
	assert_true(imp.single);
	dir_import_clear(&imp);
	assert_int_equal(store_dir_count(st, &n), 0);
	assert_int_equal(n, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_replace_dates_and_annotations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_entry_file_merges,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
