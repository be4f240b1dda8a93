/* Tests of ofd: the package's parts and files, text objects with their codes and advances, the
 * rule as a path, the document information, identical bytes twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <cmocka.h>

#include "fixture.h"

#include "ofd.h"

/* The entry name of the package in data (NUL-terminated copy; caller frees), or NULL. */
static char *
entry(const char *data, size_t len, const char *name)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_file_t *f;
    zip_stat_t st;
    char *out = NULL;

    zip_error_init(&ze);
    src = zip_source_buffer_create(data, len, 0, &ze);
    assert_non_null(src);
    za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(za);
    if (zip_stat(za, name, 0, &st) == 0 && (f = zip_fopen(za, name, 0)) != NULL) {
        out = calloc(st.size + 1, 1);
        assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
    }
    zip_discard(za);
    zip_error_fini(&ze);
    return out;
}

static void
test_ofd_package_holds_the_page(void **state)
{
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"A&B<标题>", "元新东", "简报", "jianbao test", 0, "2023-07-19"};
    char *a = NULL, *b = NULL, *part;
    size_t la, lb;
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_ofd_render(pg, jb_fixture_fonts(), &info, &a, &la, &d), JB_OK);
    assert_int_equal(jb_ofd_render(pg, jb_fixture_fonts(), &info, &b, &lb, &d), JB_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_memory_equal(a, "PK\3\4", 4);

    part = entry(a, la, "OFD.xml");
    assert_non_null(part);
    assert_non_null(strstr(part, "<ofd:Title>A&amp;B&lt;标题&gt;</ofd:Title>"));
    assert_non_null(strstr(part, "<ofd:CreationDate>2023-07-19</ofd:CreationDate>"));
    assert_non_null(strstr(part, "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"));
    free(part);
    /* fonts 1 and 2 (Song, Hei: TrueType files), page 3, layer 4, the rule 5, two runs 6 and 7 */
    part = entry(a, la, "Doc_0/Document.xml");
    assert_non_null(strstr(part, "<ofd:MaxUnitID>7</ofd:MaxUnitID>"));
    assert_non_null(strstr(part, "<ofd:PhysicalBox>0 0 209.903 297.039</ofd:PhysicalBox>"));
    free(part);
    part = entry(a, la, "Doc_0/PublicRes.xml");
    assert_non_null(strstr(part, "<ofd:FontFile>font_1.ttf</ofd:FontFile>"));
    assert_non_null(strstr(part, "<ofd:FontFile>font_2.ttf</ofd:FontFile>"));
    free(part);
    part = entry(a, la, "Doc_0/Res/font_1.ttf");
    assert_non_null(part);
    free(part);
    part = entry(a, la, "Doc_0/Pages/Page_0/Content.xml");
    /* 12 pt = 4.233 mm apart, the baseline 12 pt below the box's top */
    assert_non_null(strstr(part, "<ofd:TextCode X=\"0\" Y=\"4.233\" DeltaX=\"4.233 4.234\">"
                                 "重阵地</ofd:TextCode>"));
    assert_non_null(strstr(part, "Font=\"2\""));
    assert_non_null(strstr(part, "<ofd:FillColor Value=\"255 51 51\"/><ofd:TextCode"));
    assert_non_null(strstr(part, "<ofd:PathObject ID=\"5\""));
    assert_non_null(strstr(part, "<ofd:StrokeColor Value=\"255 51 51\"/>"));
    free(part);
    free(a);
    free(b);
    jb_page_free(pg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ofd_package_holds_the_page),
    };
    return cmocka_run_group_tests(tests, jb_fixture_fonts_open, jb_fixture_fonts_close);
}
