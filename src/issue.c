/* issue — several documents made one issue. */
#include "issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "utf8.h"

static void
shift_cb(jb_text *t, void *ud)
{
    uint32_t by = *(const uint32_t *)ud;
    for (size_t i = 0; i < t->n; i++)
        t->offs[i] += by;
}

/* Adds by to every source offset of doc. */
static void
shift_doc(jb_doc *doc, uint32_t by)
{
    if (by == 0)
        return;
    jb_doc_each_text(doc, shift_cb, &by);
    for (size_t n = 0; n < doc->n_items; n++)
        for (size_t k = 0; k < doc->items[n].n_blocks; k++) {
            jb_block *b = &doc->items[n].blocks[k];
            b->off += by;
            if (b->kind == JB_BLOCK_PHOTO)
                b->photo.off += by;
            for (size_t r = 0; r < b->table.n_rows; r++)
                for (size_t c = 0; c < b->table.rows[r].n_cells; c++)
                    b->table.rows[r].cells[c].off += by;
        }
}

static int
same_text(const jb_text *a, const jb_text *b)
{
    return a->n == b->n && memcmp(a->cps, b->cps, a->n * sizeof *a->cps) == 0;
}

/* Takes src's field into dst's when dst's is empty; names a conflict. */
static void
take(jb_text *dst, jb_text *src, const char *what, char *conflicts, size_t size)
{
    if (src->n == 0)
        return;
    if (dst->n == 0) {
        *dst = *src;
        memset(src, 0, sizeof *src);
        return;
    }
    if (conflicts && !same_text(dst, src)) {
        char *a = jb_text_to_utf8(dst), *b = jb_text_to_utf8(src);
        size_t len = strlen(conflicts);
        if (a && b && len + strlen(a) + strlen(b) + 40 < size)
            snprintf(conflicts + len, size - len, "%s%s 「%s」", len ? ", " : "", what, b);
        free(a);
        free(b);
    }
}

int
jb_issue_append(jb_doc *dst, jb_doc *src, uint32_t shift, char *conflicts, size_t size)
{
    jb_masthead *dm = &dst->masthead, *sm = &src->masthead;
    int rc = 0;

    shift_doc(src, shift);
    take(&dm->name, &sm->name, "masthead", conflicts, size);
    take(&dm->issue, &sm->issue, "issue", conflicts, size);
    take(&dm->total, &sm->total, "total", conflicts, size);
    take(&dm->special, &sm->special, "special", conflicts, size);
    take(&dm->secrecy, &sm->secrecy, "secrecy", conflicts, size);
    take(&dm->serial, &sm->serial, "serial", conflicts, size);
    take(&dm->unit, &sm->unit, "unit", conflicts, size);
    if (dm->date_iso[0] == '\0' && sm->date_iso[0]) {
        take(&dm->date, &sm->date, "date", NULL, 0);
        memcpy(dm->date_iso, sm->date_iso, sizeof dm->date_iso);
    } else if (sm->date_iso[0] && strcmp(dm->date_iso, sm->date_iso) != 0) {
        take(&dm->date, &sm->date, "date", conflicts, size);
    }
    take(&dst->editor_note, &src->editor_note, "编者按", conflicts, size);
    for (int k = 0; k < JB_DIST_COUNT; k++)
        take(&dst->colophon.dist[k], &src->colophon.dist[k], "distribution", conflicts, size);
    take(&dst->colophon.extra, &src->colophon.extra, "本期增发", conflicts, size);
    take(&dst->colophon.copies, &src->colophon.copies, "copies", conflicts, size);
    dst->figures_off |= src->figures_off;
    for (size_t k = 0; k < src->n_items; k++) {
        jb_item *it = jb_doc_add_item(dst);
        if (it == NULL) {
            rc = -1;
            break;
        }
        *it = src->items[k]; /* moved: src keeps an empty item */
        memset(&src->items[k], 0, sizeof src->items[k]);
    }
    jb_doc_free(src);
    return rc;
}

/* The offsets of the lines "---" that open a report's front matter: the 1st, 3rd, … such
 * line (a composed body never holds one: its punctuation is escaped). Their number. */
static size_t
report_starts(const jb_source *src, size_t *at, size_t max)
{
    size_t n = 0, dashes = 0;
    for (size_t l = 0; l < src->n_lines; l++) {
        const char *p = src->text + src->line_starts[l];
        if (strncmp(p, "---", 3) == 0 && (p[3] == '\n' || p[3] == '\0') && dashes++ % 2 == 0 &&
            n < max)
            at[n++] = src->line_starts[l];
    }
    return n;
}

jb_status
jb_issue_parse_reports(const jb_source *src, int have_title, jb_doc **out, jb_diag *d)
{
    size_t at[64], n = report_starts(src, at, sizeof at / sizeof at[0]);
    jb_status st;

    *out = NULL;
    if (n < 2 || at[0] != 0)
        return jb_parse_titled(src, have_title, out, d);
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 < n ? at[k + 1] : src->len;
        jb_source *part;
        jb_doc *doc;
        if ((st = jb_source_from_memory(src->path, src->text + at[k], end - at[k], "UTF-8", &part,
                                        d)) != JB_OK)
            goto fail;
        st = jb_parse_titled(part, have_title || k > 0, &doc, d);
        jb_source_free(part);
        if (st != JB_OK) { /* the line in the whole text */
            int line = 0, col = 0;
            jb_source_position(src, at[k], &line, &col);
            if (d->line > 0)
                d->line += line - 1;
            goto fail;
        }
        if (k == 0)
            *out = doc;
        else if (jb_issue_append(*out, doc, (uint32_t)at[k], NULL, 0) != 0) {
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
    }
    return JB_OK;
fail:
    jb_doc_free(*out);
    *out = NULL;
    return st;
}
