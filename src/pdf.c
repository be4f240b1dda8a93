/* pdf — libharu output: subset CID fonts, text by CID, exact ToUnicode, atomic write. */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "output.h"
#include "pdf_int.h"
#include "pdfa.h"
#include "utf8.h"

typedef struct {
    HPDF_STATUS error;
    HPDF_STATUS detail;
} hpdf_err;

static void
on_error(HPDF_STATUS error, HPDF_STATUS detail, void *ud)
{
    hpdf_err *e = ud;
    if (e->error == 0) { /* keep the first error; libharu goes on returning codes */
        e->error = error;
        e->detail = detail;
    }
}

/* An indirect dictionary. */
HPDF_Dict
jb_pdf_new_dict(HPDF_Doc pdf)
{
    HPDF_Dict dict = HPDF_Dict_New(pdf->mmgr);
    if (dict != NULL && HPDF_Xref_Add(pdf->xref, dict) != HPDF_OK)
        return NULL; /* libharu freed it */
    return dict;
}

/* A stream; before the document is saved its content is put in deflated (jb_pdf_put_held,
 * jb_pdf_put_shared) or what was written to it is deflated (jb_pdf_deflate_stream). */
HPDF_Dict
jb_pdf_new_stream(HPDF_Doc pdf)
{
    HPDF_Dict dict = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (dict != NULL)
        dict->filter = HPDF_STREAM_FILTER_NONE;
    return dict;
}

/* libharu drops /Filter from a stream it does not filter itself; a stream deflated beforehand
 * names its filter here, among the dictionary's other entries. */
static HPDF_STATUS
write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Every stream is deflated with libdeflate rather than by libharu with zlib: about twice as fast
 * at the same level and size. Images (and the PDF/A colour profile) at level 6, zlib's default;
 * the text and font streams at level 1: on the sample, level 1 takes 3.1 M fewer instructions
 * than level 6 for the page's content stream, the ToUnicode maps and the TrueType program (of
 * 49.1 M), for 1.6 % more bytes (1.45 % over every sample and layout); a CFF program is
 * charstrings that deflate little at any level (its Noto Serif CJK subset: level 1 takes half the
 * instructions of level 6 for 1.4 % more bytes). */
#define DEFLATE_LEVEL      6
#define DEFLATE_LEVEL_TEXT 1

/* Deflated bytes, ours, shown by one stream or more: libharu reads them straight out when it
 * saves the document (a callback stream in place of the memory stream it would copy them into
 * byte by byte). A font found in the memo is one block for its three streams. */
struct jb_pdf_bytes {
    void (*release)(void *); /* given ud when the last holder drops it */
    void *ud;
    int refs; /* the streams and callers holding it; one document's, one thread's */
};

jb_pdf_bytes *
jb_pdf_bytes_wrap(void (*release)(void *), void *ud)
{
    jb_pdf_bytes *b = ud != NULL ? malloc(sizeof *b) : NULL;
    if (b == NULL) {
        if (ud != NULL)
            release(ud);
        return NULL;
    }
    b->release = release;
    b->ud = ud;
    b->refs = 1;
    return b;
}

jb_pdf_bytes *
jb_pdf_bytes_take(unsigned char *p)
{
    return jb_pdf_bytes_wrap(free, p);
}

jb_pdf_bytes *
jb_pdf_bytes_keep(jb_pdf_bytes *b)
{
    if (b != NULL)
        b->refs++;
    return b;
}

void
jb_pdf_bytes_drop(jb_pdf_bytes *b)
{
    if (b != NULL && --b->refs == 0) {
        b->release(b->ud);
        free(b);
    }
}

typedef struct {
    jb_pdf_bytes *own;
    const unsigned char *p;
    size_t n, pos;
} held;

static HPDF_STATUS
held_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    held *h = stream->attr;
    size_t k = h->n - h->pos < *siz ? h->n - h->pos : *siz;
    memcpy(ptr, h->p + h->pos, k);
    h->pos += k;
    if (k < *siz) {
        *siz = (HPDF_UINT)k;
        return HPDF_STREAM_EOF;
    }
    return HPDF_OK;
}

static HPDF_STATUS
held_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held *h = stream->attr;
    long at = mode == HPDF_SEEK_CUR   ? (long)h->pos + pos
              : mode == HPDF_SEEK_END ? (long)h->n - pos
                                      : pos;
    if (at < 0 || (size_t)at > h->n)
        return HPDF_STREAM_EOF;
    h->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32
held_tell(HPDF_Stream stream)
{
    return (HPDF_INT32)((held *)stream->attr)->pos;
}

static HPDF_UINT32
held_size(HPDF_Stream stream)
{
    return (HPDF_UINT32)((held *)stream->attr)->n;
}

static void
held_free(HPDF_Stream stream)
{
    held *h = stream->attr;
    if (h != NULL)
        jb_pdf_bytes_drop(h->own);
    free(h);
    stream->attr = NULL;
}

HPDF_STATUS
jb_pdf_put_shared(HPDF_Dict s, jb_pdf_bytes *own, const unsigned char *p, size_t len)
{
    held *h = own != NULL && len > 0 ? malloc(sizeof *h) : NULL;
    HPDF_Stream hs = NULL;

    if (h != NULL && (hs = HPDF_CallbackReader_New(s->mmgr, held_read, held_seek, held_tell,
                                                   held_size, h)) != NULL) {
        h->own = jb_pdf_bytes_keep(own);
        h->p = p;
        h->n = len;
        h->pos = 0;
        hs->free_fn = held_free;
        HPDF_Stream_Free(s->stream);
        s->stream = hs;
        s->filter = HPDF_STREAM_FILTER_NONE;
        s->write_fn = write_flate_filter;
        return HPDF_OK;
    }
    free(h);
    return HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS
jb_pdf_put_held(HPDF_Dict s, unsigned char *out, size_t len)
{
    jb_pdf_bytes *b = jb_pdf_bytes_take(out);
    HPDF_STATUS rc = jb_pdf_put_shared(s, b, out, len);
    jb_pdf_bytes_drop(b);
    return rc;
}

unsigned char *
jb_pdf_deflate(struct libdeflate_compressor *z, const void *data, size_t n, size_t *len)
{
    size_t cap = libdeflate_zlib_compress_bound(z, n);
    unsigned char *out = malloc(cap);

    *len = out != NULL ? libdeflate_zlib_compress(z, data, n, out, cap) : 0;
    if (*len == 0) {
        free(out);
        return NULL;
    }
    return out;
}

HPDF_STATUS
jb_pdf_put_deflated(HPDF_Dict s, const void *data, size_t n, struct libdeflate_compressor *z)
{
    size_t len = 0;
    unsigned char *out = jb_pdf_deflate(z, data, n, &len);
    return jb_pdf_put_held(s, out, len);
}

/* Appends the bytes of memory stream s from byte from on to b: its pages gathered with memcpy
 * (libharu's own read copies byte by byte). 0, or -1 when the stream is not as expected. */
static int
stream_bytes(HPDF_Stream s, size_t from, jb_buf *b)
{
    size_t n = HPDF_Stream_Size(s), at = 0;

    for (HPDF_UINT i = 0; at < n; i++) {
        HPDF_UINT k = 0;
        const HPDF_BYTE *page = HPDF_MemStream_GetBufPtr(s, i, &k);
        if (page == NULL || k == 0 || k > n - at)
            return -1;
        if (at + k > from)
            jb_buf_put(b, page + (from > at ? from - at : 0), at + k - (from > at ? from : at));
        at += k;
    }
    return b->fail ? -1 : 0;
}

/* Deflates what has been written to stream s. */
HPDF_STATUS
jb_pdf_deflate_stream(HPDF_Dict s, struct libdeflate_compressor *z)
{
    jb_buf raw = {0};
    HPDF_STATUS rc = stream_bytes(s->stream, 0, &raw) == 0
                         ? jb_pdf_put_deflated(s, raw.data, raw.len, z)
                         : HPDF_INVALID_OBJECT;
    jb_buf_fini(&raw);
    return rc;
}

/* Appends p[0..n) to b: in place when there is room (jb_buf_put's call to grow was a third of
 * the page text's writing), else by jb_buf_put. */
static inline void
put_bytes(jb_buf *b, const void *p, size_t n)
{
    if (b->cap - b->len > n) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
    } else {
        jb_buf_put(b, p, n);
    }
}

/* The saved document, appended to a jb_buf as libharu writes it. */
static HPDF_STATUS
out_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    jb_buf *b = stream->attr;
    put_bytes(b, ptr, siz);
    return b->fail ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

/* The page's text is written into a jb_buf of ours (libharu 2.3.0 draws text only through its
 * own font objects and encoders, and has no marked-content calls), then joined to what libharu
 * wrote before and after it (draw_page): its memory stream copies byte by byte, and each write
 * went through it. */
static inline void
put_str(jb_buf *b, const char *s)
{
    put_bytes(b, s, strlen(s));
}

/* lround(r), inline: the integer part and the fraction (exact below 2^52) (lround's calls were
 * a sixth of the page text's writing). */
static inline long
round_half_away(double r)
{
    if (!(fabs(r) < 4503599627370496.0))
        return lround(r);
    long t = (long)r;
    double f = r - (double)t;
    return f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t;
}

/* A number for the content stream: at most three decimals, no trailing zeros. */
static void
put_num(jb_buf *b, double v)
{
    /* by hand: snprintf was 1 % of a batch's instructions, called for every number drawn */
    long m = round_half_away(v * 1000);
    unsigned long a = m < 0 ? (unsigned long)-m : (unsigned long)m, w = a / 1000, f = a % 1000;
    char tmp[32], *p = tmp + sizeof tmp;
    int frac = 3;
    while (frac > 0 && f % 10 == 0) /* no trailing zeros, no bare point */
        f /= 10, frac--;
    for (int i = 0; i < frac; i++, f /= 10)
        *--p = (char)('0' + f % 10);
    if (frac > 0)
        *--p = '.';
    do
        *--p = (char)('0' + w % 10);
    while ((w /= 10) > 0);
    if (m < 0)
        *--p = '-';
    put_bytes(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* The colour operator libharu's HPDF_Page_Set{CMYK,RGB}{Fill,Stroke} writes: its numbers by its
 * own HPDF_FToA, each component in 0..1 (else libharu is called, to raise its error). */
static void
put_color_op(HPDF_Page page, jb_buf *b, const float *v, int n, const char *op)
{
    char buf[8 * (HPDF_REAL_LEN + 2) + 8], *p = buf;
    for (int i = 0; i < n; i++)
        if (!(v[i] >= 0 && v[i] <= 1)) {
            /* out of range: libharu's call raises its error, as it did before */
            if (n == 4)
                (op[0] == 'k' ? HPDF_Page_SetCMYKFill : HPDF_Page_SetCMYKStroke)(page, v[0], v[1],
                                                                                 v[2], v[3]);
            else
                (op[0] == 'r' ? HPDF_Page_SetRGBFill : HPDF_Page_SetRGBStroke)(page, v[0], v[1],
                                                                               v[2]);
            return;
        }
    for (int i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ' ';
        p = HPDF_FToA(p, v[i], buf + sizeof buf - 1);
    }
    *p++ = ' ';
    put_bytes(b, buf, (size_t)(p - buf));
    put_str(b, op);
}

/* Sets the fill (stroke 0) or stroke colour: the spot ink when k is it (pdf_spot.c), else CMYK k,
 * or in PDF/A its sRGB (pdfa.h). */
static void
set_color(HPDF_Page page, jb_buf *b, const jb_page *pg, const double *k, int pdfa, int stroke)
{
    double c[3];
    float v[4];
    if (jb_pdf_spot_of(pg, k, pdfa)) {
        put_str(b, jb_pdf_spot_op(stroke));
        return;
    }
    if (!pdfa) {
        for (int i = 0; i < 4; i++)
            v[i] = (HPDF_REAL)k[i];
        put_color_op(page, b, v, 4, stroke ? "K\n" : "k\n");
        return;
    }
    jb_pdfa_rgb(k, c);
    for (int i = 0; i < 3; i++)
        v[i] = (HPDF_REAL)c[i];
    put_color_op(page, b, v, 3, stroke ? "RG\n" : "rg\n");
}

/* Opens a /Span whose /ActualText is the line's characters (UTF-16BE): extractors then return
 * the line exactly as written, whatever gaps or overlaps its spacing makes between glyph boxes
 * (poppler turns a gap over 0.1 em into a space and splits words at overlaps of 0.2 em, which
 * compressed punctuation produces). */
static void
begin_actual_text(jb_buf *b, const jb_glyph *g, size_t n)
{
    char buf[512];
    size_t i = 0;

    put_str(b, "/Span <</ActualText <FEFF");
    while (i < n) {
        char *p = buf;
        for (; i < n && p + 8 <= buf + sizeof buf; i++)
            p = jb_pdf_hex_utf16(p, g[i].cp);
        put_bytes(b, buf, (size_t)(p - buf));
    }
    put_str(b, ">>> BDC\n");
}

/* Draws the glyphs line by line into b. Within a line each glyph's advance in the PDF is made to
 * end where the next glyph starts, by setting the character spacing (Tc) to the gap the layout
 * put there (justification, compressed punctuation); glyphs in step with the pen share one
 * string, and only a glyph out of step gets a text matrix. */
static void
draw_glyphs(HPDF_Page page, jb_buf *b, const jb_page *pg, int on, const font_codes *fonts, int pdfa)
{
    int cur_font = -1, cur_color = -1, open = 0, cur_mode = 0, any_stroke = 0, cur_tz = 100;
    float cur_size = 0, cur_width = -1;
    double tc = 0, pen_x = -1e9, pen_y = -1e9;
    char buf[32];

    for (size_t i = 0; i < pg->n_glyphs; i++)
        any_stroke |= pg->glyphs[i].stroke > 0;
    for (size_t l = 0; l < pg->n_lines; l++) {
        const jb_page_line *ln = &pg->lines[l];
        const jb_glyph *line = pg->glyphs + ln->first_glyph;
        if (ln->n_glyphs == 0 || ln->page != on)
            continue;
        begin_actual_text(b, line, ln->n_glyphs);
        for (size_t i = 0; i < ln->n_glyphs; i++) {
            const jb_glyph *g = &line[i];
            const font_codes *fc = &fonts[g->font];
            unsigned cid = jb_pdf_cid_of(fc, g->cp);
            /* horizontal scaling (Tz) widens the advance and the spacing: tx = (w0·Tfs + Tc)·Th */
            int tz = g->hscale ? g->hscale : 100;
            double th = tz / 100.0;
            double w = fc->sub.width[cid - 1] * (double)g->size / 1000.0, want = tc;
            int same_font = g->font == cur_font && g->size == cur_size;
            int same_color = g->color == cur_color ||
                             (cur_color >= 0 && memcmp(pg->cmyk[g->color], pg->cmyk[cur_color],
                                                       sizeof pg->cmyk[0]) == 0);
            int in_step = fabs(pen_x - g->x) < 0.01 && pen_y == g->y;
            double start = in_step ? pen_x : round_half_away(g->x * 1000) / 1000.0;

            /* the spacing that takes the pen from this glyph's end to the next glyph, making up
             * for the rounding of the numbers written so far */
            if (i + 1 < ln->n_glyphs)
                want = round_half_away(((g[1].x - start) / th - w) * 1000) / 1000.0;
            /* emboldened glyphs: fill and stroke (render mode 2), the line width in em */
            int mode = g->stroke > 0 ? 2 : 0;
            float width = g->stroke > 0 ? g->stroke * g->size / 1000.0f : cur_width;
            int same_stroke = mode == cur_mode && width == cur_width;
            if (open && (!same_font || !same_color || !same_stroke || !in_step ||
                         fabs(want - tc) > 0.002 || tz != cur_tz)) {
                put_str(b, "> Tj\n");
                open = 0;
            }
            if (!same_font) {
                put_str(b, "/");
                put_str(b, HPDF_Page_GetLocalFontName(page, fc->font));
                put_str(b, " ");
                put_num(b, g->size);
                put_str(b, " Tf\n");
                cur_font = g->font;
                cur_size = g->size;
            }
            if (!same_color) {
                const double *k = pg->cmyk[g->color];
                set_color(page, b, pg, k, pdfa, 0);
                if (any_stroke) /* the stroke that emboldens is the fill's colour */
                    set_color(page, b, pg, k, pdfa, 1);
                cur_color = g->color;
            }
            if (!same_stroke) {
                if (width != cur_width && mode == 2) {
                    put_num(b, width);
                    put_str(b, " w\n");
                    cur_width = width;
                }
                if (mode != cur_mode) {
                    put_str(b, mode == 2 ? "2 Tr\n" : "0 Tr\n");
                    cur_mode = mode;
                }
            }
            if (tz != cur_tz) {
                char *p = jb_pdf_uint(buf, (size_t)tz);
                put_bytes(b, buf, (size_t)(p - buf));
                put_str(b, " Tz\n");
                cur_tz = tz;
            }
            if (fabs(want - tc) > 0.002) {
                put_num(b, want);
                put_str(b, " Tc\n");
                tc = want;
            }
            if (!in_step) {
                put_str(b, "1 0 0 1 ");
                put_num(b, g->x);
                put_str(b, " ");
                put_num(b, g->y);
                put_str(b, " Tm\n");
                pen_x = start;
                pen_y = g->y;
            }
            {
                char *p = buf;
                if (!open)
                    *p++ = '<';
                p = jb_pdf_hex4(p, cid);
                put_bytes(b, buf, (size_t)(p - buf));
            }
            open = 1;
            pen_x += (w + tc) * th;
        }
        if (open)
            put_str(b, "> Tj\n");
        open = 0;
        put_str(b, "EMC\n");
    }
}

/* ---- photos: the page's image boxes as DCTDecode XObjects (libharu reads the JPEG's header
 * and keeps its bytes as they are); an alpha channel becomes a deflated DeviceGray soft mask, so
 * a transparent area shows the page, never a black box. */
static jb_status
draw_images(HPDF_Doc pdf, HPDF_Page page, const jb_page *pg, int p, struct libdeflate_compressor *z,
            int pdfa, jb_diag *d)
{
    for (size_t i = 0; i < pg->n_images; i++) {
        const jb_page_image *im = &pg->images[i];
        if (im->page != p)
            continue;
        unsigned char *flat = NULL;
        size_t flat_len = 0;
        jb_status st;
        if (pdfa && im->smask != NULL && (st = jb_pdfa_flatten(im, &flat, &flat_len, d)) != JB_OK)
            return st;
        HPDF_Image img = flat ? HPDF_LoadJpegImageFromMem(pdf, flat, (HPDF_UINT)flat_len)
                              : HPDF_LoadJpegImageFromMem(pdf, im->jpeg, (HPDF_UINT)im->jpeg_len);
        free(flat);
        if (img == NULL)
            return jb_diag_set(d, JB_ERR_INTERNAL, im->name, 0, 0, NULL,
                               "libharu cannot embed the photo");
        if (im->smask != NULL && !pdfa) {
            HPDF_Image mask = HPDF_LoadRawImageFromMem(pdf, im->smask, (HPDF_UINT)im->px_w,
                                                       (HPDF_UINT)im->px_h, HPDF_CS_DEVICE_GRAY, 8);
            if (mask == NULL || jb_pdf_deflate_stream(mask, z) != HPDF_OK ||
                HPDF_Image_AddSMask(img, mask) != HPDF_OK)
                return jb_diag_set(d, JB_ERR_NOMEM, im->name, 0, 0, NULL,
                                   "libharu cannot embed the photo's transparency");
        }
        if (HPDF_Page_DrawImage(page, img, im->x, im->y, im->w, im->h) != HPDF_OK)
            return jb_diag_set(d, JB_ERR_INTERNAL, im->name, 0, 0, NULL,
                               "libharu cannot draw the photo");
    }
    return JB_OK;
}

/* A text string for the document information: UTF-16BE with its byte order mark. */
static HPDF_STATUS
set_info(HPDF_Doc pdf, HPDF_Dict info, const char *key, const char *utf8)
{
    size_t n = strlen(utf8), k = 2, at = 0;
    unsigned char *u = malloc(2 + 4 * n);
    HPDF_STATUS rc;

    if (u == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    u[0] = 0xFE, u[1] = 0xFF;
    while (at < n) {
        uint32_t c;
        size_t used = jb_utf8_decode(utf8 + at, n - at, &c);
        if (used == 0)
            c = 0xFFFD, used = 1;
        at += used;
        uint16_t units[2];
        for (size_t i = 0, m = jb_utf16_encode(c, units); i < m; i++) {
            u[k++] = (unsigned char)(units[i] >> 8);
            u[k++] = (unsigned char)units[i];
        }
    }
    rc = HPDF_Dict_Add(info, key, HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)k));
    free(u);
    return rc;
}

/* Draws page p of pg (its rules, photos and lines) on a new PDF page. */
static jb_status
draw_page(HPDF_Doc pdf, const jb_page *pg, int p, const font_codes *fonts,
          struct libdeflate_compressor **z, const jb_pdf_info *info, hpdf_err *err, jb_diag *d)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    size_t n_images = 0;
    jb_buf cs = {0};
    jb_status st;

    if (page == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
    HPDF_PageAttr attr = page->attr;
    HPDF_Page_SetWidth(page, (HPDF_REAL)pg->w_pt);
    HPDF_Page_SetHeight(page, (HPDF_REAL)pg->h_pt);
    if (jb_pdf_spot_of(pg, pg->cmyk[JB_COLOR_RED], info->pdfa) &&
        jb_pdf_spot_add(pdf, page, pg) != HPDF_OK && err->error == 0)
        err->error = HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < pg->n_rules; i++) {
        const jb_rule *r = &pg->rules[i];
        const double *k = pg->cmyk[r->color];
        if (r->page != p)
            continue;
        jb_buf c = {0};
        set_color(page, &c, pg, k, info->pdfa, 1);
        if (c.len > 0)
            HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)c.data,
                              (HPDF_UINT)c.len);
        jb_buf_fini(&c);
        HPDF_Page_SetLineWidth(page, r->width);
        HPDF_Page_MoveTo(page, r->x0, r->y0);
        HPDF_Page_LineTo(page, r->x1, r->y1);
        HPDF_Page_Stroke(page);
    }
    for (size_t i = 0; i < pg->n_images; i++)
        n_images += pg->images[i].page == p;
    if (n_images && (st = draw_images(pdf, page, pg, p, z[0], info->pdfa, d)) != JB_OK)
        return st;
    /* libharu's part before the text (rules, photos, BT), the text, and its ET: one stream */
    HPDF_Page_BeginText(page);
    HPDF_UINT before = HPDF_Stream_Size(attr->stream);
    if (stream_bytes(attr->stream, 0, &cs) != 0)
        cs.fail = 1;
    jb_buf_reserve(&cs, 64 * 1024);
    draw_glyphs(page, &cs, pg, p, fonts, info->pdfa);
    HPDF_Page_EndText(page);
    if (stream_bytes(attr->stream, before, &cs) != 0 || cs.fail ||
        jb_pdf_put_deflated(attr->contents, cs.data, cs.len, z[1]) != HPDF_OK) {
        if (err->error == 0)
            err->error = HPDF_FAILD_TO_ALLOC_MEM;
    }
    jb_buf_fini(&cs);
    if (err->error != 0)
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, "please report this with the input",
                           "libharu failed drawing the page (error 0x%04X, detail %u)",
                           (unsigned)err->error, (unsigned)err->detail);
    return JB_OK;
}

jb_status
jb_pdf_render(const jb_page *pg, jb_fontset *fs, const jb_pdf_info *info, char **data, size_t *len,
              jb_diag *d)
{
    hpdf_err err = {0, 0};
    HPDF_Doc pdf = NULL;

    *data = NULL;
    *len = 0;
    font_codes fonts[JB_FONT_SLOTS];
    struct libdeflate_compressor *z[2] = {NULL, NULL};
    jb_status st = JB_OK;

    memset(fonts, 0, sizeof fonts);
    pdf = HPDF_New(on_error, &err);
    /* one of each for all streams: their tables are big; the images' only for a page with
     * photos (their soft masks) or a PDF/A file (its colour profile) */
    if (info->pdfa || pg->n_images > 0)
        z[0] = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    z[1] = libdeflate_alloc_compressor(DEFLATE_LEVEL_TEXT);
    if (pdf == NULL || (z[0] == NULL && (info->pdfa || pg->n_images > 0)) || z[1] == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
        goto done;
    }
    {
        const char *keys[] = {"Title", "Author", "Subject", "Creator", "Producer"};
        const char *vals[] = {info->title, info->author, info->subject, info->creator,
                              info->creator};
        /* libharu makes the information dictionary on its first entry */
        HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "jianbao");
        for (int i = 0; i < 5 && pdf->info != NULL; i++)
            if (vals[i] != NULL)
                set_info(pdf, pdf->info, keys[i], vals[i]);
    }

    /* One subset per font slot (a face), holding exactly the characters drawn with it; the
     * glyphs of each slot counted in one pass */
    size_t per_slot[JB_FONT_SLOTS] = {0};
    for (size_t i = 0; i < pg->n_glyphs; i++)
        if (pg->glyphs[i].font < JB_FONT_SLOTS)
            per_slot[pg->glyphs[i].font]++;
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        font_codes *fc = &fonts[r];
        size_t n = per_slot[r];
        if (n == 0)
            continue;
        if ((fc->chars = jb_page_font_chars(pg, r, n, &fc->n)) == NULL) {
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
            goto done;
        }
        size_t places = 64;
        while (places < 2 * fc->n)
            places *= 2;
        fc->quick_mask = (uint32_t)(places - 1);
        if ((fc->quick = calloc(places, sizeof *fc->quick)) != NULL)
            for (size_t k = fc->n; k-- > 0;) { /* the first character of a place keeps it */
                cid_place *q = &fc->quick[fc->chars[k] & fc->quick_mask];
                q->cp = fc->chars[k], q->cid = (uint32_t)(1 + k);
            }
        if ((st = jb_pdf_load_font(pdf, jb_fontset_get(fs, r), fc, z, info->pdfa, d)) != JB_OK)
            goto done;
    }
    for (int p = 0; p < jb_page_count(pg) && st == JB_OK; p++)
        st = draw_page(pdf, pg, p, fonts, z, info, &err, d);
    if (st != JB_OK)
        goto done;
    if (info->pdfa && jb_pdfa_finish(pdf, info, z[0]) != HPDF_OK && err.error == 0)
        err.error = HPDF_FAILD_TO_ALLOC_MEM;
    /* The document is saved straight into a buffer of ours (a callback stream in place of the
     * memory stream libharu would make, fill byte by byte and have read back by another copy). */
    jb_buf ob = {0};
    if (jb_buf_reserve(&ob, 64 * 1024) != 0 ||
        (pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, out_write, &ob)) == NULL ||
        HPDF_SaveToStream(pdf) != HPDF_OK || err.error != 0 || ob.fail) {
        jb_buf_fini(&ob);
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL,
                         "libharu cannot build the PDF (error 0x%04X, detail %u)",
                         (unsigned)err.error, (unsigned)err.detail);
        goto done;
    }
    jb_pdf_spot_fix(ob.data, ob.len, pg, info->pdfa);
    *data = jb_buf_take(&ob, len);

done:
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        free(fonts[r].chars);
        free(fonts[r].quick);
        jb_subset_free(&fonts[r].sub);
    }
    if (pdf)
        HPDF_Free(pdf);
    libdeflate_free_compressor(z[0]);
    libdeflate_free_compressor(z[1]);
    return st;
}

jb_status
jb_pdf_write(const jb_page *pg, jb_fontset *fs, const jb_pdf_info *info, const char *out_path,
             jb_diag *d)
{
    char *data;
    size_t len;
    jb_status st = jb_pdf_render(pg, fs, info, &data, &len, d);
    if (st != JB_OK)
        return st;
    st = jb_write_atomic(out_path, data, len, d);
    free(data);
    return st;
}

void
jb_pdf_library_versions(char *out, size_t size)
{
    snprintf(out, size, "libharu %s, libdeflate %s", HPDF_GetVersion(), LIBDEFLATE_VERSION_STRING);
}
