/* writers — the output formats as one table: each row names a format, its file extension and
 * media type, and writes the laid-out page (with the document it came from) into a sink. A new
 * output format (PDF/A, OFD, an image) is a writer module and one row here; docs/ARCHITECTURE.md,
 * "Where to add things". */
#ifndef JB_WRITERS_H
#define JB_WRITERS_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "page.h"
#include "readers.h"
#include "source.h"

/* What a writer reads; all borrowed for the call. */
typedef struct {
    const jb_page *page; /* the laid-out page: glyphs, rules, photos (page.h) */
    jb_fontset *fs;      /* its fonts: outlines, subsets (font.h) */
    const char *title;   /* the metadata, UTF-8 (title with （摘编） when condensed) */
    const char *author;
    const char *subject;
    const char *creator;
    const struct jb_spec *spec;   /* the layout ([output] pdfa) */
    const jb_doc *doc;            /* the document, where it came from and how it was read */
    const jb_source *src;         /* (a description of the page may use them) */
    const jb_reader *reader;      /* … */
    const jb_read_report *report; /* … */
} jb_write_input;

typedef struct {
    const char *name; /* --to, the API's `to`: "pdf" */
    const char *ext;  /* the default output's extension: ".pdf" */
    const char *mime; /* media type, for serve: "application/pdf" */
    const char *what; /* for usage: "the brief as PDF" */
    /* Appends the output's bytes to sink (empty on entry). Identical input, identical bytes.
     * On failure d says why; whatever is in sink is not written anywhere. */
    jb_status (*write)(const jb_write_input *in, jb_buf *sink, jb_diag *d);
} jb_writer;

/* The rows, the default (PDF) first, NULL-terminated. */
extern const jb_writer *const jb_writers[];

/* The writer named name; NULL name: the default; NULL for an unknown name. */
const jb_writer *jb_writer_find(const char *name);

/* The writer whose extension path has (".ofd": ofd; the first row with it, so ".pdf" is the
 * plain PDF), or NULL when none has. */
const jb_writer *jb_writer_by_ext(const char *path);

/* "pdf (the brief as PDF) or json (…)" into out. */
void jb_writer_list(char *out, size_t size);

/* The output path for input with the writer's extension (REPORT.md → REPORT.pdf) into out. */
void jb_output_name(const char *input, const char *ext, char *out, size_t size);

#endif
