/*
 * fuzz_import_andotp.c -- libFuzzer harness for the importer of
 * andOTP JSON backups (and the encrypted-backup sniffing).
 * The properties checked are fuzz_import.h's.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_ANDOTP, data, size);
}
