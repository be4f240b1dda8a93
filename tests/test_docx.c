/* Tests of docx: the committed fixtures of LibreOffice and pandoc (title, byline, heads with
 * Word's numbering, text box, table, tracked changes, what is left out), the sample as .docx
 * against the Markdown file, numbering formats and counters on documents built here, fields,
 * and each hostile file refused with the limit named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include <zip.h>

#include "docx.h"
#include "normalize.h"
#include "parse.h"

#define DOCX JB_TEST_DATA "/docx/"

static const char W_NS[] =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/* Table number i of item it is two rows of two cells: a, b (the header row when head) and c, d. */
static int
table_is(const jb_item *it, size_t i, int head, const char *a, const char *b, const char *c,
         const char *d)
{
    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_table *t = &it->blocks[k].table;
        if (it->blocks[k].kind != JB_BLOCK_TABLE || i-- > 0)
            continue;
        return t->n_rows == 2 && t->rows[0].header == head && !t->rows[1].header &&
               t->rows[0].n_cells == 2 && t->rows[1].n_cells == 2 &&
               jb_fixture_text_is(&t->rows[0].cells[0].text, a) &&
               jb_fixture_text_is(&t->rows[0].cells[1].text, b) &&
               jb_fixture_text_is(&t->rows[1].cells[0].text, c) &&
               jb_fixture_text_is(&t->rows[1].cells[1].text, d);
    }
    return 0;
}

static int
text_has(const jb_text *t, const char *utf8)
{
    char *s = jb_text_to_utf8(t);
    int has = s && strstr(s, utf8) != NULL;
    free(s);
    return has;
}

typedef struct {
    jb_source *src;
    jb_doc *doc;
    int imported;
    jb_import_info imp;
    jb_docx_info info;
    jb_diag d;
    jb_status st;
} result;

static void
result_fini(result *r)
{
    jb_source_free(r->src);
    jb_doc_free(r->doc);
    jb_import_info_fini(&r->imp);
    jb_docx_info_fini(&r->info);
}

static void
read_file(const char *path, result *r)
{
    memset(r, 0, sizeof *r);
    jb_diag_init(&r->d);
    r->st = jb_word_read(path, NULL, 0, 0, JB_CONVERT_DEFAULT, &r->src, &r->doc, &r->imported,
                         &r->imp, &r->info, &r->d);
    if (r->st == JB_OK)
        assert_int_equal(jb_normalize_doc(r->doc), 0);
}

static void
read_mem(const char *bytes, size_t len, result *r)
{
    memset(r, 0, sizeof *r);
    jb_diag_init(&r->d);
    r->st = jb_docx_read("t.docx", bytes, len, 0, &r->src, &r->doc, &r->imported, &r->imp, &r->info,
                         &r->d);
}

/* A .docx in memory (caller frees) with the parts given as name, text pairs (NULL-ended). */
static char *
make_docx(size_t *len, ...)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    va_list ap;
    const char *name;
    char *out;
    zip_stat_t st;

    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    va_start(ap, len);
    while ((name = va_arg(ap, const char *)) != NULL) {
        const char *text = va_arg(ap, const char *);
        zip_source_t *s = zip_source_buffer(za, text, strlen(text), 0);
        assert_true(zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    va_end(ap);
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_stat(src, &st), 0);
    *len = (size_t)st.size;
    out = malloc(*len);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_read(src, out, *len), (zip_int64_t)*len);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

/* document.xml around the body xml. */
static char *
document(const char *body)
{
    size_t n = strlen(body) + 300;
    char *s = malloc(n);
    snprintf(s, n, "<?xml version=\"1.0\"?><w:document %s><w:body>%s</w:body></w:document>", W_NS,
             body);
    return s;
}

/* The source text as read (one paragraph a line) holds line exactly. */
static int
has_line(const jb_source *src, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = src->text; (p = strstr(p, line)) != NULL; p++)
        if ((p == src->text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    print_error("no line '%s' in:\n%s\n", line, src->text);
    return 0;
}

static void
test_docx_libreoffice_fixture(void **state)
{
    result r;
    const jb_doc *doc;
    (void)state;
    read_file(DOCX "lo-features.docx", &r);
    if (r.st != JB_OK)
        print_error("%s\n", r.d.message);
    assert_int_equal(r.st, JB_OK);
    doc = r.doc;
    assert_true(r.info.structured);
    assert_false(r.imported);
    /* a centred 22 pt paragraph without a style is the title; the centred names the byline */
    assert_true(jb_fixture_text_is(&doc->items[0].title, "青山县推进基层治理工作综述"));
    assert_true(jb_fixture_text_is(&doc->items[0].byline, "张三 李四"));
    assert_true(
        jb_fixture_text_is(&doc->masthead.name, "工作简报")); /* a custom document property */
    assert_int_equal(jb_item_n_lead(&doc->items[0]), 1);
    /* the insertion accepted, the deletion, comment and footnote mark left out */
    assert_true(
        jb_fixture_text_is(jb_item_lead(&doc->items[0], 0),
                           "今年以来，青山县坚持党建引领，扎实推进基层治理，成效明显。全县建成网格"
                           "136个。"));
    /* Heading 1/2 with LibreOffice's automatic numbering: counters and restarts */
    assert_int_equal(jb_item_n_sections(&doc->items[0]), 4);
    assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], 0)->text, "一、基本情况"));
    /* a bold run opening a paragraph under a heading: its lead phrase, not a section */
    assert_true(
        jb_fixture_text_is(jb_item_para(&doc->items[0], 0, 0),
                           "建强组织，夯实基础。全县新建村级党组织12个，选派驻村干部86名。"));
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(jb_item_para(&doc->items[0], 0, 0)->marks[i] & JB_MARK_HEAD,
                         i < 10 ? JB_MARK_HEAD : 0);
    /* the text box right after the paragraph it is anchored in */
    assert_true(jb_fixture_text_is(jb_item_para(&doc->items[0], 0, 1), "县里还编印了工作手册。"));
    assert_true(
        jb_fixture_text_is(jb_item_para(&doc->items[0], 0, 2), "文本框：群众满意度达到98.5%。"));
    assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], 1)->text, "（一）主要做法"));
    assert_int_equal(jb_item_n_paras(&doc->items[0], 1), 4);
    assert_true(jb_fixture_text_is(jb_item_para(&doc->items[0], 1, 0), "1.划分网格，明确责任。"));
    assert_true(jb_fixture_text_is(jb_item_para(&doc->items[0], 1, 1), "（1）每格配一名网格员。"));
    assert_true(jb_fixture_text_is(jb_item_para(&doc->items[0], 1, 2), "（2）每月走访一次。"));
    assert_true(jb_fixture_text_is(jb_item_para(&doc->items[0], 1, 3), "2.化解纠纷，维护稳定。"));
    assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], 2)->text, "（二）工作成效"));
    /* the table: a table block of its rows, not paragraphs; no row marked a header (tblHeader)
     * nor bold, so no header row */
    assert_true(table_is(&doc->items[0], 0, 0, "项目", "数量", "化解纠纷", "215起"));
    assert_true(jb_fixture_text_is(&jb_item_head(&doc->items[0], 3)->text, "二、下步打算"));
    for (size_t s = 0; s < jb_item_n_sections(&doc->items[0]); s++)
        for (size_t p = 0; p < jb_item_n_paras(&doc->items[0], s); p++)
            assert_false(text_has(jb_item_para(&doc->items[0], s, p), "删去"));
    assert_int_equal(r.info.comments, 1);
    assert_int_equal(r.info.footnotes, 1);
    assert_int_equal(r.info.headers, 2); /* the header and the footer with its page field */
    assert_int_equal(r.info.text_boxes, 1);
    assert_int_equal(r.info.tables, 1);
    assert_true(r.info.deletions >= 1);
    assert_int_equal(r.info.n_images, 1);
    assert_string_equal(r.info.images[0].name, "word/media/image1.png");
    assert_int_equal(r.info.images[0].bytes, 74);
    assert_true(r.info.images[0].w_cm > 3.9 && r.info.images[0].w_cm < 4.1);
    result_fini(&r);
}

static void
test_docx_pandoc_fixture(void **state)
{
    result r;
    char line[1024];
    (void)state;
    read_file(DOCX "pandoc-features.docx", &r);
    assert_int_equal(r.st, JB_OK);
    assert_true(
        jb_fixture_text_is(&r.doc->items[0].title, "青山镇乡村振兴工作情况")); /* the Title style */
    assert_true(jb_fixture_text_is(&r.doc->items[0].byline, "王五 赵六")); /* the Author style */
    assert_true(jb_fixture_text_is(
        jb_item_lead(&r.doc->items[0], 0),
        "今年以来，青山镇扎实推进乡村振兴，全镇农民人均收入达到2.36万元。这个数字"));
    assert_true(jb_fixture_text_is(&jb_item_head(&r.doc->items[0], 0)->text, "聚焦产业发展"));
    /* a bold lead under a heading: the paragraph's lead phrase */
    assert_true(jb_fixture_text_is(jb_item_para(&r.doc->items[0], 0, 1), "1.茶叶产业链延伸。"));
    assert_true(jb_fixture_text_is(jb_item_para(&r.doc->items[0], 0, 2), "2.油茶林提质增效。"));
    assert_int_equal(jb_item_para(&r.doc->items[0], 0, 0)->marks[0] & JB_MARK_HEAD, JB_MARK_HEAD);
    assert_true(table_is(&r.doc->items[0], 0, 1, "指标", "数值", "卫生厕所普及率", "97.5%"));
    assert_int_equal(r.info.comments, 2);
    assert_int_equal(r.info.footnotes, 1);
    assert_int_equal(r.info.n_images, 1);
    assert_true(r.info.images[0].h_cm > 1.9 && r.info.images[0].h_cm < 2.1);
    jb_docx_describe(&r.info, line, sizeof line);
    /* the picture stands in the report text as a photo: placed, not left out */
    assert_non_null(
        strstr(line, "1 photo placed where it stands; left out: 2 comments, 1 footnote"));
    assert_true(r.info.images[0].placed);
    assert_int_equal(jb_doc_n_photos(r.doc), 1);
    assert_string_equal((*jb_doc_photo(r.doc, 0)).ref, r.info.images[0].name);
    result_fini(&r);
}

/* The sample as .docx gives the Markdown file's document, field by field and text by text. */
static void
check_same_as_markdown(const char *docx)
{
    result r;
    jb_source *src;
    jb_doc *md;
    jb_diag d;
    jb_diag_init(&d);
    assert_int_equal(jb_source_load(JB_TEST_ROOT "/samples/zixi-wuzhong.md", NULL, &src, &d),
                     JB_OK);
    assert_int_equal(jb_parse(src, &md, &d), JB_OK);
    assert_int_equal(jb_normalize_doc(md), 0);
    read_file(docx, &r);
    assert_int_equal(r.st, JB_OK);
    {
        jb_text *a[] = {&md->items[0].title, &md->items[0].byline, &md->items[0].origin,
                        &md->masthead.name,  &md->masthead.issue,  &md->masthead.unit,
                        &md->masthead.date};
        jb_text *b[] = {&r.doc->items[0].title, &r.doc->items[0].byline, &r.doc->items[0].origin,
                        &r.doc->masthead.name,  &r.doc->masthead.issue,  &r.doc->masthead.unit,
                        &r.doc->masthead.date};
        for (size_t k = 0; k < sizeof a / sizeof a[0]; k++) {
            char *s = jb_text_to_utf8(a[k]);
            assert_true(jb_fixture_text_is(b[k], s));
            free(s);
        }
    }
    assert_int_equal(jb_item_n_lead(&r.doc->items[0]), jb_item_n_lead(&md->items[0]));
    assert_int_equal(jb_item_n_sections(&r.doc->items[0]), jb_item_n_sections(&md->items[0]));
    for (size_t s = 0; s < jb_item_n_sections(&md->items[0]); s++) {
        char *h = jb_text_to_utf8(&jb_item_head(&md->items[0], s)->text);
        assert_true(jb_fixture_text_is(&jb_item_head(&r.doc->items[0], s)->text, h));
        free(h);
        assert_int_equal(jb_item_n_paras(&r.doc->items[0], s), jb_item_n_paras(&md->items[0], s));
        for (size_t p = 0; p < jb_item_n_paras(&md->items[0], s); p++) {
            char *t = jb_text_to_utf8(jb_item_para(&md->items[0], s, p));
            assert_true(jb_fixture_text_is(jb_item_para(&r.doc->items[0], s, p), t));
            free(t);
        }
    }
    result_fini(&r);
    jb_doc_free(md);
    jb_source_free(src);
}

static void
test_docx_sample_as_markdown(void **state)
{
    (void)state;
    check_same_as_markdown(DOCX "pandoc-sample.docx");
    check_same_as_markdown(DOCX "lo-sample.docx"); /* saved again by LibreOffice */
}

/* No styles: the paragraphs go to import as an article, a bold lead as **…** (RULES.md §7). */
static void
test_docx_article_through_import(void **state)
{
    result r;
    (void)state;
    read_file(DOCX "pandoc-article.docx", &r);
    assert_int_equal(r.st, JB_OK);
    assert_false(r.info.structured);
    assert_true(r.imported);
    assert_true(jb_fixture_text_is(&r.doc->items[0].title, "青山镇以“四个聚焦”推动乡村全面振兴"));
    assert_true(jb_fixture_text_is(&r.doc->items[0].byline,
                                   "记者 张喆 李堃")); /* the role kept, names apart */
    assert_int_equal(jb_item_n_sections(&r.doc->items[0]), 4);
    assert_true(jb_fixture_text_is(&jb_item_head(&r.doc->items[0], 0)->text,
                                   "聚焦产业发展，做强特色农业。"));
    assert_true(r.imp.n_dropped > 0); /* the menu and the site's tail */
    result_fini(&r);
}

/* Word tables: a first row all bold is the header row; one neither bold nor marked tblHeader
 * (a 会议纪要 form) has none; a body cell merged down (vMerge) is one cell spanning rows, a header
 * cell merged down makes a second header row; two tblHeader rows without a merge stay both. */
static const char MERGED_TABLES[] =
    "<w:p><w:r><w:t>青川县上半年经济运行情况通报</w:t></w:r></w:p>"
    "<w:p><w:r>"
    "<w:t>今年以来，全县上下坚持稳中求进工作总基调，经济运行总体平稳、"
    "稳中向好，各项主要指标完成情况如下表所示。</w:t>"
    "</w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr>"
    "<w:t>县</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:b/>"
    "</w:rPr><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
    "<w:rPr><w:b/></w:rPr><w:t>总量</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
    "<w:p><w:r><w:t>东城区</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
    "<w:t>产值</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
    "<w:t>286.43</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>"
    "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>收入</w:t></w:r>"
    "</w:p></w:tc><w:tc><w:p><w:r><w:t>21.57</w:t></w:r></w:p>"
    "</w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>西城区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>产值</w:t></w:r></w:p></w:tc><w:tc><w:p>"
    "<w:r><w:t>241.09</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>县政府常务会议于五月召开，研究部署下半年重点工作，"
    "会议有关情况如下表所示。</w:t>"
    "</w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>时间</w:t></w:r></w:p>"
    "</w:tc><w:tc><w:p><w:r><w:t>2026年5月</w:t></w:r></w:p></w:tc>"
    "</w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>地点</w:t></w:r></w:p></w:tc><w:tc>"
    "<w:p><w:r><w:t>县政府会议室</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl>"
    "<w:p><w:r><w:t>分项指标的增长情况见下表，其中产值按不变价格计算，其余按现价计算。</w:t></w:r>"
    "</w:p>"
    "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/>"
    "</w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>县</w:t></w:r>"
    "</w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/>"
    "</w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>产值</w:t></w:r>"
    "</w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>"
    "</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>总量</w:t></w:r>"
    "</w:p></w:tc><w:tc><w:p><w:r><w:t>增速</w:t></w:r></w:p>"
    "</w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>东城区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>286.43</w:t></w:r></w:p></w:tc><w:tc>"
    "<w:p><w:r><w:t>6.8%</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>西城区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>241.09</w:t></w:r></w:p></w:tc><w:tc>"
    "<w:p><w:r><w:t>5.9%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:t>各县产值如下表所示，表头两行分别为指标与计量单位。</w:t></w:r></w:p>"
    "<w:tbl>"
    "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
    "<w:tc><w:p><w:r><w:t>县</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>产值</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
    "<w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>亿元</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr>"
    "<w:tc><w:p><w:r><w:t>东城区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>286.43</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr>"
    "<w:tc><w:p><w:r><w:t>西城区</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>241.09</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl>"
    "<w:p><w:r>"
    "<w:t>以上情况，特此通报。各乡镇要对照年度目标，盯紧重点项目，"
    "确保全年目标任务圆满完成。</w:t></w:r>"
    "</w:p>";

static void
test_docx_table_header_rows_and_row_spans(void **state)
{
    size_t len;
    char *doc = document(MERGED_TABLES);
    char *z = make_docx(&len, "word/document.xml", doc, NULL);
    const jb_table *t[4] = {NULL, NULL, NULL, NULL};
    size_t n = 0;
    result r;
    (void)state;
    read_mem(z, len, &r);
    assert_int_equal(r.st, JB_OK);
    for (size_t k = 0; k < r.doc->items[0].n_blocks && n < 4; k++)
        if (r.doc->items[0].blocks[k].kind == JB_BLOCK_TABLE)
            t[n++] = &r.doc->items[0].blocks[k].table;
    if (n != 4)
        print_error("%s\n", r.src ? r.src->text : "(none)");
    assert_int_equal(n, 4);
    assert_int_equal(t[0]->n_rows, 4);
    assert_true(t[0]->rows[0].header);
    assert_false(t[0]->rows[1].header);
    assert_true(jb_fixture_text_is(&t[0]->rows[1].cells[0].text, "东城区"));
    assert_int_equal(t[0]->rows[1].cells[0].rowspan, 2);
    assert_int_equal(t[0]->rows[2].n_cells, 2); /* 收入, 21.57: none left empty */
    assert_true(jb_fixture_text_is(&t[0]->rows[2].cells[0].text, "收入"));
    assert_int_equal(t[1]->n_rows, 2);
    assert_false(t[1]->rows[0].header);
    assert_true(jb_fixture_text_is(&t[1]->rows[0].cells[0].text, "时间"));
    /* a header cell merged down (the bold first row) makes a second header row, no ^^ */
    assert_true(t[2]->rows[0].header && t[2]->rows[1].header && !t[2]->rows[2].header);
    assert_int_equal(t[2]->rows[0].cells[0].rowspan, 2);
    assert_int_equal(t[2]->rows[0].cells[1].colspan, 2);
    assert_true(jb_fixture_text_is(&t[2]->rows[1].cells[0].text, "总量"));
    /* two tblHeader rows without a merge: both header rows */
    assert_true(t[3]->rows[0].header && t[3]->rows[1].header && !t[3]->rows[2].header);
    assert_int_equal(t[3]->n_rows, 4);
    assert_true(jb_fixture_text_is(&t[3]->rows[1].cells[1].text, "亿元"));
    assert_true(jb_fixture_text_is(&t[3]->rows[2].cells[1].text, "286.43"));
    result_fini(&r);
    free(z);
    free(doc);
}

static const char NUMBERING[] =
    "<?xml version=\"1.0\"?><w:numbering "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"%1、\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"（%2）\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%3.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlRestart w:val=\"0\"/><w:lvlText w:val=\"（%4）\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"ideographTraditional\"/>"
    "<w:lvlText w:val=\"%1、\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalEnclosedCircle\"/>"
    "<w:lvlText w:val=\"%2\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
    "<w:lvlText w:val=\"%1.%3\"/><w:isLgl/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"11\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "</w:numbering>";

/* A numbered paragraph of list num at level lvl. */
#define NP(num, lvl, text)                                                                         \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #num                      \
    "\"/></w:numPr></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static void
test_docx_numbering_counters_restarts_formats(void **state)
{
    size_t len;
    char *doc = document("<w:p><w:r><w:t>标题在这里</w:t></w:r></w:p>" /* */
                         NP(1, 0, "甲") NP(1, 1, "乙") NP(1, 1, "丙") NP(1, 2, "丁") NP(1, 3, "戊")
                             NP(1, 2, "己") NP(1, 3, "庚") NP(1, 0, "辛") NP(1, 1, "壬")
                                 NP(1, 3, "癸") NP(2, 0, "子") NP(3, 0, "丑") NP(3, 1, "寅")
                                     NP(3, 1, "卯") NP(3, 2, "辰"));
    char *z = make_docx(&len, "word/document.xml", doc, "word/numbering.xml", NUMBERING, NULL);
    result r;
    (void)state;
    read_mem(z, len, &r);
    assert_non_null(r.src); /* the text read, whatever import then makes of it */
    assert_int_equal(r.info.numbered, 15);
    assert_true(has_line(r.src, "一、甲"));
    assert_true(has_line(r.src, "（一）乙"));
    assert_true(has_line(r.src, "（二）丙"));
    assert_true(has_line(r.src, "1.丁"));
    assert_true(has_line(r.src, "（1）戊"));
    assert_true(has_line(r.src, "2.己"));
    assert_true(has_line(r.src, "（2）庚")); /* lvlRestart 0: level 4 never restarts */
    assert_true(has_line(r.src, "二、辛"));
    assert_true(has_line(r.src, "（一）壬")); /* restarted under a new 二、 */
    assert_true(has_line(r.src, "（3）癸"));
    assert_true(has_line(r.src, "十一、子")); /* another list of the same kind, from 11 */
    assert_true(has_line(r.src, "甲、丑"));
    assert_true(has_line(r.src, "①寅"));
    assert_true(has_line(r.src, "②卯"));
    assert_true(has_line(r.src, "1.I辰")); /* isLgl: the levels above in decimal */
    result_fini(&r);
    free(z);
    free(doc);
}

/* Fields: a page number and a TOC left out (and named), a hyperlink's text kept; soft breaks and
 * tabs read as blanks; hidden text left out. */
static void
test_docx_fields_breaks_hidden(void **state)
{
    size_t len;
    char *doc = document(
        "<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar "
        "w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar "
        "w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r></w:p>"
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>HYPERLINK "
        "\"http://x\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        "<w:r><w:t>链接文字</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        "<w:p><w:fldSimple w:instr=\"TOC \\o\"><w:r><w:t>目录一</w:t></w:r></w:fldSimple></w:p>"
        "<w:p><w:r><w:t>ab</w:t><w:br/><w:t>cd</w:t><w:tab/><w:t>ef</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>藏起来</w:t></w:r></w:p>");
    char *z = make_docx(&len, "word/document.xml", doc, NULL);
    result r;
    (void)state;
    read_mem(z, len, &r);
    assert_non_null(r.src);
    assert_true(has_line(r.src, "第页"));
    assert_true(has_line(r.src, "链接文字"));
    assert_true(has_line(r.src, "ab cd ef"));
    assert_null(strstr(r.src->text, "目录一"));
    assert_null(strstr(r.src->text, "藏起来"));
    assert_int_equal(r.info.fields, 2);
    assert_string_equal(r.info.field_names, "PAGE, TOC");
    assert_int_equal(r.info.hidden, 1);
    result_fini(&r);
    free(z);
    free(doc);
}

static void
expect_refused(const char *file, const char *needle)
{
    result r;
    char path[512];
    snprintf(path, sizeof path, DOCX "hostile/%s", file);
    read_file(path, &r);
    assert_int_equal(r.st, JB_ERR_INPUT);
    if (!strstr(r.d.message, needle))
        print_error("%s: '%s' lacks '%s'\n", file, r.d.message, needle);
    assert_non_null(strstr(r.d.message, needle));
    assert_null(r.doc);
    result_fini(&r);
}

static void
test_docx_hostile_files(void **state)
{
    (void)state;
    expect_refused("truncated.docx", "damaged or truncated");
    expect_refused("corrupt.docx", "CRC");
    expect_refused("encrypted.docx", "encrypted");
    expect_refused("bomb-size.docx", "limit of 16 MiB a part");
    expect_refused("bomb-ratio.docx", "over the limit of 100:1");
    expect_refused("entities.docx", "document type declaration");
    expect_refused("external-entity.docx", "document type declaration");
    expect_refused("bad-xml.docx", "word/document.xml line 1");
    expect_refused("not-word.docx", "no word/document.xml");
}

static void
test_docx_size_limit_before_reading(void **state)
{
    result r;
    (void)state;
    /* the length alone refuses it: the bytes are never looked at */
    read_mem("PK\3\4", JB_DOCX_MAX_FILE + 1, &r);
    assert_int_equal(r.st, JB_ERR_INPUT);
    assert_non_null(strstr(r.d.message, "limit of 20 MiB"));
    result_fini(&r);
}

static void
test_docx_sniff(void **state)
{
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    (void)state;
    assert_int_equal(jb_word_sniff("a.txt", (const unsigned char *)"PK\3\4x", 5), JB_WORD_DOCX);
    assert_int_equal(jb_word_sniff("a.txt", ole, 8), JB_WORD_OLE);
    assert_int_equal(jb_word_sniff("a.docx", (const unsigned char *)"hello", 5), JB_WORD_NAMED);
    assert_int_equal(jb_word_sniff("a.md", (const unsigned char *)"---\n", 4), JB_WORD_NONE);
    assert_int_equal(jb_word_sniff(NULL, (const unsigned char *)"PK", 2), JB_WORD_NONE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_libreoffice_fixture),
        cmocka_unit_test(test_docx_table_header_rows_and_row_spans),
        cmocka_unit_test(test_docx_pandoc_fixture),
        cmocka_unit_test(test_docx_sample_as_markdown),
        cmocka_unit_test(test_docx_article_through_import),
        cmocka_unit_test(test_docx_numbering_counters_restarts_formats),
        cmocka_unit_test(test_docx_fields_breaks_hidden),
        cmocka_unit_test(test_docx_hostile_files),
        cmocka_unit_test(test_docx_size_limit_before_reading),
        cmocka_unit_test(test_docx_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
