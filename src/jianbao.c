/* jianbao — the pipeline for one brief. */
#include "jianbao.h"

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

#define LEFT_OUT_MAX 40 /* runs listed in a result; JB_R_LEFT_OUT counts them all */

struct jb_result {
    char output[4096];   /* the file written */
    char warning[1200];  /* characters replaced, photos or sentences left out */
    char detected[512];  /* what the reader found */
    char fallback[1024]; /* faces fallen back to */
    char photos[512];    /* the photo fit */
    double num[JB_R_LEFT_OUT + 1];
    jb_left_out left_out[LEFT_OUT_MAX];
    char reasons[LEFT_OUT_MAX][32];
    char texts[LEFT_OUT_MAX][64];
    size_t n_left_out; /* all of them */
    jb_buf data;       /* the output in memory */
};

double
jb_result_number(const jb_result *r, jb_result_number_key key)
{
    return r && (unsigned)key <= JB_R_LEFT_OUT ? r->num[key] : 0;
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

/* The caller's options as this library's struct: fields past the caller's size read as zero.
 * JB_ERR_USAGE for a size no header ever had. */
static jb_status
options(const void *in, size_t min, size_t have, void *out, jb_diag *d)
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

#define MIN_ENGINE_OPTS (offsetof(jb_engine_opts, n_font_dirs) + sizeof(size_t))
#define MIN_JOB_OPTS    (offsetof(jb_job_opts, engine_opts) + sizeof(void *))

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

/* The stages of one job up to the laid-out page. */
typedef struct {
    jb_read in;              /* src, doc and the read report */
    const jb_reader *reader; /* the input's format */
    jb_source *src;          /* = in.src */
    jb_doc *doc;             /* = in.doc */
    jb_fontset *fs;          /* borrowed from the engine */
    jb_engine *own;          /* the engine when the caller gave none */
    jb_page *page;
    uint32_t cut[LEFT_OUT_MAX]; /* source offsets of the first sentences --condense left out */
    size_t n_cut;               /* how many it left out */
} job;

static void
job_fini(job *j)
{
    jb_page_free(j->page);
    jb_engine_free(j->own);
    jb_read_fini(j->reader, &j->in);
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
load_text(const jb_job_opts *o, job *j, jb_diag *d)
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
static jb_status
read_input(const jb_job_opts *o, job *j, int have_title, jb_diag *d)
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

/* Reads the input into a document with its reader; the --meta fields are set; punctuation is
 * normalised and key figures marked. */
static jb_status
job_document(const jb_job_opts *o, job *j, jb_diag *d)
{
    jb_status st;
    int have_title = 0;

    memset(j, 0, sizeof *j);
    for (size_t i = 0; i < o->n_meta; i++)
        have_title |= strncmp(o->meta[i], "title=", 6) == 0 && o->meta[i][6] != '\0';
    if ((st = read_input(o, j, have_title, d)) != JB_OK)
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
        if (rc == -1)
            return jb_diag_set(
                d, JB_ERR_USAGE, NULL, 0, 0,
                "keys: title, byline, source, date, category, masthead, issue, "
                "unit, copies, secrecy, distribution.报, distribution.送, distribution.发",
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
    char layout_hash[JB_SHA256_HEX]; /* the layout file and --set keys (fingerprint.h) */
};

void
jb_version_details(char *out, size_t size)
{
    char fonts[128], pdf[128];
    jb_font_library_versions(fonts, sizeof fonts);
    jb_pdf_library_versions(pdf, sizeof pdf);
    snprintf(out, size, "%s, %s", fonts, pdf);
}

static jb_status
engine_open(const jb_engine_opts *o, jb_engine **out, jb_diag *d)
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

jb_status
jb_engine_open(const jb_engine_opts *in, jb_engine **out, jb_diag *d)
{
    jb_engine_opts o;
    jb_status st;

    *out = NULL;
    if ((st = options(in, MIN_ENGINE_OPTS, sizeof o, &o, d)) != JB_OK)
        return st;
    return engine_open(&o, out, d);
}

jb_status
jb_engine_fingerprint(const jb_engine *e, char out[65], char **json, jb_diag *d)
{
    return jb_fingerprint_compute(e->fs, e->layout_hash, out, json, d);
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
drop_photos(const jb_engine *e, const jb_job_opts *o, job *j, char *warning, size_t size,
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
        jb_doc_drop_photo(j->doc, jb_doc_n_photos(j->doc) - 1);
        jb_diag_init(d);
        st = lay_out(e, j, o->allow_missing, again, sizeof again, d);
    }
    return st;
}

/* JB_ERR_CANCELLED when the caller's cancelled() says stop, else JB_OK. */
static jb_status
check_cancelled(const jb_job_opts *o, jb_diag *d)
{
    if (o->cancelled == NULL || !o->cancelled(o->cancel_arg))
        return JB_OK;
    return jb_diag_set(d, JB_ERR_CANCELLED, o->input, 0, 0,
                       "try again, or with a shorter report or fewer photos",
                       "the render was stopped before it finished");
}

/* The image embedded in the input that photo ref names, or NULL. */
static const jb_read_image *
embedded_image(const job *j, const char *ref)
{
    const jb_read_report *rep = &j->in.report;
    for (size_t k = 0; k < rep->n_images; k++)
        if (rep->images[k].data && strcmp(rep->images[k].name, ref) == 0)
            return &rep->images[k];
    return NULL;
}

/* The most pixels each photo can be placed at (layout.c, row_geometry): a row is one photo, or
 * two photo blocks in a row side by side at equal height, together [photo] width of the measure
 * (the gap between them counted as photo: a little more, never less), at most [photo] height of
 * the text block, at [photo] ppi. Pairs need both shapes (read from the headers); with
 * --condense a photo may lose its partner, so each gets a row's whole width. A photo placed
 * twice gets the larger of its places. */
static void
photo_fits(const jb_job_opts *o, const job *j, const jb_spec *spec, jb_image_fit *fits)
{
    const jb_doc *doc = j->doc;
    double measure =
               spec->photo_width * (spec->page_w_pt - spec->margin_left_pt - spec->margin_right_pt),
           hmax = spec->photo_height *
                  (spec->page_h_pt - spec->margin_top_pt - spec->margin_bottom_pt),
           px = spec->photo_ppi / 72;
    size_t n = jb_doc_n_photos(doc), k = 0;
    int *w = calloc(n ? n : 1, sizeof *w), *h = calloc(n ? n : 1, sizeof *h);
    char *paired = calloc(n ? n : 1, 1); /* photo i and i + 1 are blocks in a row */

    for (size_t i = 0; i < n; i++) {
        fits[i].max_w = (int)ceil(measure * px);
        fits[i].max_h = (int)ceil(hmax * px);
    }
    if (w == NULL || h == NULL || paired == NULL || o->condense) {
        free(w), free(h), free(paired);
        return;
    }
    for (size_t it = 0; it < doc->n_items; it++) /* the photos in jb_doc_photo's order */
        for (size_t b = 0; b < doc->items[it].n_blocks && k < n; b++)
            if (doc->items[it].blocks[b].kind == JB_BLOCK_PHOTO)
                paired[k++] = b + 1 < doc->items[it].n_blocks &&
                              doc->items[it].blocks[b + 1].kind == JB_BLOCK_PHOTO;
    for (size_t i = 0; i < n; i++) {
        const char *ref = jb_doc_photo(doc, i)->ref;
        const jb_read_image *im = embedded_image(j, ref);
        if (im ? jb_image_probe((const unsigned char *)im->data, im->len, &w[i], &h[i])
               : j->in.report.n_images || o->input_data ||
                     jb_image_probe_file(o->input, ref, &w[i], &h[i]))
            w[i] = h[i] = 0;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        if (!paired[i])
            continue;
        if (w[i] > 0 && w[i + 1] > 0) {
            double ra = (double)w[i] / h[i], rb = (double)w[i + 1] / h[i + 1];
            double rh = measure / (ra + rb);
            if (rh > hmax)
                rh = hmax;
            fits[i].max_w = (int)ceil(rh * ra * px), fits[i + 1].max_w = (int)ceil(rh * rb * px);
            fits[i].max_h = fits[i + 1].max_h = (int)ceil(rh * px);
        }
        i++; /* the next row starts after the pair */
    }
    for (size_t i = 0; i < n; i++) /* a photo placed again: decoded once, for its largest place */
        for (size_t q = i + 1; q < n; q++)
            if (strcmp(jb_doc_photo(doc, i)->ref, jb_doc_photo(doc, q)->ref) == 0) {
                if (fits[q].max_w > fits[i].max_w)
                    fits[i].max_w = fits[q].max_w;
                if (fits[q].max_h > fits[i].max_h)
                    fits[i].max_h = fits[q].max_h;
            }
    free(w), free(h), free(paired);
}

/* The photos decoded, photo i at fits[i]: a document's own images (Word's parts, named as in the
 * zip), else the files beside the report. */
static jb_status
decode_photos(const jb_job_opts *o, job *j, const jb_image_fit *fits, jb_diag *d)
{
    const jb_read_report *rep = &j->in.report;
    jb_status st;

    for (size_t i = 0; rep->n_images && i < jb_doc_n_photos(j->doc); i++) {
        jb_photo *p = jb_doc_photo(j->doc, i);
        const jb_read_image *im;
        int line, col;
        if ((st = check_cancelled(o, d)) != JB_OK)
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
static jb_status
job_photos(const jb_job_opts *o, job *j, const jb_spec *spec, jb_diag *d)
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

static jb_status
job_layout(const jb_job_opts *o, job *j, char *warning, size_t size, jb_diag *d)
{
    jb_status st;
    const jb_engine *e = o->engine;
    char photos_left[600] = ""; /* the photos --condense left out */

    if ((st = job_document(o, j, d)) != JB_OK)
        return st;
    if (e == NULL) { /* one brief: the layout and fonts are this job's own */
        jb_engine_opts eo = JB_ENGINE_OPTS_INIT;
        if (o->engine_opts &&
            (st = options(o->engine_opts, MIN_ENGINE_OPTS, sizeof eo, &eo, d)) != JB_OK)
            return st;
        if ((st = engine_open(&eo, &j->own, d)) != JB_OK)
            return st;
        e = j->own;
    }
    if ((st = check_cancelled(o, d)) != JB_OK || (st = job_photos(o, j, &e->spec, d)) != JB_OK ||
        (st = check_cancelled(o, d)) != JB_OK)
        return st;
    j->fs = e->fs;
    st = lay_out(e, j, o->allow_missing, warning, size, d);
    if (st == JB_ERR_OVERFLOW && o->condense && jb_doc_n_photos(j->doc))
        st = drop_photos(e, o, j, photos_left, sizeof photos_left, d);
    if (st == JB_ERR_OVERFLOW && strstr(d->message, "is too wide")) {
        /* a table wider than the measure (RULES.md §9.2): condensing the text cannot help; the
         * layout's message names the table, its line and the width it needs */
    } else if (st == JB_ERR_OVERFLOW && !o->condense && jb_doc_n_photos(j->doc) &&
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
        const jb_item *it = &j->doc->items[0];
        size_t kept = 0, n_sections = jb_item_n_sections(it);
        jb_diag_init(d);
        j->n_cut = jb_doc_condense(j->doc, j->cut, LEFT_OUT_MAX);
        for (size_t s = 0; s < n_sections; s++)
            for (size_t p = 0; p < jb_item_n_paras(it, s); p++)
                kept += jb_item_para(it, s, p)->n > 0;
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
fill_left_out(const job *j, jb_result *r)
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

static void describe_import_only(const job *j, char *out, size_t size);

/* "imported: …" for --verbose: the pattern found and the lines left out, by reason; for a reader
 * with an account of its own (a Word document) first that. */
static void
describe_import(const job *j, char *out, size_t size)
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
describe_import_only(const job *j, char *out, size_t size)
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
        snprintf(out + k, size - k, ")");
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
extract_photos(const jb_job_opts *o, job *j, jb_result *info, jb_diag *d)
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
    job j;
    jb_status st;
    jb_result *r = NULL;
    char *report = NULL;

    memset(&j, 0, sizeof j);
    if ((st = options(in, MIN_JOB_OPTS, sizeof o, &o, d)) != JB_OK ||
        (r = calloc(1, sizeof *r)) == NULL) {
        if (result)
            *result = NULL;
        return st != JB_OK ? st : jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if ((st = job_document(&o, &j, d)) == JB_OK && (st = job_photos(&o, &j, NULL, d)) == JB_OK) {
        describe_import(&j, r->detected, sizeof r->detected);
        fill_left_out(&j, r);
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
    free(report);
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o.input);
    job_fini(&j);
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
describe_page(const job *j, jb_result *r)
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
    snprintf(r->photos, sizeof r->photos, "%s", j->page->photo_note);
}

/* The stages of jb_render: read, lay out, write with the output format's writer to the file
 * r->output or (to_memory) into r->data. */
static jb_status
render(const jb_job_opts *o, const jb_writer *w, jb_result *r, jb_diag *d)
{
    job j;
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
    if ((st = job_layout(o, &j, r->warning, sizeof r->warning, d)) != JB_OK ||
        (st = check_cancelled(o, d)) != JB_OK)
        goto done;
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

done:
    if (st != JB_OK && d->file[0] == '\0')
        snprintf(d->file, sizeof d->file, "%s", o->input);
    for (int i = 0; i < 3; i++)
        free(own[i]);
    job_fini(&j);
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
    if ((st = options(in, MIN_JOB_OPTS, sizeof o, &o, d)) != JB_OK)
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
