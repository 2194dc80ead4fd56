/*
 * keys.c -- root key storage and subkey derivation.
 *
 * FORMAT: the key file holds exactly 32 raw bytes. KAITO_ROOT_KEY holds
 *     the same 32 bytes as 64 hex digits.
 * DERIVATION: subkey = crypto_kdf_derive_from_key(32, purpose, "kaito-v1",
 *     root), i.e. BLAKE2b keyed with the root key, personalised by the
 *     context and the purpose number.
 * THREADS: keys_load and keys_unload run while no other thread uses keys;
 *     in between the subkeys are read-only and read without locks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "vault/keys.h"

#define KDF_CONTEXT "kaito-v1"

#define KEY_PURPOSES 6			/* enum key_purpose values 1..5, and 0 */

/* sodium_malloc'd, read-only after load: subkeys[p] for purpose p. */
static unsigned char (*subkeys)[KEY_LEN];

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
keys_create_file(const char *path, struct errbuf *e)
{
	unsigned char key[KEY_LEN];
	int fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return errbuf_set(e, "%s: %s", path, strerror(errno));
	randombytes_buf(key, sizeof(key));
	if (write_all(fd, key, sizeof(key)) == -1 || fsync(fd) == -1)
		errbuf_set(e, "%s: %s", path, strerror(errno));
	else
		rc = 0;
	sodium_memzero(key, sizeof(key));
	if (close(fd) == -1 && rc == 0)
		rc = errbuf_set(e, "%s: %s", path, strerror(errno));
	if (rc == -1)
		unlink(path);
	return rc;
}

static int
read_key_file(const char *path, unsigned char key[KEY_LEN], struct errbuf *e)
{
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errbuf_set(e, "root key %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1)
		errbuf_set(e, "root key %s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		errbuf_set(e, "root key %s: not a regular file", path);
	else if ((st.st_mode & 077) != 0)
		errbuf_set(e, "root key %s: mode %03o lets others read it; "
		    "run chmod 600 %s", path, (unsigned)(st.st_mode & 0777),
		    path);
	else if (st.st_size != KEY_LEN)
		errbuf_set(e, "root key %s: %lld bytes, want %d", path,
		    (long long)st.st_size, KEY_LEN);
	else if ((n = read(fd, key, KEY_LEN)) != KEY_LEN)
		errbuf_set(e, "root key %s: short read", path);
	else
		rc = 0;
	close(fd);
	return rc;
}

static int
read_key_env(const char *hex, unsigned char key[KEY_LEN], struct errbuf *e)
{
	size_t len = 0;

	if (strlen(hex) != 2 * KEY_LEN ||
	    sodium_hex2bin(key, KEY_LEN, hex, strlen(hex), NULL, &len,
	    NULL) != 0 || len != KEY_LEN) {
		sodium_memzero(key, KEY_LEN);
		return errbuf_set(e, "KAITO_ROOT_KEY must be 64 hex digits");
	}
	return 0;
}

static void
derive_all(const unsigned char root[KEY_LEN])
{
	uint64_t p;

	sodium_memzero(subkeys[0], KEY_LEN);	/* purpose 0: unused */
	for (p = 1; p < KEY_PURPOSES; p++)
		crypto_kdf_derive_from_key(subkeys[p], KEY_LEN, p, KDF_CONTEXT,
		    root);
}

int
keys_load(const char *path, struct errbuf *e)
{
	unsigned char key[KEY_LEN];
	char *env = getenv("KAITO_ROOT_KEY");
	int rc;

	if (subkeys != NULL)
		return 0;
	if (env != NULL) {
		rc = read_key_env(env, key, e);
		sodium_memzero(env, strlen(env));
		unsetenv("KAITO_ROOT_KEY");
	} else
		rc = read_key_file(path, key, e);
	if (rc == -1)
		goto out;
	if ((subkeys = sodium_malloc(KEY_PURPOSES * KEY_LEN)) == NULL) {
		rc = errbuf_set(e, "out of memory for the keys");
		goto out;
	}
	derive_all(key);
	sodium_mprotect_readonly(subkeys);
out:
	sodium_memzero(key, sizeof(key));
	return rc;
}

int
keys_loaded(void)
{
	return subkeys != NULL;
}

const unsigned char *
keys_get(enum key_purpose purpose)
{
	return subkeys[purpose];
}

void
keys_derive(enum key_purpose purpose, unsigned char out[KEY_LEN])
{
	memcpy(out, subkeys[purpose], KEY_LEN);
}

void
keys_unload(void)
{
	if (subkeys == NULL)
		return;
	sodium_mprotect_readwrite(subkeys);
	sodium_free(subkeys);	/* wipes before unmapping */
	subkeys = NULL;
}
