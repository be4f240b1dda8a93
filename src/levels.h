/* levels — head levels from their numbering, for every input (RULES.md §5.4): under a 一、 head a
 * （一） head is level 2 and a 1. head level 3, under a （一） head a 1. head level 2. */
#ifndef JB_LEVELS_H
#define JB_LEVELS_H

#include "doc.h"

/* 1 for a Chinese numeral of a head's numbering: 零〇一二两三四五六七八九十百. */
int jb_levels_cn_numeral(uint32_t c);

/* The numbering level of head text t: 一、 1, （一） 2, 1. 1．1、 3; 0 without numbering. */
int jb_levels_numbered(const jb_text *t);

/* Sets each item's heads' levels from their numbering, relative to the numberings the item uses:
 * the highest numbering used is level 1, the next 2, the next 3 (a document of （一） heads only
 * keeps them at level 1). A head without numbering, or whose level is already deeper, keeps its
 * level. */
void jb_levels_set(jb_doc *doc);

#endif
