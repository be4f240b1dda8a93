/* import_int — what the two files of import share (private to import.c and import_lines.c):
 * the sizes of the structure rules, the article's lines, the small text tests. */
#ifndef JB_IMPORT_INT_H
#define JB_IMPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"

/* Sizes of the structure rules (§7.2, §7.3), in characters unless stated. */
#define NAV_LINES    5  /* navigation is looked for only in the first lines of the page */
#define NAV_ITEM_MAX 10 /* a menu item (• 国内) is one short word */
#define TITLE_MIN    6  /* a title is a phrase, not a word (国内) ... */
#define TITLE_MAX    40 /* ... nor a paragraph */
#define BYLINE_MAX   30 /* a byline is a few names */
#define NAME_MIN     2  /* Han personal names have 2–4 characters */
#define NAME_MAX     4
#define NAMES_MAX    6  /* more names than this are a list, not a byline */
#define LEAD_MIN     40 /* the lead is the first paragraph at least this long */
/* A run-in head ends at its first 。 only if that is this near (P1, P2, P6, P7; P3–P5) */
#define HEAD_SENTENCE          25
#define HEAD_SENTENCE_NUMBERED 30
#define HEAD_LINE_MAX          30 /* a heading line of its own (一、基本情况) is at most this long */
#define P1_CLAUSE_MIN          2 /* P1: the parallel first clause (重阵地，) has 2–6 Han characters */
#define P1_CLAUSE_MAX          6
#define P8_INNER_MIN           2 /* P8: a 【…】 lead holds 2–20 characters */
#define P8_INNER_MAX           20
#define P9_LABEL_MIN           2 /* P9: a colon lead (聚焦阵地：) has its colon within 2–12 characters */
#define P9_LABEL_MAX           12
#define RUN_MIN                3  /* P1 and P9 need a run of this many paragraphs (weak patterns) */
#define MARKED_MIN             2  /* the explicit patterns need this many heads */
#define ISO_DATE_LEN           10 /* YYYY-MM-DD */
#define CHROME_MAX             20 /* share/print chrome (分享到：微信 微博) is a short line */
#define SITE_NAME_MAX          15 /* a site's name above the title (南城县人民政府网) */
#define MENU_WORDS_MIN         3  /* a row of this many spaced 2–4-character words is a menu */
#define TITLE_LOOKAHEAD        3  /* a title is followed within this many lines by its fields */

/* A string of a number macro's value, for messages. */
#define STR2(x) #x
#define STR(x)  STR2(x)

/* One non-empty line of the article: its characters, trimmed, with their source offsets. */
typedef struct {
    jb_text t;
    int line;
    int drop;  /* -1, or the jb_drop_reason it was left out for */
    int table; /* 1: the first line of a table pasted as text, whose lines run to table_end;
                  2: a later line of one (RULES §9.1) */
    size_t table_end;
    char table_sep;
} rline;

/* ---- import_lines.c: §7.2 and §7.4, what is not the article; metadata, title, byline ---- */
int jb_imp_copy_range(jb_text *dst, const jb_text *src, size_t a, size_t b);
size_t jb_imp_count_chars(const jb_text *t);
int jb_imp_has_han(const jb_text *t);
int jb_imp_is_breadcrumb(const jb_text *t);
int jb_imp_is_metadata(const jb_text *t);
int jb_imp_is_navigation(const rline *l);
int jb_imp_is_share_chrome(const jb_text *t);
int jb_imp_is_site_name(const jb_text *t);
/* A page's banner (欢迎访问…网站, …门户网站, …官网): page chrome, never the title. */
int jb_imp_is_banner(const jb_text *t);
/* A line of 1–3 digits alone (a page number). */
int jb_imp_is_page_number(const jb_text *t);
int jb_imp_is_snippet(const jb_text *t);
int jb_imp_is_tail_start(const jb_text *t, jb_drop_reason *reason);
int jb_imp_is_timestamp(const jb_text *t);
int jb_imp_is_title(const jb_text *t);
size_t jb_imp_lead_credit(const jb_text *t);
int jb_imp_read_byline(jb_text *byline, const jb_text *t);
int jb_imp_read_date_line(jb_doc *doc, const jb_text *t);
int jb_imp_read_latin_metadata(jb_doc *doc, const jb_text *t);
int jb_imp_read_metadata(jb_doc *doc, const jb_text *t, const jb_source *src, int *have_origin);
size_t jb_imp_role_at(const jb_text *t, size_t i);

/* ---- import_score.c: the weighed choices (§7.9) ---- */
enum { JB_IMP_CANDIDATE = 1, JB_IMP_FIELD = 2 }; /* what a line above the body could be */
/* One title candidate: its line's index, its score and the evidence for it ("a field on the
 * next line +6, 8-30 characters +2"). */
typedef struct {
    size_t at;
    int score;
    char why[160];
} jb_imp_title_choice;
/* The title among paras[0..body) (kind[k]: JB_IMP_CANDIDATE, JB_IMP_FIELD): the candidate of the
 * highest score, the first among equals; (size_t)-1 without a candidate. Every candidate's
 * choice into out (the first max), their number into *n_out. */
size_t jb_imp_pick_title(rline *const *paras, const uint8_t *kind, size_t body,
                         jb_imp_title_choice *out, size_t max, size_t *n_out);
/* A date candidate weighed (RULES.md §7.9): paras[at], its date YYYY-MM-DD, the source offset
 * of its first digit, its score and evidence. */
typedef struct {
    size_t at;
    char ymd[16];
    size_t off;
    int score;
    char why[128]; /* with the date before it, fits jb_import_title's */
} jb_imp_date_choice;
/* The date among paras[0..body), title (or (size_t)-1) the title's index: every line holding a
 * date (a 发布时间/日期 field, a date line) weighed; the index in out of the highest score, the
 * first among equals, or (size_t)-1 without one. The candidates into out (at most max), their
 * number into *n_out. */
size_t jb_imp_pick_date(rline *const *paras, size_t body, size_t title, jb_imp_date_choice *out,
                        size_t max, size_t *n_out);
/* The source (§7.9): last, the article's last line, a closing （X供稿） or （供稿：X） (+5),
 * against origin as the metadata gave it (本文转自 when have_origin +6, else 来源 +4; −3 ending in
 * a site word). The candidates into out (*n_out: 0 when last is no credit), the chosen one marked;
 * 1 when the credit wins, X's range in last->t in [*a, *b); else 0. */
int jb_imp_pick_source(const rline *last, const jb_text *origin, int have_origin,
                       const jb_source *src, jb_import_title out[2], size_t *n_out, size_t *a,
                       size_t *b);
/* The length of the surname of the table t[i] starts with (1, 2 for a compound one), or 0: a
 * byline without a role word has only names that start with one. */
size_t jb_imp_surname_at(const jb_text *t, size_t i);

/* ---- import_closing.c: the closing blocks (§7.2) ---- */
enum { JB_IMP_BODY, JB_IMP_ANNEX, JB_IMP_SIGNER, JB_IMP_SIGNED }; /* a closing line's part */

/* A distribution line (报送：… 抄送：… 分送：…) read into the 报尾's row (报, 送, 发) when that row
 * is empty, or a 印发 row's line (印发：X, 签发：X, X 2026年7月3日印发) into its fields. 1 when
 * read, 0 when t is none, -1 when out of memory. */
int jb_imp_read_distribution(jb_doc *doc, const jb_text *t);

/* ---- import.c ---- */
int jb_imp_any_prefix(const jb_text *t, const char *const *list);
int jb_imp_ends_with(const jb_text *t, const char *w);
size_t jb_imp_find_any(const jb_text *t, size_t from, const uint32_t *set, size_t n_set);

#endif
