/* Tests of words: ICU's dictionary word boundaries, loaded on first use. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"
#include "words.h"

/* Decodes UTF-8 s into cps; returns the count. */
static size_t
decode(const char *s, uint32_t *cps)
{
    size_t n = 0, at = 0, len = strlen(s);
    while (at < len)
        at += jb_utf8_decode(s + at, len - at, &cps[n++]);
    return n;
}

static void
test_words_splits_a_title_between_words(void **state)
{
    uint32_t cps[32];
    uint8_t word[33];
    size_t n = decode("做强做优关心下一代工作品牌", cps);
    (void)state;
    assert_int_equal(jb_words_bounds(cps, n, word), 0);
    assert_int_equal(word[0], 1);
    assert_int_equal(word[n], 1);
    /* 关心下一代 (the table) | 工作 | 品牌 */
    assert_int_equal(word[4], 1);
    assert_int_equal(word[6], 0);
    assert_int_equal(word[9], 1);
    assert_int_equal(word[11], 1);
    /* never inside 关心, 工作 or 品牌 */
    assert_int_equal(word[5], 0);
    assert_int_equal(word[10], 0);
    assert_int_equal(word[12], 0);
}

static void
test_words_maps_units_above_the_bmp_to_characters(void **state)
{
    uint32_t cps[] = {0x20BB7, 0x5DE5, 0x4F5C}; /* 𠮷工作: a surrogate pair first */
    uint8_t word[4];
    (void)state;
    assert_int_equal(jb_words_bounds(cps, 3, word), 0);
    assert_int_equal(word[0], 1);
    assert_int_equal(word[3], 1);
    assert_int_equal(word[2], 0); /* 工作 stays one word */
}

static void *
bounds_in_thread(void *arg)
{
    uint32_t cps[32];
    uint8_t word[33];
    size_t n = decode("关心下一代工作", cps);
    *(int *)arg = jb_words_bounds(cps, n, word) == 0 && word[2] == 0 && word[5] == 1 &&
                  word[1] == 0 && word[6] == 0;
    return NULL;
}

static void
test_words_loads_icu_once_across_threads(void **state)
{
    pthread_t t[8];
    int ok[8] = {0};
    (void)state;
    assert_int_equal(jb_words_loads(), 0); /* the first test: nothing looked ICU up yet */
    for (int i = 0; i < 8; i++)            /* eight threads asking at once */
        assert_int_equal(pthread_create(&t[i], NULL, bounds_in_thread, &ok[i]), 0);
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
        assert_true(ok[i]);
    }
    assert_int_equal(jb_words_loads(), 1);
    bounds_in_thread(&ok[0]); /* and later calls never again */
    assert_int_equal(jb_words_loads(), 1);
}

static void
test_words_keeps_compounds_numbers_and_suffixes_whole(void **state)
{
    uint32_t cps[32];
    uint8_t word[33];
    size_t n;
    (void)state;
    /* ICU splits 触手|可|及 (the table joins it) */
    n = decode("让幸福触手可及", cps);
    assert_int_equal(jb_words_bounds(cps, n, word), 0);
    assert_int_equal(word[3], 1); /* 让幸福 | 触手可及 */
    assert_int_equal(word[5], 0);
    assert_int_equal(word[6], 0);
    /* a number keeps its unit: 2021年 | 重点工作 */
    n = decode("2021年重点工作", cps);
    assert_int_equal(jb_words_bounds(cps, n, word), 0);
    assert_int_equal(word[4], 0);
    assert_int_equal(word[5], 1);
    assert_int_equal(word[7], 0);
    /* 市场|化 joins; 人|居|环境 joins */
    n = decode("打造市场化农村人居环境", cps);
    assert_int_equal(jb_words_bounds(cps, n, word), 0);
    assert_int_equal(word[4], 0);
    assert_int_equal(word[5], 1);
    assert_int_equal(word[8], 0);
    assert_int_equal(word[9], 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_loads_icu_once_across_threads),
        cmocka_unit_test(test_words_splits_a_title_between_words),
        cmocka_unit_test(test_words_maps_units_above_the_bmp_to_characters),
        cmocka_unit_test(test_words_keeps_compounds_numbers_and_suffixes_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
