/* layout_issue — an issue of several items, or a brief on several pages (RULES.md §5.7): every
 * item's 编者按, title, byline and body at one body size, flowed onto the fewest pages (up to
 * [pages] count) at the largest size that fits in them; the 本期要目 under the 报头, page numbers
 * (two pages or more), the 报尾 at the foot of the last page; no title or head without two lines of
 * its text after it on its page, no single line of a paragraph alone at a page's top or foot.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* What a paragraph of the issue is. */
enum { B_TEXT, B_TITLE, B_BYLINE, B_NOTE, B_TABLE };

typedef struct {
    int kind; /* B_* */
    int item;
    int head;    /* a head on a line of its own: two lines of its text stay with it */
    int lead;    /* a lead paragraph (before the item's first head) */
    double size; /* a title's size: the layout's, smaller when it needs more than two lines */
} binfo;

/* Vertical rows at a trial size, each kept whole on one page. */
typedef struct {
    double h;    /* its height with the room above it, pt */
    double gap;  /* the room above it, dropped when it opens a page */
    double pre;  /* room above its content below that gap, kept at a page's top */
    double more; /* added when it opens a page: a table's header rows repeated, and room */
    int snap;    /* the last row of a table: the rows after it back on the body's grid */
    int opened;  /* it opens its page */
    int brk;     /* a page may break before it */
    int para;    /* its paragraph in L->paras; -1: the 报尾 */
    int line;    /* its line in the paragraph */
    int rule;    /* a section's accent rule (the row is its line) */
    int page;    /* decided by paginate */
    double y;    /* its top below its page's body top */
    int dropped; /* it opens a page: its gap dropped */
} row;

typedef struct {
    lay *L;
    binfo *info;          /* per paragraph of L->paras */
    run *byline, *source; /* per item */
    run chead;            /* 本期要目 */
    run *centry;          /* per item: its title in the contents */
    int contents;
    run folio[JB_PAGES_MAX + 1], pagenum[JB_PAGES_MAX + 1];
    size_t n_items;
    double title_pt;
    double room;    /* taken from every page's text block for the page numbers (several pages) */
    double pitch;   /* the body's at the size tried */
    double leading; /* the body's: the layout's, opened up on a one-page issue (RULES.md §5.7) */
    row *rows;
    size_t n_rows, cap_rows;
    int n_pages;
} issue;

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
    if (tx->n_photos) {
        jb_diag_set(L->d, JB_ERR_FORMAT, NULL, 0, 0,
                    "leave the photos out of this issue, or render the item with a photo on its "
                    "own",
                    "photos in an issue of several items or on several pages are not set yet");
        return jb_diag_code(L->d, "issue_photos");
    }
    L->paras = calloc(tx->n + 1, sizeof *L->paras);
    I->info = calloc(tx->n + 1, sizeof *I->info);
    I->byline = calloc(I->n_items, sizeof *I->byline);
    I->source = calloc(I->n_items, sizeof *I->source);
    I->centry = calloc(I->n_items, sizeof *I->centry);
    if (!L->paras || !I->info || !I->byline || !I->source || !I->centry)
        return jb_lay_nomem(L);
    if ((st = jb_lay_prepare_tables(L)) != JB_OK)
        return st;
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
            const jb_page_text *parts[2] = {e, NULL};
            size_t np = 1;
            run pr;
            binfo *in = &I->info[L->n_paras];
            para *pa = &L->paras[L->n_paras++];
            in->item = (int)item;
            in->kind = e->role == JB_TEXT_TITLE  ? B_TITLE
                       : e->role == JB_TEXT_NOTE ? B_NOTE
                                                 : B_TEXT;
            in->lead = e->role == JB_TEXT_LEAD;
            in->head = e->role == JB_TEXT_HEAD && !e->run_in;
            pa->section = e->section;
            pa->first = e->role == JB_TEXT_HEAD || (e->role == JB_TEXT_LEAD && e->index == 0);
            pa->centred = e->centred || e->role == JB_TEXT_TITLE;
            pa->flush = e->note || e->role == JB_TEXT_NOTE;
            pa->right = e->right, pa->indent_em = e->indent_em; /* a signature, an 附件 item */
            if (e->role == JB_TEXT_HEAD && e->run_in && k + 1 < tx->n)
                parts[np++] = &tx->items[++k];
            if ((st = jb_lay_shape_entries(L, parts, np, &pr)) != JB_OK)
                return st;
            pa->boxes = pr.boxes, pa->colors = pr.colors, pa->n = pr.n;
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

/* A page number's 一字线: its height above the baseline and its gap to the number, in em. */
#define FOLIO_DASH_Y   0.33
#define FOLIO_DASH_GAP 0.3

/* The page number's baseline, pt below the page's top (GB/T 9704 §7.5: the dashes 7 mm under
 * the text block), kept 10 mm clear of the paper's edge: in a narrow bottom margin it rises, and
 * the text block gives up the room it then takes (folio_room). */
static double
folio_base(const jb_spec *s)
{
    double f = s->folio_pt;
    double want = s->page_h_pt - s->margin_bottom_pt + 7 * MM_PT + FOLIO_DASH_Y * f;
    double most = s->page_h_pt - 10 * MM_PT - 1.1 * f; /* the face's box, its descent in it */
    return want < most ? want : most;
}

/* The room the page number takes from the foot of the text block (2 mm clear above its em box). */
static double
folio_room(const jb_spec *s)
{
    double top = folio_base(s) - M.ascent * s->folio_pt - 2 * MM_PT;
    double block = s->page_h_pt - s->margin_bottom_pt;
    return top < block ? block - top : 0;
}

/* The 本期要目's thin rules above and below it (pt) and its heading's letter-spacing (em). */
#define CONTENTS_RULE_PT  0.5
#define CONTENTS_TRACKING 0.25

/* The steps the leading of a one-page issue is opened up in, from [body] leading_max down. */
#define LEADING_STEP 0.02

/* A table of this many body rows or more may break across pages (RULES.md §9.5). */
#define TABLE_SPLIT_ROWS 4

/* The 编者按's indent on each side, in em of the body size (RULES.md §5.7). */
#define NOTE_INDENT 2

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
                          .indent_em = pa->centred || pa->flush || pa->right ? 0
                                       : pa->indent_em                       ? pa->indent_em
                                                                             : 2,
                          .min_last = 4,
                          .brk = pa->brk};
        jb_para_layout_fini(&pa->pl);
        if (in->kind == B_BYLINE || in->kind == B_TABLE || pa->n == 0)
            continue;
        if (in->kind == B_TITLE)
            o.size_pt = in->size, o.min_last = 2;
        if (in->kind == B_NOTE)
            o.measure_pt -= 2 * NOTE_INDENT * size;
        pa->pl_size = o.size_pt;
        if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
            return st;
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

/* The 本期要目's height at body size: half a line, its heading, a line per item, half a line. */
static double
contents_height(const issue *I, double size)
{
    return I->contents ? ((double)I->n_items + 2) * size * I->leading : 0;
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
    double first = block - jb_lay_heights_at(L, size).masthead - contents_height(I, size);

    I->pitch = size * I->leading;
    if (break_all(I, size) != JB_OK || rows_at(I, size) != 0)
        return -2;
    return paginate(I, first, block, limit);
}

/* Each title's size: the layout's, made a point smaller at a time (down to TITLE_MIN_PT) while
 * it needs more than two lines. */
static jb_status
size_titles(issue *I)
{
    lay *L = I->L;
    jb_status st;

    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        binfo *in = &I->info[p];
        if (in->kind != B_TITLE)
            continue;
        for (in->size = I->title_pt;; in->size -= 1) {
            jb_para_opts o = {
                .measure_pt = L->width_pt, .size_pt = in->size, .min_last = 2, .brk = pa->brk};
            jb_para_layout pl;
            if (pa->n == 0)
                break;
            if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pl, L->d)) != JB_OK)
                return st;
            size_t n = pl.n_lines;
            jb_para_layout_fini(&pl);
            if (n <= 2 || in->size - 1 < TITLE_MIN_PT)
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

    if (jb_lay_prepare_breaks(L) != JB_OK || size_titles(I) != JB_OK)
        return L->d->status;
    if ((need = pages_at(I, 0, JB_PAGES_MAX)) > 1) { /* page numbers: their room, and again */
        I->room = folio_room(s);
        need = pages_at(I, 0, JB_PAGES_MAX);
    }
    if (need == -2)
        return L->d->status != JB_OK ? L->d->status : jb_lay_nomem(L);
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
                    "the issue does not fit on %d page%s: at the floor size of %.2f pt it needs %s",
                    most, most == 1 ? "" : "s", s->body_min_pt, many);
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
    return JB_OK;
}

/* ---- the emit step ---- */

/* The page an item's title opens on. */
static int
item_page(const issue *I, int item)
{
    for (size_t i = 0; i < I->n_rows; i++) {
        const row *r = &I->rows[i];
        if (r->para >= 0 && I->info[r->para].item == item && I->info[r->para].kind == B_TITLE)
            return r->page;
    }
    return 0;
}

/* Marks the lines from first on as of kind and item. */
static void
mark_lines(lay *L, size_t first, int kind, int item)
{
    for (size_t i = first; i < L->page->n_lines; i++) {
        L->page->lines[i].kind = (uint8_t)kind;
        L->page->lines[i].item = (uint16_t)item;
    }
}

/* The 本期要目 under the red rule: a heading, then each item's title and, on several pages, the
 * page it opens on; thin rules above and below. */
static jb_status
emit_contents(issue *I, double *cursor)
{
    lay *L = I->L;
    double size = L->size, pitch = size * I->leading, left = L->spec->margin_left_pt;
    double measure = L->width_pt, c = *cursor + pitch / 2, w;
    double base = (pitch - size) / 2 + size * M.ascent;
    jb_status st;

    if (jb_lay_push_rule(L->page, left, L->page->h_pt - c, left + measure, CONTENTS_RULE_PT,
                         JB_COLOR_BLACK))
        return jb_lay_nomem(L);
    size_t first = L->page->n_lines;
    if ((st = jb_lay_emit_line(L, I->chead.boxes, I->chead.colors, I->chead.n, size,
                               CONTENTS_TRACKING, 1, left, measure, c + base, JB_LINE_CONTENTS)) !=
        JB_OK)
        return st;
    c += pitch;
    for (size_t k = 0; k < I->n_items; k++) {
        const run *e = &I->centry[k];
        const run *pn = I->n_pages > 1 ? &I->pagenum[item_page(I, (int)k) + 1] : NULL;
        double pw = 0, esize = size, room;
        double *x = malloc((e->n + (pn ? pn->n : 0) + 1) * sizeof *x);
        if (x == NULL)
            return jb_lay_nomem(L);
        st = jb_lay_set_natural(L, e->boxes, e->n, size, 0, x, &w);
        if (st == JB_OK && pn)
            st = jb_lay_set_natural(L, pn->boxes, pn->n, size, 0, x, &pw);
        free(x);
        if (st != JB_OK)
            return st;
        room = measure - 2 * size - (pn ? pw + 2 * size : 0);
        if (w > room && w > 0)
            esize = size * room / w; /* a long title made smaller to hold one line */
        if ((st = jb_lay_emit_line(L, e->boxes, e->colors, e->n, esize, 0, 0, left + 2 * size, room,
                                   c + base, JB_LINE_CONTENTS)) != JB_OK ||
            (pn && (st = jb_lay_emit_line(L, pn->boxes, pn->colors, pn->n, size, 0, 2, left,
                                          measure - size, c + base, JB_LINE_CONTENTS)) != JB_OK))
            return st;
        c += pitch;
    }
    mark_lines(L, first, JB_LINE_CONTENTS, 0);
    if (jb_lay_push_rule(L->page, left, L->page->h_pt - c, left + measure, CONTENTS_RULE_PT,
                         JB_COLOR_BLACK))
        return jb_lay_nomem(L);
    *cursor += contents_height(I, size);
    return JB_OK;
}

/* An item's byline and source centred together on one line, two 字 apart. */
static jb_status
emit_byline(issue *I, int item, double top)
{
    lay *L = I->L;
    size_t first = L->page->n_lines;
    jb_status st = jb_lay_emit_byline(L, &I->byline[item], &I->source[item], top);
    for (size_t i = first; i < L->page->n_lines; i++)
        L->page->lines[i].item = (uint16_t)item;
    return st;
}

/* Page numbers (two pages or more), GB/T 9704 §7.5: the number between two 一字线 (drawn as
 * rules an em long, so that the text reads the number alone) below the text block; an odd
 * page's at the right, an even page's at the left, one 字 in. */
static jb_status
emit_folios(issue *I)
{
    lay *L = I->L;
    const jb_spec *s = L->spec;
    double f = s->folio_pt, left = s->margin_left_pt, base = folio_base(s), w, *x;
    double dash = s->folio_dash ? f + FOLIO_DASH_GAP * f : 0;
    jb_status st;

    for (int p = 0; I->n_pages > 1 && p < I->n_pages; p++) {
        const run *r = &I->folio[p + 1];
        if ((x = malloc((r->n + 1) * sizeof *x)) == NULL)
            return jb_lay_nomem(L);
        st = jb_lay_set_natural(L, r->boxes, r->n, f, 0, x, &w);
        free(x);
        if (st != JB_OK)
            return st;
        double x0 = p % 2 == 0 ? left + L->width_pt - f - dash - w : left + f + dash;
        L->page->cur = p;
        if ((st = jb_lay_emit_line(L, r->boxes, r->colors, r->n, f, 0, 0, x0, w, base,
                                   JB_LINE_FOLIO)) != JB_OK)
            return st;
        if (s->folio_dash) {
            double y = L->page->h_pt - base + FOLIO_DASH_Y * f, t = 0.06 * f;
            if (jb_lay_push_rule(L->page, x0 - dash, y, x0 - dash + f, t, JB_COLOR_BLACK) ||
                jb_lay_push_rule(L->page, x0 + w + FOLIO_DASH_GAP * f, y,
                                 x0 + w + FOLIO_DASH_GAP * f + f, t, JB_COLOR_BLACK))
                return jb_lay_nomem(L);
        }
    }
    return JB_OK;
}

static jb_status
emit(issue *I)
{
    lay *L = I->L;
    const jb_spec *s = L->spec;
    jb_page *pg = L->page;
    double size = L->size, pitch = size * I->leading, left = s->margin_left_pt;
    double cursor = s->margin_top_pt, foot_top, body_top;
    jb_status st;
    int lines = 0;

    L->leading = I->leading;
    L->sub_pt = jb_lay_header_size(s->masthead_sub_pt, size);
    L->line_pt = jb_lay_header_size(L->byline_pt, size);
    pg->body_pt = size;
    pg->measure_pt = L->width_pt;
    pg->left_pt = left;
    pg->n_pages = I->n_pages;
    pg->cur = 0;
    if ((st = jb_lay_emit_masthead(L, left, L->width_pt, &cursor)) != JB_OK ||
        (I->contents && (st = emit_contents(I, &cursor)) != JB_OK))
        return st;
    for (size_t i = 0; i < I->n_rows; i++) {
        const row *r = &I->rows[i];
        if (r->para < 0)
            continue; /* the 报尾, at the foot of the last page below */
        para *pa = &L->paras[r->para];
        const binfo *in = &I->info[r->para];
        pg->cur = r->page;
        body_top = r->page == 0 ? cursor : s->margin_top_pt;
        double top = body_top + r->y + (r->dropped ? 0 : r->gap) + r->pre;
        size_t first = pg->n_lines;
        if (r->rule) {
            if (!r->dropped &&
                jb_lay_push_rule(pg, left, pg->h_pt - (top - r->gap + M.section_rule * pitch),
                                 left + L->width_pt, s->section_rule_pt, JB_COLOR_ACCENT) != 0)
                return jb_lay_nomem(L);
            continue;
        }
        switch (in->kind) {
        case B_BYLINE: st = emit_byline(I, in->item, top); break;
        case B_TABLE:
            if (r->line < 0) {
                st = jb_lay_emit_table(L, (size_t)pa->table - 1, size, pitch, &top);
                break;
            }
            if (i > 0 && I->rows[i - 1].para == r->para && !r->opened)
                break; /* drawn with the part it belongs to */
            {          /* the part of the table on this page: its rows under the header rows */
                size_t j = i;
                while (j + 1 < I->n_rows && I->rows[j + 1].para == r->para &&
                       I->rows[j + 1].page == r->page)
                    j++;
                st = jb_lay_emit_table_rows(L, (size_t)pa->table - 1, (size_t)r->line,
                                            (size_t)I->rows[j].line + 1, size,
                                            top + pitch * M.photo_above);
            }
            break;
        case B_TITLE:
            L->bold_title = 1;
            st = jb_lay_emit_lines(L, pa, (size_t)r->line, (size_t)r->line + 1, in->size, left,
                                   in->size * M.title_adv, &top);
            L->bold_title = 0;
            mark_lines(L, first, JB_LINE_TITLE, in->item);
            break;
        case B_NOTE:
            st = jb_lay_emit_lines(L, pa, (size_t)r->line, (size_t)r->line + 1, size,
                                   left + NOTE_INDENT * size, pitch, &top);
            mark_lines(L, first, JB_LINE_NOTE, in->item);
            break;
        default:
            st = jb_lay_emit_lines(L, pa, (size_t)r->line, (size_t)r->line + 1, size, left, pitch,
                                   &top);
            mark_lines(L, first, JB_LINE_BODY, in->item);
            lines++;
        }
        if (st != JB_OK)
            return st;
    }
    pg->body_lines = lines;
    pg->cur = I->n_pages - 1;
    size_t g0 = pg->n_glyphs, r0 = pg->n_rules, l0 = pg->n_lines;
    if ((st = jb_lay_emit_foot(L, left, L->width_pt, &foot_top)) != JB_OK)
        return st;
    /* above the page number's room (several pages) */
    for (size_t i = g0; i < pg->n_glyphs; i++)
        pg->glyphs[i].y += (float)I->room;
    for (size_t i = r0; i < pg->n_rules; i++)
        pg->rules[i].y0 += (float)I->room, pg->rules[i].y1 += (float)I->room;
    for (size_t i = l0; i < pg->n_lines; i++)
        pg->lines[i].y += (float)I->room;
    foot_top -= I->room;
    if ((st = emit_folios(I)) != JB_OK)
        return st;
    /* the room left on the last page above the 报尾 */
    {
        double used = 0;
        for (size_t i = 0; i < I->n_rows; i++)
            if (I->rows[i].page == I->n_pages - 1 && I->rows[i].para >= 0)
                used = I->rows[i].y +
                       (I->rows[i].dropped ? I->rows[i].h - I->rows[i].gap : I->rows[i].h);
        double top = I->n_pages == 1 ? cursor : s->margin_top_pt;
        pg->spare_pt = foot_top - (jb_lay_foot_rows(L) ? M.foot_above : 0) - (top + used);
        if (fabs(pg->spare_pt) < 0.005)
            pg->spare_pt = 0;
    }
    pg->cur = 0;
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
        st = emit(&I);
    release(&I);
    return st;
}
