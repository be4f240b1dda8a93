/* serve — the HTTP server of jianbao serve, on libmicrohttpd (one thread per connection, renders
 * bounded by a counted set of worker slots). */
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

#include "clock.h"
#include "conns.h"
#include "diag.h"
#include "dynlib.h"
#include "source.h"
#include "readers.h"
#include "writers.h"

/* libmicrohttpd (and the GnuTLS it links) is opened when the server starts (dynlib.h), so that
 * every other command of the program never loads it. The calls go through this table, filled
 * once under mhd_once and read-only afterwards. */
static struct {
#define MHD_FIELD(f) __typeof__(f) *f;
/* clang-format off */
#define MHD_FNS(X) \
    X(MHD_add_response_header) \
    X(MHD_create_post_processor) \
    X(MHD_create_response_from_buffer) \
    X(MHD_destroy_post_processor) \
    X(MHD_destroy_response) \
    X(MHD_get_connection_values) \
    X(MHD_get_connection_values_n) \
    X(MHD_get_connection_info) \
    X(MHD_get_daemon_info) \
    X(MHD_lookup_connection_value) \
    X(MHD_post_process) \
    X(MHD_queue_response) \
    X(MHD_quiesce_daemon) \
    X(MHD_start_daemon) \
    X(MHD_stop_daemon)
    /* clang-format on */
    MHD_FNS(MHD_FIELD)
    int ok;
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void
mhd_load(void)
{
#define MHD_SYM(f) {#f, (void **)&mhd.f},
    static const char *const names[] = {"libmicrohttpd.so.12", "libmicrohttpd.so"};
    const jb_dynsym syms[] = {MHD_FNS(MHD_SYM)};
    mhd.ok = jb_dynlib_open(names, 2, syms, sizeof syms / sizeof syms[0], NULL) == 0;
#undef MHD_SYM
}

#define MHD_add_response_header         (mhd.MHD_add_response_header)
#define MHD_create_post_processor       (mhd.MHD_create_post_processor)
#define MHD_create_response_from_buffer (mhd.MHD_create_response_from_buffer)
#define MHD_destroy_post_processor      (mhd.MHD_destroy_post_processor)
#define MHD_destroy_response            (mhd.MHD_destroy_response)
#define MHD_get_connection_values       (mhd.MHD_get_connection_values)
#define MHD_get_connection_values_n     (mhd.MHD_get_connection_values_n)
#define MHD_get_connection_info         (mhd.MHD_get_connection_info)
#define MHD_get_daemon_info             (mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value     (mhd.MHD_lookup_connection_value)
#define MHD_post_process                (mhd.MHD_post_process)
#define MHD_queue_response              (mhd.MHD_queue_response)
#define MHD_quiesce_daemon              (mhd.MHD_quiesce_daemon)
#define MHD_start_daemon                (mhd.MHD_start_daemon)
#define MHD_stop_daemon                 (mhd.MHD_stop_daemon)

/* Every response says so: no script, style, frame or connection but the server's own; pdf.js
 * runs its parser in a worker from the same origin, and draws into a canvas (blob:/data: images
 * for its image cache); the one frame is the page's own PDF (a blob:), printed from there. */
#define CSP                                                                                        \
    "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; "                 \
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "  \
    "frame-src blob:; "                                                                            \
    "base-uri 'none'; frame-ancestors 'none'"

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

/* ---- small helpers ---- */

static int
read_whole(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = jb_source_fopen_regular(path, "rb");
    struct stat st;
    char *buf;

    *out = NULL;
    if (f == NULL)
        return -1;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        jb_source_read_all(f, (size_t)st.st_size + 1, max, &buf, len) != 0) {
        fclose(f);
        return -1;
    }
    fclose(f);
    *out = buf;
    return 0;
}

/* The one table of HTTP answers for the engine's statuses. Input errors from memory are the
 * document's (corrupt, encrypted, not Word, a photo over the budget: 422); a request too large
 * is refused by the server itself (413) before any render. */
static const struct {
    jb_status st;
    unsigned http;
} http_table[] = {
    {JB_OK, 200},
    {JB_ERR_USAGE, 400},     /* a bad option: layout name, meta field, encoding */
    {JB_ERR_INPUT, 422},     /* a document that cannot be read: corrupt, encrypted, not Word */
    {JB_ERR_ENCODING, 415},  /* not text jianbao can read */
    {JB_ERR_FORMAT, 422},    /* read, but not a report: no title, no sections … */
    {JB_ERR_GLYPH, 422},     /* a character no font has */
    {JB_ERR_OVERFLOW, 422},  /* does not fit on one page */
    {JB_ERR_FONT, 500},      /* the server's side */
    {JB_ERR_LAYOUT, 500},    /* the server's side */
    {JB_ERR_OUTPUT, 500},    /* the server's side */
    {JB_ERR_NOMEM, 503},     /* try again */
    {JB_ERR_INTERNAL, 500},  /* a bug */
    {JB_ERR_CANCELLED, 504}, /* over the render deadline (503 when the server is stopping) */
};

int
jb_serve_http_status(jb_status st)
{
    for (size_t i = 0; i < sizeof http_table / sizeof http_table[0]; i++)
        if (http_table[i].st == st)
            return (int)http_table[i].http;
    return 500;
}

/* ---- responses ---- */

static void
add_common_headers(struct MHD_Response *r, int cache)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", cache ? "max-age=3600" : "no-store");
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned code, const char *type, void *data, size_t len,
       enum MHD_ResponseMemoryMode mode, int cache)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, mode);
    enum MHD_Result ret;
    if (r == NULL) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    add_common_headers(r, cache);
    if (code == 503)
        MHD_add_response_header(r, "Retry-After", "1");
    ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result
answer_json(struct MHD_Connection *c, unsigned code, cJSON *j)
{
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (s == NULL)
        return MHD_NO;
    return answer(c, code, "application/json; charset=utf-8", s, strlen(s), MHD_RESPMEM_MUST_FREE,
                  0);
}

/* {"error": {status, exit_code, file, line, col, message, hint, text}}: the CLI's diagnostic,
 * and in `text` the very lines it prints. */
static enum MHD_Result
answer_diag_reason(struct MHD_Connection *c, unsigned code, const jb_diag *d, const char *reason)
{
    cJSON *j = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(j, "error");
    char text[2048];
    int k;

    if (d->file[0] && d->line > 0)
        k = snprintf(text, sizeof text, "%s:%d:%d: error: %s", d->file, d->line, d->col,
                     d->message);
    else
        k = snprintf(text, sizeof text, "%s: error: %s", d->file[0] ? d->file : "jianbao",
                     d->message);
    if (d->hint[0] && k > 0 && (size_t)k < sizeof text)
        snprintf(text + k, sizeof text - (size_t)k, "\n  hint: %s", d->hint);
    cJSON_AddStringToObject(e, "status", jb_status_name(d->status));
    /* the stable reason a program (the page) keys its own words by: the server's own refusal's,
     * else the engine's (jb_diag_code), else the status; the rest is the CLI's English */
    cJSON_AddStringToObject(e, "reason",
                            reason       ? reason
                            : d->code[0] ? d->code
                                         : jb_status_name(d->status));
    cJSON_AddNumberToObject(e, "exit_code", jb_status_exit_code(d->status));
    cJSON_AddStringToObject(e, "file", d->file);
    cJSON_AddNumberToObject(e, "line", d->line);
    cJSON_AddNumberToObject(e, "col", d->col);
    cJSON_AddStringToObject(e, "message", d->message);
    cJSON_AddStringToObject(e, "hint", d->hint);
    cJSON_AddStringToObject(e, "text", text);
    return answer_json(c, code, j);
}

static enum MHD_Result
answer_diag(struct MHD_Connection *c, unsigned code, const jb_diag *d)
{
    return answer_diag_reason(c, code, d, NULL);
}

/* An error of the server's own (not a render's): st only names its kind in the JSON, reason (a
 * stable code, README.md) what was wrong; NULL: the status's name. */
static enum MHD_Result
answer_refusal(struct MHD_Connection *c, unsigned code, jb_status st, const char *reason,
               const char *hint, const char *message)
{
    jb_diag d;
    jb_diag_init(&d);
    jb_diag_set(&d, st, "request", 0, 0, hint, "%s", message);
    return answer_diag_reason(c, code, &d, reason);
}

/* Whether JSON text holds a NUL: a raw byte, or a \u0000 escape (which cJSON would turn into the
 * end of the string: the rest silently lost). */
static int
json_has_nul(const char *p, size_t n)
{
    if (memchr(p, '\0', n) != NULL)
        return 1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (p[i] != '\\')
            continue;
        if (p[i + 1] == 'u' && i + 5 < n && memcmp(p + i + 2, "0000", 4) == 0)
            return 1;
        i++; /* the escaped character: \\u0000 is a backslash and text */
    }
    return 0;
}

/* ---- connections: the request deadline and the eviction (slow clients) ---- */

static jb_conn *
conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* MHD_OPTION_NOTIFY_CONNECTION: every connection is watched (conns.h) from its accept to its
 * close (MHD closes the socket after this callback, so the watcher never touches another's). */
static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
    jb_server *s = cls;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = jb_conns_add(s->conns, ci ? ci->connect_fd : -1);
        return;
    }
    jb_conns_remove(s->conns, *socket_context);
    *socket_context = NULL;
}

/* ---- a request under way ---- */

enum { ROUTE_RENDER, ROUTE_INSPECT, ROUTE_IMPORT };
enum { BODY_TEXT, BODY_JSON, BODY_FORM };

/* The fields an API request may set; anything else is refused (400). */
static const char *const field_names[] = {
    "layout",   "from",      "allow_missing", "condense", "title", "byline", "source",
    "date",     "category",  "masthead",      "issue",    "unit",  "copies", "encoding",
    "dist_bao", "dist_song", "dist_fa",       "secrecy",  "to"};
#define N_FIELDS (sizeof field_names / sizeof field_names[0])

typedef struct {
    char *p;
    size_t len, cap;
} buf;

typedef struct {
    int route, kind;
    double t0;
    size_t received;
    int too_large, bad_field;
    const char *bad_part; /* a form part refused (a reason code), or NULL */
    int query_nul;        /* a query argument holds a NUL (%00) */
    char bad_name[64];
    buf body;             /* text or JSON body */
    buf text, file;       /* form: the pasted text, the uploaded file */
    char filename[128];   /* the upload's name, for messages */
    buf fields[N_FIELDS]; /* form fields */
    buf options;          /* form: an "options" field holding JSON */
    struct MHD_PostProcessor *pp;
} request;

static int
buf_add(buf *b, const char *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->len + len + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

static void
request_free(request *q)
{
    if (q == NULL)
        return;
    if (q->pp)
        MHD_destroy_post_processor(q->pp);
    free(q->body.p);
    free(q->text.p);
    free(q->file.p);
    free(q->options.p);
    for (size_t i = 0; i < N_FIELDS; i++)
        free(q->fields[i].p);
    free(q);
}

static int
field_index(const char *name)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(name, field_names[i]) == 0)
            return (int)i;
    return -1;
}

/* The upload's name without folders or control characters (it only names the input). */
static void
keep_filename(request *q, const char *name)
{
    const char *base = strrchr(name, '/'), *b2 = strrchr(name, '\\');
    size_t k = 0;
    base = base ? base + 1 : name;
    if (b2 && b2 + 1 > base)
        base = b2 + 1;
    for (; *base && k + 1 < sizeof q->filename; base++)
        if ((unsigned char)*base >= 0x20 && *base != 0x7f)
            q->filename[k++] = *base;
    q->filename[k] = '\0';
}

static enum MHD_Result
on_form(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
        const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
        size_t size)
{
    request *q = cls;
    buf *b;
    int i;

    (void)kind, (void)content_type, (void)transfer_encoding;
    if (q->bad_part)
        return MHD_YES; /* refused already: the rest is read and dropped, then 400 */
    if (key == NULL || key[0] == '\0') {
        q->bad_part = "form_part_unnamed";
        return MHD_YES;
    }
    if (strcmp(key, "file") == 0) {
        if (off == 0 && filename)
            keep_filename(q, filename);
        b = &q->file;
    } else if (strcmp(key, "text") == 0) {
        b = &q->text;
    } else if (strcmp(key, "options") == 0) {
        b = &q->options;
    } else if ((i = field_index(key)) >= 0) {
        b = &q->fields[i];
    } else {
        if (!q->bad_field)
            snprintf(q->bad_name, sizeof q->bad_name, "%s", key);
        q->bad_field = 1;
        return MHD_YES;
    }
    if (size > 0 && buf_add(b, data, size) != 0)
        return MHD_NO;
    return MHD_YES;
}

/* ---- checks against DNS rebinding and cross-site posts ---- */

static int
host_is_loopback_name(const char *host, unsigned port)
{
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(host, names[i], n) == 0) {
            char *end;
            if (host[n] == '\0')
                return 1;
            if (host[n] == ':' && strtoul(host + n + 1, &end, 10) == port && *end == '\0')
                return 1;
        }
    }
    return 0;
}

/* The port bound, which jb_serve_start learns only after the daemon is answering. */
static unsigned
bound_port(const jb_server *s)
{
    unsigned p;
    pthread_mutex_lock((pthread_mutex_t *)&s->mu);
    p = s->port;
    pthread_mutex_unlock((pthread_mutex_t *)&s->mu);
    return p;
}

/* NULL when the request may go on, else why not. On loopback the Host must be the loopback
 * address itself (a rebound DNS name is refused); an Origin, when sent, must be this server. */
static const char *
check_origin(const jb_server *s, struct MHD_Connection *c, const char *method)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");

    if (host == NULL)
        return "the request has no Host";
    if (s->loopback && !host_is_loopback_name(host, bound_port(s)))
        return "the Host is not this computer (open the page at the address jianbao printed)";
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
        return NULL;
    if (site && strcmp(site, "cross-site") == 0)
        return "a post from another site";
    if (origin) {
        if (strncmp(origin, "http://", 7) != 0 || strcmp(origin + 7, host) != 0)
            return "a post from another origin";
    }
    return NULL;
}

/* ---- the token (jianbao serve --token-file, for a server other computers reach) ---- */

static int
same_secret(const char *a, const char *b)
{
    size_t n = strlen(a), m = b ? strlen(b) : 0;
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ (i < m ? b[i] : 0));
    return diff == 0;
}

/* 0: refused; 1: the token came in a header or the cookie; 2: in the query (?token=), which
 * the page's address carries once and the answer turns into the cookie. */
static int
token_ok(const jb_server *s, struct MHD_Connection *c)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (s->token[0] == '\0')
        return 1;
    if (auth && strncmp(auth, "Bearer ", 7) == 0 && same_secret(s->token, auth + 7))
        return 1;
    if (same_secret(s->token, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "jb_token")))
        return 1;
    if (same_secret(s->token, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token")))
        return 2;
    return 0;
}

/* The page, and the token as a cookie the page's own requests then carry. */
static enum MHD_Result
answer_page_with_cookie(const jb_server *s, struct MHD_Connection *c, const asset *a)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(a->len, a->data, MHD_RESPMEM_PERSISTENT);
    char cookie[200];
    enum MHD_Result ret;
    if (r == NULL)
        return MHD_NO;
    snprintf(cookie, sizeof cookie, "jb_token=%s; Path=/; HttpOnly; SameSite=Strict", s->token);
    MHD_add_response_header(r, "Content-Type", a->type);
    MHD_add_response_header(r, "Set-Cookie", cookie);
    add_common_headers(r, 0);
    ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
}

/* ---- the API ---- */

static cJSON *
layouts_json(const jb_server *s)
{
    cJSON *j = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(j, "layouts");
    for (size_t i = 0; i < s->n_layouts; i++) {
        cJSON *l = cJSON_CreateObject();
        cJSON_AddStringToObject(l, "name", s->layouts[i].name);
        cJSON_AddStringToObject(l, "title", s->layouts[i].title);
        cJSON_AddStringToObject(l, "summary", s->layouts[i].summary);
        cJSON_AddBoolToObject(l, "default", strcmp(s->layouts[i].name, "red-header") == 0);
        cJSON_AddItemToArray(a, l);
    }
    cJSON_AddNumberToObject(j, "max_input", (double)s->max_input);
    return j;
}

static const layout_entry *
find_layout(const jb_server *s, const char *name)
{
    if (name == NULL || name[0] == '\0')
        name = "red-header";
    for (size_t i = 0; i < s->n_layouts; i++)
        if (strcmp(s->layouts[i].name, name) == 0)
            return &s->layouts[i];
    return name && strcmp(name, "red-header") == 0 && s->n_layouts ? &s->layouts[0] : NULL;
}

/* The options gathered from the query, a JSON body or form fields, as strings by field. */
typedef struct {
    const char *v[N_FIELDS];
    char *own[N_FIELDS]; /* copies made from JSON values */
    const char *text;
    size_t text_len;
    const char *name; /* the input's name in messages */
} call;

static void
call_fini(call *k)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        free(k->own[i]);
}

/* Reads the fields of JSON object j into k. 0, or -1 with the offending key in bad. */
static int
json_fields(cJSON *j, call *k, int allow_text, char *bad, size_t size)
{
    cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        int i;
        if (allow_text && strcmp(it->string, "text") == 0 && cJSON_IsString(it)) {
            k->text = it->valuestring;
            k->text_len = strlen(it->valuestring);
            continue;
        }
        if ((i = field_index(it->string)) < 0) {
            snprintf(bad, size, "unknown option '%s'", it->string);
            return -1;
        }
        free(k->own[i]);
        if (cJSON_IsString(it))
            k->own[i] = strdup(it->valuestring);
        else if (cJSON_IsBool(it))
            k->own[i] = strdup(cJSON_IsTrue(it) ? "1" : "0");
        else if (cJSON_IsNumber(it)) {
            char num[32];
            snprintf(num, sizeof num, "%g", it->valuedouble);
            k->own[i] = strdup(num);
        } else {
            snprintf(bad, size, "option '%s' is neither text, a number nor true/false", it->string);
            return -1;
        }
        k->v[i] = k->own[i];
    }
    return 0;
}

static int
truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 ||
                 strcmp(v, "yes") == 0);
}

/* The status of a failed render: by its reason where the status alone would mislead (a file
 * this server does not convert, .doc/.wps/.odt without LibreOffice or with it off, is a media
 * type it does not take: 415, not a document that cannot be read). */
static unsigned
diag_http_status(const jb_diag *d)
{
    if (strcmp(d->code, "no_converter") == 0)
        return 415;
    return (unsigned)jb_serve_http_status(d->status);
}

/* X-Jianbao-Notes: what a successful render noted, as stable codes ("condensed",
 * "missing_glyph"), for the page to say in its own words; X-Jianbao-Condensed: how many
 * sentences condensing left out ("40+" when there are more than jb_render_info lists). */
static void
add_notes(struct MHD_Response *r, const jb_result *res)
{
    char notes[64] = "", num[32];
    size_t cut = 0, runs = (size_t)jb_result_number(res, JB_R_LEFT_OUT);
    const jb_left_out *lo;
    int condensed = jb_result_number(res, JB_R_CONDENSED) != 0;
    if (condensed)
        strcat(notes, "condensed");
    if (strstr(jb_result_text(res, JB_R_WARNING), "□"))
        strcat(strcat(notes, notes[0] ? "," : ""), "missing_glyph");
    if (notes[0])
        MHD_add_response_header(r, "X-Jianbao-Notes", notes);
    for (size_t i = 0; (lo = jb_result_left_out(res, i)) != NULL; i++)
        cut += strcmp(lo->reason, "condensed") == 0;
    if (condensed) { /* "40+": more runs than the result lists */
        snprintf(num, sizeof num, "%zu%s", cut, runs > cut && runs > 40 ? "+" : "");
        MHD_add_response_header(r, "X-Jianbao-Condensed", num);
    }
}

/* A render's deadline, asked by the engine between its stages. */
typedef struct {
    jb_server *s;
    double deadline;
} render_clock;

static int
render_cancelled(void *arg)
{
    render_clock *rc = arg;
    int all;
    pthread_mutex_lock(&rc->s->mu);
    all = rc->s->cancel_all;
    pthread_mutex_unlock(&rc->s->mu);
    return all || jb_clock_s() > rc->deadline;
}

static enum MHD_Result
run_call(jb_server *s, struct MHD_Connection *c, request *q, call *k)
{
    /* the front-matter fields, by the API's names and (where they differ) --meta's */
    static const struct {
        const char *api, *meta;
    } meta_keys[] = {{"title", "title"},
                     {"byline", "byline"},
                     {"source", "source"},
                     {"date", "date"},
                     {"category", "category"},
                     {"masthead", "masthead"},
                     {"issue", "issue"},
                     {"unit", "unit"},
                     {"copies", "copies"},
                     {"secrecy", "secrecy"},
                     {"dist_bao", "distribution.报"},
                     {"dist_song", "distribution.送"},
                     {"dist_fa", "distribution.发"}};
    const char *meta[sizeof meta_keys / sizeof meta_keys[0]];
    char *meta_own[sizeof meta_keys / sizeof meta_keys[0]];
    size_t n_meta = 0;
    const layout_entry *lay = find_layout(s, k->v[field_index("layout")]);
    const char *from = k->v[field_index("from")];
    jb_job_opts o = JB_JOB_OPTS_INIT;
    jb_result *res = NULL;
    const jb_writer *w = jb_writer_find(q->route == ROUTE_RENDER ? NULL : "json");
    jb_diag d;
    jb_status st;
    enum MHD_Result ret;
    int got = 0, stopping;
    render_clock clock = {s, 0};

    jb_diag_init(&d);
    if (lay == NULL) {
        char hint[512];
        size_t n = (size_t)snprintf(hint, sizeof hint, "layouts:");
        for (size_t i = 0; i < s->n_layouts && n < sizeof hint; i++)
            n += (size_t)snprintf(hint + n, sizeof hint - n, " %s", s->layouts[i].name);
        jb_diag_set(&d, JB_ERR_USAGE, "request", 0, 0, hint, "no layout named '%s'",
                    k->v[field_index("layout")]);
        return answer_diag_reason(c, 400, &d, "bad_layout");
    }
    if (q->route == ROUTE_RENDER && k->v[field_index("to")] && k->v[field_index("to")][0] &&
        (w = jb_writer_find(k->v[field_index("to")])) == NULL) { /* pdf, pdfa, ofd … */
        char list[256];
        jb_writer_list(list, sizeof list);
        return answer_refusal(c, 400, JB_ERR_USAGE, "bad_to", list, "no such output format");
    }
    if (k->text == NULL || k->text_len == 0)
        return answer_refusal(c, 400, JB_ERR_USAGE, "no_report",
                              "send the report as the body, a \"text\" field or a \"file\" upload",
                              "no report in the request");
    if (k->text_len > s->max_input)
        return answer_refusal(c, 413, JB_ERR_INPUT, "too_large", "send a shorter report",
                              "the report is larger than the server's limit");
    o.input = k->name;
    o.to = w->name;
    o.to_memory = 1;
    o.input_data = k->text;
    o.input_len = k->text_len;
    o.engine = lay->engine;
    o.max_input = s->max_input;
    o.encoding = k->v[field_index("encoding")];
    if (o.encoding && o.encoding[0] == '\0')
        o.encoding = NULL;
    o.allow_missing = truthy(k->v[field_index("allow_missing")]);
    o.condense = truthy(k->v[field_index("condense")]);
    o.convert = s->convert ? JB_CONVERT_NO_NETWORK : JB_CONVERT_OFF;
    if (from && from[0]) {
        if (jb_reader_find(from) == NULL) {
            char list[256];
            jb_reader_list(list, sizeof list);
            return answer_refusal(c, 400, JB_ERR_USAGE, "bad_from", list, "no such input format");
        }
        o.from = from;
    }
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
        meta_own[i] = NULL;
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
        const char *v = k->v[field_index(meta_keys[i].api)];
        if (v == NULL || v[0] == '\0') /* an empty field keeps what the report says */
            continue;
        if ((meta_own[i] = malloc(strlen(meta_keys[i].meta) + strlen(v) + 2)) == NULL) {
            /* never render without a field the clerk gave */
            ret = answer_refusal(c, 503, JB_ERR_NOMEM, "nomem", "try again later",
                                 "out of memory reading the request's fields");
            goto done;
        }
        sprintf(meta_own[i], "%s=%s", meta_keys[i].meta, v);
        meta[n_meta++] = meta_own[i];
    }
    o.meta = meta;
    o.n_meta = n_meta;

    /* a worker slot, waited for at most queue_ms */
    pthread_mutex_lock(&s->mu);
    {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += s->queue_ms / 1000;
        until.tv_nsec += (long)(s->queue_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L)
            until.tv_sec++, until.tv_nsec -= 1000000000L;
        while (s->busy >= s->workers && !s->stopping)
            if (s->queue_ms <= 0 || pthread_cond_timedwait(&s->cv, &s->mu, &until) != 0)
                break;
        if (s->busy < s->workers && !s->stopping) {
            s->busy++;
            got = 1;
        }
        stopping = s->stopping;
    }
    pthread_mutex_unlock(&s->mu);
    if (!got) {
        ret = stopping ? answer_refusal(c, 503, JB_ERR_CANCELLED, "stopping", "try again later",
                                        "the server is stopping")
                       : answer_refusal(c, 503, JB_ERR_NOMEM, "busy", "try again in a moment",
                                        "every worker is busy");
        goto done;
    }
    clock.deadline = jb_clock_s() + s->render_timeout_s;
    o.cancelled = render_cancelled;
    o.cancel_arg = &clock;
    st = q->route == ROUTE_IMPORT ? jb_import_report(&o, &res, &d) : jb_render(&o, &res, &d);
    pthread_mutex_lock(&s->mu);
    s->busy--;
    pthread_cond_broadcast(&s->cv);
    stopping = s->stopping;
    pthread_mutex_unlock(&s->mu);

    if (st == JB_ERR_CANCELLED && stopping) {
        ret = answer_refusal(c, 503, st, "stopping", "try again later",
                             "the server is stopping: the render was stopped");
    } else if (st == JB_ERR_CANCELLED) {
        char msg[128];
        snprintf(msg, sizeof msg, "the render took longer than the server's limit of %d s",
                 s->render_timeout_s);
        ret = answer_refusal(c, 504, st, "render_deadline",
                             "send a shorter report or fewer, smaller photos", msg);
    } else if (st != JB_OK)
        ret = answer_diag(c, diag_http_status(&d), &d);
    else if (q->route == ROUTE_INSPECT || q->route == ROUTE_IMPORT) {
        /* inspect's JSON, or the report text (FORMAT.md) of an upload, to edit */
        size_t len;
        char *json = (char *)jb_result_take_data(res, &len);
        ret = json ? answer(c, 200,
                            q->route == ROUTE_IMPORT ? "text/markdown; charset=utf-8"
                                                     : "application/json; charset=utf-8",
                            json, len, MHD_RESPMEM_MUST_FREE, 0)
                   : MHD_NO;
    } else {
        size_t len;
        unsigned char *pdf = jb_result_take_data(res, &len);
        struct MHD_Response *r =
            pdf ? MHD_create_response_from_buffer(len, pdf, MHD_RESPMEM_MUST_FREE) : NULL;
        const char *warning = jb_result_text(res, JB_R_WARNING);
        char num[32], disposition[64];
        if (r == NULL) {
            free(pdf);
            ret = MHD_NO;
            goto done;
        }
        MHD_add_response_header(r, "Content-Type", w->mime);
        snprintf(disposition, sizeof disposition, "inline; filename=\"brief%s\"", w->ext);
        MHD_add_response_header(r, "Content-Disposition", disposition);
        add_common_headers(r, 0);
        /* what the render decided, for the page (a header holds ASCII: percent-encoded) */
        snprintf(num, sizeof num, "%.2f", jb_result_number(res, JB_R_BODY_PT));
        MHD_add_response_header(r, "X-Jianbao-Body-Pt", num);
        snprintf(num, sizeof num, "%d", (int)jb_result_number(res, JB_R_BODY_LINES));
        MHD_add_response_header(r, "X-Jianbao-Body-Lines", num);
        add_notes(r, res);
        if (warning[0]) {
            char *enc = malloc(strlen(warning) * 3 + 1);
            size_t e = 0;
            for (const unsigned char *p = (const unsigned char *)warning; enc && *p; p++) {
                if (isalnum(*p) || strchr("-_.~ :", *p))
                    enc[e++] = (char)*p;
                else
                    e += (size_t)sprintf(enc + e, "%%%02X", *p);
            }
            if (enc) {
                enc[e] = '\0';
                MHD_add_response_header(r, "X-Jianbao-Warning", enc);
            }
            free(enc);
        }
        ret = MHD_queue_response(c, 200, r);
        MHD_destroy_response(r);
    }
done:
    jb_result_free(res);
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
        free(meta_own[i]);
    return ret;
}

/* A query argument (with its sizes: a %00 in it would end the C string early). */
static enum MHD_Result
arg_collect(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value,
            size_t value_size)
{
    call *k = ((void **)cls)[0];
    request *q = ((void **)cls)[1];
    int i;
    (void)kind;
    if (strlen(key) != key_size || (value && strlen(value) != value_size)) {
        q->query_nul = 1;
        return MHD_YES;
    }
    if (strcmp(key, "token") == 0) /* checked with the headers */
        return MHD_YES;
    if ((i = field_index(key)) < 0) {
        if (!q->bad_field)
            snprintf(q->bad_name, sizeof q->bad_name, "%s", key);
        q->bad_field = 1;
        return MHD_YES;
    }
    k->v[i] = value ? value : "";
    return MHD_YES;
}

/* The whole request has arrived: gather the report and the options, then render. */
static enum MHD_Result
finish(jb_server *s, struct MHD_Connection *c, request *q)
{
    call k;
    void *pair[2] = {&k, q};
    enum MHD_Result ret;
    char bad[160];

    memset(&k, 0, sizeof k);
    k.name = "request";
    if (q->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the request is larger than the server's limit (%zu bytes)",
                 s->max_body);
        return answer_refusal(c, 413, JB_ERR_INPUT, "too_large", "send a shorter report", msg);
    }
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, arg_collect, pair);
    if (q->query_nul)
        return answer_refusal(c, 400, JB_ERR_ENCODING, "query_nul",
                              "remove the NUL characters (%00) from the query",
                              "a query argument holds a NUL character (%00)");
    if (q->kind == BODY_TEXT) {
        k.text = q->body.p;
        k.text_len = q->body.len;
    } else if (q->kind == BODY_JSON) {
        cJSON *j;
        if (q->body.p && json_has_nul(q->body.p, q->body.len))
            return answer_refusal(c, 400, JB_ERR_ENCODING, "json_nul",
                                  "remove the NUL characters (\\u0000) from the text",
                                  "the JSON body holds a NUL character (\\u0000)");
        j = cJSON_ParseWithLength(q->body.p ? q->body.p : "", q->body.len);
        if (!cJSON_IsObject(j)) {
            cJSON_Delete(j);
            return answer_refusal(c, 400, JB_ERR_USAGE, "bad_json",
                                  "send {\"text\": \"…\", \"layout\": \"red-header\", …}",
                                  "the JSON body is not an object");
        }
        if (json_fields(j, &k, 1, bad, sizeof bad) != 0) {
            cJSON_Delete(j);
            call_fini(&k);
            return answer_refusal(c, 400, JB_ERR_USAGE, "unknown_option",
                                  "see README.md, jianbao serve", bad);
        }
        ret = run_call(s, c, q, &k);
        cJSON_Delete(j);
        call_fini(&k);
        return ret;
    } else {
        cJSON *j = NULL;
        if (q->bad_part)
            return answer_refusal(c, 400, JB_ERR_USAGE, q->bad_part,
                                  "give every part of the form a name (Content-Disposition: "
                                  "form-data; name=\"text\")",
                                  "a part of the form has no name");
        for (size_t i = 0; i < N_FIELDS; i++)
            if (q->fields[i].p) {
                if (memchr(q->fields[i].p, '\0', q->fields[i].len))
                    return answer_refusal(c, 400, JB_ERR_ENCODING, "form_field_nul",
                                          "remove the NUL characters from the field",
                                          "a form field holds a NUL character");
                k.v[i] = q->fields[i].p;
            }
        if (q->options.len && json_has_nul(q->options.p, q->options.len))
            return answer_refusal(c, 400, JB_ERR_ENCODING, "json_nul",
                                  "remove the NUL characters (\\u0000) from the options",
                                  "the options field holds a NUL character (\\u0000)");
        if (q->options.len &&
            (!cJSON_IsObject(j = cJSON_ParseWithLength(q->options.p, q->options.len)) ||
             json_fields(j, &k, 0, bad, sizeof bad) != 0)) {
            if (!cJSON_IsObject(j))
                snprintf(bad, sizeof bad, "the options field is not a JSON object");
            cJSON_Delete(j);
            call_fini(&k);
            return answer_refusal(c, 400, JB_ERR_USAGE, "bad_option",
                                  "see README.md, jianbao serve", bad);
        }
        cJSON_Delete(j);
        if (q->file.len) {
            k.text = q->file.p;
            k.text_len = q->file.len;
            if (q->filename[0])
                k.name = q->filename;
        } else {
            k.text = q->text.p;
            k.text_len = q->text.len;
        }
    }
    if (q->bad_field) {
        snprintf(bad, sizeof bad, "unknown option '%s'", q->bad_name);
        call_fini(&k);
        return answer_refusal(c, 400, JB_ERR_USAGE, "unknown_option",
                              "see README.md, jianbao serve", bad);
    }
    ret = run_call(s, c, q, &k);
    call_fini(&k);
    return ret;
}

/* The kind of body Content-Type announces, or -1 (415). */
static int
body_kind(const char *type)
{
    size_t n;
    if (type == NULL)
        return BODY_TEXT;
    n = strcspn(type, ";");
    while (n > 0 && type[n - 1] == ' ')
        n--;
#define IS(t) (n == strlen(t) && strncasecmp(type, t, n) == 0)
    /* curl --data-binary sends application/x-www-form-urlencoded: the body is the report */
    if (IS("text/plain") || IS("text/markdown") || IS("text/x-markdown") ||
        IS("application/octet-stream") || IS("application/x-www-form-urlencoded") ||
        IS("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        return BODY_TEXT;
    if (IS("application/json"))
        return BODY_JSON;
    if (IS("multipart/form-data"))
        return BODY_FORM;
#undef IS
    return -1;
}

static const asset *
find_asset(const jb_server *s, const char *url)
{
    for (size_t i = 0; i < s->n_assets; i++)
        if (strcmp(s->assets[i].url, url) == 0 && s->assets[i].data)
            return &s->assets[i];
    return NULL;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    jb_server *s = cls;
    request *q = *con_cls;
    const char *why;

    (void)version;
    if (q == NULL) { /* the headers have arrived */
        int route = -1, kind, tok = 1;
        jb_conns_set(s->conns, conn_of(c), JB_CONN_WORKING); /* answered now, unless a body
                                                                  follows (below) */
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if ((why = check_origin(s, c, method)) != NULL)
            return answer_refusal(c, 403, JB_ERR_USAGE, "bad_origin",
                                  "open the page at the address jianbao "
                                  "printed",
                                  why);
        if (strcmp(url, "/healthz") != 0 && (tok = token_ok(s, c)) == 0)
            return answer_refusal(c, 401, JB_ERR_USAGE, "token",
                                  "open the address with ?token=… that the server's keeper gave, "
                                  "or send Authorization: Bearer …",
                                  "this server asks for a token");
        if (strcmp(url, "/api/render") == 0)
            route = ROUTE_RENDER;
        else if (strcmp(url, "/api/inspect") == 0)
            route = ROUTE_INSPECT;
        else if (strcmp(url, "/api/import") == 0)
            route = ROUTE_IMPORT;
        if (route < 0) {
            const asset *a;
            if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
                return answer_refusal(c,
                                      strcmp(url, "/healthz") == 0 ||
                                              strcmp(url, "/api/layouts") == 0 || find_asset(s, url)
                                          ? 405
                                          : 404,
                                      JB_ERR_USAGE, "not_allowed", "GET this", "not allowed");
            if (strcmp(url, "/healthz") == 0) {
                static char ok[] = "{\"ok\":true}";
                return answer(c, 200, "application/json", ok, strlen(ok), MHD_RESPMEM_PERSISTENT,
                              0);
            }
            if (strcmp(url, "/api/layouts") == 0)
                return answer_json(c, 200, layouts_json(s));
            if ((a = find_asset(s, url)) != NULL && tok == 2 && strcmp(url, "/") == 0)
                return answer_page_with_cookie(s, c, a);
            if (a != NULL)
                return answer(c, 200, a->type, a->data, a->len, MHD_RESPMEM_PERSISTENT, 1);
            return answer_refusal(c, 404, JB_ERR_USAGE, "no_such_page", "the page is at /",
                                  "no such page");
        }
        if (strcmp(method, "POST") != 0)
            return answer_refusal(c, 405, JB_ERR_USAGE, "not_allowed", "POST the report",
                                  "not allowed");
        kind = body_kind(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"));
        if (kind < 0)
            return answer_refusal(c, 415, JB_ERR_ENCODING, "content_type",
                                  "send text/plain, text/markdown, application/json or a form",
                                  "the Content-Type is not one jianbao reads");
        if (len && strtoull(len, NULL, 10) > s->max_body) {
            char msg[128];
            snprintf(msg, sizeof msg, "the request is larger than the server's limit (%zu bytes)",
                     s->max_body);
            return answer_refusal(c, 413, JB_ERR_INPUT, "too_large", "send a shorter report", msg);
        }
        if ((q = calloc(1, sizeof *q)) == NULL)
            return MHD_NO;
        q->route = route;
        q->kind = kind;
        q->t0 = jb_clock_s();
        if (kind == BODY_FORM &&
            (q->pp = MHD_create_post_processor(c, 16384, on_form, q)) == NULL) {
            free(q);
            return answer_refusal(c, 400, JB_ERR_USAGE, "bad_form",
                                  "send a multipart/form-data body", "the form cannot be read");
        }
        *con_cls = q;
        jb_conns_set(s->conns, conn_of(c), JB_CONN_RECEIVING); /* the body: under the deadline */
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (jb_clock_s() - q->t0 > s->timeout_s)
            return MHD_NO; /* too slow: the connection is closed */
        q->received += n;
        if (q->too_large || q->received > s->max_body) {
            q->too_large = 1; /* the rest is read and dropped, then 413 */
            return MHD_YES;
        }
        if (q->pp)
            return MHD_post_process(q->pp, upload_data, n);
        return buf_add(&q->body, upload_data, n) == 0 ? MHD_YES : MHD_NO;
    }
    jb_conns_set(s->conns, conn_of(c), JB_CONN_WORKING);
    return finish(s, c, q);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    request_free(*con_cls);
    *con_cls = NULL;
    jb_conns_set(((jb_server *)cls)->conns, conn_of(c), JB_CONN_ANSWERED); /* a next request on
                                                                            it: its own deadline */
}

/* ---- start and stop ---- */

/* The first comment line of a layout after its "name —": what it is for. */
static void
layout_summary(const char *path, char *out, size_t size)
{
    FILE *f = jb_source_fopen_regular(path, "r");
    char line[512];
    out[0] = '\0';
    if (f == NULL)
        return;
    if (fgets(line, sizeof line, f) && line[0] == ';') {
        char *p = strstr(line, "—");
        p = p ? p + strlen("—") : line + 1;
        while (*p == ' ')
            p++;
        line[strcspn(line, "\n")] = '\0';
        snprintf(out, size, "%.*s", (int)size - 1, p);
    }
    fclose(f);
}

/* inih's handler: [about] name and summary, what the page shows for the layout. */
static int
about_key(void *ud, const char *section, const char *key, const char *value)
{
    layout_entry *l = ud;
    if (strcmp(section, "about") == 0 && strcmp(key, "name") == 0)
        snprintf(l->title, sizeof l->title, "%s", value);
    else if (strcmp(section, "about") == 0 && strcmp(key, "summary") == 0)
        snprintf(l->summary, sizeof l->summary, "%s", value);
    return 1;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const layout_entry *)a)->name, ((const layout_entry *)b)->name);
}

static jb_status
open_layouts(jb_server *s, const jb_serve_opts *o, jb_diag *d)
{
    char dir[4096], path[4400];
    DIR *dh;
    struct dirent *de;

    snprintf(dir, sizeof dir, "%s/layouts", o->data_dir);
    if ((dh = opendir(dir)) == NULL)
        return jb_diag_set(d, JB_ERR_LAYOUT, dir, 0, 0,
                           "give --data-dir the folder holding layouts/",
                           "cannot read the layouts folder");
    while ((de = readdir(dh)) != NULL && s->n_layouts < MAX_LAYOUTS) {
        size_t n = strlen(de->d_name);
        layout_entry *l = &s->layouts[s->n_layouts];
        jb_engine_opts ro = JB_ENGINE_OPTS_INIT;
        if (n < 5 || n - 4 >= sizeof l->name || strcmp(de->d_name + n - 4, ".ini") != 0 ||
            de->d_name[0] == '.')
            continue;
        snprintf(l->name, sizeof l->name, "%.*s", (int)(n - 4), de->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        layout_summary(path, l->summary, sizeof l->summary);
        memcpy(l->title, l->name, sizeof l->title); /* both 64 bytes */
        ini_parse(path, about_key, l);              /* errors: the engine below names them */
        ro.layout = path;
        ro.data_dir = o->data_dir;
        ro.font_dirs = o->font_dirs;
        ro.n_font_dirs = o->n_font_dirs;
        if (jb_engine_open(&ro, &l->engine, d) != JB_OK) {
            closedir(dh);
            return d->status;
        }
        s->n_layouts++;
    }
    closedir(dh);
    if (s->n_layouts == 0)
        return jb_diag_set(d, JB_ERR_LAYOUT, dir, 0, 0,
                           "give --data-dir the folder holding layouts/",
                           "no layouts (*.ini) in the layouts folder");
    qsort(s->layouts, s->n_layouts, sizeof s->layouts[0], by_name);
    return JB_OK;
}

static jb_status
load_assets(jb_server *s, const jb_serve_opts *o, jb_diag *d)
{
    const char *pdfjs = o->pdfjs_dir ? o->pdfjs_dir : JB_SERVE_PDFJS_DIR;
    char web[4096], path[4400];
    const asset table[] = {
        {"/", web, "index.html", "text/html; charset=utf-8", NULL, 0},
        {"/app.js", web, "app.js", "text/javascript; charset=utf-8", NULL, 0},
        {"/app.css", web, "app.css", "text/css; charset=utf-8", NULL, 0},
        {"/favicon.svg", web, "favicon.svg", "image/svg+xml", NULL, 0},
        {"/pdfjs/pdf.js", pdfjs, "pdf.js", "text/javascript; charset=utf-8", NULL, 0},
        {"/pdfjs/pdf.worker.js", pdfjs, "pdf.worker.js", "text/javascript; charset=utf-8", NULL, 0},
    };

    snprintf(web, sizeof web, "%s/web", o->data_dir);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        asset *a = &s->assets[s->n_assets++];
        *a = table[i];
        snprintf(path, sizeof path, "%s/%s", a->dir, a->file);
        a->dir = NULL; /* web[] is gone after the call */
        if (read_whole(path, (size_t)64 << 20, &a->data, &a->len) != 0 && i < 3)
            return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                               "install jianbao (cmake --install) or give --data-dir",
                               "cannot read the page's file");
    }
    s->has_pdfjs = s->assets[4].data && s->assets[5].data;
    return JB_OK;
}

/* Whether `unshare -rn true` runs: LibreOffice can then be kept off the network. */
static int
can_unshare(void)
{
    char *argv[] = {"unshare", "-rn", "true", NULL};
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = -1, ok;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    ok = posix_spawnp(&pid, "unshare", &fa, NULL, argv, environ) == 0 &&
         waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    posix_spawn_file_actions_destroy(&fa);
    return ok;
}

static void
free_server(jb_server *s)
{
    jb_conns_stop(s->conns);
    for (size_t i = 0; i < s->n_layouts; i++)
        jb_engine_free(s->layouts[i].engine);
    for (size_t i = 0; i < s->n_assets; i++)
        free(s->assets[i].data);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}

jb_status
jb_serve_start(const jb_serve_opts *o, jb_server **out, jb_diag *d)
{
    jb_server *s = calloc(1, sizeof *s);
    struct addrinfo hints, *ai = NULL;
    char port[16];
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | MHD_USE_ITC; /* ITC: MHD_quiesce_daemon, for a graceful stop */
    jb_status st;
    const union MHD_DaemonInfo *info;

    *out = NULL;
    pthread_once(&mhd_once, mhd_load);
    if (!mhd.ok) {
        free(s);
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0,
                           "install libmicrohttpd (apt-get install libmicrohttpd12)",
                           "cannot serve: libmicrohttpd is missing");
    }
    if (s == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->render_timeout_s = o->render_timeout_s > 0 ? o->render_timeout_s : 30;
    s->per_client = o->per_client > 0 ? o->per_client : 64;
    s->convert = o->convert;
    if (s->convert && !can_unshare()) {
        free_server(s);
        return jb_diag_set(
            d, JB_ERR_USAGE, NULL, 0, 0,
            "install util-linux and allow unprivileged user namespaces "
            "(sysctl kernel.unprivileged_userns_clone=1), or serve without --convert",
            "--convert runs LibreOffice without network (unshare -rn), and unshare "
            "-rn does not work here");
    }
    s->workers = o->workers > 0 ? o->workers : 1;
    s->queue_ms = o->queue_ms;
    s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 10;
    if (o->token && strlen(o->token) >= sizeof s->token) {
        free_server(s);
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0, "use a token of at most 127 characters",
                           "the token is too long");
    }
    snprintf(s->token, sizeof s->token, "%s", o->token ? o->token : "");
    s->max_input = o->max_input ? o->max_input : (size_t)1 << 20;
    /* a form's boundaries and fields around the report */
    s->max_body = s->max_input + 64 * 1024;
    if ((st = load_assets(s, o, d)) != JB_OK || (st = open_layouts(s, o, d)) != JB_OK) {
        free_server(s);
        return st;
    }

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(port, sizeof port, "%u", o->port);
    if (getaddrinfo(o->host ? o->host : "127.0.0.1", port, &hints, &ai) != 0 || ai == NULL) {
        free_server(s);
        return jb_diag_set(d, JB_ERR_USAGE, o->host, 0, 0, "give --host an address, e.g. 127.0.0.1",
                           "cannot resolve the address to listen on");
    }
    if (ai->ai_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ai->ai_addr;
        flags |= MHD_USE_IPv6;
        s->loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
    } else {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)ai->ai_addr;
        s->loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
    }
    /* hostile clients: PER_IP_CONNECTION_LIMIT caps one address's connections, CONNECTION_TIMEOUT
     * closes idle ones, NOTIFY_CONNECTION lets conns.h close a request not arrived within
     * timeout_s and make room at the cap (EVICT_AT) */
    if (jb_conns_start(s->timeout_s, EVICT_AT, &s->conns) != 0) {
        freeaddrinfo(ai);
        free_server(s);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "cannot start a thread");
    }
    s->mhd = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)s->per_client, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s->timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
        s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)128 * 1024, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (s->mhd == NULL) {
        free_server(s);
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "choose another --port, or stop what listens there",
                           "cannot listen on %s port %u", o->host ? o->host : "127.0.0.1", o->port);
    }
    info = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    /* a connection's thread may already read it (bound_port): under the lock */
    pthread_mutex_lock(&s->mu);
    s->port = info ? info->port : o->port;
    pthread_mutex_unlock(&s->mu);
    *out = s;
    return JB_OK;
}

unsigned
jb_serve_port(const jb_server *s)
{
    return bound_port(s);
}

int
jb_serve_has_pdfjs(const jb_server *s)
{
    return s->has_pdfjs;
}

int
jb_serve_is_loopback(const jb_server *s)
{
    return s->loopback;
}

void
jb_serve_stop(jb_server *s)
{
    if (s == NULL)
        return;
    /* no new connection; what waits for a worker is answered 503 */
    {
        MHD_socket fd = MHD_quiesce_daemon(s->mhd);
        if (fd != MHD_INVALID_SOCKET)
            close(fd);
    }
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    /* the renders under way get the grace to finish and their answers to go out */
    jb_conns_wait_idle(s->conns, JB_SERVE_STOP_GRACE_S);
    /* then the rest stop at their next stage */
    pthread_mutex_lock(&s->mu);
    s->cancel_all = 1;
    pthread_mutex_unlock(&s->mu);
    MHD_stop_daemon(s->mhd);
    free_server(s);
}
