/* plan — turns a batch's command line (files, directories, a manifest, a shard, -d) into the
 * list of briefs to render with their output paths, checked before anything is written; and reads
 * the command line's numbers strictly. */
#ifndef JB_PLAN_H
#define JB_PLAN_H

#include <stddef.h>

#include "batch.h"
#include "diag.h"

/* What the command line asked for; every pointer is borrowed for the call only. */
typedef struct {
    const char *const *inputs; /* files, or directories standing for their .md/.txt files */
    size_t n_inputs;
    const char *manifest; /* one input a line, optionally its PDF's file name; NULL: none */
    const char *outdir;   /* every PDF goes here; NULL: next to its input */
    long shard_k;         /* keep inputs shard_k, shard_k + shard_n, …; 1 and 1 keep all */
    long shard_n;
    int recursive;   /* -r: a directory's subfolders too, depth first, in name order */
    const char *ext; /* the outputs' extension (--to's writer); NULL: the default writer's */
} jb_plan_opts;

/* The briefs of one batch. */
typedef struct jb_plan jb_plan;

/* Builds the batch: inputs in command-line order, each directory replaced by its input files in
 * name order, then the manifest's lines; then the shard. Each brief's output is -d DIR or its
 * input's folder, named after the input (REPORT.md → REPORT.pdf) or by the manifest (.pdf added
 * when missing). Inputs that do not exist are kept: the render reports them, one by one.
 * Fails with d filled: JB_ERR_INPUT when the manifest cannot be read; JB_ERR_USAGE for a
 * manifest line naming a path instead of a file name (manifest:line:col), two inputs that would
 * write the same PDF, an empty batch or a path above PATH_MAX; JB_ERR_NOMEM.
 * Caller owns *out (NULL on failure); release with jb_plan_free. */
jb_status jb_plan_new(const jb_plan_opts *o, jb_plan **out, jb_diag *d);

/* The briefs, in batch order; *n gets their number (at least 1). Borrowed from p, valid until
 * jb_plan_free: jb_batch_render fills their status and diag in place. */
jb_batch_item *jb_plan_items(jb_plan *p, size_t *n);

/* The i-th entry of an input directory that the batch does not take (a file that is no report
 * or article, README.txt, a subfolder without -r), or NULL past the last; *why (may be NULL) says
 * which ("not a report", "a folder", "too deep"). Borrowed from p. */
const char *jb_plan_skipped(const jb_plan *p, size_t i, const char **why);

/* Frees the plan, its strings and the diag of every item. NULL is fine. */
void jb_plan_free(jb_plan *p);

/* Whether a directory entry is a batch input: a .md or .markdown report, a .txt article or a
 * Word document (.docx, .doc, .wps, .odt), in any case, not hidden, and not a README, LICENSE,
 * COPYING, CHANGELOG, NEWS or TODO file. */
int jb_plan_is_input_name(const char *name);

/* Flags for jb_plan_parse_number. */
enum { JB_NUMBER_PLAIN = 0, JB_NUMBER_KM = 1 /* a K or M suffix: ×1024, ×1048576 */ };

/* Reads text, the value of option (named in the diagnostic, e.g. "-j/--jobs"), as a whole number
 * from min to max: decimal digits only (no sign, no blanks), with JB_NUMBER_KM a K or M suffix.
 * JB_ERR_USAGE naming the option and the value, with a hint, when it is anything else. */
jb_status jb_plan_parse_number(const char *option, const char *text, unsigned long long min,
                               unsigned long long max, int flags, unsigned long long *out,
                               jb_diag *d);

/* Reads --shard's K/N (1 <= K <= N); JB_ERR_USAGE otherwise. */
jb_status jb_plan_parse_shard(const char *text, long *k, long *n, jb_diag *d);

#endif
