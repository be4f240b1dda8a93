/* doc — the document model of one report. */
#include "doc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "image.h"
#include "source.h"
#include "utf8.h"

jb_doc *
jb_doc_new(void)
{
    jb_doc *doc = calloc(1, sizeof(jb_doc));
    if (doc == NULL || (doc->items = calloc(1, sizeof *doc->items)) == NULL) {
        free(doc);
        return NULL;
    }
    doc->n_items = 1;
    return doc;
}

jb_item *
jb_doc_add_item(jb_doc *doc)
{
    jb_item *v = realloc(doc->items, (doc->n_items + 1) * sizeof *v);
    if (v == NULL)
        return NULL;
    doc->items = v;
    memset(&v[doc->n_items], 0, sizeof *v);
    return &v[doc->n_items++];
}

void
jb_text_fini(jb_text *t)
{
    free(t->cps);
    free(t->offs);
    free(t->marks);
    t->cps = NULL;
    t->offs = NULL;
    t->marks = NULL;
    t->n = t->cap = 0;
}

int
jb_text_grow(jb_text *t)
{
    size_t c1 = t->cap, c2 = t->cap, c3 = t->cap; /* three arrays of one capacity */
    if (jb_grow(&t->cps, &c1, t->n + 1, sizeof *t->cps) != 0 ||
        jb_grow(&t->offs, &c2, t->n + 1, sizeof *t->offs) != 0 ||
        jb_grow(&t->marks, &c3, t->n + 1, sizeof *t->marks) != 0)
        return -1;
    t->cap = c1;
    return 0;
}

int
jb_text_push_utf8(jb_text *t, const char *s, size_t len, uint32_t off, uint8_t mark)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t used = jb_utf8_decode(s + i, len - i, &cp);
        if (used == 0)
            used = 1, cp = 0xFFFD; /* cannot happen: sources are validated */
        if (jb_text_push(t, cp, off + (uint32_t)i, mark) != 0)
            return -1;
        i += used;
    }
    return 0;
}

char *
jb_text_to_utf8(const jb_text *t)
{
    char *s = malloc(t->n * 4 + 1);
    size_t k = 0;

    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        k += jb_utf8_encode(t->cps[i], s + k);
    s[k] = '\0';
    return s;
}

int
jb_doc_set_date(jb_doc *doc, const char *v, uint32_t off)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, used = 0;
    char buf[64];

    if (sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
        (v[10] != '\0' && v[10] != ' ' && v[10] != 'T') || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] ||
        (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) || y < 1900 ||
        y > 2999)
        return -1;
    jb_masthead *mh = &doc->masthead;
    snprintf(mh->date_iso, sizeof mh->date_iso, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    snprintf(buf, sizeof buf, "%d年%d月%d日", y, m, d);
    jb_text_fini(&mh->date);
    if (jb_text_push_utf8(&mh->date, buf, strlen(buf), off, 0) != 0)
        return -1;
    for (size_t i = 0; i < mh->date.n; i++)
        mh->date.offs[i] = off;
    return 0;
}

const jb_field jb_fields[] = {
    {"secrecy", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.secrecy), 1,
     "密级 and its term, top left above the name"},
    {"serial", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.serial), 1,
     "编号 (份号), top right above the name"},
    {"masthead", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.name), 1, "the 简报's name"},
    {"issue", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.issue), 1, "期号, e.g. 第12期"},
    {"total", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.total), 1, "总期号, e.g. 总第128期"},
    {"special", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.special), 1, "增刊 or 专刊"},
    {"unit", JB_FIELD_TEXT, 0, offsetof(jb_doc, masthead.unit), 1, "the issuing unit"},
    {"date", JB_FIELD_DATE, 0, 0, 1, "YYYY-MM-DD, shown as 2023年7月19日"},
    {"title", JB_FIELD_TEXT, 1, offsetof(jb_item, title), 1, "the article's title"},
    {"byline", JB_FIELD_TEXT, 1, offsetof(jb_item, byline), 1, "the authors"},
    {"source", JB_FIELD_TEXT, 1, offsetof(jb_item, origin), 1, "where the article comes from"},
    {"category", JB_FIELD_TEXT, 1, offsetof(jb_item, category), 1, "its category (not printed)"},
    {"distribution", JB_FIELD_DIST, 0, 0, 0, "the 报尾's rows 报, 送, 发"},
    {"extra", JB_FIELD_TEXT, 0, offsetof(jb_doc, colophon.extra), 1,
     "本期增发: who else gets this issue"},
    {"copies", JB_FIELD_TEXT, 0, offsetof(jb_doc, colophon.copies), 1, "the print run"},
    {"printer", JB_FIELD_TEXT, 0, offsetof(jb_doc, colophon.printer), 1,
     "印发机关, the 报尾's last row at the left"},
    {"printed", JB_FIELD_TEXT, 0, offsetof(jb_doc, colophon.printed), 1,
     "印发日期 as printed, e.g. 2026年7月3日, at the right before 印发"},
    {"approver", JB_FIELD_TEXT, 0, offsetof(jb_doc, colophon.approver), 1,
     "签发人, on the 报尾's last row after the 印发机关"},
    {"figures", JB_FIELD_FLAG, 0, 0, 0, "auto, or off: no key figures but **marked** ones"},
    {"pages", JB_FIELD_PAGES, 0, 0, 0, "the most pages the issue may flow onto, 1 to 8"},
    {"contents", JB_FIELD_FLAG, 0, 0, 0,
     "yes (or 目录, 本期导读: its heading): the 本期要目 of the items' titles under the 报头"},
};
const size_t jb_n_fields = sizeof jb_fields / sizeof jb_fields[0];
_Static_assert(sizeof jb_fields / sizeof jb_fields[0] <= JB_FIELDS_MAX, "raise JB_FIELDS_MAX");

const char *const jb_contents_heads[] = {"本期要目", "目录", "本期导读", NULL};

const jb_field *
jb_field_find(const char *key)
{
    for (size_t i = 0; i < jb_n_fields; i++)
        if (strcmp(key, jb_fields[i].key) == 0)
            return &jb_fields[i];
    return NULL;
}

void
jb_field_list(int meta, char *out, size_t size)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < jb_n_fields && k < size; i++)
        if (!meta || jb_fields[i].meta)
            k += (size_t)snprintf(out + k, size - k, "%s%s", k ? ", " : "", jb_fields[i].key);
}

const jb_text *
jb_field_text(const jb_doc *doc, const jb_field *f)
{
    return (const jb_text *)((f->item ? (const char *)&doc->items[0] : (const char *)doc) +
                             f->field);
}

jb_text *
jb_doc_field(jb_doc *doc, const char *key)
{
    const jb_field *f = jb_field_find(key);
    if (f == NULL || f->kind != JB_FIELD_TEXT)
        return NULL;
    return (jb_text *)((f->item ? (char *)&doc->items[0] : (char *)doc) + f->field);
}

int
jb_doc_set_field(jb_doc *doc, const char *key, const char *value)
{
    const jb_field *f = jb_field_find(key);
    jb_text *t;

    if (f && f->kind == JB_FIELD_DATE) {
        if (strlen(value) >= 10 && value[4] == '-')
            return jb_doc_set_date(doc, value, 0) == 0 ? 0 : -2;
        jb_text_fini(&doc->masthead.date);
        doc->masthead.date_iso[0] = '\0';
        return jb_text_push_utf8(&doc->masthead.date, value, strlen(value), 0, 0) == 0 ? 0 : -3;
    }
    if (strncmp(key, "distribution.", 13) == 0) { /* a 报尾 row: distribution.报, .送 or .发 */
        static const char *const rows[JB_DIST_COUNT] = {"报", "送", "发"};
        t = NULL;
        for (int r = 0; r < JB_DIST_COUNT; r++)
            if (strcmp(key + 13, rows[r]) == 0)
                t = &doc->colophon.dist[r];
    } else {
        t = jb_doc_field(doc, key);
    }
    if (t == NULL)
        return -1;
    jb_text_fini(t);
    return jb_text_push_utf8(t, value, strlen(value), 0, 0) == 0 ? 0 : -3;
}

/* ---- blocks ---- */

jb_block *
jb_item_add_block(jb_item *it, jb_block_kind kind, uint32_t off)
{
    jb_block *b;
    if (jb_grow(&it->blocks, &it->cap_blocks, it->n_blocks + 1, sizeof *it->blocks) != 0)
        return NULL;
    b = &it->blocks[it->n_blocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->off = off;
    return b;
}

static void
table_fini(jb_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->rows[r].n_cells; c++)
            jb_text_fini(&t->rows[r].cells[c].text);
        free(t->rows[r].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static void
block_fini(jb_block *b)
{
    jb_text_fini(&b->text);
    jb_text_fini(&b->aux);
    table_fini(&b->table);
    jb_text_fini(&b->photo.caption);
    free(b->photo.ref);
    jb_image_free(b->photo.img);
    memset(b, 0, sizeof *b);
}

void
jb_item_remove_block(jb_item *it, size_t i)
{
    if (i >= it->n_blocks)
        return;
    block_fini(&it->blocks[i]);
    memmove(it->blocks + i, it->blocks + i + 1, (it->n_blocks - i - 1) * sizeof *it->blocks);
    it->n_blocks--;
}

/* ---- the article view ---- */

void
jb_item_place(const jb_item *it, size_t i, int *section, size_t *para)
{
    int s = -1;
    size_t p = 0;
    for (size_t k = 0; k < i && k < it->n_blocks; k++) {
        const jb_block *b = &it->blocks[k];
        if (b->kind == JB_BLOCK_HEAD)
            s++, p = 0;
        else if (b->kind == JB_BLOCK_PARA)
            p++;
    }
    *section = s;
    *para = p;
}

/* The block of the p-th paragraph of section s (-1: the lead), or with p == SIZE_MAX the head
 * of section s; NULL when there is none. Counts paragraphs of the section into *count. */
static jb_block *
find(const jb_item *it, int s, size_t p, size_t *count)
{
    int sec = -1;
    size_t n = 0;
    for (size_t k = 0; k < it->n_blocks; k++) {
        jb_block *b = &it->blocks[k];
        if (b->kind == JB_BLOCK_HEAD) {
            if (sec == s)
                break;
            if (++sec == s && p == SIZE_MAX)
                return b;
        } else if (b->kind == JB_BLOCK_PARA && sec == s && n++ == p) {
            return b;
        }
    }
    if (count)
        *count = n;
    return NULL;
}

size_t
jb_item_n_lead(const jb_item *it)
{
    size_t n = 0;
    find(it, -1, SIZE_MAX - 1, &n);
    return n;
}

jb_text *
jb_item_lead(const jb_item *it, size_t i)
{
    jb_block *b = find(it, -1, i, NULL);
    return b ? &b->text : NULL;
}

size_t
jb_item_n_sections(const jb_item *it)
{
    size_t n = 0;
    for (size_t k = 0; k < it->n_blocks; k++)
        n += it->blocks[k].kind == JB_BLOCK_HEAD;
    return n;
}

jb_block *
jb_item_head(const jb_item *it, size_t s)
{
    return find(it, (int)s, SIZE_MAX, NULL);
}

size_t
jb_item_n_paras(const jb_item *it, size_t s)
{
    size_t n = 0;
    find(it, (int)s, SIZE_MAX - 1, &n);
    return n;
}

jb_text *
jb_item_para(const jb_item *it, size_t s, size_t p)
{
    jb_block *b = find(it, (int)s, p, NULL);
    return b ? &b->text : NULL;
}

size_t
jb_item_n_photos(const jb_item *it)
{
    size_t n = 0;
    for (size_t k = 0; k < it->n_blocks; k++)
        n += it->blocks[k].kind == JB_BLOCK_PHOTO;
    return n;
}

jb_photo *
jb_item_photo(const jb_item *it, size_t i)
{
    for (size_t k = 0; k < it->n_blocks; k++)
        if (it->blocks[k].kind == JB_BLOCK_PHOTO && i-- == 0)
            return &it->blocks[k].photo;
    return NULL;
}

/* ---- every text ---- */

void
jb_doc_each_text(jb_doc *doc, void (*fn)(jb_text *t, void *ud), void *ud)
{
    jb_masthead *mh = &doc->masthead;
    jb_colophon *co = &doc->colophon;
    jb_item *first = &doc->items[0];
    jb_text *fields[] = {
        &mh->name,      &mh->issue,   &mh->unit,    &mh->date,    &first->title, &first->byline,
        &first->origin, &co->dist[0], &co->dist[1], &co->dist[2], &co->copies,   &first->category,
        &mh->total,     &mh->special, &mh->secrecy, &mh->serial,  &co->extra,    &doc->editor_note,
        &co->printer,   &co->printed, &co->approver};

    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        fn(fields[i], ud);
    for (size_t n = 0; n < doc->n_items; n++) {
        jb_item *it = &doc->items[n];
        fn(&it->editor_note, ud);
        if (n > 0) {
            fn(&it->title, ud);
            fn(&it->byline, ud);
            fn(&it->origin, ud);
            fn(&it->category, ud);
        }
        fn(&it->subtitle, ud);
        for (size_t k = 0; k < it->n_blocks; k++) {
            jb_block *b = &it->blocks[k];
            fn(b->kind == JB_BLOCK_PHOTO ? &b->photo.caption : &b->text, ud);
            if (b->aux.n)
                fn(&b->aux, ud);
            for (size_t r = 0; r < b->table.n_rows; r++)
                for (size_t c = 0; c < b->table.rows[r].n_cells; c++)
                    fn(&b->table.rows[r].cells[c].text, ud);
        }
    }
}

static void
fini_cb(jb_text *t, void *ud)
{
    (void)ud;
    jb_text_fini(t);
}

void
jb_doc_free(jb_doc *doc)
{
    if (doc == NULL)
        return;
    jb_doc_each_text(doc, fini_cb, NULL);
    for (size_t n = 0; n < doc->n_items; n++) {
        for (size_t k = 0; k < doc->items[n].n_blocks; k++)
            block_fini(&doc->items[n].blocks[k]);
        free(doc->items[n].blocks);
        jb_text_fini(&doc->items[n].suggested);
    }
    free(doc->items);
    free(doc);
}

/* ---- photos ---- */

jb_photo *
jb_doc_add_photo(jb_doc *doc, const char *ref, uint32_t off)
{
    jb_block *b = jb_item_add_block(&doc->items[doc->n_items - 1], JB_BLOCK_PHOTO, off);

    if (b == NULL)
        return NULL;
    if ((b->photo.ref = strdup(ref)) == NULL) {
        doc->items[doc->n_items - 1].n_blocks--;
        return NULL;
    }
    b->photo.off = off;
    return &b->photo;
}

jb_status
jb_doc_decode_photo(jb_photo *p, const unsigned char *bytes, size_t len, const jb_image_fit *fit,
                    jb_diag *d)
{
    jb_image_free(p->img);
    p->img = NULL;
    return jb_image_decode_fit(p->ref, bytes, len, fit, &p->img, d);
}

size_t
jb_doc_n_photos(const jb_doc *doc)
{
    size_t n = 0;
    for (size_t k = 0; k < doc->n_items; k++)
        n += jb_item_n_photos(&doc->items[k]);
    return n;
}

jb_photo *
jb_doc_photo(const jb_doc *doc, size_t i)
{
    for (size_t k = 0; k < doc->n_items; k++) {
        size_t n = jb_item_n_photos(&doc->items[k]);
        if (i < n)
            return jb_item_photo(&doc->items[k], i);
        i -= n;
    }
    return NULL;
}

jb_status
jb_doc_load_photos(jb_doc *doc, const char *report_path, const jb_source *src,
                   const jb_image_fit *fits, jb_diag *d)
{
    jb_photo *p;
    for (size_t i = 0; (p = jb_doc_photo(doc, i)) != NULL; i++) {
        jb_status st;
        for (size_t k = 0; k < i && p->img == NULL; k++) { /* placed again: decoded once */
            const jb_photo *q = jb_doc_photo(doc, k);
            if (q->img && strcmp(q->ref, p->ref) == 0)
                p->img = jb_image_share(q->img);
        }
        if (p->img != NULL)
            continue;
        if ((st = jb_image_load_fit(report_path, p->ref, fits ? &fits[i] : NULL, &p->img, d)) !=
            JB_OK) {
            if (strstr(d->message, p->ref) == NULL) { /* the message names the photo */
                char m[sizeof d->message + 64];
                snprintf(m, sizeof m, "photo '%.40s': %s", p->ref, d->message);
                snprintf(d->message, sizeof d->message, "%.*s", (int)sizeof d->message - 1, m);
            }
            if (src != NULL) {
                jb_source_position(src, p->off, &d->line, &d->col);
                snprintf(d->file, sizeof d->file, "%s", report_path);
            }
            return st;
        }
    }
    return JB_OK;
}

void
jb_doc_drop_photo(jb_doc *doc, size_t i)
{
    for (size_t n = 0; n < doc->n_items; n++) {
        jb_item *it = &doc->items[n];
        for (size_t k = 0; k < it->n_blocks; k++)
            if (it->blocks[k].kind == JB_BLOCK_PHOTO && i-- == 0) {
                jb_item_remove_block(it, k);
                return;
            }
    }
}
