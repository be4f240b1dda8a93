/* inspect — the laid-out page and the document model described as JSON (jianbao inspect --json),
 * through cJSON; writes nothing. */
#ifndef JB_INSPECT_H
#define JB_INSPECT_H

#include "doc.h"
#include "import.h"
#include "layout.h"
#include "source.h"

/* The page, then the document under "document": chosen body size, measure, per line its kind,
 * text, size, x-extent, baseline, whether it ends a paragraph, the compression and per-gap stretch
 * and each glyph's x from the line start; the document's fields, lead, sections and key figures
 * with line:col in src (which doc's offsets point into). imp is what import found when the input
 * was a raw article, NULL for a report file. A new string (caller frees with free()), or NULL
 * when out of memory. */
char *jb_inspect_json(const jb_page *page, const jb_doc *doc, const jb_source *src,
                      const jb_import_info *imp);

#endif
