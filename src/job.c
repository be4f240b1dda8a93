/* job — one brief's stages inside the library. */
#include "job.h"
#include "photo_rows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "condense.h"
#include "figures.h"
#include "fingerprint.h"
#include "fontdb.h"
#include "image.h"
#include "import.h"
#include "layout.h"
#include "levels.h"
#include "normalize.h"
#include "placeholders.h"
#include "source.h"
#include "suggest.h"
#include "texts.h"
#include "utf8.h"

/* The caller's options as this library's struct: fields past the caller's size read as zero.
 * JB_ERR_USAGE for a size no header ever had. */
jb_status
jb_job_options(const void *in, size_t min, size_t have, void *out, jb_diag *d)
{
    size_t size = in ? *(const size_t *)in : 0;
    memset(out, 0, have);
    if (in == NULL || size < min || size > have)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "initialise the options with JB_ENGINE_OPTS_INIT / JB_JOB_OPTS_INIT "
                           "and build against this library's jianbao.h",
                           "options of size %zu: this library knows %zu", size, have);
    memcpy(out, in, size);
    return JB_OK;
}

void
jb_job_fini(jb_job *j)
{
    jb_page_free(j->page);
    jb_engine_free(j->own);
    jb_read_fini(j->reader, &j->in);
    for (size_t k = 0; k < j->n_more; k++)
        jb_read_fini(j->more_readers[k], &j->more[k]);
    free(j->more);
    free(j->more_readers);
    jb_source_free(j->joined);
    memset(j, 0, sizeof *j);
}

/* The binary reader the input's first bytes (or its name: .docx, .doc, …) say it is for, or NULL
 * for a text. */
static const jb_reader *
sniff_bytes(const jb_job_opts *o)
{
    unsigned char head[JB_SNIFF_BYTES];
    size_t n = 0;
    if (o->input_data) {
        n = o->input_len < sizeof head ? o->input_len : sizeof head;
        memcpy(head, o->input_data, n);
    } else {
        struct stat sb;
        FILE *f;
        /* a FIFO or a device is never opened here (it would block or be consumed) */
        if (stat(o->input, &sb) != 0 || !S_ISREG(sb.st_mode))
            return NULL;
        if ((f = jb_source_fopen_regular(o->input, "rb")) != NULL) {
            n = fread(head, 1, sizeof head, f);
            fclose(f);
        }
        if (n == 0) /* missing or empty: the text reader says so */
            return NULL;
    }
    return jb_reader_sniff_bytes(o->input_data ? NULL : o->input, head, n);
}

/* Loads a text input into j->in.src, refusing one of blanks only. */
static jb_status
load_text(const jb_job_opts *o, jb_job *j, jb_diag *d)
{
    jb_status st = o->input_data
                       ? jb_source_from_memory_max(o->input, o->input_data, o->input_len,
                                                   o->encoding, o->max_input, &j->in.src, d)
                       : jb_source_load_max(o->input, o->encoding, o->max_input, &j->in.src, d);
    size_t k = 0;
    if (st != JB_OK)
        return st;
    while (k < j->in.src->len && strchr(" \t\n", j->in.src->text[k]))
        k++;
    if (k == j->in.src->len)
        return jb_diag_set(d, JB_ERR_FORMAT, o->input, 0, 0,
                           "write the report or paste the article into it, or check that this "
                           "is the file you meant",
                           j->in.src->len ? "the file holds only blank lines"
                                          : "the file is empty");
    return JB_OK;
}

/* Reads the input with its reader: the one o->from names, else the one its bytes or text say. */
jb_status
jb_job_read(const jb_job_opts *o, jb_job *j, int have_title, jb_diag *d)
{
    jb_read_input in = {o->input,    o->input_data, o->input_len, o->max_input,
                        o->encoding, have_title,    o->convert};
    jb_status st;

    if (o->from && (j->reader = jb_reader_find(o->from)) == NULL) {
        char list[256];
        jb_reader_list(list, sizeof list);
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, list, "no such input format '%s'", o->from);
    }
    if (j->reader == NULL)
        j->reader = sniff_bytes(o); /* by its bytes, before any text check */
    if (j->reader == NULL || !j->reader->binary) {
        if ((st = load_text(o, j, d)) != JB_OK)
            return st;
        if (j->reader == NULL)
            j->reader = jb_reader_sniff_text(j->in.src);
    }
    st = j->reader->read(&in, &j->in, d);
    j->src = j->in.src;
    j->doc = j->in.doc;
    return st;
}

/* No title found nor given: the suggested one (RULES.md §7.7) goes into the item; with
 * o->title_auto it becomes the title (and j->title_warning says so), else the input is refused
 * naming it. */
static jb_status
job_untitled(const jb_job_opts *o, jb_job *j, jb_diag *d)
{
    jb_item *it = &j->doc->items[0];
    const char *name = j->src && j->src->path ? j->src->path : o->input;
    const char *what = strcmp(j->reader->name, "md") == 0     ? "the report has no title"
                       : strcmp(j->reader->name, "docx") == 0 ? "the Word document has no title"
                                                              : "the article has no title line";
    char *s;
    jb_status st = JB_OK;

    if (jb_suggest_title(j->doc, name, &it->suggested) != 0 ||
        (s = jb_text_to_utf8(&it->suggested)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (o->title_auto && it->suggested.n) {
        for (size_t i = 0; i < it->suggested.n; i++)
            if (jb_text_push(&it->title, it->suggested.cps[i], it->suggested.offs[i], 0) != 0)
                st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        snprintf(j->title_warning, sizeof j->title_warning,
                 "%s: warning: %s; took the suggested title 「%s」 (--meta title=… gives another)",
                 name, what, s);
    } else {
        st = jb_diag_set(d, JB_ERR_FORMAT, name, 0, 0,
                         "take the suggestion with --title auto, give one with --meta title=…, "
                         "or put the title on a line of its own above the text",
                         "%s%s%s%s", what, it->suggested.n ? " (suggested: 「" : "", s,
                         it->suggested.n ? "」)" : "");
        jb_diag_code(d, "no_title");
        if (s && strlen(s) < sizeof d->suggestion) /* for programs: the page offers it */
            strcpy(d->suggestion, s);
    }
    free(s);
    return st;
}

typedef struct {
    const jb_source *src;
    char *out;
    size_t size, n;
    uint32_t first; /* source offset of the first one */
} slots;

static void
slot_cb(const jb_text *t, jb_span s, void *ud)
{
    slots *sl = ud;
    size_t len = strlen(sl->out);
    int line = 0, col = 0;
    if (sl->n++ == 0)
        sl->first = t->offs[s.start];
    if (sl->n > 5 || len + 40 >= sl->size)
        return;
    if (sl->src)
        jb_source_position(sl->src, t->offs[s.start], &line, &col);
    len += (size_t)snprintf(sl->out + len, sl->size - len, "%s%d:%d '", sl->n > 1 ? ", " : "", line,
                            col);
    for (size_t i = s.start; i < s.end && len + 8 < sl->size; i++)
        len += jb_utf8_encode(t->cps[i], sl->out + len);
    snprintf(sl->out + len, sl->size - len, "'");
}

/* Placeholders (RULES.md §6.6) lose their figure mark; they are named in j->title_warning, or
 * with o->strict refused. */
static jb_status
job_placeholders(const jb_job_opts *o, jb_job *j, jb_diag *d)
{
    char list[400] = "";
    slots sl = {j->src, list, sizeof list, 0, 0};
    size_t len = strlen(j->title_warning);
    const char *name = j->src && j->src->path ? j->src->path : o->input;

    if (jb_placeholders_unmark(j->doc) == 0)
        return JB_OK;
    jb_placeholders_each(j->doc, slot_cb, &sl);
    if (o->strict) {
        int line = 0, col = 0;
        if (j->src)
            jb_source_position(j->src, sl.first, &line, &col);
        jb_diag_set(d, JB_ERR_FORMAT, name, line, col,
                    "fill in the figures, or leave out --strict to print it with a warning",
                    "%zu placeholder%s not filled in (未填写): %s", sl.n, sl.n > 1 ? "s" : "",
                    list);
        return jb_diag_code(d, "placeholder");
    }
    snprintf(j->title_warning + len, sizeof j->title_warning - len,
             "%s%s: warning: %zu placeholder%s not filled in (未填写), not highlighted: %s%s",
             len ? "\n" : "", name, sl.n, sl.n > 1 ? "s" : "", list, sl.n > 5 ? ", …" : "");
    return JB_OK;
}

/* Reads the input into a document with its reader; the --meta fields are set; punctuation is
 * normalised and key figures marked. */
jb_status
jb_job_document(const jb_job_opts *o, jb_job *j, jb_diag *d)
{
    jb_status st;
    int have_title = 0;

    memset(j, 0, sizeof *j);
    for (size_t i = 0; i < o->n_meta; i++)
        have_title |= strncmp(o->meta[i], "title=", 6) == 0 && o->meta[i][6] != '\0';
    /* every reader reads a document without a title: it is refused below, with a suggestion */
    if ((st = jb_job_read(o, j, 1, d)) != JB_OK || (st = jb_job_issue(o, j, d)) != JB_OK)
        return st;
    for (size_t i = 0; i < o->n_meta; i++) {
        const char *eq = strchr(o->meta[i], '=');
        char key[32];
        int rc;
        if (eq == NULL || eq - o->meta[i] >= (long)sizeof key)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "write --meta key=value",
                               "--meta '%s' has no key=value", o->meta[i]);
        snprintf(key, sizeof key, "%.*s", (int)(eq - o->meta[i]), o->meta[i]);
        rc = jb_doc_set_field(j->doc, key, eq + 1);
        if (rc == -1) {
            char keys[256], hint[400];
            jb_field_list(1, keys, sizeof keys);
            snprintf(hint, sizeof hint,
                     "keys: %s, distribution.报, distribution.送, distribution.发", keys);
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, hint, "--meta: unknown key '%s'", key);
        }
        if (rc == -2)
            return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "write the date as YYYY-MM-DD",
                               "--meta: no such date '%s'", eq + 1);
        if (rc != 0)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (!have_title && j->doc->items[0].title.n == 0 && (st = job_untitled(o, j, d)) != JB_OK)
        return st;
    jb_levels_set(j->doc);
    if (jb_normalize_doc(j->doc) != 0 || jb_import_closing(j->doc) != 0)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    jb_figures_mark(j->doc);
    jb_job_notes_unset(o, j);
    return job_placeholders(o, j, d);
}

jb_status
jb_job_engine_open(const jb_engine_opts *o, jb_engine **out, jb_diag *d)
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
    if (jb_fingerprint_layout(o->layout, o->set, o->n_set, e->layout_hash) != 0) {
        st = jb_diag_set(d, JB_ERR_LAYOUT, o->layout, 0, 0, NULL, "cannot read the layout file: %s",
                         strerror(errno));
        goto fail;
    }
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
lay_out(const jb_engine *e, const jb_job_opts *o, jb_job *j, int allow, char *warning, size_t size,
        jb_diag *d)
{
    jb_page_texts *tx;
    jb_status st;
    const jb_spec *spec = &e->spec;
    jb_spec *own = NULL;

    int pages = o->pages > 0 ? o->pages : j->doc->pages; /* --pages, else the front matter's */
    if (pages > 0 && pages != spec->pages) {             /* the engine's layout is shared */
        if ((own = malloc(sizeof *own)) == NULL)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        *own = *spec;
        own->pages = pages;
        spec = own;
    }
    if ((st = jb_page_texts_build(j->doc, spec, &tx, d)) == JB_OK) {
        if ((st = jb_page_texts_cover(tx, spec, e->fs, j->src, allow, warning, size, d)) == JB_OK)
            st = jb_layout(tx, spec, e->fs, &j->page, d);
        jb_page_texts_free(tx);
    }
    free(own);
    return st;
}

/* --condense on a page its photos overflow (they were shrunk to [photo] min first): the photos
 * go, the last first, until the page fits (each named in warning), each leaving its （图略） mark
 * at its place; the text is condensed only when it does not fit without any. */
static jb_status
drop_photos(const jb_engine *e, const jb_job_opts *o, jb_job *j, char *warning, size_t size,
            jb_diag *d)
{
    jb_status st = JB_ERR_OVERFLOW;
    size_t len;
    char again[1200]; /* a □ warning: shown by the first layout already */

    snprintf(warning, size, "%s: warning: the photos do not fit on one page; left out",
             j->src->path);
    while (st == JB_ERR_OVERFLOW && jb_doc_n_photos(j->doc) > 0) {
        const jb_photo *p = jb_doc_photo(j->doc, jb_doc_n_photos(j->doc) - 1);
        int line, col;
        jb_source_position(j->src, p->off, &line, &col);
        len = strlen(warning);
        snprintf(warning + len, size - len, "%s '%s' (%d:%d)", strstr(warning, "' (") ? "," : "",
                 p->ref, line, col);
        if (jb_condense_photo(j->doc, jb_doc_n_photos(j->doc) - 1) != 0)
            return jb_diag_set(d, JB_ERR_NOMEM, o->input, 0, 0, NULL, "out of memory");
        jb_diag_init(d);
        st = lay_out(e, o, j, o->allow_missing, again, sizeof again, d);
    }
    len = strlen(warning);
    if (st == JB_OK)
        snprintf(warning + len, size - len, "; the page marks each （图略）");
    return st;
}

/* Lays out j with the first k of c's ranked sentences left out (RULES.md §5.5 (b)); a page laid
 * out before is released first. */
static jb_status
lay_out_without(const jb_engine *e, const jb_job_opts *o, jb_job *j, jb_condense *c, size_t k,
                jb_diag *d)
{
    char again[1200]; /* the □ warning once more: the condensing one is shown instead */
    jb_page_free(j->page);
    j->page = NULL;
    j->n_cut = jb_condense_apply(c, k, j->cut, JB_JOB_CUT_MAX);
    jb_diag_init(d);
    return lay_out(e, o, j, o->allow_missing, again, sizeof again, d);
}

/* The pages one article too long for one page needs at the floor size: laid out again as if
 * --pages allowed JB_PAGES_MAX (the fewest pages at the floor, RULES.md §5.7); JB_PAGES_MAX + 1
 * when even those do not hold it, 0 when that is not known. j->page is left NULL. */
static int
pages_needed(const jb_engine *e, const jb_job_opts *o, jb_job *j)
{
    jb_job_opts most = *o;
    jb_diag d;
    char warning[512];
    int n = 0;

    most.pages = JB_PAGES_MAX;
    jb_diag_init(&d);
    jb_status st = lay_out(e, &most, j, o->allow_missing, warning, sizeof warning, &d);
    if (st == JB_OK && j->page)
        n = (int)j->page->n_pages;
    else if (st == JB_ERR_OVERFLOW && strstr(d.message, "needs more than"))
        n = JB_PAGES_MAX + 1;
    jb_page_free(j->page);
    j->page = NULL;
    return n;
}

/* --condense given for what it does not shorten (an issue of several items, or one article
 * flowing onto pages): d's hint says so and what to do instead. */
static void
condense_not_here(const jb_doc *doc, jb_diag *d)
{
    size_t n = strlen(d->hint);
    snprintf(d->hint + n, sizeof d->hint - n, "%s%s", n ? "; " : "",
             doc->n_items > 1 ? "--condense shortens one article on one page, not an issue: "
                                "condense each item as a report of its own, or leave items out"
                              : "--condense shortens an article to one page, not to several: "
                                "give --condense without --pages (or [pages] count = 1)");
}

/* How many lines the layout's overflow error d says the page is over (1 when it does not say). */
static int
lines_over(const jb_diag *d)
{
    const char *p = strstr(d->message, "overflows by ");
    int n = p ? atoi(p + strlen("overflows by ")) : 0;
    return n > 0 ? n : 1;
}

/* The first *k ranked sentences of c left out, the page fits: each of them in turn (the first
 * picked first) is put back when the page still fits without it; j's page is laid out for the
 * final *k. */
static jb_status
put_back(const jb_engine *e, const jb_job_opts *o, jb_job *j, jb_condense *c, size_t *k, jb_diag *d)
{
    size_t n = *k, left = *k;
    int fits = 1; /* the page last laid out is the one for left */
    jb_status st = JB_OK;
    for (size_t tried = 0; tried < n && left > 1; tried++) {
        jb_condense_last(c, 0, left); /* the first to the end of the left out: each in turn */
        if ((st = lay_out_without(e, o, j, c, left - 1, d)) == JB_OK)
            left--, fits = 1; /* back in */
        else if (st == JB_ERR_OVERFLOW)
            fits = 0; /* it stays out */
        else
            return st;
    }
    *k = left;
    return fits ? JB_OK : lay_out_without(e, o, j, c, left, d);
}

/* --condense on a page too long even at the floor: the fewest sentences left out that make it
 * fit, so that it stays at the floor size. The page is tried with every candidate out first
 * (still over: the error says what was kept), then with none but （摘编） after the title, to
 * learn how many lines it is over; then, as long as it is over, the sentence jb_condense_pick
 * chooses for the lines still over goes, and the page is laid out again. */
static jb_status
condense_text(const jb_engine *e, const jb_job_opts *o, jb_job *j, char *warning, size_t size,
              jb_diag *d)
{
    jb_condense *c = jb_condense_new(j->doc);
    const jb_condense_count *n = &j->doc->condense_count;
    const jb_spec *sp = &e->spec;
    double cpl = (sp->page_w_pt - sp->margin_left_pt - sp->margin_right_pt) / sp->body_min_pt;
    int over = 1;
    size_t k = 0;
    jb_status st;

    if (c == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, o->input, 0, 0, NULL, "out of memory");
    st = lay_out_without(e, o, j, c, jb_condense_n(c), d);
    if (st == JB_OK) { /* how far over with nothing left out but the title's （摘编） (its width
                          may take the title to a second line) */
        char again[1200];
        jb_condense_apply(c, 0, j->cut, 0);
        j->doc->condensed = 1;
        jb_page_free(j->page);
        j->page = NULL;
        jb_diag_init(d);
        st = lay_out(e, o, j, o->allow_missing, again, sizeof again, d);
        over = st == JB_OK ? 0 : lines_over(d);
        st = JB_OK;
    }
    while (st == JB_OK && over > 0 && (st = jb_job_check_cancelled(o, d)) == JB_OK &&
           jb_condense_pick(c, k, over, cpl) == 0) {
        if ((st = lay_out_without(e, o, j, c, ++k, d)) != JB_ERR_OVERFLOW)
            break;
        over = lines_over(d);
        st = JB_OK;
    }
    if (st == JB_OK && j->page == NULL) /* no pick left (out of memory): all of them out */
        st = lay_out_without(e, o, j, c, jb_condense_n(c), d);
    else if (st == JB_OK && k > 1 && k <= 12) /* a later pick may have made an earlier one
                                                  unneeded: each put back while the page fits */
        st = put_back(e, o, j, c, &k, d);
    jb_condense_free(c);
    if (st != JB_OK)
        return st;
    snprintf(warning, size,
             "%s: warning: too long for one page; condensed (the title says 摘编): left out %zu "
             "sentence%s of %zu (%zu of %zu characters; kept %.1f%%)",
             j->src->path, n->sentences_left_out, n->sentences_left_out == 1 ? "" : "s",
             n->sentences, n->chars_left_out, n->chars,
             n->chars ? 100.0 * (double)(n->chars - n->chars_left_out) / (double)n->chars : 100.0);
    return JB_OK;
}

/* JB_ERR_CANCELLED when the caller's cancelled() says stop, else JB_OK. */
jb_status
jb_job_check_cancelled(const jb_job_opts *o, jb_diag *d)
{
    if (o->cancelled == NULL || !o->cancelled(o->cancel_arg))
        return JB_OK;
    return jb_diag_set(d, JB_ERR_CANCELLED, o->input, 0, 0,
                       "try again, or with a shorter report or fewer photos",
                       "the render was stopped before it finished");
}

/* The image embedded in the input that photo ref names, or NULL. */
static const jb_read_image *
embedded_image(const jb_job *j, const char *ref)
{
    const jb_read_report *rep = &j->in.report;
    for (size_t k = 0; k < rep->n_images; k++)
        if (rep->images[k].data && strcmp(rep->images[k].name, ref) == 0)
            return &rep->images[k];
    return NULL;
}

/* The most pixels each photo can be placed at (photo_rows.h): a run of consecutive photo blocks
 * stands in rows (jb_photo_row_len), each row at the height its photos' shapes give at [photo]
 * width (jb_photo_row_height; the fit only makes them smaller), at [photo] ppi. Rows need every
 * shape (read from the headers); with --condense a photo may lose its neighbours, so each gets a
 * row of its own, as it does when a shape cannot be read. A photo placed twice gets the larger of
 * its places. */
static void
photo_fits(const jb_job_opts *o, const jb_job *j, const jb_spec *spec, jb_image_fit *fits)
{
    const jb_doc *doc = j->doc;
    double text_w = spec->page_w_pt - spec->margin_left_pt - spec->margin_right_pt,
           measure = spec->photo_width * text_w,
           hmax = spec->photo_height *
                  (spec->page_h_pt - spec->margin_top_pt - spec->margin_bottom_pt),
           px = spec->photo_ppi / 72;
    size_t n = jb_doc_n_photos(doc), k = 0;
    int *w = calloc(n ? n : 1, sizeof *w), *h = calloc(n ? n : 1, sizeof *h);
    char *next = calloc(n ? n : 1, 1); /* photo i + 1 is the block right after photo i */

    for (size_t i = 0; i < n; i++) {
        fits[i].max_w = (int)ceil(measure * px);
        fits[i].max_h = (int)ceil(hmax * px);
    }
    if (w == NULL || h == NULL || next == NULL || o->condense) {
        free(w), free(h), free(next);
        return;
    }
    for (size_t it = 0; it < doc->n_items; it++) /* the photos in jb_doc_photo's order */
        for (size_t b = 0; b < doc->items[it].n_blocks && k < n; b++)
            if (doc->items[it].blocks[b].kind == JB_BLOCK_PHOTO)
                next[k++] = b + 1 < doc->items[it].n_blocks &&
                            doc->items[it].blocks[b + 1].kind == JB_BLOCK_PHOTO;
    for (size_t i = 0; i < n; i++) {
        const char *ref = jb_doc_photo(doc, i)->ref;
        const jb_read_image *im = embedded_image(j, ref);
        if (im ? jb_image_probe((const unsigned char *)im->data, im->len, &w[i], &h[i])
               : j->in.report.n_images || o->input_data ||
                     jb_image_probe_file(o->input, ref, &w[i], &h[i]))
            w[i] = h[i] = 0;
    }
    for (size_t i = 0; i < n;) { /* each run of consecutive photos, row by row */
        size_t run = 1;
        while (i + run - 1 < n - 1 && next[i + run - 1])
            run++;
        for (size_t at = 0; at < run;) {
            size_t len = jb_photo_row_len(spec, at, run);
            double aspect[JB_ROW_MAX];
            int known = 1;
            for (size_t q = 0; q < len; q++) {
                known &= w[i + at + q] > 0 && h[i + at + q] > 0;
                aspect[q] = known ? (double)w[i + at + q] / h[i + at + q] : 1;
            }
            if (known) {
                double rh = jb_photo_row_height(spec, spec->photo_width, text_w, aspect, len);
                for (size_t q = 0; q < len; q++) {
                    fits[i + at + q].max_w = (int)ceil(rh * aspect[q] * px);
                    fits[i + at + q].max_h = (int)ceil(rh * px);
                }
            }
            at += len;
        }
        i += run;
    }
    for (size_t i = 0; i < n; i++) /* a photo placed again: decoded once, for its largest place */
        for (size_t q = i + 1; q < n; q++)
            if (strcmp(jb_doc_photo(doc, i)->ref, jb_doc_photo(doc, q)->ref) == 0) {
                if (fits[q].max_w > fits[i].max_w)
                    fits[i].max_w = fits[q].max_w;
                if (fits[q].max_h > fits[i].max_h)
                    fits[i].max_h = fits[q].max_h;
            }
    free(w), free(h), free(next);
}

/* The photos decoded, photo i at fits[i]: a document's own images (Word's parts, named as in the
 * zip), else the files beside the report. */
static jb_status
decode_photos(const jb_job_opts *o, jb_job *j, const jb_image_fit *fits, jb_diag *d)
{
    const jb_read_report *rep = &j->in.report;
    jb_status st;

    for (size_t i = 0; rep->n_images && i < jb_doc_n_photos(j->doc); i++) {
        jb_photo *p = jb_doc_photo(j->doc, i);
        const jb_read_image *im;
        int line, col;
        if ((st = jb_job_check_cancelled(o, d)) != JB_OK)
            return st;
        for (size_t k = 0; k < i && p->img == NULL; k++) { /* placed again: decoded once */
            const jb_photo *q = jb_doc_photo(j->doc, k);
            if (q->img && strcmp(q->ref, p->ref) == 0)
                p->img = jb_image_share(q->img);
        }
        if (p->img == NULL && (im = embedded_image(j, p->ref)) != NULL &&
            (st = jb_doc_decode_photo(p, (const unsigned char *)im->data, im->len, &fits[i], d)) !=
                JB_OK)
            return st;
        if (p->img != NULL)
            continue;
        jb_source_position(j->src, p->off, &line, &col);
        return jb_diag_set(d, JB_ERR_INPUT, o->input, line, col,
                           "check that the picture is in the document, not linked to a file",
                           "the photo '%s' is not in the document", p->ref);
    }
    if (jb_doc_n_photos(j->doc)) { /* photos are files beside the report (a reader may have
                                      decoded them from the input's own bytes already) */
        jb_photo *p;
        for (size_t i = 0; o->input_data && (p = jb_doc_photo(j->doc, i)) != NULL; i++) {
            int line, col;
            if (p->img != NULL)
                continue;
            jb_source_position(j->src, p->off, &line, &col);
            return jb_diag_set(d, JB_ERR_INPUT, o->input, line, col,
                               "render the report from its file, in the folder of its photos",
                               "the photo '%s' cannot be read: the report did not come from a file",
                               p->ref);
        }
        if ((st = jb_doc_load_photos(j->doc, o->input, j->src, fits, d)) != JB_OK)
            return st;
    }
    return JB_OK;
}

/* Decodes the document's photos, each once, at the size its largest placement under spec needs
 * (spec NULL: full size), under the document's photo budget (image.h). */
jb_status
jb_job_photos(const jb_job_opts *o, jb_job *j, const jb_spec *spec, jb_diag *d)
{
    jb_status st;
    jb_image_budget budget = {JB_IMAGE_DOC_DECODED, JB_IMAGE_DOC_KEPT};
    size_t n = jb_doc_n_photos(j->doc);
    jb_image_fit *fits;

    if (n == 0)
        return JB_OK;
    if ((fits = calloc(n, sizeof *fits)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, o->input, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        fits[i].budget = &budget;
        fits[i].cancelled = o->cancelled, fits[i].cancel_arg = o->cancel_arg;
    }
    if (spec != NULL)
        photo_fits(o, j, spec, fits);
    st = decode_photos(o, j, fits, d);
    free(fits);
    return st;
}

jb_status
jb_job_layout(const jb_job_opts *o, jb_job *j, char *warning, size_t size, jb_diag *d)
{
    jb_status st;
    const jb_engine *e = o->engine;
    char photos_left[600] = ""; /* the photos --condense left out */

    if ((st = jb_job_document(o, j, d)) != JB_OK)
        return st;
    if (e == NULL) { /* one brief: the layout and fonts are this job's own */
        jb_engine_opts eo = JB_ENGINE_OPTS_INIT;
        if (o->engine_opts &&
            (st = jb_job_options(o->engine_opts, JB_MIN_ENGINE_OPTS, sizeof eo, &eo, d)) != JB_OK)
            return st;
        if ((st = jb_job_engine_open(&eo, &j->own, d)) != JB_OK)
            return st;
        e = j->own;
    }
    if ((st = jb_job_check_cancelled(o, d)) != JB_OK ||
        (st = jb_job_photos(o, j, &e->spec, d)) != JB_OK ||
        (st = jb_job_check_cancelled(o, d)) != JB_OK)
        return st;
    j->fs = e->fs;
    st = lay_out(e, o, j, o->allow_missing, warning, size, d);
    if (st == JB_ERR_OVERFLOW && o->condense && jb_doc_n_photos(j->doc))
        st = drop_photos(e, o, j, photos_left, sizeof photos_left, d);
    if (st == JB_ERR_OVERFLOW && (j->doc->n_items > 1 || strstr(d->message, "needs"))) {
        /* an issue (RULES.md §5.7): the layout says how many pages it needs; --condense
         * shortens one article on one page, not an issue: the hint says so when it was given */
        if (o->condense)
            condense_not_here(j->doc, d);
    } else if (st == JB_ERR_OVERFLOW && strstr(d->message, "is too wide")) {
        /* a table wider than the measure (RULES.md §9.2): condensing the text cannot help; the
         * layout's message names the table, its line and the width it needs */
    } else if (st == JB_ERR_OVERFLOW && !o->condense && jb_doc_n_photos(j->doc) &&
               strstr(d->message, "overflows")) {
        /* the layout's hint: leave photos out with --condense */
    } else if (st == JB_ERR_OVERFLOW && !o->condense && strstr(d->message, "overflows")) {
        int need = pages_needed(e, o, j); /* as an issue's error says it (RULES.md §5.7) */
        char more[64] = "let it flow onto more pages with --pages N";
        size_t n = strlen(d->message);
        if (need > JB_PAGES_MAX)
            snprintf(d->message + n, sizeof d->message - n, "; it needs more than %d pages",
                     JB_PAGES_MAX);
        else if (need > 1) {
            snprintf(d->message + n, sizeof d->message - n, "; it needs %d pages", need);
            snprintf(more, sizeof more, "render it with --pages %d (or [pages] count = %d)", need,
                     need);
        }
        snprintf(d->hint, sizeof d->hint,
                 "%s, shorten the report, give --condense to leave out the fewest sentences that "
                 "make it fit (never the lead, a head or a key figure; the page then says 摘编), "
                 "or use a layout with a lower [body] min",
                 more);
        jb_diag_code(d, "too_long");
    } else if (st == JB_ERR_OVERFLOW) { /* §5.5 (b), only when asked for */
        const jb_item *it = &j->doc->items[0];
        size_t kept = 0, n_sections = jb_item_n_sections(it);
        st = condense_text(e, o, j, warning, size, d);
        for (size_t s = 0; s < n_sections; s++)
            for (size_t p = 0; p < jb_item_n_paras(it, s); p++)
                kept += jb_item_para(it, s, p)->n > 0;
        if (st == JB_ERR_OVERFLOW) {
            char head[200], rest[sizeof d->message];
            snprintf(head, sizeof head,
                     "even condensed (kept the lead, %zu section head%s and %zu paragraph%s of "
                     "sentences with key figures; left out %zu sentence%s), ",
                     n_sections, n_sections == 1 ? "" : "s", kept, kept == 1 ? "" : "s", j->n_cut,
                     j->n_cut == 1 ? "" : "s");
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
