/* layout_issue_int — what the two halves of the issue's layout share (private to
 * layout_issue.c, which lays the issue out on pages, and layout_issue_emit.c, which draws them):
 * the paragraphs' kinds, the rows a page may break between, the state of one issue. */
#ifndef JB_LAYOUT_ISSUE_INT_H
#define JB_LAYOUT_ISSUE_INT_H

#include "layout_int.h"

/* What a paragraph of the issue is. */
enum { B_TEXT, B_TITLE, B_BYLINE, B_NOTE, B_TABLE, B_PHOTO };

typedef struct {
    int kind; /* B_* */
    int item;
    int head;    /* a head on a line of its own: two lines of its text stay with it */
    int lead;    /* a lead paragraph (before the item's first head) */
    double size; /* a title's size: the layout's, smaller when it needs more than two lines */
    size_t brk;  /* a title's break (RULES.md §5.4.1): 0 one line, else its lower line's first
                    character; TITLE_NONE: broken as a paragraph (no two lines hold it) */
} binfo;

/* Vertical rows at a trial size, each kept whole on one page. */
typedef struct {
    double h;    /* its height with the room above it, pt */
    double gap;  /* the room above it, dropped when it opens a page */
    double pre;  /* room above its content below that gap, kept at a page's top */
    double more; /* added when it opens a page: a table's header rows repeated, and room */
    int snap;    /* the last row of a table: the rows after it back on the body's grid */
    int opened;  /* it opens its page */
    int brk;     /* a page may break before it */
    int para;    /* its paragraph in L->paras; -1: the 报尾 */
    int line;    /* its line in the paragraph */
    int rule;    /* a section's accent rule (the row is its line) */
    int page;    /* decided by paginate */
    double y;    /* its top below its page's body top */
    int dropped; /* it opens a page: its gap dropped */
} row;

typedef struct {
    lay *L;
    binfo *info;          /* per paragraph of L->paras */
    run *byline, *source; /* per item */
    run chead;            /* 本期要目 */
    run *centry;          /* per item: its title in the contents */
    int contents;
    run folio[JB_PAGES_MAX + 1], pagenum[JB_PAGES_MAX + 1];
    size_t n_items;
    double title_pt;
    double room;    /* taken from every page's text block for the page numbers (several pages) */
    double pitch;   /* the body's at the size tried */
    double leading; /* the body's: the layout's, opened up on a one-page issue (RULES.md §5.7) */
    row *rows;
    size_t n_rows, cap_rows;
    int n_pages;
    /* layout_issue_space.c: the room above the first item, and the spare height's shares */
    double first;      /* the first page's height for the rows, at the size tried */
    double top_room;   /* above the first 编者按 or title, under the rule or the 本期要目 */
    double top_share;  /* of the spare height (one page), above the first item */
    double item_share; /* of the spare height (one page), between items: 0 or a whole line */
} issue;

/* The 编者按's indent on each side, in em of the body size (RULES.md §5.7). */
#define NOTE_INDENT 2

/* The room the page numbers take from the foot of every page's text block (several pages). */
double jb_issue_folio_room(const jb_spec *s);
/* The 本期要目's height at body size (0 without one). */
double jb_issue_contents_height(const issue *I, double size);
/* The room above the first 编者按 or title at body size (rows_at's rows made): a body line. */
double jb_issue_top_room(const issue *I, double size);
/* On one page, shares the spare height (I->first less the rows) as top_share and item_share. */
void jb_issue_share(issue *I);
/* How much lower than its y row i is drawn: the room and shares above it (its page the first). */
double jb_issue_shift(const issue *I, size_t i);
/* Draws the issue onto L->page from the fit's decisions and rows (layout_issue.c). */
jb_status jb_issue_emit(issue *I);

#endif
