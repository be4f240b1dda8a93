/* serve — jianbao over HTTP (libmicrohttpd; the module libjianbao-serve.so, plugin.h): the page of
 * web/ and the API (POST /api/render, POST /api/inspect, POST /api/import, GET /api/layouts, GET
 * /healthz), with one shared engine per installed layout and at most `workers` renders at once.
 *
 * Contract: jb_serve_start opens every layout of data_dir/layouts/ and reads the page's files
 * into memory, then answers requests on threads of its own until jb_serve_stop; it never prints
 * (main.c does). Requests never name a server path: layouts go by name, files by a fixed table. */
#ifndef JB_SERVE_H
#define JB_SERVE_H

#include <stddef.h>

#include "jianbao.h"
#include "plugin.h"

typedef struct jb_server jb_server;

/* What to serve; every pointer is borrowed for the jb_serve_start call. */
typedef struct {
    const char *host;     /* address to bind; NULL: 127.0.0.1 */
    unsigned port;        /* 0: a free port (jb_serve_port says which) */
    int workers;          /* renders at once; below 1: 1 */
    int queue_ms;         /* how long a request waits for a free worker before 503 */
    int timeout_s;        /* a request (head and body) must arrive within this many seconds of
                             its connection (or of the last answer on it); 0: 10 */
    int render_timeout_s; /* a render taking longer is stopped, answered 504; 0: 30 */
    int per_client;       /* connections at once from one address; 0: 64 */
    int convert;      /* .doc/.wps/.odt through LibreOffice (time-limited, a temporary profile, no
                         network: unshare -rn, checked at start); 0: refused */
    size_t max_input; /* the largest report or upload in bytes; 0: 1 MiB */
    const char *data_dir;         /* layouts/, fonts/ and web/ */
    const char *const *font_dirs; /* more font folders (--font-path) */
    size_t n_font_dirs;
    const char *pdfjs_dir; /* pdf.js and pdf.worker.js; NULL: Debian's libjs-pdf folder */
    const char *token;     /* NULL or "": no token; else every request but /healthz must carry it
                              (Authorization: Bearer, the jb_token cookie, or ?token= on the page) */
} jb_serve_opts;

/* Debian's libjs-pdf build folder, where pdf.js and pdf.worker.js are found by default. */
#define JB_SERVE_PDFJS_DIR "/usr/share/javascript/pdf/build"

/* Opens the engines and starts answering. Caller owns *out (NULL on failure); release with
 * jb_serve_stop. Errors: JB_ERR_LAYOUT / JB_ERR_FONT (a layout that cannot be opened),
 * JB_ERR_INPUT (web/ missing), JB_ERR_USAGE (an address that cannot be bound, or convert without a
 * working `unshare -rn`), JB_ERR_NOMEM. */
jb_status jb_serve_start(const jb_serve_opts *o, jb_server **out, jb_diag *d);

/* The port bound (the one chosen when opts.port was 0). */
unsigned jb_serve_port(const jb_server *s);

/* Whether pdf.js was found (without it the page shows no preview, the API works). */
int jb_serve_has_pdfjs(const jb_server *s);

/* Whether the bound address is a loopback one (127.0.0.0/8, ::1). */
int jb_serve_is_loopback(const jb_server *s);

/* The HTTP status the API answers for a failed render with status st (the README's table, and
 * the one table serve answers from). */
int jb_serve_http_status(jb_status st);

/* Stops answering: no new connection is accepted, requests waiting for a worker are answered
 * 503, renders under way get JB_SERVE_STOP_GRACE_S seconds to finish and are then stopped (at
 * their next stage) and answered 503; then frees s (NULL is fine). */
void jb_serve_stop(jb_server *s);

#define JB_SERVE_STOP_GRACE_S 5

/* The module's table (plugin.h): the program reaches the functions above through it. */
typedef struct {
    jb_status (*start)(const jb_serve_opts *o, jb_server **out, jb_diag *d);
    unsigned (*port)(const jb_server *s);
    int (*has_pdfjs)(const jb_server *s);
    int (*is_loopback)(const jb_server *s);
    void (*stop)(jb_server *s);
} jb_serve_api;

/* The module's entry: its table for abi JB_PLUGIN_ABI, else NULL. */
const void *jb_plugin_serve(int abi);

#endif
