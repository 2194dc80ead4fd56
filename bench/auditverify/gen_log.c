/*
 * gen_log.c -- make a data directory with a large audit log, for timing
 * `kaito audit verify`.
 *
 * Usage: gen_log DIR EVENTS [PER_COMMIT]
 *
 * Why: verification speed is per row, so the log must look like a real
 * one at volume: mostly code views (from browsers, with a long user agent,
 * and from API clients), some refusals, logins and HOTP views with
 * details, written through the real append path (store_audit_append:
 * canonical JSON, leaf hash, frontier, stored subtree roots) in large
 * transactions, each closed by a signed checkpoint, as the writer does
 * under load. Prints the rows written and the time taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/jsonmem.h"
#include "util/log.h"
#include "vault/keycheck.h"
#include "vault/keys.h"

static const char *const browser_ua =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36";

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Event i of the mix: 70% browser code views, 15% API code views, 5%
 * refusals, 5% logins, 5% HOTP views. */
static void
make_event(struct audit_event *ev, uint64_t i)
{
	struct audit_actor a;
	unsigned r = (unsigned)(i * 2654435761u % 100);
	char name[64];

	memset(&a, 0, sizeof(a));
	a.type = "user";
	a.id = (int64_t)(i % 97) + 1;
	snprintf(a.email, sizeof(a.email), "user%llu@example.com",
	    (unsigned long long)(i % 97) + 1);
	snprintf(a.ip, sizeof(a.ip), "203.0.113.%llu",
	    (unsigned long long)(i % 250) + 1);
	a.channel = r >= 70 && r < 85 ? "api" : "web";
	snprintf(a.user_agent, sizeof(a.user_agent), "%s",
	    r >= 70 && r < 85 ? "python-requests/2.31.0" : browser_ua);
	snprintf(name, sizeof(name), "Service %llu (ops@example.com)",
	    (unsigned long long)(i % 40) + 1);
	if (r >= 90 && r < 95) {
		audit_event_init(ev, &a, "user.login");
		audit_event_target(ev, "user", a.id, a.email);
		audit_event_detail(ev, "method", json_string("password+totp"));
	} else {
		audit_event_init(ev, &a, "token.code.view");
		audit_event_target(ev, "token", (int64_t)(i % 40) + 1, name);
	}
	if (r >= 85 && r < 90) {
		ev->outcome = "denied";
		audit_event_detail(ev, "needed", json_string("code"));
	} else if (r >= 95)
		audit_event_detail(ev, "counter", json_integer((json_int_t)i));
	ev->ts_us = 1736936625000000LL + (int64_t)i * 1000;
}

int
main(int argc, char **argv)
{
	struct audit_event ev;
	struct errbuf e;
	struct store *st;
	char key[4096], db[4096];
	uint64_t n, per, i;
	double t0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen_log DIR EVENTS [PER_COMMIT]\n");
		return 2;
	}
	n = strtoull(argv[2], NULL, 10);
	per = argc == 4 ? strtoull(argv[3], NULL, 10) : 10000;
	if (sodium_init() < 0 || per == 0)
		return 1;
	jsonmem_init();
	log_set_quiet(1);
	snprintf(key, sizeof(key), "%s/root.key", argv[1]);
	snprintf(db, sizeof(db), "%s/kaito.db", argv[1]);
	if (mkdir(argv[1], 0700) == -1 || keys_create_file(key, &e) == -1 ||
	    keys_load(key, &e) == -1 || (st = store_open(db, &e)) == NULL) {
		fprintf(stderr, "gen_log: %s: cannot create (exists?) %s\n",
		    argv[1], e.msg);
		return 1;
	}
	if (keycheck_create(st) == -1)
		return 1;
	t0 = now_seconds();
	for (i = 0; i < n;) {
		if (store_begin(st) == -1)
			return 1;
		for (uint64_t k = 0; k < per && i < n; k++, i++) {
			make_event(&ev, i);
			if (store_audit_append(st, &ev) == -1)
				return 1;
			audit_event_clear(&ev);
		}
		if (audit_checkpoint(st, 0) == -1 || store_commit(st) == -1)
			return 1;
	}
	printf("wrote %llu events in %.1f s\n", (unsigned long long)n,
	    now_seconds() - t0);
	store_close(st);
	audit_signer_forget();
	keys_unload();
	return 0;
}
