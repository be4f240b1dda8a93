/* readers — the input formats as one table: each row names a format, says from the first bytes
 * and the file name (or from the decoded text) whether an input is its kind, and reads it into
 * the document model plus one common read report (what was recognised, what was left out and
 * why, the embedded images). A new input format is a reader module and one row here. */
#ifndef JB_READERS_H
#define JB_READERS_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "import.h"
#include "source.h"

/* What to read; borrowed for the call. */
typedef struct {
    const char *path;     /* the file, or the name of the bytes in data for messages */
    const char *data;     /* the bytes (len of them), or NULL: read the file path */
    size_t len;           /* … */
    size_t max_input;     /* refuse inputs above this many bytes of text; 0: 1 MiB */
    const char *encoding; /* a text input's encoding; NULL: detect */
    int have_title;       /* the title is given besides (--meta title=…) */
    jb_convert convert;   /* LibreOffice for .doc/.wps/.odt (jianbao.h) */
} jb_read_input;

/* An image embedded in the input, as a photo of the document refers to it (jb_photo.ref). */
typedef struct {
    const char *name; /* borrowed from the read's own account */
    const char *data; /* its bytes, or NULL when they were not read (over a limit) */
    size_t len;
} jb_read_image;

/* The common read report. */
typedef struct {
    int imported;          /* the structure was found by import (RULES §7) */
    jb_import_info imp;    /* what import found and left out, when imported */
    jb_read_image *images; /* embedded images (owned array) */
    size_t n_images;
    void *own; /* the reader's own account (its row's describe/inspect/free) */
} jb_read_report;

/* What a read gives: the text the positions in messages count in, the document, the report. */
typedef struct {
    jb_source *src;
    jb_doc *doc;
    jb_read_report report;
} jb_read;

typedef struct jb_reader {
    const char *name;        /* --from, the API's and serve's `from`: "md" */
    const char *alias;       /* a second name: "report" */
    const char *what;        /* for usage and messages: "a report file" */
    const char *const *exts; /* file names a batch picks up (".md"), NULL-terminated */
    int binary; /* 1: read from bytes, sniffed from the first JB_SNIFF_BYTES and the name;
                   0: read from text, which the caller loads (decoded and checked) into
                   out->src before read, sniffed from it */
    /* Is this input of the row's kind? Binary rows look at head (n bytes) and path, text rows
     * at src. The last text row takes any text. */
    int (*sniff)(const char *path, const unsigned char *head, size_t n, const jb_source *src);
    /* Reads in into out (out->src already set for a text row). On failure what is in out is
     * still the caller's (jb_read_fini). */
    jb_status (*read)(const jb_read_input *in, jb_read *out, jb_diag *d);
    /* The reader's own account in report.own: a line for --verbose (may be NULL), an object
     * added to inspect's JSON text *json (replaced; 0 or -1, may be NULL), its release. */
    void (*describe)(const void *own, char *out, size_t size);
    int (*inspect_add)(const void *own, char **json);
    void (*own_free)(void *own);
} jb_reader;

#define JB_SNIFF_BYTES 8

/* The rows, NULL-terminated. */
extern const jb_reader *const jb_readers[];

/* The reader named name (or its alias), NULL for none. */
const jb_reader *jb_reader_find(const char *name);
/* The binary reader whose kind the input path with first bytes head (n) is, or NULL: a text. */
const jb_reader *jb_reader_sniff_bytes(const char *path, const unsigned char *head, size_t n);
/* The text reader for src (the last text row when no other claims it). */
const jb_reader *jb_reader_sniff_text(const jb_source *src);
/* Does a batch pick up the file name (by a row's extensions, in any case)? */
int jb_reader_takes_name(const char *name);
/* "md (a report file), txt (a raw article) or docx (a Word document)" into out. */
void jb_reader_list(char *out, size_t size);

/* Releases what r holds (reader may be NULL when nothing was read) and clears it. */
void jb_read_fini(const jb_reader *reader, jb_read *r);

#endif
