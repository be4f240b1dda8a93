/* doc — the document model of one report: front matter fields, lead, sections with their lead
 * phrase and paragraphs, each text a code-point array with per-character marks and source offsets.
 */
#ifndef JB_DOC_H
#define JB_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct jb_image;
struct jb_source;

/* Per-character marks. */
enum {
    JB_MARK_FIGURE = 1, /* part of a key figure (found by jb_figures_mark or forced) */
    JB_MARK_FORCED = 2, /* inside explicit **…** markup: a figure whatever the rules say */
    JB_MARK_NOFIG = 4,  /* inside `…` markup: never part of a figure */
    JB_MARK_HEAD = 8,   /* a section's lead phrase (set by the layout, for its colour) */
};

/* A run of text. offs[i] is the byte offset in the source of cps[i] (for line:col in messages). */
typedef struct {
    uint32_t *cps;
    uint32_t *offs;
    uint8_t *marks;
    size_t n;
    size_t cap;
} jb_text;

typedef struct {
    jb_text head;   /* the section's lead phrase, e.g. 重阵地，关工组织遍地开花。 */
    jb_text *paras; /* its paragraphs; the head runs in before the first one */
    size_t n_paras;
    size_t head_off; /* source offset of the heading line */
} jb_section;

/* Distribution rows of the 报尾 (报/送/发), each optional. */
enum { JB_DIST_BAO, JB_DIST_SONG, JB_DIST_FA, JB_DIST_COUNT };

/* A photo between paragraphs (docs/FORMAT.md, "Photos"): it stands after the first `after`
 * paragraphs of its section (section -1: of the lead). Photos are kept in reading order; two
 * with the same place are consecutive (set side by side). */
typedef struct {
    int section;
    size_t after;
    jb_text caption;      /* may be empty */
    char *ref;            /* the file as the report names it (UTF-8), or the name inside a .docx */
    uint32_t off;         /* source offset of the ![…](…), for messages */
    struct jb_image *img; /* decoded (owned); NULL until jb_doc_load_photos or _decode_photo */
} jb_photo;

typedef struct jb_doc {
    jb_text title;
    jb_text byline;   /* names separated by single spaces */
    jb_text origin;   /* the `source` field: where the article comes from */
    jb_text masthead; /* 简报 name, e.g. 关心下一代工作简报 */
    jb_text issue;    /* 期号, e.g. 第12期 */
    jb_text unit;     /* 编印单位 */
    jb_text classification; /* 密级 (秘密, 内部资料 注意保存 …), top left above the name; "" none */
    jb_text date;      /* display form 2023年7月19日 (converted from YYYY-MM-DD) */
    char date_iso[16]; /* YYYY-MM-DD when known, else "" */
    jb_text category; /* the article's category (栏目), from import or front matter; not printed */
    jb_text dist[JB_DIST_COUNT];
    jb_text copies;  /* 印数 as given, e.g. 200 */
    int figures_off; /* front matter `figures: off` */
    int condensed;   /* shortened by jb_doc_condense: the page marks the title （摘编） */
    jb_text *lead;   /* lead paragraphs (before the first section) */
    size_t n_lead;
    jb_section *sections;
    size_t n_sections;
    jb_photo *photos; /* in reading order */
    size_t n_photos;
} jb_doc;

/* A new empty document; caller owns it, release with jb_doc_free. NULL when out of memory. */
jb_doc *jb_doc_new(void);
void jb_doc_free(jb_doc *doc);

/* Appends one code point to t; returns 0, or -1 when out of memory. */
int jb_text_push(jb_text *t, uint32_t cp, uint32_t off, uint8_t mark);
/* Appends the UTF-8 string s (well-formed), each character at offset off + its byte index. */
int jb_text_push_utf8(jb_text *t, const char *s, size_t len, uint32_t off, uint8_t mark);
void jb_text_fini(jb_text *t);
/* The text as new UTF-8 (caller frees with free()); NULL when out of memory. */
char *jb_text_to_utf8(const jb_text *t);

/* Sets doc->date from "YYYY-MM-DD" (anything after the 10th character is ignored), shown as
 * 2023年7月19日 with every character at source offset off. 0, or -1 for no such date (or out of
 * memory: the date is then left empty). */
int jb_doc_set_date(jb_doc *doc, const char *ymd, uint32_t off);

/* Appends a new empty text to the array *arr of *n texts (which may move: the old pointer is
 * dead); returns it, or NULL when out of memory. */
jb_text *jb_text_array_add(jb_text **arr, size_t *n);

/* The text field of a plain front-matter key (title, byline, source, category, masthead, issue,
 * unit, copies), or NULL for another key. Borrowed from doc. */
jb_text *jb_doc_field(jb_doc *doc, const char *key);

/* Sets the front-matter field key (title, byline, source, date, category, masthead, issue, unit,
 * copies, or a 报尾 row: distribution.报, distribution.送, distribution.发) to the UTF-8 value, as
 * --meta does. 0; -1 for an unknown key; -2 for a date that is
 * not YYYY-MM-DD; -3 when out of memory. */
int jb_doc_set_field(jb_doc *doc, const char *key, const char *value);

/* Condenses doc for a page it does not fit (RULES.md §5.5 (b)) and sets doc->condensed when it
 * left anything out: the lead stays whole; a
 * section keeps its lead phrase and the sentences of its paragraphs that hold a key figure (its
 * first sentence when none does). Sentences end after 。！？； and the closing marks that follow.
 * Returns the number of sentences dropped and, in dropped_offs (room for max), the source
 * offsets of the first ones. */
size_t jb_doc_condense(jb_doc *doc, uint32_t *dropped_offs, size_t max);

/* Appends a photo at the current end of the body: after the paragraphs the lead (no section
 * yet) or the last section holds so far, which is where a reader adding paragraphs in order
 * meets it. ref is copied. Returns the photo (borrowed from doc, valid until the next photo is
 * added or dropped), NULL when out of memory. */
jb_photo *jb_doc_add_photo(jb_doc *doc, const char *ref, uint32_t off);

/* Decodes the photo's bytes (from memory: a .docx reader's image part) into p->img, named by
 * p->ref in messages. Errors of jb_image_decode. */
jb_status jb_doc_decode_photo(jb_photo *p, const unsigned char *bytes, size_t len, jb_diag *d);

/* Reads and decodes every photo without an image yet from the folder of the report at
 * report_path (jb_image_load: no URL, nothing outside that folder). The first error, with the
 * photo's line:col in src when src is not NULL. */
jb_status jb_doc_load_photos(jb_doc *doc, const char *report_path, const struct jb_source *src,
                             jb_diag *d);

/* Removes photo i (releasing it); later photos move down. */
void jb_doc_drop_photo(jb_doc *doc, size_t i);

/* Calls fn on every text of the document in reading order (front matter, lead, sections), then
 * the photos' captions. */
void jb_doc_each_text(jb_doc *doc, void (*fn)(jb_text *t, void *ud), void *ud);

#endif
