/* pdfa — what a PDF/A-1b file has beyond the plain PDF that pdf.c writes: colours as sRGB under
 * an sRGB output intent, a CIDSet per subset, XMP metadata equal to the document information, a
 * trailer /ID hashed from the content (so the same input gives the same bytes), photos without
 * soft masks. Used by pdf.c only; libharu objects are owned by the document they are added to. */
#ifndef JB_PDFA_H
#define JB_PDFA_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "page.h"
#include "pdf.h"

struct libdeflate_compressor;

/* Makes data[0..n) the content of stream s, deflated with z, its /Filter named (pdf.c's). */
HPDF_STATUS jb_pdf_put_deflated(HPDF_Dict s, const void *data, size_t n,
                                struct libdeflate_compressor *z);

/* The sRGB colour a CMYK colour (components 0..1) is given in PDF/A (the naive conversion,
 * r = (1 - c)(1 - k) and so on): the profile-free inverse of how printers without colour
 * management turn RGB into CMYK. The default deep red (0, 1, 1, 0.2) becomes (0.8, 0, 0). */
void jb_pdfa_rgb(const double cmyk[4], double rgb[3]);

/* Adds /CIDSet to the font descriptor desc: CID 0 and, for a TrueType subset (cff 0), CIDs
 * 1..n; for a CFF subset, the CIDs gid[0..n). */
HPDF_STATUS jb_pdfa_cidset(HPDF_Doc pdf, HPDF_Dict desc, const uint16_t *gid, size_t n, int cff);

/* The photo im as a JPEG with no transparency: its alpha composited onto the page white (the
 * JPEG decoded, blended and encoded again at quality 92); *jpeg (caller frees) and *len. Only
 * called for a photo with a soft mask. JB_ERR_NOMEM or JB_ERR_INTERNAL naming the photo. */
jb_status jb_pdfa_flatten(const jb_page_image *im, unsigned char **jpeg, size_t *len, jb_diag *d);

/* Finishes the document as PDF/A-1b once every page and font is in it and every stream has its
 * final bytes: the creation and modification dates from info->date_iso (when set) in the
 * information dictionary, the XMP metadata stream (uncompressed, as PDF/A-1 asks) with the same
 * title, author, subject, creator, producer and dates, the sRGB output intent (the profile of
 * Debian's icc-profiles-free, built in, deflated with z) and the trailer /ID: an MD5 of every
 * stream in the file and the metadata. */
HPDF_STATUS jb_pdfa_finish(HPDF_Doc pdf, const jb_pdf_info *info, struct libdeflate_compressor *z);

#endif
