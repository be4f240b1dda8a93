/* layout — places the whole brief on one page: masthead, title, byline, lead, sections, source and
 * 报尾; picks the largest body size that fits (one-page rule) and balances the leftover height. */
#ifndef JB_LAYOUT_H
#define JB_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "spec.h"

enum { JB_COLOR_BLACK, JB_COLOR_RED, JB_COLOR_FIGURE, JB_COLOR_ACCENT, JB_N_COLORS };

/* One glyph to draw: its character, font role, size and baseline origin in PDF points (y up). */
typedef struct {
    float x, y, size;
    uint32_t cp;
    uint8_t font;
    uint8_t color;
} jb_glyph;

typedef struct {
    float x0, y0, x1, y1, width;
    uint8_t color;
} jb_rule;

/* One laid-out line (for --verbose, inspection and tests). */
typedef struct {
    float x0, x1, y; /* extent of the set line and its baseline */
    float size;
    size_t first_glyph, n_glyphs;
    uint8_t kind;          /* JB_LINE_* */
    uint8_t last;          /* last line of its paragraph */
    float shrink, stretch; /* pt compressed beyond fixed rules, pt added per gap */
} jb_page_line;

enum {
    JB_LINE_MASTHEAD,
    JB_LINE_TITLE,
    JB_LINE_BYLINE,
    JB_LINE_BODY,
    JB_LINE_SOURCE,
    JB_LINE_FOOT
};

typedef struct jb_page {
    double w_pt, h_pt;
    jb_glyph *glyphs;
    size_t n_glyphs, cap_glyphs;
    jb_rule *rules;
    size_t n_rules, cap_rules;
    jb_page_line *lines;
    size_t n_lines, cap_lines;
    double body_pt;    /* chosen body size */
    double measure_pt; /* body line width */
    double left_pt;    /* x of the text block */
    int body_lines;    /* body lines at the chosen size */
    double spare_pt;   /* height left empty at the foot after balancing */
    int kaiming;       /* set with 开明式 punctuation: it fitted only so, at the floor */
    double cmyk[JB_N_COLORS][4]; /* colours by JB_COLOR_*, from the layout */
} jb_page;

/* Lays doc out on one page of spec. The glyphs are in reading order. Errors: JB_ERR_OVERFLOW (the
 * diagnostic says by how many lines at the floor size), JB_ERR_FORMAT (an unbreakable paragraph).
 * Caller owns *out; release with jb_page_free. */
jb_status jb_layout(const jb_doc *doc, const jb_spec *spec, jb_fontset *fs, jb_page **out,
                    jb_diag *d);
void jb_page_free(jb_page *page);

#endif
