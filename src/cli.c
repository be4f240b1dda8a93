/* cli — the printing the commands share, and the stop flag of watch and serve. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Where the documentation a hint names is installed (PREFIX/share/doc/jianbao, beside the data
 * folder), or "" for the program in its build tree, whose hints name docs/ of the source. */
char doc_dir[PATH_MAX]; /* set by main.c */

/* text, with docs/X.md and README.md as the installed files' paths, and a new line. */
void
print_doc_text(const char *text)
{
    const char *p = text, *hint = text;
    while (*p) {
        if (doc_dir[0] && strncmp(p, "docs/", 5) == 0) {
            fprintf(stderr, "%s/", doc_dir);
            p += 5;
        } else if (doc_dir[0] && strncmp(p, "README.md", 9) == 0 && (p == hint || p[-1] != '/')) {
            fprintf(stderr, "%s/README.md", doc_dir);
            p += 9;
        } else {
            fputc(*p++, stderr);
        }
    }
    fputc('\n', stderr);
}

void
print_hint(const char *hint)
{
    fputs("  hint: ", stderr);
    print_doc_text(hint);
}

void
print_diag(const jb_diag *d)
{
    if (d->file[0] && d->line > 0 && d->col > 0)
        fprintf(stderr, "%s:%d:%d: error: ", d->file, d->line, d->col);
    else if (d->file[0] && d->line > 0) /* a whole line: a manifest's */
        fprintf(stderr, "%s:%d: error: ", d->file, d->line);
    else
        fprintf(stderr, "%s: error: ", d->file[0] ? d->file : "jianbao");
    print_doc_text(d->message);
    if (d->hint[0])
        print_hint(d->hint);
}

int
fail(const jb_diag *d)
{
    print_diag(d);
    return jb_status_exit_code(d->status);
}

/* A command-line error: the message, the hint, exit code 2. */
int
usage_error(const char *hint, const char *fmt, ...)
{
    va_list ap;
    fputs("jianbao: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n  hint: %s\n", hint);
    return jb_status_exit_code(JB_ERR_USAGE);
}

/* Every line left out, one a line: file:line: note: left out (reason): first characters; then
 * the close calls of a raw article's weighed choices (RULES.md §7.9). */
void
print_left_out(const char *input, const jb_result *r)
{
    size_t n = (size_t)jb_result_number(r, JB_R_LEFT_OUT), i = 0;
    const jb_left_out *lo;
    for (; (lo = jb_result_left_out(r, i)) != NULL; i++) {
        if (lo->last > lo->line)
            fprintf(stderr, "%s:%d-%d: note: left out (%s): %s\n", input, lo->line, lo->last,
                    lo->reason, lo->text);
        else if (lo->col > 1)
            fprintf(stderr, "%s:%d:%d: note: left out (%s): %s\n", input, lo->line, lo->col,
                    lo->reason, lo->text);
        else
            fprintf(stderr, "%s:%d: note: left out (%s): %s\n", input, lo->line, lo->reason,
                    lo->text);
    }
    if (n > i)
        fprintf(stderr, "%s: note: and %zu more left out\n", input, n - i);
    if (jb_result_text(r, JB_R_CHOICES)[0]) /* the close calls of the weighed choices */
        fprintf(stderr, "%s\n", jb_result_text(r, JB_R_CHOICES));
}

void
print_decisions(const cli *c, const char *input, const jb_result *r)
{
    const char *warning = jb_result_text(r, JB_R_WARNING), *out = jb_result_text(r, JB_R_OUTPUT);
    const char *detected = jb_result_text(r, JB_R_DETECTED);
    const char *fallback = jb_result_text(r, JB_R_FALLBACK),
               *photos = jb_result_text(r, JB_R_PHOTOS);
    if (warning[0] && !c->quiet)
        fprintf(stderr, "%s\n", warning);
    if (!c->quiet)
        print_left_out(input, r);
    if (c->verbose && detected[0])
        fprintf(stderr, "%s: %s\n", input, detected);
    if (c->verbose && fallback[0])
        fprintf(stderr, "%s: %s\n", input, fallback);
    if (c->verbose)
        fprintf(stderr,
                "%s: body %.2f pt, measure %.1f pt, %d body lines, %d sections, %d key figures, "
                "%zu glyphs, %.1f pt spare at the foot%s\n",
                out[0] ? out : "<stdout>", jb_result_number(r, JB_R_BODY_PT),
                jb_result_number(r, JB_R_MEASURE_PT), (int)jb_result_number(r, JB_R_BODY_LINES),
                (int)jb_result_number(r, JB_R_SECTIONS), (int)jb_result_number(r, JB_R_FIGURES),
                (size_t)jb_result_number(r, JB_R_GLYPHS), jb_result_number(r, JB_R_SPARE_PT),
                jb_result_number(r, JB_R_KAIMING) ? ", 开明式 punctuation" : "");
    if (c->verbose && (jb_result_number(r, JB_R_ITEMS) > 1 || jb_result_number(r, JB_R_PAGES) > 1))
        fprintf(
            stderr, "%s: %d item%s on %d page%s\n", out[0] ? out : "<stdout>",
            (int)jb_result_number(r, JB_R_ITEMS), jb_result_number(r, JB_R_ITEMS) == 1 ? "" : "s",
            (int)jb_result_number(r, JB_R_PAGES), jb_result_number(r, JB_R_PAGES) == 1 ? "" : "s");
    if (c->verbose && photos[0])
        fprintf(stderr, "%s: %s\n", out[0] ? out : "<stdout>", photos);
}

/* Display columns of UTF-8 s: 2 for a character outside ASCII (the Han of a file name). */
int
columns_of(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n += (unsigned char)s[i] < 0x80 ? 1 : 2;
    return n;
}

volatile sig_atomic_t jb_cli_stop;

void
jb_cli_on_signal(int sig)
{
    (void)sig;
    jb_cli_stop = 1;
}
