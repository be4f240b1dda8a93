/* font — the fonts of one job: HarfBuzz faces and fonts per role, glyph coverage, metrics and ink
 * boxes, and subsetting (a CFF face's PDF subset written from a per-face cache kept in the set,
 * font_cff.c; the others by HarfBuzz's subsetter). The only module that sees HarfBuzz's faces. */
#ifndef JB_FONT_H
#define JB_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "spec.h"

typedef struct jb_font jb_font;
typedef struct jb_fontset jb_fontset;
struct hb_font_t;

/* Opens the font slots of spec (the roles' faces and the fallback faces; a file and face named
 * twice is opened once): HarfBuzz faces and fonts, the metrics read from the tables as FreeType
 * reads them (each punctuation ink box is drawn once, on first use). JB_ERR_FONT naming the file
 * when one is missing, unreadable, not a font, has no such face index, or has neither TrueType
 * (glyf) nor CFF outlines (CFF2 variable fonts are refused: PDF cannot embed them). Caller owns
 * *out; release with jb_fontset_free. Once open, a set may be shared by any number of threads:
 * every call below is thread-safe. */
jb_status jb_fontset_open(const jb_spec *spec, jb_fontset **out, jb_diag *d);
void jb_fontset_free(jb_fontset *fs);

/* The HarfBuzz language text is shaped in (zh-Hans), interned when fs opened. */
struct hb_language_impl_t;
const struct hb_language_impl_t *jb_fontset_language(const jb_fontset *fs);

/* The font of a slot (a jb_font_role below JB_FONT_ROLES, then the fallback faces); borrowed
 * from fs, valid until jb_fontset_free. */
jb_font *jb_fontset_get(jb_fontset *fs, int slot);
/* Slots in the set: the spec's n_fonts. */
int jb_fontset_count(const jb_fontset *fs);
/* The first slot holding the same face as slot: characters are given that one, so that a face
 * named by two roles is one subset in the PDF. */
int jb_fontset_canonical(const jb_fontset *fs, int slot);
const char *jb_font_ps_name(const jb_font *f); /* PostScript name; borrowed from f */

int jb_font_has(const jb_font *f, uint32_t cp); /* the cmap maps cp to a glyph */
unsigned jb_font_upem(const jb_font *f);
uint32_t jb_font_glyph(const jb_font *f, uint32_t cp); /* cmap glyph, 0 if none */
int jb_font_advance(const jb_font *f, uint32_t cp);    /* its advance in font units (HarfBuzz's) */
const char *jb_font_path(const jb_font *f);
int jb_font_index(const jb_font *f);

/* Advance and horizontal ink extent of cp's glyph, in font units. A glyph without outline (space)
 * has ink_l = ink_r = 0. Returns 0, or -1 when the font has no glyph for cp. */
int jb_font_ink(jb_font *f, uint32_t cp, int *adv, int *ink_l, int *ink_r);

/* Ascender and descender (negative) in font units, from the OS/2 or hhea table. */
void jb_font_vmetrics(const jb_font *f, int *ascender, int *descender);

/* HarfBuzz font (scale = units per em, immutable); borrowed, for shape.c. */
struct hb_font_t *jb_font_hb(const jb_font *f);

/* A subset of one font for the PDF (hinting dropped): a CFF face's written by font_cff.c from
 * the set's cache of the face (each glyph flattened once per set; HarfBuzz's subsetter when
 * font_cff does not take the face or a glyph), a TrueType face's by HarfBuzz's subsetter. */
typedef struct {
    const char *data; /* the font program, len bytes; owned by the subset */
    size_t len;
    /* 0: data is a TrueType font (FontFile2). 1: data is a bare CFF font program (FontFile3
     * /CIDFontType0C), desubroutinized, whose charset maps each glyph to the CID equal to its
     * glyph number if it is CID-keyed (a name-keyed CFF reaches glyphs by number anyway), so in
     * the PDF CID = gid[k] for both kinds. */
    int cff;
    uint16_t *gid;       /* gid[k]: the subset's glyph of cps[k] (0 when the font lacks it) */
    uint16_t *width;     /* width[k]: that glyph's advance in 1/1000 em, rounded */
    const char *ps_name; /* PostScript name (letters, digits, '-' only); borrowed from the font */
    const char *family;  /* typographic family name, UTF-8 (e.g. Noto Serif CJK SC); borrowed */
    int weight;          /* OS/2 weight class: 400 regular, 700 bold */
    int bbox[4];         /* font bounding box, 1/1000 em: x0 y0 x1 y1 */
    int ascent, descent, cap_height; /* 1/1000 em; descent negative */
    int flags; /* FontDescriptor /Flags (PDF 32000 §9.8.2): symbolic, serif, fixed, italic */
    int italic_angle; /* degrees, counter-clockwise from vertical, from the post table */
    int stem_v;       /* FontDescriptor /StemV */
    void *blob_;      /* private */
} jb_subset;

/* Subsets f to the glyphs of cps[0..n) (sorted, distinct). On success the caller owns *out and
 * releases it with jb_subset_free (also safe on a zeroed or failed subset). */
jb_status jb_font_subset(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out,
                         jb_diag *d);
/* The same subset as a font file of its own (OpenType: TrueType or CFF outlines, with its cmap;
 * data is the whole file, cff says which outlines), as an OFD package embeds it. */
jb_status jb_font_subset_file(const jb_font *f, const uint32_t *cps, size_t n, jb_subset *out,
                              jb_diag *d);
void jb_subset_free(jb_subset *s);
/* Sets the fields of a subset that depend on the face alone (names, weight, cff, the metrics of
 * the FontDescriptor but the box), as jb_font_subset sets them: for a subset kept by a writer. */
void jb_font_subset_describe(const jb_font *f, jb_subset *out);

/* The set's memo of what a writer makes of a subset (the PDF's whole font: subset, deflated
 * program and maps, keyed by its characters), per font and shared by threads: the last
 * JB_FONT_MEMOS results, found by their key's bytes (and tag, which tells makers apart), so that
 * a brief drawn again (a draft previewed as it is edited, the same brief in another layout, a
 * batch of briefs of the same characters) skips the work. jb_font_memo_find returns a kept
 * result's bytes (*len of them, read-only, not copied) with a hold on them in *hold, which the
 * caller gives back with jb_font_memo_release (from any thread; the bytes stay until then, if
 * the memo drops them meanwhile); NULL when none is kept. jb_font_memo_keep keeps copies of the
 * key and its result, in place of the least recently used (nothing when out of memory). The
 * result must depend on nothing but the face, the key and tag: a render then gives the same
 * bytes found or made. */
/* Sixteen: a batch of sentence-shuffled variants of one brief cycles through eleven sets of body
 * characters (in 300 as in 100); four slots evicted each just before it came back (121 misses in
 * 300), eight still missed 41 times, twelve or more 11 (each set once). A slot holds a deflated
 * subset: tens of KB. */
#define JB_FONT_MEMOS 16
typedef struct jb_font_memo_hold jb_font_memo_hold;
const unsigned char *jb_font_memo_find(jb_font *f, int tag, const void *key, size_t n, size_t *len,
                                       jb_font_memo_hold **hold);
void jb_font_memo_release(jb_font_memo_hold *hold);
void jb_font_memo_keep(jb_font *f, int tag, const void *key, size_t n, const void *result,
                       size_t len);

/* "HarfBuzz 6.0.0, FreeType 2.12.1": the versions linked in, into out (size bytes). */
void jb_font_library_versions(char *out, size_t size);

#endif
