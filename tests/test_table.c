/* Tests of the table module: the automatic column widths (RULES.md §9.2), a column of one
 * unbreakable long number, the smaller 号 and the refusal, decimal alignment; and the tables
 * pasted as text that the readers share (doc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chars.h"
#include "doc.h"
#include "table.h"
#include "utf8.h"

static const jb_table_style style = {0, 1, 0.5, 9};

/* ---- jb_table_widths ---- */

static double
sum(const double *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += w[i];
    return s;
}

static void
test_widths_natural_fit_fills_in_proportion(void **state)
{
    double min[3] = {20, 10, 30}, max[3] = {40, 10, 50}, w[3];
    (void)state;
    assert_int_equal(jb_table_widths(min, max, 3, 200, w), 0);
    assert_float_equal(sum(w, 3), 200, 1e-9);
    /* each its natural width and the spare 100 pt in proportion to it */
    assert_float_equal(w[0], 40 + 100 * 40.0 / 100, 1e-9);
    assert_float_equal(w[1], 10 + 100 * 10.0 / 100, 1e-9);
    assert_float_equal(w[2], 50 + 100 * 50.0 / 100, 1e-9);
}

static void
test_widths_between_narrowest_and_natural(void **state)
{
    /* natural 40 + 200 + 60 = 300 > 150 >= narrowest 40 + 30 + 60 = 130: the 20 pt between go
     * to the columns by how much they can grow; a column that cannot grow stays put */
    double min[3] = {40, 30, 60}, max[3] = {40, 200, 60}, w[3];
    (void)state;
    assert_int_equal(jb_table_widths(min, max, 3, 150, w), 0);
    assert_float_equal(sum(w, 3), 150, 1e-9);
    assert_float_equal(w[0], 40, 1e-9);
    assert_float_equal(w[1], 50, 1e-9);
    assert_float_equal(w[2], 60, 1e-9);
}

static void
test_widths_refused_below_narrowest(void **state)
{
    double min[2] = {80, 90}, max[2] = {100, 100}, w[2] = {-1, -1};
    (void)state;
    assert_int_equal(jb_table_widths(min, max, 2, 169, w), -1);
    assert_float_equal(w[0], -1, 0); /* untouched */
    assert_int_equal(jb_table_widths(min, max, 2, 170, w), 0);
    assert_float_equal(w[0], 80, 1e-9);
    assert_float_equal(w[1], 90, 1e-9);
}

/* ---- a table set up from fake shaped text: a Han character 1 em, a digit or '.' ½ em ---- */

typedef struct {
    jb_table t;
    jb_table_run runs[16];
    jb_box boxes[16][64];
    uint8_t colors[64];
} fake;

static void
fake_cell(fake *f, jb_row *r, size_t k, const char *utf8)
{
    jb_table_run *run = &f->runs[k];
    jb_cell *c = jb_table_add_cell(&f->t, r, 1, 1, 0);
    assert_non_null(c);
    run->n = 0;
    for (const char *p = utf8; *p;) {
        uint32_t cp;
        p += jb_utf8_decode(p, strlen(p), &cp);
        jb_box *b = &f->boxes[k][run->n++];
        memset(b, 0, sizeof *b);
        b->cp = cp;
        b->punct = (uint8_t)jb_punct_class(cp);
        b->adv = cp < 0x80 ? 0.5f : 1.0f;
    }
    run->boxes = f->boxes[k];
    run->colors = f->colors;
}

/* Two rows: a header, then a name, a long unbreakable number and a breakable sentence. */
static void
fake_table(fake *f, const char *number)
{
    static const char *const head[] = {"地区", "编号", "说明"};
    memset(f, 0, sizeof *f);
    jb_row *r = jb_table_add_row(&f->t, 1);
    for (size_t k = 0; k < 3; k++)
        fake_cell(f, &f->t.rows[0], k, head[k]);
    r = jb_table_add_row(&f->t, 0);
    assert_non_null(r);
    fake_cell(f, &f->t.rows[1], 3, "东城区");
    fake_cell(f, &f->t.rows[1], 4, number);
    fake_cell(f, &f->t.rows[1], 5, "全年各项指标总体平稳，部分指标好于预期，个别指标仍需关注");
}

static void
table_free(jb_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->rows[r].n_cells; c++)
            jb_text_fini(&t->rows[r].cells[c].text);
        free(t->rows[r].cells);
    }
    free(t->rows);
}

static void
fake_fini(fake *f)
{
    table_free(&f->t);
}

static void
test_unbreakable_number_keeps_its_width(void **state)
{
    fake f;
    jb_table_set ts;
    jb_diag d;
    double need, size = 10, pad = 0.4 * size;
    (void)state;
    fake_table(&f, "12345678901234567890"); /* 20 digits: 10 em, one unbreakable piece */
    jb_diag_init(&d);
    /* natural widths: 3 + 10 + 28 em and the padding, more than 30 em: the sentence breaks */
    assert_int_equal(jb_table_set_up(&f.t, f.runs, size, 300, &style, &ts, &need, &d), JB_OK);
    assert_float_equal(ts.size, 10, 0);
    assert_int_equal(ts.n_cols, 3);
    assert_float_equal(sum(ts.col_w, 3), 300 + 2 * pad, 1e-6);
    assert_true(ts.col_w[1] >= 10 * size + 2 * pad - 1e-6); /* never narrower than the number */
    assert_int_equal(ts.cells[4].n_lines, 1);               /* the number on one line */
    assert_true(ts.cells[5].n_lines > 1);                   /* the sentence broken */
    assert_true(ts.cells[3].n_lines == 1);
    /* the number is set right, the text left, the header centred */
    assert_int_equal(ts.cells[4].align, JB_ALIGN_RIGHT);
    assert_int_equal(ts.cells[5].align, JB_ALIGN_LEFT);
    assert_int_equal(ts.cells[0].align, JB_ALIGN_CENTER);
    /* the rows: the header's one line, the body row the sentence's lines */
    assert_float_equal(ts.row_h[0], (1.3 + 0.6) * size, 1e-6);
    assert_float_equal(ts.row_h[1], ((double)ts.cells[5].n_lines * 1.3 + 0.6) * size, 1e-6);
    jb_table_set_fini(&ts);
    fake_fini(&f);
}

static void
test_too_wide_smaller_then_refused(void **state)
{
    fake f;
    jb_table_set ts;
    jb_diag d;
    double need;
    (void)state;
    /* 40 digits (20 em) + 地区 (2 em) + 说明's widest piece: at 12 pt over 264 pt, at 10.5 pt
     * not, so the table is set a 号 smaller */
    fake_table(&f, "1234567890123456789012345678901234567890");
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 12, 250, &style, &ts, &need, &d), JB_OK);
    assert_true(ts.size < 12);
    assert_true(ts.size >= style.min_pt);
    jb_table_set_fini(&ts);
    /* narrower than the number at the floor: refused with the width the columns need */
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 12, 150, &style, &ts, &need, &d),
                     JB_ERR_OVERFLOW);
    assert_true(need > 150);
    assert_true(need >= 20 * 9); /* the number alone at 9 pt */
    fake_fini(&f);
}

/* A set-up again at another size (keeping the cells' widths) is the set-up made afresh there,
 * after a success, a refusal and a zeroed set. */
static void
test_set_again_is_set_up(void **state)
{
    static const double sizes[] = {12, 10.5, 9, 14, 12};
    static const double measures[] = {250, 300, 150, 250, 260};
    fake f;
    jb_table_set again, fresh;
    jb_diag d;
    double need_a, need_f;
    (void)state;
    fake_table(&f, "1234567890123456789012345678901234567890");
    memset(&again, 0, sizeof again);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        jb_status sa, sf;
        jb_diag_init(&d);
        sa = jb_table_set_again(&f.t, f.runs, sizes[k], measures[k], &style, &again, &need_a, &d);
        jb_diag_init(&d);
        sf = jb_table_set_up(&f.t, f.runs, sizes[k], measures[k], &style, &fresh, &need_f, &d);
        assert_int_equal(sa, sf);
        assert_float_equal(need_a, need_f, 0);
        if (sf != JB_OK)
            continue;
        assert_float_equal(again.size, fresh.size, 0);
        assert_float_equal(again.width, fresh.width, 0);
        assert_float_equal(again.height, fresh.height, 0);
        assert_int_equal(again.n_cells, fresh.n_cells);
        for (size_t c = 0; c < fresh.n_cols; c++)
            assert_float_equal(again.col_w[c], fresh.col_w[c], 0);
        for (size_t i = 0; i < 2 * fresh.n_cells; i++)
            assert_float_equal(again.em[i], fresh.em[i], 0);
        jb_table_set_fini(&fresh);
    }
    jb_table_set_fini(&again);
    fake_fini(&f);
}

static void
test_decimal_points_line_up(void **state)
{
    fake f;
    jb_table_set ts;
    jb_diag d;
    double need;
    static const char *const nums[] = {"1.5", "12.25", "300"};
    (void)state;
    memset(&f, 0, sizeof f);
    jb_table_add_row(&f.t, 1);
    fake_cell(&f, &f.t.rows[0], 0, "数值");
    for (size_t k = 0; k < 3; k++) {
        jb_table_add_row(&f.t, 0);
        fake_cell(&f, &f.t.rows[k + 1], k + 1, nums[k]);
    }
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 10, 100, &style, &ts, &need, &d), JB_OK);
    /* the room right of each tail: ".25" is the longest (1.5 em); "1.5" lacks ½ em, "300" all */
    assert_float_equal(ts.cells[1].tail, 0.5, 1e-6);
    assert_float_equal(ts.cells[2].tail, 0, 1e-6);
    assert_float_equal(ts.cells[3].tail, 1.5, 1e-6);
    /* the column holds 300 with the room for .25 right of it: 1.5 em of number, 1.5 of tail */
    jb_table_set_fini(&ts);
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 10, 30, &style, &ts, &need, &d), JB_OK);
    assert_true(ts.col_w[0] >= (1.5 + 1.5 + 0.8) * 10 - 1e-6);
    jb_table_set_fini(&ts);
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 10, 28, &style, &ts, &need, &d), JB_OK);
    assert_float_equal(ts.size, 9, 0); /* 38 pt needed at 10 pt, 28 + 8 there; at 9 pt it fits */
    jb_table_set_fini(&ts);
    fake_fini(&f);
}

/* ---- tables pasted as text (doc.c) ---- */

static void
test_pasted_spreadsheet_with_merged_header(void **state)
{
    static const char tsv[] = "县\t产值\t\t目标\n\t总量\t增速\t\n东城\t1.5\t2%\t3%\n";
    jb_table t;
    char *s;
    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(jb_table_delimited_cols(tsv, strlen(tsv), '\t'), 4);
    assert_int_equal(jb_table_delimited_cols(tsv, strlen(tsv), '|'), 0);
    assert_int_equal(jb_table_delimited_cols("只有一行\t一格\n", 19, '\t'), 0);
    assert_int_equal(jb_table_read_delimited(&t, tsv, strlen(tsv), 100, '\t'), 0);
    assert_int_equal(t.n_rows, 3);
    assert_int_equal(t.n_cols, 4);
    assert_true(t.rows[0].header && t.rows[1].header && !t.rows[2].header);
    assert_int_equal(t.rows[0].n_cells, 3); /* 县 (two rows), 产值 (two columns), 目标 */
    assert_int_equal(t.rows[0].cells[0].rowspan, 2);
    assert_int_equal(t.rows[0].cells[1].colspan, 2);
    assert_int_equal(t.rows[0].cells[2].rowspan, 2);
    assert_int_equal(t.rows[1].n_cells, 2); /* 总量, 增速 */
    s = jb_text_to_utf8(&t.rows[1].cells[1].text);
    assert_string_equal(s, "增速");
    free(s);
    assert_int_equal(t.rows[2].cells[1].off,
                     100 + strlen("县\t产值\t\t目标\n\t总量\t增速\t\n东城\t"));
    table_free(&t);
}

static void
test_pasted_bar_lines(void **state)
{
    static const char bars[] = "| 项目 | 金额 |\n|---|---:|\n| 甲 | 1\\|2 |\n";
    jb_table t;
    char *s;
    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(jb_table_delimited_cols(bars, strlen(bars), '|'), 2);
    assert_int_equal(jb_table_read_delimited(&t, bars, strlen(bars), 0, '|'), 0);
    assert_int_equal(t.n_rows, 2); /* the delimiter row is no row */
    s = jb_text_to_utf8(&t.rows[1].cells[1].text);
    assert_string_equal(s, "1|2"); /* an escaped bar is text */
    free(s);
    table_free(&t);
}

/* A table across pages (RULES.md §9.5): a header row and five body rows, the third spanning two
 * rows down; breaks only where no cell spans across; a slice holds the header and its rows
 * moved up under it. */
static void
test_slice_repeats_the_header(void **state)
{
    fake f;
    jb_table_set ts, v;
    jb_diag d;
    double need;
    (void)state;
    memset(&f, 0, sizeof f);
    jb_table_add_row(&f.t, 1);
    fake_cell(&f, &f.t.rows[0], 0, "地区");
    fake_cell(&f, &f.t.rows[0], 1, "数量");
    size_t k = 2;
    for (size_t r = 1; r <= 5; r++) {
        jb_row *row = jb_table_add_row(&f.t, 0);
        assert_non_null(row);
        if (r == 4) { /* covered by the cell above it */
            fake_cell(&f, &f.t.rows[r], k++, "12");
            continue;
        }
        if (r == 3) {
            jb_cell *c = jb_table_add_cell(&f.t, &f.t.rows[r], 2, 1, 0);
            assert_non_null(c);
            f.runs[k].n = 0, f.runs[k].boxes = f.boxes[k], f.runs[k].colors = f.colors;
            f.boxes[k][f.runs[k].n++] = (jb_box){.cp = 0x897F, .adv = 1};
            k++;
        } else {
            fake_cell(&f, &f.t.rows[r], k++, "东城");
        }
        fake_cell(&f, &f.t.rows[r], k++, "34");
    }
    jb_diag_init(&d);
    assert_int_equal(jb_table_set_up(&f.t, f.runs, 10, 300, &style, &ts, &need, &d), JB_OK);
    assert_int_equal(jb_table_break(&ts, &d), JB_OK);
    assert_int_equal(ts.n_rows, 6);
    assert_int_equal(jb_table_header_rows(&ts), 1);
    assert_true(jb_table_can_break(&ts, 2) && jb_table_can_break(&ts, 3));
    assert_false(jb_table_can_break(&ts, 4)); /* inside the cell over rows 3 and 4 */
    assert_false(jb_table_can_break(&ts, 0));
    assert_int_equal(jb_table_slice(&ts, 3, 6, &v), 0);
    assert_int_equal(v.n_cells, 2 + 5); /* the header's two, rows 3-5's (one spans two rows) */
    assert_float_equal(v.height, ts.row_h[0] + ts.row_h[3] + ts.row_h[4] + ts.row_h[5], 1e-9);
    for (size_t c = 0; c < v.n_cells; c++) {
        assert_true(v.cells[c].row == 0 || v.cells[c].row >= 3);
        if (v.cells[c].row == 3) /* moved up under the header */
            assert_float_equal(v.cells[c].y, ts.row_h[0], 1e-9);
    }
    jb_table_slice_fini(&v);
    jb_table_set_fini(&ts);
    fake_fini(&f);
}

/* A Word form's rows pasted with tabs, of unequal cells: one table without a header row, a short
 * row's last cell spanning the columns it lacks. */
static void
test_pasted_form_rows_of_unequal_cells(void **state)
{
    static const char tsv[] = "姓名\t王明\t性别\t男\n原工作单位\t东岭县教育局\n";
    jb_table t;
    (void)state;
    memset(&t, 0, sizeof t);
    assert_int_equal(jb_table_delimited_cols(tsv, strlen(tsv), '\t'), 4);
    assert_int_equal(jb_table_read_delimited(&t, tsv, strlen(tsv), 0, '\t'), 0);
    assert_int_equal(t.n_rows, 2);
    assert_int_equal(t.n_cols, 4);
    assert_false(t.rows[0].header);
    assert_int_equal(t.rows[1].n_cells, 2);
    assert_int_equal(t.rows[1].cells[1].colspan, 3);
    assert_int_equal(jb_table_delimited_cols("| a | b | c |\n| d | e |\n", 25, '|'), 0);
    for (size_t r = 0; r < t.n_rows; r++) {
        for (size_t c = 0; c < t.rows[r].n_cells; c++)
            jb_text_fini(&t.rows[r].cells[c].text);
        free(t.rows[r].cells);
    }
    free(t.rows);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_natural_fit_fills_in_proportion),
        cmocka_unit_test(test_widths_between_narrowest_and_natural),
        cmocka_unit_test(test_widths_refused_below_narrowest),
        cmocka_unit_test(test_unbreakable_number_keeps_its_width),
        cmocka_unit_test(test_too_wide_smaller_then_refused),
        cmocka_unit_test(test_decimal_points_line_up),
        cmocka_unit_test(test_set_again_is_set_up),
        cmocka_unit_test(test_pasted_spreadsheet_with_merged_header),
        cmocka_unit_test(test_pasted_form_rows_of_unequal_cells),
        cmocka_unit_test(test_pasted_bar_lines),
        cmocka_unit_test(test_slice_repeats_the_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
