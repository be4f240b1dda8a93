/* import_int — what the files of import share (private to import*.c):
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

/* ---- import_heads.c: the section-head patterns (§7.3) ---- */
enum { P1, P2, P3, P4, P5, P6, P7, P8, P9, N_PATTERNS };
/* The pattern's name for jb_import_info ("P2 一是"). */
const char *jb_imp_pattern_name(int p);
/* The head length of t under pattern p (0: not a head); *alone: the whole line is the head. */
size_t jb_imp_head_of(int p, const jb_text *t, int *alone);
/* Marks is_head[i] for the paragraphs heading a section under pattern p; returns how many. */
size_t jb_imp_mark_heads(int p, rline **paras, size_t n, uint8_t *is_head);
/* A section head of an explicit pattern (P2–P8): never the title. */
int jb_imp_is_numbered_head(const jb_text *t);
/* Is t a head of pattern p on a line of its own (no more than a heading line)? */
int jb_imp_head_alone(int p, const jb_text *t);

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

/* ---- import_issue_lines.c: single lines of a pasted issue (RULES §7.8) ---- */
#define MASTHEAD_LINES   8  /* the 报头 is in the first lines */
#define NAME_MAX_CHARS   25 /* a 简报's name is short */
#define CONTENTS_MAX     12 /* a 本期要目 lists a few items */
#define ENTRY_MIN        4  /* an entry is a title, not a word … */
#define ENTRY_MAX        50 /* … nor a paragraph */
#define SOURCE_MAX       30 /* the unit in （XX供稿） */
#define COLOPHON_MAX     12 /* 报尾 lines read from the end */
#define ITEM_TITLE_SLACK 10 /* a title matched against the contents may be this much longer */
#define NOTE_LINES       4  /* an 编者按 of up to this many paragraphs before an item's title */

/* ◆ ■ ★ … before a contents entry or an item's title. */
int jb_imp_is_bullet(uint32_t c);
/* The 简报's name (XX简报 XX动态 …, maybe （增刊）): 1 with it in mh, 0, -1 out of memory. */
int jb_imp_name_line(const jb_text *t, jb_masthead *mh);
/* 密级 and 编号 above the name: 1 with them in mh, 0, -1. */
int jb_imp_secrecy_line(const jb_text *t, jb_masthead *mh);
/* A line of 期号, unit and date parts only: 1 with them in scratch's masthead (found set by a
 * 期号, 总期号 or 增刊), 0, -1. */
int jb_imp_masthead_line(const jb_text *t, jb_doc *scratch, int *issue_found);
/* Releases a masthead's texts read here. */
void jb_imp_masthead_fini(jb_masthead *mh);
/* Where an 编者按's text starts, or 0 for no 编者按 line. */
size_t jb_imp_note_start(const jb_text *t);
/* A source line (（XX供稿） …): 1 with the unit's range in *va, *vb. */
int jb_imp_source_line(const jb_text *t, size_t *va, size_t *vb);
/* A 报尾 line: 1 read into doc's 报尾 (or masthead unit and date), 0, -1. */
int jb_imp_colophon_line(jb_doc *doc, const jb_text *t);
/* 本期要目 目录 本期导读 … alone. */
int jb_imp_contents_head(const jb_text *t);
/* A contents entry's title without its marker, leaders and page number: 1 with its range. */
int jb_imp_entry_text(const jb_text *t, size_t *ea, size_t *eb);
/* The letters, digits and Han of t[a..b) into out (at most cap); their number. */
size_t jb_imp_canon(const jb_text *t, size_t a, size_t b, uint32_t *out, size_t cap);
/* Does line t read as the contents entry e[0..m) (canonical)? */
int jb_imp_matches_entry(const jb_text *t, const uint32_t *e, size_t m);
/* Body text (RULES §7.2). */
int jb_imp_body_like(const jb_text *t);

/* ---- import_issue.c: a whole issue pasted as text (RULES §7.8) ---- */
typedef struct {
    jb_masthead mh;        /* the 报头 read, set over what the items' own lines give */
    int found;             /* a 报头 or a 本期要目 was found */
    size_t after_masthead; /* the line after the 报头 */
    size_t n_entries;      /* entries of the 本期要目 */
    size_t n_items;        /* items found, made in the document with their 编者按 and source
                              (0: the rest is read as one article) */
    size_t *starts;        /* item k's title line among the lines left */
} jb_imp_issue;
/* Reads a pasted issue's 报头, 本期要目, 编者按, sources and 报尾 from paras[0..*n) into is and
 * doc, marking the lines read, and finds the items' titles; paras is compacted to the lines
 * still to read (*n). 0, or -1 out of memory. Release with jb_imp_issue_fini. */
int jb_imp_find_issue(jb_imp_issue *is, jb_doc *doc, rline **paras, size_t *n);
/* Sets the 报头 read into doc's masthead (moved out of is), over what was there. */
void jb_imp_issue_apply(jb_imp_issue *is, jb_doc *doc);
void jb_imp_issue_fini(jb_imp_issue *is);
/* import.c's title test (RULES §7.2 title candidate), and its test of a field after a title
 * (metadata, a date, English metadata, a byline). */
int jb_imp_title_candidate(const jb_text *t);
int jb_imp_is_field(const jb_text *t);

#endif
