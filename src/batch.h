/* batch — renders many briefs with worker threads sharing engines (layout and fonts; one per
 * layout the batch names); each brief keeps its own state, fields and result, so one failure
 * stays local. */
#ifndef JB_BATCH_H
#define JB_BATCH_H

#include <stddef.h>

#include "diag.h"
#include "digest.h"
#include "jianbao.h"

/* One brief of a batch: the caller fills input and output and the brief's own options (all
 * borrowed); the batch fills status, diag, seconds, fingerprint and the hash. A batch of thousands
 * keeps only this much a brief. */
typedef struct {
    const char *input;
    const char *output;
    const char *layout;      /* the brief's layout file; NULL: the batch's */
    int condense;            /* -1: the batch's; 0 or 1 */
    int pages;               /* the most pages it flows onto; 0: the batch's */
    const char *const *meta; /* "key=value" front-matter fields, set after the batch's --meta */
    size_t n_meta;
    int skip;         /* set by the caller: not rendered (its PDF is up to date); status JB_OK */
    jb_status status; /* JB_OK when its PDF was written (or skipped) */
    jb_diag *diag;    /* why not (release with free(); jb_plan_free does it for a plan's
                         items); NULL when it was written */
    double seconds;   /* how long its render took (0 when skipped) */
    const char *fingerprint;    /* its engine's fingerprint when asked for (jb_batch_opts); valid
                                   during the progress call only; NULL otherwise */
    char sha256[JB_SHA256_HEX]; /* with jb_batch_opts.hash: the SHA-256 of the output written
                                   (of the bytes before they were written) or, for a skipped
                                   brief, of its file; "" when there is none */
    size_t bytes;               /* the output's size, with sha256 */
    const char *const *issue_inputs; /* an issue of several inputs: those after input (a
                                        manifest's a.md + b.md); NULL: one */
    size_t n_issue_inputs;
} jb_batch_item;

/* Called after each brief, in the worker's thread but one call at a time; result (what the
 * render decided, warnings) is valid during the call only, and NULL for a skipped brief, one that
 * failed before the render could say anything, or when out of memory. */
typedef void (*jb_batch_progress)(const jb_batch_item *item, const jb_result *result, size_t done,
                                  size_t total, void *ud);

/* How a batch runs. */
typedef struct {
    int jobs;                   /* worker threads (at least 1) */
    int fingerprint;            /* fill each item's fingerprint (reads the font files once) */
    jb_batch_progress progress; /* may be NULL */
    void *ud;
    int hash; /* fill each item's sha256 and bytes, in the worker before the progress call */
} jb_batch_opts;

/* Renders items[0..n) as bo says; base gives every option but input, output and engine; the
 * engine of base->engine_opts is opened once, and one more for each other layout an item names.
 * Returns JB_OK when the batch could run (items then carry their own status; an item whose own
 * layout cannot be opened fails alone), or the error of base's engine (layout, fonts) with d
 * filled. The PDFs are identical whatever the number of threads. */
jb_status jb_batch_render(jb_batch_item *items, size_t n, const jb_job_opts *base,
                          const jb_batch_opts *bo, jb_diag *d);

#endif
