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
    const char *manifest; /* plain lines, JSON Lines or CSV (manifest.h); NULL: none */
    const char *outdir;   /* every PDF goes here; NULL: next to its input */
    long shard_k;         /* keep inputs shard_k, shard_k + shard_n, …; 1 and 1 keep all */
    long shard_n;
    int recursive;      /* -r: a directory's subfolders too, depth first, in name order */
    const char *ext;    /* the outputs' extension (--to's writer's, ".ofd"); NULL: the default's */
    int empty_shard_ok; /* a shard with none of the inputs is an empty batch, not an error
                           (--shard auto: a scheduler may start more workers than briefs) */
} jb_plan_opts;

/* The briefs of one batch. */
typedef struct jb_plan jb_plan;

/* Builds the batch: inputs in command-line order, each directory replaced by its input files in
 * byte order of their names (never the locale's), then the manifest's briefs with their own
 * fields (manifest.h); then, with shard_n > 1, the list sorted by the inputs' bytes (one input
 * twice by its PDF name) and the shard taken: inputs K, K+N, … of it. Each brief's output is
 * -d DIR or its input's folder, named after the input (REPORT.md → REPORT.pdf) or by the
 * manifest (.pdf added when missing). Inputs that do not exist are kept: the render reports
 * them, one by one. Fails with d filled: JB_ERR_INPUT when the manifest cannot be read;
 * JB_ERR_USAGE for a bad manifest line (manifest:line), two inputs that would write the same
 * PDF (in any shard: the outputs of the whole list are checked), an empty batch, an empty
 * shard (unless empty_shard_ok) or a path above PATH_MAX; JB_ERR_NOMEM.
 * Caller owns *out (NULL on failure); release with jb_plan_free. */
jb_status jb_plan_new(const jb_plan_opts *o, jb_plan **out, jb_diag *d);

/* The briefs, in batch order; *n gets their number (at least 1, or 0 for an empty shard). Borrowed
 * from p, valid until jb_plan_free: jb_batch_render fills their status and diag in place. */
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

/* Reads --shard's K/N (1 <= K <= N); JB_ERR_USAGE otherwise (for 0/N, saying that K counts
 * from 1 and that --shard auto takes a scheduler's 0-based index). */
jb_status jb_plan_parse_shard(const char *text, long *k, long *n, jb_diag *d);

/* Reads a variable of the environment (getenv, or a test's table); NULL when it is not set. */
typedef const char *(*jb_plan_getenv)(const char *name, void *ud);

/* --shard auto: the worker's shard K/N (1 <= K <= N) from the scheduler's environment, the first
 * of: Kubernetes JOB_COMPLETION_INDEX (0-based), Slurm SLURM_ARRAY_TASK_ID counted from
 * SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP (default 1), AWS Batch
 * AWS_BATCH_JOB_ARRAY_INDEX (0-based), GNU parallel PARALLEL_SEQ (1-based). N is shards (--shards;
 * 0 when not given) or Slurm's SLURM_ARRAY_TASK_COUNT; both given must agree. *source (may be
 * NULL) names the variable used. JB_ERR_USAGE, with the fix, when no index is set, N is unknown,
 * a value is not a whole number or the index falls outside N. */
jb_status jb_plan_shard_auto(jb_plan_getenv get, void *ud, long shards, long *k, long *n,
                             const char **source, jb_diag *d);

/* --skip-existing: marks each brief whose PDF exists and was modified after its input (a
 * regular file, compared to the nanosecond) to be skipped; returns how many. */
size_t jb_plan_skip_up_to_date(jb_plan *p);

#endif
