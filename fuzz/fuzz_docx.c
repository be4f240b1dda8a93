/* Fuzz target: the Word reader. An input starting with PK is a whole .docx; any other is split
 * at lines "----" into word/document.xml, word/numbering.xml and word/styles.xml, zipped here, so
 * that the fuzzer works on the XML walker, the numbering and the styles rather than on the zip
 * container alone. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "docx.h"
#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The parts of data zipped (stored) into a new buffer (caller frees), or NULL. */
static char *
zip_parts(const uint8_t *data, size_t size, size_t *len)
{
    static const char *const names[] = {"word/document.xml", "word/numbering.xml",
                                        "word/styles.xml"};
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_stat_t st;
    char *out = NULL;
    const uint8_t *p = data, *end = data + size;

    zip_error_init(&ze);
    if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
        return NULL;
    zip_source_keep(src);
    if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
        goto done;
    for (size_t k = 0; k < 3 && p <= end; k++) {
        const uint8_t *sep = NULL;
        zip_source_t *s;
        for (const uint8_t *q = p; q + 6 <= end; q++)
            if (memcmp(q, "\n----\n", 6) == 0) {
                sep = q;
                break;
            }
        if ((s = zip_source_buffer(za, p, (zip_uint64_t)((sep ? sep : end) - p), 0)) == NULL ||
            zip_file_add(za, names[k], s, 0) < 0) {
            zip_source_free(s);
            break;
        }
        zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_STORE, 0);
        if (sep == NULL)
            break;
        p = sep + 6;
    }
    if (zip_close(za) != 0) {
        zip_discard(za);
        goto done;
    }
    if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
        if ((out = malloc(st.size + 1)) != NULL &&
            zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *len = (size_t)st.size;
        zip_source_close(src);
    }
done:
    zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_source *src;
    jb_doc *doc;
    jb_import_info imp;
    jb_docx_info info;
    jb_diag d;
    int imported;
    char *own = NULL, line[512];
    const char *bytes = (const char *)data;
    size_t len = size;

    if (size < 2 || memcmp(data, "PK", 2) != 0) {
        if ((own = zip_parts(data, size, &len)) == NULL)
            return 0;
        bytes = own;
    }
    jb_diag_init(&d);
    memset(&imp, 0, sizeof imp);
    memset(&info, 0, sizeof info);
    if (jb_docx_read("fuzz.docx", bytes, len, 0, &src, &doc, &imported, &imp, &info, &d) == JB_OK)
        jb_normalize_doc(doc);
    jb_docx_describe(&info, line, sizeof line);
    jb_doc_free(doc);
    jb_source_free(src);
    if (imported)
        jb_import_info_fini(&imp);
    jb_docx_info_fini(&info);
    free(own);
    return 0;
}
