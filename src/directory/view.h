/*
 * view.h -- directory entries as JSON, for the API and the CLI.
 *
 * Why: `kaito directory lookup --json` and GET /api/v1/directory/{domain}
 * must say the same thing in the same fields. Field names follow the
 * dataset where it has one ("methods" as in API v4, with the dataset's
 * method names; "custom-software", "additional-domains", ...).
 */
#ifndef KAITO_DIRECTORY_VIEW_H
#define KAITO_DIRECTORY_VIEW_H

#include <jansson.h>

#include "directory/entry.h"
#include "directory/search.h"

/* The attribution the dataset's licence asks for. */
#define DIR_ATTRIBUTION "Data sourced from 2FA Directory by 2factorauth."
#define DIR_LICENSE_NOTE "MIT License. Copyright (c) 2021 2factorauth " \
	"and Contributors; Copyright (c) 2014-2020 Josh Davis."

/* Everything about e: dataset fields, score and its reasons, dates,
 * annotations, enable steps and the sharing note. NULL on OOM. */
json_t *dir_entry_json(const struct dir_entry *e);

/* The vault link: what a token shows of its service (name, domain,
 * methods, documentation, score, page). NULL on OOM. */
json_t *dir_entry_link_json(const struct dir_entry *e);

/* The short form for search results. NULL on OOM. */
json_t *dir_hit_json(const struct dir_hit *h);

#endif
