/* writers — the output formats as one table. */
#include "writers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "pdf.h"

static jb_status
pdf_write(const jb_write_input *in, jb_buf *sink, jb_diag *d)
{
    jb_pdf_info pi = {in->title, in->author, in->subject, in->creator};
    char *data;
    size_t len;
    jb_status st = jb_pdf_render(in->page, in->fs, &pi, &data, &len, d);
    if (st == JB_OK)
        jb_buf_adopt(sink, data, len);
    return st;
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

const jb_writer *const jb_writers[] = {&pdf, &json, NULL};

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
