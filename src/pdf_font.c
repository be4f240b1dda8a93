/* pdf_font — a font of the page as a Type0 font over a CID font we build from libharu's objects
 * (pdf_int.h says why): the subset's program, widths, CIDToGIDMap or CFF encoding, ToUnicode. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pdf_int.h"
#include "pdfa.h"

/* A font's three deflated streams: its program, its ToUnicode map, and its CIDToGIDMap
 * (TrueType) or encoding CMap (CFF); p[k] lies in own[k]'s bytes (one block for all three when
 * found in the memo), of which the caller holds one reference each. */
enum { Z_PROGRAM, Z_TOUNICODE, Z_MAP, N_Z };
typedef struct {
    jb_pdf_bytes *own[N_Z];
    const unsigned char *p[N_Z];
    size_t len[N_Z];
} font_streams;

static HPDF_Array
int_array(HPDF_Doc pdf, const int *v, size_t n)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    for (size_t i = 0; a != NULL && i < n; i++)
        HPDF_Array_AddNumber(a, v[i]);
    return a;
}

/* The ToUnicode map: each CID to its character in UTF-16BE. */
static void
to_unicode(const font_codes *fc, jb_buf *b)
{
    char buf[64];

    jb_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < fc->n; i += 100) {
        size_t m = fc->n - i < 100 ? fc->n - i : 100;
        char *p = jb_pdf_uint(buf, m);
        jb_buf_put(b, buf, (size_t)(p - buf));
        jb_buf_puts(b, " beginbfchar\n");
        for (size_t k = i; k < i + m; k++) {
            p = buf;
            *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)(1 + k));
            *p++ = '>', *p++ = ' ', *p++ = '<';
            p = jb_pdf_hex_utf16(p, fc->chars[k]);
            *p++ = '>', *p++ = '\n';
            jb_buf_put(b, buf, (size_t)(p - buf));
        }
        jb_buf_puts(b, "endbfchar\n");
    }
    jb_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The CFF font's /W: the runs of CIDs (its subset's glyphs) whose width is not the default 1000.
 * Characters sharing a glyph share its CID and width. */
static HPDF_STATUS
cff_widths(HPDF_Doc pdf, const font_codes *fc, HPDF_Array w)
{
    const jb_subset *sub = &fc->sub;
    size_t top = 0;
    int *by_cid;
    HPDF_STATUS rc = HPDF_OK;

    for (size_t k = 0; k < fc->n; k++)
        top = sub->gid[k] > top ? sub->gid[k] : top;
    if ((by_cid = malloc((top + 1) * sizeof *by_cid)) == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t g = 0; g <= top; g++)
        by_cid[g] = 1000;
    for (size_t k = 0; k < fc->n; k++)
        by_cid[sub->gid[k]] = sub->width[k];
    for (size_t g = 0; g <= top;) {
        HPDF_Array run;
        if (by_cid[g] == 1000) {
            g++;
            continue;
        }
        rc |= HPDF_Array_AddNumber(w, (HPDF_INT32)g);
        if ((run = HPDF_Array_New(pdf->mmgr)) == NULL) {
            rc = HPDF_FAILD_TO_ALLOC_MEM;
            break;
        }
        for (; g <= top && by_cid[g] != 1000; g++)
            rc |= HPDF_Array_AddNumber(run, by_cid[g]);
        rc |= HPDF_Array_Add(w, run);
    }
    free(by_cid);
    return rc;
}

/* The encoding of a CFF font: an embedded CMap taking code 1 + k (the k-th distinct character,
 * as the ToUnicode map and the content stream have it) to the CID of its glyph. A CIDFontType0
 * has no CIDToGIDMap, and its CIDs must be the CFF's (here: glyph numbers); the CMap keeps one
 * code per character, so the ToUnicode map stays exact where characters share a glyph. The
 * stream's dictionary (cff_encoding_dict) and its text (here). */
static void
cff_encoding(const font_codes *fc, const char *name, jb_buf *b)
{
    const uint16_t *gid = fc->sub.gid;
    size_t n_runs = 0;
    char buf[160];

    jb_buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   "def\n/CMapName /");
    jb_buf_puts(b, name);
    jb_buf_puts(b, " def\n/CMapType 1 def\n1 begincodespacerange\n<0000> <FFFF>\n"
                   "endcodespacerange\n");
    /* runs of codes whose glyphs follow each other, a hundred to a block */
    for (size_t k = 0; k < fc->n; n_runs++)
        for (k++; k < fc->n && gid[k] == gid[k - 1] + 1; k++)
            ;
    for (size_t k = 0, done = 0; k < fc->n; done += 100) {
        size_t m = n_runs - done < 100 ? n_runs - done : 100;
        char *p = jb_pdf_uint(buf, m);
        jb_buf_put(b, buf, (size_t)(p - buf));
        jb_buf_puts(b, " begincidrange\n");
        for (size_t r = 0; r < m; r++) {
            size_t first = k;
            p = buf;
            for (k++; k < fc->n && gid[k] == gid[k - 1] + 1; k++)
                ;
            *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)(1 + first));
            *p++ = '>', *p++ = ' ', *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)k);
            *p++ = '>', *p++ = ' ';
            p = jb_pdf_uint(p, gid[first]);
            *p++ = '\n';
            jb_buf_put(b, buf, (size_t)(p - buf));
        }
        jb_buf_puts(b, "endcidrange\n");
    }
    jb_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static HPDF_Dict
cff_encoding_dict(HPDF_Doc pdf, const char *name)
{
    HPDF_Dict s = jb_pdf_new_stream(pdf), info = HPDF_Dict_New(pdf->mmgr);
    HPDF_STATUS rc = HPDF_OK;

    if (s == NULL || info == NULL)
        return NULL;
    rc |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    rc |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    rc |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    rc |= HPDF_Dict_AddName(s, "Type", "CMap");
    rc |= HPDF_Dict_AddName(s, "CMapName", name);
    rc |= HPDF_Dict_Add(s, "CIDSystemInfo", info);
    return rc == HPDF_OK ? s : NULL;
}

/* The subset tag: six capitals from a hash of the characters, so that different subsets of one
 * font get different names (PDF 32000 §9.6.4) and the same subset the same name. */
static void
subset_name(const font_codes *fc, const char *ps_name, char *out, size_t cap)
{
    uint32_t h = 2166136261u;
    char tag[7];
    for (size_t i = 0; i < fc->n; i++) {
        h ^= fc->chars[i];
        h *= 16777619u;
    }
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
    snprintf(out, cap, "%s+%s", tag, ps_name);
}

/* The objects of one embedded font; fc->font is its Type0 dictionary; its streams show zs's.
 * A TrueType font is a CIDFontType2 whose CIDToGIDMap takes CID 1 + k to the glyph; a CFF font
 * is a CIDFontType0 whose CIDs are its glyph numbers, reached from code 1 + k through the
 * encoding CMap. The objects are made in the same order whether the streams were made or found
 * (the object numbers follow it). */
static HPDF_STATUS
embed_font(HPDF_Doc pdf, font_codes *fc, font_streams *zs, const char *name, int pdfa)
{
    const jb_subset *sub = &fc->sub;
    HPDF_Dict file = jb_pdf_new_stream(pdf), desc = jb_pdf_new_dict(pdf),
              cid = jb_pdf_new_dict(pdf);
    HPDF_Dict map = sub->cff ? NULL : jb_pdf_new_stream(pdf), tu = jb_pdf_new_stream(pdf),
              t0 = jb_pdf_new_dict(pdf);
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr), enc = NULL;
    HPDF_Array w = HPDF_Array_New(pdf->mmgr), desc_fonts = HPDF_Array_New(pdf->mmgr);
    HPDF_STATUS rc = HPDF_OK;

    if (!file || !desc || !cid || !(map || sub->cff) || !tu || !t0 || !info || !w || !desc_fonts)
        return HPDF_FAILD_TO_ALLOC_MEM;
    rc |= sub->cff ? HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C")
                   : HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)sub->len);
    rc |= jb_pdf_put_shared(file, zs->own[Z_PROGRAM], zs->p[Z_PROGRAM], zs->len[Z_PROGRAM]);
    rc |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    rc |= HPDF_Dict_AddName(desc, "FontName", name);
    rc |= HPDF_Dict_AddNumber(desc, "Flags", sub->flags);
    rc |= HPDF_Dict_Add(desc, "FontBBox", int_array(pdf, sub->bbox, 4));
    rc |= HPDF_Dict_AddNumber(desc, "ItalicAngle", sub->italic_angle);
    rc |= HPDF_Dict_AddNumber(desc, "Ascent", sub->ascent);
    rc |= HPDF_Dict_AddNumber(desc, "Descent", sub->descent);
    rc |= HPDF_Dict_AddNumber(desc, "CapHeight", sub->cap_height);
    rc |= HPDF_Dict_AddNumber(desc, "StemV", sub->stem_v);
    rc |= HPDF_Dict_Add(desc, sub->cff ? "FontFile3" : "FontFile2", file);
    if (pdfa)
        rc |= jb_pdfa_cidset(pdf, desc, sub->gid, fc->n, sub->cff);

    if (sub->cff) {
        rc |= cff_widths(pdf, fc, w);
        if ((enc = cff_encoding_dict(pdf, name)) == NULL)
            return HPDF_FAILD_TO_ALLOC_MEM;
        rc |= jb_pdf_put_shared(enc, zs->own[Z_MAP], zs->p[Z_MAP], zs->len[Z_MAP]);
    } else {
        /* /W: the runs of CIDs whose width is not the default 1000 */
        for (size_t k = 0; k < fc->n;) {
            HPDF_Array run;
            if (sub->width[k] == 1000) {
                k++;
                continue;
            }
            rc |= HPDF_Array_AddNumber(w, (HPDF_INT32)(1 + k));
            if ((run = HPDF_Array_New(pdf->mmgr)) == NULL)
                return HPDF_FAILD_TO_ALLOC_MEM;
            for (; k < fc->n && sub->width[k] != 1000; k++)
                rc |= HPDF_Array_AddNumber(run, sub->width[k]);
            rc |= HPDF_Array_Add(w, run);
        }
    }
    rc |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    rc |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    rc |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    rc |= HPDF_Dict_AddName(cid, "Type", "Font");
    rc |= HPDF_Dict_AddName(cid, "Subtype", sub->cff ? "CIDFontType0" : "CIDFontType2");
    rc |= HPDF_Dict_AddName(cid, "BaseFont", name);
    rc |= HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    rc |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    rc |= HPDF_Dict_AddNumber(cid, "DW", 1000);
    rc |= HPDF_Dict_Add(cid, "W", w);
    if (map != NULL) {
        rc |= jb_pdf_put_shared(map, zs->own[Z_MAP], zs->p[Z_MAP], zs->len[Z_MAP]);
    }
    rc |= jb_pdf_put_shared(tu, zs->own[Z_TOUNICODE], zs->p[Z_TOUNICODE], zs->len[Z_TOUNICODE]);
    if (map != NULL)
        rc |= HPDF_Dict_Add(cid, "CIDToGIDMap", map);

    rc |= HPDF_Array_Add(desc_fonts, cid);
    rc |= HPDF_Dict_AddName(t0, "Type", "Font");
    rc |= HPDF_Dict_AddName(t0, "Subtype", "Type0");
    rc |= HPDF_Dict_AddName(t0, "BaseFont", name);
    if (enc != NULL)
        rc |= HPDF_Dict_Add(t0, "Encoding", enc);
    else
        rc |= HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    rc |= HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts);
    rc |= HPDF_Dict_Add(t0, "ToUnicode", tu);
    fc->font = t0;
    return rc;
}

/* A font as the face's memo keeps it per set of characters (jb_font_memo_find, keyed by the
 * characters' bytes under MEMO_TAG): this head, then the subset's glyphs and widths (n of each,
 * uint16_t), then the three deflated streams. What the PDF takes of a subset depends on nothing
 * else but the face: a brief of characters drawn before (the same brief again, another layout,
 * most of a batch of briefs on one subject) skips subsetting, writing and deflating. */
#define MEMO_TAG 0x504446 /* "PDF" */
typedef struct {
    size_t n, len; /* characters; the program's bytes before deflating (/Length1) */
    int bbox[4];   /* the subset's box */
    size_t z_len[N_Z];
} memo_head;

static void
release_hold(void *hold)
{
    jb_font_memo_release(hold);
}

/* The subset and streams kept for fc's characters into fc->sub and zs (the streams show the
 * memo's bytes, held until the document is freed); 0, or -1 when none are kept (or out of
 * memory). */
static int
memo_find(jb_font *f, font_codes *fc, font_streams *zs)
{
    const unsigned char *rec;
    size_t len, at = sizeof(memo_head), n = fc->n;
    memo_head h;
    jb_font_memo_hold *hold;
    jb_pdf_bytes *own;

    if ((rec = jb_font_memo_find(f, MEMO_TAG, fc->chars, n * sizeof *fc->chars, &len, &hold)) ==
        NULL)
        return -1;
    memcpy(&h, rec, sizeof h);
    if ((own = jb_pdf_bytes_wrap(release_hold, hold)) == NULL)
        return -1;
    jb_font_subset_describe(f, &fc->sub);
    fc->sub.len = h.len;
    memcpy(fc->sub.bbox, h.bbox, sizeof h.bbox);
    fc->sub.gid = malloc((n ? n : 1) * sizeof *fc->sub.gid);
    fc->sub.width = malloc((n ? n : 1) * sizeof *fc->sub.width);
    if (h.n != n || fc->sub.gid == NULL || fc->sub.width == NULL) {
        jb_pdf_bytes_drop(own);
        return -1;
    }
    memcpy(fc->sub.gid, rec + at, n * sizeof *fc->sub.gid);
    at += n * sizeof *fc->sub.gid;
    memcpy(fc->sub.width, rec + at, n * sizeof *fc->sub.width);
    at += n * sizeof *fc->sub.width;
    for (int k = 0; k < N_Z; k++) {
        zs->own[k] = k == 0 ? own : jb_pdf_bytes_keep(own);
        zs->p[k] = rec + at;
        zs->len[k] = h.z_len[k];
        at += h.z_len[k];
    }
    return 0;
}

/* Keeps fc's subset and streams zs in the face's memo (nothing when out of memory). */
static void
memo_keep(jb_font *f, const font_codes *fc, const font_streams *zs)
{
    memo_head h;
    size_t n = fc->n, total = sizeof h + n * (sizeof *fc->sub.gid + sizeof *fc->sub.width), at;
    unsigned char *rec;

    memset(&h, 0, sizeof h);
    h.n = n, h.len = fc->sub.len;
    memcpy(h.bbox, fc->sub.bbox, sizeof h.bbox);
    for (int k = 0; k < N_Z; k++)
        total += (h.z_len[k] = zs->len[k]);
    if ((rec = malloc(total)) == NULL)
        return;
    memcpy(rec, &h, sizeof h);
    at = sizeof h;
    memcpy(rec + at, fc->sub.gid, n * sizeof *fc->sub.gid);
    at += n * sizeof *fc->sub.gid;
    memcpy(rec + at, fc->sub.width, n * sizeof *fc->sub.width);
    at += n * sizeof *fc->sub.width;
    for (int k = 0; k < N_Z; k++) {
        memcpy(rec + at, zs->p[k], zs->len[k]);
        at += zs->len[k];
    }
    jb_font_memo_keep(f, MEMO_TAG, fc->chars, n * sizeof *fc->chars, rec, total);
    free(rec);
}

/* Subsets f to fc's characters and makes its three streams, deflated with z. */
static jb_status
make_font(jb_font *f, font_codes *fc, const char *name, struct libdeflate_compressor *z,
          font_streams *zs, jb_diag *d)
{
    jb_buf b[N_Z] = {{0}};
    const jb_subset *sub = &fc->sub;
    jb_status st = JB_OK;

    to_unicode(fc, &b[Z_TOUNICODE]);
    if (sub->cff) {
        cff_encoding(fc, name, &b[Z_MAP]);
    } else {
        /* CIDToGIDMap: two bytes per CID, CID 0 being .notdef */
        unsigned char *g;
        if (jb_buf_reserve(&b[Z_MAP], 2 * (fc->n + 1)) == 0) {
            g = (unsigned char *)b[Z_MAP].data;
            g[0] = g[1] = 0;
            for (size_t k = 0; k < fc->n; k++) {
                g[2 + 2 * k] = (unsigned char)(sub->gid[k] >> 8);
                g[3 + 2 * k] = (unsigned char)sub->gid[k];
            }
            b[Z_MAP].len = 2 * (fc->n + 1);
        }
    }
    for (int k = 0; k < N_Z && st == JB_OK; k++) {
        const void *raw = k == Z_PROGRAM ? (const void *)sub->data : b[k].data;
        size_t n = k == Z_PROGRAM ? sub->len : b[k].len;
        unsigned char *out = NULL;
        if ((k != Z_PROGRAM && b[k].fail) ||
            (out = jb_pdf_deflate(z, raw, n, &zs->len[k])) == NULL ||
            (zs->own[k] = jb_pdf_bytes_take(out)) == NULL)
            st = jb_diag_set(d, JB_ERR_NOMEM, jb_font_path(f), 0, 0, NULL,
                             "out of memory writing the font");
        zs->p[k] = out;
    }
    for (int k = 0; k < N_Z; k++)
        jb_buf_fini(&b[k]);
    if (st == JB_OK)
        memo_keep(f, fc, zs);
    return st;
}

/* Subsets role's font to cps and embeds it. */
jb_status
jb_pdf_load_font(HPDF_Doc pdf, jb_font *f, font_codes *fc, deflaters z, int pdfa, jb_diag *d)
{
    font_streams zs = {{NULL}, {NULL}, {0}};
    char name[96];
    jb_status st = JB_OK;

    if (fc->n > MAX_CODES)
        return jb_diag_set(d, JB_ERR_GLYPH, NULL, 0, 0, "a one-page brief holds a few thousand",
                           "%zu distinct characters in one font: at most %d fit", fc->n, MAX_CODES);
    subset_name(fc, jb_font_ps_name(f), name, sizeof name);
    if (memo_find(f, fc, &zs) != 0) {
        for (int k = 0; k < N_Z; k++)
            jb_pdf_bytes_drop(zs.own[k]), zs.own[k] = NULL;
        jb_subset_free(&fc->sub);
        if ((st = jb_font_subset(f, fc->chars, fc->n, &fc->sub, d)) != JB_OK ||
            (st = make_font(f, fc, name, z[1], &zs, d)) != JB_OK)
            goto done;
    }
    if (embed_font(pdf, fc, &zs, name, pdfa) != HPDF_OK)
        st = jb_diag_set(d, JB_ERR_NOMEM, jb_font_path(f), 0, 0, NULL,
                         "libharu cannot build the font objects (out of memory?)");
done:
    for (int k = 0; k < N_Z; k++)
        jb_pdf_bytes_drop(zs.own[k]);
    return st;
}
