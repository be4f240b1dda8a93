/* lines_prep — the sums of a paragraph's boxes the line breaker reads (prefix sums of advances,
 * blank and gaps; the line-edge trims), made once per paragraph and kept across its breakings;
 * and the guess at its lines made from them. Part of lines (lines_int.h). */
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "lines_int.h"

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

static int
prepare(ctx *c)
{
    size_t n = c->n;
    c->adv = malloc((n + 1) * sizeof(double));
    c->pair = malloc((n + 1) * sizeof(double));
    c->gaps = malloc((n + 1) * sizeof(int));
    c->chars = malloc((n + 1) * sizeof(int));
    c->marks = malloc((n + 1) * sizeof(int));
    c->pauses = malloc((n + 1) * sizeof(int));
    c->pair_l = calloc(n + 1, sizeof(double));
    c->pair_r = calloc(n + 1, sizeof(double));
    c->aj = calloc(n + 1, 1);
    c->autos = malloc((n + 1) * sizeof(int));
    c->lo = malloc((n + 1) * sizeof(double));
    c->mid = malloc((n + 1) * sizeof(double));
    c->te = malloc((n + 1) * sizeof(size_t));
    c->etrim = calloc(n + 1, sizeof(double));
    c->strim = calloc(n + 1, sizeof(double));
    for (int s = 0; s < N_STEPS; s++)
        c->shr[s] = malloc((n + 1) * sizeof(double));
    if (!c->adv || !c->pair || !c->gaps || !c->chars || !c->marks || !c->pauses || !c->pair_l ||
        !c->pair_r || !c->shr[0] || !c->shr[1] || !c->shr[2] || !c->shr[3] || !c->aj || !c->autos ||
        !c->lo || !c->mid || !c->te || !c->etrim || !c->strim)
        return -1;
    /* the prefix sums start at 0; each later entry is written below */
    c->adv[0] = c->pair[0] = c->lo[0] = c->mid[0] = 0;
    c->gaps[0] = c->chars[0] = c->marks[0] = c->pauses[0] = c->autos[0] = 0;
    c->te[0] = 0;
    for (int s = 0; s < N_STEPS; s++)
        c->shr[s][0] = 0;
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

/* A ctx's sums kept for the boxes they were made from (jb_lines_prep of lines.h). */
struct jb_lines_prep {
    ctx c; /* its b, n, kaiming and arrays; size and hyphen are each call's */
};

void
jb_lines_prep_free(jb_lines_prep *p)
{
    if (p) {
        release(&p->c);
        free(p);
    }
}

int
jb_lines_prepared(ctx *c, jb_lines_prep **keep)
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

void
jb_lines_unprepare(ctx *c, jb_lines_prep *const *keep)
{
    if (keep == NULL || *keep == NULL || (*keep)->c.adv != c->adv)
        release(c); /* its own sums, not those kept */
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
    if (jb_lines_prepared(&c, o->prep) != 0) {
        jb_lines_unprepare(&c, o->prep); /* the sums made before memory ran out */
        return -1;
    }
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
    jb_lines_unprepare(&c, o->prep);
    return lines;
}
