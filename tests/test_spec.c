/* Tests of spec: sizes by 号 name, defaults, INI layout files and their errors, fonts by family. */
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
    /* Debian's files by path (no fontconfig on the way), with the family for other systems */
    assert_string_equal(s.fonts[JB_FONT_SONG].path,
                        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    assert_int_equal(s.fonts[JB_FONT_SONG].index, 2);
    assert_string_equal(s.fonts[JB_FONT_SONG].family, "Noto Serif CJK SC");
    assert_string_equal(s.fonts[JB_FONT_TITLE].family, "Noto Serif CJK SC:style=Bold");
    assert_int_equal(s.n_chain[JB_FONT_KAI], 1);
    assert_int_equal(s.chain[JB_FONT_KAI][0], JB_FONT_SONG);
    assert_int_equal(s.figure_font, JB_FONT_TITLE);
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
    /* the file names the default's files; only the family to look up elsewhere is not kept */
    for (int k = 0; k < JB_FONT_SLOTS; k++)
        a.fonts[k].family[0] = '\0';
    /* nor what it is called where people choose it ([about]: nothing on the page) */
    assert_string_equal(b.about_name, "红头简报");
    memset(b.about_name, 0, sizeof b.about_name);
    memset(b.about_summary, 0, sizeof b.about_summary);
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
                     "[fonts]\nhei = extb-test.ttf:1\n[colors]\nfigure = 0 0 0 1\n");
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    /* a file name is looked up in the data folder's fonts/ (tests/data holds one) */
    assert_int_equal(jb_spec_load(&s, path, JB_TEST_ROOT "/tests/data", &d), JB_OK);
    assert_float_equal(s.page_w_pt, 176 * 72 / 25.4, 1e-6);
    assert_float_equal(s.margin_left_pt, 10 * 72 / 25.4, 1e-6);
    assert_float_equal(s.body_min_pt, 10, 1e-9);
    assert_float_equal(s.leading, 1.8, 1e-9);
    assert_int_equal(s.fonts[JB_FONT_HEI].index, 1);
    assert_string_equal(s.fonts[JB_FONT_HEI].path, JB_TEST_ROOT "/tests/data/fonts/extb-test.ttf");
    assert_float_equal(s.red[3], 1, 1e-9); /* figure = names the one colour (§6.7) */
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

/* The values of a layout with many keys, as read (the sizes of 号 names, CMYK …). */
static void
test_spec_key_values(void **state)
{
    jb_spec a, b;
    jb_diag d;
    (void)state;
    jb_spec_default(&a, JB_TEST_ROOT);
    jb_spec_default(&b, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(
        jb_spec_load_string(
            &b, "all.ini",
            "[page]\nsize = Letter\nwidth = 200mm\nheight = 280mm\n"
            "margin_top = 11mm\nmargin_bottom = 12mm\n"
            "margin_left = 13mm\nmargin_right = 14mm\n"
            "[fonts]\nsong = /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf\nkai = "
            "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
            "hei = /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc:1\nfallback = "
            "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
            "[body]\nmax = 小四\nmin = 六号\nstep = 0.5pt\nleading = 1.8\n"
            "[masthead]\nname = 关工简报\nalign = left\nsize = 小一\n"
            "sub_size = 五号\nrule = 3pt\n[title]\nsize = 小二\n"
            "[byline]\nsize = 五号\n[section]\nfont = song\nrule = 0.5pt\n"
            "[figure]\nfont = kai\nunderline = 0.4pt\n"
            "[foot]\nsize = 小四\nrule = 2pt\n"
            "[colors]\nmasthead = 0 0 0 0.5\n"
            "accent = 0 1 0 0\n",
            JB_TEST_ROOT, &d),
        JB_OK);
    assert_float_equal(b.page_w_pt, 200 * 72 / 25.4, 1e-6);
    assert_float_equal(b.page_h_pt, 280 * 72 / 25.4, 1e-6);
    assert_float_equal(b.margin_top_pt, 11 * 72 / 25.4, 1e-6);
    assert_float_equal(b.margin_bottom_pt, 12 * 72 / 25.4, 1e-6);
    assert_float_equal(b.margin_left_pt, 13 * 72 / 25.4, 1e-6);
    assert_float_equal(b.margin_right_pt, 14 * 72 / 25.4, 1e-6);
    assert_string_equal(b.fonts[JB_FONT_SONG].path,
                        "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf");
    assert_string_equal(b.fonts[JB_FONT_KAI].path,
                        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf");
    assert_int_equal(b.fonts[JB_FONT_HEI].index, 1);
    /* fallback = … ends every role's chain */
    for (int r = 0; r < JB_FONT_ROLES; r++)
        assert_string_equal(b.fonts[b.chain[r][b.n_chain[r] - 1]].path,
                            "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf");
    assert_float_equal(b.body_max_pt, 12, 1e-9);
    assert_float_equal(b.body_min_pt, 7.5, 1e-9);
    assert_float_equal(b.body_step_pt, 0.5, 1e-9);
    assert_float_equal(b.leading, 1.8, 1e-9);
    assert_string_equal(b.masthead_name, "关工简报");
    assert_int_equal(b.masthead_left, 1);
    assert_float_equal(b.masthead_pt, 24, 1e-9);
    assert_float_equal(b.masthead_sub_pt, 10.5, 1e-9);
    assert_float_equal(b.rule_pt, 3, 1e-9);
    assert_float_equal(b.title_pt, 18, 1e-9);
    assert_float_equal(b.byline_pt, 10.5, 1e-9);
    assert_int_equal(b.head_font, JB_FONT_SONG);
    assert_float_equal(b.section_rule_pt, 0.5, 1e-9);
    assert_int_equal(b.figure_font, JB_FONT_KAI);
    assert_float_equal(b.figure_underline_pt, 0.4, 1e-9);
    assert_float_equal(b.foot_pt, 12, 1e-9);
    assert_float_equal(b.foot_rule_pt, 2, 1e-9);
    assert_float_equal(b.red[3], 0.5, 1e-9);
    assert_float_equal(b.accent[1], 1, 1e-9);
    assert_memory_not_equal(&a, &b, sizeof a);
}

/* Every key of the table, alone, changes what it says it sets: a key read but not assigned (the
 * leading_max that passed every test once) fails here, whichever key it is. The values are the
 * rows' examples; a layout file of all of them gives the same spec as --set one by one. */
static void
test_spec_every_key_is_read(void **state)
{
    jb_spec def, one, all;
    jb_diag d;
    char text[8192];
    size_t k = 0;
    (void)state;
    jb_spec_default(&def, JB_TEST_ROOT);
    jb_spec_default(&all, JB_TEST_ROOT);
    assert_true(jb_spec_n_keys >= 50);
    for (size_t i = 0; i < jb_spec_n_keys; i++) {
        const jb_spec_key *key = &jb_spec_keys[i];
        char set[1200];
        snprintf(set, sizeof set, "%s.%s=%s", key->section, key->key, key->example);
        one = def;
        jb_diag_init(&d);
        if (jb_spec_set(&one, set, JB_TEST_ROOT, &d) != JB_OK)
            fail_msg("--set %s: %s", set, d.message);
        if (memcmp((char *)&one + key->field, (char *)&def + key->field, key->size) == 0)
            fail_msg("--set %s left its field as it was: the key is read but not assigned", set);
        assert_ptr_equal(jb_spec_key_find(key->section, key->key), key);
        assert_true(key->doc[0] != '\0');
        /* a layout file with every key, sections in table order (a section repeats: fine) */
        k += (size_t)snprintf(text + k, sizeof text - k, "[%s]\n%s = %s\n", key->section, key->key,
                              key->example);
        assert_true(k < sizeof text);
    }
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load_string(&all, "all.ini", text, JB_TEST_ROOT, &d), JB_OK);
    assert_memory_not_equal(&def, &all, sizeof def);
    assert_float_equal(all.leading_max, 2.2, 1e-9);
}

/* docs/LAYOUTS.md's table and the key table are the same keys with the same meanings. */
static void
test_spec_keys_are_the_documented_ones(void **state)
{
    FILE *f = fopen(JB_TEST_ROOT "/docs/LAYOUTS.md", "r");
    char line[4096], section[32] = "";
    size_t documented = 0;
    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *col[5] = {0}, *p = line;
        int n = 0;
        if (strncmp(line, "| ", 2) != 0)
            continue;
        while (n < 5 && (p = strchr(p, '|')) != NULL) /* the columns between the bars */
            col[n++] = ++p;
        if (n != 5)
            continue;
        for (int c = 0; c < 4; c++) { /* trim each to its text */
            char *e = strchr(col[c], '|');
            while (*col[c] == ' ')
                col[c]++;
            *e = '\0';
            while (e > col[c] && e[-1] == ' ')
                *--e = '\0';
        }
        if (sscanf(col[0], "`[%31[a-z]]`", section) != 1 && col[0][0] != '\0')
            section[0] = '\0'; /* another table */
        if (section[0] == '\0')
            continue;
        for (char *q = col[1]; (q = strchr(q, '`')) != NULL;) {
            char key[64];
            const jb_spec_key *k;
            char *end = strchr(q + 1, '`');
            assert_non_null(end);
            snprintf(key, sizeof key, "%.*s", (int)(end - q - 1), q + 1);
            q = end + 1;
            if ((k = jb_spec_key_find(section, key)) == NULL)
                fail_msg("docs/LAYOUTS.md documents [%s] %s, which the key table lacks", section,
                         key);
            if (strcmp(k->doc, col[3]) != 0)
                fail_msg("[%s] %s: the table says '%s', docs/LAYOUTS.md '%s'", section, key, k->doc,
                         col[3]);
            documented++;
        }
    }
    fclose(f);
    assert_int_equal(documented, jb_spec_n_keys);
}

static void
test_spec_set_overrides_one_key(void **state)
{
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "body.min=10pt", JB_TEST_ROOT, &d), JB_OK);
    assert_float_equal(s.body_min_pt, 10, 1e-9);
    assert_int_equal(jb_spec_set(&s, "colors.figure=0 0 0 1", JB_TEST_ROOT, &d), JB_OK);
    assert_float_equal(s.red[3], 1, 1e-9);
    assert_int_equal(jb_spec_set(&s, "page.size=B5", JB_TEST_ROOT, &d), JB_OK);
    assert_float_equal(s.page_w_pt, 176 * 72 / 25.4, 1e-6);
    assert_int_equal(jb_spec_set(&s, "masthead.name=关工简报", JB_TEST_ROOT, &d), JB_OK);
    assert_string_equal(s.masthead_name, "关工简报");
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "bodymin=10pt", JB_TEST_ROOT, &d), JB_ERR_USAGE);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "body.colour=1", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_non_null(strstr(d.message, "unknown key"));
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "section.font=fancy", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_non_null(strstr(d.message, "song, kai, hei, fang or title"));
}

/* A misspelt --set key gets the nearest one of the key table. */
static void
test_spec_set_suggests_a_key(void **state)
{
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "body.mni=9pt", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_string_equal(d.hint, "did you mean --set body.min=9pt? (docs/LAYOUTS.md)");
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "masthaed.nmae=x", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_string_equal(d.hint, "did you mean --set masthead.name=x? (docs/LAYOUTS.md)");
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "zzz.qqq=1", JB_TEST_ROOT, &d), JB_ERR_LAYOUT);
    assert_string_equal(d.hint, "see docs/LAYOUTS.md");
}

static void
test_spec_refuses_impossible_geometry(void **state)
{
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load_string(&s, "g.ini",
                                         "[page]\nmargin_left = 120mm\n"
                                         "margin_right = 90mm\n",
                                         JB_TEST_ROOT, &d),
                     JB_ERR_LAYOUT);
    assert_non_null(strstr(d.message, "leave no room"));
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load_string(&s, "g.ini", "[body]\nmin = 20pt\n", JB_TEST_ROOT, &d),
                     JB_ERR_LAYOUT);
    assert_non_null(strstr(d.message, "floor is above"));
}

/* A database of fonts/ and Debian's /usr/share/fonts, with no fontconfig configuration. */
static jb_fontdb *
open_fontdb(void)
{
    const char *dirs[] = {JB_TEST_ROOT "/fonts", "/usr/share/fonts"};
    jb_fontdb *db;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_new(dirs, 2, 0, &db, &d), JB_OK);
    return db;
}

static int
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

static void
test_spec_resolves_font_families(void **state)
{
    jb_fontdb *db = open_fontdb();
    char sc[1024], bold[1024];
    int sc_index, bold_index;
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(db, "Noto Serif CJK SC", sc, sizeof sc, &sc_index, &d),
                     JB_OK);
    assert_int_equal(
        jb_fontdb_resolve(db, "Noto Sans CJK SC:style=Bold", bold, sizeof bold, &bold_index, &d),
        JB_OK);
    jb_spec_default(&s, JB_TEST_ROOT);
    s.fontdb = db;
    assert_int_equal(
        jb_spec_load_string(&s, "names.ini",
                            "[fonts]\nsong = Noto Serif CJK SC\n"
                            "kai = LXGW WenKai:style=Light\n"
                            "hei = Noto Sans CJK SC:style=Bold\n"
                            "fallback = /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf\n",
                            JB_TEST_ROOT, &d),
        JB_OK);
    assert_string_equal(s.fonts[JB_FONT_SONG].path, sc);
    assert_int_equal(s.fonts[JB_FONT_SONG].index, sc_index);
    assert_true(ends_with(s.fonts[JB_FONT_KAI].path, "/LXGWWenKai-Light.ttf"));
    assert_int_equal(s.fonts[JB_FONT_KAI].index, 0);
    assert_string_equal(s.fonts[JB_FONT_HEI].path, bold);
    assert_true(ends_with(bold, "/NotoSansCJK-Bold.ttc"));
    assert_int_equal(s.fonts[JB_FONT_HEI].index, bold_index);
    /* File names keep their meaning, database or not. */
    assert_string_equal(s.fonts[s.chain[JB_FONT_SONG][s.n_chain[JB_FONT_SONG] - 1]].path,
                        "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf");

    assert_int_equal(jb_spec_set(&s, "fonts.song=霞鹜文楷", JB_TEST_ROOT, &d), JB_OK);
    assert_true(ends_with(s.fonts[JB_FONT_SONG].path, "/LXGWWenKai-Regular.ttf"));
    assert_int_equal(jb_spec_set(&s, "fonts.kai=AR PL KaitiM GB", JB_TEST_ROOT, &d), JB_OK);
    assert_string_equal(s.fonts[JB_FONT_KAI].path,
                        "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf");
    jb_fontdb_free(db);
}

static void
test_spec_refuses_an_unknown_family_at_its_line(void **state)
{
    jb_fontdb *db = open_fontdb();
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    s.fontdb = db;
    jb_diag_init(&d);
    assert_int_equal(jb_spec_load_string(&s, "lay/x.ini",
                                         "[page]\nsize = A4\n[fonts]\nsong = Noto Serif CJ\n"
                                         "kai = Nowhere Kai\n",
                                         JB_TEST_ROOT, &d),
                     JB_ERR_FONT);
    assert_string_equal(d.file, "lay/x.ini");
    assert_int_equal(d.line, 4);
    assert_non_null(strstr(d.message, "[fonts] song"));
    assert_non_null(strstr(d.message, "Noto Serif CJ"));
    assert_non_null(strstr(d.hint, "Noto Serif CJK SC"));

    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "fonts.hei=Noto Sans CJK SC:style=Italic", JB_TEST_ROOT, &d),
                     JB_ERR_FONT);
    assert_non_null(strstr(d.message, "Italic"));
    assert_non_null(strstr(d.hint, "Bold"));

    /* A missing file name is still a path, for the fonts to report when opened. */
    jb_spec_default(&s, JB_TEST_ROOT);
    s.fontdb = db;
    jb_diag_init(&d);
    assert_int_equal(
        jb_spec_load_string(&s, "lay/x.ini", "[fonts]\nsong = no-such.ttf\n", JB_TEST_ROOT, &d),
        JB_OK);
    assert_string_equal(s.fonts[JB_FONT_SONG].path, "lay/no-such.ttf");
    jb_fontdb_free(db);
}

static void
test_spec_without_fontdb_refuses_families(void **state)
{
    jb_spec s;
    jb_diag d;
    (void)state;
    jb_spec_default(&s, JB_TEST_ROOT);
    jb_diag_init(&d);
    assert_int_equal(
        jb_spec_load_string(&s, "x.ini", "[fonts]\n\nsong = Noto Serif CJK SC\n", JB_TEST_ROOT, &d),
        JB_ERR_FONT);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.message, "Noto Serif CJK SC"));
    assert_non_null(strstr(d.message, "cannot be looked up"));
    jb_diag_init(&d);
    assert_int_equal(jb_spec_set(&s, "fonts.song=LXGW WenKai", JB_TEST_ROOT, &d), JB_ERR_FONT);
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
        cmocka_unit_test(test_spec_key_values),
        cmocka_unit_test(test_spec_every_key_is_read),
        cmocka_unit_test(test_spec_keys_are_the_documented_ones),
        cmocka_unit_test(test_spec_set_overrides_one_key),
        cmocka_unit_test(test_spec_refuses_impossible_geometry),
        cmocka_unit_test(test_spec_set_suggests_a_key),
        cmocka_unit_test(test_spec_resolves_font_families),
        cmocka_unit_test(test_spec_refuses_an_unknown_family_at_its_line),
        cmocka_unit_test(test_spec_without_fontdb_refuses_families),
    };
    return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
