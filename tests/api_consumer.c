/* api_consumer — a program outside jianbao, built against the installed jianbao.h and libjianbao
 * through pkg-config (the e2e test `install`): renders one report to memory and writes the PDF.
 * usage: api_consumer DATA_DIR REPORT OUT.pdf */
#include <jianbao.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    jb_render_opts o = {0};
    jb_engine *engine;
    jb_diag d;
    unsigned char *pdf;
    size_t len;
    FILE *f;

    if (argc != 4) {
        fputs("usage: api_consumer DATA_DIR REPORT OUT.pdf\n", stderr);
        return 2;
    }
    o.data_dir = argv[1];
    jb_diag_init(&d);
    if (jb_engine_open(&o, &engine, &d) != JB_OK) {
        fprintf(stderr, "%s: %s\n", d.file, d.message);
        return jb_status_exit_code(d.status);
    }
    o.engine = engine;
    o.input = argv[2];
    if (jb_render_mem(&o, &pdf, &len, NULL, &d) != JB_OK) {
        fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.col, d.message);
        jb_engine_free(engine);
        return jb_status_exit_code(d.status);
    }
    f = fopen(argv[3], "wb");
    if (f == NULL || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
        perror(argv[3]);
        return 10;
    }
    printf("jianbao %s: %zu bytes\n", jb_version(), len);
    free(pdf);
    jb_engine_free(engine);
    return 0;
}
