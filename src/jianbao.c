/* jianbao — the pipeline for one brief. */
#include "jianbao.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "docx.h"
#include "figures.h"
#include "font.h"
#include "fontdb.h"
#include "import.h"
#include "inspect.h"
#include "layout.h"
#include "normalize.h"
#include "output.h"
#include "parse.h"
#include "pdf.h"
#include "report.h"
#include "source.h"
#include "spec.h"
#include "texts.h"
#include "utf8.h"

const char *
jb_version(void)
{
    return JB_VERSION_STRING;
}

void
jb_default_output(const char *input, char *out, size_t size)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(input, '.');
    size_t stem =
        dot && (!slash || dot > slash) && dot != input ? (size_t)(dot - input) : strlen(input);
    snprintf(out, size, "%.*s.pdf", (int)stem, input);
}

static int
count_figures(const jb_doc *doc)
{
    int n = 0;
    for (size_t s = 0; s < doc->n_sections; s++)
        for (size_t p = 0; p < doc->sections[s].n_paras; p++) {
            const jb_text *t = &doc->sections[s].paras[p];
            for (size_t i = 0; i < t->n; i++)
                n += (t->marks[i] & JB_MARK_FIGURE) &&
                     (i == 0 || !(t->marks[i - 1] & JB_MARK_FIGURE));
        }
    for (size_t p = 0; p < doc->n_lead; p++) {
        const jb_text *t = &doc->lead[p];
        for (size_t i = 0; i < t->n; i++)
            n += (t->marks[i] & JB_MARK_FIGURE) && (i == 0 || !(t->marks[i - 1] & JB_MARK_FIGURE));
    }
    return n;
}

static int
same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The stages of one job up to the laid-out page. */
typedef struct {
    jb_source *src;
    jb_doc *doc;
    jb_fontset *fs; /* borrowed from the engine */
    jb_engine *own; /* the engine when the caller gave none */
    jb_page *page;
    int imported;                  /* the input was a raw article */
    jb_import_info imp;            /* what import found */
    uint32_t cut[JB_LEFT_OUT_MAX]; /* source offsets of the first sentences --condense left out */
    size_t n_cut;                  /* how many it left out */
    int word;                      /* the input was a Word document */
    jb_docx_info wi;               /* what was read of it */
} job;

static void
job_fini(job *j)
{
    jb_page_free(j->page);
    jb_engine_free(j->own);
    jb_doc_free(j->doc);
    jb_source_free(j->src);
    jb_import_info_fini(&j->imp);
    jb_docx_info_fini(&j->wi);
    memset(j, 0, sizeof *j);
}

/* Is the input a word-processor file, by its first bytes (or its name: .docx, .doc, …)? */
static int
is_word(const jb_render_opts *o)
{
    unsigned char head[8];
    size_t n = 0;
    if (o->input_data) {
        n = o->input_len < sizeof head ? o->input_len : sizeof head;
        memcpy(head, o->input_data, n);
    } else {
        struct stat sb;
        FILE *f;
        /* a FIFO or a device is never opened here (it would block or be consumed) */
        if (stat(o->input, &sb) != 0 || !S_ISREG(sb.st_mode))
            return 0;
        if ((f = fopen(o->input, "rb")) != NULL) {
            n = fread(head, 1, sizeof head, f);
            fclose(f);
        }
        if (n == 0) /* missing or empty: the text reader says so */
            return 0;
    }
    return jb_word_sniff(o->input_data ? NULL : o->input, head, n) != JB_WORD_NONE;
}

/* Reads the input into a document: a Word document is read by docx, a report file is parsed, a raw
 * article imported (§7); the
 * --meta fields are set; punctuation is normalised and key figures marked. */
static jb_status
job_document(const jb_render_opts *o, job *j, jb_diag *d)
{
    jb_status st;
    int have_title = 0;

    memset(j, 0, sizeof *j);
    for (size_t i = 0; i < o->n_meta; i++)
        have_title |= strncmp(o->meta[i], "title=", 6) == 0 && o->meta[i][6] != '\0';
    j->word = o->from == JB_FROM_WORD || (o->from == JB_FROM_DETECT && is_word(o));
    if (j->word) { /* by its bytes, before any text check */
        st = jb_word_read(o->input, o->input_data, o->input_len, o->max_input, &j->src, &j->doc,
                          &j->imported, &j->imp, &j->wi, d);
    } else {
        st = o->input_data ? jb_source_from_memory_max(o->input, o->input_data, o->input_len,
                                                       o->encoding, o->max_input, &j->src, d)
                           : jb_source_load_max(o->input, o->encoding, o->max_input, &j->src, d);
        if (st != JB_OK)
            return st;
        {
            size_t k = 0;
            while (k < j->src->len && strchr(" \t\n", j->src->text[k]))
                k++;
            if (k == j->src->len)
                return jb_diag_set(d, JB_ERR_FORMAT, o->input, 0, 0,
                                   "write the report or paste the article into it, or check that "
                                   "this is the file you meant",
                                   j->src->len ? "the file holds only blank lines"
                                               : "the file is empty");
        }
        j->imported =
            o->from == JB_FROM_ARTICLE || (o->from == JB_FROM_DETECT && jb_import_is_raw(j->src));
        st = j->imported ? jb_import_titled(j->src, have_title, &j->doc, &j->imp, d)
                         : jb_parse(j->src, &j->doc, d);
    }
    if (st != JB_OK)
        return st;
    /* a Word document's photos are its own image parts, named as they are in the zip */
    for (size_t i = 0; j->word && i < j->doc->n_photos; i++) {
        jb_photo *p = &j->doc->photos[i];
        int line, col;
        for (size_t k = 0; p->img == NULL && k < j->wi.n_images; k++) {
            const jb_docx_image *im = &j->wi.images[k];
            if (im->data && strcmp(im->name, p->ref) == 0 &&
                (st = jb_doc_decode_photo(p, (const unsigned char *)im->data, im->len, d)) != JB_OK)
                return st;
        }
        if (p->img != NULL)
            continue;
        jb_source_position(j->src, p->off, &line, &col);
        return jb_diag_set(d, JB_ERR_INPUT, o->input, line, col,
                           "check that the picture is in the document, not linked to a file",
                           "the photo '%s' is not in the Word document", p->ref);
    }
    if (j->doc->n_photos) { /* photos are files beside the report (a reader may have decoded
                               them from the input's own bytes already) */
        for (size_t i = 0; o->input_data && i < j->doc->n_photos; i++) {
            int line, col;
            if (j->doc->photos[i].img != NULL)
                continue;
            jb_source_position(j->src, j->doc->photos[i].off, &line, &col);
            return jb_diag_set(d, JB_ERR_INPUT, o->input, line, col,
                               "render the report from its file, in the folder of its photos",
                               "the photo '%s' cannot be read: the report did not come from a file",
                               j->doc->photos[i].ref);
        }
        if ((st = jb_doc_load_photos(j->doc, o->input, j->src, d)) != JB_OK)
            return st;
    }
    for (size_t i = 0; i < o->n_meta; i++) {
        const char *eq = strchr(o->meta[i], '=');
        char key[32];
        int rc;
        if (eq == NULL || eq - o->meta[i] >= (long)sizeof key)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "write --meta key=value",
                               "--meta '%s' has no key=value", o->meta[i]);
        snprintf(key, sizeof key, "%.*s", (int)(eq - o->meta[i]), o->meta[i]);
        rc = jb_doc_set_field(j->doc, key, eq + 1);
        if (rc == -1)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                               "keys: title, byline, source, date, category, masthead, issue, "
                               "unit, copies, distribution.报, distribution.送, distribution.发",
                               "--meta: unknown key '%s'", key);
        if (rc == -2)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "write the date as YYYY-MM-DD",
                               "--meta: no such date '%s'", eq + 1);
        if (rc != 0)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (jb_normalize_doc(j->doc) != 0)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    jb_figures_mark(j->doc);
    return JB_OK;
}

struct jb_engine {
    jb_spec spec;
    jb_fontset *fs;
    jb_fontdb *db; /* installed fonts by family name; its configuration loads on first use */
};

void
jb_version_details(char *out, size_t size)
{
    char fonts[128], pdf[128];
    jb_font_library_versions(fonts, sizeof fonts);
    jb_pdf_library_versions(pdf, sizeof pdf);
    snprintf(out, size, "%s, %s", fonts, pdf);
}

jb_status
jb_engine_open(const jb_render_opts *o, jb_engine **out, jb_diag *d)
{
    jb_engine *e = calloc(1, sizeof *e);
    const char **dirs = calloc(o->n_font_dirs + 1, sizeof *dirs);
    char fonts[4096];
    size_t n_dirs = 0;
    jb_status st;

    *out = NULL;
    if (e == NULL || dirs == NULL) {
        free(e);
        free(dirs);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* family names are looked up in the installed fonts, the data folder's fonts/ and the
     * caller's folders (--font-path, JIANBAO_FONT_PATH) */
    snprintf(fonts, sizeof fonts, "%s/fonts", o->data_dir ? o->data_dir : ".");
    if (access(fonts, R_OK | X_OK) == 0)
        dirs[n_dirs++] = fonts;
    for (size_t i = 0; i < o->n_font_dirs; i++)
        dirs[n_dirs++] = o->font_dirs[i];
    st = jb_fontdb_new(dirs, n_dirs, JB_FONTDB_SYSTEM, &e->db, d);
    free(dirs);
    if (st != JB_OK)
        goto fail;
    jb_spec_default(&e->spec, o->data_dir);
    e->spec.fontdb = e->db;
    if (o->layout && (st = jb_spec_load(&e->spec, o->layout, o->data_dir, d)) != JB_OK)
        goto fail;
    for (size_t i = 0; i < o->n_set; i++)
        if ((st = jb_spec_set(&e->spec, o->set[i], o->data_dir, d)) != JB_OK)
            goto fail;
    if ((st = jb_spec_resolve_defaults(&e->spec, d)) != JB_OK ||
        (st = jb_fontset_open(&e->spec, &e->fs, d)) != JB_OK)
        goto fail;
    *out = e;
    return JB_OK;
fail:
    jb_engine_free(e);
    return st;
}

void
jb_engine_free(jb_engine *e)
{
    if (e == NULL)
        return;
    jb_fontset_free(e->fs);
    jb_fontdb_free(e->db);
    free(e);
}

/* The page's texts of the job's document, coverage checked (with allow, □ for characters no font
 * has, reported in warning), laid out into j->page. */
static jb_status
lay_out(const jb_engine *e, job *j, int allow, char *warning, size_t size, jb_diag *d)
{
    jb_page_texts *tx;
    jb_status st;

    if ((st = jb_page_texts_build(j->doc, &e->spec, &tx, d)) != JB_OK)
        return st;
    if ((st = jb_page_texts_cover(tx, &e->spec, e->fs, j->src, allow, warning, size, d)) == JB_OK)
        st = jb_layout(tx, &e->spec, e->fs, &j->page, d);
    jb_page_texts_free(tx);
    return st;
}

/* --condense on a page its photos overflow: the photos go, the last first, until the page fits
 * (each named in warning); the text is condensed only when it does not fit without any. */
static jb_status
drop_photos(const jb_engine *e, const jb_render_opts *o, job *j, char *warning, size_t size,
            jb_diag *d)
{
    jb_status st = JB_ERR_OVERFLOW;
    size_t len;
    char again[1200]; /* a □ warning: shown by the first layout already */

    snprintf(warning, size, "%s: warning: the photos do not fit on one page; left out",
             j->src->path);
    while (st == JB_ERR_OVERFLOW && j->doc->n_photos > 0) {
        const jb_photo *p = &j->doc->photos[j->doc->n_photos - 1];
        int line, col;
        jb_source_position(j->src, p->off, &line, &col);
        len = strlen(warning);
        snprintf(warning + len, size - len, "%s '%s' (%d:%d)", strstr(warning, "' (") ? "," : "",
                 p->ref, line, col);
        jb_doc_drop_photo(j->doc, j->doc->n_photos - 1);
        jb_diag_init(d);
        st = lay_out(e, j, o->allow_missing, again, sizeof again, d);
    }
    return st;
}

static jb_status
job_layout(const jb_render_opts *o, job *j, char *warning, size_t size, jb_diag *d)
{
    jb_status st;
    const jb_engine *e = o->engine;
    char photos_left[600] = ""; /* the photos --condense left out */

    if ((st = job_document(o, j, d)) != JB_OK)
        return st;
    if (e == NULL) { /* one brief: the layout and fonts are this job's own */
        if ((st = jb_engine_open(o, &j->own, d)) != JB_OK)
            return st;
        e = j->own;
    }
    j->fs = e->fs;
    st = lay_out(e, j, o->allow_missing, warning, size, d);
    if (st == JB_ERR_OVERFLOW && o->condense && j->doc->n_photos)
        st = drop_photos(e, o, j, photos_left, sizeof photos_left, d);
    if (st == JB_ERR_OVERFLOW && !o->condense && j->doc->n_photos &&
        strstr(d->message, "overflows")) {
        /* the layout's hint: leave photos out with --condense */
    } else if (st == JB_ERR_OVERFLOW && !o->condense && strstr(d->message, "overflows")) {
        snprintf(d->hint, sizeof d->hint,
                 "shorten the report, give --condense to keep the lead, the heads and the "
                 "sentences with key figures (the page then says 摘编), or use a layout with a "
                 "lower [body] min");
        jb_diag_code(d, "too_long");
    } else if (st == JB_ERR_OVERFLOW) { /* §5.5 (b), only when asked for */
        char again[1200]; /* the □ warning once more: the condensing one is shown instead */
        size_t kept = 0;
        jb_diag_init(d);
        j->n_cut = jb_doc_condense(j->doc, j->cut, JB_LEFT_OUT_MAX);
        for (size_t s = 0; s < j->doc->n_sections; s++)
            for (size_t p = 0; p < j->doc->sections[s].n_paras; p++)
                kept += j->doc->sections[s].paras[p].n > 0;
        snprintf(warning, size,
                 "%s: warning: too long for one page; condensed (the title says 摘编): left out "
                 "%zu sentence%s",
                 j->src->path, j->n_cut, j->n_cut == 1 ? "" : "s");
        st = lay_out(e, j, o->allow_missing, again, sizeof again, d);
        if (st == JB_ERR_OVERFLOW) {
            char head[200], rest[sizeof d->message];
            snprintf(head, sizeof head,
                     "even condensed (kept the lead, %zu section head%s and %zu paragraph%s of "
                     "sentences with key figures; left out %zu sentence%s), ",
                     j->doc->n_sections, j->doc->n_sections == 1 ? "" : "s", kept,
                     kept == 1 ? "" : "s", j->n_cut, j->n_cut == 1 ? "" : "s");
            snprintf(rest, sizeof rest, "%s", d->message);
            size_t hl = strlen(head);
            memcpy(d->message, head, hl + 1);
            snprintf(d->message + hl, sizeof d->message - hl, "%.*s",
                     (int)(sizeof d->message - hl - 1), rest);
            snprintf(d->hint, sizeof d->hint,
                     "shorten the report by hand, or use a layout with a lower [body] min");
            jb_diag_code(d, "too_long_condensed");
        }
    }
    if (photos_left[0] && st == JB_OK) { /* the photos left out are said first */
        char rest[1200];
        snprintf(rest, sizeof rest, "%s", warning);
        snprintf(warning, size, "%s%s%.*s", photos_left, rest[0] ? "\n" : "",
                 (int)(size > strlen(photos_left) + 2 ? size - strlen(photos_left) - 2 : 0), rest);
    }
    return st;
}

/* The first characters of src from byte off to the line's end (at most LEFT_OUT_CHARS, "…"
 * when cut) into out. */
#define LEFT_OUT_CHARS 16
static void
first_chars(const jb_source *src, size_t off, char *out, size_t size)
{
    size_t k = 0, at = off, n = 0;
    while (at < src->len && src->text[at] != '\n' && n < LEFT_OUT_CHARS) {
        uint32_t cp;
        size_t used = jb_utf8_decode(src->text + at, src->len - at, &cp);
        if (used == 0 || k + used + 4 > size)
            break;
        memcpy(out + k, src->text + at, used);
        k += used, at += used, n++;
    }
    if (at < src->len && src->text[at] != '\n' && k + 4 <= size) {
        memcpy(out + k, "…", 3);
        k += 3;
    }
    out[k] = '\0';
}

/* Are the lines strictly between a and b (1-based) all blank? */
static int
blank_between(const jb_source *src, int a, int b)
{
    for (int l = a + 1; l < b; l++) {
        size_t s = src->line_starts[l - 1];
        size_t e = (size_t)l < src->n_lines ? src->line_starts[l] : src->len;
        for (; s < e; s++)
            if (!strchr(" \t\n\r", src->text[s]))
                return 0;
    }
    return 1;
}

/* info's list of what was left out: import's lines, runs of one reason merged, then the
 * sentences --condense left out. */
static void
fill_left_out(const job *j, jb_render_info *info)
{
    info->n_left_out = 0;
    info->condensed = j->doc && j->doc->condensed;
    for (size_t i = 0; j->imported && i < j->imp.n_dropped; i++) {
        const jb_dropped *dr = &j->imp.dropped[i];
        jb_left_out *prev = info->n_left_out && info->n_left_out <= JB_LEFT_OUT_MAX
                                ? &info->left_out[info->n_left_out - 1]
                                : NULL;
        const char *reason = jb_drop_reason_name(dr->reason);
        if (prev && strcmp(prev->reason, reason) == 0 &&
            blank_between(j->src, prev->last, dr->line)) {
            prev->last = dr->line;
            continue;
        }
        if (info->n_left_out < JB_LEFT_OUT_MAX) {
            jb_left_out *lo = &info->left_out[info->n_left_out];
            lo->line = lo->last = dr->line;
            lo->col = 1;
            snprintf(lo->reason, sizeof lo->reason, "%s", reason);
            first_chars(j->src, dr->off, lo->text, sizeof lo->text);
        }
        info->n_left_out++;
    }
    for (size_t i = 0; i < j->n_cut; i++) {
        if (i < JB_LEFT_OUT_MAX && info->n_left_out < JB_LEFT_OUT_MAX) {
            jb_left_out *lo = &info->left_out[info->n_left_out];
            jb_source_position(j->src, j->cut[i], &lo->line, &lo->col);
            lo->last = lo->line;
            snprintf(lo->reason, sizeof lo->reason, "condensed");
            first_chars(j->src, j->cut[i], lo->text, sizeof lo->text);
        }
        info->n_left_out++;
    }
}

static void describe_import_only(const job *j, char *out, size_t size);

/* "imported: …" for --verbose: the pattern found and the lines left out, by reason; for a Word
 * document first what was read of it. */
static void
describe_import(const job *j, char *out, size_t size)
{
    out[0] = '\0';
    if (j->word) { /* what Word knew and what was left out; then import's own account */
        size_t k;
        jb_docx_describe(&j->wi, out, size);
        k = strlen(out);
        if (j->imported && k + 3 < size) {
            snprintf(out + k, size - k, "; ");
            describe_import_only(j, out + k + 2, size - k - 2);
        }
        return;
    }
    describe_import_only(j, out, size);
}

static void
describe_import_only(const job *j, char *out, size_t size)
{
    int count[JB_DROP_COUNT] = {0};
    size_t k;

    out[0] = '\0';
    if (!j->imported)
        return;
    for (size_t i = 0; i < j->imp.n_dropped; i++)
        count[j->imp.dropped[i].reason]++;
    k = (size_t)snprintf(out, size,
                         "imported a raw article: title, %s%s, lead of %zu paragraph%s, %zu "
                         "section%s (%s); left out %zu lines",
                         j->doc->byline.n ? "byline" : "no byline",
                         j->doc->date_iso[0] ? ", date" : "", j->doc->n_lead,
                         j->doc->n_lead == 1 ? "" : "s", j->doc->n_sections,
                         j->doc->n_sections == 1 ? "" : "s",
                         j->imp.pattern ? j->imp.pattern : "no heads", j->imp.n_dropped);
    for (int r = 0, first = 1; r < JB_DROP_COUNT && k < size; r++)
        if (count[r]) {
            k += (size_t)snprintf(out + k, size - k, "%s%s %d", first ? " (" : ", ",
                                  jb_drop_reason_name((jb_drop_reason)r), count[r]);
            first = 0;
        }
    if (j->imp.n_dropped && k < size)
        snprintf(out + k, size - k, ")");
}

/* The report with the lines import left out as YAML comments at the top of its front matter,
 * so a reviewer sees them (parse.c reads the report back unchanged: libyaml skips comments). */
static char *
with_left_out(char *report, const jb_render_info *info)
{
    size_t cap = strlen(report) + 160 + info->n_left_out * 128, k;
    char *out;
    if (info->n_left_out == 0 || strncmp(report, "---\n", 4) != 0 || (out = malloc(cap)) == NULL)
        return report;
    k = (size_t)snprintf(out, cap, "---\n# left out by jianbao import (RULES.md §7):\n");
    for (size_t i = 0; i < info->n_left_out && i < JB_LEFT_OUT_MAX; i++) {
        const jb_left_out *lo = &info->left_out[i];
        char lines[32];
        if (lo->last > lo->line)
            snprintf(lines, sizeof lines, "lines %d-%d", lo->line, lo->last);
        else
            snprintf(lines, sizeof lines, "line %d", lo->line);
        k += (size_t)snprintf(out + k, cap - k, "#   %s (%s): %s\n", lines, lo->reason, lo->text);
    }
    if (info->n_left_out > JB_LEFT_OUT_MAX)
        k += (size_t)snprintf(out + k, cap - k, "#   and %zu more\n",
                              info->n_left_out - JB_LEFT_OUT_MAX);
    snprintf(out + k, cap - k, "%s", report + 4);
    free(report);
    return out;
}

/* A Word document's photos are parts of its zip: next to the report import writes (REPORT.md →
 * REPORT-image1.png), so that the report renders with them; written to standard output, the
 * report cannot carry them, and a warning says so. */
static jb_status
extract_photos(const jb_render_opts *o, job *j, jb_render_info *info, jb_diag *d)
{
    const char *slash = o->output ? strrchr(o->output, '/') : NULL;
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    char stem[4096], path[4096 + 256];

    if (o->output == NULL) {
        snprintf(info->warning, sizeof info->warning,
                 "%s: warning: the report on standard output names the Word document's %zu "
                 "photo%s by their place in it; give -o REPORT.md to write them beside the report",
                 o->input, j->doc->n_photos, j->doc->n_photos == 1 ? "" : "s");
        return JB_OK;
    }
    snprintf(stem, sizeof stem, "%.*s",
             dot && dot > (slash ? slash : o->output) ? (int)(dot - o->output)
                                                      : (int)strlen(o->output),
             o->output);
    for (size_t i = 0; i < j->doc->n_photos; i++) {
        jb_photo *p = &j->doc->photos[i];
        const char *base = strrchr(p->ref, '/');
        char *ref;
        jb_status st;
        base = base ? base + 1 : p->ref;
        for (size_t k = 0; k < j->wi.n_images; k++) {
            const jb_docx_image *im = &j->wi.images[k];
            if (im->data == NULL || strcmp(im->name, p->ref) != 0)
                continue;
            snprintf(path, sizeof path, "%s-%s", stem, base);
            if ((st = jb_write_atomic(path, im->data, im->len, d)) != JB_OK)
                return st;
            /* the report names it relative to its own folder */
            if ((ref = strdup(strrchr(path, '/') ? strrchr(path, '/') + 1 : path)) == NULL)
                return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            free(p->ref);
            p->ref = ref;
            break;
        }
    }
    return JB_OK;
}

jb_status
jb_import_report_info(const jb_render_opts *o, char **report, jb_render_info *info, jb_diag *d)
{
    job j;
    jb_status st;
    jb_render_info own;

    if (info == NULL)
        info = &own;
    memset(info, 0, sizeof *info);
    *report = NULL;
    if ((st = job_document(o, &j, d)) == JB_OK) {
        describe_import(&j, info->detected, sizeof info->detected);
        fill_left_out(&j, info);
        if (j.word && j.doc->n_photos)
            st = extract_photos(o, &j, info, d);
        if (st == JB_OK)
            st = jb_report_write(j.doc, report, d);
        if (st == JB_OK)
            *report = with_left_out(*report, info);
        if (st == JB_OK && o->output &&
            (st = jb_write_atomic(o->output, *report, strlen(*report), d)) != JB_OK) {
            free(*report);
            *report = NULL;
        }
    }
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o->input);
    job_fini(&j);
    return st;
}

jb_status
jb_import_report(const jb_render_opts *o, char **report, char *detected, size_t size, jb_diag *d)
{
    jb_render_info *info = calloc(1, sizeof *info);
    jb_status st;
    if (info == NULL) {
        *report = NULL;
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    st = jb_import_report_info(o, report, info, d);
    if (detected && size)
        snprintf(detected, size, "%s", info->detected);
    free(info);
    return st;
}

/* The stages of jb_render and jb_render_mem: to the file info->output when mem is NULL, else into
 * *mem (*mem_len bytes). info is filled either way. */
static jb_status
render(const jb_render_opts *o, jb_render_info *info, char **mem, size_t *mem_len, jb_diag *d)
{
    job j;
    jb_status st;
    char *title = NULL, *author = NULL, *subject = NULL;

    memset(info, 0, sizeof *info);
    memset(&j, 0, sizeof j);
    if (mem == NULL) {
        if (o->output)
            snprintf(info->output, sizeof info->output, "%s", o->output);
        else
            jb_default_output(o->input, info->output, sizeof info->output);
        if (strcmp(info->output, o->input) == 0 || same_file(info->output, o->input))
            return jb_diag_set(d, JB_ERR_USAGE, o->input, 0, 0, "give another path with -o",
                               "the output would overwrite the input");
    }
    if ((st = job_layout(o, &j, info->warning, sizeof info->warning, d)) != JB_OK)
        goto done;
    title = jb_text_to_utf8(&j.doc->title);
    if (title && j.doc->condensed) { /* the page's 摘编 mark, in the metadata too */
        char *t = malloc(strlen(title) + sizeof "（摘编）");
        if (t)
            sprintf(t, "%s（摘编）", title);
        free(title);
        title = t;
    }
    author = jb_text_to_utf8(&j.doc->byline);
    {
        char *m = jb_text_to_utf8(&j.doc->masthead), *i = jb_text_to_utf8(&j.doc->issue);
        if (m && i && (subject = malloc(strlen(m) + strlen(i) + 2)) != NULL)
            sprintf(subject, "%s%s%s", m, *i ? " " : "", i);
        free(m);
        free(i);
    }
    if (!title || !author || !subject) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    {
        jb_pdf_info pi = {title, author, subject, "jianbao " JB_VERSION_STRING};
        st = mem ? jb_pdf_render(j.page, j.fs, &pi, mem, mem_len, d)
                 : jb_pdf_write(j.page, j.fs, &pi, info->output, d);
        if (st != JB_OK)
            goto done;
    }
    {
        static const char *const roles[] = {"song", "kai", "hei", "fang", "title", "latin"};
        size_t k = 0, size = sizeof info->fallback;
        for (size_t i = 0; i < j.page->n_fallbacks && i < JB_PAGE_FALLBACKS && k < size; i++) {
            const jb_page_fallback *f = &j.page->fallbacks[i];
            char ch[8] = {0};
            jb_utf8_encode(f->cp, ch);
            k += (size_t)snprintf(info->fallback + k, size - k, "%s%s U+%04X (%s) from %s",
                                  i ? ", " : "fell back: ", ch, (unsigned)f->cp,
                                  f->role < 6 ? roles[f->role] : "?", f->face);
        }
    }
    info->body_pt = j.page->body_pt;
    info->measure_pt = j.page->measure_pt;
    info->body_lines = j.page->body_lines;
    info->spare_pt = j.page->spare_pt;
    info->kaiming = j.page->kaiming;
    info->n_glyphs = j.page->n_glyphs;
    info->n_figures = count_figures(j.doc);
    info->n_sections = (int)j.doc->n_sections;
    snprintf(info->photos, sizeof info->photos, "%s", j.page->photo_note);
    describe_import(&j, info->detected, sizeof info->detected);
    fill_left_out(&j, info);

done:
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o->input);
    free(title);
    free(author);
    free(subject);
    job_fini(&j);
    return st;
}

jb_status
jb_render(const jb_render_opts *o, jb_render_info *info, jb_diag *d)
{
    return render(o, info, NULL, NULL, d);
}

jb_status
jb_render_mem(const jb_render_opts *o, unsigned char **pdf, size_t *len, jb_render_info *info,
              jb_diag *d)
{
    jb_render_info own;
    char *data = NULL;
    jb_status st;

    *pdf = NULL;
    *len = 0;
    st = render(o, info ? info : &own, &data, len, d);
    if (st != JB_OK) {
        free(data);
        *len = 0;
        return st;
    }
    *pdf = (unsigned char *)data;
    return JB_OK;
}

jb_status
jb_inspect_info(const jb_render_opts *o, char **json, jb_render_info *info, jb_diag *d)
{
    job j;
    jb_status st;
    char warning[1200] = "";

    if (info)
        memset(info, 0, sizeof *info);
    *json = NULL;
    if ((st = job_layout(o, &j, warning, sizeof warning, d)) == JB_OK) {
        *json = jb_inspect_json(j.page, j.doc, j.src, j.imported ? &j.imp : NULL);
        if (*json && j.word && jb_docx_inspect_add(&j.wi, json) != 0) {
            free(*json);
            *json = NULL;
        }
        if (*json == NULL)
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (info) {
            snprintf(info->warning, sizeof info->warning, "%s", warning);
            describe_import(&j, info->detected, sizeof info->detected);
            fill_left_out(&j, info);
        }
    }
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o->input);
    job_fini(&j);
    return st;
}

jb_status
jb_inspect(const jb_render_opts *o, char **json, jb_diag *d)
{
    return jb_inspect_info(o, json, NULL, d);
}
