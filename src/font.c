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

#include "source.h"

/* Ink boxes of the punctuation ranges, drawn the first time a brief asks (a brief uses a dozen of
 * these 191 characters), then kept, so that later briefs read a table. */
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
    unsigned upem;
    int ascender, descender, cap_height;
    int bbox[4]; /* head table's box, font units */
    /* hmtx, vmtx and VORG of a CFF face with vertical metrics (else NULL), and their counts:
     * the ink's left and top edges of each glyph without running its charstring */
    hb_blob_t *hmtx, *vmtx, *vorg;
    unsigned n_hmetrics, n_vmetrics;
    char ps_name[64];                /* PostScript name, cut to PDF name characters */
    char family[64];                 /* the typographic family (name ID 16, else 1), UTF-8 */
    int weight;                      /* OS/2 usWeightClass (400 when the table has none) */
    int cff;                         /* outlines in a 'CFF ' table, not 'glyf' */
    int flags, italic_angle, stem_v; /* for the PDF's FontDescriptor */
    ink_box ink[INK_SLOTS];
    atomic_uchar ink_ready[INK_SLOTS]; /* ink[k] is read (set under the lock) */
    pthread_mutex_t *lock;
    hb_draw_funcs_t *cbox; /* the set's */
};

struct jb_fontset {
    pthread_mutex_t lock;
    hb_draw_funcs_t *cbox; /* immutable: the control box of an outline (read_ink) */
    hb_language_t zh;      /* zh-Hans, interned when the set opens (see jb_fontset_language) */
    jb_font fonts[JB_FONT_SLOTS];
    int n;                         /* slots of the spec */
    int canon[JB_FONT_SLOTS];      /* the first slot with the same file and face: opened once */
    char names[JB_FONT_SLOTS][48]; /* "song", "song_fallback" … for messages */
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

/* Big-endian fields of a table's bytes; 0 past its end. */
static unsigned
u16(const unsigned char *t, unsigned len, unsigned at)
{
    return at + 2 <= len ? (unsigned)t[at] << 8 | t[at + 1] : 0;
}

static int
s16(const unsigned char *t, unsigned len, unsigned at)
{
    return (int16_t)u16(t, len, at);
}

static long
s32(const unsigned char *t, unsigned len, unsigned at)
{
    return (int32_t)((uint32_t)u16(t, len, at) << 16 | u16(t, len, at + 2));
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
    f->ascender = s16(hhea, hhl, 4);
    f->descender = s16(hhea, hhl, 6);
    int os2_ok = ol >= 78; /* FreeType's version 0xFFFF: no OS/2 table */
    if (f->ascender == 0 && f->descender == 0 && os2_ok) {
        if (s16(os2, ol, 68) != 0 || s16(os2, ol, 70) != 0)
            f->ascender = s16(os2, ol, 68), f->descender = s16(os2, ol, 70);
        else
            f->ascender = (int)u16(os2, ol, 74), f->descender = -(int)u16(os2, ol, 76);
    }
    f->bbox[0] = s16(head, hl, 36), f->bbox[1] = s16(head, hl, 38);
    f->bbox[2] = s16(head, hl, 40), f->bbox[3] = s16(head, hl, 42);
    if (f->cff) {
        hb_blob_t *vhea;
        unsigned vl, ml, hm, vm;
        const unsigned char *v = table(f->face, HB_TAG('v', 'h', 'e', 'a'), &vhea, &vl);
        table(f->face, HB_TAG('h', 'm', 't', 'x'), &f->hmtx, &hm);
        table(f->face, HB_TAG('v', 'm', 't', 'x'), &f->vmtx, &vm);
        table(f->face, HB_TAG('V', 'O', 'R', 'G'), &f->vorg, &ml);
        f->n_hmetrics = u16(hhea, hhl, 34);
        f->n_vmetrics = vl >= 36 ? u16(v, vl, 34) : 0;
        hb_blob_destroy(vhea);
        if (f->n_hmetrics == 0 || f->n_vmetrics == 0 || hm < 4 * f->n_hmetrics ||
            vm < 4 * f->n_vmetrics || ml < 8) {
            hb_blob_destroy(f->hmtx), hb_blob_destroy(f->vmtx), hb_blob_destroy(f->vorg);
            f->hmtx = f->vmtx = f->vorg = NULL;
        }
    }
    {
        int typo_asc = s16(os2, ol, 68), typo_desc = s16(os2, ol, 70);
        unsigned version = u16(os2, ol, 0);
        /* A CJK face whose typographic ascender and descender span the em (Noto CJK: 0.88 and
         * −0.12) gives its ideographic em box there; its hhea line (1.16) is line spacing. PDF
         * readers take /Ascent for the text's box, so the em box keeps it on the page. */
        if (os2_ok && typo_asc > 0 && typo_asc - typo_desc == (int)f->upem) {
            f->ascender = typo_asc;
            f->descender = typo_desc;
        }
        f->cap_height = os2_ok && version >= 2 && ol >= 90 && s16(os2, ol, 88) > 0
                            ? s16(os2, ol, 88)
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
        f->weight = os2_ok && u16(os2, ol, 4) > 0 ? (int)u16(os2, ol, 4) : 400;
        if (f->cff && os2_ok && u16(os2, ol, 4) > 0) {
            int w = (int)u16(os2, ol, 4);
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
        hb_font_destroy(f->font);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
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

static int
to_milli(const jb_font *f, int v)
{
    double x = v * 1000.0 / f->upem;
    return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

/* CFF (Adobe TN 5176), just enough to reach a subset's charset and rewrite it. */
static size_t
be(const unsigned char *p, size_t n)
{
    size_t v = 0;
    while (n-- > 0)
        v = v << 8 | *p++;
    return v;
}

/* Reads the INDEX at *at in c[0..len): its count and the bounds of its first object (when it
 * has one); moves *at past it. -1 when it runs past the table. */
static int
cff_index(const unsigned char *c, size_t len, size_t *at, size_t *count, size_t *obj, size_t *end)
{
    size_t p = *at, size, base, last;

    if (p + 2 > len)
        return -1;
    *count = be(c + p, 2);
    if (*count == 0) {
        *at = p + 2;
        return 0;
    }
    if (p + 3 > len || (size = c[p + 2]) < 1 || size > 4 || p + 3 + (*count + 1) * size > len)
        return -1;
    base = p + 2 + (*count + 1) * size; /* offsets count from 1 */
    *obj = base + be(c + p + 3, size);
    *end = base + be(c + p + 3 + size, size);
    last = base + be(c + p + 3 + *count * size, size);
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
            last = (int16_t)be(c + at + 1, 2), at += 3;
        else if (b == 29 && at + 5 <= end)
            last = (int32_t)be(c + at + 1, 4), at += 5;
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
            g += 1 + be(c + p + old + 2, r - 2);
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
    int origin = s16(o, ol, 4);
    /* VORG's records are sorted by glyph: a binary search */
    for (unsigned lo = 0, hi = u16(o, ol, 6); lo < hi;) {
        unsigned mid = (lo + hi) / 2, gm = u16(o, ol, 8 + 4 * mid);
        if (8 + 4 * mid + 4 > ol)
            break;
        if (gm == g) {
            origin = s16(o, ol, 8 + 4 * mid + 2);
            break;
        }
        if (gm < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    *left = s16(h, hl, ha);
    *top = origin - s16(v, vl, va);
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

/* The subset of jb_font_subset (file 0: what the PDF takes) or of jb_font_subset_file (file 1). */
static jb_status
subset(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out, int file, jb_diag *d)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
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
    if (in == NULL || out->gid == NULL || out->width == NULL) {
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
            hb_glyph_extents_t e;
            if (old == HB_MAP_VALUE_INVALID)
                old = 0;
            g = hb_map_get(to_new, old);
            out->gid[i] = (uint16_t)(g == HB_MAP_VALUE_INVALID ? 0 : g);
            out->width[i] = (uint16_t)to_milli(f, (int)hb_font_get_glyph_h_advance(f->font, old));
            int left, top;
            if (f->cff && old != 0 && metrics_edges(f, old, &left, &top) == 0) {
                /* CJK CFF faces carry vertical metrics: the ink's top and left from the tables,
                 * the bottom and right the font's own (a box that still holds every glyph), for
                 * a hundredth of what running the charstrings costs */
                if (!inked || left < box[0])
                    box[0] = left;
                if (!inked || top > box[3])
                    box[3] = top;
                box[1] = f->bbox[1], box[2] = f->bbox[2];
                inked = 1;
            } else if (f->cff && old != 0 && hb_font_get_glyph_extents(f->font, old, &e) &&
                       e.width > 0) {
                int x0 = e.x_bearing, x1 = e.x_bearing + e.width;
                int y1 = e.y_bearing, y0 = e.y_bearing + e.height;
                if (!inked || x0 < box[0])
                    box[0] = x0;
                if (!inked || y0 < box[1])
                    box[1] = y0;
                if (!inked || x1 > box[2])
                    box[2] = x1;
                if (!inked || y1 > box[3])
                    box[3] = y1;
                inked = 1;
            }
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
    out->ps_name = f->ps_name;
    out->family = f->family;
    out->weight = f->weight;
    for (int k = 0; k < 4; k++)
        out->bbox[k] = to_milli(f, inked ? box[k] : f->bbox[k]);
    out->ascent = to_milli(f, f->ascender);
    out->descent = to_milli(f, f->descender);
    out->cap_height = to_milli(f, f->cap_height);
    out->cff = f->cff;
    out->flags = f->flags;
    out->italic_angle = f->italic_angle;
    out->stem_v = f->stem_v;

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
