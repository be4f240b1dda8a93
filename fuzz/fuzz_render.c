/* Fuzz target: the whole render to memory through the public API — report or raw article,
 * layout, PDF — with the default layout and fonts opened once. */
#include <stddef.h>
#include <stdint.h>

#include "jianbao.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jb_engine *engine;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    jb_engine_opts o = JB_ENGINE_OPTS_INIT;
    jb_diag d;
    (void)argc, (void)argv;
    o.data_dir = JB_FUZZ_ROOT;
    jb_diag_init(&d);
    return jb_engine_open(&o, &engine, &d) == JB_OK ? 0 : 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_job_opts o = JB_JOB_OPTS_INIT;
    jb_result *r;
    jb_diag d;

    o.engine = engine;
    o.input = "fuzz";
    o.to_memory = 1;
    o.input_data = (const char *)data;
    o.input_len = size;
    jb_diag_init(&d);
    jb_render(&o, &r, &d);
    jb_result_free(r);
    return 0;
}
