/* issue — several documents made one issue: their items appended in order (a Word document of
 * several titled items, `render --issue`, a manifest's issue row); the masthead, 编者按 and 报尾
 * of the first, with the later ones' fields filling what it lacks and conflicts listed. */
#ifndef JB_ISSUE_H
#define JB_ISSUE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "source.h"

/* Moves every item of src to the end of dst, and src's masthead, 编者按 and 报尾 fields where
 * dst's are empty; a field both hold with different texts keeps dst's and src's is named in
 * conflicts ("masthead 「B」, issue 「第2期」", appended; may be NULL). Each moved text's source
 * offsets (and its blocks') get shift added. src is released (jb_doc_free) whatever happens. 0, or
 * -1 when out of memory (dst then holds what was moved so far). */
int jb_issue_append(jb_doc *dst, jb_doc *src, uint32_t shift, char *conflicts, size_t size);

/* Reads a text of several reports one after the other (each with its own front matter, as the
 * Word reader composes a document of several titled items) into one issue of their items, in
 * order, offsets into src; a text of one report is parsed as jb_parse_titled does. *out belongs to
 * the caller. Errors of jb_parse_titled, naming the report's line in src. */
jb_status jb_issue_parse_reports(const jb_source *src, int have_title, jb_doc **out, jb_diag *d);

#endif
