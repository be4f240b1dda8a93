/* layout — one-page placement of the brief and the body-size fit (RULES.md §3.2, §5.4, §5.5).
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "lines.h"
#include "shape.h"
#include "table.h"
#include "utf8.h"
#include "words.h"

#define MM_PT (72.0 / 25.4)

/* The horizontal decisions, as the vertical ones are in M below. */
#define NAME_MAX_WIDTH   0.92 /* the masthead name takes at most this share of the measure */
#define NAME_SHORT       4    /* a name of this many characters or fewer is letter-spaced … */
#define NAME_SHORT_TRACK 0.5  /* … by this many em between its characters (§5.4) */
#define TITLE_MIN_PT     12   /* a title is made smaller, a point at a time, down to this */
#define TITLE_LONGER_LOW 100  /* cost of a two-line title whose lower line is the longer */
#define TITLE_NOT_WORD   50   /* cost of breaking a title inside a word */
#define TITLE_AFTER_MARK 1.5  /* what a break just after a mark saves: it reads naturally */

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
    double photo_gap_mm; /* mm: between two photos side by side */
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
    .photo_gap_mm = 4,
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
    jb_para_layout kept; /* pl at the step kept_k of lay */
    int photo;           /* 1 + the photo this entry places (its caption's entry); 0: text */
    int table;           /* 1 + the table this entry places; 0: text */
    int centred;         /* a table's title: centred, without indent (RULES.md §9.4) */
    int flush;           /* a note under a table: without indent */
} para;

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
    double title_pt;
    size_t title_break; /* 0: one line */
    run byline;
    double byline_pt;
    run source; /* 来源：… on the byline's line */
    run name;
    run issue, unit, date;
    run secret; /* 密级 (empty: none) */
    run foot[JB_DIST_COUNT + 1];
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

static jb_status
nomem(lay *L)
{
    return jb_diag_set(L->d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory laying out the page");
}

/* Shapes the entries e[0..n_e) of the page's texts, one after the other, into one run. */
static jb_status
shape_entries(lay *L, const jb_page_text *const *e, size_t n_e, run *out)
{
    size_t n = 0, k = 0;
    uint32_t *cps;
    uint32_t *offs;
    uint8_t *marks, *roles;
    jb_status st;

    memset(out, 0, sizeof *out);
    for (size_t p = 0; p < n_e; p++)
        n += e[p]->n;
    if (n == 0)
        return JB_OK;
    cps = malloc(n * sizeof *cps);
    offs = malloc(n * sizeof *offs);
    marks = malloc(n);
    roles = malloc(n);
    out->boxes = malloc(n * sizeof *out->boxes);
    out->colors = malloc(n);
    if (!cps || !offs || !marks || !roles || !out->boxes || !out->colors) {
        free(cps), free(offs), free(marks), free(roles), free(out->boxes), free(out->colors);
        memset(out, 0, sizeof *out);
        return nomem(L);
    }
    for (size_t p = 0; p < n_e; p++) {
        memcpy(cps + k, e[p]->cps, e[p]->n * sizeof *cps);
        memcpy(offs + k, e[p]->offs, e[p]->n * sizeof *offs);
        memcpy(marks + k, e[p]->marks, e[p]->n);
        memcpy(roles + k, e[p]->fonts, e[p]->n);
        memcpy(out->colors + k, e[p]->colors, e[p]->n);
        k += e[p]->n;
    }
    st = jb_shape(L->fs, cps, offs, marks, roles, k, out->boxes, L->d);
    free(cps), free(offs), free(marks), free(roles);
    if (st != JB_OK) {
        free(out->boxes), free(out->colors);
        memset(out, 0, sizeof *out);
        return st;
    }
    out->n = k;
    return JB_OK;
}

static jb_status
shape_one(lay *L, const jb_page_text *e, run *out)
{
    return shape_entries(L, &e, 1, out);
}

static void
run_fini(run *r)
{
    free(r->boxes);
    free(r->colors);
}

/* ---- page output ---- */

/* Draws box b in colour (from the texts) with its baseline origin at (x, y). */
static int
push_glyph(lay *L, const jb_box *b, int color, double x, double y, double size)
{
    jb_page *pg = L->page;

    /* Spaces are drawn as glyphs, so that they come back when the text is copied; a font without
     * a space glyph would draw its .notdef box instead, so then the space is only spacing. */
    if ((b->cp == ' ' || b->cp == 0x3000) && !jb_font_has(jb_fontset_get(L->fs, b->font), b->cp))
        return 0;
    jb_glyph g = {.x = (float)x, .y = (float)y, .size = (float)size, .cp = b->cp, .font = b->font};
    g.color = (uint8_t)color;
    if (fabs(L->hscale - 1) > 1e-9)
        g.hscale = (uint8_t)lround(L->hscale * 100);
    if (b->mark & JB_MARK_HEAD)
        g.stroke = (uint8_t)lround(L->spec->head_bold_em * 1000);
    else if (L->bold_title)
        g.stroke = (uint8_t)lround(L->spec->title_bold_em * 1000);
    g.style = (uint8_t)(((b->mark & JB_MARK_FIGURE) ? JB_STYLE_FIGURE : 0) |
                        ((b->mark & JB_MARK_HEAD) ? JB_STYLE_HEAD : 0));
    return jb_page_push_glyph(pg, &g);
}

static int
push_rule(jb_page *pg, double x0, double y, double x1, double width, int color)
{
    jb_rule r = {(float)x0, (float)y, (float)x1, (float)y, (float)width, (uint8_t)color};
    return jb_page_push_rule(pg, &r);
}

/* Sets boxes[0..n) as one unjustified line at size, each advance widened by L->hscale; returns
 * its width and fills x (per box). */
static jb_status
set_natural(lay *L, const jb_box *b, size_t n, double size, double tracking_em, double *x,
            double *width)
{
    jb_para_opts o = {.measure_pt = 1e6, .size_pt = size};
    jb_para_layout pl;
    jb_status st;

    *width = 0;
    if (n == 0)
        return JB_OK;
    if ((st = jb_lines_break(b, n, &o, &pl, L->d)) != JB_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        x[i] = pl.x_pt[i] * L->hscale + tracking_em * size * (double)i;
    *width = pl.lines[0].width_pt * L->hscale + tracking_em * size * (double)(n - 1);
    jb_para_layout_fini(&pl);
    return JB_OK;
}

/* Emits one unjustified line: align 0 left, 1 centre, 2 right, within [left, left + measure]. */
static jb_status
emit_line(lay *L, const jb_box *b, const uint8_t *colors, size_t n, double size, double tracking_em,
          int align, double left, double measure, double baseline, int kind)
{
    double *x, w;
    jb_status st;
    jb_page_line ln;

    if (n == 0)
        return JB_OK;
    x = malloc(n * sizeof *x);
    if (x == NULL)
        return nomem(L);
    if ((st = set_natural(L, b, n, size, tracking_em, x, &w)) != JB_OK) {
        free(x);
        return st;
    }
    double x0 = align == 0 ? left : align == 1 ? left + (measure - w) / 2 : left + measure - w;
    memset(&ln, 0, sizeof ln);
    ln.first_glyph = L->page->n_glyphs;
    for (size_t i = 0; i < n; i++)
        if (push_glyph(L, &b[i], colors[i], x0 + x[i], L->page->h_pt - baseline, size) != 0) {
            free(x);
            return nomem(L);
        }
    free(x);
    ln.n_glyphs = L->page->n_glyphs - ln.first_glyph;
    ln.x0 = (float)x0, ln.x1 = (float)(x0 + w), ln.y = (float)(L->page->h_pt - baseline);
    ln.size = (float)size, ln.kind = (uint8_t)kind, ln.last = 1;
    return jb_page_push_line(L->page, &ln) == 0 ? JB_OK : nomem(L);
}

/* ---- title: at most two lines, broken between words, the upper line the longer (GB/T 9704 7.3.1)
 */

static size_t
title_break(lay *L, double size, double measure)
{
    const jb_box *b = L->title.boxes;
    size_t n = L->title.n, best = 0;
    double total = 0, best_cost = 1e30;
    uint8_t *brk = malloc(n + 1), *word = calloc(n + 1, 1);
    uint32_t *cps = malloc(n * sizeof *cps);
    double *x = malloc((n + 1) * sizeof *x);

    if (!brk || !word || !cps || !x)
        goto out;
    for (size_t i = 0; i < n; i++)
        cps[i] = b[i].cp;
    /* Widths as the line is set, with its marks compressed (a pair such as ：“ takes 1.5 em): a
     * title whose raw advances exceed the measure may still fit on one line. */
    if (set_natural(L, b, n, 1.0, 0, x, &total) != JB_OK)
        goto out;
    x[n] = total;
    if (total * size <= measure)
        goto out;
    {
        uint8_t *marks = calloc(n, 1);
        if (marks == NULL)
            goto out;
        jb_lines_opportunities(cps, marks, n, brk);
        free(marks);
    }
    jb_words_bounds(cps, n, word); /* without ICU, every break counts as one between words */
    {
        for (size_t k = 1; k < n; k++) {
            double upper = x[k], lower = total - upper;
            if (!brk[k] || upper * size > measure || lower * size > measure)
                continue;
            double cost = fabs(upper - lower) + (upper < lower ? TITLE_LONGER_LOW : 0) +
                          (word[k] ? 0 : TITLE_NOT_WORD);
            if (jb_punct_class(b[k - 1].cp) != JB_PUNCT_NONE && word[k])
                cost -= TITLE_AFTER_MARK;
            if (cost < best_cost) {
                best_cost = cost;
                best = k;
            }
        }
    }
    if (best == 0)
        best = (size_t)-1; /* does not fit on two lines */
out:
    free(brk);
    free(word);
    free(cps);
    free(x);
    return best;
}

/* ---- the body at a trial size ---- */

/* Break opportunities and narrowest widths of the body paragraphs: the same at every size. */
static jb_status
prepare_breaks(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        uint32_t *cps;
        uint8_t *marks;
        if (pa->n == 0 || pa->brk != NULL) /* done by an earlier search (photos) */
            continue;
        cps = malloc(pa->n * sizeof *cps);
        marks = malloc(pa->n);
        pa->brk = malloc(pa->n);
        if (!cps || !marks || !pa->brk) {
            free(cps), free(marks);
            return nomem(L);
        }
        for (size_t i = 0; i < pa->n; i++) {
            cps[i] = pa->boxes[i].cp;
            marks[i] = pa->boxes[i].mark;
            pa->least_em += pa->boxes[i].adv - (pa->boxes[i].cp == ' ' ? pa->boxes[i].adv / 3 : 0);
            if (pa->boxes[i].punct != JB_PUNCT_NONE)
                pa->least_em -= pa->boxes[i].blank_l + pa->boxes[i].blank_r;
        }
        jb_lines_opportunities(cps, marks, pa->n, pa->brk);
        free(cps), free(marks);
    }
    return JB_OK;
}

static jb_status
break_body(lay *L, double size, double measure, int *lines)
{
    jb_para_opts o = {.measure_pt = measure,
                      .size_pt = size,
                      .indent_em = 2,
                      .min_last = 4,
                      .kaiming = L->kaiming,
                      .line_penalty = L->tight ? JB_LINES_TIGHT : 0};
    jb_status st;

    *lines = 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        o.indent_em = pa->centred || pa->flush ? 0 : 2;
        /* Broken for the fewest lines: a paragraph whose narrowest setting still fills its lines
         * but one keeps the lines it has at this size (most do, and need not be set again). */
        if (L->tight && pa->pl.n_lines > 0 && pa->pl_size == size &&
            ceil(((pa->least_em + o.indent_em) * size) / measure - 1e-9) >=
                (double)pa->pl.n_lines) {
            *lines += (int)pa->pl.n_lines;
            continue;
        }
        jb_para_layout_fini(&pa->pl);
        if (pa->photo || pa->table)
            continue;
        pa->pl_size = size;
        o.brk = pa->brk;
        if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
            return st;
        *lines += (int)pa->pl.n_lines;
    }
    return JB_OK;
}

/* ---- the heights of the blocks, from the metrics ---- */

static int
foot_rows(const lay *L)
{
    int rows = 0;
    for (int r = 0; r <= JB_DIST_COUNT; r++)
        rows += L->foot[r].n > 0;
    return rows;
}

/* The 报尾 between its outer rules. */
static double
foot_height(const lay *L)
{
    int rows = foot_rows(L);
    return rows ? rows * L->spec->foot_pt * M.foot_row + 2 * M.foot_pad : 0;
}

/* A header text's size at a body size: the layout's, or when the body is larger the smallest 号
 * (RULES.md §5.1) that is not smaller than the body, so that the masthead's sub-lines, byline
 * and source never read smaller than the text they head (§5.4). */
static double
header_size(double layout_pt, double body_pt)
{
    static const double hao[] = {5, 5.5, 6.5, 7.5, 9, 10.5, 12, 14, 15, 16, 18, 22, 24, 26, 36, 42};
    if (layout_pt >= body_pt - 1e-9)
        return layout_pt;
    for (size_t i = 0; i < sizeof hao / sizeof hao[0]; i++)
        if (hao[i] >= body_pt - 1e-9)
            return hao[i];
    return body_pt;
}

/* Heights above and below the body at body size, at the title size and break chosen. */
static heights
heights_at(const lay *L, double body)
{
    const jb_spec *s = L->spec;
    heights h;
    double sub = header_size(s->masthead_sub_pt, body), by = header_size(L->byline_pt, body);
    h.masthead = (L->secret.n ? sub * (2 * M.sub_above + M.sub_adv) : 0) +
                 s->masthead_pt * M.name_adv +
                 (L->issue.n ? sub * (M.issue_above + M.issue_adv) : 0) +
                 sub * (M.sub_above + M.sub_adv) + M.rule_gap_mm * MM_PT + s->rule_pt;
    h.title = L->title_pt * M.title_above + (L->title_break ? 2 : 1) * L->title_pt * M.title_adv;
    h.byline = L->byline.n || L->source.n ? by * M.byline_adv : 0;
    h.foot = foot_height(L);
    if (h.foot > 0)
        h.foot += M.foot_above;
    return h;
}

/* The height the body has at body size. */
static double
avail_at(const lay *L, double body)
{
    const jb_spec *s = L->spec;
    heights h = heights_at(L, body);
    return s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt - h.masthead - h.title - h.byline -
           h.foot;
}

/* ---- assembly ---- */

static jb_status
emit_masthead(lay *L, double left, double measure, double *cursor)
{
    const jb_spec *s = L->spec;
    double name_pt = s->masthead_pt, w = 0, track = s->masthead_tracking_em;
    double sub = L->sub_pt, in = sub * M.sub_indent;
    const run *nm = &L->name;
    jb_status st;

    for (size_t i = 0; i < nm->n; i++)
        w += nm->boxes[i].adv * s->masthead_scale;
    if (track < 0)
        track = nm->n > 0 && nm->n <= NAME_SHORT ? NAME_SHORT_TRACK : 0;
    w += track * (double)(nm->n - 1);
    if (w * name_pt > measure * NAME_MAX_WIDTH)
        name_pt = measure * NAME_MAX_WIDTH / w;
    if (L->secret.n) { /* 密级 first, flush left (GB/T 9704's place for it) */
        *cursor += sub * M.sub_above;
        if ((st = emit_line(L, L->secret.boxes, L->secret.colors, L->secret.n, sub, 0, 0, left,
                            measure, *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) != JB_OK)
            return st;
        *cursor += sub * (M.sub_adv + M.sub_above); /* set apart from the name below */
    }
    /* the stretched 机关名: the name set and drawn wider (PDF Tz), its height kept */
    L->hscale = s->masthead_scale;
    st = emit_line(L, nm->boxes, nm->colors, nm->n, name_pt, track, s->masthead_left ? 0 : 1, left,
                   measure, *cursor + name_pt * M.ascent, JB_LINE_MASTHEAD);
    L->hscale = 1;
    if (st != JB_OK)
        return st;
    *cursor += s->masthead_pt * M.name_adv;
    if (L->issue.n) {
        *cursor += sub * M.issue_above;
        if ((st = emit_line(L, L->issue.boxes, L->issue.colors, L->issue.n, sub, 0,
                            s->masthead_left ? 0 : 1, left, measure, *cursor + sub * M.ascent,
                            JB_LINE_MASTHEAD)) != JB_OK)
            return st;
        *cursor += sub * M.issue_adv;
    }
    *cursor += sub * M.sub_above;
    if ((st = emit_line(L, L->unit.boxes, L->unit.colors, L->unit.n, sub, 0, 0, left + in,
                        measure - 2 * in, *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) != JB_OK ||
        (st = emit_line(L, L->date.boxes, L->date.colors, L->date.n, sub, 0, 2, left + in,
                        measure - 2 * in, *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) != JB_OK)
        return st;
    *cursor += sub * M.sub_adv + M.rule_gap_mm * MM_PT;
    if (push_rule(L->page, left, L->page->h_pt - *cursor - s->rule_pt / 2, left + measure,
                  s->rule_pt, JB_COLOR_RED) != 0)
        return nomem(L);
    *cursor += s->rule_pt;
    return JB_OK;
}

static jb_status
emit_para(lay *L, para *pa, double size, double left0, double pitch, double *cursor)
{
    jb_page *pg = L->page;

    for (size_t l = 0; l < pa->pl.n_lines; l++) {
        const jb_line *ln = &pa->pl.lines[l];
        double left = left0 + (pa->centred ? (L->width_pt - ln->width_pt) / 2 - ln->left_pt : 0);
        double baseline = *cursor + (pitch - size) / 2 + size * M.ascent;
        jb_page_line pl;
        memset(&pl, 0, sizeof pl);
        pl.first_glyph = pg->n_glyphs;
        for (size_t i = ln->start; i < ln->end; i++)
            if (push_glyph(L, &pa->boxes[i], pa->colors[i], left + pa->pl.x_pt[i],
                           pg->h_pt - baseline, size) != 0)
                return nomem(L);
        /* Key figures underlined (a grey-scale layout marks them by weight and line, not
         * colour): one rule under each run of figure characters on the line. */
        for (size_t i = ln->start; L->spec->figure_underline_pt > 0 && i < ln->end; i++) {
            size_t e = i;
            if (!(pa->boxes[i].mark & JB_MARK_FIGURE))
                continue;
            while (e + 1 < ln->end && (pa->boxes[e + 1].mark & JB_MARK_FIGURE))
                e++;
            double x0 = left + pa->pl.x_pt[i] - pa->boxes[i].shift * size;
            double x1 = left + pa->pl.x_pt[e] - pa->boxes[e].shift * size + pa->boxes[e].adv * size;
            if (push_rule(pg, x0, pg->h_pt - baseline - M.underline * size, x1,
                          L->spec->figure_underline_pt, JB_COLOR_FIGURE) != 0)
                return nomem(L);
            i = e;
        }
        pl.n_glyphs = pg->n_glyphs - pl.first_glyph;
        pl.x0 = (float)(left + ln->left_pt);
        pl.x1 = (float)(left + ln->left_pt + ln->width_pt);
        pl.y = (float)(pg->h_pt - baseline);
        pl.size = (float)size;
        pl.kind = JB_LINE_BODY;
        pl.last = (uint8_t)ln->last;
        pl.shrink = (float)ln->shrink_pt;
        pl.stretch = (float)ln->stretch_pt;
        if (jb_page_push_line(pg, &pl) != 0)
            return nomem(L);
        *cursor += pitch;
    }
    return JB_OK;
}

/* The 报尾 at the foot of the page; *top gets the distance from the page's top of its upper rule
 * (the bottom margin's when there is no 报尾). */
static jb_status
emit_foot(lay *L, double left, double measure, double *top)
{
    const jb_spec *s = L->spec;
    double sub = s->foot_pt, row = sub * M.foot_row, rule = s->foot_rule_pt;
    double y = L->page->h_pt - s->margin_bottom_pt; /* distance from top of the foot's bottom */
    int rows = foot_rows(L);
    jb_status st;

    *top = y;
    if (rows == 0)
        return JB_OK;
    *top = y - rows * row - 2 * M.foot_pad;
    /* GB/T 9704 7.4.1: the first and last rules thick, those between thin */
    if (push_rule(L->page, left, L->page->h_pt - *top, left + measure, rule, JB_COLOR_BLACK) != 0 ||
        push_rule(L->page, left, L->page->h_pt - y, left + measure, rule, JB_COLOR_BLACK) != 0)
        return nomem(L);
    double cursor = *top + M.foot_pad;
    int done = 0;
    for (int r = 0; r <= JB_DIST_COUNT; r++) {
        const run *f = &L->foot[r];
        if (f->n == 0)
            continue;
        if (done > 0 && push_rule(L->page, left, L->page->h_pt - cursor, left + measure, rule / 2,
                                  JB_COLOR_BLACK) != 0)
            return nomem(L);
        int align = r == JB_DIST_COUNT ? 2 : 0;
        if ((st = emit_line(L, f->boxes, f->colors, f->n, sub, 0, align, left + sub,
                            measure - 2 * sub, cursor + (row - sub) / 2 + sub * M.ascent,
                            JB_LINE_FOOT)) != JB_OK)
            return st;
        cursor += row;
        done++;
    }
    return JB_OK;
}

/* ---- tables: blocks between paragraphs, a whole number of body lines each (RULES.md §9) ---- */

static jb_status
prepare_tables(lay *L)
{
    const jb_page_texts *tx = L->tx;

    if (tx->n_tables == 0)
        return JB_OK;
    if ((L->tables = calloc(tx->n_tables, sizeof *L->tables)) == NULL)
        return nomem(L);
    L->n_tables = tx->n_tables;
    for (size_t i = 0; i < tx->n_tables; i++) {
        size_t n = 0;
        for (size_t r = 0; r < tx->tables[i]->n_rows; r++)
            n += tx->tables[i]->rows[r].n_cells;
        if ((L->tables[i].cells = calloc(n + 1, sizeof *L->tables[i].cells)) == NULL ||
            (L->tables[i].runs = calloc(n + 1, sizeof *L->tables[i].runs)) == NULL)
            return nomem(L);
    }
    return JB_OK;
}

static jb_table_style
table_style(const jb_spec *s)
{
    jb_table_style st = {s->table_three_line, s->table_frame_pt, s->table_rule_pt, s->table_min_pt};
    return st;
}

/* Table i set at body size (kept while the size stays): 0, 1 when its columns do not fit even
 * one or two 号 smaller, -1 on error (diag set). */
static int
set_table(lay *L, size_t i, double size)
{
    table *t = &L->tables[i];
    jb_table_style style = table_style(L->spec);
    jb_diag d;
    jb_status st;

    if (t->at == size)
        return t->over;
    jb_table_set_fini(&t->set);
    for (size_t c = 0; c < t->n; c++) {
        t->runs[c].boxes = t->cells[c].boxes;
        t->runs[c].colors = t->cells[c].colors;
        t->runs[c].n = t->cells[c].n;
    }
    jb_diag_init(&d);
    st = jb_table_set_up(L->tx->tables[i], t->runs, size, L->width_pt, &style, &t->set, &t->need,
                         &d);
    if (st != JB_OK && st != JB_ERR_OVERFLOW) {
        *L->d = d;
        return -1;
    }
    t->at = size;
    t->over = st == JB_ERR_OVERFLOW;
    return t->over;
}

/* Body lines table i takes at size: its height and room above and below, rounded up to whole
 * lines so that the body after it stays on the grid. */
static int
table_lines(lay *L, size_t i, double size)
{
    double pitch = size * L->spec->leading;
    double block = L->tables[i].set.height + 2 * pitch * M.photo_above;
    return (int)ceil(block / pitch - 1e-9);
}

/* Body lines all tables take at size; a table too wide at that size counts as a page's worth
 * (the fit tries a smaller size). -1 on error. */
static int
tables_lines(lay *L, double size)
{
    int lines = 0, f;
    for (size_t i = 0; i < L->n_tables; i++) {
        if ((f = set_table(L, i, size)) < 0)
            return -1;
        lines += f ? 100000 : table_lines(L, i, size);
    }
    return lines;
}

/* When a table's columns fit at no size down to the floor: the refusal naming it (1). */
static int
tables_overflow(lay *L)
{
    const jb_spec *s = L->spec;
    for (size_t i = 0; i < L->n_tables; i++) {
        if (set_table(L, i, s->body_min_pt) != 1)
            continue;
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, L->tx->table_lines[i], 0,
                    "shorten the cells, split the table, or lower [table] min",
                    "table %zu (line %d) is too wide: even at its smallest size its columns need "
                    "%.1f pt, the measure is %.1f pt",
                    i + 1, L->tx->table_lines[i], L->tables[i].need, L->width_pt);
        return 1;
    }
    return 0;
}

static int
table_glyph(void *ud, const jb_box *b, int color, double x, double y, double size)
{
    return push_glyph(ud, b, color, x, y, size);
}

/* Draws table i in its lines, the slack shared above and below. */
static jb_status
emit_table(lay *L, size_t i, double size, double pitch, double *cursor)
{
    jb_table_style style = table_style(L->spec);
    int lines;

    if (set_table(L, i, size) != 0)
        return L->d->status != JB_OK ? L->d->status
                                     : jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL,
                                                   "a table the fit set does not fit");
    if (jb_table_break(&L->tables[i].set, L->d) != JB_OK)
        return L->d->status;
    lines = table_lines(L, i, size);
    double top = *cursor + (lines * pitch - L->tables[i].set.height) / 2;
    if (jb_table_emit(&L->tables[i].set, &style, i, L->spec->margin_left_pt, top, L->page,
                      table_glyph, L) != 0)
        return nomem(L);
    *cursor += lines * pitch;
    return JB_OK;
}

/* ---- photos: blocks between paragraphs, a whole number of body lines each ([photo] keys) ---- */

/* The photos as the texts list them, each with its caption's run (shaped in prepare). */
static jb_status
prepare_photos(lay *L)
{
    const jb_page_texts *tx = L->tx;

    if (tx->n_photos == 0)
        return JB_OK;
    if ((L->photos = calloc(tx->n_photos, sizeof *L->photos)) == NULL)
        return nomem(L);
    L->n_photos = tx->n_photos;
    for (size_t i = 0; i < tx->n_photos; i++) {
        L->photos[i].ph = tx->photos[i];
        if (tx->photos[i]->img == NULL)
            return jb_diag_set(L->d, JB_ERR_INPUT, NULL, 0, 0,
                               "photos are read from the report's folder (render the file)",
                               "the photo '%s' was not read", tx->photos[i]->ref);
    }
    return JB_OK;
}

static const jb_image *
para_image(const lay *L, size_t p)
{
    return L->photos[L->paras[p].photo - 1].ph->img;
}

/* The photos of the row that starts at entry p: the next one too when it follows right after
 * (two consecutive photo blocks side by side); never more than two. */
static size_t
row_length(const lay *L, size_t p)
{
    return p + 1 < L->n_paras && L->paras[p + 1].photo ? 2 : 1;
}

/* A row of photos at the trial's share: equal height, the widths from their shapes (never
 * distorted), together the share of the measure (less when a row would be taller than [photo]
 * height of the text block); each caption broken at its photo's width. */
typedef struct {
    double w[2], h, gap, x0;
    jb_para_layout cap[2];
    int cap_lines; /* of the longer caption */
    int lines;     /* body lines the block takes */
    double slack;  /* of those lines' height, not filled: shared above and below */
} row_geom;

static void
row_fini(row_geom *g)
{
    jb_para_layout_fini(&g->cap[0]);
    jb_para_layout_fini(&g->cap[1]);
}

static jb_status
row_geometry(lay *L, size_t p, size_t n, double size, row_geom *g)
{
    const jb_spec *s = L->spec;
    double pitch = size * s->leading, sum = 0, total, block;
    double hmax = s->photo_height * (s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt);
    jb_status st;

    memset(g, 0, sizeof *g);
    g->gap = n > 1 ? M.photo_gap_mm * MM_PT : 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)para_image(L, p + i)->full_w / para_image(L, p + i)->full_h;
    g->h = (L->photo_share * L->width_pt - g->gap) / sum;
    if (g->h > hmax)
        g->h = hmax;
    total = g->gap;
    for (size_t i = 0; i < n; i++) {
        const jb_image *img = para_image(L, p + i);
        const run *c = &L->photos[L->paras[p + i].photo - 1].cap;
        g->w[i] = g->h * img->full_w / img->full_h; /* the file's shape, not the decoded one's */
        total += g->w[i];
        if (c->n == 0)
            continue;
        jb_para_opts o = {.measure_pt = g->w[i], .size_pt = s->caption_pt, .min_last = 2};
        if ((st = jb_lines_break(c->boxes, c->n, &o, &g->cap[i], L->d)) != JB_OK) {
            row_fini(g);
            return st;
        }
        if ((int)g->cap[i].n_lines > g->cap_lines)
            g->cap_lines = (int)g->cap[i].n_lines;
    }
    g->x0 = s->margin_left_pt + (L->width_pt - total) / 2;
    block = 2 * pitch * M.photo_above + g->h;
    if (g->cap_lines)
        block += s->caption_pt * M.caption_gap + g->cap_lines * s->caption_pt * M.caption_adv;
    g->lines = (int)ceil(block / pitch - 1e-9);
    g->slack = g->lines * pitch - block;
    return JB_OK;
}

/* Body lines all photo blocks (0 while the fit measures the text alone) and tables take at size,
 * or -1 on error (diag set). */
static int
photos_lines(lay *L, double size)
{
    int lines = tables_lines(L, size);

    if (lines < 0 || L->photo_share <= 0)
        return lines;
    for (size_t p = 0; p < L->n_paras; p++) {
        row_geom g;
        size_t n;
        if (!L->paras[p].photo)
            continue;
        n = row_length(L, p);
        if (row_geometry(L, p, n, size, &g) != JB_OK)
            return -1;
        lines += g.lines;
        row_fini(&g);
        p += n - 1;
    }
    return lines;
}

/* Draws a row of photos: the page gets each photo's box, downsampled to [photo] ppi at its
 * placed size and encoded as JPEG, and its caption's lines centred under it. */
static jb_status
emit_photo_row(lay *L, size_t p, size_t n, double size, double pitch, double *cursor)
{
    const jb_spec *s = L->spec;
    jb_page *pg = L->page;
    double cap = s->caption_pt, top, x;
    row_geom g;
    jb_status st;

    if ((st = row_geometry(L, p, n, size, &g)) != JB_OK)
        return st;
    x = g.x0;
    top = *cursor + pitch * M.photo_above + g.slack / 2;
    for (size_t i = 0; i < n; i++) {
        const photo *ph = &L->photos[L->paras[p + i].photo - 1];
        const jb_image *img = ph->ph->img;
        const run *c = &ph->cap;
        jb_image_encoded enc;
        jb_page_image im;
        int pw = (int)floor(g.w[i] / 72 * s->photo_ppi), phh = (int)floor(g.h / 72 * s->photo_ppi);

        pw = pw < 1 ? 1 : pw > img->w ? img->w : pw;
        phh = phh < 1 ? 1 : phh > img->h ? img->h : phh;
        if ((st = jb_image_encode(img, pw, phh, s->photo_quality, &enc, L->d)) != JB_OK) {
            row_fini(&g);
            return st;
        }
        memset(&im, 0, sizeof im);
        im.x = (float)x, im.y = (float)(pg->h_pt - top - g.h);
        im.w = (float)g.w[i], im.h = (float)g.h;
        im.src_w = img->full_w, im.src_h = img->full_h;
        im.px_w = enc.w, im.px_h = enc.h, im.channels = enc.channels;
        im.ppi = enc.w / (g.w[i] / 72);
        im.jpeg = enc.jpeg, im.jpeg_len = enc.jpeg_len, im.smask = enc.smask;
        im.name = strdup(ph->ph->ref);
        im.caption = jb_text_to_utf8(&ph->ph->caption);
        if (im.name == NULL || im.caption == NULL || jb_page_push_image(pg, &im) != 0) {
            if (im.name == NULL || im.caption == NULL) {
                free(im.name), free(im.caption), jb_image_encoded_fini(&enc);
            }
            row_fini(&g);
            return nomem(L);
        }
        for (size_t l = 0; l < g.cap[i].n_lines; l++) {
            const jb_line *ln = &g.cap[i].lines[l];
            double off = x + (g.w[i] - ln->width_pt) / 2 - ln->left_pt;
            double baseline =
                top + g.h + cap * M.caption_gap + cap * M.ascent + (double)l * cap * M.caption_adv;
            jb_page_line pl;
            memset(&pl, 0, sizeof pl);
            pl.first_glyph = pg->n_glyphs;
            for (size_t k = ln->start; k < ln->end; k++)
                if (push_glyph(L, &c->boxes[k], c->colors[k], off + g.cap[i].x_pt[k],
                               pg->h_pt - baseline, cap) != 0) {
                    row_fini(&g);
                    return nomem(L);
                }
            pl.n_glyphs = pg->n_glyphs - pl.first_glyph;
            pl.x0 = (float)(off + ln->left_pt), pl.x1 = (float)(off + ln->left_pt + ln->width_pt);
            pl.y = (float)(pg->h_pt - baseline), pl.size = (float)cap;
            pl.kind = JB_LINE_CAPTION, pl.last = (uint8_t)ln->last;
            pl.shrink = (float)ln->shrink_pt, pl.stretch = (float)ln->stretch_pt;
            if (jb_page_push_line(pg, &pl) != 0) {
                row_fini(&g);
                return nomem(L);
            }
        }
        x += g.w[i] + g.gap;
    }
    *cursor += g.lines * pitch;
    row_fini(&g);
    return JB_OK;
}

/* Shapes the page's texts: the masthead, heading and 报尾 lines each one run, the lead and
 * section paragraphs (a head that runs in joined with its first paragraph) one para each. */
static jb_status
prepare(lay *L)
{
    const jb_page_texts *tx = L->tx;
    jb_status st;

    L->paras = calloc(tx->n ? tx->n : 1, sizeof *L->paras);
    if (L->paras == NULL)
        return nomem(L);
    if ((st = prepare_photos(L)) != JB_OK || (st = prepare_tables(L)) != JB_OK)
        return st;
    L->byline_pt = L->spec->byline_pt;
    for (size_t k = 0; k < tx->n; k++) {
        const jb_page_text *e = &tx->items[k];
        run *r = NULL;
        switch (e->role) {
        case JB_TEXT_MASTHEAD: r = &L->name; break;
        case JB_TEXT_ISSUE: r = &L->issue; break;
        case JB_TEXT_SECRECY: r = &L->secret; break;
        case JB_TEXT_UNIT: r = &L->unit; break;
        case JB_TEXT_DATE: r = &L->date; break;
        case JB_TEXT_TITLE: r = &L->title; break;
        case JB_TEXT_BYLINE:
            r = &L->byline;
            L->byline_pt = e->size_pt;
            break;
        case JB_TEXT_SOURCE: r = &L->source; break;
        case JB_TEXT_FOOT: r = &L->foot[e->index]; break;
        case JB_TEXT_CELL: {
            table *t = &L->tables[e->index];
            if (t->n == 0) { /* its first cell: the table stands here */
                para *pa = &L->paras[L->n_paras++];
                pa->section = e->section;
                pa->table = 1 + e->index;
            }
            r = &t->cells[t->n++];
            break;
        }
        case JB_TEXT_CAPTION: {
            para *pa = &L->paras[L->n_paras++];
            pa->section = e->section;
            pa->photo = 1 + e->index;
            if ((size_t)e->index >= L->n_photos)
                return jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL,
                                   "a caption of no photo");
            r = &L->photos[e->index].cap;
            break;
        }
        default: {
            const jb_page_text *parts[2] = {e, NULL};
            size_t np = 1;
            run pr;
            para *pa = &L->paras[L->n_paras++];
            pa->section = e->section;
            pa->first = e->role == JB_TEXT_HEAD || (e->role == JB_TEXT_LEAD && e->index == 0);
            pa->centred = e->centred;
            pa->flush = e->note;
            if (e->role == JB_TEXT_HEAD && e->run_in && k + 1 < tx->n)
                parts[np++] = &tx->items[++k];
            if ((st = shape_entries(L, parts, np, &pr)) != JB_OK)
                return st;
            pa->boxes = pr.boxes, pa->colors = pr.colors, pa->n = pr.n;
        }
        }
        if (r && (st = shape_one(L, e, r)) != JB_OK)
            return st;
    }
    return JB_OK;
}

static void
release(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        free(L->paras[p].boxes);
        free(L->paras[p].colors);
        free(L->paras[p].brk);
        jb_para_layout_fini(&L->paras[p].pl);
        jb_para_layout_fini(&L->paras[p].kept);
    }
    free(L->paras);
    run_fini(&L->title);
    run_fini(&L->byline);
    run_fini(&L->source);
    run_fini(&L->name);
    run_fini(&L->issue);
    run_fini(&L->secret);
    run_fini(&L->unit);
    run_fini(&L->date);
    for (int r = 0; r <= JB_DIST_COUNT; r++)
        run_fini(&L->foot[r]);
    for (size_t i = 0; i < L->n_photos; i++)
        run_fini(&L->photos[i].cap);
    free(L->photos);
    for (size_t i = 0; i < L->n_tables; i++) {
        for (size_t c = 0; c < L->tables[i].n; c++)
            run_fini(&L->tables[i].cells[c]);
        free(L->tables[i].cells);
        free(L->tables[i].runs);
        jb_table_set_fini(&L->tables[i].set);
    }
    free(L->tables);
}

/* Lines' worth of room the section rules take: a whole line above every section but a first
 * one that opens the body. */
static double
section_gaps(const lay *L)
{
    size_t n = L->tx->n_sections;
    if (L->spec->section_rule_pt <= 0 || n == 0)
        return 0;
    return M.section_gap * (double)(L->tx->n_lead ? n : n - 1);
}

/* Body height at size (lines × pitch), or -1 on error (diag set). The measure is the full width
 * between the margins: snapping it to whole ems would cost up to a character a line, and the
 * fraction of an em is spread invisibly over the line's gaps. */
static double
body_height(lay *L, double size, int *lines)
{
    int photo_lines;
    if (break_body(L, size, L->width_pt, lines) != JB_OK ||
        (photo_lines = photos_lines(L, size)) < 0)
        return -1;
    return (*lines + photo_lines + section_gaps(L)) * size * L->spec->leading;
}

/* The paragraphs keep the lines just set, as those of step k: the search ends on a step that
 * fitted, and its lines need not be set again. */
static void
keep_breaks(lay *L, long k, int lines)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        jb_para_layout_fini(&pa->kept);
        pa->kept = pa->pl;
        memset(&pa->pl, 0, sizeof pa->pl);
    }
    L->kept_k = k;
    L->kept_lines = lines;
    L->kept_tight = L->tight;
}

/* Makes the lines kept for step k current; 0 when they are of another step. */
static int
restore_breaks(lay *L, long k, int *lines)
{
    if (L->kept_k != k)
        return 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        jb_para_layout_fini(&pa->pl);
        pa->pl = pa->kept;
        memset(&pa->kept, 0, sizeof pa->kept);
    }
    *lines = L->kept_lines;
    L->tight = L->kept_tight;
    L->kept_k = -1;
    return 1;
}

/* The fewest body lines any breaking could take at size: each paragraph's narrowest setting cut
 * into full lines (prepare_breaks). Normal and tight breaking both take at least as many. */
static double
least_lines(const lay *L, double size)
{
    double least = 0;
    for (size_t p = 0; p < L->n_paras; p++)
        if (!L->paras[p].photo && L->paras[p].n > 0)
            least += ceil(((L->paras[p].least_em + 2) * size) / L->width_pt - 1e-9);
    return least;
}

/* Can the body not fit at size even in its fewest lines (least_lines)? Then no breaking need be
 * tried: 1 when it cannot, 0 when it may (or photos_lines failed: the breaking reports it). The
 * height is body_height's expression with the least lines, so it is never above the height any
 * breaking gives, and the test is fits_by's. */
static int
cannot_fit(lay *L, double size)
{
    int photo_lines = photos_lines(L, size);
    double pitch = size * L->spec->leading;
    if (photo_lines < 0)
        return 0;
    double need = (least_lines(L, size) + photo_lines + section_gaps(L)) * size * L->spec->leading;
    return need + pitch * M.body_above > avail_at(L, size);
}

/* The body's lines at size, as body_height: the best-looking ones, or when those need more than
 * the height the body has, the fewest (paragraphs compressed evenly to save a line each, where
 * that costs less than JB_LINES_TIGHT); L->tight says which. Lines × pitch, or -1 on error. */
static double
set_body(lay *L, double size, int *lines)
{
    double half = size * L->spec->leading * M.body_above, need;

    L->tight = 0;
    need = body_height(L, size, lines);
    if (need < 0 || need + half <= avail_at(L, size))
        return need;
    /* the fewest lines any breaking could take: when even those do not fit, none is tried */
    double pitch = size * L->spec->leading;
    int photo_lines = photos_lines(L, size);
    if (photo_lines >= 0 &&
        (least_lines(L, size) + photo_lines + section_gaps(L)) * pitch + half > avail_at(L, size))
        return need;
    L->tight = 1;
    return body_height(L, size, lines);
}

/* Does the body fit in avail at step k (size = floor + k·step)? 1, 0, or -1 on error. *over
 * (may be NULL) gets by how many lines it does not. A step that fits keeps its lines. */
static int
fits_by(lay *L, long k, double *over)
{
    int lines;
    double size = L->spec->body_min_pt + (double)k * L->spec->body_step_pt;
    double avail = avail_at(L, size);
    /* without *over to give, a size the fewest lines cannot fit needs no breaking */
    if (over == NULL && cannot_fit(L, size))
        return 0;
    double need = set_body(L, size, &lines), pitch = size * L->spec->leading;
    if (need < 0)
        return -1;
    if (over)
        *over = (need + pitch * M.body_above - avail) / pitch;
    if (need + pitch * M.body_above > avail)
        return 0;
    keep_breaks(L, k, lines);
    return 1;
}

static int
fits(lay *L, long k)
{
    return fits_by(L, k, NULL);
}

/* The largest step k in [0, n] at which the body fits, -1 if none, -2 on error. The search starts
 * at the largest step the fewest lines could fit (cannot_fit, no breaking), which is the answer
 * almost always; below it steps are tried downwards, and from one that fits the search still
 * looks a step or two up (a size that breaks more luckily can fit where a smaller one did not):
 * two paragraph breakings (best-looking, then fewest lines) at about one size. */
static long
fit_step(lay *L, long n)
{
    long k;
    int f;

    if (prepare_breaks(L) != JB_OK)
        return -2;
    k = n;
    while (k > 0 && cannot_fit(L, L->spec->body_min_pt + (double)k * L->spec->body_step_pt))
        k--;
    if ((f = fits(L, k)) < 0)
        return -2;
    if (f) {
        while (k < n) {
            double over = 0, size2 = L->spec->body_min_pt + (double)(k + 2) * L->spec->body_step_pt;
            /* how far k + 1 misses matters only when k + 2 might fit */
            int look = k + 2 <= n && !cannot_fit(L, size2);
            int f1 = fits_by(L, k + 1, look ? &over : NULL), f2 = 0;
            if (f1 < 0)
                return -2;
            /* one step further only when the next missed by less than a line */
            if (!f1 && look && over < 1 && (f2 = fits(L, k + 2)) < 0)
                return -2;
            if (!f1 && !f2)
                break;
            k += f1 ? 1 : 2;
        }
        return k;
    }
    while (--k >= 0) {
        if ((f = fits(L, k)) < 0)
            return -2;
        if (f)
            return k;
    }
    return -1; /* not even at the floor */
}

/* ---- the fit with photos (docs/LAYOUTS.md, [photo]) ----
 * The body's preferred size is the one it gets without photos. Photos start at [photo] width of
 * the measure and shrink, 5% of the measure at a time, down to [photo] min before the body leaves
 * that size; only then does the body shrink, with the photos at their minimum, and at the size
 * that then fits they grow back as far as the page allows. */
static jb_status
fit_photos(lay *L, long *k)
{
    const jb_spec *s = L->spec;
    long n = lround((s->body_max_pt - s->body_min_pt) / s->body_step_pt), at = *k;
    double pref = s->photo_width, min = s->photo_min < pref ? s->photo_min : pref;
    int f;

    L->text_only_pt = at >= 0 ? s->body_min_pt + (double)at * s->body_step_pt : 0;
    if (at < 0) { /* the text alone does not fit: the photos at their minimum, for the message */
        L->photo_share = min;
        return JB_OK;
    }
    L->photo_share = min;
    if ((f = fits(L, at)) < 0)
        return L->d->status;
    if (!f) {
        at = fit_step(L, n);
        if (at == -2)
            return L->d->status;
        *k = at;
        if (at < 0)
            return JB_OK;
    }
    for (double share = pref; share > min + 1e-9; share -= 0.05) {
        L->photo_share = share;
        if ((f = fits(L, at)) < 0)
            return L->d->status;
        if (f)
            return JB_OK;
    }
    L->photo_share = min;
    if (fits(L, at) < 0) /* its lines kept again */
        return L->d->status;
    return JB_OK;
}

/* The refusal when even the photos' minimum leaves no room at the floor size: with the numbers. */
static jb_status
photos_overflow(lay *L)
{
    const jb_spec *s = L->spec;
    double pitch = s->body_min_pt * s->leading, min = L->photo_share;
    int lines = 0, photo_lines;
    double need = set_body(L, s->body_min_pt, &lines);
    char without[96] = "";

    if (need < 0 || (photo_lines = photos_lines(L, s->body_min_pt)) < 0)
        return L->d->status;
    int over =
        (int)ceil((need + pitch * M.body_above - avail_at(L, s->body_min_pt)) / pitch - 1e-9);
    if (L->text_only_pt > 0)
        snprintf(without, sizeof without, "; without them the body would be %.2f pt",
                 L->text_only_pt);
    return jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0,
                       "give --condense to leave photos out (the last first), lower [photo] min, "
                       "or shorten the report",
                       "the report does not fit on one page with its %zu photo%s: at the floor "
                       "size of %.2f pt, the photos at their minimum of %.0f%% of the measure "
                       "take %d line%s and the page overflows by %d line%s%s",
                       L->n_photos, L->n_photos == 1 ? "" : "s", s->body_min_pt, min * 100,
                       photo_lines, photo_lines == 1 ? "" : "s", over, over == 1 ? "" : "s",
                       without);
}

/* For --verbose: how photos and body size were traded. */
static void
photo_note(lay *L)
{
    const jb_spec *s = L->spec;
    double min = s->photo_min < s->photo_width ? s->photo_min : s->photo_width;
    char trade[200];

    if (fabs(L->text_only_pt - L->size) < 1e-6)
        snprintf(trade, sizeof trade, "the body keeps %.2f pt, its size without photos", L->size);
    else
        snprintf(trade, sizeof trade, "the body left %.2f pt (its size without photos) for %.2f pt",
                 L->text_only_pt, L->size);
    snprintf(L->page->photo_note, sizeof L->page->photo_note,
             "photos: %zu at %.0f%% of the measure (preferred %.0f%%, minimum %.0f%%), taking %d "
             "body line%s; %s",
             L->n_photos, L->photo_share * 100, s->photo_width * 100, min * 100, L->photo_lines,
             L->photo_lines == 1 ? "" : "s", trade);
}

/* ---- the fit: every decision, and the heights it predicts ---- */

/* Chooses the title's size and break, the body size (and 开明式 when only that fits), the body's
 * line breaks and the share of the spare height each gap between blocks gets. */
static jb_status
fit(lay *L)
{
    const jb_spec *spec = L->spec;
    double step = spec->body_step_pt, pitch;
    int lines = 0;
    long k;
    jb_status st;

    /* Title: 二号 by default, smaller only if it would take more than two lines. */
    for (L->title_pt = spec->title_pt;; L->title_pt -= 1) {
        L->title_break = title_break(L, L->title_pt, L->width_pt);
        if (L->title_break != (size_t)-1 || L->title_pt <= TITLE_MIN_PT)
            break;
    }
    if (L->title_break == (size_t)-1) {
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0, "shorten the title",
                    "the title does not fit on two lines even at %d pt", TITLE_MIN_PT);
        return jb_diag_code(L->d, "title_too_long");
    }
    k = fit_step(L, lround((spec->body_max_pt - spec->body_min_pt) / step));
    if (L->n_photos && k != -2 && (st = fit_photos(L, &k)) != JB_OK)
        return st;
    if (k == -1) { /* not even at the floor: 开明式 punctuation is the last step (§5.5, §8) */
        L->kaiming = 1;
        L->kept_k = -1;
        k = fits(L, 0) == 1 ? 0 : -1;
    }
    if (k == -2)
        return L->d->status;
    if (k < 0 && L->n_tables && tables_overflow(L))
        return L->d->status;
    if (k < 0 && L->n_photos)
        return photos_overflow(L);
    if (k < 0) {
        double need = set_body(L, spec->body_min_pt, &lines);
        pitch = spec->body_min_pt * spec->leading;
        int over = (int)ceil(
            (need + pitch * M.body_above - avail_at(L, spec->body_min_pt)) / pitch - 1e-9);
        return jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0,
                           "shorten the report, or use a layout with a lower [body] min",
                           "the report does not fit on one page: at the floor size of %.2f pt it "
                           "overflows by %d line%s",
                           spec->body_min_pt, over, over == 1 ? "" : "s");
    }
    L->size = spec->body_min_pt + (double)k * step;
    if (!restore_breaks(L, k, &lines) && set_body(L, L->size, &lines) < 0)
        return L->d->status;
    L->lines = lines;
    if ((L->n_photos || L->n_tables) && (L->photo_lines = photos_lines(L, L->size)) < 0)
        return L->d->status;
    if (L->n_photos)
        photo_note(L);
    L->h = heights_at(L, L->size);
    L->avail = avail_at(L, L->size);
    L->sub_pt = header_size(spec->masthead_sub_pt, L->size);
    L->line_pt = header_size(L->byline_pt, L->size);

    /* The spare height goes first into the leading, up to the layout's bound, so that every
     * body line stays on one grid (§3.2, §5.5); then to the gaps above the title and above the
     * body, at most a line each; the rest stays at the foot. Never between body paragraphs. */
    double rows = lines + L->photo_lines + section_gaps(L) + M.body_above;
    double lead_max = spec->leading_max > spec->leading ? spec->leading_max : spec->leading;
    double spare = L->avail - rows * L->size * spec->leading;
    L->leading = spec->leading + (spare > 0 ? spare / (rows * L->size) : 0);
    if (L->leading > lead_max)
        L->leading = lead_max;
    pitch = L->size * L->leading;
    spare = L->avail - rows * pitch;
    L->slots = 2;
    L->share = spare / L->slots;
    if (L->share > pitch)
        L->share = pitch;
    if (L->share < 0)
        L->share = 0;
    L->spare = spare - L->slots * L->share;
    return JB_OK;
}

/* What the fit predicts of each block's height. */
static jb_layout_blocks
predicted(const lay *L)
{
    double pitch = L->size * L->leading;
    jb_layout_blocks b = {
        .masthead = L->h.masthead,
        .title = L->h.title,
        .byline = L->h.byline,
        .body =
            (L->lines + L->photo_lines + section_gaps(L)) * pitch + pitch * M.body_above + L->share,
        .foot = L->h.foot,
        .spare = L->spare,
    };
    return b;
}

/* ---- the emit step: the page, from the fit's decisions ---- */

static jb_status
emit(lay *L, jb_layout_blocks *used)
{
    const jb_spec *spec = L->spec;
    jb_page *pg = L->page;
    double size = L->size, measure = L->width_pt, pitch = size * L->leading;
    double left = spec->margin_left_pt, share = L->share;
    double cursor = spec->margin_top_pt, mark, foot_top;
    jb_status st;

    pg->body_pt = size;
    pg->kaiming = L->kaiming;
    pg->measure_pt = measure;
    pg->left_pt = left;
    pg->body_lines = L->lines;

    if ((st = emit_masthead(L, left, measure, &cursor)) != JB_OK)
        return st;
    used->masthead = cursor - spec->margin_top_pt;
    mark = cursor;
    cursor += L->title_pt * M.title_above + share;
    {
        const run *t = &L->title;
        size_t br = L->title_break ? L->title_break : t->n;
        double top = L->title_pt * M.title_top + L->title_pt * M.ascent;
        L->bold_title = 1;
        st = emit_line(L, t->boxes, t->colors, br, L->title_pt, 0, 1, left, measure, cursor + top,
                       JB_LINE_TITLE);
        if (st == JB_OK && L->title_break)
            st = emit_line(L, t->boxes + br, t->colors + br, t->n - br, L->title_pt, 0, 1, left,
                           measure, cursor + top + L->title_pt * M.title_adv, JB_LINE_TITLE);
        L->bold_title = 0;
        if (st != JB_OK)
            return st;
        cursor += L->title_pt * M.title_adv * (L->title_break ? 2 : 1);
    }
    used->title = cursor - mark - share;
    mark = cursor;
    if (L->byline.n || L->source.n) {
        /* the names and 来源：… centred together on one line, two 字 apart */
        const run *b = &L->byline, *r = &L->source;
        double by = L->line_pt, base = cursor + by * M.byline_top + by * M.ascent;
        double wb = 0, ws = 0, gap = b->n && r->n ? by * M.source_gap : 0;
        double *x = malloc((b->n + r->n + 1) * sizeof *x);
        if (x == NULL)
            return nomem(L);
        st = set_natural(L, b->boxes, b->n, by, 0, x, &wb);
        if (st == JB_OK)
            st = set_natural(L, r->boxes, r->n, by, 0, x, &ws);
        free(x);
        if (st != JB_OK)
            return st;
        double x0 = left + (measure - wb - gap - ws) / 2;
        if ((st = emit_line(L, b->boxes, b->colors, b->n, by, 0, 0, x0, wb, base,
                            JB_LINE_BYLINE)) != JB_OK ||
            (st = emit_line(L, r->boxes, r->colors, r->n, by, 0, 0, x0 + wb + gap, ws, base,
                            JB_LINE_SOURCE)) != JB_OK)
            return st;
        cursor += by * M.byline_adv;
    }
    used->byline = cursor - mark;
    mark = cursor;
    cursor += pitch * M.body_above + share;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        if ((pa->first && pa->section > 0) || (pa->first && pa->section == 0 && L->tx->n_lead)) {
            if (spec->section_rule_pt > 0) { /* an accent rule sets the section apart */
                double y = cursor + M.section_rule * pitch;
                if (push_rule(pg, left, pg->h_pt - y, left + measure, spec->section_rule_pt,
                              JB_COLOR_ACCENT) != 0)
                    return nomem(L);
                cursor += M.section_gap * pitch;
            }
        }
        if (pa->table) {
            if ((st = emit_table(L, pa->table - 1, size, pitch, &cursor)) != JB_OK)
                return st;
            continue;
        }
        if (pa->photo) {
            size_t n = row_length(L, p);
            if ((st = emit_photo_row(L, p, n, size, pitch, &cursor)) != JB_OK)
                return st;
            p += n - 1;
            continue;
        }
        if ((st = emit_para(L, pa, size, left, pitch, &cursor)) != JB_OK)
            return st;
    }
    used->body = cursor - mark;
    if ((st = emit_foot(L, left, measure, &foot_top)) != JB_OK)
        return st;
    used->foot =
        foot_rows(L) ? spec->page_h_pt - spec->margin_bottom_pt - foot_top + M.foot_above : 0;
    used->spare = spec->page_h_pt - spec->margin_bottom_pt - used->foot - cursor;
    pg->spare_pt = spec->page_h_pt - spec->margin_bottom_pt - L->h.foot - cursor;
    if (fabs(pg->spare_pt) < 0.005)
        pg->spare_pt = 0;
    return JB_OK;
}

jb_status
jb_layout_traced(const jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs, jb_page **out,
                 jb_layout_trace *trace, jb_diag *d)
{
    lay L;
    jb_status st;
    jb_layout_blocks used;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.tx = tx, L.spec = spec, L.fs = fs, L.d = d;
    L.kept_k = -1;
    L.hscale = 1;
    L.page = calloc(1, sizeof *L.page);
    if (L.page == NULL)
        return nomem(&L);
    L.page->w_pt = spec->page_w_pt;
    L.page->h_pt = spec->page_h_pt;
    L.page->cmyk[JB_COLOR_BLACK][3] = 1;
    memcpy(L.page->cmyk[JB_COLOR_RED], spec->red, sizeof spec->red);
    memcpy(L.page->cmyk[JB_COLOR_FIGURE], spec->figure, sizeof spec->figure);
    memcpy(L.page->cmyk[JB_COLOR_ACCENT], spec->accent, sizeof spec->accent);
    L.width_pt = spec->page_w_pt - spec->margin_left_pt - spec->margin_right_pt;
    {
        jb_text_fallback fb[JB_PAGE_FALLBACKS];
        size_t n = jb_page_texts_fallbacks(tx, fs, fb, JB_PAGE_FALLBACKS);
        L.page->n_fallbacks = n;
        for (size_t k = 0; k < n && k < JB_PAGE_FALLBACKS; k++) {
            jb_page_fallback *f = &L.page->fallbacks[k];
            f->cp = fb[k].cp;
            f->role = fb[k].role;
            snprintf(f->face, sizeof f->face, "%s",
                     jb_font_ps_name(jb_fontset_get(fs, fb[k].font)));
        }
    }
    if ((st = prepare(&L)) != JB_OK || (st = fit(&L)) != JB_OK || (st = emit(&L, &used)) != JB_OK)
        goto fail;
    if (trace) {
        trace->fit = predicted(&L);
        trace->emit = used;
    }
    release(&L);
    *out = L.page;
    return JB_OK;

fail:
    release(&L);
    jb_page_free(L.page);
    return st;
}

jb_status
jb_layout(const jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs, jb_page **out, jb_diag *d)
{
    return jb_layout_traced(tx, spec, fs, out, NULL, d);
}
