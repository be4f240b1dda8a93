/* main — the jianbao command: the options of a command, dispatch to the commands (cmd_render.c,
 * cmd_watch.c, cmd_serve.c, cmd_fonts.c; cli.h; the usage in cli_usage.c), exit codes. The
 * program's files are the only ones that print. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "doc.h"
#include "plugin.h"
#include "diag.h"
#include "fontdb.h"
#include "jianbao.h"
#include "plan.h"
#include "readers.h"
#include "results.h"
#include "source.h"
#include "writers.h"
#include "spec.h"
#include "serve.h"
#include "watch.h"

/* A -j above this is surely a typo; a batch never starts more threads than briefs anyway. */
#define MAX_JOBS 1024

/* ---- the options of a command ---- */

static void
cli_fini(cli *c)
{
    free(c->meta);
    free(c->set);
    free(c->font_dirs);
    free(c->font_env);
    free(c->stdin_data);
}

static int
is_data_dir(const char *dir)
{
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/layouts/red-header.ini", dir);
    return access(probe, R_OK) == 0;
}

/* The folder holding layouts/ and fonts/: --data-dir, JIANBAO_DATA_DIR, PREFIX/share/jianbao
 * beside the installed program (so a moved prefix still works), or for the program in its build
 * tree the source tree. 0, or -1 with an error printed. */
static int
find_data_dir(cli *c)
{
    const char *env = getenv("JIANBAO_DATA_DIR");
    char exe[PATH_MAX], probe[PATH_MAX + 32];
    ssize_t n;

    if (c->data_dir_opt || (env && env[0])) {
        const char *dir = c->data_dir_opt ? c->data_dir_opt : env;
        if (!is_data_dir(dir)) {
            fprintf(stderr,
                    "%s: error: not jianbao's data folder (no layouts/red-header.ini)\n"
                    "  hint: give the folder holding layouts/ and fonts/ (%s)\n",
                    dir, c->data_dir_opt ? "--data-dir" : "JIANBAO_DATA_DIR");
            return -1;
        }
        snprintf(c->data_dir, sizeof c->data_dir, "%s", dir);
        return 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')) != NULL) {
            *slash = '\0';
            snprintf(probe, sizeof probe, "%s/../share/jianbao", exe);
            if (is_data_dir(probe) && realpath(probe, c->data_dir) != NULL) {
                snprintf(probe, sizeof probe, "%s/../share/doc/jianbao/LAYOUTS.md", exe);
                if (access(probe, R_OK) == 0 && realpath(probe, doc_dir) != NULL)
                    *strrchr(doc_dir, '/') = '\0';
                return 0;
            }
            *slash = '/';
        }
#if defined(JB_BUILD_EXE) && defined(JB_BUILD_DATA_DIR)
        if (strcmp(exe, JB_BUILD_EXE) == 0 && is_data_dir(JB_BUILD_DATA_DIR)) {
            snprintf(c->data_dir, sizeof c->data_dir, "%s", JB_BUILD_DATA_DIR);
            return 0;
        }
#endif
    }
    fputs("jianbao: error: cannot find jianbao's data folder (layouts/ and fonts/)\n"
          "  hint: install jianbao (cmake --install), or give --data-dir DIR or "
          "JIANBAO_DATA_DIR\n",
          stderr);
    return -1;
}

/* --layout NAME (red-header, modern, mono: no folder, no .ini, no such file here) is the data
 * folder's layouts/NAME.ini, as jianbao serve lists them. 0, or -1 with an error printed. */
static int
resolve_layout(cli *c)
{
    const char *name = c->eo.layout;
    DIR *dh;
    struct dirent *de;

    if (name == NULL || strchr(name, '/') || access(name, F_OK) == 0 ||
        (strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".ini") == 0))
        return 0;
    snprintf(c->layout_path, sizeof c->layout_path, "%s/layouts/%s.ini", c->data_dir, name);
    if (access(c->layout_path, R_OK) == 0) {
        c->eo.layout = c->layout_path;
        return 0;
    }
    fprintf(stderr,
            "jianbao: error: no layout file or installed layout named '%s'\n"
            "  hint: give a file, or one of:",
            name);
    snprintf(c->layout_path, sizeof c->layout_path, "%s/layouts", c->data_dir);
    if ((dh = opendir(c->layout_path)) != NULL) {
        while ((de = readdir(dh)) != NULL) {
            size_t n = strlen(de->d_name);
            if (n > 4 && de->d_name[0] != '.' && strcmp(de->d_name + n - 4, ".ini") == 0)
                fprintf(stderr, " %.*s", (int)(n - 4), de->d_name);
        }
        closedir(dh);
    }
    fprintf(stderr, " (in %s)\n", c->layout_path);
    return -1;
}

/* --font-path folders, then those of JIANBAO_FONT_PATH. */
static void
add_font_env(cli *c)
{
    const char *env = getenv("JIANBAO_FONT_PATH");
    if (env == NULL || env[0] == '\0' || (c->font_env = strdup(env)) == NULL)
        return;
    char *save = NULL;
    for (char *p = strtok_r(c->font_env, ":", &save); p && c->eo.n_font_dirs < MAX_FONT_DIRS;
         p = strtok_r(NULL, ":", &save))
        c->font_dirs[c->eo.n_font_dirs++] = p;
}

/* Reads standard input for `-`, up to one byte past the limit (the library then says it is too
 * large). 0, or an exit code with the error printed. */
static int
read_stdin(cli *c)
{
    size_t max = c->o.max_input ? c->o.max_input : JB_SOURCE_MAX_BYTES, len;
    char *buf;

    if (isatty(0))
        fputs("jianbao: reading the report from standard input (end with Ctrl-D)\n", stderr);
    switch (jb_source_read_all(stdin, 0, max, &buf, &len)) {
    case 0: break;
    case -1:
        fprintf(stderr, "<stdin>: error: cannot read standard input: %s\n", strerror(errno));
        return jb_status_exit_code(JB_ERR_INPUT);
    case -2:
        fprintf(stderr,
                "<stdin>: error: the input is more than %zu bytes, above the limit\n"
                "  hint: a one-page report is a few kilobytes; raise the limit with --max-input\n",
                max);
        return jb_status_exit_code(JB_ERR_INPUT);
    default:
        fputs("jianbao: error: out of memory reading standard input\n", stderr);
        return jb_status_exit_code(JB_ERR_NOMEM);
    }
    c->stdin_data = buf;
    c->o.input = "<stdin>";
    c->o.input_data = buf;
    c->o.input_len = len;
    return 0;
}

/* getenv for jb_plan_shard_auto: main.c alone reads the environment. */
static const char *
env_get(const char *name, void *ud)
{
    (void)ud;
    return getenv(name);
}

/* Parses argv (argv[0] is the command's name) into c. Returns -1 to go on, or an exit code. */
static int
parse_options(cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"layout", required_argument, NULL, 'l'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"json", no_argument, NULL, 'J'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"encoding", required_argument, NULL, 'e'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"pdfa", no_argument, NULL, 'a'},
                                         {"allow-missing", no_argument, NULL, 'm'},
                                         {"meta", required_argument, NULL, 'M'},
                                         {"outdir", required_argument, NULL, 'd'},
                                         {"manifest", required_argument, NULL, 'F'},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"shard", required_argument, NULL, 'S'},
                                         {"recursive", no_argument, NULL, 'r'},
                                         {"set", required_argument, NULL, 'T'},
                                         {"condense", no_argument, NULL, 'C'},
                                         {"max-input", required_argument, NULL, 'X'},
                                         {"data-dir", required_argument, NULL, 'D'},
                                         {"font-path", required_argument, NULL, 'P'},
                                         {"all", no_argument, NULL, 'A'},
                                         {"port", required_argument, NULL, 'p'},
                                         {"host", required_argument, NULL, 'H'},
                                         {"queue", required_argument, NULL, 'Q'},
                                         {"timeout", required_argument, NULL, 'W'},
                                         {"render-timeout", required_argument, NULL, 'U'},
                                         {"per-client", required_argument, NULL, 'G'},
                                         {"convert", no_argument, NULL, 'V'},
                                         {"pdfjs", required_argument, NULL, 'Z'},
                                         {"shards", required_argument, NULL, 'N'},
                                         {"results", required_argument, NULL, 'R'},
                                         {"skip-existing", no_argument, NULL, 'K'},
                                         {"title", required_argument, NULL, 'I'},
                                         {"strict", no_argument, NULL, 'Y'},
                                         {"pages", required_argument, NULL, 'g'},
                                         {"issue", no_argument, NULL, 0x100},
                                         {NULL, 0, NULL, 0}};
    unsigned long long num;
    unsigned long long max_input;
    jb_diag d;
    int ch;

    jb_diag_init(&d);
    c->meta = calloc((size_t)argc + 1, sizeof *c->meta);
    c->set = calloc((size_t)argc + 1, sizeof *c->set);
    c->font_dirs = calloc((size_t)argc + MAX_FONT_DIRS + 1, sizeof *c->font_dirs);
    if (!c->meta || !c->set || !c->font_dirs) {
        fputs("jianbao: error: out of memory\n", stderr);
        return jb_status_exit_code(JB_ERR_NOMEM);
    }
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:l:vqhd:j:r", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': c->o.output = optarg; break;
        case 'l': c->eo.layout = optarg; break;
        case 'e': c->o.encoding = optarg; break;
        case 'f':
            if (jb_reader_find(optarg) == NULL) {
                char list[256];
                jb_reader_list(list, sizeof list);
                return usage_error(list, "--from '%s': no such input format", optarg);
            }
            c->o.from = optarg;
            break;
        case 't':
        case 'a': {
            const jb_writer *w = jb_writer_find(ch == 'a' ? "pdfa" : optarg);
            if (w == NULL) {
                char list[256];
                jb_writer_list(list, sizeof list);
                return usage_error(list, "--to '%s': no such output format", optarg);
            }
            c->o.to = w->name;
            c->po.ext = w->ext; /* a batch's file names */
            break;
        }
        case 'm': c->o.allow_missing = 1; break;
        case 'M': c->meta[c->o.n_meta++] = optarg; break;
        case 'T': c->set[c->eo.n_set++] = optarg; break;
        case 'C': c->o.condense = 1; break;
        case 'I':
            if (strcmp(optarg, "auto") != 0)
                return usage_error("write --title auto, or give the title with --meta title=…",
                                   "--title '%s': only auto is known", optarg);
            c->o.title_auto = 1;
            break;
        case 'Y': c->o.strict = 1; break;
        case 0x100: c->issue = 1; break;
        case 'g':
            if (jb_plan_parse_number("--pages", optarg, 1, JB_PAGES_MAX, JB_NUMBER_PLAIN, &num,
                                     &d) != JB_OK)
                return fail(&d);
            c->o.pages = (int)num;
            break;
        case 'X':
            if (jb_plan_parse_number("--max-input", optarg, 1, SIZE_MAX, JB_NUMBER_KM, &max_input,
                                     &d) != JB_OK)
                return fail(&d);
            c->o.max_input = (size_t)max_input;
            break;
        case 'v': c->verbose = 1; break;
        case 'q': c->quiet = 1; break;
        case 'J': c->json = 1; break;
        case 'A': c->all = 1; break;
        case 'd': c->po.outdir = optarg; break;
        case 'F': c->po.manifest = optarg; break;
        case 'r': c->po.recursive = 1; break;
        case 'S':
            if (strcmp(optarg, "auto") == 0)
                c->shard_auto = 1;
            else if (jb_plan_parse_shard(optarg, &c->po.shard_k, &c->po.shard_n, &d) != JB_OK)
                return fail(&d);
            break;
        case 'N':
            if (jb_plan_parse_number("--shards", optarg, 1, LONG_MAX, JB_NUMBER_PLAIN, &c->shards,
                                     &d) != JB_OK)
                return fail(&d);
            break;
        case 'R': c->results = optarg; break;
        case 'K': c->skip_existing = 1; break;
        case 'j':
            if (jb_plan_parse_number("-j/--jobs", optarg, 1, MAX_JOBS, JB_NUMBER_PLAIN, &c->jobs,
                                     &d) != JB_OK)
                return fail(&d);
            break;
        case 'D': c->data_dir_opt = optarg; break;
        case 'P':
            if (c->eo.n_font_dirs < MAX_FONT_DIRS)
                c->font_dirs[c->eo.n_font_dirs++] = optarg;
            break;
        case 'p':
            if (jb_plan_parse_number("--port", optarg, 0, 65535, JB_NUMBER_PLAIN, &num, &d) !=
                JB_OK)
                return fail(&d);
            c->so.port = (unsigned)num;
            c->port_set = 1;
            break;
        case 'H': c->so.host = optarg; break;
        case 'Q':
            if (jb_plan_parse_number("--queue", optarg, 0, 600000, JB_NUMBER_PLAIN, &num, &d) !=
                JB_OK)
                return fail(&d);
            c->so.queue_ms = (int)num;
            c->queue_set = 1;
            break;
        case 'W':
            if (jb_plan_parse_number("--timeout", optarg, 1, 3600, JB_NUMBER_PLAIN, &num, &d) !=
                JB_OK)
                return fail(&d);
            c->so.timeout_s = (int)num;
            break;
        case 'U':
            if (jb_plan_parse_number("--render-timeout", optarg, 1, 3600, JB_NUMBER_PLAIN, &num,
                                     &d) != JB_OK)
                return fail(&d);
            c->so.render_timeout_s = (int)num;
            break;
        case 'G':
            if (jb_plan_parse_number("--per-client", optarg, 1, 256, JB_NUMBER_PLAIN, &num, &d) !=
                JB_OK)
                return fail(&d);
            c->so.per_client = (int)num;
            break;
        case 'V': c->so.convert = 1; break;
        case 'Z': c->so.pdfjs_dir = optarg; break;
        case 'h': print_usage(stdout, c->cmd); return 0;
        case ':':
            fprintf(stderr, "jianbao %s: error: %s needs a value\n  hint: jianbao %s --help\n",
                    argv[0], argv[optind - 1], argv[0]);
            return jb_status_exit_code(JB_ERR_USAGE);
        default:
            fprintf(stderr, "jianbao %s: error: unknown option '%s'\n  hint: jianbao %s --help\n",
                    argv[0], argv[optind - 1], argv[0]);
            return jb_status_exit_code(JB_ERR_USAGE);
        }
    }
    /* options that belong to another command are refused rather than ignored */
    if (c->cmd != CMD_RENDER &&
        (c->po.outdir || c->po.manifest || c->po.recursive || c->po.shard_n > 1 || c->shard_auto ||
         c->shards || c->results || c->skip_existing || (c->jobs && c->cmd != CMD_SERVE)))
        return usage_error("-d, --manifest, -j, --shard, --shards, --results, --skip-existing "
                           "and -r are for jianbao render",
                           "%s takes one input, not a batch", argv[0]);
    if (c->shards && !c->shard_auto)
        return usage_error("write --shard auto --shards N, or --shard K/N",
                           "--shards goes with --shard auto");
    if (c->shard_auto) {
        const char *source;
        if (jb_plan_shard_auto(env_get, NULL, (long)c->shards, &c->po.shard_k, &c->po.shard_n,
                               &source, &d) != JB_OK)
            return fail(&d);
        if (c->verbose)
            fprintf(stderr, "jianbao: shard %ld of %ld (from %s)\n", c->po.shard_k, c->po.shard_n,
                    source);
        c->po.empty_shard_ok = 1; /* a scheduler may start more workers than there are briefs */
    }
    if (c->cmd == CMD_VERSION &&
        (optind < argc || c->o.output || c->verbose || c->o.n_meta || c->o.encoding || c->o.from ||
         c->o.allow_missing || c->o.condense || c->all))
        return usage_error("jianbao --version --json [-l LAYOUT] [--set …] [--data-dir DIR] "
                           "[--font-path DIR]",
                           "--version: unexpected option or file");
    if (c->o.to && (c->cmd == CMD_INSPECT || c->cmd == CMD_IMPORT))
        return usage_error("--to is for jianbao render and watch (inspect writes JSON, import a "
                           "report)",
                           "%s does not take --to", argv[0]);
    if (c->cmd == CMD_INSPECT && !c->json)
        return usage_error("write jianbao inspect REPORT --json", "%s prints JSON: give --json",
                           argv[0]);
    if (c->cmd != CMD_SERVE &&
        (c->so.host || c->port_set || c->queue_set || c->so.timeout_s || c->so.pdfjs_dir ||
         c->so.render_timeout_s || c->so.per_client || c->so.convert))
        return usage_error("--port, --host, --queue, --timeout, --render-timeout, --per-client, "
                           "--convert and --pdfjs are for jianbao serve",
                           "%s does not serve", argv[0]);
    if (c->cmd == CMD_SERVE &&
        (c->eo.layout || c->o.output || c->eo.n_set || c->o.n_meta || c->verbose || c->json ||
         c->o.encoding || c->o.from || c->o.allow_missing || c->o.condense || c->o.pages || c->all))
        return usage_error("serve offers every installed layout by name; the page and the API "
                           "take the rest per request (jianbao serve --help)",
                           "%s: unexpected option", argv[0]);
    if ((c->cmd == CMD_FONTS || c->cmd == CMD_SERVE) && optind < argc)
        return usage_error("this command takes no file", "unexpected '%s'", argv[optind]);
    if (find_data_dir(c) != 0)
        return jb_status_exit_code(JB_ERR_FONT);
    if (resolve_layout(c) != 0)
        return jb_status_exit_code(JB_ERR_LAYOUT);
    add_font_env(c);
    c->eo.data_dir = c->data_dir;
    c->o.meta = c->meta;
    c->eo.set = c->set;
    c->eo.font_dirs = c->font_dirs;
    return -1;
}

/* ---- commands ---- */

static int
run(int cmd, int argc, char **argv)
{
    cli c;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int rc;

    memset(&c, 0, sizeof c);
    c.o.size = sizeof c.o;
    c.eo.size = sizeof c.eo;
    c.o.engine_opts = &c.eo;
    c.cmd = cmd;
    c.po.shard_k = c.po.shard_n = 1;
    if ((rc = parse_options(&c, argc, argv)) >= 0)
        goto done;
    if (c.jobs == 0)
        c.jobs = cores > 0 ? (unsigned long long)cores : 1;
    if (cmd == CMD_FONTS || cmd == CMD_SERVE || cmd == CMD_VERSION) {
        rc = cmd == CMD_FONTS ? run_fonts(&c) : cmd == CMD_SERVE ? run_serve(&c) : run_version(&c);
        goto done;
    }
    if (c.issue) { /* --issue: one brief of the inputs' items */
        if (cmd == CMD_WATCH || c.po.outdir || c.po.manifest || argc - optind < 1) {
            rc = usage_error("jianbao render --issue A.md B.md … -o OUT.pdf",
                             "--issue takes the inputs of one issue (render, inspect, import), "
                             "with no -d or --manifest");
            goto done;
        }
        c.o.input = argv[optind];
        c.o.issue_inputs = (const char *const *)argv + optind + 1;
        c.o.n_issue_inputs = (size_t)(argc - optind - 1);
        rc = run_one(&c);
        goto done;
    }
    if (cmd == CMD_RENDER && (argc - optind != 1 || c.po.outdir || c.po.manifest ||
                              c.po.shard_n > 1 || c.shard_auto || c.results || c.skip_existing)) {
        if (c.o.output)
            rc = usage_error("for many briefs use -d OUTDIR", "%s names one PDF", "-o");
        else if (argc - optind == 0 && !c.po.manifest)
            rc = usage_error("give a report, a folder of reports or --manifest FILE",
                             "%s: no input", "render");
        else {
            c.po.inputs = (const char *const *)argv + optind;
            c.po.n_inputs = (size_t)(argc - optind);
            rc = run_batch(&c);
        }
        goto done;
    }
    if (optind != argc - 1) {
        rc = usage_error("jianbao help for the usage", "%s takes exactly one input file", argv[0]);
        goto done;
    }
    {
        struct stat st;
        const char *in = argv[optind];
        if (cmd == CMD_RENDER && stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
            c.po.inputs = (const char *const *)argv + optind; /* a directory of reports */
            c.po.n_inputs = 1;
            rc = run_batch(&c);
            goto done;
        }
        if (strcmp(in, "-") == 0 && cmd != CMD_WATCH) {
            if ((rc = read_stdin(&c)) != 0)
                goto done;
        } else {
            c.o.input = in;
        }
    }
    rc = cmd == CMD_WATCH ? run_watch(&c) : run_one(&c);
done:
    cli_fini(&c);
    return rc < 0 ? 0 : rc;
}

int
main(int argc, char **argv)
{
    int cmd;

    if (argc < 2) {
        fputs(usage_main, stderr);
        return jb_status_exit_code(JB_ERR_USAGE);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && strcmp(argv[1], "help") == 0 && strcmp(argv[2], "help") != 0) {
            if ((cmd = find_command(argv[2])) < 0)
                return unknown_command(argv[2]);
            print_usage(stdout, cmd);
            return 0;
        }
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--complete") == 0 && argc == 3) /* for docs/jianbao.bash */
        return complete(argv[2]);
    if ((strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) && argc > 2)
        return run(CMD_VERSION, argc - 1, argv + 1); /* --json, a layout */
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        char libs[512];
        jb_version_details(libs, sizeof libs);
        printf("jianbao %s\n%s\n", jb_version(), libs);
        return 0;
    }
    if ((cmd = find_command(argv[1])) < 0)
        return argv[1][0] == '-'
                   ? usage_error("jianbao --help lists the commands; options follow a command",
                                 "unknown option '%s'", argv[1])
                   : unknown_command(argv[1]);
    return run(cmd, argc - 1, argv + 1);
}
