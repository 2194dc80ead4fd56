/*
 * metrics.h -- Prometheus text exposition for GET /metrics.
 *
 * Why: operators watch request rates, error rates, latency and the audit
 * queue; a lagging audit writer is the first sign of a sick disk. Counters
 * are lock-free atomics so recording costs no contention.
 */
#ifndef KAITO_HTTP_METRICS_H
#define KAITO_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* Size the per-route arrays; call once before serving. Returns 0 or -1. */
int metrics_init(void);
void metrics_free(void);

/* Record one answered request: route index (routes_count() for
 * unmatched), status and duration in nanoseconds. */
void metrics_record(size_t route, int status, uint64_t ns);

/* Render the exposition into a new malloc'd string; NULL on failure. */
char *metrics_render(void);

#endif
