/* doc — the document model of one report. */
#include "doc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "source.h"
#include "utf8.h"

jb_doc *
jb_doc_new(void)
{
    return calloc(1, sizeof(jb_doc));
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
jb_text_push(jb_text *t, uint32_t cp, uint32_t off, uint8_t mark)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        uint32_t *c = realloc(t->cps, cap * sizeof *c);
        if (c == NULL)
            return -1;
        t->cps = c;
        uint32_t *o = realloc(t->offs, cap * sizeof *o);
        if (o == NULL)
            return -1;
        t->offs = o;
        uint8_t *m = realloc(t->marks, cap);
        if (m == NULL)
            return -1;
        t->marks = m;
        t->cap = cap;
    }
    t->cps[t->n] = cp;
    t->offs[t->n] = off;
    t->marks[t->n] = mark;
    t->n++;
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
    snprintf(doc->date_iso, sizeof doc->date_iso, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    snprintf(buf, sizeof buf, "%d年%d月%d日", y, m, d);
    jb_text_fini(&doc->date);
    if (jb_text_push_utf8(&doc->date, buf, strlen(buf), off, 0) != 0)
        return -1;
    for (size_t i = 0; i < doc->date.n; i++)
        doc->date.offs[i] = off;
    return 0;
}

jb_text *
jb_text_array_add(jb_text **arr, size_t *n)
{
    jb_text *a = realloc(*arr, (*n + 1) * sizeof *a);
    if (a == NULL)
        return NULL;
    *arr = a;
    memset(&a[*n], 0, sizeof a[*n]);
    return &a[(*n)++];
}

jb_text *
jb_doc_field(jb_doc *doc, const char *key)
{
    static const struct {
        const char *name;
        size_t field;
    } fields[] = {{"title", offsetof(jb_doc, title)},
                  {"byline", offsetof(jb_doc, byline)},
                  {"source", offsetof(jb_doc, origin)},
                  {"category", offsetof(jb_doc, category)},
                  {"masthead", offsetof(jb_doc, masthead)},
                  {"issue", offsetof(jb_doc, issue)},
                  {"unit", offsetof(jb_doc, unit)},
                  {"copies", offsetof(jb_doc, copies)},
                  {"classification", offsetof(jb_doc, classification)}};

    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(key, fields[i].name) == 0)
            return (jb_text *)((char *)doc + fields[i].field);
    return NULL;
}

int
jb_doc_set_field(jb_doc *doc, const char *key, const char *value)
{
    jb_text *t;

    if (strcmp(key, "date") == 0) {
        if (strlen(value) >= 10 && value[4] == '-')
            return jb_doc_set_date(doc, value, 0) == 0 ? 0 : -2;
        jb_text_fini(&doc->date);
        doc->date_iso[0] = '\0';
        return jb_text_push_utf8(&doc->date, value, strlen(value), 0, 0) == 0 ? 0 : -3;
    }
    if (strncmp(key, "distribution.", 13) == 0) { /* a 报尾 row: distribution.报, .送 or .发 */
        static const char *const rows[JB_DIST_COUNT] = {"报", "送", "发"};
        t = NULL;
        for (int r = 0; r < JB_DIST_COUNT; r++)
            if (strcmp(key + 13, rows[r]) == 0)
                t = &doc->dist[r];
    } else {
        t = jb_doc_field(doc, key);
    }
    if (t == NULL)
        return -1;
    jb_text_fini(t);
    return jb_text_push_utf8(t, value, strlen(value), 0, 0) == 0 ? 0 : -3;
}

/* End of the sentence that starts at i: after its 。！？ (or the ； that ends a clause of a
 * sentence listing several) and any closing marks. */
static size_t
sentence_end(const jb_text *t, size_t i)
{
    static const uint32_t closers[] = {0x201D, 0x2019, 0xFF09, 0x300B, 0x300D, 0x300F};
    while (i < t->n && t->cps[i] != 0x3002 && t->cps[i] != 0xFF01 && t->cps[i] != 0xFF1F &&
           t->cps[i] != 0xFF1B)
        i++;
    if (i < t->n)
        i++;
    while (i < t->n && jb_cp_in(t->cps[i], closers, sizeof closers / sizeof closers[0]))
        i++;
    return i;
}

size_t
jb_doc_condense(jb_doc *doc, uint32_t *dropped_offs, size_t max)
{
    size_t dropped = 0;

    for (size_t s = 0; s < doc->n_sections; s++) {
        jb_section *sec = &doc->sections[s];
        int any = 0;
        for (size_t p = 0; p < sec->n_paras; p++)
            for (size_t i = 0; i < sec->paras[p].n; i++)
                any |= (sec->paras[p].marks[i] & JB_MARK_FIGURE) != 0;
        for (size_t p = 0; p < sec->n_paras; p++) {
            jb_text *t = &sec->paras[p];
            size_t k = 0;
            for (size_t i = 0; i < t->n;) {
                size_t e = sentence_end(t, i);
                int keep = !any && p == 0 && i == 0;
                for (size_t q = i; q < e && !keep; q++)
                    keep = (t->marks[q] & JB_MARK_FIGURE) != 0;
                if (keep) {
                    memmove(t->cps + k, t->cps + i, (e - i) * sizeof *t->cps);
                    memmove(t->offs + k, t->offs + i, (e - i) * sizeof *t->offs);
                    memmove(t->marks + k, t->marks + i, e - i);
                    k += e - i;
                } else {
                    if (dropped < max)
                        dropped_offs[dropped] = t->offs[i];
                    dropped++;
                }
                i = e;
            }
            t->n = k;
        }
        /* paragraphs left empty go; a photo after some of them keeps its place among the rest */
        for (size_t i = 0; i < doc->n_photos; i++) {
            jb_photo *ph = &doc->photos[i];
            size_t kept = 0;
            if (ph->section != (int)s)
                continue;
            for (size_t p = 0; p < ph->after && p < sec->n_paras; p++)
                kept += sec->paras[p].n > 0;
            ph->after = kept;
        }
        size_t q = 0;
        for (size_t p = 0; p < sec->n_paras; p++) {
            if (sec->paras[p].n > 0)
                sec->paras[q++] = sec->paras[p];
            else
                jb_text_fini(&sec->paras[p]);
        }
        sec->n_paras = q;
    }
    doc->condensed |= dropped > 0;
    return dropped;
}

void
jb_doc_each_text(jb_doc *doc, void (*fn)(jb_text *t, void *ud), void *ud)
{
    jb_text *fields[] = {&doc->masthead,      &doc->issue,   &doc->unit,   &doc->date,
                         &doc->title,         &doc->byline,  &doc->origin, &doc->dist[0],
                         &doc->dist[1],       &doc->dist[2], &doc->copies, &doc->category,
                         &doc->classification};

    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        fn(fields[i], ud);
    for (size_t i = 0; i < doc->n_lead; i++)
        fn(&doc->lead[i], ud);
    for (size_t s = 0; s < doc->n_sections; s++) {
        fn(&doc->sections[s].head, ud);
        for (size_t p = 0; p < doc->sections[s].n_paras; p++)
            fn(&doc->sections[s].paras[p], ud);
    }
    for (size_t i = 0; i < doc->n_photos; i++)
        fn(&doc->photos[i].caption, ud);
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
    free(doc->lead);
    for (size_t s = 0; s < doc->n_sections; s++)
        free(doc->sections[s].paras);
    free(doc->sections);
    for (size_t i = 0; i < doc->n_photos; i++) {
        free(doc->photos[i].ref);
        jb_image_free(doc->photos[i].img);
    }
    free(doc->photos);
    free(doc);
}

/* ---- photos ---- */

jb_photo *
jb_doc_add_photo(jb_doc *doc, const char *ref, uint32_t off)
{
    jb_photo *a = realloc(doc->photos, (doc->n_photos + 1) * sizeof *a), *p;

    if (a == NULL)
        return NULL;
    doc->photos = a;
    p = &a[doc->n_photos];
    memset(p, 0, sizeof *p);
    if ((p->ref = strdup(ref)) == NULL)
        return NULL;
    p->off = off;
    p->section = doc->n_sections ? (int)doc->n_sections - 1 : -1;
    p->after = doc->n_sections ? doc->sections[doc->n_sections - 1].n_paras : doc->n_lead;
    doc->n_photos++;
    return p;
}

jb_status
jb_doc_decode_photo(jb_photo *p, const unsigned char *bytes, size_t len, jb_diag *d)
{
    jb_image_free(p->img);
    p->img = NULL;
    return jb_image_decode(p->ref, bytes, len, &p->img, d);
}

jb_status
jb_doc_load_photos(jb_doc *doc, const char *report_path, const jb_source *src, jb_diag *d)
{
    for (size_t i = 0; i < doc->n_photos; i++) {
        jb_photo *p = &doc->photos[i];
        jb_status st;
        if (p->img != NULL)
            continue;
        if ((st = jb_image_load(report_path, p->ref, &p->img, d)) != JB_OK) {
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
    if (i >= doc->n_photos)
        return;
    free(doc->photos[i].ref);
    jb_image_free(doc->photos[i].img);
    jb_text_fini(&doc->photos[i].caption);
    memmove(doc->photos + i, doc->photos + i + 1, (doc->n_photos - i - 1) * sizeof *doc->photos);
    doc->n_photos--;
}
