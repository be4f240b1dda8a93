/* doc — the document model: an issue (masthead, 编者按, items, 报尾); an item (title, subtitle,
 * byline, source) holds blocks (paragraphs, heads, list items, tables, photos, notes,
 * signatures); each text a code-point array with per-character marks and source offsets.
 */
#ifndef JB_DOC_H
#define JB_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct jb_image;
struct jb_image_fit;
struct jb_source;

/* Per-character marks. */
enum {
    JB_MARK_FIGURE = 1, /* part of a key figure (found by jb_figures_mark or forced) */
    JB_MARK_FORCED = 2, /* inside explicit **…** markup: a figure whatever the rules say */
    JB_MARK_NOFIG = 4,  /* inside `…` markup: never part of a figure */
    JB_MARK_HEAD = 8,   /* a section's lead phrase (set by the layout, for its colour) */
    JB_MARK_SUBHEAD = 16, /* a head below the first level (（一）, 1.): emboldened (set by texts) */
};

/* A run of text. offs[i] is the byte offset in the source of cps[i] (for line:col in messages). */
typedef struct {
    uint32_t *cps;
    uint32_t *offs;
    uint8_t *marks;
    size_t n;
    size_t cap;
} jb_text;

/* A photo (docs/FORMAT.md, "Photos"): a block of its own between paragraphs; two photo blocks
 * in a row are set side by side. */
typedef struct {
    jb_text caption;      /* may be empty */
    char *ref;            /* the file as the report names it (UTF-8), or the name inside a .docx */
    uint32_t off;         /* source offset of the ![…](…), for messages */
    struct jb_image *img; /* decoded (owned); NULL until jb_doc_load_photos or _decode_photo */
} jb_photo;

/* How a cell's text is set across its column: as the table's rules decide (numbers right or on
 * the decimal point, text left, a header centred; RULES §9), or as the report asks. */
enum { JB_ALIGN_AUTO, JB_ALIGN_LEFT, JB_ALIGN_CENTER, JB_ALIGN_RIGHT };

/* A table cell: its text and how many rows and columns it spans (1 and 1 for a plain cell; a
 * cell covered by another's span is not stored). */
typedef struct {
    jb_text text;
    uint16_t rowspan, colspan;
    uint8_t align; /* JB_ALIGN_* */
    uint32_t off;  /* source offset of the cell */
} jb_cell;

typedef struct {
    jb_cell *cells;
    size_t n_cells, cap_cells;
    int header; /* a header row (repeated on a new page, set in the head font) */
} jb_row;

typedef struct {
    jb_row *rows;
    size_t n_rows, cap_rows;
    size_t n_cols; /* the widest row, spans counted */
} jb_table;

/* What a block is. */
typedef enum {
    JB_BLOCK_PARA, /* a paragraph of body text */
    JB_BLOCK_HEAD, /* a head, level 1-3 (一、 1, （一） 2, 1. 3; a Markdown answer's by its
                      heading depth): every head opens a section of the article view (the
                      lead is what comes before the first), as the page sets it; the level
                      says its rank (its face, issue 25). One ending in a mark
                      (重阵地，关工组织遍地开花。) is the run-in lead phrase of the paragraph
                      right after it (RULES §5.4), one without (一、基本情况) stands on its
                      own line */
    JB_BLOCK_LIST_ITEM, /* one item of a list: level is its depth (1…), aux its marker (1. 一、) */
    JB_BLOCK_TABLE,     /* a table: rows of cells, header rows, spans */
    JB_BLOCK_PHOTO,     /* a photo with its caption */
    JB_BLOCK_NOTE,      /* a note or 附件 line */
    JB_BLOCK_SIGNATURE, /* a signature: text the signer (unit or name), aux the date under it */
    JB_BLOCK_KIND_COUNT
} jb_block_kind;

/* One block of an item's body. Every block keeps its source offset (off: where it starts, for
 * messages) and its texts keep one per character. */
typedef struct {
    jb_block_kind kind;
    int level;      /* head: 1-3; list item: depth from 1; else 0 */
    jb_text text;   /* paragraph, head, list item, note, signature: its text */
    jb_text aux;    /* list item: its marker; signature: its date; else empty */
    jb_table table; /* JB_BLOCK_TABLE */
    jb_photo photo; /* JB_BLOCK_PHOTO */
    uint32_t off;
} jb_block;

/* One item of an issue: an article with its title, subtitle, byline or source, and body. */
typedef struct {
    jb_text title;
    jb_text subtitle;
    jb_text byline;   /* names separated by single spaces */
    jb_text origin;   /* the `source` field: where the article comes from */
    jb_text category; /* the article's category (栏目), from import or front matter; not printed */
    jb_block *blocks; /* in reading order */
    size_t n_blocks, cap_blocks;
    jb_text suggested; /* a title suggested when it has none (suggest.h); not printed */
    jb_text editor_note; /* this item's 编者按 (the text after 编者按：), may be empty; the issue's
                            own note is jb_doc.editor_note */
} jb_item;

/* The masthead (版头) of an issue. */
typedef struct {
    jb_text name;      /* 简报 name, e.g. 关心下一代工作简报 */
    jb_text issue;     /* 期号, e.g. 第12期 */
    jb_text total;     /* 总期号, e.g. 总第128期 */
    jb_text special;   /* 增刊 / 专刊, empty for a regular issue */
    jb_text secrecy;   /* 密级 and its term (front matter `secrecy`), top left above the name */
    jb_text serial;    /* 份号 / 编号 */
    jb_text unit;      /* 编印单位 */
    jb_text date;      /* display form 2023年7月19日 (converted from YYYY-MM-DD) */
    char date_iso[16]; /* YYYY-MM-DD when known, else "" */
} jb_masthead;

/* Distribution rows of the 报尾 (报/送/发), each optional. */
enum { JB_DIST_BAO, JB_DIST_SONG, JB_DIST_FA, JB_DIST_COUNT };

/* The 报尾: distribution rows (报/送/发), 本期增发, 印数, and its last row, 印发 (GB/T 9704 7.4.3):
 * the 印发机关 at the left, the 印发日期 and 印发 at the right. */
typedef struct {
    jb_text dist[JB_DIST_COUNT];
    jb_text extra;    /* 本期增发 */
    jb_text copies;   /* 印数 as given, e.g. 200 */
    jb_text printer;  /* 印发机关, e.g. 县委办公室 */
    jb_text printed;  /* 印发日期 as given, e.g. 2026年7月3日 */
    jb_text approver; /* 签发人, set on the 印发 row after the 印发机关 */
} jb_colophon;

/* The 报尾's runs on the page (texts.h JB_TEXT_FOOT index): the rows JB_DIST_*, then the 印数
 * row, then the 印发 row's left (印发机关, 签发) and right (印发日期 印发) parts. */
enum {
    JB_FOOT_COPIES = JB_DIST_COUNT,
    JB_FOOT_PRINTER,
    JB_FOOT_PRINTED,
    JB_FOOT_EXTRA,
    JB_FOOT_RUNS
};

/* What condensing left out (condense.h): of the body's paragraphs (lead and sections) their
 * sentences and characters as read and those left out; the photos left out. */
typedef struct {
    size_t sentences, sentences_left_out;
    size_t chars, chars_left_out;
    size_t photos_left_out;
} jb_condense_count;

/* A brief: one issue of a 简报. Today's one-article brief is an issue of one item. */
typedef struct jb_doc {
    jb_masthead masthead;
    jb_text editor_note; /* 编者按, may be empty */
    jb_item *items;      /* at least one (jb_doc_new makes the first) */
    size_t n_items;
    jb_colophon colophon;
    int figures_off; /* front matter `figures: off` */
    int condensed;   /* shortened by jb_condense_apply: the page marks the title （摘编） */
    jb_condense_count condense_count; /* what condensing left out (all 0 when it did not run) */
    int contents; /* front matter `contents`: 0 none, else the 本期要目 under the 报头 under the
                     heading jb_contents_heads[contents - 1] (RULES.md §5.7) */
    int pages;    /* front matter `pages`: the most pages it may take (--pages wins); 0: unset */
} jb_doc;

/* The headings a contents box may carry (本期要目, 目录, 本期导读), NULL-terminated: front matter
 * `contents: yes` takes the first, `contents: 目录` names one. */
extern const char *const jb_contents_heads[];

/* A new empty document of one empty item; caller owns it, release with jb_doc_free. NULL when
 * out of memory. */
jb_doc *jb_doc_new(void);
void jb_doc_free(jb_doc *doc);

/* Appends a new empty item to the issue. Returns it (borrowed; valid until the next item is
 * added), NULL when out of memory. */
jb_item *jb_doc_add_item(jb_doc *doc);

/* Makes room in t for one more code point (jb_text_push when full); 0, or -1 when out of memory. */
int jb_text_grow(jb_text *t);
/* Appends one code point to t; returns 0, or -1 when out of memory. Inline: texts are built a
 * character at a time. */
static inline int
jb_text_push(jb_text *t, uint32_t cp, uint32_t off, uint8_t mark)
{
    if (t->n == t->cap && jb_text_grow(t) != 0)
        return -1;
    t->cps[t->n] = cp;
    t->offs[t->n] = off;
    t->marks[t->n] = mark;
    t->n++;
    return 0;
}
/* Appends the UTF-8 string s (well-formed), each character at offset off + its byte index. */
int jb_text_push_utf8(jb_text *t, const char *s, size_t len, uint32_t off, uint8_t mark);
void jb_text_fini(jb_text *t);
/* The text as new UTF-8 (caller frees with free()); NULL when out of memory. */
char *jb_text_to_utf8(const jb_text *t);

/* Sets the masthead's date from "YYYY-MM-DD" (anything after the 10th character is ignored),
 * shown as 2023年7月19日 with every character at source offset off. 0, or -1 for no such date
 * (or out of memory: the date is then left empty). */
int jb_doc_set_date(jb_doc *doc, const char *ymd, uint32_t off);

/* ---- the front-matter fields: one table for parse, report, --meta, usage and serve ---- */

typedef enum {
    JB_FIELD_TEXT, /* a jb_text of the issue or of the first item */
    JB_FIELD_DATE, /* the masthead's date: YYYY-MM-DD, shown as 2023年7月19日 */
    JB_FIELD_DIST, /* the 报尾's distribution: a mapping of 报, 送, 发 to recipients */
    JB_FIELD_FLAG, /* figures: auto or off; contents: yes or no */
    JB_FIELD_PAGES /* pages: the most pages the issue may take, 1 to 8 */
} jb_field_kind;

typedef struct {
    const char *key;    /* the front-matter key */
    jb_field_kind kind; /* … */
    int item;           /* TEXT: a field of the item (else of the issue) */
    size_t field;       /* TEXT: offsetof its jb_text in jb_item or jb_doc */
    int meta;           /* --meta (and serve's form) may set it */
    const char *what;   /* what it is, one line (usage, docs) */
} jb_field;

/* The fields, in the order the page shows them (report.c writes them so); never more than
 * JB_FIELDS_MAX (serve sizes its form by it). */
#define JB_FIELDS_MAX 24
extern const jb_field jb_fields[];
extern const size_t jb_n_fields;
/* The field named key, or NULL. */
const jb_field *jb_field_find(const char *key);
/* The jb_text of a TEXT field f in doc (borrowed). */
const jb_text *jb_field_text(const jb_doc *doc, const jb_field *f);
/* "masthead, issue, …" (with meta, only those --meta takes) into out. */
void jb_field_list(int meta, char *out, size_t size);

/* The text field of a plain front-matter key (title, byline, source, category, masthead, issue,
 * unit, copies, secrecy; the item ones of the first item), or NULL for another key. Borrowed
 * from doc. */
jb_text *jb_doc_field(jb_doc *doc, const char *key);

/* Sets the front-matter field key (title, byline, source, date, category, masthead, issue, unit,
 * copies, or a 报尾 row: distribution.报, distribution.送, distribution.发) to the UTF-8 value, as
 * --meta does. 0; -1 for an unknown key; -2 for a date that is
 * not YYYY-MM-DD; -3 when out of memory. */
int jb_doc_set_field(jb_doc *doc, const char *key, const char *value);

/* ---- blocks ---- */

/* Appends a new empty block of kind at source offset off to the item's body. Returns it
 * (borrowed; valid until the next block is added or removed), NULL when out of memory. */
jb_block *jb_item_add_block(jb_item *it, jb_block_kind kind, uint32_t off);
/* Removes block i (releasing what it holds); later blocks move down. */
void jb_item_remove_block(jb_item *it, size_t i);

/* Appends a row to a table block's table; returns it (valid until the next row), NULL when out
 * of memory. */
jb_row *jb_table_add_row(jb_table *t, int header);
/* Appends a cell spanning rowspan x colspan (0 is taken as 1) to row r of t; returns it (valid
 * until the next cell of the row), NULL when out of memory. Keeps t->n_cols. */
jb_cell *jb_table_add_cell(jb_table *t, jb_row *r, unsigned rowspan, unsigned colspan,
                           uint32_t off);
/* Merges cells as a spreadsheet pastes merged ones (the text, then empty cells) and as a GFM or
 * tab-separated table writes them: a first header row of empty cells only is dropped (the table
 * has no header row); in the header rows an empty cell after a filled one joins it
 * (colspan); the row after a one-row header with such a merge is a second header row when it is
 * empty exactly under the unmerged cells, which then span both rows. Then a body cell reading
 * ^^ joins the cell above it (rowspan; docs/FORMAT.md "Tables"). Keeps t->n_cols. */
void jb_table_merge_header(jb_table *t);

/* Does s[0..len) read as a table pasted as text: two or more lines, each cut by sep ('\t' from a
 * spreadsheet or a Word form, '|' as Markdown-like lines) into two or more cells, the same number
 * in every '|' line? The number of columns (the most cells of a line), or 0. A '|' line's outer
 * bars are no separators; a `|---|` row counts not. */
size_t jb_table_delimited_cols(const char *s, size_t len, char sep);
/* Reads such lines (UTF-8 at source offset off) into the empty table t: cells trimmed of blanks,
 * the first row the header, or the rows above the first `|---|` row (which is dropped); tab rows
 * of unequal cells (a form) have no header, a short row's last cell spanning the columns it
 * lacks; then jb_table_merge_header. 0, or -1 when out of memory. */
int jb_table_read_delimited(jb_table *t, const char *s, size_t len, uint32_t off, char sep);

/* The article view of an item, as the one-article page sets it: the lead (the paragraphs
 * before the first head), the sections (a head of any level and the paragraphs up to the
 * next), the photos in reading order. Each walks the blocks; the pointers are borrowed from it
 * and valid until a block is added or removed. Indices past the end give 0 or NULL. */
size_t jb_item_n_lead(const jb_item *it);
jb_text *jb_item_lead(const jb_item *it, size_t i);
size_t jb_item_n_sections(const jb_item *it);
jb_block *jb_item_head(const jb_item *it, size_t s); /* section s's head block */
size_t jb_item_n_paras(const jb_item *it, size_t s);
jb_text *jb_item_para(const jb_item *it, size_t s, size_t p);
size_t jb_item_n_photos(const jb_item *it);
jb_photo *jb_item_photo(const jb_item *it, size_t i);

/* The section (-1: the lead) block i belongs to, and the number of paragraphs of it before
 * block i, into *section and *para. */
void jb_item_place(const jb_item *it, size_t i, int *section, size_t *para);

/* Appends a photo block to the last item's body (where a reader adding blocks in order meets
 * it). ref is copied. Returns the photo (borrowed from doc, valid until the next block is added
 * or removed), NULL when out of memory. */
jb_photo *jb_doc_add_photo(jb_doc *doc, const char *ref, uint32_t off);

/* Decodes the photo's bytes (from memory: a .docx reader's image part) into p->img, named by
 * p->ref in messages, at the size fit asks for (NULL: full). Errors of jb_image_decode_fit. */
jb_status jb_doc_decode_photo(jb_photo *p, const unsigned char *bytes, size_t len,
                              const struct jb_image_fit *fit, jb_diag *d);

/* Reads and decodes every photo without an image yet from the folder of the report at
 * report_path (jb_image_load_fit: no URL, nothing outside that folder), photo i at fits[i] (fits
 * may be NULL: full size); a photo named twice is decoded once, at the first one's fit, and
 * shared. The first error, with the photo's line:col in src when
 * src is not NULL. */
jb_status jb_doc_load_photos(jb_doc *doc, const char *report_path, const struct jb_source *src,
                             const struct jb_image_fit *fits, jb_diag *d);

/* The number of photos of all items, and photo i of them in reading order (NULL past the end). */
size_t jb_doc_n_photos(const jb_doc *doc);
jb_photo *jb_doc_photo(const jb_doc *doc, size_t i);

/* Removes photo i of jb_doc_photo's order (releasing it, and its block). */
void jb_doc_drop_photo(jb_doc *doc, size_t i);

/* Calls fn on every text of the document: the masthead, the first item's title, byline and
 * source, the 报尾, the category, then the 编者按 and each item's other fields and blocks in
 * reading order (a photo's caption at its place). */
void jb_doc_each_text(jb_doc *doc, void (*fn)(jb_text *t, void *ud), void *ud);

#endif
