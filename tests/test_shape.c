/* Tests of shape: HarfBuzz advances, fallback font, punctuation classes and blanks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "lines.h"
#include "shape.h"
#include "spec.h"
#include "utf8.h"

static jb_box *
shape_in(jb_fontset *fs, const char *text, int role, size_t *n)
{
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), n);
    uint8_t *roles = malloc(*n);
    jb_box *b = calloc(*n, sizeof *b);
    jb_diag d;
    memset(roles, role, *n);
    jb_diag_init(&d);
    assert_int_equal(jb_shape(fs, cps, NULL, NULL, roles, *n, b, &d), JB_OK);
    free(cps);
    free(roles);
    return b;
}

static jb_box *
shape_str(const char *text, int role, size_t *n)
{
    return shape_in(jb_fixture_fonts(), text, role, n);
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

/* The em from the start of box i to the start of box i + 1 with the text set at its natural width
 * on one line (the glyph's x less its shift is where its box starts). */
static double
natural_step(jb_fontset *fs, const char *text, int role, size_t i)
{
    size_t n;
    jb_box *b = shape_in(fs, text, role, &n);
    jb_para_opts o = {.measure_pt = 1000, .size_pt = 10, .indent_em = 0, .min_last = 1};
    jb_para_layout pl;
    jb_diag d;
    double step;
    jb_diag_init(&d);
    assert_int_equal(jb_lines_break(b, n, &o, &pl, &d), JB_OK);
    assert_int_equal(pl.n_lines, 1);
    step = (pl.x_pt[i + 1] / o.size_pt - b[i + 1].shift) - (pl.x_pt[i] / o.size_pt - b[i].shift);
    jb_para_layout_fini(&pl);
    free(b);
    return step;
}

/* §2.2 in every role: in 重作用，“五老” the comma and the quote together take 1.5 em at natural
 * width, the quote's ink at the mainland position (right of its box, next to 五). LXGW WenKai (the
 * default kai) and Zen Hei (the TrueType hei and title) map “ ” to narrow Latin glyphs. */
static void
test_shape_quotes_are_full_width_in_every_role(void **state)
{
    static const char *const text = "重作用，“五老”奉献";
    jb_spec s;
    jb_fontset *def;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    if (jb_fontset_open(&s, &def, &d) != JB_OK)
        fail_msg("%s", d.message);
    for (int pass = 0; pass < 2; pass++) {
        jb_fontset *fs = pass ? jb_fixture_fonts() : def;
        for (int r = 0; r < JB_FONT_LATIN; r++) {
            size_t n;
            jb_box *b = shape_in(fs, text, r, &n);
            int a, l, ri;
            jb_font *f = jb_fontset_get(fs, r);
            double ink_l, ink_r;
            double comma = natural_step(fs, text, r, 3), quote = natural_step(fs, text, r, 4);
            assert_float_equal(comma + quote, 1.5, 0.02);
            assert_float_equal(natural_step(fs, text, r, 7), 1.0, 0.02); /* ” before 奉 */
            assert_float_equal(b[4].adv, 1.0, 1e-6);
            assert_float_equal(b[7].adv, 1.0, 1e-6);
            /* the opening quote's ink in the right half of its box, next to 五 */
            assert_int_equal(jb_font_ink(f, 0x201C, &a, &l, &ri), 0);
            ink_l = (double)l / jb_font_upem(f) + b[4].shift;
            ink_r = (double)ri / jb_font_upem(f) + b[4].shift;
            assert_true(ink_l >= 0.5 && ink_r <= 1.0);
            free(b);
        }
    }
    jb_fontset_free(def);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_han_is_one_em_and_digits_narrower),
        cmocka_unit_test(test_shape_uses_fallback_for_characters_outside_the_role_font),
        cmocka_unit_test(test_shape_classifies_punctuation),
        cmocka_unit_test(test_shape_blanks_come_from_the_ink_box),
        cmocka_unit_test(test_shape_quotes_are_full_width_in_every_role),
    };
    return cmocka_run_group_tests_name("shape", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
