/* serve_int — what the two files of the serve module share (private to serve.c and
 * serve_api.c): the server, a request under way, the answers. */
#ifndef JB_SERVE_INT_H
#define JB_SERVE_INT_H

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
#include <time.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "doc.h"
#include "source.h"
#include "readers.h"
#include "writers.h"

#include "serve.h"

#define MAX_LAYOUTS     32
#define MAX_CONNECTIONS 256

typedef struct {
    char name[64];     /* the file's stem: red-header */
    char summary[256]; /* the first comment line after the name */
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
    unsigned port;
    size_t max_input, max_body;
    int timeout_s, queue_ms;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int busy, workers;
};

enum { ROUTE_RENDER, ROUTE_INSPECT };
enum { BODY_TEXT, BODY_JSON, BODY_FORM };

/* The fields an API request may set (anything else is refused, 400): the request's own, then
 * the front-matter fields --meta takes (doc.h's table; index N_OWN + the table's). */
#define N_OWN    5 /* serve.c: field_names */
#define N_FIELDS (N_OWN + JB_FIELDS_MAX)

typedef struct {
    char *p;
    size_t len, cap;
} buf;

typedef struct {
    int route, kind;
    double t0;
    size_t received;
    int too_large, bad_field;
    char bad_name[64];
    buf body;             /* text or JSON body */
    buf text, file;       /* form: the pasted text, the uploaded file */
    char filename[128];   /* the upload's name, for messages */
    buf fields[N_FIELDS]; /* form fields */
    buf options;          /* form: an "options" field holding JSON */
    struct MHD_PostProcessor *pp;
} request;

/* ---- serve.c ---- */
void add_common_headers(struct MHD_Response *r, int cache);
enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *type, void *data,
                       size_t len, enum MHD_ResponseMemoryMode mode, int cache);
enum MHD_Result answer_diag(struct MHD_Connection *c, unsigned code, const jb_diag *d);
enum MHD_Result answer_error(struct MHD_Connection *c, unsigned code, jb_status st,
                             const char *hint, const char *message);
int field_index(const char *name);

/* ---- serve_api.c: the API (render, inspect, layouts) ---- */
enum MHD_Result finish(jb_server *s, struct MHD_Connection *c, request *q);
cJSON *layouts_json(const jb_server *s);

#endif
