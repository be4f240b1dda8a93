/* cmd_watch — jianbao watch: renders again on every save of the report or its layout. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "watch.h"

/* ---- watch ---- */

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Renders, then renders again on every save of the report or the layout file, until a signal. */
int
run_watch(cli *c)
{
    const char *paths[2] = {c->o.input, c->eo.layout};
    struct sigaction sa;
    jb_watch *w;
    jb_diag d;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = jb_cli_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    jb_diag_init(&d);
    if (jb_watch_open(paths, c->eo.layout ? 2 : 1, &w, &d) != JB_OK)
        return fail(&d);
    if (!c->quiet)
        fprintf(stderr, "watching %s%s%s (Ctrl-C stops)\n", c->o.input, c->eo.layout ? " and " : "",
                c->eo.layout ? c->eo.layout : "");
    while (!jb_cli_stop) {
        jb_result *r;
        double t0 = now_ms();
        time_t now = time(NULL);
        char stamp[16];
        strftime(stamp, sizeof stamp, "%H:%M:%S", localtime(&now));
        jb_diag_init(&d);
        /* the layout is read again each time: the engine is this render's own */
        if (jb_render(&c->o, &r, &d) != JB_OK) {
            fprintf(stderr, "%s ", stamp);
            print_diag(&d);
        } else {
            if (jb_result_text(r, JB_R_WARNING)[0] && !c->quiet)
                fprintf(stderr, "%s\n", jb_result_text(r, JB_R_WARNING));
            if (!c->quiet)
                print_left_out(c->o.input, r);
            printf("%s rendered %s in %.0f ms: body %.2f pt, %d lines\n", stamp,
                   jb_result_text(r, JB_R_OUTPUT), now_ms() - t0, jb_result_number(r, JB_R_BODY_PT),
                   (int)jb_result_number(r, JB_R_BODY_LINES));
            fflush(stdout);
        }
        jb_result_free(r);
        while (!jb_cli_stop) {
            int got = jb_watch_next(w, 250, 50);
            if (got >= 0)
                break;
            if (got == -2) {
                fprintf(stderr, "jianbao: error: cannot watch the files: %s\n", strerror(errno));
                jb_watch_free(w);
                return jb_status_exit_code(JB_ERR_INPUT);
            }
        }
    }
    jb_watch_free(w);
    return 0;
}
