/* Tests of layout: the sample fills one page inside the margins; overflow is reported in lines. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "figures.h"
#include "layout.h"
#include "parse.h"

static jb_spec spec;

static int
setup(void **state)
{
    jb_fixture_truetype_spec(&spec);
    return jb_fixture_fonts_open(state);
}

static jb_status
layout_text(const char *text, jb_page **page, jb_diag *d)
{
    jb_source *src;
    jb_doc *doc;
    jb_status st;
    jb_diag_init(d);
    assert_int_equal(jb_source_from_memory("r.md", text, strlen(text), NULL, &src, d), JB_OK);
    assert_int_equal(jb_parse(src, &doc, d), JB_OK);
    jb_figures_mark(doc);
    {
        jb_page_texts *tx;
        assert_int_equal(jb_page_texts_build(doc, &spec, &tx, d), JB_OK);
        st = jb_layout(tx, &spec, jb_fixture_fonts(), page, d);
        jb_page_texts_free(tx);
    }
    jb_doc_free(doc);
    jb_source_free(src);
    return st;
}

static char *
sample(void)
{
    FILE *f = fopen(JB_TEST_ROOT "/samples/zixi-wuzhong.md", "rb");
    char *buf = calloc(1, 1 << 16);
    assert_non_null(f);
    fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

static void
test_layout_sample_fills_one_page_inside_the_margins(void **state)
{
    char *text = sample();
    jb_page *pg;
    jb_diag d;
    double top = 0, bottom = 1e9;
    int body = 0;
    (void)state;
    assert_int_equal(layout_text(text, &pg, &d), JB_OK);
    assert_true(pg->body_pt >= spec.body_min_pt && pg->body_pt <= spec.body_max_pt);
    for (size_t i = 0; i < pg->n_glyphs; i++) {
        const jb_glyph *g = &pg->glyphs[i];
        /* an opening mark at a line start has its blank half left of the margin, not its ink */
        assert_true(g->x >= spec.margin_left_pt - 0.5 * g->size - 0.01);
        if (g->y + 0.88 * g->size > top) /* top of the ideographic em box */
            top = g->y + 0.88 * g->size;
        if (g->y - 0.12 * g->size < bottom)
            bottom = g->y - 0.12 * g->size;
    }
    assert_true(top <= pg->h_pt - spec.margin_top_pt + 0.5);
    assert_true(bottom >= spec.margin_bottom_pt - 0.5);
    /* full, not two-thirds empty: less than two body lines spare at the foot */
    assert_true(pg->spare_pt < 2 * pg->body_pt * spec.leading);
    assert_true(pg->spare_pt > -0.01);
    for (size_t l = 0; l < pg->n_lines; l++) {
        const jb_page_line *ln = &pg->lines[l];
        if (ln->kind != JB_LINE_BODY)
            continue;
        body++;
        assert_true(ln->x1 <= pg->w_pt - spec.margin_right_pt + 0.01);
        assert_true(ln->x0 >= spec.margin_left_pt - 0.01);
        if (!ln->last)
            assert_float_equal(ln->x1, pg->left_pt + pg->measure_pt, 0.01);
    }
    assert_int_equal(body, pg->body_lines);
    /* one step larger would not have fitted: that is the largest size */
    jb_page_free(pg);
    free(text);
}

static void
test_layout_picks_the_largest_size_that_fits(void **state)
{
    char *text = sample();
    jb_page *pg;
    jb_diag d;
    double chosen;
    (void)state;
    assert_int_equal(layout_text(text, &pg, &d), JB_OK);
    chosen = pg->body_pt;
    jb_page_free(pg);
    /* the sample does not fit at the ceiling, so a size above the choice exists to be refused
     * (the check below never skips) */
    assert_true(chosen + spec.body_step_pt <= spec.body_max_pt + 1e-9);
    assert_true(chosen >= spec.body_min_pt - 1e-9);
    /* with the floor raised one step above the choice, the report no longer fits in the normal
     * style: an overflow, or 开明式 at the floor */
    double min = spec.body_min_pt;
    spec.body_min_pt = chosen + spec.body_step_pt;
    {
        jb_status st = layout_text(text, &pg, &d);
        if (st == JB_OK) {
            assert_true(pg->kaiming);
            assert_float_equal(pg->body_pt, spec.body_min_pt, 1e-9);
            jb_page_free(pg);
        } else {
            assert_int_equal(st, JB_ERR_OVERFLOW);
        }
    }
    /* with the floor at the choice, the choice again, in the normal style */
    spec.body_min_pt = chosen;
    assert_int_equal(layout_text(text, &pg, &d), JB_OK);
    assert_float_equal(pg->body_pt, chosen, 1e-9);
    assert_false(pg->kaiming);
    jb_page_free(pg);
    spec.body_min_pt = min;
    /* a short report gets the ceiling size */
    assert_int_equal(layout_text("---\ntitle: 短标题\n---\n\n只有一段很短的导语。\n", &pg, &d),
                     JB_OK);
    assert_float_equal(pg->body_pt, spec.body_max_pt, 1e-9);
    jb_page_free(pg);
    free(text);
}

static void
test_layout_overflow_says_by_how_many_lines(void **state)
{
    char *text = calloc(1, 200000);
    jb_page *pg;
    jb_diag d;
    int lines;
    (void)state;
    strcpy(text, "---\ntitle: 很长的报告\n---\n\n");
    for (int i = 0; i < 900; i++)
        strcat(text, "关心下一代工作品牌建设。");
    strcat(text, "\n");
    assert_int_equal(layout_text(text, &pg, &d), JB_ERR_OVERFLOW);
    assert_null(pg);
    assert_non_null(strstr(d.message, "overflows by"));
    assert_int_equal(sscanf(strstr(d.message, "overflows by") + 13, "%d", &lines), 1);
    /* 10800 characters at 9 pt on ~53 em lines is about 204 lines; a page holds about 40 */
    assert_true(lines > 120 && lines < 200);
    free(text);
}

static void
test_layout_long_title_takes_two_lines_between_words(void **state)
{
    jb_page *pg;
    jb_diag d;
    size_t t[2];
    int k = 0;
    (void)state;
    assert_int_equal(
        layout_text(
            "---\ntitle: 江西资溪：“五重”做强做优关心下一代工作品牌再加几个字\n---\n\n导语。\n",
            &pg, &d),
        JB_OK);
    for (size_t l = 0; l < pg->n_lines; l++)
        if (pg->lines[l].kind == JB_LINE_TITLE && k < 2)
            t[k++] = l;
    assert_int_equal(k, 2);
    /* 江西资溪：“五重”做强做优 / 关心下一代工作品牌再加几个字: between words, neither line more
     * than 2 em longer than the other (issue 25: words first, then balance) */
    assert_int_equal(pg->lines[t[0]].n_glyphs, 13);
    assert_true(fabs((pg->lines[t[0]].x1 - pg->lines[t[0]].x0) -
                     (pg->lines[t[1]].x1 - pg->lines[t[1]].x0)) <= 2 * pg->lines[t[0]].size);
    jb_page_free(pg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_sample_fills_one_page_inside_the_margins),
        cmocka_unit_test(test_layout_picks_the_largest_size_that_fits),
        cmocka_unit_test(test_layout_overflow_says_by_how_many_lines),
        cmocka_unit_test(test_layout_long_title_takes_two_lines_between_words),
    };
    return cmocka_run_group_tests_name("layout", tests, setup, jb_fixture_fonts_close);
}
