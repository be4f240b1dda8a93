/* cmd_fonts — jianbao fonts: the installed fonts a layout may name, with format and coverage;
 * jianbao --version --json: the version, libraries and fingerprint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fontdb.h"

/* ---- --version --json ---- */

/* The version, libraries and fingerprint of the layout and fonts, as JSON on standard output. */
int
run_version(cli *c)
{
    jb_engine *e;
    char fp[65], *json;
    jb_diag d;

    if (!c->json)
        return usage_error("write jianbao --version --json", "--version takes options only with "
                                                             "--json");
    jb_diag_init(&d);
    if (jb_engine_open(&c->eo, &e, &d) != JB_OK)
        return fail(&d);
    if (jb_engine_fingerprint(e, fp, &json, &d) != JB_OK) {
        jb_engine_free(e);
        return fail(&d);
    }
    puts(json);
    free(json);
    jb_engine_free(e);
    return 0;
}

/* ---- fonts ---- */

static const char *
han_name(jb_han_level h)
{
    switch (h) {
    case JB_HAN_GB18030: return "GB18030";
    case JB_HAN_GBK: return "GBK";
    case JB_HAN_GB2312: return "GB2312";
    case JB_HAN_PARTIAL: return "partial";
    default: return "-";
    }
}

/* s, then blanks to width display columns and one more (Han count two). */
static void
print_cell(const char *s, int width)
{
    int w = columns_of(s, strlen(s));
    fputs(s, stdout);
    do
        putchar(' ');
    while (++w <= width);
}

int
run_fonts(cli *c)
{
    const char *dirs[MAX_FONT_DIRS + 1];
    char own[PATH_MAX + 8];
    size_t n_dirs = 0, n;
    jb_fontdb_face *faces;
    jb_fontdb *db;
    jb_diag d;

    snprintf(own, sizeof own, "%s/fonts", c->data_dir);
    if (access(own, R_OK | X_OK) == 0)
        dirs[n_dirs++] = own;
    for (size_t i = 0; i < c->eo.n_font_dirs; i++)
        dirs[n_dirs++] = c->font_dirs[i];
    jb_diag_init(&d);
    if (jb_fontdb_new(dirs, n_dirs, JB_FONTDB_SYSTEM, &db, &d) != JB_OK)
        return fail(&d);
    if (jb_fontdb_list(db, c->all ? JB_FONTDB_LIST_LATIN : 0, &faces, &n, &d) != JB_OK) {
        jb_fontdb_free(db);
        return fail(&d);
    }
    print_cell("family", 34);
    print_cell("style", 12);
    printf("%-9s %-8s %s\n", "format", "coverage", "file");
    for (size_t i = 0; i < n; i++) {
        const jb_fontdb_face *f = &faces[i];
        char fam[160];
        snprintf(fam, sizeof fam, "%s%s%s%s", f->family, f->family_zh ? " (" : "",
                 f->family_zh ? f->family_zh : "", f->family_zh ? ")" : "");
        print_cell(fam, 34);
        print_cell(f->style ? f->style : "", 12);
        printf("%-9s %-8s %s",
               f->format == JB_FONT_FORMAT_CFF2  ? "CFF2 (no)"
               : f->format == JB_FONT_FORMAT_CFF ? "CFF"
                                                 : "TrueType",
               han_name(f->han), f->path);
        if (f->index > 0 || strstr(f->path, ".tt") == NULL)
            printf(":%d", f->index);
        putchar('\n');
    }
    if (!c->quiet)
        fprintf(stderr,
                "%zu face%s. A layout names one by family, e.g. song = Noto Serif CJK SC, or "
                "hei = Noto Sans CJK SC:style=Bold\n",
                n, n == 1 ? "" : "s");
    free(faces);
    jb_fontdb_free(db);
    return 0;
}
