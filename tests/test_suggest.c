/* Unit tests for suggest: the title suggested for a document without one (RULES.md §7.7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "parse.h"
#include "suggest.h"

/* The suggestion for the Markdown text (read as a report that may lack its title), as UTF-8. */
static int
suggests(const char *md, const char *path, const char *want)
{
    jb_source *src;
    jb_doc *doc;
    jb_diag d;
    jb_text t = {0};
    int ok;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("r.md", md, strlen(md), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_parse_titled(src, 1, &doc, &d), JB_OK);
    assert_int_equal(jb_suggest_title(doc, path, &t), 0);
    ok = jb_fixture_text_is(&t, want);
    if (!ok)
        print_error("want %s\n", want);
    jb_text_fini(&t);
    jb_doc_free(doc);
    jb_source_free(src);
    return ok;
}

static void
test_suggest_in_its_order(void **state)
{
    (void)state;
    /* a 关于… sentence first, to its first clause end */
    assert_true(suggests(
        "## 一、概况\n\n今年以来，全县工作稳步推进。\n\n关于全县秋粮收购工作的情况，报告如下。\n",
        "a.md", "关于全县秋粮收购工作的情况"));
    /* an unnumbered head without a mark at its end */
    assert_true(suggests("## 一、概况\n\n正文一段。\n\n## 全县秋粮收购进展顺利\n\n正文。\n", "a.md",
                         "全县秋粮收购进展顺利"));
    /* the lead's first clause of 6 characters or more (今年以来 is too short) */
    assert_true(
        suggests("今年以来，北岭县扎实推进村级集体经济发展，成效明显。\n\n## 一、做法\n\n正文。\n",
                 "a.md", "北岭县扎实推进村级集体经济发展"));
    /* nothing in the text: the file name, without folder and extension */
    assert_true(suggests("## 一、做法\n\n短。\n", "/tmp/x/秋粮收购简报.md", "秋粮收购简报"));
    assert_true(suggests("## 一、做法\n\n短。\n", NULL, ""));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest_in_its_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
