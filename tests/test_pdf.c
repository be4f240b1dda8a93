/* Tests of pdf: a page is written atomically, deterministically, and never half-written. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <libdeflate.h>

#include "fixture.h"

#include "pdf.h"

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(*len + 1);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static int
count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void
test_pdf_writes_identical_bytes_twice(void **state)
{
    char dir[] = "/tmp/jb-test-pdf-XXXXXX", a[256], b[256];
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"标题", "元新东", "简报", "jianbao test", 0, NULL};
    jb_diag d;
    size_t la, lb;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a.pdf", dir);
    snprintf(b, sizeof b, "%s/b.pdf", dir);
    jb_diag_init(&d);
    assert_int_equal(jb_pdf_write(pg, jb_fixture_fonts(), &info, a, &d), JB_OK);
    assert_int_equal(jb_pdf_write(pg, jb_fixture_fonts(), &info, b, &d), JB_OK);
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    assert_memory_equal(x, "%PDF-", 5);
    assert_true(la < 40000);                 /* subset fonts: a few KB, not megabytes */
    assert_int_equal(count_entries(dir), 2); /* no temp file left behind */
    free(x);
    free(y);
    unlink(a);
    unlink(b);
    rmdir(dir);
    jb_page_free(pg);
}

static void
test_pdf_unwritable_directory_leaves_nothing(void **state)
{
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"t", NULL, NULL, NULL, 0, NULL};
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_pdf_write(pg, jb_fixture_fonts(), &info, "/nonexistent-dir/out.pdf", &d),
                     JB_ERR_OUTPUT);
    assert_string_equal(d.file, "/nonexistent-dir/out.pdf");
    assert_true(d.hint[0] != '\0');
    jb_page_free(pg);
}

static void
test_pdf_full_disk_keeps_the_existing_file(void **state)
{
    char dir[] = "/tmp/jb-test-pdf-XXXXXX", out[256];
    jb_page *pg = jb_fixture_small_page();
    jb_pdf_info info = {"t", NULL, NULL, NULL, 0, NULL};
    jb_diag d;
    size_t len;
    struct rlimit old, tiny = {1024, 1024};
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/out.pdf", dir);
    FILE *f = fopen(out, "w");
    fputs("old", f);
    fclose(f);
    /* a full disk, simulated: no file may grow past 1 KB; writes then fail with EFBIG */
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old);
    setrlimit(RLIMIT_FSIZE, &tiny);
    jb_diag_init(&d);
    jb_status st = jb_pdf_write(pg, jb_fixture_fonts(), &info, out, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_not_equal(st, JB_OK);
    assert_true(d.hint[0] != '\0');
    char *x = slurp(out, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(x, "old", 3);
    assert_int_equal(count_entries(dir), 1); /* the temporary file is gone */
    free(x);
    unlink(out);
    rmdir(dir);
    jb_page_free(pg);
}

#define NOTO_DIR "/usr/share/fonts/opentype/noto/"

/* The face of the Noto CJK collection file whose PostScript name is ps, or -1. */
static int
noto_face(const char *file, const char *ps, jb_font_file *out)
{
    snprintf(out->path, sizeof out->path, NOTO_DIR "%s", file);
    for (out->index = 0; out->index < 10; out->index++) {
        jb_spec spec;
        jb_fontset *one;
        jb_diag d;
        jb_subset sub;
        const uint32_t a = 'A';
        int hit;
        jb_fixture_truetype_spec(&spec);
        spec.fonts[JB_FONT_SONG] = *out;
        jb_diag_init(&d);
        if (jb_fontset_open(&spec, &one, &d) != JB_OK)
            return -1;
        hit = jb_font_subset(jb_fontset_get(one, JB_FONT_SONG), &a, 1, &sub, &d) == JB_OK &&
              strcmp(sub.ps_name, ps) == 0;
        jb_subset_free(&sub);
        jb_fontset_free(one);
        if (hit)
            return out->index;
    }
    return -1;
}

/* The small page in Noto Serif CJK SC and Noto Sans CJK SC (CID-keyed CFF; skipped without
 * fonts-noto-cjk): CIDFontType0 fonts with FontFile3 programs and no CIDToGIDMap, whose
 * encoding CMaps take the codes 1..3 of each font's three characters to three distinct CIDs;
 * the same bytes when drawn again from the faces' memo. */
static void
test_pdf_cff_fonts_are_cid_type0_with_an_encoding_cmap(void **state)
{
    jb_spec spec;
    jb_fontset *fs;
    jb_page *pg;
    jb_pdf_info info = {"t", NULL, NULL, NULL, 0, NULL};
    jb_diag d;
    char *pdf, *out;
    size_t len, maps = 0;
    struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
    (void)state;
    jb_fixture_truetype_spec(&spec);
    if (noto_face("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular", &spec.fonts[JB_FONT_SONG]) <
            0 ||
        noto_face("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular", &spec.fonts[JB_FONT_HEI]) <
            0) {
        libdeflate_free_decompressor(z);
        print_message("skipped: no Noto CJK SC faces in " NOTO_DIR " (fonts-noto-cjk)\n");
        skip();
    }
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_OK);
    pg = jb_fixture_small_page();
    assert_int_equal(jb_pdf_render(pg, fs, &info, &pdf, &len, &d), JB_OK);
    assert_non_null(jb_fixture_find(pdf, len, "/Subtype /CIDFontType0\n"));
    assert_non_null(jb_fixture_find(pdf, len, "/Subtype /CIDFontType0C\n"));
    assert_non_null(jb_fixture_find(pdf, len, "/FontFile3 "));
    assert_null(jb_fixture_find(pdf, len, "/FontFile2"));
    assert_null(jb_fixture_find(pdf, len, "/CIDToGIDMap"));
    assert_null(jb_fixture_find(pdf, len, "/Identity-H"));
    /* the CIDs the two subsets give the characters, sorted: Song's 地重阵, Hei's 1 5 个 */
    uint16_t want[2][3];
    {
        const uint32_t cps[2][3] = {{0x5730, 0x91CD, 0x9635}, {'1', '5', 0x4E2A}};
        for (int r = 0; r < 2; r++) {
            jb_subset sub;
            jb_font *f = jb_fontset_get(fs, r == 0 ? JB_FONT_SONG : JB_FONT_HEI);
            assert_int_equal(jb_font_subset(f, cps[r], 3, &sub, &d), JB_OK);
            memcpy(want[r], sub.gid, sizeof want[r]);
            jb_subset_free(&sub);
        }
    }
    out = malloc(1 << 20);
    for (const char *p = pdf;
         (p = jb_fixture_find(p, len - (size_t)(p - pdf), "stream\r\n")) != NULL; p++) {
        size_t got = 0;
        unsigned code_lo, code_hi, cid, seen[4] = {0, 0, 0, 0};
        int codes = 0;
        char *at;
        if (p > pdf && p[-1] == 'd') /* endstream */
            continue;
        if (libdeflate_zlib_decompress_ex(z, p + 8, len - (size_t)(p + 8 - pdf), out, (1 << 20) - 1,
                                          NULL, &got) != LIBDEFLATE_SUCCESS)
            continue;
        out[got] = '\0';
        if ((at = strstr(out, "begincidrange\n")) == NULL)
            continue;
        maps++;
        for (at += 14; sscanf(at, "<%x> <%x> %u", &code_lo, &code_hi, &cid) == 3;
             at = strchr(at, '\n') + 1)
            for (unsigned c = code_lo; c <= code_hi; c++, cid++) {
                assert_true(c >= 1 && c <= 3 && maps <= 2);
                assert_int_equal(cid, want[maps - 1][c - 1]); /* fonts in role order */
                for (unsigned k = 1; k < c; k++)
                    assert_int_not_equal(seen[k], cid);
                seen[c] = cid;
                codes++;
            }
        assert_int_equal(codes, 3);
        assert_non_null(strstr(out, "/CMapType 1 def"));
    }
    assert_int_equal(maps, 2);
    /* drawn again, the fonts come from the faces' memo (pdf_font.c): the same bytes */
    {
        char *again;
        size_t again_len;
        assert_int_equal(jb_pdf_render(pg, fs, &info, &again, &again_len, &d), JB_OK);
        assert_int_equal(again_len, len);
        assert_memory_equal(again, pdf, len);
        free(again);
    }
    free(out);
    free(pdf);
    libdeflate_free_decompressor(z);
    jb_page_free(pg);
    jb_fontset_free(fs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_writes_identical_bytes_twice),
        cmocka_unit_test(test_pdf_unwritable_directory_leaves_nothing),
        cmocka_unit_test(test_pdf_full_disk_keeps_the_existing_file),
        cmocka_unit_test(test_pdf_cff_fonts_are_cid_type0_with_an_encoding_cmap),
    };
    return cmocka_run_group_tests_name("pdf", tests, jb_fixture_fonts_open, jb_fixture_fonts_close);
}
