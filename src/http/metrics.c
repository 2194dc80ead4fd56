/*
 * metrics.c -- see metrics.h.
 *
 * FORMAT (Prometheus text 0.0.4):
 *   kaito_http_requests_total{route,method,status}   counter
 *   kaito_http_request_duration_seconds{route,method} histogram
 *   kaito_audit_queue_depth                           gauge
 *   kaito_audit_commits_total, kaito_audit_jobs_total,
 *   kaito_audit_commit_failures_total                 counters
 *   kaito_sse_streams                                 gauge
 *   kaito_sse_events_total, kaito_sse_dropped_total   counters
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/writer.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/sse.h"

static const int statuses[] = { 200, 201, 202, 204, 304, 400, 401, 403, 404,
    405, 409, 413, 415, 422, 429, 500, 503 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1)	/* + other */

static const double buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define NBUCKET (sizeof(buckets) / sizeof(buckets[0]))

struct route_stats {
	atomic_ullong by_status[NSTATUS];
	atomic_ullong le[NBUCKET];	/* non-cumulative; summed on render */
	atomic_ullong count;
	atomic_ullong sum_ns;
};

static struct route_stats *stats;	/* routes_count() + 1 entries */
static size_t nroutes;

int
metrics_init(void)
{
	nroutes = routes_count();
	stats = calloc(nroutes + 1, sizeof(*stats));
	return stats != NULL ? 0 : -1;
}

void
metrics_free(void)
{
	free(stats);
	stats = NULL;
}

static size_t
status_index(int status)
{
	size_t i;

	for (i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void
metrics_record(size_t route, int status, uint64_t ns)
{
	struct route_stats *s;
	double secs = (double)ns / 1e9;
	size_t b;

	if (stats == NULL)
		return;
	s = &stats[route < nroutes ? route : nroutes];
	atomic_fetch_add_explicit(&s->by_status[status_index(status)], 1,
	    memory_order_relaxed);
	for (b = 0; b < NBUCKET && secs > buckets[b]; b++)
		;
	if (b < NBUCKET)
		atomic_fetch_add_explicit(&s->le[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_ns, ns, memory_order_relaxed);
}

struct out {
	char *buf;
	size_t len, cap;
	int failed;
};

static void
out_printf(struct out *o, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));

static void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->failed = 1;
			return;
		}
		if ((size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		char *nb = realloc(o->buf, o->cap * 2 + (size_t)n);
		if (nb == NULL) {
			o->failed = 1;
			return;
		}
		o->buf = nb;
		o->cap = o->cap * 2 + (size_t)n;
	}
}

static void
route_labels(size_t i, const char **pattern, const char **method)
{
	if (i < nroutes) {
		*pattern = routes[i].pattern;
		*method = routes[i].method;
	} else {
		*pattern = "unmatched";
		*method = "";
	}
}

static void
render_requests(struct out *o)
{
	const char *pattern, *method;
	unsigned long long v;
	size_t i, k;

	out_printf(o, "# HELP kaito_http_requests_total HTTP requests "
	    "answered, by route and status.\n"
	    "# TYPE kaito_http_requests_total counter\n");
	for (i = 0; i <= nroutes; i++) {
		route_labels(i, &pattern, &method);
		for (k = 0; k < NSTATUS; k++) {
			if ((v = atomic_load(&stats[i].by_status[k])) == 0)
				continue;
			if (k < NSTATUS - 1)
				out_printf(o, "kaito_http_requests_total{route="
				    "\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
				    pattern, method, statuses[k], v);
			else
				out_printf(o, "kaito_http_requests_total{route="
				    "\"%s\",method=\"%s\",status=\"other\"} "
				    "%llu\n", pattern, method, v);
		}
	}
}

static void
render_latency(struct out *o)
{
	const char *pattern, *method;
	unsigned long long cum, count;
	size_t i, b;

	out_printf(o, "# HELP kaito_http_request_duration_seconds Time from "
	    "request to answer.\n"
	    "# TYPE kaito_http_request_duration_seconds histogram\n");
	for (i = 0; i <= nroutes; i++) {
		if ((count = atomic_load(&stats[i].count)) == 0)
			continue;
		route_labels(i, &pattern, &method);
		for (cum = 0, b = 0; b < NBUCKET; b++) {
			cum += atomic_load(&stats[i].le[b]);
			out_printf(o, "kaito_http_request_duration_seconds_bucket"
			    "{route=\"%s\",method=\"%s\",le=\"%g\"} %llu\n",
			    pattern, method, buckets[b], cum);
		}
		out_printf(o, "kaito_http_request_duration_seconds_bucket"
		    "{route=\"%s\",method=\"%s\",le=\"+Inf\"} %llu\n"
		    "kaito_http_request_duration_seconds_sum{route=\"%s\","
		    "method=\"%s\"} %.6f\n"
		    "kaito_http_request_duration_seconds_count{route=\"%s\","
		    "method=\"%s\"} %llu\n", pattern, method, count, pattern,
		    method, (double)atomic_load(&stats[i].sum_ns) / 1e9,
		    pattern, method, count);
	}
}

static void
render_audit(struct out *o)
{
	unsigned long long commits, jobs, failed;

	writer_stats(&commits, &jobs, &failed);
	out_printf(o, "# HELP kaito_audit_queue_depth Writes (with their "
	    "audit events) waiting for or in a commit.\n"
	    "# TYPE kaito_audit_queue_depth gauge\n"
	    "kaito_audit_queue_depth %zu\n"
	    "# HELP kaito_audit_commits_total Group commits of the writer.\n"
	    "# TYPE kaito_audit_commits_total counter\n"
	    "kaito_audit_commits_total %llu\n"
	    "# HELP kaito_audit_jobs_total Writes committed.\n"
	    "# TYPE kaito_audit_jobs_total counter\n"
	    "kaito_audit_jobs_total %llu\n"
	    "# HELP kaito_audit_commit_failures_total Commits that failed "
	    "(their requests got 503).\n"
	    "# TYPE kaito_audit_commit_failures_total counter\n"
	    "kaito_audit_commit_failures_total %llu\n",
	    writer_queue_depth(), commits, jobs, failed);
}

static void
render_sse(struct out *o)
{
	unsigned long long events, dropped;
	size_t open;

	sse_hub_stats(&open, &events, &dropped);
	out_printf(o, "# HELP kaito_sse_streams Event streams open.\n"
	    "# TYPE kaito_sse_streams gauge\n"
	    "kaito_sse_streams %zu\n"
	    "# HELP kaito_sse_events_total Events queued to streams.\n"
	    "# TYPE kaito_sse_events_total counter\n"
	    "kaito_sse_events_total %llu\n"
	    "# HELP kaito_sse_dropped_total Streams dropped for falling "
	    "behind.\n"
	    "# TYPE kaito_sse_dropped_total counter\n"
	    "kaito_sse_dropped_total %llu\n", open, events, dropped);
}

char *
metrics_render(void)
{
	struct out o = { NULL, 0, 16384, 0 };

	if (stats == NULL || (o.buf = malloc(o.cap)) == NULL)
		return NULL;
	o.buf[0] = '\0';
	render_requests(&o);
	render_latency(&o);
	render_audit(&o);
	render_sse(&o);
	if (o.failed) {
		free(o.buf);
		return NULL;
	}
	return o.buf;
}
