/* layout_int — what the parts of the layout share (private to layout.c, layout_fit.c, photos.c …):
 * the page's vertical metrics, the shaped texts, the state of one layout, and the calls each makes
 * of the other. */
#ifndef JB_LAYOUT_INT_H
#define JB_LAYOUT_INT_H

#include "layout.h"
#include "photo_rows.h"
#include "lines.h"
#include "shape.h"
#include "table.h"

#define MM_PT (72.0 / 25.4)

/* The horizontal decisions, as the vertical ones are in M below. */
#define NAME_MAX_WIDTH   0.92  /* the masthead name takes at most this share of the measure */
#define NAME_SHORT       4     /* a name of this many characters or fewer is letter-spaced … */
#define NAME_SHORT_TRACK 0.5   /* … by this many em between its characters (§5.4) */
#define TITLE_MIN_PT     12    /* a title is made smaller, a point at a time, down to this */
#define SUBHEAD_BOLD_EM  0.035 /* the stroke that emboldens a head below the first level (§5.4) */
/* A title's break (§5.4.1), its cost in em of difference between the lines: */
#define TITLE_LOWER_WEIGHT 1.5 /* each em the lower line is the longer counts 1.5 */
#define TITLE_WORD         12 /* a break between words, not between phrases (after ，、丨：——) */
#define TITLE_SINGLE       4   /* … beside a one-character word (ICU's guess, often a split) */
#define TITLE_LEANS        20  /* … leaving 在 以 暨 at a line's end or 的 at its start */
#define TITLE_NOT_WORD     100 /* a break inside a word: only when nothing else fits */

/* The page's vertical metrics: every space above and below a block, every rule's place and every
 * baseline offset, as a multiple of the size named (or in pt where it says so). The fit measures
 * the blocks with these and the emit step draws them with these, and nothing else: they cannot
 * drift apart. */
static const struct {
    double ascent;      /* em: the baseline below the top of the ideographic em box */
    double name_adv;    /* masthead size: the name's line, from the largest size (a name shrunk to
                           the width keeps the masthead's height) */
    double issue_above; /* sub size: 期号 set off from the name (0.8: clear of the heavy name; it
                           costs no sample a step in the default layout, one in modern) */
    double issue_adv;   /* sub size: the 期号's line */
    double sub_above;   /* sub size: the unit/date line set apart from what is above */
    double sub_adv;     /* sub size: the unit/date line */
    double sub_indent;  /* sub size: unit and date in from the edges (one 字) */
    double rule_gap_mm; /* mm: the red rule below the unit/date line (GB/T 9704 7.2.7: 4 mm) */
    double title_above; /* title size: clear of the red rule (before the balancing share); GB/T
                           9704's two blank lines would cost the body a point of size */
    double title_top;   /* title size: the title's em box below the top of its line */
    double title_adv;   /* title size: one title line */
    double byline_top;  /* byline size: its em box below the top of its line */
    double byline_adv;  /* byline size: the byline's line, which also holds the source */
    double source_gap;  /* byline size: between the names and 来源：… on that line (two 字) */
    double body_above;  /* pitch: half a line between the heading block and the body; the fit
                           keeps the same half line free at the foot of the body */
    double section_gap; /* pitch: a whole line for a section's accent rule, so that the
                           sections stay on the body's grid (§3.2) */
    double section_rule; /* pitch: the accent rule below the top of that line */
    double underline;    /* body size: a key figure's underline below the baseline */
    double foot_above;   /* pt: the 报尾 kept clear of the body */
    double foot_pad;     /* pt: inside the outer rules, above the first row and below the last */
    double foot_row;     /* foot size: one 报尾 row, its text centred in it */
    double photo_above;  /* pitch: a photo block's room above the photo (and below its caption) */
    double caption_gap;  /* caption size: the caption's em box below the photo */
    double caption_adv;  /* caption size: one caption line */
    double note_above;   /* pitch: a one-article page's 编者按 clear of the red rule (with the
                            share of the spare height the title has without it) */
    double note_below;   /* pitch: between the 编者按 and the title's own room above it */
} M = {
    .ascent = 0.88,
    .name_adv = 1.0,
    .issue_above = 0.8,
    .issue_adv = 1.2,
    .sub_above = 0.2,
    .sub_adv = 1.2,
    .sub_indent = 1,
    .rule_gap_mm = 4,
    .title_above = 0.6,
    .title_top = 0.15,
    .title_adv = 1.35,
    .byline_top = 0.25,
    .byline_adv = 1.5,
    .source_gap = 2,
    .body_above = 0.5,
    .section_gap = 1,
    .section_rule = 0.5,
    .underline = 0.14,
    .foot_above = 6,
    .foot_pad = 2,
    .foot_row = 1.6,
    .photo_above = 0.4,
    .caption_gap = 0.45,
    .caption_adv = 1.35,
    .note_above = 1,
    .note_below = 0.5,
};

/* Heights of the blocks around the body, pt. */
typedef struct {
    double masthead, title, byline, foot;
} heights;

/* A text shaped once (widths in em): its boxes and the colour of each. */
typedef struct {
    jb_box *boxes;
    uint8_t *colors; /* JB_COLOR_* per box, from the texts */
    size_t n;
} run;

/* A paragraph or line of text, shaped once (widths in em) and set at each trial size. */
typedef struct {
    jb_box *boxes;
    uint8_t *colors;
    size_t n;
    int section;     /* -1 for the lead */
    int first;       /* first paragraph of its section (or of the lead) */
    uint8_t *brk;    /* break opportunities: the same at every size */
    double least_em; /* the narrowest it can be set, every mark's blank and a third of every
                        space given up: no break makes it take fewer lines than that fills */
    double pl_size;  /* the size pl was set at */
    jb_para_layout pl;
    jb_para_layout kept;       /* pl at the step kept_k of lay */
    jb_para_layout ahead;      /* its fewest lines, broken before the body's best-looking ones
                                  (layout_even.c) for the size, measure, 开明式 and hyphen in
                                  ahead_key */
    jb_para_layout ahead_best; /* its best-looking lines, broken with those */
    double ahead_key[4];
    int photo;           /* 1 + the photo this entry places (its caption's entry); 0: text */
    int table;           /* 1 + the table this entry places; 0: text */
    int centred;         /* a table's title: centred, without indent (RULES.md §9.4) */
    double hyphen_em;    /* the hyphen's advance in its English words' face; 0: none to break */
    jb_lines_prep *prep; /* jb_lines_break's sums of its boxes, kept across trial sizes */
    int hyphenated;      /* its English words' hyphenation points are in brk (§4.4) */
    int words;           /* it holds English words to hyphenate (set with brk) */
    int flush;           /* a note under a table: without indent */
    int right;           /* a signature's line: without indent, ending 2 em before the end */
    int indent_em;       /* > 0: the first line's indent in em instead of 2 */
} para;

/* The first-line indent (em) of a paragraph: none for a centred, flush or right-set one. */
static inline double
jb_lay_indent(const para *pa)
{
    return pa->centred || pa->flush || pa->right ? 0 : pa->indent_em ? pa->indent_em : 2;
}

/* A table: its cells shaped once, set (table.c) at the size last tried. */
typedef struct {
    run *cells;
    jb_table_run *runs;
    size_t n;
    jb_table_set set;
    double at;   /* the body size set was made for; 0: none */
    int over;    /* its columns did not fit at that size */
    double need; /* then the width they need */
} table;

/* A photo and its caption, shaped once. */
typedef struct {
    run cap;
    const jb_photo *ph;
    uint8_t *cap_brk;   /* the caption's break opportunities, then its hyphenated ones (owned) */
    double cap_hyphen;  /* its hyphen's advance (em) once hyphenated; 0: not */
    int cap_hyphenated; /* its second half holds its English words' hyphenation points */
} photo;

typedef struct {
    const jb_page_texts *tx;
    const jb_spec *spec;
    jb_fontset *fs;
    jb_diag *d;
    jb_page *page;
    para *paras;
    size_t n_paras;
    run title;
    run note; /* a one-article page's 编者按 (empty: none), above the title (layout_note.c) */
    double title_pt;
    size_t title_break; /* 0: one line */
    run byline;
    double byline_pt;
    run source; /* 来源：… on the byline's line */
    run name;
    run issue, unit, date;
    run secret; /* 密级 (empty: none) */
    run serial; /* 编号 (empty: none) */
    run foot[JB_FOOT_RUNS];
    double width_pt; /* room between the margins */
    int kaiming;     /* 开明式 punctuation: the step before giving up (§5.5, §8) */
    int bold_title;  /* the title is being emitted: its glyphs take [title] bold */
    double hscale;   /* the horizontal scale lines are set and drawn at: [masthead] scale for the
                        name, 1 otherwise */
    long kept_k;     /* the step whose lines the paragraphs keep, -1 for none */
    int kept_lines;
    int tight;      /* the body is being broken into the fewest lines (JB_LINES_TIGHT) */
    int kept_tight; /* tight, for the lines kept */
    /* the fit's decisions, read by the emit step */
    heights h;      /* of the blocks around the body */
    double avail;   /* height left for the body */
    double size;    /* body size */
    double sub_pt;  /* 期号, unit and date at that body size */
    double line_pt; /* byline and source at that body size */
    double leading; /* the body's, opened up by the spare height within the layout's bounds */
    int lines;      /* body lines */
    int slots;      /* gaps that share the spare height */
    double share;   /* of the spare height, each */
    double spare;   /* left at the foot */
    /* photos (the [photo] keys): the share of the measure they take at the trial, 0 while the
     * fit measures the text alone */
    photo *photos;
    size_t n_photos;
    double photo_share;
    int photo_lines;     /* body lines the photo blocks take at the size chosen */
    double text_only_pt; /* the body size without photos (0: none fits) */
    table *tables;       /* the tables (RULES.md §9), as the texts list them */
    size_t n_tables;
} lay;

/* The header balanced for every combination of 期号, unit and date (RULES.md §5.4): the unit/date
 * line only when it holds something, set off from the name as a 期号 is when it comes right under
 * the name (not 0.2 of its size below it, where it read as the name's subscript). */
static inline int
jb_lay_unit_line(const lay *L)
{
    return L->unit.n > 0 || L->date.n > 0;
}

static inline double
jb_lay_unit_above(const lay *L)
{
    return L->issue.n ? M.sub_above : M.issue_above;
}

/* ---- layout.c and photos.c ---- */
double jb_lay_avail_at(const lay *L, double body);
long jb_lay_fit_step(lay *L, long n);
int jb_lay_fits(lay *L, long k);
int jb_lay_push_glyph(lay *L, const jb_box *b, int color, double x, double y, double size);
double jb_lay_set_body(lay *L, double size, int *lines);
jb_status jb_lay_nomem(lay *L);
jb_status jb_lay_emit_photo_row(lay *L, size_t p, size_t n, double size, double pitch,
                                double *cursor);
jb_status jb_lay_fit_photos(lay *L, long *k);
void jb_lay_photo_note(lay *L);
int jb_lay_photos_lines(lay *L, double size);
/* Sets boxes[0..n) as one unjustified line at size, each advance widened by L->hscale; returns
 * its width and fills x (per box). */
jb_status jb_lay_set_natural(lay *L, const jb_box *b, size_t n, double size, double tracking_em,
                             double *x, double *width);
/* ---- layout.c: shaping and drawing, which the issue's layout (layout_issue.c) shares ---- */
/* Shapes the entries e[0..n_e) of the page's texts, one after the other, into one run. */
jb_status jb_lay_shape_entries(lay *L, const jb_page_text *const *e, size_t n_e, run *out);
/* Entry *k of tx as the paragraph pa: its section, indent and setting from the entry, its boxes
 * shaped together with the paragraph a run-in head runs into (*k then moves onto that one). */
jb_status jb_lay_shape_para(lay *L, const jb_page_texts *tx, size_t *k, para *pa);
void jb_lay_run_fini(run *r);
int jb_lay_push_rule(jb_page *pg, double x0, double y, double x1, double width, int color);
/* One unjustified line: align 0 left, 1 centre, 2 right, within [left, left + measure]. */
jb_status jb_lay_emit_line(lay *L, const jb_box *b, const uint8_t *colors, size_t n, double size,
                           double tracking_em, int align, double left, double measure,
                           double baseline, int kind);
/* A caption's entry e: the next paragraph places its photo; the caption's run to shape, NULL (diag
 * set) for a caption of no photo. */
run *jb_lay_photo_para(lay *L, const jb_page_text *e);
/* A byline run b and a source run r centred together on one line whose top is top. */
jb_status jb_lay_emit_byline(lay *L, const run *b, const run *r, double top);
/* The masthead from *cursor (pt below the page's top) down to below its red rule. */
jb_status jb_lay_emit_masthead(lay *L, double left, double measure, double *cursor);
/* The 报尾 at the foot of the page; *top the distance from the page's top of its upper rule. */
jb_status jb_lay_emit_foot(lay *L, double left, double measure, double *top);
/* Lines l0 … l1 of pa at size, one pitch each from *cursor. */
jb_status jb_lay_emit_lines(lay *L, para *pa, size_t l0, size_t l1, double size, double left0,
                            double pitch, double *cursor);
/* Releases everything the layout holds but the page. */
void jb_lay_release(lay *L);
/* ---- layout_fit.c: the fit's decisions, which layout.c's emit step reads ---- */
/* The breaks of every paragraph, the same at every size (their least widths too). */
jb_status jb_lay_prepare_breaks(lay *L);
/* A header text's size at a body size (RULES.md §5.4). */
double jb_lay_header_size(double layout_pt, double body_pt);
/* Heights above and below the body at body size. */
heights jb_lay_heights_at(const lay *L, double body);
/* The rows of the 报尾 (distribution rows and the copies). */
int jb_lay_foot_rows(const lay *L);
/* Chooses the title's size and break, the body size and breaks and the spare height's share. */
jb_status jb_lay_fit(lay *L);
/* What the fit predicts of each block's height. */
jb_layout_blocks jb_lay_predicted(const lay *L);
/* ---- layout_note.c: a one-article page's 编者按 (RULES.md §5.7) ---- */
/* The 编者按's height at body size, its room above and below included (0: none); -1 on error. */
double jb_lay_note_height(const lay *L, double body);
/* Draws the 编者按 at body size from *cursor (its room above already taken), and the room below. */
jb_status jb_lay_emit_note(lay *L, double body, double *cursor);
/* ---- layout_issue.c: an issue of several items, or a brief on several pages (RULES.md §5.7) ----
 */
/* Lays L->tx out on up to L->spec->pages pages into L->page (allocated, its colours set). */
jb_status jb_layout_issue(lay *L);
/* The advance (em) of the hyphen drawn where a line breaks boxes[0..n) at a JB_BRK_HYPHEN break
 * of brk: in the face of the letters broken; 0 when there is no such break or that face has no
 * hyphen. */
double jb_lay_hyphen_em(lay *L, const jb_box *b, size_t n, const uint8_t *brk);
/* After pa was broken into its best-looking lines pl at size: when a line but its last stretches
 * its gaps more than JB_HYPHEN_WHEN em, its English words' hyphenation points are added to its
 * breaks, once (the hyphen module loaded only then: most briefs never need it), and 1 is returned
 * when there are any: break it again. 0 otherwise. */
int jb_lay_hyphenate_loose(lay *L, para *pa, const jb_para_layout *pl, double size);
/* A line's gaps stretched this much (em) make its paragraph's English words worth hyphenating. */
#define JB_HYPHEN_WHEN 0.15
/* ---- layout_even.c: the lines saved where they cost least (RULES.md §3.2) ---- */
/* The paragraphs holding their best-looking lines at size (*lines of them) give up save lines
 * between them, the cheapest first; *lines is lowered by what they gave (less than save when
 * they cannot give that many). */
jb_status jb_lay_tighten(lay *L, double size, int save, int *lines);
/* The fewest lines any breaking of pa could take at size: its narrowest setting (least_em, with
 * its indent) cut into full lines (layout_fit.c). */
double jb_lay_least_lines(const lay *L, const para *pa, double size);
/* The options pa is broken with at size and penalty per line (0: its best-looking lines,
 * JB_LINES_TIGHT: its fewest), its sums kept in pa (layout_even.c). */
jb_para_opts jb_lay_para_opts(const lay *L, para *pa, double size, double penalty);
/* Breaks pa into its fewest lines at size, and its best-looking ones in the same pass, ahead of
 * the body's breaking, which takes them from pa->ahead_best (jb_lay_ahead_best), and of
 * jb_lay_tighten, which takes them from pa->ahead. JB_OK, or an error (diag set). */
jb_status jb_lay_tighten_ahead(lay *L, para *pa, double size);
/* Moves pa's best-looking lines broken ahead at size into *out: 1, or 0 when there are none for
 * its settings now. */
int jb_lay_ahead_best(lay *L, para *pa, double size, jb_para_layout *out);
/* ---- layout_title.c: the title's break (RULES.md §5.4.1) ---- */
/* The title's break at size: 0 for one line, the first character of the lower line, TITLE_NONE
 * when two lines do not hold it, TITLE_NOMEM when out of memory. */
#define TITLE_NONE  ((size_t)-1)
#define TITLE_NOMEM ((size_t)-2)
size_t jb_lay_title_break(lay *L, double size, double measure);
/* ---- layout_tables.c: table blocks (RULES.md §9) ---- */
jb_status jb_lay_prepare_tables(lay *L);
void jb_lay_release_tables(lay *L);
int jb_lay_tables_lines(lay *L, double size);
int jb_lay_tables_overflow(lay *L);
jb_status jb_lay_emit_table(lay *L, size_t i, double size, double pitch, double *cursor);
jb_status jb_lay_photos_overflow(lay *L);
/* Body lines the row of n photos at entry p takes at size, at L->photo_share; -1 on error. */
int jb_lay_photo_row_lines(lay *L, size_t p, size_t n, double size);
/* Rows r0 … r1 - 1 of table i set at size, under its header rows, their text's top at top (pt
 * below the page's top): a part of a table broken across pages (RULES.md §9.5). */
jb_status jb_lay_emit_table_rows(lay *L, size_t i, size_t r0, size_t r1, double size, double top);
/* Table i set at size, NULL on an error (diag set) or when its columns do not fit. */
const jb_table_set *jb_lay_table_set(lay *L, size_t i, double size);
/* Body lines table i takes at size: -1 on error, 100000 when its columns do not fit. */
int jb_lay_table_lines(lay *L, size_t i, double size);
jb_status jb_lay_prepare_photos(lay *L);
size_t jb_lay_row_length(const lay *L, size_t p);

#endif
