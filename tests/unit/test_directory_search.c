/*
 * test_directory_search.c -- search quality over the full 2FA Directory
 * snapshot (read from ../shared/data/2fa-directory, or the directory in
 * KAITO_DIRECTORY_SNAPSHOT; never copied here): a table of queries
 * (exact names, domains, additional domains, misspellings) with the entry
 * that must come first; filters; directory_match() for token issuers.
 */
#include "unit.h"

#include "directory/parse.h"
#include "directory/search.h"

static struct dir_set *set;
static struct dir_index idx;

static int
visit(void *arg, const char *name, const char *domain, json_t *obj,
    enum dir_shape shape)
{
	struct errbuf e;

	(void)arg;
	return dir_set_add_json(set, name, domain, obj, shape, &e);
}

static int
setup(void **state)
{
	const char *dir = getenv("KAITO_DIRECTORY_SNAPSHOT");
	char path[4096];
	struct dir_report rep = { 0 };
	struct errbuf e;
	enum dir_doc kind;
	json_error_t jerr;
	json_t *doc;

	(void)state;
	snprintf(path, sizeof(path), "%s/entries.json",
	    dir ? dir : "../shared/data/2fa-directory");
	if ((doc = json_load_file(path, JSON_ALLOW_NUL, &jerr)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, jerr.text);
		return -1;
	}
	set = dir_set_new();
	if (dir_doc_walk(doc, &kind, visit, NULL, &rep, &e) == -1)
		return -1;
	json_decref(doc);
	dir_set_finish(set);
	return dir_index_build(&idx, set);
}

static int
teardown(void **state)
{
	(void)state;
	dir_index_free(&idx);
	dir_set_free(&set);
	return 0;
}

static const struct {
	const char *q;
	const char *first;	/* domain of the hit that must rank first */
	enum dir_match how;
} queries[] = {
	/* Exact names, any case and spacing. */
	{ "NS1", "ns1.com", DIR_MATCH_EXACT },
	{ "ns 1", "ns1.com", DIR_MATCH_EXACT },
	{ "github", "github.com", DIR_MATCH_EXACT },
	{ "GitHub", "github.com", DIR_MATCH_EXACT },
	{ "Bank of America", "bankofamerica.com", DIR_MATCH_EXACT },
	{ "paypal", "paypal.com", DIR_MATCH_EXACT },
	{ "Amazon Web Services", "aws.amazon.com", DIR_MATCH_EXACT },
	/* Domains and additional domains. */
	{ "ns1.com", "ns1.com", DIR_MATCH_EXACT },
	{ "gmail.com", "mail.google.com", DIR_MATCH_EXACT },
	{ "office.com", "m365.cloud.microsoft", DIR_MATCH_EXACT },
	{ "skype.com", "teams.live.com", DIR_MATCH_EXACT },
	{ "aws", "aws.amazon.com", DIR_MATCH_EXACT },
	/* Misspellings and cut-short names. */
	{ "gitbub", "github.com", DIR_MATCH_FUZZY },
	{ "gihtub", "github.com", DIR_MATCH_FUZZY },
	{ "cloudflar", "cloudflare.com", DIR_MATCH_PREFIX },
	{ "clouflare", "cloudflare.com", DIR_MATCH_FUZZY },
	{ "dropbx", "dropbox.com", DIR_MATCH_FUZZY },
	{ "1passwrd", "1password.com", DIR_MATCH_FUZZY },
	{ "bitwarden", "bitwarden.com", DIR_MATCH_EXACT },
	{ "bitwardne", "bitwarden.com", DIR_MATCH_FUZZY },
	/* Word starts within names. */
	{ "microsoft teams", "teams.live.com", DIR_MATCH_EXACT },
};

static void
test_query_table(void **state)
{
	struct dir_query q = { .method = -1 };
	struct dir_hit hits[3];
	size_t i, total;

	(void)state;
	for (i = 0; i < ARRAY_LEN(queries); i++) {
		q.q = queries[i].q;
		assert_int_equal(dir_search(&idx, &q, hits, 3, &total), 0);
		if (total == 0)
			fail_msg("'%s': no hit", q.q);
		if (strcmp(hits[0].entry->domain, queries[i].first) != 0 ||
		    hits[0].match != queries[i].how)
			fail_msg("'%s': first is %s (%s, %d), want %s (%s)",
			    q.q, hits[0].entry->domain,
			    dir_match_name(hits[0].match), hits[0].rank,
			    queries[i].first, dir_match_name(queries[i].how));
	}
}

static void
test_nothing_for_noise(void **state)
{
	static const char *noise[] = { "zzqxjv", "!!!", "qqqqqqqqqqqq" };
	struct dir_query q = { .method = -1 };
	struct dir_hit hit;
	size_t i, total;

	(void)state;
	for (i = 0; i < ARRAY_LEN(noise); i++) {
		q.q = noise[i];
		assert_int_equal(dir_search(&idx, &q, &hit, 1, &total), 0);
		if (total != 0)
			fail_msg("'%s' found %s", noise[i], hit.entry->name);
	}
}

static void
test_filters(void **state)
{
	struct dir_query q = { .method = -1 };
	struct dir_hit *hits = calloc(set->n, sizeof(*hits));
	size_t i, total, all;

	(void)state;
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &all), 0);
	assert_int_equal(all, set->n);
	q.method = DIR_U2F;
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &total), 0);
	assert_int_equal(total, 200);	/* README: u2f 200 */
	q.method = DIR_TOTP;
	q.category = "banking";
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &total), 0);
	assert_true(total > 0 && total < 196);
	for (i = 0; i < total; i++)
		assert_true(hits[i].entry->methods & DIR_M(DIR_TOTP));
	q.method = -1;
	q.category = NULL;
	q.region = "de";
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &total), 0);
	assert_true(total > 147 && total < all);
	q.q = "bank";
	q.region = "gb";
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &total), 0);
	for (i = 0; i < total; i++)
		assert_true(hits[i].entry->regions.n == 0 ||
		    strcmp(hits[i].entry->regions.v[0], "us") != 0 ||
		    hits[i].entry->regions.n > 1);
	q.q = NULL;
	q.region = NULL;
	q.method = DIR_BIOMETRIC;
	assert_int_equal(dir_search(&idx, &q, hits, set->n, &total), 0);
	assert_true(total >= 1);
	free(hits);
}

static void
test_ns1_is_totp_only(void **state)
{
	const struct dir_entry *e = dir_index_domain(&idx, "NS1.com");

	(void)state;
	assert_non_null(e);
	assert_string_equal(e->name, "NS1");
	assert_int_equal(e->methods, DIR_M(DIR_TOTP));
	assert_int_equal(e->score, 4);
}

static const struct {
	const char *issuer, *hint;
	const char *want;		/* domain, or NULL for no match */
} matches[] = {
	{ "GitHub", NULL, "github.com" },
	{ "github.com", NULL, "github.com" },
	{ "NS1", NULL, "ns1.com" },
	{ "Some Issuer", "https://my.ns1.com/login", "ns1.com" },
	{ "", "login.github.com", "github.com" },
	{ "Gitbub", NULL, "github.com" },
	{ "Cloudflar", NULL, "cloudflare.com" },
	{ "Amazon Web Services", NULL, "aws.amazon.com" },
	{ "Microsoft", NULL, NULL },	/* too many Microsoft services */
	{ "Acme Internal VPN", NULL, NULL },
	{ "", NULL, NULL },
	{ "x", NULL, NULL },
};

static void
test_directory_match(void **state)
{
	const struct dir_entry *e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(matches); i++) {
		e = directory_match(&idx, matches[i].issuer, matches[i].hint);
		if (matches[i].want == NULL && e != NULL)
			fail_msg("'%s' matched %s", matches[i].issuer,
			    e->domain);
		if (matches[i].want != NULL && (e == NULL ||
		    strcmp(e->domain, matches[i].want) != 0))
			fail_msg("'%s': got %s, want %s", matches[i].issuer,
			    e ? e->domain : "nothing", matches[i].want);
	}
	assert_null(directory_match(NULL, "GitHub", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_table),
		cmocka_unit_test(test_nothing_for_noise),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_ns1_is_totp_only),
		cmocka_unit_test(test_directory_match),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
