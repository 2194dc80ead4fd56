/*
 * event.c -- building audit events; see event.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/event.h"

static const struct audit_actor system_actor = {
	.type = "system",
	.channel = "system",
};

void
audit_event_init(struct audit_event *ev, const struct audit_actor *actor,
    const char *action)
{
	memset(ev, 0, sizeof(*ev));
	ev->actor = actor != NULL ? *actor : system_actor;
	ev->action = action;
	ev->outcome = "success";
}

void
audit_event_target(struct audit_event *ev, const char *type, int64_t id,
    const char *name)
{
	ev->target_type = type;
	ev->target_id = id;
	snprintf(ev->target_name, sizeof(ev->target_name), "%s",
	    name != NULL ? name : "");
}

void
audit_event_detail(struct audit_event *ev, const char *key, json_t *value)
{
	if (value == NULL)
		return;
	if (ev->details == NULL && (ev->details = json_object()) == NULL) {
		json_decref(value);
		return;
	}
	json_object_set_new(ev->details, key, value);
}

void
audit_event_clear(struct audit_event *ev)
{
	json_decref(ev->details);
	ev->details = NULL;
}

void
audit_actor_cli(struct audit_actor *a)
{
	const char *user = getenv("SUDO_USER");

	memset(a, 0, sizeof(*a));
	a->type = "system";
	a->channel = "cli";
	if (user == NULL)
		user = getenv("USER");
	snprintf(a->user_agent, sizeof(a->user_agent), "kaito-cli (%s)",
	    user != NULL ? user : "unknown");
}

int64_t
audit_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
