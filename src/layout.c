/* layout — one-page placement of the brief and the body-size fit (RULES.md §3.2, §5.4, §5.5; the
 * title's break in layout_title.c).
 */
#include "layout_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "lines.h"
#include "shape.h"
#include "utf8.h"

jb_status
jb_lay_nomem(lay *L)
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
        return jb_lay_nomem(L);
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
int
jb_lay_push_glyph(lay *L, const jb_box *b, int color, double x, double y, double size)
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

jb_status
jb_lay_set_natural(lay *L, const jb_box *b, size_t n, double size, double tracking_em, double *x,
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
        return jb_lay_nomem(L);
    if ((st = jb_lay_set_natural(L, b, n, size, tracking_em, x, &w)) != JB_OK) {
        free(x);
        return st;
    }
    double x0 = align == 0 ? left : align == 1 ? left + (measure - w) / 2 : left + measure - w;
    memset(&ln, 0, sizeof ln);
    ln.first_glyph = L->page->n_glyphs;
    for (size_t i = 0; i < n; i++)
        if (jb_lay_push_glyph(L, &b[i], colors[i], x0 + x[i], L->page->h_pt - baseline, size) !=
            0) {
            free(x);
            return jb_lay_nomem(L);
        }
    free(x);
    ln.n_glyphs = L->page->n_glyphs - ln.first_glyph;
    ln.x0 = (float)x0, ln.x1 = (float)(x0 + w), ln.y = (float)(L->page->h_pt - baseline);
    ln.size = (float)size, ln.kind = (uint8_t)kind, ln.last = 1;
    return jb_page_push_line(L->page, &ln) == 0 ? JB_OK : jb_lay_nomem(L);
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
            return jb_lay_nomem(L);
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
    for (int r = 0; r < JB_FOOT_ROWS; r++)
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
double
jb_lay_avail_at(const lay *L, double body)
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
        return jb_lay_nomem(L);
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
            if (jb_lay_push_glyph(L, &pa->boxes[i], pa->colors[i], left + pa->pl.x_pt[i],
                                  pg->h_pt - baseline, size) != 0)
                return jb_lay_nomem(L);
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
                return jb_lay_nomem(L);
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
            return jb_lay_nomem(L);
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
        return jb_lay_nomem(L);
    double cursor = *top + M.foot_pad;
    int done = 0;
    for (int k = 0; k < JB_FOOT_ROWS; k++) { /* 报 送 发, 本期增发, the copies */
        int r = k < JB_DIST_COUNT ? k : k == JB_DIST_COUNT ? JB_FOOT_EXTRA : JB_FOOT_COPIES;
        const run *f = &L->foot[r];
        if (f->n == 0)
            continue;
        if (done > 0 && push_rule(L->page, left, L->page->h_pt - cursor, left + measure, rule / 2,
                                  JB_COLOR_BLACK) != 0)
            return jb_lay_nomem(L);
        int align = r == JB_FOOT_COPIES ? 2 : 0;
        if ((st = emit_line(L, f->boxes, f->colors, f->n, sub, 0, align, left + sub,
                            measure - 2 * sub, cursor + (row - sub) / 2 + sub * M.ascent,
                            JB_LINE_FOOT)) != JB_OK)
            return st;
        cursor += row;
        done++;
    }
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
        return jb_lay_nomem(L);
    if ((st = jb_lay_prepare_photos(L)) != JB_OK || (st = jb_lay_prepare_tables(L)) != JB_OK)
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
    for (int r = 0; r < JB_FOOT_ROWS; r++)
        run_fini(&L->foot[r]);
    for (size_t i = 0; i < L->n_photos; i++)
        run_fini(&L->photos[i].cap);
    free(L->photos);
    jb_lay_release_tables(L);
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
        (photo_lines = jb_lay_photos_lines(L, size)) < 0)
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
    int photo_lines = jb_lay_photos_lines(L, size);
    double pitch = size * L->spec->leading;
    if (photo_lines < 0)
        return 0;
    double need = (least_lines(L, size) + photo_lines + section_gaps(L)) * size * L->spec->leading;
    return need + pitch * M.body_above > jb_lay_avail_at(L, size);
}

/* The body's lines at size, as body_height: the best-looking ones, or when those need more than
 * the height the body has, the fewest (paragraphs compressed evenly to save a line each, where
 * that costs less than JB_LINES_TIGHT); L->tight says which. Lines × pitch, or -1 on error. */
double
jb_lay_set_body(lay *L, double size, int *lines)
{
    double half = size * L->spec->leading * M.body_above, need;

    L->tight = 0;
    need = body_height(L, size, lines);
    if (need < 0 || need + half <= jb_lay_avail_at(L, size))
        return need;
    /* the fewest lines any breaking could take: when even those do not fit, none is tried */
    double pitch = size * L->spec->leading;
    int photo_lines = jb_lay_photos_lines(L, size);
    if (photo_lines >= 0 && (least_lines(L, size) + photo_lines + section_gaps(L)) * pitch + half >
                                jb_lay_avail_at(L, size))
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
    double avail = jb_lay_avail_at(L, size);
    /* without *over to give, a size the fewest lines cannot fit needs no breaking */
    if (over == NULL && cannot_fit(L, size))
        return 0;
    double need = jb_lay_set_body(L, size, &lines), pitch = size * L->spec->leading;
    if (need < 0)
        return -1;
    if (over)
        *over = (need + pitch * M.body_above - avail) / pitch;
    if (need + pitch * M.body_above > avail)
        return 0;
    keep_breaks(L, k, lines);
    return 1;
}

int
jb_lay_fits(lay *L, long k)
{
    return fits_by(L, k, NULL);
}

/* The largest step k in [0, n] at which the body fits, -1 if none, -2 on error. The search starts
 * at the largest step the fewest lines could fit (cannot_fit, no breaking), which is the answer
 * almost always; below it steps are tried downwards, and from one that fits the search still
 * looks a step or two up (a size that breaks more luckily can fit where a smaller one did not):
 * two paragraph breakings (best-looking, then fewest lines) at about one size. */
long
jb_lay_fit_step(lay *L, long n)
{
    long k;
    int f;

    if (prepare_breaks(L) != JB_OK)
        return -2;
    k = n;
    while (k > 0 && cannot_fit(L, L->spec->body_min_pt + (double)k * L->spec->body_step_pt))
        k--;
    if ((f = jb_lay_fits(L, k)) < 0)
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
            if (!f1 && look && over < 1 && (f2 = jb_lay_fits(L, k + 2)) < 0)
                return -2;
            if (!f1 && !f2)
                break;
            k += f1 ? 1 : 2;
        }
        return k;
    }
    while (--k >= 0) {
        if ((f = jb_lay_fits(L, k)) < 0)
            return -2;
        if (f)
            return k;
    }
    return -1; /* not even at the floor */
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
        L->title_break = jb_lay_title_break(L, L->title_pt, L->width_pt);
        if (L->title_break != TITLE_NONE || L->title_pt <= TITLE_MIN_PT)
            break;
    }
    if (L->title_break == TITLE_NOMEM)
        return jb_lay_nomem(L);
    if (L->title_break == TITLE_NONE) {
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0, "shorten the title",
                    "the title does not fit on two lines even at %d pt", TITLE_MIN_PT);
        return jb_diag_code(L->d, "title_too_long");
    }
    k = jb_lay_fit_step(L, lround((spec->body_max_pt - spec->body_min_pt) / step));
    if (L->n_photos && k != -2 && (st = jb_lay_fit_photos(L, &k)) != JB_OK)
        return st;
    if (k == -1) { /* not even at the floor: 开明式 punctuation is the last step (§5.5, §8) */
        L->kaiming = 1;
        L->kept_k = -1;
        k = jb_lay_fits(L, 0) == 1 ? 0 : -1;
    }
    if (k == -2)
        return L->d->status;
    if (k < 0 && L->n_tables && jb_lay_tables_overflow(L))
        return L->d->status;
    if (k < 0 && L->n_photos)
        return jb_lay_photos_overflow(L);
    if (k < 0) {
        double need = jb_lay_set_body(L, spec->body_min_pt, &lines);
        pitch = spec->body_min_pt * spec->leading;
        int over = (int)ceil(
            (need + pitch * M.body_above - jb_lay_avail_at(L, spec->body_min_pt)) / pitch - 1e-9);
        return jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0,
                           "shorten the report, or use a layout with a lower [body] min",
                           "the report does not fit on one page: at the floor size of %.2f pt it "
                           "overflows by %d line%s",
                           spec->body_min_pt, over, over == 1 ? "" : "s");
    }
    L->size = spec->body_min_pt + (double)k * step;
    if (!restore_breaks(L, k, &lines) && jb_lay_set_body(L, L->size, &lines) < 0)
        return L->d->status;
    L->lines = lines;
    if ((L->n_photos || L->n_tables) && (L->photo_lines = jb_lay_photos_lines(L, L->size)) < 0)
        return L->d->status;
    if (L->n_photos)
        jb_lay_photo_note(L);
    L->h = heights_at(L, L->size);
    L->avail = jb_lay_avail_at(L, L->size);
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
        size_t upper = br - (L->title_break && t->boxes[br - 1].cp == 0x3000); /* §5.4.1 */
        st = emit_line(L, t->boxes, t->colors, upper, L->title_pt, 0, 1, left, measure,
                       cursor + top, JB_LINE_TITLE);
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
            return jb_lay_nomem(L);
        st = jb_lay_set_natural(L, b->boxes, b->n, by, 0, x, &wb);
        if (st == JB_OK)
            st = jb_lay_set_natural(L, r->boxes, r->n, by, 0, x, &ws);
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
                    return jb_lay_nomem(L);
                cursor += M.section_gap * pitch;
            }
        }
        if (pa->table) {
            if ((st = jb_lay_emit_table(L, pa->table - 1, size, pitch, &cursor)) != JB_OK)
                return st;
            continue;
        }
        if (pa->photo) {
            size_t n = jb_lay_row_length(L, p);
            if ((st = jb_lay_emit_photo_row(L, p, n, size, pitch, &cursor)) != JB_OK)
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
        return jb_lay_nomem(&L);
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
