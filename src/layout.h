/* layout — places the whole brief on one page: masthead, title, byline, lead, sections, source and
 * 报尾; picks the largest body size that fits (one-page rule) and balances the leftover height. */
#ifndef JB_LAYOUT_H
#define JB_LAYOUT_H

#include "diag.h"
#include "font.h"
#include "page.h"
#include "texts.h"
#include "spec.h"

/* The heights in pt of the page's blocks, top to bottom, and the height left empty. */
typedef struct {
    double masthead; /* name, 期号, unit and date, red rule */
    double title;    /* the room above it and its lines (without the balancing share) */
    double byline;   /* byline and source lines */
    double body;     /* lead and sections with the half line above, section gaps and shares */
    double foot;     /* 报尾 with the room above it; 0 without one */
    double spare;    /* left empty above the 报尾 */
} jb_layout_blocks;

/* What the fit predicted and what the emit step then used: equal but for rounding, or the two
 * have drifted apart. */
typedef struct {
    jb_layout_blocks fit, emit;
} jb_layout_trace;

/* Lays the page's texts tx (built by jb_page_texts_build, coverage checked) out on one page of
 * spec: a fit step chooses the title size and break, the body size and breaks and the spare
 * share; an emit step writes the page from those decisions. The glyphs are in reading order.
 * Errors: JB_ERR_OVERFLOW (the diagnostic says by how many lines at the floor size),
 * JB_ERR_FORMAT (an unbreakable paragraph). Caller owns *out; release with jb_page_free. */
jb_status jb_layout(const jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs, jb_page **out,
                    jb_diag *d);

/* jb_layout, filling *trace (may be NULL) with the blocks' heights as predicted and as used. */
jb_status jb_layout_traced(const jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs,
                           jb_page **out, jb_layout_trace *trace, jb_diag *d);

#endif
