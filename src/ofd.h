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
 * identical bytes. The core (ofd.c) makes the font subsets and the photos' JPEGs, the ofd
 * module (ofd_pkg.c, libjianbao-ofd.so with libzip and libxml2, plugin.h) the package: a PDF
 * never loads it. JB_ERR_UNAVAILABLE when the module or its libraries cannot be loaded, JB_ERR_FONT
 * (a font HarfBuzz cannot subset), JB_ERR_NOMEM. Written to a file by the caller (output.h). */
jb_status jb_ofd_render(const jb_page *page, jb_fontset *fs, const jb_pdf_info *info, char **data,
                        size_t *len, jb_diag *d);

/* A font slot of the page as the core hands it to the module. */
typedef struct {
    uint32_t *chars; /* the characters drawn in it, sorted, distinct; n == 0: slot unused */
    size_t n;
    jb_subset sub; /* their subset, as the PDF's */
    unsigned id;   /* the Font's ID: set by the module while it builds */
} jb_ofd_font;

/* What the module packages (all owned by the core). */
typedef struct {
    const jb_page *page;
    const jb_pdf_info *info;
    jb_ofd_font *fonts;                 /* JB_FONT_SLOTS of them */
    const unsigned char *const *images; /* photo i's JPEG (flattened onto white if it had a
                                           mask), image_lens[i] bytes */
    const size_t *image_lens;
    double rgb[JB_N_COLORS][3]; /* the page's colours in sRGB, 0..1 (pdfa.h) */
} jb_ofd_input;

/* The ofd module's table (plugin.h). */
typedef struct {
    /* The package of in: *data (caller frees) and *len. JB_ERR_NOMEM, JB_ERR_INTERNAL. */
    jb_status (*package)(const jb_ofd_input *in, char **data, size_t *len, jb_diag *d);
} jb_ofd_api;

/* The module's entry (plugin.h): its table for abi JB_PLUGIN_ABI, else NULL. */
const void *jb_plugin_ofd(int abi);

#endif
