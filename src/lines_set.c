/* lines_set — a line's boxes placed: its marks compressed step by step, its gaps stretched
 * (RULES.md §3.1); and the release of a paragraph's lines. Part of lines (lines_int.h). */
#include <stdlib.h>

#include "lines_int.h"

int
jb_lines_set_line(const ctx *c, jb_line *ln, double m_em, double left_em, int justify, double *x)
{
    size_t i = ln->start, j = trim_spaces(c, ln->start, ln->end);
    double size = c->size;
    double *tl = malloc((j > i ? j - i : 1) * sizeof(double)); /* both set below */
    double *tr = malloc((j > i ? j - i : 1) * sizeof(double));
    double w, excess, stretch = 0, shrunk = 0, pos, gap = AUTO_EM;
    int autos = autos_in(c, i, j);

    if (tl == NULL || tr == NULL) {
        free(tl);
        free(tr);
        return -1;
    }
    for (size_t k = i; k < j; k++) {
        tl[k - i] = k > i ? c->pair_l[k] : start_trim(c, i);
        tr[k - i] = k + 1 < j ? c->pair_r[k] : 0;
    }
    tr[j - 1 - i] += end_trim(c, j - 1);
    w = natural(c, i, j) + (ln->hyphen ? c->hyphen : 0);
    excess = w - m_em;
    /* Compress step by step; within a step every mark gives the same amount (§3.1). */
    for (int st = 0; st < N_STEPS && excess > EPS_EM; st++) {
        if (st == STEP_AUTO) {
            /* every Han–Latin gap (down to ⅛ em) and word space gives the same share of what it
             * can */
            double room = (AUTO_EM - AUTO_MIN_EM) * autos, f;
            for (size_t k = i; k < j; k++)
                room += c->b[k].cp == ' ' ? c->b[k].adv * SPACE_SHRINK : 0;
            if (room <= EPS_EM)
                continue;
            f = excess < room ? excess / room : 1;
            gap -= f * (AUTO_EM - AUTO_MIN_EM);
            for (size_t k = i; k < j; k++)
                if (c->b[k].cp == ' ')
                    tr[k - i] += f * c->b[k].adv * SPACE_SHRINK;
            excess -= f * room;
            shrunk += f * room;
            continue;
        }
        for (int round = 0; round < SHRINK_ROUNDS && excess > EPS_EM; round++) {
            int cnt = 0;
            for (size_t k = i; k < j; k++) {
                const jb_box *b = &c->b[k];
                if (box_step(b) != st)
                    continue;
                double room =
                    b->punct == JB_PUNCT_OPEN ? b->blank_l - tl[k - i] : b->blank_r - tr[k - i];
                cnt += room > EPS_EM;
            }
            if (cnt == 0)
                break;
            double each = excess / cnt;
            for (size_t k = i; k < j; k++) {
                const jb_box *b = &c->b[k];
                if (box_step(b) != st)
                    continue;
                double *t = b->punct == JB_PUNCT_OPEN ? &tl[k - i] : &tr[k - i];
                double room = (b->punct == JB_PUNCT_OPEN ? b->blank_l : b->blank_r) - *t;
                double take = room < each ? room : each;
                if (take > 0) {
                    *t += take;
                    excess -= take;
                    shrunk += take;
                }
            }
        }
    }
    int all_gaps = 0;
    if (justify && excess < -EPS_EM && autos > 0) { /* Han–Latin gaps stretch first, to ⅓ em */
        double each = -excess / autos;
        if (each > AUTO_MAX_EM - AUTO_EM)
            each = AUTO_MAX_EM - AUTO_EM;
        gap += each;
        excess += each * autos;
    }
    if (justify && excess < -EPS_EM) {
        int g = c->gaps[j - 1] - c->gaps[i];
        if (g == 0 && j - i > 1) { /* last resort, see line_cost */
            g = (int)(j - i - 1);
            all_gaps = 1;
        }
        if (g > 0)
            stretch = -excess / g;
    }
    pos = left_em;
    for (size_t k = i; k < j; k++) {
        double shift = k + 1 == j && jb_punct_closing_like(c->b[k].punct) ? 0 : c->b[k].shift;
        x[k] = (pos - tl[k - i] + shift) * size;
        pos += c->b[k].adv - tl[k - i] - tr[k - i];
        if (k + 1 < j && (all_gaps || c->gaps[k + 1] > c->gaps[k])) /* stretchable(k, k + 1) */
            pos += stretch;
        if (k + 1 < j && c->aj[k])
            pos += gap;
    }
    for (size_t k = j; k < ln->end; k++) /* the discarded spaces: past the line, not drawn */
        x[k] = pos * size;
    ln->end = j;
    ln->left_pt = left_em * size;
    ln->hyphen_x_pt = pos * size;
    ln->width_pt = (pos + (ln->hyphen ? c->hyphen : 0) - left_em) * size;
    ln->shrink_pt = shrunk * size;
    ln->stretch_pt = stretch * size;
    free(tl);
    free(tr);
    return 0;
}

void
jb_para_layout_fini(jb_para_layout *pl)
{
    free(pl->lines);
    free(pl->x_pt);
    pl->lines = NULL;
    pl->x_pt = NULL;
    pl->n_lines = 0;
    pl->forced = 0;
}
