/* texts — every text on the page with its fonts, colours and size; the coverage check. */
#include "texts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chars.h"
#include "levels.h"
#include "page.h"
#include "shape.h"
#include "utf8.h"

#define MISSING_MARK 0x25A1 /* □, drawn for a character no font has (--allow-missing) */

typedef struct {
    jb_page_texts *tx;
    const jb_spec *spec;
    int item; /* the item whose texts are being listed */
} builder;

/* A new empty entry at the end of the list, or NULL when out of memory. */
static jb_page_text *
add(builder *b, int role, int section, int index, int size, double size_pt, int color)
{
    jb_page_texts *tx = b->tx;
    jb_page_text *e;

    if (jb_grow(&tx->items, &tx->cap, tx->n + 1, sizeof *tx->items) != 0)
        return NULL;
    e = &tx->items[tx->n++];
    memset(e, 0, sizeof *e);
    e->role = role, e->section = section, e->index = index, e->item = b->item;
    e->size = size, e->size_pt = size_pt, e->color = color;
    return e;
}

/* Makes room for m more characters in e; 0 or -1. */
static int
reserve(jb_page_text *e, size_t m)
{
    size_t n = e->n + m;
    uint32_t *cps = realloc(e->cps, (n ? n : 1) * sizeof *cps);
    if (cps)
        e->cps = cps;
    uint32_t *offs = realloc(e->offs, (n ? n : 1) * sizeof *offs);
    if (offs)
        e->offs = offs;
    uint8_t *marks = realloc(e->marks, n ? n : 1);
    if (marks)
        e->marks = marks;
    uint8_t *fonts = realloc(e->fonts, n ? n : 1);
    if (fonts)
        e->fonts = fonts;
    uint8_t *roles = realloc(e->roles, n ? n : 1);
    if (roles)
        e->roles = roles;
    uint8_t *colors = realloc(e->colors, n ? n : 1);
    if (colors)
        e->colors = colors;
    uint8_t *literal = realloc(e->literal, n ? n : 1);
    if (literal)
        e->literal = literal;
    return cps && offs && marks && fonts && roles && colors && literal ? 0 : -1;
}

/* The colour of a character with marks in a text of colour base. */
static uint8_t
color_of(uint8_t mark, int base)
{
    return (uint8_t)((mark & JB_MARK_FIGURE) ? JB_COLOR_FIGURE
                     : (mark & JB_MARK_HEAD) ? JB_COLOR_ACCENT
                                             : base);
}

/* Appends t's characters in font role (key figures in the layout's figure font), each marked
 * with mark in addition; spaces become U+3000 with ideographic. 0 or -1. */
static int
append_text(builder *b, jb_page_text *e, const jb_text *t, int role, uint8_t mark, int ideographic)
{
    if (reserve(e, t->n) != 0)
        return -1;
    for (size_t i = 0; i < t->n; i++, e->n++) {
        uint8_t m = (uint8_t)(t->marks[i] | mark);
        e->cps[e->n] = ideographic && t->cps[i] == ' ' ? 0x3000 : t->cps[i];
        e->offs[e->n] = t->offs[i];
        e->marks[e->n] = m;
        /* a lead phrase a reader marked inside a paragraph (**组织建设**：…) in the head face */
        e->fonts[e->n] = (uint8_t)((t->marks[i] & JB_MARK_FIGURE) ? b->spec->figure_font
                                   : (t->marks[i] & JB_MARK_HEAD) ? b->spec->head_font
                                                                  : role);
        e->roles[e->n] = e->fonts[e->n];
        e->colors[e->n] = color_of(m, e->color);
        e->literal[e->n] = 0;
    }
    return 0;
}

/* Appends the literal UTF-8 s (a label, or text from the layout) in font role. 0 or -1. */
static int
append_literal(jb_page_text *e, const char *s, int role)
{
    size_t len = strlen(s);
    if (reserve(e, len) != 0)
        return -1;
    for (size_t at = 0; at < len; e->n++) {
        at += jb_utf8_decode(s + at, len - at, &e->cps[e->n]);
        e->offs[e->n] = 0;
        e->marks[e->n] = 0;
        e->fonts[e->n] = (uint8_t)role;
        e->roles[e->n] = (uint8_t)role;
        e->colors[e->n] = (uint8_t)e->color;
        e->literal[e->n] = 1;
    }
    return 0;
}

static int
ends_with_mark(const jb_text *t)
{
    return t->n > 0 && jb_punct_class(t->cps[t->n - 1]) != JB_PUNCT_NONE;
}

/* The caption entry (possibly empty) of photo i of the page, in section (-1: the lead). 0 or
 * -1. */
static int
caption(builder *b, const jb_photo *ph, int section, size_t i)
{
    jb_page_text *e;
    if (!(e = add(b, JB_TEXT_CAPTION, section, (int)i, JB_SIZE_CAPTION, b->spec->caption_pt,
                  JB_COLOR_BLACK)))
        return -1;
    b->tx->photos[i] = ph;
    return append_text(b, e, &ph->caption, b->spec->caption_font, 0, 0);
}

/* Is t the title of a table right after it: 表1 … (表 and a numeral), or a line ending in ：? */
static int
table_title(const jb_text *t)
{
    if (t->n >= 2 && t->cps[0] == 0x8868 /* 表 */ &&
        ((t->cps[1] >= '0' && t->cps[1] <= '9') || jb_levels_cn_numeral(t->cps[1])))
        return 1;
    return t->n > 0 && t->n <= 40 && (t->cps[t->n - 1] == 0xFF1A || t->cps[t->n - 1] == ':');
}

/* Is block k of it a note under a table: right after the table (or another such note), starting
 * with 注, 数据来源, 资料来源 or 说明 and a colon? */
static int
table_note(const jb_item *it, size_t k)
{
    static const char *const starts[] = {"注：",       "注:",    "数据来源：",
                                         "资料来源：", "说明：", "注1"};
    char *s;
    int yes = 0;
    if (k == 0 || (it->blocks[k - 1].kind != JB_BLOCK_TABLE && !table_note(it, k - 1)) ||
        it->blocks[k].kind != JB_BLOCK_PARA || (s = jb_text_to_utf8(&it->blocks[k].text)) == NULL)
        return 0;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        yes |= strncmp(s, starts[i], strlen(starts[i])) == 0;
    free(s);
    return yes;
}

/* The cell entries of table t (number i of the page), in section. In a cell only a figure the
 * report marks (**…**) stands out: a statistics table would otherwise be all figures. 0 or -1. */
static int
cells(builder *b, const jb_block *bl, int section, size_t i)
{
    const jb_table *t = &bl->table;
    b->tx->tables[i] = t;
    b->tx->table_offs[i] = bl->off;
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->rows[r].n_cells; c++) {
            const jb_text *x = &t->rows[r].cells[c].text;
            int header = t->rows[r].header;
            jb_page_text *e = add(b, JB_TEXT_CELL, section, (int)i, JB_SIZE_BODY,
                                  b->spec->body_max_pt, JB_COLOR_BLACK);
            if (!e ||
                append_text(b, e, x, header ? b->spec->table_head_font : JB_FONT_SONG, 0, 0) != 0)
                return -1;
            for (size_t k = 0; k < e->n; k++)
                if ((e->marks[k] & JB_MARK_FIGURE) && !(e->marks[k] & JB_MARK_FORCED)) {
                    e->marks[k] &= (uint8_t)~JB_MARK_FIGURE;
                    e->roles[k] = e->fonts[k] =
                        (uint8_t)(header ? b->spec->table_head_font : JB_FONT_SONG);
                    e->colors[k] = JB_COLOR_BLACK;
                }
        }
    return 0;
}

/* The face of a section head (RULES.md §5.4): GB/T 9704 7.3.3 sets the first level (一、) in 黑体
 * and the second (（一）, or a level-2 head of the model) in 楷体, emboldened so that it stands
 * apart from the body at the body's size; the third (1.) in the body's Song, emboldened; any
 * other head (a run-in lead phrase) in the layout's section font. *sub is set for the levels
 * below the first. */
static int
head_font(const jb_spec *s, const jb_block *bl, int *sub)
{
    int level = jb_levels_numbered(&bl->text); /* GB/T 9704 7.3.3: 一、 1, （一） 2, 1. 3 */

    if (level == 0 && bl->level > 1)
        level = bl->level;
    *sub = level > 1;
    return level == 1   ? JB_FONT_HEI
           : level == 2 ? JB_FONT_KAI
           : level == 3 ? JB_FONT_SONG
                        : s->head_font;
}

/* Whether a paragraph or head follows block k of it. */
static int
more_after(const jb_item *it, size_t k)
{
    for (size_t j = k + 1; j < it->n_blocks; j++)
        if (it->blocks[j].kind == JB_BLOCK_PARA || it->blocks[j].kind == JB_BLOCK_HEAD)
            return 1;
    return 0;
}

/* A note block (附件：1. …) as a paragraph of the body; a signature block as its signer and its
 * date (aux) on lines of their own, each ending two characters before the measure's end
 * (RULES.md §5.4). *para counts them among the section's paragraphs. 0 or -1. */
static int
note_or_signature(builder *b, const jb_block *bl, int section, size_t *para)
{
    const jb_text *parts[2] = {&bl->text, &bl->aux};
    size_t n = bl->kind == JB_BLOCK_SIGNATURE ? 2 : 1;
    for (size_t k = 0; k < n; k++) {
        jb_page_text *e;
        if (parts[k]->n == 0)
            continue;
        if (!(e = add(b, section < 0 ? JB_TEXT_LEAD : JB_TEXT_BODY, section, (int)(*para)++,
                      JB_SIZE_BODY, b->spec->body_max_pt, JB_COLOR_BLACK)) ||
            append_text(b, e, parts[k], section < 0 ? JB_FONT_KAI : JB_FONT_SONG, 0, 0) != 0)
            return -1;
        e->right = bl->kind == JB_BLOCK_SIGNATURE;
        if (bl->kind == JB_BLOCK_NOTE && bl->text.n && bl->text.cps[0] >= '0' &&
            bl->text.cps[0] <= '9') /* 2. under 附件：1. */
            e->indent_em = 5;
        b->tx->n_lead += section < 0;
    }
    return 0;
}

/* The body of item it: its blocks in reading order (RULES §5.4). 0 or -1. */
static int
body(builder *b, const jb_item *it)
{
    const jb_spec *s = b->spec;
    jb_page_texts *tx = b->tx;
    int section = -1;
    size_t para = 0;
    jb_page_text *e;

    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_block *bl = &it->blocks[k];
        switch (bl->kind) {
        case JB_BLOCK_PHOTO:
            if (caption(b, &bl->photo, section, tx->n_photos++) != 0)
                return -1;
            break;
        case JB_BLOCK_HEAD: {
            int sub = 0, font = head_font(s, bl, &sub);
            section++, para = 0;
            if (!(e = add(b, JB_TEXT_HEAD, section, 0, JB_SIZE_BODY, s->body_max_pt,
                          JB_COLOR_BLACK)) ||
                append_text(b, e, &bl->text, font,
                            (uint8_t)(JB_MARK_HEAD | (sub ? JB_MARK_SUBHEAD : 0)), 0) != 0)
                return -1;
            /* A head ending in a mark (重阵地，关工组织遍地开花。) runs in before the paragraph
             * right after it (§5.4); a heading without one (一、基本情况), or one a photo
             * follows, stands on its own line. */
            e->run_in = ends_with_mark(&bl->text) && k + 1 < it->n_blocks &&
                        it->blocks[k + 1].kind == JB_BLOCK_PARA;
            tx->n_sections++;
            break;
        }
        case JB_BLOCK_PARA: {
            int title = k + 1 < it->n_blocks && it->blocks[k + 1].kind == JB_BLOCK_TABLE &&
                        table_title(&bl->text);
            /* the lead in Kai is the opening paragraph alone, and only when more follows
             * (§5.4): a second paragraph before the first head, or every paragraph of an
             * article without heads after its first, is body in Song */
            int kai = section < 0 && para == 0 && more_after(it, k);
            if (!(e = add(b, section < 0 ? JB_TEXT_LEAD : JB_TEXT_BODY, section, (int)para++,
                          JB_SIZE_BODY, s->body_max_pt, JB_COLOR_BLACK)) ||
                append_text(b, e, &bl->text,
                            title ? s->table_head_font
                            : kai ? JB_FONT_KAI
                                  : JB_FONT_SONG,
                            0, 0) != 0)
                return -1;
            e->centred = title;
            e->note = table_note(it, k);
            tx->n_lead += section < 0;
            break;
        }
        case JB_BLOCK_TABLE:
            if (bl->table.n_rows && cells(b, bl, section, tx->n_tables++) != 0)
                return -1;
            break;
        case JB_BLOCK_NOTE:
        case JB_BLOCK_SIGNATURE:
            if (note_or_signature(b, bl, section, &para) != 0)
                return -1;
            break;
        default: /* list items: set by a later step (issue 22) */ return -2;
        }
    }
    return 0;
}

/* The photos' and tables' arrays, for every item's. 0 or -1. */
static int
media(builder *b, const jb_doc *doc)
{
    jb_page_texts *tx = b->tx;
    size_t n_tables = 0;
    for (size_t n = 0; n < doc->n_items; n++)
        for (size_t k = 0; k < doc->items[n].n_blocks; k++)
            n_tables += doc->items[n].blocks[k].kind == JB_BLOCK_TABLE;
    if ((tx->photos = calloc(jb_doc_n_photos(doc) + 1, sizeof *tx->photos)) == NULL ||
        (tx->tables = calloc(n_tables + 1, sizeof *tx->tables)) == NULL ||
        (tx->table_lines = calloc(n_tables + 1, sizeof *tx->table_lines)) == NULL ||
        (tx->table_offs = calloc(n_tables + 1, sizeof *tx->table_offs)) == NULL)
        return -1;
    return 0;
}

/* An issue's own texts (RULES.md §5.7): the 本期要目 when asked for, and the page numbers the
 * layout may need, 1 … JB_PAGES_MAX as the foot shows them and as the contents list them. */
static int
issue_texts(builder *b, const jb_doc *doc)
{
    const jb_spec *s = b->spec;
    jb_page_text *e;
    char num[32];

    if (doc->contents && doc->n_items > 1) {
        if (!(e = add(b, JB_TEXT_CONTENTS, -1, -1, JB_SIZE_BODY, s->body_max_pt, JB_COLOR_BLACK)) ||
            append_literal(e, jb_contents_heads[doc->contents - 1], JB_FONT_HEI) != 0)
            return -1;
        e->key = "contents";
        for (size_t k = 0; k < doc->n_items; k++) {
            b->item = (int)k;
            if (!(e = add(b, JB_TEXT_CONTENTS, -1, (int)k, JB_SIZE_BODY, s->body_max_pt,
                          JB_COLOR_BLACK)) ||
                append_text(b, e, &doc->items[k].title, JB_FONT_KAI, 0, 0) != 0)
                return -1;
        }
        b->item = 0;
    }
    for (int p = 1; p <= JB_PAGES_MAX; p++) {
        snprintf(num, sizeof num, "%d", p); /* its dashes are rules (layout_issue.c) */
        if (!(e = add(b, JB_TEXT_FOLIO, -1, p, JB_SIZE_FOOT, s->folio_pt, JB_COLOR_BLACK)) ||
            append_literal(e, num, JB_FONT_SONG) != 0)
            return -1;
        e->key = "pages.number";
        snprintf(num, sizeof num, "%d", p);
        if (!(e = add(b, JB_TEXT_PAGENUM, -1, p, JB_SIZE_BODY, s->body_max_pt, JB_COLOR_BLACK)) ||
            append_literal(e, num, JB_FONT_KAI) != 0)
            return -1;
        e->key = "contents";
    }
    b->tx->folios = 1;
    return 0;
}

/* A 编者按 (RULES.md §5.7): the 黑体 label, the note in 楷; nothing when note is empty. 0 or -1. */
static int
note_text(builder *b, const jb_text *note)
{
    jb_page_text *e;

    if (note->n == 0)
        return 0;
    if (!(e = add(b, JB_TEXT_NOTE, -1, 0, JB_SIZE_BODY, b->spec->body_max_pt, JB_COLOR_BLACK)) ||
        append_literal(e, "编者按：", JB_FONT_HEI) != 0 ||
        append_text(b, e, note, JB_FONT_KAI, 0, 0) != 0)
        return -1;
    e->key = "编者按：";
    return 0;
}

/* Item k's 编者按, title, byline and source, and body. 0, -1 or -2 (body's). */
static int
item_texts(builder *b, const jb_doc *doc, size_t k)
{
    const jb_item *it = &doc->items[k];
    const jb_spec *s = b->spec;
    jb_page_text *e;
    int rc;

    b->item = (int)k;
    if (k == 0 && note_text(b, &doc->editor_note) != 0) /* the issue's own, before its items */
        return -1;
    if (note_text(b, &it->editor_note) != 0)
        return -1;
    if (!(e = add(b, JB_TEXT_TITLE, -1, (int)k, JB_SIZE_TITLE,
                  doc->n_items > 1 ? s->item_title_pt : s->title_pt, JB_COLOR_BLACK)) ||
        append_text(b, e, &it->title, JB_FONT_TITLE, 0, 0) != 0 ||
        !(e = add(b, JB_TEXT_BYLINE, -1, 0, JB_SIZE_BYLINE, s->byline_pt, JB_COLOR_BLACK)) ||
        append_text(b, e, &it->byline, JB_FONT_KAI, 0, 1) != 0)
        return -1;
    if (it->origin.n) {
        if (!(e = add(b, JB_TEXT_SOURCE, -1, 0, JB_SIZE_SOURCE, s->byline_pt, JB_COLOR_BLACK)) ||
            append_literal(e, "来源：", JB_FONT_KAI) != 0 ||
            append_text(b, e, &it->origin, JB_FONT_KAI, 0, 0) != 0)
            return -1;
        e->key = "来源：";
    }
    rc = body(b, it);
    b->item = 0;
    return rc;
}

/* The 报尾's last row (GB/T 9704 7.4.3): the 印发机关 (and 签发：X) at the left, the 印发日期 and
 * 印发 at the right; 印发 after the 印发机关 when no date is given. 0 or -1. */
static int
print_row(builder *b, const jb_colophon *co)
{
    const jb_spec *s = b->spec;
    jb_page_text *e;

    if (co->printer.n || co->approver.n) {
        if (!(e = add(b, JB_TEXT_FOOT, -1, JB_FOOT_PRINTER, JB_SIZE_FOOT, s->foot_pt,
                      JB_COLOR_BLACK)) ||
            append_text(b, e, &co->printer, JB_FONT_KAI, 0, 0) != 0 ||
            (co->printer.n && !co->printed.n && append_literal(e, "印发", JB_FONT_KAI) != 0) ||
            (co->approver.n &&
             (append_literal(e, co->printer.n ? "　　签发：" : "签发：", JB_FONT_KAI) != 0 ||
              append_text(b, e, &co->approver, JB_FONT_KAI, 0, 0) != 0)))
            return -1;
        e->key = "印发：";
    }
    if (co->printed.n) {
        if (!(e = add(b, JB_TEXT_FOOT, -1, JB_FOOT_PRINTED, JB_SIZE_FOOT, s->foot_pt,
                      JB_COLOR_BLACK)) ||
            append_text(b, e, &co->printed, JB_FONT_KAI, 0, 0) != 0 ||
            append_literal(e, "印发", JB_FONT_KAI) != 0)
            return -1;
        e->key = "…印发";
    }
    return 0;
}

static int
build(builder *b, const jb_doc *doc)
{
    const jb_item *it = &doc->items[0];
    const jb_masthead *mh = &doc->masthead;
    const jb_spec *s = b->spec;
    static const char *const dist_label[] = {"报：", "送：", "发："};
    jb_page_text *e;
    int rc;

    /* the masthead: the report's 简报 name, or the layout's when it names none */
    if (!(e = add(b, JB_TEXT_MASTHEAD, -1, 0, JB_SIZE_MASTHEAD, s->masthead_pt, JB_COLOR_RED)))
        return -1;
    if (mh->name.n) {
        if (append_text(b, e, &mh->name, JB_FONT_TITLE, 0, 0) != 0)
            return -1;
    } else {
        e->key = "masthead.name";
        if (append_literal(e, s->masthead_name, JB_FONT_TITLE) != 0)
            return -1;
    }
    if (doc->masthead.secrecy.n &&
        (!(e = add(b, JB_TEXT_SECRECY, -1, 0, JB_SIZE_SUB, s->masthead_sub_pt, JB_COLOR_BLACK)) ||
         append_text(b, e, &doc->masthead.secrecy, JB_FONT_HEI, 0, 0) != 0))
        return -1;
    if (mh->serial.n &&
        (!(e = add(b, JB_TEXT_SERIAL, -1, 0, JB_SIZE_SUB, s->masthead_sub_pt, JB_COLOR_BLACK)) ||
         append_text(b, e, &mh->serial, JB_FONT_HEI, 0, 0) != 0))
        return -1;
    if (media(b, doc) != 0)
        return -1;
    b->tx->n_items = doc->n_items;
    if (!(e = add(b, JB_TEXT_ISSUE, -1, 0, JB_SIZE_SUB, s->masthead_sub_pt, JB_COLOR_BLACK)) ||
        append_text(b, e, &mh->special, JB_FONT_KAI, 0, 0) != 0 || /* 增刊第1期（总第45期） */
        append_text(b, e, &mh->issue, JB_FONT_KAI, 0, 0) != 0 ||
        (mh->total.n &&
         ((e->key = "（总期号）"), append_literal(e, "（", JB_FONT_KAI) != 0 ||
                                       append_text(b, e, &mh->total, JB_FONT_KAI, 0, 0) != 0 ||
                                       append_literal(e, "）", JB_FONT_KAI) != 0)) ||
        !(e = add(b, JB_TEXT_UNIT, -1, 0, JB_SIZE_SUB, s->masthead_sub_pt, JB_COLOR_BLACK)) ||
        append_text(b, e, &mh->unit, JB_FONT_KAI, 0, 0) != 0 ||
        !(e = add(b, JB_TEXT_DATE, -1, 0, JB_SIZE_SUB, s->masthead_sub_pt, JB_COLOR_BLACK)) ||
        append_text(b, e, &mh->date, JB_FONT_KAI, 0, 0) != 0)
        return -1;
    if ((doc->n_items > 1 || s->pages > 1) && issue_texts(b, doc) != 0)
        return -1;
    /* an issue of several items; one article with its 编者按 keeps the one-article page (which
     * holds one note: with the issue's own note too, it is set as an issue) */
    if (doc->n_items > 1 || (it->editor_note.n && doc->editor_note.n)) {
        b->tx->issue = 1;
        for (size_t k = 0; k < doc->n_items; k++)
            if ((rc = item_texts(b, doc, k)) != 0)
                return rc;
    } else {
        if (note_text(b, it->editor_note.n ? &it->editor_note : &doc->editor_note) != 0)
            return -1;
        if (!(e = add(b, JB_TEXT_TITLE, -1, 0, JB_SIZE_TITLE, s->title_pt, JB_COLOR_BLACK)) ||
            append_text(b, e, &it->title, JB_FONT_TITLE, 0, 0) != 0 ||
            (doc->condensed &&
             ((e->key = "（摘编）"), append_literal(e, "（摘编）", JB_FONT_TITLE)) != 0) ||
            !(e = add(b, JB_TEXT_BYLINE, -1, 0, JB_SIZE_BYLINE, s->byline_pt, JB_COLOR_BLACK)) ||
            append_text(b, e, &it->byline, JB_FONT_KAI, 0, 1) != 0)
            return -1;
        if (it->origin.n) {
            if (!(e = add(b, JB_TEXT_SOURCE, -1, 0, JB_SIZE_SOURCE, s->byline_pt,
                          JB_COLOR_BLACK)) ||
                append_literal(e, "来源：", JB_FONT_KAI) != 0 ||
                append_text(b, e, &it->origin, JB_FONT_KAI, 0, 0) != 0)
                return -1;
            e->key = "来源：";
        }
        if ((rc = body(b, it)) != 0)
            return rc;
    }
    for (int r = 0; r < JB_DIST_COUNT; r++) {
        if (doc->colophon.dist[r].n == 0)
            continue;
        if (!(e = add(b, JB_TEXT_FOOT, -1, r, JB_SIZE_FOOT, s->foot_pt, JB_COLOR_BLACK)) ||
            append_literal(e, dist_label[r], JB_FONT_KAI) != 0 ||
            append_text(b, e, &doc->colophon.dist[r], JB_FONT_KAI, 0, 0) != 0)
            return -1;
        e->key = dist_label[r];
    }
    if (doc->colophon.extra.n) {
        if (!(e = add(b, JB_TEXT_FOOT, -1, JB_FOOT_EXTRA, JB_SIZE_FOOT, s->foot_pt,
                      JB_COLOR_BLACK)) ||
            append_literal(e, "本期增发：", JB_FONT_KAI) != 0 ||
            append_text(b, e, &doc->colophon.extra, JB_FONT_KAI, 0, 0) != 0)
            return -1;
        e->key = "本期增发：";
    }
    if (doc->colophon.copies.n) {
        if (!(e = add(b, JB_TEXT_FOOT, -1, JB_FOOT_COPIES, JB_SIZE_FOOT, s->foot_pt,
                      JB_COLOR_BLACK)) ||
            append_literal(e, "（共印", JB_FONT_KAI) != 0 ||
            append_text(b, e, &doc->colophon.copies, JB_FONT_KAI, 0, 0) != 0 ||
            append_literal(e, "份）", JB_FONT_KAI) != 0)
            return -1;
        e->key = "（共印…份）";
    }
    return print_row(b, &doc->colophon);
}

jb_status
jb_page_texts_build(const jb_doc *doc, const jb_spec *spec, jb_page_texts **out, jb_diag *d)
{
    builder b = {calloc(1, sizeof *b.tx), spec, 0};
    int rc = b.tx ? build(&b, doc) : -1;

    *out = NULL;
    if (rc != 0) {
        jb_page_texts_free(b.tx);
        if (rc == -2)
            return jb_diag_set(d, JB_ERR_FORMAT, NULL, 0, 0,
                               "write it as paragraphs and section heads",
                               "the brief holds a list, note or signature, which the "
                               "one-page layout does not set yet");
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory listing the texts");
    }
    *out = b.tx;
    return JB_OK;
}

void
jb_page_texts_free(jb_page_texts *tx)
{
    if (tx == NULL)
        return;
    for (size_t i = 0; i < tx->n; i++) {
        jb_page_text *e = &tx->items[i];
        free(e->cps), free(e->offs), free(e->marks);
        free(e->fonts), free(e->roles), free(e->colors), free(e->literal);
    }
    free(tx->items);
    free(tx->photos);
    free(tx->tables);
    free(tx->table_lines);
    free(tx->table_offs);
    free(tx);
}

int
jb_text_is_latin_letter(uint32_t cp)
{
    return jb_char_is_alnum(cp) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* ASCII marks and Latin-1 signs that belong to a Latin run when a Latin letter or digit is
 * beside them (over spaces): "e.g.", "(GDP)", "3.5%", "don't". Full-width marks never do. */
static int
latin_mark(uint32_t cp)
{
    return (cp >= 0x21 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7;
}

static int
latin_near(const jb_page_text *e, size_t i, int dir)
{
    for (long k = (long)i + dir; k >= 0 && (size_t)k < e->n; k += dir) {
        uint32_t c = e->cps[k];
        if (jb_text_is_latin_letter(c))
            return 1;
        if (c != ' ' && !latin_mark(c))
            return 0;
    }
    return 0;
}

/* Does character i of e come from the latin face? Only in Song, Kai and 仿宋 text: the bold
 * roles (heads, masthead, title, figures) keep their face's own Latin, of their weight. */
static int
wants_latin(const jb_spec *spec, const jb_page_text *e, size_t i)
{
    int r = e->roles[i];
    uint32_t c = e->cps[i];

    if (spec->latin_own || (r != JB_FONT_SONG && r != JB_FONT_KAI && r != JB_FONT_FANG))
        return 0;
    if (jb_text_is_latin_letter(c))
        return 1;
    if (c == ' ' || latin_mark(c))
        return latin_near(e, i, -1) && latin_near(e, i, 1) ? 1
               : c == ' '                                  ? 0
                          : latin_near(e, i, -1) || latin_near(e, i, 1);
    return 0;
}

/* The slot that draws cp for role r: the role's face, else its chain's first face that has it;
 * -1 when none has it. */
static int
pick(const jb_spec *spec, jb_fontset *fs, int r, uint32_t cp)
{
    if (jb_font_has(jb_fontset_get(fs, r), cp))
        return jb_fontset_canonical(fs, r);
    for (int k = 0; k < spec->n_chain[r]; k++)
        if (jb_font_has(jb_fontset_get(fs, spec->chain[r][k]), cp))
            return jb_fontset_canonical(fs, spec->chain[r][k]);
    return -1;
}

/* pick's answers for the (character, role) pairs asked so far in a page's texts, at a hash of
 * the pair: a brief asks about a few hundred characters some two thousand times. */
#define PICKED_SLOTS 512
_Static_assert(JB_FONT_SLOTS <= 16, "a role takes four bits of a picked key");
typedef struct {
    uint32_t key[PICKED_SLOTS]; /* cp << 4 | role; UINT32_MAX: empty */
    int8_t slot[PICKED_SLOTS];
} picked;

static int
pick_kept(picked *p, const jb_spec *spec, jb_fontset *fs, int r, uint32_t cp)
{
    uint32_t key = cp << 4 | (uint32_t)r;
    size_t h = (key * 2654435761u) >> 23;
    if (p->key[h] != key) {
        p->key[h] = key;
        p->slot[h] = (int8_t)pick(spec, fs, r, cp);
    }
    return p->slot[h];
}

jb_status
jb_page_texts_cover(jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs, const jb_source *src,
                    int allow, char *warning, size_t size, jb_diag *d)
{
    int missing = 0, line = 0, col = 0, placed = 0;
    char list[1024] = "";
    picked kept;

    for (size_t h = 0; h < PICKED_SLOTS; h++)
        kept.key[h] = UINT32_MAX;

    tx->latin_own = spec->latin_own;
    for (size_t i = 0; src && i < tx->n_tables; i++) {
        int l = 0, c = 0;
        jb_source_position(src, tx->table_offs[i], &l, &c);
        tx->table_lines[i] = l;
    }

    for (size_t k = 0; k < tx->n; k++) {
        jb_page_text *e = &tx->items[k];
        for (size_t i = 0; i < e->n; i++) {
            uint32_t cp = e->cps[i];
            int slot = -1;
            if (wants_latin(spec, e, i))
                slot = pick_kept(&kept, spec, fs, JB_FONT_LATIN, cp);
            if (slot < 0)
                slot = pick_kept(&kept, spec, fs, e->roles[i], cp);
            if (slot >= 0) {
                e->fonts[i] = (uint8_t)slot;
                continue;
            }
            size_t len = strlen(list);
            char ch[8] = {0}, at[160];
            e->fonts[i] = (uint8_t)jb_fontset_canonical(fs, e->roles[i]);
            if (cp == ' ' || cp == 0x3000)
                continue;
            if (e->literal[i]) {
                snprintf(at, sizeof at, "%s", e->key ? e->key : "the layout");
            } else {
                int l, c;
                if (src)
                    jb_source_position(src, e->offs[i], &l, &c);
                else
                    l = c = 0;
                snprintf(at, sizeof at, "%d:%d", l, c);
                if (!placed) /* the diagnostic points at the first one the report holds */
                    line = l, col = c, placed = 1;
            }
            jb_utf8_encode(cp, ch);
            if (missing < 10)
                snprintf(list + len, sizeof list - len, "%s'%s' U+%04X at %s", len ? ", " : "", ch,
                         (unsigned)cp, at);
            else if (missing == 10)
                snprintf(list + len, sizeof list - len, ", …");
            missing++;
            if (allow)
                e->cps[i] = MISSING_MARK;
        }
    }
    if (missing == 0)
        return JB_OK;
    if (allow) {
        if (placed && src)
            snprintf(warning, size, "%s:%d:%d: warning: no font has %d character%s, drawn as □: %s",
                     src->path, line, col, missing, missing == 1 ? "" : "s", list);
        else
            snprintf(warning, size, "%s: warning: no font has %d character%s, drawn as □: %s",
                     src ? src->path : "-", missing, missing == 1 ? "" : "s", list);
        return JB_OK;
    }
    return jb_diag_set(d, JB_ERR_GLYPH, src ? src->path : NULL, line, col,
                       "replace them, name a face that has them in the layout's [fonts] "
                       "fallback lists (song_fallback = …), or draw them as □ with "
                       "--allow-missing",
                       "no font has %d character%s: %s", missing, missing == 1 ? "" : "s", list);
}

size_t
jb_page_texts_fallbacks(const jb_page_texts *tx, const jb_fontset *fs, jb_text_fallback *out,
                        size_t cap)
{
    size_t n = 0;

    for (size_t k = 0; k < tx->n; k++) {
        const jb_page_text *e = &tx->items[k];
        for (size_t i = 0; i < e->n; i++) {
            int r = e->roles[i], f = e->fonts[i], seen = 0;
            /* the role's face and the latin face are no fallback */
            if (f == jb_fontset_canonical(fs, r) || e->cps[i] == ' ' || e->cps[i] == 0x3000 ||
                (!tx->latin_own && f == jb_fontset_canonical(fs, JB_FONT_LATIN) &&
                 e->cps[i] < 0x250))
                continue;
            for (size_t m = 0; m < n && m < cap; m++)
                seen |= out[m].cp == e->cps[i] && out[m].role == r;
            if (seen)
                continue;
            if (n < cap)
                out[n] = (jb_text_fallback){e->cps[i], (uint8_t)r, (uint8_t)f};
            n++;
        }
    }
    return n;
}
