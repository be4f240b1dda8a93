/* Tests of layout_issue (RULES.md §5.7): an issue of several items on one page when it fits, else
 * on the fewest pages allowed at the largest size; no title or head stranded, no paragraph's single
 * line alone at a page's top or foot, the 报尾 at the foot of the last page, page numbers. */
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

/* Lays text out with the most pages given (spec.pages); *page NULL on an error. */
static jb_status
layout_issue(const char *text, int pages, jb_page **page, jb_diag *d)
{
    jb_source *src;
    jb_doc *doc;
    jb_page_texts *tx;
    jb_status st;
    jb_spec s = spec;

    s.pages = pages;
    jb_diag_init(d);
    assert_int_equal(jb_source_from_memory("r.md", text, strlen(text), NULL, &src, d), JB_OK);
    assert_int_equal(jb_parse(src, &doc, d), JB_OK);
    jb_figures_mark(doc);
    assert_int_equal(jb_page_texts_build(doc, &s, &tx, d), JB_OK);
    st = jb_layout(tx, &s, jb_fixture_fonts(), page, d);
    jb_page_texts_free(tx);
    jb_doc_free(doc);
    jb_source_free(src);
    return st;
}

/* An issue of n items; item k has paras[k % 4] paragraphs of len[k % 3] sentences each and,
 * for odd k, a head on a line of its own before its last paragraph. Caller frees. */
static char *
issue_text(int n, int foot)
{
    static const int paras[] = {3, 1, 4, 2}, len[] = {2, 5, 9};
    size_t cap = 1 << 18, k = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    k += (size_t)snprintf(t + k, cap - k, "---\nmasthead: 测试简报\nissue: 第1期\n%s---\n",
                          foot ? "distribution:\n  报: 市委\n  发: 各乡镇\ncopies: 80\n" : "");
    for (int i = 0; i < n; i++) {
        k += (size_t)snprintf(t + k, cap - k, "\n# 第%d篇稿件的标题在这里\n\nsource: 第%d单位\n",
                              i + 1, i + 1);
        for (int p = 0; p < paras[i % 4]; p++) {
            if (i % 2 && p == paras[i % 4] - 1)
                k += (size_t)snprintf(t + k, cap - k, "\n## 一、主要做法\n");
            k += (size_t)snprintf(t + k, cap - k, "\n");
            for (int s = 0; s < len[(i + p) % 3]; s++)
                k += (size_t)snprintf(t + k, cap - k,
                                      "全县各级组织认真落实工作部署，开展专题活动%d场，"
                                      "覆盖青少年%d人次。",
                                      12 + s, 300 + 7 * s);
            k += (size_t)snprintf(t + k, cap - k, "\n");
        }
    }
    return t;
}

/* The page's lines of kind on page p. */
static int
count(const jb_page *pg, int kind, int p)
{
    int n = 0;
    for (size_t i = 0; i < pg->n_lines; i++)
        n += pg->lines[i].kind == kind && pg->lines[i].page == p;
    return n;
}

static void
test_issue_of_three_short_items_fits_one_page(void **state)
{
    const char *t = "---\nmasthead: 测试简报\ncontents: yes\ndistribution:\n  报: 市委\n---\n\n"
                    "# 甲乡开展暑期关爱活动\n\nsource: 甲乡\n\n甲乡组织志愿者42人开展活动，受益儿童"
                    "300余人。\n\n# 乙镇开办四点半课堂\n\n乙镇开办课堂8个，服务学生1200人次。\n\n"
                    "编者按：丙村的做法值得借鉴。\n\n# 丙村建立帮扶台账\n\n丙村建立台账，结对帮扶"
                    "困境儿童36名。\n";
    jb_page *pg;
    jb_diag d;
    (void)state;
    assert_int_equal(layout_issue(t, 1, &pg, &d), JB_OK);
    assert_int_equal(jb_page_count(pg), 1);
    assert_true(count(pg, JB_LINE_TITLE, 0) >= 3);
    assert_int_equal(count(pg, JB_LINE_FOLIO, 0), 0); /* no page number on one page */
    jb_page_free(pg);
    /* allowed more pages, it still takes one */
    assert_int_equal(layout_issue(t, 4, &pg, &d), JB_OK);
    assert_int_equal(jb_page_count(pg), 1);
    assert_int_equal(count(pg, JB_LINE_CONTENTS, 0), 4); /* 本期要目 and the three titles */
    assert_int_equal(count(pg, JB_LINE_NOTE, 0), 1);
    jb_page_free(pg);
}

/* Every page break the layout made keeps a title or head with two lines of its text, and splits a
 * paragraph only with two lines or more on each side. */
static void
check_breaks(const jb_page *pg)
{
    int run = 0, run_page = -1;
    for (size_t i = 0; i < pg->n_lines; i++) {
        const jb_page_line *ln = &pg->lines[i];
        if (ln->kind == JB_LINE_TITLE &&
            (i + 1 >= pg->n_lines || pg->lines[i + 1].kind != JB_LINE_TITLE)) {
            int after = 0; /* text lines after the title on its page */
            for (size_t m = i + 1; m < pg->n_lines && pg->lines[m].page == ln->page; m++) {
                int k = pg->lines[m].kind;
                if (k == JB_LINE_BODY)
                    after++;
                else if (k != JB_LINE_BYLINE && k != JB_LINE_SOURCE)
                    break;
            }
            if (after < 2)
                fail_msg("a title on page %d with %d lines after it", ln->page + 1, after);
        }
        if (ln->kind != JB_LINE_BODY)
            continue;
        if (ln->page != run_page) { /* a paragraph running on from the page before */
            if (run > 0 && run < 2)
                fail_msg("one line of a paragraph alone at the foot of page %d", run_page + 1);
            if (run > 0) { /* lines on the new page of that paragraph */
                int on = 0;
                for (size_t m = i; m < pg->n_lines; m++) {
                    if (pg->lines[m].kind != JB_LINE_BODY)
                        continue;
                    on++;
                    if (pg->lines[m].last)
                        break;
                }
                if (on < 2)
                    fail_msg("one line of a paragraph alone at the top of page %d", ln->page + 1);
            }
            run_page = ln->page;
            run = 0;
        }
        run = ln->last ? 0 : run + 1;
    }
}

static void
test_issue_flows_onto_pages_keeping_titles_and_lines_together(void **state)
{
    (void)state;
    for (int n = 4; n <= 12; n += 4) {
        char *t = issue_text(n, 1);
        jb_page *pg;
        jb_diag d;
        assert_int_equal(layout_issue(t, 8, &pg, &d), JB_OK);
        int pages = jb_page_count(pg);
        assert_true(pages >= 1 && pages <= 8);
        check_breaks(pg);
        /* the 报尾 on the last page, below its every body line; page numbers from two pages on */
        for (int p = 0; p < pages; p++) {
            assert_int_equal(count(pg, JB_LINE_FOOT, p) > 0, p == pages - 1);
            assert_int_equal(count(pg, JB_LINE_FOLIO, p), pages > 1);
            assert_int_equal(count(pg, JB_LINE_MASTHEAD, p) > 0, p == 0);
        }
        for (size_t i = 0; i < pg->n_lines; i++)
            for (size_t m = 0; m < pg->n_lines; m++)
                if (pg->lines[i].kind == JB_LINE_FOOT && pg->lines[m].kind == JB_LINE_BODY &&
                    pg->lines[m].page == pages - 1)
                    assert_true(pg->lines[i].y < pg->lines[m].y);
        /* the largest size: with the ceiling a step above it, the fit keeps it (the step up
         * needs more pages), and a step below it the fit takes that ceiling */
        if (pg->body_pt + spec.body_step_pt <= spec.body_max_pt) {
            jb_spec keep = spec;
            jb_page *up = NULL, *down = NULL;
            spec.body_max_pt = pg->body_pt + spec.body_step_pt;
            assert_int_equal(layout_issue(t, pages, &up, &d), JB_OK);
            assert_float_equal(up->body_pt, pg->body_pt, 1e-9);
            assert_int_equal(jb_page_count(up), pages);
            spec.body_max_pt = pg->body_pt - spec.body_step_pt;
            if (spec.body_max_pt >= spec.body_min_pt) {
                assert_int_equal(layout_issue(t, pages, &down, &d), JB_OK);
                assert_float_equal(down->body_pt, spec.body_max_pt, 1e-9);
                jb_page_free(down);
            }
            jb_page_free(up);
            spec = keep;
        }
        jb_page_free(pg);
        free(t);
    }
}

static void
test_issue_too_long_says_how_many_pages_it_needs(void **state)
{
    char *t = issue_text(12, 0);
    jb_page *pg, *two;
    jb_diag d;
    char want[64];
    (void)state;
    assert_int_equal(layout_issue(t, 8, &two, &d), JB_OK);
    int need = jb_page_count(two);
    assert_true(need >= 2);
    jb_page_free(two);
    assert_int_equal(layout_issue(t, 1, &pg, &d), JB_ERR_OVERFLOW);
    assert_null(pg);
    snprintf(want, sizeof want, "it needs %d pages", need);
    if (strstr(d.message, want) == NULL)
        fail_msg("'%s' lacks '%s'", d.message, want);
    assert_non_null(strstr(d.hint, "--pages"));
    free(t);
}

/* An item's title that needs more than two lines is set a point smaller at a time. */
static void
test_issue_long_title_is_made_smaller(void **state)
{
    const char *t =
        "---\nmasthead: 测试简报\n---\n\n# 短标题\n\n正文一段。\n\n"
        "# 县关工委联合教育局民政局团县委妇联等部门在全县范围内深入开展关爱留守儿童和困境"
        "儿童暑期专项行动取得阶段性成效并建立长效工作机制的情况报告\n\n正文又一段。\n";
    jb_page *pg;
    jb_diag d;
    int long_lines = 0;
    float first = 0;
    (void)state;
    assert_int_equal(layout_issue(t, 1, &pg, &d), JB_OK);
    for (size_t i = 0; i < pg->n_lines; i++) {
        const jb_page_line *ln = &pg->lines[i];
        if (ln->kind != JB_LINE_TITLE)
            continue;
        if (ln->item == 0)
            first = ln->size;
        else {
            long_lines++;
            assert_true(ln->size < first);
        }
    }
    assert_int_equal(first, spec.item_title_pt);
    assert_true(long_lines >= 1 && long_lines <= 2);
    jb_page_free(pg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_of_three_short_items_fits_one_page),
        cmocka_unit_test(test_issue_flows_onto_pages_keeping_titles_and_lines_together),
        cmocka_unit_test(test_issue_too_long_says_how_many_pages_it_needs),
        cmocka_unit_test(test_issue_long_title_is_made_smaller),
    };
    return cmocka_run_group_tests(tests, setup, jb_fixture_fonts_close);
}
