/* font — FreeType faces and HarfBuzz fonts per role, coverage, metrics, ink boxes, subsetting. */
#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Ink boxes of the punctuation ranges, read with FreeType when the font is opened, so that the
 * shaping of every brief reads a table instead of the (unshareable) FT_Face. */
#define INK_SLOTS (0x40 + 0x66 + 0x18 + 1)

typedef struct {
    int adv, l, r;
    int ok; /* 1: glyph present, 0: not present */
} ink_box;

struct jb_font {
    char path[1024];
    int index;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font; /* immutable: safe to share between threads */
    FT_Face ft;      /* only under the set's lock */
    unsigned upem;
    int ascender, descender;
    ink_box ink[INK_SLOTS];
    pthread_mutex_t *lock;
};

struct jb_fontset {
    FT_Library lib;
    pthread_mutex_t lock;
    jb_font fonts[JB_FONT_COUNT];
};

/* The table slot of cp: CJK symbols and punctuation, full-width forms, general punctuation
 * (dashes, quotes, ellipsis) and the middle dot; -1 for other characters. */
static int
ink_slot(uint32_t cp)
{
    if (cp >= 0x3000 && cp < 0x3040)
        return (int)(cp - 0x3000);
    if (cp >= 0xFF00 && cp < 0xFF66)
        return 0x40 + (int)(cp - 0xFF00);
    if (cp >= 0x2010 && cp < 0x2028)
        return 0x40 + 0x66 + (int)(cp - 0x2010);
    if (cp == 0x00B7)
        return INK_SLOTS - 1;
    return -1;
}

static uint32_t
slot_cp(int slot)
{
    if (slot < 0x40)
        return 0x3000 + (uint32_t)slot;
    if (slot < 0x40 + 0x66)
        return 0xFF00 + (uint32_t)(slot - 0x40);
    if (slot < INK_SLOTS - 1)
        return 0x2010 + (uint32_t)(slot - 0x40 - 0x66);
    return 0x00B7;
}

/* Reads one glyph's advance and ink box with FreeType; the caller holds the lock. */
static void
read_ink(jb_font *f, uint32_t cp, ink_box *b)
{
    FT_UInt g = FT_Get_Char_Index(f->ft, cp);
    FT_BBox box;

    b->ok = 0;
    if (g == 0 || FT_Load_Glyph(f->ft, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
        return;
    b->adv = (int)f->ft->glyph->metrics.horiAdvance;
    b->l = b->r = 0;
    if (f->ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE && f->ft->glyph->outline.n_points > 0) {
        FT_Outline_Get_CBox(&f->ft->glyph->outline, &box);
        b->l = (int)box.xMin;
        b->r = (int)box.xMax;
    }
    b->ok = 1;
}

static const char *const role_names[] = {"song (body)", "kai (byline, lead)",
                                         "hei (heads, figures)", "fallback"};

static jb_status
open_font(jb_fontset *fs, jb_font *f, const jb_font_file *file, int role, jb_diag *d)
{
    const char *hint = "put the font in fonts/ or fix the [fonts] entry of the layout";
    FT_ULong glyf_len = 0;

    snprintf(f->path, sizeof f->path, "%s", file->path);
    f->index = file->index;
    f->blob = hb_blob_create_from_file_or_fail(file->path);
    if (f->blob == NULL)
        return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint, "cannot read the %s font",
                           role_names[role]);
    if ((unsigned)file->index >= hb_face_count(f->blob))
        return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint,
                           "the %s font has no face %d (is it a font file?)", role_names[role],
                           file->index);
    f->face = hb_face_create(f->blob, (unsigned)file->index);
    f->font = hb_font_create(f->face);
    f->upem = hb_face_get_upem(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    hb_font_make_immutable(f->font);
    {
        unsigned int blen;
        const char *bytes = hb_blob_get_data(f->blob, &blen);
        if (FT_New_Memory_Face(fs->lib, (const FT_Byte *)bytes, (FT_Long)blen, file->index,
                               &f->ft) != 0)
            return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint,
                               "FreeType cannot load the %s font", role_names[role]);
    }
    if (FT_Load_Sfnt_Table(f->ft, TTAG_glyf, 0, NULL, &glyf_len) != 0 || glyf_len == 0)
        return jb_diag_set(
            d, JB_ERR_FONT, file->path, 0, 0,
            "use a font with TrueType (glyf) outlines, or convert it to TrueType first",
            "the %s font has no TrueType outlines (CFF fonts cannot be embedded)",
            role_names[role]);
    f->ascender = f->ft->ascender;
    f->descender = f->ft->descender;
    f->lock = &fs->lock;
    for (int k = 0; k < INK_SLOTS; k++)
        read_ink(f, slot_cp(k), &f->ink[k]);
    return JB_OK;
}

jb_status
jb_fontset_open(const jb_spec *spec, jb_fontset **out, jb_diag *d)
{
    jb_fontset *fs = calloc(1, sizeof *fs);
    jb_status st;

    *out = NULL;
    if (fs == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory opening fonts");
    if (FT_Init_FreeType(&fs->lib) != 0 || pthread_mutex_init(&fs->lock, NULL) != 0) {
        free(fs);
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "FreeType cannot start");
    }
    for (int r = 0; r < JB_FONT_COUNT; r++) {
        if ((st = open_font(fs, &fs->fonts[r], &spec->fonts[r], r, d)) != JB_OK) {
            jb_fontset_free(fs);
            return st;
        }
    }
    *out = fs;
    return JB_OK;
}

void
jb_fontset_free(jb_fontset *fs)
{
    if (fs == NULL)
        return;
    for (int r = 0; r < JB_FONT_COUNT; r++) {
        jb_font *f = &fs->fonts[r];
        if (f->ft)
            FT_Done_Face(f->ft);
        hb_font_destroy(f->font);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
    }
    FT_Done_FreeType(fs->lib);
    pthread_mutex_destroy(&fs->lock);
    free(fs);
}

jb_font *
jb_fontset_get(jb_fontset *fs, jb_font_role role)
{
    return &fs->fonts[role];
}

uint32_t
jb_font_glyph(const jb_font *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    hb_font_get_nominal_glyph(f->font, cp, &g);
    return g;
}

int
jb_font_has(const jb_font *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(f->font, cp, &g) && g != 0;
}

unsigned
jb_font_upem(const jb_font *f)
{
    return f->upem;
}

const char *
jb_font_path(const jb_font *f)
{
    return f->path;
}

int
jb_font_index(const jb_font *f)
{
    return f->index;
}

struct hb_font_t *
jb_font_hb(const jb_font *f)
{
    return f->font;
}

int
jb_font_ink(jb_font *f, uint32_t cp, int *adv, int *ink_l, int *ink_r)
{
    int slot = ink_slot(cp);
    ink_box b;

    if (slot >= 0) {
        b = f->ink[slot];
    } else {
        pthread_mutex_lock(f->lock);
        read_ink(f, cp, &b);
        pthread_mutex_unlock(f->lock);
    }
    if (b.ok != 1)
        return -1;
    *adv = b.adv;
    *ink_l = b.l;
    *ink_r = b.r;
    return 0;
}

void
jb_font_vmetrics(const jb_font *f, int *ascender, int *descender)
{
    *ascender = f->ascender;
    *descender = f->descender;
}

static void
put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

/* A cmap table with one (3,1) format 4 subtable: codes base..base+n-1 → gids[0..n). */
static hb_blob_t *
make_cmap(const uint16_t *gids, size_t n, uint16_t base)
{
    size_t sub = 32 + 2 * n; /* 14-byte header, 2 segments × 4 arrays + pad, glyph ids */
    size_t len = 4 + 8 + sub;
    unsigned char *t = calloc(1, len), *p;

    if (t == NULL)
        return NULL;
    put16(t + 0, 0); /* version */
    put16(t + 2, 1); /* one encoding record: Windows, Unicode BMP */
    put16(t + 4, 3);
    put16(t + 6, 1);
    t[8] = 0, t[9] = 0, t[10] = 0, t[11] = 12; /* offset */
    p = t + 12;
    put16(p + 0, 4);             /* format */
    put16(p + 2, (unsigned)sub); /* length */
    put16(p + 4, 0);             /* language */
    put16(p + 6, 4);             /* segCountX2: our run and the closing 0xFFFF segment */
    put16(p + 8, 4);             /* searchRange */
    put16(p + 10, 1);            /* entrySelector */
    put16(p + 12, 0);            /* rangeShift */
    put16(p + 14, (unsigned)(base + n - 1)); /* endCode */
    put16(p + 16, 0xFFFF);
    put16(p + 18, 0);    /* reservedPad */
    put16(p + 20, base); /* startCode */
    put16(p + 22, 0xFFFF);
    put16(p + 24, 0); /* idDelta */
    put16(p + 26, 1);
    put16(p + 28, 4); /* idRangeOffset: from here to glyphIdArray[0] */
    put16(p + 30, 0);
    for (size_t k = 0; k < n; k++)
        put16(p + 32 + 2 * k, gids[k]);
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_READONLY, t, free);
}

jb_status
jb_font_subset(const jb_font *f, const uint32_t *cps, size_t n, uint16_t base, char **data,
               size_t *len, jb_diag *d)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_face_t *sub = NULL, *out = NULL;
    hb_font_t *sub_font = NULL;
    hb_blob_t *blob = NULL, *cmap = NULL;
    uint16_t *gids = NULL;
    hb_tag_t tags[64];
    unsigned n_tags = 64, blen;
    const char *bytes;
    jb_status st = JB_OK;

    *data = NULL;
    *len = 0;
    if (in == NULL || (gids = malloc((n ? n : 1) * sizeof *gids)) == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, f->path, 0, 0, NULL, "out of memory subsetting");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        hb_set_add(hb_subset_input_unicode_set(in), cps[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    sub = hb_subset_or_fail(f->face, in);
    if (sub == NULL) {
        st = jb_diag_set(d, JB_ERR_FONT, f->path, 0, 0, "try another font file",
                         "HarfBuzz cannot subset this font");
        goto done;
    }
    /* The subset's own cmap maps the characters; rewrite it as one run of codes. The subset is
     * a face builder, which cannot list its tables: read it back as an ordinary face. */
    {
        hb_blob_t *sb = hb_face_reference_blob(sub);
        hb_face_destroy(sub);
        sub = hb_face_create(sb, 0);
        hb_blob_destroy(sb);
    }
    sub_font = hb_font_create(sub);
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g = 0;
        hb_font_get_nominal_glyph(sub_font, cps[i], &g);
        gids[i] = (uint16_t)g;
    }
    cmap = make_cmap(gids, n, base);
    out = hb_face_builder_create();
    hb_face_get_table_tags(sub, 0, &n_tags, tags);
    for (unsigned t = 0; t < n_tags; t++) {
        hb_blob_t *tb = tags[t] == HB_TAG('c', 'm', 'a', 'p')
                            ? hb_blob_reference(cmap)
                            : hb_face_reference_table(sub, tags[t]);
        hb_face_builder_add_table(out, tags[t], tb);
        hb_blob_destroy(tb);
    }
    /* libharu 2.3.0 saves a table the font lacks as an empty one and then seeks to its offset,
     * which fails (HPDF_INVALID_OBJECT) when that offset falls on a 4 KB boundary of its buffer:
     * about one subset in a few hundred. Without hinting, the subset lacks exactly the hinting
     * tables, so each gets a harmless minimal one (one cvt entry; SVTCA[y], a no-op, as program).
     */
    {
        static const char cvt[2] = {0, 0}, prog[1] = {0};
        static const struct {
            hb_tag_t tag;
            const char *data;
            unsigned len;
        } fill[] = {{HB_TAG('c', 'v', 't', ' '), cvt, 2},
                    {HB_TAG('f', 'p', 'g', 'm'), prog, 1},
                    {HB_TAG('p', 'r', 'e', 'p'), prog, 1}};
        for (size_t k = 0; k < sizeof fill / sizeof fill[0]; k++) {
            hb_blob_t *have = hb_face_reference_table(sub, fill[k].tag);
            if (hb_blob_get_length(have) == 0) {
                hb_blob_t *tb =
                    hb_blob_create(fill[k].data, fill[k].len, HB_MEMORY_MODE_READONLY, NULL, NULL);
                hb_face_builder_add_table(out, fill[k].tag, tb);
                hb_blob_destroy(tb);
            }
            hb_blob_destroy(have);
        }
    }
    blob = hb_face_reference_blob(out);
    bytes = hb_blob_get_data(blob, &blen);
    if (cmap == NULL || blen == 0 || (*data = malloc(blen)) == NULL) {
        st = jb_diag_set(d, JB_ERR_NOMEM, f->path, 0, 0, NULL, "out of memory subsetting");
        goto done;
    }
    memcpy(*data, bytes, blen);
    *len = blen;

done:
    hb_blob_destroy(blob);
    hb_blob_destroy(cmap);
    hb_face_destroy(out);
    hb_font_destroy(sub_font);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    free(gids);
    return st;
}
