/* lines — breaks a paragraph of shaped boxes into justified lines: UAX #14 classes from
 * libunibreak tailored for Chinese (strict kinsoku, unbreakable numbers, figures and dates),
 * punctuation compression from each glyph's ink box, and a whole-paragraph (total-fit) choice. */
#ifndef JB_LINES_H
#define JB_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "shape.h"

/* What jb_lines_break derives from a paragraph's boxes alone (prefix sums of advances, blank and
 * gaps; the same at every size and penalty), kept between the breakings of one paragraph by a
 * caller that breaks it often (the fit's trial sizes). Opaque; owned by the caller's pointer. */
typedef struct jb_lines_prep jb_lines_prep;

/* Frees p (NULL is fine). */
void jb_lines_prep_free(jb_lines_prep *p);

typedef struct {
    double measure_pt; /* line width */
    double size_pt;    /* the paragraph's type size (1 em) */
    double indent_em;  /* first-line indent, 2 for body paragraphs */
    int justify_last;  /* set the last line to the full measure too (0: flush left) */
    int min_last;      /* fewest characters on the last line (4: no 孤字), if the text allows */
    int kaiming; /* 开明式 (§2.5): every mark but 。？！ set at ½ em, to fit a long report */
    double line_penalty;  /* demerits added for each line: 0 sets the best-looking lines; the fit
                             gives JB_LINES_TIGHT to save a line by compressing evenly instead */
    const uint8_t *brk;   /* jb_lines_opportunities of the boxes, when the caller keeps them; NULL:
                             computed here */
    double hyphen_em;     /* the hyphen's advance, drawn where a line ends at a JB_BRK_HYPHEN break;
                             0: such breaks are not taken */
    jb_lines_prep **prep; /* where the boxes' sums are kept for the next call with the same boxes
                             (made by the first, remade when the boxes or kaiming differ; the
                             caller frees *prep with jb_lines_prep_free); NULL: made per call */
    int ragged; /* every line at its natural width (the caller centres or aligns it), never
                   stretched: the breaks are those of justified text */
} jb_para_opts;

/* A line_penalty that trades a line for compression up to about half of all its marks' blank on
 * each of two lines, but never for a compressed 。？！ or a short last line. */
#define JB_LINES_TIGHT 2e4

typedef struct {
    size_t start, end;  /* boxes [start, end); spaces a line broke at lie between its end and the
                           next line's start, in no line (not drawn) */
    double left_pt;     /* x of the first box (the indent on a first line) */
    double width_pt;    /* set width of the line, from left_pt */
    double shrink_pt;   /* compression applied beyond the fixed pair/line-end rules */
    double stretch_pt;  /* space added to each stretchable gap */
    int last;           /* the paragraph's last line */
    int hyphen;         /* ends inside a word (JB_BRK_HYPHEN): a hyphen is drawn at hyphen_x_pt */
    double hyphen_x_pt; /* from the line's left edge, as x_pt */
} jb_line;

typedef struct {
    jb_line *lines;
    size_t n_lines;
    double *x_pt; /* per box: x of the glyph origin from the line's left edge */
    int forced;   /* nothing legal fitted: set by a pass that breaks a rule (kinsoku, a word) */
} jb_para_layout;

/* A break inside an English word, drawn with a hyphen at the line's end (hyphenate.h, §4.4). */
#define JB_BRK_HYPHEN 2

/* Break opportunities: brk[j] = 1 when a line may start at box j (1 <= j < n); brk[0] = 0.
 * cps and marks are the paragraph's characters; brk has room for n entries. */
void jb_lines_opportunities(const uint32_t *cps, const uint8_t *marks, size_t n, uint8_t *brk);
/* The UAX #14 answers under the opportunities: what libunibreak's set_linebreaks_utf32(cps, n,
 * "zh", lb) writes into lb[0..n), asking libunibreak only about the characters that are not
 * ideographs (and their neighbours); a flag emoji's regional indicators, on which libunibreak
 * aborts, are kept in pairs without it (UAX #14 LB30a). */
void jb_lines_uax14(const uint32_t *cps, size_t n, char *lb);

/* Breaks boxes[0..n) into lines (total fit over the paragraph). On success out holds new arrays the
 * caller releases with jb_para_layout_fini. JB_ERR_FORMAT when no legal set of lines exists. */
jb_status jb_lines_break(const jb_box *boxes, size_t n, const jb_para_opts *o, jb_para_layout *out,
                         jb_diag *d);

/* jb_lines_break twice at once, for a little more than the work of once: into out as o says, and
 * into tight with JB_LINES_TIGHT as the line penalty (the fewest lines). Both or neither are set.
 */
jb_status jb_lines_break_both(const jb_box *boxes, size_t n, const jb_para_opts *o,
                              jb_para_layout *out, jb_para_layout *tight, jb_diag *d);

void jb_para_layout_fini(jb_para_layout *pl);

/* A guess (no bound) at the lines jb_lines_break sets with o: each line filled to the last break
 * at which it fits with some of its marks' blank given up, in one pass over the boxes. For a
 * caller that orders its work by it, never decides by it. -1 out of memory. */
int jb_lines_guess(const jb_box *boxes, size_t n, const jb_para_opts *o);

#endif
