/* Tests of font: the committed fonts load, coverage, ink boxes, subsetting, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "font.h"

static void
test_font_roles_cover_gb2312_and_fallback_the_rest(void **state)
{
    jb_fontset *fs = jb_fixture_fonts();
    (void)state;
    jb_font *song = jb_fontset_get(fs, JB_FONT_SONG), *fb = jb_fontset_get(fs, JB_FONT_FALLBACK);
    assert_true(jb_font_has(song, 0x91CD));  /* 重 */
    assert_false(jb_font_has(song, 0x5586)); /* 喆 is outside GB2312 */
    assert_true(jb_font_has(fb, 0x5586));
    assert_true(jb_font_has(fb, 0x5803)); /* 堃 */
    assert_true(jb_font_has(jb_fontset_get(fs, JB_FONT_HEI), 0x5586));
    assert_false(jb_font_has(fb, 0x20BB7)); /* 𠮷: no committed font has it */
}

static void
test_font_ink_boxes_show_punctuation_position(void **state)
{
    jb_fontset *fs = jb_fixture_fonts();
    (void)state;
    jb_font *song = jb_fontset_get(fs, JB_FONT_SONG), *hei = jb_fontset_get(fs, JB_FONT_HEI);
    int adv, l, r;
    double upem;

    /* AR PL SungtiL GB: ， in the lower left (mainland position) */
    assert_int_equal(jb_font_ink(song, 0xFF0C, &adv, &l, &r), 0);
    upem = jb_font_upem(song);
    assert_true(r / upem < 0.5);
    /* WenQuanYi Zen Hei: ， centred in the em box */
    assert_int_equal(jb_font_ink(hei, 0xFF0C, &adv, &l, &r), 0);
    upem = jb_font_upem(hei);
    assert_true(l / upem > 0.3 && r / upem < 0.7);
    assert_int_equal(jb_font_ink(song, 0x5586, &adv, &l, &r), -1);
}

static void
test_font_subset_is_small_and_keeps_the_glyphs(void **state)
{
    jb_fontset *fs = jb_fixture_fonts();
    jb_font *hei = jb_fontset_get(fs, JB_FONT_HEI);
    (void)state;
    const uint32_t cps[] = {'A', 0x5730, 0x91CD, 0x9635}; /* A地重阵, sorted */
    jb_subset sub;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_font_subset(hei, cps, 4, &sub, &d), JB_OK);
    assert_true(sub.len > 100);
    assert_true(sub.len < 20000);                         /* the whole collection is 16 MB */
    assert_memory_equal(sub.data, "\x00\x01\x00\x00", 4); /* TrueType, not a collection */
    /* glyph 0 is .notdef; the others are renumbered in the order of the full font's glyphs */
    for (int k = 0; k < 4; k++)
        assert_true(sub.gid[k] >= 1 && sub.gid[k] <= 4);
    assert_true((jb_font_glyph(hei, cps[1]) < jb_font_glyph(hei, cps[2])) ==
                (sub.gid[1] < sub.gid[2]));
    assert_int_equal(sub.width[1], 1000); /* a Han character fills the em */
    assert_true(sub.width[0] > 300 && sub.width[0] < 800);
    assert_true(sub.bbox[2] > sub.bbox[0] && sub.ascent > 0 && sub.descent < 0);
    assert_true(strlen(sub.ps_name) > 0 &&
                strspn(sub.ps_name,
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(sub.ps_name));
    jb_subset_free(&sub);
    jb_subset_free(&sub); /* zeroed: harmless */
}

static void
test_font_missing_file_is_a_font_error(void **state)
{
    jb_spec spec;
    jb_fontset *fs;
    jb_diag d;
    (void)state;
    jb_spec_default(&spec, JB_TEST_ROOT);
    snprintf(spec.fonts[JB_FONT_KAI].path, sizeof spec.fonts[0].path, "/nonexistent/kai.ttf");
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_ERR_FONT);
    assert_null(fs);
    assert_string_equal(d.file, "/nonexistent/kai.ttf");
    assert_non_null(strstr(d.message, "kai"));
}

static void
test_font_non_font_file_is_a_font_error(void **state)
{
    jb_spec spec;
    jb_fontset *fs;
    jb_diag d;
    (void)state;
    jb_spec_default(&spec, JB_TEST_ROOT);
    snprintf(spec.fonts[JB_FONT_SONG].path, sizeof spec.fonts[0].path,
             JB_TEST_DATA "/figures/spans.tsv");
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_ERR_FONT);
    jb_spec_default(&spec, JB_TEST_ROOT);
    spec.fonts[JB_FONT_HEI].index = 7;
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "face 7"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font_roles_cover_gb2312_and_fallback_the_rest),
        cmocka_unit_test(test_font_ink_boxes_show_punctuation_position),
        cmocka_unit_test(test_font_subset_is_small_and_keeps_the_glyphs),
        cmocka_unit_test(test_font_missing_file_is_a_font_error),
        cmocka_unit_test(test_font_non_font_file_is_a_font_error),
    };
    return cmocka_run_group_tests_name("font", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
