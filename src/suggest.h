/* suggest — a title for a document that has none (RULES.md §7.7): a 关于… sentence, a head, the
 * lead's first clause, or the file name. */
#ifndef JB_SUGGEST_H
#define JB_SUGGEST_H

#include "doc.h"

/* Fills out (empty on entry; the caller owns it, jb_text_fini) with the suggested title of the
 * first item of doc, read from its blocks, else from the base name of path (may be NULL; without
 * its extension). Each character keeps its source offset (0 for the file name). 0; -1 when out
 * of memory; out stays empty when nothing fits. */
int jb_suggest_title(const jb_doc *doc, const char *path, jb_text *out);

#endif
