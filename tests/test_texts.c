/* Tests of texts: the one place that picks each character's face (latin face, fallback chains). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "parse.h"
#include "source.h"
#include "texts.h"
#include "utf8.h"

#define NOTO_SERIF "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
#define WENKAI     "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
#define LIBERATION "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

/* One text of role in a list of its own, every character of font role r. */
static jb_page_texts *
one_text(const char *s, int r)
{
    jb_page_texts *tx = calloc(1, sizeof *tx);
    jb_page_text *e = calloc(1, sizeof *e);
    size_t n;
    uint32_t *cps = jb_utf8_to_utf32(s, strlen(s), &n);
    tx->items = e, tx->n = tx->cap = 1;
    e->role = JB_TEXT_BODY, e->n = n, e->cps = cps, e->key = "test";
    e->offs = calloc(n, sizeof *e->offs);
    e->marks = calloc(n, 1), e->colors = calloc(n, 1), e->literal = malloc(n);
    e->fonts = malloc(n), e->roles = malloc(n);
    memset(e->literal, 1, n);
    memset(e->fonts, r, n);
    memset(e->roles, r, n);
    return tx;
}

static void
set(jb_font_file *f, const char *path)
{
    snprintf(f->path, sizeof f->path, "%s", path);
    f->index = 0;
    f->family[0] = '\0';
}

/* The TrueType set with per-role chains: GB2312 song and kai fall back to faces of their style. */
static jb_fontset *
open_styled(jb_spec *s, int latin)
{
    jb_fontset *fs;
    jb_diag d;
    jb_fixture_truetype_spec(s);
    set(&s->fonts[JB_FONT_ROLES], NOTO_SERIF);
    s->fonts[JB_FONT_ROLES].index = 2;
    set(&s->fonts[JB_FONT_ROLES + 1], WENKAI);
    s->n_fonts = JB_FONT_ROLES + 2;
    s->chain[JB_FONT_SONG][0] = JB_FONT_ROLES, s->n_chain[JB_FONT_SONG] = 1;
    s->chain[JB_FONT_KAI][0] = JB_FONT_ROLES + 1, s->n_chain[JB_FONT_KAI] = 1;
    if (latin) {
        set(&s->fonts[JB_FONT_LATIN], LIBERATION);
        s->latin_own = 0;
    }
    jb_diag_init(&d);
    if (jb_fontset_open(s, &fs, &d) != JB_OK)
        fail_msg("%s", d.message);
    return fs;
}

static void
test_texts_fallback_follows_the_role_chain(void **state)
{
    jb_spec s;
    jb_fontset *fs = open_styled(&s, 0);
    jb_page_texts *song = one_text("朱镕基", JB_FONT_SONG), *kai = one_text("张喆堃", JB_FONT_KAI);
    jb_text_fallback fb[8];
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_page_texts_cover(song, &s, fs, NULL, 0, NULL, 0, &d), JB_OK);
    assert_int_equal(jb_page_texts_cover(kai, &s, fs, NULL, 0, NULL, 0, &d), JB_OK);
    assert_int_equal(song->items[0].fonts[0], JB_FONT_SONG);
    assert_int_equal(song->items[0].fonts[1], JB_FONT_ROLES); /* 镕: Noto Serif, not Droid Sans */
    assert_int_equal(kai->items[0].fonts[0], JB_FONT_KAI);
    assert_int_equal(kai->items[0].fonts[1], JB_FONT_ROLES + 1); /* 喆: WenKai */
    assert_int_equal(kai->items[0].fonts[2], JB_FONT_ROLES + 1);
    assert_int_equal(jb_page_texts_fallbacks(kai, fs, fb, 8), 2);
    assert_int_equal(fb[0].cp, 0x5586);
    assert_int_equal(fb[0].role, JB_FONT_KAI);
    assert_int_equal(fb[0].font, JB_FONT_ROLES + 1);
    assert_int_equal(jb_page_texts_fallbacks(song, fs, fb, 8), 1);
    jb_page_texts_free(song);
    jb_page_texts_free(kai);
    jb_fontset_free(fs);
}

static void
test_texts_latin_runs_take_the_latin_face(void **state)
{
    jb_spec s;
    jb_fontset *fs = open_styled(&s, 1);
    const char *t = "增长3.5%，GDP (e.g. Zhōngguó) 与“十”";
    jb_page_texts *body = one_text(t, JB_FONT_SONG), *head = one_text(t, JB_FONT_HEI);
    jb_diag d;
    const jb_page_text *e;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_page_texts_cover(body, &s, fs, NULL, 0, NULL, 0, &d), JB_OK);
    assert_int_equal(jb_page_texts_cover(head, &s, fs, NULL, 0, NULL, 0, &d), JB_OK);
    /* L: latin face, S: the song, ?: not checked (the space before 与 ends the run) */
    const char *want = "SSLLLLSLLLLLLLLLLLLLLLLLLL?SSSS";
    e = &body->items[0];
    assert_int_equal(e->n, strlen(want));
    for (size_t i = 0; i < e->n; i++)
        if (want[i] != '?')
            assert_int_equal(e->fonts[i], want[i] == 'L' ? JB_FONT_LATIN : JB_FONT_SONG);
    /* heads keep their own face's Latin, of their weight */
    for (size_t i = 0; i < head->items[0].n; i++)
        assert_int_not_equal(head->items[0].fonts[i], JB_FONT_LATIN);
    jb_page_texts_free(body);
    jb_page_texts_free(head);
    jb_fontset_free(fs);
}

static void
test_texts_missing_everywhere_is_an_error(void **state)
{
    jb_spec s;
    jb_fontset *fs = open_styled(&s, 0);
    jb_page_texts *tx = one_text("\xF0\xA0\xAE\xB7", JB_FONT_KAI); /* 𠮷 U+20BB7 */
    jb_diag d;
    (void)state;
    s.n_chain[JB_FONT_KAI] = 0;
    jb_diag_init(&d);
    assert_int_equal(jb_page_texts_cover(tx, &s, fs, NULL, 0, NULL, 0, &d), JB_ERR_GLYPH);
    assert_non_null(strstr(d.message, "U+20BB7"));
    jb_page_texts_free(tx);
    jb_fontset_free(fs);
}

/* The font role of the first character of each text of kind role (JB_TEXT_HEAD, or JB_TEXT_LEAD
 * and JB_TEXT_BODY for paragraphs) in report, in order, into roles; marks of that character
 * into marks when not NULL. */
static size_t
roles_of(const char *report, int role, int *roles, int *marks, size_t cap)
{
    jb_spec s;
    jb_doc *doc;
    jb_source *src;
    jb_page_texts *tx;
    jb_diag d;
    size_t n = 0;
    jb_diag_init(&d);
    jb_fixture_truetype_spec(&s);
    s.head_font = JB_FONT_FANG;
    assert_int_equal(jb_source_from_memory("r.md", report, strlen(report), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_parse(src, &doc, &d), JB_OK);
    assert_int_equal(jb_page_texts_build(doc, &s, &tx, &d), JB_OK);
    for (size_t k = 0; k < tx->n; k++)
        if ((tx->items[k].role == role ||
             (role == JB_TEXT_BODY && tx->items[k].role == JB_TEXT_LEAD)) &&
            n < cap) {
            if (marks)
                marks[n] = tx->items[k].marks[0];
            roles[n++] = tx->items[k].roles[0];
        }
    jb_page_texts_free(tx);
    jb_doc_free(doc);
    jb_source_free(src);
    return n;
}

static void
test_texts_head_levels_take_their_faces(void **state)
{
    /* GB/T 9704 7.3.3: 一、 heads in 黑体, （一） heads in 楷体 and 1. heads in the body's Song,
     * both emboldened (JB_MARK_SUBHEAD); a lead phrase in the layout's */
    int r[4], m[4];
    (void)state;
    assert_int_equal(roles_of("---\ntitle: 题目\n---\n\n## 一、基本情况\n\n正文。\n\n"
                              "## （一）组织建设\n\n正文。\n\n## 1.队伍建设\n\n正文。\n\n"
                              "## 重阵地，开花。\n\n正文。\n",
                              JB_TEXT_HEAD, r, m, 4),
                     4);
    assert_int_equal(r[0], JB_FONT_HEI);
    assert_int_equal(r[1], JB_FONT_KAI);
    assert_int_equal(r[2], JB_FONT_SONG);
    assert_int_equal(r[3], JB_FONT_FANG); /* the layout's [section] font */
    assert_false(m[0] & JB_MARK_SUBHEAD);
    assert_true(m[1] & JB_MARK_SUBHEAD);
    assert_true(m[2] & JB_MARK_SUBHEAD);
    assert_false(m[3] & JB_MARK_SUBHEAD);
}

static void
test_texts_the_lead_is_the_opening_paragraph(void **state)
{
    /* §5.4: Kai for the opening paragraph alone, when more follows; the rest in Song, with heads
     * or without, and a one-paragraph article in Song */
    int r[4];
    (void)state;
    assert_int_equal(
        roles_of("---\ntitle: 题目\n---\n\n甲。\n\n乙。\n\n丙。\n", JB_TEXT_BODY, r, NULL, 4), 3);
    assert_int_equal(r[0], JB_FONT_KAI);
    assert_int_equal(r[1], JB_FONT_SONG);
    assert_int_equal(r[2], JB_FONT_SONG);
    assert_int_equal(roles_of("---\ntitle: 题目\n---\n\n甲。\n\n乙。\n\n## 一、头\n\n丙。\n",
                              JB_TEXT_BODY, r, NULL, 4),
                     3);
    assert_int_equal(r[0], JB_FONT_KAI);
    assert_int_equal(r[1], JB_FONT_SONG);
    assert_int_equal(r[2], JB_FONT_SONG);
    assert_int_equal(roles_of("---\ntitle: 题目\n---\n\n甲。\n", JB_TEXT_BODY, r, NULL, 4), 1);
    assert_int_equal(r[0], JB_FONT_SONG);
}

/* The 编者按 texts of report (with the document's own note doc_note when not NULL, as an API
 * caller sets it; no reader does): how many, the first's text after its label into first, and
 * whether the texts are set as an issue. */
static size_t
notes_of(const char *report, const char *doc_note, char *first, size_t cap, int *issue)
{
    jb_spec s;
    jb_doc *doc;
    jb_source *src;
    jb_page_texts *tx;
    jb_diag d;
    size_t n = 0;
    jb_diag_init(&d);
    jb_fixture_truetype_spec(&s);
    assert_int_equal(jb_source_from_memory("r.md", report, strlen(report), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_parse(src, &doc, &d), JB_OK);
    if (doc_note)
        assert_int_equal(jb_text_push_utf8(&doc->editor_note, doc_note, strlen(doc_note), 0, 0), 0);
    assert_int_equal(jb_page_texts_build(doc, &s, &tx, &d), JB_OK);
    first[0] = 0;
    for (size_t k = 0; k < tx->n; k++) {
        const jb_page_text *e = &tx->items[k];
        if (e->role != JB_TEXT_NOTE)
            continue;
        if (n++ == 0) {
            size_t o = 0;
            for (size_t i = 4; i < e->n && o + 4 < cap; i++) /* past 编者按： */
                o += jb_utf8_encode(e->cps[i], first + o);
            first[o] = 0;
        }
    }
    *issue = tx->issue;
    jb_page_texts_free(tx);
    jb_doc_free(doc);
    jb_source_free(src);
    return n;
}

static void
test_texts_one_article_keeps_its_note(void **state)
{
    /* RULES.md §5.7: one article with its 编者按 stays on the one-article page (not an issue);
     * the document's own note reaches the page too, before the item's when both are given */
    char first[64];
    int issue;
    (void)state;
    assert_int_equal(
        notes_of("> 编者按：按语。\n\n# 题目\n\n正文。\n", NULL, first, sizeof first, &issue), 1);
    assert_string_equal(first, "按语。");
    assert_false(issue);
    assert_int_equal(
        notes_of("---\ntitle: 题目\n---\n\n正文。\n", "本刊按。", first, sizeof first, &issue), 1);
    assert_string_equal(first, "本刊按。");
    assert_false(issue);
    assert_int_equal(
        notes_of("> 编者按：按语。\n\n# 题目\n\n正文。\n", "本刊按。", first, sizeof first, &issue),
        2);
    assert_string_equal(first, "本刊按。");
    assert_true(issue);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_texts_fallback_follows_the_role_chain),
        cmocka_unit_test(test_texts_latin_runs_take_the_latin_face),
        cmocka_unit_test(test_texts_missing_everywhere_is_an_error),
        cmocka_unit_test(test_texts_head_levels_take_their_faces),
        cmocka_unit_test(test_texts_the_lead_is_the_opening_paragraph),
        cmocka_unit_test(test_texts_one_article_keeps_its_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
