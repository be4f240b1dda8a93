/* shape — runs of text through HarfBuzz: one box per character with its advance, the font slot
 * that draws it, its punctuation class and removable blanks from the ink box. */
#ifndef JB_SHAPE_H
#define JB_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "chars.h" /* JB_PUNCT_*, jb_punct_class */
#include "diag.h"
#include "font.h"

/* One character as placed: widths in em of the paragraph's size. */
typedef struct {
    uint32_t cp;
    uint32_t off;  /* source byte offset */
    uint8_t font;  /* font slot that draws it (jb_fontset_get) */
    uint8_t mark;  /* JB_MARK_* from the document */
    uint8_t punct; /* JB_PUNCT_* */
    float adv;     /* HarfBuzz advance, em */
    float kern;    /* em of adv that is kerning toward the next character (a Latin letter's
                      GPOS pair): a line ending after this box sets it at adv - kern */
    float blank_l; /* removable blank on the left (ink box − 0.02 em, at most ½ em) */
    float blank_r; /* same on the right */
    float shift;   /* em to move the glyph right within its box: a centred mark is drawn as the
                      mainland GB position wants it (closing marks left, opening marks right) */
} jb_box;

/* Shapes cps[0..n) into boxes[0..n) (caller-allocated). roles[i] is the font slot of character i,
 * as jb_page_texts_cover picked it. Each maximal run of one font is shaped by HarfBuzz as zh-Hans,
 * horizontal. */
jb_status jb_shape(jb_fontset *fs, const uint32_t *cps, const uint32_t *offs, const uint8_t *marks,
                   const uint8_t *roles, size_t n, jb_box *boxes, jb_diag *d);

#endif
