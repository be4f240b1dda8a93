/* page — the laid-out pages as a model of their own: glyphs (character, font role, size, colour,
 * style, baseline origin), rules and lines in PDF points, each on its page (n_pages of one size;
 * a one-page brief has n_pages 1 and every element on page 0); what the layout writes and the
 * PDF writer (or any other consumer) reads. */
#ifndef JB_PAGE_H
#define JB_PAGE_H

#include <stddef.h>
#include <stdint.h>

enum { JB_COLOR_BLACK, JB_COLOR_RED, JB_COLOR_FIGURE, JB_COLOR_ACCENT, JB_N_COLORS };

/* Glyph styles, from the document's marks: what a glyph is part of, whatever its colour. */
enum {
    JB_STYLE_FIGURE = 1, /* part of a key figure (JB_MARK_FIGURE) */
    JB_STYLE_HEAD = 2,   /* part of a section's lead phrase (JB_MARK_HEAD) */
};

/* One glyph to draw: its character, font slot, size and baseline origin in PDF
 * points (y up). Its advance box runs from x over the advance the font gives cp at size. */
typedef struct {
    float x, y, size;
    uint32_t cp;
    uint8_t font;   /* font slot (jb_fontset_get) */
    uint8_t color;  /* JB_COLOR_* */
    uint8_t style;  /* JB_STYLE_* bits */
    uint8_t stroke; /* emboldening: fill and stroke with a line this many 1/1000 em wide; 0: fill */
    uint8_t hscale; /* horizontal scaling in percent (PDF Tz; [masthead] scale, 50 to 200): the
                       glyph is drawn that much wider, its advance too; 0: none (100) */
    uint8_t page;   /* the page it is on, from 0 */
} jb_glyph;

/* A character drawn from a fallback face (for --verbose and inspect). */
typedef struct {
    uint32_t cp;
    uint8_t role;  /* jb_font_role it is set in */
    char face[64]; /* PostScript name of the face that has it */
} jb_page_fallback;
#define JB_PAGE_FALLBACKS 32 /* listed at most */

/* A straight rule from (x0, y0) to (x1, y1), width thick, centred on that line. */
typedef struct {
    float x0, y0, x1, y1, width;
    uint8_t color;
    uint8_t page; /* the page it is on, from 0 */
} jb_rule;

/* One laid-out line (for --verbose, inspection and tests). */
typedef struct {
    float x0, x1, y; /* extent of the set line and its baseline */
    float size;
    size_t first_glyph, n_glyphs;
    uint8_t kind;          /* JB_LINE_* */
    uint8_t last;          /* last line of its paragraph */
    float shrink, stretch; /* pt compressed beyond fixed rules, pt added per gap */
    uint8_t page;          /* the page it is on, from 0 */
    uint16_t item;         /* the item it belongs to (0 outside the items) */
} jb_page_line;

enum {
    JB_LINE_MASTHEAD,
    JB_LINE_TITLE,
    JB_LINE_BYLINE,
    JB_LINE_BODY,
    JB_LINE_SOURCE,
    JB_LINE_FOOT,
    JB_LINE_CAPTION,  /* a line of a photo's caption */
    JB_LINE_CELL,     /* a line of a table cell */
    JB_LINE_NOTE,     /* a line of an item's 编者按 (an issue of several items) */
    JB_LINE_CONTENTS, /* a line of the 本期要目 under the 报头 */
    JB_LINE_FOLIO     /* a page number (— 1 —) below the text block, two pages or more */
};

/* A photo on the page: its box and what is embedded there, ready for the PDF (the layout has
 * downsampled and encoded it). The page owns the strings and buffers. */
typedef struct {
    float x, y, w, h;    /* the box in PDF points, (x, y) its lower left corner */
    int src_w, src_h;    /* the photo's pixels, upright */
    int px_w, px_h;      /* the pixels embedded */
    double ppi;          /* px_w per inch of w */
    char *name;          /* the file as the report names it */
    char *caption;       /* UTF-8, may be empty */
    unsigned char *jpeg; /* baseline JPEG, px_w × px_h, grey (channels 1) or RGB */
    size_t jpeg_len;
    int channels;
    unsigned char *smask; /* px_w × px_h alpha, NULL when opaque */
    uint8_t page;         /* the page it is on, from 0 */
} jb_page_image;

/* A table cell on the page (for inspect and tests): its table (numbered from 0 on the page), grid
 * position and spans, its box in PDF points (y up), its glyphs and lines, which lie inside it. */
typedef struct {
    uint16_t table, row, col, rowspan, colspan;
    uint8_t header;
    float x0, y0, x1, y1;
    size_t first_glyph, n_glyphs;
    size_t first_line, n_lines; /* its lines in the page's lines (kind JB_LINE_CELL) */
    uint8_t page;               /* the page it is on, from 0 */
} jb_page_cell;

typedef struct jb_page {
    double w_pt, h_pt;
    jb_glyph *glyphs;
    size_t n_glyphs, cap_glyphs;
    jb_rule *rules;
    size_t n_rules, cap_rules;
    jb_page_line *lines;
    size_t n_lines, cap_lines;
    double body_pt;    /* chosen body size */
    double measure_pt; /* body line width */
    double left_pt;    /* x of the text block */
    int body_lines;    /* body lines at the chosen size */
    double spare_pt;   /* height left empty at the foot after balancing */
    int kaiming;       /* set with 开明式 punctuation: it fitted only so, at the floor */
    double cmyk[JB_N_COLORS][4]; /* colours by JB_COLOR_*, from the layout */
    char spot[42]; /* the spot ink the layout's one colour (JB_COLOR_RED) is, or "" (RULES §6.7) */
    jb_page_fallback fallbacks[JB_PAGE_FALLBACKS];
    size_t n_fallbacks;    /* distinct (character, role) pairs; may exceed JB_PAGE_FALLBACKS */
    jb_page_image *images; /* the photos, in reading order */
    size_t n_images, cap_images;
    jb_page_cell *cells; /* the tables' cells, table by table, row by row */
    size_t n_cells, cap_cells;
    char photo_note[512]; /* how the fit traded photo size and body size ("" without photos) */
    int n_pages;          /* pages laid out (1 for a one-page brief; 0 is read as 1) */
    int cur;              /* the page the jb_page_push_* calls put what they append on */
} jb_page;

/* The number of pages of pg (at least 1). */
static inline int
jb_page_count(const jb_page *pg)
{
    return pg->n_pages > 1 ? pg->n_pages : 1;
}

/* Appends a copy of *g, *r or *ln to the page's arrays (which may move: pointers into them are
 * dead), on page page->cur. 0, or -1 when out of memory (the page is unchanged). */
int jb_page_push_glyph(jb_page *page, const jb_glyph *g);
int jb_page_push_rule(jb_page *page, const jb_rule *r);
int jb_page_push_line(jb_page *page, const jb_page_line *ln);
int jb_page_push_cell(jb_page *page, const jb_page_cell *c);
/* Appends *im, taking over its strings and buffers (also on failure, when it frees them). */
int jb_page_push_image(jb_page *page, const jb_page_image *im);

/* The distinct characters drawn in font slot (n: how many of the page's glyphs are in it, at
 * least 1), sorted: what a writer's subset of that font holds. Caller frees; NULL when out of
 * memory. *n_out gets their number. */
uint32_t *jb_page_font_chars(const jb_page *pg, int slot, size_t n, size_t *n_out);
/* Where cp is (or would go) in chars[0..n), sorted: a binary search (inline: the ofd module
 * uses it too). */
static inline size_t
jb_page_char_index(const uint32_t *chars, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (chars[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Releases page and its arrays; NULL is fine. */
void jb_page_free(jb_page *page);

#endif
