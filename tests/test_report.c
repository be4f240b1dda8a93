/* Tests of the report writer: parse → write → parse gives the same document (every field, every
 * text's code points and marks) for the sample reports and the imported raw samples, through the
 * whole document stage too (punctuation, key figures); YAML values and Markdown text that need
 * quoting or escaping come back exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include "figures.h"
#include "import.h"
#include "normalize.h"
#include "parse.h"
#include "report.h"

/* ---- comparing documents ---- */

static int
same_text(const jb_text *a, const jb_text *b, const char *what, size_t k)
{
    if (a->n == b->n && (a->n == 0 || (memcmp(a->cps, b->cps, a->n * sizeof *a->cps) == 0 &&
                                       memcmp(a->marks, b->marks, a->n) == 0)))
        return 1;
    char *sa = jb_text_to_utf8(a), *sb = jb_text_to_utf8(b);
    print_error("%s %zu differs:\n  '%s'\n  '%s'\n", what, k, sa ? sa : "", sb ? sb : "");
    for (size_t i = 0; i < a->n && i < b->n; i++)
        if (a->cps[i] != b->cps[i] || a->marks[i] != b->marks[i]) {
            print_error("  first at %zu: U+%04X/%d vs U+%04X/%d\n", i, (unsigned)a->cps[i],
                        a->marks[i], (unsigned)b->cps[i], b->marks[i]);
            break;
        }
    free(sa);
    free(sb);
    return 0;
}

static int same_blocks(const jb_item *ia, const jb_item *ib);

/* Every field, lead paragraph, head and paragraph: code points and marks (not offsets). */
static int
same_doc(const jb_doc *a, const jb_doc *b)
{
    const jb_text *fa[] = {&a->items[0].title,   &a->items[0].byline,   &a->items[0].origin,
                           &a->masthead.name,    &a->masthead.issue,    &a->masthead.unit,
                           &a->masthead.date,    &a->items[0].category, &a->colophon.dist[0],
                           &a->colophon.dist[1], &a->colophon.dist[2],  &a->colophon.copies};
    const jb_text *fb[] = {&b->items[0].title,   &b->items[0].byline,   &b->items[0].origin,
                           &b->masthead.name,    &b->masthead.issue,    &b->masthead.unit,
                           &b->masthead.date,    &b->items[0].category, &b->colophon.dist[0],
                           &b->colophon.dist[1], &b->colophon.dist[2],  &b->colophon.copies};
    int ok = 1;

    for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++)
        ok &= same_text(fa[i], fb[i], "field", i);
    if (strcmp(a->masthead.date_iso, b->masthead.date_iso) != 0 ||
        a->figures_off != b->figures_off || a->contents != b->contents || a->pages != b->pages ||
        a->n_items != b->n_items) {
        print_error("date_iso '%s' / '%s', figures_off %d / %d\n", a->masthead.date_iso,
                    b->masthead.date_iso, a->figures_off, b->figures_off);
        ok = 0;
    }
    /* every item (an issue's, docs/FORMAT.md): its fields and 编者按, then the blocks one by
     * one: kind, level, text; a photo's file and caption, so each photo is in its place */
    for (size_t n = 0; ok && n < a->n_items && n < b->n_items; n++) {
        if (n > 0) {
            ok &= same_text(&a->items[n].title, &b->items[n].title, "item title", n);
            ok &= same_text(&a->items[n].byline, &b->items[n].byline, "item byline", n);
            ok &= same_text(&a->items[n].origin, &b->items[n].origin, "item source", n);
        }
        ok &= same_text(&a->items[n].editor_note, &b->items[n].editor_note, "编者按", n);
        ok &= same_blocks(&a->items[n], &b->items[n]);
    }
    return ok;
}

/* An item's blocks, one by one. */
static int
same_blocks(const jb_item *ia, const jb_item *ib)
{
    int ok = 1;
    if (ia->n_blocks != ib->n_blocks) {
        print_error("%zu/%zu blocks\n", ia->n_blocks, ib->n_blocks);
        return 0;
    }
    for (size_t k = 0; k < ia->n_blocks; k++) {
        const jb_block *ba = &ia->blocks[k], *bb = &ib->blocks[k];
        if (ba->kind != bb->kind || ba->level != bb->level) {
            print_error("block %zu: kind %d.%d / %d.%d\n", k, (int)ba->kind, ba->level,
                        (int)bb->kind, bb->level);
            ok = 0;
            continue;
        }
        if (ba->kind != JB_BLOCK_PHOTO) {
            ok &= same_text(&ba->text, &bb->text, "block", k);
            continue;
        }
        ok &= same_text(&ba->photo.caption, &bb->photo.caption, "photo caption", k);
        if (strcmp(ba->photo.ref, bb->photo.ref) != 0) {
            print_error("photo block %zu: %s / %s\n", k, ba->photo.ref, bb->photo.ref);
            ok = 0;
        }
    }
    return ok;
}

/* ---- helpers ---- */

typedef struct {
    jb_source *src;
    jb_doc *doc;
    char *text; /* the report it was read from, when written here */
} loaded;

static void
loaded_fini(loaded *l)
{
    jb_doc_free(l->doc);
    jb_source_free(l->src);
    free(l->text);
    memset(l, 0, sizeof *l);
}

/* Writes doc and parses the result into *back (fails the test when either fails). */
static void
write_and_parse(const jb_doc *doc, loaded *back)
{
    jb_diag d;

    memset(back, 0, sizeof *back);
    jb_diag_init(&d);
    assert_int_equal(jb_report_write(doc, &back->text, &d), JB_OK);
    assert_int_equal(
        jb_source_from_memory("written.md", back->text, strlen(back->text), NULL, &back->src, &d),
        JB_OK);
    assert_false(jb_import_is_raw(back->src));
    if (jb_parse(back->src, &back->doc, &d) != JB_OK) {
        print_error("%s:%d:%d: %s\n--- written:\n%s", d.file, d.line, d.col, d.message, back->text);
        fail();
    }
}

/* The rest of the document stage, as render runs it after parse or import. */
static void
finish(jb_doc *doc)
{
    assert_int_equal(jb_normalize_doc(doc), 0);
    jb_figures_mark(doc);
}

/* doc (read from path) → write → parse gives doc again; and so after the whole document stage
 * (what `jianbao import` writes and `jianbao render` then reads). */
static void
check_round_trip(const char *path, jb_doc *doc)
{
    loaded back, again;

    write_and_parse(doc, &back);
    if (!same_doc(doc, back.doc)) {
        print_error("%s: written as\n%s", path, back.text);
        fail();
    }
    finish(doc);
    loaded_fini(&back);
    write_and_parse(doc, &back);
    finish(back.doc);
    if (!same_doc(doc, back.doc)) {
        print_error("%s (after normalising and figures): written as\n%s", path, back.text);
        fail();
    }
    /* and the writer's output is a fixed point */
    write_and_parse(back.doc, &again);
    assert_string_equal(again.text, back.text);
    loaded_fini(&again);
    loaded_fini(&back);
}

static size_t
each_file(const char *pattern, void (*fn)(const char *path))
{
    glob_t g;
    size_t n;

    assert_int_equal(glob(pattern, 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++)
        fn(g.gl_pathv[i]);
    n = g.gl_pathc;
    globfree(&g);
    return n;
}

static void
report_file(const char *path)
{
    loaded l = {0};
    jb_diag d;

    jb_diag_init(&d);
    assert_int_equal(jb_source_load(path, NULL, &l.src, &d), JB_OK);
    assert_false(jb_import_is_raw(l.src));
    assert_int_equal(jb_parse(l.src, &l.doc, &d), JB_OK);
    check_round_trip(path, l.doc);
    loaded_fini(&l);
}

static void
raw_file(const char *path)
{
    loaded l = {0};
    jb_import_info info;
    jb_diag d;

    jb_diag_init(&d);
    assert_int_equal(jb_source_load(path, NULL, &l.src, &d), JB_OK);
    assert_true(jb_import_is_raw(l.src));
    assert_int_equal(jb_import(l.src, &l.doc, &info, &d), JB_OK);
    check_round_trip(path, l.doc);
    jb_import_info_fini(&info);
    loaded_fini(&l);
}

static loaded
parse_str(const char *text)
{
    loaded l = {0};
    jb_diag d;

    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("t.md", text, strlen(text), NULL, &l.src, &d), JB_OK);
    if (jb_parse(l.src, &l.doc, &d) != JB_OK) {
        print_error("%d:%d: %s\n", d.line, d.col, d.message);
        fail();
    }
    return l;
}

static void
set(jb_text *t, const char *utf8, uint8_t mark)
{
    jb_text_fini(t);
    assert_int_equal(jb_text_push_utf8(t, utf8, strlen(utf8), 0, mark), 0);
}

static void
add(jb_text *t, const char *utf8, uint8_t mark)
{
    assert_int_equal(jb_text_push_utf8(t, utf8, strlen(utf8), 0, mark), 0);
}

static void
normalise_cb(jb_text *t, void *ud)
{
    jb_normalize_space(t, t == &((jb_doc *)ud)->items[0].byline);
}

/* ---- tests ---- */

static void
test_report_samples_round_trip(void **state)
{
    (void)state;
    assert_true(each_file(JB_TEST_ROOT "/samples/*.md", report_file) >= 5);
    report_file(JB_TEST_ROOT "/docs/example-with-foot.md");
    report_file(JB_TEST_ROOT "/samples/photos/huodong-photos.md"); /* photos in their places */
}

static void
test_report_raw_samples_round_trip_after_import(void **state)
{
    (void)state;
    assert_true(each_file(JB_TEST_ROOT "/samples/*.txt", raw_file) >= 5);
}

/* The 报尾 and the other fields the writer once left out. */
static void
test_report_writes_every_front_matter_field(void **state)
{
    loaded l = parse_str("---\n"
                         "title: 标题\n"
                         "masthead: 简报\n"
                         "issue: 第1期\n"
                         "unit: 某办编\n"
                         "date: 2023-07-19T10:00:00\n"
                         "byline: 张三  李四\n"
                         "source: 某网\n"
                         "category: 国内\n"
                         "distribution:\n"
                         "  发: 各单位\n"
                         "  送: [县委办, 县政府办]\n"
                         "  报: 市委\n"
                         "copies: 120\n"
                         "figures: off\n"
                         "---\n\n导语有**155个**。\n\n## 一、标题\n\n正文`2期`。\n");
    loaded back;
    (void)state;
    assert_int_equal(l.doc->figures_off, 1);
    write_and_parse(l.doc, &back);
    assert_true(same_doc(l.doc, back.doc));
    assert_non_null(strstr(back.text, "distribution:\n  报: 市委\n  送: 县委办、县政府办\n"
                                      "  发: 各单位\ncopies: 120\nfigures: off\n"));
    assert_non_null(strstr(back.text, "category: 国内\n"));
    assert_non_null(strstr(back.text, "date: 2023年7月19日\n"));
    assert_string_equal(back.doc->masthead.date_iso, "2023-07-19");
    loaded_fini(&back);
    loaded_fini(&l);
}

/* The front matter of text read back with libyaml: the value of key (top level, or under
 * distribution when row) into out. */
static int
yaml_value(const char *text, const char *key, char *out, size_t size)
{
    const char *end = strstr(text + 4, "\n---\n");
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_node_t *root;
    int found = 0;

    assert_non_null(end);
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, (const unsigned char *)text + 4, (size_t)(end + 1 - text - 4));
    if (!yaml_parser_load(&p, &doc)) {
        print_error("YAML: %s\n%s", p.problem, text);
        yaml_parser_delete(&p);
        return 0;
    }
    root = yaml_document_get_root_node(&doc);
    for (yaml_node_pair_t *it = root->data.mapping.pairs.start; it < root->data.mapping.pairs.top;
         it++) {
        yaml_node_t *k = yaml_document_get_node(&doc, it->key);
        yaml_node_t *v = yaml_document_get_node(&doc, it->value);
        if (strcmp((const char *)k->data.scalar.value, key) == 0 && v->type == YAML_SCALAR_NODE) {
            snprintf(out, size, "%s", (const char *)v->data.scalar.value);
            found = 1;
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return found;
}

/* Values YAML would misread written plainly come back exactly (before any normalising). */
static void
test_report_quotes_yaml_values(void **state)
{
    static const char *const values[] = {
        "标题: 副标题",
        "\"引号\"里",
        "# 井号",
        "  前导空格",
        "结尾冒号:",
        "a #注释",
        "-减号",
        "'单引号'",
        "反\\斜杠",
        "制表\t符",
        "null",
        "[列表]",
        "{映射}",
        "*星号",
        "&锚",
        "!标签",
        "%百分",
        "@at",
        "`反引号`",
        "?问",
        "|竖线",
        ">大于",
        "结尾空格 ",
        "零宽\xEF\xBB\xBF",
        "行\xE2\x80\xA8分",
        "下\xC2\x85行",
        "---",
        "...",
        "a: ",
        "中文：冒号",
    };
    char *text, got[256];
    jb_doc *doc = jb_doc_new();
    jb_diag d;
    (void)state;
    set(&doc->items[0].title, "标题", 0);
    set(&jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text, "导语。", 0);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        set(&doc->items[0].origin, values[i], 0);
        set(&doc->colophon.dist[JB_DIST_SONG], values[i], 0);
        jb_diag_init(&d);
        assert_int_equal(jb_report_write(doc, &text, &d), JB_OK);
        if (!yaml_value(text, "source", got, sizeof got) || strcmp(got, values[i]) != 0) {
            print_error("'%s' written as:\n%s", values[i], text);
            fail();
        }
        free(text);
    }
    /* and through parse, which trims and joins blanks */
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        loaded back;
        set(&doc->items[0].origin, values[i], 0);
        set(&doc->colophon.dist[JB_DIST_SONG], values[i], 0);
        write_and_parse(doc, &back);
        jb_normalize_space(&doc->items[0].origin, 0);
        jb_normalize_space(&doc->colophon.dist[JB_DIST_SONG], 0);
        assert_true(same_doc(doc, back.doc));
        loaded_fini(&back);
    }
    jb_doc_free(doc);
}

/* Paragraphs and heads with Markdown's special characters, forced figures and code spans in
 * awkward places: parse reads back the document as written, normalised as parse normalises. */
static void
test_report_escapes_markdown(void **state)
{
    static const char *const paras[] = {
        "1. 不是列表",
        "2) 也不是",
        "# 不是标题",
        "- 不是列表",
        "+ 加号",
        "> 不是引用",
        "* 星号",
        "=== 等号",
        "_下划线_",
        "***",
        "- - -",
        "~~~ 波浪",
        "```代码```",
        "[链接](url)",
        "[注]: /url",
        "<div>块</div>",
        "&amp; 实体",
        "&#x41;",
        "结尾反斜杠\\",
        "结尾井号 ##",
        "a*b*c_d_e",
        "**双星**",
        "    缩进",
        "|表|格|",
        "!\\[图]",
        "a\\\nb",
        "100. 项",
        "12345678901. 长",
        "\xE3\x80\x80全角空格开头",
    };
    jb_doc *doc, *want;
    loaded back;
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        doc = jb_doc_new();
        set(&doc->items[0].title, "# 标题 ##", 0);
        set(&doc->items[0].byline, "张三 李四", 0);
        for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++)
            set(&jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text, paras[i], 0);
        for (size_t i = 0; i < sizeof paras / sizeof paras[0]; i++) {
            jb_block *h = jb_item_add_block(&doc->items[0], JB_BLOCK_HEAD, 0);
            h->level = 1;
            set(&h->text, paras[i], 0);
            set(&jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text, "正文。", 0);
        }
        if (pass == 0) {
            write_and_parse(doc, &back);
            want = doc;
        } else { /* what parse gives is already normalised: the writer must reproduce it */
            jb_doc_each_text(doc, normalise_cb, doc);
            write_and_parse(doc, &back);
            want = doc;
        }
        jb_doc_each_text(want, normalise_cb, want);
        if (!same_doc(want, back.doc)) {
            print_error("written as:\n%s", back.text);
            fail();
        }
        loaded_fini(&back);
        jb_doc_free(doc);
    }
}

static void
test_report_places_forced_and_code_spans(void **state)
{
    /* {before, span, after, mark of span} */
    static const struct {
        const char *a, *s, *b;
        uint8_t mark;
    } cases[] = {
        {"共", "155个", "组织", JB_MARK_FORCED},
        {"共", "“五老”", "人", JB_MARK_FORCED},
        {"增长", "74.2%", "。", JB_MARK_FORCED},
        {"增长", "74.2%", "人", JB_MARK_FORCED},
        {"", "（一）", "开头", JB_MARK_FORCED},
        {"结尾", "（二）", "", JB_MARK_FORCED},
        {"a", "*b*", "c", JB_MARK_FORCED},
        {"x", " 空格 ", "y", JB_MARK_FORCED},
        {"《", "书名", "》", JB_MARK_FORCED},
        {"\xE2\x84\x96",
         "\xE2\x82\xAC"
         "5",
         "\xE2\x84\x96", JB_MARK_FORCED},
        {"进行", "2期", "学习", JB_MARK_NOFIG},
        {"代码", "a`b``c", "尾", JB_MARK_NOFIG},
        {"代码", "`开头", "尾", JB_MARK_NOFIG},
        {"", "``", "", JB_MARK_NOFIG},
        {"a", " x ", "b", JB_MARK_NOFIG},
        {"a", "   ", "b", JB_MARK_NOFIG},
        {"", "**不是强调**", "", JB_MARK_NOFIG},
        {"", "\\", "*", JB_MARK_NOFIG},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jb_doc *doc = jb_doc_new();
        jb_text *t;
        loaded back;
        set(&doc->items[0].title, "标题", 0);
        t = &jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text;
        add(t, cases[i].a, 0);
        add(t, cases[i].s, cases[i].mark | (cases[i].mark == JB_MARK_FORCED ? JB_MARK_FIGURE : 0));
        add(t, cases[i].b, 0);
        /* a forced span next to a code span */
        t = &jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0)->text;
        add(t, cases[i].s, cases[i].mark | (cases[i].mark == JB_MARK_FORCED ? JB_MARK_FIGURE : 0));
        add(t, "x",
            cases[i].mark == JB_MARK_FORCED ? JB_MARK_NOFIG : JB_MARK_FORCED | JB_MARK_FIGURE);
        write_and_parse(doc, &back);
        /* spaces at a span's edge are dropped or kept by parse's normalising, not by the writer */
        jb_doc_each_text(doc, normalise_cb, doc);
        if (!same_doc(doc, back.doc)) {
            print_error("case %zu written as:\n%s", i, back.text);
            fail();
        }
        loaded_fini(&back);
        jb_doc_free(doc);
    }
}

/* Output for a plain report is readable: nothing quoted or escaped that need not be. */
static void
test_report_writes_plain_text_plainly(void **state)
{
    loaded l = parse_str("---\ntitle: 江西资溪：“五重”做强做优品牌\nbyline: 元新东 卢而康\n---\n\n"
                         "关心下一代工作能否作为品牌打造？\n\n## 重阵地，关工组织遍地开花。\n\n"
                         "全县成立关工委组织达**155个**，增长74.2%。\n");
    loaded back;
    (void)state;
    write_and_parse(l.doc, &back);
    assert_string_equal(back.text,
                        "---\ntitle: 江西资溪：“五重”做强做优品牌\n"
                        "byline: 元新东 卢而康\n---\n\n关心下一代工作能否作为品牌打造？\n\n"
                        "## 重阵地，关工组织遍地开花。\n\n全县成立关工委组织达**155个**，"
                        "增长74.2%。\n");
    loaded_fini(&back);
    loaded_fini(&l);
}

/* Numbers in table cells are written as they read (no list could start inside a cell), and the
 * table reads back with the same cells. */
static void
test_report_writes_cell_numbers_unescaped(void **state)
{
    loaded l = parse_str("---\ntitle: 表\n---\n\n| 县 | 总量 | 增速 |\n| --- | ---: | ---: |\n"
                         "| 东城区 | 286.43 | -2.3% |\n| 1. | +5 | 3) |\n\n1\\. 不是列表\n");
    loaded back;
    (void)state;
    write_and_parse(l.doc, &back);
    assert_non_null(strstr(back.text, "| 东城区 | 286.43 | -2.3% |\n"));
    assert_non_null(strstr(back.text, "| 1. | +5 | 3) |\n"));
    assert_non_null(strstr(back.text, "\n1\\.")); /* a paragraph keeps its escape */
    assert_int_equal(back.doc->items[0].n_blocks, l.doc->items[0].n_blocks);
    loaded_fini(&back);
    loaded_fini(&l);
}

/* A body cell spanning rows is written once and ^^ below it; a table with no header row gets a
 * row of empty cells first; two header rows go as | lines; all read back as they were. */
static void
test_report_writes_row_spans_and_no_header(void **state)
{
    loaded l = parse_str("---\ntitle: 表\n---\n\n| 县 | 项目 | 总量 |\n| --- | --- | --- |\n"
                         "| 东城区 | 产值 | 1 |\n| ^^ | 收入 | 2 |\n| 西城区 | 产值 | 3 |\n\n"
                         "|  |  |\n| --- | --- |\n| 时间 | 5月 |\n| 地点 | 会议室 |\n\n"
                         "| 县 | 产值 |\n| 单位 | 亿元 |\n| --- | --- |\n| 东城区 | 1.5 |\n");
    loaded back;
    const jb_table *t;
    (void)state;
    t = &l.doc->items[0].blocks[0].table;
    assert_int_equal(t->rows[1].cells[0].rowspan, 2);
    assert_int_equal(t->rows[2].n_cells, 2);
    assert_false(l.doc->items[0].blocks[1].table.rows[0].header);
    write_and_parse(l.doc, &back);
    assert_non_null(strstr(back.text, "| 东城区 | 产值 | 1 |\n| ^^ | 收入 | 2 |\n"));
    assert_non_null(strstr(back.text, "\n|  |  |\n| --- | --- |\n| 时间 | 5月 |\n"));
    t = &back.doc->items[0].blocks[0].table;
    assert_int_equal(t->rows[1].cells[0].rowspan, 2);
    assert_int_equal(t->rows[2].n_cells, 2);
    t = &back.doc->items[0].blocks[1].table;
    assert_int_equal(t->n_rows, 2);
    assert_false(t->rows[0].header);
    /* two header rows without a merge: | lines, the delimiter row below both */
    t = &l.doc->items[0].blocks[2].table;
    assert_true(t->rows[0].header && t->rows[1].header && !t->rows[2].header);
    assert_non_null(
        strstr(back.text, "| 县 | 产值 |\n| 单位 | 亿元 |\n| --- | --- |\n| 东城区 | 1.5 |\n"));
    t = &back.doc->items[0].blocks[2].table;
    assert_true(t->rows[0].header && t->rows[1].header && !t->rows[2].header);
    loaded_fini(&back);
    loaded_fini(&l);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_samples_round_trip),
        cmocka_unit_test(test_report_raw_samples_round_trip_after_import),
        cmocka_unit_test(test_report_writes_every_front_matter_field),
        cmocka_unit_test(test_report_quotes_yaml_values),
        cmocka_unit_test(test_report_escapes_markdown),
        cmocka_unit_test(test_report_places_forced_and_code_spans),
        cmocka_unit_test(test_report_writes_plain_text_plainly),
        cmocka_unit_test(test_report_writes_cell_numbers_unescaped),
        cmocka_unit_test(test_report_writes_row_spans_and_no_header),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
