/*
 * fuzz_import_aegis.c -- libFuzzer harness for the importer of
 * Aegis plain JSON exports.
 * The properties checked are fuzz_import.h's.
 */
#include "fuzz_import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_import(IMPORT_AEGIS, data, size);
}
