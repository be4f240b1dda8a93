/* layout_even — the body's lines when the best-looking ones do not fit: the lines to save taken
 * where they cost least, so that the compression is spread over the page (RULES.md §3.2), not
 * piled on every paragraph that could give a line. Part of the layout (layout_int.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hyphenate.h"
#include "layout_int.h"

/* A paragraph's tight setting: the lines it saves and how hard its worst line is squeezed. */
typedef struct {
    size_t p;
    int saved;
    double worst; /* em: the most a line of it gives up to compression */
    jb_para_layout pl;
} tightened;

static int
cheaper(const void *a, const void *b)
{
    const tightened *x = a, *y = b;
    double cx = x->worst / x->saved, cy = y->worst / y->saved;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

jb_para_opts
jb_lay_para_opts(const lay *L, para *pa, double size, double penalty)
{
    jb_para_opts o = {.measure_pt = L->width_pt,
                      .size_pt = size,
                      .indent_em = jb_lay_indent(pa),
                      .min_last = 4,
                      .kaiming = L->kaiming,
                      .line_penalty = penalty,
                      .brk = pa->brk,
                      .hyphen_em = pa->hyphen_em,
                      .prep = &pa->prep};
    return o;
}

/* Takes *from into *out when it was broken ahead for these settings (1), else 0. */
static int
take_ahead(const lay *L, para *pa, double size, jb_para_layout *from, jb_para_layout *out)
{
    double key[4] = {size, L->width_pt, L->kaiming, pa->hyphen_em};
    if (from->n_lines == 0 || memcmp(key, pa->ahead_key, sizeof key) != 0)
        return 0;
    *out = *from;
    memset(from, 0, sizeof *from);
    return 1;
}

/* pa's fewest lines at size into *out: those broken ahead when they were for these settings, else
 * broken now. */
static jb_status
fewest(lay *L, para *pa, double size, jb_para_layout *out)
{
    jb_para_opts o = jb_lay_para_opts(L, pa, size, JB_LINES_TIGHT);
    if (take_ahead(L, pa, size, &pa->ahead, out))
        return JB_OK;
    return jb_lines_break(pa->boxes, pa->n, &o, out, L->d);
}

jb_status
jb_lay_tighten_ahead(lay *L, para *pa, double size)
{
    for (int again = 0;; again = 1) {
        jb_para_opts o = jb_lay_para_opts(L, pa, size, 0);
        double key[4] = {size, L->width_pt, L->kaiming, pa->hyphen_em};
        jb_para_layout_fini(&pa->ahead);
        jb_para_layout_fini(&pa->ahead_best);
        memcpy(pa->ahead_key, key, sizeof key);
        jb_status st = jb_lines_break_both(pa->boxes, pa->n, &o, &pa->ahead_best, &pa->ahead, L->d);
        /* loose English lines: again with hyphens, as the body's breaking would (§4.4) */
        if (st != JB_OK || again || !jb_lay_hyphenate_loose(L, pa, &pa->ahead_best, size))
            return st;
    }
}

int
jb_lay_ahead_best(lay *L, para *pa, double size, jb_para_layout *out)
{
    return take_ahead(L, pa, size, &pa->ahead_best, out);
}

jb_status
jb_lay_tighten(lay *L, double size, int save, int *lines)
{
    tightened *t = calloc(L->n_paras + 1, sizeof *t);
    size_t n = 0;
    jb_status st = JB_OK;

    if (t == NULL)
        return jb_lay_nomem(L);
    /* each paragraph's fewest lines, beside the best-looking ones it has (pl, at this size) */
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        if (pa->photo || pa->table || pa->n == 0 || pa->pl.n_lines == 0)
            continue;
        if (jb_lay_least_lines(L, pa, size) >= (double)pa->pl.n_lines)
            continue; /* its narrowest setting still fills the lines it has */
        if ((st = fewest(L, pa, size, &t[n].pl)) != JB_OK)
            goto done;
        t[n].p = p;
        t[n].saved = (int)pa->pl.n_lines - (int)t[n].pl.n_lines;
        for (size_t l = 0; l < t[n].pl.n_lines; l++)
            if (t[n].pl.lines[l].shrink_pt / size > t[n].worst)
                t[n].worst = t[n].pl.lines[l].shrink_pt / size;
        if (t[n].saved > 0)
            n++;
        else
            jb_para_layout_fini(&t[n].pl);
    }
    /* the lines to save from the paragraphs that give them most cheaply (the least squeezed
     * worst line per line saved); the others keep their best-looking lines */
    qsort(t, n, sizeof *t, cheaper);
    for (size_t i = 0; i < n && save > 0; i++) {
        para *pa = &L->paras[t[i].p];
        jb_para_layout_fini(&pa->pl);
        pa->pl = t[i].pl;
        memset(&t[i].pl, 0, sizeof t[i].pl);
        save -= t[i].saved;
        *lines -= t[i].saved;
    }
done:
    for (size_t i = 0; i < L->n_paras; i++)
        jb_para_layout_fini(&t[i].pl);
    free(t);
    return st;
}

double
jb_lay_hyphen_em(lay *L, const jb_box *b, size_t n, const uint8_t *brk)
{
    for (size_t i = 1; i < n; i++)
        if (brk[i] == JB_BRK_HYPHEN) {
            jb_font *f = jb_fontset_get(L->fs, b[i - 1].font);
            int adv, l, r;
            if (f == NULL || jb_font_ink(f, '-', &adv, &l, &r) != 0)
                return 0;
            return (double)adv / jb_font_upem(f);
        }
    return 0;
}

int
jb_lay_hyphenate_loose(lay *L, para *pa, const jb_para_layout *pl, double size)
{
    int loose = 0;
    uint32_t *cps;

    if (pa->hyphenated || pl->n_lines < 2 || size <= 0)
        return 0;
    for (size_t l = 0; l + 1 < pl->n_lines && !loose; l++)
        loose = pl->lines[l].stretch_pt / size > JB_HYPHEN_WHEN;
    if (!loose || (cps = malloc(pa->n * sizeof *cps)) == NULL)
        return 0;
    pa->hyphenated = 1;
    for (size_t i = 0; i < pa->n; i++)
        cps[i] = pa->boxes[i].cp;
    jb_hyphenate(cps, pa->n, pa->brk);
    free(cps);
    pa->hyphen_em = jb_lay_hyphen_em(L, pa->boxes, pa->n, pa->brk);
    return pa->hyphen_em > 0;
}
