/*
 * scan.c -- QR codes from a grayscale image, through zbar.
 *
 * Why: see scan.h. zbar's image scanner does the work; this file keeps
 * it to QR codes, copies the texts out into memory that we wipe, wipes
 * zbar's own copies before zbar recycles them, and sorts the result into
 * reading order (zbar reports codes in the order its decoder settles them,
 * which means nothing to a person).
 * NOT WIPED: zbar's decoder keeps intermediate buffers (bit matrices,
 * data segments) that it frees without wiping; no zbar API reaches them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zbar.h>

#include "kaito_limits.h"
#include "qr/scan.h"

/* Where a code sits in the image: the box around zbar's location points. */
struct qr_box {
	int x0, y0, x1, y1;
};

void
qr_texts_free(struct qr_texts *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		if (l->v[i].s != NULL) {
			sodium_memzero(l->v[i].s, l->v[i].len);
			free(l->v[i].s);
		}
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/*
 * zbar returns a symbol's data as const char *, but it is zbar's own heap
 * copy, allocated per symbol and freed or recycled by zbar_image_destroy()
 * without being wiped. Wipe it before handing the image back. Nothing
 * reads it afterwards.
 */
static void
wipe_zbar_data(const zbar_symbol_t *sym)
{
	char *p = (char *)(uintptr_t)zbar_symbol_get_data(sym);

	if (p != NULL)
		sodium_memzero(p, zbar_symbol_get_data_length(sym));
}

static void
symbol_box(const zbar_symbol_t *sym, struct qr_box *b)
{
	unsigned i, n = zbar_symbol_get_loc_size(sym);
	int x, y;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < n; i++) {
		x = zbar_symbol_get_loc_x(sym, i);
		y = zbar_symbol_get_loc_y(sym, i);
		if (i == 0 || x < b->x0)
			b->x0 = x;
		if (i == 0 || x > b->x1)
			b->x1 = x;
		if (i == 0 || y < b->y0)
			b->y0 = y;
		if (i == 0 || y > b->y1)
			b->y1 = y;
	}
}

/*
 * Reading order: codes whose vertical extents overlap are on one row and
 * go left to right; otherwise the higher one comes first. Not a strict
 * order for every arrangement, so it is only used by the insertion sort
 * below, which stays in bounds whatever the comparison says.
 */
static int
box_before(const struct qr_box *a, const struct qr_box *b)
{
	if (a->y0 <= b->y1 && b->y0 <= a->y1)
		return a->x0 + a->x1 < b->x0 + b->x1;
	return a->y0 < b->y0;
}

static void
sort_reading_order(struct qr_text *v, struct qr_box *box, size_t n)
{
	struct qr_text t;
	struct qr_box b;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		b = box[i];
		for (j = i; j > 0 && box_before(&b, &box[j - 1]); j--) {
			v[j] = v[j - 1];
			box[j] = box[j - 1];
		}
		v[j] = t;
		box[j] = b;
	}
	sodium_memzero(&t, sizeof(t));
}

/* Copy the QR texts of a scanned zbar image into *out, wiping zbar's. */
static int
collect(const zbar_image_t *zimg, struct qr_texts *out, struct errbuf *e)
{
	const zbar_symbol_t *sym;
	struct qr_box *box = NULL;
	size_t n = 0, len;
	int rc = -1;

	for (sym = zbar_image_first_symbol(zimg); sym != NULL;
	    sym = zbar_symbol_next(sym))
		if (zbar_symbol_get_type(sym) == ZBAR_QRCODE)
			n++;
	if (n == 0) {
		rc = 0;
		goto out;
	}
	if (n > LIMIT_QR_CODES) {
		errbuf_set(e, "more than %d QR codes in the image",
		    LIMIT_QR_CODES);
		goto out;
	}
	if ((out->v = calloc(n, sizeof(*out->v))) == NULL ||
	    (box = calloc(n, sizeof(*box))) == NULL) {
		errbuf_set(e, "out of memory");
		goto out;
	}
	for (sym = zbar_image_first_symbol(zimg); sym != NULL;
	    sym = zbar_symbol_next(sym)) {
		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
			continue;
		len = zbar_symbol_get_data_length(sym);
		if ((out->v[out->n].s = malloc(len + 1)) == NULL) {
			errbuf_set(e, "out of memory");
			goto out;
		}
		memcpy(out->v[out->n].s, zbar_symbol_get_data(sym), len);
		out->v[out->n].s[len] = '\0';
		out->v[out->n].len = len;
		symbol_box(sym, &box[out->n]);
		out->n++;
	}
	sort_reading_order(out->v, box, out->n);
	rc = 0;
out:
	for (sym = zbar_image_first_symbol(zimg); sym != NULL;
	    sym = zbar_symbol_next(sym))
		wipe_zbar_data(sym);
	free(box);
	if (rc == -1)
		qr_texts_free(out);
	return rc;
}

/* One zbar pass over img; the texts found go to *out. */
static int
scan_once(zbar_image_scanner_t *scanner, const struct qr_image *img,
    struct qr_texts *out, struct errbuf *e)
{
	zbar_image_t *zimg;
	int rc = -1;

	if ((zimg = zbar_image_create()) == NULL)
		return errbuf_set(e, "out of memory");
	zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zimg, img->width, img->height);
	/* Borrowed: no cleanup handler, so zbar never frees our pixels. */
	zbar_image_set_data(zimg, img->pixels,
	    (unsigned long)img->width * img->height, NULL);
	if (zbar_scan_image(scanner, zimg) < 0) {
		errbuf_set(e, "the QR scanner failed");
		goto out;
	}
	rc = collect(zimg, out, e);
out:
	zbar_image_destroy(zimg);
	return rc;
}

static void
invert(struct qr_image *img)
{
	size_t i, n = (size_t)img->width * img->height;

	for (i = 0; i < n; i++)
		img->pixels[i] = (unsigned char)(255 - img->pixels[i]);
}

int
qr_scan(struct qr_image *img, struct qr_texts *out, struct errbuf *e)
{
	zbar_image_scanner_t *scanner;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (img->pixels == NULL || img->width == 0 || img->height == 0)
		return errbuf_set(e, "empty image");
	if ((scanner = zbar_image_scanner_create()) == NULL)
		return errbuf_set(e, "out of memory");
	/* QR codes only: other symbologies only add false positives. */
	if (zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE,
	    0) != 0 ||
	    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE,
	    ZBAR_CFG_ENABLE, 1) != 0) {
		errbuf_set(e, "the QR scanner refused its configuration");
		goto out;
	}
	if (scan_once(scanner, img, out, e) == -1)
		goto out;
	/*
	 * zbar can retry inverted itself (ZBAR_CFG_TEST_INVERTED), but into
	 * a copy of the pixels that it frees without wiping; invert ours.
	 */
	if (out->n == 0) {
		invert(img);
		if (scan_once(scanner, img, out, e) == -1)
			goto out;
	}
	rc = 0;
out:
	zbar_image_scanner_destroy(scanner);
	return rc;
}

int
qr_decode_image(const void *buf, size_t len, struct qr_texts *out,
    struct errbuf *e)
{
	struct qr_image img;
	int rc;

	memset(out, 0, sizeof(*out));
	if (qr_image_decode(buf, len, &img, e) == -1)
		return -1;
	rc = qr_scan(&img, out, e);
	qr_image_clear(&img);
	return rc;
}
