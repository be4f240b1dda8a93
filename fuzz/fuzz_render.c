/* Fuzz target: the whole render to memory through the public API — report or raw article,
 * layout, PDF — with the default layout and fonts opened once. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "jianbao.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jb_engine *engine;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jb_render_opts o = {.data_dir = JB_FUZZ_ROOT};
    jb_diag d;
    (void)argc, (void)argv;
    jb_diag_init(&d);
    return jb_engine_open(&o, &engine, &d) == JB_OK ? 0 : 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_render_opts o = {.data_dir = JB_FUZZ_ROOT, .engine = engine, .input = "fuzz"};
    unsigned char *pdf;
    size_t len;
    jb_diag d;

    o.input_data = (const char *)data;
    o.input_len = size;
    jb_diag_init(&d);
    if (jb_render_mem(&o, &pdf, &len, NULL, &d) == JB_OK)
        free(pdf);
    return 0;
}
