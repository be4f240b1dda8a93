/* texts — the list of every text on the page, built once from the document and the layout: each
 * with its role, the font role and colour of every character, its size and label. The coverage
 * check and the layout read only this list, so a character is checked exactly as it is drawn. */
#ifndef JB_TEXTS_H
#define JB_TEXTS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "source.h"
#include "spec.h"

/* What a text is on the page, in page order. */
enum {
    JB_TEXT_MASTHEAD, /* the 简报's name */
    JB_TEXT_SECRECY,  /* 密级, top left above the name (only when the report has one) */
    JB_TEXT_ISSUE,    /* 期号 */
    JB_TEXT_UNIT,     /* 编印单位 */
    JB_TEXT_DATE,
    JB_TEXT_TITLE,
    JB_TEXT_BYLINE,  /* names apart by U+3000 */
    JB_TEXT_SOURCE,  /* 来源：… under the byline */
    JB_TEXT_LEAD,    /* a lead paragraph */
    JB_TEXT_HEAD,    /* a section's lead phrase */
    JB_TEXT_BODY,    /* a paragraph of a section */
    JB_TEXT_FOOT,    /* a 报尾 row: 报：/送：/发：… or （共印…份） */
    JB_TEXT_CAPTION, /* a photo's caption (index: the photo), where the photo stands */
    JB_TEXT_CELL,    /* a table cell's text (index: the table); a table's cells follow each other
                        in its row order, where the table stands */
    /* an issue of several items (RULES.md §5.7), and pages: */
    JB_TEXT_SERIAL,   /* 编号, top right above the name (only when the report has one) */
    JB_TEXT_CONTENTS, /* the 本期要目: index -1 its heading, else the item whose title it lists */
    JB_TEXT_NOTE,     /* an item's 编者按, 编者按： in the head face then the note in Kai */
    JB_TEXT_FOLIO,    /* a page number at the foot of a page (its dashes drawn), index the number */
    JB_TEXT_PAGENUM   /* a page number as the 本期要目 lists it (1), index the number */
};

/* Which size sets a text: a size of the layout, or one the fit decides. */
enum {
    JB_SIZE_MASTHEAD, /* [masthead] size, shrunk by the layout to fit the width */
    JB_SIZE_SUB,      /* [masthead] sub: 期号, unit and date */
    JB_SIZE_TITLE,    /* decided by the fit: the layout's title size or smaller */
    JB_SIZE_BYLINE,
    JB_SIZE_SOURCE, /* the byline size: it shares the byline's line */
    JB_SIZE_BODY,   /* decided by the fit, between the layout's body min and max */
    JB_SIZE_FOOT,
    JB_SIZE_CAPTION /* [photo] caption_size */
};

/* One text. Its characters are copies (owned by the list); cps may hold □ where coverage
 * replaced a character no font has. */
typedef struct {
    int role;        /* JB_TEXT_* */
    int item;        /* the issue's item it belongs to (0 outside the items) */
    int section;     /* its section's index; -1 outside the sections */
    int index;       /* paragraph in the lead or section, or the 报尾 run (JB_FOOT_*, doc.h) */
    int size;        /* JB_SIZE_* */
    double size_pt;  /* that size from the layout; for a fitted one the largest tried */
    int color;       /* JB_COLOR_* of its plain characters */
    int run_in;      /* a head ending in a mark: set in one paragraph with the next entry (§5.4) */
    int centred;     /* a table's title (表1 …, or a line ending in ： before a table): centred,
                        without indent, in the table's head face (RULES.md §9.4) */
    int note;        /* a note under a table (注：…, 数据来源：…): without indent */
    int right;       /* a signature's line (its signer, its date): without indent, ending two
                        characters before the measure's end (RULES.md §5.4) */
    int indent_em;   /* > 0: its first line's indent in em instead of 2 (a later 附件 item, under
                        the first one's number) */
    const char *key; /* where its characters without source position come from, for messages:
                        the layout key ("masthead.name") or the label ("来源：") */
    size_t n;
    uint32_t *cps;
    uint32_t *offs;   /* source byte offsets; meaningless where literal[i] */
    uint8_t *marks;   /* JB_MARK_* (heads carry JB_MARK_HEAD) */
    uint8_t *roles;   /* jb_font_role each character is set in (its text's, or the figure font) */
    uint8_t *fonts;   /* the font slot that draws it: its role's until jb_page_texts_cover picks
                         the face (the latin face, a fallback; see there) */
    uint8_t *colors;  /* JB_COLOR_* of each character (figures, heads, the masthead's red) */
    uint8_t *literal; /* 1: from the layout or a label, not from the report */
} jb_page_text;

typedef struct {
    jb_page_text *items; /* in page order */
    size_t n, cap;
    size_t n_lead, n_sections;
    int latin_own;  /* the spec's, kept by jb_page_texts_cover */
    size_t n_items; /* the document's items: an issue of several when above 1 */
    int issue;      /* set as an issue (layout_issue.c): several items, or one with its 编者按 */
    int folios;     /* page numbers and 本期要目 entries were listed (an issue, or a
                       layout of several pages) */
    const jb_photo **photos; /* the page's photos in reading order (the array owned, the photos
                                borrowed from the document) */
    size_t n_photos;
    const jb_table **tables; /* the page's tables in reading order (array owned, tables borrowed) */
    uint32_t *table_offs;    /* the source offset of each */
    int *table_lines;        /* the source line of each (jb_page_texts_cover; 0: unknown) */
    size_t n_tables;
} jb_page_texts;

/* Builds the list of doc's texts as spec sets them. Caller owns *out; release with
 * jb_page_texts_free. JB_ERR_NOMEM. */
jb_status jb_page_texts_build(const jb_doc *doc, const jb_spec *spec, jb_page_texts **out,
                              jb_diag *d);
void jb_page_texts_free(jb_page_texts *tx);

/* Picks the face of every character, the one place that decides it: Latin letters, digits and
 * the marks and spaces inside Latin runs of Song, Kai and 仿宋 text from the latin face (unless
 * the layout has none); every other character from its role's face; a character that face lacks
 * from the first face of the role's fallback chain that has it (spec->chain). Each must be found
 * so (spaces aside): a missing glyph would print as a blank box without any error from libharu.
 * JB_ERR_GLYPH naming each (U+XXXX and line:col in src, or the layout key for text from the
 * layout). With allow, each is replaced in tx by a visible □ and reported in warning (size bytes)
 * instead. */
jb_status jb_page_texts_cover(jb_page_texts *tx, const jb_spec *spec, jb_fontset *fs,
                              const jb_source *src, int allow, char *warning, size_t size,
                              jb_diag *d);

/* A character drawn from a fallback face: its role and the slot that has it. */
typedef struct {
    uint32_t cp;
    uint8_t role, font;
} jb_text_fallback;

/* The distinct (character, role) pairs of tx drawn from a fallback face, in page order, after
 * jb_page_texts_cover: at most cap into out; returns how many there are. */
size_t jb_page_texts_fallbacks(const jb_page_texts *tx, const jb_fontset *fs, jb_text_fallback *out,
                               size_t cap);

/* A character of a Latin run: ASCII letters and digits, Latin-1 and Latin Extended letters
 * (pinyin tone marks: ā á ǎ à). */
int jb_text_is_latin_letter(uint32_t cp);

#endif
