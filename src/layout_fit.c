/* layout_fit — the fit of the one-page layout: the body broken at trial sizes, the heights of the
 * blocks from the metrics, the search for the largest body size that fits and the share of the
 * spare height (RULES.md §3.2, §5.5); layout.c emits the page from its decisions.
 */
#include "layout_int.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hyphenate.h"
#include "lines.h"
/* ---- the body at a trial size ---- */

/* Break opportunities and narrowest widths of the body paragraphs: the same at every size. */
jb_status
jb_lay_prepare_breaks(lay *L)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        uint32_t *cps;
        uint8_t *marks;
        if (pa->n == 0 || pa->brk != NULL) /* done by an earlier search (photos) */
            continue;
        cps = malloc(pa->n * sizeof *cps);
        marks = malloc(pa->n);
        pa->brk = malloc(pa->n);
        if (!cps || !marks || !pa->brk) {
            free(cps), free(marks);
            return jb_lay_nomem(L);
        }
        for (size_t i = 0; i < pa->n; i++) {
            cps[i] = pa->boxes[i].cp;
            marks[i] = pa->boxes[i].mark;
            pa->least_em += pa->boxes[i].adv - (pa->boxes[i].cp == ' ' ? pa->boxes[i].adv / 3 : 0);
            if (pa->boxes[i].punct != JB_PUNCT_NONE)
                pa->least_em -= pa->boxes[i].blank_l + pa->boxes[i].blank_r;
        }
        jb_lines_opportunities(cps, marks, pa->n, pa->brk);
        pa->words = jb_hyphenate_has_words(cps, pa->n);
        free(cps), free(marks);
    }
    return JB_OK;
}

static jb_status
break_body(lay *L, double size, int *lines)
{
    jb_status st;

    *lines = 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        /* Broken for the fewest lines: a paragraph whose narrowest setting still fills its lines
         * but one keeps the lines it has at this size (most do, and need not be set again). */
        if (L->tight && pa->pl.n_lines > 0 && pa->pl_size == size &&
            jb_lay_least_lines(L, pa, size) >= (double)pa->pl.n_lines) {
            *lines += (int)pa->pl.n_lines;
            continue;
        }
        jb_para_layout_fini(&pa->pl);
        if (pa->photo || pa->table)
            continue;
        pa->pl_size = size;
        jb_para_opts o = jb_lay_para_opts(L, pa, size, L->tight ? JB_LINES_TIGHT : 0);
        if ((L->tight || !jb_lay_ahead_best(L, pa, size, &pa->pl)) &&
            (st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
            return st;
        if (jb_lay_hyphenate_loose(L, pa, &pa->pl,
                                   pa->pl_size)) { /* loose English lines: again with hyphens */
            jb_para_layout_fini(&pa->pl);
            o.hyphen_em = pa->hyphen_em;
            if ((st = jb_lines_break(pa->boxes, pa->n, &o, &pa->pl, L->d)) != JB_OK)
                return st;
        }
        *lines += (int)pa->pl.n_lines;
    }
    return JB_OK;
}

/* ---- the heights of the blocks, from the metrics ---- */

int
jb_lay_foot_rows(const lay *L)
{
    int rows = 0;
    for (int r = 0; r < JB_FOOT_RUNS; r++) /* the 印发 row's two parts share a row */
        rows += L->foot[r].n > 0 && !(r == JB_FOOT_PRINTED && L->foot[JB_FOOT_PRINTER].n > 0);
    return rows;
}

/* The 报尾 between its outer rules. */
static double
foot_height(const lay *L)
{
    int rows = jb_lay_foot_rows(L);
    return rows ? rows * L->spec->foot_pt * M.foot_row + 2 * M.foot_pad : 0;
}

/* A header text's size at a body size: the layout's, or when the body is larger the smallest 号
 * (RULES.md §5.1) that is not smaller than the body, so that the masthead's sub-lines, byline
 * and source never read smaller than the text they head (§5.4). */
double
jb_lay_header_size(double layout_pt, double body_pt)
{
    static const double hao[] = {5, 5.5, 6.5, 7.5, 9, 10.5, 12, 14, 15, 16, 18, 22, 24, 26, 36, 42};
    if (layout_pt >= body_pt - 1e-9)
        return layout_pt;
    for (size_t i = 0; i < sizeof hao / sizeof hao[0]; i++)
        if (hao[i] >= body_pt - 1e-9)
            return hao[i];
    return body_pt;
}

/* Heights above and below the body at body size, at the title size and break chosen. */
heights
jb_lay_heights_at(const lay *L, double body)
{
    const jb_spec *s = L->spec;
    heights h;
    double sub = jb_lay_header_size(s->masthead_sub_pt, body),
           by = jb_lay_header_size(L->byline_pt, body);
    h.masthead = (L->secret.n || L->serial.n ? sub * (2 * M.sub_above + M.sub_adv) : 0) +
                 s->masthead_pt * M.name_adv +
                 (L->issue.n ? sub * (M.issue_above + M.issue_adv) : 0) +
                 (jb_lay_unit_line(L) ? sub * (jb_lay_unit_above(L) + M.sub_adv) : 0) +
                 M.rule_gap_mm * MM_PT + s->rule_pt;
    double note = jb_lay_note_height(L, body); /* its error comes again from the emit step */
    h.title = L->title_pt * M.title_above + (L->title_break ? 2 : 1) * L->title_pt * M.title_adv +
              (note > 0 ? note : 0);
    h.byline = L->byline.n || L->source.n ? by * M.byline_adv : 0;
    h.foot = foot_height(L);
    if (h.foot > 0)
        h.foot += M.foot_above;
    return h;
}

/* The height the body has at body size. */
double
jb_lay_avail_at(const lay *L, double body)
{
    const jb_spec *s = L->spec;
    heights h = jb_lay_heights_at(L, body);
    return s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt - h.masthead - h.title - h.byline -
           h.foot;
}

/* Lines' worth of room the section rules take: a whole line above every section but a first
 * one that opens the body. */
static double
section_gaps(const lay *L)
{
    size_t n = L->tx->n_sections;
    if (L->spec->section_rule_pt <= 0 || n == 0)
        return 0;
    return M.section_gap * (double)(L->tx->n_lead ? n : n - 1);
}

/* Body height at size (lines × pitch), or -1 on error (diag set). The measure is the full width
 * between the margins: snapping it to whole ems would cost up to a character a line, and the
 * fraction of an em is spread invisibly over the line's gaps. */
static double
body_height(lay *L, double size, int *lines)
{
    int photo_lines;
    if (break_body(L, size, lines) != JB_OK || (photo_lines = jb_lay_photos_lines(L, size)) < 0)
        return -1;
    return (*lines + photo_lines + section_gaps(L)) * size * L->spec->leading;
}

/* The paragraphs keep the lines just set, as those of step k: the search ends on a step that
 * fitted, and its lines need not be set again. */
static void
keep_breaks(lay *L, long k, int lines)
{
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        jb_para_layout_fini(&pa->kept);
        pa->kept = pa->pl;
        memset(&pa->pl, 0, sizeof pa->pl);
    }
    L->kept_k = k;
    L->kept_lines = lines;
    L->kept_tight = L->tight;
}

/* Makes the lines kept for step k current; 0 when they are of another step. */
static int
restore_breaks(lay *L, long k, int *lines)
{
    if (L->kept_k != k)
        return 0;
    for (size_t p = 0; p < L->n_paras; p++) {
        para *pa = &L->paras[p];
        jb_para_layout_fini(&pa->pl);
        pa->pl = pa->kept;
        memset(&pa->kept, 0, sizeof pa->kept);
    }
    *lines = L->kept_lines;
    L->tight = L->kept_tight;
    L->kept_k = -1;
    return 1;
}

double
jb_lay_least_lines(const lay *L, const para *pa, double size)
{
    return ceil(((pa->least_em + jb_lay_indent(pa)) * size) / L->width_pt - 1e-9);
}

/* The fewest body lines any breaking could take at size: each paragraph's narrowest setting cut
 * into full lines (prepare_breaks). Normal and tight breaking both take at least as many. */
static double
least_lines(const lay *L, double size)
{
    double least = 0;
    for (size_t p = 0; p < L->n_paras; p++)
        if (!L->paras[p].photo && L->paras[p].n > 0)
            least += jb_lay_least_lines(L, &L->paras[p], size);
    return least;
}

/* Can the body not fit at size even in its fewest lines (least_lines)? Then no breaking need be
 * tried: 1 when it cannot, 0 when it may (or photos_lines failed: the breaking reports it). The
 * height is body_height's expression with the least lines, so it is never above the height any
 * breaking gives, and the test is fits_by's. */
static int
cannot_fit(lay *L, double size)
{
    int photo_lines = jb_lay_photos_lines(L, size);
    double pitch = size * L->spec->leading;
    if (photo_lines < 0)
        return 0;
    double need = (least_lines(L, size) + photo_lines + section_gaps(L)) * size * L->spec->leading;
    return need + pitch * M.body_above > jb_lay_avail_at(L, size);
}

/* Can the body not fit at size even in the fewest lines jb_lay_set_body could give it? Asked
 * before the body is broken: the paragraphs are broken ahead into their best-looking and fewest
 * lines in one pass (jb_lay_tighten_ahead; kept for the body's breaking and jb_lay_tighten), those
 * likeliest to give a line first (by jb_lines_guess), until their fewest lines and the least lines
 * of the others (jb_lay_least_lines) cannot fit. Sound: set_body gives each paragraph its
 * best-looking or its fewest lines, and the best-looking are never fewer (both breakings choose
 * among the same lines, the fewest adding a penalty per line to the same demerits; a breaking
 * that had to break a rule is not counted). A paragraph whose English words may yet be hyphenated
 * is broken first whatever happens, as the body's breaking would have broken it at this size:
 * whether its words are hyphenated depends on the sizes it was set at (§4.4). 1 when it cannot
 * fit, 0 when it may, -1 on error. */
static int
fewest_cannot_fit(lay *L, double size)
{
    double pitch = size * L->spec->leading, half = pitch * M.body_above;
    double avail = jb_lay_avail_at(L, size), lines, guessed;
    int photo_lines = jb_lay_photos_lines(L, size), out = 0;
    size_t n = 0, *order;
    double *gain, *least;

    if (photo_lines < 0)
        return 0; /* photos_lines failed: the breaking reports it */
    lines = guessed = photo_lines + section_gaps(L);
    order = malloc((L->n_paras + 1) * sizeof *order);
    gain = malloc((L->n_paras + 1) * sizeof *gain);
    least = malloc((L->n_paras + 1) * sizeof *least);
    if (order == NULL || gain == NULL || least == NULL)
        out = -1;
    for (size_t p = 0; p < L->n_paras && out == 0; p++) {
        para *pa = &L->paras[p];
        if (pa->photo || pa->table || pa->n == 0)
            continue;
        jb_para_opts o = jb_lay_para_opts(L, pa, size, 0);
        int guess = jb_lines_guess(pa->boxes, pa->n, &o);
        if (guess < 0)
            out = -1;
        least[n] = jb_lay_least_lines(L, pa, size);
        lines += least[n];
        guessed += guess;
        /* paragraphs whose English words may yet be hyphenated first, whatever happens; then
         * those likeliest to give a line (the most lines over their least) */
        gain[n] = pa->words && !pa->hyphenated ? DBL_MAX : guess - least[n];
        order[n++] = p;
    }
    /* the best-looking lines will fit with a line to spare, likely: they are broken as usual */
    if (out == 0 && guessed * pitch + half <= avail - pitch)
        n = 0;
    for (size_t a = 0; a < n && out == 0; a++) {
        size_t top = a;
        for (size_t b = a + 1; b < n; b++)
            if (gain[b] > gain[top])
                top = b;
        if (gain[top] != DBL_MAX && lines * pitch + half > avail)
            break; /* cannot fit: the rest need not be broken */
        para *pa = &L->paras[order[top]];
        double at_least = least[top];
        order[top] = order[a], gain[top] = gain[a], least[top] = least[a];
        if (jb_lay_tighten_ahead(L, pa, size) != JB_OK)
            out = -1;
        else if (!pa->ahead.forced)
            lines += (double)pa->ahead.n_lines - at_least;
    }
    if (out == 0 && n > 0 && lines * pitch + half > avail)
        out = 1;
    if (out < 0 && L->d->status == JB_OK)
        jb_lay_nomem(L);
    free(order);
    free(gain);
    free(least);
    return out;
}

/* The body's lines at size, as body_height: the best-looking ones, or when those need more than
 * the height the body has, the fewest (paragraphs compressed evenly to save a line each, where
 * that costs less than JB_LINES_TIGHT); L->tight says which. Lines × pitch, or -1 on error. */
double
jb_lay_set_body(lay *L, double size, int *lines)
{
    double half = size * L->spec->leading * M.body_above, need;

    L->tight = 0;
    need = body_height(L, size, lines);
    if (need < 0 || need + half <= jb_lay_avail_at(L, size))
        return need;
    /* the fewest lines any breaking could take: when even those do not fit, none is tried */
    double pitch = size * L->spec->leading;
    int photo_lines = jb_lay_photos_lines(L, size);
    if (photo_lines >= 0 && (least_lines(L, size) + photo_lines + section_gaps(L)) * pitch + half >
                                jb_lay_avail_at(L, size))
        return need;
    /* the lines it must save, from the paragraphs that give them most cheaply (§3.2) */
    L->tight = 1;
    if (photo_lines < 0 ||
        jb_lay_tighten(L, size, (int)ceil((need + half - jb_lay_avail_at(L, size)) / pitch - 1e-9),
                       lines) != JB_OK)
        return -1;
    return (*lines + photo_lines + section_gaps(L)) * pitch;
}

/* Does the body fit in avail at step k (size = floor + k·step)? 1, 0, or -1 on error. *over
 * (may be NULL) gets by how many lines it does not. A step that fits keeps its lines. */
static int
fits_by(lay *L, long k, double *over)
{
    int lines;
    double size = L->spec->body_min_pt + (double)k * L->spec->body_step_pt;
    double avail = jb_lay_avail_at(L, size);
    /* without *over to give, a size the fewest lines cannot fit needs no breaking */
    if (over == NULL && cannot_fit(L, size))
        return 0;
    int few = over == NULL ? fewest_cannot_fit(L, size) : 0;
    if (few != 0)
        return few < 0 ? -1 : 0;
    double need = jb_lay_set_body(L, size, &lines), pitch = size * L->spec->leading;
    if (need < 0)
        return -1;
    if (over)
        *over = (need + pitch * M.body_above - avail) / pitch;
    if (need + pitch * M.body_above > avail)
        return 0;
    keep_breaks(L, k, lines);
    return 1;
}

int
jb_lay_fits(lay *L, long k)
{
    return fits_by(L, k, NULL);
}

/* The largest step k in [0, n] at which the body fits, -1 if none, -2 on error. The search starts
 * at the largest step the fewest lines could fit (cannot_fit, no breaking), which is the answer
 * almost always; below it steps are tried downwards, and from one that fits the search still
 * looks a step or two up (a size that breaks more luckily can fit where a smaller one did not):
 * two paragraph breakings (best-looking, then fewest lines) at about one size. */
long
jb_lay_fit_step(lay *L, long n)
{
    long k;
    int f;

    if (jb_lay_prepare_breaks(L) != JB_OK)
        return -2;
    k = n;
    while (k > 0 && cannot_fit(L, L->spec->body_min_pt + (double)k * L->spec->body_step_pt))
        k--;
    if ((f = jb_lay_fits(L, k)) < 0)
        return -2;
    if (f) {
        while (k < n) {
            double over = 0, size2 = L->spec->body_min_pt + (double)(k + 2) * L->spec->body_step_pt;
            /* how far k + 1 misses matters only when k + 2 might fit */
            int look = k + 2 <= n && !cannot_fit(L, size2);
            int f1 = fits_by(L, k + 1, look ? &over : NULL), f2 = 0;
            if (f1 < 0)
                return -2;
            /* one step further only when the next missed by less than a line */
            if (!f1 && look && over < 1 && (f2 = jb_lay_fits(L, k + 2)) < 0)
                return -2;
            if (!f1 && !f2)
                break;
            k += f1 ? 1 : 2;
        }
        return k;
    }
    while (--k >= 0) {
        if ((f = jb_lay_fits(L, k)) < 0)
            return -2;
        if (f)
            return k;
    }
    return -1; /* not even at the floor */
}

/* ---- the fit: every decision, and the heights it predicts ---- */

/* Chooses the title's size and break, the body size (and 开明式 when only that fits), the body's
 * line breaks and the share of the spare height each gap between blocks gets. */
jb_status
jb_lay_fit(lay *L)
{
    const jb_spec *spec = L->spec;
    double step = spec->body_step_pt, pitch;
    int lines = 0;
    long k;
    jb_status st;

    /* Title: 二号 by default, smaller only if it would take more than two lines. */
    for (L->title_pt = spec->title_pt;; L->title_pt -= 1) {
        L->title_break = jb_lay_title_break(L, L->title_pt, L->width_pt);
        if (L->title_break != TITLE_NONE || L->title_pt <= TITLE_MIN_PT)
            break;
    }
    if (L->title_break == TITLE_NOMEM)
        return jb_lay_nomem(L);
    if (L->title_break == TITLE_NONE) {
        jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0, "shorten the title",
                    "the title does not fit on two lines even at %d pt", TITLE_MIN_PT);
        return jb_diag_code(L->d, "title_too_long");
    }
    k = jb_lay_fit_step(L, lround((spec->body_max_pt - spec->body_min_pt) / step));
    if (L->n_photos && k != -2 && (st = jb_lay_fit_photos(L, &k)) != JB_OK)
        return st;
    if (k == -1) { /* not even at the floor: 开明式 punctuation is the last step (§5.5, §8) */
        L->kaiming = 1;
        L->kept_k = -1;
        k = jb_lay_fits(L, 0) == 1 ? 0 : -1;
    }
    if (k == -2)
        return L->d->status;
    if (k < 0 && L->n_tables && jb_lay_tables_overflow(L))
        return L->d->status;
    if (k < 0 && L->n_photos)
        return jb_lay_photos_overflow(L);
    if (k < 0) {
        double need = jb_lay_set_body(L, spec->body_min_pt, &lines);
        pitch = spec->body_min_pt * spec->leading;
        int over = (int)ceil(
            (need + pitch * M.body_above - jb_lay_avail_at(L, spec->body_min_pt)) / pitch - 1e-9);
        return jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0,
                           "shorten the report, or use a layout with a lower [body] min",
                           "the report does not fit on one page: at the floor size of %.2f pt it "
                           "overflows by %d line%s",
                           spec->body_min_pt, over, over == 1 ? "" : "s");
    }
    L->size = spec->body_min_pt + (double)k * step;
    if (!restore_breaks(L, k, &lines) && jb_lay_set_body(L, L->size, &lines) < 0)
        return L->d->status;
    L->lines = lines;
    if ((L->n_photos || L->n_tables) && (L->photo_lines = jb_lay_photos_lines(L, L->size)) < 0)
        return L->d->status;
    if (L->n_photos)
        jb_lay_photo_note(L);
    L->h = jb_lay_heights_at(L, L->size);
    L->avail = jb_lay_avail_at(L, L->size);
    L->sub_pt = jb_lay_header_size(spec->masthead_sub_pt, L->size);
    L->line_pt = jb_lay_header_size(L->byline_pt, L->size);

    /* The spare height goes first into the leading, up to the layout's bound, so that every
     * body line stays on one grid (§3.2, §5.5); then to the gaps above the title and above the
     * body, at most a line each; the rest stays at the foot. Never between body paragraphs. */
    double rows = lines + L->photo_lines + section_gaps(L) + M.body_above;
    double lead_max = spec->leading_max > spec->leading ? spec->leading_max : spec->leading;
    double spare = L->avail - rows * L->size * spec->leading;
    L->leading = spec->leading + (spare > 0 ? spare / (rows * L->size) : 0);
    if (L->leading > lead_max)
        L->leading = lead_max;
    pitch = L->size * L->leading;
    spare = L->avail - rows * pitch;
    L->slots = 2;
    L->share = spare / L->slots;
    if (L->share > pitch)
        L->share = pitch;
    if (L->share < 0)
        L->share = 0;
    L->spare = spare - L->slots * L->share;
    return JB_OK;
}

/* What the fit predicts of each block's height. */
jb_layout_blocks
jb_lay_predicted(const lay *L)
{
    double pitch = L->size * L->leading;
    jb_layout_blocks b = {
        .masthead = L->h.masthead,
        .title = L->h.title,
        .byline = L->h.byline,
        .body =
            (L->lines + L->photo_lines + section_gaps(L)) * pitch + pitch * M.body_above + L->share,
        .foot = L->h.foot,
        .spare = L->spare,
    };
    return b;
}
