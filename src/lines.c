/* lines — Chinese line breaking and justification (RULES.md §1–§3); the break opportunities are
 * lines_brk.c's. */
#include "lines.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "doc.h"

/* ---- total-fit breaking ---- */

/* §3.1 compression order: 4 brackets and quotes, 5 ，、；：, 6 Han–Latin gaps, 7 。？！ */
enum { STEP_QUOTE, STEP_PAUSE, STEP_AUTO, STEP_STOP, N_STEPS };

/* §4.1: between Han and Latin letters or digits ¼ em, compressible to ⅛, stretchable to ⅓. */
#define AUTO_EM     0.25
#define AUTO_MIN_EM 0.125
#define AUTO_MAX_EM (1.0 / 3) /* clreq: many styles cap the stretch at ⅓ em */
/* A word space in a Latin run gives up to a third of its width, in the step of the Han–Latin
 * gaps (TeX's interword shrink); it stretches at the gaps on both its sides like any gap. */
#define SPACE_SHRINK (1.0 / 3)
/* Stretch a gap may take (em) in the tight and the loose pass of jb_lines_break, and in the
 * emergency passes (nothing legal fits: anything short of absurd). */
#define STRETCH_TIGHT     0.3
#define STRETCH_LOOSE     0.6
#define STRETCH_EMERGENCY 4.0

/* The passes of jb_lines_break, each tried only when the one before set no paragraph: legal
 * breaks with tight stretch, with loose stretch, then also forbidden breaks outside a word, then
 * breaks anywhere. */
enum { PASS_TIGHT, PASS_LOOSE, PASS_KINSOKU, PASS_ANYWHERE, N_PASSES };

#define EPS_EM  1e-9 /* widths closer than this are equal (float noise in prefix sums) */
#define HALF_EM 0.5  /* a line-end mark's set width (GB/T 15834 5.1.10) */

/* Demerits (line_cost): badness 100 is a line at the limit of what looks right. */
#define SHRINK_BADNESS 150 /* a line compressed by all its compressible blank */
#define STOP_PENALTY   200 /* the line fits only by compressing 。？！, the last step of §3.1 */
#define AUTO_BADNESS   20  /* Han–Latin gaps widened all the way to AUTO_MAX_EM */
#define STRETCH_BADNESS                                                                            \
    100 /* each gap stretched by STRETCH_UNIT em (badness grows as its cube)                       \
         */
#define STRETCH_UNIT 0.15
/* A line ending inside an English word, with a hyphen (§4.4): about what a line stretched to
 * half its limit costs, so that a word is broken only where it saves a loose line. */
#define HYPHEN_PENALTY 3000
#define DOUBLE_HYPHEN_PENALTY                                                                      \
    10000                   /* … and after a line that ended so (TeX's doublehyphendemerits) */
#define FULL_EM        0.01 /* room (em) a line of one long word may leave without being spread */
#define SPREAD_PENALTY 1e7  /* one word spread between its characters (emergency only) */
#define SINGLE_PENALTY 1e12 /* one unbreakable box alone on a line too wide for nothing */
#define ORPHAN_CHARS   2    /* fewer characters on a last line make it a 孤字 (§1.6) */
#define ORPHAN_PENALTY 1e11 /* a 孤字 last line: all but forbidden */
#define SHORT_PENALTY  1e9  /* a last line shorter than min_last: all but forbidden */
/* Breaks the rules forbid, in the last passes: each costs more than any legal line. */
#define KINSOKU_PENALTY 1e8 /* a break against kinsoku, outside a word */
#define SPLIT_PENALTY   1e6 /* a word split: better than a kinsoku break or a ragged line */
/* The width bound that ends the search for a line's start: the most the line-edge marks may
 * still drop (1 em), with room to spare. */
#define BOUND_SLACK_EM 1.5
/* The share of a line's blank a guess at its best-looking breaking gives up (jb_lines_guess). */
#define GUESS_SHARE   0.3
#define SHRINK_ROUNDS 8 /* passes to share out a step's compression among marks with room left */
/* Even compression (RULES.md §1.6): each line falls in a fitness class, and a line costs
 * UNEVEN_DEMERITS more beside a neighbour whose class lies further than one from its own, or when
 * only one of the two is squeezed (its pause marks give up more than FIT_SQUEEZED_EM each): a
 * line with commas at 0.7 em does not stand beside one whose commas keep 1 em; the breaks move so
 * that the neighbours share the compression. */
enum { FIT_SQUEEZED, FIT_SHRUNK, FIT_DECENT, FIT_LOOSE, N_FITS };
#define FIT_SQUEEZED_EM 0.15 /* compression per pause mark above this (em): squeezed */
#define FIT_SHRUNK_EM   0.05 /* compression per compressible mark above this: shrunk */
#define FIT_LOOSE_EM    0.1  /* stretch per gap above this: loose */
#define UNEVEN_DEMERITS 5000 /* about a squeezed line's own demerits (TeX: adjdemerits) */

typedef struct {
    const jb_box *b;
    size_t n;
    double size;
    int kaiming;
    /* Prefix sums over boxes (index k covers boxes [0, k)), in em. */
    double *adv;          /* advances */
    double *pair;         /* pair compression at junction (k, k+1), charged to prefix k+1 */
    double hyphen;        /* em: the hyphen drawn at a line ending inside a word (§4.4) */
    double *shr[N_STEPS]; /* compressible blank per step, mid-line */
    int *gaps;            /* stretchable junctions */
    int *chars;           /* non-punctuation characters */
    int *marks;           /* marks with blank left to compress */
    int *pauses;          /* of those, ，、；： */
    double *pair_l;       /* per box: blank removed on the left by a pair rule */
    double *pair_r;       /* per box: blank removed on the right by a pair rule */
    uint8_t *aj;          /* per box k: junction (k, k+1) is a Han–Latin/digit gap */
    int *autos;           /* prefix count of such junctions */
    double *lo;           /* advances less pairs and every step's blank: the search's bound */
    double *mid;          /* advances less pairs and GUESS_SHARE of every step's blank */
    size_t *te;           /* [j]: j less the spaces boxes [0, j) end in */
    double *etrim;        /* [k]: end_trim(k), blank a line ending at box k loses on its right */
    double *strim;        /* [k]: start_trim(k), blank a line starting at box k loses on its left */
} ctx;

/* May extra space go between boxes k and k+1 (§3.1 stretch rule 3)? */
static int
stretchable(const jb_box *a, const jb_box *b)
{
    if (jb_char_is_alnum(a->cp) && jb_char_is_alnum(b->cp))
        return 0; /* inside numbers and Latin words */
    if ((a->cp == '.' || a->cp == ',' || a->cp == '%') && (jb_char_is_alnum(b->cp) || b->cp == '%'))
        return 0;
    if (jb_char_is_alnum(a->cp) && (b->cp == '.' || b->cp == ',' || b->cp == '%'))
        return 0;
    if (a->punct == JB_PUNCT_FIXED || b->punct == JB_PUNCT_FIXED)
        return 0; /* dashes, ellipses, 连接号, 分隔号, 间隔号 */
    if ((a->mark & JB_MARK_HEAD) && (b->mark & JB_MARK_HEAD))
        return 0; /* a run-in head is set solid: parallel heads alike (§5.4) */
    return 1;
}

/* A Latin sign written after a number (17.9%, 3‰, 30°): it ends the Latin run, so the gap to a
 * following Han character is a Han–Latin gap (§4.1). */
static int
latin_postfix(uint32_t c)
{
    return c == '%' || c == 0x2030 || c == 0xB0;
}

/* Is there a Han–Latin/digit gap between a and b (§4.1)? Never beside full-width punctuation,
 * nor between a digit and %; after a Latin postfix sign before Han (17.9%和) there is one. */
static int
autospace(uint32_t a, uint32_t b)
{
    return (jb_char_is_han(a) && jb_char_is_alnum(b)) ||
           ((jb_char_is_alnum(a) || latin_postfix(a)) && jb_char_is_han(b));
}

/* Han–Latin gaps inside line [i, j); the junction (j-1, j) lies outside it. */
static int
autos_in(const ctx *c, size_t i, size_t j)
{
    return c->autos[j] - c->autos[i] - c->aj[j - 1];
}

static int
step_of(int punct)
{
    switch (punct) {
    case JB_PUNCT_OPEN:
    case JB_PUNCT_CLOSE: return STEP_QUOTE;
    case JB_PUNCT_PAUSE: return STEP_PAUSE;
    case JB_PUNCT_STOP: return STEP_STOP;
    default: return -1;
    }
}

/* The end of line [i, j) without the spaces it ends in: a break at a space discards the space
 * (not drawn, no part of the width, no gap before it to stretch), so the last letter meets the
 * measure. At least one box stays. */
static size_t
trim_spaces(const ctx *c, size_t i, size_t j)
{
    return c->te[j] > i + 1 ? c->te[j] : i + 1;
}

/* Blank removed on the right of the line's last box (line-end mark set to ½ em, §2.4; a Latin
 * letter's kerning toward the next line's first, negative when the pair was tightened). */
static double
end_trim(const ctx *c, size_t last)
{
    const jb_box *b = &c->b[last];
    /* GB/T 15834 5.1.10: the mark occupies ½ em. Its glyph is drawn unshifted there (see
     * set_line), so a centred mark's ink may reach up to 0.1 em past the edge. */
    if (jb_punct_closing_like(b->punct) && b->adv > HALF_EM)
        return b->adv - HALF_EM; /* whatever a pair or 开明式 took: the junction lies outside */
    return b->kern;              /* a kerning pair broken apart: the letter's own advance */
}

/* Blank removed on the left of the line's first box: an opening mark there drops its leading
 * ½ em (§2.4), so the left edge stays straight. */
static double
start_trim(const ctx *c, size_t first)
{
    return c->b[first].punct == JB_PUNCT_OPEN ? c->b[first].blank_l : 0;
}

/* The compression step of box b, -1 for none: a head's marks keep the widths §2 gives them, so
 * that parallel heads are composed alike however tight the paragraph a head runs into (§3.1). */
static int
box_step(const jb_box *b)
{
    return (b->mark & JB_MARK_HEAD) ? -1 : step_of(b->punct);
}

static int
prepare(ctx *c)
{
    size_t n = c->n;
    c->adv = calloc(n + 1, sizeof(double));
    c->pair = calloc(n + 1, sizeof(double));
    c->gaps = calloc(n + 1, sizeof(int));
    c->chars = calloc(n + 1, sizeof(int));
    c->marks = calloc(n + 1, sizeof(int));
    c->pauses = calloc(n + 1, sizeof(int));
    c->pair_l = calloc(n + 1, sizeof(double));
    c->pair_r = calloc(n + 1, sizeof(double));
    c->aj = calloc(n + 1, 1);
    c->autos = calloc(n + 1, sizeof(int));
    c->lo = calloc(n + 1, sizeof(double));
    c->mid = calloc(n + 1, sizeof(double));
    c->te = calloc(n + 1, sizeof(size_t));
    c->etrim = calloc(n + 1, sizeof(double));
    c->strim = calloc(n + 1, sizeof(double));
    for (int s = 0; s < N_STEPS; s++)
        c->shr[s] = calloc(n + 1, sizeof(double));
    if (!c->adv || !c->pair || !c->gaps || !c->chars || !c->marks || !c->pauses || !c->pair_l ||
        !c->pair_r || !c->shr[0] || !c->shr[1] || !c->shr[2] || !c->shr[3] || !c->aj || !c->autos ||
        !c->lo || !c->mid || !c->te || !c->etrim || !c->strim)
        return -1;
    /* Consecutive marks (§2.3): closing+closing and closing+opening lose the first mark's right
     * blank, opening+opening the second mark's left blank. */
    for (size_t k = 0; k + 1 < n; k++) {
        const jb_box *a = &c->b[k], *b = &c->b[k + 1];
        if (jb_punct_closing_like(a->punct) &&
            (jb_punct_closing_like(b->punct) || b->punct == JB_PUNCT_OPEN))
            c->pair_r[k] = a->blank_r;
        else if (a->punct == JB_PUNCT_OPEN && b->punct == JB_PUNCT_OPEN)
            c->pair_l[k + 1] = b->blank_l;
    }
    for (size_t k = 0; c->kaiming && k < n; k++) { /* 开明式: ，、；： brackets, quotes at ½ em */
        const jb_box *b = &c->b[k];
        if (b->punct == JB_PUNCT_PAUSE || b->punct == JB_PUNCT_CLOSE)
            c->pair_r[k] = b->blank_r;
        else if (b->punct == JB_PUNCT_OPEN)
            c->pair_l[k] = b->blank_l;
    }
    for (size_t k = 0; k < n; k++)
        if (jb_char_is_interpunct(c->b[k].cp)) { /* always ½ em (§2.2 fixed) */
            c->pair_l[k] = c->b[k].blank_l;
            c->pair_r[k] = c->b[k].blank_r;
        }
    for (size_t k = 0; k < n; k++) {
        const jb_box *b = &c->b[k];
        int st = box_step(b);
        c->adv[k + 1] = c->adv[k] + b->adv;
        c->pair[k + 1] = c->pair[k] + c->pair_l[k] + c->pair_r[k];
        for (int s = 0; s < N_STEPS; s++)
            c->shr[s][k + 1] = c->shr[s][k];
        if (st >= 0)
            c->shr[st][k + 1] += (b->blank_l - c->pair_l[k]) + (b->blank_r - c->pair_r[k]);
        if (b->cp == ' ')
            c->shr[STEP_AUTO][k + 1] += b->adv * SPACE_SHRINK;
        c->gaps[k + 1] = c->gaps[k] + (k + 1 < n && stretchable(b, &c->b[k + 1]));
        c->chars[k + 1] = c->chars[k] + (b->punct == JB_PUNCT_NONE && b->cp != ' ');
        c->marks[k + 1] =
            c->marks[k] +
            (st >= 0 && b->blank_l - c->pair_l[k] + b->blank_r - c->pair_r[k] > EPS_EM);
        c->pauses[k + 1] = c->pauses[k] + (c->marks[k + 1] > c->marks[k] && st == STEP_PAUSE);
        c->aj[k] = (uint8_t)(k + 1 < n && autospace(b->cp, c->b[k + 1].cp));
        c->autos[k + 1] = c->autos[k] + c->aj[k];
        c->te[k + 1] = b->cp == ' ' ? c->te[k] : k + 1;
        c->lo[k + 1] = c->adv[k + 1] - c->pair[k + 1];
        for (int s = 0; s < N_STEPS; s++)
            c->lo[k + 1] -= c->shr[s][k + 1];
        c->mid[k + 1] = c->adv[k + 1] - c->pair[k + 1] -
                        GUESS_SHARE * (c->adv[k + 1] - c->pair[k + 1] - c->lo[k + 1]);
        c->etrim[k] = end_trim(c, k);
        c->strim[k] = start_trim(c, k);
    }
    return 0;
}

/* A ctx's sums kept for the boxes they were made from (jb_lines_prep of lines.h). */
struct jb_lines_prep {
    ctx c; /* its b, n, kaiming and arrays; size and hyphen are each call's */
};

static void release(ctx *c);

void
jb_lines_prep_free(jb_lines_prep *p)
{
    if (p) {
        release(&p->c);
        free(p);
    }
}

/* c's sums, from *keep when they were made from the same boxes with the same kaiming, else made
 * (and kept in *keep when keep is not NULL: c then only borrows them). 0, or -1 out of memory. */
static int
prepared(ctx *c, jb_lines_prep **keep)
{
    jb_lines_prep *p;
    if (keep && *keep && (*keep)->c.b == c->b && (*keep)->c.n == c->n &&
        (*keep)->c.kaiming == c->kaiming) {
        double size = c->size, hyphen = c->hyphen;
        *c = (*keep)->c;
        c->size = size, c->hyphen = hyphen;
        return 0;
    }
    if (prepare(c) != 0)
        return -1;
    if (keep == NULL || (p = malloc(sizeof *p)) == NULL)
        return 0; /* made per call (out of memory: this call keeps its own) */
    jb_lines_prep_free(*keep);
    p->c = *c;
    *keep = p;
    return 0;
}

static void
release(ctx *c)
{
    free(c->adv);
    free(c->pair);
    free(c->gaps);
    free(c->chars);
    free(c->marks);
    free(c->pauses);
    free(c->pair_l);
    free(c->pair_r);
    free(c->aj);
    free(c->autos);
    free(c->lo);
    free(c->mid);
    free(c->te);
    free(c->etrim);
    free(c->strim);
    for (int s = 0; s < N_STEPS; s++)
        free(c->shr[s]);
}

/* Natural width of line [i, j) in em, with the fixed pair and line-edge rules applied. The pairs
 * at junctions (i-1, i) and (j-1, j) lie outside the line. */
static inline double
natural(const ctx *c, size_t i, size_t j)
{
    j = trim_spaces(c, i, j);
    double pairs = c->pair[j] - c->pair[i] - c->pair_r[j - 1] - c->pair_l[i];
    return c->adv[j] - c->adv[i] - pairs - c->etrim[j - 1] - c->strim[i] +
           AUTO_EM * autos_in(c, i, j);
}

/* The blank line [i, j) can give up by compression through each step: s[upto] for steps 0..upto
 * of §3.1, the Han–Latin gaps from STEP_AUTO on; the last box's right blank is already gone (line
 * end), and the first box's left blank if it is an opening mark. All steps in one pass: line_cost
 * asks three of them for each compressed line. */
static void
shrinkables(const ctx *c, size_t i, size_t j, double *s)
{
    double sum = 0, autos;
    j = trim_spaces(c, i, j);
    autos = (AUTO_EM - AUTO_MIN_EM) * autos_in(c, i, j);
    int last = box_step(&c->b[j - 1]), last_open = c->b[j - 1].punct == JB_PUNCT_OPEN;
    int first_open = c->b[i].punct == JB_PUNCT_OPEN && box_step(&c->b[i]) >= 0;
    for (int upto = 0; upto < N_STEPS; upto++) {
        double t;
        sum += c->shr[upto][j] - c->shr[upto][i];
        t = sum;
        if (upto >= STEP_AUTO)
            t += autos;
        if (last >= 0 && last <= upto && !last_open) /* already gone at the line end */
            t -= c->b[j - 1].blank_r - c->pair_r[j - 1];
        if (first_open)
            t -= c->b[i].blank_l - c->pair_l[i];
        s[upto] = t > 0 ? t : 0;
    }
}

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

/* Per-box trims and positions of one line; fills line and x (per box origin). 0, or -1 when out
 * of memory. */
static int
set_line(const ctx *c, jb_line *ln, double m_em, double left_em, int justify, double *x)
{
    size_t i = ln->start, j = trim_spaces(c, ln->start, ln->end);
    double size = c->size;
    double *tl = calloc(j > i ? j - i : 1, sizeof(double));
    double *tr = calloc(j > i ? j - i : 1, sizeof(double));
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

jb_status
jb_lines_break(const jb_box *boxes, size_t n, const jb_para_opts *o, jb_para_layout *out,
               jb_diag *d)
{
    ctx c;
    uint32_t *cps = NULL;
    uint8_t *marks = NULL, *brk = NULL, *url = NULL;
    double *best = NULL; /* [j * N_FITS + f]: the line ending before j in fitness class f */
    size_t *prev = NULL;
    uint8_t *prev_fit = NULL;
    uint8_t *set = NULL;     /* [j]: some line ends before j (best finite in a class) */
    size_t *below = NULL;    /* [i]: the largest k <= i with set[k] */
    double *unset_lo = NULL; /* [i]: the least lo[k] for the k in (below[i], i], DBL_MAX if none */
    double *from = NULL;     /* [i * (N_FITS + 1) + f]: predecessors, see predecessors() */
    uint8_t *from_fit = NULL;
    jb_status st = JB_OK;
    double measure = o->measure_pt / o->size_pt, indent = o->indent_em;

    memset(out, 0, sizeof *out);
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
    }
    brk = malloc(n + 1);
    url = malloc(n + 1);
    best = malloc((n + 1) * N_FITS * sizeof *best);
    prev = malloc((n + 1) * N_FITS * sizeof *prev);
    prev_fit = malloc((n + 1) * N_FITS);
    set = malloc(n + 1);
    below = malloc((n + 1) * sizeof *below);
    unset_lo = malloc((n + 1) * sizeof *unset_lo);
    from = malloc((n + 1) * (N_FITS + 1) * sizeof *from);
    from_fit = malloc((n + 1) * (N_FITS + 1));
    out->x_pt = calloc(n, sizeof(double));
    if ((o->brk == NULL && (!cps || !marks)) || !brk || !url || !best || !prev || !prev_fit ||
        !set || !below || !unset_lo || !from || !from_fit || !out->x_pt ||
        prepared(&c, o->prep) != 0) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory breaking lines");
        goto done;
    }
    if (o->brk) {
        memcpy(brk, o->brk, n);
    } else {
        for (size_t k = 0; k < n; k++) {
            cps[k] = boxes[k].cp;
            marks[k] = boxes[k].mark;
        }
        jb_lines_opportunities(cps, marks, n, brk);
    }
    brk[n] = 1;
    mark_urls(boxes, n, url);
    for (size_t k = 0; o->hyphen_em <= 0 && k < n; k++) /* no hyphen to draw: no such breaks */
        brk[k] = brk[k] == JB_BRK_HYPHEN ? 0 : brk[k];

    /* Total fit: best[j] = least demerits of setting boxes [0, j) with a break before j. The
     * first pass allows up to 0.3 em of stretch a gap (lines looser than that are never the best
     * choice when others exist, and the window of lines to try is half as wide); the second up
     * to 0.6 em. When no legal set of lines exists, a third pass may also break between two
     * characters outside a word and stretch further, and a last one anywhere (a 600-character
     * URL): each such break costs more than any legal line, so it is taken only where nothing
     * else fits. */
    int pass;
    for (pass = 0; pass < N_PASSES; pass++) {
        /* The most a line can stretch per box in this pass: the gap stretch, and Han–Latin gaps
         * widened to their maximum (line_cost rejects anything looser). */
        double slack =
            (pass == PASS_TIGHT ? STRETCH_TIGHT : STRETCH_LOOSE) + (AUTO_MAX_EM - AUTO_EM);
        size_t reach = 0; /* lines [i, j) with 0 < i < reach may be long enough; see below */
        for (int f = 0; f < N_FITS; f++)
            best[f] = f == FIT_DECENT ? 0 : DBL_MAX;
        set[0] = 1;
        for (size_t j = 1; j <= n; j++) {
            double extra = 0;
            size_t top = j;
            for (int f = 0; f < N_FITS; f++)
                best[j * N_FITS + f] = DBL_MAX;
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
                predecessors(best + (j - 1) * N_FITS, j - 1 == 0, from + (j - 1) * (N_FITS + 1),
                             from_fit + (j - 1) * (N_FITS + 1));
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
            const double pen = o->line_penalty + extra + (hy ? HYPHEN_PENALTY : 0);
            double *best_j = best + j * N_FITS;
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
                dem += pen + (hy && brk[i] == JB_BRK_HYPHEN ? DOUBLE_HYPHEN_PENALTY : 0) +
                       (last && brk[i] == JB_BRK_HYPHEN ? DOUBLE_HYPHEN_PENALTY : 0);
                /* a flush last line shows no spacing to compare with its neighbour's */
                size_t at = i * (N_FITS + 1) + (flush ? N_FITS : fit);
                double t = from[at];
                if (t + dem < best_j[fit]) {
                    best_j[fit] = t + dem;
                    prev[j * N_FITS + fit] = i;
                    prev_fit[j * N_FITS + fit] = from_fit[at];
                    set[j] = 1;
                }
            }
        }
        for (int f = 0; f < N_FITS; f++)
            if (best[n * N_FITS + f] != DBL_MAX)
                goto found;
    }
found:
    out->forced = pass >= PASS_KINSOKU;
    if (end_fit(best, n) < 0) {
        st = jb_diag_set(d, JB_ERR_FORMAT, NULL, 0, 0, "use a smaller size or a wider page",
                         "a character is wider than the line (%.1f pt)", o->measure_pt);
        goto done;
    }
    {
        size_t count = 0;
        int f0 = end_fit(best, n), f = f0;
        for (size_t j = n; j > 0;) {
            size_t i = prev[j * N_FITS + f];
            f = prev_fit[j * N_FITS + f];
            j = i;
            count++;
        }
        out->lines = calloc(count, sizeof *out->lines);
        if (out->lines == NULL) {
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory breaking lines");
            goto done;
        }
        out->n_lines = count;
        size_t k = count, j = n;
        f = f0;
        while (j > 0) {
            size_t i = prev[j * N_FITS + f];
            k--;
            out->lines[k].start = i;
            out->lines[k].end = j;
            f = prev_fit[j * N_FITS + f];
            j = i;
        }
        for (k = 0; k < count; k++) {
            jb_line *ln = &out->lines[k];
            int last = k + 1 == count;
            double left = k == 0 ? indent : 0;
            ln->last = last;
            ln->hyphen = !last && brk[ln->end] == JB_BRK_HYPHEN;
            if (set_line(&c, ln, measure - left, left, (!last || o->justify_last) && !o->ragged,
                         out->x_pt) != 0) {
                st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory setting lines");
                goto done;
            }
        }
    }

done:
    if (st != JB_OK)
        jb_para_layout_fini(out);
    if (o->prep == NULL || *o->prep == NULL || (*o->prep)->c.adv != c.adv)
        release(&c); /* its own sums, not those kept */
    free(cps);
    free(marks);
    free(brk);
    free(url);
    free(best);
    free(prev);
    free(prev_fit);
    free(set);
    free(below);
    free(unset_lo);
    free(from);
    free(from_fit);
    return st;
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

int
jb_lines_guess(const jb_box *boxes, size_t n, const jb_para_opts *o)
{
    ctx c;
    int lines = 0;
    double measure = o->measure_pt / o->size_pt;

    memset(&c, 0, sizeof c);
    c.b = boxes;
    c.n = n;
    c.size = o->size_pt;
    c.kaiming = o->kaiming;
    c.hyphen = o->hyphen_em;
    if (n == 0 || o->brk == NULL)
        return 0;
    if (prepared(&c, o->prep) != 0)
        return -1;
    /* a line's width with GUESS_SHARE of its blank given up, from the sums alone (no line-edge
     * rules) */
    for (size_t i = 0, next; i < n; i = next, lines++) {
        double limit = c.mid[i] + (i == 0 ? measure - o->indent_em : measure) + EPS_EM;
        next = i + 1;
        for (size_t j = i + 1; j <= n && c.mid[j] <= limit; j++)
            if (j == n || o->brk[j] == 1)
                next = j;
        while (next < n && o->brk[next] != 1) /* nothing fits: the next break */
            next++;
    }
    if (o->prep == NULL || *o->prep == NULL || (*o->prep)->c.adv != c.adv)
        release(&c);
    return lines;
}
