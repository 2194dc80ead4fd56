/*
 * fuzz_import_bitwarden.c -- libFuzzer harness for the importer of
 * Bitwarden JSON exports (and the otpauth URIs inside).
 * The properties checked are fuzz_import.h's.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_BITWARDEN, data, size);
}
