/*
 * writer.h -- the one thread that writes: changes and their audit events,
 * committed together, in groups.
 *
 * Why: an audited action completes only after its event is durable (fail
 * closed), and a change must never land without its event. So every write
 * is a job: the change and the event run in one savepoint of the writer's
 * transaction, and the caller hears back only after COMMIT returned (WAL
 * fsync'd). Jobs that arrive while a commit is in flight wait for the next
 * one and share its fsync (group commit), so durability does not cap
 * throughput. One writer also gives the audit log one total order.
 *
 * LIFECYCLE of a job: the caller fills it and calls writer_submit(); the
 * writer runs it, commits, then calls job->done(job->done_arg, rc) from
 * the writer thread. Until done is called the job belongs to the writer;
 * after, to the caller again. done must be quick (it resumes a request).
 */
#ifndef KAITO_AUDIT_WRITER_H
#define KAITO_AUDIT_WRITER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "audit/event.h"
#include "store/store.h"

struct writer_job {
	/*
	 * The change, run inside a savepoint. It may fill the event (target
	 * id, details, outcome). Returns 0 to keep it; any other value
	 * (STORE_CONFLICT, STORE_NOTFOUND, -1, or a positive code of the
	 * job's own) rolls it back and is passed to done. NULL: the job is
	 * the audit event alone.
	 */
	int (*run)(struct store *st, void *arg, struct audit_event *ev);
	void *arg;			/* borrowed by run */
	struct audit_event ev;		/* appended after run; none if action is NULL */
	int audit_failure;		/* still append ev (outcome "failure",
					   unless run set another) when run fails */
	int auth_neutral;		/* run changes no credential (users, API
					   tokens, sessions): the authentication
					   cache survives its commit
					   (auth/authcache.h). Jobs without run
					   are neutral. Default 0: be safe. */
	void (*done)(void *done_arg, int rc);	/* rc: run's value, or -1 when
						   the commit failed */
	void *done_arg;
	int rc;				/* result, also passed to done */
	TAILQ_ENTRY(writer_job) link;	/* under the writer's lock */
};

/* Start the writer thread on its own connection to path. Returns 0 or -1
 * with e set. */
int writer_start(const char *path, struct errbuf *e);

/* Finish the queued jobs, then stop the thread. */
void writer_stop(void);

/*
 * Queue job. Returns 0 (done will be called exactly once), or -1 when the
 * queue is full (LIMIT_AUDIT_QUEUE) or the writer is stopped (done will not
 * be called; answer 503).
 */
int writer_submit(struct writer_job *job);

/*
 * Run job at once in its own transaction on st, in the calling thread (CLI
 * commands, tests). done is called if set. Returns the job's rc.
 */
int writer_run_sync(struct store *st, struct writer_job *job);

/*
 * The audit log's size (its highest seq) as far as the syncer has made it
 * durable. Readers that publish the log (checkpoints, proofs, the pull
 * API, SIEM sinks) stop there: a row readers can see but a power cut could
 * still take back must never reach a witness. 0 before the writer runs.
 */
uint64_t writer_durable_size(void);

/*
 * Wait (at most timeout_ms) until the durable size exceeds have, or *stop
 * is set and writer_durable_wake() was called; returns the durable size
 * then. For readers that follow the log (SIEM sinks) without polling.
 */
uint64_t writer_wait_durable(uint64_t have, const atomic_int *stop,
    int timeout_ms);

/* Wake every writer_wait_durable() caller (to notice its stop flag). */
void writer_durable_wake(void);

/* Jobs waiting or in flight (for /metrics). */
size_t writer_queue_depth(void);

/* Counters for /metrics: commits done and jobs committed. */
void writer_stats(unsigned long long *commits, unsigned long long *jobs,
    unsigned long long *failed_commits);

#endif
