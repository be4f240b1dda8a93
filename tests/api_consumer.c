/* api_consumer — a program outside jianbao, built against the installed jianbao.h and libjianbao
 * through pkg-config (the e2e test `install`): opens an engine, renders one report to memory and
 * writes the PDF; then inspects it and says what the result holds.
 * usage: api_consumer DATA_DIR REPORT OUT.pdf */
#include <jianbao.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    jb_engine_opts eo = JB_ENGINE_OPTS_INIT;
    jb_job_opts o = JB_JOB_OPTS_INIT;
    jb_engine *engine;
    jb_result *r;
    jb_diag d;
    unsigned char *pdf;
    size_t len;
    FILE *f;

    if (argc != 4) {
        fputs("usage: api_consumer DATA_DIR REPORT OUT.pdf\n", stderr);
        return 2;
    }
    eo.data_dir = argv[1];
    jb_diag_init(&d);
    if (jb_engine_open(&eo, &engine, &d) != JB_OK) {
        fprintf(stderr, "%s: %s\n", d.file, d.message);
        return jb_status_exit_code(d.status);
    }
    o.engine = engine;
    o.input = argv[2];
    o.to_memory = 1;
    if (jb_render(&o, &r, &d) != JB_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.col, d.message);
        jb_result_free(r);
        jb_engine_free(engine);
        return jb_status_exit_code(d.status);
    }
    pdf = jb_result_take_data(r, &len);
    f = fopen(argv[3], "wb");
    if (pdf == NULL || f == NULL || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
        perror(argv[3]);
        return 10;
    }
    printf("jianbao %s (ABI %d): %zu bytes, body %.2f pt, %d sections\n", jb_version(),
           JB_ABI_VERSION, len, jb_result_number(r, JB_R_BODY_PT),
           (int)jb_result_number(r, JB_R_SECTIONS));
    free(pdf);
    jb_result_free(r);
    jb_engine_free(engine);
    return 0;
}
