/* font_subset — a font's subset for the PDF (the bare CFF, or a TrueType font) or for an OFD
 * file: a CFF face's for the PDF written by font_cff from the engine's cache of the face, the
 * others by HarfBuzz's subsetter, with a CFF subset's charset and box set right. */
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font_int.h"

static int
to_milli(const jb_font *f, int v)
{
    double x = v * 1000.0 / f->upem;
    return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

/* CFF (Adobe TN 5176), just enough to reach a subset's charset and rewrite it. */
/* Reads the INDEX at *at in c[0..len): its count and the bounds of its first object (when it
 * has one); moves *at past it. -1 when it runs past the table. */
static int
cff_index(const unsigned char *c, size_t len, size_t *at, size_t *count, size_t *obj, size_t *end)
{
    size_t p = *at, size, base, last;

    if (p + 2 > len)
        return -1;
    *count = jb_font_be(c + p, 2);
    if (*count == 0) {
        *at = p + 2;
        return 0;
    }
    if (p + 3 > len || (size = c[p + 2]) < 1 || size > 4 || p + 3 + (*count + 1) * size > len)
        return -1;
    base = p + 2 + (*count + 1) * size; /* offsets count from 1 */
    *obj = base + jb_font_be(c + p + 3, size);
    *end = base + jb_font_be(c + p + 3 + size, size);
    last = base + jb_font_be(c + p + 3 + *count * size, size);
    if (*obj <= base || *obj > *end || *end > last || last > len)
        return -1;
    *at = last;
    return 0;
}

/* The Top DICT entries this module needs: charset and CharStrings offsets, CID-keyed or not. */
typedef struct {
    long charset, charstrings;
    int cid_keyed; /* the dictionary has an ROS operator */
} cff_top;

static int
cff_top_dict(const unsigned char *c, size_t at, size_t end, cff_top *t)
{
    long last = 0;

    t->charset = 0, t->charstrings = -1, t->cid_keyed = 0;
    while (at < end) {
        unsigned b = c[at];
        if (b == 28 && at + 3 <= end)
            last = (int16_t)jb_font_be(c + at + 1, 2), at += 3;
        else if (b == 29 && at + 5 <= end)
            last = (int32_t)jb_font_be(c + at + 1, 4), at += 5;
        else if (b == 30) { /* a real, in nibbles up to an 0xF */
            for (at++; at < end && (c[at] & 0x0F) != 0x0F && (c[at] >> 4) != 0x0F; at++)
                ;
            at++, last = 0;
        } else if (b >= 32 && b <= 246)
            last = (long)b - 139, at++;
        else if (b >= 247 && b <= 250 && at + 2 <= end)
            last = (long)(b - 247) * 256 + c[at + 1] + 108, at += 2;
        else if (b >= 251 && b <= 254 && at + 2 <= end)
            last = -(long)(b - 251) * 256 - c[at + 1] - 108, at += 2;
        else if (b == 12 && at + 2 <= end)
            t->cid_keyed |= c[at + 1] == 30, at += 2;
        else if (b <= 21) {
            if (b == 15)
                t->charset = last;
            else if (b == 17)
                t->charstrings = last;
            at++;
        } else
            return -1;
    }
    return t->charstrings > 0 ? 0 : -1;
}

/* Makes the charset of a CID-keyed CFF map glyph g to CID g, writing over the old one: in the
 * same format the identity never takes more room (format 0 holds one CID per glyph whatever
 * they are; formats 1 and 2 need a range per 256 or 65,536 glyphs at least). HarfBuzz keeps the
 * font's CIDs, which a PDF content stream would then have to use; with CID = glyph, the CIDs are
 * the subset's glyph numbers for CID-keyed and name-keyed fonts alike. 0, or -1 for a table this
 * does not understand. */
static int
cff_identity_charset(unsigned char *c, size_t len)
{
    size_t at, n, obj, end, glyphs, old, need, p;
    cff_top t;

    if (len < 4 || c[0] != 1)
        return -1;
    at = c[2];
    if (cff_index(c, len, &at, &n, &obj, &end) != 0 || n != 1 || /* Name INDEX */
        cff_index(c, len, &at, &n, &obj, &end) != 0 || n != 1 || /* Top DICT INDEX */
        cff_top_dict(c, obj, end, &t) != 0 || (size_t)t.charstrings >= len)
        return -1;
    at = (size_t)t.charstrings;
    if (cff_index(c, len, &at, &glyphs, &obj, &end) != 0 || glyphs == 0)
        return -1;
    if (!t.cid_keyed)
        return 0;
    if (t.charset <= 2 || (size_t)t.charset >= len || glyphs > 65536)
        return -1;
    p = (size_t)t.charset;
    /* the old charset's length */
    if (c[p] == 0)
        old = 1 + 2 * (glyphs - 1);
    else if (c[p] == 1 || c[p] == 2) {
        size_t r = c[p] == 1 ? 3 : 4, g = 1;
        for (old = 1; g < glyphs; old += r) {
            if (p + old + r > len)
                return -1;
            g += 1 + jb_font_be(c + p + old + 2, r - 2);
        }
    } else
        return -1;
    need = c[p] == 0 ? old : c[p] == 1 ? 1 + 3 * ((glyphs - 1 + 255) / 256) : glyphs > 1 ? 5 : 1;
    if (p + old > len || need > old)
        return -1;
    for (size_t g = 1, q = p + 1; g < glyphs;) {
        size_t run = c[p] == 0 ? 1 : c[p] == 1 ? 256 : 65536;
        if (run > glyphs - g)
            run = glyphs - g;
        c[q++] = (unsigned char)(g >> 8), c[q++] = (unsigned char)g;
        if (c[p] == 2)
            c[q++] = (unsigned char)((run - 1) >> 8);
        if (c[p] != 0)
            c[q++] = (unsigned char)(run - 1);
        g += run;
    }
    return 0;
}

/* The left and top edges of glyph g's ink from the metrics tables (font units): the left side
 * bearing of hmtx, and the vertical origin of VORG less the top side bearing of vmtx. -1 when
 * the face has no such tables or they do not reach g. */
static int
metrics_edges(const jb_font *f, unsigned g, int *left, int *top)
{
    unsigned hl, vl, ol;
    const unsigned char *h, *v, *o;

    if (f->vmtx == NULL)
        return -1;
    h = (const unsigned char *)hb_blob_get_data(f->hmtx, &hl);
    v = (const unsigned char *)hb_blob_get_data(f->vmtx, &vl);
    o = (const unsigned char *)hb_blob_get_data(f->vorg, &ol);
    unsigned ha = g < f->n_hmetrics ? 4 * g + 2 : 4 * f->n_hmetrics + 2 * (g - f->n_hmetrics);
    unsigned va = g < f->n_vmetrics ? 4 * g + 2 : 4 * f->n_vmetrics + 2 * (g - f->n_vmetrics);
    if (ha + 2 > hl || va + 2 > vl)
        return -1;
    int origin = jb_font_s16(o, ol, 4);
    /* VORG's records are sorted by glyph: a binary search */
    for (unsigned lo = 0, hi = jb_font_u16(o, ol, 6); lo < hi;) {
        unsigned mid = (lo + hi) / 2, gm = jb_font_u16(o, ol, 8 + 4 * mid);
        if (8 + 4 * mid + 4 > ol)
            break;
        if (gm == g) {
            origin = jb_font_s16(o, ol, 8 + 4 * mid + 2);
            break;
        }
        if (gm < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    *left = jb_font_s16(h, hl, ha);
    *top = origin - jb_font_s16(v, vl, va);
    return 0;
}

/* Length of the shortest DICT encoding of integer v (TN 5176 table 3). */
static int
dict_int_len(long v)
{
    return v >= -107 && v <= 107       ? 1
           : v >= -1131 && v <= 1131   ? 2
           : v >= -32768 && v <= 32767 ? 3
                                       : 5;
}

/* Writes v at p in exactly len bytes (1, 2, 3 or 5; len >= dict_int_len(v), len != 4). */
static void
dict_int_put(unsigned char *p, long v, int len)
{
    if (len == 1) {
        p[0] = (unsigned char)(v + 139);
    } else if (len == 2) {
        long w = v >= 0 ? v - 108 : -v - 108;
        p[0] = (unsigned char)((v >= 0 ? 247 : 251) + (w >> 8)), p[1] = (unsigned char)w;
    } else if (len == 3) {
        p[0] = 28, p[1] = (unsigned char)((unsigned long)v >> 8), p[2] = (unsigned char)v;
    } else {
        p[0] = 29;
        for (int k = 0; k < 4; k++)
            p[1 + k] = (unsigned char)((unsigned long)v >> (24 - 8 * k));
    }
}

/* Replaces the FontBBox of the Top DICT with box (font units) in the bytes it already takes, so
 * that no offset moves: each number gets an encoding of 1, 2, 3 or 5 bytes that together fill
 * the old operands' room. A subset's FontBBox is the whole font's (Noto CJK: 1.8 em high), and
 * readers that load a bare CFF with FreeType take it for the ascender, which puts a masthead's
 * text box far above its ink. 0, or -1 when the dictionary has no FontBBox of integers that
 * room can hold (the font is then left as it is). */
static int
cff_set_bbox(unsigned char *c, size_t len, const int box[4])
{
    size_t at, n, obj, end, start;
    int lens[4], room, k;

    if (len < 4 || c[0] != 1)
        return -1;
    at = c[2];
    if (cff_index(c, len, &at, &n, &obj, &end) != 0 || n != 1 || /* Name INDEX */
        cff_index(c, len, &at, &n, &obj, &end) != 0 || n != 1)   /* Top DICT INDEX */
        return -1;
    /* find the operands of operator 5 */
    for (at = start = obj, k = 0; at < end;) {
        unsigned b = c[at];
        int w = b == 28 ? 3 : b == 29 ? 5 : b >= 32 && b <= 246 ? 1 : b >= 247 && b <= 254 ? 2 : 0;
        if (b == 30)
            return -1; /* a real among the operands: not rewritten */
        if (w > 0) {
            if (k < 4)
                lens[k] = w;
            k++, at += (size_t)w;
            continue;
        }
        if (b == 5)
            break;
        at += b == 12 ? 2 : 1;
        start = at, k = 0;
    }
    if (at >= end || k != 4 || at > end)
        return -1;
    room = lens[0] + lens[1] + lens[2] + lens[3];
    /* each number takes its shortest length, 3 or 5 bytes; try the 81 choices */
    for (int pick = 0; pick < 81; pick++) {
        int l[4], sum = 0, q = pick;
        for (int i = 0; i < 4; i++, q /= 3) {
            int m = dict_int_len(box[i]);
            l[i] = q % 3 == 0 ? m : q % 3 == 1 ? (m <= 3 ? 3 : 0) : 5;
            if (l[i] == 0)
                break;
            sum += l[i];
        }
        if (q != 0 || sum != room)
            continue;
        for (int i = 0, p = 0; i < 4; p += l[i], i++)
            dict_int_put(c + start + p, box[i], l[i]);
        return 0;
    }
    return -1;
}

/* The width of cps[i]'s glyph old into out, and (CFF) its ink added to box (font units). */
static void
glyph_metrics(const jb_font *f, unsigned old, jb_subset *out, size_t i, int box[4], int *inked)
{
    hb_glyph_extents_t e;
    int left, top;

    out->width[i] = (uint16_t)to_milli(f, (int)hb_font_get_glyph_h_advance(f->font, old));
    if (f->cff && old != 0 && metrics_edges(f, old, &left, &top) == 0) {
        /* CJK CFF faces carry vertical metrics: the ink's top and left from the tables, the
         * bottom and right the font's own (a box that still holds every glyph), for a hundredth
         * of what running the charstrings costs */
        if (!*inked || left < box[0])
            box[0] = left;
        if (!*inked || top > box[3])
            box[3] = top;
        box[1] = f->bbox[1], box[2] = f->bbox[2];
        *inked = 1;
    } else if (f->cff && old != 0 && hb_font_get_glyph_extents(f->font, old, &e) && e.width > 0) {
        int x0 = e.x_bearing, x1 = e.x_bearing + e.width;
        int y1 = e.y_bearing, y0 = e.y_bearing + e.height;
        if (!*inked || x0 < box[0])
            box[0] = x0;
        if (!*inked || y0 < box[1])
            box[1] = y0;
        if (!*inked || x1 > box[2])
            box[2] = x1;
        if (!*inked || y1 > box[3])
            box[3] = y1;
        *inked = 1;
    }
}

/* The face's CFF table read for font_cff (once, under the set's lock); NULL when it does not
 * take the table. The cache is the engine's: every later subset of the face reuses it. */
static jb_cff *
face_cff(const jb_font *cf)
{
    jb_font *f = (jb_font *)cf; /* the cache fields only, set once under the lock */

    if (atomic_load_explicit(&f->cff_ready, memory_order_acquire))
        return f->cff_tab;
    pthread_mutex_lock(f->lock);
    if (!atomic_load_explicit(&f->cff_ready, memory_order_relaxed)) {
        unsigned len = 0;
        f->cff_blob = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
        const char *c = hb_blob_get_data(f->cff_blob, &len);
        f->cff_tab = c != NULL ? jb_cff_open((const unsigned char *)c, len) : NULL;
        atomic_store_explicit(&f->cff_ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(f->lock);
    return f->cff_tab;
}

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The PDF's subset of a CFF face written by font_cff from the engine's cache: the glyphs of the
 * characters, and .notdef, numbered in the font's order (as HarfBuzz numbers them). 0, or -1 when
 * font_cff does not take the face or these glyphs (the caller then uses HarfBuzz). */
static int
own_cff_subset(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out, jb_diag *d,
               jb_status *st)
{
    jb_cff *cff = face_cff(f);
    uint32_t *olds;
    size_t m = 1;
    int box[4] = {0, 0, 0, 0}, inked = 0;
    unsigned char *data;
    size_t len;

    if (cff == NULL)
        return -1;
    if ((olds = malloc((n + 1) * sizeof *olds)) == NULL) {
        *st = jb_diag_set(d, JB_ERR_NOMEM, f->path, 0, 0, NULL, "out of memory subsetting");
        return 0;
    }
    olds[0] = 0;
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g = 0;
        if (!hb_font_get_nominal_glyph(f->font, cps[i], &g) || g >= jb_cff_glyphs(cff))
            g = 0;
        out->gid[i] = (uint16_t)g; /* the old glyph for now */
        if (g != 0)
            olds[m++] = g;
    }
    qsort(olds + 1, m - 1, sizeof *olds, cmp_u32);
    size_t u = 1;
    for (size_t k = 1; k < m; k++)
        if (olds[k] != olds[u - 1])
            olds[u++] = olds[k];
    for (size_t i = 0; i < n; i++)
        glyph_metrics(f, out->gid[i], out, i, box, &inked);
    if (jb_cff_subset(cff, olds, u, inked ? box : f->bbox, &data, &len) != 0) {
        free(olds);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t g = out->gid[i];
        const uint32_t *at = g ? bsearch(&g, olds, u, sizeof *olds, cmp_u32) : olds;
        out->gid[i] = (uint16_t)(at - olds);
    }
    free(olds);
    out->data = (const char *)data;
    out->len = len;
    out->blob_ =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
    for (int k = 0; k < 4; k++)
        out->bbox[k] = to_milli(f, inked ? box[k] : f->bbox[k]);
    *st = JB_OK;
    return 0;
}

void
jb_font_subset_describe(const jb_font *f, jb_subset *out)
{
    out->ps_name = f->ps_name;
    out->family = f->family;
    out->weight = f->weight;
    out->ascent = to_milli(f, f->ascender);
    out->descent = to_milli(f, f->descender);
    out->cap_height = to_milli(f, f->cap_height);
    out->cff = f->cff;
    out->flags = f->flags;
    out->italic_angle = f->italic_angle;
    out->stem_v = f->stem_v;
}

/* The subset of jb_font_subset (file 0: what the PDF takes) or of jb_font_subset_file (file 1). */
static jb_status
subset(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out, int file, jb_diag *d)
{
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    unsigned blen = 0;
    jb_status st = JB_OK;
    /* A CFF subset's box: the ink of its glyphs (font units), when any has ink (cff_set_bbox) */
    int box[4] = {0, 0, 0, 0}, inked = 0;

    memset(out, 0, sizeof *out);
    out->gid = malloc((n ? n : 1) * sizeof *out->gid);
    out->width = malloc((n ? n : 1) * sizeof *out->width);
    if (out->gid == NULL || out->width == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, f->path, 0, 0, NULL, "out of memory subsetting");
        goto done;
    }
    if (f->cff && !file && own_cff_subset(f, cps, n, out, d, &st) == 0) {
        if (st != JB_OK)
            goto done;
        goto described;
    }
    /* TrueType faces, the OFD's font files, and what font_cff does not take: HarfBuzz's
     * subsetter (a glyf subset costs it about 7,000 instructions a glyph, a CFF one 45,000) */
    if ((in = hb_subset_input_create_or_fail()) == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, f->path, 0, 0, NULL, "out of memory subsetting");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        hb_set_add(hb_subset_input_unicode_set(in), cps[i]);
    /* A CFF subset is desubroutinized: on the sample with Noto Serif CJK SC that makes it 8 %
     * smaller deflated (HarfBuzz's subroutine subsetting leaves many subroutines a few glyphs
     * use) and the subsetting twice as fast. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
                                      (f->cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0u));
    if (f->cff && !file) {
        /* The PDF takes the bare CFF table (FontFile3 /CIDFontType0C): no other table is built,
         * and none takes part in the glyph closure (GSUB would add 300 vertical and other
         * alternate forms of a brief's 500 characters). */
        hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        hb_tag_t tags[64];
        unsigned count = 64;
        for (unsigned start = 0; count == 64; start += 64) {
            count = 64;
            hb_face_get_table_tags(f->face, start, &count, tags);
            for (unsigned k = 0; k < count; k++)
                if (tags[k] != HB_TAG('C', 'F', 'F', ' '))
                    hb_set_add(tables, tags[k]);
        }
    } else {
        /* A PDF's CID font reaches its glyphs by number (CIDToGIDMap), draws them horizontally
         * and without substitutions: these tables would be dead weight in every file. */
        /* A font file (OFD) keeps its cmap: readers reach glyphs by character there. */
        static const hb_tag_t drop[] = {
            HB_TAG('c', 'm', 'a', 'p'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
            HB_TAG('g', 'a', 's', 'p'), HB_TAG('G', 'D', 'E', 'F'), HB_TAG('G', 'P', 'O', 'S'),
            HB_TAG('G', 'S', 'U', 'B'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('B', 'A', 'S', 'E')};
        hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (size_t k = file ? 1 : 0; k < sizeof drop / sizeof drop[0]; k++)
            hb_set_add(tables, drop[k]);
    }
    plan = hb_subset_plan_create_or_fail(f->face, in);
    if (plan != NULL) {
        const hb_map_t *to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t old = hb_map_get(to_old, cps[i]), g;
            if (old == HB_MAP_VALUE_INVALID)
                old = 0;
            g = hb_map_get(to_new, old);
            out->gid[i] = (uint16_t)(g == HB_MAP_VALUE_INVALID ? 0 : g);
            glyph_metrics(f, old, out, i, box, &inked);
        }
        sub = hb_subset_plan_execute_or_fail(plan);
    }
    if (sub != NULL && f->cff && !file) {
        blob = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
        out->data = hb_blob_get_data_writable(blob, &blen);
        if (out->data == NULL || cff_identity_charset((unsigned char *)out->data, blen) != 0)
            blen = 0;
        else if (inked && cff_set_bbox((unsigned char *)out->data, blen, box) != 0)
            inked = 0; /* the FontDescriptor keeps the font's box too, matching the program */
    } else if (sub != NULL) {
        blob = hb_face_reference_blob(sub);
        out->data = hb_blob_get_data(blob, &blen);
    }
    if (sub == NULL || blen == 0) {
        st = jb_diag_set(d, JB_ERR_FONT, f->path, 0, 0, "try another font file",
                         "HarfBuzz cannot subset this font");
        goto done;
    }
    out->len = blen;
    out->blob_ = blob;
    blob = NULL;
    for (int k = 0; k < 4; k++)
        out->bbox[k] = to_milli(f, inked ? box[k] : f->bbox[k]);
described:
    jb_font_subset_describe(f, out);

done:
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    if (st != JB_OK)
        jb_subset_free(out);
    return st;
}

jb_status
jb_font_subset(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out, jb_diag *d)
{
    return subset(f, cps, n, out, 0, d);
}

jb_status
jb_font_subset_file(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out, jb_diag *d)
{
    return subset(f, cps, n, out, 1, d);
}

void
jb_subset_free(jb_subset *s)
{
    hb_blob_destroy(s->blob_);
    free(s->gid);
    free(s->width);
    memset(s, 0, sizeof *s);
}

/* A kept result: its bytes and its holders (the memo while it keeps it, and each finder until it
 * releases it). */
struct jb_font_memo_hold {
    atomic_long refs;
    size_t len;
    unsigned char data[];
};

const unsigned char *
jb_font_memo_find(jb_font *f, int tag, const void *key, size_t n, size_t *len,
                  jb_font_memo_hold **hold)
{
    jb_font_memo_hold *found = NULL;

    pthread_mutex_lock(f->lock);
    for (int k = 0; k < JB_FONT_MEMOS && found == NULL; k++) {
        struct font_memo *m = &f->memo[k];
        if (m->used == 0 || m->tag != tag || m->n != n || memcmp(m->program, key, n) != 0)
            continue;
        found = m->result;
        atomic_fetch_add_explicit(&found->refs, 1, memory_order_relaxed);
        m->used = ++f->memo_clock;
    }
    pthread_mutex_unlock(f->lock);
    *hold = found;
    *len = found != NULL ? found->len : 0;
    return found != NULL ? found->data : NULL;
}

void
jb_font_memo_release(jb_font_memo_hold *hold)
{
    if (hold != NULL && atomic_fetch_sub_explicit(&hold->refs, 1, memory_order_acq_rel) == 1)
        free(hold);
}

void
jb_font_memo_keep(jb_font *f, int tag, const void *key, size_t n, const void *result, size_t len)
{
    unsigned char *p = malloc(n ? n : 1);
    jb_font_memo_hold *r = malloc(sizeof *r + len);

    if (p == NULL || r == NULL) {
        free(p), free(r);
        return;
    }
    memcpy(p, key, n);
    atomic_init(&r->refs, 1);
    r->len = len;
    memcpy(r->data, result, len);
    pthread_mutex_lock(f->lock);
    struct font_memo *m = &f->memo[0];
    for (int k = 1; k < JB_FONT_MEMOS; k++)
        if (f->memo[k].used < m->used)
            m = &f->memo[k];
    free(m->program);
    jb_font_memo_release(m->result);
    m->tag = tag, m->n = n, m->program = p, m->result = r;
    m->used = ++f->memo_clock;
    pthread_mutex_unlock(f->lock);
}

void
jb_font_memo_free(jb_font *f)
{
    for (int k = 0; k < JB_FONT_MEMOS; k++) {
        free(f->memo[k].program);
        jb_font_memo_release(f->memo[k].result);
        memset(&f->memo[k], 0, sizeof f->memo[k]);
    }
}
