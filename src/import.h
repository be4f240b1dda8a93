/* import — finds the structure of a raw article pasted from a website or a document (RULES.md
 * §7): drops navigation and site boilerplate, finds title, metadata, byline, lead and the emphasis
 * sections, and builds the same document model a report file gives. */
#ifndef JB_IMPORT_H
#define JB_IMPORT_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "source.h"

/* Why a line was left out (or, for JB_DROP_METADATA and JB_DROP_DATE, read but not printed as
 * written). */
typedef enum {
    JB_DROP_NAVIGATION, /* a menu bullet at the top (§7.2) */
    JB_DROP_TAIL,       /* the site's notices and everything after them (§7.4) */
    JB_DROP_SNIPPET,    /* a related-article snippet (… at the start) or a bare timestamp */
    JB_DROP_STRAY,      /* a short line before the title that is no field */
    JB_DROP_BREADCRUMB, /* 首页 > 国内 >, or a row of spaced menu words */
    JB_DROP_SHARE,      /* share, print, font-size and comment chrome (分享到 打印 字号) */
    JB_DROP_METADATA,   /* a metadata line, read into the header (date, source, category) */
    JB_DROP_DATE,       /* a date line, read as the date */
    JB_DROP_EDITOR,     /* an editor's line (责任编辑 X), starting the tail */
    JB_DROP_CHROME,     /* the site's name or a page word above the title */
    JB_DROP_CREDIT,     /* a credit line (（记者 X）) read as the byline */
    JB_DROP_COLOPHON, /* a distribution line (报送：… 抄送：…) read into the 报尾's rows */
    JB_DROP_SOURCE, /* a source credit at the end (（县关工委供稿）) read as the source */
    JB_DROP_COUNT
} jb_drop_reason;

typedef struct {
    int line; /* 1-based line of the source */
    jb_drop_reason reason;
    size_t off; /* source offset of its first character */
} jb_dropped;

/* A title candidate weighed (RULES.md §7.9): its line, score and evidence, whether it won. */
typedef struct {
    int line;
    int score;
    int chosen;
    char why[160]; /* "a field on the next line +6, 8-30 characters +2, …" */
} jb_import_title;

/* What import found, for --verbose and inspect. */
typedef struct {
    jb_dropped *dropped; /* in line order */
    size_t n_dropped, cap_dropped;
    const char
        *pattern; /* the section-head pattern (§7.3): "P1 parallel lead phrase", …; or NULL */
    /* the title's candidates as weighed (§7.9), in line order; the title the one chosen */
    jb_import_title *titles;
    size_t n_titles;
    /* the date's candidates as weighed (§7.9), in line order: why opens with the date */
    jb_import_title *dates;
    size_t n_dates;
    /* the source's candidates as weighed (§7.9): a metadata 来源 and a closing （…供稿）, why
     * opening with the source */
    jb_import_title sources[2];
    size_t n_sources;
} jb_import_info;

/* Is src a raw article rather than a report file? A report starts with front matter (---), has
 * `## ` section heads, or opens with a `# ` title line. */
int jb_import_is_raw(const jb_source *src);

/* Builds a document from the raw article src. Texts keep offsets into src. Fails with
 * JB_ERR_FORMAT when no title (naming --meta title=…) or no body text is found. *out (release
 * with jb_doc_free) and info (release with jb_import_info_fini) belong to the caller. */
jb_status jb_import(const jb_source *src, jb_doc **out, jb_import_info *info, jb_diag *d);

/* jb_import for a caller that sets the title itself (--meta title=…): with have_title an article
 * without a title line is read as body text from its first paragraph. */
jb_status jb_import_titled(const jb_source *src, int have_title, jb_doc **out, jb_import_info *info,
                           jb_diag *d);

void jb_import_info_fini(jb_import_info *info);

/* The closing blocks of any document, as every reader's model gets them (RULES.md §7.2): among
 * the last item's trailing paragraphs, the signature last — a unit's line (2–25 characters, no
 * 。，；) above a date line alone becomes a signature block with the date as its aux, a line of
 * 整理：… 审核：… (a credit word and a colon, ≤ 40 characters) one without — and above it the
 * 附件 lines (附件：1. … within the last 8, and the numbered lines after it) note blocks. 0, or
 * -1 when out of memory (the document unchanged). */
int jb_import_closing(jb_doc *doc);

/* A short name for a drop reason ("navigation", "site tail", "snippet", "breadcrumb", …). */
const char *jb_drop_reason_name(jb_drop_reason r);
/* A stable code for r, for programs to key their own words by ("tail", "metadata", …). */
const char *jb_drop_reason_code(jb_drop_reason r);

#endif
