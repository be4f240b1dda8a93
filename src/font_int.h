/* font_int — what font.c (faces, metrics, ink) and font_subset.c (subsets for the PDF and OFD)
 * share: the font's fields and big-endian table reads. Internal. */
#ifndef JB_FONT_INT_H
#define JB_FONT_INT_H

#include <hb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "font.h"
#include "font_cff.h"

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
    /* A CFF face's table read for subsetting (font_cff.h), on the first subset, under lock:
     * cff_tab is NULL when the reader does not take it (HarfBuzz subsets then) */
    hb_blob_t *cff_blob;
    jb_cff *cff_tab;
    atomic_int cff_ready; /* cff_tab is set (release after it is written) */
    /* jb_font_memo_find/keep's results, under lock; used orders them (0: empty) */
    struct font_memo {
        int tag;
        size_t n;
        unsigned char *program;    /* the key */
        jb_font_memo_hold *result; /* the memo's hold on it */
        unsigned long used;
    } memo[JB_FONT_MEMOS];
    unsigned long memo_clock;
    /* The cmap's answers asked so far, with their glyphs' advances once asked (font.c,
     * jb_font_glyph, jb_font_advance): CMAP_SLOTS entries found at a hash of cp, each cp, glyph
     * and advance in one word (0: empty), written and read with relaxed atomics (an entry is
     * whole or not there), so threads share it without a lock. */
    _Atomic uint64_t *cmap;
};

/* Frees f's memo (font_subset.c; jb_fontset_free calls it). */
void jb_font_memo_free(jb_font *f);

/* Big-endian fields of a table's bytes; 0 past its end. */
static inline unsigned
jb_font_u16(const unsigned char *t, unsigned len, unsigned at)
{
    return at + 2 <= len ? (unsigned)t[at] << 8 | t[at + 1] : 0;
}

/* The big-endian number of n bytes at p (CFF offsets and numbers). */
static inline size_t
jb_font_be(const unsigned char *p, unsigned n)
{
    size_t v = 0;
    while (n-- > 0)
        v = v << 8 | *p++;
    return v;
}

static inline int
jb_font_s16(const unsigned char *t, unsigned len, unsigned at)
{
    return (int16_t)jb_font_u16(t, len, at);
}

#endif
