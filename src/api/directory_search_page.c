/*
 * directory_search_page.c -- GET /directory: search the 2FA directory by
 * name or domain, filtered by method, category and region.
 *
 * Why: the page works without JavaScript (a GET form, pages of 50
 * results with previous/next links), so it is fast on any phone and
 * needs nothing but the CSP's 'self'. The categories offered are those
 * the loaded dataset uses.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/directory_int.h"
#include "directory/view.h"
#include "http/respond.h"

#define MAX_CATEGORIES	128

static void
option(struct html *h, const char *value, const char *label, int selected)
{
	html_raw(h, "<option value=\"");
	html_text(h, value);
	html_raw(h, selected ? "\" selected>" : "\">");
	html_text(h, label);
	html_raw(h, "</option>");
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct categories of the set, sorted; returns how many. */
static size_t
categories(const struct dir_set *set, const char **out)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->entries[i].categories.n; j++) {
			const char *c = set->entries[i].categories.v[j];

			for (k = 0; k < n && strcmp(out[k], c) != 0; k++)
				;
			if (k == n && n < MAX_CATEGORIES)
				out[n++] = c;
		}
	qsort(out, n, sizeof(*out), str_cmp);
	return n;
}

static void
form(struct html *h, const struct dir_catalog *c, const struct dir_request *dr)
{
	const char *cats[MAX_CATEGORIES], *cat = dr->q.category;
	size_t i, n = categories(c->set, cats);
	int m;

	html_raw(h, "<form method=\"get\" action=\"/directory\">\n<label for="
	    "\"q\">Service or domain<input id=\"q\" name=\"q\" type=\"search\" "
	    "maxlength=\"128\" value=\"");
	html_text(h, dr->q.q ? dr->q.q : "");
	html_raw(h, "\"></label>\n<label for=\"method\">Method<select "
	    "id=\"method\" name=\"method\">");
	option(h, "", "any", dr->q.method < 0);
	for (m = 0; m < DIR_METHODS; m++)
		option(h, dir_method_name(m), dir_method_label(m),
		    dr->q.method == m);
	html_raw(h, "</select></label>\n<label for=\"category\">Category"
	    "<select id=\"category\" name=\"category\">");
	option(h, "", "any", cat == NULL || cat[0] == '\0');
	for (i = 0; i < n; i++)
		option(h, cats[i], cats[i], cat != NULL &&
		    strcmp(cat, cats[i]) == 0);
	html_raw(h, "</select></label>\n<label for=\"region\">Region<input "
	    "id=\"region\" name=\"region\" size=\"3\" maxlength=\"2\" "
	    "placeholder=\"us\" value=\"");
	html_text(h, dr->q.region ? dr->q.region : "");
	html_raw(h, "\"></label>\n<button type=\"submit\">Search</button>\n"
	    "</form>\n");
}

static void
row(struct html *h, const struct dir_entry *e)
{
	int m, first = 1;

	html_raw(h, "<tr><td><a href=\"/directory/");
	html_text(h, e->domain);
	html_raw(h, "\">");
	html_text(h, e->name);
	html_raw(h, "</a></td>");
	html_raw(h, dir_entry_has_2fa(e) ? "<td class=\"yes\">yes</td><td>" :
	    "<td class=\"no\">no</td><td>");
	for (m = 0; m < DIR_METHODS; m++)
		if (e->all_methods & DIR_M(m)) {
			html_raw(h, first ? "" : ", ");
			html_text(h, dir_method_name(m));
			first = 0;
		}
	html_printf(h, "</td><td>%d</td></tr>\n", e->score);
}

/* A link to the same search at another offset. */
static void
page_link(struct html *h, const struct dir_request *dr, size_t offset,
    const char *label)
{
	html_raw(h, "<a href=\"/directory?q=");
	html_url_param(h, dr->q.q ? dr->q.q : "");
	html_raw(h, "&amp;method=");
	html_url_param(h, dr->q.method >= 0 ?
	    dir_method_name(dr->q.method) : "");
	html_raw(h, "&amp;category=");
	html_url_param(h, dr->q.category ? dr->q.category : "");
	html_raw(h, "&amp;region=");
	html_url_param(h, dr->q.region ? dr->q.region : "");
	html_printf(h, "&amp;offset=%zu\">", offset);
	html_raw(h, label);
	html_raw(h, "</a> ");
}

static void
results(struct html *h, const struct dir_request *dr,
    const struct dir_hit *hits, size_t total)
{
	size_t i, to = dr->offset + dr->limit < total ?
	    dr->offset + dr->limit : total;

	html_printf(h, "<p>%zu service%s match.</p>\n", total,
	    total == 1 ? "" : "s");
	if (dr->offset >= total)
		return;
	html_raw(h, "<table>\n<thead><tr><th>Service</th><th>2FA</th>"
	    "<th>Methods</th><th>Score</th></tr></thead>\n<tbody>\n");
	for (i = dr->offset; i < to; i++)
		row(h, hits[i].entry);
	html_raw(h, "</tbody>\n</table>\n");
	if (dr->offset == 0 && to >= total)
		return;
	html_raw(h, "<p>");
	if (dr->offset > 0)
		page_link(h, dr, dr->offset > dr->limit ?
		    dr->offset - dr->limit : 0, "&larr; previous");
	if (to < total)
		page_link(h, dr, to, "next &rarr;");
	html_raw(h, "</p>\n");
}

int
api_directory_page(struct req *r)
{
	struct dir_catalog *c;
	struct dir_request dr;
	struct dir_hit *hits = NULL;
	struct html h;
	size_t total = 0;
	char err[200];
	int rc;

	if (dir_request_parse(r, &dr, DIR_HTML_PAGE, err, sizeof(err)) == -1)
		return respond_text(r, 400, "text/plain; charset=utf-8", err);
	if ((c = dir_catalog_or_503(r, 1)) == NULL)
		return 0;
	if (dir_request_search(c, &dr, &hits, &total) == -1) {
		dir_catalog_release(&c);
		return respond_500(r);
	}
	html_init(&h);
	dir_html_head(&h, "Does it support 2FA? The 2FA directory");
	html_printf(&h, "<h1>Does it support 2FA?</h1>\n<p>Search %zu "
	    "services by name or domain; typos are fine.</p>\n", c->set->n);
	form(&h, c, &dr);
	results(&h, &dr, hits, total);
	dir_html_foot(&h);
	rc = html_respond(r, 200, &h);
	free(hits);
	dir_catalog_release(&c);
	return rc;
}
