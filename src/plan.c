/* plan — a batch's briefs and output paths; strict command-line numbers. */
#include "plan.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "jianbao.h"
#include "manifest.h"
#include "readers.h"
#include "source.h"
#include "writers.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* -r goes this many folders deep at most (a link loop ends there). */
#define MAX_DEPTH 16

/* A brief: its input, the PDF name a manifest gave (NULL: named after the input) and its own
 * fields (manifest.h). */
typedef jb_manifest_entry entry;

typedef struct {
    entry *v;
    size_t n, cap;
} entries;

struct jb_plan {
    jb_batch_item *items;
    size_t n;
    entries kept; /* owns the strings items point into */
    char **outputs;
    entries skipped; /* directory entries not taken (input: the path; name: why) */
};

static void
free_entries(entries *l)
{
    jb_manifest m = {l->v, l->n, JB_MANIFEST_LINES};
    jb_manifest_fini(&m);
    memset(l, 0, sizeof *l);
}

/* Appends e, taken over (emptied on failure too). */
static jb_status
push_entry(entries *l, entry *e, jb_diag *d)
{
    if (jb_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0) {
        jb_manifest m = {e, 1, JB_MANIFEST_LINES};
        jb_manifest_fini(&m);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
    }
    l->v[l->n++] = *e;
    memset(e, 0, sizeof *e);
    return JB_OK;
}

/* Appends input (len bytes) and name (NULL or a string); both are copied. */
static jb_status
push(entries *l, const char *input, size_t len, const char *name, jb_diag *d)
{
    entry e = {.input = strndup(input, len), .name = name ? strdup(name) : NULL, .condense = -1};

    if (e.input == NULL || (name && e.name == NULL)) {
        free(e.input);
        free(e.name);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
    }
    return push_entry(l, &e, d);
}

/* Names that sit beside the reports of a folder but are no report (README.txt, LICENSE.md). */
static int
is_side_file(const char *name)
{
    static const char *const stems[] = {"README",    "LICENSE", "LICENCE", "COPYING",
                                        "CHANGELOG", "CHANGES", "NEWS",    "TODO"};
    size_t stem = strcspn(name, ".");
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++)
        if (stem == strlen(stems[i]) && strncasecmp(name, stems[i], stem) == 0)
            return 1;
    return 0;
}

int
jb_plan_is_input_name(const char *name)
{
    return name[0] != '.' && !is_side_file(name) && jb_reader_takes_name(name);
}

static jb_status
too_long(const char *path, jb_diag *d)
{
    return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "use shorter folder and file names",
                       "the path %.200s… is longer than %d bytes", path, PATH_MAX - 1);
}

/* Names in byte order: alphasort would follow the locale's collation, and a shard must be the
 * same list on every machine. */
static int
by_bytes(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds path, or when it is a directory its input files in name order (and, recursive, those of
 * its subfolders, depth first); the other entries are noted in skipped. A path that cannot be
 * listed is added as it is, so that the render reports it with the other failures. */
static jb_status
add_input(entries *l, entries *skipped, const char *path, int recursive, int depth, jb_diag *d)
{
    struct stat st;
    struct dirent **list;
    jb_status s = JB_OK;
    int n;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return depth == 0 ? push(l, path, strlen(path), NULL, d) : JB_OK;
    if ((n = scandir(path, &list, NULL, by_bytes)) < 0)
        return push(l, path, strlen(path), NULL, d);
    for (int i = 0; i < n; i++) {
        char full[PATH_MAX];
        const char *name = list[i]->d_name;
        int len = snprintf(full, sizeof full, "%s/%s", path, name);
        struct stat est;
        if (s != JB_OK || name[0] == '.') {
            free(list[i]);
            continue;
        }
        if (len < 0 || (size_t)len >= sizeof full)
            s = too_long(path, d);
        else if (stat(full, &est) == 0 && S_ISDIR(est.st_mode))
            s = recursive && depth < MAX_DEPTH
                    ? add_input(l, skipped, full, recursive, depth + 1, d)
                    : push(skipped, full, (size_t)len, recursive ? "too deep" : "a folder", d);
        else if (jb_plan_is_input_name(name))
            s = push(l, full, (size_t)len, NULL, d);
        else
            s = push(skipped, full, (size_t)len, "not a report", d);
        free(list[i]);
    }
    free(list);
    return s;
}

/* Reads the manifest at path (manifest.h) and takes its briefs over. */
static jb_status
read_manifest(entries *l, const char *path, jb_diag *d)
{
    jb_manifest m;
    jb_status s = jb_manifest_read(path, JB_MANIFEST_DETECT, &m, d);

    for (size_t i = 0; s == JB_OK && i < m.n; i++)
        s = push_entry(l, &m.v[i], d);
    jb_manifest_fini(&m);
    return s;
}

/* The output path of e (ext: its format's extension): -d DIR or the input's folder, then the
 * manifest's name or the input's. */
static jb_status
output_path(const entry *e, const char *outdir, const char *ext, char **out, jb_diag *d)
{
    const char *base = strrchr(e->input, '/');
    size_t in_len = strlen(e->input), name_len, ext_len = strlen(ext);
    char *name = NULL, *path = NULL;
    jb_status s = JB_OK;
    int n;

    base = base ? base + 1 : e->input;
    if (e->name) {
        name_len = strlen(e->name);
        if ((name = malloc(name_len + ext_len + 1)) != NULL)
            sprintf(name, "%s%s", e->name,
                    name_len >= ext_len && strcmp(e->name + name_len - ext_len, ext) == 0 ? ""
                                                                                          : ext);
    } else if ((name = malloc(in_len + ext_len + 1)) != NULL) {
        jb_output_name(base, ext, name, in_len + ext_len + 1);
    }
    if (name == NULL || (path = malloc(PATH_MAX)) == NULL) {
        s = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
        goto done;
    }
    n = outdir ? snprintf(path, PATH_MAX, "%s/%s", outdir, name)
               : snprintf(path, PATH_MAX, "%.*s%s", (int)(base - e->input), e->input, name);
    if (n < 0 || n >= PATH_MAX) {
        s = jb_diag_set(d, JB_ERR_USAGE, e->input, 0, 0,
                        "use a shorter -d folder or shorter file names",
                        "the output path would be longer than %d bytes", PATH_MAX - 1);
        goto done;
    }
    *out = path;
    path = NULL;
done:
    free(name);
    free(path);
    return s;
}

static int
cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->input, y->input);
    if (c == 0 && x->name && y->name)
        c = strcmp(x->name, y->name);
    else if (c == 0)
        c = (x->name != NULL) - (y->name != NULL);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

typedef struct {
    const char *output;
    size_t i;
} by_output;

static int
cmp_output(const void *a, const void *b)
{
    const by_output *x = a, *y = b;
    int c = strcmp(x->output, y->output);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Two items writing one PDF: reports the pair whose later item comes first in the batch. */
static jb_status
check_duplicates(const jb_plan *p, jb_diag *d)
{
    by_output *v = malloc(p->n * sizeof *v);
    size_t first = 0, second = p->n;

    if (v == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
    for (size_t i = 0; i < p->n; i++)
        v[i] = (by_output){p->items[i].output, i};
    qsort(v, p->n, sizeof *v, cmp_output);
    for (size_t i = 1; i < p->n; i++) {
        size_t g = i - 1; /* v[g] starts a run of equal outputs only if it differs from v[g-1] */
        if (strcmp(v[g].output, v[i].output) != 0 ||
            (g > 0 && strcmp(v[g - 1].output, v[g].output) == 0))
            continue;
        if (v[i].i < second)
            first = v[g].i, second = v[i].i;
    }
    free(v);
    if (second == p->n)
        return JB_OK;
    if (strcmp(p->items[first].input, p->items[second].input) == 0)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "list each input once",
                           "%.200s is listed twice", p->items[first].input);
    return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                       "rename one of them, or give them other PDF names in a --manifest",
                       "%.200s and %.200s would both write %.200s", p->items[first].input,
                       p->items[second].input, p->items[second].output);
}

jb_status
jb_plan_new(const jb_plan_opts *o, jb_plan **out, jb_diag *d)
{
    entries all = {0};
    jb_plan *p = calloc(1, sizeof *p);
    long k = o->shard_n > 0 ? o->shard_k : 1, n = o->shard_n > 0 ? o->shard_n : 1;
    jb_status s = JB_OK;

    *out = NULL;
    if (p == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
    for (size_t i = 0; s == JB_OK && i < o->n_inputs; i++)
        s = add_input(&all, &p->skipped, o->inputs[i], o->recursive, 0, d);
    if (s == JB_OK && o->manifest)
        s = read_manifest(&all, o->manifest, d);
    if (s != JB_OK)
        goto fail;
    if (all.n == 0) {
        s = jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                        "give .md/.markdown or .txt files, a directory holding them (-r for "
                        "its subfolders too), or a --manifest listing them",
                        "no report (.md) or article (.txt) in %.300s",
                        o->n_inputs   ? o->inputs[0]
                        : o->manifest ? o->manifest
                                      : "the input");
        goto fail;
    }
    /* sharded, the list is sorted (paths by bytes; one input twice by its PDF name): a shard is
     * then a function of the inputs and N alone, whatever order a shell's glob (which follows
     * the locale) or a script gave them in */
    if (n > 1)
        qsort(all.v, all.n, sizeof *all.v, cmp_entry);
    /* the outputs of the whole list, checked together: two shards never write one PDF */
    p->items = calloc(all.n, sizeof *p->items);
    p->outputs = calloc(all.n, sizeof *p->outputs);
    if (p->items == NULL || p->outputs == NULL) {
        s = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
        goto fail;
    }
    for (p->n = 0; p->n < all.n; p->n++) {
        if ((s = output_path(&all.v[p->n], o->outdir, o->ext ? o->ext : jb_writer_find(NULL)->ext,
                             &p->outputs[p->n], d)) != JB_OK)
            goto fail;
        p->items[p->n].input = all.v[p->n].input;
        p->items[p->n].output = p->outputs[p->n];
    }
    if ((s = check_duplicates(p, d)) != JB_OK)
        goto fail;
    /* --shard K/N: inputs K, K+N, …; the entries move to kept (their strings stay put) */
    p->n = 0;
    for (size_t i = 0; i < all.n; i++) {
        jb_batch_item it = p->items[i];
        char *path = p->outputs[i];
        p->outputs[i] = NULL;
        if ((long)(i % (size_t)n) != k - 1) {
            free(path);
            continue;
        }
        if ((s = push_entry(&p->kept, &all.v[i], d)) != JB_OK) {
            free(path);
            for (size_t j = i + 1; j < all.n; j++)
                free(p->outputs[j]);
            goto fail;
        }
        it.layout = p->kept.v[p->n].layout;
        it.condense = p->kept.v[p->n].condense;
        it.pages = p->kept.v[p->n].pages;
        it.meta = (const char *const *)p->kept.v[p->n].meta;
        it.n_meta = p->kept.v[p->n].n_meta;
        it.issue_inputs = (const char *const *)p->kept.v[p->n].more;
        it.n_issue_inputs = p->kept.v[p->n].n_more;
        p->items[p->n] = it;
        p->outputs[p->n++] = path;
    }
    if (p->n == 0 && !o->empty_shard_ok) {
        s = jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                        "K of --shard K/N must not exceed the number of inputs",
                        "--shard %ld/%ld leaves none of the %zu inputs", k, n, all.n);
        goto fail;
    }
    free_entries(&all);
    *out = p;
    return JB_OK;
fail:
    free_entries(&all);
    jb_plan_free(p);
    return s;
}

const char *
jb_plan_skipped(const jb_plan *p, size_t i, const char **why)
{
    if (i >= p->skipped.n)
        return NULL;
    if (why)
        *why = p->skipped.v[i].name;
    return p->skipped.v[i].input;
}

jb_batch_item *
jb_plan_items(jb_plan *p, size_t *n)
{
    *n = p->n;
    return p->items;
}

void
jb_plan_free(jb_plan *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->items)
            free(p->items[i].diag);
        if (p->outputs)
            free(p->outputs[i]);
    }
    free(p->items);
    free(p->outputs);
    free_entries(&p->kept);
    free_entries(&p->skipped);
    free(p);
}

jb_status
jb_plan_parse_number(const char *option, const char *text, unsigned long long min,
                     unsigned long long max, int flags, unsigned long long *out, jb_diag *d)
{
    const char *km = flags & JB_NUMBER_KM ? ", optionally with K or M (×1024, ×1048576): 512K" : "";
    char hint[256];
    unsigned long long v, mult = 1;
    char *end;
    int e;

    if (max == ULLONG_MAX || max == SIZE_MAX) /* no real bound: do not print 20 digits */
        snprintf(hint, sizeof hint, "write a whole number of at least %llu%s", min, km);
    else
        snprintf(hint, sizeof hint, "write a whole number from %llu to %llu%s", min, max, km);
    /* strtoull alone would take blanks, a sign ("-1" is ULLONG_MAX) and stop at any junk */
    if (text == NULL || *text < '0' || *text > '9')
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, hint, "%s '%.100s' is not a whole number",
                           option, text ? text : "");
    errno = 0;
    v = strtoull(text, &end, 10);
    e = errno;
    if ((flags & JB_NUMBER_KM) && (*end == 'K' || *end == 'k'))
        mult = 1024, end++;
    else if ((flags & JB_NUMBER_KM) && (*end == 'M' || *end == 'm'))
        mult = 1024 * 1024, end++;
    if (*end != '\0')
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, hint, "%s '%.100s' is not a whole number",
                           option, text);
    if (e == ERANGE || v > ULLONG_MAX / mult || v * mult < min || v * mult > max)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, hint, "%s '%.100s' is out of range", option,
                           text);
    *out = v * mult;
    return JB_OK;
}

jb_status
jb_plan_parse_shard(const char *text, long *k, long *n, jb_diag *d)
{
    if (text && text[0] == '0' && text[1] == '/')
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "K counts from 1: a scheduler's 0-based index i is --shard i+1/N, or "
                           "let --shard auto read it (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, "
                           "AWS_BATCH_JOB_ARRAY_INDEX, PARALLEL_SEQ)",
                           "--shard '%.100s': shards are numbered from 1", text);
    const char *hint = "write K/N with 1 <= K <= N: --shard 2/4 takes inputs 2, 6, 10, …";
    const char *slash = text ? strchr(text, '/') : NULL;
    unsigned long long a, b;
    jb_diag ignore;
    char head[32];

    jb_diag_init(&ignore);
    if (slash == NULL || (size_t)(slash - text) >= sizeof head)
        goto bad;
    snprintf(head, sizeof head, "%.*s", (int)(slash - text), text);
    if (jb_plan_parse_number("--shard", head, 1, LONG_MAX, JB_NUMBER_PLAIN, &a, &ignore) != JB_OK ||
        jb_plan_parse_number("--shard", slash + 1, 1, LONG_MAX, JB_NUMBER_PLAIN, &b, &ignore) !=
            JB_OK ||
        a > b)
        goto bad;
    *k = (long)a;
    *n = (long)b;
    return JB_OK;
bad:
    return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, hint, "--shard '%.100s' is not K/N",
                       text ? text : "");
}

/* The whole number the variable name holds, into *v; JB_ERR_USAGE when it is something else. */
static jb_status
env_number(jb_plan_getenv get, void *ud, const char *name, unsigned long long *v, jb_diag *d)
{
    const char *text = get(name, ud);
    char option[64];
    snprintf(option, sizeof option, "--shard auto: %s", name);
    return jb_plan_parse_number(option, text, 0, LONG_MAX, JB_NUMBER_PLAIN, v, d);
}

jb_status
jb_plan_shard_auto(jb_plan_getenv get, void *ud, long shards, long *k, long *n, const char **source,
                   jb_diag *d)
{
    static const char *const zero_based[] = {"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"};
    unsigned long long index = 0, count = shards > 0 ? (unsigned long long)shards : 0, v;
    const char *from = NULL;
    jb_status s;

    if (get("JOB_COMPLETION_INDEX", ud)) {
        from = zero_based[0];
        if ((s = env_number(get, ud, from, &index, d)) != JB_OK)
            return s;
    } else if (get("SLURM_ARRAY_TASK_ID", ud)) {
        unsigned long long id, min = 0, step = 1;
        from = "SLURM_ARRAY_TASK_ID";
        if ((s = env_number(get, ud, from, &id, d)) != JB_OK ||
            (get("SLURM_ARRAY_TASK_MIN", ud) &&
             (s = env_number(get, ud, "SLURM_ARRAY_TASK_MIN", &min, d)) != JB_OK) ||
            (get("SLURM_ARRAY_TASK_STEP", ud) &&
             (s = env_number(get, ud, "SLURM_ARRAY_TASK_STEP", &step, d)) != JB_OK))
            return s;
        if (id < min || step == 0 || (id - min) % step != 0)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                               "run the array as --array=MIN-MAX[:STEP], or give --shard K/N",
                               "--shard auto: SLURM_ARRAY_TASK_ID %llu is not MIN %llu plus a "
                               "multiple of STEP %llu",
                               id, min, step);
        index = (id - min) / step;
        if (get("SLURM_ARRAY_TASK_COUNT", ud)) {
            if ((s = env_number(get, ud, "SLURM_ARRAY_TASK_COUNT", &v, d)) != JB_OK)
                return s;
            if (count && count != v)
                return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                                   "leave --shards out under Slurm, or make it the array's size",
                                   "--shards %llu but SLURM_ARRAY_TASK_COUNT is %llu", count, v);
            count = v;
        }
    } else if (get("AWS_BATCH_JOB_ARRAY_INDEX", ud)) {
        from = zero_based[1];
        if ((s = env_number(get, ud, from, &index, d)) != JB_OK)
            return s;
    } else if (get("PARALLEL_SEQ", ud)) {
        from = "PARALLEL_SEQ";
        if ((s = env_number(get, ud, from, &v, d)) != JB_OK)
            return s;
        if (v == 0)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "GNU parallel counts jobs from 1",
                               "--shard auto: PARALLEL_SEQ is 0");
        index = v - 1;
    } else {
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "run it as a Kubernetes Indexed Job, a Slurm job array, an AWS Batch "
                           "array job or under GNU parallel (docs/deploy/), or give --shard K/N",
                           "--shard auto: no worker index in the environment "
                           "(JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, "
                           "AWS_BATCH_JOB_ARRAY_INDEX, PARALLEL_SEQ)");
    }
    if (count == 0)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "add --shards N: the number of workers (a Kubernetes Job's "
                           "completions, the array's size, parallel's job count)",
                           "--shard auto: %s gives the index but not the number of workers", from);
    if (index >= count)
        return jb_diag_set(
            d, JB_ERR_USAGE, NULL, 0, 0, "make --shards the number of workers the scheduler starts",
            "--shard auto: %s makes this worker %llu (from 0) of only %llu", from, index, count);
    *k = (long)index + 1;
    *n = (long)count;
    if (source)
        *source = from;
    return JB_OK;
}

/* Whether a's modification time is after b's. */
static int
newer(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
           (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

size_t
jb_plan_skip_up_to_date(jb_plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct stat in, out;
        p->items[i].skip = stat(p->items[i].input, &in) == 0 &&
                           stat(p->items[i].output, &out) == 0 && S_ISREG(out.st_mode) &&
                           newer(&out, &in);
        n += (size_t)p->items[i].skip;
    }
    return n;
}
