/* table — a table block set on the page (RULES.md §9): column widths from the cells' content as
 * an automatic table layout distributes them within the measure, cells broken into lines by the
 * body's rules, rows on the table's own vertical metrics, a smaller 号 when the columns do not
 * fit otherwise; then drawn: glyphs, the grid (or 三线表) and each cell's box for inspect. */
#ifndef JB_TABLE_H
#define JB_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "lines.h"
#include "page.h"
#include "shape.h"

/* Column widths of an automatic table layout: min[c] is column c's narrowest unbreakable width,
 * max[c] its natural width (pt). When the natural widths fit in avail, each column gets its
 * natural width and the rest in proportion to it (the table fills the measure); when only the
 * narrowest do, each gets its narrowest and the room between in proportion to max - min.
 * Fills w[0..n) and returns 0; -1 when even the narrowest widths exceed avail (w untouched). */
int jb_table_widths(const double *min, const double *max, size_t n, double avail, double *w);

/* How tables are ruled and how small they may be set (the [table] keys, docs/LAYOUTS.md). */
typedef struct {
    int three_line;  /* 三线表: a heavy rule above and below, a thin one under the header */
    double frame_pt; /* the outer frame (the heavy rules of a 三线表) */
    double rule_pt;  /* the rules between cells (under the header of a 三线表) */
    double min_pt;   /* the smallest size a table is set at */
} jb_table_style;

/* A cell's text shaped at 1 em (borrowed): its boxes and the colour of each. */
typedef struct {
    const jb_box *boxes;
    const uint8_t *colors;
    size_t n;
} jb_table_run;

/* One cell placed: its grid position, lines and box (pt from the table's top left, y down). */
typedef struct {
    size_t row, col;
    unsigned rowspan, colspan;
    int header;        /* in a header row */
    int align;         /* JB_ALIGN_* it is set with (never AUTO) */
    double tail;       /* numbers: the room right of it that lines its decimal point up (em) */
    size_t n_lines;    /* its lines at the set's size */
    jb_para_layout pl; /* those lines, once jb_table_break has set them */
    double x, y, w, h;
} jb_table_cell;

/* A table set at one size. Owns its arrays: release with jb_table_set_fini. */
typedef struct {
    double size; /* the cells' type size */
    size_t n_rows, n_cols, n_cells;
    double *col_w, *row_h;
    double width, height;
    jb_table_cell *cells; /* the stored cells in row order */
    jb_table_run *runs;   /* their text, numbers with tabular digits (owned copies) */
    jb_box *boxes;        /* what runs point into */
    double *em;           /* each cell's narrowest and natural width, em */
} jb_table_set;

/* Sets table t (runs: its stored cells' text, in row order) at body_pt, or when its columns do not
 * fit the measure so, one or two 号 smaller (never below style->min_pt). The cells' text stands
 * within the measure, flush with the body's edges; the outer cells' padding and the frame hang
 * outside it (ts->width is the measure and that padding). JB_ERR_OVERFLOW when they fit at none
 * of these sizes: *need_pt gets the width the text needs at the smallest. */
jb_status jb_table_set_up(const jb_table *t, const jb_table_run *runs, double body_pt,
                          double measure, const jb_table_style *style, jb_table_set *out,
                          double *need_pt, jb_diag *d);
/* The same for ts holding an earlier set-up of the same t and runs (or zeros, or one that
 * failed): its cells' narrowest and natural widths, the same at every size, are kept, the rest
 * is released and set again at body_pt. */
jb_status jb_table_set_again(const jb_table *t, const jb_table_run *runs, double body_pt,
                             double measure, const jb_table_style *style, jb_table_set *ts,
                             double *need_pt, jb_diag *d);

/* Sets the lines of every cell of ts (jb_table_set_up counts them: a cell that fits its column
 * unbroken is not broken until it is drawn). Before jb_table_emit. */
jb_status jb_table_break(jb_table_set *ts, jb_diag *d);

/* What draws one glyph (the layout's, which knows the fonts): 0 or -1 out of memory. */
typedef int (*jb_table_glyph_fn)(void *ud, const jb_box *b, int color, double x, double y,
                                 double size);

/* Draws ts with its text block's left edge at x (the frame hangs left of it) and its top at top
 * (from the page's top): its glyphs through
 * glyph, its rules and cell boxes onto pg; index is the table's number on the page. 0 or -1 out
 * of memory. */
int jb_table_emit(const jb_table_set *ts, const jb_table_style *style, size_t index, double x,
                  double top, jb_page *pg, jb_table_glyph_fn glyph, void *ud);

void jb_table_set_fini(jb_table_set *ts);

/* ---- a table across pages (RULES.md §9.5): broken between rows, its header rows repeated ---- */
/* The number of header rows of ts (the rows its header cells cover; 0: none, or all rows). */
size_t jb_table_header_rows(const jb_table_set *ts);
/* May ts break before row r (0 < r < n_rows): does no cell span across it? */
int jb_table_can_break(const jb_table_set *ts, size_t r);
/* A view of ts (after jb_table_break) holding its header rows and the body rows r0 … r1 - 1, those
 * moved up under the header, for jb_table_emit; rows keep their numbers. Its cells, runs and row
 * heights are its own arrays (the cells' lines and texts borrowed from ts): release with
 * jb_table_slice_fini, never jb_table_set_fini. 0, or -1 when out of memory. */
int jb_table_slice(const jb_table_set *ts, size_t r0, size_t r1, jb_table_set *view);
void jb_table_slice_fini(jb_table_set *view);

#endif
