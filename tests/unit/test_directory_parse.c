/*
 * test_directory_parse.c -- the dataset's four JSON shapes, and a table of
 * broken entries, each of which must be reported with its reason and
 * skipped while the good entries around it import.
 */
#include "unit.h"

#include "directory/parse.h"
#include "directory/validate.h"

struct seen {
	struct dir_set *set;
	char skipped[16][300];		/* "name: reason" */
	size_t nskipped;
};

static int
visit(void *arg, const char *name, const char *domain, json_t *obj,
    enum dir_shape shape)
{
	struct seen *s = arg;
	struct errbuf e;

	if (dir_set_add_json(s->set, name, domain, obj, shape, &e) == -1)
		fail_msg("visitor got an entry that does not convert: %s",
		    e.msg);
	return 0;
}

static void
on_skip(void *arg, const char *name, const char *reason)
{
	struct seen *s = arg;

	if (s->nskipped < 16)
		snprintf(s->skipped[s->nskipped++], 300, "%s: %s", name,
		    reason);
}

/* Parse text; returns the kind, fills s. */
static enum dir_doc
parse(const char *text, struct seen *s, struct dir_report *rep)
{
	struct errbuf e;
	enum dir_doc kind = DIR_DOC_V4;
	json_t *doc;

	memset(s, 0, sizeof(*s));
	memset(rep, 0, sizeof(*rep));
	rep->skip = on_skip;
	rep->arg = s;
	assert_non_null(s->set = dir_set_new());
	doc = dir_doc_load(text, strlen(text), &e);
	assert_non_null(doc);
	assert_int_equal(dir_doc_walk(doc, &kind, visit, s, rep, &e), 0);
	json_decref(doc);
	dir_set_finish(s->set);
	return kind;
}

static void
test_snapshot_shape(void **state)
{
	struct dir_report rep;
	struct seen s;
	const struct dir_entry *e;

	(void)state;
	assert_int_equal(parse("{\"ns1.com\": {\"name\": \"NS1\", \"domain\": "
	    "\"ns1.com\", \"tfa\": [\"totp\"], \"documentation\": "
	    "\"https://ns1.com/a\", \"categories\": [\"domains\"]},"
	    "\"x.org\": {\"name\": \"X Org\", \"domain\": \"x.org\", "
	    "\"contact\": {\"twitter\": \"x_org\", \"language\": \"en\"}, "
	    "\"categories\": [\"other\"], \"regions\": [\"-cn\"]}}", &s, &rep),
	    DIR_DOC_SNAPSHOT);
	assert_int_equal(rep.accepted, 2);
	assert_int_equal(s.set->n, 2);
	e = &s.set->entries[0];		/* sorted by name */
	assert_string_equal(e->name, "NS1");
	assert_int_equal(e->methods, DIR_M(DIR_TOTP));
	assert_string_equal(e->documentation, "https://ns1.com/a");
	assert_int_equal(e->score, 4);
	e = &s.set->entries[1];
	assert_int_equal(e->methods, 0);
	assert_true(e->contact.present);
	assert_string_equal(e->contact.twitter, "x_org");
	assert_string_equal(e->regions.v[0], "-cn");
	assert_int_equal(e->score, 1);
	dir_set_free(&s.set);
}

static void
test_entry_file_and_v3(void **state)
{
	struct dir_report rep;
	struct seen s;

	(void)state;
	assert_int_equal(parse("{\"GitHub\": {\"domain\": \"GitHub.com\", "
	    "\"tfa\": [\"sms\", \"u2f\", \"totp\", \"custom-software\"], "
	    "\"custom-software\": [\"GitHub Mobile\"], \"categories\": "
	    "[\"developer\"]}}", &s, &rep), DIR_DOC_ENTRY);
	assert_int_equal(s.set->n, 1);
	assert_string_equal(s.set->entries[0].name, "GitHub");
	assert_string_equal(s.set->entries[0].domain, "github.com");
	assert_string_equal(s.set->entries[0].custom_software.v[0],
	    "GitHub Mobile");
	dir_set_free(&s.set);

	/* v3: [name, entry] pairs with keywords for categories. */
	assert_int_equal(parse("[[\"NS1\", {\"domain\": \"ns1.com\", \"tfa\": "
	    "[\"totp\"], \"keywords\": [\"domains\"]}], [\"Bad\", 7], "
	    "[\"Also NS1\", {\"domain\": \"ns1.com\", \"tfa\": [\"sms\"], "
	    "\"keywords\": [\"domains\"]}]]", &s, &rep), DIR_DOC_V3);
	assert_int_equal(s.set->n, 1);
	assert_string_equal(s.set->entries[0].categories.v[0], "domains");
	assert_int_equal(rep.skipped, 2);
	assert_string_equal(s.skipped[0], "Bad: not a JSON object");
	assert_string_equal(s.skipped[1], "Also NS1: a second entry for a "
	    "domain already seen");
	dir_set_free(&s.set);
}

static void
test_v4_shape(void **state)
{
	struct dir_report rep;
	struct seen s;

	(void)state;
	assert_int_equal(parse("{\"ns1.com\": {\"methods\": [\"totp\"], "
	    "\"documentation\": \"https://ns1.com/a\"}, \"nofa.com\": {}, "
	    "\"bad.com\": {\"methods\": [\"carrier-pigeon\"]}}", &s, &rep),
	    DIR_DOC_V4);
	assert_int_equal(s.set->n, 2);
	assert_string_equal(s.set->entries[0].name, "nofa.com");
	assert_int_equal(s.set->entries[0].methods, 0);
	assert_string_equal(s.set->entries[1].name, "ns1.com");
	assert_int_equal(s.set->entries[1].shape, DIR_SHAPE_V4);
	assert_int_equal(rep.skipped, 1);
	assert_string_equal(s.skipped[0], "bad.com: methods[0]: unknown "
	    "method 'carrier-pigeon'");
	dir_set_free(&s.set);
}

/* Broken entries: each is skipped with this reason. */
static const struct {
	const char *entry;	/* the value of {"Name": ...} in a snapshot */
	const char *reason;
} broken[] = {
	{ "7", "not a JSON object" },
	{ "{\"tfa\":[\"totp\"],\"categories\":[\"a\"]}", "domain: missing" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"]}", "categories: missing" },
	{ "{\"domain\":\"x.com\",\"categories\":[\"a\"]}",
	  "needs tfa (2FA methods) or contact" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"contact\":{\"email\":"
	  "\"a@x.com\"},\"categories\":[\"a\"]}", "has both tfa and contact" },
	{ "{\"domain\":\"x.com\",\"tfa\":[],\"categories\":[\"a\"]}",
	  "tfa: empty" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\",\"totp\"],"
	  "\"categories\":[\"a\"]}", "tfa[1]: duplicate" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"biometric\"],\"categories\":"
	  "[\"a\"]}", "tfa[0]: unknown method 'biometric'" },
	{ "{\"domain\":\"not a host\",\"tfa\":[\"totp\"],\"categories\":"
	  "[\"a\"]}", "domain: not a host name" },
	{ "{\"domain\":\"localhost\",\"tfa\":[\"totp\"],\"categories\":"
	  "[\"a\"]}", "domain: not a host name" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"A1\"]}",
	  "categories[0]: not a category id" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"documentation\":\"javascript:alert(1)\"}",
	  "documentation: not an http(s) URI" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"recovery\":\"https://x.com/a b\"}",
	  "recovery: not an http(s) URI" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"notes\":\"short\"}", "notes: shorter than 10 characters" },
	{ "{\"domain\":\"x.com\",\"contact\":{\"email\":\"a@x.com\"},"
	  "\"categories\":[\"a\"],\"notes\":\"long enough notes\"}",
	  "notes: only allowed with tfa" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"custom-software\":[\"Authy\"]}",
	  "custom-software: tfa does not list it" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"regions\":[\"usa\"]}", "regions[0]: not a region code" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"additional-domains\":[\"x.net\",\"bad domain\"]}",
	  "additional-domains[1]: not a host name" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"img\":\"../../etc/passwd\"}", "img: not a logo file name" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"colour\":\"red\"}", "unknown field 'colour'" },
	{ "{\"domain\":\"x.com\",\"contact\":{\"email\":\"a@x.com\","
	  "\"form\":\"https://x.com/f\"},\"categories\":[\"a\"]}",
	  "contact: has both email and form" },
	{ "{\"domain\":\"x.com\",\"contact\":{\"twitter\":\"has space\"},"
	  "\"categories\":[\"a\"]}", "contact.twitter: bad format" },
	{ "{\"domain\":\"x.com\",\"contact\":{\"fax\":\"123\"},"
	  "\"categories\":[\"a\"]}", "contact.fax: unknown field" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"notes\":\"a NUL \\u0000 inside here\"}",
	  "notes: contains a NUL character" },
	{ "{\"domain\":\"x.com\",\"tfa\":[\"totp\"],\"categories\":[\"a\"],"
	  "\"notes\":\"a bell \\u0007 inside here\"}",
	  "notes: contains a control character" },
};

static void
test_broken_entries_skipped(void **state)
{
	char doc[2048];
	struct dir_report rep;
	struct seen s;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(broken); i++) {
		/* A good entry on each side: one bad entry stops nothing. */
		snprintf(doc, sizeof(doc), "[[\"A\", {\"domain\":\"a.com\","
		    "\"tfa\":[\"totp\"],\"categories\":[\"a\"]}], [\"Broken\", "
		    "%s], [\"Z\", {\"domain\":\"z.com\",\"tfa\":[\"sms\"],"
		    "\"categories\":[\"a\"]}]]", broken[i].entry);
		parse(doc, &s, &rep);
		if (rep.skipped != 1 || s.set->n != 2)
			fail_msg("case %zu: %zu skipped, %zu kept", i,
			    rep.skipped, s.set->n);
		if (strncmp(s.skipped[0], "Broken: ", 8) != 0 ||
		    strcmp(s.skipped[0] + 8, broken[i].reason) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i,
			    s.skipped[0], broken[i].reason);
		dir_set_free(&s.set);
	}
}

static void
test_not_a_dataset(void **state)
{
	struct errbuf e;
	enum dir_doc kind;
	json_t *doc;

	(void)state;
	assert_null(dir_doc_load("{not json", 9, &e));
	assert_non_null(strstr(e.msg, "not valid JSON"));
	doc = json_string("hello");
	assert_int_equal(dir_doc_walk(doc, &kind, visit, NULL, NULL, &e), -1);
	json_decref(doc);
}

static void
test_formats(void **state)
{
	(void)state;
	assert_true(dir_valid_domain("a.b"));
	assert_true(dir_valid_domain("xn--bcher-kva.example"));
	assert_false(dir_valid_domain("a..b"));
	assert_false(dir_valid_domain("-a.b"));
	assert_false(dir_valid_domain("a.b-"));
	assert_true(dir_valid_http_uri("http://x.com"));
	assert_true(dir_valid_http_uri("HTTPS://x.com/a?b=c#d"));
	assert_false(dir_valid_http_uri("https://"));
	assert_false(dir_valid_http_uri("ftp://x.com"));
	assert_false(dir_valid_http_uri("https://x.com/\"onmouseover"));
	assert_true(dir_valid_date("2024-02-29"));
	assert_false(dir_valid_date("2024-13-01"));
	assert_false(dir_valid_date("2024-1-01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_shape),
		cmocka_unit_test(test_entry_file_and_v3),
		cmocka_unit_test(test_v4_shape),
		cmocka_unit_test(test_broken_entries_skipped),
		cmocka_unit_test(test_not_a_dataset),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
