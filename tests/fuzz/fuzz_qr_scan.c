/*
 * fuzz_qr_scan.c -- libFuzzer harness for zbar's QR decoder via qr_scan().
 *
 * Why: whatever an uploaded PNG or JPEG decodes to reaches zbar as raw
 * pixels, and fuzz_qr_image spends most of its time in the image
 * decoders' header checks. Here the input is the pixels themselves, so
 * mutations of real QR codes (flipped modules, damaged finder patterns,
 * broken Reed-Solomon blocks) go straight to zbar.
 * INPUT: byte 0 and 1 give the width, little-endian, 1..1024; the rest
 *     is grey pixels, row after row; a last partial row is dropped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qr/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qr_image img;
	struct qr_texts l;
	struct errbuf e = { "" };
	size_t i, w;

	if (size < 3)
		return 0;
	w = (size_t)data[0] | (size_t)data[1] << 8;
	if (w == 0 || w > 1024 || (size - 2) / w == 0)
		return 0;
	img.width = (unsigned)w;
	img.height = (unsigned)((size - 2) / w);
	if ((img.pixels = malloc(w * img.height)) == NULL)
		return 0;
	memcpy(img.pixels, data + 2, w * img.height);
	if (qr_scan(&img, &l, &e) == -1) {
		if (e.msg[0] == '\0' || l.n != 0 || l.v != NULL)
			abort();
	} else {
		for (i = 0; i < l.n; i++)
			if (l.v[i].s[l.v[i].len] != '\0')
				abort();
		qr_texts_free(&l);
	}
	qr_image_clear(&img);
	return 0;
}
