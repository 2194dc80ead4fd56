/*
 * fuzz_import_google.c -- libFuzzer harness for the importer of Google
 * Authenticator otpauth-migration:// URIs (base64, then protobuf).
 *
 * Each input is tried twice: as the text of an export, which exercises
 * the line, URI, percent and base64 handling; and as raw protobuf, split
 * at each "||" into payloads that become one URI line each, so the
 * mutator reaches MigrationPayload decoding, the account mapping and the
 * batch checks without having to find valid base64 first. The properties
 * checked are fuzz_import.h's.
 */
#include "fuzz_import.h"

#define MAX_WRAPPED	(64 * 1024)

/* Append one otpauth-migration line holding n bytes of p to out. */
static size_t
wrap_line(char *out, size_t pos, const uint8_t *p, size_t n)
{
	static const char scheme[] = "otpauth-migration://offline?data=";

	memcpy(out + pos, scheme, sizeof(scheme) - 1);
	pos += sizeof(scheme) - 1;
	sodium_bin2base64(out + pos, MAX_WRAPPED - pos, p, n,
	    sodium_base64_VARIANT_ORIGINAL);
	pos += strlen(out + pos);
	out[pos++] = '\n';
	return pos;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char wrapped[MAX_WRAPPED];
	const uint8_t *p = data, *end = data + size, *sep;
	size_t pos = 0;

	fuzz_import(IMPORT_GOOGLE, data, size);
	/* Each part costs at most 4/3 of its size plus a line's overhead. */
	if (size > MAX_WRAPPED / 2 - 64)
		return 0;
	for (;;) {
		for (sep = p; sep + 1 < end; sep++)
			if (sep[0] == '|' && sep[1] == '|')
				break;
		if (sep + 1 >= end)
			sep = end;
		if (pos + 40 + 4 * ((size_t)(sep - p) + 2) / 3 + 4 >
		    MAX_WRAPPED)
			return 0;
		pos = wrap_line(wrapped, pos, p, (size_t)(sep - p));
		if (sep == end)
			break;
		p = sep + 2;
	}
	fuzz_import(IMPORT_GOOGLE, (const uint8_t *)wrapped, pos);
	sodium_memzero(wrapped, pos);
	return 0;
}
