/* Unit tests for placeholders: the patterns of RULES.md §6.6, and no placeholder highlighted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "placeholders.h"
#include "utf8.h"

/* The placeholders of the UTF-8 text s joined by | ("-" for none), into out. */
static const char *
slots_of(const char *s, char *out, size_t size)
{
    jb_text t = {0};
    jb_span sp[8];
    size_t n, len = 0;
    assert_int_equal(jb_text_push_utf8(&t, s, strlen(s), 0, 0), 0);
    n = jb_placeholders_find(&t, sp, 8);
    snprintf(out, size, "-");
    for (size_t k = 0; k < n && k < 8; k++) {
        if (k)
            out[len++] = '|';
        for (size_t i = sp[k].start; i < sp[k].end; i++)
            len += jb_utf8_encode(t.cps[i], out + len);
        out[len] = '\0';
    }
    jb_text_fini(&t);
    return out;
}

static void
test_placeholders_patterns(void **state)
{
    static const char *const cases[][2] = {
        {"参合人数达xx人", "xx"},    {"较上年提高X.X%", "X.X%"}, {"投入资金xxx万元", "xxx万元"},
        {"惠及××人次", "××"},        {"参合率达%，", "达%"},     {"报销比例达到108 3%", "108 3%"},
        {"使用Linux和XX系统", "XX"}, {"xxx.gov.cn 网站", "xxx"}, {"完成投资3.5亿元，增长12%", "-"},
        {"Box 和 Xbox 游戏", "-"},   {"3×4的方阵", "-"},         {"计量单位为万元", "-"},
    };
    char out[256];
    (void)state;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (strcmp(slots_of(cases[k][0], out, sizeof out), cases[k][1]) != 0)
            print_error("%s: got %s, want %s\n", cases[k][0], out, cases[k][1]);
        assert_string_equal(out, cases[k][1]);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
