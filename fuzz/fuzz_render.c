/* Fuzz target: the whole render to memory — report or raw article, layout, PDF — with the
 * default layout and fonts opened once. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "figures.h"
#include "import.h"
#include "layout.h"
#include "normalize.h"
#include "parse.h"
#include "pdf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jb_spec spec;
static jb_fontset *fonts;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jb_diag d;
    (void)argc, (void)argv;
    jb_spec_default(&spec, JB_FUZZ_ROOT);
    jb_diag_init(&d);
    return jb_fontset_open(&spec, &fonts, &d) == JB_OK ? 0 : 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_source *src;
    jb_doc *doc = NULL;
    jb_page *page;
    jb_import_info info = {0};
    jb_diag d;
    jb_status st;

    jb_diag_init(&d);
    if (jb_source_from_memory("fuzz", (const char *)data, size, NULL, &src, &d) != JB_OK)
        return 0;
    st = jb_import_is_raw(src) ? jb_import(src, &doc, &info, &d) : jb_parse(src, &doc, &d);
    if (st == JB_OK && jb_normalize_doc(doc) == 0) {
        jb_figures_mark(doc);
        if (jb_layout(doc, &spec, fonts, &page, &d) == JB_OK) {
            jb_pdf_info pi = {"t", "a", "s", "fuzz"};
            char *pdf;
            size_t len;
            if (jb_pdf_render(page, fonts, &pi, &pdf, &len, &d) == JB_OK)
                free(pdf);
            jb_page_free(page);
        }
    }
    jb_import_info_fini(&info);
    jb_doc_free(doc);
    jb_source_free(src);
    return 0;
}
