/* parse — report file (YAML front matter + Markdown body) → jb_doc, through libyaml and md4c. */
#include "parse.h"

#include <md4c.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "chars.h"
#include "normalize.h"
#include "utf8.h"

typedef struct {
    const jb_source *src;
    jb_doc *doc;
    jb_diag *d;
    size_t body_off;   /* source offset of the Markdown body */
    size_t yaml_line0; /* 0-based source line where the YAML text starts */
    jb_text *cur;      /* text receiving characters, NULL outside paragraphs and headings */
    int strong;        /* depth of ** spans */
    const char *bad;   /* name of an unsupported block we are inside */
    int title_from_h1;
    int photo_para;  /* the paragraph holds photos only (it is no paragraph) */
    int in_para;     /* the last block is the paragraph being read */
    jb_photo *photo; /* inside ![…](…): its alt text is the caption */
    /* Markdown as people write it (docs/FORMAT.md "Markdown without front matter") */
    int plain;   /* no front matter: **…** is no forced figure, it may open a lead phrase */
    int n_lists; /* depth of the lists we are in */
    unsigned ol_next[8]; /* per depth: the next ordered item's number, 0 in a bullet list */
    char ol_delim[8];
    int li_fresh;      /* a list item opened: its first text goes to a new paragraph */
    int strong_at0;    /* the current ** span opened the paragraph */
    size_t strong_end; /* characters of the paragraph when that span closed (0: none) */
    int thead;         /* inside a GFM table's header */
} parse_ctx;

static jb_status
nomem(parse_ctx *c)
{
    return jb_diag_set(c->d, JB_ERR_NOMEM, c->src->path, 0, 0, NULL, "out of memory");
}

static jb_status format_error(parse_ctx *c, size_t off, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static jb_status
format_error(parse_ctx *c, size_t off, const char *hint, const char *fmt, ...)
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

/* ---- front matter (YAML) ---- */

/* Source offset of a YAML mark (line and column are 0-based, column in characters). */
static size_t
mark_offset(parse_ctx *c, yaml_mark_t m)
{
    size_t line = c->yaml_line0 + m.line;
    size_t off;

    if (line >= c->src->n_lines)
        return c->src->len;
    off = c->src->line_starts[line];
    for (size_t k = 0; k < m.column && off < c->src->len; k++) {
        uint32_t cp;
        size_t used = jb_utf8_decode(c->src->text + off, c->src->len - off, &cp);
        off += used ? used : 1;
    }
    return off;
}

static size_t
scalar_offset(parse_ctx *c, yaml_node_t *n)
{
    size_t off = mark_offset(c, n->start_mark);
    if (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        off++;
    return off;
}

static jb_status
set_field(parse_ctx *c, jb_text *t, yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE)
        return format_error(c, mark_offset(c, n->start_mark), "write the value as plain text",
                            "front matter: expected text here%s", "");
    jb_text_fini(t);
    if (jb_text_push_utf8(t, (const char *)n->data.scalar.value, n->data.scalar.length,
                          (uint32_t)scalar_offset(c, n), 0) != 0)
        return nomem(c);
    return JB_OK;
}

/* A distribution row: text, or a list of recipients joined with 、. */
static jb_status
set_list(parse_ctx *c, yaml_document_t *ydoc, jb_text *t, yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE)
        return set_field(c, t, n);
    if (n->type != YAML_SEQUENCE_NODE)
        return format_error(c, mark_offset(c, n->start_mark), "give text or a list of recipients",
                            "front matter: expected a list of recipients%s", "");
    jb_text_fini(t);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *v = yaml_document_get_node(ydoc, *it);
        if (v == NULL || v->type != YAML_SCALAR_NODE)
            return format_error(c, v ? mark_offset(c, v->start_mark) : (size_t)-1,
                                "each recipient is plain text",
                                "front matter: expected a recipient name%s", "");
        if (t->n > 0 && jb_text_push(t, 0x3001, (uint32_t)scalar_offset(c, v), 0) != 0)
            return nomem(c);
        if (jb_text_push_utf8(t, (const char *)v->data.scalar.value, v->data.scalar.length,
                              (uint32_t)scalar_offset(c, v), 0) != 0)
            return nomem(c);
    }
    return JB_OK;
}

/* date: YYYY-MM-DD (a time after it is ignored) → 2023年7月19日; a value already in that form is
 * kept. */
static jb_status
set_date(parse_ctx *c, yaml_node_t *n)
{
    const char *v = (const char *)n->data.scalar.value;
    uint32_t off;

    if (n->type != YAML_SCALAR_NODE)
        return set_field(c, &c->doc->masthead.date, n);
    off = (uint32_t)scalar_offset(c, n);
    if (strlen(v) >= 10 && v[4] == '-' && v[7] == '-') {
        if (jb_doc_set_date(c->doc, v, off) != 0)
            return format_error(c, off, "write the date as YYYY-MM-DD, e.g. 2023-07-19",
                                "front matter: no such date '%s'", v);
        return JB_OK;
    }
    if (strstr(v, "年") && strstr(v, "月") && strstr(v, "日")) {
        int y, m, dd;
        char iso[32];
        if (sscanf(v, "%d年%d月%d日", &y, &m, &dd) == 3) {
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
            if (jb_doc_set_date(c->doc, iso, off) != 0)
                return format_error(c, off, "write the date as YYYY-MM-DD, e.g. 2023-07-19",
                                    "front matter: no such date '%s'", v);
        }
        return set_field(c, &c->doc->masthead.date, n);
    }
    return format_error(c, off, "write the date as YYYY-MM-DD, e.g. 2023-07-19",
                        "front matter: cannot read the date '%s'", v);
}

static jb_status
apply_key(parse_ctx *c, yaml_document_t *ydoc, yaml_node_t *k, yaml_node_t *v)
{
    const char *key = (const char *)k->data.scalar.value;
    jb_doc *doc = c->doc;
    const jb_field *f = jb_field_find(key);

    if (f && f->kind == JB_FIELD_TEXT)
        return set_field(c, jb_doc_field(doc, key), v);
    if (f && f->kind == JB_FIELD_DATE)
        return set_date(c, v);
    if (f && f->kind == JB_FIELD_FLAG) {
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (strcmp(s, "off") == 0 || strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
            doc->figures_off = 1;
        else if (strcmp(s, "auto") == 0 || strcmp(s, "on") == 0 || strcmp(s, "true") == 0 ||
                 strcmp(s, "yes") == 0)
            doc->figures_off = 0;
        else
            return format_error(c, mark_offset(c, v->start_mark),
                                "use figures: auto or figures: off",
                                "front matter: figures must be auto or off, not '%s'", s);
        return JB_OK;
    }
    if (f && f->kind == JB_FIELD_DIST) {
        if (v->type != YAML_MAPPING_NODE)
            return format_error(c, mark_offset(c, v->start_mark),
                                "write it as a block with the keys 报, 送 and 发",
                                "front matter: distribution must be a mapping%s", "");
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
            yaml_node_t *dk = yaml_document_get_node(ydoc, p->key);
            yaml_node_t *dv = yaml_document_get_node(ydoc, p->value);
            const char *name =
                dk && dk->type == YAML_SCALAR_NODE ? (const char *)dk->data.scalar.value : "";
            int row = strcmp(name, "报") == 0   ? JB_DIST_BAO
                      : strcmp(name, "送") == 0 ? JB_DIST_SONG
                      : strcmp(name, "发") == 0 ? JB_DIST_FA
                                                : -1;
            jb_status st;
            if (row < 0)
                return format_error(c, dk ? mark_offset(c, dk->start_mark) : (size_t)-1,
                                    "the rows of the 报尾 are 报, 送 and 发",
                                    "front matter: unknown distribution row '%s'", name);
            if ((st = set_list(c, ydoc, &doc->colophon.dist[row], dv)) != JB_OK)
                return st;
        }
        return JB_OK;
    }
    {
        char keys[256], hint[300];
        jb_field_list(0, keys, sizeof keys);
        snprintf(hint, sizeof hint, "known keys: %s (docs/FORMAT.md)", keys);
        return format_error(c, mark_offset(c, k->start_mark), hint,
                            "front matter: unknown key '%s'", key);
    }
}

static jb_status
parse_front_matter(parse_ctx *c, const char *yaml, size_t len)
{
    yaml_parser_t parser;
    yaml_document_t ydoc;
    yaml_node_t *root;
    jb_status st = JB_OK;

    if (!yaml_parser_initialize(&parser))
        return nomem(c);
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &ydoc)) {
        yaml_mark_t m = parser.problem_mark;
        st = format_error(c, mark_offset(c, m),
                          "front matter lines are `key: value`; quote a value that holds `: `",
                          "front matter: %s", parser.problem ? parser.problem : "cannot be read");
        yaml_parser_delete(&parser);
        return st;
    }
    root = yaml_document_get_root_node(&ydoc);
    if (root != NULL && root->type != YAML_MAPPING_NODE) {
        st = format_error(c, mark_offset(c, root->start_mark), "write `key: value` lines",
                          "front matter: expected key: value lines%s", "");
    } else if (root != NULL) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top && st == JB_OK; p++) {
            yaml_node_t *k = yaml_document_get_node(&ydoc, p->key);
            yaml_node_t *v = yaml_document_get_node(&ydoc, p->value);
            if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE)
                st = format_error(c, (size_t)-1, "write `key: value` lines",
                                  "front matter: expected key: value lines%s", "");
            else
                st = apply_key(c, &ydoc, k, v);
        }
    }
    yaml_document_delete(&ydoc);
    yaml_parser_delete(&parser);
    return st;
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
    jb_block *b = jb_item_add_block(&c->doc->items[0], JB_BLOCK_PARA, (uint32_t)c->body_off);
    if (b == NULL) {
        nomem(c);
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
    jb_item *it = &c->doc->items[0];

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
    case MD_BLOCK_HR: return 1;
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        jb_block *b;
        if (c->plain && it->title.n == 0 && it->n_blocks == 0) {
            c->cur = &it->title; /* numbered: moved to a head when it ends */
            c->title_from_h1 = 1;
            return 1;
        }
        if (level == 2 || (level == 1 && (!c->plain || it->title.n == 0)))
            return 0;
        if ((b = jb_item_add_block(it, JB_BLOCK_HEAD, (uint32_t)c->body_off)) == NULL) {
            nomem(c);
            return 1;
        }
        b->level = 1; /* the page sets one level of heads (RULES §5.4) */
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
            nomem(c);
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
    jb_item *it = &c->doc->items[0];
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
    jb_item *it = &c->doc->items[0];
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

/* A paragraph (or list item) ends. Without front matter: one bold from end to end of at most
 * 40 characters is a head (the title when nothing came before); one opening with a bold run of
 * Han of at most 30 characters ending in a mark, or followed by one or a blank, has that run
 * (and the mark) as its lead phrase (RULES §5.4), set as a head inside the paragraph. 1 when the
 * paragraph became the title (its block is gone). */
static int
plain_para_end(parse_ctx *c)
{
    jb_item *it = &c->doc->items[0];
    jb_block *b = it->n_blocks ? &it->blocks[it->n_blocks - 1] : NULL;
    size_t end = c->strong_end;

    if (!c->plain || !c->strong_at0 || b == NULL || b->kind != JB_BLOCK_PARA || end == 0 ||
        c->cur != &b->text)
        return 0;
    c->strong_at0 = 0;
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
        b->level = 1;
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

/* Leaving a block plain_block took. 1 when handled. */
static int
plain_leave(parse_ctx *c, MD_BLOCKTYPE type)
{
    jb_item *it = &c->doc->items[0];
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
    case MD_BLOCK_QUOTE:
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
                nomem(c);
                return 1;
            }
            b->level = 1;
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
    jb_item *it = &c->doc->items[0];

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
        if (level == 1 && it->title.n == 0 && jb_item_n_lead(it) == 0 &&
            jb_item_n_sections(it) == 0) {
            c->cur = &it->title;
            c->title_from_h1 = 1;
            return 0;
        }
        if (level == 2) {
            if ((b = jb_item_add_block(it, JB_BLOCK_HEAD, (uint32_t)c->body_off)) == NULL) {
                nomem(c);
                return -1;
            }
            b->level = 1; /* the report's ## is the page's first level */
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
    case MD_BLOCK_TD: return enter_table(c, type, detail) == 0 ? 0 : (nomem(c), -1);
    default: c->bad = block_name(type); return 0;
    }
}

/* ---- photos: ![caption](photo.jpg) alone in its paragraph (docs/FORMAT.md) ---- */

/* The paragraph held only photos: its empty block goes. */
static void
drop_photo_para(parse_ctx *c)
{
    jb_item *it = &c->doc->items[0];

    jb_item_remove_block(it, it->n_blocks - 1);
    c->photo_para = 0;
}

static int
enter_photo(parse_ctx *c, const MD_SPAN_IMG_DETAIL *img)
{
    const char *src = img->src.text;
    size_t off = src ? (size_t)(src - c->src->text) : c->body_off;
    jb_item *it = &c->doc->items[0];
    jb_block *para;
    uint32_t para_off = it->n_blocks ? it->blocks[it->n_blocks - 1].off : 0;
    char *ref;

    if (off > c->src->len)
        off = c->body_off;
    if (c->cur == NULL || !c->in_para || (c->cur->n > 0 && !c->photo_para)) {
        format_error(c, off,
                     "put the photo in a paragraph of its own: a blank line before and "
                     "after ![caption](photo.jpg)",
                     "a photo inside the text of a paragraph or heading%s", "");
        return -1;
    }
    if ((ref = malloc(img->src.size + 1)) == NULL) {
        nomem(c);
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
        nomem(c);
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
        format_error(c, (size_t)-1, "a report holds paragraphs and `## ` section heads only",
                     "the report body contains %s", c->bad);
        return -1;
    }
    if (plain_leave(c, type))
        return c->d->status == JB_OK ? 0 : -1;
    if (c->d->status != JB_OK)
        return -1;
    if (type == MD_BLOCK_P) {
        jb_block *b = &c->doc->items[0].blocks[c->doc->items[0].n_blocks - 1];
        if (c->photo_para) {
            drop_photo_para(c);
        } else {
            if (b->text.n)
                b->off = b->text.offs[0];
            if (pasted_table(c, b) != 0) {
                nomem(c);
                return -1;
            }
        }
        c->in_para = 0;
    }
    if (type >= MD_BLOCK_TABLE && type <= MD_BLOCK_TD) {
        leave_table(c, type);
        return 0;
    }
    if (type == MD_BLOCK_H && c->cur != &c->doc->items[0].title)
        c->doc->items[0].blocks[c->doc->items[0].n_blocks - 1].off =
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
    if (type == MD_SPAN_STRONG && c->strong++ == 0 && c->plain &&
        (c->li_fresh || (c->in_para && c->cur && c->cur->n == 0)))
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
        format_error(c, off, "a report holds paragraphs and `## ` section heads only",
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
                   : (nomem(c), -1);
    if (c->photo_para) { /* beside photos only blanks */
        for (MD_SIZE i = 0; i < size; i++)
            if (!strchr(" \t\n", text[i]) && type != MD_TEXT_SOFTBR && type != MD_TEXT_BR) {
                format_error(c, off,
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
        nomem(c);
        return -1;
    }
    return 0;
}

static void
normalise_cb(jb_text *t, void *ud)
{
    jb_doc *doc = ud;
    jb_normalize_space(t, t == &doc->items[0].byline ? 1 : t == &doc->items[0].title ? 2 : 0);
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
        return nomem(&c);

    /* Front matter: a first line `---`, key: value lines, a closing `---` line. */
    if (strncmp(text, "---\n", 4) == 0) {
        const char *end = strstr(text + 3, "\n---\n");
        const char *alt = strstr(text + 3, "\n---");
        if (end == NULL && alt != NULL && alt[4] == '\0')
            end = alt;
        if (end == NULL) {
            st = format_error(&c, 0, "close the front matter with a line holding only ---",
                              "front matter is not closed%s", "");
            goto fail;
        }
        c.yaml_line0 = 1;
        if ((st = parse_front_matter(&c, text + 4, (size_t)(end + 1 - (text + 4)))) != JB_OK)
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
        st = d->status != JB_OK
                 ? d->status
                 : format_error(&c, (size_t)-1, NULL, "cannot parse the Markdown body%s", "");
        goto fail;
    }
    jb_doc_each_text(c.doc, normalise_cb, c.doc);

    it = &c.doc->items[0];
    if (it->title.n == 0 && !have_title) {
        st = format_error(&c, 0, "add `title: …` to the front matter (docs/FORMAT.md)",
                          "the report has no title%s", "");
        goto fail;
    }
    if (it->n_blocks == 0) {
        st = format_error(&c, c.body_off,
                          "write the lead paragraph and the sections after the front matter",
                          "the report has no body text%s", "");
        goto fail;
    }
    for (size_t k = 0; k < it->n_blocks; k++) {
        if (it->blocks[k].kind == JB_BLOCK_HEAD && it->blocks[k].text.n == 0) {
            st = format_error(&c, it->blocks[k].off, "write the section's lead phrase after `## `",
                              "empty section heading%s", "");
            goto fail;
        }
    }
    *out = c.doc;
    return JB_OK;

fail:
    jb_doc_free(c.doc);
    return st;
}
