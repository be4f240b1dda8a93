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
jb_status
jb_lay_shape_entries(lay *L, const jb_page_text *const *e, size_t n_e, run *out)
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

jb_status
jb_lay_shape_para(lay *L, const jb_page_texts *tx, size_t *k, para *pa)
{
    const jb_page_text *e = &tx->items[*k], *parts[2] = {e, NULL};
    size_t np = 1;
    run pr;
    jb_status st;

    pa->section = e->section;
    pa->first = e->role == JB_TEXT_HEAD || (e->role == JB_TEXT_LEAD && e->index == 0);
    pa->centred = e->centred;
    pa->flush = e->note;
    pa->right = e->right;
    pa->indent_em = e->indent_em;
    if (e->role == JB_TEXT_HEAD && e->run_in && *k + 1 < tx->n)
        parts[np++] = &tx->items[++*k];
    if ((st = jb_lay_shape_entries(L, parts, np, &pr)) != JB_OK)
        return st;
    pa->boxes = pr.boxes, pa->colors = pr.colors, pa->n = pr.n;
    return JB_OK;
}

static jb_status
shape_one(lay *L, const jb_page_text *e, run *out)
{
    return jb_lay_shape_entries(L, &e, 1, out);
}

void
jb_lay_run_fini(run *r)
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
    if (b->mark & JB_MARK_SUBHEAD) /* a （一） head: bold Kai (§5.4) */
        g.stroke = (uint8_t)lround(fmax(L->spec->head_bold_em, SUBHEAD_BOLD_EM) * 1000);
    else if (b->mark & JB_MARK_HEAD)
        g.stroke = (uint8_t)lround(L->spec->head_bold_em * 1000);
    else if (L->bold_title)
        g.stroke = (uint8_t)lround(L->spec->title_bold_em * 1000);
    g.style = (uint8_t)(((b->mark & JB_MARK_FIGURE) ? JB_STYLE_FIGURE : 0) |
                        ((b->mark & JB_MARK_HEAD) ? JB_STYLE_HEAD : 0));
    return jb_page_push_glyph(pg, &g);
}

int
jb_lay_push_rule(jb_page *pg, double x0, double y, double x1, double width, int color)
{
    jb_rule r = {(float)x0, (float)y, (float)x1, (float)y, (float)width, (uint8_t)color, 0};
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
jb_status
jb_lay_emit_line(lay *L, const jb_box *b, const uint8_t *colors, size_t n, double size,
                 double tracking_em, int align, double left, double measure, double baseline,
                 int kind)
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

/* ---- assembly ---- */

jb_status
jb_lay_emit_masthead(lay *L, double left, double measure, double *cursor)
{
    const jb_spec *s = L->spec;
    double name_pt = s->masthead_pt, w = 0, track = s->masthead_tracking_em;
    /* unit and date one 字 in under a centred name; flush with a flush-left name (§5.4) */
    double sub = L->sub_pt, in = s->masthead_left ? 0 : sub * M.sub_indent;
    const run *nm = &L->name;
    jb_status st;

    for (size_t i = 0; i < nm->n; i++)
        w += nm->boxes[i].adv * s->masthead_scale;
    if (track < 0)
        track = nm->n > 0 && nm->n <= NAME_SHORT ? NAME_SHORT_TRACK : 0;
    w += track * (double)(nm->n - 1);
    if (w * name_pt > measure * NAME_MAX_WIDTH)
        name_pt = measure * NAME_MAX_WIDTH / w;
    if (L->secret.n || L->serial.n) { /* 密级 flush left, 编号 flush right (GB/T 9704) */
        *cursor += sub * M.sub_above;
        if ((st = jb_lay_emit_line(L, L->secret.boxes, L->secret.colors, L->secret.n, sub, 0, 0,
                                   left, measure, *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) !=
                JB_OK ||
            (st = jb_lay_emit_line(L, L->serial.boxes, L->serial.colors, L->serial.n, sub, 0, 2,
                                   left, measure, *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) !=
                JB_OK)
            return st;
        *cursor += sub * (M.sub_adv + M.sub_above); /* set apart from the name below */
    }
    /* the stretched 机关名: the name set and drawn wider (PDF Tz), its height kept */
    L->hscale = s->masthead_scale;
    st = jb_lay_emit_line(L, nm->boxes, nm->colors, nm->n, name_pt, track, s->masthead_left ? 0 : 1,
                          left, measure, *cursor + name_pt * M.ascent, JB_LINE_MASTHEAD);
    L->hscale = 1;
    if (st != JB_OK)
        return st;
    *cursor += s->masthead_pt * M.name_adv;
    if (L->issue.n) {
        *cursor += sub * M.issue_above;
        if ((st = jb_lay_emit_line(L, L->issue.boxes, L->issue.colors, L->issue.n, sub, 0,
                                   s->masthead_left ? 0 : 1, left, measure,
                                   *cursor + sub * M.ascent, JB_LINE_MASTHEAD)) != JB_OK)
            return st;
        *cursor += sub * M.issue_adv;
    }
    if (jb_lay_unit_line(L)) {
        *cursor += sub * jb_lay_unit_above(L);
        if ((L->unit.n &&
             (st = jb_lay_emit_line(L, L->unit.boxes, L->unit.colors, L->unit.n, sub, 0, 0,
                                    left + in, measure - 2 * in, *cursor + sub * M.ascent,
                                    JB_LINE_MASTHEAD)) != JB_OK) ||
            (L->date.n &&
             (st = jb_lay_emit_line(L, L->date.boxes, L->date.colors, L->date.n, sub, 0, 2,
                                    left + in, measure - 2 * in, *cursor + sub * M.ascent,
                                    JB_LINE_MASTHEAD)) != JB_OK))
            return st;
        *cursor += sub * M.sub_adv;
    }
    *cursor += M.rule_gap_mm * MM_PT;
    if (jb_lay_push_rule(L->page, left, L->page->h_pt - *cursor - s->rule_pt / 2, left + measure,
                         s->rule_pt, JB_COLOR_RED) != 0)
        return jb_lay_nomem(L);
    *cursor += s->rule_pt;
    return JB_OK;
}

static jb_status
emit_para(lay *L, para *pa, double size, double left0, double pitch, double *cursor)
{
    return jb_lay_emit_lines(L, pa, 0, pa->pl.n_lines, size, left0, pitch, cursor);
}

jb_status
jb_lay_emit_lines(lay *L, para *pa, size_t l0, size_t l1, double size, double left0, double pitch,
                  double *cursor)
{
    jb_page *pg = L->page;

    for (size_t l = l0; l < l1; l++) {
        const jb_line *ln = &pa->pl.lines[l];
        double left = left0 + (pa->centred ? (L->width_pt - ln->width_pt) / 2 - ln->left_pt
                               : pa->right ? L->width_pt - ln->width_pt - ln->left_pt - 2 * size
                                           : 0);
        double baseline = *cursor + (pitch - size) / 2 + size * M.ascent;
        jb_page_line pl;
        memset(&pl, 0, sizeof pl);
        pl.first_glyph = pg->n_glyphs;
        for (size_t i = ln->start; i < ln->end; i++)
            if (jb_lay_push_glyph(L, &pa->boxes[i], pa->colors[i], left + pa->pl.x_pt[i],
                                  pg->h_pt - baseline, size) != 0)
                return jb_lay_nomem(L);
        if (ln->hyphen && ln->end > ln->start) { /* a word broken at the line's end (§4.4) */
            jb_box h = pa->boxes[ln->end - 1];
            h.cp = '-', h.mark = 0, h.shift = 0;
            if (jb_lay_push_glyph(L, &h, pa->colors[ln->end - 1], left + ln->hyphen_x_pt,
                                  pg->h_pt - baseline, size) != 0)
                return jb_lay_nomem(L);
        }
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
            if (jb_lay_push_rule(pg, x0, pg->h_pt - baseline - M.underline * size, x1,
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
jb_status
jb_lay_emit_foot(lay *L, double left, double measure, double *top)
{
    const jb_spec *s = L->spec;
    double sub = s->foot_pt, row = sub * M.foot_row, rule = s->foot_rule_pt;
    double y = L->page->h_pt - s->margin_bottom_pt; /* distance from top of the foot's bottom */
    int rows = jb_lay_foot_rows(L);
    jb_status st;

    *top = y;
    if (rows == 0)
        return JB_OK;
    *top = y - rows * row - 2 * M.foot_pad;
    /* GB/T 9704 7.4.1: the first and last rules thick, those between thin */
    if (jb_lay_push_rule(L->page, left, L->page->h_pt - *top, left + measure, rule,
                         JB_COLOR_BLACK) != 0 ||
        jb_lay_push_rule(L->page, left, L->page->h_pt - y, left + measure, rule, JB_COLOR_BLACK) !=
            0)
        return jb_lay_nomem(L);
    double cursor = *top + M.foot_pad;
    int done = 0;
    for (int k = 0; k < JB_FOOT_RUNS; k++) { /* 报 送 发, 本期增发, the copies, 印发 */
        static const int order[JB_FOOT_RUNS] = {JB_DIST_BAO,    JB_DIST_SONG,   JB_DIST_FA,
                                                JB_FOOT_EXTRA,  JB_FOOT_COPIES, JB_FOOT_PRINTER,
                                                JB_FOOT_PRINTED};
        int r = order[k];
        const run *f = &L->foot[r];
        /* the 印发 row: its left part, then its right part on the same row */
        int same_row = r == JB_FOOT_PRINTED && L->foot[JB_FOOT_PRINTER].n > 0;
        if (f->n == 0)
            continue;
        if (same_row)
            cursor -= row;
        else if (done > 0 && jb_lay_push_rule(L->page, left, L->page->h_pt - cursor, left + measure,
                                              rule / 2, JB_COLOR_BLACK) != 0)
            return jb_lay_nomem(L);
        int align = r == JB_FOOT_COPIES || r == JB_FOOT_PRINTED ? 2 : 0;
        if ((st = jb_lay_emit_line(L, f->boxes, f->colors, f->n, sub, 0, align, left + sub,
                                   measure - 2 * sub, cursor + (row - sub) / 2 + sub * M.ascent,
                                   JB_LINE_FOOT)) != JB_OK)
            return st;
        cursor += row;
        done++;
    }
    return JB_OK;
}

run *
jb_lay_photo_para(lay *L, const jb_page_text *e)
{
    para *pa = &L->paras[L->n_paras++];
    pa->section = e->section;
    pa->photo = 1 + e->index;
    if ((size_t)e->index >= L->n_photos) {
        jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "a caption of no photo");
        return NULL;
    }
    return &L->photos[e->index].cap;
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
        case JB_TEXT_SERIAL: r = &L->serial; break;
        case JB_TEXT_NOTE: r = &L->note; break; /* above the title (layout_note.c) */
        case JB_TEXT_CONTENTS:                  /* an issue's (layout_issue.c) */
        case JB_TEXT_FOLIO:
        case JB_TEXT_PAGENUM: continue;
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
        case JB_TEXT_CAPTION:
            if ((r = jb_lay_photo_para(L, e)) == NULL)
                return L->d->status;
            break;
        default:
            if ((st = jb_lay_shape_para(L, tx, &k, &L->paras[L->n_paras++])) != JB_OK)
                return st;
        }
        if (r && (st = shape_one(L, e, r)) != JB_OK)
            return st;
    }
    return JB_OK;
}

void
jb_lay_release(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        free(L->paras[p].boxes);
        free(L->paras[p].colors);
        free(L->paras[p].brk);
        jb_lines_prep_free(L->paras[p].prep);
        jb_para_layout_fini(&L->paras[p].pl);
        jb_para_layout_fini(&L->paras[p].kept);
        jb_para_layout_fini(&L->paras[p].ahead);
        jb_para_layout_fini(&L->paras[p].ahead_best);
    }
    free(L->paras);
    jb_lay_run_fini(&L->title);
    jb_lay_run_fini(&L->note);
    jb_lay_run_fini(&L->byline);
    jb_lay_run_fini(&L->source);
    jb_lay_run_fini(&L->name);
    jb_lay_run_fini(&L->issue);
    jb_lay_run_fini(&L->secret);
    jb_lay_run_fini(&L->serial);
    jb_lay_run_fini(&L->unit);
    jb_lay_run_fini(&L->date);
    for (int r = 0; r < JB_FOOT_RUNS; r++)
        jb_lay_run_fini(&L->foot[r]);
    for (size_t i = 0; i < L->n_photos; i++) {
        jb_lay_run_fini(&L->photos[i].cap);
        free(L->photos[i].cap_brk);
    }
    free(L->photos);
    jb_lay_release_tables(L);
}

jb_status
jb_lay_emit_byline(lay *L, const run *b, const run *r, double top)
{
    /* the names and 来源：… centred together on one line, two 字 apart */
    double by = L->line_pt, base = top + by * M.byline_top + by * M.ascent;
    double wb = 0, ws = 0, gap = b->n && r->n ? by * M.source_gap : 0;
    double left = L->spec->margin_left_pt, measure = L->width_pt;
    double *x = malloc((b->n + r->n + 1) * sizeof *x);
    jb_status st;

    if (x == NULL)
        return jb_lay_nomem(L);
    st = jb_lay_set_natural(L, b->boxes, b->n, by, 0, x, &wb);
    if (st == JB_OK)
        st = jb_lay_set_natural(L, r->boxes, r->n, by, 0, x, &ws);
    free(x);
    if (st != JB_OK)
        return st;
    double x0 = left + (measure - wb - gap - ws) / 2;
    if ((st = jb_lay_emit_line(L, b->boxes, b->colors, b->n, by, 0, 0, x0, wb, base,
                               JB_LINE_BYLINE)) != JB_OK)
        return st;
    return jb_lay_emit_line(L, r->boxes, r->colors, r->n, by, 0, 0, x0 + wb + gap, ws, base,
                            JB_LINE_SOURCE);
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

    if ((st = jb_lay_emit_masthead(L, left, measure, &cursor)) != JB_OK)
        return st;
    used->masthead = cursor - spec->margin_top_pt;
    mark = cursor;
    if (L->note.n) { /* the 编者按, one line clear of the rule, takes the share above the title */
        cursor += size * spec->leading * M.note_above + share;
        if ((st = jb_lay_emit_note(L, size, &cursor)) != JB_OK)
            return st;
        cursor += L->title_pt * M.title_above;
    } else {
        cursor += L->title_pt * M.title_above + share;
    }
    {
        const run *t = &L->title;
        size_t br = L->title_break ? L->title_break : t->n;
        double top = L->title_pt * M.title_top + L->title_pt * M.ascent;
        L->bold_title = 1;
        size_t upper = br - (L->title_break && t->boxes[br - 1].cp == 0x3000); /* §5.4.1 */
        st = jb_lay_emit_line(L, t->boxes, t->colors, upper, L->title_pt, 0, 1, left, measure,
                              cursor + top, JB_LINE_TITLE);
        if (st == JB_OK && L->title_break)
            st = jb_lay_emit_line(L, t->boxes + br, t->colors + br, t->n - br, L->title_pt, 0, 1,
                                  left, measure, cursor + top + L->title_pt * M.title_adv,
                                  JB_LINE_TITLE);
        L->bold_title = 0;
        if (st != JB_OK)
            return st;
        cursor += L->title_pt * M.title_adv * (L->title_break ? 2 : 1);
    }
    used->title = cursor - mark - share;
    mark = cursor;
    if (L->byline.n || L->source.n) {
        if ((st = jb_lay_emit_byline(L, &L->byline, &L->source, cursor)) != JB_OK)
            return st;
        cursor += L->line_pt * M.byline_adv;
    }
    used->byline = cursor - mark;
    mark = cursor;
    cursor += pitch * M.body_above + share;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        if ((pa->first && pa->section > 0) || (pa->first && pa->section == 0 && L->tx->n_lead)) {
            if (spec->section_rule_pt > 0) { /* an accent rule sets the section apart */
                double y = cursor + M.section_rule * pitch;
                if (jb_lay_push_rule(pg, left, pg->h_pt - y, left + measure, spec->section_rule_pt,
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
    if ((st = jb_lay_emit_foot(L, left, measure, &foot_top)) != JB_OK)
        return st;
    used->foot = jb_lay_foot_rows(L)
                     ? spec->page_h_pt - spec->margin_bottom_pt - foot_top + M.foot_above
                     : 0;
    used->spare = spec->page_h_pt - spec->margin_bottom_pt - used->foot - cursor;
    pg->spare_pt = spec->page_h_pt - spec->margin_bottom_pt - L->h.foot - cursor;
    if (fabs(pg->spare_pt) < 0.005)
        pg->spare_pt = 0;
    return JB_OK;
}

/* jb_layout_traced's one article on several pages: L laid out afresh by the issue's layout. */
static jb_status
again_on_pages(lay *L0, jb_layout_trace *trace, jb_page **out)
{
    lay L;
    jb_status st;

    memset(&L, 0, sizeof L);
    L.tx = L0->tx, L.spec = L0->spec, L.fs = L0->fs, L.d = L0->d;
    L.kept_k = -1;
    L.hscale = 1;
    L.page = L0->page;
    L.width_pt = L0->width_pt;
    jb_lay_release(L0);
    /* the page as it was before the one-page attempt: its colours and fallbacks kept */
    L.page->n_glyphs = L.page->n_rules = L.page->n_lines = L.page->n_cells = 0;
    jb_diag_init(L.d);
    if ((st = jb_layout_issue(&L)) != JB_OK) {
        jb_lay_release(&L);
        jb_page_free(L.page);
        return st;
    }
    if (trace)
        memset(trace, 0, sizeof *trace);
    jb_lay_release(&L);
    *out = L.page;
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
    memcpy(L.page->cmyk[JB_COLOR_FIGURE], spec->red, sizeof spec->red); /* one red (§6.7) */
    memcpy(L.page->spot, spec->spot, sizeof L.page->spot);
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
    L.page->n_pages = 1;
    if (tx->n_items > 1 || tx->issue) { /* an issue (of several items, RULES.md §5.7) */
        if ((st = jb_layout_issue(&L)) != JB_OK)
            goto fail;
        if (trace)
            memset(trace, 0, sizeof *trace);
        jb_lay_release(&L);
        *out = L.page;
        return JB_OK;
    }
    if ((st = prepare(&L)) != JB_OK || (st = jb_lay_fit(&L)) != JB_OK ||
        (st = emit(&L, &used)) != JB_OK) {
        /* one article too long for one page, when the layout lets it flow onto more */
        if (st == JB_ERR_OVERFLOW && spec->pages > 1 && tx->folios &&
            strcmp(d->code, "title_too_long") != 0 && !strstr(d->message, "is too wide"))
            return again_on_pages(&L, trace, out);
        goto fail;
    }
    if (trace) {
        trace->fit = jb_lay_predicted(&L);
        trace->emit = used;
    }
    jb_lay_release(&L);
    *out = L.page;
    return JB_OK;

fail:
    jb_lay_release(&L);
    jb_page_free(L.page);
    return st;
}

jb_status
jb_layout(const jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs, jb_page **out, jb_diag *d)
{
    return jb_layout_traced(tx, spec, fs, out, NULL, d);
}
