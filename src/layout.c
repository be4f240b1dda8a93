/* layout — one-page placement of the brief and the body-size fit (RULES.md §3.2, §5.4, §5.5).
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "shape.h"
#include "utf8.h"
#include "words.h"

#define MM_PT  (72.0 / 25.4)
#define ASCENT 0.88 /* baseline below the top of the ideographic em box */

/* A paragraph or line of text, shaped once (widths in em) and set at each trial size. */
typedef struct {
    jb_box *boxes;
    size_t n;
    int kind;        /* JB_LINE_BODY or JB_LINE_SOURCE */
    int section;     /* -1 for the lead */
    int first;       /* first paragraph of its section (or of the lead) */
    uint8_t *brk;    /* break opportunities: the same at every size */
    double width_em; /* natural width, for the first guess of the size */
    jb_para_layout pl;
    jb_para_layout kept; /* pl at the step kept_k of lay */
} para;

typedef struct {
    const jb_doc *doc;
    const jb_spec *spec;
    jb_fontset *fs;
    jb_diag *d;
    jb_page *page;
    para *paras;
    size_t n_paras;
    jb_box *title;
    size_t n_title;
    double title_pt;
    size_t title_break; /* 0: one line */
    jb_box *byline;
    size_t n_byline;
    jb_box *source; /* 来源：… under the byline */
    size_t n_source;
    jb_box *name;
    size_t n_name;
    jb_box *issue, *unit, *date;
    size_t n_issue, n_unit, n_date;
    jb_box *foot[JB_DIST_COUNT + 1];
    size_t n_foot[JB_DIST_COUNT + 1];
    double width_pt; /* room between the margins */
    int kaiming;     /* 开明式 punctuation: the step before giving up (§5.5, §8) */
    long kept_k;     /* the step whose lines the paragraphs keep, -1 for none */
    int kept_lines;
} lay;

static jb_status
nomem(lay *L)
{
    return jb_diag_set(L->d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory laying out the page");
}

/* Shapes parts (texts with a role each, figures in Hei) into one new box array. */
typedef struct {
    const jb_text *t;
    const char *lit; /* or a literal UTF-8 string */
    int role;
    uint8_t mark; /* added to the marks of its characters (JB_MARK_HEAD) */
} part;

static jb_status
shape_parts(lay *L, const part *parts, size_t n_parts, jb_box **out, size_t *n_out)
{
    size_t n = 0, k = 0;
    uint32_t *cps;
    uint32_t *offs;
    uint8_t *marks, *roles;
    jb_status st;

    *out = NULL;
    *n_out = 0;
    for (size_t p = 0; p < n_parts; p++)
        n += parts[p].t ? parts[p].t->n : strlen(parts[p].lit);
    if (n == 0)
        return JB_OK;
    cps = malloc(n * sizeof *cps);
    offs = malloc(n * sizeof *offs);
    marks = malloc(n);
    roles = malloc(n);
    *out = malloc(n * sizeof **out);
    if (!cps || !offs || !marks || !roles || !*out) {
        free(cps), free(offs), free(marks), free(roles), free(*out);
        *out = NULL;
        return nomem(L);
    }
    for (size_t p = 0; p < n_parts; p++) {
        if (parts[p].t) {
            const jb_text *t = parts[p].t;
            for (size_t i = 0; i < t->n; i++, k++) {
                cps[k] = t->cps[i];
                offs[k] = t->offs[i];
                marks[k] = t->marks[i];
                marks[k] = (uint8_t)(t->marks[i] | parts[p].mark);
                roles[k] = (uint8_t)((t->marks[i] & JB_MARK_FIGURE) ? L->spec->figure_font
                                                                    : parts[p].role);
            }
        } else {
            const char *s = parts[p].lit;
            size_t len = strlen(s);
            for (size_t b = 0; b < len; k++) {
                b += jb_utf8_decode(s + b, len - b, &cps[k]);
                offs[k] = 0;
                marks[k] = 0;
                roles[k] = (uint8_t)parts[p].role;
            }
        }
    }
    st = jb_shape(L->fs, cps, offs, marks, roles, k, *out, L->d);
    free(cps), free(offs), free(marks), free(roles);
    if (st != JB_OK) {
        free(*out);
        *out = NULL;
        return st;
    }
    *n_out = k;
    return JB_OK;
}

static jb_status
shape_one(lay *L, const jb_text *t, int role, jb_box **out, size_t *n)
{
    part p = {t, NULL, role, 0};
    return shape_parts(L, &p, 1, out, n);
}

/* ---- page output ---- */

/* Makes room for one more element in the array *arr of *cap elements holding n; 0 or -1. */
static int
grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    void *a;
    size_t want;

    if (n < *cap)
        return 0;
    want = *cap ? *cap * 2 : 64;
    a = realloc(*arr, want * elem);
    if (a == NULL)
        return -1;
    *arr = a;
    *cap = want;
    return 0;
}

static int
push_glyph(lay *L, const jb_box *b, double x, double y, double size, int color)
{
    jb_page *pg = L->page;

    if (grow((void **)&pg->glyphs, &pg->cap_glyphs, pg->n_glyphs, sizeof *pg->glyphs) != 0)
        return -1;
    /* Spaces are drawn as glyphs, so that they come back when the text is copied; a font without
     * a space glyph would draw its .notdef box instead, so then the space is only spacing. */
    if ((b->cp == ' ' || b->cp == 0x3000) && !jb_font_has(jb_fontset_get(L->fs, b->font), b->cp))
        return 0;
    jb_glyph *g = &pg->glyphs[pg->n_glyphs++];
    g->x = (float)x;
    g->y = (float)y;
    g->size = (float)size;
    g->cp = b->cp;
    g->font = b->font;
    g->color = (uint8_t)((b->mark & JB_MARK_FIGURE) ? JB_COLOR_FIGURE
                         : (b->mark & JB_MARK_HEAD) ? JB_COLOR_ACCENT
                                                    : color);
    return 0;
}

static int
push_line(jb_page *pg, const jb_page_line *ln)
{
    if (grow((void **)&pg->lines, &pg->cap_lines, pg->n_lines, sizeof *pg->lines) != 0)
        return -1;
    pg->lines[pg->n_lines++] = *ln;
    return 0;
}

static int
push_rule(jb_page *pg, double x0, double y, double x1, double width, int color)
{
    if (grow((void **)&pg->rules, &pg->cap_rules, pg->n_rules, sizeof *pg->rules) != 0)
        return -1;
    jb_rule *r = &pg->rules[pg->n_rules++];
    r->x0 = (float)x0, r->x1 = (float)x1, r->y0 = r->y1 = (float)y;
    r->width = (float)width;
    r->color = (uint8_t)color;
    return 0;
}

/* Sets boxes[0..n) as one unjustified line at size; returns its width and fills x (per box). */
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
        x[i] = pl.x_pt[i] + tracking_em * size * (double)i;
    *width = pl.lines[0].width_pt + tracking_em * size * (double)(n - 1);
    jb_para_layout_fini(&pl);
    return JB_OK;
}

/* Emits one unjustified line: align 0 left, 1 centre, 2 right, within [left, left + measure]. */
static jb_status
emit_line(lay *L, const jb_box *b, size_t n, double size, double tracking_em, int align,
          double left, double measure, double baseline, int color, int kind)
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
        if (push_glyph(L, &b[i], x0 + x[i], L->page->h_pt - baseline, size, color) != 0) {
            free(x);
            return nomem(L);
        }
    free(x);
    ln.n_glyphs = L->page->n_glyphs - ln.first_glyph;
    ln.x0 = (float)x0, ln.x1 = (float)(x0 + w), ln.y = (float)(L->page->h_pt - baseline);
    ln.size = (float)size, ln.kind = (uint8_t)kind, ln.last = 1;
    return push_line(L->page, &ln) == 0 ? JB_OK : nomem(L);
}

/* ---- title: at most two lines, broken between words, the upper line the longer (GB/T 9704 7.3.1)
 */

static size_t
title_break(lay *L, double size, double measure)
{
    const jb_box *b = L->title;
    size_t n = L->n_title, best = 0;
    double total = 0, best_cost = 1e30;
    uint8_t *brk = malloc(n + 1), *word = calloc(n + 1, 1);
    uint32_t *cps = malloc(n * sizeof *cps);

    if (!brk || !word || !cps)
        goto out;
    for (size_t i = 0; i < n; i++) {
        total += b[i].adv;
        cps[i] = b[i].cp;
    }
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
        double upper = 0;
        for (size_t k = 1; k < n; k++) {
            upper += b[k - 1].adv;
            double lower = total - upper;
            if (!brk[k] || upper * size > measure || lower * size > measure)
                continue;
            double cost = fabs(upper - lower) + (upper < lower ? 100 : 0) + (word[k] ? 0 : 50);
            if (jb_punct_class(b[k - 1].cp) != JB_PUNCT_NONE && word[k])
                cost -= 1.5; /* a break after a mark reads naturally */
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
    return best;
}

/* ---- the body at a trial size ---- */

/* Break opportunities and natural widths of the body paragraphs: the same at every size. */
static jb_status
prepare_breaks(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        uint32_t *cps;
        uint8_t *marks;
        if (pa->kind == JB_LINE_SOURCE || pa->n == 0)
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
            pa->width_em += pa->boxes[i].adv;
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
                      .kaiming = L->kaiming};
    jb_status st;

    *lines = 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        jb_para_layout_fini(&pa->pl);
        if (pa->kind == JB_LINE_SOURCE) {
            *lines += 1;
            continue;
        }
        o.brk = pa->brk;
        if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
            return st;
        *lines += (int)pa->pl.n_lines;
    }
    return JB_OK;
}

typedef struct {
    double masthead, title, byline, foot;
} heights;

static double
foot_height(lay *L)
{
    int rows = 0;
    for (int r = 0; r <= JB_DIST_COUNT; r++)
        rows += L->n_foot[r] > 0;
    return rows ? rows * L->spec->foot_pt * 1.6 + 4 : 0;
}

/* Fixed (body-independent) heights above and below the body. */
static heights
fixed_heights(lay *L)
{
    const jb_spec *s = L->spec;
    heights h;
    double sub = s->masthead_sub_pt;
    h.masthead =
        s->masthead_pt * 1.05 + (L->n_issue ? sub * 1.7 : 0) + sub * 1.6 + 3 * MM_PT + s->rule_pt;
    h.title = L->title_pt * 0.8 + (L->title_break ? 2 : 1) * L->title_pt * 1.4;
    h.byline = (L->n_byline ? s->byline_pt * 1.7 : 0) + (L->n_source ? s->byline_pt * 1.3 : 0);
    h.foot = foot_height(L);
    if (h.foot > 0)
        h.foot += 6;
    return h;
}

/* ---- assembly ---- */

static jb_status
emit_masthead(lay *L, double left, double measure, double *cursor)
{
    const jb_spec *s = L->spec;
    double name_pt = s->masthead_pt, w = 0, track = 0;
    double sub = s->masthead_sub_pt;
    jb_status st;

    for (size_t i = 0; i < L->n_name; i++)
        w += L->name[i].adv;
    if (L->n_name > 0 && L->n_name <= 4)
        track = 0.5; /* letter-space short names (§5.4) */
    w += track * (double)(L->n_name - 1);
    if (w * name_pt > measure * 0.92)
        name_pt = measure * 0.92 / w;
    if ((st = emit_line(L, L->name, L->n_name, name_pt, track, s->masthead_left ? 0 : 1, left,
                        measure, *cursor + name_pt * ASCENT, JB_COLOR_RED, JB_LINE_MASTHEAD)) !=
        JB_OK)
        return st;
    *cursor += s->masthead_pt * 1.05;
    if (L->n_issue) {
        *cursor += sub * 0.5;
        if ((st = emit_line(L, L->issue, L->n_issue, sub, 0, s->masthead_left ? 0 : 1, left,
                            measure, *cursor + sub * ASCENT, JB_COLOR_BLACK, JB_LINE_MASTHEAD)) !=
            JB_OK)
            return st;
        *cursor += sub * 1.2;
    }
    *cursor += sub * 0.4;
    if ((st = emit_line(L, L->unit, L->n_unit, sub, 0, 0, left, measure, *cursor + sub * ASCENT,
                        JB_COLOR_BLACK, JB_LINE_MASTHEAD)) != JB_OK ||
        (st = emit_line(L, L->date, L->n_date, sub, 0, 2, left, measure, *cursor + sub * ASCENT,
                        JB_COLOR_BLACK, JB_LINE_MASTHEAD)) != JB_OK)
        return st;
    *cursor += sub * 1.2 + 3 * MM_PT;
    if (push_rule(L->page, left, L->page->h_pt - *cursor - s->rule_pt / 2, left + measure,
                  s->rule_pt, JB_COLOR_RED) != 0)
        return nomem(L);
    *cursor += s->rule_pt;
    return JB_OK;
}

static jb_status
emit_para(lay *L, para *pa, double size, double left, double measure, double pitch, double *cursor)
{
    jb_page *pg = L->page;

    if (pa->kind == JB_LINE_SOURCE) {
        jb_status st =
            emit_line(L, pa->boxes, pa->n, size, 0, 2, left, measure,
                      *cursor + (pitch - size) / 2 + size * ASCENT, JB_COLOR_BLACK, JB_LINE_SOURCE);
        *cursor += pitch;
        return st;
    }
    for (size_t l = 0; l < pa->pl.n_lines; l++) {
        const jb_line *ln = &pa->pl.lines[l];
        double baseline = *cursor + (pitch - size) / 2 + size * ASCENT;
        jb_page_line pl;
        memset(&pl, 0, sizeof pl);
        pl.first_glyph = pg->n_glyphs;
        for (size_t i = ln->start; i < ln->end; i++)
            if (push_glyph(L, &pa->boxes[i], left + pa->pl.x_pt[i], pg->h_pt - baseline, size,
                           JB_COLOR_BLACK) != 0)
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
            if (push_rule(pg, x0, pg->h_pt - baseline + 0.14 * size * -1, x1,
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
        if (push_line(pg, &pl) != 0)
            return nomem(L);
        *cursor += pitch;
    }
    return JB_OK;
}

static jb_status
emit_foot(lay *L, double left, double measure)
{
    const jb_spec *s = L->spec;
    double sub = s->foot_pt, row = sub * 1.6, rule = s->foot_rule_pt;
    double y = L->page->h_pt - s->margin_bottom_pt; /* distance from top of the foot's bottom */
    int rows = 0;
    jb_status st;

    for (int r = 0; r <= JB_DIST_COUNT; r++)
        rows += L->n_foot[r] > 0;
    if (rows == 0)
        return JB_OK;
    double top = y - rows * row - 4;
    /* GB/T 9704 7.4.1: the first and last rules thick, those between thin */
    if (push_rule(L->page, left, L->page->h_pt - top, left + measure, rule, JB_COLOR_BLACK) != 0 ||
        push_rule(L->page, left, L->page->h_pt - y, left + measure, rule, JB_COLOR_BLACK) != 0)
        return nomem(L);
    double cursor = top + 2;
    int done = 0;
    for (int r = 0; r <= JB_DIST_COUNT; r++) {
        if (L->n_foot[r] == 0)
            continue;
        if (done > 0 && push_rule(L->page, left, L->page->h_pt - cursor, left + measure, rule / 2,
                                  JB_COLOR_BLACK) != 0)
            return nomem(L);
        int align = r == JB_DIST_COUNT ? 2 : 0;
        if ((st = emit_line(L, L->foot[r], L->n_foot[r], sub, 0, align, left + sub,
                            measure - 2 * sub, cursor + (row - sub) / 2 + sub * ASCENT,
                            JB_COLOR_BLACK, JB_LINE_FOOT)) != JB_OK)
            return st;
        cursor += row;
        done++;
    }
    return JB_OK;
}

static int
ends_with_mark(const jb_text *t)
{
    return t->n > 0 && jb_punct_class(t->cps[t->n - 1]) != JB_PUNCT_NONE;
}

/* The 简报's name; 工作简报 when the report names none. */
static jb_status
shape_name(lay *L)
{
    part p = {L->doc->masthead.n ? &L->doc->masthead : NULL, L->spec->masthead_name, JB_FONT_HEI,
              0};
    return shape_parts(L, &p, 1, &L->name, &L->n_name);
}

static jb_status
prepare(lay *L)
{
    const jb_doc *doc = L->doc;
    jb_status st;
    size_t n_paras = doc->n_lead;
    static const char *const dist_label[] = {"报：", "送：", "发："};

    for (size_t s = 0; s < doc->n_sections; s++)
        n_paras += (doc->sections[s].n_paras ? doc->sections[s].n_paras : 1) + 1;
    L->paras = calloc(n_paras ? n_paras : 1, sizeof *L->paras);
    if (L->paras == NULL)
        return nomem(L);
    for (size_t i = 0; i < doc->n_lead; i++) {
        para *pa = &L->paras[L->n_paras++];
        pa->kind = JB_LINE_BODY, pa->section = -1, pa->first = i == 0;
        if ((st = shape_one(L, &doc->lead[i], JB_FONT_KAI, &pa->boxes, &pa->n)) != JB_OK)
            return st;
    }
    for (size_t s = 0; s < doc->n_sections; s++) {
        const jb_section *sec = &doc->sections[s];
        /* A head ending in a mark (重阵地，关工组织遍地开花。) runs in before the first paragraph
         * (§5.4); a heading without one (一、基本情况) stands on its own line. */
        int alone = !ends_with_mark(&sec->head) && sec->n_paras > 0;
        size_t np = (sec->n_paras ? sec->n_paras : 1) + (size_t)alone;
        for (size_t p = 0; p < np; p++) {
            size_t k = p - (size_t)alone; /* the paragraph's index in the section */
            para *pa = &L->paras[L->n_paras++];
            pa->kind = JB_LINE_BODY, pa->section = (int)s, pa->first = p == 0;
            if (p == 0 && alone) {
                part head = {&sec->head, NULL, L->spec->head_font, JB_MARK_HEAD};
                st = shape_parts(L, &head, 1, &pa->boxes, &pa->n);
            } else if (p == 0) {
                part parts[2] = {{&sec->head, NULL, L->spec->head_font, JB_MARK_HEAD},
                                 {sec->n_paras ? &sec->paras[0] : NULL, "", JB_FONT_SONG, 0}};
                st = shape_parts(L, parts, 2, &pa->boxes, &pa->n);
            } else {
                st = shape_one(L, &sec->paras[k], JB_FONT_SONG, &pa->boxes, &pa->n);
            }
            if (st != JB_OK)
                return st;
        }
    }
    if (doc->origin.n) {
        part parts[2] = {{NULL, "来源：", JB_FONT_KAI, 0}, {&doc->origin, NULL, JB_FONT_KAI, 0}};
        if ((st = shape_parts(L, parts, 2, &L->source, &L->n_source)) != JB_OK)
            return st;
    }
    if ((st = shape_one(L, &doc->title, JB_FONT_HEI, &L->title, &L->n_title)) != JB_OK ||
        (st = shape_name(L)) != JB_OK ||
        (st = shape_one(L, &doc->issue, JB_FONT_KAI, &L->issue, &L->n_issue)) != JB_OK ||
        (st = shape_one(L, &doc->unit, JB_FONT_KAI, &L->unit, &L->n_unit)) != JB_OK ||
        (st = shape_one(L, &doc->date, JB_FONT_KAI, &L->date, &L->n_date)) != JB_OK)
        return st;
    {
        /* Byline: names set apart by one ideographic space. */
        jb_text t = doc->byline;
        uint32_t *cps = malloc((t.n ? t.n : 1) * sizeof *cps);
        if (cps == NULL)
            return nomem(L);
        for (size_t i = 0; i < t.n; i++)
            cps[i] = t.cps[i] == ' ' ? 0x3000 : t.cps[i];
        t.cps = cps;
        st = shape_one(L, &t, JB_FONT_KAI, &L->byline, &L->n_byline);
        free(cps);
        if (st != JB_OK)
            return st;
    }
    for (int r = 0; r < JB_DIST_COUNT; r++) {
        if (doc->dist[r].n == 0)
            continue;
        part parts[2] = {{NULL, dist_label[r], JB_FONT_KAI, 0},
                         {&doc->dist[r], NULL, JB_FONT_KAI, 0}};
        if ((st = shape_parts(L, parts, 2, &L->foot[r], &L->n_foot[r])) != JB_OK)
            return st;
    }
    if (doc->copies.n) {
        part parts[3] = {{NULL, "（共印", JB_FONT_KAI, 0},
                         {&doc->copies, NULL, JB_FONT_KAI, 0},
                         {NULL, "份）", JB_FONT_KAI, 0}};
        if ((st = shape_parts(L, parts, 3, &L->foot[JB_DIST_COUNT], &L->n_foot[JB_DIST_COUNT])) !=
            JB_OK)
            return st;
    }
    return JB_OK;
}

static void
release(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        free(L->paras[p].boxes);
        free(L->paras[p].brk);
        jb_para_layout_fini(&L->paras[p].pl);
        jb_para_layout_fini(&L->paras[p].kept);
    }
    free(L->paras);
    free(L->title);
    free(L->byline);
    free(L->source);
    free(L->name);
    free(L->issue);
    free(L->unit);
    free(L->date);
    for (int r = 0; r <= JB_DIST_COUNT; r++)
        free(L->foot[r]);
}

/* Lines' worth of room the section rules take: 0.6 line above every section but a first one
 * that opens the body. */
static double
section_gaps(const lay *L)
{
    size_t n = L->doc->n_sections;
    if (L->spec->section_rule_pt <= 0 || n == 0)
        return 0;
    return 0.6 * (double)(L->doc->n_lead ? n : n - 1);
}

/* Body height at size (lines × pitch), or -1 on error (diag set). The measure is the full width
 * between the margins: snapping it to whole ems would cost up to a character a line, and the
 * fraction of an em is spread invisibly over the line's gaps. */
static double
body_height(lay *L, double size, int *lines)
{
    if (break_body(L, size, L->width_pt, lines) != JB_OK)
        return -1;
    return (*lines + section_gaps(L)) * size * L->spec->leading;
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
    L->kept_k = -1;
    return 1;
}

/* Does the body fit in avail at step k (size = floor + k·step)? 1, 0, or -1 on error. *over
 * (may be NULL) gets by how many lines it does not. A step that fits keeps its lines. */
static int
fits_by(lay *L, long k, double avail, double *over)
{
    int lines;
    double size = L->spec->body_min_pt + (double)k * L->spec->body_step_pt;
    double need = body_height(L, size, &lines), pitch = size * L->spec->leading;
    if (need < 0)
        return -1;
    if (over)
        *over = (need + pitch * 0.5 - avail) / pitch;
    if (need + pitch * 0.5 > avail)
        return 0;
    keep_breaks(L, k, lines);
    return 1;
}

static int
fits(lay *L, long k, double avail)
{
    return fits_by(L, k, avail, NULL);
}

/* A first guess of the largest step that fits: each paragraph's natural width cut into lines
 * (no breaking rules, no compression); good to a step or two. */
static long
guess_step(lay *L, long n, double avail)
{
    for (long k = n; k > 0; k--) {
        double size = L->spec->body_min_pt + (double)k * L->spec->body_step_pt, lines = 0;
        for (size_t p = 0; p < L->n_paras; p++)
            lines += L->paras[p].kind == JB_LINE_SOURCE
                         ? 1
                         : ceil(((L->paras[p].width_em + 2) * size) / L->width_pt);
        if ((lines + 0.5) * size * L->spec->leading <= avail)
            return k;
    }
    return 0;
}

/* The largest step k in [0, n] at which the body fits, -1 if none, -2 on error. Lines grow with
 * the size almost always: from a first guess, walk up while the next step fits (looking one step
 * further, since a size that breaks more luckily can fit where a smaller one did not), or down
 * until one fits — a few line-breaking runs instead of one for every step. */
static long
fit_step(lay *L, long n, double avail)
{
    long k;
    int f;

    if (prepare_breaks(L) != JB_OK)
        return -2;
    k = guess_step(L, n, avail);
    if ((f = fits(L, k, avail)) < 0)
        return -2;
    if (f) {
        while (k < n) {
            double over = 0;
            int f1 = fits_by(L, k + 1, avail, &over), f2 = 0;
            if (f1 < 0)
                return -2;
            /* one step further only when the next missed by less than a line */
            if (!f1 && over < 1 && k + 2 <= n && (f2 = fits(L, k + 2, avail)) < 0)
                return -2;
            if (!f1 && !f2)
                break;
            k += f1 ? 1 : 2;
        }
        return k;
    }
    while (--k >= 0) {
        if ((f = fits(L, k, avail)) < 0)
            return -2;
        if (f)
            return k;
    }
    return -1; /* not even at the floor */
}

jb_status
jb_layout(const jb_doc *doc, const jb_spec *spec, jb_fontset *fs, jb_page **out, jb_diag *d)
{
    lay L;
    jb_status st;
    heights h;
    double avail, size = 0, step = spec->body_step_pt;
    int lines = 0;
    long k;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.doc = doc, L.spec = spec, L.fs = fs, L.d = d;
    L.kept_k = -1;
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
    if ((st = prepare(&L)) != JB_OK)
        goto fail;

    /* Title: 二号 by default, smaller only if it would take more than two lines. */
    for (L.title_pt = spec->title_pt;; L.title_pt -= 1) {
        L.title_break = title_break(&L, L.title_pt, L.width_pt);
        if (L.title_break != (size_t)-1 || L.title_pt <= 12)
            break;
    }
    if (L.title_break == (size_t)-1) {
        st = jb_diag_set(d, JB_ERR_OVERFLOW, NULL, 0, 0, "shorten the title",
                         "the title does not fit on two lines even at 12 pt");
        goto fail;
    }
    h = fixed_heights(&L);
    avail = spec->page_h_pt - spec->margin_top_pt - spec->margin_bottom_pt - h.masthead - h.title -
            h.byline - h.foot;

    k = fit_step(&L, lround((spec->body_max_pt - spec->body_min_pt) / step), avail);
    if (k == -1) { /* not even at the floor: 开明式 punctuation is the last step (§5.5, §8) */
        L.kaiming = 1;
        L.kept_k = -1;
        k = fits(&L, 0, avail) == 1 ? 0 : -1;
    }
    if (k == -2) {
        st = d->status;
        goto fail;
    }
    if (k < 0) {
        double need = body_height(&L, spec->body_min_pt, &lines);
        double pitch = spec->body_min_pt * spec->leading;
        int over = (int)ceil((need + pitch * 0.5 - avail) / pitch - 1e-9);
        st = jb_diag_set(d, JB_ERR_OVERFLOW, NULL, 0, 0,
                         "shorten the report, or use a layout with a lower [body] min",
                         "the report does not fit on one page: at the floor size of %.2f pt it "
                         "overflows by %d line%s",
                         spec->body_min_pt, over, over == 1 ? "" : "s");
        goto fail;
    }
    size = spec->body_min_pt + (double)k * step;
    if (!restore_breaks(&L, k, &lines) && body_height(&L, size, &lines) < 0) {
        st = d->status;
        goto fail;
    }

    {
        jb_page *pg = L.page;
        double measure = L.width_pt, pitch = size * spec->leading;
        double left = spec->margin_left_pt;
        double cursor = spec->margin_top_pt;
        double spare = avail - (lines + section_gaps(&L)) * pitch - pitch * 0.5;
        int slots = 2 + (int)(doc->n_sections ? doc->n_sections - (doc->n_lead ? 0 : 1) : 0);
        double share = spare / slots;
        if (share > pitch)
            share = pitch; /* at most one line between blocks; the rest stays at the foot */
        if (share < 0)
            share = 0;
        pg->body_pt = size;
        pg->kaiming = L.kaiming;
        pg->measure_pt = measure;
        pg->left_pt = left;
        pg->body_lines = lines;

        if ((st = emit_masthead(&L, left, measure, &cursor)) != JB_OK)
            goto fail;
        cursor += L.title_pt * 0.8 + share;
        {
            size_t br = L.title_break ? L.title_break : L.n_title;
            if ((st = emit_line(&L, L.title, br, L.title_pt, 0, 1, left, measure,
                                cursor + L.title_pt * 0.2 + L.title_pt * ASCENT, JB_COLOR_BLACK,
                                JB_LINE_TITLE)) != JB_OK)
                goto fail;
            cursor += L.title_pt * 1.4;
            if (L.title_break) {
                if ((st = emit_line(&L, L.title + br, L.n_title - br, L.title_pt, 0, 1, left,
                                    measure, cursor + L.title_pt * 0.2 + L.title_pt * ASCENT,
                                    JB_COLOR_BLACK, JB_LINE_TITLE)) != JB_OK)
                    goto fail;
                cursor += L.title_pt * 1.4;
            }
        }
        if (L.n_byline) {
            if ((st = emit_line(&L, L.byline, L.n_byline, spec->byline_pt, 0, 1, left, measure,
                                cursor + spec->byline_pt * 0.35 + spec->byline_pt * ASCENT,
                                JB_COLOR_BLACK, JB_LINE_BYLINE)) != JB_OK)
                goto fail;
            cursor += spec->byline_pt * 1.7;
        }
        if (L.n_source) {
            double sp = spec->byline_pt * 0.8;
            if ((st = emit_line(&L, L.source, L.n_source, sp, 0, 1, left, measure,
                                cursor + spec->byline_pt * 0.1 + sp * ASCENT, JB_COLOR_BLACK,
                                JB_LINE_SOURCE)) != JB_OK)
                goto fail;
            cursor += spec->byline_pt * 1.3;
        }
        cursor += pitch * 0.5 + share;
        for (size_t p = 0; p < L.n_paras; p++) {
            para *pa = &L.paras[p];
            if ((pa->first && pa->section > 0) || (pa->first && pa->section == 0 && doc->n_lead)) {
                cursor += share;
                if (spec->section_rule_pt > 0) { /* an accent rule sets the section apart */
                    double y = cursor + 0.3 * pitch;
                    if (push_rule(pg, left, pg->h_pt - y, left + measure, spec->section_rule_pt,
                                  JB_COLOR_ACCENT) != 0) {
                        st = nomem(&L);
                        goto fail;
                    }
                    cursor += 0.6 * pitch;
                }
            }
            if ((st = emit_para(&L, pa, size, left, measure, pitch, &cursor)) != JB_OK)
                goto fail;
        }
        if ((st = emit_foot(&L, left, measure)) != JB_OK)
            goto fail;
        pg->spare_pt = spec->page_h_pt - spec->margin_bottom_pt - h.foot - cursor;
        if (fabs(pg->spare_pt) < 0.005)
            pg->spare_pt = 0;
    }
    release(&L);
    *out = L.page;
    return JB_OK;

fail:
    release(&L);
    jb_page_free(L.page);
    return st;
}

void
jb_page_free(jb_page *page)
{
    if (page == NULL)
        return;
    free(page->glyphs);
    free(page->rules);
    free(page->lines);
    free(page);
}
