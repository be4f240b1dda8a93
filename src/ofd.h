/* ofd — writes a laid-out page as an OFD package (GB/T 33190-2016) with libzip and libxml2: the
 * same font subsets as the PDF embedded, text objects with their codes and per-glyph advances,
 * path objects for rules, image objects for photos, the document information. Reads only the
 * page model (page.h) and the fonts. */
#ifndef JB_OFD_H
#define JB_OFD_H

#include "diag.h"
#include "font.h"
#include "page.h"
#include "pdf.h"

/* Builds the OFD of page in memory: *data (caller frees) and *len; info (the document
 * information, as for the PDF; pdfa is ignored) goes into DocInfo. Identical input gives
 * identical bytes. JB_ERR_INPUT when libzip or libxml2 cannot be loaded, JB_ERR_FONT (a font
 * HarfBuzz cannot subset), JB_ERR_NOMEM. Written to a file by the caller (output.h). */
jb_status jb_ofd_render(const jb_page *page, jb_fontset *fs, const jb_pdf_info *info, char **data,
                        size_t *len, jb_diag *d);

#endif
