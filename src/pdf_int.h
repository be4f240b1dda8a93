/* pdf_int — what pdf.c (the page, photos, the document) and pdf_font.c (the fonts as CID fonts)
 * share: the font codes, the document's compressors, the object and stream helpers. Internal. */
#ifndef JB_PDF_INT_H
#define JB_PDF_INT_H

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <libdeflate.h>
#include <stdint.h>

#include "font.h"
#include "page.h"
#include "utf8.h"

/* Each font is a Type0 font with Identity-H encoding over a CIDFontType2 we build ourselves from
 * libharu's objects: libharu 2.3.0's own TrueType path re-parses the font, walks all 65,536 codes
 * of its encoder (a third of a brief's time) and writes a `begincidrange` map where the ToUnicode
 * map belongs. The k-th distinct character of a font is drawn as CID 1 + k: one code per
 * character, so the ToUnicode map is exact even where two characters share a glyph, and
 * characters above U+FFFF need no special path. The CIDToGIDMap takes CID to the subset's glyph.
 * A CFF font is a CIDFontType0 instead (embed_font): the same codes, through its own encoding CMap.
 */
#define MAX_CODES 0xFFFE

/* A font's CIDs by character, the quick way: of quick_mask + 1 places (a power of two, twice
 * the characters or more), the place cp & quick_mask holds the first character (in order) that
 * falls there, and its CID; the others are searched for. (The search for every glyph drawn was
 * 0.13 M instructions of a brief.) */
typedef struct {
    uint32_t cp, cid; /* cid 0: an empty place */
} cid_place;

typedef struct {
    uint32_t *chars; /* sorted, distinct: CID 1 + k draws chars[k] */
    size_t n;
    jb_subset sub;
    HPDF_Dict font;   /* the Type0 font */
    cid_place *quick; /* NULL: every CID is searched for */
    uint32_t quick_mask;
} font_codes;

static inline unsigned
jb_pdf_cid_of(const font_codes *fc, uint32_t cp)
{
    if (fc->quick != NULL) {
        const cid_place *q = &fc->quick[cp & fc->quick_mask];
        if (q->cp == cp && q->cid != 0)
            return q->cid;
    }
    return 1 + (unsigned)jb_page_char_index(fc->chars, fc->n, cp);
}

/* Writes v as four hex digits at p; returns the end. (snprintf per character cost a brief more
 * than a millisecond.) */
static inline char *
jb_pdf_hex4(char *p, unsigned v)
{
    static const char digits[] = "0123456789ABCDEF";
    p[0] = digits[(v >> 12) & 0xF];
    p[1] = digits[(v >> 8) & 0xF];
    p[2] = digits[(v >> 4) & 0xF];
    p[3] = digits[v & 0xF];
    return p + 4;
}

/* Writes v in decimal at p; returns the end. */
static inline char *
jb_pdf_uint(char *p, size_t v)
{
    char tmp[24], *t = tmp + sizeof tmp;
    do
        *--t = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (t < tmp + sizeof tmp)
        *p++ = *t++;
    return p;
}

/* Writes c in UTF-16BE as hex digits (a surrogate pair above U+FFFF); returns the end. */
static inline char *
jb_pdf_hex_utf16(char *p, uint32_t c)
{
    uint16_t u[2];
    for (size_t k = 0, n = jb_utf16_encode(c, u); k < n; k++)
        p = jb_pdf_hex4(p, u[k]);
    return p;
}

/* The document's two compressors: z[0] at DEFLATE_LEVEL (images), z[1] at DEFLATE_LEVEL_TEXT
 * (content streams, font programs, CMaps). */
typedef struct libdeflate_compressor *const deflaters[2];

/* Makes the deflated bytes out[0..len) (malloc'd; taken, freed here on failure too) the content
 * of stream s, its /Filter named; libharu reads them straight out when it saves the document (a
 * callback stream in place of the memory stream it would copy them into byte by byte). */
HPDF_STATUS jb_pdf_put_held(HPDF_Dict s, unsigned char *out, size_t len);
/* Bytes that several streams show parts of, released with the last holder: wrap makes ud's
 * (released by release(ud); at once, and NULL returned, when out of memory), take malloc'd p's
 * (released by free), keep adds a holder, drop removes one (NULL: nothing). A document's, used by
 * one thread. */
typedef struct jb_pdf_bytes jb_pdf_bytes;
jb_pdf_bytes *jb_pdf_bytes_wrap(void (*release)(void *), void *ud);
jb_pdf_bytes *jb_pdf_bytes_take(unsigned char *p);
jb_pdf_bytes *jb_pdf_bytes_keep(jb_pdf_bytes *b);
void jb_pdf_bytes_drop(jb_pdf_bytes *b);
/* Makes p[0..len) (within own's bytes, a holder added) the content of stream s, as put_held. */
HPDF_STATUS jb_pdf_put_shared(HPDF_Dict s, jb_pdf_bytes *own, const unsigned char *p, size_t len);
/* data[0..n) deflated with z in zlib's format: malloc'd, *len bytes; NULL when out of memory. */
unsigned char *jb_pdf_deflate(struct libdeflate_compressor *z, const void *data, size_t n,
                              size_t *len);

/* An indirect dictionary; NULL when out of memory. */
HPDF_Dict jb_pdf_new_dict(HPDF_Doc pdf);
/* A stream; before the document is saved its content is put in deflated (jb_pdf_put_held,
 * jb_pdf_put_shared) or what was written to it is deflated (jb_pdf_deflate_stream). */
HPDF_Dict jb_pdf_new_stream(HPDF_Doc pdf);
/* Deflates what has been written to stream s with z. */
HPDF_STATUS jb_pdf_deflate_stream(HPDF_Dict s, struct libdeflate_compressor *z);

/* Subsets f to fc's characters and embeds it as fc->font (pdf_font.c). */
jb_status jb_pdf_load_font(HPDF_Doc pdf, jb_font *f, font_codes *fc, deflaters z, int pdfa,
                           jb_diag *d);

/* ---- pdf_spot.c: the one colour as a spot ink (RULES.md §6.7) ---- */
/* Whether colour k is drawn as the page's spot ink: the layout names one, k is its one colour,
 * not black or grey, and the file is no PDF/A. */
int jb_pdf_spot_of(const jb_page *pg, const double *k, int pdfa);
/* Puts the spot ink's Separation colour space into the page's resources (each page's). */
HPDF_STATUS jb_pdf_spot_add(HPDF_Doc pdf, HPDF_Page page, const jb_page *pg);
/* Writes the ink's name in the saved file data[0..len) with its escapes (see pdf_spot.c). */
void jb_pdf_spot_fix(char *data, size_t len, const jb_page *pg, int pdfa);
/* The operators setting the fill (stroke 0) or stroke colour to the spot ink at full tint. */
const char *jb_pdf_spot_op(int stroke);

#endif
