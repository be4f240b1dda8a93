/* lines — Chinese line breaking and justification (RULES.md §1–§3); the break opportunities are
 * lines_brk.c's. */
#include "lines.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "lines_int.h"

/* ---- total-fit breaking ---- */

/* url[k] = 1 for each character of a URL or an address (a run of printable ASCII without a
 * space that holds "://", "www." or "@" and a "."): a break between two of its letters is no
 * word split, so the emergency pass may take one instead of spreading the line before it. */
static void
mark_urls(const jb_box *bx, size_t n, uint8_t *url)
{
    for (size_t a = 0; a < n;) {
        size_t b = a;
        int scheme = 0, at = 0, dot = 0;
        while (b < n && bx[b].cp > 0x20 && bx[b].cp < 0x7F) {
            uint32_t c = bx[b].cp;
            scheme |= c == ':' && b + 2 < n && bx[b + 1].cp == '/' && bx[b + 2].cp == '/';
            scheme |= (c == 'w' || c == 'W') && b + 3 < n && bx[b + 1].cp == c &&
                      bx[b + 2].cp == c && bx[b + 3].cp == '.';
            at |= c == '@', dot |= c == '.';
            b++;
        }
        for (size_t k = a; k < b; k++)
            url[k] = scheme || (at && dot);
        if (b == a)
            url[b++] = 0;
        a = b;
    }
}

/* Demerits of line [i, j) of natural width w (natural()) with measure m (em); DBL_MAX when it
 * cannot be set. */
static double
line_cost(const ctx *c, size_t i, size_t j, double w, double m, int last, int min_last, int level,
          int *fit)
{
    int emergency = level >= PASS_KINSOKU;
    double bad;

    *fit = FIT_DECENT;
    if (w > m + EPS_EM) {
        double sh[N_STEPS];
        shrinkables(c, i, j, sh);
        double s = sh[STEP_STOP];
        if (w - s > m + EPS_EM)
            return DBL_MAX;
        double s6 = sh[STEP_AUTO];
        double r = (w - m) / (s > 0 ? s : 1);
        bad = SHRINK_BADNESS * r * r + (w - s6 > m ? STOP_PENALTY : 0);
        /* what falls on ，、；： once the brackets and quotes have given theirs (set_line's
         * order): the visible squeeze */
        int k = c->marks[j] - c->marks[i], p = c->pauses[j] - c->pauses[i];
        double rest = w - m - sh[STEP_QUOTE];
        double each = (w - m) / (k > 0 ? k : 1);
        if (rest > 0 && p > 0 && rest / p > FIT_SQUEEZED_EM)
            *fit = FIT_SQUEEZED;
        else if (each > FIT_SHRUNK_EM)
            *fit = FIT_SHRUNK;
    } else if (last) {
        bad = 0;
    } else {
        size_t e = trim_spaces(c, i, j);
        int g = c->gaps[e - 1] - c->gaps[i], a = autos_in(c, i, e);
        /* stretch allowed per gap: tight first (the usual case, a narrow window of lines to
         * try), then loose, then anything when nothing else fits */
        double lim = emergency ? STRETCH_EMERGENCY : STRETCH_LOOSE, extra = 0;
        if (level == PASS_TIGHT)
            lim = STRETCH_TIGHT;
        /* Han–Latin gaps stretch first, to ⅓ em (§3.1 stretch 2); the rest goes equally to
         * every gap (§3.1 stretch 3). */
        double first = a * (AUTO_MAX_EM - AUTO_EM), room = m - w;
        double take = room < first ? room : first, rest = room - take;
        if (a > 0)
            extra = AUTO_BADNESS * (take / first) * (take / first);
        if (g == 0 && rest > FULL_EM) {
            /* Nothing on the line may stretch (one long word): as a last resort the space is
             * spread between all its characters (see set_line). */
            if (!emergency)
                return DBL_MAX;
            g = (int)(e - i - 1);
            extra = g > 0 ? SPREAD_PENALTY : SINGLE_PENALTY;
        }
        double per = g > 0 ? rest / g : 0;
        if (per > lim)
            return DBL_MAX;
        if (per > FIT_LOOSE_EM)
            *fit = FIT_LOOSE;
        per /= STRETCH_UNIT;
        bad = STRETCH_BADNESS * per * per * per + extra;
    }
    double dem = (1 + bad) * (1 + bad);
    if (last) {
        int chars = c->chars[j] - c->chars[i], total = c->chars[c->n];
        int want = min_last < total ? min_last : total;
        if (chars < want) /* 孤字 (§1.6) and short last lines */
            dem += chars < ORPHAN_CHARS ? ORPHAN_PENALTY : SHORT_PENALTY;
    }
    return dem;
}

/* For the lines ending at one break, whose least demerits per fitness class are best[0..N_FITS):
 * what a line of each class f starting there pays for its predecessor, neighbours' uneven
 * compression included, in from[f] and the class it follows in fit[f]; from[N_FITS], the least of
 * all, for a line whose class does not count (the flush last line, or after the paragraph's
 * start: first, when the break is the paragraph's start). Computed once for each break. */
static void
predecessors(const double *best, int first, double *from, uint8_t *fit)
{
    /* [f][g]: a line of class f after one of class g pays UNEVEN_DEMERITS (classes further
     * apart than one, or only one of the two squeezed) */
    _Static_assert(N_FITS == 4, "uneven[][] lists four classes");
    static const uint8_t uneven[N_FITS][N_FITS] = {
        {0, 1, 1, 1}, /* FIT_SQUEEZED */
        {1, 0, 0, 1}, /* FIT_SHRUNK */
        {1, 0, 0, 0}, /* FIT_DECENT */
        {1, 1, 0, 0}, /* FIT_LOOSE */
    };
    for (int f = 0; f <= N_FITS; f++) {
        from[f] = DBL_MAX;
        fit[f] = FIT_DECENT;
    }
    /* g in order and a strict <: of equal sums, the first class, for each f */
    for (int g = 0; g < N_FITS; g++) {
        double t = best[g];
        if (t == DBL_MAX)
            continue;
        for (int f = 0; f <= N_FITS; f++) {
            double u = t;
            if (!first && f < N_FITS && uneven[f][g])
                u += UNEVEN_DEMERITS;
            if (u < from[f]) {
                from[f] = u;
                fit[f] = (uint8_t)g;
            }
        }
    }
}

/* The fitness class of the least demerits for the whole paragraph, -1 when none was set. */
static int
end_fit(const double *best, size_t n)
{
    int at = -1;
    for (int f = 0; f < N_FITS; f++)
        if (best[n * N_FITS + f] != DBL_MAX &&
            (at < 0 || best[n * N_FITS + f] < best[n * N_FITS + at]))
            at = f;
    return at;
}

/* One total fit: the least demerits of each break and how it was reached, for a penalty per
 * line. */
typedef struct {
    double penalty;    /* added to every line's demerits */
    double *best;      /* [j * N_FITS + f]: the line ending before j in fitness class f */
    size_t *prev;      /* [j * N_FITS + f]: where that line starts */
    uint8_t *prev_fit; /* [j * N_FITS + f]: the class of the line before it */
    double *from;      /* [i * (N_FITS + 1) + f]: predecessors, see predecessors() */
    uint8_t *from_fit;
} fit_dp;

static int
dp_alloc(fit_dp *dp, size_t n, double penalty)
{
    dp->penalty = penalty;
    dp->best = malloc((n + 1) * N_FITS * sizeof *dp->best);
    dp->prev = malloc((n + 1) * N_FITS * sizeof *dp->prev);
    dp->prev_fit = malloc((n + 1) * N_FITS);
    dp->from = malloc((n + 1) * (N_FITS + 1) * sizeof *dp->from);
    dp->from_fit = malloc((n + 1) * (N_FITS + 1));
    return dp->best && dp->prev && dp->prev_fit && dp->from && dp->from_fit ? 0 : -1;
}

static void
dp_free(fit_dp *dp)
{
    free(dp->best);
    free(dp->prev);
    free(dp->prev_fit);
    free(dp->from);
    free(dp->from_fit);
}

/* The lines dp chose, set into out (its x_pt allocated here). JB_OK or an error (d set). */
static jb_status
dp_lines(const ctx *c, const fit_dp *dp, const jb_para_opts *o, const uint8_t *brk,
         jb_para_layout *out, jb_diag *d)
{
    size_t n = c->n, count = 0;
    double measure = o->measure_pt / o->size_pt, indent = o->indent_em;
    int f0 = end_fit(dp->best, n), f = f0;

    if (f0 < 0)
        return jb_diag_set(d, JB_ERR_FORMAT, NULL, 0, 0, "use a smaller size or a wider page",
                           "a character is wider than the line (%.1f pt)", o->measure_pt);
    for (size_t j = n; j > 0;) {
        size_t i = dp->prev[j * N_FITS + f];
        f = dp->prev_fit[j * N_FITS + f];
        j = i;
        count++;
    }
    out->lines = calloc(count, sizeof *out->lines);
    out->x_pt = malloc(n * sizeof(double)); /* every box is on a line: set_line writes each */
    if (out->lines == NULL || out->x_pt == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory breaking lines");
    out->n_lines = count;
    size_t k = count, j = n;
    f = f0;
    while (j > 0) {
        size_t i = dp->prev[j * N_FITS + f];
        k--;
        out->lines[k].start = i;
        out->lines[k].end = j;
        f = dp->prev_fit[j * N_FITS + f];
        j = i;
    }
    for (k = 0; k < count; k++) {
        jb_line *ln = &out->lines[k];
        int last = k + 1 == count;
        double left = k == 0 ? indent : 0;
        ln->last = last;
        ln->hyphen = !last && brk[ln->end] == JB_BRK_HYPHEN;
        if (jb_lines_set_line(c, ln, measure - left, left, (!last || o->justify_last) && !o->ragged,
                              out->x_pt) != 0)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory setting lines");
    }
    return JB_OK;
}

/* jb_lines_break for k (1 or 2) penalties per line at once: the lines each is tried with are the
 * same, and so is their cost; only the sums differ. out[q] gets the lines for penalty[q]. */
static jb_status
break_each(const jb_box *boxes, size_t n, const jb_para_opts *o, const double *penalty, int k,
           jb_para_layout *out, jb_diag *d)
{
    ctx c;
    uint32_t *cps = NULL;
    uint8_t *marks = NULL, *brk = NULL, *url = NULL;
    fit_dp dp[2];
    uint8_t *set = NULL;     /* [j]: some line ends before j (best finite in a class) */
    size_t *below = NULL;    /* [i]: the largest k <= i with set[k] */
    double *unset_lo = NULL; /* [i]: the least lo[k] for the k in (below[i], i], DBL_MAX if none */
    jb_status st = JB_OK;
    double measure = o->measure_pt / o->size_pt, indent = o->indent_em;
    int nomem = 0;

    memset(out, 0, (size_t)k * sizeof *out);
    memset(dp, 0, sizeof dp);
    memset(&c, 0, sizeof c);
    if (n == 0)
        return JB_OK;
    c.b = boxes;
    c.n = n;
    c.size = o->size_pt;
    c.kaiming = o->kaiming;
    c.hyphen = o->hyphen_em;
    if (o->brk == NULL) { /* the characters, for the opportunities */
        cps = malloc(n * sizeof *cps);
        marks = malloc(n);
        nomem |= !cps || !marks;
    }
    brk = malloc(n + 1);
    url = malloc(n + 1);
    set = malloc(n + 1);
    below = malloc((n + 1) * sizeof *below);
    unset_lo = malloc((n + 1) * sizeof *unset_lo);
    for (int q = 0; q < k; q++)
        nomem |= dp_alloc(&dp[q], n, penalty[q]) != 0;
    if (nomem || !brk || !url || !set || !below || !unset_lo ||
        jb_lines_prepared(&c, o->prep) != 0) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory breaking lines");
        goto done;
    }
    if (o->brk) {
        memcpy(brk, o->brk, n);
    } else {
        for (size_t i = 0; i < n; i++) {
            cps[i] = boxes[i].cp;
            marks[i] = boxes[i].mark;
        }
        jb_lines_opportunities(cps, marks, n, brk);
    }
    brk[n] = 1;
    mark_urls(boxes, n, url);
    for (size_t i = 0; o->hyphen_em <= 0 && i < n; i++) /* no hyphen to draw: no such breaks */
        brk[i] = brk[i] == JB_BRK_HYPHEN ? 0 : brk[i];

    /* Total fit: best[j] = least demerits of setting boxes [0, j) with a break before j. The
     * first pass allows up to 0.3 em of stretch a gap (lines looser than that are never the best
     * choice when others exist, and the window of lines to try is half as wide); the second up
     * to 0.6 em. When no legal set of lines exists, a third pass may also break between two
     * characters outside a word and stretch further, and a last one anywhere (a 600-character
     * URL): each such break costs more than any legal line, so it is taken only where nothing
     * else fits. Which lines are tried and what each costs does not depend on the penalty per
     * line, so the fits for k penalties share them (and which ends some line reaches: set). */
    int pass;
    for (pass = 0; pass < N_PASSES; pass++) {
        /* The most a line can stretch per box in this pass: the gap stretch, and Han–Latin gaps
         * widened to their maximum (line_cost rejects anything looser). */
        double slack =
            (pass == PASS_TIGHT ? STRETCH_TIGHT : STRETCH_LOOSE) + (AUTO_MAX_EM - AUTO_EM);
        size_t reach = 0; /* lines [i, j) with 0 < i < reach may be long enough; see below */
        for (int q = 0; q < k; q++)
            for (int f = 0; f < N_FITS; f++)
                dp[q].best[f] = f == FIT_DECENT ? 0 : DBL_MAX;
        set[0] = 1;
        for (size_t j = 1; j <= n; j++) {
            double extra = 0;
            size_t top = j;
            for (int q = 0; q < k; q++)
                for (int f = 0; f < N_FITS; f++)
                    dp[q].best[j * N_FITS + f] = DBL_MAX;
            set[j] = 0;
            /* set[j - 1] is final: the run of ends no line reaches, for the search below */
            if (set[j - 1]) {
                below[j - 1] = j - 1;
                unset_lo[j - 1] = DBL_MAX;
            } else { /* j - 1 > 0: set[0] */
                below[j - 1] = below[j - 2];
                unset_lo[j - 1] = c.lo[j - 1] < unset_lo[j - 2] ? c.lo[j - 1] : unset_lo[j - 2];
            }
            if (set[j - 1])
                for (int q = 0; q < k; q++)
                    predecessors(dp[q].best + (j - 1) * N_FITS, j - 1 == 0,
                                 dp[q].from + (j - 1) * (N_FITS + 1),
                                 dp[q].from_fit + (j - 1) * (N_FITS + 1));
            /* In the first passes a line must stretch to the measure within its slack. Its
             * natural width is at most its advances plus its Han–Latin gaps, a bound that grows
             * as the line starts earlier: lines [i, j) for i >= reach are too short, and reach
             * only moves right as j does. Line [0, j) has the indent and is always tried. */
            if (pass <= PASS_LOOSE && j < n) {
                while (reach < j && c.adv[j] - c.adv[reach] +
                                            AUTO_EM * (c.autos[j] - c.autos[reach]) +
                                            slack * (double)(j - reach) >=
                                        measure - EPS_EM)
                    reach++;
                top = reach > 0 ? reach : 1;
            }
            if (!brk[j]) {
                if (pass <= PASS_LOOSE)
                    continue;
                int inside_word =
                    jb_char_is_alnum(boxes[j - 1].cp) && jb_char_is_alnum(boxes[j].cp);
                if (pass == PASS_KINSOKU && inside_word && !url[j])
                    continue;
                /* in the last pass, splitting a long word beats a ragged line */
                extra = inside_word ? SPLIT_PENALTY : KINSOKU_PENALTY;
            }
            /* What is the same for every start i, read once (the stores below are to arrays
             * of bytes, which may alias anything the loop reads) */
            const int last = j == n, hy = brk[j] == JB_BRK_HYPHEN, min_last = o->min_last;
            const int flush = last && !o->justify_last, shorts = !last && pass <= PASS_LOOSE;
            const double hyw = hy ? c.hyphen : 0, lo_j = c.lo[j], bound = measure + BOUND_SLACK_EM;
            const double pen0 = dp[0].penalty + extra + (hy ? HYPHEN_PENALTY : 0);
            const double pen1 = k > 1 ? dp[1].penalty + extra + (hy ? HYPHEN_PENALTY : 0) : 0;
            /* the fits' arrays in locals: the byte stores below may alias anything in memory */
            double *const best0 = dp[0].best + j * N_FITS, *const from0 = dp[0].from;
            size_t *const prev0 = dp[0].prev + j * N_FITS;
            uint8_t *const pfit0 = dp[0].prev_fit + j * N_FITS, *const ffit0 = dp[0].from_fit;
            double *const best1 = k > 1 ? dp[1].best + j * N_FITS : NULL;
            double *const from1 = dp[1].from;
            size_t *const prev1 = k > 1 ? dp[1].prev + j * N_FITS : NULL;
            uint8_t *const pfit1 = k > 1 ? dp[1].prev_fit + j * N_FITS : NULL;
            uint8_t *const ffit1 = dp[1].from_fit;
            for (size_t i = top; i-- > 0;) {
                /* No line ends at i, nor below it down to below[i]: those starts are passed over
                 * at once, unless one of them is too wide (see below; never i == 0) */
                if (!set[i]) {
                    if (lo_j - unset_lo[i] > bound)
                        break;
                    i = below[i];
                }
                double m = i == 0 ? measure - indent : measure;
                int fit;
                /* Too wide even with every mark compressed (a lower bound on the width, good
                 * to the 1 em that line-edge marks may drop): lines starting earlier are wider
                 * still. */
                if (lo_j - c.lo[i] > (i == 0 ? m + BOUND_SLACK_EM : bound))
                    break;
                double w = natural(&c, i, j) + hyw;
                /* Too short to be stretched to the measure; a line starting earlier may not be. */
                if (shorts && w + slack * (double)(j - i) < m - EPS_EM)
                    continue;
                double dem = line_cost(&c, i, j, w, m, flush, min_last, pass, &fit);
                if (dem == DBL_MAX)
                    continue;
                double hyphens = (hy && brk[i] == JB_BRK_HYPHEN ? DOUBLE_HYPHEN_PENALTY : 0),
                       lasthy = (last && brk[i] == JB_BRK_HYPHEN ? DOUBLE_HYPHEN_PENALTY : 0);
                /* a flush last line shows no spacing to compare with its neighbour's */
                size_t at = i * (N_FITS + 1) + (flush ? N_FITS : fit);
                double d0 = dem + (pen0 + hyphens + lasthy), t = from0[at];
                if (t + d0 < best0[fit]) { /* the first line to reach j always is */
                    best0[fit] = t + d0;
                    prev0[fit] = i;
                    pfit0[fit] = ffit0[at];
                    set[j] = 1;
                }
                if (k > 1) {
                    double d1 = dem + (pen1 + hyphens + lasthy);
                    t = from1[at];
                    if (t + d1 < best1[fit]) {
                        best1[fit] = t + d1;
                        prev1[fit] = i;
                        pfit1[fit] = ffit1[at];
                    }
                }
            }
        }
        for (int f = 0; f < N_FITS; f++)
            if (dp[0].best[n * N_FITS + f] != DBL_MAX)
                goto found;
    }
found:
    for (int q = 0; q < k && st == JB_OK; q++) {
        out[q].forced = pass >= PASS_KINSOKU;
        st = dp_lines(&c, &dp[q], o, brk, &out[q], d);
    }

done:
    for (int q = 0; q < k; q++) {
        if (st != JB_OK)
            jb_para_layout_fini(&out[q]);
        dp_free(&dp[q]);
    }
    jb_lines_unprepare(&c, o->prep);
    free(cps);
    free(marks);
    free(brk);
    free(url);
    free(set);
    free(below);
    free(unset_lo);
    return st;
}

jb_status
jb_lines_break(const jb_box *boxes, size_t n, const jb_para_opts *o, jb_para_layout *out,
               jb_diag *d)
{
    return break_each(boxes, n, o, &o->line_penalty, 1, out, d);
}

jb_status
jb_lines_break_both(const jb_box *boxes, size_t n, const jb_para_opts *o, jb_para_layout *out,
                    jb_para_layout *tight, jb_diag *d)
{
    double penalty[2] = {o->line_penalty, JB_LINES_TIGHT};
    jb_para_layout both[2];
    jb_status st = break_each(boxes, n, o, penalty, 2, both, d);
    *out = both[0];
    *tight = both[1];
    return st;
}
