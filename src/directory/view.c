/*
 * view.c -- see view.h.
 */
#include <stdio.h>

#include "directory/guide.h"
#include "directory/score.h"
#include "directory/view.h"

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
strv(const struct dir_strv *v)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < v->n; i++)
		json_array_append_new(a, json_string(v->v[i]));
	return a;
}

/* The dataset's method names, in the dataset's order. */
static json_t *
methods(const struct dir_entry *e)
{
	static const enum dir_method order[] = {
		DIR_SMS, DIR_CALL, DIR_EMAIL, DIR_U2F, DIR_TOTP,
		DIR_CUSTOM_SOFTWARE, DIR_CUSTOM_HARDWARE
	};
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < sizeof(order) / sizeof(order[0]); i++)
		if (e->methods & DIR_M(order[i]))
			json_array_append_new(a,
			    json_string(dir_method_name(order[i])));
	return a;
}

static json_t *
reasons(const struct dir_entry *e)
{
	json_t *a = json_array();
	unsigned bit;

	for (bit = 1; a != NULL && bit < (1u << DIR_SCORE_BITS); bit <<= 1)
		if (e->score_why & bit)
			json_array_append_new(a,
			    json_string(dir_score_reason(bit)));
	if (a != NULL && e->methods == 0)
		json_array_append_new(a, json_string("1: no 2FA at all"));
	return a;
}

static json_t *
contact(const struct dir_entry *e)
{
	json_t *o;

	if (!e->contact.present)
		return json_null();
	o = json_object();
	if (e->contact.twitter)
		json_object_set_new(o, "twitter",
		    json_string(e->contact.twitter));
	if (e->contact.facebook)
		json_object_set_new(o, "facebook",
		    json_string(e->contact.facebook));
	if (e->contact.email)
		json_object_set_new(o, "email", json_string(e->contact.email));
	if (e->contact.form)
		json_object_set_new(o, "form", json_string(e->contact.form));
	if (e->contact.language)
		json_object_set_new(o, "language",
		    json_string(e->contact.language));
	return o;
}

static json_t *
steps(const struct dir_entry *e)
{
	char s[DIR_STEPS_MAX][DIR_STEP_LEN];
	size_t i, n = dir_enable_steps(e, s);
	json_t *a = json_array();

	for (i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *
annotations(const struct dir_entry *e)
{
	return json_pack("{s:o, s:o, s:o, s:o}",
	    "admin_notes", str_or_null(e->admin_notes),
	    "sharing_notes", str_or_null(e->sharing_notes),
	    "verified_on", str_or_null(e->verified_on[0] ? e->verified_on :
	    NULL),
	    "verified_by", str_or_null(e->verified_by));
}

json_t *
dir_entry_json(const struct dir_entry *e)
{
	int admin = e->verified_on[0] != '\0';
	char url[300];

	snprintf(url, sizeof(url), "https://%s", e->domain);
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:b, s:o, s:o, s:o, s:o,"
	    " s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:s, s:o, s:o, s:o,"
	    " s:s}",
	    "name", e->name, "domain", e->domain,
	    "url", e->url ? e->url : url,
	    "supports_2fa", dir_entry_has_2fa(e),
	    "methods", methods(e),
	    "biometric", (e->all_methods & DIR_M(DIR_BIOMETRIC)) != 0,
	    "custom-software", strv(&e->custom_software),
	    "custom-hardware", strv(&e->custom_hardware),
	    "documentation", str_or_null(e->documentation),
	    "recovery", str_or_null(e->recovery),
	    "notes", str_or_null(e->notes),
	    "categories", strv(&e->categories),
	    "regions", strv(&e->regions),
	    "additional-domains", strv(&e->additional_domains),
	    "contact", contact(e),
	    "score", e->score,
	    "score_reasons", reasons(e),
	    "last_verified", str_or_null(admin ? e->verified_on :
	    e->changed_on[0] ? e->changed_on : NULL),
	    "last_verified_source", admin ? "admin" : "dataset",
	    "dataset_changed_on", str_or_null(e->changed_on[0] ?
	    e->changed_on : NULL),
	    "annotations", annotations(e),
	    "enable_steps", steps(e),
	    "sharing_note", dir_sharing_note(e));
}

json_t *
dir_hit_json(const struct dir_hit *h)
{
	const struct dir_entry *e = h->entry;

	return json_pack("{s:s, s:s, s:b, s:o, s:i, s:o, s:s}",
	    "name", e->name, "domain", e->domain,
	    "supports_2fa", dir_entry_has_2fa(e),
	    "methods", methods(e), "score", e->score,
	    "categories", strv(&e->categories),
	    "match", dir_match_name(h->match));
}

json_t *
dir_entry_link_json(const struct dir_entry *e)
{
	char page[300];

	snprintf(page, sizeof(page), "/directory/%s", e->domain);
	return json_pack("{s:s, s:s, s:o, s:o, s:i, s:s}",
	    "name", e->name, "domain", e->domain, "methods", methods(e),
	    "documentation", e->documentation ?
	    json_string(e->documentation) : json_null(),
	    "score", e->score, "page", page);
}
