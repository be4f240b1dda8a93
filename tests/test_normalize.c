/* Tests of normalize: RULES.md §4.3 as a table (tests/data/normalize/cases.tsv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "normalize.h"

static void
test_normalize_table(void **state)
{
    FILE *f = fopen(JB_TEST_DATA "/normalize/cases.tsv", "r");
    char line[2048];
    int cases = 0, failed = 0;
    (void)state;

    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *nl = strchr(line, '\n'), *got;
        jb_text t;
        if (line[0] == '#' || tab == NULL)
            continue;
        if (nl)
            *nl = '\0';
        *tab = '\0';
        memset(&t, 0, sizeof t);
        assert_int_equal(jb_text_push_utf8(&t, line, strlen(line), 0, 0), 0);
        assert_int_equal(jb_normalize_text(&t), 0);
        got = jb_text_to_utf8(&t);
        if (strcmp(got, tab + 1) != 0) {
            print_error("%s\n  got  %s\n  want %s\n", line, got, tab + 1);
            failed++;
        }
        free(got);
        jb_text_fini(&t);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 17);
    assert_int_equal(failed, 0);
}

static void
test_normalize_keeps_offsets_and_marks(void **state)
{
    jb_text t;
    (void)state;
    memset(&t, 0, sizeof t);
    jb_text_push_utf8(&t, "好,是", strlen("好,是"), 100, 0);
    t.marks[2] = JB_MARK_FIGURE;
    assert_int_equal(jb_normalize_text(&t), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.cps[1], 0xFF0C);
    assert_int_equal(t.offs[1], 103);
    assert_int_equal(t.marks[2], JB_MARK_FIGURE);
    jb_text_fini(&t);
}

/* The blanks of a credit keep its names apart (（通讯员 李明 张华）), other blanks between Han go.
 */
static void
test_normalize_space_keeps_credit_names(void **state)
{
    static const char *const cases[][2] = {
        {"（通讯员 李明 张华）", "（通讯员\u3000李明\u3000张华）"},
        {"记者 刘晓明 王海 通讯员 陈思远", "记者\u3000刘晓明\u3000王海\u3000通讯员\u3000陈思远"},
        {"组织 开展 宣传 活动", "组织开展宣传活动"},
        /* a title (mode 2) keeps one U+3000 between two phrases, drops it beside a mark */
        {"\t守正创新  奋力开创 ， 新局面 ", "守正创新\u3000奋力开创，新局面"},
    };
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        jb_text t = {0};
        char *got;
        assert_int_equal(jb_text_push_utf8(&t, cases[k][0], strlen(cases[k][0]), 0, 0), 0);
        jb_normalize_space(&t, k == 3 ? 2 : 0);
        got = jb_text_to_utf8(&t);
        assert_string_equal(got, cases[k][1]);
        free(got);
        jb_text_fini(&t);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_table),
        cmocka_unit_test(test_normalize_keeps_offsets_and_marks),
        cmocka_unit_test(test_normalize_space_keeps_credit_names),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
