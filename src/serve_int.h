/* serve_int — what the two files of the serve module share (private to serve.c and
 * serve_api.c): the server, a request under way, the answers. */
#ifndef JB_SERVE_INT_H
#define JB_SERVE_INT_H

#include "serve.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include <cjson/cJSON.h>
#include <ini.h>

#include "buf.h"
#include "clock.h"
#include "conns.h"
#include "diag.h"
#include "source.h"
#include "readers.h"
#include "writers.h"

#define MAX_LAYOUTS     32
#define MAX_CONNECTIONS 256
/* Above this many connections the oldest one still sending its request is closed for each new
 * one: the cap never keeps a new client out (slow clients cannot fill it). */
#define EVICT_AT (MAX_CONNECTIONS - 16)

typedef struct {
    char name[64];     /* the file's stem: red-header */
    char title[64];    /* [about] name: 红头简报 (else the stem) */
    char summary[256]; /* [about] summary, else the first comment line after the name */
    jb_engine *engine;
} layout_entry;

/* A file of the page, read once at start; `url` is the only way a request reaches it. */
typedef struct {
    const char *url, *dir, *file, *type;
    char *data;
    size_t len;
} asset;

struct jb_server {
    struct MHD_Daemon *mhd;
    layout_entry layouts[MAX_LAYOUTS];
    size_t n_layouts;
    asset assets[6];
    size_t n_assets;
    int has_pdfjs, loopback;
    char token[128]; /* every request but /healthz must carry it ("" : none asked) */
    unsigned port;
    size_t max_input, max_body;
    int timeout_s, queue_ms;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int busy, workers;
    int render_timeout_s, per_client, convert;
    volatile int stopping, cancel_all; /* under mu */
    jb_conns *conns;                   /* the request deadline, the eviction at the cap */
};

enum { ROUTE_RENDER, ROUTE_INSPECT, ROUTE_IMPORT };
enum { BODY_TEXT, BODY_JSON, BODY_FORM };

#define N_FIELDS 20 /* the fields an API request may set: serve.c, field_names */

typedef struct {
    int route, kind;
    double t0;
    size_t received;
    int too_large, bad_field;
    const char *bad_part; /* a form part refused (a reason code), or NULL */
    int query_nul;        /* a query argument holds a NUL (%00) */
    char bad_name[64];
    jb_buf body;             /* text or JSON body */
    jb_buf text, file;       /* form: the pasted text, the uploaded file */
    char filename[128];      /* the upload's name, for messages */
    jb_buf fields[N_FIELDS]; /* form fields */
    jb_buf options;          /* form: an "options" field holding JSON */
    struct MHD_PostProcessor *pp;
} request;

/* ---- serve.c ---- */
void add_common_headers(struct MHD_Response *r, int cache);
enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *type, void *data,
                       size_t len, enum MHD_ResponseMemoryMode mode, int cache);
enum MHD_Result answer_diag(struct MHD_Connection *c, unsigned code, const jb_diag *d);
enum MHD_Result answer_diag_reason(struct MHD_Connection *c, unsigned code, const jb_diag *d,
                                   const char *reason);
enum MHD_Result answer_refusal(struct MHD_Connection *c, unsigned code, jb_status st,
                               const char *reason, const char *hint, const char *message);
int field_index(const char *name);
int json_has_nul(const char *p, size_t n);
/* The port bound, which jb_serve_start learns only after the daemon is answering. */
unsigned bound_port(const jb_server *s);
/* libmicrohttpd's callbacks, which serve_start.c gives the daemon */
void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                   enum MHD_ConnectionNotificationCode code);
enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload_data, size_t *upload_data_size,
                           void **con_cls);
void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                  enum MHD_RequestTerminationCode toe);

/* ---- serve_start.c: start and stop (jb_serve_start, jb_serve_stop … of serve.h) ---- */

/* ---- serve_api.c: the API (layouts, render, inspect, import) ---- */
enum MHD_Result finish(jb_server *s, struct MHD_Connection *c, request *q);
cJSON *layouts_json(const jb_server *s);

#endif
