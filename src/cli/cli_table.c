/*
 * cli_table.c -- the list of sub-commands, in the order `kaito --help`
 * shows them. Adding a command means adding its cmd_*.c and one line here.
 */
#include <stddef.h>

#include "cli/cli.h"

extern const struct cli_cmd cli_cmd_code;
extern const struct cli_cmd cli_cmd_uri_show;
extern const struct cli_cmd cli_cmd_import;
extern const struct cli_cmd cli_cmd_qr_decode;
extern const struct cli_cmd cli_cmd_init;
extern const struct cli_cmd cli_cmd_serve;
extern const struct cli_cmd cli_cmd_user_add;
extern const struct cli_cmd cli_cmd_apitoken_create;
extern const struct cli_cmd cli_cmd_group_add;
extern const struct cli_cmd cli_cmd_group_member_add;
extern const struct cli_cmd cli_cmd_directory_import;
extern const struct cli_cmd cli_cmd_directory_sync;
extern const struct cli_cmd cli_cmd_directory_lookup;
extern const struct cli_cmd cli_cmd_directory_annotate;
extern const struct cli_cmd cli_cmd_audit_pubkey;
extern const struct cli_cmd cli_cmd_audit_export;
extern const struct cli_cmd cli_cmd_audit_verify;

const struct cli_cmd *const cli_commands[] = {
	&cli_cmd_code,
	&cli_cmd_uri_show,
	&cli_cmd_import,
	&cli_cmd_qr_decode,
	&cli_cmd_init,
	&cli_cmd_serve,
	&cli_cmd_user_add,
	&cli_cmd_apitoken_create,
	&cli_cmd_group_add,
	&cli_cmd_group_member_add,
	&cli_cmd_directory_import,
	&cli_cmd_directory_sync,
	&cli_cmd_directory_lookup,
	&cli_cmd_directory_annotate,
	&cli_cmd_audit_pubkey,
	&cli_cmd_audit_export,
	&cli_cmd_audit_verify,
	NULL
};
