/* inspect — the laid-out page and the document model as JSON. */
#include "inspect.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "placeholders.h"
#include "utf8.h"

static double
r3(double v)
{
    return round(v * 1000) / 1000;
}

static const char *const kind_names[] = {"masthead", "title",    "byline",  "body",
                                         "source",   "foot",     "caption", "cell",
                                         "note",     "contents", "folio"};

/* A box (PDF points, lower left corner and size) as o's "box". 0 or -1. */
static int
box_json(cJSON *o, double x, double y, double w, double h)
{
    cJSON *box = cJSON_AddObjectToObject(o, "box");
    if (box == NULL)
        return -1;
    cJSON_AddNumberToObject(box, "x_pt", r3(x));
    cJSON_AddNumberToObject(box, "y_pt", r3(y));
    cJSON_AddNumberToObject(box, "width_pt", r3(w));
    cJSON_AddNumberToObject(box, "height_pt", r3(h));
    return 0;
}

/* The characters of glyphs [first, first + n) as new UTF-8 (caller frees); NULL out of memory. */
static char *
glyph_text(const jb_page *pg, size_t first, size_t n)
{
    char *text = malloc(n * 4 + 1);
    size_t k = 0;
    if (text == NULL)
        return NULL;
    for (size_t g = 0; g < n; g++)
        k += jb_utf8_encode(pg->glyphs[first + g].cp, text + k);
    text[k] = '\0';
    return text;
}

/* The tables: per table its cells in row order, each with its grid place, spans, text and box
 * (PDF points, lower left corner and size); added only when the page has tables. */
static int
tables_json(cJSON *root, const jb_page *pg)
{
    cJSON *arr, *cells = NULL;
    long table = -1;

    if (pg->n_cells == 0)
        return 0;
    if ((arr = cJSON_AddArrayToObject(root, "tables")) == NULL)
        return -1;
    for (size_t i = 0; i < pg->n_cells; i++) {
        const jb_page_cell *c = &pg->cells[i];
        cJSON *o;
        char *text = glyph_text(pg, c->first_glyph, c->n_glyphs);
        if (text == NULL)
            return -1;
        if ((long)c->table != table) {
            cJSON *t = cJSON_CreateObject();
            if (t == NULL) {
                free(text);
                return -1;
            }
            cJSON_AddItemToArray(arr, t);
            cells = cJSON_AddArrayToObject(t, "cells");
            table = c->table;
        }
        if ((o = cJSON_CreateObject()) == NULL) {
            free(text);
            return -1;
        }
        cJSON_AddItemToArray(cells, o);
        cJSON_AddNumberToObject(o, "row", c->row);
        cJSON_AddNumberToObject(o, "col", c->col);
        cJSON_AddNumberToObject(o, "rowspan", c->rowspan);
        cJSON_AddNumberToObject(o, "colspan", c->colspan);
        cJSON_AddBoolToObject(o, "header", c->header);
        cJSON_AddStringToObject(o, "text", text);
        free(text);
        if (box_json(o, c->x0, c->y0, c->x1 - c->x0, c->y1 - c->y0) != 0)
            return -1;
        cJSON_AddNumberToObject(o, "first_line", (double)c->first_line);
        cJSON_AddNumberToObject(o, "lines", (double)c->n_lines);
    }
    return 0;
}

/* The photos: box (PDF points, lower left corner), source pixels, embedded pixels, placed ppi,
 * caption; added only when the page has photos. */
static int
images_json(cJSON *root, const jb_page *pg)
{
    cJSON *arr;

    if (pg->n_images == 0)
        return 0;
    if ((arr = cJSON_AddArrayToObject(root, "photos")) == NULL)
        return -1;
    for (size_t i = 0; i < pg->n_images; i++) {
        const jb_page_image *im = &pg->images[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
            return -1;
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "file", im->name);
        cJSON_AddStringToObject(o, "caption", im->caption);
        if (box_json(o, im->x, im->y, im->w, im->h) != 0)
            return -1;
        cJSON_AddNumberToObject(o, "source_width_px", im->src_w);
        cJSON_AddNumberToObject(o, "source_height_px", im->src_h);
        cJSON_AddNumberToObject(o, "embedded_width_px", im->px_w);
        cJSON_AddNumberToObject(o, "embedded_height_px", im->px_h);
        cJSON_AddNumberToObject(o, "placed_ppi", r3(im->ppi));
        cJSON_AddNumberToObject(o, "jpeg_bytes", (double)im->jpeg_len);
        cJSON_AddBoolToObject(o, "soft_mask", im->smask != NULL);
    }
    if (pg->photo_note[0])
        cJSON_AddStringToObject(root, "photo_fit", pg->photo_note);
    return 0;
}

/* The page as a cJSON tree (see jb_inspect_json). NULL when out of memory. */
static cJSON *
page_json(const jb_page *pg)
{
    cJSON *root = cJSON_CreateObject(), *lines;

    if (root == NULL)
        return NULL;
    cJSON_AddNumberToObject(root, "page_width_pt", r3(pg->w_pt));
    cJSON_AddNumberToObject(root, "page_height_pt", r3(pg->h_pt));
    cJSON_AddNumberToObject(root, "body_pt", r3(pg->body_pt));
    cJSON_AddNumberToObject(root, "measure_pt", r3(pg->measure_pt));
    cJSON_AddNumberToObject(root, "left_pt", r3(pg->left_pt));
    cJSON_AddNumberToObject(root, "body_lines", pg->body_lines);
    cJSON_AddNumberToObject(root, "spare_pt", r3(pg->spare_pt));
    cJSON_AddStringToObject(root, "punctuation", pg->kaiming ? "kaiming" : "quanjiao");
    {
        /* characters drawn from a fallback face: which, in which role, from which face */
        static const char *const roles[] = {"song", "kai", "hei", "fang", "title", "latin"};
        cJSON *fb = cJSON_AddArrayToObject(root, "fallbacks");
        for (size_t k = 0; fb && k < pg->n_fallbacks && k < JB_PAGE_FALLBACKS; k++) {
            const jb_page_fallback *f = &pg->fallbacks[k];
            cJSON *o = cJSON_CreateObject();
            char ch[8] = {0};
            jb_utf8_encode(f->cp, ch);
            cJSON_AddStringToObject(o, "char", ch);
            cJSON_AddStringToObject(o, "role", f->role < 6 ? roles[f->role] : "?");
            cJSON_AddStringToObject(o, "face", f->face);
            cJSON_AddItemToArray(fb, o);
        }
    }
    lines = cJSON_AddArrayToObject(root, "lines");
    for (size_t l = 0; lines && l < pg->n_lines; l++) {
        const jb_page_line *ln = &pg->lines[l];
        cJSON *o = cJSON_CreateObject(), *xs;
        char *text = glyph_text(pg, ln->first_glyph, ln->n_glyphs);
        if (o == NULL || text == NULL) {
            cJSON_Delete(o);
            free(text);
            cJSON_Delete(root);
            return NULL;
        }
        cJSON_AddStringToObject(o, "kind", kind_names[ln->kind]);
        cJSON_AddStringToObject(o, "text", text);
        free(text);
        cJSON_AddNumberToObject(o, "size_pt", r3(ln->size));
        cJSON_AddNumberToObject(o, "x0_pt", r3(ln->x0));
        cJSON_AddNumberToObject(o, "x1_pt", r3(ln->x1));
        cJSON_AddNumberToObject(o, "baseline_pt", r3(ln->y));
        cJSON_AddBoolToObject(o, "last", ln->last);
        cJSON_AddNumberToObject(o, "shrink_pt", r3(ln->shrink));
        cJSON_AddNumberToObject(o, "stretch_pt", r3(ln->stretch));
        xs = cJSON_AddArrayToObject(o, "glyph_x_pt");
        for (size_t g = 0; xs && g < ln->n_glyphs; g++)
            cJSON_AddItemToArray(
                xs, cJSON_CreateNumber(r3(pg->glyphs[ln->first_glyph + g].x - ln->x0)));
        cJSON_AddItemToArray(lines, o);
    }
    if (images_json(root, pg) != 0 || tables_json(root, pg) != 0) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static cJSON *
text_json(const jb_text *t)
{
    char *u = jb_text_to_utf8(t);
    cJSON *v = cJSON_CreateString(u ? u : "");
    free(u);
    return v;
}

/* The key figures of t as {text, section, line, col} objects appended to arr. */
static void
figures_json(cJSON *arr, const jb_text *t, int section, const jb_source *src)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!(t->marks[i] & JB_MARK_FIGURE) || (i > 0 && (t->marks[i - 1] & JB_MARK_FIGURE)))
            continue;
        size_t e = i;
        while (e < t->n && (t->marks[e] & JB_MARK_FIGURE))
            e++;
        jb_text span = {t->cps + i, t->offs + i, t->marks + i, e - i, 0};
        cJSON *f = cJSON_CreateObject();
        int line, col;
        jb_source_position(src, t->offs[i], &line, &col);
        cJSON_AddItemToObject(f, "text", text_json(&span));
        cJSON_AddNumberToObject(f, "section", section);
        cJSON_AddNumberToObject(f, "line", line);
        cJSON_AddNumberToObject(f, "col", col);
        cJSON_AddBoolToObject(f, "forced", (t->marks[i] & JB_MARK_FORCED) != 0);
        cJSON_AddItemToArray(arr, f);
    }
}

typedef struct {
    cJSON *arr;
    const jb_source *src;
} slot_ctx;

/* One placeholder (RULES.md §6.6) as {line, col, text, reason: 未填写}. */
static void
slot_json(const jb_text *t, jb_span s, void *ud)
{
    slot_ctx *c = ud;
    cJSON *o = cJSON_CreateObject();
    char buf[128];
    size_t len = 0;
    int line = 0, col = 0;
    if (o == NULL)
        return;
    jb_source_position(c->src, t->offs[s.start], &line, &col);
    for (size_t i = s.start; i < s.end && len + 5 < sizeof buf; i++)
        len += jb_utf8_encode(t->cps[i], buf + len);
    buf[len] = '\0';
    cJSON_AddNumberToObject(o, "line", line);
    cJSON_AddNumberToObject(o, "col", col);
    cJSON_AddStringToObject(o, "text", buf);
    cJSON_AddStringToObject(o, "reason", "未填写");
    cJSON_AddItemToArray(c->arr, o);
}

/* The document model: fields, lead, sections, figures (section -1 is the lead) and, for a raw
 * article, what import found and left out. */
static cJSON *
doc_json(const jb_doc *doc, const jb_source *src, const jb_import_info *imp)
{
    cJSON *o = cJSON_CreateObject(), *lead, *secs, *figs, *paras = NULL;
    const jb_item *it = &doc->items[0];
    const jb_masthead *mh = &doc->masthead;
    int s = -1;

    cJSON_AddStringToObject(o, "input", imp ? "raw article" : "report");
    cJSON_AddStringToObject(o, "encoding", src->encoding);
    cJSON_AddItemToObject(o, "title", text_json(&it->title));
    if (it->suggested.n) /* the document had none (RULES.md §7.7) */
        cJSON_AddItemToObject(o, "suggested_title", text_json(&it->suggested));
    {
        slot_ctx sc = {cJSON_CreateArray(), src};
        jb_placeholders_each(doc, slot_json, &sc); /* left to fill in (RULES.md §6.6) */
        if (cJSON_GetArraySize(sc.arr) > 0)
            cJSON_AddItemToObject(o, "placeholders", sc.arr);
        else
            cJSON_Delete(sc.arr);
    }
    cJSON_AddItemToObject(o, "byline", text_json(&it->byline));
    cJSON_AddItemToObject(o, "source", text_json(&it->origin));
    cJSON_AddStringToObject(o, "date", mh->date_iso);
    cJSON_AddItemToObject(o, "date_shown", text_json(&mh->date));
    cJSON_AddItemToObject(o, "category", text_json(&it->category));
    cJSON_AddItemToObject(o, "masthead", text_json(&mh->name));
    cJSON_AddItemToObject(o, "issue", text_json(&mh->issue));
    cJSON_AddItemToObject(o, "unit", text_json(&mh->unit));
    if (mh->secrecy.n) /* (only when set: older readers see nothing new) */
        cJSON_AddItemToObject(o, "secrecy", text_json(&mh->secrecy));
    /* the issue's other fields (编号, 印数, 印发 …) and the 报尾's rows, each only when set */
    for (size_t f = 0; f < jb_n_fields; f++) {
        const jb_field *fd = &jb_fields[f];
        if (fd->kind == JB_FIELD_TEXT && !fd->item && jb_field_text(doc, fd)->n &&
            !cJSON_GetObjectItem(o, fd->key))
            cJSON_AddItemToObject(o, fd->key, text_json(jb_field_text(doc, fd)));
    }
    {
        static const char *const rows[JB_DIST_COUNT] = {"报", "送", "发"};
        cJSON *dist = NULL;
        for (int r = 0; r < JB_DIST_COUNT; r++) {
            if (doc->colophon.dist[r].n &&
                (dist || (dist = cJSON_AddObjectToObject(o, "distribution"))))
                cJSON_AddItemToObject(dist, rows[r], text_json(&doc->colophon.dist[r]));
        }
    }
    if (doc->editor_note.n) /* the issue's 编者按 */
        cJSON_AddItemToObject(o, "issue_editor_note", text_json(&doc->editor_note));
    if (doc->n_items == 1 && it->editor_note.n) /* an article's own */
        cJSON_AddItemToObject(o, "editor_note", text_json(&it->editor_note));
    if (doc->condensed || doc->condense_count.photos_left_out) { /* --condense left out */
        const jb_condense_count *n = &doc->condense_count;
        cJSON *c = cJSON_AddObjectToObject(o, "condensed");
        cJSON_AddNumberToObject(c, "sentences", (double)n->sentences);
        cJSON_AddNumberToObject(c, "sentences_left_out", (double)n->sentences_left_out);
        cJSON_AddNumberToObject(c, "characters", (double)n->chars);
        cJSON_AddNumberToObject(c, "characters_left_out", (double)n->chars_left_out);
        cJSON_AddNumberToObject(c, "photos_left_out", (double)n->photos_left_out);
    }
    lead = cJSON_AddArrayToObject(o, "lead");
    figs = cJSON_CreateArray();
    secs = cJSON_AddArrayToObject(o, "sections");
    cJSON *tables = NULL; /* added when the document has tables */
    /* the article view of the blocks: the lead, then sections of a head and paragraphs */
    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_block *b = &it->blocks[k];
        if (b->kind == JB_BLOCK_HEAD) {
            cJSON *sec = cJSON_CreateObject();
            cJSON_AddItemToObject(sec, "head", text_json(&b->text));
            if (b->level > 1) /* (only below the first: older readers see nothing new) */
                cJSON_AddNumberToObject(sec, "level", b->level);
            paras = cJSON_AddArrayToObject(sec, "paragraphs");
            cJSON_AddItemToArray(secs, sec);
            s++;
        } else if (b->kind == JB_BLOCK_PARA) {
            cJSON_AddItemToArray(s < 0 ? lead : paras, text_json(&b->text));
            figures_json(figs, &b->text, s, src);
        } else if (b->kind == JB_BLOCK_TABLE) { /* its rows of cell texts, where it stands */
            cJSON *t = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(t, "rows");
            int line = 0, col = 0;
            if (src)
                jb_source_position(src, b->off, &line, &col);
            cJSON_AddNumberToObject(t, "section", s);
            cJSON_AddNumberToObject(t, "line", line);
            cJSON_AddNumberToObject(t, "header_rows", 0);
            for (size_t r = 0; rows && r < b->table.n_rows; r++) {
                cJSON *row = cJSON_CreateArray();
                for (size_t c = 0; row && c < b->table.rows[r].n_cells; c++)
                    cJSON_AddItemToArray(row, text_json(&b->table.rows[r].cells[c].text));
                cJSON_AddItemToArray(rows, row);
                if (b->table.rows[r].header)
                    cJSON_SetNumberValue(cJSON_GetObjectItem(t, "header_rows"), (double)r + 1);
            }
            if (tables == NULL)
                tables = cJSON_AddArrayToObject(o, "tables");
            cJSON_AddItemToArray(tables, t);
        } else if (b->kind == JB_BLOCK_NOTE || b->kind == JB_BLOCK_SIGNATURE) {
            /* the closing blocks (RULES.md §7.2), added when the document has them */
            const char *key = b->kind == JB_BLOCK_NOTE ? "notes" : "signatures";
            cJSON *arr = cJSON_GetObjectItem(o, key), *x = text_json(&b->text);
            if (arr == NULL)
                arr = cJSON_AddArrayToObject(o, key);
            if (b->kind == JB_BLOCK_SIGNATURE) {
                cJSON *sig = cJSON_CreateObject();
                cJSON_AddItemToObject(sig, "text", x);
                cJSON_AddItemToObject(sig, "date", text_json(&b->aux));
                x = sig;
            }
            cJSON_AddItemToArray(arr, x);
        }
    }
    cJSON_AddItemToObject(o, "figures", figs);
    if (imp) {
        cJSON *drop = cJSON_AddArrayToObject(o, "dropped");
        cJSON_AddStringToObject(o, "section_pattern", imp->pattern ? imp->pattern : "");
        for (size_t i = 0; i < imp->n_dropped; i++) {
            cJSON *dr = cJSON_CreateObject();
            cJSON_AddNumberToObject(dr, "line", imp->dropped[i].line);
            cJSON_AddStringToObject(dr, "reason", jb_drop_reason_name(imp->dropped[i].reason));
            cJSON_AddStringToObject(dr, "code", jb_drop_reason_code(imp->dropped[i].reason));
            { /* the whole line, as the source has it */
                size_t a = imp->dropped[i].off, b = a;
                while (b < src->len && src->text[b] != '\n')
                    b++;
                char *line = strndup(src->text + a, b - a);
                if (line)
                    cJSON_AddStringToObject(dr, "text", line);
                free(line);
            }
            cJSON_AddItemToArray(drop, dr);
        }
    }
    return o;
}

/* Does line l open with a head's lead phrase (RULES.md §5.4), and is that all it holds? */
static int
head_line(const jb_page *pg, const jb_page_line *ln, int *alone)
{
    const jb_glyph *g = pg->glyphs + ln->first_glyph;
    size_t i = 0;
    if (ln->kind != JB_LINE_BODY || ln->n_glyphs == 0 || !(g[0].style & JB_STYLE_HEAD))
        return 0;
    while (i < ln->n_glyphs && (g[i].style & JB_STYLE_HEAD))
        i++;
    *alone = i == ln->n_glyphs;
    return 1;
}

/* The pages (an issue of several items, or two pages or more; RULES.md §5.7): per page its
 * lines, body lines, the titles and heads that open on it with the lines of their text after
 * them on that page, whether the 报尾 is there, its page number; and each line's page. */
static int
pages_json(cJSON *root, const jb_page *pg)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "pages"), *lines = cJSON_GetObjectItem(root, "lines");
    int n = jb_page_count(pg);

    cJSON_AddNumberToObject(root, "n_pages", n);
    for (size_t l = 0; lines && l < pg->n_lines; l++) {
        cJSON *o = cJSON_GetArrayItem(lines, (int)l);
        cJSON_AddNumberToObject(o, "page", pg->lines[l].page + 1);
        cJSON_AddNumberToObject(o, "item", pg->lines[l].item);
    }
    for (int p = 0; arr && p < n; p++) {
        cJSON *o = cJSON_CreateObject(), *opens;
        int n_lines = 0, body = 0, foot = 0;
        if (o == NULL)
            return -1;
        cJSON_AddItemToArray(arr, o);
        cJSON_AddNumberToObject(o, "page", p + 1);
        opens = cJSON_AddArrayToObject(o, "opens");
        for (size_t l = 0; l < pg->n_lines; l++) {
            const jb_page_line *ln = &pg->lines[l];
            int alone = 0, head;
            if (ln->page != p)
                continue;
            n_lines++;
            body += ln->kind == JB_LINE_BODY;
            foot |= ln->kind == JB_LINE_FOOT;
            if (ln->kind == JB_LINE_FOLIO) {
                char *t = glyph_text(pg, ln->first_glyph, ln->n_glyphs);
                cJSON_AddStringToObject(o, "folio", t ? t : "");
                cJSON_AddStringToObject(o, "folio_side", ln->x0 > pg->w_pt / 2 ? "right" : "left");
                free(t);
            }
            head = head_line(pg, ln, &alone);
            int title = ln->kind == JB_LINE_TITLE &&
                        (l + 1 >= pg->n_lines || pg->lines[l + 1].kind != JB_LINE_TITLE ||
                         pg->lines[l + 1].page != p);
            if (!title && !head)
                continue;
            /* the lines of its text after it on this page (a run-in head's own line counts) */
            int after = head && !alone;
            for (size_t m = l + 1; m < pg->n_lines && pg->lines[m].page == p; m++) {
                const jb_page_line *nx = &pg->lines[m];
                int a2 = 0;
                if (nx->kind == JB_LINE_BYLINE || nx->kind == JB_LINE_SOURCE)
                    continue;
                if (nx->kind != JB_LINE_BODY && nx->kind != JB_LINE_CELL)
                    break;
                if ((head && head_line(pg, nx, &a2)) || after >= 2)
                    break; /* a title's lines after it may be a head's: its item's text */
                after++;
            }
            char *t = glyph_text(pg, ln->first_glyph, ln->n_glyphs);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "kind", title ? "title" : "head");
            cJSON_AddStringToObject(e, "text", t ? t : "");
            cJSON_AddNumberToObject(e, "item", ln->item);
            cJSON_AddNumberToObject(e, "lines_after", after);
            cJSON_AddItemToArray(opens, e);
            free(t);
        }
        cJSON_AddNumberToObject(o, "lines", n_lines);
        cJSON_AddNumberToObject(o, "body_lines", body);
        cJSON_AddBoolToObject(o, "foot", foot);
    }
    return arr ? 0 : -1;
}

/* The items of an issue of several: title, byline, source, 编者按 and the number of blocks. */
static void
items_json(cJSON *o, const jb_doc *doc)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "items");
    cJSON_AddBoolToObject(o, "contents", doc->contents);
    for (size_t k = 0; arr && k < doc->n_items; k++) {
        const jb_item *it = &doc->items[k];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "title", text_json(&it->title));
        cJSON_AddItemToObject(e, "byline", text_json(&it->byline));
        cJSON_AddItemToObject(e, "source", text_json(&it->origin));
        cJSON_AddItemToObject(e, "editor_note", text_json(&it->editor_note));
        cJSON_AddNumberToObject(e, "blocks", (double)it->n_blocks);
        cJSON_AddNumberToObject(e, "sections", (double)jb_item_n_sections(it));
        cJSON *figs = cJSON_AddArrayToObject(e, "figures"); /* its key figures' texts */
        for (size_t b = 0; figs && b < it->n_blocks; b++) {
            const jb_text *t = &it->blocks[b].text;
            for (size_t i = 0; it->blocks[b].kind == JB_BLOCK_PARA && i < t->n; i++) {
                if (!(t->marks[i] & JB_MARK_FIGURE) ||
                    (i > 0 && (t->marks[i - 1] & JB_MARK_FIGURE)))
                    continue;
                size_t end = i;
                while (end < t->n && (t->marks[end] & JB_MARK_FIGURE))
                    end++;
                jb_text span = {t->cps + i, t->offs + i, t->marks + i, end - i, 0};
                cJSON_AddItemToArray(figs, text_json(&span));
            }
        }
        cJSON_AddItemToArray(arr, e);
    }
}

char *
jb_inspect_json(const jb_page *page, const jb_doc *doc, const jb_source *src,
                const jb_import_info *imp)
{
    cJSON *root = page_json(page);
    char *json;

    /* (only for an issue or pages: a one-page article's description is as it was) */
    if (root && (jb_page_count(page) > 1 || doc->n_items > 1) && pages_json(root, page) != 0) {
        cJSON_Delete(root);
        return NULL;
    }
    if (root) {
        cJSON *d = doc_json(doc, src, imp);
        if (d && doc->n_items > 1)
            items_json(d, doc);
        cJSON_AddItemToObject(root, "document", d);
    }
    json = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return json;
}
