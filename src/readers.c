/* readers — the input formats as one table. */
#include "readers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "docx.h"
#include "parse.h"

/* ---- report files (docs/FORMAT.md) ---- */

static int
report_sniff(const char *path, const unsigned char *head, size_t n, const jb_source *src)
{
    (void)path, (void)head, (void)n;
    return src && !jb_import_is_raw(src);
}

static jb_status
report_read(const jb_read_input *in, jb_read *out, jb_diag *d)
{
    return jb_parse_titled(out->src, in->have_title, &out->doc, d);
}

/* ---- raw articles (RULES §7) ---- */

static int
article_sniff(const char *path, const unsigned char *head, size_t n, const jb_source *src)
{
    (void)path, (void)head, (void)n, (void)src;
    return 1;
}

static jb_status
article_read(const jb_read_input *in, jb_read *out, jb_diag *d)
{
    /* Markdown as a chatbot writes it (no front matter: ## heads, a # or bold title), given as a
     * raw article (--from txt, a pasted text): its #, ** and - are markup, never words to print,
     * so it is read as Markdown all the same (RULES.md §7.1). Front matter asked to be read raw
     * stays raw. */
    if (strncmp(out->src->text, "---\n", 4) != 0 && !jb_import_is_raw(out->src))
        return report_read(in, out, d);
    out->report.imported = 1;
    return jb_import_titled(out->src, in->have_title, &out->doc, &out->report.imp, d);
}

/* ---- Word documents (docx.h) ---- */

static int
word_sniff(const char *path, const unsigned char *head, size_t n, const jb_source *src)
{
    (void)src;
    return jb_word_sniff(path, head, n) != JB_WORD_NONE;
}

static jb_status
word_read(const jb_read_input *in, jb_read *out, jb_diag *d)
{
    jb_docx_info *wi = calloc(1, sizeof *wi);
    jb_status st;

    if (wi == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    wi->have_title = in->have_title;
    out->report.own = wi;
    st = jb_word_read(in->path, in->data, in->len, in->max_input, in->convert, &out->src, &out->doc,
                      &out->report.imported, &out->report.imp, wi, d);
    if (st == JB_OK && wi->n_images &&
        (out->report.images = calloc(wi->n_images, sizeof *out->report.images)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; st == JB_OK && k < wi->n_images; k++) {
        jb_read_image *im = &out->report.images[out->report.n_images++];
        im->name = wi->images[k].name;
        im->data = wi->images[k].data;
        im->len = wi->images[k].len;
    }
    return st;
}

static void
word_describe(const void *own, char *out, size_t size)
{
    jb_docx_describe(own, out, size);
}

static int
word_inspect_add(const void *own, char **json)
{
    return jb_docx_inspect_add(own, json);
}

static void
word_free(void *own)
{
    if (own)
        jb_docx_info_fini(own);
    free(own);
}

/* ---- the table ---- */

static const char *const word_exts[] = {".docx", ".doc", ".wps", ".odt", NULL};
static const char *const report_exts[] = {".md", ".markdown", NULL};
static const char *const article_exts[] = {".txt", NULL};

static const jb_reader word = {"docx",
                               "word",
                               "a Word document; .doc, .wps and .odt through "
                               "LibreOffice",
                               word_exts,
                               1,
                               word_sniff,
                               word_read,
                               word_describe,
                               word_inspect_add,
                               word_free};
static const jb_reader report = {
    "md", "report", "a report file", report_exts, 0, report_sniff, report_read, NULL, NULL, NULL};
static const jb_reader article = {"txt", "article",     "a raw article", article_exts,
                                  0,     article_sniff, article_read,    NULL,
                                  NULL,  NULL};

const jb_reader *const jb_readers[] = {&report, &article, &word, NULL};

const jb_reader *
jb_reader_find(const char *name)
{
    for (size_t i = 0; jb_readers[i]; i++)
        if (strcmp(name, jb_readers[i]->name) == 0 ||
            (jb_readers[i]->alias && strcmp(name, jb_readers[i]->alias) == 0))
            return jb_readers[i];
    return NULL;
}

const jb_reader *
jb_reader_sniff_bytes(const char *path, const unsigned char *head, size_t n)
{
    for (size_t i = 0; jb_readers[i]; i++)
        if (jb_readers[i]->binary && jb_readers[i]->sniff(path, head, n, NULL))
            return jb_readers[i];
    return NULL;
}

const jb_reader *
jb_reader_sniff_text(const jb_source *src)
{
    const jb_reader *last = NULL;
    for (size_t i = 0; jb_readers[i]; i++) {
        if (jb_readers[i]->binary)
            continue;
        if (jb_readers[i]->sniff(NULL, NULL, 0, src))
            return jb_readers[i];
        last = jb_readers[i];
    }
    return last;
}

int
jb_reader_takes_name(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; jb_readers[i]; i++)
        for (const char *const *e = jb_readers[i]->exts; e && *e; e++)
            if (n > strlen(*e) && strcasecmp(name + n - strlen(*e), *e) == 0)
                return 1;
    return 0;
}

void
jb_reader_list(char *out, size_t size)
{
    const char *names[16], *whats[16];
    size_t n = 0;
    for (; jb_readers[n] && n < 16; n++)
        names[n] = jb_readers[n]->name, whats[n] = jb_readers[n]->what;
    jb_list_phrase(out, size, n, names, whats);
}

void
jb_read_fini(const jb_reader *reader, jb_read *r)
{
    jb_doc_free(r->doc);
    jb_source_free(r->src);
    jb_import_info_fini(&r->report.imp);
    free(r->report.images);
    if (reader && reader->own_free)
        reader->own_free(r->report.own);
    memset(r, 0, sizeof *r);
}
