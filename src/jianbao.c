/* jianbao — the pipeline for one brief. */
#include "jianbao.h"

#include <linebreak.h>
#include <png.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "figures.h"
#include "fingerprint.h"
#include "job.h"
#include "font.h"
#include "fontdb.h"
#include "image.h"
#include "layout.h"
#include "normalize.h"
#include "output.h"
#include "pdf.h"
#include "readers.h"
#include "report.h"
#include "source.h"
#include "spec.h"
#include "texts.h"
#include "utf8.h"
#include "writers.h"

#define LEFT_OUT_MAX JB_JOB_CUT_MAX /* runs listed in a result; JB_R_LEFT_OUT counts all */

struct jb_result {
    char output[4096];   /* the file written */
    char warning[1200];  /* characters replaced, photos or sentences left out */
    char detected[2048]; /* what the reader found */
    char fallback[1024]; /* faces fallen back to */
    char photos[512];    /* the photo fit */
    char choices[1024];  /* the close calls of the weighed choices */
    double num[JB_R_ITEMS + 1];
    jb_left_out left_out[LEFT_OUT_MAX];
    char reasons[LEFT_OUT_MAX][32];
    char texts[LEFT_OUT_MAX][64];
    size_t n_left_out; /* all of them */
    jb_buf data;       /* the output in memory */
};

double
jb_result_number(const jb_result *r, jb_result_number_key key)
{
    return r && (unsigned)key <= JB_R_ITEMS ? r->num[key] : 0;
}

const char *
jb_result_text(const jb_result *r, jb_result_text_key key)
{
    if (r == NULL)
        return "";
    switch (key) {
    case JB_R_OUTPUT: return r->output;
    case JB_R_WARNING: return r->warning;
    case JB_R_DETECTED: return r->detected;
    case JB_R_FALLBACK: return r->fallback;
    case JB_R_PHOTOS: return r->photos;
    case JB_R_CHOICES: return r->choices;
    }
    return "";
}

const unsigned char *
jb_result_data(const jb_result *r, size_t *len)
{
    if (len)
        *len = r && r->data.data ? r->data.len : 0;
    return r && r->data.data ? (const unsigned char *)r->data.data : NULL;
}

unsigned char *
jb_result_take_data(jb_result *r, size_t *len)
{
    if (r == NULL || r->data.data == NULL) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (jb_buf_reserve(&r->data, 0) != 0) { /* room for the NUL */
        jb_buf_fini(&r->data);
        if (len)
            *len = 0;
        return NULL;
    }
    r->data.data[r->data.len] = '\0';
    return (unsigned char *)jb_buf_take(&r->data, len);
}

const jb_left_out *
jb_result_left_out(const jb_result *r, size_t i)
{
    return r && i < r->n_left_out && i < LEFT_OUT_MAX ? &r->left_out[i] : NULL;
}

void
jb_result_free(jb_result *r)
{
    if (r == NULL)
        return;
    jb_buf_fini(&r->data);
    free(r);
}

const char *
jb_version(void)
{
    return JB_VERSION_STRING;
}

void
jb_default_output(const char *input, char *out, size_t size)
{
    jb_output_name(input, jb_writer_find(NULL)->ext, out, size);
}

static int
count_figures(const jb_doc *doc)
{
    int n = 0;
    for (size_t k = 0; k < doc->n_items; k++)
        for (size_t b = 0; b < doc->items[k].n_blocks; b++) {
            const jb_text *t = &doc->items[k].blocks[b].text;
            for (size_t i = 0; doc->items[k].blocks[b].kind == JB_BLOCK_PARA && i < t->n; i++)
                n += (t->marks[i] & JB_MARK_FIGURE) &&
                     (i == 0 || !(t->marks[i - 1] & JB_MARK_FIGURE));
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

void
jb_version_details(char *out, size_t size)
{
    char fonts[128], pdf[128];
    jb_font_library_versions(fonts, sizeof fonts);
    jb_pdf_library_versions(pdf, sizeof pdf);
    /* libunibreak breaks the lines, libpng, libjpeg-turbo and libexif read the photos (and
     * libjpeg-turbo writes them), ICU breaks a two-line title, libzip and libxml2 write OFD */
    snprintf(out, size, "%s, %s, libunibreak linebreak %d.%d, libpng %s, %s", fonts, pdf,
             linebreak_version >> 8, linebreak_version & 0xFF, png_get_libpng_ver(NULL),
             JB_LIB_VERSIONS);
}

jb_status
jb_engine_open(const jb_engine_opts *in, jb_engine **out, jb_diag *d)
{
    jb_engine_opts o;
    jb_status st;

    *out = NULL;
    if ((st = jb_job_options(in, JB_MIN_ENGINE_OPTS, sizeof o, &o, d)) != JB_OK)
        return st;
    return jb_job_engine_open(&o, out, d);
}

jb_status
jb_engine_fingerprint(const jb_engine *e, char out[65], char **json, jb_diag *d)
{
    return jb_fingerprint_compute(e->fs, e->layout_hash, out, json, d);
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

/* A new run left out in r (NULL past the ones listed; counted either way). */
static jb_left_out *
add_left_out(jb_result *r, const char *reason)
{
    size_t i = r->n_left_out++;
    if (i >= LEFT_OUT_MAX)
        return NULL;
    snprintf(r->reasons[i], sizeof r->reasons[i], "%s", reason);
    r->left_out[i].reason = r->reasons[i];
    r->left_out[i].text = r->texts[i];
    return &r->left_out[i];
}

/* r's list of what was left out: import's lines, runs of one reason merged, then the sentences
 * --condense left out. */
static void
fill_left_out(const jb_job *j, jb_result *r)
{
    const jb_read_report *rep = &j->in.report;
    r->n_left_out = 0;
    r->num[JB_R_CONDENSED] = j->doc && j->doc->condensed;
    for (size_t i = 0; rep->imported && i < rep->imp.n_dropped; i++) {
        const jb_dropped *dr = &rep->imp.dropped[i];
        jb_left_out *prev = r->n_left_out && r->n_left_out <= LEFT_OUT_MAX
                                ? &r->left_out[r->n_left_out - 1]
                                : NULL,
                    *lo;
        const char *reason = jb_drop_reason_name(dr->reason);
        if (prev && strcmp(prev->reason, reason) == 0 &&
            blank_between(j->src, prev->last, dr->line)) {
            prev->last = dr->line;
            continue;
        }
        if ((lo = add_left_out(r, reason)) != NULL) {
            lo->line = lo->last = dr->line;
            lo->col = 1;
            first_chars(j->src, dr->off, r->texts[lo - r->left_out], sizeof r->texts[0]);
        }
    }
    for (size_t i = 0; i < j->n_cut; i++) {
        jb_left_out *lo = i < LEFT_OUT_MAX ? add_left_out(r, "condensed") : (r->n_left_out++, NULL);
        if (lo != NULL) {
            jb_source_position(j->src, j->cut[i], &lo->line, &lo->col);
            lo->last = lo->line;
            first_chars(j->src, j->cut[i], r->texts[lo - r->left_out], sizeof r->texts[0]);
        }
    }
    r->num[JB_R_LEFT_OUT] = (double)r->n_left_out;
}

/* The chosen one of n weighed candidates, or NULL. */
static const jb_import_title *
chosen_of(const jb_import_title *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i].chosen)
            return &w[i];
    return NULL;
}

#define CLOSE_CALL 2 /* a title candidate this near the chosen one's score is named (§7.9) */

/* Appends "file:line: note: what: the line's first characters" to out at *k. */
static void
add_note(const jb_job *j, char *out, size_t size, size_t *k, int line, const char *what)
{
    char text[64];
    if (*k >= size || line < 1)
        return;
    first_chars(j->src, j->src->line_starts[line - 1], text, sizeof text);
    *k += (size_t)snprintf(out + *k, size - *k, "%s%s:%d: note: %s: %s", *k ? "\n" : "",
                           j->src->path, line, what, text);
}

/* The close calls of import's weighed choices (RULES.md §7.9), a note line each: a title
 * candidate within CLOSE_CALL points of the title; the source not taken; a date candidate of
 * another date. */
static void
fill_choices(const jb_job *j, char *out, size_t size)
{
    const jb_import_info *imp = &j->in.report.imp;
    const jb_import_title *t = chosen_of(imp->titles, imp->n_titles),
                          *d = chosen_of(imp->dates, imp->n_dates),
                          *c = chosen_of(imp->sources, imp->n_sources);
    char what[512];
    size_t k = 0;

    out[0] = '\0';
    if (!j->in.report.imported)
        return;
    for (size_t i = 0; t && i < imp->n_titles; i++) {
        const jb_import_title *w = &imp->titles[i];
        if (w->chosen || w->score < t->score - CLOSE_CALL)
            continue;
        snprintf(what, sizeof what, "not the title (score %d, line %d's %d)", w->score, t->line,
                 t->score);
        add_note(j, out, size, &k, w->line, what);
    }
    for (size_t i = 0; c && i < imp->n_sources; i++) {
        const jb_import_title *w = &imp->sources[i];
        if (w->chosen)
            continue;
        snprintf(what, sizeof what, "not the source (score %d: %s; line %d's, score %d: %s)",
                 w->score, w->why, c->line, c->score, c->why);
        add_note(j, out, size, &k, w->line, what);
    }
    for (size_t i = 0; d && i < imp->n_dates; i++) {
        const jb_import_title *w = &imp->dates[i];
        if (w->chosen || strncmp(w->why, d->why, 10) == 0) /* the same date */
            continue;
        snprintf(what, sizeof what, "not the date (%.10s, score %d; line %d's %.10s, score %d)",
                 w->why, w->score, d->line, d->why, d->score);
        add_note(j, out, size, &k, w->line, what);
    }
}

static void describe_import_only(const jb_job *j, char *out, size_t size);

/* "imported: …" for --verbose: the pattern found and the lines left out, by reason; for a reader
 * with an account of its own (a Word document) first that. */
static void
describe_import(const jb_job *j, char *out, size_t size)
{
    out[0] = '\0';
    if (j->reader && j->reader->describe && j->in.report.own) { /* then import's own account */
        size_t k;
        j->reader->describe(j->in.report.own, out, size);
        k = strlen(out);
        if (j->in.report.imported && k + 3 < size) {
            snprintf(out + k, size - k, "; ");
            describe_import_only(j, out + k + 2, size - k - 2);
        }
        return;
    }
    describe_import_only(j, out, size);
}

static void
describe_import_only(const jb_job *j, char *out, size_t size)
{
    int count[JB_DROP_COUNT] = {0};
    size_t k, n_lead, n_sections;
    const jb_item *it;

    const jb_import_info *imp = &j->in.report.imp;

    out[0] = '\0';
    if (!j->in.report.imported)
        return;
    it = &j->doc->items[0];
    n_lead = jb_item_n_lead(it);
    n_sections = jb_item_n_sections(it);
    for (size_t i = 0; i < imp->n_dropped; i++)
        count[imp->dropped[i].reason]++;
    k = (size_t)snprintf(out, size,
                         "imported a raw article: title, %s%s, lead of %zu paragraph%s, %zu "
                         "section%s (%s); left out %zu lines",
                         it->byline.n ? "byline" : "no byline",
                         j->doc->masthead.date_iso[0] ? ", date" : "", n_lead,
                         n_lead == 1 ? "" : "s", n_sections, n_sections == 1 ? "" : "s",
                         imp->pattern ? imp->pattern : "no heads", imp->n_dropped);
    for (int r = 0, first = 1; r < JB_DROP_COUNT && k < size; r++)
        if (count[r]) {
            k += (size_t)snprintf(out + k, size - k, "%s%s %d", first ? " (" : ", ",
                                  jb_drop_reason_name((jb_drop_reason)r), count[r]);
            first = 0;
        }
    if (imp->n_dropped && k < size)
        k += (size_t)snprintf(out + k, size - k, ")");
    /* the title's candidates as weighed (RULES.md §7.9): the chosen one, then every other */
    for (int chosen = 1; chosen >= 0; chosen--)
        for (size_t i = 0; i < imp->n_titles && k < size; i++)
            if (imp->titles[i].chosen == chosen)
                k += (size_t)snprintf(out + k, size - k, "; %s line %d (score %d: %s)",
                                      chosen ? "title:" : "not the title:", imp->titles[i].line,
                                      imp->titles[i].score, imp->titles[i].why);
    for (int chosen = 1; chosen >= 0; chosen--) /* and the date's */
        for (size_t i = 0; i < imp->n_dates && k < size; i++)
            if (imp->dates[i].chosen == chosen)
                k += (size_t)snprintf(out + k, size - k, "; %s line %d (score %d, %s)",
                                      chosen ? "date:" : "not the date:", imp->dates[i].line,
                                      imp->dates[i].score, imp->dates[i].why);
}

/* The report with the lines import left out as YAML comments at the top of its front matter,
 * so a reviewer sees them (parse.c reads the report back unchanged: libyaml skips comments). */
static char *
with_left_out(char *report, const jb_result *r)
{
    size_t cap = strlen(report) + 160 + r->n_left_out * 128, k;
    char *out;
    if (r->n_left_out == 0 || strncmp(report, "---\n", 4) != 0 || (out = malloc(cap)) == NULL)
        return report;
    k = (size_t)snprintf(out, cap, "---\n# left out by jianbao import (RULES.md §7):\n");
    for (size_t i = 0; i < r->n_left_out && i < LEFT_OUT_MAX; i++) {
        const jb_left_out *lo = &r->left_out[i];
        char lines[32];
        if (lo->last > lo->line)
            snprintf(lines, sizeof lines, "lines %d-%d", lo->line, lo->last);
        else
            snprintf(lines, sizeof lines, "line %d", lo->line);
        k += (size_t)snprintf(out + k, cap - k, "#   %s (%s): %s\n", lines, lo->reason, lo->text);
    }
    if (r->n_left_out > LEFT_OUT_MAX)
        k += (size_t)snprintf(out + k, cap - k, "#   and %zu more\n", r->n_left_out - LEFT_OUT_MAX);
    snprintf(out + k, cap - k, "%s", report + 4);
    free(report);
    return out;
}

/* The photos of a document with images of its own (a Word document's zip parts): next to the
 * report import writes (REPORT.md → REPORT-image1.png), so that the report renders with them;
 * written to standard output, the report cannot carry them, and a warning says so. */
static jb_status
extract_photos(const jb_job_opts *o, jb_job *j, jb_result *info, jb_diag *d)
{
    const char *slash = o->output ? strrchr(o->output, '/') : NULL;
    const char *dot = o->output ? strrchr(o->output, '.') : NULL;
    char stem[4096], path[4096 + 256];

    if (o->output == NULL) {
        snprintf(info->warning, sizeof info->warning,
                 "%s: warning: the report on standard output names the Word document's %zu "
                 "photo%s by their place in it; give -o REPORT.md to write them beside the report",
                 o->input, jb_doc_n_photos(j->doc), jb_doc_n_photos(j->doc) == 1 ? "" : "s");
        return JB_OK;
    }
    snprintf(stem, sizeof stem, "%.*s",
             dot && dot > (slash ? slash : o->output) ? (int)(dot - o->output)
                                                      : (int)strlen(o->output),
             o->output);
    jb_photo *p;
    for (size_t i = 0; (p = jb_doc_photo(j->doc, i)) != NULL; i++) {
        const char *base = strrchr(p->ref, '/');
        char *ref;
        jb_status st;
        base = base ? base + 1 : p->ref;
        for (size_t k = 0; k < j->in.report.n_images; k++) {
            const jb_read_image *im = &j->in.report.images[k];
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
jb_import_report(const jb_job_opts *in, jb_result **result, jb_diag *d)
{
    jb_job_opts o;
    jb_job j;
    jb_status st;
    jb_result *r = NULL;
    char *report = NULL;

    memset(&j, 0, sizeof j);
    if ((st = jb_job_options(in, JB_MIN_JOB_OPTS, sizeof o, &o, d)) != JB_OK ||
        (r = calloc(1, sizeof *r)) == NULL) {
        if (result)
            *result = NULL;
        return st != JB_OK ? st : jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if ((st = jb_job_document(&o, &j, d)) == JB_OK &&
        (st = jb_job_photos(&o, &j, NULL, d)) == JB_OK) {
        describe_import(&j, r->detected, sizeof r->detected);
        fill_left_out(&j, r);
        fill_choices(&j, r->choices, sizeof r->choices);
        if (j.in.report.n_images && jb_doc_n_photos(j.doc))
            st = extract_photos(&o, &j, r, d);
        if (st == JB_OK)
            st = jb_report_write(j.doc, &report, d);
        if (st == JB_OK)
            report = with_left_out(report, r);
        if (st == JB_OK && o.output)
            st = jb_write_atomic(o.output, report, strlen(report), d);
        if (st == JB_OK) {
            jb_buf_adopt(&r->data, report, strlen(report));
            report = NULL;
            if (o.output)
                snprintf(r->output, sizeof r->output, "%s", o.output);
        }
    }
    if (st == JB_OK && j.title_warning[0]) {
        size_t len = strlen(r->warning);
        snprintf(r->warning + len, sizeof r->warning - len, "%s%s", len ? "\n" : "",
                 j.title_warning);
    }
    free(report);
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o.input);
    jb_job_fini(&j);
    if (result)
        *result = r;
    else
        jb_result_free(r);
    return st;
}

/* The metadata of the page for the writer: title (with （摘编） when condensed), author,
 * subject (the masthead's name and 期号). 0 or -1 when out of memory. */
static int
metadata(const jb_doc *doc, jb_write_input *w, char **own)
{
    char *title = jb_text_to_utf8(&doc->items[0].title);
    char *m = jb_text_to_utf8(&doc->masthead.name), *i = jb_text_to_utf8(&doc->masthead.issue);

    own[0] = title, own[1] = jb_text_to_utf8(&doc->items[0].byline), own[2] = NULL;
    if (title && doc->condensed) { /* the page's 摘编 mark, in the metadata too */
        char *t = malloc(strlen(title) + sizeof "（摘编）");
        if (t)
            sprintf(t, "%s（摘编）", title);
        free(title);
        own[0] = t;
    }
    if (m && i && (own[2] = malloc(strlen(m) + strlen(i) + 2)) != NULL)
        sprintf(own[2], "%s%s%s", m, *i ? " " : "", i);
    free(m);
    free(i);
    w->title = own[0], w->author = own[1], w->subject = own[2];
    w->creator = "jianbao " JB_VERSION_STRING;
    return own[0] && own[1] && own[2] ? 0 : -1;
}

/* What the page says about the job, into r. */
static void
describe_page(const jb_job *j, jb_result *r)
{
    static const char *const roles[] = {"song", "kai", "hei", "fang", "title", "latin"};
    size_t k = 0, size = sizeof r->fallback;
    for (size_t i = 0; i < j->page->n_fallbacks && i < JB_PAGE_FALLBACKS && k < size; i++) {
        const jb_page_fallback *f = &j->page->fallbacks[i];
        char ch[8] = {0};
        jb_utf8_encode(f->cp, ch);
        k += (size_t)snprintf(r->fallback + k, size - k, "%s%s U+%04X (%s) from %s",
                              i ? ", " : "fell back: ", ch, (unsigned)f->cp,
                              f->role < 6 ? roles[f->role] : "?", f->face);
    }
    r->num[JB_R_BODY_PT] = j->page->body_pt;
    r->num[JB_R_MEASURE_PT] = j->page->measure_pt;
    r->num[JB_R_BODY_LINES] = j->page->body_lines;
    r->num[JB_R_SPARE_PT] = j->page->spare_pt;
    r->num[JB_R_KAIMING] = j->page->kaiming;
    r->num[JB_R_GLYPHS] = (double)j->page->n_glyphs;
    r->num[JB_R_FIGURES] = count_figures(j->doc);
    r->num[JB_R_SECTIONS] = (double)jb_item_n_sections(&j->doc->items[0]);
    r->num[JB_R_PAGES] = jb_page_count(j->page);
    r->num[JB_R_ITEMS] = (double)j->doc->n_items;
    snprintf(r->photos, sizeof r->photos, "%s", j->page->photo_note);
}

/* The stages of jb_render: read, lay out, write with the output format's writer to the file
 * r->output or (to_memory) into r->data. */
static jb_status
render(const jb_job_opts *o, const jb_writer *w, jb_result *r, jb_diag *d)
{
    jb_job j;
    jb_status st;
    char *own[3] = {NULL, NULL, NULL};
    jb_write_input in;

    memset(&j, 0, sizeof j);
    if (!o->to_memory) {
        if (o->output)
            snprintf(r->output, sizeof r->output, "%s", o->output);
        else
            jb_output_name(o->input, w->ext, r->output, sizeof r->output);
        if (strcmp(r->output, o->input) == 0 || same_file(r->output, o->input))
            return jb_diag_set(d, JB_ERR_USAGE, o->input, 0, 0, "give another path with -o",
                               "the output would overwrite the input");
    }
    if ((st = jb_job_layout(o, &j, r->warning, sizeof r->warning, d)) != JB_OK ||
        (st = jb_job_check_cancelled(o, d)) != JB_OK)
        goto done;
    if (j.title_warning[0]) { /* the suggested title taken, before the layout's warnings */
        char rest[sizeof r->warning];
        snprintf(rest, sizeof rest, "%s", r->warning);
        snprintf(r->warning, sizeof r->warning, "%s%s%.*s", j.title_warning, rest[0] ? "\n" : "",
                 (int)(sizeof r->warning - strlen(j.title_warning) - 2), rest);
    }
    memset(&in, 0, sizeof in);
    in.page = j.page, in.fs = j.fs;
    in.spec = &(o->engine ? o->engine : j.own)->spec;
    in.doc = j.doc, in.src = j.src, in.reader = j.reader, in.report = &j.in.report;
    if (metadata(j.doc, &in, own) != 0) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if ((st = w->write(&in, &r->data, d)) != JB_OK)
        goto done;
    if (r->data.fail) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if (!o->to_memory) {
        st = jb_write_atomic(r->output, r->data.data, r->data.len, d);
        jb_buf_fini(&r->data);
        if (st != JB_OK)
            goto done;
    }
    describe_page(&j, r);
    describe_import(&j, r->detected, sizeof r->detected);
    fill_left_out(&j, r);
    fill_choices(&j, r->choices, sizeof r->choices);

done:
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o->input);
    for (int i = 0; i < 3; i++)
        free(own[i]);
    jb_job_fini(&j);
    return st;
}

jb_status
jb_render(const jb_job_opts *in, jb_result **result, jb_diag *d)
{
    jb_job_opts o;
    const jb_writer *w;
    jb_result *r;
    jb_status st;

    if (result)
        *result = NULL;
    if ((st = jb_job_options(in, JB_MIN_JOB_OPTS, sizeof o, &o, d)) != JB_OK)
        return st;
    if ((w = jb_writer_find(o.to)) == NULL) {
        char list[256];
        jb_writer_list(list, sizeof list);
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, list, "no such output format '%s'", o.to);
    }
    if (!o.to_memory && o.output) { /* the output's name: x.ofd is an OFD, unless o.to says */
        const jb_writer *named = jb_writer_by_ext(o.output);
        if (o.to == NULL && named)
            w = named;
        else if (named && strcmp(named->ext, w->ext) != 0)
            return jb_diag_set(d, JB_ERR_USAGE, o.input, 0, 0,
                               "name the output for its format, or leave the format out",
                               "%s: the name says %s, the format is %s", o.output, named->name,
                               w->name);
    }
    if (o.to_memory && result == NULL)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "pass a result to receive the bytes",
                           "to_memory without a result");
    if ((r = calloc(1, sizeof *r)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    st = render(&o, w, r, d);
    if (st != JB_OK)
        jb_buf_fini(&r->data);
    if (result)
        *result = r;
    else
        jb_result_free(r);
    return st;
}
