/* Tests of font: the committed fonts load, coverage, ink boxes, subsetting, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <hb.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H

#include "fixture.h"

#include "font.h"
#include "font_cff.h"

#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"

/* The index of the face named family in the collection at path, read with FreeType; -1 when
 * the file or the face is absent. */
static int
face_named(const char *path, const char *family)
{
    FT_Library lib;
    FT_Face face;
    int found = -1;
    if (FT_Init_FreeType(&lib) != 0)
        return -1;
    for (long i = 0, n = 1; found < 0 && i < n; i++) {
        if (FT_New_Face(lib, path, i, &face) != 0)
            break;
        n = face->num_faces;
        if (face->family_name && strcmp(face->family_name, family) == 0)
            found = (int)i;
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    return found;
}

/* Noto Serif CJK SC opened with FreeType (*lib, *face) and its CFF table (*len bytes, the
 * caller frees it); the test is skipped without the font. */
static unsigned char *
noto_cff(FT_Library *lib, FT_Face *face, FT_ULong *len)
{
    int idx = face_named(NOTO_SERIF, "Noto Serif CJK SC");
    if (idx < 0) {
        print_message("skipped: no Noto Serif CJK SC in " NOTO_SERIF " (fonts-noto-cjk)\n");
        skip();
    }
    assert_int_equal(FT_Init_FreeType(lib), 0);
    assert_int_equal(FT_New_Face(*lib, NOTO_SERIF, idx, face), 0);
    *len = 0;
    assert_int_equal(FT_Load_Sfnt_Table(*face, FT_MAKE_TAG('C', 'F', 'F', ' '), 0, NULL, len), 0);
    unsigned char *table = malloc(*len);
    assert_non_null(table);
    assert_int_equal(FT_Load_Sfnt_Table(*face, FT_MAKE_TAG('C', 'F', 'F', ' '), 0, table, len), 0);
    return table;
}

static void
test_font_roles_cover_gb2312_and_fallback_the_rest(void **state)
{
    jb_fontset *fs = jb_fixture_fonts();
    (void)state;
    jb_font *song = jb_fontset_get(fs, JB_FONT_SONG), *fb = jb_fontset_get(fs, JB_FONT_ROLES);
    assert_true(jb_font_has(song, 0x91CD));  /* 重 */
    assert_false(jb_font_has(song, 0x5586)); /* 喆 is outside GB2312 */
    assert_true(jb_font_has(fb, 0x5586));
    assert_true(jb_font_has(fb, 0x5803)); /* 堃 */
    assert_true(jb_font_has(jb_fontset_get(fs, JB_FONT_HEI), 0x5586));
    assert_false(jb_font_has(fb, 0x20BB7)); /* 𠮷: no committed font has it */
}

/* The font's kept cmap answers and advances are HarfBuzz's, asked cold and again, over more
 * characters than its table holds (so that entries give way to others), and beyond Unicode. */
static void
test_font_kept_cmap_agrees_with_harfbuzz(void **state)
{
    jb_font *f = jb_fontset_get(jb_fixture_fonts(), JB_FONT_SONG);
    hb_font_t *hf = jb_font_hb(f);
    (void)state;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t cp = 0x20; cp < 0x9000; cp += (cp < 0x3100 ? 1 : 3)) {
            hb_codepoint_t g = 0;
            if (!hb_font_get_nominal_glyph(hf, cp, &g))
                g = 0;
            assert_int_equal(jb_font_glyph(f, cp), g);
            assert_int_equal(jb_font_has(f, cp), g != 0);
            assert_int_equal(jb_font_advance(f, cp), hb_font_get_glyph_h_advance(hf, g));
            assert_int_equal(jb_font_glyph(f, cp), g);
        }
    assert_int_equal(jb_font_glyph(f, 0x110000), 0);
    assert_int_equal(jb_font_glyph(f, 0x400000 + 0x4E00), 0);
    assert_int_equal(jb_font_has(f, 0xFFFFFFFF), 0);
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

/* Noto Serif CJK SC (Debian fonts-noto-cjk; skipped without it), a CID-keyed CFF font in a
 * collection: the subset is a bare CFF program whose charset takes each glyph to the CID equal
 * to its number, and that glyph has the outline of the character's glyph in the full font. */
static void
test_font_cff_subset_reaches_each_glyph_by_its_number(void **state)
{
    int idx = face_named(NOTO_SERIF, "Noto Serif CJK SC");
    /* A, the Kangxi radical one and the ideograph one, 地重阵: sorted */
    const uint32_t cps[] = {'A', 0x2F00, 0x4E00, 0x5730, 0x91CD, 0x9635};
    jb_spec spec;
    jb_fontset *fs;
    jb_subset sub;
    jb_diag d;
    FT_Library lib;
    FT_Face cff, full;
    FT_Bool cid_keyed = 0;
    (void)state;
    if (idx < 0) {
        print_message("skipped: no Noto Serif CJK SC in " NOTO_SERIF " (fonts-noto-cjk)\n");
        skip();
    }
    assert_true(idx > 0); /* SC is not the collection's first face */
    jb_fixture_truetype_spec(&spec);
    snprintf(spec.fonts[JB_FONT_SONG].path, sizeof spec.fonts[0].path, "%s", NOTO_SERIF);
    spec.fonts[JB_FONT_SONG].index = idx;
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_OK);
    jb_font *f = jb_fontset_get(fs, JB_FONT_SONG);
    assert_int_equal(jb_font_subset(f, cps, 6, &sub, &d), JB_OK);
    assert_int_equal(sub.cff, 1);
    assert_int_equal((unsigned char)sub.data[0], 1); /* CFF version 1, no sfnt wrapper */
    assert_true(sub.len > 500 && sub.len < 20000);   /* the collection holds 65,535 glyphs */
    assert_true(sub.flags & 2);                      /* serif, from the PANOSE */
    assert_true(sub.flags & 4);
    assert_true(sub.stem_v > 50 && sub.stem_v < 200);
    assert_true(strncmp(sub.ps_name, "NotoSerifCJKsc", 14) == 0);
    /* a shared glyph is one glyph of the subset */
    assert_true((jb_font_glyph(f, 0x2F00) == jb_font_glyph(f, 0x4E00)) ==
                (sub.gid[1] == sub.gid[2]));

    assert_int_equal(FT_Init_FreeType(&lib), 0);
    assert_int_equal(FT_New_Memory_Face(lib, (const FT_Byte *)sub.data, (FT_Long)sub.len, 0, &cff),
                     0);
    assert_int_equal(FT_New_Face(lib, NOTO_SERIF, idx, &full), 0);
    assert_int_equal(FT_Get_CID_Is_Internally_CID_Keyed(cff, &cid_keyed), 0);
    assert_true(cid_keyed);
    for (int k = 0; k < 6; k++) {
        FT_UInt cid = 0;
        FT_BBox a, b;
        short points;
        assert_true(sub.gid[k] > 0);
        assert_int_equal(FT_Get_CID_From_Glyph_Index(cff, sub.gid[k], &cid), 0);
        assert_int_equal(cid, sub.gid[k]);
        assert_int_equal(FT_Load_Glyph(cff, sub.gid[k], FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
        FT_Outline_Get_CBox(&cff->glyph->outline, &a);
        points = cff->glyph->outline.n_points;
        assert_int_equal(
            FT_Load_Glyph(full, jb_font_glyph(f, cps[k]), FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING),
            0);
        FT_Outline_Get_CBox(&full->glyph->outline, &b);
        assert_int_equal(points, full->glyph->outline.n_points);
        assert_true(points > 0);
        assert_memory_equal(&a, &b, sizeof a);
        assert_int_equal(sub.width[k], (full->glyph->metrics.horiAdvance * 1000 + 500) / 1000);
    }
    FT_Done_Face(cff);
    FT_Done_Face(full);
    FT_Done_FreeType(lib);
    jb_subset_free(&sub);
    jb_fontset_free(fs);
}

/* font_cff on Noto Serif CJK SC's CFF table (skipped without it): the subset it writes is read
 * back by its own reader, whose subset of all its glyphs is the same bytes (the charstrings are
 * flat already, the Font DICTs in order); every truncation of a subset is refused or read without
 * reading past the end (ASan checks); what is not a CFF table is refused. */
static void
test_font_cff_writer_reads_back_and_refuses_truncations(void **state)
{
    FT_Library lib;
    FT_Face face;
    FT_ULong len = 0;
    (void)state;
    unsigned char *table = noto_cff(&lib, &face, &len);
    jb_cff *cff = jb_cff_open(table, len);
    assert_non_null(cff);
    assert_int_equal(jb_cff_glyphs(cff), face->num_glyphs);
    /* .notdef, Latin, punctuation, ideographs: glyphs of several Font DICTs */
    uint32_t old[] = {0,
                      FT_Get_Char_Index(face, 'A'),
                      FT_Get_Char_Index(face, 0x3002),
                      FT_Get_Char_Index(face, 0x4E00),
                      FT_Get_Char_Index(face, 0x91CD),
                      FT_Get_Char_Index(face, 0xFF08)};
    size_t n = sizeof old / sizeof old[0];
    /* FreeType gives them in any order: sorted, as jb_cff_subset takes them */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 1 && old[j - 1] > old[j]; j--) {
            uint32_t t = old[j];
            old[j] = old[j - 1], old[j - 1] = t;
        }
    const int box[4] = {-10, -120, 1010, 880};
    unsigned char *sub, *again;
    size_t sub_len, again_len;
    assert_int_equal(jb_cff_subset(cff, old, n, box, &sub, &sub_len), 0);
    /* the same glyphs again come from the cache: the same bytes */
    assert_int_equal(jb_cff_subset(cff, old, n, box, &again, &again_len), 0);
    assert_int_equal(again_len, sub_len);
    assert_memory_equal(again, sub, sub_len);
    free(again);
    jb_cff *back = jb_cff_open(sub, sub_len);
    assert_non_null(back);
    assert_int_equal(jb_cff_glyphs(back), n);
    uint32_t all[sizeof old / sizeof old[0]];
    for (size_t i = 0; i < n; i++)
        all[i] = (uint32_t)i;
    assert_int_equal(jb_cff_subset(back, all, n, box, &again, &again_len), 0);
    assert_int_equal(again_len, sub_len);
    assert_memory_equal(again, sub, sub_len);
    free(again);
    jb_cff_free(back);
    /* not sorted, or past the font: refused */
    uint32_t unsorted[] = {0, old[2], old[1]}, past[] = {0, (uint32_t)face->num_glyphs};
    assert_int_equal(jb_cff_subset(cff, unsorted, 3, box, &again, &again_len), -1);
    assert_int_equal(jb_cff_subset(cff, past, 2, box, &again, &again_len), -1);
    /* truncations: each prefix in a buffer of its own size, so that ASan sees an overread */
    for (size_t cut = 0; cut < sub_len; cut += cut < 64 ? 1 : 97) {
        unsigned char *p = malloc(cut ? cut : 1);
        assert_non_null(p);
        memcpy(p, sub, cut);
        jb_cff *t = jb_cff_open(p, cut);
        if (t != NULL) {
            uint32_t z = 0;
            if (jb_cff_subset(t, &z, 1, box, &again, &again_len) == 0)
                free(again);
        }
        jb_cff_free(t);
        free(p);
    }
    static const unsigned char junk[] = "OTTO not a CFF table at all";
    assert_null(jb_cff_open(junk, sizeof junk));
    free(sub);
    jb_cff_free(cff);
    free(table);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}

/* The font memo keeps the last four results by program and tag, hands out copies, and forgets
 * the least recently used first. */
/* Every glyph of Noto Serif CJK SC (65,535; skipped without it) through font_cff, two hundred to
 * a subset: FreeType draws each exactly as it draws the original glyph (points, flags, contours,
 * advance), and none is refused (none left to HarfBuzz). */
static void
test_font_cff_every_glyph_draws_as_the_original(void **state)
{
    FT_Library lib;
    FT_Face face, sub;
    FT_ULong len = 0;
    const int box[4] = {0, -120, 1000, 880};
    (void)state;
    unsigned char *table = noto_cff(&lib, &face, &len);
    jb_cff *cff = jb_cff_open(table, len);
    assert_non_null(cff);
    unsigned n = jb_cff_glyphs(cff), checked = 0;
    for (unsigned first = 1; first < n; first += 200) {
        uint32_t old[201];
        size_t m = 1;
        unsigned char *prog;
        size_t prog_len;
        old[0] = 0;
        for (unsigned g = first; g < n && g < first + 200; g++)
            old[m++] = g;
        assert_int_equal(jb_cff_subset(cff, old, m, box, &prog, &prog_len), 0);
        assert_int_equal(FT_New_Memory_Face(lib, prog, (FT_Long)prog_len, 0, &sub), 0);
        for (size_t k = 1; k < m; k++) {
            assert_int_equal(FT_Load_Glyph(sub, (FT_UInt)k, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING),
                             0);
            assert_int_equal(FT_Load_Glyph(face, old[k], FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
            const FT_Outline *a = &sub->glyph->outline, *b = &face->glyph->outline;
            assert_int_equal(a->n_points, b->n_points);
            assert_int_equal(a->n_contours, b->n_contours);
            assert_memory_equal(a->points, b->points, sizeof *a->points * (size_t)a->n_points);
            assert_memory_equal(a->tags, b->tags, (size_t)a->n_points);
            assert_memory_equal(a->contours, b->contours,
                                sizeof *a->contours * (size_t)a->n_contours);
            assert_int_equal(sub->glyph->metrics.horiAdvance, face->glyph->metrics.horiAdvance);
            checked++;
        }
        FT_Done_Face(sub);
        free(prog);
    }
    assert_int_equal(checked, n - 1);
    jb_cff_free(cff);
    free(table);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
}

/* Finds the result kept for key (tag 1) in out (NUL-ended); 0, or -1 when none is kept. */
static int
memo_get(jb_font *f, int tag, const char *key, char *out, size_t cap)
{
    jb_font_memo_hold *hold;
    size_t len;
    const unsigned char *r = jb_font_memo_find(f, tag, key, strlen(key), &len, &hold);
    if (r == NULL) {
        assert_null(hold);
        return -1;
    }
    assert_true(len < cap);
    memcpy(out, r, len);
    out[len] = '\0';
    jb_font_memo_release(hold);
    return 0;
}

static void
test_font_memo_keeps_the_last_ones_by_key_and_tag(void **state)
{
    jb_spec spec;
    jb_fontset *fs;
    jb_diag d;
    char key[JB_FONT_MEMOS + 1][8], got[16];
    (void)state;
    jb_fixture_truetype_spec(&spec);
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_OK);
    jb_font *f = jb_fontset_get(fs, JB_FONT_SONG);
    for (int k = 0; k <= JB_FONT_MEMOS; k++)
        snprintf(key[k], sizeof key[k], "p%d", k);
    assert_int_equal(memo_get(f, 1, "p0", got, sizeof got), -1);
    jb_font_memo_keep(f, 1, "p0", 2, "r0", 2);
    jb_font_memo_keep(f, 1, "p1", 2, "r1-", 3);
    assert_int_equal(memo_get(f, 1, "p1", got, sizeof got), 0);
    assert_string_equal(got, "r1-");
    assert_int_equal(memo_get(f, 6, "p1", got, sizeof got), -1); /* another tag */
    assert_int_equal(memo_get(f, 1, "p1x", got, sizeof got), -1);
    /* a result held stays readable when the memo drops it */
    jb_font_memo_hold *hold;
    size_t len;
    const unsigned char *held = jb_font_memo_find(f, 1, "p1", 2, &len, &hold);
    assert_non_null(held);
    assert_int_equal(memo_get(f, 1, "p0", got, sizeof got), 0); /* p0 used last now */
    /* p2 on take the free places and then p1's, the least recently used */
    for (int k = 2; k <= JB_FONT_MEMOS; k++)
        jb_font_memo_keep(f, 1, key[k], strlen(key[k]), key[k], strlen(key[k]));
    assert_int_equal(memo_get(f, 1, "p1", got, sizeof got), -1);
    assert_int_equal(len, 3);
    assert_memory_equal(held, "r1-", 3); /* valgrind and ASan check the read */
    jb_font_memo_release(hold);
    for (int k = 0; k <= JB_FONT_MEMOS; k++) {
        if (k == 1)
            continue;
        assert_int_equal(memo_get(f, 1, key[k], got, sizeof got), 0);
        assert_string_equal(got, k == 0 ? "r0" : key[k]);
    }
    jb_fontset_free(fs); /* frees the memo (valgrind and ASan check) */
}

static void
test_font_missing_file_is_a_font_error(void **state)
{
    jb_spec spec;
    jb_fontset *fs;
    jb_diag d;
    (void)state;
    jb_fixture_truetype_spec(&spec);
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
    jb_fixture_truetype_spec(&spec);
    snprintf(spec.fonts[JB_FONT_SONG].path, sizeof spec.fonts[0].path,
             JB_TEST_DATA "/figures/spans.tsv");
    jb_diag_init(&d);
    assert_int_equal(jb_fontset_open(&spec, &fs, &d), JB_ERR_FONT);
    jb_fixture_truetype_spec(&spec);
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
        cmocka_unit_test(test_font_kept_cmap_agrees_with_harfbuzz),
        cmocka_unit_test(test_font_ink_boxes_show_punctuation_position),
        cmocka_unit_test(test_font_subset_is_small_and_keeps_the_glyphs),
        cmocka_unit_test(test_font_cff_subset_reaches_each_glyph_by_its_number),
        cmocka_unit_test(test_font_cff_writer_reads_back_and_refuses_truncations),
        cmocka_unit_test(test_font_cff_every_glyph_draws_as_the_original),
        cmocka_unit_test(test_font_memo_keeps_the_last_ones_by_key_and_tag),
        cmocka_unit_test(test_font_missing_file_is_a_font_error),
        cmocka_unit_test(test_font_non_font_file_is_a_font_error),
    };
    return cmocka_run_group_tests_name("font", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
