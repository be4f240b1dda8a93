/* layout_tables — the layout's table blocks (RULES.md §9): each table's cells shaped once and set
 * by table.c at every size the fit tries (kept while the size stays), a whole number of body lines
 * with the slack shared above and below, the refusal of a table too wide, and the drawing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"

jb_status
jb_lay_prepare_tables(lay *L)
{
    const jb_page_texts *tx = L->tx;

    if (tx->n_tables == 0)
        return JB_OK;
    if ((L->tables = calloc(tx->n_tables, sizeof *L->tables)) == NULL)
        return jb_lay_nomem(L);
    L->n_tables = tx->n_tables;
    for (size_t i = 0; i < tx->n_tables; i++) {
        size_t n = 0;
        for (size_t r = 0; r < tx->tables[i]->n_rows; r++)
            n += tx->tables[i]->rows[r].n_cells;
        if ((L->tables[i].cells = calloc(n + 1, sizeof *L->tables[i].cells)) == NULL ||
            (L->tables[i].runs = calloc(n + 1, sizeof *L->tables[i].runs)) == NULL)
            return jb_lay_nomem(L);
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
    for (size_t c = 0; c < t->n; c++) {
        t->runs[c].boxes = t->cells[c].boxes;
        t->runs[c].colors = t->cells[c].colors;
        t->runs[c].n = t->cells[c].n;
    }
    jb_diag_init(&d);
    st = jb_table_set_again(L->tx->tables[i], t->runs, size, L->width_pt, &style, &t->set, &t->need,
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
int
jb_lay_table_lines(lay *L, size_t i, double size)
{
    int f = set_table(L, i, size);
    return f < 0 ? -1 : f ? 100000 : table_lines(L, i, size);
}

int
jb_lay_tables_lines(lay *L, double size)
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
int
jb_lay_tables_overflow(lay *L)
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
    return jb_lay_push_glyph(ud, b, color, x, y, size);
}

/* Sets table i at size and breaks its cells' lines, as the fit did: ready to draw. */
static jb_status
table_ready(lay *L, size_t i, double size)
{
    if (set_table(L, i, size) != 0)
        return L->d->status != JB_OK ? L->d->status
                                     : jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL,
                                                   "a table the fit set does not fit");
    return jb_table_break(&L->tables[i].set, L->d) != JB_OK ? L->d->status : JB_OK;
}

/* Draws table i in its lines, the slack shared above and below. */
jb_status
jb_lay_emit_table(lay *L, size_t i, double size, double pitch, double *cursor)
{
    jb_table_style style = table_style(L->spec);
    int lines;

    jb_status st = table_ready(L, i, size);
    if (st != JB_OK)
        return st;
    lines = table_lines(L, i, size);
    double top = *cursor + (lines * pitch - L->tables[i].set.height) / 2;
    if (jb_table_emit(&L->tables[i].set, &style, i, L->spec->margin_left_pt, top, L->page,
                      table_glyph, L) != 0)
        return jb_lay_nomem(L);
    *cursor += lines * pitch;
    return JB_OK;
}

jb_status
jb_lay_emit_table_rows(lay *L, size_t i, size_t r0, size_t r1, double size, double top)
{
    jb_table_style style = table_style(L->spec);
    jb_table_set view;
    int rc;

    jb_status st = table_ready(L, i, size);
    if (st != JB_OK)
        return st;
    if (jb_table_slice(&L->tables[i].set, r0, r1, &view) != 0)
        return jb_lay_nomem(L);
    rc = jb_table_emit(&view, &style, i, L->spec->margin_left_pt, top, L->page, table_glyph, L);
    jb_table_slice_fini(&view);
    return rc == 0 ? JB_OK : jb_lay_nomem(L);
}

/* The set of table i at size (set_table's), NULL on error or when its columns do not fit. */
const jb_table_set *
jb_lay_table_set(lay *L, size_t i, double size)
{
    return set_table(L, i, size) == 0 ? &L->tables[i].set : NULL;
}

void
jb_lay_release_tables(lay *L)
{
    for (size_t i = 0; i < L->n_tables; i++) {
        for (size_t c = 0; c < L->tables[i].n; c++) {
            free(L->tables[i].cells[c].boxes);
            free(L->tables[i].cells[c].colors);
        }
        free(L->tables[i].cells);
        free(L->tables[i].runs);
        jb_table_set_fini(&L->tables[i].set);
    }
    free(L->tables);
}
