/*
 * datadir.c -- see datadir.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/checkpoint.h"
#include "auth/secret.h"
#include "cli/cli.h"
#include "cli/datadir.h"
#include "vault/keycheck.h"
#include "vault/keys.h"

int
datadir_paths(struct datadir *d)
{
	memset(d, 0, sizeof(*d));
	if (snprintf(d->dir, sizeof(d->dir), "%s", cli_data_dir()) >=
	    (int)sizeof(d->dir) ||
	    cli_data_path(d->key_path, sizeof(d->key_path), DATADIR_KEY) ==
	    -1 ||
	    cli_data_path(d->db_path, sizeof(d->db_path), DATADIR_DB) == -1)
		return cli_fail("%s: path too long", cli_data_dir()), -1;
	return 0;
}

int
datadir_open(struct datadir *d)
{
	struct errbuf e;
	struct stat sb;

	if (datadir_paths(d) == -1)
		return -1;
	if (stat(d->dir, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return cli_fail("%s: no data directory (run 'kaito init "
		    "--data %s' first)", d->dir, d->dir), -1;
	if (access(d->db_path, F_OK) == -1)
		return cli_fail("%s: no database (run 'kaito init --data %s' "
		    "first)", d->db_path, d->dir), -1;
	if (keys_load(d->key_path, &e) == -1)
		return cli_fail("%s", e.msg), -1;
	if (secret_init() == -1)
		return cli_fail("cannot derive keys"), -1;
	if ((d->st = store_open(d->db_path, &e)) == NULL) {
		cli_fail("%s", e.msg);
		datadir_close(d);
		return -1;
	}
	if (keycheck_verify(d->st, &e) == -1) {
		cli_fail("%s", e.msg);
		datadir_close(d);
		return -1;
	}
	return 0;
}

void
datadir_close(struct datadir *d)
{
	store_close(d->st);
	d->st = NULL;
	secret_free();
	audit_signer_forget();
	keys_unload();
}
