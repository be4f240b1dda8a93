/* Tests of shape: HarfBuzz advances, fallback font, punctuation classes and blanks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <hb.h>
#include <math.h>

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

/* The default layout's faces (Noto CJK, LXGW WenKai); the caller frees them. */
static jb_fontset *
open_default(void)
{
    jb_spec s;
    jb_fontset *def;
    jb_diag d;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    if (jb_fontset_open(&s, &def, &d) != JB_OK)
        fail_msg("%s", d.message);
    return def;
}

/* §2.2 in every role: in 重作用，“五老” the comma and the quote together take 1.5 em at natural
 * width, the quote's ink at the mainland position (right of its box, next to 五). LXGW WenKai (the
 * default kai) and Zen Hei (the TrueType hei and title) map “ ” to narrow Latin glyphs. */
static void
test_shape_quotes_are_full_width_in_every_role(void **state)
{
    static const char *const text = "重作用，“五老”奉献";
    jb_fontset *def = open_default();
    (void)state;
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

/* What HarfBuzz gives character k of cps[0..n) shaped as one run, as shape.c reads it (a
 * cluster's advances on its first character; a substituted glyph's cmap advance), after
 * shape.c's own widths: dashes and ellipses their ems, narrow quotes and brackets 1 em. */
static void
whole_run(jb_font *f, const jb_fontset *fs, const uint32_t *cps, size_t n, double *adv)
{
    static const hb_feature_t off[] = {{HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
                                       {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1}};
    hb_buffer_t *buf = hb_buffer_create();
    unsigned count, upem = jb_font_upem(f);
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;

    hb_buffer_add_codepoints(buf, cps, (int)n, 0, (int)n);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_HAN);
    hb_buffer_set_language(buf, jb_fontset_language(fs));
    hb_shape(jb_font_hb(f), buf, off, 2);
    info = hb_buffer_get_glyph_infos(buf, &count);
    pos = hb_buffer_get_glyph_positions(buf, &count);
    for (size_t k = 0; k < n; k++)
        adv[k] = 0;
    for (unsigned g = 0; g < count; g++) {
        size_t k = info[g].cluster;
        adv[k] += info[g].codepoint == jb_font_glyph(f, cps[k]) ? pos[g].x_advance
                                                                : jb_font_advance(f, cps[k]);
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t c = cps[k];
        int p = jb_punct_class(c);
        adv[k] /= upem;
        if (c == 0x2014 || c == 0x2015 || c == 0x2026 || c == 0x22EF)
            adv[k] = 1;
        else if (c == 0x2E3A || c == 0x2E3B)
            adv[k] = c == 0x2E3A ? 2 : 3;
        else if ((p == JB_PUNCT_OPEN || p == JB_PUNCT_CLOSE) &&
                 (double)jb_font_advance(f, c) / upem < 0.9 && jb_font_glyph(f, c) != 0)
            adv[k] = 1;
    }
    hb_buffer_destroy(buf);
}

/* shape.c cuts a run with other characters than CJK ones between two ideographs or common
 * Chinese marks: every face of the default and the TrueType set gives each character what
 * HarfBuzz gives it in the whole run, on random texts of ideographs, marks, kana (which Noto CJK
 * kerns), digits, Latin, dashes, ellipses and combining characters. */
static void
test_shape_in_pieces_is_shaping_whole(void **state)
{
    static const uint32_t pool[] = {
        0x4E00, 0x4E2D, 0x6587, 0x8D85, 0x3400, 0x3001, 0x3002, 0xFF0C, 0xFF1A, 0xFF1B,
        0xFF1F, 0xFF01, 0xFF08, 0xFF09, 0x300A, 0x300B, 0x300C, 0x300D, 0x3010, 0x3011,
        0x201C, 0x201D, 0x2018, 0x2019, 0x3042, 0x304B, 0x30A2, 0x30FC, 0x2014, 0x2026,
        0x2013, 0x2011, 0x2039, 0x203A, 0x00B7, 0x3000, ' ',    '0',    '7',    '.',
        '%',    'A',    'V',    'a',    'f',    'i',    'T',    '-',    '(',    ')',
        0x0301, 0xFE00, 0xF900, 0xAC00, 0x2060, 0xFF05, 0x2E3A};
    enum { POOL = sizeof pool / sizeof pool[0] };
    jb_fontset *def = open_default();
    jb_diag d;
    unsigned long seed = 2026;
    (void)state;
    jb_diag_init(&d);
    for (int pass = 0; pass < 2; pass++) {
        jb_fontset *fs = pass ? jb_fixture_fonts() : def;
        for (int r = 0; r < jb_fontset_count(fs); r++) {
            if (jb_fontset_canonical(fs, r) != r)
                continue;
            for (int t = 0; t < 150; t++) {
                uint32_t cps[48];
                uint8_t roles[48];
                jb_box b[48];
                double want[48];
                size_t n = 8 + t % 40;
                for (size_t k = 0; k < n; k++) {
                    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                    unsigned x = (unsigned)(seed >> 33);
                    cps[k] = x % 3 ? pool[(x >> 2) % 6] : pool[(x >> 2) % POOL];
                }
                cps[n / 2] = '5'; /* not all wide: the run goes to HarfBuzz */
                memset(roles, r, n);
                assert_int_equal(jb_shape(fs, cps, NULL, NULL, roles, n, b, &d), JB_OK);
                whole_run(jb_fontset_get(fs, r), fs, cps, n, want);
                for (size_t k = 0; k < n; k++)
                    if (fabs(b[k].adv - want[k]) > 1e-6)
                        fail_msg("face %d (%s) text %d: U+%04X at %zu has %.4f em, whole %.4f", r,
                                 jb_font_path(jb_fontset_get(fs, r)), t, (unsigned)cps[k], k,
                                 b[k].adv, want[k]);
            }
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
        cmocka_unit_test(test_shape_in_pieces_is_shaping_whole),
    };
    return cmocka_run_group_tests_name("shape", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
