/* pdf — libharu output: subset fonts, text by code point, exact ToUnicode, atomic write. */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
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

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Codes drawn: CODE_BASE + k is the k-th distinct character of a font (its subset's cmap says so,
 * see jb_font_subset; the ToUnicode map and /ActualText give the characters back). libharu's
 * UTF-8 encoder takes the code as a character, so every code is a small 16-bit value: characters
 * above U+FFFF need no special path; the subset's cmap is one run, which libharu's walk over all
 * 65,536 codes crosses quickly; and the CIDToGIDMap libharu writes runs only up to the highest
 * code, a few hundred entries instead of ~60,000 (less to deflate, a smaller file). Codes start
 * after ASCII's controls and space. */
#define CODE_BASE 0x21
#define MAX_CODES (0xD7FF - CODE_BASE + 1)

/* The distinct characters of one font, sorted: code CODE_BASE + k draws chars[k]. */
typedef struct {
    uint32_t *chars;
    size_t n;
    HPDF_Font font;
} font_codes;

static unsigned
code_of(const font_codes *fc, uint32_t cp)
{
    size_t lo = 0, hi = fc->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fc->chars[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return CODE_BASE + (unsigned)lo;
}

/* libharu 2.3.0 writes a `begincidrange` map where the ToUnicode CMap belongs; replace its content
 * with a bfchar map from each code to its character in UTF-16BE. PDF-NOTES.md. */
static HPDF_STATUS
fix_tounicode(HPDF_Font font, const uint32_t *cps, size_t n)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Stream s;
    char buf[128];
    HPDF_STATUS rc = HPDF_OK;

    if (attr == NULL || attr->cmap_stream == NULL)
        return HPDF_INVALID_OBJECT;
    s = attr->cmap_stream->stream;
    HPDF_MemStream_FreeData(s);
    rc |= HPDF_Stream_WriteStr(
        s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
           "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
           "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        snprintf(buf, sizeof buf, "%zu beginbfchar\n", m);
        rc |= HPDF_Stream_WriteStr(s, buf);
        for (size_t k = i; k < i + m; k++) {
            uint32_t c = cps[k];
            if (c >= 0x10000)
                snprintf(buf, sizeof buf, "<%04X> <%04X%04X>\n", (unsigned)(CODE_BASE + k),
                         (unsigned)(0xD800 + ((c - 0x10000) >> 10)),
                         (unsigned)(0xDC00 + ((c - 0x10000) & 0x3FF)));
            else
                snprintf(buf, sizeof buf, "<%04X> <%04X>\n", (unsigned)(CODE_BASE + k),
                         (unsigned)c);
            rc |= HPDF_Stream_WriteStr(s, buf);
        }
        rc |= HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
    rc |= HPDF_Stream_WriteStr(
        s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return rc;
}

/* libharu writes a CIDToGIDMap entry for every one of the 65,536 codes; only codes up to
 * CODE_BASE + n are ever drawn, so the map is cut there (128 KB less to deflate per font). */
static HPDF_STATUS
trim_cid_map(HPDF_Font font, size_t n)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr; /* the map hangs on the Type0 font */
    HPDF_UINT32 want = (HPDF_UINT32)(CODE_BASE + n) * 2, got = want;
    HPDF_BYTE *head;
    HPDF_Stream s;
    HPDF_STATUS rc;

    if (attr == NULL || attr->map_stream == NULL)
        return HPDF_OK; /* not embedded: no map */
    s = attr->map_stream->stream;
    if ((head = malloc(want)) == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET);
    rc = HPDF_Stream_Read(s, head, &got);
    if ((rc == HPDF_OK || rc == HPDF_STREAM_EOF) && got == want) {
        HPDF_MemStream_FreeData(s);
        rc = HPDF_Stream_Write(s, head, want);
    } else {
        rc = HPDF_OK; /* shorter than expected: keep it whole */
    }
    free(head);
    return rc;
}

/* Registers the TrueType font in data[0..len) with the document, as HPDF_LoadTTFontFromFile does
 * for a file (libharu 2.3.0 has no call for memory): a memory stream, libharu's own loader, its
 * subset tag. Returns the font's name, or NULL. */
static const char *
load_ttf_memory(HPDF_Doc pdf, const char *data, size_t len)
{
    /* One block for the whole font: libharu's memory stream mis-reads the font's tables when a
     * read or seek meets a block boundary at some offsets (a 422-character Kai subset failed to
     * save with HPDF_INVALID_OBJECT). */
    HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len + 1);
    HPDF_FontDef def;

    if (s == NULL)
        return NULL;
    if (HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK) {
        HPDF_Stream_Free(s);
        return NULL;
    }
    def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s from here on */
    if (def == NULL)
        return NULL;
    if (HPDF_Doc_FindFontDef(pdf, def->base_font) != NULL ||
        HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return NULL;
    }
    if (pdf->ttfont_tag[0] == 0) { /* HPDFAA, HPDFAB, …: libharu's sequence */
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            if (++pdf->ttfont_tag[i] <= 'Z')
                break;
            pdf->ttfont_tag[i] = 'A';
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    return def->base_font;
}

/* Loads a subset of role's font holding cps into pdf. */
static jb_status
load_font(HPDF_Doc pdf, jb_font *f, const uint32_t *cps, size_t n, HPDF_Font *out, jb_diag *d)
{
    char *data = NULL;
    size_t len;
    const char *name;
    jb_status st;

    *out = NULL;
    if (n > MAX_CODES)
        return jb_diag_set(d, JB_ERR_GLYPH, NULL, 0, 0, "a one-page brief holds a few thousand",
                           "%zu distinct characters in one font: at most %d fit", n, MAX_CODES);
    if ((st = jb_font_subset(f, cps, n, CODE_BASE, &data, &len, d)) != JB_OK)
        return st;
    name = load_ttf_memory(pdf, data, len);
    free(data);
    if (name == NULL)
        return jb_diag_set(d, JB_ERR_FONT, jb_font_path(f), 0, 0,
                           "use a TrueType font that libharu can embed",
                           "libharu cannot load this font (after subsetting)");
    *out = HPDF_GetFont(pdf, name, "UTF-8");
    if (*out == NULL || fix_tounicode(*out, cps, n) != HPDF_OK || trim_cid_map(*out, n) != HPDF_OK)
        return jb_diag_set(d, JB_ERR_FONT, jb_font_path(f), 0, 0, NULL,
                           "libharu cannot use this font with the UTF-8 encoder");
    return JB_OK;
}

/* Writes raw operators to the page's content stream (libharu 2.3.0 has no marked-content calls;
 * BDC/EMC do not touch the text state libharu tracks). */
static void
write_raw(HPDF_Page page, const char *ops)
{
    HPDF_Stream_WriteStr(((HPDF_PageAttr)page->attr)->stream, ops);
}

/* Opens a /Span whose /ActualText is the line's characters (UTF-16BE): extractors then return
 * the line exactly as written, whatever gaps or overlaps its spacing makes between glyph boxes
 * (poppler turns a gap over 0.1 em into a space and splits words at overlaps of 0.2 em, which
 * compressed punctuation produces). */
static void
begin_actual_text(HPDF_Page page, const jb_glyph *g, size_t n)
{
    char buf[64];

    write_raw(page, "/Span <</ActualText <FEFF");
    for (size_t i = 0; i < n; i++) {
        uint32_t c = g[i].cp;
        if (c >= 0x10000)
            snprintf(buf, sizeof buf, "%04X%04X", (unsigned)(0xD800 + ((c - 0x10000) >> 10)),
                     (unsigned)(0xDC00 + ((c - 0x10000) & 0x3FF)));
        else
            snprintf(buf, sizeof buf, "%04X", (unsigned)c);
        write_raw(page, buf);
    }
    write_raw(page, ">>> BDC\n");
}

/* Draws the glyphs line by line. Within a line each glyph's advance in the PDF is made to end
 * where the next glyph starts, by setting the character spacing (Tc) to the gap the layout put
 * there (justification, compressed punctuation), so a glyph needs no positioning operator. */
static void
draw_glyphs(HPDF_Page page, const jb_page *pg, const font_codes *fonts)
{
    int cur_font = -1, cur_color = -1;
    float cur_size = 0;
    double tc = 0, pen_x = -1e9, pen_y = -1e9;

    for (size_t l = 0; l < pg->n_lines; l++) {
        const jb_page_line *ln = &pg->lines[l];
        const jb_glyph *line = pg->glyphs + ln->first_glyph;
        if (ln->n_glyphs == 0)
            continue;
        begin_actual_text(page, line, ln->n_glyphs);
        for (size_t i = 0; i < ln->n_glyphs; i++) {
            const jb_glyph *g = &line[i];
            const font_codes *fc = &fonts[g->font];
            unsigned code = code_of(fc, g->cp);
            char s[8];
            double w, want = 0;

            s[jb_utf8_encode(code, s)] = '\0';
            if (g->font != cur_font || g->size != cur_size) {
                HPDF_Page_SetFontAndSize(page, fc->font, g->size);
                cur_font = g->font;
                cur_size = g->size;
            }
            if (cur_color < 0 ||
                memcmp(pg->cmyk[g->color], pg->cmyk[cur_color], sizeof pg->cmyk[0]) != 0) {
                const double *k = pg->cmyk[g->color];
                HPDF_Page_SetCMYKFill(page, (HPDF_REAL)k[0], (HPDF_REAL)k[1], (HPDF_REAL)k[2],
                                      (HPDF_REAL)k[3]);
                cur_color = g->color;
            }
            /* the advance the PDF carries: the font's /W width (1/1000 em) at this size */
            w = HPDF_Font_GetUnicodeWidth(fc->font, (HPDF_UNICODE)code) * g->size / 1000.0;
            if (i + 1 < ln->n_glyphs)
                want = g[1].x - g->x - w;
            if (fabs(want - tc) > 1e-4) {
                HPDF_Page_SetCharSpace(page, (HPDF_REAL)want);
                tc = want;
            }
            if (fabs(pen_x - g->x) < 1e-3 && pen_y == g->y)
                HPDF_Page_ShowText(page, s);
            else
                HPDF_Page_TextOut(page, g->x, g->y, s);
            pen_x = g->x + w + tc;
            pen_y = g->y;
        }
        write_raw(page, "EMC\n");
    }
}

jb_status
jb_pdf_render(const jb_page *pg, jb_fontset *fs, const jb_pdf_info *info, char **data, size_t *len,
              jb_diag *d)
{
    hpdf_err err = {0, 0};
    HPDF_Doc pdf = NULL;

    *data = NULL;
    *len = 0;
    HPDF_Page page;
    font_codes fonts[JB_FONT_COUNT];
    jb_status st = JB_OK;

    memset(fonts, 0, sizeof fonts);
    pdf = HPDF_New(on_error, &err);
    if (pdf == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
        goto done;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8"); /* before the info strings, or they come out garbled */
    if (info->title)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, info->title);
    if (info->author)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, info->author);
    if (info->subject)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, info->subject);
    if (info->creator) {
        HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, info->creator);
        HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, info->creator);
    }

    /* One subset per font role, holding exactly the characters drawn with it. */
    for (int r = 0; r < JB_FONT_COUNT; r++) {
        font_codes *fc = &fonts[r];
        size_t n = 0;
        for (size_t i = 0; i < pg->n_glyphs; i++)
            n += pg->glyphs[i].font == r;
        if (n == 0)
            continue;
        if ((fc->chars = malloc(n * sizeof *fc->chars)) == NULL) {
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
            goto done;
        }
        for (size_t i = 0; i < pg->n_glyphs; i++)
            if (pg->glyphs[i].font == r)
                fc->chars[fc->n++] = pg->glyphs[i].cp;
        qsort(fc->chars, fc->n, sizeof *fc->chars, cmp_u32);
        n = 0;
        for (size_t i = 0; i < fc->n; i++)
            if (n == 0 || fc->chars[i] != fc->chars[n - 1])
                fc->chars[n++] = fc->chars[i];
        fc->n = n;
        if ((st = load_font(pdf, jb_fontset_get(fs, r), fc->chars, fc->n, &fc->font, d)) != JB_OK)
            goto done;
    }

    page = HPDF_AddPage(pdf);
    HPDF_Page_SetWidth(page, (HPDF_REAL)pg->w_pt);
    HPDF_Page_SetHeight(page, (HPDF_REAL)pg->h_pt);
    for (size_t i = 0; i < pg->n_rules; i++) {
        const jb_rule *r = &pg->rules[i];
        const double *k = pg->cmyk[r->color];
        HPDF_Page_SetCMYKStroke(page, (HPDF_REAL)k[0], (HPDF_REAL)k[1], (HPDF_REAL)k[2],
                                (HPDF_REAL)k[3]);
        HPDF_Page_SetLineWidth(page, r->width);
        HPDF_Page_MoveTo(page, r->x0, r->y0);
        HPDF_Page_LineTo(page, r->x1, r->y1);
        HPDF_Page_Stroke(page);
    }
    HPDF_Page_BeginText(page);
    draw_glyphs(page, pg, fonts);
    HPDF_Page_EndText(page);
    if (err.error != 0) {
        st = jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, "please report this with the input",
                         "libharu failed drawing the page (error 0x%04X, detail %u)",
                         (unsigned)err.error, (unsigned)err.detail);
        goto done;
    }
    if (HPDF_SaveToStream(pdf) != HPDF_OK || err.error != 0) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL,
                         "libharu cannot build the PDF (error 0x%04X, detail %u)",
                         (unsigned)err.error, (unsigned)err.detail);
        goto done;
    }
    {
        HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
        *data = malloc(size ? size : 1);
        if (*data == NULL) {
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the PDF");
            goto done;
        }
        HPDF_ResetStream(pdf);
        HPDF_STATUS rc = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)*data, &size);
        if (rc != HPDF_OK && rc != HPDF_STREAM_EOF) {
            free(*data);
            *data = NULL;
            st = jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "cannot read the PDF back");
            goto done;
        }
        *len = size;
    }

done:
    for (int r = 0; r < JB_FONT_COUNT; r++)
        free(fonts[r].chars);
    if (pdf)
        HPDF_Free(pdf);
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
