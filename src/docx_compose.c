/* docx_compose — from Word's paragraphs to the text the core parses: a report with front matter
 * when Word's styles give the title and the heads, an article for import when not; the custom
 * properties as front-matter fields (docx_int.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_int.h"

/* ---- from paragraphs to a report or an article ---- */

/* A front-matter value in YAML double quotes. */
static void
yaml_value(buf *b, const char *key, const char *v)
{
    buf_str(b, key);
    buf_str(b, ": \"");
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_add(b, "\\", 1);
        buf_add(b, p, 1);
    }
    buf_str(b, "\"\n");
}

/* Markdown text with every ASCII punctuation mark escaped (CommonMark allows it for all). */
static void
md_text(buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && ispunct(c)) { /* the run before at once, then the escape */
            buf_add(b, s + run, i - run);
            buf_add(b, "\\", 1);
            run = i;
        }
    }
    buf_add(b, s + run, n - run);
}

/* The cells of a table row (its tabs plus one). */
static size_t
row_cells(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == '\t';
    return n;
}

/* A newline and the delimiter row of a table of cells columns. */
static void
delimiter_row(buf *b, size_t cells)
{
    buf_str(b, "\n|");
    for (size_t k = 0; k < cells; k++)
        buf_str(b, " --- |");
}

/* A table row as a GFM row (docs/FORMAT.md "Tables"): the delimiter row follows the table's
 * header rows (*left counts down those still to come: table_heads), or when the table has none,
 * a row of empty cells and the delimiter row stand before its first row; each cell's text with
 * Markdown's marks escaped, but for the rowspan mark ^^. parse.c reads the table back, merged
 * cells included. */
static void
gfm_row(buf *b, const wpara *w, int *left)
{
    size_t cells = row_cells(w->text);
    const char *s = w->text;
    if (w->table_row == 1) {
        buf_str(b, "\n");
        *left = w->table_heads;
        if (w->table_heads == 0) {
            buf_str(b, "|");
            for (size_t k = 0; k < cells; k++)
                buf_str(b, "  |");
            delimiter_row(b, cells);
            buf_str(b, "\n");
        }
    }
    buf_str(b, "|");
    for (const char *t = s;; t++) {
        if (*t == '\t' || *t == '\0') {
            buf_str(b, " ");
            if (t - s == 2 && s[0] == '^' && s[1] == '^')
                buf_str(b, "^^");
            else
                md_text(b, s, (size_t)(t - s));
            buf_str(b, " |");
            if (*t == '\0')
                break;
            s = t + 1;
        }
    }
    if (*left > 0 && --*left == 0)
        delimiter_row(b, cells);
    buf_str(b, "\n");
}

/* A row of a table with no header row, or with two or more, as a |-separated line for import
 * (docs/FORMAT.md "Tables"; a blank line of tabs would not survive): a row of empty cells before
 * the first when it has none, the delimiter row after the header rows (*left as for gfm_row). */
static void
pipe_row(buf *b, const wpara *w, int *left)
{
    if (w->table_row == 1 && (*left = w->table_heads) == 0) {
        for (size_t k = 0; k < row_cells(w->text); k++)
            buf_str(b, "|  ");
        buf_str(b, "|\n");
    }
    buf_str(b, "| ");
    for (const char *t = w->text; *t; t++) {
        if (*t == '\t' || *t == '|')
            buf_str(b, *t == '\t' ? " | " : "\\|");
        else
            buf_add(b, t, 1);
    }
    buf_str(b, " |");
    if (*left > 0 && --*left == 0)
        delimiter_row(b, row_cells(w->text));
}

/* Bold at the start that reads as a lead phrase: it ends in punctuation and text follows. */
static int
bold_lead(const wpara *w)
{
    static const char *const ends[] = {"。", "；", "：", "！", "？", "，", ".", ":", ";"};
    size_t n = w->bold_len;
    if (n == 0 || n >= strlen(w->text))
        return 0;
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);
        if (n >= e && memcmp(w->text + n - e, ends[k], e) == 0)
            return 1;
    }
    return 0;
}

static size_t
count_chars(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* A byline: a short line of names (2–4 characters each, blank-separated), maybe after 作者：. */
static int
names_like(const char *s)
{
    size_t n = count_chars(s);
    return n >= 2 && n <= 40 && !strstr(s, "。") && !strstr(s, "，") && !strstr(s, "；");
}

typedef struct {
    const char *key;
    char *val;
} prop;

/* Front-matter fields from the document's custom properties (docProps/custom.xml), named as
 * the front-matter keys. */
static const char *const prop_keys[JB_DOCX_N_PROPS] = {JB_DOCX_PROP_KEYS};

void
read_custom(const xmlDoc *x, char **vals)
{
    const xmlNode *root = x ? xmlDocGetRootElement((xmlDoc *)x) : NULL;
    for (const xmlNode *p = root ? root->children : NULL; p; p = p->next) {
        const char *name = is_el(p, "property") ? attr(p, "name") : NULL;
        for (size_t k = 0; name && k < N_PROPS; k++)
            if (strcmp(name, prop_keys[k]) == 0 && vals[k] == NULL) {
                for (const xmlNode *v = p->children; v; v = v->next)
                    if (v->type == XML_ELEMENT_NODE) {
                        xmlChar *t = xmlNodeGetContent(v);
                        if (t) {
                            vals[k] = strdup((const char *)t);
                            xmlFree(t);
                        }
                        break;
                    }
            }
    }
}

int
date_like(const char *s)
{
    return (strlen(s) >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-') ||
           (strstr(s, "年") && strstr(s, "月") && strstr(s, "日"));
}

/* The index of the title paragraph, or -1: the Title style, else the first centred paragraph
 * set larger than the body before the body starts, else a lone top-level first heading. */
static long
find_title(const reader *r)
{
    int min_level = 10, at_min = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_TITLE)
            return (long)i;
    for (size_t i = 0; i < r->n && r->p[i].center; i++)
        if (r->p[i].sz * 10 >= r->st.default_sz * 12 && r->p[i].kind != PK_HEADING)
            return (long)i;
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_HEADING && r->p[i].level < min_level)
            min_level = r->p[i].level, at_min = 0;
    for (size_t i = 0; i < r->n; i++)
        at_min += r->p[i].kind == PK_HEADING && r->p[i].level == min_level;
    if (r->n && r->p[0].kind == PK_HEADING && r->p[0].level == min_level && at_min == 1 && r->n > 1)
        return 0;
    return -1;
}

/* The report text (front matter + Markdown) when Word's styles give title and heads (or, with
 * item, as one item of several whatever it holds), else NULL in *out with *article the text for
 * import (one paragraph a line, blank lines between, a bold lead phrase as **…**). */
static void
compose_one(reader *r, char **vals, buf *out, int *structured, int item)
{
    long title = find_title(r);
    size_t heads = 0, first_body = r->n;
    int left = 0, pipes = 0; /* the table being written: header rows to come, as | lines */
    int under_head = 0;      /* a heading was written: a bold lead after it is no section */
    int top = 10;            /* the shallowest heading level of the body */
    char *byline = NULL, *date = NULL, *source = NULL;

    for (size_t i = 0; i < r->n; i++)
        heads += !r->p[i].table_row &&
                 ((r->p[i].kind == PK_HEADING && (long)i != title) || bold_lead(&r->p[i]) ||
                  (r->p[i].all_bold && (long)i != title && count_chars(r->p[i].text) <= 40 &&
                   r->p[i].bold_len > 0 && (long)i > title));
    *structured = title >= 0 && (heads > 0 || item);
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_HEADING && (long)i != title && r->p[i].level < top)
            top = r->p[i].level;
    if (!*structured) {
        for (size_t i = 0; i < r->n; i++) {
            const wpara *w = &r->p[i];
            if (i && w->table_row != 2) /* a table's rows stand together */
                buf_str(out, "\n");
            if (w->table_row) {
                if (w->table_row == 1)
                    pipes = w->table_heads != 1;
                if (pipes)
                    pipe_row(out, w, &left);
                else
                    buf_str(out, w->text);
            } else if (bold_lead(w)) {
                buf_str(out, "**");
                buf_add(out, w->text, w->bold_len);
                buf_str(out, "**");
                buf_str(out, w->text + w->bold_len);
            } else {
                buf_str(out, w->text);
            }
            buf_str(out, "\n");
        }
        return;
    }
    /* between the title and the body: byline, date, 来源 lines */
    for (size_t i = (size_t)title + 1; i < r->n; i++) {
        wpara *w = &r->p[i];
        if (w->table_row) {
            first_body = i;
            break;
        }
        if (w->kind == PK_AUTHOR || (w->kind == PK_SUBTITLE && names_like(w->text)) ||
            (w->center && !byline && names_like(w->text) && !date_like(w->text) &&
             strncmp(w->text, "来源", 6) != 0)) {
            if (!byline)
                byline = w->text;
        } else if (w->kind == PK_DATE ||
                   (w->center && date_like(w->text) && count_chars(w->text) <= 20)) {
            if (!date)
                date = w->text;
        } else if (strncmp(w->text, "来源：", 9) == 0 && count_chars(w->text) <= 40) {
            source = w->text + 9;
        } else {
            first_body = i;
            break;
        }
    }
    buf_str(out, "---\n");
    yaml_value(out, "title", r->p[title].text);
    for (size_t k = 0; k < N_PROPS; k++) {
        const char *v = vals[k];
        if (strcmp(prop_keys[k], "title") == 0)
            continue;
        if (strcmp(prop_keys[k], "byline") == 0 && byline)
            v = byline;
        if (strcmp(prop_keys[k], "source") == 0 && source)
            v = source;
        if (strcmp(prop_keys[k], "date") == 0) {
            if (v == NULL || !date_like(v))
                v = date && date_like(date) ? date : NULL;
        }
        if (v && *v)
            yaml_value(out, prop_keys[k], v);
    }
    buf_str(out, "---\n");
    for (size_t i = 0; i < (size_t)title; i++) { /* before the title (a masthead line?): lead */
        buf_str(out, "\n");
        md_text(out, r->p[i].text, strlen(r->p[i].text));
        buf_str(out, "\n");
    }
    for (size_t i = first_body; i <= r->n; i++) {
        const wpara *w = i < r->n ? &r->p[i] : NULL;
        /* the photos that stand here, each captioned by the caption paragraph after it (which is
         * then no body text) or by its own description */
        int captioned = 0;
        for (size_t k = 0; k < r->info->n_images; k++) {
            jb_docx_image *img = &r->info->images[k];
            const char *cap = img->alt ? img->alt : "";
            if (img->placed || (img->before != i && !(i == first_body && img->before < first_body)))
                continue;
            if (img->data == NULL)
                continue;
            if (w && w->kind == PK_CAPTION && !captioned) {
                cap = w->text;
                captioned = 1;
            }
            buf_str(out, "\n![");
            md_text(out, cap, strlen(cap));
            buf_str(out, "](");
            buf_str(out, img->name);
            buf_str(out, ")\n");
            img->placed = 1;
        }
        if (w == NULL || captioned)
            continue;
        if (w->table_row) { /* two header rows or more: | lines, which parse.c reads so */
            if (w->table_row == 1)
                pipes = w->table_heads >= 2;
            if (pipes) {
                buf_str(out, w->table_row == 1 ? "\n" : "");
                pipe_row(out, w, &left);
                buf_str(out, "\n");
            } else {
                gfm_row(out, w, &left);
            }
            continue;
        }
        buf_str(out, "\n");
        if ((w->kind == PK_HEADING) ||
            (w->all_bold && w->bold_len > 0 && count_chars(w->text) <= 40)) {
            /* Heading 2 under Heading 1: ###, deeper ####; a bold line: ## */
            int depth = w->kind == PK_HEADING && w->level > top ? w->level - top : 0;
            buf_str(out, depth >= 2 ? "#### " : depth == 1 ? "### " : "## ");
            md_text(out, w->text, strlen(w->text));
            under_head = 1;
        } else if (bold_lead(w) &&
                   under_head) {    /* under 一、…: the paragraph's lead phrase,
                                       which parse.c reads from **…** ending in a mark */
            size_t n = w->bold_len; /* its mark after the closing ** (CommonMark closes no
                                     ** between a mark and a letter) */
            while (n > 0 && ((unsigned char)w->text[n - 1] & 0xC0) == 0x80)
                n--;
            n = n > 0 ? n - 1 : 0;
            buf_str(out, "**");
            md_text(out, w->text, n);
            buf_str(out, "**");
            md_text(out, w->text + n, strlen(w->text + n));
        } else if (bold_lead(w)) {
            buf_str(out, "## ");
            md_text(out, w->text, w->bold_len);
            buf_str(out, "\n\n");
            md_text(out, w->text + w->bold_len, strlen(w->text + w->bold_len));
        } else {
            md_text(out, w->text, strlen(w->text));
        }
        buf_str(out, "\n");
    }
}

void
drop_undated(char **vals)
{
    for (size_t k = 0; k < N_PROPS; k++)
        if (vals[k] && strcmp(prop_keys[k], "date") == 0 && !date_like(vals[k])) {
            free(vals[k]);
            vals[k] = NULL;
        }
}

/* Does s hold a 期号 (第3期, 总第27期, 2024年第5期): a 报头 line above an issue's items? */
static int
issue_like(const char *s)
{
    static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七",
                                     "八", "九", "十", "百", "零", "〇"};
    for (const char *p = strstr(s, "第"); p; p = strstr(p + 1, "第")) {
        const char *q = p + strlen("第");
        int n = 0;
        for (;; n++) {
            size_t k = 0;
            if (isdigit((unsigned char)*q)) {
                q++;
                continue;
            }
            while (k < sizeof cn / sizeof cn[0] && strncmp(q, cn[k], strlen(cn[k])) != 0)
                k++;
            if (k == sizeof cn / sizeof cn[0])
                break;
            q += strlen(cn[k]);
        }
        if (n > 0 && strncmp(q, "期", strlen("期")) == 0)
            return 1;
    }
    return 0;
}

/* Does a heading read as a numbered section head (一、 （一） 1. 第一，) rather than a title? */
static int
numbered_head(const char *s)
{
    static const char *const starts[] = {"（",   "(",    "第",   "一、", "二、",
                                         "三、", "四、", "五、", "六、", "七、",
                                         "八、", "九、", "十、", "一是", "二是"};
    if (isdigit((unsigned char)s[0]))
        return 1;
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
        if (strncmp(s, starts[k], strlen(starts[k])) == 0)
            return 1;
    return 0;
}

/* A document with no Title paragraph whose 报头 (a line with a 期号) stands above two or more
 * headings of its top level, none numbered: those headings are the items' titles (made Title
 * paragraphs here). 1 when so. */
static int
headings_as_titles(reader *r)
{
    int min = 10, masthead = 0;
    size_t first = r->n, count = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->p[i].kind == PK_TITLE)
            return 0;
        if (r->p[i].kind == PK_HEADING && r->p[i].level < min)
            min = r->p[i].level;
    }
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_HEADING && r->p[i].level == min && !r->p[i].table_row) {
            if (numbered_head(r->p[i].text))
                return 0;
            first = first < i ? first : i;
            count++;
        }
    for (size_t i = 0; i < first; i++)
        masthead |= issue_like(r->p[i].text);
    if (count < 2 || !masthead)
        return 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_HEADING && r->p[i].level == min && !r->p[i].table_row)
            r->p[i].kind = PK_TITLE;
    return 1;
}

/* A document of several items: two or more Title paragraphs (or, below a 报头, top-level
 * headings: headings_as_titles), each opening an item (what stands before the first goes with
 * it). Each item is composed as a report of its own, one after the
 * other (jb_issue_parse_reports reads them back as one issue); the custom properties go with
 * the first. Else the document is one report or article. */
void
compose(reader *r, char **vals, buf *out, int *structured)
{
    size_t titles = 0, n = r->n, *starts;
    wpara *all = r->p;
    char *none[JB_DOCX_N_PROPS] = {NULL};

    headings_as_titles(r);
    for (size_t i = 0; i < n; i++)
        titles += all[i].kind == PK_TITLE && !all[i].table_row;
    if (titles < 2 || (starts = calloc(titles, sizeof *starts)) == NULL) {
        if (titles >= 2)
            out->fail = 1;
        compose_one(r, vals, out, structured, 0);
        return;
    }
    for (size_t i = 0, k = 0; i < n; i++)
        if (all[i].kind == PK_TITLE && !all[i].table_row)
            starts[k++] = i;
    starts[0] = 0; /* what stands before the first title goes with the first item */
    *structured = 1;
    for (size_t k = 0; k < titles; k++) {
        size_t from = starts[k], to = k + 1 < titles ? starts[k + 1] : n;
        int one;
        /* the item's paragraphs, its photos counted from its first paragraph (those of others
         * wrap around out of its range) */
        for (size_t m = 0; m < r->info->n_images; m++)
            r->info->images[m].before -= from;
        r->p = all + from, r->n = to - from;
        compose_one(r, k == 0 ? vals : none, out, &one, 1);
        for (size_t m = 0; m < r->info->n_images; m++)
            r->info->images[m].before += from;
    }
    r->p = all, r->n = n;
    free(starts);
}
