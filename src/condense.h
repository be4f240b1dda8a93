/* condense — the minimal condense (RULES.md §5.5 (b)): the sentences of an item's sections
 * ranked from the first a page may lose to the last, the body shown with the first k of them left
 * out, and a photo left out replaced by its （图略） mark.
 */
#ifndef JB_CONDENSE_H
#define JB_CONDENSE_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* A ranking bound to one document. */
typedef struct jb_condense jb_condense;

/* Ranks the sentences doc may lose: in each section (a head and the blocks up to the
 * next) the paragraphs' sentences, less those the old rule keeps whatever it costs — every
 * sentence holding a key figure, and the section's first sentence when none does; the lead, the
 * heads, tables with their titles and notes, and （图略） marks are never candidates. Lowest rank
 * first: a sentence in the middle of a paragraph before its first sentence, one without a
 * number before one with, a later paragraph before an earlier one; among equals the longer
 * first (fewer sentences for the same room), then the later. Sentences end after 。！？； and
 * any closing marks. doc must outlive the ranking, and no block be added to or removed from it
 * while it lives but by jb_condense_apply. Caller frees with jb_condense_free; NULL when out of
 * memory. */
jb_condense *jb_condense_new(jb_doc *doc);

/* How many sentences the ranking may leave out (all of them: the old, largest condense). */
size_t jb_condense_n(const jb_condense *c);

/* Shows doc's body less the first k ranked sentences (k past jb_condense_n: all of them), as
 * read when k is 0: paragraphs left empty go from the body, photos keep their place. Sets
 * doc->condensed (k > 0) and doc->condense_count. Returns the number left out and the source
 * offsets of the first max of them, in reading order, in offs. */
size_t jb_condense_apply(jb_condense *c, size_t k, uint32_t *offs, size_t max);

/* Chooses the sentence to leave out after the first k of the ranking and moves it to place k:
 * of those whose leaving out would surely save `lines` lines (the last sentence of a paragraph of
 * n characters all its (n + 2) / cpl lines, rounded up; another a line for every cpl characters)
 * the lowest ranked, then the shortest; when none would, the one
 * saving the most, then the lowest ranked. 0, or -1 when none is left (or out of memory). */
int jb_condense_pick(jb_condense *c, size_t k, int lines, double cpl);

/* Moves the sentence at place i of the ranking to place k - 1 (i < k), the ones between one
 * place up: jb_condense_apply(c, k - 1, …) then keeps it, and the rest of the first k go. */
void jb_condense_last(jb_condense *c, size_t i, size_t k);

/* Releases c; doc keeps what the last jb_condense_apply showed. NULL is fine. */
void jb_condense_free(jb_condense *c);

/* Replaces photo i of doc (jb_doc_photo's order) and its caption by the paragraph （图略：caption）
 * at its place (（图略） without a caption; a caption over 20 characters cut with …), and counts
 * it in doc->condense_count. 0, or -1 when out of memory (the photo is then left out without
 * a mark). */
int jb_condense_photo(jb_doc *doc, size_t i);

#endif
