/*
 * tx_file.c -- a JSON-lines file: one event object (with "lh") per line,
 * appended, fdatasync'd, then acknowledged.
 *
 * FORMAT: the lines of `kaito audit export` without its header lines, so
 *     a file that starts at seq 1 is checked by `kaito audit verify
 *     --file FILE --pubkey KEY`.
 * NO REPEATS: at-least-once delivery would repeat events after a crash
 *     between the fdatasync and the cursor's commit. So when the file is
 *     opened, a torn last line (a crash in the middle of a write) is cut
 *     off, the last line's seq is read back, and events up to it are not
 *     written again: the file gets every event exactly once.
 * ROTATION: before each batch the path is compared (device and inode)
 *     with the open file; when logrotate (or anyone) moved or removed
 *     it, the file is reopened at the path, created 0600. Moving the
 *     file away is all a rotation needs (no signal, no copytruncate).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "audit/sinks/sink_int.h"

#define TAIL_MAX	(AUDIT_LEAF_MAX + 4096)	/* longest line we read back */
#define LINE_START	"{\"action\":"		/* how every line starts */

struct file_tx {
	int fd;				/* -1: not open */
	dev_t dev;
	ino_t ino;
	uint64_t last_seq;		/* the file's last line's seq */
};

static void *
file_open(const struct sink_ctx *ctx, struct errbuf *e)
{
	struct file_tx *t;

	(void)ctx;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		errbuf_set(e, "out of memory");
		return NULL;
	}
	t->fd = -1;
	return t;
}

static void
file_close(void *tx, const struct sink_ctx *ctx)
{
	struct file_tx *t = tx;

	(void)ctx;
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
}

static void
file_free(void *tx)
{
	struct file_tx *t = tx;

	if (t == NULL)
		return;
	if (t->fd != -1)
		close(t->fd);
	free(t);
}

/* Cut a torn last line off, and read the seq of the last whole line. */
static int
recover_tail(struct file_tx *t, const char *path, struct errbuf *e)
{
	struct stat sb;
	off_t size, start;
	char *buf = NULL;
	ssize_t got;
	size_t n, end, i;
	json_t *j;
	int rc = -1;

	t->last_seq = 0;
	if (fstat(t->fd, &sb) == -1)
		return errbuf_set(e, "%s: %s", path, strerror(errno));
	if ((size = sb.st_size) == 0)
		return 0;
	start = size > TAIL_MAX ? size - TAIL_MAX : 0;
	n = (size_t)(size - start);
	if ((buf = malloc(n + 1)) == NULL)
		return errbuf_set(e, "out of memory");
	if ((got = pread(t->fd, buf, n, start)) != (ssize_t)n) {
		errbuf_set(e, "%s: cannot read its end", path);
		goto out;
	}
	for (end = n; end > 0 && buf[end - 1] != '\n'; end--)
		;
	if (end < n) {
		/* A torn line (we only ever write whole lines, and each
		 * starts so): cut it. Anything else is not ours to cut. */
		if (n - end < sizeof(LINE_START) - 1 ? memcmp(buf + end,
		    LINE_START, n - end) != 0 : memcmp(buf + end, LINE_START,
		    sizeof(LINE_START) - 1) != 0) {
			errbuf_set(e, "%s: it does not end with a whole line, "
			    "and the last one is not an event: not a sink "
			    "file? (left as it is)", path);
			goto out;
		}
		if (ftruncate(t->fd, start + (off_t)end) == -1 ||
		    fdatasync(t->fd) == -1) {
			errbuf_set(e, "%s: cannot cut a torn line: %s", path,
			    strerror(errno));
			goto out;
		}
	}
	if (end == 0) {
		rc = 0;	/* no whole line in reach: nothing to skip */
		goto out;
	}
	for (i = end - 1; i > 0 && buf[i - 1] != '\n'; i--)
		;
	j = json_loadb(buf + i, end - 1 - i, 0, NULL);
	if (json_is_integer(json_object_get(j, "seq")))
		t->last_seq = (uint64_t)json_integer_value(json_object_get(j,
		    "seq"));
	json_decref(j);
	rc = 0;
out:
	free(buf);
	return rc;
}

/* Make a new file's name durable: fsync its directory. */
static int
sync_dir(const char *path, struct errbuf *e)
{
	char dir[LIMIT_SINK_URL + 1];
	char *slash;
	int fd, rc;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		return 0;
	if (slash == dir)
		slash[1] = '\0';	/* "/" */
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errbuf_set(e, "%s: %s", dir, strerror(errno));
	rc = fsync(fd);
	close(fd);
	return rc == 0 ? 0 : errbuf_set(e, "%s: fsync: %s", dir,
	    strerror(errno));
}

static int
reopen(struct file_tx *t, const char *path, struct errbuf *e)
{
	struct stat sb;

	if (t->fd != -1)
		close(t->fd);
	if ((t->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		return errbuf_set(e, "%s: %s", path, strerror(errno));
	if (fstat(t->fd, &sb) == -1 || recover_tail(t, path, e) == -1 ||
	    sync_dir(path, e) == -1) {
		if (e->msg[0] == '\0')
			errbuf_set(e, "%s: %s", path, strerror(errno));
		close(t->fd);
		t->fd = -1;
		return -1;
	}
	t->dev = sb.st_dev;
	t->ino = sb.st_ino;
	return 0;
}

static int
file_send(void *tx, const struct sink_ctx *ctx, const struct sink_batch *b,
    uint64_t *acked, struct errbuf *e)
{
	struct file_tx *t = tx;
	const char *path = ctx->cfg->path;
	struct stat sb;
	const char *p;
	size_t n, skip = 0;
	ssize_t w;

	if (t->fd == -1 || stat(path, &sb) == -1 || sb.st_dev != t->dev ||
	    sb.st_ino != t->ino) {
		if (reopen(t, path, e) == -1)
			return -1;
	}
	if (t->last_seq >= b->first)
		skip = t->last_seq - b->first + 1;
	if (skip < b->n) {
		p = b->buf.p + b->off[skip];
		n = b->off[b->n] - b->off[skip];
		while (n > 0) {
			if ((w = write(t->fd, p, n)) < 0) {
				if (errno == EINTR)
					continue;
				errbuf_set(e, "%s: %s", path, strerror(errno));
				/* A torn line is cut at the next open. */
				file_close(t, ctx);
				return -1;
			}
			p += w;
			n -= (size_t)w;
		}
		if (fdatasync(t->fd) == -1) {
			errbuf_set(e, "%s: fdatasync: %s", path,
			    strerror(errno));
			file_close(t, ctx);
			return -1;
		}
		t->last_seq = b->first + b->n - 1;
	}
	*acked = b->first + b->n - 1;
	return 0;
}

static int
file_idle(void *tx, const struct sink_ctx *ctx, uint64_t *acked,
    struct errbuf *e)
{
	(void)tx;
	(void)ctx;
	(void)acked;
	(void)e;
	return 0;
}

const struct sink_tx sink_tx_file = {
	.open = file_open,
	.send = file_send,
	.idle = file_idle,
	.close = file_close,
	.free = file_free,
	.idle_ms = 0,
	.reuse_retry = 0,
};
