/* font_cff — a CFF face read once per engine (its INDEXes and Font DICTs; each glyph's charstring
 * flattened on first use and kept), and the CID-keyed subset a PDF embeds, written from it.
 * Internal to font.c and font_subset.c. */
#ifndef JB_FONT_CFF_H
#define JB_FONT_CFF_H

#include <stddef.h>
#include <stdint.h>

typedef struct jb_cff jb_cff;

/* Reads the CFF table c[0..len) (a CFF version 1 font with Type 2 charstrings: CID-keyed, or
 * name-keyed with one Private DICT). c must outlive the result. NULL when the table is out of
 * memory or is something this reader does not take (the caller then subsets with HarfBuzz).
 * Release with jb_cff_free. Once open, any number of threads may call jb_cff_subset at once:
 * the glyph cache is filled lock-free (each glyph's slot is published once, atomically). */
jb_cff *jb_cff_open(const unsigned char *c, size_t len);
void jb_cff_free(jb_cff *cff);

/* Glyphs in the font (its CharStrings count). */
unsigned jb_cff_glyphs(const jb_cff *cff);

/* Writes the subset of the glyphs old[0..n) (ascending, distinct, old[0] = 0, each below
 * jb_cff_glyphs) as a CID-keyed CFF font program whose glyph k is old[k] with CID k (an identity
 * charset): charstrings desubroutinized, without hints, their widths kept; FontBBox box (font
 * units). *out is malloc'd (caller frees), *len bytes. 0, or -1 when out of memory or a glyph
 * uses what the flattener does not take (arithmetic operators, an accented endchar): the caller
 * then subsets with HarfBuzz; the answer depends only on the font and the glyphs, so that every
 * render of the same glyphs takes the same path. */
int jb_cff_subset(jb_cff *cff, const uint32_t *old, size_t n, const int box[4], unsigned char **out,
                  size_t *len);

#endif
