/* Tests of levels.c: head levels from their numbering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "levels.h"

static jb_block *
head(jb_item *it, const char *text, int level)
{
    jb_block *b = jb_item_add_block(it, JB_BLOCK_HEAD, 0);
    assert_non_null(b);
    assert_int_equal(jb_text_push_utf8(&b->text, text, strlen(text), 0, 0), 0);
    b->level = level;
    return b;
}

/* 一、 over （一） over 1.; （一） alone stays level 1; an unnumbered head and a deeper level kept.
 */
static void
test_levels_from_numbering(void **state)
{
    static const char *const heads[] = {"一、基本情况", "（一）主要做法", "1.划分网格",
                                        "(二)工作成效", "组织建设",       "二、下步打算"};
    static const int want[] = {1, 2, 3, 2, 3, 1};
    jb_doc *doc = jb_doc_new(), *one = jb_doc_new();
    (void)state;
    for (size_t k = 0; k < 6; k++)
        head(&doc->items[0], heads[k], k == 4 ? 3 : 1);
    jb_levels_set(doc);
    for (size_t k = 0; k < 6; k++)
        assert_int_equal(doc->items[0].blocks[k].level, want[k]);
    head(&one->items[0], "（一）甲", 1);
    head(&one->items[0], "1.乙", 1);
    jb_levels_set(one);
    assert_int_equal(one->items[0].blocks[0].level, 1);
    assert_int_equal(one->items[0].blocks[1].level, 2);
    assert_int_equal(jb_levels_numbered(&one->items[0].blocks[1].text), 3);
    jb_doc_free(doc);
    jb_doc_free(one);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_from_numbering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
