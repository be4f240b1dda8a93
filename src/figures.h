/* figures — finds key figures (计量/概数 quantities with their unit, percentages, ranks,
 * anniversaries) by the grammar and exclusions of RULES.md §6, and marks them in the
 * document. */
#ifndef JB_FIGURES_H
#define JB_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef struct {
    size_t start; /* index of the first code point */
    size_t end;   /* one past the last */
} jb_span;

/* Finds the key figures of cps[0..n) in order. Writes at most max spans to out and returns how many
 * there are (which may exceed max). Pure: no allocation, no state. */
size_t jb_figures_find(const uint32_t *cps, size_t n, jb_span *out, size_t max);

/* Highlights per 100 characters of an item's paragraphs, at most (RULES.md §6.7): the most
 * telling figures keep their red, the rest are set as plain text. */
#define JB_FIGURES_PER_100 2

/* In-place pass: sets JB_MARK_FIGURE on the key figures of the lead and section paragraphs, unless
 * doc->figures_off; when there are more than JB_FIGURES_PER_100 per 100 characters, only the most
 * telling ones (§6.7). Spans forced with **…** (JB_MARK_FORCED) stay marked either way and count
 * against that budget. */
void jb_figures_mark(jb_doc *doc);
/* The same with per_100 highlights per 100 characters at most; 0: every figure the grammar finds
 * (the tests of the grammar). */
void jb_figures_mark_dense(jb_doc *doc, unsigned per_100);

#endif
