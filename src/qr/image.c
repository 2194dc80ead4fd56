/*
 * image.c -- PNG (libpng) and JPEG (libjpeg) from memory to grayscale.
 *
 * Why: see image.h. Both libraries are driven so that no input can make
 * them exit the process, leak, or hand back an invented image:
 * - PNG goes through libpng's simplified API (png_image_*), which keeps
 *   its setjmp inside libpng and frees its own state on every error; we
 *   only have to call png_image_free() when we stop between the header
 *   and the pixels ourselves.
 * - JPEG uses libjpeg's classic API with an error manager that longjmps
 *   back here instead of calling exit(). Warnings about damaged data
 *   ("Premature end of JPEG file") are errors too: libjpeg would otherwise
 *   fill the missing part with grey and carry on, which both hides a cut
 *   file and lets a tiny input claim an 8192x8192 image worth of work. A
 *   progress monitor caps the number of progressive scans.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <sodium.h>

#include "kaito_limits.h"
#include "qr/image.h"

static const unsigned char png_magic[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};
static const unsigned char jpeg_magic[3] = { 0xff, 0xd8, 0xff };

enum qr_image_format
qr_image_format_detect(const void *buf, size_t len)
{
	if (len >= sizeof(png_magic) &&
	    memcmp(buf, png_magic, sizeof(png_magic)) == 0)
		return QR_IMAGE_PNG;
	if (len >= sizeof(jpeg_magic) &&
	    memcmp(buf, jpeg_magic, sizeof(jpeg_magic)) == 0)
		return QR_IMAGE_JPEG;
	return QR_IMAGE_UNKNOWN;
}

/* Refuse dimensions we will not hold; set *n to the pixel count. */
static int
check_size(unsigned w, unsigned h, size_t *n, struct errbuf *e)
{
	if (w > LIMIT_QR_IMAGE_SIDE || h > LIMIT_QR_IMAGE_SIDE)
		return errbuf_set(e, "image is %ux%u pixels; at most %d per "
		    "side", w, h, LIMIT_QR_IMAGE_SIDE);
	if (w == 0 || h == 0)
		return errbuf_set(e, "image is %ux%u pixels; nothing to scan",
		    w, h);
	/* Cannot trigger with the side limit on 64-bit, but the limit may
	 * change and size_t may be 32 bits. */
	if ((size_t)w > SIZE_MAX / h)
		return errbuf_set(e, "image is %ux%u pixels; too many to hold",
		    w, h);
	if ((size_t)w * h > LIMIT_QR_PIXELS)
		return errbuf_set(e, "image is %ux%u pixels; at most %d million "
		    "in all (a 4K screenshot fits; crop or shrink larger ones)",
		    w, h, LIMIT_QR_PIXELS / 1000000);
	*n = (size_t)w * h;
	return 0;
}

/* Allocate img's pixels for w x h after checking the size. */
static int
image_alloc(struct qr_image *img, unsigned w, unsigned h, struct errbuf *e)
{
	size_t n = 0;

	if (check_size(w, h, &n, e) == -1)
		return -1;
	if ((img->pixels = malloc(n)) == NULL)
		return errbuf_set(e, "out of memory");
	img->width = w;
	img->height = h;
	return 0;
}

void
qr_image_clear(struct qr_image *img)
{
	if (img == NULL)
		return;
	if (img->pixels != NULL) {
		sodium_memzero(img->pixels, (size_t)img->width * img->height);
		free(img->pixels);
	}
	img->pixels = NULL;
	img->width = img->height = 0;
}

/* --- PNG ---------------------------------------------------------------- */

static int
decode_png(const void *buf, size_t len, struct qr_image *img,
    struct errbuf *e)
{
	/* For gray output libpng composites alpha onto the green channel. */
	static const png_color white = { 255, 255, 255 };
	png_image pi;
	int rc = -1;

	memset(&pi, 0, sizeof(pi));
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&pi, buf, len)) {
		errbuf_set(e, "corrupt PNG: %s", pi.message);
		goto out;
	}
	/* The header is read; nothing the size of the image is allocated. */
	if (image_alloc(img, pi.width, pi.height, e) == -1)
		goto out;
	pi.format = PNG_FORMAT_GRAY;
	if (!png_image_finish_read(&pi, &white, img->pixels,
	    (png_int_32)img->width, NULL)) {
		errbuf_set(e, "corrupt PNG: %s", pi.message);
		goto out;
	}
	rc = 0;
out:
	png_image_free(&pi);	/* no-op when libpng already freed it */
	if (rc == -1)
		qr_image_clear(img);
	return rc;
}

/* --- JPEG --------------------------------------------------------------- */

struct jpeg_fail {
	struct jpeg_error_mgr pub;	/* first: libjpeg casts cinfo->err */
	jmp_buf jmp;			/* where errors land, in decode_jpeg */
	char msg[JMSG_LENGTH_MAX];	/* the reason, for the errbuf */
};

static void
jpeg_on_error(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, f->msg);
	longjmp(f->jmp, 1);
}

/* Trace messages (level >= 0) are dropped. Warnings are errors, except
 * those about metadata that do not touch the pixels. */
static void
jpeg_on_message(j_common_ptr cinfo, int level)
{
	if (level >= 0)
		return;
	switch (cinfo->err->msg_code) {
	case JWRN_ADOBE_XFORM:
	case JWRN_BOGUS_ICC:
	case JWRN_EXTRANEOUS_DATA:
	case JWRN_JFIF_MAJOR:
		cinfo->err->num_warnings++;
		return;
	default:
		jpeg_on_error(cinfo);
	}
}

static void
jpeg_on_progress(j_common_ptr cinfo)
{
	struct jpeg_fail *f = (struct jpeg_fail *)cinfo->err;

	if (!cinfo->is_decompressor ||
	    ((j_decompress_ptr)cinfo)->input_scan_number <= LIMIT_QR_JPEG_SCANS)
		return;
	f->pub.msg_code = JMSG_NOMESSAGE;
	snprintf(f->msg, sizeof(f->msg), "more than %d progressive scans",
	    LIMIT_QR_JPEG_SCANS);
	longjmp(f->jmp, 1);
}

static int
decode_jpeg(const void *buf, size_t len, struct qr_image *img,
    struct errbuf *e)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_progress_mgr progress;
	struct jpeg_fail fail;
	JSAMPROW row;

	if (len > ULONG_MAX)
		return errbuf_set(e, "corrupt JPEG: larger than %lu bytes",
		    ULONG_MAX);
	memset(&cinfo, 0, sizeof(cinfo));
	memset(&progress, 0, sizeof(progress));
	memset(&fail, 0, sizeof(fail));
	cinfo.err = jpeg_std_error(&fail.pub);
	fail.pub.error_exit = jpeg_on_error;
	fail.pub.emit_message = jpeg_on_message;
	progress.progress_monitor = jpeg_on_progress;
	/*
	 * Everything that lives across the longjmp is either not changed
	 * after setjmp (cinfo, fail and progress are changed only through
	 * their addresses, as libjpeg's example does) or reached through
	 * img, which is not a local of this function. For the same reason
	 * the failures share a label rather than an rc read after a jump.
	 */
	if (setjmp(fail.jmp) != 0) {
		if (fail.pub.msg_code == JERR_OUT_OF_MEMORY)
			errbuf_set(e, "out of memory");
		else
			errbuf_set(e, "corrupt JPEG: %s", fail.msg);
		goto fail;
	}
	jpeg_create_decompress(&cinfo);
	cinfo.progress = &progress;
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	jpeg_read_header(&cinfo, TRUE);
	if (cinfo.jpeg_color_space == JCS_CMYK ||
	    cinfo.jpeg_color_space == JCS_YCCK) {
		errbuf_set(e, "unsupported JPEG: CMYK images are not "
		    "supported; save it as RGB or grayscale");
		goto fail;
	}
	/* The header is read; nothing the size of the image is allocated. */
	if (image_alloc(img, cinfo.image_width, cinfo.image_height, e) == -1)
		goto fail;
	cinfo.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&cinfo);
	if (cinfo.output_width != img->width ||
	    cinfo.output_height != img->height ||
	    cinfo.output_components != 1) {
		/* Cannot happen without scaling; refuse rather than overrun. */
		errbuf_set(e, "corrupt JPEG: unexpected output size");
		goto fail;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		row = img->pixels + (size_t)cinfo.output_scanline * img->width;
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	return 0;
fail:
	jpeg_destroy_decompress(&cinfo);	/* safe before create, too */
	qr_image_clear(img);
	return -1;
}

int
qr_image_decode(const void *buf, size_t len, struct qr_image *img,
    struct errbuf *e)
{
	memset(img, 0, sizeof(*img));
	switch (qr_image_format_detect(buf, len)) {
	case QR_IMAGE_PNG:
		return decode_png(buf, len, img, e);
	case QR_IMAGE_JPEG:
		return decode_jpeg(buf, len, img, e);
	case QR_IMAGE_UNKNOWN:
		break;
	}
	return errbuf_set(e, "not a PNG or JPEG image");
}
