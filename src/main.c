/* main — the jianbao command: argv, diagnostics on stderr, exit codes. The only file that prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "diag.h"
#include "jianbao.h"
#include "plan.h"

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
    "      --max-input N     refuse inputs above N bytes; K and M multiply by 1024 and 1048576\n"
    "                        (512K, 2M; default 1M)\n"
    "  -v, --verbose         say what was decided: what import found, body size, lines, figures\n"
    "      --json            inspect: print the laid-out page and the document as JSON\n"
    "  -h, --help            this text\n"
    "      --version         the version\n"
    "\n"
    "Exit codes: 0 ok, 2 usage, 3 input file, 4 encoding, 5 report format, 6 missing glyph,\n"
    "7 font, 8 layout file, 9 does not fit on one page, 10 output, 11 out of memory, 70 "
    "internal.\n";

enum { CMD_RENDER, CMD_INSPECT, CMD_IMPORT };

/* A -j above this is surely a typo; a batch never starts more threads than briefs anyway. */
#define MAX_JOBS 1024

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

/* Many inputs: the plan made, the batch run, the failures and a summary printed. */
static int
run_batch(const jb_plan_opts *po, int jobs, int verbose, const jb_render_opts *o)
{
    progress_ctx pc = {isatty(2), verbose};
    jb_batch_item *items;
    jb_plan *plan;
    size_t n, ok = 0;
    int rc = 0;
    jb_diag d;

    jb_diag_init(&d);
    if (jb_plan_new(po, &plan, &d) != JB_OK)
        return fail(&d);
    items = jb_plan_items(plan, &n);
    if (jb_batch_render(items, n, o, jobs, progress, &pc, &d) != JB_OK) {
        jb_plan_free(plan);
        return fail(&d);
    }
    if (pc.tty)
        fputc('\n', stderr);
    for (size_t i = 0; i < n; i++) {
        if (items[i].status == JB_OK) {
            ok++;
            continue;
        }
        if (items[i].diag)
            print_diag(items[i].diag);
        else
            fprintf(stderr, "%s: error: out of memory\n", items[i].input);
        if (rc == 0)
            rc = jb_status_exit_code(items[i].status);
    }
    fprintf(stderr, "%zu of %zu brief%s written", ok, n, n == 1 ? "" : "s");
    if (ok < n)
        fprintf(stderr, "; %zu failed (listed above)", n - ok);
    fputc('\n', stderr);
    jb_plan_free(plan);
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
    jb_plan_opts po = {.shard_k = 1, .shard_n = 1};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned long long jobs = cores > 0 ? (unsigned long long)cores : 1, max_input;
    int verbose = 0, c, rc = 0, batch;
    jb_diag d;

    jb_diag_init(&d);
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
        case 'X':
            if (jb_plan_parse_number("--max-input", optarg, 1, SIZE_MAX, JB_NUMBER_KM, &max_input,
                                     &d) != JB_OK)
                goto bad;
            o.max_input = (size_t)max_input;
            break;
        case 'v': verbose = 1; break;
        case 'd': po.outdir = optarg; break;
        case 'F': po.manifest = optarg; break;
        case 'S':
            if (jb_plan_parse_shard(optarg, &po.shard_k, &po.shard_n, &d) != JB_OK)
                goto bad;
            break;
        case 'J':
        case 'j':
            if (optarg == NULL)
                break; /* --json: JSON is inspect's only format */
            if (jb_plan_parse_number("-j/--jobs", optarg, 1, MAX_JOBS, JB_NUMBER_PLAIN, &jobs,
                                     &d) != JB_OK)
                goto bad;
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
    batch = cmd == CMD_RENDER && (argc - optind != 1 || po.outdir || po.manifest || po.shard_n > 1);
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
    po.inputs = (const char *const *)argv + optind;
    po.n_inputs = (size_t)(argc - optind);
    rc = run_batch(&po, (int)jobs, verbose, &o);
    goto done;
bad:
    rc = fail(&d);
done:
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
