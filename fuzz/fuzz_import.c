/* Fuzz target: raw articles through import, and the report it writes back through parse, which
 * must accept it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "normalize.h"
#include "parse.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_source *src, *back;
    jb_doc *doc, *again;
    jb_import_info info;
    jb_diag d;

    jb_diag_init(&d);
    if (jb_source_from_memory("fuzz.txt", (const char *)data, size, NULL, &src, &d) != JB_OK)
        return 0;
    if (jb_import(src, &doc, &info, &d) == JB_OK) {
        char *report = NULL;
        jb_normalize_doc(doc);
        if (jb_report_write(doc, &report, &d) == JB_OK) {
            jb_diag_init(&d);
            if (jb_source_from_memory("back.md", report, strlen(report), NULL, &back, &d) ==
                JB_OK) {
                if (jb_parse(back, &again, &d) == JB_OK)
                    jb_doc_free(again);
                jb_source_free(back);
            }
            free(report);
        }
        jb_import_info_fini(&info);
        jb_doc_free(doc);
    }
    jb_source_free(src);
    return 0;
}
