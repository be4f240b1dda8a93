/* Tests of doc: an issue of items made of blocks; the article view the one-page layout reads;
 * tables with spans; condensing keeps photos in place; every text is visited (and freed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"
#include "fixture.h"
#include "parse.h"
#include "report.h"
#include "source.h"
#include "utf8.h"

static jb_block *
add(jb_item *it, jb_block_kind kind, const char *text)
{
    jb_block *b = jb_item_add_block(it, kind, 7);
    assert_non_null(b);
    assert_int_equal(jb_text_push_utf8(&b->text, text, strlen(text), 7, 0), 0);
    if (kind == JB_BLOCK_HEAD)
        b->level = 1;
    return b;
}

static void
test_doc_is_an_issue_of_one_item(void **state)
{
    jb_doc *doc = jb_doc_new();
    (void)state;
    assert_non_null(doc);
    assert_int_equal(doc->n_items, 1);
    assert_int_equal(doc->items[0].n_blocks, 0);
    assert_int_equal(jb_doc_set_field(doc, "title", "标题"), 0);
    assert_int_equal(jb_doc_set_field(doc, "masthead", "工作简报"), 0);
    assert_int_equal(jb_doc_set_field(doc, "copies", "120"), 0);
    assert_int_equal(jb_doc_set_field(doc, "date", "2023-07-19"), 0);
    assert_true(jb_fixture_text_is(&doc->items[0].title, "标题"));
    assert_true(jb_fixture_text_is(&doc->masthead.name, "工作简报"));
    assert_true(jb_fixture_text_is(&doc->colophon.copies, "120"));
    assert_true(jb_fixture_text_is(&doc->masthead.date, "2023年7月19日"));
    assert_string_equal(doc->masthead.date_iso, "2023-07-19");
    assert_int_equal(jb_doc_set_field(doc, "nonsense", "x"), -1);
    jb_doc_free(doc);
}

static void
test_doc_article_view_of_blocks(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_item *it = &doc->items[0];
    int section;
    size_t para;
    (void)state;
    add(it, JB_BLOCK_PARA, "导语一。");
    add(it, JB_BLOCK_PARA, "导语二。");
    assert_non_null(jb_doc_add_photo(doc, "a.jpg", 3));
    add(it, JB_BLOCK_HEAD, "一是抓组织。");
    add(it, JB_BLOCK_PARA, "正文。");
    add(it, JB_BLOCK_HEAD, "二、基本情况");
    assert_non_null(jb_doc_add_photo(doc, "b.jpg", 9));
    add(it, JB_BLOCK_PARA, "甲。");
    add(it, JB_BLOCK_PARA, "乙。");
    assert_int_equal(jb_item_n_lead(it), 2);
    assert_true(jb_fixture_text_is(jb_item_lead(it, 1), "导语二。"));
    assert_null(jb_item_lead(it, 2));
    assert_int_equal(jb_item_n_sections(it), 2);
    assert_true(jb_fixture_text_is(&jb_item_head(it, 1)->text, "二、基本情况"));
    assert_int_equal(jb_item_n_paras(it, 0), 1);
    assert_int_equal(jb_item_n_paras(it, 1), 2);
    assert_true(jb_fixture_text_is(jb_item_para(it, 1, 1), "乙。"));
    assert_null(jb_item_para(it, 1, 2));
    assert_null(jb_item_head(it, 2));
    assert_int_equal(jb_doc_n_photos(doc), 2);
    assert_string_equal(jb_doc_photo(doc, 1)->ref, "b.jpg");
    jb_item_place(it, 6, &section, &para); /* b.jpg: section 1, before its first paragraph */
    assert_int_equal(section, 1);
    assert_int_equal(para, 0);
    jb_item_place(it, 2, &section, &para); /* a.jpg: after the lead's two paragraphs */
    assert_int_equal(section, -1);
    assert_int_equal(para, 2);
    jb_doc_drop_photo(doc, 0);
    assert_int_equal(jb_doc_n_photos(doc), 1);
    assert_int_equal(it->n_blocks, 8);
    assert_int_equal(it->blocks[2].kind, JB_BLOCK_HEAD);
    jb_doc_free(doc);
}

static void
test_doc_table_rows_cells_spans(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_block *b = jb_item_add_block(&doc->items[0], JB_BLOCK_TABLE, 0);
    jb_row *r;
    jb_cell *c;
    size_t texts = 0;
    (void)state;
    r = jb_table_add_row(&b->table, 1);
    assert_non_null(r);
    c = jb_table_add_cell(&b->table, r, 1, 2, 0); /* a header spanning two columns */
    assert_int_equal(jb_text_push_utf8(&c->text, "指标", strlen("指标"), 0, 0), 0);
    c = jb_table_add_cell(&b->table, r, 0, 0, 0);
    assert_int_equal(c->rowspan, 1);
    assert_int_equal(c->colspan, 1);
    r = jb_table_add_row(&b->table, 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            jb_text_push_utf8(&jb_table_add_cell(&b->table, r, 1, 1, 0)->text, "12", 2, 0, 0), 0);
    assert_int_equal(b->table.n_rows, 2);
    assert_int_equal(b->table.n_cols, 3);
    assert_true(b->table.rows[0].header);
    assert_false(b->table.rows[1].header);
    for (size_t k = 0; k < b->table.n_rows; k++)
        texts += b->table.rows[k].n_cells;
    assert_int_equal(texts, 5);
    jb_doc_free(doc); /* the cells' texts freed too (valgrind, ASan) */
}

/* Cell (r, k)'s text is want. */
static void
cell_is(const jb_table *t, size_t r, size_t k, const char *want)
{
    char got[64];
    size_t n = 0;
    assert_true(r < t->n_rows && k < t->rows[r].n_cells);
    for (size_t i = 0; i < t->rows[r].cells[k].text.n && n + 4 < sizeof got; i++)
        n += jb_utf8_encode(t->rows[r].cells[k].text.cps[i], got + n);
    got[n] = '\0';
    assert_string_equal(got, want);
}

/* ^^ joins a body cell to the one above (once per row, so a cell spans three rows), not in a
 * header row, not under a cell that starts in another column; a first row of empty cells is no
 * header. */
static void
test_doc_table_rowspan_mark_and_no_header(void **state)
{
    static const char tsv[] = "\t\t\n东城区\t产值\t1\n^^\t收入\t2\n^^\t^^\t3\n西城区\t^^\t4\n";
    static const char hdr[] = "^^\t项目\n甲\t1\n";
    jb_doc *doc = jb_doc_new();
    jb_block *b = jb_item_add_block(&doc->items[0], JB_BLOCK_TABLE, 0);
    jb_block *c = jb_item_add_block(&doc->items[0], JB_BLOCK_TABLE, 0);
    jb_table t, h;
    (void)state;
    b = &doc->items[0].blocks[0];
    assert_int_equal(jb_table_read_delimited(&b->table, tsv, strlen(tsv), 0, '\t'), 0);
    t = b->table;
    assert_int_equal(t.n_rows, 4); /* the empty header row dropped */
    assert_false(t.rows[0].header);
    assert_int_equal(t.n_cols, 3);
    cell_is(&t, 0, 0, "东城区");
    assert_int_equal(t.rows[0].cells[0].rowspan, 3);
    assert_int_equal(t.rows[1].n_cells, 2); /* 收入 2 */
    cell_is(&t, 1, 0, "收入");
    assert_int_equal(t.rows[2].n_cells, 1); /* only 3 */
    cell_is(&t, 2, 0, "3");
    assert_int_equal(t.rows[3].n_cells, 2); /* 收入 ends right above: it spans on */
    assert_int_equal(t.rows[1].cells[0].rowspan, 3);
    cell_is(&t, 3, 1, "4");
    assert_int_equal(jb_table_read_delimited(&c->table, hdr, strlen(hdr), 0, '\t'), 0);
    h = c->table;
    assert_int_equal(h.rows[0].n_cells, 2); /* in the header ^^ is text */
    cell_is(&h, 0, 0, "^^");
    jb_doc_free(doc);
}

static void
count_cb(jb_text *t, void *ud)
{
    *(size_t *)ud += t->n;
}

static void
test_doc_each_text_reaches_every_block(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_block *b;
    size_t n = 0;
    (void)state;
    add(&doc->items[0], JB_BLOCK_PARA, "ab");
    b = add(&doc->items[0], JB_BLOCK_SIGNATURE, "cde");
    assert_int_equal(jb_text_push_utf8(&b->aux, "fg", 2, 0, 0), 0);
    b = jb_item_add_block(&doc->items[0], JB_BLOCK_TABLE, 0);
    jb_text_push_utf8(&jb_table_add_cell(&b->table, jb_table_add_row(&b->table, 0), 1, 1, 0)->text,
                      "h", 1, 0, 0);
    jb_text_push_utf8(&jb_doc_add_photo(doc, "p.png", 0)->caption, "ij", 2, 0, 0);
    jb_text_push_utf8(&doc->editor_note, "k", 1, 0, 0);
    jb_doc_each_text(doc, count_cb, &n);
    assert_int_equal(n, 11);
    jb_doc_free(doc);
}

/* The front-matter table: every field --meta takes is set by jb_doc_set_field, written back by
 * the report writer under its key, in the table's order, and read again by the parser. */
static void
test_doc_fields_table_drives_set_write_and_parse(void **state)
{
    jb_doc *doc = jb_doc_new(), *back;
    jb_source *src;
    jb_diag d;
    char *text;
    const char *prev = NULL;
    (void)state;
    assert_true(jb_n_fields >= 11 && jb_n_fields <= JB_FIELDS_MAX);
    for (size_t i = 0; i < jb_n_fields; i++) {
        const jb_field *f = &jb_fields[i];
        char v[64];
        assert_ptr_equal(jb_field_find(f->key), f);
        if (!f->meta) {
            assert_int_equal(jb_doc_set_field(doc, f->key, "x"), -1);
            continue;
        }
        snprintf(v, sizeof v, f->kind == JB_FIELD_DATE ? "2023-07-19" : "值%zu", i);
        assert_int_equal(jb_doc_set_field(doc, f->key, v), 0);
    }
    jb_item_add_block(&doc->items[0], JB_BLOCK_PARA, 0);
    jb_text_push_utf8(&doc->items[0].blocks[0].text, "导语。", strlen("导语。"), 0, 0);
    jb_diag_init(&d);
    assert_int_equal(jb_report_write(doc, &text, &d), JB_OK);
    for (size_t i = 0; i < jb_n_fields; i++) { /* each where the table puts it */
        char line[80];
        const char *at;
        if (!jb_fields[i].meta)
            continue;
        snprintf(line, sizeof line, "\n%s: ", jb_fields[i].key);
        at = strstr(text, line);
        assert_non_null(at);
        assert_true(prev == NULL || at > prev);
        prev = at;
    }
    assert_int_equal(jb_source_from_memory("r.md", text, strlen(text), NULL, &src, &d), JB_OK);
    assert_int_equal(jb_parse(src, &back, &d), JB_OK);
    for (size_t i = 0; i < jb_n_fields; i++)
        if (jb_fields[i].kind == JB_FIELD_TEXT && jb_fields[i].meta) {
            char v[64];
            snprintf(v, sizeof v, "值%zu", i);
            assert_true(jb_fixture_text_is(jb_field_text(back, &jb_fields[i]), v));
        }
    assert_string_equal(back->masthead.date_iso, "2023-07-19");
    jb_doc_free(back);
    jb_source_free(src);
    free(text);
    jb_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_is_an_issue_of_one_item),
        cmocka_unit_test(test_doc_article_view_of_blocks),
        cmocka_unit_test(test_doc_table_rows_cells_spans),
        cmocka_unit_test(test_doc_table_rowspan_mark_and_no_header),
        cmocka_unit_test(test_doc_each_text_reaches_every_block),
        cmocka_unit_test(test_doc_fields_table_drives_set_write_and_parse),
    };
    return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
