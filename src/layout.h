/* layout — places the whole brief on one page: masthead, title, byline, lead, sections, source and
 * 报尾; picks the largest body size that fits (one-page rule) and balances the leftover height. */
#ifndef JB_LAYOUT_H
#define JB_LAYOUT_H

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "page.h"
#include "spec.h"

/* Lays doc out on one page of spec. The glyphs are in reading order. Errors: JB_ERR_OVERFLOW (the
 * diagnostic says by how many lines at the floor size), JB_ERR_FORMAT (an unbreakable paragraph).
 * Caller owns *out; release with jb_page_free. */
jb_status jb_layout(const jb_doc *doc, const jb_spec *spec, jb_fontset *fs, jb_page **out,
                    jb_diag *d);

#endif
