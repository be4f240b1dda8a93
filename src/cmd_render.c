/* cmd_render — jianbao render, inspect and import: one brief, or many (a batch on threads). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "results.h"

/* ---- one brief ---- */

/* The PDF to standard output (-o -), never to a terminal. */
static int
render_stdout(cli *c)
{
    jb_result *r;
    const unsigned char *pdf;
    size_t len;
    jb_diag d;

    if (isatty(1))
        return usage_error("redirect it (> brief.pdf, | lp) or name a file with -o",
                           "%s: will not write a PDF to a terminal", "-o -");
    jb_diag_init(&d);
    c->o.to_memory = 1;
    if (jb_render(&c->o, &r, &d) != JB_OK) {
        jb_result_free(r);
        return fail(&d);
    }
    pdf = jb_result_data(r, &len);
    if (fwrite(pdf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "<stdout>: error: cannot write the PDF: %s\n", strerror(errno));
        jb_result_free(r);
        return jb_status_exit_code(JB_ERR_OUTPUT);
    }
    print_decisions(c, c->o.input, r);
    jb_result_free(r);
    return 0;
}

int
run_one(cli *c)
{
    jb_result *r = NULL;
    jb_diag d;
    int rc = 0;

    jb_diag_init(&d);
    if (c->cmd == CMD_INSPECT) {
        c->o.to = "json";
        c->o.to_memory = 1;
        c->o.title_auto = 1; /* inspect shows the suggested title rather than refusing */
        if (jb_render(&c->o, &r, &d) != JB_OK) {
            rc = fail(&d);
        } else {
            const char *warning = jb_result_text(r, JB_R_WARNING);
            fputs((const char *)jb_result_data(r, NULL), stdout); /* ends with its newline */
            if (warning[0] && !c->quiet)
                fprintf(stderr, "%s\n", warning);
            if (!c->quiet)
                print_left_out(c->o.input, r);
        }
    } else if (c->cmd == CMD_IMPORT) {
        if (c->o.output && strcmp(c->o.output, "-") == 0)
            c->o.output = NULL;
        if (jb_import_report(&c->o, &r, &d) != JB_OK) {
            rc = fail(&d);
        } else {
            const char *warning = jb_result_text(r, JB_R_WARNING);
            const char *detected = jb_result_text(r, JB_R_DETECTED);
            if (c->o.output == NULL)
                fputs((const char *)jb_result_data(r, NULL), stdout);
            if (warning[0] && !c->quiet)
                fprintf(stderr, "%s\n", warning);
            if (!c->quiet)
                print_left_out(c->o.input, r);
            if (c->verbose && detected[0])
                fprintf(stderr, "%s: %s\n", c->o.input, detected);
        }
    } else if ((c->o.output && strcmp(c->o.output, "-") == 0) ||
               (c->o.input_data && !c->o.output)) {
        /* a report from standard input goes to standard output unless -o names a file */
        rc = render_stdout(c);
    } else if (jb_render(&c->o, &r, &d) != JB_OK) {
        rc = fail(&d);
    } else {
        print_decisions(c, c->o.input, r);
    }
    jb_result_free(r);
    return rc;
}

/* ---- many briefs ---- */

typedef struct {
    int tty, verbose, quiet;
    int cols;          /* the terminal's width */
    FILE *results;     /* --results: a JSON line per brief; NULL: none */
    int results_errno; /* the first error writing them */
} progress_ctx;

static void
progress(const jb_batch_item *item, const jb_result *r, size_t done, size_t total, void *ud)
{
    progress_ctx *p = ud;
    const char *clear = p->tty ? "\r\033[K" : "";
    if (p->results && !p->results_errno) {
        char *line = jb_results_line(item, r);
        if (line == NULL)
            p->results_errno = ENOMEM;
        else if (fputs(line, p->results) == EOF || fflush(p->results) != 0)
            p->results_errno = errno ? errno : EIO;
        free(line);
    }
    if (item->status == JB_OK && jb_result_text(r, JB_R_WARNING)[0] && !p->quiet)
        fprintf(stderr, "%s%s\n", clear, jb_result_text(r, JB_R_WARNING));
    if (item->status == JB_OK && jb_result_number(r, JB_R_LEFT_OUT) > 0 && !p->quiet) {
        fputs(clear, stderr);
        print_left_out(item->input, r);
    }
    if (p->verbose && item->status == JB_OK)
        fprintf(stderr, "%s%s: body %.2f pt, %d lines, %d key figures\n", clear, item->output,
                jb_result_number(r, JB_R_BODY_PT), (int)jb_result_number(r, JB_R_BODY_LINES),
                (int)jb_result_number(r, JB_R_FIGURES));
    if (p->tty && !p->quiet) {
        /* one line that fits the terminal: the count, then as much of the name as has room,
         * its end (the file name) kept */
        char count[48];
        const char *name = item->input;
        int room = p->cols - 1 - snprintf(count, sizeof count, "[%zu/%zu] ", done, total);
        size_t len = strlen(name);
        if (columns_of(name, len) > room)
            room--; /* the "…" that says it was cut */
        while (len > 0 && columns_of(name, len) > room) {
            name++, len--;
            while (len > 0 && ((unsigned char)*name & 0xC0) == 0x80)
                name++, len--;
        }
        fprintf(stderr, "%s%s%s%s", clear, count, name != item->input ? "…" : "", name);
    }
}

/* Makes DIR and its missing parents (-d), as mkdir -p does. 0, or -1 with an error printed. */
static int
make_dirs(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;

    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        fprintf(stderr, "%s: error: the path is too long\n", dir);
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char keep = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr,
                    "%s: error: cannot make the output folder: %s\n"
                    "  hint: check that its parent exists and is writable\n",
                    path, strerror(errno));
            return -1;
        }
        *p = keep;
        if (keep == '\0')
            break;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error: the output folder is not a folder\n  hint: give -d a folder\n",
                dir);
        return -1;
    }
    return 0;
}

/* One notice line for what the batch's folders hold but it will not read. */
static void
print_skipped(const jb_plan *plan)
{
    size_t n = 0, shown = 0;
    char line[1024] = "";
    size_t k = 0;
    const char *path;

    while ((path = jb_plan_skipped(plan, n, NULL)) != NULL) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (k < 600) {
            k += (size_t)snprintf(line + k, sizeof line - k, "%s%s", shown ? ", " : "", base);
            shown++;
        }
        n++;
    }
    if (n == 0)
        return;
    fprintf(stderr,
            "jianbao: notice: left out %zu entr%s that %s no report (.md, .markdown) or article "
            "(.txt): %s%s (-r takes subfolders)\n",
            n, n == 1 ? "y" : "ies", n == 1 ? "is" : "are", line, shown < n ? ", …" : "");
}

int
run_batch(cli *c)
{
    progress_ctx pc = {isatty(2), c->verbose, c->quiet, 80, NULL, 0};
    jb_batch_opts bo = {(int)c->jobs, c->results != NULL, progress, &pc, c->results != NULL};
    struct winsize ws;
    jb_batch_item *items;
    jb_plan *plan;
    size_t n, ok = 0, skipped = 0;
    int rc = 0;
    jb_diag d;

    if (pc.tty && ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        pc.cols = ws.ws_col;
    jb_diag_init(&d);
    if (jb_plan_new(&c->po, &plan, &d) != JB_OK)
        return fail(&d);
    if (!c->quiet)
        print_skipped(plan);
    if (c->po.outdir && make_dirs(c->po.outdir) != 0) {
        jb_plan_free(plan);
        return jb_status_exit_code(JB_ERR_OUTPUT);
    }
    items = jb_plan_items(plan, &n);
    if (c->skip_existing)
        skipped = jb_plan_skip_up_to_date(plan);
    if (c->results && strcmp(c->results, "-") == 0)
        pc.results = stdout;
    else if (c->results && (pc.results = fopen(c->results, "w")) == NULL) {
        fprintf(stderr, "%s: error: cannot write the results: %s\n  hint: check --results\n",
                c->results, strerror(errno));
        jb_plan_free(plan);
        return jb_status_exit_code(JB_ERR_OUTPUT);
    }
    if (jb_batch_render(items, n, &c->o, &bo, &d) != JB_OK) {
        for (size_t i = 0; pc.results && i < n; i++) { /* every brief failed with the batch */
            jb_batch_item it = items[i];
            char *line;
            it.status = d.status, it.diag = &d, it.skip = 0;
            if ((line = jb_results_line(&it, NULL)) != NULL)
                fputs(line, pc.results);
            free(line);
        }
        if (pc.results && pc.results != stdout)
            fclose(pc.results);
        jb_plan_free(plan);
        return fail(&d);
    }
    if (pc.results && pc.results != stdout && fclose(pc.results) != 0 && !pc.results_errno)
        pc.results_errno = errno ? errno : EIO;
    if (pc.results_errno) {
        fprintf(stderr, "%s: error: cannot write the results: %s\n", c->results,
                strerror(pc.results_errno));
        rc = jb_status_exit_code(JB_ERR_OUTPUT);
    }
    if (pc.tty && !c->quiet)
        fputs("\r\033[K", stderr);
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
    if (!c->quiet || ok < n) {
        fprintf(stderr, "%zu of %zu brief%s written", ok - skipped, n, n == 1 ? "" : "s");
        if (skipped)
            fprintf(stderr, "; %zu up to date, left as they were", skipped);
        if (ok < n)
            fprintf(stderr, "; %zu failed (listed above)", n - ok);
        fputc('\n', stderr);
    }
    jb_plan_free(plan);
    return rc;
}
