/* Fuzz target: layout files (INI) and --set assignments. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    jb_spec spec;
    jb_diag d;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    jb_spec_default(&spec, JB_FUZZ_ROOT);
    jb_diag_init(&d);
    jb_spec_load_string(&spec, "fuzz.ini", text, JB_FUZZ_ROOT, &d);
    jb_spec_default(&spec, JB_FUZZ_ROOT);
    jb_diag_init(&d);
    jb_spec_set(&spec, text, JB_FUZZ_ROOT, &d);
    free(text);
    return 0;
}
