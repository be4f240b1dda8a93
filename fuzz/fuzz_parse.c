/* Fuzz target: report files (front matter + Markdown) through source checks, parse, normalise,
 * key figures, and the report writer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "figures.h"
#include "import.h"
#include "normalize.h"
#include "parse.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_source *src;
    jb_doc *doc;
    jb_diag d;

    jb_diag_init(&d);
    if (jb_source_from_memory("fuzz.md", (const char *)data, size, NULL, &src, &d) != JB_OK)
        return 0;
    if (jb_parse(src, &doc, &d) == JB_OK) {
        if (jb_normalize_doc(doc) == 0) {
            jb_figures_mark(doc);
            char *report = NULL;
            jb_diag wd;
            jb_diag_init(&wd);
            if (jb_report_write(doc, &report, &wd) == JB_OK)
                free(report);
        }
        jb_doc_free(doc);
    }
    jb_source_free(src);
    return 0;
}
