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

#include "import.h"
#include "normalize.h"
#include "parse.h"
#include "report.h"

static int
text_is(const jb_text *t, const char *utf8)
{
    char *s = jb_text_to_utf8(t);
    int eq = s && strcmp(s, utf8) == 0;
    if (!eq)
        print_error("text is '%s', want '%s'\n", s ? s : "(null)", utf8);
    free(s);
    return eq;
}

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
    assert_true(text_is(&doc->title, "江西资溪：“五重”做强做优关心下一代工作品牌"));
    assert_true(text_is(&doc->byline, "元新东 卢而康"));
    assert_string_equal(doc->date_iso, "2023-07-19");
    assert_true(text_is(&doc->date, "2023年7月19日"));
    assert_true(text_is(&doc->category, "国内"));
    assert_true(text_is(&doc->origin, "人民日报客户端")); /* 本文转自 wins over the site 人民资讯 */
    assert_int_equal(doc->n_lead, 1);
    assert_int_equal(doc->lead[0].n, 98);
    assert_int_equal(doc->lead[0].cps[0], 0x5173);  /* 关 */
    assert_int_equal(doc->lead[0].cps[15], 0xFF1F); /* ？ normalised */
    static const char *const heads[] = {
        "重阵地，关工组织遍地开花。", "重作用，“五老”奉献标新立异。", "重活动，帮扶帮教情暖一方。",
        "重教育，立德树人唱响主题。", "重机制，目标推进异彩纷呈。"};
    assert_int_equal(doc->n_sections, 5);
    for (int s = 0; s < 5; s++) {
        assert_true(text_is(&doc->sections[s].head, heads[s]));
        assert_int_equal(doc->sections[s].n_paras, 1);
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
    assert_int_equal(doc->n_sections, n);
    for (size_t s = 0; s < n; s++)
        assert_true(text_is(&doc->sections[s].head, heads[s]));
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
    assert_int_equal(doc->n_sections, 0);
    assert_int_equal(doc->n_lead, 1);
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
    assert_true(text_is(&back->title, "一二三：报道的标题"));
    assert_true(text_is(&back->byline, "张三 李四"));
    assert_true(text_is(&back->origin, "某网"));
    assert_string_equal(back->date_iso, "2023-07-19");
    assert_int_equal(back->n_sections, 2);
    assert_true(text_is(&back->sections[0].head, "一是*强化*组织领导。"));
    assert_true(text_is(&back->sections[1].head, "二是压实#责任。"));
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_sample_article_gives_the_75_result),
        cmocka_unit_test(test_import_head_patterns),
        cmocka_unit_test(test_import_drops_lookalike_heads_in_snippets),
        cmocka_unit_test(test_import_report_round_trips_through_parse),
        cmocka_unit_test(test_import_needs_a_title_and_a_body),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
