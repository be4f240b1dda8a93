/* jianbao — the public API, the one header a program includes: runs the pipeline for one brief
 * (source → doc → figures → fonts → layout → PDF) inside one job context, with no global state.
 *
 * Contract:
 * - Threads: a jb_engine (layout and fonts) is read-only once open and may be shared by any
 *   number of threads rendering at once; everything else a call takes (options, info, diag,
 *   output buffers) belongs to that call alone. No function keeps state between calls.
 * - Errors: every fallible call returns a jb_status (JB_OK is 0) and, on failure, fills the
 *   jb_diag it was given (file, line:col, message, hint). Nothing prints, nothing exits.
 * - Ownership: strings and options passed in are borrowed for the call; what a call hands back is
 *   the caller's, released as its comment says (free() for strings and bytes). On failure
 *   nothing is handed back (the out pointer is NULL) and no file is written.
 * Requires C11; includes nothing but <stddef.h> and its diag.h. */
#ifndef JB_JIANBAO_H
#define JB_JIANBAO_H

#include <stddef.h>

#include "diag.h"

/* The version this header belongs to (CMake's project version is read from here). */
#define JB_VERSION_STRING "0.1.0"

/* The ABI's number: libjianbao.so.JB_ABI_VERSION. Bumped when a compiled caller would break. */
#define JB_ABI_VERSION 1

/* The version of the library linked in, e.g. "0.1.0". A static string. */
const char *jb_version(void);

/* The libraries doing the work, with their versions ("HarfBuzz 6.0.0, FreeType 2.12.1,
 * libharu 2.3.0, libdeflate 1.14, libunibreak linebreak 2.2, libpng 1.6.39, libjpeg-turbo
 * 2.1.5, libexif 0.6.24, modules built with ICU 72.1, libzip 1.7.3, libxml2 2.9.14";
 * libunibreak's is its linebreak_version), into out (size bytes; 512 hold them). */
void jb_version_details(char *out, size_t size);

/* ---- diagnostics: jb_status, jb_diag and their functions (diag.h, installed beside this
 * header) ---- */

/* ---- how the ABI grows ----
 *
 * The option structs start with their size: initialise them with JB_ENGINE_OPTS_INIT and
 * JB_JOB_OPTS_INIT, which record the size the caller was compiled with. New fields are only
 * ever appended; the library reads a field only when the caller's size covers it, so a program
 * compiled against an older header keeps working (the new fields read as zero). Results are
 * opaque (jb_result) and read through jb_result_number / jb_result_text with keys that are only
 * ever appended: a new value is a new key. Removing or reordering anything bumps the soname. */

/* ---- engine ---- */

typedef struct jb_engine jb_engine;

/* The layout and the fonts. Every pointer is borrowed for the call. */
typedef struct {
    size_t size;            /* sizeof(jb_engine_opts) as compiled: use JB_ENGINE_OPTS_INIT */
    const char *layout;     /* layout INI file; NULL: built-in defaults (layouts/red-header.ini) */
    const char *data_dir;   /* folder holding fonts/ and layouts/ */
    const char *const *set; /* "section.key=value" layout keys to override (--set) */
    size_t n_set;
    const char *const *font_dirs; /* more folders of fonts for family names in the layout
                                     (--font-path, JIANBAO_FONT_PATH), besides data_dir/fonts and
                                     the installed fonts */
    size_t n_font_dirs;
} jb_engine_opts;

#define JB_ENGINE_OPTS_INIT                                                                        \
    {                                                                                              \
        sizeof(jb_engine_opts), NULL, NULL, NULL, 0, NULL, 0                                       \
    }

/* The layout and the fonts, opened once and shared read-only by any number of jobs and threads
 * (a batch). Caller owns *out (NULL on failure); release with jb_engine_free after the last job.
 * Errors: JB_ERR_LAYOUT (the layout file or a --set), JB_ERR_FONT (a font file or family that
 * cannot be had), JB_ERR_USAGE (o->size is not one this library knows). */
jb_status jb_engine_open(const jb_engine_opts *o, jb_engine **out, jb_diag *d);
/* The fingerprint of e into out (64 hex digits and a NUL): a SHA-256 of what decides how a brief
 * is set — the program (the machine code of the program or library holding this function, and
 * the versions of the libraries that shape and write), the layout (its file's bytes and the set
 * keys; the built-in defaults belong to the program) and the bytes of every font file e opened
 * (by content, not path). Workers with one fingerprint set a report to the same PDF. With json
 * not NULL, also a JSON object naming each part (version, program_sha256, libraries,
 * layout_sha256, fonts: file, index, sha256; fingerprint); caller frees it with free(). Reads the
 * font files (tens of megabytes): once per engine. JB_ERR_FONT when a font file cannot be read;
 * JB_ERR_NOMEM. */
jb_status jb_engine_fingerprint(const jb_engine *e, char out[65], char **json, jb_diag *d);

/* Frees e (NULL is fine); no job may still be using it. */
void jb_engine_free(jb_engine *e);

/* ---- one brief ---- */

/* jb_convert (LibreOffice for .doc/.wps/.odt): diag.h, which the readers below the API share. */

/* What to do; every pointer is borrowed for the call. */
typedef struct {
    size_t size;          /* sizeof(jb_job_opts) as compiled: use JB_JOB_OPTS_INIT */
    const char *input;    /* the input file (or its name in messages, with input_data) */
    const char *output;   /* where to write; NULL: the input path with the output format's
                             extension (REPORT.md → REPORT.pdf); not read with to_memory */
    int to_memory;        /* keep the output's bytes in the result (jb_result_data) instead */
    const char *from;     /* the input format: "md" (a report file), "txt" (a raw article),
                             "docx" (a Word document; .doc/.wps/.odt through LibreOffice); NULL:
                             a Word document by its bytes, a report when it starts with front
                             matter, else a raw article */
    const char *to;       /* the output format: "pdf", "pdfa" (PDF/A-1b), "ofd" (GB/T 33190) or
                             "json" (inspect's description); NULL: by the output's extension
                             (.ofd), else "pdf" (docs/FORMATS.md) */
    const char *encoding; /* the input's encoding; NULL: detect (UTF-8, UTF-16 BOM, GB18030) */
    size_t max_input;     /* refuse inputs above this many bytes; 0: 1 MiB */
    int allow_missing;    /* draw characters no font has as □ and warn, instead of failing */
    int condense;         /* too long even at the floor: keep the lead, lead sentences and sentences
                             with key figures (RULES.md §5.5 (b)) */
    const char *const *meta; /* "key=value" front-matter fields to set (--meta) */
    size_t n_meta;
    const char *input_data; /* the input's bytes (input_len of them) when they are not to be read
                               from the file `input`, which then only names it in messages
                               ("<stdin>"); the size limit and the encoding rules still apply */
    size_t input_len;
    const jb_engine *engine; /* shared layout and fonts; NULL: opened for this job from
                                engine_opts (NULL: the defaults) */
    const jb_engine_opts *engine_opts;
    /* Asked between the stages of the job and between its photos: nonzero stops it with
     * JB_ERR_CANCELLED (nothing written). NULL: never. Called on the rendering thread. */
    int (*cancelled)(void *arg);
    void *cancel_arg;
    jb_convert convert; /* LibreOffice for .doc/.wps/.odt; 0: when installed */
    int title_auto;     /* no title found nor given: take the suggested one (RULES.md §7.7) with a
                           warning; 0: refuse, naming the suggestion */
    int strict;         /* a placeholder left to fill in (xx, X.X%, 达%; RULES.md §6.6) is an
                           error, not a warning */
    int pages; /* the most pages the brief may flow onto, 1 … 8 (RULES.md §5.7; the fewest
                  that hold it are taken); 0: the layout's [pages] count (1 by default) */
} jb_job_opts;

#define JB_JOB_OPTS_INIT                                                                           \
    {                                                                                              \
        sizeof(jb_job_opts), NULL, NULL, 0, NULL, NULL, NULL, 0, 0, 0, NULL, 0, NULL, 0, NULL,     \
            NULL, NULL, NULL, JB_CONVERT_DEFAULT, 0, 0, 0                                          \
    }

/* What a job decided and made: opaque, read with the accessors below; caller owns it, release
 * with jb_result_free. */
typedef struct jb_result jb_result;

/* Numbers of a result (0 when a job did not get that far or the key is unknown). Keys are only
 * appended. */
typedef enum {
    JB_R_BODY_PT,    /* chosen body size */
    JB_R_MEASURE_PT, /* body line width */
    JB_R_BODY_LINES,
    JB_R_SPARE_PT, /* empty height left at the foot */
    JB_R_KAIMING,  /* 1: set with 开明式 punctuation (it fitted only so) */
    JB_R_GLYPHS,
    JB_R_FIGURES,   /* key figures highlighted */
    JB_R_SECTIONS,  /* sections of the brief */
    JB_R_CONDENSED, /* 1: --condense had to shorten the text (the page says 摘编) */
    JB_R_LEFT_OUT,  /* runs of input left out (jb_result_left_out lists the first ones) */
    JB_R_PAGES,     /* pages laid out (RULES.md §5.7) */
    JB_R_ITEMS      /* the items (1: one article) */
} jb_result_number_key;

/* Texts of a result ("" when none; valid until jb_result_free). Keys are only appended. */
typedef enum {
    JB_R_OUTPUT,   /* the file written ("" in memory) */
    JB_R_WARNING,  /* "file:line:col: warning: …" when characters were replaced, photos or
                      sentences left out, else "" */
    JB_R_DETECTED, /* what the reader found in a raw article or a Word document, else "" */
    JB_R_FALLBACK, /* "fell back: 喆 U+5586 (kai) from LXGWWenKai-Regular, …", else "" */
    JB_R_PHOTOS,   /* how the fit traded photo size and body size ("" without photos) */
    JB_R_CHOICES   /* a raw article's close calls, a line each: "file:line: note: not the title
                      (score 5, line 3's 6): …", "file:line: note: not the date (…)", else "" */
} jb_result_text_key;

double jb_result_number(const jb_result *r, jb_result_number_key key);
const char *jb_result_text(const jb_result *r, jb_result_text_key key);

/* The output's bytes kept in memory (to_memory; the report text of jb_import): *len of them,
 * borrowed from r; NULL when none. */
const unsigned char *jb_result_data(const jb_result *r, size_t *len);
/* The same bytes, handed to the caller (release with free(); NUL-terminated besides); r no
 * longer holds them. */
unsigned char *jb_result_take_data(jb_result *r, size_t *len);

/* One run of input lines left out of the brief (a raw article's navigation, breadcrumbs, site
 * tail, snippets, share chrome, metadata read into the header …), or one sentence --condense
 * left out. Nothing is dropped without one of these. Owned by the result; fields are only
 * appended. */
typedef struct {
    int line;           /* first 1-based line of the input */
    int last;           /* last line of the run (== line for one line or a sentence) */
    int col;            /* 1-based column of a condensed sentence, else 1 */
    const char *reason; /* "navigation", "breadcrumb", "site tail", "snippet", "share/comment
                           chrome", "metadata", "date", "editor", "page chrome", "credit",
                           "distribution, to the 报尾", "source, read into the header",
                           "stray", "condensed" */
    const char *text;   /* the first characters of its first line (UTF-8), "…" when cut */
} jb_left_out;

/* Run i of those left out, in input order (the first 40 are listed; JB_R_LEFT_OUT counts them
 * all), NULL past them. */
const jb_left_out *jb_result_left_out(const jb_result *r, size_t i);

void jb_result_free(jb_result *r);

/* Renders one brief: reads the input, lays it out on one page and writes it in o->to's format
 * to o->output (atomically: an existing file is replaced only on success), or keeps the bytes in
 * the result with o->to_memory. *result (NULL is fine when it is not wanted, not with
 * to_memory) is the caller's, on failure too when the job got far enough to say anything (else
 * NULL). On failure nothing is written and d says where and why. */
jb_status jb_render(const jb_job_opts *o, jb_result **result, jb_diag *d);

/* Reads a raw article (or a report, or a Word document) as jb_render does and writes it in the
 * report format of docs/FORMAT.md: to o->output (atomically) when set (a Word document's photos
 * beside it: REPORT-image1.png); the text is the result's data either way, with the lines left
 * out as YAML comments in its front matter. */
jb_status jb_import_report(const jb_job_opts *o, jb_result **result, jb_diag *d);

/* The default output path for input (REPORT.md → REPORT.pdf) into out (size bytes). */
void jb_default_output(const char *input, char *out, size_t size);

#endif
