/*
 * sink_int.h -- what the sink engine, the formats and the transports
 * share; not for use outside src/audit/sinks/.
 *
 * LAYERS: engine.c runs one thread per sink: it reads a batch of durable
 *     rows from the store, has the sink's format turn each into one
 *     message (format.c), and hands the batch to the transport
 *     (tx_*.c), which reports how far the receiver has acknowledged.
 *     The engine alone moves the cursor.
 */
#ifndef KAITO_AUDIT_SINKS_SINK_INT_H
#define KAITO_AUDIT_SINKS_SINK_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/checkpoint.h"
#include "audit/jcs.h"
#include "audit/leaf.h"
#include "audit/sinks/sink.h"
#include "util/errbuf.h"

/* A sink's settings, parsed and checked (config.c). Strings are owned;
 * secrets are wiped by sink_config_clear(). */
struct sink_config {
	enum sink_type type;
	enum sink_format format;	/* SINK_SYSLOG only */
	enum sink_transport transport;	/* SINK_SYSLOG only */
	char *host;			/* syslog: the receiver */
	int port;
	char *tls_ca;			/* PEM: the CAs trusted (pinned) */
	char *tls_cert;			/* PEM: our client certificate chain */
	char *tls_key;			/* PEM, secret: its private key */
	char *tls_server_name;		/* name checked in the server's
					   certificate (default: host) */
	char *hostname;			/* HOSTNAME we report */
	char *app_name;			/* syslog APP-NAME */
	int facility;			/* syslog facility, 0..23 */
	char *sd_id;			/* SD-ID, "kaito@32473" */
	int confirm_events;		/* tcp/tls: close the connection (and
					   confirm) after this many events */
	int confirm_ms;			/* ... or after this long */
	char *url;			/* hec: base URL; webhook: the URL */
	char *token;			/* hec, secret */
	int ack;			/* hec: indexer acknowledgement */
	char *index;			/* hec: index, or NULL */
	char *source;			/* hec: source */
	char *sourcetype;		/* hec: sourcetype */
	unsigned char *key;		/* webhook, secret: the HMAC key */
	size_t key_len;
	char *path;			/* file */
	int batch_max;			/* events per batch */
	int batch_bytes;		/* bytes per batch (about) */
	int retry_max_s;		/* backoff cap */
	int timeout_s;			/* network operations */
};

/* Parse a stored definition (config and secrets objects; secrets may be
 * NULL) into c, with the defaults applied. Returns 0, or -1 with e set
 * (and c cleared). */
int sink_config_parse(const json_t *config, const json_t *secrets,
    struct sink_config *c, struct errbuf *e);

/* Wipe the secrets and free everything c owns. */
void sink_config_clear(struct sink_config *c);

/* A batch: consecutive events first..last, each formatted as one message;
 * message i is buf.p[off[i] .. off[i + 1]). */
struct sink_batch {
	uint64_t first;			/* seq of message 0 */
	size_t n;			/* messages */
	size_t cap;			/* entries of off, less one */
	size_t *off;			/* owned */
	struct jcs_buf buf;		/* owned: the messages back to back */
	int64_t first_ts_us;		/* time of the first event */
};

/* What a format sees of one event: the row, and its event text (the
 * leaf with "lh"). */
struct sink_event {
	const struct audit_row *row;
	const char *json;		/* the event object, with "lh" */
	size_t json_len;
	char lh[AUDIT_LH_HEX];		/* hex leaf hash */
	char id[AUDIT_INSTALL_ID_MAX + 24];	/* "<install>:<seq>" */
};

/* Format one event, appending its message to out. Returns 0 or -1. */
typedef int (*sink_format_fn)(const struct sink_config *c,
    const struct sink_event *ev, struct jcs_buf *out);

int sink_format_5424(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out);
int sink_format_cef(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out);
int sink_format_hec(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out);
int sink_format_webhook(const struct sink_config *c,
    const struct sink_event *ev, struct jcs_buf *out);
int sink_format_line(const struct sink_config *c, const struct sink_event *ev,
    struct jcs_buf *out);

/* The escaping of RFC 5424 PARAM-VALUE ('"', '\' and ']' get a '\'),
 * of a CEF header field ('|' and '\'; line ends become spaces) and of a
 * CEF extension value ('=' and '\'; CR and LF as \r and \n). Each appends
 * s[0..n) to out. Returns 0 or -1. */
int sink_esc_sd(struct jcs_buf *out, const char *s, size_t n);
int sink_esc_cef_header(struct jcs_buf *out, const char *s, size_t n);
int sink_esc_cef_value(struct jcs_buf *out, const char *s, size_t n);

/* RFC 3339 UTC time with microseconds of ts_us into out (32 bytes). */
void sink_time_rfc3339(int64_t ts_us, char out[32]);

/* What a transport is told about its sink. */
struct sink_ctx {
	const struct sink_config *cfg;	/* borrowed */
	const char *install_id;		/* for ids: "<install>:<seq>" */
	const char *name;		/* the sink's name, for log lines */
	int stop_fd;			/* readable once the sink must stop */
	const atomic_int *stop;		/* set when the sink must stop */
};

/*
 * A transport. send() delivers the batch; it returns 0 and sets *acked
 * to the highest seq the receiver has acknowledged (which may be lower
 * than the batch's last: plain TCP and TLS confirm at the end of a
 * connection), or -1 with e set (the engine closes, backs off and sends
 * again from the last acknowledged seq). idle() is called when nothing
 * is left to send, and may confirm what was sent (0 and *acked), or do
 * nothing. close() drops the connection. free() releases the state.
 */
struct sink_tx {
	void *(*open)(const struct sink_ctx *ctx, struct errbuf *e);
	int (*send)(void *tx, const struct sink_ctx *ctx,
	    const struct sink_batch *b, uint64_t *acked, struct errbuf *e);
	int (*idle)(void *tx, const struct sink_ctx *ctx, uint64_t *acked,
	    struct errbuf *e);
	void (*close)(void *tx, const struct sink_ctx *ctx);
	void (*free)(void *tx);
	int idle_ms;			/* how soon idle() is wanted; 0 never */
	int reuse_retry;		/* a failure on a reused connection is
					   retried at once, once */
};

extern const struct sink_tx sink_tx_syslog;	/* tcp, tls */
extern const struct sink_tx sink_tx_relp;
extern const struct sink_tx sink_tx_hec;
extern const struct sink_tx sink_tx_webhook;
extern const struct sink_tx sink_tx_file;

/* v, for jansson's iteration macros, which want a mutable object even to
 * read (config.c). */
json_t *sink_unconst(const json_t *v);

/* Milliseconds on the monotonic clock. */
int64_t sink_now_ms(void);

#endif
