/* Tests of figures: RULES.md §6.4 and §6.5 as a table (tests/data/figures/spans.tsv), and the
 * default highlight set of the sample report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "figures.h"
#include "parse.h"
#include "source.h"
#include "utf8.h"

/* The report text parsed and its figures marked; the caller frees *src and the document. */
static jb_doc *
marked(const char *text, jb_source **src)
{
    jb_doc *doc;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("r.md", text, strlen(text), NULL, src, &d), JB_OK);
    assert_int_equal(jb_parse(*src, &doc, &d), JB_OK);
    jb_figures_mark(doc);
    return doc;
}

/* The spans of text as "a|b|c" (or "-") in out. */
static void
spans_of(const char *text, char *out, size_t size)
{
    size_t n, k;
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), &n);
    jb_span spans[32];
    size_t len = 0;

    assert_non_null(cps);
    k = jb_figures_find(cps, n, spans, 32);
    out[0] = '\0';
    if (k == 0)
        snprintf(out, size, "-");
    for (size_t s = 0; s < k && s < 32; s++) {
        if (s > 0)
            len += (size_t)snprintf(out + len, size - len, "|");
        for (size_t i = spans[s].start; i < spans[s].end; i++) {
            char buf[5];
            size_t b = jb_utf8_encode(cps[i], buf);
            buf[b] = '\0';
            len += (size_t)snprintf(out + len, size - len, "%s", buf);
        }
    }
    free(cps);
}

static void
test_figures_table(void **state)
{
    FILE *f = fopen(JB_TEST_DATA "/figures/spans.tsv", "r");
    char line[1024], got[512];
    int cases = 0, failed = 0;
    (void)state;

    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
        if (line[0] == '#' || tab == NULL)
            continue;
        if (nl)
            *nl = '\0';
        *tab = '\0';
        spans_of(line, got, sizeof got);
        cases++;
        if (strcmp(got, tab + 1) != 0) {
            print_error("%s: got %s, want %s\n", line, got, tab + 1);
            failed++;
        }
    }
    fclose(f);
    assert_true(cases >= 35);
    assert_int_equal(failed, 0);
}

static void
test_figures_sample_has_the_default_eleven(void **state)
{
    jb_source *src;
    jb_doc *doc;
    jb_diag d;
    char got[1024] = "";
    size_t len = 0;
    (void)state;

    jb_diag_init(&d);
    assert_int_equal(jb_source_load(JB_TEST_ROOT "/samples/zixi-wuzhong.md", NULL, &src, &d),
                     JB_OK);
    assert_int_equal(jb_parse(src, &doc, &d), JB_OK);
    jb_figures_mark(doc);
    for (size_t s = 0; s < jb_item_n_sections(&doc->items[0]); s++)
        for (size_t p = 0; p < jb_item_n_paras(&doc->items[0], s); p++) {
            const jb_text *t = jb_item_para(&doc->items[0], s, p);
            for (size_t i = 0; i < t->n; i++) {
                if (!(t->marks[i] & JB_MARK_FIGURE))
                    continue;
                if (i == 0 || !(t->marks[i - 1] & JB_MARK_FIGURE))
                    len += (size_t)snprintf(got + len, sizeof got - len, "%s", len ? " " : "");
                char buf[5];
                buf[jb_utf8_encode(t->cps[i], buf)] = '\0';
                len += (size_t)snprintf(got + len, sizeof got - len, "%s", buf);
            }
        }
    assert_string_equal(got,
                        "155个 24个 300多人 1160人 100多人 2期 74.2% 第4位 13场 1500多人 30周年");
    for (size_t i = 0; i < (*jb_item_lead(&doc->items[0], 0)).n; i++)
        assert_false((*jb_item_lead(&doc->items[0], 0)).marks[i] & JB_MARK_FIGURE);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_figures_off_keeps_only_forced_spans(void **state)
{
    const char text[] = "---\ntitle: 标题\nfigures: off\n---\n建立24个关工委，**第一**。\n";
    jb_source *src;
    jb_doc *doc = marked(text, &src);
    (void)state;
    const jb_text *t = jb_item_lead(&doc->items[0], 0);
    assert_false(t->marks[2] & JB_MARK_FIGURE); /* 24 */
    assert_true(t->marks[9] & JB_MARK_FIGURE);  /* 第 */
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_figures_many_spans_are_found_and_few_marked(void **state)
{
    jb_text t;
    jb_doc *doc = jb_doc_new();
    (void)state;
    memset(&t, 0, sizeof t);
    /* 100 figures in 400 characters: more than one scan's 64 are found, and 8 (2 per 100
     * characters, §6.7) keep their red: the first 99 say as much, the last (a rate) says more */
    for (int i = 0; i < 99; i++)
        jb_text_push_utf8(&t, "有5个，", strlen("有5个，"), 0, 0);
    jb_text_push_utf8(&t, "增5%。", strlen("增5%。"), 0, 0);
    jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text = t;
    jb_figures_mark(doc);
    const jb_text *m = jb_item_lead(&doc->items[0], 0);
    int marked = 0;
    for (size_t i = 0; i < m->n; i++)
        marked += (m->marks[i] & JB_MARK_FIGURE) != 0;
    assert_int_equal(marked, 7 * 2 + 2);
    assert_true(m->marks[1] & JB_MARK_FIGURE);          /* the first */
    assert_true(m->marks[6 * 4 + 1] & JB_MARK_FIGURE);  /* the seventh */
    assert_false(m->marks[7 * 4 + 1] & JB_MARK_FIGURE); /* not the eighth: … */
    assert_true(m->marks[99 * 4 + 1] & JB_MARK_FIGURE); /* … the rate took its place */
    jb_doc_free(doc);
}

static void
test_figures_forced_spans_count_against_the_budget(void **state)
{
    /* 50 characters: one highlight, and the author's **…** takes it */
    const char text[] =
        "---\ntitle: "
        "标题\n---\n建立24个关工委，完成**全年任务**，发放资料5200份，惠及师生3000余人次。\n";
    jb_source *src;
    jb_doc *doc = marked(text, &src);
    (void)state;
    const jb_text *t = jb_item_lead(&doc->items[0], 0);
    for (size_t i = 0; i < t->n; i++)
        if (!(t->marks[i] & JB_MARK_FORCED))
            assert_false(t->marks[i] & JB_MARK_FIGURE);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_figures_backticks_keep_a_figure_off(void **state)
{
    const char text[] = "---\ntitle: 标题\n---\n建立24个关工委，进行`2期`学习。\n";
    jb_source *src;
    jb_doc *doc = marked(text, &src);
    (void)state;
    const jb_text *t = jb_item_lead(&doc->items[0], 0);
    assert_true(t->marks[2] & JB_MARK_FIGURE);   /* 24个 by the rules */
    assert_false(t->marks[10] & JB_MARK_FIGURE); /* 2期 kept off */
    assert_false(t->marks[11] & JB_MARK_FIGURE);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_figures_empty_paragraph(void **state)
{
    /* found by fuzz_parse: an empty text (no characters, no array) must not be scanned, and a
     * text is scanned up to its length only: characters past it (left by a shortened text) are
     * not marked, the paragraphs after an empty one are */
    jb_doc *doc = jb_doc_new();
    jb_text *empty, *shortened, *next;
    (void)state;
    empty = &jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text;
    shortened = &jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text;
    assert_int_equal(jb_text_push_utf8(shortened, "有5个", strlen("有5个"), 0, 0), 0);
    shortened->n = 0;
    next = &jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text;
    assert_int_equal(jb_text_push_utf8(next, "有5个", strlen("有5个"), 0, 0), 0);
    jb_figures_mark(doc);
    assert_int_equal(empty->n, 0);
    assert_null(empty->cps);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(shortened->marks[i], 0);
    assert_false(next->marks[0] & JB_MARK_FIGURE);
    assert_true(next->marks[1] & JB_MARK_FIGURE);
    assert_true(next->marks[2] & JB_MARK_FIGURE);
    jb_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_table),
        cmocka_unit_test(test_figures_sample_has_the_default_eleven),
        cmocka_unit_test(test_figures_off_keeps_only_forced_spans),
        cmocka_unit_test(test_figures_backticks_keep_a_figure_off),
        cmocka_unit_test(test_figures_many_spans_are_found_and_few_marked),
        cmocka_unit_test(test_figures_forced_spans_count_against_the_budget),
        cmocka_unit_test(test_figures_empty_paragraph),
    };
    return cmocka_run_group_tests_name("figures", tests, NULL, NULL);
}
