/* Tests of fontdb: families resolved to files and faces with no substitute, suggestions, font
 * folders, the listing's formats and Chinese coverage. The database is built from fonts/ and
 * Debian's /usr/share/fonts only (no fontconfig configuration, so no user setting counts); the
 * system-configuration test points HOME and the XDG folders at an empty temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "fontdb.h"

#define SYSTEM_FONTS "/usr/share/fonts"

static jb_fontdb *db; /* fonts/ and /usr/share/fonts, opened once by the group setup */

static int
open_db(void **state)
{
    const char *dirs[] = {JB_TEST_ROOT "/fonts", SYSTEM_FONTS};
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    return jb_fontdb_new(dirs, 2, 0, &db, &d) == JB_OK ? 0 : -1;
}

static int
close_db(void **state)
{
    (void)state;
    jb_fontdb_free(db);
    return 0;
}

static int
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* The family and style names of face index of path, read by FreeType, not by fontconfig. */
static void
face_names(const char *path, int index, char *family, char *style, size_t size)
{
    FT_Library lib;
    FT_Face face;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    assert_int_equal(FT_New_Face(lib, path, index, &face), 0);
    snprintf(family, size, "%s", face->family_name ? face->family_name : "");
    snprintf(style, size, "%s", face->style_name ? face->style_name : "");
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}

static jb_status
resolve(const char *name, char *path, int *index, jb_diag *d)
{
    jb_diag_init(d);
    *index = -1;
    path[0] = '\0';
    return jb_fontdb_resolve(db, name, path, 1024, index, d);
}

static void
test_fontdb_resolves_a_face_of_a_collection(void **state)
{
    char path[1024], family[256], style[256];
    int index;
    jb_diag d;
    (void)state;
    assert_int_equal(resolve("Noto Serif CJK SC", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/NotoSerifCJK-Regular.ttc"));
    face_names(path, index, family, style, sizeof family);
    assert_string_equal(family, "Noto Serif CJK SC");
    assert_string_equal(style, "Regular");

    assert_int_equal(resolve("Noto Sans CJK SC:style=Bold", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/NotoSansCJK-Bold.ttc"));
    face_names(path, index, family, style, sizeof family);
    assert_string_equal(family, "Noto Sans CJK SC");
    assert_string_equal(style, "Bold");

    /* Another language's face of the same collection is another index. */
    {
        int sc = index;
        assert_int_equal(resolve("Noto Sans CJK JP:style=Bold", path, &index, &d), JB_OK);
        assert_int_not_equal(index, sc);
        face_names(path, index, family, style, sizeof family);
        assert_string_equal(family, "Noto Sans CJK JP");
    }
}

static void
test_fontdb_resolves_case_styles_weights_and_local_names(void **state)
{
    char path[1024], first[1024], family[256], style[256];
    int index, first_index;
    jb_diag d;
    (void)state;
    assert_int_equal(resolve("LXGW WenKai", first, &first_index, &d), JB_OK);
    assert_true(ends_with(first, "/LXGWWenKai-Regular.ttf"));
    assert_int_equal(first_index, 0);
    assert_int_equal(resolve("霞鹜文楷", path, &index, &d), JB_OK);
    assert_string_equal(path, first);
    assert_int_equal(resolve("LXGW WenKai:style=Light", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/LXGWWenKai-Light.ttf"));
    assert_int_equal(resolve("lxgw wenkai : style = light", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/LXGWWenKai-Light.ttf"));

    assert_int_equal(resolve("Noto Serif CJK SC", first, &first_index, &d), JB_OK);
    assert_int_equal(resolve("noto serif cjk sc", path, &index, &d), JB_OK);
    assert_string_equal(path, first);
    assert_int_equal(index, first_index);

    assert_int_equal(resolve("Noto Serif CJK SC:weight=bold", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/NotoSerifCJK-Bold.ttc"));
    face_names(path, index, family, style, sizeof family);
    assert_string_equal(family, "Noto Serif CJK SC");
    assert_int_equal(resolve("Noto Serif CJK SC:weight=700", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/NotoSerifCJK-Bold.ttc"));
    assert_int_equal(resolve("Liberation Serif:style=Bold Italic", path, &index, &d), JB_OK);
    assert_true(ends_with(path, "/LiberationSerif-BoldItalic.ttf"));
}

static void
test_fontdb_refuses_a_missing_family_with_suggestions(void **state)
{
    char path[1024];
    int index;
    jb_diag d;
    (void)state;
    /* fontconfig has a best match for each of these; none may be taken. */
    assert_int_equal(resolve("Noto Serif CJK", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "'Noto Serif CJK'"));
    assert_non_null(strstr(d.hint, "Noto Serif CJK SC"));
    assert_string_equal(path, "");

    assert_int_equal(resolve("LXGW WenKia", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "LXGW WenKia"));
    assert_non_null(strstr(d.hint, "LXGW WenKai"));

    assert_int_equal(resolve("WenQuanYi Zen", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.hint, "WenQuanYi Zen Hei"));

    /* Nothing close: some installed Chinese families instead. */
    assert_int_equal(resolve("Zzyzx Qqq", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.hint, "installed Chinese families include"));
    assert_null(strstr(d.hint, "Liberation"));
}

static void
test_fontdb_refuses_a_missing_style_or_bad_name(void **state)
{
    char path[1024];
    int index;
    jb_diag d;
    (void)state;
    assert_int_equal(resolve("Noto Sans CJK SC:style=Italic", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "Italic"));
    assert_non_null(strstr(d.hint, "Bold"));
    assert_int_equal(resolve("LXGW WenKai:weight=900", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "weight"));
    assert_int_equal(resolve("LXGW WenKai:weight=heavyish", path, &index, &d), JB_ERR_FONT);
    assert_int_equal(resolve("LXGW WenKai:size=12", path, &index, &d), JB_ERR_FONT);
    assert_int_equal(resolve("LXGW WenKai:Bold", path, &index, &d), JB_ERR_FONT);
    assert_int_equal(resolve(":style=Bold", path, &index, &d), JB_ERR_FONT);
    assert_non_null(strstr(d.message, "no family"));
}

static void
test_fontdb_finds_fonts_in_a_folder_given_by_path(void **state)
{
    char dir[] = "/tmp/jb-test-fontdb-XXXXXX", file[256], path[1024];
    const char *dirs[1];
    jb_fontdb *own;
    jb_diag d;
    int index;
    FILE *in, *out;
    char buf[65536];
    size_t n;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/kai.ttf", dir);
    in = fopen("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", "rb");
    out = fopen(file, "wb");
    assert_non_null(in);
    assert_non_null(out);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);

    dirs[0] = dir;
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_new(dirs, 1, 0, &own, &d), JB_OK);
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(own, "AR PL KaitiM GB", path, sizeof path, &index, &d),
                     JB_OK);
    assert_string_equal(path, file);
    assert_int_equal(index, 0);
    /* Only that folder: the installed Noto is not in this database. */
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(own, "Noto Serif CJK SC", path, sizeof path, &index, &d),
                     JB_ERR_FONT);
    assert_non_null(strstr(d.hint, "AR PL KaitiM GB"));
    jb_fontdb_free(own);
    unlink(file);
    rmdir(dir);

    /* An empty database has nothing to offer. */
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_new(NULL, 0, 0, &own, &d), JB_OK);
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(own, "AR PL KaitiM GB", path, sizeof path, &index, &d),
                     JB_ERR_FONT);
    jb_fontdb_free(own);

    dirs[0] = "/nonexistent/fonts";
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_new(dirs, 1, 0, &own, &d), JB_ERR_FONT);
    assert_null(own);
    assert_string_equal(d.file, "/nonexistent/fonts");
}

static const jb_fontdb_face *
find(const jb_fontdb_face *f, size_t n, const char *family, const char *style, const char *file)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].family, family) == 0 && (!style || strcmp(f[i].style, style) == 0) &&
            (!file || ends_with(f[i].path, file)))
            return &f[i];
    return NULL;
}

static void
test_fontdb_lists_formats_and_coverage(void **state)
{
    jb_fontdb_face *han, *all;
    size_t n_han, n_all;
    const jb_fontdb_face *f;
    int gb2312, gbk, gb18030;
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_list(db, 0, &han, &n_han, &d), JB_OK);
    assert_int_equal(jb_fontdb_list(db, JB_FONTDB_LIST_LATIN, &all, &n_all, &d), JB_OK);
    assert_true(n_all > n_han);
    gb2312 = jb_fontdb_han_total(db, 0);
    gbk = jb_fontdb_han_total(db, 1);
    gb18030 = jb_fontdb_han_total(db, 2);
    assert_int_equal(gb2312, 6763); /* GB 2312's hanzi, rows 16–87 */
    assert_true(gbk > 20900 && gbk <= 21003);
    assert_true(gb18030 > gbk + 6000);

    f = find(han, n_han, "Noto Serif CJK SC", "Regular", "/NotoSerifCJK-Regular.ttc");
    assert_non_null(f);
    assert_int_equal(f->format, JB_FONT_FORMAT_CFF);
    assert_true(f->han >= JB_HAN_GBK);
    assert_int_equal(f->n_han[1], gbk);

    f = find(han, n_han, "LXGW WenKai", "Regular", "/LXGWWenKai-Regular.ttf");
    assert_non_null(f);
    assert_int_equal(f->format, JB_FONT_FORMAT_TRUETYPE);
    assert_string_equal(f->family_zh, "霞鹜文楷");
    assert_true(f->han >= JB_HAN_GB2312);

    f = find(han, n_han, "AR PL SungtiL GB", NULL, "/arphic-gbsn00lp/gbsn00lp.ttf");
    assert_non_null(f);
    assert_int_equal(f->format, JB_FONT_FORMAT_TRUETYPE);
    assert_int_equal(f->han, JB_HAN_GB2312);
    assert_int_equal(f->n_han[0], gb2312);
    assert_true(f->n_han[1] < gbk);
    assert_non_null(find(han, n_han, "WenQuanYi Zen Hei", NULL, "/wqy/wqy-zenhei.ttc"));
    assert_non_null(find(han, n_han, "Droid Sans Fallback", NULL, NULL));

    /* Latin faces only when asked, and then without Chinese coverage. */
    assert_null(find(han, n_han, "Liberation Serif", NULL, NULL));
    f = find(all, n_all, "Liberation Serif", "Regular", NULL);
    assert_non_null(f);
    assert_int_equal(f->han, JB_HAN_NONE);
    assert_int_equal(f->format, JB_FONT_FORMAT_TRUETYPE);
    for (size_t i = 0; i < n_han; i++)
        assert_int_not_equal(han[i].han, JB_HAN_NONE);
    for (size_t i = 1; i < n_all; i++)
        assert_true(strcmp(all[i - 1].family, all[i].family) <= 0);
    free(han);
    free(all);
}

static void
test_fontdb_reads_the_sfnt_table_directory(void **state)
{
    jb_font_format format;
    int variable;
    (void)state;
    assert_int_equal(jb_fontdb_sfnt_format("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1,
                                           &format, &variable),
                     0);
    assert_int_equal(format, JB_FONT_FORMAT_TRUETYPE);
    assert_int_equal(variable, 0);
    assert_int_equal(jb_fontdb_sfnt_format("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 99,
                                           &format, &variable),
                     -1);
    assert_int_equal(jb_fontdb_sfnt_format("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
                                           1, &format, &variable),
                     -1);
    assert_int_equal(jb_fontdb_sfnt_format(JB_TEST_ROOT "/fonts/README.md", 0, &format, &variable),
                     -1);
    assert_int_equal(jb_fontdb_sfnt_format(SYSTEM_FONTS "/opentype/noto/NotoSansCJK-Bold.ttc", 2,
                                           &format, &variable),
                     0);
    assert_int_equal(format, JB_FONT_FORMAT_CFF);
}

static void *
resolve_many(void *arg)
{
    static const char *const names[] = {"Noto Serif CJK SC", "LXGW WenKai:style=Light",
                                        "AR PL SungtiL GB", "Noto Serif CJ"};
    int *bad = arg;
    for (int i = 0; i < 40; i++) {
        char path[1024];
        int index;
        jb_diag d;
        jb_diag_init(&d);
        if ((jb_fontdb_resolve(db, names[i % 4], path, sizeof path, &index, &d) == JB_OK) !=
            (i % 4 != 3))
            (*bad)++;
    }
    return NULL;
}

static void
test_fontdb_is_shared_by_threads(void **state)
{
    pthread_t t[4];
    int bad[4] = {0};
    (void)state;
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, resolve_many, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(bad[i], 0);
    }
}

static void
test_fontdb_system_configuration_finds_installed_fonts(void **state)
{
    char home[] = "/tmp/jb-test-fontdb-home-XXXXXX", path[1024], family[256], style[256];
    const char *dirs[] = {JB_TEST_ROOT "/fonts"};
    jb_fontdb *sys;
    jb_diag d;
    int index;
    (void)state;
    /* No user configuration or font folder: an empty home, and fontconfig's own file. */
    assert_non_null(mkdtemp(home));
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", home, 1);
    setenv("XDG_DATA_HOME", home, 1);
    setenv("XDG_CACHE_HOME", home, 1);
    unsetenv("FONTCONFIG_FILE");
    unsetenv("FONTCONFIG_PATH");
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_new(dirs, 1, JB_FONTDB_SYSTEM, &sys, &d), JB_OK);
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(sys, "Noto Serif CJK SC", path, sizeof path, &index, &d),
                     JB_OK);
    face_names(path, index, family, style, sizeof family);
    assert_string_equal(family, "Noto Serif CJK SC");
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(sys, "AR PL SungtiL GB", path, sizeof path, &index, &d),
                     JB_OK);
    /* the folder's copy, or the same face installed by fonts-arphic-gbsn00lp */
    face_names(path, index, family, style, sizeof family);
    assert_string_equal(family, "AR PL SungtiL GB");
    jb_diag_init(&d);
    assert_int_equal(jb_fontdb_resolve(sys, "Noto Serif CJK", path, sizeof path, &index, &d),
                     JB_ERR_FONT);
    jb_fontdb_free(sys);
    /* fontconfig may have left a cache under the temporary home. */
    {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
        assert_int_equal(system(cmd), 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fontdb_resolves_a_face_of_a_collection),
        cmocka_unit_test(test_fontdb_resolves_case_styles_weights_and_local_names),
        cmocka_unit_test(test_fontdb_refuses_a_missing_family_with_suggestions),
        cmocka_unit_test(test_fontdb_refuses_a_missing_style_or_bad_name),
        cmocka_unit_test(test_fontdb_finds_fonts_in_a_folder_given_by_path),
        cmocka_unit_test(test_fontdb_lists_formats_and_coverage),
        cmocka_unit_test(test_fontdb_reads_the_sfnt_table_directory),
        cmocka_unit_test(test_fontdb_is_shared_by_threads),
        cmocka_unit_test(test_fontdb_system_configuration_finds_installed_fonts),
    };
    return cmocka_run_group_tests_name("fontdb", tests, open_db, close_db);
}
