/* writers — the output formats as one table. */
#include "writers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inspect.h"
#include "ofd.h"
#include "pdf.h"
#include "spec.h"

/* The document information, as the PDF and the OFD carry it; pdfa: write PDF/A-1b. */
static jb_pdf_info
info_of(const jb_write_input *in, int pdfa)
{
    const char *date = in->doc && in->doc->masthead.date_iso[0] ? in->doc->masthead.date_iso : NULL;
    jb_pdf_info pi = {in->title, in->author, in->subject, in->creator, pdfa, date};
    return pi;
}

/* renders with render (jb_pdf_render or jb_ofd_render) and hands the bytes to sink */
static jb_status
page_write(const jb_write_input *in, int pdfa,
           jb_status (*render)(const jb_page *, jb_fontset *, const jb_pdf_info *, char **,
                               size_t *, jb_diag *),
           jb_buf *sink, jb_diag *d)
{
    jb_pdf_info pi = info_of(in, pdfa);
    char *data = NULL;
    size_t len = 0;
    jb_status st = render(in->page, in->fs, &pi, &data, &len, d);
    if (st == JB_OK)
        jb_buf_adopt(sink, data, len);
    return st;
}

/* a PDF; a PDF/A-1b when the layout says [output] pdfa = yes */
static jb_status
pdf_write(const jb_write_input *in, jb_buf *sink, jb_diag *d)
{
    return page_write(in, in->spec && in->spec->pdfa, jb_pdf_render, sink, d);
}

static jb_status
pdfa_write(const jb_write_input *in, jb_buf *sink, jb_diag *d)
{
    return page_write(in, 1, jb_pdf_render, sink, d);
}

static jb_status
ofd_write(const jb_write_input *in, jb_buf *sink, jb_diag *d)
{
    return page_write(in, 0, jb_ofd_render, sink, d);
}

/* inspect's JSON: the page and the document, with what the reader found */
static jb_status
json_write(const jb_write_input *in, jb_buf *sink, jb_diag *d)
{
    const jb_read_report *r = in->report;
    char *json = jb_inspect_json(in->page, in->doc, in->src, r && r->imported ? &r->imp : NULL);
    if (json && r && r->own && in->reader && in->reader->inspect_add &&
        in->reader->inspect_add(r->own, &json) != 0) {
        free(json);
        json = NULL;
    }
    if (json == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    jb_buf_adopt(sink, json, strlen(json));
    if (jb_buf_put(sink, "\n", 1) != 0) /* a text file ends with a newline */
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return JB_OK;
}

static const jb_writer pdf = {"pdf", ".pdf", "application/pdf", "the brief as PDF", pdf_write};
static const jb_writer json = {"json", ".json", "application/json",
                               "the page and the document described, as inspect --json",
                               json_write};

static const jb_writer pdfa = {"pdfa", ".pdf", "application/pdf",
                               "the brief as PDF/A-1b, for archives", pdfa_write};
static const jb_writer ofd = {"ofd", ".ofd", "application/ofd",
                              "the brief as OFD, GB/T 33190-2016, for archives", ofd_write};

const jb_writer *const jb_writers[] = {&pdf, &pdfa, &ofd, &json, NULL};

const jb_writer *
jb_writer_find(const char *name)
{
    if (name == NULL)
        return jb_writers[0];
    for (size_t i = 0; jb_writers[i]; i++)
        if (strcmp(name, jb_writers[i]->name) == 0)
            return jb_writers[i];
    return NULL;
}

const jb_writer *
jb_writer_by_ext(const char *path)
{
    size_t n = strlen(path);
    for (size_t i = 0; jb_writers[i]; i++) {
        size_t k = strlen(jb_writers[i]->ext);
        if (n > k && strcasecmp(path + n - k, jb_writers[i]->ext) == 0)
            return jb_writers[i];
    }
    return NULL;
}

void
jb_writer_list(char *out, size_t size)
{
    const char *names[16], *whats[16];
    size_t n = 0;
    for (; jb_writers[n] && n < 16; n++)
        names[n] = jb_writers[n]->name, whats[n] = jb_writers[n]->what;
    jb_list_phrase(out, size, n, names, whats);
}

void
jb_output_name(const char *input, const char *ext, char *out, size_t size)
{
    const char *slash = strrchr(input, '/');
    const char *dot = strrchr(input, '.');
    size_t stem =
        dot && (!slash || dot > slash) && dot != input ? (size_t)(dot - input) : strlen(input);
    snprintf(out, size, "%.*s%s", (int)stem, input, ext);
}
