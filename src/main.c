/* main — the jianbao command: argv, diagnostics on stderr, exit codes. The only file that prints.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "diag.h"
#include "jianbao.h"

#ifndef JB_VERSION
#define JB_VERSION "0.0.0"
#endif
#ifndef JB_DATA_DIR
#define JB_DATA_DIR "."
#endif

static const char usage[] =
    "usage: jianbao render REPORT [-o OUT.pdf] [options]\n"
    "       jianbao render INPUT... [--manifest FILE] [-d OUTDIR] [-j N] [--shard K/N] [options]\n"
    "       jianbao inspect REPORT --json [options]\n"
    "       jianbao import ARTICLE [-o REPORT.md] [--encoding ENC] [--meta KEY=VAL] [--verbose]\n"
    "       jianbao --help | --version\n"
    "\n"
    "Typesets a Chinese work report (Markdown with front matter, docs/FORMAT.md) as a one-page\n"
    "A4 briefing sheet (简报). The body size is the largest that fits the page. REPORT may also "
    "be\n"
    "a raw article pasted from a website: its title, byline, lead and sections are found, and\n"
    "import writes it as a report file to review (to standard output without -o).\n"
    "\n"
    "  -o, --output FILE     write here (default: REPORT with .pdf)\n"
    "Many briefs (several inputs, a directory of .md/.txt files, or a manifest):\n"
    "  -d, --outdir DIR      write every PDF into DIR (default: next to its input)\n"
    "      --manifest FILE   one input a line, optionally followed by its PDF's file name\n"
    "  -j, --jobs N          worker threads (default: the number of cores)\n"
    "      --shard K/N       take only inputs K, K+N, K+2N, … (1 <= K <= N) of the list\n"
    "  -l, --layout FILE     layout file (default: the built-in red-header layout)\n"
    "      --encoding ENC    the input's encoding (default: detected — UTF-8, UTF-16 with a\n"
    "                        byte-order mark, GB18030/GBK); any name iconv knows\n"
    "      --meta KEY=VAL    set a front-matter field: masthead, issue, unit, date, title, "
    "byline,\n"
    "                        source, category, copies (repeatable)\n"
    "      --set SEC.KEY=VAL override a layout key (docs/LAYOUTS.md), e.g. --set body.min=10pt\n"
    "      --condense        when the report does not fit even at the floor size, keep the lead,\n"
    "                        each section's lead sentence and every sentence with a key figure\n"
    "      --allow-missing   draw a character no font has as □ and warn, instead of failing\n"
    "      --max-input BYTES refuse larger inputs (default 1048576)\n"
    "  -v, --verbose         say what was decided: what import found, body size, lines, figures\n"
    "      --json            inspect: print the laid-out page and the document as JSON\n"
    "  -h, --help            this text\n"
    "      --version         the version\n"
    "\n"
    "Exit codes: 0 ok, 2 usage, 3 input file, 4 encoding, 5 report format, 6 missing glyph,\n"
    "7 font, 8 layout file, 9 does not fit on one page, 10 output, 11 out of memory, 70 "
    "internal.\n";

enum { CMD_RENDER, CMD_INSPECT, CMD_IMPORT };

static void
print_diag(const jb_diag *d)
{
    if (d->file[0] && d->line > 0)
        fprintf(stderr, "%s:%d:%d: error: %s\n", d->file, d->line, d->col, d->message);
    else if (d->file[0])
        fprintf(stderr, "%s: error: %s\n", d->file, d->message);
    else
        fprintf(stderr, "jianbao: error: %s\n", d->message);
    if (d->hint[0])
        fprintf(stderr, "  hint: %s\n", d->hint);
}

static int
fail(const jb_diag *d)
{
    print_diag(d);
    return jb_status_exit_code(d->status);
}

/* One input with its options parsed. */
static int
run_one(int cmd, int verbose, jb_render_opts *o)
{
    jb_render_info info;
    jb_diag d;

    jb_diag_init(&d);
    if (cmd == CMD_INSPECT) {
        char *json;
        if (jb_inspect(o, &json, &d) != JB_OK)
            return fail(&d);
        puts(json);
        free(json);
        return 0;
    }
    if (cmd == CMD_IMPORT) {
        char *report, detected[512] = "";
        if (jb_import_report(o, &report, detected, sizeof detected, &d) != JB_OK)
            return fail(&d);
        if (o->output == NULL)
            fputs(report, stdout);
        if (verbose && detected[0])
            fprintf(stderr, "%s: %s\n", o->input, detected);
        free(report);
        return 0;
    }
    if (jb_render(o, &info, &d) != JB_OK)
        return fail(&d);
    if (info.warning[0])
        fprintf(stderr, "%s\n", info.warning);
    if (verbose && info.detected[0])
        fprintf(stderr, "%s: %s\n", o->input, info.detected);
    if (verbose)
        fprintf(stderr,
                "%s: body %.2f pt, measure %.1f pt, %d body lines, %d sections, %d key figures, "
                "%zu glyphs, %.1f pt spare at the foot%s\n",
                info.output, info.body_pt, info.measure_pt, info.body_lines, info.n_sections,
                info.n_figures, info.n_glyphs, info.spare_pt,
                info.kaiming ? ", 开明式 punctuation" : "");
    return 0;
}

/* A growing list of strings the list owns. */
typedef struct {
    char **v;
    size_t n, cap;
} strings;

static int
push(strings *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    if ((l->v[l->n] = strndup(s, len)) == NULL)
        return -1;
    l->n++;
    return 0;
}

static void
free_strings(strings *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int
is_input_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 3 &&
           (strcmp(name + n - 3, ".md") == 0 || strcmp(name + n - 4, ".txt") == 0);
}

/* Adds path, or the .md/.txt files of the directory path in name order. */
static int
add_input(strings *in, strings *names, const char *path)
{
    struct stat st;
    struct dirent **list;
    int n;

    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return push(in, path, strlen(path)) || push(names, "", 0);
    n = scandir(path, &list, NULL, alphasort);
    if (n < 0)
        return push(in, path, strlen(path)) || push(names, "", 0); /* reported by the render */
    for (int i = 0; i < n; i++) {
        char full[4096];
        if (is_input_name(list[i]->d_name)) {
            snprintf(full, sizeof full, "%s/%s", path, list[i]->d_name);
            if (push(in, full, strlen(full)) || push(names, "", 0))
                return -1;
        }
        free(list[i]);
    }
    free(list);
    return 0;
}

/* Reads a manifest: one input a line, optionally a blank and the PDF's file name; # comments.
 * Relative inputs are relative to the manifest's folder. */
static int
read_manifest(const char *path, strings *in, strings *names)
{
    FILE *f = fopen(path, "r");
    char line[8192], dir[4096];
    const char *slash = strrchr(path, '/');
    int lineno = 0;

    if (f == NULL) {
        fprintf(stderr, "%s: error: cannot open the manifest\n", path);
        return -1;
    }
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    while (fgets(line, sizeof line, f)) {
        char *p = line, *end, full[8192];
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        end = p + strcspn(p, " \t");
        snprintf(full, sizeof full, "%s%s%.*s", *p == '/' ? "" : dir, *p == '/' ? "" : "/",
                 (int)(end - p), p);
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end && (strchr(end, '/') || strcmp(end, ".") == 0 || strcmp(end, "..") == 0)) {
            fprintf(stderr,
                    "%s:%d: error: '%s' is not a plain file name\n"
                    "  hint: a manifest names the PDF only; -d says where it goes\n",
                    path, lineno, end);
            fclose(f);
            return -1;
        }
        if (push(in, full, strlen(full)) || push(names, end, strlen(end))) {
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

typedef struct {
    int tty, verbose;
} progress_ctx;

static void
progress(const jb_batch_item *item, const jb_render_info *info, size_t done, size_t total, void *ud)
{
    progress_ctx *p = ud;
    if (item->status == JB_OK && info->warning[0])
        fprintf(stderr, "%s%s\n", p->tty ? "\r" : "", info->warning);
    if (p->verbose && item->status == JB_OK)
        fprintf(stderr, "%s%s: body %.2f pt, %d lines, %d key figures\n", p->tty ? "\r" : "",
                item->output, info->body_pt, info->body_lines, info->n_figures);
    if (p->tty)
        fprintf(stderr, "\r[%zu/%zu] %-60.60s", done, total, item->input);
}

/* Many inputs: outputs named and checked, the batch run, the failures and a summary printed. */
static int
run_batch(strings *in, strings *names, const char *outdir, int jobs, int verbose,
          const jb_render_opts *o)
{
    jb_batch_item *items = calloc(in->n ? in->n : 1, sizeof *items);
    strings outs = {0};
    progress_ctx pc = {isatty(2), verbose};
    size_t ok = 0;
    int rc = 0;
    jb_diag d;

    if (items == NULL) {
        fputs("jianbao: error: out of memory\n", stderr);
        return jb_status_exit_code(JB_ERR_NOMEM);
    }
    for (size_t i = 0; i < in->n; i++) {
        const char *base = strrchr(in->v[i], '/');
        char name[4096];
        items[i].input = in->v[i];
        if (names->v[i][0]) /* a manifest's name: a plain file name, .pdf added when missing */
            snprintf(name, sizeof name, "%s%s", names->v[i],
                     strstr(names->v[i], ".pdf") ? "" : ".pdf");
        else
            jb_default_output(base ? base + 1 : in->v[i], name, sizeof name);
        char path[4096];
        int len = outdir ? snprintf(path, sizeof path, "%s/%s", outdir, name)
                         : snprintf(path, sizeof path, "%.*s%s",
                                    base ? (int)(base - in->v[i] + 1) : 0, in->v[i], name);
        if (len < 0 || (size_t)len >= sizeof path) {
            fprintf(stderr, "%s: error: the output path is too long\n", in->v[i]);
            free(items);
            free_strings(&outs);
            return jb_status_exit_code(JB_ERR_USAGE);
        }
        if (push(&outs, path, (size_t)len) != 0) {
            free(items);
            free_strings(&outs);
            fputs("jianbao: error: out of memory\n", stderr);
            return jb_status_exit_code(JB_ERR_NOMEM);
        }
        items[i].output = outs.v[i];
        for (size_t k = 0; k < i; k++)
            if (strcmp(items[k].output, items[i].output) == 0) {
                fprintf(stderr,
                        "jianbao: error: %s and %s would both write %s\n"
                        "  hint: give them other names in a manifest\n",
                        items[k].input, items[i].input, items[i].output);
                free(items);
                free_strings(&outs);
                return jb_status_exit_code(JB_ERR_USAGE);
            }
    }
    jb_diag_init(&d);
    if (jb_batch_render(items, in->n, o, jobs, progress, &pc, &d) != JB_OK) {
        free(items);
        free_strings(&outs);
        return fail(&d);
    }
    if (pc.tty)
        fputc('\n', stderr);
    for (size_t i = 0; i < in->n; i++) {
        if (items[i].status == JB_OK) {
            ok++;
            continue;
        }
        if (items[i].diag)
            print_diag(items[i].diag);
        else
            fprintf(stderr, "%s: error: out of memory\n", items[i].input);
        free(items[i].diag);
        if (rc == 0)
            rc = jb_status_exit_code(items[i].status);
    }
    fprintf(stderr, "%zu of %zu brief%s written", ok, in->n, in->n == 1 ? "" : "s");
    if (ok < in->n)
        fprintf(stderr, "; %zu failed (listed above)", in->n - ok);
    fputc('\n', stderr);
    free(items);
    free_strings(&outs);
    return rc;
}

/* render, inspect and import take the same options; render also takes many inputs. */
static int
run(int argc, char **argv, int cmd)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"layout", required_argument, NULL, 'l'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"encoding", required_argument, NULL, 'e'},
                                         {"allow-missing", no_argument, NULL, 'm'},
                                         {"meta", required_argument, NULL, 'M'},
                                         {"outdir", required_argument, NULL, 'd'},
                                         {"manifest", required_argument, NULL, 'F'},
                                         {"jobs", required_argument, NULL, 'J'},
                                         {"shard", required_argument, NULL, 'S'},
                                         {"set", required_argument, NULL, 'T'},
                                         {"condense", no_argument, NULL, 'C'},
                                         {"max-input", required_argument, NULL, 'X'},
                                         {NULL, 0, NULL, 0}};
    jb_render_opts o = {.data_dir = JB_DATA_DIR};
    const char **meta = calloc((size_t)argc + 1, sizeof *meta);
    const char **set = calloc((size_t)argc + 1, sizeof *set);
    const char *outdir = NULL, *manifest = NULL;
    strings in = {0}, names = {0}, kept = {0}, kept_names = {0};
    long jobs = sysconf(_SC_NPROCESSORS_ONLN), shard_k = 1, shard_n = 1;
    int verbose = 0, c, rc = 0, batch;

    if (meta == NULL || set == NULL) {
        free(meta);
        free(set);
        fputs("jianbao: error: out of memory\n", stderr);
        return jb_status_exit_code(JB_ERR_NOMEM);
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:vhd:j:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.output = optarg; break;
        case 'l': o.layout = optarg; break;
        case 'e': o.encoding = optarg; break;
        case 'm': o.allow_missing = 1; break;
        case 'M': meta[o.n_meta++] = optarg; break;
        case 'T': set[o.n_set++] = optarg; break;
        case 'C': o.condense = 1; break;
        case 'X': o.max_input = (size_t)strtoull(optarg, NULL, 10); break;
        case 'v': verbose = 1; break;
        case 'd': outdir = optarg; break;
        case 'F': manifest = optarg; break;
        case 'J': jobs = strtol(optarg, NULL, 10); break;
        case 'S':
            if (sscanf(optarg, "%ld/%ld", &shard_k, &shard_n) != 2 || shard_n < 1 || shard_k < 1 ||
                shard_k > shard_n) {
                fprintf(stderr, "jianbao: error: --shard '%s': write K/N with 1 <= K <= N\n",
                        optarg);
                rc = jb_status_exit_code(JB_ERR_USAGE);
                goto done;
            }
            break;
        case 'j':
            if (optarg == NULL || cmd == CMD_INSPECT)
                break; /* --json: JSON is inspect's only format */
            jobs = strtol(optarg, NULL, 10);
            break;
        case 'h': fputs(usage, stdout); goto done;
        default:
            fputs(usage, stderr);
            rc = jb_status_exit_code(JB_ERR_USAGE);
            goto done;
        }
    }
    o.meta = meta;
    o.set = set;
    batch = cmd == CMD_RENDER && (argc - optind != 1 || outdir || manifest || shard_n > 1);
    if (!batch) {
        if (optind != argc - 1) {
            fprintf(stderr, "jianbao: error: %s takes exactly one input file\n%s", argv[0], usage);
            rc = jb_status_exit_code(JB_ERR_USAGE);
            goto done;
        }
        struct stat st;
        if (cmd == CMD_RENDER && stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode)) {
            batch = 1; /* a directory of reports */
        } else {
            o.input = argv[optind];
            rc = run_one(cmd, verbose, &o);
            goto done;
        }
    }
    if (o.output) {
        fputs("jianbao: error: -o names one PDF; for many briefs use -d OUTDIR\n", stderr);
        rc = jb_status_exit_code(JB_ERR_USAGE);
        goto done;
    }
    for (int i = optind; i < argc; i++)
        if (add_input(&in, &names, argv[i]) != 0)
            goto nomem;
    if (manifest && read_manifest(manifest, &in, &names) != 0) {
        rc = jb_status_exit_code(JB_ERR_USAGE);
        goto done;
    }
    for (size_t i = 0; i < in.n; i++) /* --shard K/N: inputs K, K+N, … */
        if ((long)(i % (size_t)shard_n) == shard_k - 1 &&
            (push(&kept, in.v[i], strlen(in.v[i])) ||
             push(&kept_names, names.v[i], strlen(names.v[i]))))
            goto nomem;
    if (kept.n == 0) {
        fprintf(stderr, "jianbao: error: no report (.md) or article (.txt) in %s\n",
                optind < argc ? argv[optind]
                : manifest    ? manifest
                              : "the input");
        rc = jb_status_exit_code(JB_ERR_USAGE);
        goto done;
    }
    rc = run_batch(&kept, &kept_names, outdir, jobs > 0 ? (int)jobs : 1, verbose, &o);
    goto done;
nomem:
    fputs("jianbao: error: out of memory\n", stderr);
    rc = jb_status_exit_code(JB_ERR_NOMEM);
done:
    free_strings(&in);
    free_strings(&names);
    free_strings(&kept);
    free_strings(&kept_names);
    free(meta);
    free(set);
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return jb_status_exit_code(JB_ERR_USAGE);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("jianbao %s\n", JB_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "render") == 0)
        return run(argc - 1, argv + 1, CMD_RENDER);
    if (strcmp(argv[1], "inspect") == 0)
        return run(argc - 1, argv + 1, CMD_INSPECT);
    if (strcmp(argv[1], "import") == 0)
        return run(argc - 1, argv + 1, CMD_IMPORT);
    fprintf(stderr, "jianbao: error: unknown command '%s'\n%s", argv[1], usage);
    return jb_status_exit_code(JB_ERR_USAGE);
}
