/* import_heads — the section-head patterns of a raw article (RULES.md §7.3): which paragraphs head
 * a section, and how much of each is the head. */
#include "import_int.h"

#include <string.h>

#include "chars.h"
#include "utf8.h"

static const char *const pattern_names[] = {"P1 parallel lead phrase",
                                            "P2 一是",
                                            "P3 一、",
                                            "P4 （一）",
                                            "P5 1.",
                                            "P6 第一，",
                                            "P7 首先",
                                            "P8 bold or 【】 lead",
                                            "P9 colon lead"};

const char *
jb_imp_pattern_name(int p)
{
    return pattern_names[p];
}

static const uint32_t stops[] = {0x3002, 0xFF1B, 0xFF1F, 0xFF01}; /* 。；？！ */
static const uint32_t commas[] = {0xFF0C, ','};
enum { N_STOPS = sizeof stops / sizeof stops[0], N_COMMAS = sizeof commas / sizeof commas[0] };

/* The head of a run-in lead: up to the first 。(or ；？！) if that is at most max characters,
 * else up to the first ，; the whole text if neither. */
static size_t
run_in_head(const jb_text *t, size_t from, size_t max)
{
    size_t e = jb_imp_find_any(t, from, stops, N_STOPS);
    if (e < t->n && e + 1 <= max)
        return e + 1;
    e = jb_imp_find_any(t, from, commas, N_COMMAS);
    return e < t->n ? e + 1 : t->n;
}

static size_t
cn_digits(const jb_text *t, size_t i)
{
    size_t k = i;
    while (k < t->n && jb_char_is_cn_count(t->cps[k]))
        k++;
    return k - i;
}

/* A standalone heading line (一、基本情况): short, no sentence end inside. */
static int
standalone(const jb_text *t)
{
    size_t e = jb_imp_find_any(t, 0, stops, N_STOPS);
    return jb_imp_count_chars(t) <= HEAD_LINE_MAX && (e == t->n || e == t->n - 1);
}

size_t
jb_imp_head_of(int p, const jb_text *t, int *alone)
{
    size_t k, m;

    *alone = 0;
    switch (p) {
    case P2: /* 一是强化组织领导，… */
        k = cn_digits(t, 0);
        if (k == 0 || k >= t->n || t->cps[k] != 0x662F /* 是 */)
            return 0;
        return run_in_head(t, k + 1, HEAD_SENTENCE);
    case P3: /* 一、基本情况 */
        k = cn_digits(t, 0);
        if (k == 0 || k >= t->n || t->cps[k] != 0x3001)
            return 0;
        break;
    case P4: /* （一）聚焦阵地建设 */
        if (t->cps[0] != 0xFF08 && t->cps[0] != '(')
            return 0;
        k = cn_digits(t, 1);
        if (k == 0 || 1 + k >= t->n || (t->cps[1 + k] != 0xFF09 && t->cps[1 + k] != ')'))
            return 0;
        break;
    case P5: /* 1.完善机制 */
        for (k = 0; k < t->n && jb_char_is_digit(t->cps[k]); k++)
            ;
        if (k == 0 || k + 1 >= t->n ||
            (t->cps[k] != '.' && t->cps[k] != 0xFF0E && t->cps[k] != 0x3001) ||
            jb_char_is_digit(t->cps[k + 1]))
            return 0;
        break;
    case P6: /* 第一，… */
        if (t->cps[0] != 0x7B2C)
            return 0;
        k = cn_digits(t, 1);
        if (k == 0 || 1 + k >= t->n ||
            (t->cps[1 + k] != 0xFF0C && t->cps[1 + k] != ',' && t->cps[1 + k] != 0x3001))
            return 0;
        return run_in_head(t, k + 2, HEAD_SENTENCE);
    case P7: /* 首先，… */
        for (const char *const *w = (const char *const[]){"首先", "其次", "再次", "最后", NULL}; *w;
             w++)
            if ((m = jb_cps_match(t->cps, t->n, 0, *w)) && m < t->n &&
                (t->cps[m] == 0xFF0C || t->cps[m] == ','))
                return run_in_head(t, m + 1, HEAD_SENTENCE);
        return 0;
    case P8: /* 【重阵地】… or **重阵地。**… */
        if (t->cps[0] == 0x3010) {
            size_t e = jb_imp_find_any(t, 1, (const uint32_t[]){0x3011}, 1);
            return e < t->n && e - 1 >= P8_INNER_MIN && e - 1 <= P8_INNER_MAX ? e + 1 : 0;
        }
        if (jb_cps_match(t->cps, t->n, 0, "**")) {
            for (size_t e = 2; e + 1 < t->n; e++)
                if (t->cps[e] == '*' && t->cps[e + 1] == '*')
                    return e > 2 ? e + 2 : 0;
        }
        return 0;
    case P9: /* 聚焦阵地：… */
        for (k = 0; k < t->n && k <= P9_LABEL_MAX; k++) {
            uint32_t c = t->cps[k];
            if (c == ':' || c == 0xFF1A)
                return k >= P9_LABEL_MIN ? k + 1 : 0;
            if (c == 0xFF0C || c == 0x3002)
                return 0;
        }
        return 0;
    case P1: { /* 重阵地，关工组织遍地开花。 */
        size_t e = jb_imp_find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
        if (e < P1_CLAUSE_MIN || e > P1_CLAUSE_MAX || e == t->n)
            return 0;
        for (k = 0; k < e; k++)
            if (!jb_char_is_han(t->cps[k]))
                return 0;
        return run_in_head(t, e + 1, HEAD_SENTENCE);
    }
    default: return 0;
    }
    /* P3–P5: a heading line of its own, or a run-in lead sentence */
    if (standalone(t)) {
        *alone = 1;
        return t->n;
    }
    return run_in_head(t, 0, HEAD_SENTENCE_NUMBERED);
}

/* The first clause of a P1 candidate (its length, 0 if none), for the parallelism test. */
static size_t
p1_clause(const jb_text *t)
{
    int alone;
    if (jb_imp_head_of(P1, t, &alone) == 0)
        return 0;
    return jb_imp_find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
}

/* Marks is_head[i] for the paragraphs heading a section under pattern p; returns how many. */
size_t
jb_imp_mark_heads(int p, rline **paras, size_t n, uint8_t *is_head)
{
    size_t count = 0;
    int alone;

    memset(is_head, 0, n);
    if (p == P1 || p == P9) {
        /* ≥ RUN_MIN consecutive paragraphs: P1 sharing the first character, or length and last
         * character of the first clause; P9 any colon leads */
        for (size_t i = 0; i < n;) {
            size_t j = i, ci = p == P1 ? p1_clause(&paras[i]->t)
                                       : jb_imp_head_of(P9, &paras[i]->t, &alone);
            if (ci == 0) {
                i++;
                continue;
            }
            while (j + 1 < n) {
                const jb_text *a = &paras[i]->t, *b = &paras[j + 1]->t;
                size_t cj = p == P1 ? p1_clause(b) : jb_imp_head_of(P9, b, &alone);
                if (cj == 0)
                    break;
                if (p == P1 && a->cps[0] != b->cps[0] &&
                    !(cj == ci && a->cps[ci - 1] == b->cps[cj - 1]))
                    break;
                j++;
            }
            if (j - i + 1 >= RUN_MIN) {
                for (size_t k = i; k <= j; k++)
                    is_head[k] = 1;
                count += j - i + 1;
            }
            i = j + 1;
        }
        return count;
    }
    for (size_t i = 0; i < n; i++)
        if (jb_imp_head_of(p, &paras[i]->t, &alone)) {
            is_head[i] = 1;
            count++;
        }
    if (p == P7 && count > 0) { /* only a run that starts with 首先 */
        size_t first = 0;
        while (!is_head[first])
            first++;
        if (!jb_cps_match(paras[first]->t.cps, paras[first]->t.n, 0, "首先"))
            return 0;
    }
    return count;
}

/* A section head of an explicit pattern (P2–P8): never the title. */
int
jb_imp_is_numbered_head(const jb_text *t)
{
    static const int explicit_heads[] = {P2, P3, P4, P5, P6, P7, P8};
    int alone;
    for (size_t k = 0; k < sizeof explicit_heads / sizeof explicit_heads[0]; k++)
        if (jb_imp_head_of(explicit_heads[k], t, &alone))
            return 1;
    return 0;
}

/* Is t a head of pattern p on a line of its own (no more than a heading line)? */
int
jb_imp_head_alone(int p, const jb_text *t)
{
    int alone = 0;
    return jb_imp_head_of(p, t, &alone) == t->n && alone;
}
