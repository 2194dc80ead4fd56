/*
 * checkpoint.c -- signing checkpoints; see checkpoint.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/checkpoint.h"
#include "audit/event.h"
#include "store/audit.h"
#include "store/audit_log.h"
#include "store/meta.h"
#include "util/log.h"
#include "vault/keys.h"

static struct {
	pthread_mutex_t mtx;
	struct note_signer *s;		/* sodium_malloc'd; no access
					   between uses; under mtx */
} signer = { PTHREAD_MUTEX_INITIALIZER, NULL };

int
audit_install_id(struct store *st, char out[AUDIT_INSTALL_ID_MAX])
{
	unsigned char *v = NULL;
	size_t n = 0, i;
	int rc = -1;

	if (store_meta_get(st, "install_id", &v, &n) != 0)
		goto out;
	if (n == 0 || n >= AUDIT_INSTALL_ID_MAX)
		goto out;
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' &&
		    v[i] <= 'z')))
			goto out;
	memcpy(out, v, n);
	out[n] = '\0';
	rc = 0;
out:
	if (rc == -1)
		log_warnx("%s: no valid install id in the database", __func__);
	free(v);
	return rc;
}

int
audit_origin(struct store *st, char out[NOTE_NAME_MAX + 1])
{
	char id[AUDIT_INSTALL_ID_MAX];

	if (audit_install_id(st, id) == -1)
		return -1;
	snprintf(out, NOTE_NAME_MAX + 1, AUDIT_ORIGIN_PREFIX "%s", id);
	return 0;
}

/*
 * Make sure the cached signer is the one for name. Under signer.mtx. The
 * signer stays in read-only guarded memory between uses, like the subkeys
 * (vault/keys.h): making it inaccessible after every checkpoint cost two
 * mprotect calls and their TLB shootdowns per group commit, as much as
 * the Ed25519 signature itself.
 */
static int
signer_load(const char *name)
{
	unsigned char seed[KEY_LEN];
	int rc;

	if (signer.s != NULL && strcmp(signer.s->v.name, name) == 0)
		return 0;
	if (!keys_loaded())
		return -1;
	if (signer.s == NULL &&
	    (signer.s = sodium_malloc(sizeof(*signer.s))) == NULL)
		return -1;
	sodium_mprotect_readwrite(signer.s);
	keys_derive(KEY_AUDIT_SIGN, seed);
	rc = note_signer_init(signer.s, name, seed);
	sodium_memzero(seed, sizeof(seed));
	sodium_mprotect_readonly(signer.s);
	return rc;
}

static void
signer_done(void)
{
}

int
audit_verifier(struct store *st, struct note_verifier *v)
{
	char name[NOTE_NAME_MAX + 1];
	int rc = -1;

	if (audit_origin(st, name) == -1)
		return -1;
	pthread_mutex_lock(&signer.mtx);
	if (signer_load(name) == 0) {
		*v = signer.s->v;
		rc = 0;
	}
	signer_done();
	pthread_mutex_unlock(&signer.mtx);
	return rc;
}

static int
sign(const char *name, const char *text, size_t n, char *out, size_t cap)
{
	int len = -1;

	pthread_mutex_lock(&signer.mtx);
	if (signer_load(name) == 0)
		len = note_sign(signer.s, text, n, out, cap);
	signer_done();
	pthread_mutex_unlock(&signer.mtx);
	return len;
}

void
audit_signer_forget(void)
{
	pthread_mutex_lock(&signer.mtx);
	if (signer.s != NULL) {
		sodium_mprotect_readwrite(signer.s);
		sodium_free(signer.s);	/* wipes */
		signer.s = NULL;
	}
	pthread_mutex_unlock(&signer.mtx);
}

int
audit_checkpoint(struct store *st, int force)
{
	struct merkle_frontier f;
	struct tlog_checkpoint cp;
	struct audit_event ev;
	char text[AUDIT_NOTE_MAX], note[AUDIT_NOTE_MAX];
	uint64_t last;
	int len, rc;

	if (!keys_loaded())
		return 0;
	if (store_audit_frontier(st, &f) == -1 ||
	    store_audit_checkpoint_get(st, &last, NULL) == -1)
		return -1;
	if (f.size == 0)
		return 0;
	/* At rest the last row is the last checkpoint's own event. */
	if (!force && last != 0 && f.size <= last + 1)
		return 0;
	if (audit_origin(st, cp.origin) == -1)
		return -1;
	cp.size = f.size;
	merkle_frontier_root(&f, &cp.root);
	if ((len = tlog_checkpoint_format(&cp, text, sizeof(text))) == -1 ||
	    (len = sign(cp.origin, text, (size_t)len, note, sizeof(note))) ==
	    -1) {
		log_warnx("%s: cannot sign the checkpoint of size %llu",
		    __func__, (unsigned long long)cp.size);
		return -1;
	}
	if (store_audit_checkpoint_put(st, cp.size, note) == -1)
		return -1;
	audit_event_init(&ev, NULL, "audit.checkpoint");
	audit_event_detail(&ev, "note", json_string(note));
	rc = ev.details != NULL ? store_audit_append(st, &ev) : -1;
	audit_event_clear(&ev);
	return rc == 0 ? 1 : -1;
}
