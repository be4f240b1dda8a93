/* lines_int — what the line breaker's modules share (lines.c the total fit, lines_prep.c the sums
 * of a paragraph's boxes, lines_set.c the positions of a line's boxes): the constants of RULES.md
 * §1–§4, the sums and the widths read from them. Internal to lines; not part of its API. */
#ifndef JB_LINES_INT_H
#define JB_LINES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "lines.h"

/* §3.1 compression order: 4 brackets and quotes, 5 ，、；：, 6 Han–Latin gaps, 7 。？！ */
enum { STEP_QUOTE, STEP_PAUSE, STEP_AUTO, STEP_STOP, N_STEPS };

/* §4.1: between Han and Latin letters or digits ¼ em, compressible to ⅛, stretchable to ⅓. */
#define AUTO_EM     0.25
#define AUTO_MIN_EM 0.125
#define AUTO_MAX_EM (1.0 / 3) /* clreq: many styles cap the stretch at ⅓ em */
/* A word space in a Latin run gives up to a third of its width, in the step of the Han–Latin
 * gaps (TeX's interword shrink); it stretches at the gaps on both its sides like any gap. */
#define SPACE_SHRINK (1.0 / 3)
/* Stretch a gap may take (em) in the tight and the loose pass of jb_lines_break, and in the
 * emergency passes (nothing legal fits: anything short of absurd). */
#define STRETCH_TIGHT     0.3
#define STRETCH_LOOSE     0.6
#define STRETCH_EMERGENCY 4.0

/* The passes of jb_lines_break, each tried only when the one before set no paragraph: legal
 * breaks with tight stretch, with loose stretch, then also forbidden breaks outside a word, then
 * breaks anywhere. */
enum { PASS_TIGHT, PASS_LOOSE, PASS_KINSOKU, PASS_ANYWHERE, N_PASSES };

#define EPS_EM  1e-9 /* widths closer than this are equal (float noise in prefix sums) */
#define HALF_EM 0.5  /* a line-end mark's set width (GB/T 15834 5.1.10) */

/* Demerits (line_cost): badness 100 is a line at the limit of what looks right. */
#define SHRINK_BADNESS 150 /* a line compressed by all its compressible blank */
#define STOP_PENALTY   200 /* the line fits only by compressing 。？！, the last step of §3.1 */
#define AUTO_BADNESS   20  /* Han–Latin gaps widened all the way to AUTO_MAX_EM */
#define STRETCH_BADNESS                                                                            \
    100 /* each gap stretched by STRETCH_UNIT em (badness grows as its cube)                       \
         */
#define STRETCH_UNIT 0.15
/* A line ending inside an English word, with a hyphen (§4.4): about what a line stretched to
 * half its limit costs, so that a word is broken only where it saves a loose line. */
#define HYPHEN_PENALTY 3000
#define DOUBLE_HYPHEN_PENALTY                                                                      \
    10000                   /* … and after a line that ended so (TeX's doublehyphendemerits) */
#define FULL_EM        0.01 /* room (em) a line of one long word may leave without being spread */
#define SPREAD_PENALTY 1e7  /* one word spread between its characters (emergency only) */
#define SINGLE_PENALTY 1e12 /* one unbreakable box alone on a line too wide for nothing */
#define ORPHAN_CHARS   2    /* fewer characters on a last line make it a 孤字 (§1.6) */
#define ORPHAN_PENALTY 1e11 /* a 孤字 last line: all but forbidden */
#define SHORT_PENALTY  1e9  /* a last line shorter than min_last: all but forbidden */
/* Breaks the rules forbid, in the last passes: each costs more than any legal line. */
#define KINSOKU_PENALTY 1e8 /* a break against kinsoku, outside a word */
#define SPLIT_PENALTY   1e6 /* a word split: better than a kinsoku break or a ragged line */
/* The width bound that ends the search for a line's start: the most the line-edge marks may
 * still drop (1 em), with room to spare. */
#define BOUND_SLACK_EM 1.5
/* The share of a line's blank a guess at its best-looking breaking gives up (jb_lines_guess). */
#define GUESS_SHARE   0.3
#define SHRINK_ROUNDS 8 /* passes to share out a step's compression among marks with room left */
/* Even compression (RULES.md §1.6): each line falls in a fitness class, and a line costs
 * UNEVEN_DEMERITS more beside a neighbour whose class lies further than one from its own, or when
 * only one of the two is squeezed (its pause marks give up more than FIT_SQUEEZED_EM each): a
 * line with commas at 0.7 em does not stand beside one whose commas keep 1 em; the breaks move so
 * that the neighbours share the compression. */
enum { FIT_SQUEEZED, FIT_SHRUNK, FIT_DECENT, FIT_LOOSE, N_FITS };
#define FIT_SQUEEZED_EM 0.15 /* compression per pause mark above this (em): squeezed */
#define FIT_SHRUNK_EM   0.05 /* compression per compressible mark above this: shrunk */
#define FIT_LOOSE_EM    0.1  /* stretch per gap above this: loose */
#define UNEVEN_DEMERITS 5000 /* about a squeezed line's own demerits (TeX: adjdemerits) */

typedef struct {
    const jb_box *b;
    size_t n;
    double size;
    int kaiming;
    /* Prefix sums over boxes (index k covers boxes [0, k)), in em. */
    double *adv;          /* advances */
    double *pair;         /* pair compression at junction (k, k+1), charged to prefix k+1 */
    double hyphen;        /* em: the hyphen drawn at a line ending inside a word (§4.4) */
    double *shr[N_STEPS]; /* compressible blank per step, mid-line */
    int *gaps;            /* stretchable junctions */
    int *chars;           /* non-punctuation characters */
    int *marks;           /* marks with blank left to compress */
    int *pauses;          /* of those, ，、；： */
    double *pair_l;       /* per box: blank removed on the left by a pair rule */
    double *pair_r;       /* per box: blank removed on the right by a pair rule */
    uint8_t *aj;          /* per box k: junction (k, k+1) is a Han–Latin/digit gap */
    int *autos;           /* prefix count of such junctions */
    double *lo;           /* advances less pairs and every step's blank: the search's bound */
    double *mid;          /* advances less pairs and GUESS_SHARE of every step's blank */
    size_t *te;           /* [j]: j less the spaces boxes [0, j) end in */
    double *etrim;        /* [k]: end_trim(k), blank a line ending at box k loses on its right */
    double *strim;        /* [k]: start_trim(k), blank a line starting at box k loses on its left */
} ctx;

/* Han–Latin gaps inside line [i, j); the junction (j-1, j) lies outside it. */
static inline int
autos_in(const ctx *c, size_t i, size_t j)
{
    return c->autos[j] - c->autos[i] - c->aj[j - 1];
}

static inline int
step_of(int punct)
{
    switch (punct) {
    case JB_PUNCT_OPEN:
    case JB_PUNCT_CLOSE: return STEP_QUOTE;
    case JB_PUNCT_PAUSE: return STEP_PAUSE;
    case JB_PUNCT_STOP: return STEP_STOP;
    default: return -1;
    }
}

/* The end of line [i, j) without the spaces it ends in: a break at a space discards the space
 * (not drawn, no part of the width, no gap before it to stretch), so the last letter meets the
 * measure. At least one box stays. */
static inline size_t
trim_spaces(const ctx *c, size_t i, size_t j)
{
    return c->te[j] > i + 1 ? c->te[j] : i + 1;
}

/* Blank removed on the right of the line's last box (line-end mark set to ½ em, §2.4; a Latin
 * letter's kerning toward the next line's first, negative when the pair was tightened). */
static inline double
end_trim(const ctx *c, size_t last)
{
    const jb_box *b = &c->b[last];
    /* GB/T 15834 5.1.10: the mark occupies ½ em. Its glyph is drawn unshifted there (see
     * set_line), so a centred mark's ink may reach up to 0.1 em past the edge. */
    if (jb_punct_closing_like(b->punct) && b->adv > HALF_EM)
        return b->adv - HALF_EM; /* whatever a pair or 开明式 took: the junction lies outside */
    return b->kern;              /* a kerning pair broken apart: the letter's own advance */
}

/* Blank removed on the left of the line's first box: an opening mark there drops its leading
 * ½ em (§2.4), so the left edge stays straight. */
static inline double
start_trim(const ctx *c, size_t first)
{
    return c->b[first].punct == JB_PUNCT_OPEN ? c->b[first].blank_l : 0;
}

/* The compression step of box b, -1 for none: a head's marks keep the widths §2 gives them, so
 * that parallel heads are composed alike however tight the paragraph a head runs into (§3.1). */
static inline int
box_step(const jb_box *b)
{
    return (b->mark & JB_MARK_HEAD) ? -1 : step_of(b->punct);
}

/* Natural width of line [i, j) in em, with the fixed pair and line-edge rules applied. The pairs
 * at junctions (i-1, i) and (j-1, j) lie outside the line. */
static inline double
natural(const ctx *c, size_t i, size_t j)
{
    j = trim_spaces(c, i, j);
    double pairs = c->pair[j] - c->pair[i] - c->pair_r[j - 1] - c->pair_l[i];
    return c->adv[j] - c->adv[i] - pairs - c->etrim[j - 1] - c->strim[i] +
           AUTO_EM * autos_in(c, i, j);
}

/* The blank line [i, j) can give up by compression through each step: s[upto] for steps 0..upto
 * of §3.1, the Han–Latin gaps from STEP_AUTO on; the last box's right blank is already gone (line
 * end), and the first box's left blank if it is an opening mark. All steps in one pass: line_cost
 * asks three of them for each compressed line. */
static inline void
shrinkables(const ctx *c, size_t i, size_t j, double *s)
{
    double sum = 0, autos;
    j = trim_spaces(c, i, j);
    autos = (AUTO_EM - AUTO_MIN_EM) * autos_in(c, i, j);
    int last = box_step(&c->b[j - 1]), last_open = c->b[j - 1].punct == JB_PUNCT_OPEN;
    int first_open = c->b[i].punct == JB_PUNCT_OPEN && box_step(&c->b[i]) >= 0;
    for (int upto = 0; upto < N_STEPS; upto++) {
        double t;
        sum += c->shr[upto][j] - c->shr[upto][i];
        t = sum;
        if (upto >= STEP_AUTO)
            t += autos;
        if (last >= 0 && last <= upto && !last_open) /* already gone at the line end */
            t -= c->b[j - 1].blank_r - c->pair_r[j - 1];
        if (first_open)
            t -= c->b[i].blank_l - c->pair_l[i];
        s[upto] = t > 0 ? t : 0;
    }
}

/* c's sums, from *keep when they were made from the same boxes with the same kaiming, else made
 * (and kept in *keep when keep is not NULL: c then only borrows them). 0, or -1 out of memory. */
int jb_lines_prepared(ctx *c, jb_lines_prep **keep);
/* Frees c's sums unless they are those kept in keep (NULL: none kept). */
void jb_lines_unprepare(ctx *c, jb_lines_prep *const *keep);
/* Per-box trims and positions of one line; fills line and x (per box origin). 0, or -1 when out
 * of memory. */
int jb_lines_set_line(const ctx *c, jb_line *ln, double m_em, double left_em, int justify,
                      double *x);

#endif
