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
 *   kaito_audit_durable_seq                           gauge
 *   kaito_sink_up, kaito_sink_acked_seq, kaito_sink_lag_events,
 *   kaito_sink_lag_seconds, kaito_sink_last_success_timestamp_seconds,
 *   kaito_sink_last_error_timestamp_seconds{sink,type} gauges
 *   kaito_sink_delivered_total, kaito_sink_errors_total,
 *   kaito_sink_retries_total{sink,type}               counters (since start)
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/sinks/sink.h"
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

/* A label value: '\\', '"' and line feeds escaped. */
static void
label_value(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s != '\0' && o + 3 < cap; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n') {
			out[o++] = '\\';
			out[o++] = *s == '\n' ? 'n' : *s;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
}

struct sink_metric {
	const char *name, *type, *help;
};

static const struct sink_metric sink_metrics[] = {
	{ "kaito_sink_up", "gauge", "1 when the sink's last attempt "
	    "succeeded." },
	{ "kaito_sink_acked_seq", "gauge", "Highest audit seq the receiver "
	    "acknowledged." },
	{ "kaito_sink_lag_events", "gauge", "Durable events the receiver has "
	    "not acknowledged." },
	{ "kaito_sink_lag_seconds", "gauge", "Age of the oldest event the "
	    "receiver has not acknowledged." },
	{ "kaito_sink_last_success_timestamp_seconds", "gauge", "When the "
	    "receiver last acknowledged (0 never)." },
	{ "kaito_sink_last_error_timestamp_seconds", "gauge", "When an "
	    "attempt last failed (0 never)." },
	{ "kaito_sink_delivered_total", "counter", "Events acknowledged since "
	    "start." },
	{ "kaito_sink_errors_total", "counter", "Failed attempts since "
	    "start." },
	{ "kaito_sink_retries_total", "counter", "Batches sent again since "
	    "start." },
};

static double
sink_value(const struct sink_state *s, size_t m)
{
	switch (m) {
	case 0: return s->healthy;
	case 1: return (double)s->acked_seq;
	case 2: return (double)s->lag_events;
	case 3: return s->lag_seconds;
	case 4: return (double)s->last_success_us / 1e6;
	case 5: return (double)s->last_error_us / 1e6;
	case 6: return (double)s->delivered;
	case 7: return (double)s->errors;
	default: return (double)s->retries;
	}
}

static void
render_sinks(struct out *o)
{
	struct sink_state *v = NULL;
	char name[2 * LIMIT_NAME + 8];
	size_t n = 0, i, m;

	out_printf(o, "# HELP kaito_audit_durable_seq The audit log's last "
	    "durable seq (what sinks may send).\n"
	    "# TYPE kaito_audit_durable_seq gauge\n"
	    "kaito_audit_durable_seq %llu\n",
	    (unsigned long long)writer_durable_size());
	if (store_thread() == NULL ||
	    sink_engine_states(store_thread(), &v, &n) == -1 || n == 0) {
		free(v);
		return;
	}
	for (m = 0; m < sizeof(sink_metrics) / sizeof(sink_metrics[0]); m++) {
		out_printf(o, "# HELP %s %s\n# TYPE %s %s\n",
		    sink_metrics[m].name, sink_metrics[m].help,
		    sink_metrics[m].name, sink_metrics[m].type);
		for (i = 0; i < n; i++) {
			label_value(v[i].name, name, sizeof(name));
			out_printf(o, "%s{sink=\"%s\",id=\"%lld\"} %.17g\n",
			    sink_metrics[m].name, name, (long long)v[i].id,
			    sink_value(&v[i], m));
		}
	}
	free(v);
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
	render_sinks(&o);
	if (o.failed) {
		free(o.buf);
		return NULL;
	}
	return o.buf;
}
