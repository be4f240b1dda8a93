/* image_png — PNG photos decoded by libpng under the limits, area-averaged down row by row as
 * they are read when the placement needs fewer pixels (image.h). */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_int.h"
#include "shrink.h"

typedef struct {
    const unsigned char *bytes;
    size_t len, at;
    char msg[200];
    int text_refused; /* a text chunk over the limit */
    jb_image *img;
    unsigned char *buf;
    png_bytep *rows;
    /* png_shrink_rows's, here so that a libpng error (a longjmp) leaves nothing behind */
    unsigned char *row, *crow, *arow;
    jb_shrink k;
    int k_open;
} png_job;

static void
png_read_mem(png_structp png, png_bytep out, size_t n)
{
    png_job *j = png_get_io_ptr(png);
    if (n > j->len - j->at)
        png_error(png, "the file ends early");
    memcpy(out, j->bytes + j->at, n);
    j->at += n;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    snprintf(j->msg, sizeof j->msg, "%s", msg);
    png_longjmp(png, 1);
}

/* Ancillary chunks over the limit are only warnings to libpng (it drops them); a text chunk that
 * large is refused here, so a zTXt bomb is an error, not a slow skip. */
static void
png_warn(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    if (strncmp(msg, "zTXt", 4) == 0 || strncmp(msg, "iTXt", 4) == 0 ||
        strncmp(msg, "tEXt", 4) == 0) {
        if (!j->text_refused)
            snprintf(j->msg, sizeof j->msg, "%s", msg);
        j->text_refused = 1;
    }
}

/* The rows of a non-interlaced PNG (comps channels, colour first) area-averaged down to img's
 * size as they are read: never the whole photo in memory. Drops img's alpha when every pixel is
 * opaque. 0, or -1 out of memory (libpng's errors longjmp). */
static int
png_shrink_rows(png_structp png, png_job *j, const jb_image_fit *fit, int w, int h, int comps)
{
    jb_image *img = j->img;
    int ch = img->channels, opaque = 1, has_alpha = comps > ch;

    j->row = malloc((size_t)w * (size_t)comps);
    if (has_alpha) {
        j->crow = malloc((size_t)w * (size_t)ch);
        j->arow = malloc((size_t)w);
    }
    if (!j->row || (has_alpha && (!j->crow || !j->arow)) ||
        jb_shrink_init(&j->k, w, h, img->w, img->h, ch, img->px, img->alpha) != 0)
        return -1;
    j->k_open = 1;
    for (int y = 0; y < h; y++) {
        if ((y & 63) == 0 && fit && fit->cancelled && fit->cancelled(fit->cancel_arg))
            return -2;
        png_read_row(png, j->row, NULL);
        if (has_alpha) {
            for (int x = 0; x < w; x++) {
                memcpy(j->crow + (size_t)x * (size_t)ch, j->row + (size_t)x * (size_t)comps,
                       (size_t)ch);
                j->arow[x] = j->row[(size_t)x * (size_t)comps + (size_t)ch];
                opaque &= j->arow[x] == 255;
            }
        }
        jb_shrink_row(&j->k, y, has_alpha ? j->crow : j->row, j->arow);
    }
    if (opaque) {
        free(img->alpha);
        img->alpha = NULL;
    }
    return 0;
}

jb_status
jb_img_decode_png(const char *name, const unsigned char *bytes, size_t len, const jb_image_fit *fit,
                  jb_image **out, jb_diag *d)
{
    png_job *j = calloc(1, sizeof *j);
    png_structp png = NULL;
    png_infop info = NULL;
    volatile jb_status st = JB_OK;
    char msg[300];

    if (j == NULL)
        return jb_img_nomem(d, name);
    j->bytes = bytes, j->len = len, j->at = 0;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_fail, png_warn);
    if (png == NULL || (info = png_create_info_struct(png)) == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        free(j);
        return jb_img_nomem(d, name);
    }
    if (setjmp(png_jmpbuf(png))) {
        snprintf(msg, sizeof msg, "the PNG is corrupt or truncated (%s)", j->msg);
        st = jb_img_bad(d, name, "open it in an image viewer and save it again as PNG", msg);
        goto done;
    }
    png_set_read_fn(png, j, png_read_mem);
    /* libpng's own limit on the sides would be reported as bad data: ours are checked below */
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_chunk_malloc_max(png, JB_IMAGE_MAX_CHUNK);
    png_read_info(png, info);
    if (j->text_refused) {
        snprintf(msg, sizeof msg,
                 "the PNG holds a text chunk over the limit of %u MiB (libpng: %s)",
                 JB_IMAGE_MAX_CHUNK >> 20, j->msg);
        st = jb_img_bad(d, name, "save the photo again without its metadata", msg);
        goto done;
    }
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (!jb_img_within_limits(w, h)) {
        st = jb_img_too_big(d, name, w, h);
        goto done;
    }
    png_set_expand(png); /* palette → RGB, grey under 8 bits → 8, tRNS → alpha */
    png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int comps = png_get_channels(png, info);
    if (comps < 1 || comps > 4 || png_get_rowbytes(png, info) != (size_t)w * (size_t)comps) {
        st = jb_img_bad(d, name, JB_IMG_FORMATS_HINT,
                        "the PNG has a pixel layout that cannot be read");
        goto done;
    }
    {
        int tw, th;
        jb_img_fit_size((int)w, (int)h, fit, &tw, &th);
        if (png_get_interlace_type(png, info) != PNG_INTERLACE_NONE)
            tw = (int)w, th = (int)h; /* its passes need the whole photo */
        if ((st = jb_img_budget_take(fit, name, (size_t)w * h, (size_t)tw * (size_t)th, d)) !=
            JB_OK)
            goto done;
        if (tw < (int)w || th < (int)h) {
            int colour = comps >= 3 ? 3 : 1, rc = -1;
            if ((j->img = jb_img_new(name, "PNG", tw, th, colour, comps == 2 || comps == 4)) ==
                    NULL ||
                (rc = png_shrink_rows(png, j, fit, (int)w, (int)h, comps)) != 0) {
                st = rc == -2 ? jb_img_cancelled(d, name) : jb_img_nomem(d, name);
                goto done;
            }
            png_read_end(png, NULL);
            j->img->stored_w = j->img->full_w = (int)w;
            j->img->stored_h = j->img->full_h = (int)h;
            *out = j->img;
            j->img = NULL;
            goto done;
        }
    }
    j->buf = malloc((size_t)w * (size_t)h * (size_t)comps);
    j->rows = malloc((size_t)h * sizeof *j->rows);
    if (j->buf == NULL || j->rows == NULL) {
        st = jb_img_nomem(d, name);
        goto done;
    }
    for (png_uint_32 y = 0; y < h; y++)
        j->rows[y] = j->buf + (size_t)y * (size_t)w * (size_t)comps;
    png_read_image(png, j->rows);

    int colour = comps >= 3 ? 3 : 1, has_alpha = comps == 2 || comps == 4, opaque = 1;
    for (size_t i = 0; has_alpha && opaque && i < (size_t)w * h; i++)
        opaque = j->buf[i * (size_t)comps + (size_t)colour] == 255;
    if ((j->img = jb_img_new(name, "PNG", (int)w, (int)h, colour, has_alpha && !opaque)) == NULL) {
        st = jb_img_nomem(d, name);
        goto done;
    }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        memcpy(j->img->px + i * (size_t)colour, j->buf + i * (size_t)comps, (size_t)colour);
        if (j->img->alpha)
            j->img->alpha[i] = j->buf[i * (size_t)comps + (size_t)colour];
    }
    *out = j->img;
    j->img = NULL;
done:
    png_destroy_read_struct(&png, &info, NULL);
    jb_image_free(j->img);
    free(j->buf);
    free(j->rows);
    free(j->row), free(j->crow), free(j->arow);
    if (j->k_open)
        jb_shrink_fini(&j->k);
    free(j);
    return st;
}
