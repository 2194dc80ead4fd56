/*
 * health.c -- GET /healthz, GET /metrics and the page at /.
 *
 * /healthz answers 200 only when the database answers and the writer is
 * not failing its commits, so a load balancer takes a node with a sick
 * disk out of rotation.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "audit/writer.h"
#include "http/metrics.h"
#include "http/respond.h"
#include "store/users.h"

int
api_healthz(struct req *r)
{
	struct store *st = store_thread();
	int64_t n;

	if (st == NULL || store_user_count(st, &n) == -1)
		return respond_error(r, 503, "unavailable", "database "
		    "unavailable");
	if (store_writes_failing())
		return respond_error(r, 503, "unavailable", "audit commits "
		    "are failing");
	return respond_json(r, 200, json_pack("{s:s, s:I}", "status", "ok",
	    "audit_queue", (json_int_t)writer_queue_depth()));
}

int
api_metrics(struct req *r)
{
	char *text = metrics_render();
	int rc;

	if (text == NULL)
		return respond_500(r);
	rc = respond_text(r, 200, "text/plain; version=0.0.4; charset=utf-8",
	    text);
	free(text);
	return rc;
}

static const char index_html[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, "
	"initial-scale=1\">\n"
	"<title>Kaito</title></head>\n"
	"<body style=\"font-family: sans-serif; max-width: 40em; "
	"margin: 2em auto; padding: 0 1em\">\n"
	"<h1>Kaito</h1>\n"
	"<p>This Kaito server is running. The browser interface is not "
	"built yet; use the JSON API under <code>/api/v1/</code> (log in "
	"with <code>POST /api/v1/session</code>, or send an API token as "
	"<code>Authorization: Bearer</code>).</p>\n"
	"<p>Health: <a href=\"/healthz\">/healthz</a> &middot; "
	"Metrics: <a href=\"/metrics\">/metrics</a></p>\n"
	"</body></html>\n";

int
api_index(struct req *r)
{
	return respond_text(r, 200, "text/html; charset=utf-8", index_html);
}
