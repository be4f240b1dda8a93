/* parse_front — a report's YAML front matter (libyaml) → the fields of jb_doc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "parse_int.h"
#include "utf8.h"

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
        return jb_parse_format_error(c, mark_offset(c, n->start_mark),
                                     "write the value as plain text",
                                     "front matter: expected text here%s", "");
    jb_text_fini(t);
    if (jb_text_push_utf8(t, (const char *)n->data.scalar.value, n->data.scalar.length,
                          (uint32_t)scalar_offset(c, n), 0) != 0)
        return jb_parse_nomem(c);
    return JB_OK;
}

/* A distribution row: text, or a list of recipients joined with 、. */
static jb_status
set_list(parse_ctx *c, yaml_document_t *ydoc, jb_text *t, yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE)
        return set_field(c, t, n);
    if (n->type != YAML_SEQUENCE_NODE)
        return jb_parse_format_error(c, mark_offset(c, n->start_mark),
                                     "give text or a list of recipients",
                                     "front matter: expected a list of recipients%s", "");
    jb_text_fini(t);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *v = yaml_document_get_node(ydoc, *it);
        if (v == NULL || v->type != YAML_SCALAR_NODE)
            return jb_parse_format_error(c, v ? mark_offset(c, v->start_mark) : (size_t)-1,
                                         "each recipient is plain text",
                                         "front matter: expected a recipient name%s", "");
        if (t->n > 0 && jb_text_push(t, 0x3001, (uint32_t)scalar_offset(c, v), 0) != 0)
            return jb_parse_nomem(c);
        if (jb_text_push_utf8(t, (const char *)v->data.scalar.value, v->data.scalar.length,
                              (uint32_t)scalar_offset(c, v), 0) != 0)
            return jb_parse_nomem(c);
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
            return jb_parse_format_error(c, off, "write the date as YYYY-MM-DD, e.g. 2023-07-19",
                                         "front matter: no such date '%s'", v);
        return JB_OK;
    }
    if (strstr(v, "年") && strstr(v, "月") && strstr(v, "日")) {
        int y, m, dd;
        char iso[32];
        if (sscanf(v, "%d年%d月%d日", &y, &m, &dd) == 3) {
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y % 10000, m % 100, dd % 100);
            if (jb_doc_set_date(c->doc, iso, off) != 0)
                return jb_parse_format_error(c, off,
                                             "write the date as YYYY-MM-DD, e.g. 2023-07-19",
                                             "front matter: no such date '%s'", v);
        }
        return set_field(c, &c->doc->masthead.date, n);
    }
    return jb_parse_format_error(c, off, "write the date as YYYY-MM-DD, e.g. 2023-07-19",
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
    if (f && f->kind == JB_FIELD_PAGES) {
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (s[0] < '1' || s[0] > '8' || s[1] != '\0')
            return jb_parse_format_error(c, mark_offset(c, v->start_mark),
                                         "write the most pages it may take, 1 to 8",
                                         "front matter: pages must be 1 to 8, not '%s'", s);
        doc->pages = s[0] - '0';
        return JB_OK;
    }
    if (f && f->kind == JB_FIELD_FLAG && strcmp(key, "contents") == 0) {
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "on") == 0)
            doc->contents = 1;
        else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "off") == 0)
            doc->contents = 0;
        else {
            int h = 0;
            while (jb_contents_heads[h] && strcmp(s, jb_contents_heads[h]) != 0)
                h++;
            if (!jb_contents_heads[h])
                return jb_parse_format_error(
                    c, mark_offset(c, v->start_mark),
                    "use contents: yes, no, or the box's heading: 本期要目, 目录 or 本期导读",
                    "front matter: contents must be yes, no or a heading, not '%s'", s);
            doc->contents = h + 1;
        }
        return JB_OK;
    }
    if (f && f->kind == JB_FIELD_FLAG) {
        const char *s = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : "";
        if (strcmp(s, "off") == 0 || strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
            doc->figures_off = 1;
        else if (strcmp(s, "auto") == 0 || strcmp(s, "on") == 0 || strcmp(s, "true") == 0 ||
                 strcmp(s, "yes") == 0)
            doc->figures_off = 0;
        else
            return jb_parse_format_error(c, mark_offset(c, v->start_mark),
                                         "use figures: auto or figures: off",
                                         "front matter: figures must be auto or off, not '%s'", s);
        return JB_OK;
    }
    if (f && f->kind == JB_FIELD_DIST) {
        if (v->type != YAML_MAPPING_NODE)
            return jb_parse_format_error(c, mark_offset(c, v->start_mark),
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
                return jb_parse_format_error(c, dk ? mark_offset(c, dk->start_mark) : (size_t)-1,
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
        return jb_parse_format_error(c, mark_offset(c, k->start_mark), hint,
                                     "front matter: unknown key '%s'", key);
    }
}

jb_status
jb_parse_front_matter(parse_ctx *c, const char *yaml, size_t len)
{
    yaml_parser_t parser;
    yaml_document_t ydoc;
    yaml_node_t *root;
    jb_status st = JB_OK;

    if (!yaml_parser_initialize(&parser))
        return jb_parse_nomem(c);
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &ydoc)) {
        yaml_mark_t m = parser.problem_mark;
        st = jb_parse_format_error(
            c, mark_offset(c, m),
            "front matter lines are `key: value`; quote a value that holds `: `",
            "front matter: %s", parser.problem ? parser.problem : "cannot be read");
        yaml_parser_delete(&parser);
        return st;
    }
    root = yaml_document_get_root_node(&ydoc);
    if (root != NULL && root->type != YAML_MAPPING_NODE) {
        st = jb_parse_format_error(c, mark_offset(c, root->start_mark), "write `key: value` lines",
                                   "front matter: expected key: value lines%s", "");
    } else if (root != NULL) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top && st == JB_OK; p++) {
            yaml_node_t *k = yaml_document_get_node(&ydoc, p->key);
            yaml_node_t *v = yaml_document_get_node(&ydoc, p->value);
            if (k == NULL || v == NULL || k->type != YAML_SCALAR_NODE)
                st = jb_parse_format_error(c, (size_t)-1, "write `key: value` lines",
                                           "front matter: expected key: value lines%s", "");
            else
                st = apply_key(c, &ydoc, k, v);
        }
    }
    yaml_document_delete(&ydoc);
    yaml_parser_delete(&parser);
    return st;
}
