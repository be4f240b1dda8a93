/* batch — renders many briefs with worker threads sharing one engine (layout and fonts); each
 * brief keeps its own state and its own result, so one failure stays local. */
#ifndef JB_BATCH_H
#define JB_BATCH_H

#include <stddef.h>

#include "diag.h"
#include "jianbao.h"

/* One brief of a batch: the caller fills input and output (both borrowed); the batch fills
 * status, and diag when it failed. A batch of thousands keeps only this much a brief. */
typedef struct {
    const char *input;
    const char *output;
    jb_status status; /* JB_OK when its PDF was written */
    jb_diag *diag;    /* why not (release with free(); jb_plan_free does it for a plan's
                         items); NULL when it was written */
} jb_batch_item;

/* Called after each brief, in the worker's thread but one call at a time; result (what the
 * render decided, warnings; NULL when out of memory) is valid during the call only. */
typedef void (*jb_batch_progress)(const jb_batch_item *item, const jb_result *result, size_t done,
                                  size_t total, void *ud);

/* Renders items[0..n) with `jobs` threads (at least 1); base gives every option but input,
 * output and engine, which is opened once from base->engine_opts. Returns JB_OK when the batch
 * could run (items then carry their own status), or the engine's error (layout, fonts) with d
 * filled. The PDFs are identical whatever the number of threads. */
jb_status jb_batch_render(jb_batch_item *items, size_t n, const jb_job_opts *base, int jobs,
                          jb_batch_progress progress, void *ud, jb_diag *d);

#endif
