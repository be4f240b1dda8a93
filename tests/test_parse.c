/* Tests of parse: front matter, sections, markup, and the errors of a malformed report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "parse.h"

static jb_status
parse_str(const char *text, jb_doc **doc, jb_diag *d)
{
    jb_source *src;
    jb_status st;
    jb_diag_init(d);
    st = jb_source_from_memory("r.md", text, strlen(text), NULL, &src, d);
    if (st != JB_OK)
        return st;
    st = jb_parse(src, doc, d);
    jb_source_free(src);
    return st;
}

static const char report[] = "---\n"
                             "masthead: 关心下一代工作简报\n"
                             "issue: 第12期\n"
                             "unit: 资溪县关工委办公室编\n"
                             "date: 2023-07-19\n"
                             "title: 江西资溪：“五重”做强做优关心下一代工作品牌\n"
                             "byline: 元新东  卢而康\n"
                             "source: 人民日报客户端\n"
                             "distribution:\n"
                             "  报: [市关工委, 县委办]\n"
                             "  发: 各乡镇关工委\n"
                             "copies: 120\n"
                             "---\n"
                             "\n"
                             "关心下一代工作能否作为品牌打造？去年以来，\n"
                             "县关工委诠释打造路径。\n"
                             "\n"
                             "## 重阵地，关工组织遍地开花。\n"
                             "\n"
                             "全县成立关工委组织达**155个**。\n"
                             "\n"
                             "第二段 text with Latin words.\n"
                             "\n"
                             "## 重作用，“五老”奉献标新立异。\n"
                             "\n"
                             "全县在册“五老”人数达1160人。\n";

static void
test_parse_reads_front_matter_lead_and_sections(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str(report, &doc, &d), JB_OK);
    assert_true(jb_fixture_text_is(&doc->masthead.name, "关心下一代工作简报"));
    assert_true(jb_fixture_text_is(&doc->masthead.issue, "第12期"));
    assert_true(jb_fixture_text_is(&doc->masthead.date, "2023年7月19日"));
    assert_string_equal(doc->masthead.date_iso, "2023-07-19");
    assert_true(
        jb_fixture_text_is(&doc->items[0].title, "江西资溪：“五重”做强做优关心下一代工作品牌"));
    assert_true(jb_fixture_text_is(&doc->items[0].byline, "元新东 卢而康"));
    assert_true(jb_fixture_text_is(&doc->items[0].origin, "人民日报客户端"));
    assert_true(jb_fixture_text_is(&doc->colophon.dist[JB_DIST_BAO], "市关工委、县委办"));
    assert_true(jb_fixture_text_is(&doc->colophon.dist[JB_DIST_FA], "各乡镇关工委"));
    assert_int_equal(doc->colophon.dist[JB_DIST_SONG].n, 0);
    assert_true(jb_fixture_text_is(&doc->colophon.copies, "120"));
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    /* a soft line break between Han characters is no space */
    assert_true(
        jb_fixture_text_is(jb_item_lead(&doc->items[0], 0),
                           "关心下一代工作能否作为品牌打造？去年以来，县关工委诠释打造路径。"));
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 2);
    assert_true(
        jb_fixture_text_is(&jb_item_head(&doc->items[0], 0)->text, "重阵地，关工组织遍地开花。"));
    assert_int_equal(jb_item_n_paras(&doc->items[0], 0), 2);
    assert_true(
        jb_fixture_text_is(jb_item_para(&doc->items[0], 0, 1), "第二段text with Latin words."));
    assert_true(
        jb_fixture_text_is(&jb_item_head(&doc->items[0], 1)->text, "重作用，“五老”奉献标新立异。"));
    jb_doc_free(doc);
}

static void
test_parse_strong_markup_forces_a_figure(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str(report, &doc, &d), JB_OK);
    const jb_text *t = jb_item_para(&doc->items[0], 0, 0);
    /* 全县成立关工委组织达155个。: 155个 at index 10..13 */
    for (size_t i = 0; i < t->n; i++) {
        int in = i >= 10 && i < 14;
        assert_int_equal(!!(t->marks[i] & JB_MARK_FORCED), in);
    }
    jb_doc_free(doc);
}

static void
test_parse_keeps_source_positions(void **state)
{
    jb_doc *doc;
    jb_diag d;
    jb_source *src;
    int line, col;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("r.md", report, strlen(report), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_parse(src, &doc, &d), JB_OK);
    jb_source_position(src, (*jb_item_para(&doc->items[0], 1, 0)).offs[0], &line, &col);
    assert_int_equal(line, 26);
    assert_int_equal(col, 1);
    jb_source_position(src, doc->items[0].title.offs[2], &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 10);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_parse_unknown_key_is_an_error_with_its_line(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题\nauthor: 某人\n---\n正文。\n", &doc, &d),
                     JB_ERR_FORMAT);
    assert_int_equal(d.line, 3);
    assert_int_equal(d.col, 1);
    assert_non_null(strstr(d.message, "author"));
    assert_non_null(strstr(d.hint, "byline"));
}

static void
test_parse_secrecy_keeps_its_space(void **state)
{
    jb_doc *doc = NULL;
    jb_diag d;
    (void)state;
    assert_int_equal(
        parse_str("---\ntitle: 标题\nsecrecy: 内部资料 注意保存\n---\n正文。\n", &doc, &d), JB_OK);
    char *s = jb_text_to_utf8(&doc->masthead.secrecy);
    assert_string_equal(s, "内部资料\u3000注意保存");
    free(s);
    jb_doc_free(doc);
}

static void
test_parse_bad_date_is_an_error(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题\ndate: 2023-02-30\n---\n正文。\n", &doc, &d),
                     JB_ERR_FORMAT);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.message, "2023-02-30"));
}

static void
test_parse_unclosed_front_matter_is_an_error(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题\n正文。\n", &doc, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "not closed"));
}

static void
test_parse_refuses_code_with_position(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题\n---\n\n正文。\n\n```\n代码\n```\n", &doc, &d),
                     JB_ERR_FORMAT);
    assert_int_equal(d.line, 8);
    assert_non_null(strstr(d.message, "code block"));
}

/* The block of an item's body at i: its kind and its text. */
static void
block_is(const jb_doc *doc, size_t i, jb_block_kind kind, const char *text)
{
    assert_true(i < doc->items[0].n_blocks);
    assert_int_equal(doc->items[0].blocks[i].kind, kind);
    assert_true(jb_fixture_text_is(&doc->items[0].blocks[i].text, text));
}

/* A chatbot's answer (no front matter): headings of any level, lists, a quote before the body
 * (the 编者按), a rule, bold lead phrases and bold heads; nothing of the markup stays, ** forces no
 * figure. */
static void
test_parse_markdown_as_people_write_it(void **state)
{
    jb_doc *doc;
    jb_diag d;
    const jb_text *t;
    (void)state;
    assert_int_equal(parse_str("**关于某镇工作的报告**\n\n> 按语一段。\n\n导语一段。\n\n"
                               "### 一、做法\n\n- **组织建设**：建成**18个**。\n- 其二\n\n"
                               "---\n\n1. 第一项\n2. **356家**企业\n\n**二、成效**\n\n"
                               "#### （一）细目\n\n# 又一标题\n\n末段。\n",
                               &doc, &d),
                     JB_OK);
    assert_true(jb_fixture_text_is(&doc->items[0].title, "关于某镇工作的报告"));
    /* the quote before the body: the 编者按 */
    assert_true(jb_fixture_text_is(&doc->items[0].editor_note, "按语一段。"));
    block_is(doc, 0, JB_BLOCK_PARA, "导语一段。");
    block_is(doc, 1, JB_BLOCK_HEAD, "一、做法");
    block_is(doc, 2, JB_BLOCK_PARA, "组织建设：建成18个。");
    t = &doc->items[0].blocks[2].text;
    for (size_t i = 0; i < t->n; i++) /* the lead phrase and its colon, no forced figure */
        assert_int_equal(t->marks[i] & (JB_MARK_HEAD | JB_MARK_FORCED), i < 5 ? JB_MARK_HEAD : 0);
    block_is(doc, 3, JB_BLOCK_PARA, "其二");
    block_is(doc, 4, JB_BLOCK_PARA, "1.第一项");
    block_is(doc, 5, JB_BLOCK_PARA, "2.356家企业");
    assert_int_equal(doc->items[0].blocks[5].text.marks[2] & JB_MARK_HEAD, 0);
    block_is(doc, 6, JB_BLOCK_HEAD, "二、成效");
    block_is(doc, 7, JB_BLOCK_HEAD, "（一）细目");
    block_is(doc, 8, JB_BLOCK_HEAD, "又一标题");
    block_is(doc, 9, JB_BLOCK_PARA, "末段。");
    assert_int_equal(doc->items[0].n_blocks, 10);
    jb_doc_free(doc);
    /* a numbered first heading is a head, not the title */
    assert_int_equal(parse_str("### 一、做法\n\n正文。\n", &doc, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no title"));
}

static void
test_parse_requires_title_and_body(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("正文一段。\n", &doc, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no title"));
    assert_int_equal(parse_str("---\ntitle: 标题\n---\n", &doc, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no body"));
}

static void
test_parse_h1_gives_the_title_when_front_matter_has_none(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("# 江西资溪工作简报\n\n导语一段。\n", &doc, &d), JB_OK);
    assert_true(jb_fixture_text_is(&doc->items[0].title, "江西资溪工作简报"));
    assert_int_equal(doc->masthead.name.n, 0); /* the layout shows 工作简报 then */
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    jb_doc_free(doc);
}

static void
test_parse_figures_switch(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题\nfigures: off\n---\n正文。\n", &doc, &d), JB_OK);
    assert_true(doc->figures_off);
    jb_doc_free(doc);
    assert_int_equal(parse_str("---\ntitle: 标题\nfigures: maybe\n---\n正文。\n", &doc, &d),
                     JB_ERR_FORMAT);
}

/* With front matter, a bold run opening a paragraph and ending in a mark (or followed by one) is
 * its lead phrase (JB_MARK_HEAD), not a forced figure; one without a mark stays a figure. */
static void
test_parse_bold_lead_phrase_with_front_matter(void **state)
{
    jb_doc *doc;
    jb_diag d;
    const jb_text *t;
    (void)state;
    assert_int_equal(parse_str("---\ntitle: 标题文字\n---\n\n## 一、抓组织建设\n\n"
                               "**组织覆盖持续扩大**。全镇建成小组18个。\n\n**356家**企业参加。\n",
                               &doc, &d),
                     JB_OK);
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 1);
    t = jb_item_para(&doc->items[0], 0, 0);
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(t->marks[i] & (JB_MARK_HEAD | JB_MARK_FORCED), i < 9 ? JB_MARK_HEAD : 0);
    assert_int_equal(t->marks[9] & JB_MARK_HEAD, 0);
    t = jb_item_para(&doc->items[0], 0, 1);
    assert_int_equal(t->marks[0] & (JB_MARK_HEAD | JB_MARK_FORCED), JB_MARK_FORCED);
    jb_doc_free(doc);
}

/* docs/FORMAT.md "An issue of several items": each # line opens an item, a byline/source
 * paragraph right after it gives the item's fields, a 编者按 paragraph before it is its note. */
static void
test_parse_issue_of_several_items(void **state)
{
    jb_doc *doc;
    jb_diag d;
    (void)state;
    assert_int_equal(
        parse_str("---\nmasthead: 工作简报\ncontents: yes\n---\n\n"
                  "编者按：第一篇的按语。\n\n# 第一篇\n\nbyline: 张三\nsource: 甲乡\n\n"
                  "甲乡开展活动。\n\n## 一、做法\n\n做法一。\n\n"
                  "编者按: 第二篇的按语。\n\n# 第二篇\n\n来源：乙乡\n\n乙乡的正文。\n\n"
                  "# 第三篇\n\nsource: 丙乡\n不是字段的一行。\n",
                  &doc, &d),
        JB_OK);
    assert_int_equal(doc->n_items, 3);
    assert_true(doc->contents);
    assert_true(jb_fixture_text_is(&doc->items[0].title, "第一篇"));
    assert_true(jb_fixture_text_is(&doc->items[0].editor_note, "第一篇的按语。"));
    assert_true(jb_fixture_text_is(&doc->items[0].byline, "张三"));
    assert_true(jb_fixture_text_is(&doc->items[0].origin, "甲乡"));
    assert_int_equal(doc->items[0].n_blocks, 3); /* the note went to the next item */
    assert_true(jb_fixture_text_is(&doc->items[1].editor_note, "第二篇的按语。"));
    assert_true(jb_fixture_text_is(&doc->items[1].origin, "乙乡"));
    assert_int_equal(doc->items[1].n_blocks, 1);
    /* a paragraph not all of field lines is the item's text */
    assert_int_equal(doc->items[2].origin.n, 0);
    assert_int_equal(doc->items[2].n_blocks, 1);
    jb_doc_free(doc);
    /* an item without text is refused */
    assert_int_equal(
        parse_str("---\nmasthead: 工作简报\n---\n\n# 甲\n\n正文。\n\n# 乙\n", &doc, &d),
        JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "item 2"));
    /* without front matter, later # headings stay heads: one item */
    assert_int_equal(parse_str("# 标题\n\n正文。\n\n# 二、做法\n\n再一段。\n", &doc, &d), JB_OK);
    assert_int_equal(doc->n_items, 1);
    jb_doc_free(doc);
}

/* Without front matter, heads take their levels from their heading depths: the shallowest used
 * 1, the next 2, deeper 3; every head opens a section of the article view. */
static void
test_parse_plain_head_levels_from_depths(void **state)
{
    static const int want[] = {1, 2, 3, 3, 1};
    jb_doc *doc;
    jb_diag d;
    size_t h = 0;
    (void)state;
    assert_int_equal(parse_str("# 东坪镇工作总结\n\n导语一段。\n\n## 一、主要做法\n\n正文。\n\n"
                               "### （一）组织建设\n\n正文。\n\n#### 1.队伍\n\n正文。\n\n"
                               "##### 深一层\n\n正文。\n\n## 二、下步打算\n\n正文。\n",
                               &doc, &d),
                     JB_OK);
    assert_true(jb_fixture_text_is(&doc->items[0].title, "东坪镇工作总结"));
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 5);
    for (size_t k = 0; k < doc->items[0].n_blocks; k++)
        if (doc->items[0].blocks[k].kind == JB_BLOCK_HEAD)
            assert_int_equal(doc->items[0].blocks[k].level, want[h++]);
    assert_int_equal(h, 5);
    assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], 1)->text, "（一）组织建设"));
    jb_doc_free(doc);
    /* one depth only: all level 1 */
    assert_int_equal(
        parse_str("# 标题文字\n\n导语。\n\n### 一、甲\n\n正文。\n\n### 二、乙\n\n正文。\n", &doc,
                  &d),
        JB_OK);
    assert_int_equal(jb_item_head(&doc->items[0], 1)->level, 1);
    jb_doc_free(doc);
    /* with front matter: ## 1, ### 2, #### 3 */
    assert_int_equal(
        parse_str("---\ntitle: 标题文字\n---\n\n## 一、甲\n\n正文。\n\n### （一）乙\n\n"
                  "正文。\n\n#### 1.丙\n\n正文。\n",
                  &doc, &d),
        JB_OK);
    for (size_t s = 0; s < 3; s++)
        assert_int_equal(jb_item_head(&doc->items[0], s)->level, (int)s + 1);
    jb_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_reads_front_matter_lead_and_sections),
        cmocka_unit_test(test_parse_strong_markup_forces_a_figure),
        cmocka_unit_test(test_parse_keeps_source_positions),
        cmocka_unit_test(test_parse_unknown_key_is_an_error_with_its_line),
        cmocka_unit_test(test_parse_secrecy_keeps_its_space),
        cmocka_unit_test(test_parse_bad_date_is_an_error),
        cmocka_unit_test(test_parse_unclosed_front_matter_is_an_error),
        cmocka_unit_test(test_parse_refuses_code_with_position),
        cmocka_unit_test(test_parse_markdown_as_people_write_it),
        cmocka_unit_test(test_parse_requires_title_and_body),
        cmocka_unit_test(test_parse_h1_gives_the_title_when_front_matter_has_none),
        cmocka_unit_test(test_parse_figures_switch),
        cmocka_unit_test(test_parse_bold_lead_phrase_with_front_matter),
        cmocka_unit_test(test_parse_plain_head_levels_from_depths),
        cmocka_unit_test(test_parse_issue_of_several_items),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
