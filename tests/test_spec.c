/* Tests of spec: sizes by 号 name, defaults, INI layout files and their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "spec.h"

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void
test_spec_parses_sizes_by_name_and_unit(void **state)
{
    (void)state;
    assert_float_equal(jb_spec_parse_size("三号"), 16, 1e-9);
    assert_float_equal(jb_spec_parse_size("小五"), 9, 1e-9);
    assert_float_equal(jb_spec_parse_size("五号"), 10.5, 1e-9);
    assert_float_equal(jb_spec_parse_size("12pt"), 12, 1e-9);
    assert_float_equal(jb_spec_parse_size("9.75"), 9.75, 1e-9);
    assert_float_equal(jb_spec_parse_size("25.4mm"), 72, 1e-9);
    assert_true(jb_spec_parse_size("大号") < 0);
    assert_true(jb_spec_parse_size("12px") < 0);
    assert_true(jb_spec_parse_size("-3pt") < 0);
}

static void
test_spec_default_is_a4_with_fonts_dir(void **state)
{
    jb_spec s;
    (void)state;
    jb_spec_default(&s, "/data");
    assert_float_equal(s.page_w_pt, 595.2756, 1e-3);
    assert_float_equal(s.page_h_pt, 841.8898, 1e-3);
    assert_string_equal(s.fonts[JB_FONT_SONG].path, "/data/fonts/gbsn00lp.ttf");
    assert_float_equal(s.body_min_pt, 9, 1e-9);
}

static void
test_spec_shipped_red_header_equals_defaults(void **state)
{
    jb_spec a, b;
    jb_diag d;
    (void)state;
    jb_spec_default(&a, JB_TEST_ROOT);
    jb_spec_default(&b, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load(&b, JB_TEST_ROOT "/layouts/red-header.ini", JB_TEST_ROOT, &d),
                     JB_OK);
    assert_memory_equal(&a, &b, sizeof a);
}

static void
test_spec_overrides_keys(void **state)
{
    char path[] = "/tmp/jb-test-spec-XXXXXX";
    jb_spec s;
    jb_diag d;
    int fd = mkstemp(path);
    (void)state;
    close(fd);
    write_file(path, "[page]\nsize = B5\nmargin_left = 10mm\n[body]\nmin = 10pt\nleading = 1.8\n"
                     "[fonts]\nhei = wqy-zenhei.ttc:1\n[colors]\nfigure = 0 0 0 1\n");
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load(&s, path, JB_TEST_ROOT, &d), JB_OK);
    assert_float_equal(s.page_w_pt, 176 * 72 / 25.4, 1e-6);
    assert_float_equal(s.margin_left_pt, 10 * 72 / 25.4, 1e-6);
    assert_float_equal(s.body_min_pt, 10, 1e-9);
    assert_float_equal(s.leading, 1.8, 1e-9);
    assert_int_equal(s.fonts[JB_FONT_HEI].index, 1);
    assert_string_equal(s.fonts[JB_FONT_HEI].path, JB_TEST_ROOT "/fonts/wqy-zenhei.ttc");
    assert_float_equal(s.figure[3], 1, 1e-9);
    unlink(path);
}

static void
test_spec_errors_name_the_line(void **state)
{
    char path[] = "/tmp/jb-test-spec-XXXXXX";
    jb_spec s;
    jb_diag d;
    int fd = mkstemp(path);
    (void)state;
    close(fd);
    write_file(path, "[page]\nsize = A4\n\n[body]\nmax = huge\n");
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load(&s, path, JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_int_equal(d.line, 5);
    assert_non_null(strstr(d.message, "max"));

    write_file(path, "[page]\ncolour = red\n");
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load(&s, path, JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_int_equal(d.line, 2);
    assert_non_null(strstr(d.message, "unknown key"));
    unlink(path);

    jb_diag_init(&d);
    assert_int_equal(jb_spec_load(&s, "/nonexistent.ini", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_parses_sizes_by_name_and_unit),
        cmocka_unit_test(test_spec_default_is_a4_with_fonts_dir),
        cmocka_unit_test(test_spec_shipped_red_header_equals_defaults),
        cmocka_unit_test(test_spec_overrides_keys),
        cmocka_unit_test(test_spec_errors_name_the_line),
    };
    return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
