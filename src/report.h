/* report — writes a jb_doc as a report file (docs/FORMAT.md: YAML front matter + Markdown body),
 * the inverse of parse.c: parsing what it writes gives back the same document. */
#ifndef JB_REPORT_H
#define JB_REPORT_H

#include "diag.h"
#include "doc.h"

/* Writes doc as report text into *out (a new NUL-terminated string; caller frees with free()).
 * Every front-matter field parse.c reads is written when set (masthead, issue, unit, date, title,
 * byline, source, category, distribution, copies, figures: off), values quoted and escaped only
 * where YAML needs it; the body holds the lead, `## ` heads and paragraphs, forced figures as
 * **…** and no-figure spans as `…`, with Markdown's special characters escaped. jb_parse of the
 * result gives the same texts and marks (offsets aside) for every document jb_parse or jb_import
 * builds. Only JB_ERR_NOMEM (with *out NULL). */
jb_status jb_report_write(const jb_doc *doc, char **out, jb_diag *d);

#endif
