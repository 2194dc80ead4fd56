/*
 * cmd_directory_sync.c -- `kaito directory sync [--url URL] [--force]`.
 *
 * Why: keep the 2FA Directory current from its public API without
 * hammering it. The full data (names, categories and regions included)
 * is API v3's all.json; API v4 lacks names, categories and regions
 * (../shared/data/2fa-directory/README.md), so it is not the sync's
 * source, though `directory import` reads v4 files.
 *
 * CACHE: DATA/directory-cache/all.json holds the last body and
 *     all.json.meta its URL, ETag and Last-Modified. A sync sends those
 *     validators; on 304 it does nothing when the database already holds
 *     that version, and re-imports the cached copy otherwise (someone
 *     imported a file since). On 200 it rewrites the cache, then imports.
 * SAFETY: a fetched dataset with fewer than half the entries the database
 *     holds is refused unless --force (a truncated or broken upstream
 *     must not empty the directory).
 * URL: --url, else KAITO_DIRECTORY_URL, else https://api.2fa.directory/;
 *     a base ending in '/' gets v3/all.json appended.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/dirimport.h"
#include "directory/fetch.h"
#include "kaito_limits.h"

#define SYNC_DEFAULT_URL	"https://api.2fa.directory/"
#define SYNC_FILE		"v3/all.json"

struct cache {
	char dir[PATH_MAX];
	char body[PATH_MAX];
	char meta[PATH_MAX];
	char url[1024];			/* from the meta file */
	char etag[DIR_ETAG_MAX + 1];
	char last_modified[DIR_DATE_MAX + 1];
};

static int
cache_paths(struct cache *c)
{
	memset(c, 0, sizeof(*c));
	if (cli_data_path(c->dir, sizeof(c->dir), "directory-cache") == -1 ||
	    snprintf(c->body, sizeof(c->body), "%s/all.json", c->dir) >=
	    (int)sizeof(c->body) ||
	    snprintf(c->meta, sizeof(c->meta), "%s/all.json.meta", c->dir) >=
	    (int)sizeof(c->meta))
		return cli_fail("%s: path too long", cli_data_dir()), -1;
	return 0;
}

/* Copy src into dst (cap bytes), cutting it short. */
static void
copy_cut(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Read the meta file (three lines: URL, ETag, Last-Modified), if the
 * body is there too. */
static void
cache_read(struct cache *c)
{
	char line[3][1024];
	FILE *f;
	int i;

	if (access(c->body, R_OK) == -1 || (f = fopen(c->meta, "r")) == NULL)
		return;
	for (i = 0; i < 3; i++) {
		line[i][0] = '\0';
		if (fgets(line[i], sizeof(line[i]), f) != NULL)
			line[i][strcspn(line[i], "\r\n")] = '\0';
	}
	fclose(f);
	copy_cut(c->url, sizeof(c->url), line[0]);
	copy_cut(c->etag, sizeof(c->etag), line[1]);
	copy_cut(c->last_modified, sizeof(c->last_modified), line[2]);
}

/* Write path atomically (temporary file, fsync, rename). */
static int
write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[PATH_MAX];
	ssize_t n;
	size_t off = 0;
	int fd, rc = -1;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		return cli_fail("%s: %s", tmp, strerror(errno)), -1;
	while (off < len && (n = write(fd, data + off, len - off)) > 0)
		off += (size_t)n;
	if (off == len && fsync(fd) == 0)
		rc = 0;
	close(fd);
	if (rc == 0 && rename(tmp, path) == 0)
		return 0;
	unlink(tmp);
	return cli_fail("%s: cannot write: %s", path, strerror(errno)), -1;
}

static int
cache_write(struct cache *c, const struct dir_fetch *f)
{
	char meta[1024 + DIR_ETAG_MAX + DIR_DATE_MAX + 8];

	if (mkdir(c->dir, 0700) == -1 && errno != EEXIST)
		return cli_fail("%s: %s", c->dir, strerror(errno)), -1;
	snprintf(meta, sizeof(meta), "%s\n%s\n%s\n", f->url, f->new_etag,
	    f->new_last_modified);
	return write_atomic(c->body, f->body, f->len) == -1 ? -1 :
	    write_atomic(c->meta, meta, strlen(meta));
}

/* Import text as the sync's result, after the safety check. */
static int
sync_import(struct datadir *d, const char *url, const char *text,
    size_t len, const struct dir_fetch *f, int force)
{
	struct store_dir_state s;
	struct dir_import imp;
	int rc = EXIT_BADINPUT;

	dirimport_init(&imp, url, "directory.sync");
	imp.sync_url = url;
	imp.etag = f->new_etag;
	imp.last_modified = f->new_last_modified;
	if (dirimport_text(&imp, url, text, len) == -1)
		goto out;
	if (store_dir_state_get(d->st, &s) == -1)
		goto out;
	if (!force && s.entries > 0 && (int64_t)imp.n * 2 < s.entries) {
		cli_fail("%s has %zu entries, fewer than half of the %lld in "
		    "the directory; not importing (use --force)", url, imp.n,
		    (long long)s.entries);
		goto out;
	}
	rc = dirimport_commit(d, &imp);
out:
	dir_import_clear(&imp);
	return rc;
}

/* On 304: nothing to do, or re-import the cached body. */
static int
sync_unchanged(struct datadir *d, struct cache *c, struct dir_fetch *f,
    int force)
{
	struct store_dir_state s;
	size_t len;
	char *buf;
	int rc;

	if (store_dir_state_get(d->st, &s) == 0 &&
	    strcmp(s.sync_url, f->url) == 0 && strcmp(s.etag, c->etag) == 0 &&
	    strcmp(s.last_modified, c->last_modified) == 0) {
		printf("unchanged since the last sync (HTTP 304); the "
		    "directory holds %lld entries\n", (long long)s.entries);
		return EXIT_OK;
	}
	if (cli_read_input(c->body, LIMIT_DIR_FILE, &buf, &len) == -1)
		return EXIT_BADINPUT;
	fprintf(stderr, "kaito: not modified (HTTP 304); importing the "
	    "cached copy\n");
	snprintf(f->new_etag, sizeof(f->new_etag), "%s", c->etag);
	snprintf(f->new_last_modified, sizeof(f->new_last_modified), "%s",
	    c->last_modified);
	rc = sync_import(d, f->url, buf, len, f, force);
	cli_input_free(buf, len);
	return rc;
}

static int
sync_run(const char *url, int force)
{
	struct dir_fetch f = { .url = url };
	struct datadir d;
	struct cache c;
	struct errbuf e;
	int rc = EXIT_BADINPUT;

	if (cache_paths(&c) == -1 || datadir_open(&d) == -1)
		return EXIT_BADINPUT;
	cache_read(&c);
	if (strcmp(c.url, url) == 0) {
		f.etag = c.etag;
		f.last_modified = c.last_modified;
	}
	fprintf(stderr, "kaito: fetching %s\n", url);
	if (dir_fetch(&f, &e) == -1) {
		cli_fail("%s", e.msg);
		goto out;
	}
	if (f.status == 304)
		rc = sync_unchanged(&d, &c, &f, force);
	else if (cache_write(&c, &f) == 0)
		rc = sync_import(&d, url, f.body, f.len, &f, force);
out:
	dir_fetch_clear(&f);
	datadir_close(&d);
	return rc;
}

static int
cmd_directory_sync(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *base = getenv("KAITO_DIRECTORY_URL");
	char url[1024];
	int c, force = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			base = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			return cli_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (base == NULL || base[0] == '\0')
		base = SYNC_DEFAULT_URL;
	if (strncmp(base, "http://", 7) != 0 &&
	    strncmp(base, "https://", 8) != 0)
		return cli_usage(cmd, "--url wants an http(s) URL");
	if (snprintf(url, sizeof(url), "%s%s", base,
	    base[strlen(base) - 1] == '/' ? SYNC_FILE : "") >= (int)sizeof(url))
		return cli_usage(cmd, "--url is too long");
	return sync_run(url, force);
}

const struct cli_cmd cli_cmd_directory_sync = {
	.name = "directory sync",
	.synopsis = "[--url URL] [--force] [--data DIR]",
	.summary = "Update the 2FA Directory from its public API (audited).",
	.help =
	    "  --url URL   the API base (default https://api.2fa.directory/,\n"
	    "              or KAITO_DIRECTORY_URL); v3/all.json is fetched\n"
	    "              under it. A URL not ending in '/' is fetched\n"
	    "              as it is.\n"
	    "  --force     import even a dataset less than half the size of\n"
	    "              the one in the database\n"
	    "  --data DIR  the data directory (default ./kaito-data)\n"
	    "  --help      show this help\n"
	    "\nThe last download is cached in DIR/directory-cache/ and sent\n"
	    "back as If-None-Match / If-Modified-Since, so an unchanged\n"
	    "dataset costs one 304. Exits 1 with \"cannot reach URL\" when\n"
	    "the API cannot be reached. Data sourced from 2FA Directory by\n"
	    "2factorauth (MIT licence).\n",
	.run = cmd_directory_sync,
	.uses_data = 1,
};
