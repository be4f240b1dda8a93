/* parse — report file (YAML front matter + Markdown body) → jb_doc, through libyaml and md4c. */
#include "parse.h"

#include <md4c.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "chars.h"
#include "parse_int.h"
#include "normalize.h"
#include "utf8.h"

jb_status
jb_parse_nomem(parse_ctx *c)
{
    return jb_diag_set(c->d, JB_ERR_NOMEM, c->src->path, 0, 0, NULL, "out of memory");
}

jb_status
jb_parse_format_error(parse_ctx *c, size_t off, const char *hint, const char *fmt, ...)
{
    int line = 0, col = 0;
    char msg[600];
    va_list ap;

    if (off != (size_t)-1)
        jb_source_position(c->src, off, &line, &col);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return jb_diag_set(c->d, JB_ERR_FORMAT, c->src->path, line, col, hint, "%s", msg);
}

/* ---- body (Markdown via md4c) ---- */

static const char *
block_name(MD_BLOCKTYPE t)
{
    switch (t) {
    case MD_BLOCK_QUOTE: return "a block quote (>)";
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_LI: return "a list";
    case MD_BLOCK_CODE: return "a code block";
    case MD_BLOCK_HTML: return "an HTML block";
    case MD_BLOCK_HR: return "a horizontal rule";
    default: return "an unsupported block";
    }
}

/* ---- Markdown as people write it (chatbot answers; docs/FORMAT.md) ---- */

/* A new paragraph block receiving the text (a paragraph's, a list item's). 0 or -1. */
static int
plain_open_para(parse_ctx *c)
{
    jb_block *b = jb_item_add_block(jb_parse_item(c), JB_BLOCK_PARA, (uint32_t)c->body_off);
    if (b == NULL) {
        jb_parse_nomem(c);
        return -1;
    }
    c->cur = &b->text;
    c->in_para = 1;
    c->photo_para = 0;
    c->strong_at0 = 0;
    c->strong_end = 0;
    return 0;
}

static int
cn_digit(uint32_t cp)
{
    static const uint32_t d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 一…十 */
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (cp == d[i])
            return 1;
    return 0;
}

/* Does t open with a numbered head marker (一、 （一） 1. 第一，), which never makes a title? */
static int
numbered(const jb_text *t)
{
    size_t i = 0;
    if (t->n && (t->cps[0] == 0xFF08 || t->cps[0] == '(' || t->cps[0] == 0x7B2C))
        i = 1;
    while (i < t->n &&
           (strchr("0123456789", (int)(t->cps[i] < 128 ? t->cps[i] : 'x')) || cn_digit(t->cps[i])))
        i++;
    return i > 0 && i < t->n && i <= 4 && jb_punct_class(t->cps[i]) != JB_PUNCT_NONE;
}

/* Blocks a report with front matter refuses and a pasted answer holds: lists (each item a
 * paragraph, an ordered one keeping its number), block quotes and rules (their paragraphs
 * read as paragraphs), headings of any level (each a head; without front matter the first,
 * before any text and unnumbered, is the title). 1 when handled (c->d set on an error), else 0. */
static int
plain_block(parse_ctx *c, MD_BLOCKTYPE type, void *detail)
{
    jb_item *it = jb_parse_item(c);

    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (c->n_lists < (int)(sizeof c->ol_next / sizeof c->ol_next[0])) {
            const MD_BLOCK_OL_DETAIL *ol = detail;
            c->ol_next[c->n_lists] = type == MD_BLOCK_OL ? (ol->start ? ol->start : 1) : 0;
            c->ol_delim[c->n_lists] = type == MD_BLOCK_OL ? (char)ol->mark_delimiter : 0;
        }
        c->n_lists++;
        c->cur = NULL;
        return 1;
    case MD_BLOCK_LI:
        c->li_fresh = 1;
        c->cur = NULL;
        return 1;
    case MD_BLOCK_P:
        if (c->n_lists == 0)
            return 0;
        if (!c->li_fresh) /* a later paragraph of the item */
            plain_open_para(c);
        return 1; /* the item's first: opened by its first text, after its number */
    case MD_BLOCK_QUOTE:
        if (c->quotes++ == 0)
            c->quote_from = it->n_blocks;
        return 1;
    case MD_BLOCK_HR: return 1;
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        jb_block *b;
        if (c->plain && it->title.n == 0 && it->n_blocks == 0) {
            c->cur = &it->title; /* numbered: moved to a head when it ends */
            c->title_from_h1 = 1;
            c->title_depth = (int)level;
            return 1;
        }
        if (level == 2 || (level == 1 && (!c->plain || it->title.n == 0)))
            return 0;
        if ((b = jb_item_add_block(it, JB_BLOCK_HEAD, (uint32_t)c->body_off)) == NULL) {
            jb_parse_nomem(c);
            return 1;
        }
        /* without front matter its depth, made a level by plain_levels; with it ### is the
         * second level, #### and deeper the third */
        b->level = c->plain ? (int)level : level >= 4 ? 3 : 2;
        c->cur = &b->text;
        return 1;
    }
    default: return 0;
    }
}

/* The text of a list item opens its paragraph, an ordered item's number first (1.). 0 or -1. */
static int
plain_item_text(parse_ctx *c, size_t off)
{
    int depth = c->n_lists - 1, at0 = c->li_fresh && c->strong_at0;
    c->li_fresh = 0;
    if (plain_open_para(c) != 0)
        return -1;
    c->strong_at0 = at0;
    if (depth >= 0 && depth < (int)(sizeof c->ol_next / sizeof c->ol_next[0]) &&
        c->ol_next[depth]) {
        char num[16];
        int len = snprintf(num, sizeof num, "%u%c", c->ol_next[depth]++, c->ol_delim[depth]);
        if (jb_text_push_utf8(c->cur, num, (size_t)len, (uint32_t)off, JB_MARK_NOFIG) != 0) {
            jb_parse_nomem(c);
            return -1;
        }
    }
    return 0;
}

/* ---- GFM pipe tables (docs/FORMAT.md, "Tables") ---- */

/* Enters a part of a table: the table is a block, a row a row (a header row inside THEAD), a
 * cell a cell with the alignment its column's delimiter row gives. 0, or -1 out of memory. */
static int
enter_table(parse_ctx *c, MD_BLOCKTYPE type, const void *detail)
{
    jb_item *it = jb_parse_item(c);
    jb_table *t = it->n_blocks ? &it->blocks[it->n_blocks - 1].table : NULL;
    jb_cell *cell;

    switch (type) {
    case MD_BLOCK_TABLE:
        return jb_item_add_block(it, JB_BLOCK_TABLE, (uint32_t)c->body_off) ? 0 : -1;
    case MD_BLOCK_THEAD: c->thead = 1; return 0;
    case MD_BLOCK_TBODY: c->thead = 0; return 0;
    case MD_BLOCK_TR: return jb_table_add_row(t, c->thead) ? 0 : -1;
    default: /* TH, TD */
        if ((cell = jb_table_add_cell(t, &t->rows[t->n_rows - 1], 1, 1, (uint32_t)c->body_off)) ==
            NULL)
            return -1;
        switch (((const MD_BLOCK_TD_DETAIL *)detail)->align) {
        case MD_ALIGN_LEFT: cell->align = JB_ALIGN_LEFT; break;
        case MD_ALIGN_CENTER: cell->align = JB_ALIGN_CENTER; break;
        case MD_ALIGN_RIGHT: cell->align = JB_ALIGN_RIGHT; break;
        default: cell->align = JB_ALIGN_AUTO; break;
        }
        c->cur = &cell->text;
        return 0;
    }
}

/* Leaves a table: a cell takes the offset of its first character; at the end, an empty header
 * cell right after a filled one joins it (a merged header cell, as GFM cannot write one and a
 * spreadsheet copies one: the text, then empty cells; jb_table_merge_header). */
static void
leave_table(parse_ctx *c, MD_BLOCKTYPE type)
{
    jb_item *it = jb_parse_item(c);
    jb_block *b = &it->blocks[it->n_blocks - 1];
    jb_table *t = &b->table;

    if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
        jb_row *r = &t->rows[t->n_rows - 1];
        jb_cell *cell = &r->cells[r->n_cells - 1];
        if (cell->text.n)
            cell->off = cell->text.offs[0];
        c->cur = NULL;
    } else if (type == MD_BLOCK_TABLE) {
        if (t->n_rows && t->rows[0].n_cells && t->rows[0].cells[0].text.n)
            b->off = t->rows[0].cells[0].text.offs[0];
        jb_table_merge_header(t);
    }
}

/* A paragraph whose source lines are a table pasted as text (cells apart by tabs, as from a
 * spreadsheet, or by '|' without GFM's delimiter row) becomes a table block. 0, or -1 out of
 * memory. */
static int
pasted_table(parse_ctx *c, jb_block *b)
{
    const char *s = c->src->text;
    size_t a, e;
    static const char seps[] = {'\t', '|'};

    if (b->text.n == 0)
        return 0;
    a = b->text.offs[0], e = b->text.offs[b->text.n - 1];
    while (a > c->body_off && s[a - 1] != '\n')
        a--;
    while (e < c->src->len && s[e] != '\n')
        e++;
    for (size_t k = 0; k < sizeof seps; k++) {
        if (jb_table_delimited_cols(s + a, e - a, seps[k]) == 0)
            continue;
        jb_text_fini(&b->text);
        b->kind = JB_BLOCK_TABLE;
        b->off = (uint32_t)a;
        return jb_table_read_delimited(&b->table, s + a, e - a, (uint32_t)a, seps[k]);
    }
    return 0;
}

/* With front matter, a paragraph opening with a bold run of at most 30 characters that ends in
 * 。：；！？， or is followed by one (**组织覆盖持续扩大**。…, **组织建设：**…) and is followed by
 * text: that run is its lead phrase (RULES §5.4), not a forced figure. */
static void
lead_phrase_marked(jb_block *b, size_t end)
{
    static const uint32_t marks[] = {0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF0C, ':'};
    if (end < b->text.n && JB_IN_SET(b->text.cps[end], marks)) /* **组织建设**：… */
        end++;
    if (end > 30 || end >= b->text.n || !JB_IN_SET(b->text.cps[end - 1], marks))
        return;
    for (size_t i = 0; i < end; i++)
        b->text.marks[i] = (uint8_t)((b->text.marks[i] & ~(JB_MARK_FORCED | JB_MARK_FIGURE)) |
                                     JB_MARK_HEAD | JB_MARK_NOFIG);
}

/* A paragraph (or list item) ends. Without front matter: one bold from end to end of at most
 * 40 characters is a head (the title when nothing came before); one opening with a bold run of
 * Han of at most 30 characters ending in a mark, or followed by one or a blank, has that run
 * (and the mark) as its lead phrase (RULES §5.4), set as a head inside the paragraph. 1 when the
 * paragraph became the title (its block is gone). */
static int
plain_para_end(parse_ctx *c)
{
    jb_item *it = jb_parse_item(c);
    jb_block *b = it->n_blocks ? &it->blocks[it->n_blocks - 1] : NULL;
    size_t end = c->strong_end;

    if (!c->strong_at0 || b == NULL || b->kind != JB_BLOCK_PARA || end == 0 || c->cur != &b->text)
        return 0;
    c->strong_at0 = 0;
    if (!c->plain) /* with front matter: only a run ending in a mark, else a forced figure */
        return lead_phrase_marked(b, end), 0;
    if (end >= b->text.n && b->text.n <= 40) {
        if (it->title.n == 0 && it->n_blocks == 1 && !numbered(&b->text)) {
            jb_text t = it->title;
            it->title = b->text;
            b->text = t;
            jb_item_remove_block(it, 0);
            c->cur = NULL;
            return 1;
        }
        b->kind = JB_BLOCK_HEAD;
        b->level = 7; /* a bold line: below every heading (plain_levels) */
        for (size_t i = 0; i < b->text.n; i++)
            b->text.marks[i] &= (uint8_t) ~(JB_MARK_FORCED | JB_MARK_FIGURE);
        return 0;
    }
    if (end > 30 || end >= b->text.n)
        return 0;
    if (jb_punct_class(b->text.cps[end - 1]) == JB_PUNCT_NONE) {
        uint32_t next = b->text.cps[end];
        if (jb_punct_class(next) != JB_PUNCT_NONE)
            end++;
        else if (next != ' ' && next != 0x3000)
            return 0;
    }
    for (size_t i = 0; i < end; i++)
        b->text.marks[i] = (uint8_t)((b->text.marks[i] & ~(JB_MARK_FORCED | JB_MARK_FIGURE)) |
                                     JB_MARK_HEAD | JB_MARK_NOFIG);
    return 0;
}

/* Without front matter, the heads' levels from their depths: the shallowest heading depth used
 * is level 1, the next 2, any deeper 3; a bold line set as a head ranks below every heading
 * (docs/FORMAT.md "Markdown without front matter"). */
static void
plain_levels(parse_ctx *c)
{
    int used[8] = {0}, rank[8] = {0}, r = 0;
    for (size_t n = 0; n < c->doc->n_items; n++)
        for (size_t k = 0; k < c->doc->items[n].n_blocks; k++)
            if (c->doc->items[n].blocks[k].kind == JB_BLOCK_HEAD)
                used[c->doc->items[n].blocks[k].level & 7] = 1;
    for (int d = 1; d < 8; d++)
        if (used[d])
            rank[d] = ++r < 3 ? r : 3;
    for (size_t n = 0; n < c->doc->n_items; n++)
        for (size_t k = 0; k < c->doc->items[n].n_blocks; k++) {
            jb_block *b = &c->doc->items[n].blocks[k];
            if (b->kind == JB_BLOCK_HEAD)
                b->level = rank[b->level & 7] ? rank[b->level & 7] : 1;
        }
}

/* Leaving a block plain_block took. 1 when handled. */
static int
plain_leave(parse_ctx *c, MD_BLOCKTYPE type)
{
    jb_item *it = jb_parse_item(c);
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        c->n_lists--;
        c->cur = NULL;
        return 1;
    case MD_BLOCK_LI:
        if (c->cur && it->n_blocks && c->cur == &it->blocks[it->n_blocks - 1].text) {
            plain_para_end(c);
            if (c->cur && c->cur->n)
                it->blocks[it->n_blocks - 1].off = c->cur->offs[0];
        }
        c->li_fresh = 0;
        c->in_para = 0;
        c->cur = NULL;
        return 1;
    case MD_BLOCK_QUOTE: /* before the body, or 编者按：…: the 编者按 */
        if (--c->quotes == 0 && jb_parse_quote_note(it, c->quote_from) != 0)
            jb_parse_nomem(c);
        return 1;
    case MD_BLOCK_HR: return 1;
    case MD_BLOCK_P:
        if (!plain_para_end(c))
            return 0;
        c->in_para = 0; /* it became the title */
        return 1;
    case MD_BLOCK_H:
        /* a numbered first heading is no title: the first head */
        if (c->plain && c->cur == &it->title && numbered(&it->title)) {
            jb_block *b = jb_item_add_block(it, JB_BLOCK_HEAD, (uint32_t)c->body_off);
            if (b == NULL) {
                jb_parse_nomem(c);
                return 1;
            }
            b->level = c->title_depth; /* made a level by plain_levels */
            b->text = it->title;
            memset(&it->title, 0, sizeof it->title);
            c->title_from_h1 = 0;
            c->cur = &b->text;
        }
        return 0;
    default: return 0;
    }
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    parse_ctx *c = ud;
    jb_item *it = jb_parse_item(c);

    if (c->bad)
        return 0;
    if (plain_block(c, type, detail))
        return c->d->status == JB_OK ? 0 : -1;
    switch (type) {
    case MD_BLOCK_DOC: return 0;
    case MD_BLOCK_P: return plain_open_para(c);
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        jb_block *b;
        if (level == 1) { /* a `# ` line opens an item when the one before has its title */
            if (jb_parse_heading_item(c) != 0)
                return -1;
            it = jb_parse_item(c);
        }
        if (level == 1 && it->title.n == 0 && jb_item_n_lead(it) == 0 &&
            jb_item_n_sections(it) == 0) {
            c->cur = &it->title;
            c->title_from_h1 = 1;
            return 0;
        }
        if (level == 2) {
            if ((b = jb_item_add_block(it, JB_BLOCK_HEAD, (uint32_t)c->body_off)) == NULL) {
                jb_parse_nomem(c);
                return -1;
            }
            b->level = c->plain ? 2 : 1; /* the report's ## is the page's first level; without
                                            front matter its depth (plain_levels) */
            c->cur = &b->text;
            return 0;
        }
        c->bad = level == 1 ? "a second title (# heading)" : "a heading below level 2 (### …)";
        return 0;
    }
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: return enter_table(c, type, detail) == 0 ? 0 : (jb_parse_nomem(c), -1);
    default: c->bad = block_name(type); return 0;
    }
}

/* ---- photos: ![caption](photo.jpg) alone in its paragraph (docs/FORMAT.md) ---- */

/* The paragraph held only photos: its empty block goes. */
static void
drop_photo_para(parse_ctx *c)
{
    jb_item *it = jb_parse_item(c);

    jb_item_remove_block(it, it->n_blocks - 1);
    c->photo_para = 0;
}

static int
enter_photo(parse_ctx *c, const MD_SPAN_IMG_DETAIL *img)
{
    const char *src = img->src.text;
    size_t off = src ? (size_t)(src - c->src->text) : c->body_off;
    jb_item *it = jb_parse_item(c);
    jb_block *para;
    uint32_t para_off = it->n_blocks ? it->blocks[it->n_blocks - 1].off : 0;
    char *ref;

    if (off > c->src->len)
        off = c->body_off;
    if (c->cur == NULL || !c->in_para || (c->cur->n > 0 && !c->photo_para)) {
        jb_parse_format_error(c, off,
                              "put the photo in a paragraph of its own: a blank line before and "
                              "after ![caption](photo.jpg)",
                              "a photo inside the text of a paragraph or heading%s", "");
        return -1;
    }
    if ((ref = malloc(img->src.size + 1)) == NULL) {
        jb_parse_nomem(c);
        return -1;
    }
    memcpy(ref, src ? src : "", img->src.size);
    ref[img->src.size] = '\0';
    /* the photo stands before the paragraph's own (empty) block, which stays last */
    jb_text_fini(&it->blocks[--it->n_blocks].text);
    c->photo = jb_doc_add_photo(c->doc, ref, (uint32_t)off);
    free(ref);
    if (c->photo == NULL || (para = jb_item_add_block(it, JB_BLOCK_PARA, para_off)) == NULL) {
        if (c->photo == NULL)
            it->n_blocks++; /* the paragraph's block is still there, to be freed */
        jb_parse_nomem(c);
        return -1;
    }
    c->photo = &it->blocks[it->n_blocks - 2].photo;
    c->cur = &para->text;
    c->photo_para = 1;
    return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    parse_ctx *c = ud;
    (void)detail;
    if (c->bad && type != MD_BLOCK_DOC) {
        /* An unsupported block without text: report it without a position. */
        jb_parse_format_error(c, (size_t)-1,
                              "a report holds paragraphs and `## ` section heads only",
                              "the report body contains %s", c->bad);
        return -1;
    }
    if (plain_leave(c, type))
        return c->d->status == JB_OK ? 0 : -1;
    if (c->d->status != JB_OK)
        return -1;
    if (type == MD_BLOCK_P) {
        jb_block *b = &jb_parse_item(c)->blocks[jb_parse_item(c)->n_blocks - 1];
        if (c->photo_para) {
            drop_photo_para(c);
        } else {
            int fields;
            if (b->text.n)
                b->off = b->text.offs[0];
            if ((fields = jb_parse_item_fields(c, b)) < 0)
                return -1;
            if (fields == 0 && pasted_table(c, b) != 0) {
                jb_parse_nomem(c);
                return -1;
            }
        }
        c->in_para = 0;
    }
    if (type >= MD_BLOCK_TABLE && type <= MD_BLOCK_TD) {
        leave_table(c, type);
        return 0;
    }
    if (type == MD_BLOCK_H && c->cur != &jb_parse_item(c)->title)
        jb_parse_item(c)->blocks[jb_parse_item(c)->n_blocks - 1].off =
            (uint32_t)(c->cur->n ? c->cur->offs[0] : c->body_off);
    c->cur = NULL;
    return 0;
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    parse_ctx *c = ud;
    if (type == MD_SPAN_IMG)
        return c->photo ? -1 : enter_photo(c, detail);
    if (type == MD_SPAN_STRONG && c->strong++ == 0 &&
        ((c->plain && c->li_fresh) || (c->in_para && c->cur && c->cur->n == 0)))
        c->strong_at0 = 1;
    return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    parse_ctx *c = ud;
    (void)detail;
    if (type == MD_SPAN_IMG)
        c->photo = NULL;
    if (type == MD_SPAN_STRONG && --c->strong == 0 && c->strong_at0 && c->strong_end == 0 && c->cur)
        c->strong_end = c->cur->n;
    return 0;
}

static int
text_cb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    parse_ctx *c = ud;
    size_t off = (size_t)(text - c->src->text);
    uint8_t mark = type == MD_TEXT_CODE     ? JB_MARK_NOFIG
                   : c->strong && !c->plain ? (JB_MARK_FORCED | JB_MARK_FIGURE)
                                            : 0;
    int rc = 0;

    if (off > c->src->len)
        off = c->body_off;
    if (c->bad) {
        jb_parse_format_error(c, off, "a report holds paragraphs and `## ` section heads only",
                              "the report body contains %s", c->bad);
        return -1;
    }
    if (c->n_lists > 0 && (c->li_fresh || c->cur == NULL) && plain_item_text(c, off) != 0)
        return -1;
    if (c->cur == NULL)
        return 0;
    if (c->photo) /* the caption */
        return jb_text_push_utf8(&c->photo->caption, text, size, (uint32_t)off, 0) == 0
                   ? 0
                   : (jb_parse_nomem(c), -1);
    if (c->photo_para) { /* beside photos only blanks */
        for (MD_SIZE i = 0; i < size; i++)
            if (!strchr(" \t\n", text[i]) && type != MD_TEXT_SOFTBR && type != MD_TEXT_BR) {
                jb_parse_format_error(c, off,
                                      "put the photo in a paragraph of its own: a blank line "
                                      "before and after ![caption](photo.jpg)",
                                      "text beside a photo in one paragraph%s", "");
                return -1;
            }
        return 0;
    }
    switch (type) {
    case MD_TEXT_SOFTBR:
    case MD_TEXT_BR:
        rc = jb_text_push(c->cur, ' ', (uint32_t)(c->cur->n ? c->cur->offs[c->cur->n - 1] : off),
                          mark);
        break;
    case MD_TEXT_ENTITY: {
        static const struct {
            const char *e;
            uint32_t cp;
        } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&nbsp;", ' '}};
        uint32_t cp = 0;
        for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
            if (size == strlen(ents[i].e) && memcmp(text, ents[i].e, size) == 0)
                cp = ents[i].cp;
        if (cp == 0 && size > 3 && text[1] == '#') {
            cp = (uint32_t)(text[2] == 'x' || text[2] == 'X' ? strtoul(text + 3, NULL, 16)
                                                             : strtoul(text + 2, NULL, 10));
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0;
        }
        rc = cp ? jb_text_push(c->cur, cp, (uint32_t)off, mark)
                : jb_text_push_utf8(c->cur, text, size, (uint32_t)off, mark);
        break;
    }
    default: rc = jb_text_push_utf8(c->cur, text, size, (uint32_t)off, mark); break;
    }
    if (rc != 0) {
        jb_parse_nomem(c);
        return -1;
    }
    return 0;
}

static void
normalise_cb(jb_text *t, void *ud)
{
    jb_doc *doc = ud;
    int mode = 0;
    for (size_t k = 0; k < doc->n_items && mode == 0; k++)
        mode = t == &doc->items[k].byline ? 1 : t == &doc->items[k].title ? 2 : 0;
    if (t == &doc->masthead.secrecy)
        mode = 2; /* 内部资料 注意保存: the space between the two is kept */
    jb_normalize_space(t, mode);
}

jb_status
jb_parse(const jb_source *src, jb_doc **out, jb_diag *d)
{
    return jb_parse_titled(src, 0, out, d);
}

jb_status
jb_parse_titled(const jb_source *src, int have_title, jb_doc **out, jb_diag *d)
{
    parse_ctx c;
    MD_PARSER md;
    const char *text = src->text;
    jb_item *it;
    jb_status st;

    *out = NULL;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.d = d;
    c.doc = jb_doc_new();
    if (c.doc == NULL)
        return jb_parse_nomem(&c);

    /* Front matter: a first line `---`, key: value lines, a closing `---` line. */
    if (strncmp(text, "---\n", 4) == 0) {
        const char *end = strstr(text + 3, "\n---\n");
        const char *alt = strstr(text + 3, "\n---");
        if (end == NULL && alt != NULL && alt[4] == '\0')
            end = alt;
        if (end == NULL) {
            st = jb_parse_format_error(&c, 0, "close the front matter with a line holding only ---",
                                       "front matter is not closed%s", "");
            goto fail;
        }
        c.yaml_line0 = 1;
        if ((st = jb_parse_front_matter(&c, text + 4, (size_t)(end + 1 - (text + 4)))) != JB_OK)
            goto fail;
        c.body_off = (size_t)(end - text) + 4 + (end[4] == '\n');
    } else {
        c.plain = 1;
    }

    memset(&md, 0, sizeof md);
    md.flags = MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS | MD_FLAG_TABLES;
    md.enter_block = enter_block;
    md.leave_block = leave_block;
    md.enter_span = enter_span;
    md.leave_span = leave_span;
    md.text = text_cb;
    if (md_parse(text + c.body_off, (MD_SIZE)(src->len - c.body_off), &md, &c) != 0) {
        st = d->status != JB_OK ? d->status
                                : jb_parse_format_error(&c, (size_t)-1, NULL,
                                                        "cannot parse the Markdown body%s", "");
        goto fail;
    }
    if (c.plain)
        plain_levels(&c);
    jb_doc_each_text(c.doc, normalise_cb, c.doc);

    it = &c.doc->items[0];
    if (it->title.n == 0 && !have_title) {
        st = jb_parse_format_error(&c, 0, "add `title: …` to the front matter (docs/FORMAT.md)",
                                   "the report has no title%s", "");
        goto fail;
    }
    if (it->n_blocks == 0) {
        st = jb_parse_format_error(
            &c, c.body_off, "write the lead paragraph and the sections after the front matter",
            "the report has no body text%s", "");
        goto fail;
    }
    if ((st = jb_parse_check_items(&c)) != JB_OK)
        goto fail;
    for (size_t n = 0; n < c.doc->n_items; n++) {
        it = &c.doc->items[n];
        for (size_t k = 0; k < it->n_blocks; k++) {
            if (it->blocks[k].kind == JB_BLOCK_HEAD && it->blocks[k].text.n == 0) {
                st = jb_parse_format_error(&c, it->blocks[k].off,
                                           "write the section's lead phrase after `## `",
                                           "empty section heading%s", "");
                goto fail;
            }
        }
    }
    *out = c.doc;
    return JB_OK;

fail:
    jb_doc_free(c.doc);
    return st;
}
