/* Fuzz target: bytes as a face's CFF table through font_cff (what a hostile font file a layout
 * names reaches): read, its first glyphs and its last flattened into a subset, and the subset
 * read back and subset again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "font_cff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
subset_and_reread(jb_cff *cff, int again)
{
    static const int box[4] = {0, -120, 1000, 880};
    uint32_t old[10];
    size_t n = 0, len;
    unsigned g = jb_cff_glyphs(cff);
    unsigned char *out;

    for (unsigned k = 0; k < g && n < 9; k++)
        old[n++] = k;
    if (g > 9)
        old[n++] = g - 1;
    if (jb_cff_subset(cff, old, n, box, &out, &len) != 0)
        return;
    if (again) {
        jb_cff *back = jb_cff_open(out, len);
        if (back != NULL) {
            subset_and_reread(back, 0);
            jb_cff_free(back);
        }
    }
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_cff *cff = jb_cff_open(data, size);

    if (cff != NULL) {
        subset_and_reread(cff, 1);
        jb_cff_free(cff);
    }
    return 0;
}
