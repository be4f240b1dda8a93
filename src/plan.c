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

#include "diag.h"
#include "readers.h"
#include "writers.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* An input and the PDF name its manifest line gave (NULL: named after the input). */
/* -r goes this many folders deep at most (a link loop ends there). */
#define MAX_DEPTH 16

typedef struct {
    char *input;
    char *name;
} entry;

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
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].input);
        free(l->v[i].name);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Appends input (len bytes) and name (NULL or a string); both are copied. */
static jb_status
push(entries *l, const char *input, size_t len, const char *name, jb_diag *d)
{
    entry e = {strndup(input, len), name ? strdup(name) : NULL};

    if (e.input == NULL || (name && e.name == NULL))
        goto nomem;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        entry *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            goto nomem;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = e;
    return JB_OK;
nomem:
    free(e.input);
    free(e.name);
    return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
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
    if ((n = scandir(path, &list, NULL, alphasort)) < 0)
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

/* Column (1-based, in characters) of p within line. */
static int
column(const char *line, const char *p)
{
    int col = 1;
    for (; line < p; line++)
        col += ((unsigned char)*line & 0xC0) != 0x80;
    return col;
}

/* One manifest line: blanks, the input, blanks, optionally the PDF's file name; # comments. */
static jb_status
manifest_line(entries *l, const char *path, const char *dir, int lineno, char *line, jb_diag *d)
{
    char *p = line, *end, *name, full[PATH_MAX];
    size_t len = strlen(line);
    int n;

    while (len > 0 && strchr(" \t\r\n", line[len - 1]))
        line[--len] = '\0';
    p += strspn(p, " \t");
    if (*p == '\0' || *p == '#')
        return JB_OK;
    end = p + strcspn(p, " \t");
    name = end + strspn(end, " \t");
    if (*name && (strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
        return jb_diag_set(d, JB_ERR_USAGE, path, lineno, column(line, name),
                           "a manifest names the PDF only; -d says where it goes",
                           "'%.200s' is not a plain file name", name);
    n = *p == '/' ? snprintf(full, sizeof full, "%.*s", (int)(end - p), p)
                  : snprintf(full, sizeof full, "%s/%.*s", dir, (int)(end - p), p);
    if (n < 0 || (size_t)n >= sizeof full)
        return jb_diag_set(d, JB_ERR_USAGE, path, lineno, column(line, p),
                           "use shorter folder and file names",
                           "the input path is longer than %d bytes", PATH_MAX - 1);
    return push(l, full, (size_t)n, *name ? name : NULL, d);
}

/* Reads the manifest at path; relative inputs are relative to its folder. */
static jb_status
read_manifest(entries *l, const char *path, jb_diag *d)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, e;
    jb_status s = JB_OK;
    struct stat st;
    FILE *f = NULL;

    if (dir == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
    if ((f = fopen(path, "r")) == NULL) {
        e = errno;
        s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file given to --manifest",
                        "cannot open the manifest: %s", strerror(e));
        goto done;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                        "--manifest takes a file listing the inputs; a directory is an input",
                        "the manifest is a directory");
        goto done;
    }
    errno = 0;
    while (s == JB_OK && getline(&line, &cap, f) >= 0)
        s = manifest_line(l, path, dir, ++lineno, line, d);
    if (s == JB_OK && ferror(f)) {
        e = errno;
        s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file given to --manifest",
                        "cannot read the manifest: %s", strerror(e ? e : EIO));
    }
done:
    if (f)
        fclose(f);
    free(line);
    free(dir);
    return s;
}

/* The PDF path of e: -d DIR or the input's folder, then the manifest's name or the input's. */
static jb_status
output_path(const entry *e, const char *outdir, const char *o_ext, char **out, jb_diag *d)
{
    const char *base = strrchr(e->input, '/');
    const char *ext = o_ext ? o_ext : jb_writer_find(NULL)->ext; /* --to's, or the default's */
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
    for (size_t i = 0; i < all.n; i++) { /* --shard K/N: inputs K, K+N, … */
        if ((long)(i % (size_t)n) != k - 1)
            continue;
        if ((s = push(&p->kept, all.v[i].input, strlen(all.v[i].input), all.v[i].name, d)) != JB_OK)
            goto fail;
    }
    if (p->kept.n == 0) {
        if (all.n > 0)
            s = jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                            "K of --shard K/N must not exceed the number of inputs",
                            "--shard %ld/%ld leaves none of the %zu inputs", k, n, all.n);
        else
            s = jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                            "give .md/.markdown or .txt files, a directory holding them (-r for "
                            "its subfolders too), or a --manifest listing them",
                            "no report (.md) or article (.txt) in %.300s",
                            o->n_inputs   ? o->inputs[0]
                            : o->manifest ? o->manifest
                                          : "the input");
        goto fail;
    }
    p->n = p->kept.n;
    p->items = calloc(p->n, sizeof *p->items);
    p->outputs = calloc(p->n, sizeof *p->outputs);
    if (p->items == NULL || p->outputs == NULL) {
        s = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory planning the batch");
        goto fail;
    }
    for (size_t i = 0; i < p->n; i++) {
        if ((s = output_path(&p->kept.v[i], o->outdir, o->ext, &p->outputs[i], d)) != JB_OK)
            goto fail;
        p->items[i].input = p->kept.v[i].input;
        p->items[i].output = p->outputs[i];
    }
    if ((s = check_duplicates(p, d)) != JB_OK)
        goto fail;
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
