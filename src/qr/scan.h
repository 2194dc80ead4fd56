/*
 * scan.h -- find and read the QR codes in a grayscale image (zbar).
 *
 * Why: people add tokens by showing Kaito the QR code a site displayed,
 * or the one Google Authenticator's export shows. The texts found carry
 * seeds, so the list that holds them is wiped when freed.
 * ORDER: texts come in reading order, top to bottom, then left to right
 *     for codes side by side, so that "QR code 2" means the same code to
 *     the program and to the person looking at the image.
 */
#ifndef KAITO_QR_SCAN_H
#define KAITO_QR_SCAN_H

#include <stddef.h>

#include "qr/image.h"
#include "util/errbuf.h"

struct qr_text {
	char *s;		/* owned; len bytes and a NUL; wiped on free */
	size_t len;		/* bytes before the final NUL (a QR code may
				 * hold NUL bytes itself) */
};

struct qr_texts {
	struct qr_text *v;	/* owned; n entries */
	size_t n;		/* at most LIMIT_QR_CODES */
};

/*
 * Scan img for QR codes (no other symbology) and fill *out with the text
 * of each, in reading order. When none is found the image is scanned once
 * more with its colours inverted (light code on a dark background, as in
 * dark-mode screenshots). img's pixels may be inverted on return. Finding
 * nothing is not an error: out->n is 0. Returns 0, or -1 with e set ("out
 * of memory", "more than N QR codes in the image") and *out empty. Free
 * *out with qr_texts_free().
 */
int qr_scan(struct qr_image *img, struct qr_texts *out, struct errbuf *e);

/*
 * qr_image_decode() then qr_scan(): the QR codes in len bytes of a PNG or
 * JPEG. The decoded pixels are wiped before returning. Returns 0 (with
 * out->n possibly 0), or -1 with e set as by those two and *out empty.
 */
int qr_decode_image(const void *buf, size_t len, struct qr_texts *out,
    struct errbuf *e);

/* Wipe and free every text; leave *l empty and reusable. NULL-safe. */
void qr_texts_free(struct qr_texts *l);

#endif
