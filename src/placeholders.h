/* placeholders — slots left to fill in and figures that lost a mark (RULES.md §6.6): xx, X.X%,
 * xxx万元, ××, 参合率达%, 108 3%. Found by a table of patterns, never highlighted. */
#ifndef JB_PLACEHOLDERS_H
#define JB_PLACEHOLDERS_H

#include "doc.h"
#include "figures.h"

/* The placeholders of t (its first max into out, in order); returns how many there are. */
size_t jb_placeholders_find(const jb_text *t, jb_span *out, size_t max);

/* Takes the figure mark off every placeholder of the document's paragraphs and the key figure
 * it touches (call after jb_figures_mark). Returns the number of placeholders. */
size_t jb_placeholders_unmark(jb_doc *doc);

/* Calls fn on each placeholder of the document's paragraphs and heads, in reading order. */
void jb_placeholders_each(const jb_doc *doc, void (*fn)(const jb_text *t, jb_span s, void *ud),
                          void *ud);

#endif
