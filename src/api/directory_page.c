/*
 * directory_page.c -- GET /directory/{domain}: "Does X support 2FA?".
 *
 * Why: the page a teammate lands on before setting up an account's 2FA:
 * the verdict, the eight methods, the official links and notes, how
 * fresh the entry is, Kaito's score with its reasons, what to do, how to
 * share it, and answers to the usual questions. Every string from the
 * dataset or an annotation goes through html_text().
 */
#include <stdio.h>

#include "api/api.h"
#include "api/directory_int.h"
#include "directory/guide.h"
#include "directory/score.h"
#include "directory/view.h"

static void
link_or_none(struct html *h, const char *label, const char *url)
{
	html_raw(h, "<li>");
	html_text(h, label);
	html_raw(h, ": ");
	if (url == NULL) {
		html_raw(h, "none listed</li>\n");
		return;
	}
	html_raw(h, "<a rel=\"noopener noreferrer\" href=\"");
	html_text(h, url);
	html_raw(h, "\">");
	html_text(h, url);
	html_raw(h, "</a></li>\n");
}

static void
names(struct html *h, const struct dir_strv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		html_raw(h, i == 0 ? " (" : ", ");
		html_text(h, v->v[i]);
	}
	if (v->n > 0)
		html_raw(h, ")");
}

static void
methods(struct html *h, const struct dir_entry *e)
{
	int m, on;

	html_raw(h, "<h2>Methods</h2>\n<table>\n<thead><tr><th>Method</th>"
	    "<th>Supported</th></tr></thead>\n<tbody>\n");
	for (m = 0; m < DIR_METHODS; m++) {
		on = (e->all_methods & DIR_M(m)) != 0;
		html_raw(h, "<tr><td>");
		html_text(h, dir_method_label(m));
		if (m == DIR_CUSTOM_SOFTWARE)
			names(h, &e->custom_software);
		if (m == DIR_CUSTOM_HARDWARE)
			names(h, &e->custom_hardware);
		html_raw(h, on ? "</td><td class=\"yes\">&#10003; supported"
		    "</td></tr>\n" : "</td><td class=\"no\">&#10007; not "
		    "supported</td></tr>\n");
	}
	html_raw(h, "</tbody>\n</table>\n<p>Biometric support is not in the "
	    "dataset; it is shown when a custom app or hardware name "
	    "mentions biometrics.</p>\n");
}

static void
score(struct html *h, const struct dir_entry *e)
{
	unsigned bit;

	html_printf(h, "<h2>Readiness score</h2>\n<p class=\"score\">%d / 5"
	    "</p>\n<ul>\n", e->score);
	if (e->methods == 0)
		html_raw(h, "<li>1: no 2FA at all</li>\n");
	for (bit = 1; bit < (1u << DIR_SCORE_BITS); bit <<= 1)
		if (e->score_why & bit) {
			html_raw(h, "<li>");
			html_text(h, dir_score_reason(bit));
			html_raw(h, "</li>\n");
		}
	html_raw(h, "</ul>\n<details><summary>How the score is worked out"
	    "</summary>\n<p>No 2FA scores 1. Otherwise: 1, plus 1 for TOTP "
	    "(an authenticator app, which Kaito can share without sharing the "
	    "seed), plus 1 for hardware security keys (phishing-resistant), "
	    "plus 1 when it is not limited to SMS, phone calls or e-mail, "
	    "plus 1 for official documentation, minus 1 when the notes "
	    "restrict 2FA to some plans or account types (words such as plan, "
	    "paid, premium, subscription, enterprise, business, edition); at "
	    "least 2, at most 5.</p>\n</details>\n");
}

static void
steps(struct html *h, const struct dir_entry *e)
{
	char s[DIR_STEPS_MAX][DIR_STEP_LEN];
	size_t i, n = dir_enable_steps(e, s);

	html_raw(h, "<h2>How to enable it</h2>\n");
	if (n == 0) {
		html_raw(h, "<p>There is nothing to enable yet.</p>\n");
		return;
	}
	html_raw(h, "<ol>\n");
	for (i = 0; i < n; i++) {
		html_raw(h, "<li>");
		html_text(h, s[i]);
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ol>\n");
}

static void
verified(struct html *h, const struct dir_entry *e)
{
	html_raw(h, "<h2>Last verified</h2>\n<p>");
	if (e->verified_on[0] != '\0') {
		html_text(h, e->verified_on);
		html_raw(h, ", by an administrator of this Kaito.");
	} else if (e->changed_on[0] != '\0') {
		html_text(h, e->changed_on);
		html_raw(h, ": the date the 2FA Directory last changed this "
		    "entry (no administrator has verified it here yet).");
	} else
		html_raw(h, "Unknown.");
	html_raw(h, "</p>\n");
}

static void
notes(struct html *h, const struct dir_entry *e)
{
	html_raw(h, "<h2>Notes</h2>\n");
	if (e->notes == NULL && e->admin_notes == NULL)
		html_raw(h, "<p>No notes.</p>\n");
	if (e->notes != NULL) {
		html_raw(h, "<p>From the dataset: ");
		html_text(h, e->notes);
		html_raw(h, "</p>\n");
	}
	if (e->admin_notes != NULL) {
		html_raw(h, "<p>From your administrators: ");
		html_text(h, e->admin_notes);
		html_raw(h, "</p>\n");
	}
}

static void
sharing(struct html *h, const struct dir_entry *e)
{
	html_raw(h, "<h2>Sharing it with your team</h2>\n<p>");
	html_text(h, dir_sharing_note(e));
	html_raw(h, "</p>\n");
	if (e->sharing_notes != NULL) {
		html_raw(h, "<p>Your team's note: ");
		html_text(h, e->sharing_notes);
		html_raw(h, "</p>\n");
	}
}

static void
contact(struct html *h, const struct dir_entry *e)
{
	if (!e->contact.present)
		return;
	html_raw(h, "<h2>Ask them for 2FA</h2>\n<ul>\n");
	if (e->contact.twitter) {
		html_raw(h, "<li>X/Twitter: @");
		html_text(h, e->contact.twitter);
		html_raw(h, "</li>\n");
	}
	if (e->contact.facebook) {
		html_raw(h, "<li>Facebook: ");
		html_text(h, e->contact.facebook);
		html_raw(h, "</li>\n");
	}
	if (e->contact.email) {
		html_raw(h, "<li>E-mail: ");
		html_text(h, e->contact.email);
		html_raw(h, "</li>\n");
	}
	if (e->contact.form)
		link_or_none(h, "Contact form", e->contact.form);
	html_raw(h, "</ul>\n");
}

static void
about(struct html *h, const struct dir_entry *e)
{
	size_t i;

	html_raw(h, "<h2>About this entry</h2>\n<ul>\n<li>Domain: ");
	html_text(h, e->domain);
	for (i = 0; i < e->additional_domains.n; i++) {
		html_raw(h, i == 0 ? " (also " : ", ");
		html_text(h, e->additional_domains.v[i]);
	}
	html_raw(h, e->additional_domains.n ? ")</li>\n<li>Categories: " :
	    "</li>\n<li>Categories: ");
	for (i = 0; i < e->categories.n; i++) {
		html_raw(h, i ? ", " : "");
		html_text(h, e->categories.v[i]);
	}
	html_raw(h, e->categories.n ? "" : "none");
	html_raw(h, "</li>\n<li>Regions: ");
	for (i = 0; i < e->regions.n; i++) {
		html_raw(h, i ? ", " : "");
		html_text(h, e->regions.v[i]);
	}
	html_raw(h, e->regions.n ? "</li>\n</ul>\n" : "everywhere</li>\n"
	    "</ul>\n");
}

static const char faq[] =
	"<h2>Questions</h2>\n<dl>\n"
	"<dt>Where does this come from?</dt><dd>From the 2FA Directory, a "
	"community list of sites and the 2FA methods they offer, imported "
	"into this Kaito and kept up to date with <code>kaito directory "
	"sync</code>. The score, steps and sharing notes are Kaito's.</dd>\n"
	"<dt>Is &quot;last verified&quot; a guarantee?</dt><dd>No. Unless an "
	"administrator verified the entry here, it is the date the 2FA "
	"Directory last changed it. Services change their settings; check "
	"the official documentation.</dd>\n"
	"<dt>Can the whole team use one authenticator code?</dt><dd>Yes, for "
	"TOTP: add the seed to Kaito once and grant the token to a group. "
	"Teammates see codes, never the seed, and every view is "
	"audited.</dd>\n"
	"<dt>Why is SMS ranked low?</dt><dd>Codes by SMS can be intercepted "
	"or redirected by moving the phone number (SIM swapping), and they "
	"tie the account to one phone unless they go to a shared "
	"inbox.</dd>\n"
	"<dt>What if the entry is wrong?</dt><dd>Tell your administrators, "
	"who can add a note here, and the 2FA Directory project, which "
	"accepts corrections.</dd>\n</dl>\n";

static void
page(struct html *h, const struct dir_entry *e)
{
	char title[400], verdict[400];

	snprintf(title, sizeof(title), "Does %s support 2FA?", e->name);
	dir_html_head(h, title);
	html_raw(h, "<h1>");
	html_text(h, title);
	html_raw(h, dir_entry_has_2fa(e) ? "</h1>\n<p class=\"verdict yes\">" :
	    "</h1>\n<p class=\"verdict no\">");
	html_text(h, dir_verdict(e, verdict, sizeof(verdict)));
	html_raw(h, "</p>\n");
	methods(h, e);
	html_raw(h, "<h2>Official links</h2>\n<ul>\n");
	link_or_none(h, "Documentation", e->documentation);
	link_or_none(h, "Account recovery", e->recovery);
	html_raw(h, "</ul>\n");
	notes(h, e);
	verified(h, e);
	score(h, e);
	steps(h, e);
	sharing(h, e);
	contact(h, e);
	about(h, e);
	html_raw(h, faq);
	dir_html_foot(h);
}

int
api_directory_entry_page(struct req *r)
{
	const struct dir_entry *e;
	struct dir_catalog *c;
	struct html h;
	int rc;

	if ((c = dir_catalog_or_503(r, 1)) == NULL)
		return 0;
	html_init(&h);
	if ((e = dir_index_domain(&c->idx, r->name)) == NULL) {
		dir_html_head(&h, "Not in the directory");
		html_raw(&h, "<h1>Not in the directory</h1>\n<p>");
		html_text(&h, r->name);
		html_raw(&h, " is not in the 2FA directory. <a "
		    "href=\"/directory?q=");
		html_url_param(&h, r->name);
		html_raw(&h, "\">Search for it</a>.</p>\n");
		dir_html_foot(&h);
		rc = html_respond(r, 404, &h);
	} else {
		page(&h, e);
		rc = html_respond(r, 200, &h);
	}
	dir_catalog_release(&c);
	return rc;
}
