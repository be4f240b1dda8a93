/* image — photos: read beside the report, decoded under limits, made upright, downsampled and
 * re-encoded as JPEG. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <libexif/exif-data.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>

#include "image_int.h"
#include "shrink.h"
#include "source.h"

jb_status
jb_img_bad(jb_diag *d, const char *name, const char *hint, const char *msg)
{
    return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, hint, "%s", msg);
}

jb_status
jb_img_nomem(jb_diag *d, const char *name)
{
    return jb_diag_set(d, JB_ERR_NOMEM, name, 0, 0, NULL, "out of memory decoding the photo");
}

jb_status
jb_img_cancelled(jb_diag *d, const char *name)
{
    return jb_diag_set(d, JB_ERR_CANCELLED, name, 0, 0, NULL,
                       "stopped while decoding the photo (the caller's deadline)");
}

const char *const JB_IMG_FORMATS_HINT = "photos are JPEG or PNG files";

/* What the bytes are, by their magic: "JPEG", "PNG", another image format's name, or NULL. */
static const char *
magic_kind(const unsigned char *b, size_t n)
{
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "JPEG";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "PNG";
    if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
        return "a GIF image";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return "a WebP image";
    if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
        (memcmp(b + 8, "heic", 4) == 0 || memcmp(b + 8, "heix", 4) == 0 ||
         memcmp(b + 8, "mif1", 4) == 0 || memcmp(b + 8, "avif", 4) == 0))
        return "a HEIF/AVIF image";
    if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0))
        return "a TIFF image";
    if (n >= 2 && b[0] == 'B' && b[1] == 'M')
        return "a BMP image";
    if (n >= 4 && memcmp(b, "%PDF", 4) == 0)
        return "a PDF file";
    return NULL;
}

/* The format a file name claims by its extension, or NULL. */
static const char *
name_kind(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return NULL;
    if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
        return "JPEG";
    if (strcasecmp(dot, ".png") == 0)
        return "PNG";
    return NULL;
}

jb_image *
jb_img_new(const char *name, const char *format, int w, int h, int channels, int alpha)
{
    jb_image *img = calloc(1, sizeof *img);
    if (img == NULL)
        return NULL;
    img->name = strdup(name);
    img->format = format;
    img->w = img->stored_w = img->full_w = w;
    img->h = img->stored_h = img->full_h = h;
    img->orientation = 1;
    img->channels = channels;
    img->px = malloc((size_t)w * (size_t)h * (size_t)channels);
    img->alpha = alpha ? malloc((size_t)w * (size_t)h) : NULL;
    if (!img->name || !img->px || (alpha && !img->alpha)) {
        jb_image_free(img);
        return NULL;
    }
    return img;
}

jb_image *
jb_image_share(jb_image *img)
{
    if (img != NULL)
        img->shares++;
    return img;
}

void
jb_image_free(jb_image *img)
{
    if (img == NULL)
        return;
    if (img->shares > 0) {
        img->shares--;
        return;
    }
    free(img->name);
    free(img->px);
    free(img->alpha);
    free(img);
}

int
jb_img_within_limits(unsigned long w, unsigned long h)
{
    return w > 0 && h > 0 && w <= JB_IMAGE_MAX_SIDE && h <= JB_IMAGE_MAX_SIDE &&
           (unsigned long long)w * h <= JB_IMAGE_MAX_PIXELS;
}

jb_status
jb_img_too_big(jb_diag *d, const char *name, unsigned long w, unsigned long h)
{
    return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                       "scale the photo down (a brief prints it a few centimetres wide)",
                       "the photo is %lu × %lu pixels: over the limit of %u megapixels or %d "
                       "pixels a side",
                       w, h, JB_IMAGE_MAX_PIXELS / 1000000, JB_IMAGE_MAX_SIDE);
}

/* ---- the size a photo is decoded at, and the document's budget ---- */

/* The most pixels (tw × th) a placement of a photo of fw × fh can take under fit: the photo's
 * shape scaled into fit's box, a pixel more for rounding, never above the photo's own size. */
void
jb_img_fit_size(int fw, int fh, const jb_image_fit *fit, int *tw, int *th)
{
    double s;
    *tw = fw, *th = fh;
    if (fit == NULL || fit->max_w <= 0 || fit->max_h <= 0)
        return;
    s = (double)fit->max_w / fw;
    if ((double)fit->max_h / fh < s)
        s = (double)fit->max_h / fh;
    if (s >= 1)
        return;
    *tw = (int)(fw * s + 0.999999) + 1;
    *th = (int)(fh * s + 0.999999) + 1;
    *tw = *tw > fw ? fw : *tw;
    *th = *th > fh ? fh : *th;
}

/* Draws decoded and kept pixels from fit's budget, or says which photo is over it. */
jb_status
jb_img_budget_take(const jb_image_fit *fit, const char *name, size_t decoded, size_t kept,
                   jb_diag *d)
{
    jb_image_budget *b = fit ? fit->budget : NULL;
    if (b == NULL)
        return JB_OK;
    if (decoded > b->decoded_left || kept > b->kept_left)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                           "use fewer or smaller photos (a brief prints each a few centimetres "
                           "wide)",
                           "the photo '%s' is over the document's photo budget: its photos "
                           "together may decode %u megapixels and keep %u",
                           name, JB_IMAGE_DOC_DECODED / 1000000, JB_IMAGE_DOC_KEPT / 1000000);
    b->decoded_left -= decoded;
    b->kept_left -= kept;
    return JB_OK;
}

/* ---- orientation ---- */

/* Turns img upright by EXIF orientation o (2–8): stored (sx, sy) for each upright (x, y). */
static int
orient(jb_image *img, int o)
{
    int sw = img->w, sh = img->h, swap = o >= 5;
    int dw = swap ? sh : sw, dh = swap ? sw : sh, ch = img->channels;
    unsigned char *px = malloc((size_t)dw * (size_t)dh * (size_t)ch);
    unsigned char *al = img->alpha ? malloc((size_t)dw * (size_t)dh) : NULL;

    if (px == NULL || (img->alpha && al == NULL)) {
        free(px), free(al);
        return -1;
    }
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            int sx, sy;
            switch (o) {
            case 2: sx = sw - 1 - x, sy = y; break;
            case 3: sx = sw - 1 - x, sy = sh - 1 - y; break;
            case 4: sx = x, sy = sh - 1 - y; break;
            case 5: sx = y, sy = x; break;
            case 6: sx = y, sy = sh - 1 - x; break;
            case 7: sx = sw - 1 - y, sy = sh - 1 - x; break;
            default: sx = sw - 1 - y, sy = x; break; /* 8 */
            }
            size_t s = (size_t)sy * (size_t)sw + (size_t)sx, t = (size_t)y * (size_t)dw + (size_t)x;
            const unsigned char *from = img->px + s * (size_t)ch;
            unsigned char *to = px + t * (size_t)ch;
            to[0] = from[0];
            if (ch == 3)
                to[1] = from[1], to[2] = from[2];
            if (al)
                al[t] = img->alpha[s];
        }
    free(img->px);
    free(img->alpha);
    img->px = px, img->alpha = al, img->w = dw, img->h = dh, img->orientation = o;
    return 0;
}

/* The EXIF orientation in an APP1 segment (1 when there is none or it is not 1–8). */
static int
exif_orientation(const unsigned char *data, unsigned len)
{
    ExifData *ed;
    ExifEntry *e;
    int o = 1;

    if (len < 6 || memcmp(data, "Exif\0\0", 6) != 0)
        return 1;
    if ((ed = exif_data_new_from_data(data, len)) == NULL)
        return 1;
    e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2)
        o = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}

/* ---- JPEG ---- */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf env;
    char msg[JMSG_LENGTH_MAX];
    int warnings;
} jpeg_err;

static void
jpeg_fail(j_common_ptr cinfo)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    e->pub.format_message(cinfo, e->msg);
    longjmp(e->env, 1);
}

/* Warnings (premature end of data, corrupt entropy data) are errors here: libjpeg would fill the
 * rest of the photo with grey and carry on. */
static void
jpeg_message(j_common_ptr cinfo, int level)
{
    jpeg_err *e = (jpeg_err *)cinfo->err;
    if (level < 0 && e->warnings++ == 0)
        e->pub.format_message(cinfo, e->msg);
}

/* A progressive file of thousands of tiny scans takes minutes to decode: stop it. */
static void
jpeg_progress(j_common_ptr cinfo)
{
    j_decompress_ptr dc = (j_decompress_ptr)cinfo;
    if (dc->input_scan_number > JB_IMAGE_MAX_SCANS) {
        jpeg_err *e = (jpeg_err *)cinfo->err;
        snprintf(e->msg, sizeof e->msg, "more than %d progressive scans", JB_IMAGE_MAX_SCANS);
        longjmp(e->env, 2);
    }
}

typedef struct {
    struct jpeg_decompress_struct dc;
    jpeg_err err;
    struct jpeg_progress_mgr prog;
    jb_image *img;
    unsigned char *row;
    int orientation;
} jpeg_job;

static jb_status
decode_jpeg(const char *name, const unsigned char *bytes, size_t len, const jb_image_fit *fit,
            jb_image **out, jb_diag *d)
{
    jpeg_job *j = calloc(1, sizeof *j);
    volatile jb_status st = JB_OK;
    char msg[JMSG_LENGTH_MAX + 80];

    if (j == NULL)
        return jb_img_nomem(d, name);
    j->dc.err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_fail;
    j->err.pub.emit_message = jpeg_message;
    j->orientation = 1;
    if (setjmp(j->err.env)) {
        snprintf(msg, sizeof msg, "the JPEG is corrupt or truncated (%s)", j->err.msg);
        st = jb_img_bad(d, name, "open it in an image viewer and save it again as JPEG", msg);
        goto done;
    }
    jpeg_create_decompress(&j->dc);
    j->dc.mem->max_memory_to_use = 512L << 20;
    j->prog.progress_monitor = jpeg_progress;
    j->dc.progress = &j->prog;
    jpeg_mem_src(&j->dc, bytes, (unsigned long)len);
    jpeg_save_markers(&j->dc, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&j->dc, TRUE);
    if (!jb_img_within_limits(j->dc.image_width, j->dc.image_height)) {
        st = jb_img_too_big(d, name, j->dc.image_width, j->dc.image_height);
        goto done;
    }
    for (jpeg_saved_marker_ptr m = j->dc.marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1 && j->orientation == 1)
            j->orientation = exif_orientation(m->data, m->data_length);
    int cmyk = j->dc.jpeg_color_space == JCS_CMYK || j->dc.jpeg_color_space == JCS_YCCK;
    int grey = j->dc.jpeg_color_space == JCS_GRAYSCALE;
    j->dc.out_color_space = cmyk ? JCS_CMYK : grey ? JCS_GRAYSCALE : JCS_RGB;
    {
        /* the smallest of libjpeg's scales M/8 (its IDCT does the shrinking) still at least
         * the largest placement, in stored (not upright) pixels */
        int sw = (int)j->dc.image_width, sh = (int)j->dc.image_height, swap = j->orientation >= 5;
        int tw, th, m = 1;
        jb_img_fit_size(swap ? sh : sw, swap ? sw : sh, fit, &tw, &th);
        if (swap) {
            int t = tw;
            tw = th, th = t;
        }
        if (tw >= sw && th >= sh)
            m = 8; /* needed whole: no scaling at all */
        while (m < 8 && ((long)sw * m + 7) / 8 < tw)
            m++;
        while (m < 8 && ((long)sh * m + 7) / 8 < th)
            m++;
        j->dc.scale_num = (unsigned)m;
        j->dc.scale_denom = 8;
        jpeg_calc_output_dimensions(&j->dc);
        size_t px = (size_t)j->dc.output_width * j->dc.output_height;
        if ((st = jb_img_budget_take(fit, name, px, px, d)) != JB_OK)
            goto done;
    }
    jpeg_start_decompress(&j->dc);
    int w = (int)j->dc.output_width, h = (int)j->dc.output_height, comps = j->dc.output_components;
    j->img = jb_img_new(name, "JPEG", w, h, grey ? 1 : 3, 0);
    j->row = malloc((size_t)w * (size_t)comps);
    if (j->img == NULL || j->row == NULL) {
        st = jb_img_nomem(d, name);
        goto done;
    }
    while (j->dc.output_scanline < j->dc.output_height) {
        unsigned y = j->dc.output_scanline;
        if ((y & 63) == 0 && fit && fit->cancelled && fit->cancelled(fit->cancel_arg)) {
            st = jb_img_cancelled(d, name);
            goto done;
        }
        JSAMPROW rp = j->row;
        unsigned char *dst = j->img->px + (size_t)y * (size_t)w * (size_t)j->img->channels;
        jpeg_read_scanlines(&j->dc, &rp, 1);
        if (!cmyk) {
            memcpy(dst, j->row, (size_t)w * (size_t)comps);
            continue;
        }
        /* Photoshop's CMYK JPEGs (an Adobe marker) store the inks inverted: 255 is no ink. */
        for (int x = 0; x < w; x++) {
            const unsigned char *s = j->row + 4 * x;
            unsigned c = s[0], mg = s[1], ye = s[2], k = s[3];
            if (!j->dc.saw_Adobe_marker)
                c = 255 - c, mg = 255 - mg, ye = 255 - ye, k = 255 - k;
            dst[3 * x] = (unsigned char)(c * k / 255);
            dst[3 * x + 1] = (unsigned char)(mg * k / 255);
            dst[3 * x + 2] = (unsigned char)(ye * k / 255);
        }
    }
    jpeg_finish_decompress(&j->dc);
    if (j->err.warnings) {
        snprintf(msg, sizeof msg, "the JPEG is corrupt or truncated (%s)", j->err.msg);
        st = jb_img_bad(d, name, "open it in an image viewer and save it again as JPEG", msg);
        goto done;
    }
    if (j->orientation != 1 && orient(j->img, j->orientation) != 0) {
        st = jb_img_nomem(d, name);
        goto done;
    }
    j->img->full_w = (int)(j->orientation >= 5 ? j->dc.image_height : j->dc.image_width);
    j->img->full_h = (int)(j->orientation >= 5 ? j->dc.image_width : j->dc.image_height);
    *out = j->img;
    j->img = NULL;
done:
    jpeg_destroy_decompress(&j->dc);
    jb_image_free(j->img);
    free(j->row);
    free(j);
    return st;
}

jb_status
jb_image_decode_fit(const char *name, const unsigned char *bytes, size_t len,
                    const jb_image_fit *fit, jb_image **out, jb_diag *d)
{
    const char *kind = magic_kind(bytes, len), *claimed = name_kind(name);
    char msg[300];

    *out = NULL;
    if (len > JB_IMAGE_MAX_BYTES) {
        snprintf(msg, sizeof msg, "the photo file is %zu MiB: over the limit of %u MiB", len >> 20,
                 JB_IMAGE_MAX_BYTES >> 20);
        return jb_img_bad(d, name, "save it smaller (a brief prints it a few centimetres wide)",
                          msg);
    }
    if (kind == NULL) {
        snprintf(msg, sizeof msg, "%s is not an image jianbao can read%s%s", name,
                 claimed ? ": it does not start as a " : "", claimed ? claimed : "");
        return jb_img_bad(d, name, JB_IMG_FORMATS_HINT, msg);
    }
    if (strcmp(kind, "JPEG") != 0 && strcmp(kind, "PNG") != 0) {
        snprintf(msg, sizeof msg, "%s is %s, which jianbao does not read", name, kind);
        return jb_img_bad(d, name, "save it as JPEG or PNG (photos are JPEG or PNG files)", msg);
    }
    if (claimed && strcmp(claimed, kind) != 0) {
        snprintf(msg, sizeof msg, "%s is named as %s but is a %s file", name, claimed, kind);
        return jb_img_bad(d, name, "rename it to the extension of what it is", msg);
    }
    return strcmp(kind, "JPEG") == 0 ? decode_jpeg(name, bytes, len, fit, out, d)
                                     : jb_img_decode_png(name, bytes, len, fit, out, d);
}

jb_status
jb_image_decode(const char *name, const unsigned char *bytes, size_t len, jb_image **out,
                jb_diag *d)
{
    return jb_image_decode_fit(name, bytes, len, NULL, out, d);
}

/* ---- reading the file beside the report ---- */

jb_status
jb_image_load(const char *report_path, const char *ref, jb_image **out, jb_diag *d)
{
    return jb_image_load_fit(report_path, ref, NULL, out, d);
}

/* The bytes of the photo ref beside the report at report_path (the checks of jb_image_load);
 * caller frees *bytes_out. */
static jb_status
read_beside(const char *report_path, const char *ref, unsigned char **bytes_out, size_t *len,
            jb_diag *d)
{
    char dir[PATH_MAX], joined[PATH_MAX * 2], real_dir[PATH_MAX], real[PATH_MAX],
        msg[PATH_MAX + 200];
    const char *slash = strrchr(report_path, '/');
    const char *colon = strchr(ref, ':'), *sep = strchr(ref, '/');
    unsigned char *bytes = NULL;
    struct stat sb;
    size_t got = 0;
    int fd;

    *bytes_out = NULL;
    if (ref[0] == '\0')
        return jb_img_bad(d, report_path, "write ![caption](photo.jpg)",
                          "a photo without a file name");
    if (colon && (sep == NULL || colon < sep)) {
        snprintf(msg, sizeof msg, "the photo '%s' is a URL: photos are files beside the report",
                 ref);
        return jb_img_bad(d, report_path, "download it into the report's folder and name it there",
                          msg);
    }
    if (ref[0] == '/') {
        snprintf(msg, sizeof msg, "the photo '%s' is an absolute path", ref);
        return jb_img_bad(d, report_path,
                          "put the photo in the report's folder and name it relative to it", msg);
    }
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - report_path) : 1,
             slash ? report_path : ".");
    if (dir[0] == '\0')
        snprintf(dir, sizeof dir, "/");
    snprintf(joined, sizeof joined, "%s/%s", dir, ref);
    if (realpath(dir, real_dir) == NULL || realpath(joined, real) == NULL) {
        snprintf(msg, sizeof msg, "the photo '%s' is not there (%s)", ref, strerror(errno));
        return jb_img_bad(d, report_path, "photo paths are relative to the report's folder", msg);
    }
    size_t n = strlen(real_dir);
    if (!(strncmp(real, real_dir, n) == 0 && (real[n] == '/' || real_dir[n - 1] == '/'))) {
        snprintf(msg, sizeof msg, "the photo '%s' is outside the report's folder (it is %s)", ref,
                 real);
        return jb_img_bad(d, report_path, "copy the photo into the report's folder", msg);
    }
    /* never a hang: a FIFO or device is refused before anything is read from it */
    if ((fd = jb_source_open_regular(real, &sb)) < 0) {
        snprintf(msg, sizeof msg, "cannot read the photo '%s': %s", ref,
                 jb_source_open_error(errno));
        return jb_img_bad(d, report_path, "photos are JPEG or PNG files beside the report", msg);
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > (off_t)JB_IMAGE_MAX_BYTES || sb.st_size == 0) {
        close(fd);
        snprintf(msg, sizeof msg,
                 S_ISREG(sb.st_mode) ? (sb.st_size ? "the photo '%s' is over the limit of 40 MiB"
                                                   : "the photo '%s' is an empty file")
                                     : "the photo '%s' is not a regular file",
                 ref);
        return jb_img_bad(d, report_path, "photos are JPEG or PNG files beside the report", msg);
    }
    if ((bytes = malloc((size_t)sb.st_size)) == NULL) {
        close(fd);
        return jb_img_nomem(d, ref);
    }
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, bytes + got, (size_t)sb.st_size - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (got != (size_t)sb.st_size) {
        free(bytes);
        snprintf(msg, sizeof msg, "cannot read the photo '%s' whole", ref);
        return jb_img_bad(d, report_path, NULL, msg);
    }
    *bytes_out = bytes;
    *len = got;
    return JB_OK;
}

jb_status
jb_image_load_fit(const char *report_path, const char *ref, const jb_image_fit *fit, jb_image **out,
                  jb_diag *d)
{
    unsigned char *bytes;
    size_t len;
    jb_status st;

    *out = NULL;
    if ((st = read_beside(report_path, ref, &bytes, &len, d)) != JB_OK)
        return st;
    st = jb_image_decode_fit(ref, bytes, len, fit, out, d);
    free(bytes);
    return st;
}

/* ---- the size of a photo, without decoding it ---- */

int
jb_image_probe(const unsigned char *bytes, size_t len, int *w, int *h)
{
    *w = *h = 0;
    if (len >= 24 && memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) == 0 &&
        memcmp(bytes + 12, "IHDR", 4) == 0) {
        unsigned long pw = (unsigned long)bytes[16] << 24 | (unsigned long)bytes[17] << 16 |
                           (unsigned long)bytes[18] << 8 | bytes[19];
        unsigned long ph = (unsigned long)bytes[20] << 24 | (unsigned long)bytes[21] << 16 |
                           (unsigned long)bytes[22] << 8 | bytes[23];
        if (!jb_img_within_limits(pw, ph))
            return -1;
        *w = (int)pw, *h = (int)ph;
        return 0;
    }
    if (len >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        jpeg_job *j = calloc(1, sizeof *j);
        volatile int rc = -1;
        if (j == NULL)
            return -1;
        j->dc.err = jpeg_std_error(&j->err.pub);
        j->err.pub.error_exit = jpeg_fail;
        j->err.pub.emit_message = jpeg_message;
        j->orientation = 1;
        if (setjmp(j->err.env) == 0) {
            jpeg_create_decompress(&j->dc);
            jpeg_mem_src(&j->dc, bytes, (unsigned long)len);
            jpeg_save_markers(&j->dc, JPEG_APP0 + 1, 0xFFFF);
            jpeg_read_header(&j->dc, TRUE);
            for (jpeg_saved_marker_ptr m = j->dc.marker_list; m; m = m->next)
                if (m->marker == JPEG_APP0 + 1 && j->orientation == 1)
                    j->orientation = exif_orientation(m->data, m->data_length);
            if (jb_img_within_limits(j->dc.image_width, j->dc.image_height)) {
                int sw = (int)j->dc.image_width, sh = (int)j->dc.image_height;
                *w = j->orientation >= 5 ? sh : sw;
                *h = j->orientation >= 5 ? sw : sh;
                rc = 0;
            }
        }
        jpeg_destroy_decompress(&j->dc);
        free(j);
        return rc;
    }
    return -1;
}

int
jb_image_probe_file(const char *report_path, const char *ref, int *w, int *h)
{
    unsigned char *bytes;
    size_t len;
    jb_diag d;
    int rc;

    jb_diag_init(&d);
    *w = *h = 0;
    if (read_beside(report_path, ref, &bytes, &len, &d) != JB_OK)
        return -1;
    rc = jb_image_probe(bytes, len, w, h);
    free(bytes);
    return rc;
}

/* ---- encoding ---- */

typedef struct {
    struct jpeg_compress_struct cc;
    jpeg_err err;
    unsigned char *out;
    unsigned long out_len;
} jpeg_enc;

/* px (w × h × ch) as a JPEG at quality into e->out; 0, or -1 when libjpeg fails. */
static int
compress_jpeg(jpeg_enc *e, const unsigned char *px, int w, int h, int ch, int quality)
{
    e->cc.err = jpeg_std_error(&e->err.pub);
    e->err.pub.error_exit = jpeg_fail;
    if (setjmp(e->err.env)) {
        jpeg_destroy_compress(&e->cc);
        return -1;
    }
    jpeg_create_compress(&e->cc);
    jpeg_mem_dest(&e->cc, &e->out, &e->out_len);
    e->cc.image_width = (JDIMENSION)w;
    e->cc.image_height = (JDIMENSION)h;
    e->cc.input_components = ch;
    e->cc.in_color_space = ch == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&e->cc);
    jpeg_set_quality(&e->cc, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    e->cc.optimize_coding = TRUE;
    jpeg_start_compress(&e->cc, TRUE);
    while (e->cc.next_scanline < e->cc.image_height) {
        JSAMPROW rp = (JSAMPROW)px + (size_t)e->cc.next_scanline * (size_t)w * (size_t)ch;
        jpeg_write_scanlines(&e->cc, &rp, 1);
    }
    jpeg_finish_compress(&e->cc);
    jpeg_destroy_compress(&e->cc);
    return 0;
}

/* An opaque image at least twice the size asked for, halved first by exact 2 × 2 averages (the
 * area average of an area average: the same but for rounding, at a quarter of the work). NULL
 * when not worth it or out of memory (the full image is then used). */
static unsigned char *
halve(const jb_image *img, int w, int h, int *hw, int *hh)
{
    int ch = img->channels, sw = img->w;
    unsigned char *half;
    *hw = img->w / 2, *hh = img->h / 2;
    if (img->alpha || *hw < w || *hh < h)
        return NULL;
    if ((half = malloc((size_t)*hw * (size_t)*hh * (size_t)ch)) == NULL)
        return NULL;
    for (int y = 0; y < *hh; y++) {
        const unsigned char *r0 = img->px + (size_t)(2 * y) * (size_t)sw * (size_t)ch,
                            *r1 = r0 + (size_t)sw * (size_t)ch;
        unsigned char *o = half + (size_t)y * (size_t)*hw * (size_t)ch;
        for (int x = 0; x < *hw; x++, r0 += 2 * ch, r1 += 2 * ch, o += ch)
            for (int q = 0; q < ch; q++)
                o[q] = (unsigned char)((r0[q] + r0[q + ch] + r1[q] + r1[q + ch] + 2) >> 2);
    }
    return half;
}

jb_status
jb_image_encode(const jb_image *img, int w, int h, int quality, jb_image_encoded *out, jb_diag *d)
{
    int ch = img->channels, sw, sh;
    const unsigned char *src;
    unsigned char *px, *half;
    jpeg_enc *e;
    jb_shrink k;

    memset(out, 0, sizeof *out);
    if (w > img->w || h > img->h || w < 1 || h < 1)
        w = img->w, h = img->h;
    half = halve(img, w, h, &sw, &sh);
    if (half == NULL)
        sw = img->w, sh = img->h;
    src = half ? half : img->px;
    px = malloc((size_t)w * (size_t)h * (size_t)ch);
    out->smask = img->alpha ? malloc((size_t)w * (size_t)h) : NULL;
    e = calloc(1, sizeof *e);
    if (!px || (img->alpha && !out->smask) || !e ||
        jb_shrink_init(&k, sw, sh, w, h, ch, px, out->smask) != 0) {
        free(px), free(e), free(half);
        free(out->smask);
        out->smask = NULL;
        return jb_img_nomem(d, img->name);
    }
    for (int y = 0; y < sh; y++)
        jb_shrink_row(&k, y, src + (size_t)y * (size_t)sw * (size_t)ch,
                      img->alpha ? img->alpha + (size_t)y * (size_t)sw : NULL);
    jb_shrink_fini(&k);
    free(half);

    if (compress_jpeg(e, px, w, h, ch, quality) != 0) {
        free(e->out);
        free(px);
        free(e);
        free(out->smask);
        out->smask = NULL;
        return jb_diag_set(d, JB_ERR_INTERNAL, img->name, 0, 0, NULL,
                           "cannot encode the photo as JPEG");
    }
    out->jpeg = e->out;
    out->jpeg_len = e->out_len;
    out->w = w, out->h = h, out->channels = ch;
    free(px);
    free(e);
    return JB_OK;
}

void
jb_image_encoded_fini(jb_image_encoded *e)
{
    free(e->jpeg);
    free(e->smask);
    memset(e, 0, sizeof *e);
}
