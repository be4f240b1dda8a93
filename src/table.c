/* table — a table block set on the page (RULES.md §9). */
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The table's own vertical and horizontal metrics, in em of its size (RULES.md §9.3): a row is
 * its lines at TB_ADV plus TB_PAD_Y above and below, whatever the body's leading. */
#define TB_ADV   1.3  /* one line inside a cell */
#define TB_PAD_Y 0.3  /* above the first line of a cell and below its last */
#define TB_PAD_X 0.4  /* between a cell's rules and its text */
#define TB_EPS   1e-6 /* the breaking's slack: a column exactly its narrowest width still fits */
#define TB_SHORT 6    /* a cell of this many characters or fewer is never broken (RULES.md §9.2) */

int
jb_table_widths(const double *min, const double *max, size_t n, double avail, double *w)
{
    double smin = 0, smax = 0;

    for (size_t c = 0; c < n; c++) {
        smin += min[c];
        smax += max[c] > min[c] ? max[c] : min[c];
    }
    if (smin > avail + TB_EPS)
        return -1;
    for (size_t c = 0; c < n; c++) {
        double mx = max[c] > min[c] ? max[c] : min[c];
        if (smax <= avail)
            w[c] = smax > 0 ? mx + (avail - smax) * mx / smax : avail / (double)n;
        else
            w[c] = min[c] + (avail - smin) * (mx - min[c]) / (smax - smin);
    }
    return 0;
}

/* A number as tables hold them: digits with at most signs, a decimal point, thousands commas,
 * a percent or per-mille sign and spaces; at least one digit. */
static int
numeric(const jb_table_run *r)
{
    int digits = 0;
    for (size_t i = 0; i < r->n; i++) {
        uint32_t c = r->boxes[i].cp;
        if (c >= '0' && c <= '9')
            digits = 1;
        else if (!strchr("+-.,% ", (int)(c < 128 ? c : 'x')) && c != 0x2212 && c != 0x2030 &&
                 c != 0xFF05 && c != 0xFF0B && c != 0xFF0D)
            return 0;
    }
    return digits;
}

/* The width (em) from a number's decimal point, or from just after its last digit, to its end:
 * numbers of a column line up there. */
static double
tail_em(const jb_table_run *r)
{
    size_t i = r->n;
    double w = 0;
    for (size_t k = 0; k < r->n; k++)
        if (r->boxes[k].cp == '.') {
            i = k;
            break;
        }
    if (i == r->n)
        while (i > 0 && !(r->boxes[i - 1].cp >= '0' && r->boxes[i - 1].cp <= '9'))
            i--;
    for (; i < r->n; i++)
        w += r->boxes[i].adv;
    return w;
}

/* Copies the runs into ts with every digit of a number cell in a box as wide as the table's widest
 * digit of its face, the glyph centred (tabular figures: a face's proportional digits would put
 * the numbers of a column out of line). 0 or -1 out of memory. */
static int
tabular_copy(jb_table_set *ts, const jb_table_run *in)
{
    size_t total = 0, at = 0;
    float widest[256] = {0};

    for (size_t k = 0; k < ts->n_cells; k++)
        total += in[k].n;
    if ((ts->runs = calloc(ts->n_cells + 1, sizeof *ts->runs)) == NULL ||
        (ts->boxes = malloc((total + 1) * sizeof *ts->boxes)) == NULL)
        return -1;
    for (size_t k = 0; k < ts->n_cells; k++)
        for (size_t i = 0; i < in[k].n; i++)
            if (in[k].boxes[i].cp >= '0' && in[k].boxes[i].cp <= '9' &&
                in[k].boxes[i].adv > widest[in[k].boxes[i].font])
                widest[in[k].boxes[i].font] = in[k].boxes[i].adv;
    for (size_t k = 0; k < ts->n_cells; k++) {
        int num = numeric(&in[k]);
        if (in[k].n) /* an empty cell (a short row) has no boxes at all */
            memcpy(ts->boxes + at, in[k].boxes, in[k].n * sizeof *ts->boxes);
        ts->runs[k].boxes = ts->boxes + at;
        ts->runs[k].colors = in[k].colors;
        ts->runs[k].n = in[k].n;
        for (size_t i = 0; num && i < in[k].n; i++) {
            jb_box *b = &ts->boxes[at + i];
            if (b->cp >= '0' && b->cp <= '9') {
                b->shift += (widest[b->font] - b->adv) / 2;
                b->adv = widest[b->font];
            }
        }
        at += in[k].n;
    }
    return 0;
}

/* The narrowest (em) a run can be broken to: its widest piece between break opportunities. */
static double
least_em(const jb_table_run *r, double *natural)
{
    uint32_t *cps = malloc((r->n + 1) * sizeof *cps);
    uint8_t *marks = malloc(r->n + 1), *brk = malloc(r->n + 1);
    double widest = 0, piece = 0;

    *natural = 0;
    if (!cps || !marks || !brk) {
        free(cps), free(marks), free(brk);
        return -1;
    }
    for (size_t i = 0; i < r->n; i++)
        cps[i] = r->boxes[i].cp, marks[i] = r->boxes[i].mark;
    jb_lines_opportunities(cps, marks, r->n, brk);
    for (size_t i = 0; i < r->n; i++) {
        if (i > 0 && brk[i]) {
            widest = piece > widest ? piece : widest;
            piece = 0;
        }
        if (r->boxes[i].cp != ' ')
            piece += r->boxes[i].adv;
        *natural += r->boxes[i].adv;
    }
    widest = piece > widest ? piece : widest;
    free(cps), free(marks), free(brk);
    /* a short cell (a name, a unit: 东城区, 总量（亿元）) is never broken */
    return r->n <= TB_SHORT ? *natural : widest;
}

/* Grid positions of the stored cells (a cell covered by a span above is not stored): fills each
 * cell's row, col, spans; *n_cols gets the grid's width. 0 or -1 out of memory. */
static int
place_cells(const jb_table *t, jb_table_cell *cells, size_t *n_cols)
{
    size_t cols = t->n_cols ? t->n_cols : 1, k = 0;
    unsigned *busy = calloc(cols, sizeof *busy); /* rows still covered from above, per column */
    if (busy == NULL)
        return -1;
    for (size_t r = 0; r < t->n_rows; r++) {
        size_t c = 0;
        for (size_t i = 0; i < t->rows[r].n_cells; i++, k++) {
            const jb_cell *src = &t->rows[r].cells[i];
            jb_table_cell *out = &cells[k];
            while (c < cols && busy[c])
                c++;
            out->row = r, out->col = c < cols ? c : cols - 1;
            out->rowspan = src->rowspan ? src->rowspan : 1;
            out->colspan = src->colspan ? src->colspan : 1;
            if (out->row + out->rowspan > t->n_rows)
                out->rowspan = (unsigned)(t->n_rows - out->row);
            if (out->col + out->colspan > cols)
                out->colspan = (unsigned)(cols - out->col);
            out->header = t->rows[r].header;
            out->align = src->align;
            for (unsigned s = 0; s < out->colspan; s++)
                busy[out->col + s] = out->rowspan;
            c = out->col + out->colspan;
        }
        for (c = 0; c < cols; c++)
            if (busy[c])
                busy[c]--;
    }
    free(busy);
    *n_cols = cols;
    return 0;
}

/* The columns' narrowest and natural widths (pt at size, padding included) from each cell's
 * (em[2k], em[2k + 1]: least_em and natural of cell k), spanning cells spreading what their
 * columns lack evenly over them. */
static void
column_bounds(jb_table_set *ts, const double *em, double size, double *min, double *max)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < ts->n_cells; k++) {
            const jb_table_cell *c = &ts->cells[k];
            double least = em[2 * k], nat = em[2 * k + 1], have_min = 0, have_max = 0;
            if ((c->colspan > 1) != pass)
                continue;
            /* a number lined up on its decimal point needs the room right of it too */
            least = (least + c->tail + 2 * TB_PAD_X) * size;
            nat = (nat + c->tail + 2 * TB_PAD_X) * size;
            for (unsigned s = 0; s < c->colspan; s++)
                have_min += min[c->col + s], have_max += max[c->col + s];
            for (unsigned s = 0; s < c->colspan; s++) {
                if (least > have_min)
                    min[c->col + s] += (least - have_min) / c->colspan;
                if (nat > have_max)
                    max[c->col + s] += (nat - have_max) / c->colspan;
            }
        }
}

/* Alignment: as the report asks, else a header centred, a number right (on its decimal point
 * when its column is all numbers), text left. */
static void
align_cells(jb_table_set *ts)
{
    int *text = calloc(ts->n_cols, sizeof *text);
    double *tail = calloc(ts->n_cols, sizeof *tail);

    for (size_t k = 0; k < ts->n_cells; k++) {
        jb_table_cell *c = &ts->cells[k];
        if (c->header || ts->runs[k].n == 0 || !text)
            continue;
        if (!numeric(&ts->runs[k]))
            text[c->col] = 1;
        else if (tail && c->colspan == 1) {
            c->tail = tail_em(&ts->runs[k]);
            if (c->tail > tail[c->col])
                tail[c->col] = c->tail;
        }
    }
    for (size_t k = 0; k < ts->n_cells; k++) {
        jb_table_cell *c = &ts->cells[k];
        int num = !c->header && ts->runs[k].n && numeric(&ts->runs[k]);
        if (c->align == JB_ALIGN_AUTO)
            c->align = c->header ? JB_ALIGN_CENTER : num ? JB_ALIGN_RIGHT : JB_ALIGN_LEFT;
        /* c->tail becomes the room right of the number's tail that lines it up */
        c->tail =
            num && c->colspan == 1 && text && tail && !text[c->col] && c->align == JB_ALIGN_RIGHT
                ? tail[c->col] - c->tail
                : 0;
    }
    free(text), free(tail);
}

/* The width a cell's lines have: its columns less the padding (and the breaking's slack). */
static double
cell_measure(const jb_table_set *ts, const jb_table_cell *c)
{
    double w = 0;
    for (unsigned s = 0; s < c->colspan; s++)
        w += ts->col_w[c->col + s];
    return w - 2 * TB_PAD_X * ts->size + TB_EPS * ts->size;
}

/* Breaks cell k into lines at its columns' width. */
static jb_status
break_cell(jb_table_set *ts, size_t k, jb_diag *d)
{
    jb_table_cell *c = &ts->cells[k];
    jb_para_opts o = {.measure_pt = cell_measure(ts, c), .size_pt = ts->size, .min_last = 1};
    jb_para_layout_fini(&c->pl);
    return jb_lines_break(ts->runs[k].boxes, ts->runs[k].n, &o, &c->pl, d);
}

jb_status
jb_table_break(jb_table_set *ts, jb_diag *d)
{
    jb_status st;
    for (size_t k = 0; k < ts->n_cells; k++)
        if (ts->runs[k].n && ts->cells[k].pl.n_lines == 0 && (st = break_cell(ts, k, d)) != JB_OK)
            return st;
    return JB_OK;
}

/* Counts every cell's lines at the column widths and sums the rows. */
static jb_status
set_rows(jb_table_set *ts, jb_diag *d)
{
    double size = ts->size;
    jb_status st;

    memset(ts->row_h, 0, ts->n_rows * sizeof *ts->row_h);
    for (size_t k = 0; k < ts->n_cells; k++) {
        jb_table_cell *c = &ts->cells[k];
        jb_para_layout_fini(&c->pl);
        c->n_lines = 0;
        if (ts->runs[k].n == 0)
            continue;
        /* a cell that fits its column unbroken is one line: broken only when drawn */
        if ((ts->em[2 * k + 1] + c->tail) * size <= cell_measure(ts, c) + 1e-9) {
            c->n_lines = 1;
            continue;
        }
        if ((st = break_cell(ts, k, d)) != JB_OK)
            return st;
        c->n_lines = c->pl.n_lines;
    }
    /* single rows first, then what a span lacks goes to its last row */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < ts->n_cells; k++) {
            jb_table_cell *c = &ts->cells[k];
            double need = ((double)(c->n_lines ? c->n_lines : 1) * TB_ADV + 2 * TB_PAD_Y) * size,
                   have = 0;
            if ((c->rowspan > 1) != pass)
                continue;
            for (unsigned s = 0; s < c->rowspan; s++)
                have += ts->row_h[c->row + s];
            if (need > have)
                ts->row_h[c->row + c->rowspan - 1] += need - have;
        }
    ts->height = 0;
    for (size_t r = 0; r < ts->n_rows; r++)
        ts->height += ts->row_h[r];
    for (size_t k = 0; k < ts->n_cells; k++) {
        jb_table_cell *c = &ts->cells[k];
        c->x = c->y = c->w = c->h = 0;
        for (size_t i = 0; i < c->col; i++)
            c->x += ts->col_w[i];
        for (size_t i = 0; i < c->row; i++)
            c->y += ts->row_h[i];
        for (unsigned s = 0; s < c->colspan; s++)
            c->w += ts->col_w[c->col + s];
        for (unsigned s = 0; s < c->rowspan; s++)
            c->h += ts->row_h[c->row + s];
    }
    return JB_OK;
}

/* The 号 (RULES.md §5.1) next below size, or 0. */
static double
smaller_hao(double size)
{
    static const double hao[] = {42, 36, 26, 24, 22, 18, 16, 15, 14, 12, 10.5, 9, 7.5, 6.5, 5.5, 5};
    for (size_t i = 0; i < sizeof hao / sizeof hao[0]; i++)
        if (hao[i] < size - 1e-9)
            return hao[i];
    return 0;
}

/* jb_table_set_up, with known (when not NULL, taken over) the cells' widths of an earlier set-up
 * of the same cells. */
static jb_status
set_up(const jb_table *t, const jb_table_run *runs, double body_pt, double measure,
       const jb_table_style *style, double *known, jb_table_set *ts, double *need_pt, jb_diag *d)
{
    size_t n_cells = 0;
    double *min = NULL, *max = NULL, *em = NULL, size = body_pt;

    memset(ts, 0, sizeof *ts);
    ts->em = known; /* freed with the set on failure */
    *need_pt = 0;
    for (size_t r = 0; r < t->n_rows; r++)
        n_cells += t->rows[r].n_cells;
    ts->n_rows = t->n_rows;
    ts->n_cells = n_cells;
    if ((ts->cells = calloc(n_cells + 1, sizeof *ts->cells)) == NULL ||
        place_cells(t, ts->cells, &ts->n_cols) != 0 || tabular_copy(ts, runs) != 0)
        goto nomem;
    if ((ts->col_w = calloc(ts->n_cols, sizeof *ts->col_w)) == NULL ||
        (ts->row_h = calloc(ts->n_rows + 1, sizeof *ts->row_h)) == NULL ||
        (min = calloc(ts->n_cols, sizeof *min)) == NULL ||
        (max = calloc(ts->n_cols, sizeof *max)) == NULL ||
        (em = ts->em ? ts->em : (ts->em = calloc(2 * n_cells + 1, sizeof *em))) == NULL)
        goto nomem;
    align_cells(ts);
    for (size_t k = 0; !known && k < n_cells; k++) /* the same at every size */
        if ((em[2 * k] = least_em(&ts->runs[k], &em[2 * k + 1])) < 0)
            goto nomem;
    /* at the body's size, else one or two 号 smaller, never below the floor */
    for (int step = 0; step < 3; step++) {
        memset(min, 0, ts->n_cols * sizeof *min);
        memset(max, 0, ts->n_cols * sizeof *max);
        column_bounds(ts, em, size, min, max);
        /* the outer padding hangs outside the measure */
        double avail = measure + 2 * TB_PAD_X * size;
        if (jb_table_widths(min, max, ts->n_cols, avail, ts->col_w) == 0) {
            jb_status st;
            ts->size = size;
            ts->width = avail;
            free(min), free(max);
            if ((st = set_rows(ts, d)) != JB_OK)
                jb_table_set_fini(ts);
            return st;
        }
        *need_pt = -2 * TB_PAD_X * size;
        for (size_t c = 0; c < ts->n_cols; c++)
            *need_pt += min[c];
        double next = smaller_hao(size);
        if (next < style->min_pt - 1e-9 || next <= 0)
            break;
        size = next;
    }
    free(min), free(max);
    jb_table_set_fini(ts);
    return jb_diag_set(d, JB_ERR_OVERFLOW, NULL, 0, 0, NULL,
                       "the table's columns need %.1f pt at %.2f pt", *need_pt, size);

nomem:
    free(min), free(max);
    jb_table_set_fini(ts);
    return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

jb_status
jb_table_set_up(const jb_table *t, const jb_table_run *runs, double body_pt, double measure,
                const jb_table_style *style, jb_table_set *ts, double *need_pt, jb_diag *d)
{
    return set_up(t, runs, body_pt, measure, style, NULL, ts, need_pt, d);
}

jb_status
jb_table_set_again(const jb_table *t, const jb_table_run *runs, double body_pt, double measure,
                   const jb_table_style *style, jb_table_set *ts, double *need_pt, jb_diag *d)
{
    double *known = ts->em;

    ts->em = NULL;
    jb_table_set_fini(ts);
    return set_up(t, runs, body_pt, measure, style, known, ts, need_pt, d);
}

static int
rule(jb_page *pg, double x0, double y0, double x1, double y1, double width)
{
    jb_rule r = {.x0 = (float)x0,
                 .y0 = (float)y0,
                 .x1 = (float)x1,
                 .y1 = (float)y1,
                 .width = (float)width,
                 .color = JB_COLOR_BLACK};
    return jb_page_push_rule(pg, &r);
}

/* The grid: every cell's edges at the rule width (a span's inner edges not drawn), the outer
 * frame heavier; a 三线表: the heavy rules above and below and a thin one under the header. */
static int
emit_rules(const jb_table_set *ts, const jb_table_style *st, double x, double top, jb_page *pg)
{
    double h = pg->h_pt, y0 = h - top, y1 = h - top - ts->height, f = st->frame_pt;

    if (st->three_line) {
        double head = 0; /* the header rows' height: down to the lowest header cell's foot */
        for (size_t k = 0; k < ts->n_cells; k++)
            if (ts->cells[k].header && ts->cells[k].y + ts->cells[k].h > head)
                head = ts->cells[k].y + ts->cells[k].h;
        if (rule(pg, x, y0 - f / 2, x + ts->width, y0 - f / 2, f) != 0 ||
            rule(pg, x, y1 + f / 2, x + ts->width, y1 + f / 2, f) != 0)
            return -1;
        if (head > 0 && head < ts->height &&
            rule(pg, x, y0 - head, x + ts->width, y0 - head, st->rule_pt) != 0)
            return -1;
        /* a header cell over several columns and above another header row: a short thin rule
         * under it (辅助线), a little in from its ends */
        for (size_t k = 0; k < ts->n_cells; k++) {
            const jb_table_cell *c = &ts->cells[k];
            double in = TB_PAD_X * ts->size / 2, y = y0 - c->y - c->h;
            if (c->header && c->colspan > 1 && c->y + c->h < head - 1e-6 &&
                rule(pg, x + c->x + in, y, x + c->x + c->w - in, y, st->rule_pt) != 0)
                return -1;
        }
        return 0;
    }
    for (size_t k = 0; k < ts->n_cells; k++) {
        const jb_table_cell *c = &ts->cells[k];
        double cx1 = x + c->x + c->w, cy1 = y0 - c->y - c->h;
        /* each cell draws its right and bottom edge; the frame draws the outer ones */
        if (c->col + c->colspan < ts->n_cols &&
            rule(pg, cx1, y0 - c->y, cx1, cy1, st->rule_pt) != 0)
            return -1;
        if (c->row + c->rowspan < ts->n_rows && rule(pg, x + c->x, cy1, cx1, cy1, st->rule_pt) != 0)
            return -1;
    }
    /* the frame, inside the table's box */
    return rule(pg, x - f / 2, y0 - f / 2, x + ts->width + f / 2, y0 - f / 2, f) != 0 ||
                   rule(pg, x - f / 2, y1 + f / 2, x + ts->width + f / 2, y1 + f / 2, f) != 0 ||
                   rule(pg, x + f / 2, y0, x + f / 2, y1, f) != 0 ||
                   rule(pg, x + ts->width - f / 2, y0, x + ts->width - f / 2, y1, f) != 0
               ? -1
               : 0;
}

int
jb_table_emit(const jb_table_set *ts, const jb_table_style *style, size_t index, double x,
              double top, jb_page *pg, jb_table_glyph_fn glyph, void *ud)
{
    double size = ts->size, pad = TB_PAD_X * size;

    x -= pad; /* the frame and the outer padding hang outside the text block */
    for (size_t k = 0; k < ts->n_cells; k++) {
        const jb_table_cell *c = &ts->cells[k];
        const jb_table_run *run = &ts->runs[k];
        size_t lines = c->pl.n_lines; /* jb_table_break has set them */
        /* the lines centred in the cell's height */
        double text_h = (double)lines * TB_ADV * size;
        double first = top + c->y + (c->h - text_h) / 2 + (TB_ADV - 1) / 2 * size + 0.88 * size;
        jb_page_cell pc;
        memset(&pc, 0, sizeof pc);
        pc.table = (uint16_t)index;
        pc.row = (uint16_t)c->row, pc.col = (uint16_t)c->col;
        pc.rowspan = (uint16_t)c->rowspan, pc.colspan = (uint16_t)c->colspan;
        pc.header = (uint8_t)c->header;
        pc.x0 = (float)(x + c->x), pc.x1 = (float)(x + c->x + c->w);
        pc.y1 = (float)(pg->h_pt - top - c->y), pc.y0 = (float)(pg->h_pt - top - c->y - c->h);
        pc.first_glyph = pg->n_glyphs;
        pc.first_line = pg->n_lines;
        for (size_t l = 0; l < lines; l++) {
            const jb_line *ln = &c->pl.lines[l];
            double room = c->w - 2 * pad, off = x + c->x + pad;
            double base = first + (double)l * TB_ADV * size;
            jb_page_line pl;
            if (ln->last && c->align == JB_ALIGN_RIGHT)
                off += room - ln->width_pt - ln->left_pt - c->tail * size;
            else if (ln->last && c->align == JB_ALIGN_CENTER)
                off += (room - ln->width_pt) / 2 - ln->left_pt;
            memset(&pl, 0, sizeof pl);
            pl.first_glyph = pg->n_glyphs;
            for (size_t i = ln->start; i < ln->end; i++)
                if (glyph(ud, &run->boxes[i], run->colors[i], off + c->pl.x_pt[i], pg->h_pt - base,
                          size) != 0)
                    return -1;
            pl.n_glyphs = pg->n_glyphs - pl.first_glyph;
            pl.x0 = (float)(off + ln->left_pt), pl.x1 = (float)(off + ln->left_pt + ln->width_pt);
            pl.y = (float)(pg->h_pt - base), pl.size = (float)size;
            pl.kind = JB_LINE_CELL, pl.last = (uint8_t)ln->last;
            pl.shrink = (float)ln->shrink_pt, pl.stretch = (float)ln->stretch_pt;
            if (jb_page_push_line(pg, &pl) != 0)
                return -1;
        }
        pc.n_glyphs = pg->n_glyphs - pc.first_glyph;
        pc.n_lines = pg->n_lines - pc.first_line;
        if (jb_page_push_cell(pg, &pc) != 0)
            return -1;
    }
    return emit_rules(ts, style, x, top, pg);
}

size_t
jb_table_header_rows(const jb_table_set *ts)
{
    size_t h = 0;
    for (size_t k = 0; k < ts->n_cells; k++)
        if (ts->cells[k].header && ts->cells[k].row + ts->cells[k].rowspan > h)
            h = ts->cells[k].row + ts->cells[k].rowspan;
    return h < ts->n_rows ? h : 0;
}

int
jb_table_can_break(const jb_table_set *ts, size_t r)
{
    if (r == 0 || r >= ts->n_rows)
        return 0;
    for (size_t k = 0; k < ts->n_cells; k++)
        if (ts->cells[k].row < r && ts->cells[k].row + ts->cells[k].rowspan > r)
            return 0;
    return 1;
}

int
jb_table_slice(const jb_table_set *ts, size_t r0, size_t r1, jb_table_set *view)
{
    size_t head = jb_table_header_rows(ts), n = 0;
    double skip = 0; /* the height of the body rows before r0 */

    memset(view, 0, sizeof *view);
    view->cells = malloc((ts->n_cells + 1) * sizeof *view->cells);
    view->runs = malloc((ts->n_cells + 1) * sizeof *view->runs);
    view->row_h = calloc(ts->n_rows + 1, sizeof *view->row_h);
    if (!view->cells || !view->runs || !view->row_h) {
        jb_table_slice_fini(view);
        return -1;
    }
    for (size_t r = head; r < r0; r++)
        skip += ts->row_h[r];
    for (size_t k = 0; k < ts->n_cells; k++) {
        const jb_table_cell *c = &ts->cells[k];
        if (c->row >= head && (c->row < r0 || c->row >= r1))
            continue;
        view->cells[n] = *c;
        if (c->row >= head)
            view->cells[n].y -= skip;
        view->runs[n++] = ts->runs[k];
    }
    view->size = ts->size;
    view->n_rows = r1; /* rows keep their numbers: the last one drawn is the view's last */
    view->n_cols = ts->n_cols;
    view->n_cells = n;
    view->col_w = ts->col_w;
    view->width = ts->width;
    for (size_t r = 0; r < r1; r++)
        if (r < head || r >= r0) {
            view->row_h[r] = ts->row_h[r];
            view->height += ts->row_h[r];
        }
    return 0;
}

void
jb_table_slice_fini(jb_table_set *view)
{
    free(view->cells), free(view->runs), free(view->row_h);
    memset(view, 0, sizeof *view);
}

void
jb_table_set_fini(jb_table_set *ts)
{
    if (ts->cells)
        for (size_t k = 0; k < ts->n_cells; k++)
            jb_para_layout_fini(&ts->cells[k].pl);
    free(ts->cells), free(ts->col_w), free(ts->row_h);
    free(ts->runs), free(ts->boxes), free(ts->em);
    memset(ts, 0, sizeof *ts);
}
