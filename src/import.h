/* import — finds the structure of a raw article pasted from a website or a document (RULES.md
 * §7): drops navigation and site boilerplate, finds title, metadata, byline, lead and the emphasis
 * sections, and builds the same document model a report file gives. */
#ifndef JB_IMPORT_H
#define JB_IMPORT_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "source.h"

/* Why a line was left out. */
typedef enum {
    JB_DROP_NAVIGATION, /* a menu bullet or breadcrumb at the top (§7.2) */
    JB_DROP_TAIL,       /* the site's notices and everything after them (§7.4) */
    JB_DROP_SNIPPET,    /* a related-article snippet (… at the start) or a bare timestamp */
    JB_DROP_STRAY       /* a short line between the title and the lead that is no field */
} jb_drop_reason;

typedef struct {
    int line; /* 1-based line of the source */
    jb_drop_reason reason;
} jb_dropped;

/* What import found, for --verbose and inspect. */
typedef struct {
    jb_dropped *dropped; /* in line order */
    size_t n_dropped;
    const char
        *pattern; /* the section-head pattern (§7.3): "P1 parallel lead phrase", …; or NULL */
} jb_import_info;

/* Is src a raw article rather than a report file? A report starts with front matter (---) or has
 * `## ` section heads. */
int jb_import_is_raw(const jb_source *src);

/* Builds a document from the raw article src. Texts keep offsets into src. Fails with
 * JB_ERR_FORMAT when no title or no body text is found. *out (release with jb_doc_free) and info
 * (release with jb_import_info_fini) belong to the caller. */
jb_status jb_import(const jb_source *src, jb_doc **out, jb_import_info *info, jb_diag *d);

void jb_import_info_fini(jb_import_info *info);

/* A short name for a drop reason ("navigation", "tail", "snippet", "stray"). */
const char *jb_drop_reason_name(jb_drop_reason r);

#endif
