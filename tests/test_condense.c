/* Tests of condense.c: the ranking, the body shown without the first k, the way back, the
 * photo's （图略） mark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "condense.h"
#include "fixture.h"

/* Appends a block of kind with text; each character at the source offset of its index + base. */
static jb_block *
add(jb_item *it, jb_block_kind kind, const char *text, uint32_t base)
{
    jb_block *b = jb_item_add_block(it, kind, base);
    assert_non_null(b);
    assert_int_equal(jb_text_push_utf8(&b->text, text, strlen(text), base, 0), 0);
    if (kind == JB_BLOCK_HEAD)
        b->level = 1;
    return b;
}

static void
figure(jb_text *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        t->marks[i] |= JB_MARK_FIGURE;
}

/* All candidates out: the old rule's result (the lead whole, figures and a figureless
 * section's first sentence kept, emptied paragraphs out, photos in place). */
static void
test_condense_all_is_the_old_rule(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_item *it = &doc->items[0];
    uint32_t offs[8];
    jb_condense *c;
    (void)state;
    add(it, JB_BLOCK_PARA, "导语一。导语二。", 0);
    add(it, JB_BLOCK_HEAD, "一是抓组织。", 100);
    add(it, JB_BLOCK_PARA, "没有数字。", 200); /* left out whole: no figure in it */
    jb_doc_add_photo(doc, "a.jpg", 0);
    figure(&add(it, JB_BLOCK_PARA, "共5个。其余。", 300)->text, 1, 3);
    assert_non_null(c = jb_condense_new(doc));
    assert_int_equal(jb_condense_n(c), 2);
    assert_int_equal(jb_condense_apply(c, 99, offs, 8), 2);
    assert_true(doc->condensed);
    assert_int_equal(it->n_blocks, 4); /* the emptied paragraph went */
    assert_true(jb_fixture_text_is(&it->blocks[0].text, "导语一。导语二。")); /* the lead whole */
    assert_int_equal(it->blocks[2].kind, JB_BLOCK_PHOTO); /* still before the kept paragraph */
    assert_true(jb_fixture_text_is(&it->blocks[3].text, "共5个。"));
    assert_int_equal(offs[0], 200); /* in reading order */
    assert_int_equal(offs[1], 300 + strlen("共5个。"));
    assert_int_equal(doc->condense_count.sentences, 5);
    assert_int_equal(doc->condense_count.sentences_left_out, 2);
    assert_int_equal(doc->condense_count.chars, 20);
    assert_int_equal(doc->condense_count.chars_left_out, 8);
    jb_condense_free(c);
    jb_doc_free(doc);
}

/* One out: the lowest ranked (a later paragraph's later sentence; then among equals the
 * longer); then back to none and to one again: the body as read in between. */
static void
test_condense_one_then_back(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_item *it = &doc->items[0];
    uint32_t offs[4];
    jb_condense *c;
    (void)state;
    add(it, JB_BLOCK_HEAD, "一、抓组织", 0);
    figure(&add(it, JB_BLOCK_PARA, "共5个。短句。长一些的句子。", 100)->text, 1, 3);
    add(it, JB_BLOCK_PARA, "第二段首句。第二段次句。", 200);
    assert_non_null(c = jb_condense_new(doc));
    assert_int_equal(jb_condense_n(c), 4);
    assert_int_equal(jb_condense_apply(c, 1, offs, 4), 1);
    assert_true(jb_fixture_text_is(&it->blocks[1].text, "共5个。短句。长一些的句子。"));
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "第二段首句。"));
    assert_int_equal(jb_condense_apply(c, 2, offs, 4), 2); /* then the longer of the first's */
    assert_true(jb_fixture_text_is(&it->blocks[1].text, "共5个。短句。"));
    assert_int_equal(jb_condense_apply(c, 0, offs, 4), 0);
    assert_false(doc->condensed);
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "第二段首句。第二段次句。"));
    assert_int_equal(jb_condense_apply(c, 3, offs, 4), 3); /* the later paragraph's first last */
    assert_int_equal(it->n_blocks, 3);
    assert_true(jb_fixture_text_is(&it->blocks[1].text, "共5个。"));
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "第二段首句。"));
    assert_int_equal(jb_condense_apply(c, 4, offs, 4), 4); /* a whole paragraph out */
    assert_int_equal(it->n_blocks, 2);
    assert_int_equal(jb_condense_apply(c, 1, offs, 4), 1); /* and back in */
    assert_int_equal(it->n_blocks, 3);
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "第二段首句。"));
    jb_condense_last(c, 0, 2); /* the first of two to the end: 1 leaves out the second */
    assert_int_equal(jb_condense_apply(c, 1, offs, 4), 1);
    assert_true(jb_fixture_text_is(&it->blocks[1].text, "共5个。短句。"));
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "第二段首句。第二段次句。"));
    jb_condense_free(c);
    jb_doc_free(doc); /* the blocks as the last apply left them: nothing leaks, nothing twice */
    doc = jb_doc_new();
    it = &doc->items[0];
    add(it, JB_BLOCK_HEAD, "一、抓组织", 0);
    add(it, JB_BLOCK_PARA, "首句。次句。", 100);
    add(it, JB_BLOCK_PARA, "全删。", 200);
    assert_non_null(c = jb_condense_new(doc));
    assert_int_equal(jb_condense_apply(c, 9, offs, 4), 2);
    assert_int_equal(it->n_blocks, 2);
    jb_condense_free(c); /* the paragraph out of the body is freed here */
    jb_doc_free(doc);
}

/* A photo left out leaves （图略：caption） at its place; a long caption is cut. */
static void
test_condense_photo_mark(void **state)
{
    jb_doc *doc = jb_doc_new();
    jb_item *it = &doc->items[0];
    jb_photo *p;
    (void)state;
    add(it, JB_BLOCK_PARA, "导语。", 0);
    p = jb_doc_add_photo(doc, "a.jpg", 10);
    jb_text_push_utf8(&p->caption, "宣讲现场。", strlen("宣讲现场。"), 12, 0);
    add(it, JB_BLOCK_PARA, "中间。", 30);
    p = jb_doc_add_photo(doc, "b.jpg", 40);
    jb_text_push_utf8(&p->caption, "一二三四五六七八九十一二三四五六七八九十一", 63, 42, 0);
    jb_doc_add_photo(doc, "c.jpg", 120);
    assert_int_equal(jb_condense_photo(doc, 2), 0);
    assert_int_equal(jb_condense_photo(doc, 1), 0);
    assert_int_equal(jb_condense_photo(doc, 0), 0);
    assert_int_equal(it->n_blocks, 5);
    assert_true(jb_fixture_text_is(&it->blocks[1].text, "（图略：宣讲现场）"));
    assert_int_equal(it->blocks[1].kind, JB_BLOCK_PARA);
    assert_true(jb_fixture_text_is(&it->blocks[2].text, "中间。"));
    assert_true(jb_fixture_text_is(&it->blocks[3].text,
                                   "（图略：一二三四五六七八九十一二三四五六七八九十…）"));
    assert_true(jb_fixture_text_is(&it->blocks[4].text, "（图略）"));
    assert_int_equal(it->blocks[4].off, 120);
    assert_int_equal(doc->condense_count.photos_left_out, 3);
    assert_int_equal(jb_doc_n_photos(doc), 0);
    jb_doc_free(doc);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_condense_all_is_the_old_rule),
        cmocka_unit_test(test_condense_one_then_back),
        cmocka_unit_test(test_condense_photo_mark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
