/* lines_brk — where a line may break (RULES.md §1): UAX #14 classes from libunibreak, tailored
 * for Chinese (strict kinsoku, quotes, full-width brackets beside Latin, unbreakable numbers,
 * figures and dates). Part of the lines module (lines.h). */
#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "doc.h"
#include "lines.h"

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static void
lb_init(void)
{
    init_linebreak(); /* libunibreak's lookup index; read-only afterwards */
}

/* U8 date tokens: 2023年7月19日, 2022年, 9月9日 — marked 1 where no break may fall before j. */
static void
forbid_dates(const uint32_t *s, size_t n, uint8_t *brk)
{
    static const uint32_t units[] = {0x5E74 /* 年 */, 0x6708 /* 月 */, 0x65E5 /* 日 */};
    enum { N_UNITS = sizeof units / sizeof units[0] };

    for (size_t i = 0; i < n;) {
        size_t j = i, end = i;
        int u = 0;
        if (!jb_char_is_digit(s[i]) || (i > 0 && (jb_char_is_digit(s[i - 1]) || s[i - 1] == '.'))) {
            i++;
            continue;
        }
        while (j < n && u < N_UNITS) {
            size_t k = j;
            while (k < n && jb_char_is_digit(s[k]))
                k++;
            if (k == j || k >= n)
                break;
            while (u < N_UNITS && s[k] != units[u])
                u++;
            if (u == N_UNITS)
                break;
            end = j = k + 1;
            u++;
        }
        for (size_t k = i + 1; k < end; k++)
            brk[k] = 0;
        i = end > i ? end : i + 1;
    }
}

/* Ideographs of the URO and extension A: UAX #14 class ID in every libunibreak (no language
 * tailors them). */
static int
ideograph(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* A stretch of at most MEMO_CPS characters between two ideographs, and libunibreak's answers
 * from the ideograph before it to the one after it (n + 2 of them): the same stretch between
 * any two ideographs gets the same answers, as only classes count, so a text asks libunibreak
 * once per kind of stretch (， 。 、 “ ” and a few more make most of them). */
#define MEMO_CPS   6
#define MEMO_SLOTS 64
typedef struct {
    uint32_t cps[MEMO_CPS];
    size_t n; /* 0: empty */
    char lb[MEMO_CPS + 2];
} lb_memo;

/* A regional indicator (the halves of a flag emoji): Debian 12's libunibreak (1.1) aborts on an
 * assertion when it meets one. */
static int
regional(uint32_t c)
{
    return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* set_linebreaks_utf32 of cps[0..n) in Chinese, regional indicators given to libunibreak as an
 * emoji of class ID and then kept in pairs (UAX #14 LB30a: no break inside a flag). */
static void
unibreak(const uint32_t *cps, size_t n, char *lb)
{
    size_t k = 0;
    while (k < n && !regional(cps[k]))
        k++;
    if (k == n) {
        set_linebreaks_utf32((const utf32_t *)cps, n, "zh", lb);
        return;
    }
    uint32_t *copy = malloc(n * sizeof *copy);
    if (copy == NULL) { /* every break between two characters allowed, as without libunibreak */
        memset(lb, LINEBREAK_ALLOWBREAK, n);
        lb[n - 1] = LINEBREAK_MUSTBREAK;
        return;
    }
    for (k = 0; k < n; k++)
        copy[k] = regional(cps[k]) ? 0x1F300 : cps[k]; /* U+1F300 🌀: class ID */
    set_linebreaks_utf32((const utf32_t *)copy, n, "zh", lb);
    for (k = 0; k + 1 < n; k++)
        if (regional(cps[k]) && regional(cps[k + 1]))
            lb[k++] = LINEBREAK_NOBREAK; /* the pair's first half; the next pair starts after */
    free(copy);
}

/* libunibreak's set_linebreaks_utf32 of cps[0..n) in Chinese, for less: libunibreak takes some 470
 * instructions a character, and most characters of Chinese text are ideographs. Between two
 * ideographs a break is allowed (LB31: no rule forbids ID × ID), and an ideograph leaves
 * libunibreak's state as a start of text does (its class, no space before it: no rule looks back
 * past an ID), so only the stretches of other characters are given to libunibreak, each with the
 * ideograph on either side for context. */
void
jb_lines_uax14(const uint32_t *cps, size_t n, char *lb)
{
    lb_memo memo[MEMO_SLOTS];
    size_t i = 0;

    pthread_once(&lb_once, lb_init);
    for (size_t k = 0; k < MEMO_SLOTS; k++)
        memo[k].n = 0;
    while (i < n) {
        size_t a = i, b, s, e;
        lb_memo *m = NULL;
        while (a < n && ideograph(cps[a])) {
            lb[a] = a + 1 < n ? LINEBREAK_ALLOWBREAK : LINEBREAK_MUSTBREAK;
            a++;
        }
        if (a == n)
            break;
        b = a;
        while (b < n && !ideograph(cps[b]))
            b++;
        i = b;
        s = a > 0 ? a - 1 : 0;
        e = b < n ? b + 1 : n;
        if (a > 0 && b < n && b - a <= MEMO_CPS) {
            uint32_t h = 0;
            for (size_t k = a; k < b; k++)
                h = (h + cps[k]) * 2654435761u;
            m = &memo[h >> 26];
            if (m->n == b - a && memcmp(m->cps, cps + a, (b - a) * sizeof *cps) == 0) {
                memcpy(lb + s, m->lb, e - s);
                continue;
            }
        }
        /* its end, lb[e - 1], is set again from the ideograph at e - 1 on */
        unibreak(cps + s, e - s, lb + s);
        if (m != NULL) {
            m->n = b - a;
            memcpy(m->cps, cps + a, (b - a) * sizeof *cps);
            memcpy(m->lb, lb + s, e - s);
        }
    }
}

void
jb_lines_opportunities(const uint32_t *cps, const uint8_t *marks, size_t n, uint8_t *brk)
{
    char *lb;

    if (n == 0)
        return;
    lb = malloc(n);
    if (lb != NULL)
        jb_lines_uax14(cps, n, lb);
    brk[0] = 0;
    for (size_t j = 1; j < n; j++) {
        uint32_t a = cps[j - 1], b = cps[j];
        if (ideograph(a) && ideograph(b)) { /* none of the tailorings below but U7 concerns them */
            brk[j] = (uint8_t) !(marks && (marks[j - 1] & JB_MARK_FIGURE) &&
                                 (marks[j] & JB_MARK_FIGURE));
            continue;
        }
        int allow = lb ? (lb[j - 1] == LINEBREAK_ALLOWBREAK || lb[j - 1] == LINEBREAK_MUSTBREAK)
                       : !(jb_char_is_alnum(a) && jb_char_is_alnum(b));
        /* UAX #14 before Unicode 15.1 forbids breaks on both sides of quotation marks; in Chinese
         * “ ‘ are opening and ” ’ closing marks (§1.5 tailoring). */
        if (jb_char_is_quote(a) || jb_char_is_quote(b))
            allow = !(jb_char_is_alnum(a) && jb_char_is_alnum(b));
        /* LB30 keeps a Latin word with its brackets only when they are narrow: a full-width
         * （ after a letter, or ） before one, leaves a break (libunibreak forbids it). */
        if ((jb_char_is_alnum(a) && b >= 0x3000 && jb_punct_class(b) == JB_PUNCT_OPEN) ||
            (jb_char_is_alnum(b) && a >= 0x3000 && jb_punct_closing_like(jb_punct_class(a))))
            allow = 1;
        /* Strict kinsoku (§1.2–1.3), also for · ～ ／ —— …… that UAX #14 lets through. */
        if (jb_char_is_no_start(b) || jb_char_is_no_end(a))
            allow = 0;
        /* U7: a key figure is never split. */
        if (marks && (marks[j - 1] & JB_MARK_FIGURE) && (marks[j] & JB_MARK_FIGURE))
            allow = 0;
        /* U4/U6: digits and Latin letters of one token stay together. */
        if (jb_char_is_alnum(a) && jb_char_is_alnum(b))
            allow = 0;
        brk[j] = (uint8_t)allow;
    }
    forbid_dates(cps, n, brk);
    free(lb);
}
