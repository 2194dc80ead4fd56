/*
 * fuzz_import_2fas.c -- libFuzzer harness for the importer of
 * 2FAS .2fas backups.
 * The properties checked are fuzz_import.h's.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_2FAS, data, size);
}
