/*
 * catalog.c -- loading a dataset from the store, and the server's current
 * catalog; see catalog.h for the threading rules.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "directory/catalog.h"
#include "directory/parse.h"
#include "store/directory.h"
#include "util/log.h"

static pthread_mutex_t current_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t reload_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct dir_catalog *current;	/* under current_mtx */
static atomic_llong last_check_ms;

/* Copy a store row's annotations onto the entry just added. */
static int
annotate(struct dir_set *set, struct dir_entry *d,
    const struct store_dir_row *row)
{
	snprintf(d->changed_on, sizeof(d->changed_on), "%s", row->changed_on);
	if (row->verified_on != NULL)
		snprintf(d->verified_on, sizeof(d->verified_on), "%s",
		    row->verified_on);
	if (row->admin_notes != NULL && row->admin_notes[0] != '\0' &&
	    (d->admin_notes = dir_set_strdup(set, row->admin_notes)) == NULL)
		return -1;
	if (row->sharing_notes != NULL && row->sharing_notes[0] != '\0' &&
	    (d->sharing_notes = dir_set_strdup(set, row->sharing_notes)) ==
	    NULL)
		return -1;
	if (row->verified_by != NULL &&
	    (d->verified_by = dir_set_strdup(set, row->verified_by)) == NULL)
		return -1;
	return 0;
}

static int
load_row(void *arg, const struct store_dir_row *row)
{
	struct dir_catalog *c = arg;
	struct errbuf e;
	json_t *obj;
	int rc;

	if ((obj = dir_doc_load(row->entry, strlen(row->entry), &e)) == NULL ||
	    dir_set_add_json(c->set, row->name, row->domain, obj,
	    row->shape == DIR_SHAPE_V4 ? DIR_SHAPE_V4 : DIR_SHAPE_ENTRY,
	    &e) == -1) {
		json_decref(obj);
		log_warnx("%s: directory row %.100s: %s", __func__,
		    row->domain, e.msg);
		c->bad_rows++;
		return 0;
	}
	json_decref(obj);
	rc = annotate(c->set, &c->set->entries[c->set->n - 1], row);
	return rc;
}

struct dir_catalog *
dir_catalog_load(struct store *st, struct errbuf *e)
{
	struct store_dir_state s;
	struct dir_catalog *c;
	int rc;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->set = dir_set_new()) == NULL) {
		free(c);
		errbuf_set(e, "out of memory");
		return NULL;
	}
	atomic_init(&c->refs, 1);
	if (store_begin_read(st) == -1) {
		errbuf_set(e, "cannot read the database");
		goto fail;
	}
	rc = store_dir_state_get(st, &s);
	if (rc == 0)
		rc = store_dir_load(st, load_row, c);
	store_commit(st);
	if (rc == -1) {
		errbuf_set(e, "cannot read the directory from the database");
		goto fail;
	}
	c->generation = s.generation;
	c->imported_at = s.imported_at;
	snprintf(c->source, sizeof(c->source), "%s", s.source);
	dir_set_finish(c->set);
	if (dir_index_build(&c->idx, c->set) == -1) {
		errbuf_set(e, "out of memory");
		goto fail;
	}
	return c;
fail:
	dir_catalog_release(&c);
	return NULL;
}

void
dir_catalog_release(struct dir_catalog **cp)
{
	struct dir_catalog *c = *cp;

	*cp = NULL;
	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	dir_index_free(&c->idx);
	dir_set_free(&c->set);
	free(c);
}

static void
install(struct dir_catalog *c)
{
	struct dir_catalog *old;

	pthread_mutex_lock(&current_mtx);
	old = current;
	current = c;
	pthread_mutex_unlock(&current_mtx);
	dir_catalog_release(&old);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
dir_catalog_start(struct store *st)
{
	struct dir_catalog *c;
	struct errbuf e;

	if ((c = dir_catalog_load(st, &e)) == NULL) {
		log_warnx("%s: %s", __func__, e.msg);
		return -1;
	}
	log_info("directory: %zu entries (generation %lld)", c->set->n,
	    (long long)c->generation);
	atomic_store(&last_check_ms, now_ms());
	install(c);
	return 0;
}

/* Reload when the store's generation moved; one thread at a time. */
static void
maybe_reload(int64_t have)
{
	struct dir_catalog *c;
	struct store *st;
	struct errbuf e;
	int64_t gen;

	if (pthread_mutex_trylock(&reload_mtx) != 0)
		return;			/* another thread is on it */
	if ((st = store_thread()) != NULL &&
	    store_dir_generation(st, &gen) == 0 && gen != have) {
		if ((c = dir_catalog_load(st, &e)) == NULL)
			log_warnx("%s: %s", __func__, e.msg);
		else {
			log_info("directory: reloaded %zu entries "
			    "(generation %lld)", c->set->n,
			    (long long)c->generation);
			install(c);
		}
	}
	pthread_mutex_unlock(&reload_mtx);
}

struct dir_catalog *
dir_catalog_current(void)
{
	struct dir_catalog *c;
	long long now = now_ms(), last = atomic_load(&last_check_ms);
	int64_t have = -1;

	if (now - last >= DIR_CATALOG_CHECK_MS &&
	    atomic_compare_exchange_strong(&last_check_ms, &last, now)) {
		pthread_mutex_lock(&current_mtx);
		if (current != NULL)
			have = current->generation;
		pthread_mutex_unlock(&current_mtx);
		if (have >= 0)
			maybe_reload(have);
	}
	pthread_mutex_lock(&current_mtx);
	if ((c = current) != NULL)
		atomic_fetch_add(&c->refs, 1);
	pthread_mutex_unlock(&current_mtx);
	return c;
}

void
dir_catalog_stop(void)
{
	install(NULL);
}
