/* cmd_serve — jianbao serve: loads the serve module (plugin.h) and runs it until a signal. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plugin.h"

/* ---- serve ---- */

/* Serves until SIGINT or SIGTERM. */
int
run_serve(cli *c)
{
    struct sigaction sa;
    sigset_t block, old;
    jb_server *srv;
    jb_diag d;
    const char *host = c->so.host ? c->so.host : "127.0.0.1";
    const jb_serve_api *sv;
    const char *why;

    c->so.port = c->port_set ? c->so.port : 8017;
    c->so.workers = (int)c->jobs;
    if (!c->queue_set)
        c->so.queue_ms = 2000;
    c->so.max_input = c->o.max_input;
    c->so.data_dir = c->data_dir;
    c->so.font_dirs = c->eo.font_dirs;
    c->so.n_font_dirs = c->eo.n_font_dirs;
    c->so.token = getenv("JIANBAO_TOKEN");
    if (c->so.token &&
        c->so.token[strspn(c->so.token,
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")])
        return usage_error("use letters, digits and - _ . ~ only (e.g. from: openssl rand -hex 16)",
                           "JIANBAO_TOKEN holds a character a URL or a cookie cannot carry");
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = jb_cli_on_signal;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old); /* the server's threads never take them */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* a thread per connection: without a cap glibc gives each new thread an arena of its own, and
     * the freed memory of hundreds of them keeps the resident size climbing */
    mallopt(M_ARENA_MAX, 4);
    jb_diag_init(&d);
    if ((sv = jb_plugin_api(JB_PLUGIN_SERVE, &why)) == NULL)
        jb_diag_set(&d, JB_ERR_INTERNAL, NULL, 0, 0,
                    "install libmicrohttpd (apt-get install libmicrohttpd12), or reinstall jianbao",
                    "cannot serve: %s", why);
    if (sv == NULL || sv->start(&c->so, &srv, &d) != JB_OK) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        return fail(&d);
    }
    if (!sv->is_loopback(srv))
        fprintf(stderr, "jianbao: warning: listening on %s, which other computers can reach; %s\n",
                host,
                c->so.token && c->so.token[0]
                    ? "each must carry the token (JIANBAO_TOKEN)"
                    : "anyone who can connect may render (set JIANBAO_TOKEN to ask for a token)");
    if (!sv->has_pdfjs(srv))
        fprintf(stderr,
                "jianbao: warning: pdf.js not found in %s: the page shows no preview\n"
                "  hint: apt-get install libjs-pdf, or give --pdfjs DIR\n",
                c->so.pdfjs_dir ? c->so.pdfjs_dir : JB_SERVE_PDFJS_DIR);
    printf("jianbao serve: open http://%s%s%s:%u/\n", strchr(host, ':') ? "[" : "", host,
           strchr(host, ':') ? "]" : "", sv->port(srv));
    if (!c->quiet)
        fprintf(stderr, "%d worker%s; Ctrl-C stops\n", c->so.workers,
                c->so.workers == 1 ? "" : "s");
    fflush(stdout);
    while (!jb_cli_stop)
        sigsuspend(&old);
    sv->stop(srv);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (!c->quiet)
        fputs("jianbao serve: stopped\n", stderr);
    return 0;
}
