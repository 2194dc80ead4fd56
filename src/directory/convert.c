/*
 * convert.c -- a validated JSON entry into a struct dir_entry; see
 * dir_set_add_json() in parse.h.
 *
 * Why apart from parse.c: the store's loader uses this too (every row is
 * checked again on its way into memory, so a database edited by hand
 * cannot put an unchecked string on a page), and the walk does not need
 * the set at all.
 */
#include <ctype.h>
#include <string.h>

#include "directory/parse.h"
#include "directory/validate.h"

static int
copy_str(struct dir_set *set, json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	*out = dir_set_strndup(set, json_string_value(v),
	    json_string_length(v));
	return *out == NULL ? -1 : 0;
}

static int
copy_strv(struct dir_set *set, json_t *obj, const char *key,
    struct dir_strv *out)
{
	json_t *a = json_object_get(obj, key), *v;
	size_t i;

	out->v = NULL;
	out->n = 0;
	if (a == NULL)
		return 0;
	if ((out->v = dir_set_strv(set, json_array_size(a))) == NULL)
		return -1;
	json_array_foreach(a, i, v) {
		if ((out->v[i] = dir_set_strndup(set, json_string_value(v),
		    json_string_length(v))) == NULL)
			return -1;
		out->n++;
	}
	return 0;
}

static unsigned
methods_of(json_t *a)
{
	unsigned m = 0;
	json_t *v;
	size_t i;
	int k;

	json_array_foreach(a, i, v)
		if ((k = dir_method_parse(json_string_value(v))) >= 0)
			m |= DIR_M(k);
	return m;
}

static int
copy_contact(struct dir_set *set, json_t *c, struct dir_entry *d)
{
	if (c == NULL)
		return 0;
	d->contact.present = 1;
	return copy_str(set, c, "twitter", &d->contact.twitter) |
	    copy_str(set, c, "facebook", &d->contact.facebook) |
	    copy_str(set, c, "email", &d->contact.email) |
	    copy_str(set, c, "form", &d->contact.form) |
	    copy_str(set, c, "language", &d->contact.language);
}

static int
fill(struct dir_set *set, struct dir_entry *d, const char *name,
    const char *domain, json_t *obj, enum dir_shape shape)
{
	char low[254];
	size_t i;

	for (i = 0; domain[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)domain[i]);
	low[i] = '\0';
	d->shape = shape;
	if ((d->domain = dir_set_strdup(set, low)) == NULL ||
	    (d->name = dir_set_strdup(set, name ? name : low)) == NULL)
		return -1;
	d->methods = methods_of(json_object_get(obj,
	    shape == DIR_SHAPE_V4 ? "methods" : "tfa"));
	return copy_str(set, obj, "documentation", &d->documentation) |
	    copy_str(set, obj, "recovery", &d->recovery) |
	    copy_str(set, obj, "notes", &d->notes) |
	    copy_str(set, obj, "url", &d->url) |
	    copy_str(set, obj, "img", &d->img) |
	    copy_strv(set, obj, "custom-software", &d->custom_software) |
	    copy_strv(set, obj, "custom-hardware", &d->custom_hardware) |
	    copy_strv(set, obj, "categories", &d->categories) |
	    copy_strv(set, obj, "regions", &d->regions) |
	    copy_strv(set, obj, "additional-domains",
	    &d->additional_domains) |
	    copy_contact(set, json_object_get(obj, "contact"), d);
}

int
dir_set_add_json(struct dir_set *set, const char *name, const char *domain,
    json_t *obj, enum dir_shape shape, struct errbuf *e)
{
	struct dir_entry *d;

	if (dir_validate(name, domain, obj, shape, e) == -1)
		return -1;
	if ((d = dir_set_add(set)) == NULL)
		return errbuf_set(e, "out of memory or too many entries");
	if (fill(set, d, name, domain, obj, shape) == -1) {
		dir_set_drop_last(set);
		return errbuf_set(e, "out of memory");
	}
	return 0;
}
