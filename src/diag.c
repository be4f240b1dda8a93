/* diag — jb_diag_set, and the status → exit-code table (jb_status and jb_diag are in jianbao.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
jb_diag_init(jb_diag *d)
{
    memset(d, 0, sizeof *d);
}

jb_status
jb_diag_set(jb_diag *d, jb_status st, const char *file, int line, int col, const char *hint,
            const char *fmt, ...)
{
    va_list ap;

    if (d == NULL || d->status != JB_OK)
        return st;
    d->status = st;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = col;
    snprintf(d->hint, sizeof d->hint, "%s", hint ? hint : "");
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return st;
}

jb_status
jb_diag_code(jb_diag *d, const char *code)
{
    if (d == NULL)
        return JB_OK;
    if (d->status != JB_OK && d->code[0] == '\0')
        snprintf(d->code, sizeof d->code, "%s", code);
    return d->status;
}

static const struct {
    jb_status st;
    int code;
    const char *name;
} table[] = {
    {JB_OK, 0, "ok"},
    {JB_ERR_USAGE, 2, "usage"},
    {JB_ERR_INPUT, 3, "input"},
    {JB_ERR_ENCODING, 4, "encoding"},
    {JB_ERR_FORMAT, 5, "format"},
    {JB_ERR_GLYPH, 6, "glyph"},
    {JB_ERR_FONT, 7, "font"},
    {JB_ERR_LAYOUT, 8, "layout"},
    {JB_ERR_OVERFLOW, 9, "overflow"},
    {JB_ERR_OUTPUT, 10, "output"},
    {JB_ERR_NOMEM, 11, "nomem"},
    {JB_ERR_INTERNAL, 70, "internal"},
    {JB_ERR_CANCELLED, 12, "cancelled"},
    {JB_ERR_UNAVAILABLE, 69, "unavailable"}, /* sysexits' EX_UNAVAILABLE */
};

int
jb_status_exit_code(jb_status st)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].st == st)
            return table[i].code;
    return 70;
}

const char *
jb_status_name(jb_status st)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].st == st)
            return table[i].name;
    return "internal";
}
