/* Tests of import: RULES.md §7.5 on the sample article, each head pattern P1–P9, the
 * boilerplate rules, and the report writer (import → report → parse gives the same document). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "figures.h"
#include "import.h"
#include "placeholders.h"
#include "normalize.h"
#include "parse.h"
#include "report.h"
#include "utf8.h"

static jb_doc *
import_str(const char *text, jb_import_info *info, jb_source **src)
{
    jb_doc *doc;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("a.txt", text, strlen(text), NULL, src, &d), JB_OK);
    assert_true(jb_import_is_raw(*src));
    if (jb_import(*src, &doc, info, &d) != JB_OK) {
        print_error("%s\n", d.message);
        fail();
    }
    assert_int_equal(jb_normalize_doc(doc), 0);
    return doc;
}

static void
test_import_sample_article_gives_the_75_result(void **state)
{
    jb_source *src;
    jb_doc *doc;
    jb_diag d;
    jb_import_info info;
    int tail = 0, nav = 0;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_load(JB_TEST_ROOT "/samples/zixi-wuzhong-raw.txt", NULL, &src, &d),
                     JB_OK);
    assert_int_equal(jb_import(src, &doc, &info, &d), JB_OK);
    assert_int_equal(jb_normalize_doc(doc), 0);
    assert_true(
        jb_fixture_text_is(&doc->items[0].title, "江西资溪：“五重”做强做优关心下一代工作品牌"));
    assert_true(jb_fixture_text_is(&doc->items[0].byline, "元新东 卢而康"));
    assert_string_equal(doc->masthead.date_iso, "2023-07-19");
    assert_true(jb_fixture_text_is(&doc->masthead.date, "2023年7月19日"));
    assert_true(jb_fixture_text_is(&doc->items[0].category, "国内"));
    assert_true(jb_fixture_text_is(&doc->items[0].origin,
                                   "人民日报客户端")); /* 本文转自 wins over the site 人民资讯 */
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    assert_int_equal((*jb_item_lead(&doc->items[0], 0)).n, 98);
    assert_int_equal((*jb_item_lead(&doc->items[0], 0)).cps[0], 0x5173);  /* 关 */
    assert_int_equal((*jb_item_lead(&doc->items[0], 0)).cps[15], 0xFF1F); /* ？ normalised */
    static const char *const heads[] = {
        "重阵地，关工组织遍地开花。", "重作用，“五老”奉献标新立异。", "重活动，帮扶帮教情暖一方。",
        "重教育，立德树人唱响主题。", "重机制，目标推进异彩纷呈。"};
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 5);
    for (int s = 0; s < 5; s++) {
        assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], s)->text, heads[s]));
        assert_int_equal(jb_item_n_paras(&doc->items[0], s), 1);
    }
    assert_string_equal(info.pattern, "P1 parallel lead phrase");
    for (size_t i = 0; i < info.n_dropped; i++) {
        nav += info.dropped[i].reason == JB_DROP_NAVIGATION;
        tail += info.dropped[i].reason == JB_DROP_TAIL;
        if (info.dropped[i].reason == JB_DROP_TAIL)
            assert_true(info.dropped[i].line >= 24); /* from 以上内容为… to the end */
    }
    assert_int_equal(nav, 2);
    assert_int_equal(tail, 23);
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

/* One article per head pattern: the heads found, in order. */
static void
check_heads(const char *article, const char *pattern, const char *const *heads, size_t n)
{
    jb_import_info info;
    jb_source *src;
    jb_doc *doc = import_str(article, &info, &src);
    if (info.pattern == NULL || strstr(info.pattern, pattern) != info.pattern) {
        print_error("pattern %s, want %s\n", info.pattern ? info.pattern : "none", pattern);
        fail();
    }
    assert_int_equal(jb_item_n_sections(&doc->items[0]), n);
    for (size_t s = 0; s < n; s++)
        assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], s)->text, heads[s]));
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

#define LEAD                                                                                                                                     \
    "今年以来，县委办公室坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，扎实推进各项重点工作，" \
    "取得了明显成效。\n\n"

static void
test_import_head_patterns(void **state)
{
    (void)state;
    check_heads(
        "县委办推进重点工作综述\n\n" LEAD "一是强化组织领导。成立工作专班，每周调度一次。\n\n"
        "二是压实工作责任。签订责任书120份，层层传导压力。\n\n"
        "三是加强督查问效。开展专项督查8次，通报问题15个。\n",
        "P2",
        (const char *const[]){"一是强化组织领导。", "二是压实工作责任。", "三是加强督查问效。"}, 3);
    check_heads("县委办推进重点工作综述\n\n" LEAD "一、基本情况\n\n全年共办理事项300余件。\n\n"
                "二、主要做法\n\n建立台账，销号管理。\n\n三、下步打算\n\n持续抓好落实。\n",
                "P3", (const char *const[]){"一、基本情况", "二、主要做法", "三、下步打算"}, 3);
    check_heads("县委办推进重点工作综述\n\n" LEAD
                "（一）聚焦阵地建设。新建活动室12个。\n\n（二）聚焦队伍建设。培训骨干200人次。\n",
                "P4", (const char *const[]){"（一）聚焦阵地建设。", "（二）聚焦队伍建设。"}, 2);
    /* one 一、 over its （一） heads: a head, not a paragraph of the lead (issue 25) */
    check_heads("县委办推进重点工作综述\n\n" LEAD "一、加强组织建设\n\n（一）健全组织网络\n\n"
                "新建村级关工委组织12个。\n\n（二）壮大五老队伍\n\n新吸收五老人员86名。\n\n"
                "（三）开展主题宣讲\n\n开展宣讲活动36场。\n",
                "P4",
                (const char *const[]){"一、加强组织建设", "（一）健全组织网络",
                                      "（二）壮大五老队伍", "（三）开展主题宣讲"},
                4);
    check_heads("县委办推进重点工作综述\n\n" LEAD
                "1.完善机制。出台制度5项。\n\n2.强化保障。落实资金"
                "80万元。\n",
                "P5", (const char *const[]){"1.完善机制。", "2.强化保障。"}, 2);
    check_heads("县委办推进重点工作综述\n\n" LEAD "第一，抓谋划。年初召开部署会。\n\n第二，抓落实。"
                "逐项明确责任人。\n",
                "P6", (const char *const[]){"第一，抓谋划。", "第二，抓落实。"}, 2);
    check_heads("县委办推进重点工作综述\n\n" LEAD
                "首先，统一思想认识，召开动员会3场。\n\n其次，细化"
                "任务分工，明确时间节点。\n",
                "P7",
                (const char *const[]){"首先，统一思想认识，召开动员会3场。",
                                      "其次，细化任务分工，明确时间节点。"},
                2);
    check_heads("县委办推进重点工作综述\n\n" LEAD "【重阵地】新建关工组织155个。\n\n【重作用】"
                "增加“五老”人员300多人。\n",
                "P8", (const char *const[]){"【重阵地】", "【重作用】"}, 2);
    check_heads("县委办推进重点工作综述\n\n" LEAD
                "**强化组织领导。**成立专班。\n\n**压实工作责任。**"
                "签订责任书。\n",
                "P8", (const char *const[]){"强化组织领导。", "压实工作责任。"}, 2);
    check_heads("县委办推进重点工作综述\n\n" LEAD "聚焦阵地：新建活动室12个。\n\n聚焦队伍：培训骨干"
                "200人次。\n\n聚焦机制：出台制度5项。\n",
                "P9", (const char *const[]){"聚焦阵地：", "聚焦队伍：", "聚焦机制："}, 3);
}

static void
test_import_drops_lookalike_heads_in_snippets(void **state)
{
    jb_import_info info;
    jb_source *src;
    jb_doc *doc = import_str("• 首页\n• 国内\n\n县里五重工作的报道标题\n\n" LEAD
                             "...重机制,党政齐抓共管。\n2024-04-13 22:36:00\n"
                             "...立机制,增强责任意识。\n2024-02-14 02:05:00\n",
                             &info, &src);
    (void)state;
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 0);
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    assert_int_equal(info.n_dropped, 6);
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_import_report_round_trips_through_parse(void **state)
{
    jb_import_info info;
    jb_source *src, *back_src;
    jb_doc *doc = import_str(
               "一二三：报道的标题\n\n类别:国内 发布时间:2023-07-19 18:23:00 来源:某网\n\n"
               "张三 李四\n\n" LEAD "一是*强化*组织领导。成立工作专班。\n\n二是压实#责任。签订"
               "责任书120份。\n",
               &info, &src),
           *back;
    jb_diag d;
    char *report, *again;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_report_write(doc, &report, &d), JB_OK);
    assert_int_equal(jb_source_from_memory("r.md", report, strlen(report), NULL, &back_src, &d),
                     JB_OK);
    assert_false(jb_import_is_raw(back_src));
    assert_int_equal(jb_parse(back_src, &back, &d), JB_OK);
    assert_true(jb_fixture_text_is(&back->items[0].title, "一二三：报道的标题"));
    assert_true(jb_fixture_text_is(&back->items[0].byline, "张三 李四"));
    assert_true(jb_fixture_text_is(&back->items[0].origin, "某网"));
    assert_string_equal(back->masthead.date_iso, "2023-07-19");
    assert_int_equal(jb_item_n_sections(&back->items[0]), 2);
    assert_true(
        jb_fixture_text_is(&jb_item_head(&back->items[0], 0)->text, "一是*强化*组织领导。"));
    assert_true(jb_fixture_text_is(&jb_item_head(&back->items[0], 1)->text, "二是压实#责任。"));
    assert_int_equal(jb_report_write(back, &again, &d), JB_OK);
    assert_string_equal(again, report);
    free(again);
    free(report);
    jb_doc_free(back);
    jb_source_free(back_src);
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
}

static void
test_import_needs_a_title_and_a_body(void **state)
{
    jb_source *src;
    jb_doc *doc;
    jb_diag d;
    jb_import_info info;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("a.txt", "短\n", 4, NULL, &src, &d), JB_OK);
    assert_int_equal(jb_import(src, &doc, &info, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no title"));
    jb_source_free(src);
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("a.txt", "这是一个标题而已\n",
                                           strlen("这是一个标题而已\n"), NULL, &src, &d),
                     JB_OK);
    assert_int_equal(jb_import(src, &doc, &info, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no body"));
    jb_source_free(src);
}

/* Appends the UTF-8 of t (with sep before it unless out is empty) to out. */
static void
append(char *out, size_t size, const char *sep, const jb_text *t, size_t from, size_t to)
{
    size_t k = strlen(out);
    if (k > 0)
        k += (size_t)snprintf(out + k, size - k, "%s", sep);
    for (size_t i = from; i < to && k + 5 < size; i++) {
        char b[5];
        size_t m = jb_utf8_encode(t->cps[i], b);
        memcpy(out + k, b, m);
        k += m;
    }
    out[k] = '\0';
}

/* The key figures of t, each span joined to out by |. */
static void
figures_of(char *out, size_t size, const jb_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if ((t->marks[i] & JB_MARK_FIGURE) && (i == 0 || !(t->marks[i - 1] & JB_MARK_FIGURE))) {
            size_t e = i;
            while (e < t->n && (t->marks[e] & JB_MARK_FIGURE))
                e++;
            append(out, size, "|", t, i, e);
        }
}

static int
field_is(const char *what, const char *file, const char *got, const char *want)
{
    if (strcmp(got[0] ? got : "-", want) == 0)
        return 1;
    print_error("%s: %s is '%s', want '%s'\n", file, what, got, want);
    return 0;
}

/* tests/data/articles: each fixture's title, byline, lead, heads, key figures, date and the lines
 * left out (or read into the header), as a reader of the article would give them (expected.tsv). */
static void
test_import_article_fixtures(void **state)
{
    FILE *f = fopen(JB_TEST_DATA "/articles/expected.tsv", "r");
    char line[4096];
    int cases = 0, bad = 0;
    (void)state;
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *col[8], path[512], got[2048], left[1024] = "";
        int n = 0;
        jb_source *src;
        jb_doc *doc;
        jb_import_info info;
        jb_diag d;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        for (char *p = line; n < 8; n++) {
            col[n] = p;
            p = strchr(p, '\t');
            if (p == NULL) {
                n++;
                break;
            }
            *p++ = '\0';
        }
        assert_int_equal(n, 8);
        snprintf(path, sizeof path, "%s/articles/%s", JB_TEST_DATA, col[0]);
        jb_diag_init(&d);
        assert_int_equal(jb_source_load(path, NULL, &src, &d), JB_OK);
        if (jb_import_is_raw(src)) {
            if (jb_import_titled(src, strcmp(col[1], "(meta)") == 0, &doc, &info, &d) != JB_OK) {
                print_error("%s: %s\n", col[0], d.message);
                fail();
            }
            for (size_t k = 0; k < info.n_dropped; k++) /* left out or read into the header */
                snprintf(left + strlen(left), sizeof left - strlen(left), "%s%d:%s", k ? ";" : "",
                         info.dropped[k].line, jb_drop_reason_code(info.dropped[k].reason));
            jb_import_info_fini(&info);
        } else {
            assert_int_equal(jb_parse(src, &doc, &d), JB_OK);
        }
        if (strcmp(col[1], "(meta)") == 0) /* as --meta title= would */
            assert_int_equal(jb_doc_set_field(doc, "title", "(meta)"), 0);
        assert_int_equal(jb_normalize_doc(doc), 0);
        jb_figures_mark_dense(doc, 0); /* the grammar's figures, not §6.7's few */
        jb_placeholders_unmark(doc);   /* as the job does: never highlighted */
        got[0] = '\0';
        append(got, sizeof got, "", &doc->items[0].title, 0, doc->items[0].title.n);
        bad += !field_is("title", col[0], got, col[1]);
        got[0] = '\0';
        append(got, sizeof got, "", &doc->items[0].byline, 0, doc->items[0].byline.n);
        bad += !field_is("byline", col[0], got, col[2]);
        got[0] = '\0';
        if (jb_item_n_lead(&doc->items[0]) > 0)
            append(got, sizeof got, "", jb_item_lead(&doc->items[0], 0), 0,
                   (*jb_item_lead(&doc->items[0], 0)).n < 12 ? (*jb_item_lead(&doc->items[0], 0)).n
                                                             : 12);
        bad += !field_is("lead", col[0], got, col[3]);
        got[0] = '\0';
        for (size_t s = 0; s < jb_item_n_sections(&doc->items[0]); s++)
            append(got, sizeof got, "|", &jb_item_head(&doc->items[0], s)->text, 0,
                   jb_item_head(&doc->items[0], s)->text.n);
        bad += !field_is("heads", col[0], got, col[4]);
        got[0] = '\0';
        for (size_t p = 0; p < jb_item_n_lead(&doc->items[0]); p++)
            figures_of(got, sizeof got, jb_item_lead(&doc->items[0], p));
        for (size_t s = 0; s < jb_item_n_sections(&doc->items[0]); s++)
            for (size_t p = 0; p < jb_item_n_paras(&doc->items[0], s); p++)
                figures_of(got, sizeof got, jb_item_para(&doc->items[0], s, p));
        bad += !field_is("figures", col[0], got, col[5]);
        bad += !field_is("date", col[0], doc->masthead.date_iso, col[6]);
        bad += !field_is("left out", col[0], left, col[7]);
        jb_doc_free(doc);
        jb_source_free(src);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 20);
    assert_int_equal(bad, 0);
}

/* An article without a title line fails naming --meta title=…, and reads with it. */
static void
test_import_no_title_line(void **state)
{
    const char *text =
        "今年以来，北岭县坚持把发展壮大村级集体经济作为乡村振兴的重要抓手，多措并举，"
        "全县村级集体经济收入稳步增长。\n一是盘活资源资产。清理核实集体资产。\n"
        "二是发展特色产业。因地制宜发展茶叶产业。\n";
    jb_source *src;
    jb_doc *doc;
    jb_diag d;
    jb_import_info info;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("a.txt", text, strlen(text), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_import(src, &doc, &info, &d), JB_ERR_FORMAT);
    assert_non_null(strstr(d.message, "no title line"));
    assert_non_null(strstr(d.hint, "--meta title="));
    jb_diag_init(&d);
    assert_int_equal(jb_import_titled(src, 1, &doc, &info, &d), JB_OK);
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 2);
    jb_doc_free(doc);
    jb_import_info_fini(&info);
    jb_source_free(src);
}

/* The closing blocks (RULES.md §7.2): 附件 lines to notes, a unit above its date to a signature
 * with the date as aux, 整理：… 审核：… to a signature set apart again; a last paragraph that is
 * none of them keeps the rest paragraphs. */
static void
test_import_closing_blocks(void **state)
{
    static const char *const paras[] = {"正文第一段。",  "附件：1.工作台账",
                                        "2.志愿者名单",  "东岭县关工委办公室",
                                        "2024年6月28日", "整理：赵明远审核：钱立华"};
    jb_doc *doc = jb_doc_new();
    jb_item *it = &doc->items[0];
    (void)state;
    for (size_t k = 0; k < sizeof paras / sizeof paras[0]; k++) {
        jb_block *b = jb_item_add_block(it, JB_BLOCK_PARA, (uint32_t)k);
        assert_non_null(b);
        assert_int_equal(jb_text_push_utf8(&b->text, paras[k], strlen(paras[k]), 0, 0), 0);
    }
    assert_int_equal(jb_import_closing(doc), 0);
    assert_int_equal(it->n_blocks, 5);
    assert_int_equal(it->blocks[0].kind, JB_BLOCK_PARA);
    assert_int_equal(it->blocks[1].kind, JB_BLOCK_NOTE);
    assert_int_equal(it->blocks[2].kind, JB_BLOCK_NOTE);
    assert_int_equal(it->blocks[3].kind, JB_BLOCK_SIGNATURE);
    assert_true(jb_fixture_text_is(&it->blocks[3].text, "东岭县关工委办公室"));
    assert_true(jb_fixture_text_is(&it->blocks[3].aux, "2024年6月28日"));
    assert_int_equal(it->blocks[4].kind, JB_BLOCK_SIGNATURE);
    assert_true(jb_fixture_text_is(&it->blocks[4].text, "整理：赵明远\u3000\u3000审核：钱立华"));
    jb_doc_free(doc);
    doc = jb_doc_new(); /* a body's last sentences stay paragraphs */
    it = &doc->items[0];
    for (size_t k = 0; k < 2; k++) {
        jb_block *b = jb_item_add_block(it, JB_BLOCK_PARA, 0);
        assert_non_null(b);
        assert_int_equal(jb_text_push_utf8(&b->text, "正文。", strlen("正文。"), 0, 0), 0);
    }
    assert_int_equal(jb_import_closing(doc), 0);
    assert_int_equal(it->blocks[1].kind, JB_BLOCK_PARA);
    jb_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_sample_article_gives_the_75_result),
        cmocka_unit_test(test_import_head_patterns),
        cmocka_unit_test(test_import_drops_lookalike_heads_in_snippets),
        cmocka_unit_test(test_import_report_round_trips_through_parse),
        cmocka_unit_test(test_import_needs_a_title_and_a_body),
        cmocka_unit_test(test_import_article_fixtures),
        cmocka_unit_test(test_import_no_title_line),
        cmocka_unit_test(test_import_closing_blocks),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
