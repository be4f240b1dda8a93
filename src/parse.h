/* parse — turns a report file (YAML front matter + Markdown body, docs/FORMAT.md) into a jb_doc,
 * through libyaml and md4c; knows nothing of fonts or layout. */
#ifndef JB_PARSE_H
#define JB_PARSE_H

#include "diag.h"
#include "doc.h"
#include "source.h"

/* Parses src into a new document (*out, caller owns, release with jb_doc_free). Texts keep byte
 * offsets into src, so src must outlive nothing but this call. Errors: JB_ERR_FORMAT with line:col
 * (bad front matter, unknown key, bad date, unsupported Markdown, no title, no body). */
jb_status jb_parse(const jb_source *src, jb_doc **out, jb_diag *d);
/* jb_parse for a caller that sets the title itself: with have_title a report without one is
 * read (its title left empty) instead of refused. */
jb_status jb_parse_titled(const jb_source *src, int have_title, jb_doc **out, jb_diag *d);

#endif
