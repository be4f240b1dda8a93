/* Tests of hyphenate: which English words it looks up, and the points it marks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hyphenate.h"
#include "lines.h"
#include "utf8.h"

/* 1 when text holds a word jb_hyphenate looks up. */
static int
has_words(const char *text)
{
    size_t n;
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), &n);
    assert_non_null(cps);
    int r = jb_hyphenate_has_words(cps, n);
    free(cps);
    return r;
}

static void
test_hyphenate_words_it_looks_up(void **state)
{
    (void)state;
    assert_true(has_words("会议讨论了infrastructure建设"));
    assert_true(has_words("Modernization of the programme"));
    assert_false(has_words("全年GDP增长5.2%，建成5G基站"));    /* capitals, short */
    assert_false(has_words("the cat sat on a mat"));           /* all shorter than six */
    assert_false(has_words("见 x_summary.docx 与 v2release")); /* inside tokens */
    assert_false(has_words("见report2024年报"));               /* a digit after it */
    assert_false(has_words(""));
}

static void
test_hyphenate_marks_points_only_in_words_it_looks_up(void **state)
{
    /* where has_words says no, jb_hyphenate marks nothing; where yes, points inside the word
     * (the patterns are Debian's hyphen-en-us, installed with the module) */
    static const char *texts[] = {"全年GDP增长", "the cat sat", "会议讨论了infrastructure建设"};
    (void)state;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        size_t n, marked = 0;
        uint32_t *cps = jb_utf8_to_utf32(texts[t], strlen(texts[t]), &n);
        uint8_t *brk = calloc(n, 1), *marks = calloc(n, 1);
        assert_true(cps && brk && marks);
        jb_lines_opportunities(cps, marks, n, brk);
        jb_hyphenate(cps, n, brk);
        for (size_t k = 0; k < n; k++)
            marked += brk[k] == JB_BRK_HYPHEN;
        if (jb_hyphenate_has_words(cps, n))
            assert_true(marked > 0);
        else
            assert_int_equal(marked, 0);
        free(cps), free(brk), free(marks);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyphenate_words_it_looks_up),
        cmocka_unit_test(test_hyphenate_marks_points_only_in_words_it_looks_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
