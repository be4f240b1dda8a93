/* main — the jianbao command: argv, diagnostics on stderr, exit codes. The only file that prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "  -l, --layout FILE     layout file (default: the built-in red-header layout)\n"
    "      --encoding ENC    the input's encoding (default: detected — UTF-8, UTF-16 with a\n"
    "                        byte-order mark, GB18030/GBK); any name iconv knows\n"
    "      --meta KEY=VAL    set a front-matter field: masthead, issue, unit, date, title, "
    "byline,\n"
    "                        source, category, copies (repeatable)\n"
    "      --allow-missing   draw a character no font has as □ and warn, instead of failing\n"
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
                "%zu glyphs, %.1f pt spare at the foot\n",
                info.output, info.body_pt, info.measure_pt, info.body_lines, info.n_sections,
                info.n_figures, info.n_glyphs, info.spare_pt);
    return 0;
}

/* render, inspect and import take the same options. */
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
                                         {NULL, 0, NULL, 0}};
    jb_render_opts o = {.data_dir = JB_DATA_DIR};
    const char **meta = calloc((size_t)argc + 1, sizeof *meta);
    int verbose = 0, c, rc;

    if (meta == NULL) {
        fputs("jianbao: error: out of memory\n", stderr);
        return jb_status_exit_code(JB_ERR_NOMEM);
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:l:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.output = optarg; break;
        case 'l': o.layout = optarg; break;
        case 'e': o.encoding = optarg; break;
        case 'm': o.allow_missing = 1; break;
        case 'M': meta[o.n_meta++] = optarg; break;
        case 'v': verbose = 1; break;
        case 'j': break; /* JSON is inspect's only format */
        case 'h':
            free(meta);
            fputs(usage, stdout);
            return 0;
        default:
            free(meta);
            fputs(usage, stderr);
            return jb_status_exit_code(JB_ERR_USAGE);
        }
    }
    if (optind != argc - 1) {
        free(meta);
        fprintf(stderr, "jianbao: error: %s takes exactly one input file\n%s", argv[0], usage);
        return jb_status_exit_code(JB_ERR_USAGE);
    }
    o.input = argv[optind];
    o.meta = meta;
    rc = run_one(cmd, verbose, &o);
    free(meta);
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
