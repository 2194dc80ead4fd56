/*
 * settings.c -- GET and PATCH /api/v1/settings (administrators):
 * {"member_totp_required": bool}. The change is audited as
 * settings.update with the old and the new value.
 */
#include <stdlib.h>

#include "api/api.h"
#include "auth/settings.h"
#include "http/jv.h"
#include "http/respond.h"

static json_t *
settings_json(const struct settings *s)
{
	return json_pack("{s:b}", "member_totp_required",
	    s->member_totp_required);
}

static int
respond_settings(struct req *r)
{
	struct store *st = store_thread();
	struct settings s;

	if (st == NULL || settings_get(st, &s) == -1)
		return respond_500(r);
	return respond_json(r, 200, settings_json(&s));
}

int
api_settings_get(struct req *r)
{
	return respond_settings(r);
}

struct settings_job {
	int member_totp_required;	/* -1: unchanged */
};

static int
settings_run(struct store *st, void *arg, struct audit_event *ev)
{
	const struct settings_job *j = arg;
	struct settings s;

	if (settings_get(st, &s) == -1)
		return -1;
	audit_event_detail(ev, "old", settings_json(&s));
	if (j->member_totp_required != -1)
		s.member_totp_required = j->member_totp_required;
	audit_event_detail(ev, "new", settings_json(&s));
	return settings_put(st, &s);
}

static int
settings_finish(struct req *r, int rc)
{
	if (rc != 0)
		return respond_503(r);
	return respond_settings(r);
}

int
api_settings_patch(struct req *r)
{
	static const char *const keys[] = { "member_totp_required", NULL };
	struct settings_job *j;

	if ((j = malloc(sizeof(*j))) == NULL)
		return respond_500(r);
	j->member_totp_required = -1;
	if (jv_only_keys_or_400(r, r->json, keys) == -1 ||
	    jv_bool_or_400(r, r->json, "member_totp_required", 1,
	    &j->member_totp_required) == -1) {
		free(j);
		return 0;
	}
	req_audit(r, "settings.update");
	audit_event_target(&r->job.ev, "settings", 0, NULL);
	r->job.run = settings_run;
	r->job.audit_failure = 1;
	return req_defer(r, j, free, settings_finish);
}
