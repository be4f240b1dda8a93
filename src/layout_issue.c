/* layout_issue — an issue of several items, or a brief on several pages (RULES.md §5.7): every
 * item's 编者按, title, byline and body at one body size, flowed onto the fewest pages (up to
 * [pages] count) at the largest size that fits in them; the 本期要目 under the 报头, page numbers
 * (two pages or more), the 报尾 at the foot of the last page; no title or head without two lines of
 * its text after it on its page, no single line of a paragraph alone at a page's top or foot.
 * This file decides (the rows, the pages, the size); layout_issue_emit.c draws.
 */
#include "layout_issue_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static jb_status
shape_one(lay *L, const jb_page_text *e, run *r)
{
    return jb_lay_shape_entries(L, &e, 1, r);
}

/* Shapes the texts: the masthead's, the 报尾's, the contents' and page numbers' runs, one
 * paragraph per 编者按, title, byline line, lead, section paragraph and table. */
static jb_status
prepare(issue *I)
{
    lay *L = I->L;
    const jb_page_texts *tx = L->tx;
    jb_status st;

    I->n_items = tx->n_items ? tx->n_items : 1;
    I->title_pt = I->n_items > 1 ? L->spec->item_title_pt : L->spec->title_pt;
    L->paras = calloc(tx->n + 1, sizeof *L->paras);
    I->info = calloc(tx->n + 1, sizeof *I->info);
    I->byline = calloc(I->n_items, sizeof *I->byline);
    I->source = calloc(I->n_items, sizeof *I->source);
    I->centry = calloc(I->n_items, sizeof *I->centry);
    if (!L->paras || !I->info || !I->byline || !I->source || !I->centry)
        return jb_lay_nomem(L);
    if ((st = jb_lay_prepare_tables(L)) != JB_OK || (st = jb_lay_prepare_photos(L)) != JB_OK)
        return st;
    L->photo_share = L->spec->photo_width; /* fit trades it against the body size (§5.7) */
    L->byline_pt = L->spec->byline_pt;
    for (size_t k = 0; k < tx->n; k++) {
        const jb_page_text *e = &tx->items[k];
        size_t item = e->item >= 0 && (size_t)e->item < I->n_items ? (size_t)e->item : 0;
        run *r = NULL;
        switch (e->role) {
        case JB_TEXT_MASTHEAD: r = &L->name; break;
        case JB_TEXT_ISSUE: r = &L->issue; break;
        case JB_TEXT_SECRECY: r = &L->secret; break;
        case JB_TEXT_SERIAL: r = &L->serial; break;
        case JB_TEXT_UNIT: r = &L->unit; break;
        case JB_TEXT_DATE: r = &L->date; break;
        case JB_TEXT_FOOT: r = &L->foot[e->index]; break;
        case JB_TEXT_CONTENTS:
            I->contents = 1;
            r = e->index < 0 ? &I->chead : &I->centry[e->index];
            break;
        case JB_TEXT_FOLIO: r = &I->folio[e->index]; break;
        case JB_TEXT_PAGENUM: r = &I->pagenum[e->index]; break;
        case JB_TEXT_SOURCE: r = &I->source[item]; break;
        case JB_TEXT_BYLINE: {
            para *pa = &L->paras[L->n_paras];
            I->info[L->n_paras].kind = B_BYLINE;
            I->info[L->n_paras++].item = (int)item;
            pa->section = -1;
            L->byline_pt = e->size_pt;
            r = &I->byline[item];
            break;
        }
        case JB_TEXT_CAPTION: /* a photo (its caption's entry): its place among the blocks */
            I->info[L->n_paras].kind = B_PHOTO;
            I->info[L->n_paras].item = (int)item;
            if ((r = jb_lay_photo_para(L, e)) == NULL)
                return L->d->status;
            break;
        case JB_TEXT_CELL: {
            table *t = &L->tables[e->index];
            if (t->n == 0) { /* its first cell: the table stands here */
                para *pa = &L->paras[L->n_paras];
                I->info[L->n_paras].kind = B_TABLE;
                I->info[L->n_paras++].item = (int)item;
                pa->section = e->section;
                pa->table = 1 + e->index;
            }
            r = &t->cells[t->n++];
            break;
        }
        default: { /* 编者按, title, lead, head, paragraph */
            binfo *in = &I->info[L->n_paras];
            para *pa = &L->paras[L->n_paras++];
            in->item = (int)item;
            in->kind = e->role == JB_TEXT_TITLE  ? B_TITLE
                       : e->role == JB_TEXT_NOTE ? B_NOTE
                                                 : B_TEXT;
            in->lead = e->role == JB_TEXT_LEAD;
            in->head = e->role == JB_TEXT_HEAD && !e->run_in;
            if ((st = jb_lay_shape_para(L, tx, &k, pa)) != JB_OK)
                return st;
            pa->centred |= in->kind == B_TITLE; /* an item's title, centred; its 编者按, flush */
            pa->flush |= in->kind == B_NOTE;
        }
        }
        if (r && (st = shape_one(L, e, r)) != JB_OK)
            return st;
    }
    return JB_OK;
}

static void
release(issue *I)
{
    for (size_t k = 0; k < I->n_items && I->byline; k++) {
        jb_lay_run_fini(&I->byline[k]);
        jb_lay_run_fini(&I->source[k]);
        jb_lay_run_fini(&I->centry[k]);
    }
    for (int p = 0; p <= JB_PAGES_MAX; p++) {
        jb_lay_run_fini(&I->folio[p]);
        jb_lay_run_fini(&I->pagenum[p]);
    }
    jb_lay_run_fini(&I->chead);
    free(I->byline), free(I->source), free(I->centry), free(I->info), free(I->rows);
}

/* The steps photos grow back in, as a share of the measure (as photos.c's fit). */
#define PHOTO_STEP 0.05

/* The steps the leading of a one-page issue is opened up in, from [body] leading_max down. */
#define LEADING_STEP 0.02

/* A table of this many body rows or more may break across pages (RULES.md §9.5). */
#define TABLE_SPLIT_ROWS 4

/* Breaks every paragraph at body size: titles at the title size, centred; the 编者按 within its
 * indents; tables set at the size. */
static jb_status
break_all(issue *I, double size)
{
    lay *L = I->L;
    jb_status st;

    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        const binfo *in = &I->info[p];
        jb_para_opts o = {.measure_pt = L->width_pt,
                          .size_pt = size,
                          .indent_em = jb_lay_indent(pa),
                          .min_last = 4,
                          .kaiming = L->kaiming,
                          .line_penalty = L->tight ? JB_LINES_TIGHT : 0,
                          .brk = pa->brk,
                          .hyphen_em = pa->hyphen_em,
                          .prep = &pa->prep};
        jb_para_layout_fini(&pa->pl);
        if (in->kind == B_BYLINE || in->kind == B_TABLE || in->kind == B_PHOTO || pa->n == 0 ||
            (in->kind == B_TITLE && in->brk != TITLE_NONE))
            continue;
        if (in->kind == B_TITLE)
            o.size_pt = in->size, o.min_last = 2;
        if (in->kind == B_NOTE)
            o.measure_pt -= 2 * NOTE_INDENT * size;
        pa->pl_size = o.size_pt;
        if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
            return st;
        if (in->kind != B_TITLE && jb_lay_hyphenate_loose(L, pa, &pa->pl, pa->pl_size)) { /* §4.4 */
            jb_para_layout_fini(&pa->pl);
            o.hyphen_em = pa->hyphen_em;
            if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
                return st;
        }
    }
    return JB_OK;
}

static int
push_row(issue *I, double h, double gap, int brk, int pi, int line)
{
    row r = {.h = h, .gap = gap, .brk = brk, .para = pi, .line = line};
    if (jb_grow(&I->rows, &I->cap_rows, I->n_rows + 1, sizeof *I->rows) != 0)
        return -1;
    I->rows[I->n_rows++] = r;
    return 0;
}

/* The rows at body size (the paragraphs broken at it), with where a page may break: never
 * between a title (or a head on its own line) and the two lines of text after it, nor between a
 * 编者按 and its title, nor after a paragraph's first line or before its last. 0 or -1. */
static int
rows_at(issue *I, double size)
{
    lay *L = I->L;
    const jb_spec *s = L->spec;
    double pitch = size * I->leading, by = jb_lay_header_size(L->byline_pt, size);
    double t = I->title_pt, pending = 0; /* (each title's own size below) */
    int keep = 0, prev_item = -1, has_lead = 0, glued = 0;

    I->n_rows = 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        const binfo *in = &I->info[p];
        int n = (int)pa->pl.n_lines;
        double item_gap = 0;
        if (in->item != prev_item) {
            item_gap = prev_item >= 0 ? pitch : 0; /* a line between items */
            prev_item = in->item, has_lead = 0, glued = 0, keep = 0;
        }
        switch (in->kind) {
        case B_NOTE:
            for (int l = 0; l < n; l++) {
                double gap = l == 0 ? item_gap : 0;
                if (push_row(I, pitch + gap, gap, l == 0 ? keep == 0 : l >= 2 && n - l >= 2, (int)p,
                             l) != 0)
                    return -1;
            }
            glued = 1; /* its title follows on its page */
            pending = pitch * M.body_above;
            break;
        case B_TITLE: {
            t = in->size;
            if (in->brk != TITLE_NONE)
                n = in->brk ? 2 : 1;
            /* the title block (the room above the title, its lines, the byline's line and half a
             * line) takes whole body lines, so that the body keeps one grid (RULES.md §3.2) */
            double head = glued ? pending : t * M.title_above, byh = 0;
            if (p + 1 < L->n_paras && I->info[p + 1].kind == B_BYLINE &&
                (I->byline[in->item].n || I->source[in->item].n))
                byh = by * M.byline_adv;
            double block = head + n * t * M.title_adv + byh + pitch * M.body_above;
            double extra = ceil(block / pitch - 1e-9) * pitch - block;
            for (int l = 0; l < n; l++) {
                double gap = l > 0 || glued ? 0 : item_gap, pre = l > 0 ? 0 : head;
                if (push_row(I, t * M.title_adv + gap + pre, gap, l == 0 && !glued && keep == 0,
                             (int)p, l) != 0)
                    return -1;
                I->rows[I->n_rows - 1].pre = pre;
            }
            keep = 2, pending = pitch * M.body_above + extra, glued = 0;
            break;
        }
        case B_BYLINE:
            if (I->byline[in->item].n == 0 && I->source[in->item].n == 0)
                break;
            if (push_row(I, by * M.byline_adv, 0, 0, (int)p, 0) != 0)
                return -1;
            break;
        case B_PHOTO: { /* a row of one photo, or two side by side, whole */
            size_t np = jb_lay_row_length(L, p);
            int lines = jb_lay_photo_row_lines(L, p, np, size);
            if (lines < 0 ||
                push_row(I, lines * pitch + pending, pending, keep == 0, (int)p, (int)np) != 0)
                return -1;
            keep = 0, pending = 0;
            p += np - 1;
            break;
        }
        case B_TABLE: {
            size_t ti = (size_t)pa->table - 1;
            const jb_table_set *ts = jb_lay_table_set(L, ti, size);
            size_t head = ts ? jb_table_header_rows(ts) : 0, nb = ts ? ts->n_rows - head : 0;
            double room = pitch * M.photo_above, head_h = 0;
            if (ts == NULL && L->d->status != JB_OK)
                return -1;
            if (nb < TABLE_SPLIT_ROWS) { /* whole, on whole lines (or too wide: see fit) */
                int lines = jb_lay_table_lines(L, ti, size);
                if (lines < 0 ||
                    push_row(I, lines * pitch + pending, pending, keep == 0, (int)p, -1) != 0)
                    return -1;
                keep = 0, pending = 0;
                break;
            }
            /* a row at a time, to break between rows (RULES.md §9.5): never inside a cell that
             * spans rows, and two rows at least on each side */
            for (size_t r = 0; r < head; r++)
                head_h += ts->row_h[r];
            for (size_t r = head; r < ts->n_rows; r++) {
                size_t k = r - head;
                double h = ts->row_h[r] + (k == 0 ? pending + room + head_h : 0) +
                           (r + 1 == ts->n_rows ? room : 0);
                int brk = k == 0 ? keep == 0 : jb_table_can_break(ts, r) && k >= 2 && nb - k >= 2;
                if (push_row(I, h, k == 0 ? pending : 0, brk, (int)p, (int)r) != 0)
                    return -1;
                I->rows[I->n_rows - 1].more = k > 0 ? room + head_h : 0;
                I->rows[I->n_rows - 1].snap = r + 1 == ts->n_rows;
            }
            keep = 0, pending = 0;
            break;
        }
        default:
            has_lead |= in->lead;
            if (pa->first && !in->lead && (pa->section > 0 || has_lead) && s->section_rule_pt > 0) {
                /* the section's accent rule in a line of its own, dropped at a page's top */
                double h = M.section_gap * pitch + pending;
                if (push_row(I, h, h, keep == 0, (int)p, -1) != 0)
                    return -1;
                I->rows[I->n_rows - 1].rule = 1;
                pending = 0;
                keep = keep > 1 ? keep : 1; /* the rule stays with its section's first line */
            }
            for (int l = 0; l < n; l++) {
                double gap = l == 0 ? pending + item_gap : 0;
                int brk = keep == 0 && (l == 0 || (l >= 2 && n - l >= 2));
                if (push_row(I, pitch + gap, gap, brk, (int)p, l) != 0)
                    return -1;
                if (keep > 0)
                    keep--;
            }
            pending = 0;
            if (in->head)
                keep = 2;
        }
    }
    if (jb_lay_foot_rows(L) > 0) {
        double foot =
            L->spec->foot_pt * M.foot_row * jb_lay_foot_rows(L) + 2 * M.foot_pad + M.foot_above;
        if (push_row(I, foot, 0, 0, -1, 0) != 0)
            return -1;
    }
    return 0;
}

/* Puts the rows on pages: each page filled while the next row fits; a row that does not goes to
 * the next page with the rows after the last place a break may come (when there is none on the
 * page, the break comes where it must). The number of pages (at most limit + 1: more were
 * needed), or -1 when a row is taller than a whole page. */
static int
paginate(issue *I, double first, double other, int limit)
{
    int page = 0;
    size_t start = 0;
    double used = 0, cap = first;

    for (size_t i = 0; i < I->n_rows;) {
        row *r = &I->rows[i];
        int top = i == start;
        double h = top ? r->h - r->gap + r->more : r->h;
        if (r->snap) /* back on the grid after a table's last row */
            h = ceil((used + h) / I->pitch - 1e-6) * I->pitch - used;
        if (used + h <= cap + 1e-6) {
            r->page = page, r->y = used, r->dropped = top && r->gap > 0, r->opened = top;
            used += h;
            i++;
            continue;
        }
        if (top)
            return -1; /* taller than the page */
        size_t j = i;
        while (j > start && !I->rows[j].brk)
            j--;
        if (j == start)
            j = i; /* no place the rules allow: break here */
        if (++page > limit)
            return limit + 1;
        start = i = j, used = 0, cap = other;
    }
    return page + 1;
}

/* The pages the issue takes at step k (size = floor + k·step): rows built and put on pages. */
static int
pages_at(issue *I, long k, int limit)
{
    lay *L = I->L;
    const jb_spec *s = L->spec;
    double size = s->body_min_pt + (double)k * s->body_step_pt;
    double block = s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt - I->room;
    double first = block - jb_lay_heights_at(L, size).masthead - jb_issue_contents_height(I, size);

    I->pitch = size * I->leading;
    if (break_all(I, size) != JB_OK || rows_at(I, size) != 0)
        return -2;
    I->top_room = jb_issue_top_room(I, size);
    I->first = first - I->top_room;
    return paginate(I, I->first, block, limit);
}

/* Each title's size and break: the layout's size, made a point smaller at a time (down to
 * TITLE_MIN_PT) while two lines do not hold it. */
static jb_status
size_titles(issue *I)
{
    lay *L = I->L;

    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        binfo *in = &I->info[p];
        if (in->kind != B_TITLE)
            continue;
        /* two lines at most, broken as an article's title is (RULES.md §5.4.1) */
        for (in->size = I->title_pt;; in->size -= 1) {
            run saved = L->title;
            L->title = (run){pa->boxes, pa->colors, pa->n};
            in->brk = jb_lay_title_break(L, in->size, L->width_pt);
            L->title = saved;
            if (in->brk == TITLE_NOMEM)
                return jb_lay_nomem(L);
            if (in->brk != TITLE_NONE || in->size - 1 < TITLE_MIN_PT)
                break;
        }
    }
    return JB_OK;
}

/* The fit (RULES.md §5.7): the fewest pages the issue takes at the floor size, then the largest
 * size that fits in as many. */
static jb_status
fit(issue *I)
{
    lay *L = I->L;
    const jb_spec *s = L->spec;
    int most = s->pages > 0 ? s->pages : 1, need;

    I->leading = s->leading;
    long n = lround((s->body_max_pt - s->body_min_pt) / s->body_step_pt), k;
    double wmin = s->photo_min < s->photo_width ? s->photo_min : s->photo_width;

    /* photos at their smallest share while the pages and the body size are chosen */
    L->photo_share = wmin;
    if (jb_lay_prepare_breaks(L) != JB_OK || size_titles(I) != JB_OK)
        return L->d->status;
    if ((need = pages_at(I, 0, JB_PAGES_MAX)) > 1) { /* page numbers: their room, and again */
        I->room = jb_issue_folio_room(s);
        need = pages_at(I, 0, JB_PAGES_MAX);
    }
    if (need == -2)
        return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
    if (need > most) /* the fewest lines (§5.5), then 开明式 (§2.5), before more pages */
        for (int mode = 1; mode <= 2 && need > most; mode++) {
            int got;
            L->tight = 1, L->kaiming = mode == 2;
            I->room = 0;
            if ((got = pages_at(I, 0, JB_PAGES_MAX)) > 1) {
                I->room = jb_issue_folio_room(s);
                got = pages_at(I, 0, JB_PAGES_MAX);
            }
            if (got == -2)
                return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
            if (got > 0 && got < need)
                need = got; /* the fewest it needs, for the message too */
            if (got <= 0 || got > most) {
                L->tight = L->kaiming = 0;
                I->room = need > 1 ? jb_issue_folio_room(s) : 0;
            }
        }
    if (need < 0 && L->n_tables && jb_lay_tables_overflow(L))
        return L->d->status; /* a table too wide at every size: its own message */
    if (need < 0) {
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0, "shorten the table, or split it",
                    "a table is taller than a whole page even at the floor size of %.2f pt",
                    s->body_min_pt);
        return jb_diag_code(L->d, "too_long");
    }
    if (need > most) {
        char hint[160], many[32];
        if (need > JB_PAGES_MAX)
            snprintf(many, sizeof many, "more than %d pages", JB_PAGES_MAX);
        else
            snprintf(many, sizeof many, "%d pages", need);
        if (need <= JB_PAGES_MAX)
            snprintf(hint, sizeof hint,
                     "render it with --pages %d (or [pages] count = %d), or "
                     "shorten it",
                     need, need);
        else
            snprintf(hint, sizeof hint, "shorten it, or split it into two issues");
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0, hint,
                    "the %s does not fit on %d page%s: at the floor size of %.2f pt it needs %s",
                    I->n_items > 1 ? "issue" : "report", most, most == 1 ? "" : "s", s->body_min_pt,
                    many);
        return jb_diag_code(L->d, "too_long");
    }
    for (k = n; k > 0; k--) {
        int p = pages_at(I, k, need);
        if (p == -2)
            return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
        if (p > 0 && p <= need)
            break;
    }
    if (k == 0 && pages_at(I, 0, need) != need) /* the floor's rows again */
        return jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "the issue's fit drifted");
    I->n_pages = need;
    L->size = s->body_min_pt + (double)k * s->body_step_pt;
    if (L->n_photos) { /* then they grow back as far as the pages allow, 5% at a time */
        double share = wmin;
        for (double w = s->photo_width; w > wmin + 1e-9; w -= PHOTO_STEP) {
            L->photo_share = w;
            int p = pages_at(I, k, need);
            if (p == -2)
                return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
            if (p > 0 && p <= need) {
                share = w;
                break;
            }
        }
        L->photo_share = share;
        if (pages_at(I, k, need) != need)
            return jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "the issue's fit drifted");
    }
    if (need == 1 && s->leading_max > s->leading + 1e-9) {
        /* one page with room to spare: the leading opens up to [body] leading_max while it still
         * fits (RULES.md §5.5), the body on one grid; the rows then are the leading's */
        double best = s->leading;
        for (double l = s->leading_max; l > s->leading + 1e-9; l -= LEADING_STEP) {
            I->leading = l;
            int p = pages_at(I, k, 1);
            if (p == -2)
                return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
            if (p == 1) {
                best = l;
                break;
            }
        }
        I->leading = best;
        if (pages_at(I, k, 1) != 1)
            return jb_diag_set(L->d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "the issue's fit drifted");
    }
    jb_issue_share(I); /* one page: the spare shared as an article's (layout_issue_space.c) */
    return JB_OK;
}

jb_status
jb_layout_issue(lay *L)
{
    issue I;
    jb_status st;

    memset(&I, 0, sizeof I);
    I.L = L;
    if ((st = prepare(&I)) == JB_OK && (st = fit(&I)) == JB_OK)
        st = jb_issue_emit(&I);
    release(&I);
    return st;
}
