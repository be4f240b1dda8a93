/* manifest — reads a batch's manifest: plain lines (an input, optionally its PDF's file name),
 * JSON Lines (cJSON; one object a brief with its own front-matter fields) or CSV with a header
 * row (libcsv); every error names the manifest's file and line. */
#ifndef JB_MANIFEST_H
#define JB_MANIFEST_H

#include <stddef.h>

#include "diag.h"

/* What a manifest is written in. */
typedef enum {
    JB_MANIFEST_DETECT = 0, /* .jsonl/.ndjson/.json or a first line starting with {: JSON Lines;
                               .csv: CSV; else plain lines */
    JB_MANIFEST_LINES,      /* "INPUT [NAME.pdf]" a line; # comments */
    JB_MANIFEST_JSONL,      /* {"input": …, "output": …, "title": …} a line */
    JB_MANIFEST_CSV         /* a header row naming the columns (input, output, title, …) */
} jb_manifest_format;

/* One brief of a manifest. Strings are owned by the manifest. */
typedef struct {
    char *input;  /* the input's path; a relative one is made relative to the manifest's folder */
    char *name;   /* the PDF's file name (.pdf added later when missing); NULL: after the input */
    char *layout; /* the brief's layout file (relative: to the manifest's folder); NULL: the
                     batch's */
    int condense; /* -1: the batch's --condense; 0: off; 1: on */
    int pages;    /* the most pages the brief flows onto, 1 … 8; 0: the batch's --pages */
    char **meta;  /* front-matter fields as --meta takes them, "key=value", n_meta of them;
                     applied after the batch's --meta, so a brief's own field wins */
    size_t n_meta, cap_meta;
    int line;    /* the manifest line the brief starts on (1-based) */
    char **more; /* an issue of several inputs: those after input, in order (resolved as input
                    is); n_more of them (docs/FORMAT.md "Batches": a.md + b.md, ["a.md", "b.md"]) */
    size_t n_more, cap_more;
} jb_manifest_entry;

/* The briefs of a manifest, in file order. */
typedef struct {
    jb_manifest_entry *v;
    size_t n;
    jb_manifest_format format; /* what it was read as */
} jb_manifest;

/* Reads the manifest at path (format JB_MANIFEST_DETECT looks at its name and first line).
 * An issue of several inputs is `a.md + b.md + c.md [NAME]` on a plain line, an array of paths
 * as a JSON Lines input, `a.md + b.md` in a CSV input cell (the items in that order).
 * Keys of a JSON Lines object and columns of a CSV header: input (required), output (a file name,
 * not a path: -d says where), layout, condense (true/false), pages (1 to 8: the most pages it flows
 * onto), and every front-matter field --meta takes (title, masthead, issue, unit, date, …), checked
 * here by setting them on an empty document as --meta would; a null or empty value leaves a field
 * unset. Fails with d filled (file, line, column when known): JB_ERR_INPUT when the file cannot be
 * read; JB_ERR_USAGE for a line that is not a JSON object, an unknown key or column, a value of the
 * wrong type, a bad date, a path where a file name belongs, a CSV row with more cells than the
 * header or broken quoting; JB_ERR_NOMEM. On success the caller owns *m (release with
 * jb_manifest_fini); on failure *m is empty. */
jb_status jb_manifest_read(const char *path, jb_manifest_format format, jb_manifest *m, jb_diag *d);

/* Frees the entries of m and empties it. */
void jb_manifest_fini(jb_manifest *m);

#endif
