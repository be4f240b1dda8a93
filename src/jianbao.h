/* jianbao — runs the pipeline for one brief (source → doc → figures → fonts → layout → PDF) inside
 * one job context; no global state, so jobs may run in threads. */
#ifndef JB_JIANBAO_H
#define JB_JIANBAO_H

#include <stddef.h>

#include "diag.h"

/* The layout and the fonts, opened once and shared read-only by any number of jobs and threads
 * (a batch). Caller owns *out; release with jb_engine_free after the last job. */
typedef struct jb_engine jb_engine;
jb_status jb_engine_open(const char *layout, const char *const *set, size_t n_set,
                         const char *data_dir, jb_engine **out, jb_diag *d);
void jb_engine_free(jb_engine *e);

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
} jb_render_opts;

/* What the render decided, for --verbose. */
typedef struct {
    char output[4096]; /* the PDF written */
    double body_pt;    /* chosen body size */
    double measure_pt; /* body line width */
    int body_lines;
    double spare_pt; /* empty height left at the foot */
    int kaiming;     /* set with 开明式 punctuation (it fitted only so) */
    size_t n_glyphs;
    int n_figures; /* key figures highlighted */
    int n_sections;
    char warning[1200]; /* "file:line:col: warning: …" when characters were replaced, else "" */
    char detected[512]; /* what import found in a raw article, else "" */
} jb_render_info;

/* Renders one report to a one-page PDF. On failure nothing is written and d says where and why. */
jb_status jb_render(const jb_render_opts *o, jb_render_info *info, jb_diag *d);

/* Reads a raw article (or a report) as render does and writes it in the report format of
 * docs/FORMAT.md: to o->output (atomically) when set; *report is the text either way (caller
 * frees). detected (size bytes) says what import found. */
jb_status jb_import_report(const jb_render_opts *o, char **report, char *detected, size_t size,
                           jb_diag *d);

/* Lays the report out as render does and describes the page as JSON (*json: new string, caller
 * frees with free()): chosen body size, measure, and per line its kind, text, size, x-extent,
 * baseline, whether it ends a paragraph, the compression and per-gap stretch applied, and each
 * glyph's x from the line start. Nothing is written. */
jb_status jb_inspect(const jb_render_opts *o, char **json, jb_diag *d);

/* The default output path for input (REPORT.md → REPORT.pdf) into out (size bytes). */
void jb_default_output(const char *input, char *out, size_t size);

#endif
