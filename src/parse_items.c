/* parse_items — an issue of several items in a report file (docs/FORMAT.md "An issue of several
 * items"): each `# ` line opens an item, a paragraph of `byline:`/`source:` lines right after it
 * gives the item's fields, a paragraph opening 编者按： before it is its 编者按.
 */
#include "parse_int.h"

#include <string.h>

#include "utf8.h"

/* Does t open with 编者按 and a colon (full-width or not)? The length of that label with the
 * blanks after it, or 0. */
static size_t
note_label(const jb_text *t)
{
    static const uint32_t label[] = {0x7F16, 0x8005, 0x6309}; /* 编者按 */
    size_t i = 3;
    if (t->n < 4 || memcmp(t->cps, label, sizeof label) != 0 ||
        (t->cps[3] != 0xFF1A && t->cps[3] != ':'))
        return 0;
    for (i = 4; i < t->n && (t->cps[i] == ' ' || t->cps[i] == 0x3000); i++)
        ;
    return i;
}

/* Moves paragraph block k of it (a 编者按) to the note of item `to`, without its label. */
static int
move_note(jb_item *it, size_t k, jb_item *to)
{
    jb_block *b = &it->blocks[k];
    size_t skip = note_label(&b->text);
    for (size_t i = skip; i < b->text.n; i++)
        if (jb_text_push(&to->editor_note, b->text.cps[i], b->text.offs[i], b->text.marks[i]) != 0)
            return -1;
    jb_item_remove_block(it, k);
    return 0;
}

int
jb_parse_quote_note(jb_item *it, size_t from)
{
    if (from >= it->n_blocks || it->editor_note.n ||
        (from > 0 && !jb_parse_is_note(&it->blocks[from])))
        return 0;
    for (size_t k = from; k < it->n_blocks; k++)
        if (it->blocks[k].kind != JB_BLOCK_PARA)
            return 0;
    while (it->n_blocks > from)
        if (move_note(it, from, it) != 0)
            return -1;
    return 0;
}

int
jb_parse_is_note(const jb_block *b)
{
    return b->kind == JB_BLOCK_PARA && note_label(&b->text) > 0;
}

int
jb_parse_heading_item(parse_ctx *c)
{
    jb_item *it = jb_parse_item(c);

    if (c->plain)
        return 0;
    if (it->title.n == 0) { /* the first item: a 编者按 alone before its title is its own */
        if (it->n_blocks == 1 && jb_parse_is_note(&it->blocks[0]) && move_note(it, 0, it) != 0) {
            jb_parse_nomem(c);
            return -1;
        }
        return 0;
    }
    /* a 编者按 last in the item before is the new item's */
    int note = it->n_blocks > 0 && jb_parse_is_note(&it->blocks[it->n_blocks - 1]);
    jb_item *next = jb_doc_add_item(c->doc);
    if (next == NULL) {
        jb_parse_nomem(c);
        return -1;
    }
    it = &c->doc->items[c->doc->n_items - 2];
    if (note && move_note(it, it->n_blocks - 1, next) != 0) {
        jb_parse_nomem(c);
        return -1;
    }
    return 0;
}

/* The field a line `key: value` of an item's field paragraph sets, and where its value starts;
 * NULL when the line is no such line. */
static jb_text *
field_line(jb_item *it, const char *s, size_t len, size_t *value)
{
    static const struct {
        const char *key;
        size_t field;
    } keys[] = {{"byline", offsetof(jb_item, byline)},
                {"source", offsetof(jb_item, origin)},
                {"作者", offsetof(jb_item, byline)},
                {"来源", offsetof(jb_item, origin)}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t n = strlen(keys[k].key), i = n;
        if (len <= n || memcmp(s, keys[k].key, n) != 0)
            continue;
        while (i < len && s[i] == ' ')
            i++;
        if (i < len && s[i] == ':')
            i++;
        else if (i + 3 <= len && memcmp(s + i, "\xEF\xBC\x9A", 3) == 0) /* ： */
            i += 3;
        else
            continue;
        while (i < len && s[i] == ' ')
            i++;
        *value = i;
        return (jb_text *)((char *)it + keys[k].field);
    }
    return NULL;
}

int
jb_parse_item_fields(parse_ctx *c, jb_block *b)
{
    jb_item *it = jb_parse_item(c);
    const char *text = c->src->text;
    size_t start, end, n_lines = 0;

    if (c->plain || it->title.n == 0 || it->n_blocks != 1 || b != &it->blocks[0] ||
        b->kind != JB_BLOCK_PARA || b->text.n == 0 || (c->doc->n_items == 1 && !c->title_from_h1))
        return 0;
    /* the paragraph's source lines, each `byline: …` or `source: …` */
    start = b->text.offs[0], end = b->text.offs[b->text.n - 1];
    while (start > 0 && text[start - 1] != '\n')
        start--;
    while (end < c->src->len && text[end] != '\n')
        end++;
    for (size_t p = start; p < end;) {
        const char *nl = memchr(text + p, '\n', end - p);
        size_t e = nl ? (size_t)(nl - text) : end, v;
        while (p < e && text[p] == ' ')
            p++;
        if (p < e && field_line(it, text + p, e - p, &v) == NULL)
            return 0;
        n_lines++;
        p = e + 1;
    }
    if (n_lines == 0)
        return 0;
    for (size_t p = start; p < end;) {
        const char *nl = memchr(text + p, '\n', end - p);
        size_t e = nl ? (size_t)(nl - text) : end, v = 0;
        while (p < e && text[p] == ' ')
            p++;
        jb_text *t = p < e ? field_line(it, text + p, e - p, &v) : NULL;
        size_t ve = e;
        while (ve > p + v && (text[ve - 1] == ' ' || text[ve - 1] == '\r'))
            ve--;
        if (t && ve > p + v) {
            if (t->n && jb_text_push(t, ' ', (uint32_t)(p + v), 0) != 0)
                return jb_parse_nomem(c), -1;
            if (jb_text_push_utf8(t, text + p + v, ve - p - v, (uint32_t)(p + v), 0) != 0)
                return jb_parse_nomem(c), -1;
        }
        p = e + 1;
    }
    jb_item_remove_block(it, 0);
    return 1;
}

jb_status
jb_parse_check_items(parse_ctx *c)
{
    jb_doc *doc = c->doc;

    for (size_t k = 1; k < doc->n_items; k++) {
        const jb_item *it = &doc->items[k];
        if (it->title.n == 0)
            return jb_parse_format_error(c, c->body_off, "write the item's title after `# `",
                                         "item %zu has an empty title", k + 1);
        if (it->n_blocks == 0)
            return jb_parse_format_error(c, it->title.offs[0],
                                         "write the item's paragraphs under its `# ` title",
                                         "item %zu has no body text", k + 1);
    }
    if (doc->n_items > 1 && doc->items[0].n_blocks == 0)
        return jb_parse_format_error(c, doc->items[0].title.n ? doc->items[0].title.offs[0] : 0,
                                     "write the item's paragraphs under its title",
                                     "item 1 has no body text%s", "");
    return JB_OK;
}
