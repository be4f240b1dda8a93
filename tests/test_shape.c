/* Tests of shape: HarfBuzz advances, fallback font, punctuation classes and blanks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "shape.h"
#include "utf8.h"

static jb_box *
shape_str(const char *text, int role, size_t *n)
{
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), n);
    uint8_t *roles = malloc(*n);
    jb_box *b = calloc(*n, sizeof *b);
    jb_diag d;
    memset(roles, role, *n);
    jb_diag_init(&d);
    assert_int_equal(jb_shape(jb_fixture_fonts(), cps, NULL, NULL, roles, *n, b, &d), JB_OK);
    free(cps);
    free(roles);
    return b;
}

static void
test_shape_han_is_one_em_and_digits_narrower(void **state)
{
    size_t n;
    jb_box *b = shape_str("达155个", JB_FONT_SONG, &n);
    (void)state;
    assert_int_equal(n, 5);
    assert_float_equal(b[0].adv, 1.0, 1e-6);
    assert_float_equal(b[4].adv, 1.0, 1e-6);
    assert_true(b[1].adv > 0.3 && b[1].adv < 0.7);
    assert_int_equal(b[0].font, JB_FONT_SONG);
    free(b);
}

static void
test_shape_uses_fallback_for_characters_outside_the_role_font(void **state)
{
    size_t n;
    /* shape draws each character with the slot texts.c picked: here the fallback face */
    jb_box *b = shape_str("张喆堃", JB_FONT_ROLES, &n);
    (void)state;
    assert_int_equal(b[0].font, JB_FONT_ROLES);
    assert_int_equal(b[1].font, JB_FONT_ROLES);
    assert_true(b[1].adv > 0.9);
    free(b);
}

static void
test_shape_classifies_punctuation(void **state)
{
    (void)state;
    assert_int_equal(jb_punct_class(0x201C), JB_PUNCT_OPEN);
    assert_int_equal(jb_punct_class(0x300B), JB_PUNCT_CLOSE);
    assert_int_equal(jb_punct_class(0xFF0C), JB_PUNCT_PAUSE);
    assert_int_equal(jb_punct_class(0x3002), JB_PUNCT_STOP);
    assert_int_equal(jb_punct_class(0x2026), JB_PUNCT_FIXED);
    assert_int_equal(jb_punct_class(0x91CD), JB_PUNCT_NONE);
}

static void
test_shape_blanks_come_from_the_ink_box(void **state)
{
    size_t n;
    jb_box *song = shape_str("，“", JB_FONT_SONG, &n);
    jb_box *hei = shape_str("，“", JB_FONT_HEI, &n);
    (void)state;
    /* GB font: ， already sits left, nothing to move; up to ½ em removable on the right */
    assert_float_equal(song[0].shift, 0, 0.05);
    assert_true(song[0].blank_r > 0.3 && song[0].blank_r <= 0.5);
    assert_float_equal(song[0].blank_l, 0, 1e-9);
    assert_true(song[1].blank_l > 0.2);
    /* centred font: ， moved left by about 0.3 em so that its blank is on the right */
    assert_true(hei[0].shift < -0.2);
    assert_true(hei[0].blank_r > 0.3 && hei[0].blank_r <= 0.5);
    free(song);
    free(hei);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_han_is_one_em_and_digits_narrower),
        cmocka_unit_test(test_shape_uses_fallback_for_characters_outside_the_role_font),
        cmocka_unit_test(test_shape_classifies_punctuation),
        cmocka_unit_test(test_shape_blanks_come_from_the_ink_box),
    };
    return cmocka_run_group_tests_name("shape", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
