/* serve — the HTTP server of jianbao serve (the module libjianbao-serve.so, plugin.h: no other
 * command loads libmicrohttpd and the GnuTLS it links), on libmicrohttpd (one thread per
 * connection, renders bounded by a counted set of worker slots). */
#include "serve_int.h"

/* Every response says so: no script, style, frame or connection but the server's own; pdf.js
 * runs its parser in a worker from the same origin, and draws into a canvas (blob:/data: images
 * for its image cache); the one frame is the page's own PDF (a blob:), printed from there. */
#define CSP                                                                                        \
    "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; "                 \
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "  \
    "frame-src blob:; "                                                                            \
    "base-uri 'none'; frame-ancestors 'none'"

/* ---- small helpers ---- */

static int
read_whole(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = jb_source_fopen_regular(path, "rb");
    struct stat st;
    char *data;

    *out = NULL;
    if (f == NULL)
        return -1;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        jb_source_read_all(f, (size_t)st.st_size + 1, max, &data, len) != 0) {
        fclose(f);
        return -1;
    }
    fclose(f);
    *out = data;
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

void
add_common_headers(struct MHD_Response *r, int cache)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", cache ? "max-age=3600" : "no-store");
}

enum MHD_Result
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
enum MHD_Result
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

enum MHD_Result
answer_diag(struct MHD_Connection *c, unsigned code, const jb_diag *d)
{
    return answer_diag_reason(c, code, d, NULL);
}

/* An error of the server's own (not a render's): st only names its kind in the JSON, reason (a
 * stable code, README.md) what was wrong; NULL: the status's name. */
enum MHD_Result
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
int
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

/* The fields an API request may set; anything else is refused (400). */
static const char *const field_names[] = {
    "layout",   "from",      "allow_missing", "condense", "title", "byline", "source",
    "date",     "category",  "masthead",      "issue",    "unit",  "copies", "encoding",
    "dist_bao", "dist_song", "dist_fa",       "secrecy",  "to"};
_Static_assert(sizeof field_names / sizeof field_names[0] == N_FIELDS, "N_FIELDS (serve_int.h)");

static void
request_free(request *q)
{
    if (q == NULL)
        return;
    if (q->pp)
        MHD_destroy_post_processor(q->pp);
    jb_buf_fini(&q->body);
    jb_buf_fini(&q->text);
    jb_buf_fini(&q->file);
    jb_buf_fini(&q->options);
    for (size_t i = 0; i < N_FIELDS; i++)
        jb_buf_fini(&q->fields[i]);
    free(q);
}

int
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
    jb_buf *b;
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
    if (size > 0 && jb_buf_put(b, data, size) != 0)
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
        return jb_buf_put(&q->body, upload_data, n) == 0 ? MHD_YES : MHD_NO;
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

static const jb_serve_api api = {jb_serve_start, jb_serve_port, jb_serve_has_pdfjs,
                                 jb_serve_is_loopback, jb_serve_stop};

JB_PLUGIN_EXPORT const void *
jb_plugin_serve(int abi)
{
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
