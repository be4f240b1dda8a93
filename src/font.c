/* font — HarfBuzz faces and fonts per role, coverage, metrics, ink boxes, subsetting. */
#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "font_int.h"
#include "source.h"

struct jb_fontset {
    pthread_mutex_t lock;
    hb_draw_funcs_t *cbox; /* immutable: the control box of an outline (read_ink) */
    hb_language_t zh;      /* zh-Hans, interned when the set opens (see jb_fontset_language) */
    jb_font fonts[JB_FONT_SLOTS];
    int n;                         /* slots of the spec */
    int canon[JB_FONT_SLOTS];      /* the first slot with the same file and face: opened once */
    char names[JB_FONT_SLOTS][48]; /* "song", "song_fallback" … for messages */
};

/* A brief asks the cmap some 4,000 times for a few hundred characters, and HarfBuzz takes some
 * 240 instructions an answer: the answers are kept in f->cmap, a table of CMAP_SLOTS (a brief's
 * characters and then some), where a new answer takes the place of an older one at its slot. */
#define CMAP_BITS  12
#define CMAP_SLOTS (1u << CMAP_BITS)

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

/* The control box of an outline (every point, on the curve or not), as FreeType's
 * FT_Outline_Get_CBox gives it: HarfBuzz's extents of a glyf glyph are its header's box instead,
 * which some fonts (Zen Hei) store a unit off. */
typedef struct {
    float l, r;
    int any;
} cbox;

static void
cbox_x(cbox *b, float x)
{
    if (!b->any)
        b->l = b->r = x, b->any = 1;
    else if (x < b->l)
        b->l = x;
    else if (x > b->r)
        b->r = x;
}

static void
cbox_line(hb_draw_funcs_t *df, void *b, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)y, (void)u;
    cbox_x(b, x);
}

static void
cbox_quad(hb_draw_funcs_t *df, void *b, hb_draw_state_t *st, float cx, float cy, float x, float y,
          void *u)
{
    (void)df, (void)st, (void)cy, (void)y, (void)u;
    cbox_x(b, cx);
    cbox_x(b, x);
}

static void
cbox_cubic(hb_draw_funcs_t *df, void *b, hb_draw_state_t *st, float c1x, float c1y, float c2x,
           float c2y, float x, float y, void *u)
{
    (void)df, (void)st, (void)c1y, (void)c2y, (void)y, (void)u;
    cbox_x(b, c1x);
    cbox_x(b, c2x);
    cbox_x(b, x);
}

static int
to_int(float v)
{
    return (int)(v < 0 ? v - 0.5f : v + 0.5f);
}

/* Reads one glyph's advance and ink box (font units: the font's scale is its upem). Thread-safe:
 * the font and the draw functions are immutable, the box is the caller's. */
static void
read_ink(jb_font *f, hb_draw_funcs_t *df, uint32_t cp, ink_box *b)
{
    hb_codepoint_t g = 0;
    cbox box = {0, 0, 0};

    b->ok = 0;
    if (!hb_font_get_nominal_glyph(f->font, cp, &g) || g == 0)
        return;
    b->adv = (int)hb_font_get_glyph_h_advance(f->font, g);
    hb_font_get_glyph_shape(f->font, g, df, &box);
    b->l = box.any ? to_int(box.l) : 0;
    b->r = box.any ? to_int(box.r) : 0;
    b->ok = 1;
}

static long
s32(const unsigned char *t, unsigned len, unsigned at)
{
    return (int32_t)((uint32_t)jb_font_u16(t, len, at) << 16 | jb_font_u16(t, len, at + 2));
}

/* A table's bytes: the blob keeps them alive; *len is 0 when the face has no such table. */
static const unsigned char *
table(hb_face_t *face, hb_tag_t tag, hb_blob_t **blob, unsigned *len)
{
    *blob = hb_face_reference_table(face, tag);
    return (const unsigned char *)hb_blob_get_data(*blob, len);
}

static jb_status
open_font(jb_fontset *fs, jb_font *f, const jb_font_file *file, const char *role, jb_diag *d)
{
    const char *hint = "put the font in fonts/ or fix the [fonts] entry of the layout";

    snprintf(f->path, sizeof f->path, "%s", file->path);
    f->index = file->index;
    { /* a FIFO or device given as a font is refused before HarfBuzz opens (and waits on) it */
        int fd = jb_source_open_regular(file->path, NULL);
        if (fd < 0)
            return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint,
                               "cannot read the %s font: %s", role, jb_source_open_error(errno));
        close(fd);
    }
    f->blob = hb_blob_create_from_file_or_fail(file->path);
    if (f->blob == NULL)
        return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint, "cannot read the %s font", role);
    if ((unsigned)file->index >= hb_face_count(f->blob))
        return jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0, hint,
                           "the %s font has no face %d (is it a font file?)", role, file->index);
    f->cmap = calloc(CMAP_SLOTS, sizeof *f->cmap);
    if (f->cmap == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, file->path, 0, 0, NULL, "out of memory opening fonts");
    f->face = hb_face_create(f->blob, (unsigned)file->index);
    f->font = hb_font_create(f->face);
    f->upem = hb_face_get_upem(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    hb_font_make_immutable(f->font);
    /* The metrics are read from the tables as FreeType reads them (hhea, then OS/2), without
     * FreeType: opening a CFF face with it parses the whole font (10 M instructions for the four
     * faces of the default set), for nothing HarfBuzz does not give. */
    hb_blob_t *hb_head, *hb_hhea, *hb_os2, *hb_post, *hb_outl;
    unsigned hl, hhl, ol, pl, gl;
    const unsigned char *head = table(f->face, HB_TAG('h', 'e', 'a', 'd'), &hb_head, &hl);
    const unsigned char *hhea = table(f->face, HB_TAG('h', 'h', 'e', 'a'), &hb_hhea, &hhl);
    const unsigned char *os2 = table(f->face, HB_TAG('O', 'S', '/', '2'), &hb_os2, &ol);
    const unsigned char *post = table(f->face, HB_TAG('p', 'o', 's', 't'), &hb_post, &pl);
    jb_status st = JB_OK;

    table(f->face, HB_TAG('g', 'l', 'y', 'f'), &hb_outl, &gl);
    hb_blob_destroy(hb_outl);
    if (gl == 0) {
        table(f->face, HB_TAG('C', 'F', 'F', ' '), &hb_outl, &gl);
        hb_blob_destroy(hb_outl);
        f->cff = 1;
    }
    if (gl == 0 || f->upem < 16 || hl < 54 || hhl < 36) {
        st = jb_diag_set(d, JB_ERR_FONT, file->path, 0, 0,
                         "use a font with TrueType (glyf) or CFF outlines",
                         gl == 0 ? "the %s font has neither TrueType nor CFF outlines (CFF2 "
                                   "variable fonts cannot be embedded)"
                                 : "the %s font has no usable head or hhea table",
                         role);
        goto tables_done;
    }
    f->ascender = jb_font_s16(hhea, hhl, 4);
    f->descender = jb_font_s16(hhea, hhl, 6);
    int os2_ok = ol >= 78; /* FreeType's version 0xFFFF: no OS/2 table */
    if (f->ascender == 0 && f->descender == 0 && os2_ok) {
        if (jb_font_s16(os2, ol, 68) != 0 || jb_font_s16(os2, ol, 70) != 0)
            f->ascender = jb_font_s16(os2, ol, 68), f->descender = jb_font_s16(os2, ol, 70);
        else
            f->ascender = (int)jb_font_u16(os2, ol, 74),
            f->descender = -(int)jb_font_u16(os2, ol, 76);
    }
    f->bbox[0] = jb_font_s16(head, hl, 36), f->bbox[1] = jb_font_s16(head, hl, 38);
    f->bbox[2] = jb_font_s16(head, hl, 40), f->bbox[3] = jb_font_s16(head, hl, 42);
    if (f->cff) {
        hb_blob_t *vhea;
        unsigned vl, ml, hm, vm;
        const unsigned char *v = table(f->face, HB_TAG('v', 'h', 'e', 'a'), &vhea, &vl);
        table(f->face, HB_TAG('h', 'm', 't', 'x'), &f->hmtx, &hm);
        table(f->face, HB_TAG('v', 'm', 't', 'x'), &f->vmtx, &vm);
        table(f->face, HB_TAG('V', 'O', 'R', 'G'), &f->vorg, &ml);
        f->n_hmetrics = jb_font_u16(hhea, hhl, 34);
        f->n_vmetrics = vl >= 36 ? jb_font_u16(v, vl, 34) : 0;
        hb_blob_destroy(vhea);
        if (f->n_hmetrics == 0 || f->n_vmetrics == 0 || hm < 4 * f->n_hmetrics ||
            vm < 4 * f->n_vmetrics || ml < 8) {
            hb_blob_destroy(f->hmtx), hb_blob_destroy(f->vmtx), hb_blob_destroy(f->vorg);
            f->hmtx = f->vmtx = f->vorg = NULL;
        }
    }
    {
        int typo_asc = jb_font_s16(os2, ol, 68), typo_desc = jb_font_s16(os2, ol, 70);
        unsigned version = jb_font_u16(os2, ol, 0);
        /* A CJK face whose typographic ascender and descender span the em (Noto CJK: 0.88 and
         * −0.12) gives its ideographic em box there; its hhea line (1.16) is line spacing. PDF
         * readers take /Ascent for the text's box, so the em box keeps it on the page. */
        if (os2_ok && typo_asc > 0 && typo_asc - typo_desc == (int)f->upem) {
            f->ascender = typo_asc;
            f->descender = typo_desc;
        }
        f->cap_height = os2_ok && version >= 2 && ol >= 90 && jb_font_s16(os2, ol, 88) > 0
                            ? jb_font_s16(os2, ol, 88)
                            : f->ascender;
        /* Symbolic: the glyphs go beyond the standard Latin set. Serif only where the PANOSE
         * says so (family kind 2, Latin text, with a serif style 2..10), as in Noto Serif CJK. */
        f->flags = 4;
        if (pl >= 16 && s32(post, pl, 12) != 0)
            f->flags |= 1;
        if (os2_ok && os2[32] == 2 && os2[33] >= 2 && os2[33] <= 10)
            f->flags |= 2;
        if (pl >= 8 && s32(post, pl, 4) != 0) {
            double a = s32(post, pl, 4) / 65536.0;
            f->italic_angle = (int)(a < 0 ? a - 0.5 : a + 0.5);
            f->flags |= 64;
        }
        /* The stems of a CFF font's Private DICT are dropped with its hints; the weight class
         * gives the usual estimate (dvipdfmx's). TrueType faces keep the 80 they always had. */
        f->stem_v = 80;
        f->weight = os2_ok && jb_font_u16(os2, ol, 4) > 0 ? (int)jb_font_u16(os2, ol, 4) : 400;
        if (f->cff && os2_ok && jb_font_u16(os2, ol, 4) > 0) {
            int w = (int)jb_font_u16(os2, ol, 4);
            f->stem_v = 50 + w * w / 4225;
        }
    }
    {
        char ps[128];
        unsigned len = sizeof ps;
        size_t k = 0;
        if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                                ps) == 0)
            ps[0] = '\0';
        for (const char *p = ps; *p && k + 1 < sizeof f->ps_name; p++)
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                *p == '-')
                f->ps_name[k++] = *p;
        if (k == 0)
            k = (size_t)snprintf(f->ps_name, sizeof f->ps_name, "Font%d", (int)(f - fs->fonts));
        f->ps_name[k] = '\0';
    }
    {
        unsigned len = sizeof f->family;
        if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_LANGUAGE_INVALID,
                                &len, f->family) == 0) {
            len = sizeof f->family;
            if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &len,
                                    f->family) == 0)
                snprintf(f->family, sizeof f->family, "%s", f->ps_name);
        }
    }
tables_done:
    hb_blob_destroy(hb_head);
    hb_blob_destroy(hb_hhea);
    hb_blob_destroy(hb_os2);
    hb_blob_destroy(hb_post);
    if (st != JB_OK)
        return st;
    f->lock = &fs->lock;
    f->cbox = fs->cbox;
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
    /* HarfBuzz interns a language in a lock-free list on first use; interning it here, before
     * any worker thread starts, keeps the jobs of a batch from racing to do it. */
    fs->zh = hb_language_from_string("zh-Hans", -1);
    if (pthread_mutex_init(&fs->lock, NULL) != 0) {
        free(fs);
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "cannot make a lock");
    }
    fs->cbox = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(fs->cbox, cbox_line, NULL, NULL);
    hb_draw_funcs_set_line_to_func(fs->cbox, cbox_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(fs->cbox, cbox_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(fs->cbox, cbox_cubic, NULL, NULL);
    hb_draw_funcs_make_immutable(fs->cbox);
    static const char *const what[JB_FONT_ROLES] = {"song (body)",
                                                    "kai (byline, lead)",
                                                    "hei (heads)",
                                                    "fang",
                                                    "title (masthead, title, figures)",
                                                    "latin (Latin letters, digits)"};
    fs->n = spec->n_fonts < JB_FONT_ROLES ? JB_FONT_ROLES : spec->n_fonts;
    for (int r = 0; r < fs->n; r++) {
        const jb_font_file *file = &spec->fonts[r];
        int first = r;
        for (int k = 0; k < r; k++)
            if (fs->canon[k] == k && spec->fonts[k].index == file->index &&
                strcmp(spec->fonts[k].path, file->path) == 0) {
                first = k;
                break;
            }
        fs->canon[r] = first;
        if (r < JB_FONT_ROLES)
            snprintf(fs->names[r], sizeof fs->names[r], "%s", what[r]);
        else
            snprintf(fs->names[r], sizeof fs->names[r], "fallback");
        if (first != r)
            continue;
        if ((st = open_font(fs, &fs->fonts[r], file, fs->names[r], d)) != JB_OK) {
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
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        jb_font *f = &fs->fonts[r];
        hb_blob_destroy(f->hmtx);
        hb_blob_destroy(f->vmtx);
        hb_blob_destroy(f->vorg);
        jb_cff_free(f->cff_tab);
        jb_font_memo_free(f);
        hb_blob_destroy(f->cff_blob);
        hb_font_destroy(f->font);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
        free(f->cmap);
    }
    hb_draw_funcs_destroy(fs->cbox);
    pthread_mutex_destroy(&fs->lock);
    free(fs);
}

jb_font *
jb_fontset_get(jb_fontset *fs, int slot)
{
    return &fs->fonts[fs->canon[slot]];
}

int
jb_fontset_count(const jb_fontset *fs)
{
    return fs->n;
}

int
jb_fontset_canonical(const jb_fontset *fs, int slot)
{
    return fs->canon[slot];
}

const char *
jb_font_ps_name(const jb_font *f)
{
    return f->ps_name;
}

const struct hb_language_impl_t *
jb_fontset_language(const jb_fontset *fs)
{
    return fs->zh;
}

/* An entry of f->cmap: bits 32..53 cp + 1 (0: empty), bit 54 set when bits 16..31 hold the
 * glyph's advance, bits 0..15 the glyph. */
#define CMAP_ADV ((uint64_t)1 << 54)

static _Atomic uint64_t *
cmap_slot(const jb_font *f, uint32_t cp)
{
    return &f->cmap[(cp * 2654435761u) >> (32 - CMAP_BITS)];
}

uint32_t
jb_font_glyph(const jb_font *f, uint32_t cp)
{
    _Atomic uint64_t *e = cmap_slot(f, cp);
    uint64_t v = atomic_load_explicit(e, memory_order_relaxed);
    hb_codepoint_t g = 0;

    if ((v >> 32 & 0x3FFFFF) == (uint64_t)cp + 1)
        return (uint32_t)(v & 0xFFFF);
    if (!hb_font_get_nominal_glyph(f->font, cp, &g))
        g = 0;
    if (g <= 0xFFFF && cp <= 0x10FFFF) /* what an entry holds */
        atomic_store_explicit(e, ((uint64_t)cp + 1) << 32 | g, memory_order_relaxed);
    return g;
}

int
jb_font_advance(const jb_font *f, uint32_t cp)
{
    _Atomic uint64_t *e = cmap_slot(f, cp);
    uint64_t v = atomic_load_explicit(e, memory_order_relaxed);
    uint32_t g;
    hb_position_t adv;

    if ((v >> 32 & 0x3FFFFF) == (uint64_t)cp + 1 && (v & CMAP_ADV))
        return (int)(v >> 16 & 0xFFFF);
    g = jb_font_glyph(f, cp);
    adv = hb_font_get_glyph_h_advance(f->font, g);
    if (g <= 0xFFFF && cp <= 0x10FFFF && adv >= 0 && adv <= 0xFFFF)
        atomic_store_explicit(e, ((uint64_t)cp + 1) << 32 | CMAP_ADV | (uint64_t)adv << 16 | g,
                              memory_order_relaxed);
    return adv;
}

int
jb_font_has(const jb_font *f, uint32_t cp)
{
    return jb_font_glyph(f, cp) != 0;
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
        if (!atomic_load_explicit(&f->ink_ready[slot], memory_order_acquire)) {
            pthread_mutex_lock(f->lock);
            if (!atomic_load_explicit(&f->ink_ready[slot], memory_order_relaxed)) {
                read_ink(f, f->cbox, cp, &f->ink[slot]);
                atomic_store_explicit(&f->ink_ready[slot], 1, memory_order_release);
            }
            pthread_mutex_unlock(f->lock);
        }
        b = f->ink[slot];
    } else
        read_ink(f, f->cbox, cp, &b);
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

void
jb_font_library_versions(char *out, size_t size)
{
    FT_Library lib;
    FT_Int a = 0, b = 0, c = 0;

    /* a library of its own for the question: no FreeType state is shared */
    if (FT_Init_FreeType(&lib) == 0) {
        FT_Library_Version(lib, &a, &b, &c);
        FT_Done_FreeType(lib);
    }
    snprintf(out, size, "HarfBuzz %s, FreeType %d.%d.%d", hb_version_string(), (int)a, (int)b,
             (int)c);
}
