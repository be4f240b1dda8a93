/* docx_int — what the two files of the word module share (private to docx.c and docx_xml.c):
 * the strings they build, the zip under its limits, the XML helpers, Word's styles and
 * numbering. */
#ifndef JB_DOCX_INT_H
#define JB_DOCX_INT_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "buf.h"
#include "docx.h"
#include "utf8.h"

/* ---- growing strings: jb_buf (buf.h) ---- */

typedef jb_buf buf;

static inline void
buf_add(buf *b, const char *s, size_t n)
{
    jb_buf_put(b, s, n); /* a failure is remembered in b->fail */
}

static inline void
buf_str(buf *b, const char *s)
{
    jb_buf_puts(b, s);
}

static inline void
buf_cp(buf *b, uint32_t cp)
{
    char u[4];
    jb_buf_put(b, u, jb_utf8_encode(cp, u));
}

#define buf_fmt jb_buf_printf

#define HINT_LIMIT  JB_DOCX_HINT_LIMIT
#define HINT_RESAVE "open it in Word or LibreOffice and save it again as .docx"

typedef struct {
    zip_t *za;
    const char *name; /* for messages */
    size_t total;     /* bytes inflated so far */
} archive;

enum { ROLE_BODY, ROLE_TITLE, ROLE_SUBTITLE, ROLE_AUTHOR, ROLE_DATE, ROLE_CAPTION };

typedef struct {
    char *id, *based;
    int role;    /* ROLE_* by name */
    int heading; /* 1–9 by name or outline level, 0 none */
    int center;  /* -1 unset */
    int sz;      /* half-points, 0 unset */
    int bold;    /* -1 unset */
    int num_id;  /* -1 unset */
    int ilvl;    /* -1 unset */
    int vanish;
} style;

typedef struct {
    style *v;
    size_t n;
    int default_sz; /* half-points: docDefaults, then Normal */
} styles;

/* The style id, then its basedOn chain (at most 16 deep: a loop ends there). */
#define STYLE_CHAIN(s, id, st, depth)                                                              \
    for (const style *st = style_find(s, id); st && depth < 16;                                    \
         st = style_find(s, st->based), depth++)

typedef struct {
    int start, restart, legal, suff; /* suff: 0 tab, 1 space, 2 nothing */
    char fmt[40];
    char text[64];
} level;

typedef struct {
    int id;
    level lv[9];
} abstract_num;

typedef struct {
    int id, abs;
    int override[9]; /* start overrides, -1 none */
    int counter[9];
    int used[9];
} num;

typedef struct {
    abstract_num *a;
    size_t na;
    num *m;
    size_t nm;
} numbering;

/* ---- docx_xml.c ---- */
const char *attr(const xmlNode *n, const char *local);
const char *child_val(const xmlNode *n, const char *local);
int is_el(const xmlNode *n, const char *local);
int is_w(const xmlNode *n, const char *local);
jb_status load_xml(archive *a, const char *part, xmlDoc **out, jb_diag *d);
void number_text(numbering *nb, int num_id, int ilvl, buf *b, int *suff);
void numbering_fini(numbering *nb);
jb_status numbering_load(const xmlDoc *x, numbering *nb);
jb_status read_part(archive *a, const char *part, char **out, size_t *len, jb_diag *d);
void read_props(const xmlNode *ppr, const xmlNode *rpr, int *center, int *sz, int *bold,
                int *num_id, int *ilvl, int *outline, int *vanish);
const style *style_find(const styles *s, const char *id);
void styles_fini(styles *s);
jb_status styles_load(const xmlDoc *x, styles *s);
jb_status zip_fail(jb_diag *d, const char *name, int code);
const xmlNode *child(const xmlNode *n, const char *local);
/* pr's child local as a w:b-like toggle: 1 on, 0 off ("0"/"false"/"off"), -1 absent. */
int toggle(const xmlNode *pr, const char *local);

#define N_PROPS JB_DOCX_N_PROPS

/* ---- docx.c: the body's paragraphs ---- */

enum { PK_BODY, PK_TITLE, PK_SUBTITLE, PK_AUTHOR, PK_DATE, PK_HEADING, PK_CAPTION };

typedef struct {
    char *text;      /* UTF-8, one line */
    size_t bold_len; /* bytes of leading bold text (after the number) */
    int all_bold;
    int kind;  /* PK_* */
    int level; /* heading level */
    int center;
    int sz; /* largest run, half-points */
    int numbered;
    int table_row;   /* a table's row, its cells apart by tabs: 1 its first row, 2 a later one */
    int table_heads; /* on a table's first row: the header rows to write (walk_table; 0 none) */
} wpara;

typedef struct {
    const char *name;
    archive *ar;
    styles st;
    numbering nb;
    xmlDoc *rels;
    wpara *p;
    size_t n, cap;
    jb_docx_info *info;
    /* complex fields: nesting depth and, per level, whether the result is shown */
    int fdepth;
    int fshow[16];
    int fsep[16];
    buf finstr;
    /* the paragraph being read */
    buf cur;
    int cur_bold_open; /* still in the leading bold run */
    size_t cur_bold;
    int cur_any_plain;
    int cur_sz;
    int row;          /* inside a table cell: its paragraphs join into rowbuf */
    int row_text;     /* the table row being read has text */
    int row_plain;    /* and some of it is not bold */
    jb_diag img_diag; /* an image part that cannot be read is left out, not an error */
    buf rowbuf;
    int oom;
    jb_status err;
} reader;

/* ---- docx.c: the body's walk ---- */
/* Walks the block-level children of n (paragraphs, tables, content controls) into r. */
void walk_block(reader *r, const xmlNode *n);
/* A new paragraph at the end of r's (zeroed), NULL out of memory (r->oom set). */
wpara *para_add(reader *r);

/* ---- docx_table.c ---- */
/* An outer table as one paragraph a row (table_row, table_heads). */
void walk_table(reader *r, const xmlNode *tbl);

/* ---- docx_compose.c and docx.c ---- */
void compose(reader *r, char **vals, buf *out, int *structured);
int date_like(const char *s);
void read_custom(const xmlDoc *x, char **vals);
/* A date property that does not read as a date is dropped (vals[k] for JB_DOCX_PROP_KEYS). */
void drop_undated(char **vals);

#endif
