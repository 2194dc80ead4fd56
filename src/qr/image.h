/*
 * image.h -- decode a PNG or JPEG held in memory into 8-bit grayscale.
 *
 * Why: QR codes arrive as screenshots and photos, through the CLI today
 * and as uploads to the server later, so decoding works on bytes in memory
 * and does no I/O. The picture of a QR code carries the seed it encodes,
 * so the pixels are wiped when freed.
 * LIMITS: at most LIMIT_QR_IMAGE_SIDE pixels per side and LIMIT_QR_PIXELS
 *     in all, checked from the
 *     image header before any pixel buffer is allocated; progressive JPEGs
 *     of at most LIMIT_QR_JPEG_SCANS scans. Truncated and corrupt data is
 *     an error, never a partly invented image.
 */
#ifndef KAITO_QR_IMAGE_H
#define KAITO_QR_IMAGE_H

#include <stddef.h>

#include "util/errbuf.h"

enum qr_image_format {
	QR_IMAGE_UNKNOWN,
	QR_IMAGE_PNG,		/* starts with \x89PNG\r\n\x1a\n */
	QR_IMAGE_JPEG		/* starts with FF D8 FF */
};

struct qr_image {
	unsigned width;		/* pixels a row, at most LIMIT_QR_IMAGE_SIDE */
	unsigned height;	/* rows, at most LIMIT_QR_IMAGE_SIDE */
	unsigned char *pixels;	/* owned; width * height bytes, row after
				 * row, 0 black to 255 white; wiped */
};

/* The format of len bytes of buf, from its magic bytes alone. */
enum qr_image_format qr_image_format_detect(const void *buf, size_t len);

/*
 * Decode len bytes of buf, a PNG or a JPEG, into *img. A PNG's alpha is
 * composited onto white (QR codes drawn on a transparent background read
 * as dark on light). Returns 0, or -1 with e set ("not a PNG or JPEG
 * image", "image is WxH pixels; at most N per side", "corrupt PNG: ...",
 * "corrupt JPEG: ...", "out of memory") and *img empty. Free *img with
 * qr_image_clear().
 */
int qr_image_decode(const void *buf, size_t len, struct qr_image *img,
    struct errbuf *e);

/* Wipe and free the pixels; leave *img empty. NULL-safe, and safe on an
 * image that is already empty. */
void qr_image_clear(struct qr_image *img);

#endif
