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
 * Requires C11; includes nothing but <stddef.h>. */
#ifndef JB_JIANBAO_H
#define JB_JIANBAO_H

#include <stddef.h>

/* The version this header belongs to (CMake's project version is read from here). */
#define JB_VERSION_STRING "0.1.0"

/* The version of the library linked in, e.g. "0.1.0". A static string. */
const char *jb_version(void);

/* The libraries doing the work, with the versions linked in ("HarfBuzz 6.0.0, FreeType 2.12.1,
 * libharu 2.3.0, libdeflate 1.14"), into out (size bytes). */
void jb_version_details(char *out, size_t size);

/* ---- diagnostics ---- */

/* Every fallible jb_ call returns one of these; JB_OK is 0. The README documents the exit codes. */
typedef enum {
    JB_OK = 0,
    JB_ERR_USAGE,    /* bad command line */
    JB_ERR_INPUT,    /* input file missing, unreadable, not a regular file or too large */
    JB_ERR_ENCODING, /* input is not valid UTF-8, or holds NUL / control characters */
    JB_ERR_FORMAT,   /* report structure wrong: front matter, missing title, no sections … */
    JB_ERR_GLYPH,    /* a character that no font has */
    JB_ERR_FONT,     /* a font file missing or unusable */
    JB_ERR_LAYOUT,   /* layout file unreadable or with a bad key/value */
    JB_ERR_OVERFLOW, /* the report does not fit on one page even at the floor size */
    JB_ERR_OUTPUT,   /* the PDF could not be written */
    JB_ERR_NOMEM,    /* out of memory */
    JB_ERR_INTERNAL  /* a library failed where it should not (a bug: please report) */
} jb_status;

/* One diagnostic: where (file, 1-based line and column in characters; 0 when unknown), what, and
 * the fix. Filled by the first failing call; later calls leave a set diagnostic alone, so clear
 * it with jb_diag_init before each call. Caller-allocated (on the stack is fine). */
typedef struct {
    jb_status status;
    char file[512];
    int line;
    int col;
    char message[768];
    char hint[512];
    char code[32]; /* a stable reason for programs ("no_title", "too_long", "no_converter" …; the
                      README lists them), or "" when the status alone says it */
} jb_diag;

/* Clears d to JB_OK with empty fields. */
void jb_diag_init(jb_diag *d);

/* The process exit code for st (0 for JB_OK); the one table the README documents. */
int jb_status_exit_code(jb_status st);

/* A short stable name for st ("overflow", "encoding", …). A static string. */
const char *jb_status_name(jb_status st);

/* ---- engine ---- */

typedef struct jb_engine jb_engine;

/* ---- one brief ---- */

/* What the input is (--from). */
typedef enum {
    JB_FROM_DETECT = 0, /* a Word document by its bytes, a report file when it starts with front
                           matter, else a raw article */
    JB_FROM_REPORT,     /* a report file (docs/FORMAT.md) */
    JB_FROM_ARTICLE,    /* a raw article: its structure is found (RULES.md §7) */
    JB_FROM_WORD        /* a Word document (.docx; .doc/.wps/.odt through LibreOffice) */
} jb_from;

/* What to do; every pointer is borrowed for the call. Zero-initialise and set what you need. */
typedef struct {
    const char *input;    /* report file */
    const char *output;   /* PDF path; NULL: the input path with .pdf for its extension */
    const char *layout;   /* layout INI file; NULL: built-in defaults (layouts/red-header.ini) */
    const char *data_dir; /* folder holding fonts/ and layouts/ */
    const char *encoding; /* the input's encoding; NULL: detect (UTF-8, UTF-16 BOM, GB18030) */
    int allow_missing;    /* draw characters no font has as □ and warn, instead of failing */
    int condense;         /* too long even at the floor: keep the lead, lead sentences and sentences
                             with key figures (RULES.md §5.5 (b)) */
    const jb_engine *engine; /* shared layout and fonts; NULL: opened for this job from layout */
    size_t max_input;        /* refuse inputs above this many bytes; 0: 1 MiB */
    const char *const *set;  /* "section.key=value" layout keys to override (--set) */
    size_t n_set;
    const char *const *meta; /* "key=value" front-matter fields to set (--meta) */
    size_t n_meta;
    const char *input_data; /* the input's bytes (input_len of them) when they are not to be read
                               from the file `input`, which then only names it in messages
                               ("<stdin>"); the size limit and the encoding rules still apply */
    size_t input_len;
    const char *const *font_dirs; /* more folders of fonts for family names in the layout
                                     (--font-path, JIANBAO_FONT_PATH), besides data_dir/fonts and
                                     the installed fonts */
    size_t n_font_dirs;
    jb_from from; /* what the input is; JB_FROM_DETECT (0) looks */
} jb_render_opts;

/* The layout and the fonts, opened once from o's layout, set, data_dir and font_dirs (the rest of
 * o is not read) and shared read-only by any number of jobs and threads (a batch). Caller owns
 * *out (NULL on failure); release with jb_engine_free after the last job. Errors: JB_ERR_LAYOUT
 * (the layout file or a --set), JB_ERR_FONT (a font file or family that cannot be had). */
jb_status jb_engine_open(const jb_render_opts *o, jb_engine **out, jb_diag *d);
/* Frees e (NULL is fine); no job may still be using it. */
void jb_engine_free(jb_engine *e);

/* One run of input lines left out of the brief (a raw article's navigation, breadcrumbs, site
 * tail, snippets, share chrome, metadata read into the header …), or one sentence --condense
 * left out. Nothing is dropped without one of these. */
typedef struct {
    int line;        /* first 1-based line of the input */
    int last;        /* last line of the run (== line for one line or a sentence) */
    int col;         /* 1-based column of a condensed sentence, else 1 */
    char reason[32]; /* "navigation", "breadcrumb", "site tail", "snippet", "share/comment chrome",
                        "metadata", "date", "editor", "page chrome", "credit", "stray",
                        "condensed" */
    char text[64];   /* the first characters of its first line (UTF-8), "…" when cut */
} jb_left_out;

#define JB_LEFT_OUT_MAX 40 /* runs kept in jb_render_info; n_left_out counts them all */

/* What the render decided, for --verbose. Caller-allocated; filled by the call. */
typedef struct {
    char output[4096]; /* the PDF written ("" when rendered to memory) */
    double body_pt;    /* chosen body size */
    double measure_pt; /* body line width */
    int body_lines;
    double spare_pt; /* empty height left at the foot */
    int kaiming;     /* set with 开明式 punctuation (it fitted only so) */
    size_t n_glyphs;
    int n_figures; /* key figures highlighted */
    int n_sections;
    char warning[1200];  /* "file:line:col: warning: …" when characters were replaced, else "" */
    char detected[512];  /* what import found in a raw article, else "" */
    char fallback[1024]; /* "fell back: 喆 U+5586 (kai) from LXGWWenKai-Regular, …", else "" */
    int condensed;       /* --condense had to shorten the text (the page says 摘编) */
    jb_left_out left_out[JB_LEFT_OUT_MAX]; /* what was left out, in input order (the programs
                                              print it unless --quiet) */
    size_t n_left_out; /* how many runs there are; above JB_LEFT_OUT_MAX only the first are
                          listed */
    char photos[512];  /* how the fit traded photo size and body size ("" without photos) */
} jb_render_info;

/* Renders one report to a one-page PDF at o->output (written atomically: an existing file is
 * replaced only on success). On failure nothing is written and d says where and why. */
jb_status jb_render(const jb_render_opts *o, jb_render_info *info, jb_diag *d);

/* Renders one report as jb_render does, into memory instead of a file (o->output is ignored):
 * *pdf holds the same bytes jb_render writes, *len of them. Caller owns *pdf (NULL on failure);
 * release it with free(). info may be NULL. */
jb_status jb_render_mem(const jb_render_opts *o, unsigned char **pdf, size_t *len,
                        jb_render_info *info, jb_diag *d);

/* Reads a raw article (or a report) as render does and writes it in the report format of
 * docs/FORMAT.md: to o->output (atomically) when set; *report is the text either way (caller
 * owns; release with free(); NULL on failure). detected (size bytes) says what import found. */
jb_status jb_import_report(const jb_render_opts *o, char **report, char *detected, size_t size,
                           jb_diag *d);

/* jb_import_report, also filling info (caller-allocated; may be NULL) with what import found
 * (detected) and the lines it left out (left_out), which the report also holds as YAML comments
 * in its front matter. */
jb_status jb_import_report_info(const jb_render_opts *o, char **report, jb_render_info *info,
                                jb_diag *d);

/* Lays the report out as render does and describes the page as JSON: chosen body size, measure,
 * and per line its kind, text, size, x-extent, baseline, whether it ends a paragraph, the
 * compression and per-gap stretch applied, and each glyph's x from the line start; then the
 * document model. Caller owns *json (NULL on failure); release it with free(). Nothing is
 * written. */
jb_status jb_inspect(const jb_render_opts *o, char **json, jb_diag *d);

/* jb_inspect, also filling info (caller-allocated; may be NULL) as jb_render does: the lines
 * left out, the warning, what import found; the page's figures are not written. */
jb_status jb_inspect_info(const jb_render_opts *o, char **json, jb_render_info *info, jb_diag *d);

/* The default output path for input (REPORT.md → REPORT.pdf) into out (size bytes). */
void jb_default_output(const char *input, char *out, size_t size);

#endif
