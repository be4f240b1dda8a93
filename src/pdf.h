/* pdf — writes a laid-out page through libharu: subset TrueType and CFF CID fonts, one CID per
 * character with exact ToUnicode maps, document info, and an atomic write (temp file, fsync,
 * rename). */
#ifndef JB_PDF_H
#define JB_PDF_H

#include "diag.h"
#include "font.h"
#include "page.h"

typedef struct {
    const char *title; /* UTF-8; each may be NULL */
    const char *author;
    const char *subject;
    const char *creator;
    int pdfa;             /* 1: PDF/A-1b (pdfa.h): sRGB colours, XMP, CIDSet, a content /ID */
    const char *date_iso; /* YYYY-MM-DD or NULL: the PDF/A file's creation date */
} jb_pdf_info;

/* Builds the PDF of page in memory: *data (caller frees) and *len. Errors as jb_pdf_write's. */
jb_status jb_pdf_render(const jb_page *page, jb_fontset *fs, const jb_pdf_info *info, char **data,
                        size_t *len, jb_diag *d);

/* Writes page to out_path. The file appears only when complete: an existing file is replaced on
 * success and left alone on failure. JB_ERR_OUTPUT (directory missing or not writable, disk full),
 * JB_ERR_FONT (a font HarfBuzz cannot subset), JB_ERR_GLYPH (more than 65,534 distinct characters
 * in one font). Identical input gives identical bytes. */
jb_status jb_pdf_write(const jb_page *page, jb_fontset *fs, const jb_pdf_info *info,
                       const char *out_path, jb_diag *d);

/* "libharu 2.3.0, libdeflate 1.14": the versions linked in (libdeflate's as compiled against),
 * into out (size bytes). */
void jb_pdf_library_versions(char *out, size_t size);

#endif
