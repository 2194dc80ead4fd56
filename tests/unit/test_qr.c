/*
 * test_qr.c -- QR codes from PNG and JPEG: the fixtures of tests/data/qr/
 * (see its README) decode to their exact text, in reading order; garbage,
 * truncated, corrupt and oversized inputs each get their exact error and
 * leave nothing allocated, and so do a CMYK JPEG and a JPEG of too many
 * progressive scans, both written here with libjpeg; an image without a
 * QR code is not an error.
 * Run from the repository root (make check does), where the fixtures are.
 */
#include "unit.h"

#include <jpeglib.h>

#include "kaito_limits.h"
#include "qr/image.h"
#include "qr/scan.h"

#define FIXTURES	"tests/data/qr/"
#define URI		"otpauth://totp/Example:alice@example.com?secret=" \
			"JBSWY3DPEHPK3PXP&issuer=Example"

struct blob {
	unsigned char *p;
	size_t len;
};

static struct blob
load(const char *name)
{
	char path[256];
	struct blob b = { NULL, 0 };
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", FIXTURES, name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((n = ftell(f)) > 0);
	rewind(f);
	b.len = (size_t)n;
	assert_non_null(b.p = malloc(b.len));
	assert_int_equal(fread(b.p, 1, b.len, f), b.len);
	fclose(f);
	return b;
}

/* Decode buf, expecting failure with exactly msg and nothing left over. */
static void
assert_decode_fails(const void *buf, size_t len, const char *msg)
{
	struct qr_texts l;
	struct qr_image img;
	struct errbuf e = { "" };

	memset(&l, 0x55, sizeof(l));
	assert_int_equal(qr_decode_image(buf, len, &l, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	e.msg[0] = '\0';
	memset(&img, 0x55, sizeof(img));
	assert_int_equal(qr_image_decode(buf, len, &img, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_null(img.pixels);
}

/* Decode a fixture, expecting exactly the texts in want (want[n] NULL). */
static void
assert_fixture_texts(const char *name, const char *const *want)
{
	struct blob b = load(name);
	struct qr_texts l;
	struct errbuf e = { "" };
	size_t i, n;

	for (n = 0; want[n] != NULL; n++)
		;
	if (qr_decode_image(b.p, b.len, &l, &e) != 0)
		fail_msg("%s: %s", name, e.msg);
	if (l.n != n)
		fail_msg("%s: %zu texts, want %zu", name, l.n, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(l.v[i].len, strlen(want[i]));
		assert_string_equal(l.v[i].s, want[i]);
	}
	qr_texts_free(&l);
	free(b.p);
}

static void
test_format_detect(void **state)
{
	(void)state;
	assert_int_equal(qr_image_format_detect("\x89PNG\r\n\x1a\n", 8),
	    QR_IMAGE_PNG);
	assert_int_equal(qr_image_format_detect("\x89PNG\r\n\x1a", 7),
	    QR_IMAGE_UNKNOWN);
	assert_int_equal(qr_image_format_detect("\xff\xd8\xff", 3),
	    QR_IMAGE_JPEG);
	assert_int_equal(qr_image_format_detect("\xff\xd8", 2),
	    QR_IMAGE_UNKNOWN);
	assert_int_equal(qr_image_format_detect("GIF89a", 6),
	    QR_IMAGE_UNKNOWN);
	assert_int_equal(qr_image_format_detect("", 0), QR_IMAGE_UNKNOWN);
}

static void
test_png(void **state)
{
	static const char *const want[] = { URI, NULL };
	struct blob b = load("otpauth.png");
	struct qr_image img;
	struct errbuf e = { "" };

	(void)state;
	assert_int_equal(qr_image_decode(b.p, b.len, &img, &e), 0);
	/* qrencode's defaults: 3 pixels a module, a 4-module margin, and a
	 * 33-module code for this URI: (33 + 8) * 3 = 123. */
	assert_int_equal(img.width, 123);
	assert_int_equal(img.height, 123);
	/* The margin is white, the finder pattern's corner black. */
	assert_int_equal(img.pixels[0], 255);
	assert_int_equal(img.pixels[12 * 123 + 12], 0);
	qr_image_clear(&img);
	assert_null(img.pixels);
	assert_int_equal(img.width, 0);
	qr_image_clear(&img);		/* twice is fine */
	free(b.p);
	assert_fixture_texts("otpauth.png", want);
}

static void
test_jpeg(void **state)
{
	static const char *const want[] = { URI, NULL };
	struct blob b = load("otpauth.jpg");
	struct qr_image img;
	struct errbuf e = { "" };

	(void)state;
	assert_int_equal(qr_image_decode(b.p, b.len, &img, &e), 0);
	assert_int_equal(img.width, 123);
	assert_int_equal(img.height, 123);
	/* Lossy, but a margin stays white and a finder stays black. */
	assert_true(img.pixels[0] > 240);
	assert_true(img.pixels[13 * 123 + 13] < 15);
	qr_image_clear(&img);
	free(b.p);
	assert_fixture_texts("otpauth.jpg", want);
	/* Three components and progressive, converted to gray. */
	assert_fixture_texts("color-progressive.jpg", want);
}

/* A blue code on a transparent background: alpha composited onto white,
 * so the background is light and the code dark. */
static void
test_png_alpha_on_white(void **state)
{
	static const char *const want[] = { URI, NULL };
	struct blob b = load("color-alpha.png");
	struct qr_image img;
	struct errbuf e = { "" };

	(void)state;
	assert_int_equal(qr_image_decode(b.p, b.len, &img, &e), 0);
	assert_int_equal(img.pixels[0], 255);
	assert_true(img.pixels[12 * 123 + 12] < 80);
	qr_image_clear(&img);
	free(b.p);
	assert_fixture_texts("color-alpha.png", want);
}

static void
test_two_codes_in_reading_order(void **state)
{
	static const char *const want[] = { URI, "hello world", NULL };

	(void)state;
	assert_fixture_texts("two.png", want);
}

static void
test_no_qr_code(void **state)
{
	static const char *const want[] = { NULL };

	(void)state;
	assert_fixture_texts("blank.png", want);
}

/* Light code on a dark background, as in a dark-mode screenshot. */
static void
test_inverted(void **state)
{
	struct blob b = load("otpauth.png");
	struct qr_image img;
	struct qr_texts l;
	struct errbuf e = { "" };
	size_t i;

	(void)state;
	assert_int_equal(qr_image_decode(b.p, b.len, &img, &e), 0);
	for (i = 0; i < (size_t)img.width * img.height; i++)
		img.pixels[i] = (unsigned char)(255 - img.pixels[i]);
	assert_int_equal(qr_scan(&img, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].s, URI);
	qr_texts_free(&l);
	qr_image_clear(&img);
	free(b.p);
}

static void
test_scan_plain_images(void **state)
{
	struct qr_image img = { 0, 0, NULL };
	struct qr_texts l;
	struct errbuf e = { "" };

	(void)state;
	assert_int_equal(qr_scan(&img, &l, &e), -1);
	assert_string_equal(e.msg, "empty image");
	assert_int_equal(l.n, 0);
	img.width = 1;
	img.height = 1;
	assert_non_null(img.pixels = malloc(1));
	img.pixels[0] = 0;
	assert_int_equal(qr_scan(&img, &l, &e), 0);
	assert_int_equal(l.n, 0);
	qr_image_clear(&img);
	img.width = 300;
	img.height = 200;
	assert_non_null(img.pixels = malloc(300 * 200));
	memset(img.pixels, 255, 300 * 200);
	assert_int_equal(qr_scan(&img, &l, &e), 0);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	qr_image_clear(&img);
}

static void
test_garbage(void **state)
{
	static const struct {
		const char *buf;
		size_t len;
	} bad[] = {
		{ "", 0 },
		{ "\x89PNG\r\n\x1a", 7 },
		{ "\xff\xd8", 2 },
		{ "GIF89a\x01\x00\x01\x00", 10 },
		{ "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", 40 },
		{ "\0\0\0\0\0\0\0\0\0\0\0\0", 12 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(bad); i++)
		assert_decode_fails(bad[i].buf, bad[i].len,
		    "not a PNG or JPEG image");
}

static void
test_truncated(void **state)
{
	static const size_t png_cuts[] = { 8, 20, 33, 41, 100, 300 };
	struct blob png = load("otpauth.png"), jpg = load("otpauth.jpg"),
	    pjpg = load("color-progressive.jpg");
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(png_cuts); i++)
		assert_decode_fails(png.p, png_cuts[i],
		    "corrupt PNG: read beyond end of data");
	/* Cut inside the last IDAT. (A missing IEND alone is accepted:
	 * every pixel is there by then.) */
	assert_decode_fails(png.p, png.len - 13,
	    "corrupt PNG: read beyond end of data");
	for (i = 3; i < jpg.len; i += jpg.len / 7)
		assert_decode_fails(jpg.p, i,
		    "corrupt JPEG: Premature end of JPEG file");
	/* Even the last byte of the EOI marker: libjpeg would otherwise
	 * make up the rest of a cut file, grey. */
	assert_decode_fails(jpg.p, jpg.len - 1,
	    "corrupt JPEG: Premature end of JPEG file");
	assert_decode_fails(pjpg.p, pjpg.len / 2,
	    "corrupt JPEG: Premature end of JPEG file");
	free(png.p);
	free(jpg.p);
	free(pjpg.p);
}

static uint32_t
crc32_png(const unsigned char *p, size_t n)
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

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * A PNG that claims w x h, 8-bit grayscale: signature, IHDR, an IDAT of
 * a few bytes (the pixels are never reached) and IEND, CRCs correct.
 * Returns its length in out[72].
 */
static size_t
make_png(unsigned char out[72], uint32_t w, uint32_t h)
{
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	unsigned char *p = out;

	memcpy(p, sig, 8);
	p += 8;
	put32(p, 13);
	memcpy(p + 4, "IHDR", 4);
	put32(p + 8, w);
	put32(p + 12, h);
	memcpy(p + 16, "\x08\x00\x00\x00\x00", 5);	/* 8-bit gray */
	put32(p + 21, crc32_png(p + 4, 17));
	p += 25;
	put32(p, 8);
	memcpy(p + 4, "IDAT", 4);
	memcpy(p + 8, "\x78\x9c\x63\x00\x00\x00\x01\x00", 8);
	put32(p + 16, crc32_png(p + 4, 12));
	p += 20;
	put32(p, 0);
	memcpy(p + 4, "IEND", 4);
	put32(p + 8, crc32_png(p + 4, 4));
	p += 12;
	return (size_t)(p - out);
}

/* A copy of the JPEG fixture with its frame header saying w x h. */
static struct blob
jpeg_with_size(unsigned w, unsigned h)
{
	struct blob b = load("otpauth.jpg");
	size_t i;

	for (i = 2; i + 9 < b.len; i++)
		if (b.p[i] == 0xff && (b.p[i + 1] == 0xc0 ||
		    b.p[i + 1] == 0xc2))
			break;
	assert_true(i + 9 < b.len);
	/* FF C0, length (2), precision (1), height (2), width (2) */
	b.p[i + 5] = (unsigned char)(h >> 8);
	b.p[i + 6] = (unsigned char)h;
	b.p[i + 7] = (unsigned char)(w >> 8);
	b.p[i + 8] = (unsigned char)w;
	return b;
}

static void
test_oversized(void **state)
{
	unsigned char png[72];
	struct blob jpg;
	size_t n;

	(void)state;
	/* The made-up PNG is well formed up to its pixels: a small one
	 * fails only there, so the size check is what stops the big ones. */
	n = make_png(png, 16, 16);
	assert_decode_fails(png, n, "corrupt PNG: Not enough image data");
	n = make_png(png, 20000, 20000);
	assert_decode_fails(png, n,
	    "image is 20000x20000 pixels; at most 8192 per side");
	n = make_png(png, LIMIT_QR_IMAGE_SIDE + 1, 1);
	assert_decode_fails(png, n,
	    "image is 8193x1 pixels; at most 8192 per side");
	n = make_png(png, 1, LIMIT_QR_IMAGE_SIDE + 1);
	assert_decode_fails(png, n,
	    "image is 1x8193 pixels; at most 8192 per side");
	/* Within the side limit, the area counts too (8192^2 = 67M). */
	n = make_png(png, LIMIT_QR_IMAGE_SIDE, LIMIT_QR_IMAGE_SIDE);
	assert_decode_fails(png, n,
	    "image is 8192x8192 pixels; at most 16 million in all (a 4K "
	    "screenshot fits; crop or shrink larger ones)");
	n = make_png(png, 4000, 4000);
	assert_decode_fails(png, n, "corrupt PNG: Not enough image data");
	/* libpng's own limit (1000000 per side) comes first. */
	n = make_png(png, 0x7fffffff, 1);
	assert_decode_fails(png, n, "corrupt PNG: Invalid IHDR data");

	jpg = jpeg_with_size(20000, 20000);
	assert_decode_fails(jpg.p, jpg.len,
	    "image is 20000x20000 pixels; at most 8192 per side");
	free(jpg.p);
	jpg = jpeg_with_size(123, 65000);
	assert_decode_fails(jpg.p, jpg.len,
	    "image is 123x65000 pixels; at most 8192 per side");
	free(jpg.p);
	jpg = jpeg_with_size(0, 123);
	assert_decode_fails(jpg.p, jpg.len, "corrupt JPEG: Empty JPEG image "
	    "(DNL not supported)");
	free(jpg.p);
}

/*
 * A progressive greyscale JPEG of img with one scan per coefficient: the
 * DC, then each of the 63 AC coefficients (64 scans); with refine, all of
 * them first at half precision and then refined (128 scans). Both are
 * valid scan scripts, as libjpeg's encoder checks.
 */
static struct blob
make_many_scan_jpeg(const struct qr_image *img, int refine)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	jpeg_scan_info scans[128];
	unsigned long len = 0;
	struct blob b = { NULL, 0 };
	JSAMPROW r;
	int i, k, n = 0, pass, al = refine ? 1 : 0;

	memset(scans, 0, sizeof(scans));
	for (pass = 0; pass <= refine; pass++) {
		for (k = 0; k < 64; k++, n++) {
			scans[n].comps_in_scan = 1;
			scans[n].component_index[0] = 0;
			scans[n].Ss = k;
			scans[n].Se = k;
			scans[n].Ah = pass ? al : 0;
			scans[n].Al = pass ? 0 : al;
		}
	}
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &b.p, &len);
	c.image_width = img->width;
	c.image_height = img->height;
	c.input_components = 1;
	c.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&c);
	c.scan_info = scans;
	c.num_scans = n;
	jpeg_start_compress(&c, TRUE);
	for (i = 0; i < (int)img->height; i++) {
		r = img->pixels + (size_t)i * img->width;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	b.len = len;
	return b;
}

static void
test_progressive_scan_limit(void **state)
{
	struct blob png = load("otpauth.png"), jpg;
	struct qr_image img;
	struct qr_texts l;
	struct errbuf e = { "" };

	(void)state;
	assert_int_equal(qr_image_decode(png.p, png.len, &img, &e), 0);
	jpg = make_many_scan_jpeg(&img, 0);
	assert_int_equal(qr_decode_image(jpg.p, jpg.len, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].s, URI);
	qr_texts_free(&l);
	free(jpg.p);
	assert_true(128 > LIMIT_QR_JPEG_SCANS);
	jpg = make_many_scan_jpeg(&img, 1);
	assert_decode_fails(jpg.p, jpg.len,
	    "corrupt JPEG: more than 100 progressive scans");
	free(jpg.p);
	qr_image_clear(&img);
	free(png.p);
}

/* An 8x8 CMYK JPEG, made here with libjpeg (cjpeg cannot write one). */
static struct blob
make_cmyk_jpeg(void)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned char row[8 * 4];
	unsigned long len = 0;
	struct blob b = { NULL, 0 };
	JSAMPROW r = row;
	int y;

	memset(row, 0x40, sizeof(row));
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &b.p, &len);
	c.image_width = 8;
	c.image_height = 8;
	c.input_components = 4;
	c.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&c);
	jpeg_start_compress(&c, TRUE);
	for (y = 0; y < 8; y++)
		jpeg_write_scanlines(&c, &r, 1);
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	b.len = len;
	return b;
}

static void
test_cmyk_jpeg_refused(void **state)
{
	struct blob b = make_cmyk_jpeg();

	(void)state;
	assert_non_null(b.p);
	assert_decode_fails(b.p, b.len, "unsupported JPEG: CMYK images are "
	    "not supported; save it as RGB or grayscale");
	free(b.p);
}

static void
test_corrupt(void **state)
{
	struct blob png = load("otpauth.png"), jpg = load("otpauth.jpg");

	(void)state;
	/* A flipped bit in the width: IHDR's CRC no longer matches. */
	png.p[19] ^= 0x01;
	assert_decode_fails(png.p, png.len, "corrupt PNG: IHDR: CRC error");
	png.p[19] ^= 0x01;
	/* A marker that has no business in a JPEG file. */
	jpg.p[3] = 0x02;
	assert_decode_fails(jpg.p, jpg.len,
	    "corrupt JPEG: Unsupported marker type 0x02");
	jpg.p[3] = 0xe0;
	/* Damage in the entropy-coded data: a warning to libjpeg, which
	 * would go on with made-up pixels; an error to us. */
	memset(jpg.p + jpg.len / 2, 0xff, 8);
	assert_decode_fails(jpg.p, jpg.len, "corrupt JPEG: Corrupt JPEG "
	    "data: premature end of data segment");
	free(png.p);
	free(jpg.p);
}

/* An image of 11 x 10 copies of the fixture holds more codes than the
 * limit; the texts already copied are wiped and freed. */
static void
test_too_many_codes(void **state)
{
	struct blob b = load("otpauth.png");
	struct qr_image tile, img;
	struct qr_texts l;
	struct errbuf e = { "" };
	unsigned x, y, row;

	(void)state;
	assert_int_equal(qr_image_decode(b.p, b.len, &tile, &e), 0);
	img.width = tile.width * 11;
	img.height = tile.height * 10;
	assert_true(11 * 10 > LIMIT_QR_CODES);
	assert_non_null(img.pixels = malloc((size_t)img.width * img.height));
	for (y = 0; y < img.height; y++)
		for (x = 0; x < img.width; x += tile.width) {
			row = y % tile.height;
			memcpy(img.pixels + (size_t)y * img.width + x,
			    tile.pixels + (size_t)row * tile.width, tile.width);
		}
	assert_int_equal(qr_scan(&img, &l, &e), -1);
	assert_string_equal(e.msg, "more than 100 QR codes in the image");
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	qr_image_clear(&img);
	qr_image_clear(&tile);
	free(b.p);
}

static void
test_texts_free(void **state)
{
	struct qr_texts l = { NULL, 0 };

	(void)state;
	qr_texts_free(NULL);
	qr_texts_free(&l);
	assert_non_null(l.v = calloc(2, sizeof(*l.v)));
	l.n = 2;
	assert_non_null(l.v[0].s = strdup("otpauth://x"));
	l.v[0].len = 11;
	/* l.v[1] is empty: NULL text. */
	qr_texts_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	qr_texts_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_detect),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_jpeg),
		cmocka_unit_test(test_png_alpha_on_white),
		cmocka_unit_test(test_two_codes_in_reading_order),
		cmocka_unit_test(test_no_qr_code),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_scan_plain_images),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_cmyk_jpeg_refused),
		cmocka_unit_test(test_progressive_scan_limit),
		cmocka_unit_test(test_too_many_codes),
		cmocka_unit_test(test_texts_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
