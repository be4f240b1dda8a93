/* parse_int — what the two halves of the report parser share: the parse context, its error
 * helpers and the front matter's entry point (parse.c reads the body, parse_front.c the YAML). */
#ifndef JB_PARSE_INT_H
#define JB_PARSE_INT_H

#include <stddef.h>

#include "doc.h"
#include "source.h"

typedef struct {
    const jb_source *src;
    jb_doc *doc;
    jb_diag *d;
    size_t body_off;   /* source offset of the Markdown body */
    size_t yaml_line0; /* 0-based source line where the YAML text starts */
    jb_text *cur;      /* text receiving characters, NULL outside paragraphs and headings */
    int strong;        /* depth of ** spans */
    const char *bad;   /* name of an unsupported block we are inside */
    int title_from_h1;
    int photo_para;  /* the paragraph holds photos only (it is no paragraph) */
    int in_para;     /* the last block is the paragraph being read */
    jb_photo *photo; /* inside ![…](…): its alt text is the caption */
    /* Markdown as people write it (docs/FORMAT.md "Markdown without front matter") */
    int plain;   /* no front matter: **…** is no forced figure, it may open a lead phrase */
    int n_lists; /* depth of the lists we are in */
    unsigned ol_next[8]; /* per depth: the next ordered item's number, 0 in a bullet list */
    char ol_delim[8];
    int li_fresh;      /* a list item opened: its first text goes to a new paragraph */
    int strong_at0;    /* the current ** span opened the paragraph */
    size_t strong_end; /* characters of the paragraph when that span closed (0: none) */
    int thead;         /* inside a GFM table's header */
    int title_depth;   /* without front matter: the depth of the heading read as the title */
    int quotes;        /* depth of the block quotes (>) we are in */
    size_t quote_from; /* the item's blocks when the outermost quote opened */
} parse_ctx;

/* The item being read: the last of the issue (docs/FORMAT.md "An issue of several items"). */
static inline jb_item *
jb_parse_item(const parse_ctx *c)
{
    return &c->doc->items[c->doc->n_items - 1];
}

/* Out of memory, said in c->d. */
jb_status jb_parse_nomem(parse_ctx *c);
/* A format error at source offset off ((size_t)-1: no place), said in c->d. */
jb_status jb_parse_format_error(parse_ctx *c, size_t off, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* ---- parse_items.c: an issue of several items (docs/FORMAT.md) ---- */
/* A `# ` line: opens a new item when the item being read has its title (taking a 编者按
 * paragraph last in it along as the new item's note); before the first item's title, a 编者按
 * paragraph alone becomes its note. 0, or -1 (c->d set). */
int jb_parse_heading_item(parse_ctx *c);
/* A paragraph b ended: when it is the first block of an item titled by a `# ` line and every
 * source line of it reads `byline: …` or `source: …` (作者：, 来源：), it sets those fields
 * and goes. 1 when it went, 0 when not, -1 (c->d set). */
int jb_parse_item_fields(parse_ctx *c, jb_block *b);
/* Without front matter, a block quote (>) just left whose blocks are it's from `from` on: when
 * they are paragraphs, the item has no 编者按 yet and the quote comes before any other block or
 * opens with 编者按：, they become its 编者按 (joined, without the label) and go. 0 or -1. */
int jb_parse_quote_note(jb_item *it, size_t from);
/* Does b open with 编者按：? */
int jb_parse_is_note(const jb_block *b);
/* Every item after the first has a title and body text. */
jb_status jb_parse_check_items(parse_ctx *c);
/* Reads the YAML front matter (len bytes at yaml) into c->doc. */
jb_status jb_parse_front_matter(parse_ctx *c, const char *yaml, size_t len);

#endif
