/*
 * dirimport.c -- see dirimport.h.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/writer.h"
#include "cli/cli.h"
#include "cli/dirimport.h"
#include "kaito_limits.h"

#define TREE_DEPTH	4	/* entries/<c>/<domain>.json, and a bit more */

static void
on_skip(void *arg, const char *name, const char *reason)
{
	(void)arg;
	fprintf(stderr, "kaito: skipped %.200s: %s\n", name, reason);
}

static void
on_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "kaito: writing entries: %zu of %zu\n", done, total);
}

void
dirimport_init(struct dir_import *imp, const char *source,
    const char *action)
{
	dir_import_init(imp, source, action);
	imp->rep.skip = on_skip;
	imp->progress = on_progress;
}

int
dirimport_text(struct dir_import *imp, const char *name, const char *text,
    size_t len)
{
	struct errbuf e;
	json_t *doc;
	int rc;

	if ((doc = dir_doc_load(text, len, &e)) == NULL)
		return cli_fail("%s: %s", name, e.msg), -1;
	rc = dir_import_add(imp, doc, &e);
	json_decref(doc);
	if (rc == -1)
		return cli_fail("%s: %s", name, e.msg), -1;
	return 0;
}

static int
add_file(struct dir_import *imp, const char *path)
{
	size_t len;
	char *buf;
	int rc;

	if (cli_read_input(path, LIMIT_DIR_FILE, &buf, &len) == -1)
		return -1;
	rc = dirimport_text(imp, path, buf, len);
	cli_input_free(buf, len);
	return rc;
}

/* Load DIR/last-modified.json when it exists. */
static int
add_dates(struct dir_import *imp, const char *dir)
{
	char path[PATH_MAX];
	struct errbuf e;
	size_t len;
	char *buf;
	int rc;

	snprintf(path, sizeof(path), "%s/last-modified.json", dir);
	if (access(path, R_OK) == -1)
		return 0;
	if (cli_read_input(path, LIMIT_DIR_FILE, &buf, &len) == -1)
		return -1;
	rc = dir_import_dates(imp, buf, len, &e);
	cli_input_free(buf, len);
	if (rc == -1)
		return cli_fail("%s", e.msg), -1;
	return 0;
}

static int
is_entry_file(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".json") == 0 &&
	    strcmp(name, "last-modified.json") != 0 &&
	    strstr(name, "schema") == NULL &&
	    strcmp(name, "categories.json") != 0;
}

/* Every entry file under dir; *files counts them for the progress. */
static int
add_tree(struct dir_import *imp, const char *dir, int depth, size_t *files)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) == NULL)
		return cli_fail("%s: %s", dir, strerror(errno)), -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path) || lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode) && depth < TREE_DEPTH)
			rc = add_tree(imp, path, depth + 1, files);
		else if (S_ISREG(sb.st_mode) && is_entry_file(de->d_name)) {
			rc = add_file(imp, path);
			if (++*files % 500 == 0)
				fprintf(stderr, "kaito: read %zu files\n",
				    *files);
		}
	}
	closedir(d);
	return rc;
}

int
dirimport_path(struct dir_import *imp, const char *path)
{
	char snap[PATH_MAX], dir[PATH_MAX], *slash;
	struct stat sb;
	size_t files = 0;

	if (stat(path, &sb) == -1)
		return cli_fail("%s: %s", path, strerror(errno)), -1;
	if (S_ISDIR(sb.st_mode)) {
		snprintf(snap, sizeof(snap), "%s/entries.json", path);
		if (access(snap, R_OK) == 0)
			return add_dates(imp, path) == -1 ? -1 :
			    add_file(imp, snap);
		if (add_tree(imp, path, 0, &files) == -1)
			return -1;
		if (files == 0)
			return cli_fail("%s: no entries.json and no entry "
			    "files", path), -1;
		imp->saw_collection = 1;	/* a tree is a whole dataset */
		imp->single = 0;
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (add_file(imp, path) == -1)
		return -1;
	return imp->single ? 0 : add_dates(imp, dir);
}

int
dirimport_commit(struct datadir *d, struct dir_import *imp)
{
	struct writer_job job = { .run = dir_import_run, .arg = imp,
	    .audit_failure = 1 };
	struct audit_actor actor;
	int rc;

	audit_actor_cli(&actor);
	audit_event_init(&job.ev, &actor, imp->action);
	rc = writer_run_sync(d->st, &job);
	audit_event_clear(&job.ev);
	if (rc != 0)
		return cli_fail("cannot write the directory to the database");
	printf("imported %zu entries (%zu new or changed, %zu unchanged), "
	    "skipped %zu, removed %lld; the directory holds %lld\n", imp->n,
	    imp->changed, imp->unchanged, imp->rep.skipped,
	    (long long)imp->removed, (long long)imp->entries);
	return EXIT_OK;
}
