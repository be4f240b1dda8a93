/* image: JPEG kinds (baseline, progressive, grey, Adobe CMYK), EXIF orientation, truncation,
 * formats by magic bytes, and the area-average downsampling with alpha. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jpeglib.h>
#include <png.h>

#include "image.h"

/* A w × h JPEG of comps components (1, 3 or 4 = CMYK) with pixel (x, y) from fn; progressive;
 * app1 (may be NULL) written as an APP1 marker. Caller frees *out. */
static size_t
make_jpeg(int w, int h, int comps, int progressive, const unsigned char *app1, unsigned app1_len,
          void (*fn)(int x, int y, unsigned char *px), unsigned char **out)
{
    struct jpeg_compress_struct cc;
    struct jpeg_error_mgr err;
    unsigned long len = 0;
    unsigned char *row = malloc((size_t)w * (size_t)comps);

    *out = NULL;
    cc.err = jpeg_std_error(&err);
    jpeg_create_compress(&cc);
    jpeg_mem_dest(&cc, out, &len);
    cc.image_width = (JDIMENSION)w, cc.image_height = (JDIMENSION)h;
    cc.input_components = comps;
    cc.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&cc);
    jpeg_set_quality(&cc, 95, TRUE);
    if (progressive)
        jpeg_simple_progression(&cc);
    jpeg_start_compress(&cc, TRUE);
    if (app1)
        jpeg_write_marker(&cc, JPEG_APP0 + 1, app1, app1_len);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++)
            fn(x, y, row + x * comps);
        JSAMPROW rp = row;
        jpeg_write_scanlines(&cc, &rp, 1);
    }
    jpeg_finish_compress(&cc);
    jpeg_destroy_compress(&cc);
    free(row);
    return len;
}

/* left half red, right half blue */
static void
halves(int x, int y, unsigned char *px)
{
    (void)y;
    px[0] = x < 8 ? 255 : 0, px[1] = 0, px[2] = x < 8 ? 0 : 255;
}

/* the stored top left quarter red, the rest blue */
static void
quarter(int x, int y, unsigned char *px)
{
    int red = x < 8 && y < 4;
    px[0] = red ? 255 : 0, px[1] = 0, px[2] = red ? 0 : 255;
}

static void
grey(int x, int y, unsigned char *px)
{
    (void)x, (void)y;
    px[0] = 100;
}

/* Adobe CMYK stores the inks inverted: 255 is no ink. Cyan: no red. */
static void
cyan(int x, int y, unsigned char *px)
{
    (void)x, (void)y;
    px[0] = 0, px[1] = 255, px[2] = 255, px[3] = 255;
}

static int
near(int a, int b)
{
    return abs(a - b) <= 12;
}

static void
test_rgb_progressive(void **state)
{
    unsigned char *j;
    jb_image *img;
    jb_diag d;
    (void)state;
    for (int prog = 0; prog < 2; prog++) {
        size_t n = make_jpeg(16, 8, 3, prog, NULL, 0, halves, &j);
        jb_diag_init(&d);
        assert_int_equal(jb_image_decode("a.jpg", j, n, &img, &d), JB_OK);
        assert_int_equal(img->w, 16);
        assert_int_equal(img->h, 8);
        assert_int_equal(img->channels, 3);
        assert_null(img->alpha);
        assert_true(near(img->px[0], 255) && near(img->px[2], 0));
        assert_true(near(img->px[15 * 3], 0) && near(img->px[15 * 3 + 2], 255));
        jb_image_free(img);
        free(j);
    }
}

static void
test_grey_and_cmyk(void **state)
{
    unsigned char *j;
    jb_image *img;
    jb_diag d;
    (void)state;
    size_t n = make_jpeg(8, 8, 1, 0, NULL, 0, grey, &j);
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode("g.jpeg", j, n, &img, &d), JB_OK);
    assert_int_equal(img->channels, 1);
    assert_true(near(img->px[0], 100));
    jb_image_free(img);
    free(j);

    n = make_jpeg(8, 8, 4, 0, NULL, 0, cyan, &j);
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode("c.jpg", j, n, &img, &d), JB_OK);
    assert_int_equal(img->channels, 3);
    assert_true(near(img->px[0], 0) && near(img->px[1], 255) && near(img->px[2], 255));
    jb_image_free(img);
    free(j);
}

/* EXIF orientation 6 (turn a quarter clockwise): the stored top left quarter (red) becomes the
 * upper right one; a mirror (transpose) would put it upper left. */
static void
test_orientation(void **state)
{
    static const unsigned char exif[] = {
        'E',  'x',  'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, /* TIFF header, IFD0 at 8 */
        1,    0,                                                 /* one entry */
        0x12, 0x01, 3,   0,   1, 0, 0,   0,   6,  0, 0, 0,       /* Orientation SHORT 1 = 6 */
        0,    0,    0,   0};                                     /* no next IFD */
    unsigned char *j;
    jb_image *img;
    jb_diag d;
    (void)state;
    size_t n = make_jpeg(16, 8, 3, 0, exif, sizeof exif, quarter, &j);
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode("o.jpg", j, n, &img, &d), JB_OK);
    assert_int_equal(img->orientation, 6);
    assert_int_equal(img->stored_w, 16);
    assert_int_equal(img->w, 8);
    assert_int_equal(img->h, 16);
    assert_true(near(img->px[7 * 3], 255) && near(img->px[7 * 3 + 2], 0)); /* upper right: red */
    assert_true(near(img->px[0], 0) && near(img->px[2], 255));             /* upper left: blue */
    size_t low = ((size_t)12 * 8 + 7) * 3;                                 /* lower right: blue */
    assert_true(near(img->px[low], 0) && near(img->px[low + 2], 255));
    jb_image_free(img);
    free(j);
}

static void
test_refused(void **state)
{
    unsigned char *j;
    jb_image *img = NULL;
    jb_diag d;
    (void)state;
    size_t n = make_jpeg(64, 64, 3, 0, NULL, 0, halves, &j);
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode("t.jpg", j, n / 2, &img, &d), JB_ERR_INPUT);
    assert_null(img);
    assert_non_null(strstr(d.message, "corrupt or truncated"));
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode("t.png", j, n, &img, &d), JB_ERR_INPUT);
    assert_non_null(strstr(d.message, "named as PNG but is a JPEG file"));
    jb_diag_init(&d);
    assert_int_equal(
        jb_image_decode("t.webp", (const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16, &img, &d),
        JB_ERR_INPUT);
    assert_non_null(strstr(d.message, "WebP"));
    free(j);
}

/* 4 × 2 → 2 × 1: each cell the average of its 2 × 2; a transparent black pixel leaves no
 * trace in the colour and halves the alpha. */
static void
test_downsample(void **state)
{
    jb_image img = {.name = "x.png", .format = "PNG", .w = 4, .h = 2, .channels = 1};
    unsigned char px[8] = {0, 100, 200, 200, 0, 100, 200, 200};
    unsigned char al[8] = {0, 255, 255, 255, 0, 255, 255, 255};
    jb_image_encoded e;
    jb_diag d;
    (void)state;
    img.px = px, img.alpha = al;
    jb_diag_init(&d);
    assert_int_equal(jb_image_encode(&img, 2, 1, 100, &e, &d), JB_OK);
    assert_int_equal(e.w, 2);
    assert_int_equal(e.h, 1);
    assert_non_null(e.smask);
    assert_int_equal(e.smask[0], 128);
    assert_int_equal(e.smask[1], 255);
    jb_image *back;
    assert_int_equal(jb_image_decode("back.jpg", e.jpeg, e.jpeg_len, &back, &d), JB_OK);
    assert_true(near(back->px[0], 100)); /* not 50: the transparent 0 does not count */
    assert_true(near(back->px[1], 200));
    jb_image_free(back);
    jb_image_encoded_fini(&e);
}

/* A big photo is decoded at the smallest JPEG scale still at least the placement asked for, its
 * file's size kept in full_w × full_h, the budget drawn on; over the budget it is refused by
 * name; a shared image is freed by its last owner. */
static void
test_decode_fit_and_budget(void **state)
{
    unsigned char *j;
    size_t n = make_jpeg(800, 400, 3, 0, NULL, 0, halves, &j);
    jb_image_budget b = {JB_IMAGE_DOC_DECODED, JB_IMAGE_DOC_KEPT};
    jb_image_fit fit = {.max_w = 150, .max_h = 150, .budget = &b};
    jb_image *img, *again;
    jb_diag d;
    int w, h;
    (void)state;

    assert_int_equal(jb_image_probe(j, n, &w, &h), 0);
    assert_int_equal(w, 800);
    assert_int_equal(h, 400);
    jb_diag_init(&d);
    /* the box allows 150 × 75 (+1): 2/8 gives 200 × 100, 1/8 (100 × 50) would be too small */
    assert_int_equal(jb_image_decode_fit("big.jpg", j, n, &fit, &img, &d), JB_OK);
    assert_int_equal(img->w, 200);
    assert_int_equal(img->h, 100);
    assert_int_equal(img->full_w, 800);
    assert_int_equal(img->full_h, 400);
    assert_int_equal(b.decoded_left, JB_IMAGE_DOC_DECODED - 200 * 100);
    assert_true(near(img->px[0], 255) && near(img->px[3 * 199 + 2], 255)); /* red | blue */
    again = jb_image_share(img);
    jb_image_free(img); /* one owner left: still there */
    assert_int_equal(again->w, 200);
    jb_image_free(again);

    b.decoded_left = 100; /* an empty budget names the photo */
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode_fit("big.jpg", j, n, &fit, &img, &d), JB_ERR_INPUT);
    assert_non_null(strstr(d.message, "'big.jpg'"));
    assert_non_null(strstr(d.message, "budget"));
    free(j);
}

static int
stop(void *arg)
{
    (void)arg;
    return 1;
}

/* A PNG with alpha is area-averaged down to the placement as its rows are read: half
 * transparent red on the left, opaque blue on the right, 400 × 200 into 100 × 50 (+1). */
static void
test_png_rows_shrunk(void **state)
{
    png_image pi;
    unsigned char *rgba = malloc(400 * 200 * 4), *png = NULL;
    png_alloc_size_t len = 0;
    jb_image_fit fit = {.max_w = 100, .max_h = 100};
    jb_image *img;
    jb_diag d;
    (void)state;
    for (int i = 0; i < 400 * 200; i++) {
        int left = i % 400 < 200;
        rgba[4 * i] = left ? 255 : 0, rgba[4 * i + 1] = 0, rgba[4 * i + 2] = left ? 0 : 255;
        rgba[4 * i + 3] = left ? 128 : 255;
    }
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION, pi.width = 400, pi.height = 200, pi.format = PNG_FORMAT_RGBA;
    assert_true(png_image_write_get_memory_size(pi, len, 0, rgba, 0, NULL));
    png = malloc(len);
    assert_true(png_image_write_to_memory(&pi, png, &len, 0, rgba, 0, NULL));
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode_fit("a.png", png, len, &fit, &img, &d), JB_OK);
    assert_int_equal(img->w, 101);
    assert_int_equal(img->h, 51);
    assert_int_equal(img->full_w, 400);
    assert_non_null(img->alpha);
    assert_true(near(img->px[0], 255) && near(img->alpha[0], 128));
    assert_true(near(img->px[3 * 100 + 2], 255) && near(img->alpha[100], 255));
    jb_image_free(img);
    fit.cancelled = stop; /* a caller's deadline stops the rows, leaving nothing behind */
    jb_diag_init(&d);
    assert_int_equal(jb_image_decode_fit("a.png", png, len, &fit, &img, &d), JB_ERR_CANCELLED);
    assert_null(img);
    free(png), free(rgba);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rgb_progressive), cmocka_unit_test(test_grey_and_cmyk),
        cmocka_unit_test(test_orientation),     cmocka_unit_test(test_refused),
        cmocka_unit_test(test_downsample),      cmocka_unit_test(test_decode_fit_and_budget),
        cmocka_unit_test(test_png_rows_shrunk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
