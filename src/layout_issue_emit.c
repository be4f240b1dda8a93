/* layout_issue_emit — the issue's pages drawn from its fit's rows (RULES.md §5.7): the masthead
 * and 本期要目 on the first page, each row where the pagination put it, the 报尾 at the foot of the
 * last page, page numbers (GB/T 9704 §7.5). layout_issue.c decides; this draws. */
#include "layout_issue_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
double
jb_issue_folio_room(const jb_spec *s)
{
    double top = folio_base(s) - M.ascent * s->folio_pt - 2 * MM_PT;
    double block = s->page_h_pt - s->margin_bottom_pt;
    return top < block ? block - top : 0;
}

/* The 本期要目's thin rules above and below it (pt) and its heading's letter-spacing (em). */
#define CONTENTS_RULE_PT  0.5
#define CONTENTS_TRACKING 0.25
/* Its leaders: square dots this wide, this far apart, centred on the em box's middle, kept this
 * far from the title and from the page-number column (em). */
#define LEADER_DOT   0.1
#define LEADER_PITCH 0.5
#define LEADER_GAP   0.5

/* The 本期要目's height at body size: half a line, its heading, a line per item, half a line. */
double
jb_issue_contents_height(const issue *I, double size)
{
    return I->contents ? ((double)I->n_items + 2) * size * I->leading : 0;
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

/* A leader from after a title ending at from to the page-number column at to: square dots on
 * a pitch counted back from the column, so that every entry's dots stand in the same columns. */
static jb_status
emit_leader(lay *L, double from, double to, double baseline, double size)
{
    double dot = LEADER_DOT * size, y = L->page->h_pt - baseline + (M.ascent - 0.5) * size;
    for (double x = to - dot; x >= from + LEADER_GAP * size; x -= LEADER_PITCH * size)
        if (jb_lay_push_rule(L->page, x, y, x + dot, dot, JB_COLOR_BLACK))
            return jb_lay_nomem(L);
    return JB_OK;
}

/* The widest of the page numbers the contents show (pt). */
static jb_status
pagenum_widest(issue *I, double size, double *widest)
{
    lay *L = I->L;
    *widest = 0;
    for (size_t k = 0; I->n_pages > 1 && k < I->n_items; k++) {
        const run *pn = &I->pagenum[item_page(I, (int)k) + 1];
        double w, *x = malloc((pn->n + 1) * sizeof *x);
        if (x == NULL)
            return jb_lay_nomem(L);
        jb_status st = jb_lay_set_natural(L, pn->boxes, pn->n, size, 0, x, &w);
        free(x);
        if (st != JB_OK)
            return st;
        if (w > *widest)
            *widest = w;
    }
    return JB_OK;
}

/* The 本期要目 under the red rule: a heading, then each item's title and, on several pages, a
 * leader of dots to the page it opens on, set flush right; thin rules above and below. */
static jb_status
emit_contents(issue *I, double *cursor)
{
    lay *L = I->L;
    double size = L->size, pitch = size * I->leading, left = L->spec->margin_left_pt;
    double measure = L->width_pt, c = *cursor + pitch / 2, w, widest;
    double base = (pitch - size) / 2 + size * M.ascent;
    jb_status st;

    if ((st = pagenum_widest(I, size, &widest)) != JB_OK)
        return st;

    if (jb_lay_push_rule(L->page, left, L->page->h_pt - c, left + measure, CONTENTS_RULE_PT,
                         JB_COLOR_BLACK))
        return jb_lay_nomem(L);
    size_t first = L->page->n_lines;
    if ((st = jb_lay_emit_line(L, I->chead.boxes, I->chead.colors, I->chead.n, size,
                               CONTENTS_TRACKING, 1, left, measure, c + base, JB_LINE_CONTENTS)) !=
        JB_OK)
        return st;
    mark_lines(L, first, JB_LINE_CONTENTS, 0);
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
        /* a title ends 2 em before the widest number's column, room for a leader of 2 dots */
        room = measure - 2 * size - (pn ? widest + size + (2 * LEADER_GAP + 1) * size : 0);
        if (w > room && w > 0)
            esize = size * room / w; /* a long title made smaller to hold one line */
        size_t from = L->page->n_lines;
        if ((st = jb_lay_emit_line(L, e->boxes, e->colors, e->n, esize, 0, 0, left + 2 * size, room,
                                   c + base, JB_LINE_CONTENTS)) != JB_OK ||
            (pn && (st = jb_lay_emit_line(L, pn->boxes, pn->colors, pn->n, size, 0, 2, left,
                                          measure - size, c + base, JB_LINE_CONTENTS)) != JB_OK) ||
            (pn && (st = emit_leader(L, left + 2 * size + (w > room ? room : w),
                                     left + measure - size - widest - LEADER_GAP * size, c + base,
                                     size)) != JB_OK))
            return st;
        mark_lines(L, from, JB_LINE_CONTENTS, (int)k); /* the item it lists */
        c += pitch;
    }
    if (jb_lay_push_rule(L->page, left, L->page->h_pt - c, left + measure, CONTENTS_RULE_PT,
                         JB_COLOR_BLACK))
        return jb_lay_nomem(L);
    *cursor += jb_issue_contents_height(I, size);
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

jb_status
jb_issue_emit(issue *I)
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
    pg->kaiming = L->kaiming;
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
        double top = body_top + r->y + (r->dropped ? 0 : r->gap) + r->pre + jb_issue_shift(I, i);
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
        case B_PHOTO:
            st = jb_lay_emit_photo_row(L, (size_t)r->para, (size_t)r->line, size, pitch, &top);
            break;
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
            if (in->brk == TITLE_NONE) {
                st = jb_lay_emit_lines(L, pa, (size_t)r->line, (size_t)r->line + 1, in->size, left,
                                       in->size * M.title_adv, &top);
            } else { /* the upper line without a phrase-parting U+3000 at its end (§5.4.1) */
                size_t br = in->brk ? in->brk : pa->n;
                size_t upper = br - (in->brk && pa->boxes[br - 1].cp == 0x3000);
                size_t from = r->line ? br : 0, to = r->line ? pa->n : upper;
                st = jb_lay_emit_line(L, pa->boxes + from, pa->colors + from, to - from, in->size,
                                      0, 1, left, L->width_pt,
                                      top + in->size * (M.title_top + M.ascent), JB_LINE_TITLE);
            }
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
                used = I->rows[i].y + jb_issue_shift(I, i) +
                       (I->rows[i].dropped ? I->rows[i].h - I->rows[i].gap : I->rows[i].h);
        double top = I->n_pages == 1 ? cursor : s->margin_top_pt;
        pg->spare_pt = foot_top - (jb_lay_foot_rows(L) ? M.foot_above : 0) - (top + used);
        if (fabs(pg->spare_pt) < 0.005)
            pg->spare_pt = 0;
    }
    pg->cur = 0;
    return JB_OK;
}
