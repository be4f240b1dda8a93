/* pdf_font — a font of the page as a Type0 font over a CID font we build from libharu's objects
 * (pdf_int.h says why): the subset's program, widths, CIDToGIDMap or CFF encoding, ToUnicode. */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"
#include "pdfa.h"

/* The font program: a TrueType font (FontFile2) or a bare CFF one (FontFile3). */
static HPDF_Dict
font_file(HPDF_Doc pdf, jb_font *f, const jb_subset *sub, deflaters z)
{
    HPDF_Dict s = jb_pdf_new_stream(pdf);

    if (s == NULL ||
        (sub->cff ? HPDF_Dict_AddName(s, "Subtype", "CIDFontType0C")
                  : HPDF_Dict_AddNumber(s, "Length1", (HPDF_INT32)sub->len)) != HPDF_OK ||
        jb_pdf_put_font_program(s, f, sub->data, sub->len, z) != HPDF_OK)
        return NULL;
    return s;
}

static HPDF_Array
int_array(HPDF_Doc pdf, const int *v, size_t n)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    for (size_t i = 0; a != NULL && i < n; i++)
        HPDF_Array_AddNumber(a, v[i]);
    return a;
}

/* The ToUnicode map: each CID to its character in UTF-16BE. */
static HPDF_Dict
to_unicode(HPDF_Doc pdf, const font_codes *fc)
{
    HPDF_Dict s = jb_pdf_new_stream(pdf);
    char buf[64];
    HPDF_STATUS rc = HPDF_OK;

    if (s == NULL)
        return NULL;
    rc |= HPDF_Stream_WriteStr(
        s->stream, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < fc->n; i += 100) {
        size_t m = fc->n - i < 100 ? fc->n - i : 100;
        snprintf(buf, sizeof buf, "%zu beginbfchar\n", m);
        rc |= HPDF_Stream_WriteStr(s->stream, buf);
        for (size_t k = i; k < i + m; k++) {
            char *p = buf;
            *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)(1 + k));
            *p++ = '>', *p++ = ' ', *p++ = '<';
            p = jb_pdf_hex_utf16(p, fc->chars[k]);
            *p++ = '>', *p++ = '\n';
            rc |= HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
        }
        rc |= HPDF_Stream_WriteStr(s->stream, "endbfchar\n");
    }
    rc |= HPDF_Stream_WriteStr(
        s->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return rc == HPDF_OK ? s : NULL;
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
 * code per character, so the ToUnicode map stays exact where characters share a glyph. */
static HPDF_Dict
cff_encoding(HPDF_Doc pdf, const font_codes *fc, const char *name)
{
    const uint16_t *gid = fc->sub.gid;
    HPDF_Dict s = jb_pdf_new_stream(pdf), info = HPDF_Dict_New(pdf->mmgr);
    size_t n_runs = 0;
    char buf[160];
    HPDF_STATUS rc = HPDF_OK;

    if (s == NULL || info == NULL)
        return NULL;
    rc |= HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    rc |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    rc |= HPDF_Dict_AddNumber(info, "Supplement", 0);
    rc |= HPDF_Dict_AddName(s, "Type", "CMap");
    rc |= HPDF_Dict_AddName(s, "CMapName", name);
    rc |= HPDF_Dict_Add(s, "CIDSystemInfo", info);
    snprintf(buf, sizeof buf, "/CMapName /%s def\n", name);
    rc |= HPDF_Stream_WriteStr(
        s->stream, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   "def\n");
    rc |= HPDF_Stream_WriteStr(s->stream, buf);
    rc |= HPDF_Stream_WriteStr(s->stream, "/CMapType 1 def\n1 begincodespacerange\n<0000> <FFFF>\n"
                                          "endcodespacerange\n");
    /* runs of codes whose glyphs follow each other, a hundred to a block */
    for (size_t k = 0; k < fc->n; n_runs++)
        for (k++; k < fc->n && gid[k] == gid[k - 1] + 1; k++)
            ;
    for (size_t k = 0, done = 0; k < fc->n; done += 100) {
        size_t m = n_runs - done < 100 ? n_runs - done : 100;
        snprintf(buf, sizeof buf, "%zu begincidrange\n", m);
        rc |= HPDF_Stream_WriteStr(s->stream, buf);
        for (size_t r = 0; r < m; r++) {
            size_t first = k;
            char *p = buf;
            for (k++; k < fc->n && gid[k] == gid[k - 1] + 1; k++)
                ;
            *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)(1 + first));
            *p++ = '>', *p++ = ' ', *p++ = '<';
            p = jb_pdf_hex4(p, (unsigned)k);
            p += snprintf(p, 16, "> %u\n", (unsigned)gid[first]);
            rc |= HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
        }
        rc |= HPDF_Stream_WriteStr(s->stream, "endcidrange\n");
    }
    rc |= HPDF_Stream_WriteStr(
        s->stream, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return rc == HPDF_OK ? s : NULL;
}

/* The subset tag: six capitals from a hash of the characters, so that different subsets of one
 * font get different names (PDF 32000 §9.6.4) and the same subset the same name. */
static void
subset_name(const font_codes *fc, char *out, size_t cap)
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
    snprintf(out, cap, "%s+%s", tag, fc->sub.ps_name);
}

/* The objects of one embedded font; fc->font is its Type0 dictionary. A TrueType font is a
 * CIDFontType2 whose CIDToGIDMap takes CID 1 + k to the glyph; a CFF font is a CIDFontType0 whose
 * CIDs are its glyph numbers, reached from code 1 + k through the encoding CMap. */
static HPDF_STATUS
embed_font(HPDF_Doc pdf, jb_font *f, font_codes *fc, deflaters z, int pdfa)
{
    const jb_subset *sub = &fc->sub;
    char name[96];
    HPDF_Dict file = font_file(pdf, f, sub, z), desc = jb_pdf_new_dict(pdf),
              cid = jb_pdf_new_dict(pdf);
    HPDF_Dict map = sub->cff ? NULL : jb_pdf_new_stream(pdf), tu = to_unicode(pdf, fc),
              t0 = jb_pdf_new_dict(pdf);
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr), enc = NULL;
    HPDF_Array w = HPDF_Array_New(pdf->mmgr), desc_fonts = HPDF_Array_New(pdf->mmgr);
    HPDF_STATUS rc = HPDF_OK;

    if (!file || !desc || !cid || !(map || sub->cff) || !tu || !t0 || !info || !w || !desc_fonts)
        return HPDF_FAILD_TO_ALLOC_MEM;
    subset_name(fc, name, sizeof name);

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
        if ((enc = cff_encoding(pdf, fc, name)) == NULL)
            return HPDF_FAILD_TO_ALLOC_MEM;
        rc |= jb_pdf_deflate_stream(enc, z[1]);
    } else {
        /* CIDToGIDMap: two bytes per CID, CID 0 being .notdef */
        unsigned char g[2] = {0, 0};
        rc |= HPDF_Stream_Write(map->stream, g, 2);
        for (size_t k = 0; k < fc->n; k++) {
            g[0] = (unsigned char)(sub->gid[k] >> 8);
            g[1] = (unsigned char)sub->gid[k];
            rc |= HPDF_Stream_Write(map->stream, g, 2);
        }
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
    if (map != NULL)
        rc |= jb_pdf_deflate_stream(map, z[1]);
    rc |= jb_pdf_deflate_stream(tu, z[1]);
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

/* Subsets role's font to cps and embeds it. */
jb_status
jb_pdf_load_font(HPDF_Doc pdf, jb_font *f, font_codes *fc, deflaters z, int pdfa, jb_diag *d)
{
    jb_status st;

    if (fc->n > MAX_CODES)
        return jb_diag_set(d, JB_ERR_GLYPH, NULL, 0, 0, "a one-page brief holds a few thousand",
                           "%zu distinct characters in one font: at most %d fit", fc->n, MAX_CODES);
    if ((st = jb_font_subset(f, fc->chars, fc->n, &fc->sub, d)) != JB_OK)
        return st;
    if (embed_font(pdf, f, fc, z, pdfa) != HPDF_OK)
        return jb_diag_set(d, JB_ERR_NOMEM, jb_font_path(f), 0, 0, NULL,
                           "libharu cannot build the font objects (out of memory?)");
    return JB_OK;
}
