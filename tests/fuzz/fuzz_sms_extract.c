/*
 * fuzz_sms_extract.c -- libFuzzer harness for the SMS code extractor.
 *
 * Properties checked on top of memory safety and the time limit (the
 * scan must stay linear): the result is the same twice; a code is
 * non-empty exactly when a rule matched, is printable ASCII and fits its
 * cap; the service and origin are valid UTF-8 without control
 * characters; the confidence fits its rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms/extract.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct sms_extract *x)
{
	size_t i, n = strlen(x->code);

	if ((n == 0) != (x->rule == SMS_RULE_NONE) || n > LIMIT_SMS_CODE)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)x->code[i] <= 0x20 ||
		    (unsigned char)x->code[i] >= 0x7f)
			abort();
	if (!utf8_valid(x->service, strlen(x->service)) ||
	    utf8_has_control(x->service, strlen(x->service)) ||
	    !utf8_valid(x->origin, strlen(x->origin)))
		abort();
	if (x->rule == SMS_RULE_NONE ? x->confidence != 0 :
	    (x->confidence < 1 || x->confidence > 100))
		abort();
	if ((x->rule == SMS_RULE_ORIGIN) != (x->origin[0] != '\0'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_extract a, b;
	int ra, rb;

	ra = sms_extract((const char *)data, size, &a);
	rb = sms_extract((const char *)data, size, &b);
	if (ra != rb || memcmp(&a, &b, sizeof(a)) != 0)
		abort();
	if (ra == -1) {
		if (size <= LIMIT_SMS_BODY &&
		    utf8_valid((const char *)data, size))
			abort();
		return 0;
	}
	check(&a);
	sms_extract_clear(&a);
	sms_extract_clear(&b);
	return 0;
}
