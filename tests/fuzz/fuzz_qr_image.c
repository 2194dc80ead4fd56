/*
 * fuzz_qr_image.c -- libFuzzer harness for QR codes in PNG and JPEG.
 *
 * Why: qr_decode_image() takes uploaded bytes straight into libpng,
 * libjpeg and zbar. Any input must come back as 0 or -1 with a message,
 * without a crash, a leak or an overrun, whatever the libraries' error
 * paths do. The harness also checks that a failure sets a message and
 * leaves the list empty, and that every text is NUL-terminated.
 * CRC: a mutated PNG almost always fails its chunk CRCs and libpng stops
 *     at once, so the harness recomputes them (on a copy) before decoding;
 *     that lets mutations reach the decoder. A PNG with a bad CRC is
 *     still tested: the seed corpus and the unit tests have them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qr/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
crc32_png(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Rewrite the CRC of every whole chunk of the PNG in buf. */
static void
fix_png_crcs(uint8_t *buf, size_t size)
{
	size_t pos = 8, len;
	uint32_t crc;

	while (size - pos >= 12) {
		len = be32(buf + pos);
		if (len > size - pos - 12)
			break;
		crc = crc32_png(buf + pos + 4, len + 4);
		buf[pos + 8 + len] = (uint8_t)(crc >> 24);
		buf[pos + 9 + len] = (uint8_t)(crc >> 16);
		buf[pos + 10 + len] = (uint8_t)(crc >> 8);
		buf[pos + 11 + len] = (uint8_t)crc;
		pos += 12 + len;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qr_texts l;
	struct errbuf e = { "" };
	uint8_t *copy;
	size_t i;
	int rc;

	if ((copy = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if (qr_image_format_detect(copy, size) == QR_IMAGE_PNG)
		fix_png_crcs(copy, size);
	rc = qr_decode_image(copy, size, &l, &e);
	free(copy);
	if (rc == -1) {
		if (e.msg[0] == '\0' || l.n != 0 || l.v != NULL)
			abort();
		return 0;
	}
	for (i = 0; i < l.n; i++)
		if (l.v[i].s[l.v[i].len] != '\0')
			abort();
	qr_texts_free(&l);
	return 0;
}
