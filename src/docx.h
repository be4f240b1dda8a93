/* docx — reads a Word document (.docx: a zip of WordprocessingML parts) into its paragraphs with
 * what Word knew (title, heading levels, automatic numbering, bold lead phrases), then into the
 * same document model as a report; hostile files are refused by limits; .doc, .wps and .odt go
 * through LibreOffice when it is installed. Two halves: the word module (docx.c, the plugin
 * libjianbao-word.so linked against libzip and libxml2, loaded only when a Word document is
 * read) turns the bytes into report or article text; the core (word.c) sniffs, reads files,
 * converts, and parses that text into the model. */
#ifndef JB_DOCX_H
#define JB_DOCX_H

#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "import.h"
#include "plugin.h"
#include "source.h"

/* Limits on what a Word file may make us read (docs/FORMAT.md, "Word documents"). */
#define JB_DOCX_MAX_FILE        (20u << 20) /* the .docx itself, checked before it is read */
#define JB_DOCX_MAX_PART        (16u << 20) /* one part (an XML file in the zip), uncompressed */
#define JB_DOCX_MAX_TOTAL       (48u << 20) /* all parts read, uncompressed */
#define JB_DOCX_MAX_RATIO       100  /* uncompressed / compressed size of a part above 1 MiB */
#define JB_DOCX_MAX_ENTRIES     4096 /* entries in the zip */
#define JB_DOCX_CONVERT_SECONDS 60   /* LibreOffice's time to convert a .doc/.wps/.odt */

#define JB_DOCX_HINT_LIMIT                                                                         \
    "a report's Word file is far smaller: save the report alone from Word as .docx, or paste "     \
    "its text into a .txt"

/* What the first bytes (and the name) of an input say it is. */
typedef enum {
    JB_WORD_NONE = 0, /* not a word-processor file: a text input */
    JB_WORD_DOCX,     /* a zip (PK\3\4): read as .docx (an .odt is recognised inside) */
    JB_WORD_OLE,      /* an OLE compound file: .doc, .wps, or an encrypted .docx */
    JB_WORD_NAMED     /* named .doc/.wps/.odt/.docx but with other bytes */
} jb_word_kind;

/* The kind of the input named path whose first n bytes are head. */
jb_word_kind jb_word_sniff(const char *path, const unsigned char *head, size_t n);

/* An image inside the document: placed as a photo where it stands when Word's styles give the
 * structure (the report path), else listed as left out. */
typedef struct {
    char *name;   /* its part, e.g. word/media/image1.png */
    size_t bytes; /* its size in the zip, uncompressed */
    double w_cm;  /* the size it is shown at, 0 when unknown */
    double h_cm;
    int paragraph; /* 1-based paragraph it stands in (in the order read) */
    size_t before; /* the paragraphs read before it */
    char *alt;     /* its description (docPr descr), or NULL */
    char *data;    /* its bytes (len of them), read under the archive's limits; or NULL */
    size_t len;
    int placed; /* written into the report text as a photo */
} jb_docx_image;

/* What was read and what was left out, for --verbose and inspect. */
typedef struct {
    int paragraphs; /* paragraphs read (table rows and text-box paragraphs included) */
    int structured; /* 1: title and heads from Word's styles; 0: found by import (§7) */
    int headings;   /* paragraphs with a heading style or outline level */
    int numbered;   /* paragraphs with automatic numbering resolved */
    int text_boxes; /* text boxes read in place */
    int tables;     /* tables read (RULES.md §9.1) */
    int insertions; /* tracked insertions accepted */
    int deletions;  /* tracked deletions dropped */
    int comments;   /* left out */
    int footnotes;  /* footnotes and endnotes, left out */
    int fields;     /* fields left out (page numbers, tables of contents, …) */
    char field_names[64];
    int headers; /* headers and footers holding text, left out */
    int hidden;  /* runs of hidden text, left out */
    int objects; /* embedded objects and equations, left out */
    jb_docx_image *images;
    size_t n_images;
    char converted[96]; /* "converted from .doc by LibreOffice in 2.1 s", or "" */
    int have_title;     /* set by the caller: the title is given besides (--meta title=…), so a
                           document without one is read, not refused */
} jb_docx_info;

void jb_docx_info_fini(jb_docx_info *info);

/* Reads the Word document in bytes (len of them; name is used in messages) into *src, the text of
 * its paragraphs as read (one line each, which positions in messages count; at most max_text
 * bytes, 0: JB_SOURCE_MAX_BYTES), and *doc, built by the report parser when Word's styles give
 * the title and the heads, else by import (*imported set, *imp filled). Every limit above is
 * checked before the bytes it guards are inflated or parsed. Errors: JB_ERR_INPUT (not a Word
 * document, damaged or truncated zip, encrypted, a limit passed, XML with a DOCTYPE or not
 * well-formed), JB_ERR_FORMAT (no title or no text), JB_ERR_NOMEM. *src, *doc, *imp and info
 * belong to the caller (jb_source_free, jb_doc_free, jb_import_info_fini, jb_docx_info_fini),
 * also on failure. */
jb_status jb_docx_read(const char *name, const char *bytes, size_t len, size_t max_text,
                       jb_source **src, jb_doc **doc, int *imported, jb_import_info *imp,
                       jb_docx_info *info, jb_diag *d);

/* jb_docx_read on the file path (or on data, len bytes, when data is not NULL): a .docx is read
 * (refused above JB_DOCX_MAX_FILE before reading); a .doc, .wps or .odt is converted to .docx by
 * LibreOffice (soffice on the PATH, in a temporary folder removed afterwards, within
 * JB_DOCX_CONVERT_SECONDS, with a profile of its own; under convert JB_CONVERT_NO_NETWORK through
 * `unshare -rn`, without network) and read; without soffice, or with convert JB_CONVERT_OFF, the
 * error gives the command to convert it. */
jb_status jb_word_read(const char *path, const char *data, size_t len, size_t max_text,
                       jb_convert convert, jb_source **src, jb_doc **doc, int *imported,
                       jb_import_info *imp, jb_docx_info *info, jb_diag *d);

/* Front-matter fields from the document's custom properties (docProps/custom.xml), named as
 * the front-matter keys. */
#define JB_DOCX_PROP_KEYS                                                                          \
    "title", "byline", "source", "masthead", "issue", "unit", "date", "category", "copies"
#define JB_DOCX_N_PROPS 9

/* What the word module makes of a document: the text for parse (structured: title and heads
 * from Word's styles, a report with front matter) or for import, and the custom properties
 * (props[k] for JB_DOCX_PROP_KEYS' k; NULL when absent; a date only when it reads as one). */
typedef struct {
    char *text;
    size_t len;
    int structured;
    char *props[JB_DOCX_N_PROPS];
} jb_docx_text;

void jb_docx_text_fini(jb_docx_text *t);

/* The word module's table (plugin.h): extract reads the zip and its XML under every limit above
 * (JB_ERR_INPUT: not a Word document, damaged, encrypted, a limit passed, XML with a DOCTYPE;
 * JB_ERR_FORMAT: no text; JB_ERR_NOMEM) into *text (release with text_fini, also on failure)
 * and info. */
typedef struct {
    jb_status (*extract)(const char *name, const char *bytes, size_t len, jb_docx_text *text,
                         jb_docx_info *info, jb_diag *d);
    void (*text_fini)(jb_docx_text *t);
} jb_word_api;

/* The module's entry (plugin.h): its table for abi JB_PLUGIN_ABI, else NULL. */
const void *jb_plugin_word(int abi);

/* "Word document: …": what was read and left out, into out (size bytes). */
void jb_docx_describe(const jb_docx_info *info, char *out, size_t size);

/* Adds a "word" object (what was read, left out, the images) to the JSON text *json, which is
 * replaced (freed and reallocated). 0, or -1 when out of memory (*json is then unchanged). */
int jb_docx_inspect_add(const jb_docx_info *info, char **json);

#endif
