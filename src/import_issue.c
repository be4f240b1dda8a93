/* import_issue — a whole 简报 issue pasted as text (RULES.md §7.8): the 报头 block (name, 期号,
 * 总期号, 增刊/专刊, unit, date), the 本期要目, the item titles (matched against the contents when
 * there is one), 编者按 paragraphs, per-item sources (（XX供稿）) and the 报尾 lines at the end.
 * import.c reads each item's fields, credits, heads and blocks as it reads one article. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chars.h"
#include "import_int.h"
#include "utf8.h"

static const uint32_t stop_marks[] = {0x3002, 0xFF01, 0xFF1F, 0x201D, 0x2026, 0xFF09, '!', '?'};

/* Without a contents box: is paras[i] an item's title? A title candidate (RULES §7.2), after the
 * start, a source line, a 编者按 or a finished paragraph, with body text next (a byline or date
 * line may come between). */
static int
item_title_at(rline **paras, size_t i, size_t n, size_t first)
{
    const jb_text *t = &paras[i]->t;
    size_t va, vb, q = i + 1;
    if (!jb_imp_title_candidate(t) || jb_imp_note_start(t) || jb_imp_source_line(t, &va, &vb) ||
        jb_imp_count_chars(t) > TITLE_MAX)
        return 0;
    if (i > first) {
        const jb_text *p = &paras[i - 1]->t;
        if (!(paras[i - 1]->drop == JB_DROP_METADATA || jb_imp_note_start(p) ||
              jb_imp_source_line(p, &va, &vb) || JB_IN_SET(p->cps[p->n - 1], stop_marks)))
            return 0;
    }
    while (q < n && q <= i + 2 && jb_imp_is_field(&paras[q]->t))
        q++;
    return q < n && jb_imp_body_like(&paras[q]->t) && !jb_imp_note_start(&paras[q]->t);
}

static void
move_text(jb_text *dst, jb_text *src)
{
    if (src->n == 0)
        return;
    jb_text_fini(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}

/* Items up to n in doc (it has one). 0, or -1 out of memory. */
static int
add_items(jb_doc *doc, size_t n)
{
    while (doc->n_items < n)
        if (jb_doc_add_item(doc) == NULL)
            return -1;
    return 0;
}

void
jb_imp_issue_fini(jb_imp_issue *is)
{
    jb_imp_masthead_fini(&is->mh);
    free(is->starts);
    memset(is, 0, sizeof *is);
}

void
jb_imp_issue_apply(jb_imp_issue *is, jb_doc *doc)
{
    jb_masthead *mh = &doc->masthead;
    move_text(&mh->name, &is->mh.name);
    move_text(&mh->issue, &is->mh.issue);
    move_text(&mh->total, &is->mh.total);
    move_text(&mh->special, &is->mh.special);
    move_text(&mh->secrecy, &is->mh.secrecy);
    move_text(&mh->serial, &is->mh.serial);
    move_text(&mh->unit, &is->mh.unit);
    if (is->mh.date_iso[0]) {
        move_text(&mh->date, &is->mh.date);
        memcpy(mh->date_iso, is->mh.date_iso, sizeof mh->date_iso);
    }
}

/* Reads the 报头 at paras[0..): 1 when found (its lines marked), 0 when not; -1 out of memory. */
static int
read_masthead(jb_imp_issue *is, rline **paras, size_t n)
{
    jb_doc scratch;
    size_t i = 1, top = 0;
    int found = 0, r = 0;

    memset(&scratch, 0, sizeof scratch);
    while (top < n && top < 2 &&
           (r = jb_imp_secrecy_line(&paras[top]->t, &scratch.masthead)) != 0) {
        if (r < 0) /* 密级 and 编号 above the name */
            goto out;
        top++;
    }
    i = top + 1;
    if (top >= n || (r = jb_imp_name_line(&paras[top]->t, &scratch.masthead)) <= 0)
        goto out;
    for (; i < n && i < MASTHEAD_LINES; i++) {
        if ((r = jb_imp_masthead_line(&paras[i]->t, &scratch, &found)) < 0)
            goto out;
        if (r == 0)
            break;
    }
    r = 0;
    /* a name alone is a 报头 when it says 简报 and a title, not body text, follows */
    if (!found && scratch.masthead.special.n == 0 &&
        !(jb_imp_ends_with(&scratch.masthead.name, "简报") && i < n &&
          jb_imp_title_candidate(&paras[i]->t)))
        goto out;
    for (size_t k = 0; k < i; k++)
        paras[k]->drop = JB_DROP_MASTHEAD;
    is->mh = scratch.masthead;
    memset(&scratch.masthead, 0, sizeof scratch.masthead);
    is->after_masthead = i;
    r = 1;
out:
    jb_imp_masthead_fini(&scratch.masthead);
    return r;
}

/* The contents at paras[i] (its head line): the entries' canonical texts into is, their lines
 * marked; the index after them. */
static size_t
read_contents(jb_imp_issue *is, rline **paras, size_t i, size_t n, uint32_t (*entries)[ENTRY_MAX],
              size_t *lens)
{
    size_t k = i + 1;
    paras[i]->drop = JB_DROP_CONTENTS;
    for (; k < n && is->n_entries < CONTENTS_MAX; k++) {
        size_t a, b;
        const jb_text *t = &paras[k]->t;
        if (jb_imp_body_like(t) || jb_imp_note_start(t) || !jb_imp_entry_text(t, &a, &b))
            break;
        if (is->n_entries > 0 && jb_imp_matches_entry(t, entries[0], lens[0]))
            break; /* the first item's title */
        lens[is->n_entries] = jb_imp_canon(t, a, b, entries[is->n_entries], ENTRY_MAX);
        is->n_entries++;
        paras[k]->drop = JB_DROP_CONTENTS;
    }
    return k;
}

int
jb_imp_find_issue(jb_imp_issue *is, jb_doc *doc, rline **paras, size_t *n_paras)
{
    uint32_t entries[CONTENTS_MAX][ENTRY_MAX];
    size_t lens[CONTENTS_MAX], n = *n_paras, i, first, end = n, q = 0, k;
    rline **titles = NULL;
    int masthead, r;

    memset(is, 0, sizeof *is);
    if ((masthead = read_masthead(is, paras, n)) < 0)
        return -1;
    i = is->after_masthead;
    /* an 编者按 under the 报头, before the contents: the issue's own */
    if (masthead && i < n && jb_imp_note_start(&paras[i]->t) && i + 1 < n &&
        jb_imp_contents_head(&paras[i + 1]->t)) {
        size_t s = jb_imp_note_start(&paras[i]->t);
        if (jb_imp_copy_range(&doc->editor_note, &paras[i]->t, s, paras[i]->t.n) != 0)
            return -1;
        paras[i++]->drop = -2;
    }
    if (i < n && jb_imp_contents_head(&paras[i]->t)) {
        size_t after = read_contents(is, paras, i, n, entries, lens);
        if (is->n_entries == 0)
            paras[i]->drop = -1; /* a 目录 line without entries: text */
        else
            i = after;
    }
    if (!masthead && is->n_entries == 0)
        return 0; /* an article, as before */
    is->found = 1;
    /* the 报尾, from the end */
    for (k = 0; end > i && k < COLOPHON_MAX; k++) {
        if ((r = jb_imp_colophon_line(doc, &paras[end - 1]->t)) < 0)
            return -1;
        if (r == 0)
            break;
        paras[--end]->drop = JB_DROP_COLOPHON;
    }
    first = i;
    if ((titles = calloc(end > first ? end - first : 1, sizeof *titles)) == NULL)
        return -1;
    if (is->n_entries > 0) { /* each entry's item, in order */
        size_t from = first;
        for (size_t e = 0; e < is->n_entries; e++)
            for (size_t j = from; j < end; j++)
                if (paras[j]->drop == -1 &&
                    jb_imp_matches_entry(&paras[j]->t, entries[e], lens[e]) &&
                    !jb_imp_note_start(&paras[j]->t)) {
                    titles[is->n_items++] = paras[j];
                    from = j + 1;
                    break;
                }
    } else {
        for (size_t j = first; j < end; j++)
            if (item_title_at(paras, j, end, first))
                titles[is->n_items++] = paras[j];
    }
    /* lines before the first title: an 编者按 goes with it, anything else is stray */
    for (size_t j = first; j < end && is->n_items > 0 && paras[j] != titles[0]; j++)
        if (!jb_imp_note_start(&paras[j]->t))
            paras[j]->drop = JB_DROP_STRAY;
    if (is->n_items > 0 && ((is->starts = calloc(is->n_items, sizeof *is->starts)) == NULL ||
                            add_items(doc, is->n_items) != 0)) {
        free(titles);
        return -1;
    }
    /* a title's bullet (◆ ■ ★ …, as the contents have them) is no part of it */
    for (size_t u = 0; u < is->n_items; u++) {
        jb_text *t = &titles[u]->t;
        size_t b = 0;
        while (b + 1 < t->n && (jb_imp_is_bullet(t->cps[b]) || jb_char_is_blank(t->cps[b])))
            b++;
        if (b > 0 && b + TITLE_MIN <= t->n) {
            memmove(t->cps, t->cps + b, (t->n - b) * sizeof *t->cps);
            memmove(t->offs, t->offs + b, (t->n - b) * sizeof *t->offs);
            memmove(t->marks, t->marks + b, t->n - b);
            t->n -= b;
        }
    }
    /* per item: its 编者按 (the note right before its title) and its source line */
    for (size_t u = 0, j = first; u < is->n_items; u++) {
        jb_item *it = &doc->items[u];
        size_t t = j, from, sa, sb;
        while (paras[t] != titles[u])
            t++;
        /* a 编者按 of up to NOTE_LINES paragraphs right before the title */
        for (from = t;
             from > j && t - from < NOTE_LINES && !jb_imp_note_start(&paras[from - 1]->t) &&
             (paras[from - 1]->drop == -1 || paras[from - 1]->drop == JB_DROP_STRAY) &&
             !jb_imp_source_line(&paras[from - 1]->t, &sa, &sb);
             from--)
            ;
        if (from > j && jb_imp_note_start(&paras[from - 1]->t) &&
            (paras[from - 1]->drop == -1 || paras[from - 1]->drop == JB_DROP_STRAY)) {
            for (size_t l = from - 1; l < t; l++) {
                const jb_text *x = &paras[l]->t;
                for (size_t c = l == from - 1 ? jb_imp_note_start(x) : 0; c < x->n; c++)
                    if (jb_text_push(&it->editor_note, x->cps[c], x->offs[c], x->marks[c]) != 0)
                        goto nomem;
                paras[l]->drop = -2; /* printed as the item's 编者按 */
            }
        }
        j = t;
        for (size_t e = j + 1; e < end && (u + 1 == is->n_items || paras[e] != titles[u + 1]);
             e++) {
            size_t va, vb;
            if (paras[e]->drop != -1 || !jb_imp_source_line(&paras[e]->t, &va, &vb))
                continue;
            if (it->origin.n == 0) {
                if (jb_imp_copy_range(&it->origin, &paras[e]->t, va, vb) != 0)
                    goto nomem;
                paras[e]->drop = JB_DROP_SOURCE; /* printed as the item's 来源：… */
            } else {
                paras[e]->drop = JB_DROP_METADATA;
            }
        }
    }
    /* the issue's own 编者按 (under the 报头) goes before the first item, where the layout sets
     * an item's */
    if (is->n_items > 0 && doc->editor_note.n && doc->items[0].editor_note.n == 0) {
        doc->items[0].editor_note = doc->editor_note;
        memset(&doc->editor_note, 0, sizeof doc->editor_note);
    }
    /* what is left, compacted; the titles' places in it */
    for (size_t j = 0, u = 0; j < n; j++) {
        if (paras[j]->drop != -1)
            continue;
        if (u < is->n_items && paras[j] == titles[u])
            is->starts[u++] = q;
        paras[q++] = paras[j];
    }
    *n_paras = q;
    free(titles);
    is->found = 1;
    doc->contents = is->n_entries > 0 && is->n_items > 1; /* a 本期要目 pasted: one on the page */
    return 0;
nomem:
    free(titles);
    return -1;
}

int
jb_import_masthead_blocks(jb_doc *doc)
{
    jb_item *it = &doc->items[0];
    rline lines[MASTHEAD_LINES], *paras[MASTHEAD_LINES];
    jb_imp_issue is;
    size_t n = 0;
    int r;

    while (n < it->n_blocks && n < MASTHEAD_LINES && it->blocks[n].kind == JB_BLOCK_PARA &&
           it->blocks[n].text.n > 0) {
        memset(&lines[n], 0, sizeof lines[n]);
        lines[n].t = it->blocks[n].text; /* borrowed: read, never changed */
        lines[n].drop = -1;
        paras[n] = &lines[n];
        n++;
    }
    memset(&is, 0, sizeof is);
    if ((r = read_masthead(&is, paras, n)) <= 0)
        return r;
    jb_imp_issue_apply(&is, doc);
    for (size_t k = 0; k < is.after_masthead; k++)
        jb_item_remove_block(it, 0);
    r = (int)is.after_masthead;
    jb_imp_issue_fini(&is);
    return r;
}

int
jb_import_item_sources(jb_doc *doc)
{
    int n = 0;
    for (size_t k = 0; k < doc->n_items; k++) {
        jb_item *it = &doc->items[k];
        jb_block *last = it->n_blocks > 1 ? &it->blocks[it->n_blocks - 1] : NULL;
        size_t va, vb;
        if (it->origin.n || last == NULL || last->kind != JB_BLOCK_PARA ||
            !jb_imp_source_line(&last->text, &va, &vb))
            continue;
        if (jb_imp_copy_range(&it->origin, &last->text, va, vb) != 0)
            return -1;
        jb_item_remove_block(it, it->n_blocks - 1);
        n++;
    }
    return n;
}
