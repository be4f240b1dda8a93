/* job — one brief's stages inside the library, which the API (jianbao.c) drives: the engine
 * (layout and fonts) opened from its options, the input read by its reader (readers.h) into the
 * model, --meta applied, punctuation normalised and figures marked, the photos decoded to their
 * budget, the page laid out (photos dropped and the text condensed when asked to and needed),
 * the caller's cancelled() asked between the stages. Part of the jianbao module. */
#ifndef JB_JOB_H
#define JB_JOB_H

#include <stdint.h>

#include "digest.h"
#include "doc.h"
#include "font.h"
#include "jianbao.h"
#include "page.h"
#include "readers.h"
#include "spec.h"

#define JB_JOB_CUT_MAX 40 /* sentences --condense left out whose place is kept */

struct jb_engine {
    jb_spec spec;
    jb_fontset *fs;
    jb_fontdb *db; /* installed fonts by family name; its configuration loads on first use */
    char layout_hash[JB_SHA256_HEX]; /* the layout file and --set keys (fingerprint.h) */
};

/* The stages of one job up to the laid-out page. */
typedef struct {
    jb_read in;              /* src, doc and the read report */
    const jb_reader *reader; /* the input's format */
    jb_source *src;          /* = in.src */
    jb_doc *doc;             /* = in.doc */
    jb_fontset *fs;          /* borrowed from the engine */
    jb_engine *own;          /* the engine when the caller gave none */
    jb_page *page;
    uint32_t cut[JB_JOB_CUT_MAX]; /* source offsets of the first sentences --condense left out */
    size_t n_cut;                 /* how many it left out */
    char title_warning[1024];     /* --title auto took the suggested title; placeholders, else "" */
    /* an issue of several inputs (jb_job_opts.issue_inputs): the later ones' reads (their
     * documents moved into doc) and readers, and the sources joined (src then points to it) */
    jb_read *more;
    const jb_reader **more_readers;
    size_t n_more;
    jb_source *joined;
    size_t notes_left; /* 编者按 the page does not set (named in title_warning) */
} jb_job;

/* The caller's options (a size-prefixed struct: jianbao.h) as this library's struct of have
 * bytes: fields past the caller's size read as zero. JB_ERR_USAGE for a size no header had
 * (below min or above have). */
jb_status jb_job_options(const void *in, size_t min, size_t have, void *out, jb_diag *d);
#define JB_MIN_ENGINE_OPTS (offsetof(jb_engine_opts, n_font_dirs) + sizeof(size_t))
#define JB_MIN_JOB_OPTS    (offsetof(jb_job_opts, engine_opts) + sizeof(void *))

/* Reads o's input into j with its reader (o->from, else sniffed): j->in, j->src, j->doc. */
jb_status jb_job_read(const jb_job_opts *o, jb_job *j, int have_title, jb_diag *d);

/* job_issue.c: o->issue_inputs read and their items appended to j's document, the sources
 * joined (docs/FORMAT.md "An issue of several inputs"); conflicts go to j->title_warning. */
jb_status jb_job_issue(const jb_job_opts *o, jb_job *j, jb_diag *d);
/* A 编者按 the page does not set, named in j->title_warning and counted in j->notes_left. */
void jb_job_notes_unset(const jb_job_opts *o, jb_job *j);

/* Opens an engine from o (already the library's size). Caller owns *out. */
jb_status jb_job_engine_open(const jb_engine_opts *o, jb_engine **out, jb_diag *d);

/* Reads the input into j (zeroed first): the reader o->from names, else the one its bytes or
 * text say; --meta applied; normalised; figures marked. */
jb_status jb_job_document(const jb_job_opts *o, jb_job *j, jb_diag *d);

/* jb_job_document, then the page in j->page with the engine o->engine (or one of the job's own
 * from o->engine_opts); warning (size bytes) gets the □, photo and condensing warnings. */
jb_status jb_job_layout(const jb_job_opts *o, jb_job *j, char *warning, size_t size, jb_diag *d);

/* Releases what j holds. */
void jb_job_fini(jb_job *j);

/* ---- shared with jianbao.c ---- */
jb_status jb_job_check_cancelled(const jb_job_opts *o, jb_diag *d);
jb_status jb_job_photos(const jb_job_opts *o, jb_job *j, const jb_spec *spec, jb_diag *d);

#endif
