/* Tests of pdfa: the sRGB colours, and a PDF/A-1b with its output intent, CIDSets, XMP equal to
 * the information, dates and an ID from the content; the plain PDF without any of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "pdf.h"
#include "pdfa.h"

static void
test_pdfa_rgb_is_the_naive_conversion(void **state)
{
    const double red[4] = {0, 0.8, 0.8, 0}, deep[4] = {0, 1, 1, 0.3}, black[4] = {0, 0, 0, 1};
    double c[3];
    (void)state;
    jb_pdfa_rgb(red, c);
    assert_float_equal(c[0], 1, 1e-9);
    assert_float_equal(c[1], 0.2, 1e-9);
    assert_float_equal(c[2], 0.2, 1e-9);
    jb_pdfa_rgb(deep, c);
    assert_float_equal(c[0], 0.7, 1e-9);
    assert_float_equal(c[1], 0, 1e-9);
    jb_pdfa_rgb(black, c);
    assert_float_equal(c[0] + c[1] + c[2], 0, 1e-9);
}

/* Occurrences of needle in data[0..len). */
static int
count(const char *data, size_t len, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        n += memcmp(data + i, needle, k) == 0;
    return n;
}

static char *
render(const jb_page *pg, const jb_pdf_info *info, size_t *len)
{
    char *data = NULL;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_pdf_render(pg, jb_fixture_fonts(), info, &data, len, &d), JB_OK);
    return data;
}

static void
test_pdfa_has_every_part_and_is_deterministic(void **state)
{
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"A&B<标题>", "元新东", "简报 第1期", "jianbao test", 1, "2023-07-19"};
    size_t la, lb;
    char *a, *b;
    (void)state;
    a = render(pg, &info, &la);
    b = render(pg, &info, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_int_equal(count(a, la, "/S /GTS_PDFA1"), 1);
    assert_int_equal(count(a, la, "/DestOutputProfile"), 1);
    assert_int_equal(count(a, la, "/CIDSet"), 2); /* Song and Hei */
    assert_int_equal(count(a, la, "/Type /Metadata"), 1);
    assert_int_equal(count(a, la, "<pdfaid:part>1</pdfaid:part>"), 1);
    assert_int_equal(count(a, la, "<pdfaid:conformance>B</pdfaid:conformance>"), 1);
    /* the XMP holds the information, escaped */
    assert_int_equal(count(a, la, "<rdf:li xml:lang=\"x-default\">A&amp;B&lt;标题&gt;</rdf:li>"),
                     1);
    assert_int_equal(count(a, la, "<rdf:li>元新东</rdf:li>"), 1);
    assert_int_equal(count(a, la, "<pdf:Producer>jianbao test</pdf:Producer>"), 1);
    assert_int_equal(count(a, la, "<xmp:CreateDate>2023-07-19T00:00:00+00:00</xmp:CreateDate>"), 1);
    assert_int_equal(count(a, la, "(D:20230719000000+00'00')"), 2); /* CreationDate, ModDate */
    assert_int_equal(count(a, la, "/ID ["), 1);
    assert_int_equal(count(a, la, "/SMask"), 0);
    free(b);

    /* another page, another ID; the same page without a date, no dates */
    pg->glyphs[0].cp = 0x4E2A;
    info.date_iso = NULL;
    b = render(pg, &info, &lb);
    assert_int_equal(count(b, lb, "CreationDate"), 0);
    assert_int_equal(count(b, lb, "CreateDate"), 0);
    {
        const char *ia = jb_fixture_find(a, la, "/ID ["), *ib = jb_fixture_find(b, lb, "/ID [");
        assert_non_null(ia);
        assert_non_null(ib);
        assert_memory_not_equal(ia, ib, 40);
    }
    free(a);
    free(b);
    jb_page_free(pg);
}

static void
test_plain_pdf_has_none_of_it(void **state)
{
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"t", NULL, NULL, NULL, 0, "2023-07-19"};
    size_t len;
    char *a;
    (void)state;
    a = render(pg, &info, &len);
    assert_int_equal(count(a, len, "/OutputIntents"), 0);
    assert_int_equal(count(a, len, "/CIDSet"), 0);
    assert_int_equal(count(a, len, "/Metadata"), 0);
    assert_int_equal(count(a, len, "/ID"), 0);
    assert_int_equal(count(a, len, "CreationDate"), 0);
    free(a);
    jb_page_free(pg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdfa_rgb_is_the_naive_conversion),
        cmocka_unit_test(test_pdfa_has_every_part_and_is_deterministic),
        cmocka_unit_test(test_plain_pdf_has_none_of_it),
    };
    return cmocka_run_group_tests(tests, jb_fixture_fonts_open, jb_fixture_fonts_close);
}
