/* layout_title — the break of a two-line title (RULES.md §5.4.1): between phrases, then between
 * words (words.c), then balance; costs TITLE_* in layout_int.h. */
#include <math.h>
#include <stdlib.h>

#include "chars.h"
#include "layout_int.h"
#include "lines.h"
#include "words.h"

/* A dash of a title's —— (or a single one): the phrase before it ends there. */
static int
dash(uint32_t c)
{
    return c == 0x2014 || c == 0x2015 || c == 0x2E3A;
}

/* Is the title's position k (0 < k < n) between two phrases: after ，、：；！？丨｜, a space, a
 * …… or a —— (which ends the upper line: —— never starts a line, RULES §1.1)? */
static int
title_phrase(const uint32_t *cps, size_t k)
{
    static const uint32_t ends[] = {0xFF0C, 0x3001, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0x4E28,
                                    0xFF5C, '|',    ' ',    0x3000, 0x2026, 0x22EF};
    uint32_t a = cps[k - 1], b = cps[k];
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (a == ends[i] && b != a)
            return 1;
    return dash(a) && !dash(b);
}

/* A one-character word that leans on its neighbour: a preposition or conjunction opens what
 * follows (在 以 向 让 为 对 把 从 将 与 暨), a particle closes what precedes (的 地 得 之). Does
 * the break at k leave one alone at a line's end or start? */
static int
title_leans(const uint32_t *cps, const uint8_t *word, size_t k)
{
    static const uint32_t open[] = {0x5728, 0x4EE5, 0x5411, 0x8BA9, 0x4E3A, 0x5BF9,
                                    0x628A, 0x4ECE, 0x5C06, 0x4E0E, 0x66A8};
    static const uint32_t close[] = {0x7684, 0x5730, 0x5F97, 0x4E4B};
    for (size_t i = 0; word[k - 1] && i < sizeof open / sizeof *open; i++)
        if (cps[k - 1] == open[i])
            return 1;
    for (size_t i = 0; word[k + 1] && i < sizeof close / sizeof *close; i++)
        if (cps[k] == close[i])
            return 1;
    return 0;
}

/* Is the word just before or just after boundary k one character long? */
static int
single_word(const uint8_t *word, size_t k)
{
    return word[k - 1] || word[k + 1];
}

size_t
jb_lay_title_break(lay *L, double size, double measure)
{
    const jb_box *b = L->title.boxes;
    size_t n = L->title.n, best = 0;
    double total = 0, best_cost = 1e30;
    uint8_t *brk = malloc(n + 1), *word = calloc(n + 1, 1);
    uint32_t *cps = malloc(n * sizeof *cps);
    double *x = malloc((n + 1) * sizeof *x);

    if (!brk || !word || !cps || !x) {
        best = TITLE_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        cps[i] = b[i].cp;
    /* Widths as the line is set, with its marks compressed (a pair such as ：“ takes 1.5 em): a
     * title whose raw advances exceed the measure may still fit on one line. */
    if (jb_lay_set_natural(L, b, n, 1.0, 0, x, &total) != JB_OK) {
        best = TITLE_NOMEM; /* its one failure */
        goto out;
    }
    x[n] = total;
    if (total * size <= measure)
        goto out;
    {
        uint8_t *marks = calloc(n ? n : 1, 1);
        if (marks == NULL) {
            best = TITLE_NOMEM;
            goto out;
        }
        jb_lines_opportunities(cps, marks, n, brk);
        free(marks);
    }
    jb_words_bounds(cps, n, word); /* without ICU, every break counts as one between words */
    for (size_t k = 1; k < n; k++) {
        /* a phrase-parting U+3000 ends the upper line unseen (emit drops it) */
        double upper = x[k - (cps[k - 1] == 0x3000)], lower = total - x[k];
        int phrase = title_phrase(cps, k);
        if (!brk[k] || upper * size > measure || lower * size > measure)
            continue;
        /* phrases first, then words (one-character words last: mostly ICU's guesses), then
         * balance; a longer lower line weighs more than a longer upper one, except after a
         * subtitle's —— */
        double low = phrase && dash(cps[k - 1]) ? 1 : TITLE_LOWER_WEIGHT; /* a subtitle is long */
        double cost = upper < lower ? low * (lower - upper) : upper - lower;
        if (!phrase)
            cost += !word[k]                    ? TITLE_NOT_WORD
                    : title_leans(cps, word, k) ? TITLE_WORD + TITLE_LEANS
                    : single_word(word, k)      ? TITLE_WORD + TITLE_SINGLE
                                                : TITLE_WORD;
        if (cost < best_cost) {
            best_cost = cost;
            best = k;
        }
    }
    if (best == 0)
        best = TITLE_NONE; /* does not fit on two lines */
out:
    free(brk);
    free(word);
    free(cps);
    free(x);
    return best;
}
