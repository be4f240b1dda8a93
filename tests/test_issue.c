/* Tests of a pasted issue (RULES.md §7.8, import_issue.c): each fixture of tests/data/issues
 * read as the importer reads it — the 报头, the items (title, first words, source, 编者按), the
 * 报尾 and the lines left out as stray — against expected.tsv; and the shapes that stay one
 * article. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "import.h"
#include "normalize.h"
#include "utf8.h"

/* Appends the first max characters of t (all when max is 0) to out. */
static void
put(char *out, size_t size, const jb_text *t, size_t max)
{
    size_t len = strlen(out);
    for (size_t i = 0; i < t->n && (max == 0 || i < max) && len + 5 < size; i++)
        len += jb_utf8_encode(t->cps[i], out + len);
    out[len] = '\0';
}

static void
add(char *out, size_t size, const char *s)
{
    size_t len = strlen(out);
    snprintf(out + len, size - len, "%s", s);
}

/* The first paragraph of it (NULL for none). */
static const jb_text *
first_para(const jb_item *it)
{
    for (size_t k = 0; k < it->n_blocks; k++)
        if (it->blocks[k].kind == JB_BLOCK_PARA)
            return &it->blocks[k].text;
    return NULL;
}

static int
same(const char *file, const char *what, const char *got, const char *want)
{
    if (strcmp(got[0] ? got : "-", want) == 0)
        return 1;
    print_error("%s: %s is '%s', want '%s'\n", file, what, got, want);
    return 0;
}

static jb_doc *
read_fixture(const char *name, jb_source **src, jb_import_info *info)
{
    char path[512];
    jb_doc *doc = NULL;
    jb_diag d;
    snprintf(path, sizeof path, "%s/issues/%s", JB_TEST_DATA, name);
    jb_diag_init(&d);
    assert_int_equal(jb_source_load(path, NULL, src, &d), JB_OK);
    assert_true(jb_import_is_raw(*src));
    if (jb_import(*src, &doc, info, &d) != JB_OK) {
        print_error("%s: %s\n", name, d.message);
        fail();
    }
    assert_int_equal(jb_normalize_doc(doc), 0);
    return doc;
}

static void
test_issue_fixtures(void **state)
{
    FILE *f = fopen(JB_TEST_DATA "/issues/expected.tsv", "r");
    char line[8192];
    int cases = 0, bad = 0;
    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *col[11], got[4096];
        int n = 0;
        jb_source *src;
        jb_import_info info;
        jb_doc *doc;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        for (char *p = line; n < 11; n++) {
            col[n] = p;
            if ((p = strchr(p, '\t')) == NULL) {
                n++;
                break;
            }
            *p++ = '\0';
        }
        assert_int_equal(n, 11);
        doc = read_fixture(col[0], &src, &info);
        const jb_masthead *mh = &doc->masthead;
        const jb_text *fields[] = {&mh->name, &mh->issue, &mh->total, &mh->special, &mh->unit};
        const char *names[] = {"name", "期号", "总期号", "增刊", "unit"};
        for (size_t k = 0; k < 5; k++) {
            got[0] = '\0';
            put(got, sizeof got, fields[k], 0);
            bad += !same(col[0], names[k], got, col[1 + k]);
        }
        bad += !same(col[0], "date", mh->date_iso, col[6]);
        snprintf(got, sizeof got, "%zu", doc->n_items);
        bad += !same(col[0], "items", got, col[7]);
        got[0] = '\0';
        for (size_t k = 0; k < doc->n_items; k++) {
            const jb_item *it = &doc->items[k];
            const jb_text *p = first_para(it);
            if (k)
                add(got, sizeof got, "|");
            put(got, sizeof got, &it->title, 0);
            add(got, sizeof got, ">");
            if (p)
                put(got, sizeof got, p, 8);
            add(got, sizeof got, ">");
            put(got, sizeof got, &it->origin, 0);
            add(got, sizeof got, ">");
            put(got, sizeof got, &it->editor_note, 8);
        }
        bad += !same(col[0], "items", got, col[8]);
        got[0] = '\0';
        for (size_t k = 0; k < JB_DIST_COUNT; k++) {
            put(got, sizeof got, &doc->colophon.dist[k], 0);
            add(got, sizeof got, "/");
        }
        put(got, sizeof got, &doc->colophon.copies, 0);
        add(got, sizeof got, "/");
        put(got, sizeof got, &doc->colophon.extra, 0);
        bad += !same(col[0], "报尾", got, col[9]);
        got[0] = '\0';
        for (size_t k = 0; k < info.n_dropped; k++)
            if (info.dropped[k].reason == JB_DROP_STRAY) {
                char num[16];
                snprintf(num, sizeof num, "%s%d", got[0] ? "," : "", info.dropped[k].line);
                add(got, sizeof got, num);
            }
        bad += !same(col[0], "stray lines", got, col[10]);
        jb_import_info_fini(&info);
        jb_doc_free(doc);
        jb_source_free(src);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 5);
    assert_int_equal(bad, 0);
}

/* Every line of a fixture is an item's text, or read into a field, or named as left out. */
static void
test_issue_every_line_accounted_for(void **state)
{
    static const char *const files[] = {"01-contents.txt",      "02-note-no-contents.txt",
                                        "03-special-total.txt", "04-seven-entries.txt",
                                        "05-masthead-one.txt",  "06-bullets-secrecy.txt"};
    (void)state;
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        jb_source *src;
        jb_import_info info;
        jb_doc *doc = read_fixture(files[f], &src, &info);
        uint8_t *seen = calloc(src->n_lines + 1, 1);
        int line, col;
        assert_non_null(seen);
        for (size_t k = 0; k < info.n_dropped; k++)
            seen[info.dropped[k].line] = 1;
        for (size_t i = 0; i < doc->n_items; i++) {
            const jb_item *it = &doc->items[i];
            const jb_text *t[] = {&it->title, &it->byline, &it->origin, &it->editor_note};
            for (size_t k = 0; k < 4; k++) /* every character's line */
                for (size_t c = 0; c < t[k]->n; c++) {
                    jb_source_position(src, t[k]->offs[c], &line, &col);
                    seen[line] = 1;
                }
            for (size_t b = 0; b < it->n_blocks; b++)
                for (size_t c = 0; c < it->blocks[b].text.n; c++) {
                    jb_source_position(src, it->blocks[b].text.offs[c], &line, &col);
                    seen[line] = 1;
                }
        }
        for (size_t l = 0; l < src->n_lines; l++) {
            const char *p = src->text + src->line_starts[l];
            if (*p != '\n' && *p != '\0' && !seen[l + 1]) {
                print_error("%s:%zu: neither read nor named\n", files[f], l + 1);
                fail();
            }
        }
        free(seen);
        jb_import_info_fini(&info);
        jb_doc_free(doc);
        jb_source_free(src);
    }
}

/* What is no issue stays one article: a 简报-like name without a 期号, a 目录 word in the text,
 * a title line followed by body text in the middle of an article. */
static void
test_issue_lookalikes_stay_one_article(void **state)
{
    static const char *const texts[] = {
        "南城县召开关工委工作简报会\n"
        "3月5日，南城县召开关心下一代工作简报会，通报了全县各乡镇关工委一季度工作情况，安排部署下阶"
        "段"
        "工作。\n会议要求各单位认真总结经验，及时报送工作信息。\n",
        "北岭县推进村级集体经济发展\n"
        "今年以来，北岭县坚持把发展壮大村级集体经济作为乡村振兴的重要抓手，多措并举，全县村级集体经"
        "济"
        "收入稳步增长。\n目录\n一是盘活资源资产。清理核实集体资产。\n二是发展特色产业。因地制宜发展"
        "茶"
        "叶产业。\n",
        "北岭县发布前三季度经济运行动态\n"
        "前三季度，北岭县地区生产总值同比增长5.8%，规模以上工业增加值增长7.1%"
        "，经济运行稳中向好。\n",
    };
    (void)state;
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        jb_source *src;
        jb_doc *doc;
        jb_import_info info;
        jb_diag d;
        jb_diag_init(&d);
        assert_int_equal(jb_source_from_memory("a.txt", texts[k], strlen(texts[k]), NULL, &src, &d),
                         JB_OK);
        assert_int_equal(jb_import(src, &doc, &info, &d), JB_OK);
        assert_int_equal(doc->n_items, 1);
        assert_int_equal(doc->masthead.name.n, 0);
        for (size_t i = 0; i < info.n_dropped; i++)
            assert_true(info.dropped[i].reason != JB_DROP_MASTHEAD &&
                        info.dropped[i].reason != JB_DROP_CONTENTS);
        jb_import_info_fini(&info);
        jb_doc_free(doc);
        jb_source_free(src);
    }
}

/* An article of a title and a paragraph, under the 报头 lines of the cases below. */
#define ARTICLE                                                                                    \
    "南城县召开关心下一代工作推进会\n"                                              \
    "5月8日，南城县召开关心下一代工作推进会，会议总结了上半年工作，部署了下一阶段的重点任务。\n"

/* text read by import (it must succeed); *src and *info are the caller's. */
static jb_doc *
import_text(const char *text, jb_source **src, jb_import_info *info)
{
    jb_doc *doc = NULL;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("a.txt", text, strlen(text), NULL, src, &d), JB_OK);
    assert_int_equal(jb_import(*src, &doc, info, &d), JB_OK);
    return doc;
}

/* A 简报's name alone above a title is its 报头 (no 期号 needed), not the title. */
static void
test_issue_name_alone(void **state)
{
    const char *text = "南城县关工委工作简报\n" ARTICLE;
    jb_source *src;
    jb_import_info info;
    jb_doc *doc = import_text(text, &src, &info);
    (void)state;
    assert_true(jb_fixture_text_is(&doc->masthead.name, "南城县关工委工作简报"));
    assert_true(jb_fixture_text_is(&doc->items[0].title, "南城县召开关心下一代工作推进会"));
    assert_int_equal(doc->n_items, 1);
    assert_int_equal(info.n_dropped, 1);
    assert_int_equal(info.dropped[0].reason, JB_DROP_MASTHEAD);
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

/* 密级 and 编号 above the name belong to the 报头. */
static void
test_issue_secrecy_and_serial(void **state)
{
    const char *text = "内部资料　注意保存　　　　编号：000128\n南城县关工委简报\n第3期\n" ARTICLE;
    jb_source *src;
    jb_import_info info;
    jb_doc *doc = import_text(text, &src, &info);
    (void)state;
    assert_true(jb_fixture_text_is(&doc->masthead.name, "南城县关工委简报"));
    assert_true(jb_fixture_text_is(&doc->masthead.serial, "000128"));
    assert_int_equal(jb_normalize_doc(doc), 0);
    assert_true(jb_fixture_text_is(&doc->masthead.secrecy, "内部资料　注意保存"));
    assert_true(jb_fixture_text_is(&doc->items[0].title, "南城县召开关心下一代工作推进会"));
    assert_int_equal(info.n_dropped, 3);
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_fixtures),
        cmocka_unit_test(test_issue_every_line_accounted_for),
        cmocka_unit_test(test_issue_lookalikes_stay_one_article),
        cmocka_unit_test(test_issue_name_alone),
        cmocka_unit_test(test_issue_secrecy_and_serial),
    };
    return cmocka_run_group_tests_name("issue", tests, NULL, NULL);
}
