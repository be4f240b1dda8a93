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

/* The one table of HTTP answers for the engine's statuses. Input errors from memory are the
 * document's (corrupt, encrypted, not Word, a photo over the budget: 422); a request too large
 * is refused by the server itself (413) before any render. */
static const struct {
    jb_status st;
    unsigned http;
} http_table[] = {
    {JB_OK, 200},
    {JB_ERR_USAGE, 400},       /* a bad option: layout name, meta field, encoding */
    {JB_ERR_INPUT, 422},       /* a document that cannot be read: corrupt, encrypted, not Word */
    {JB_ERR_ENCODING, 415},    /* not text jianbao can read */
    {JB_ERR_FORMAT, 422},      /* read, but not a report: no title, no sections … */
    {JB_ERR_GLYPH, 422},       /* a character no font has */
    {JB_ERR_OVERFLOW, 422},    /* does not fit on one page */
    {JB_ERR_FONT, 500},        /* the server's side */
    {JB_ERR_LAYOUT, 500},      /* the server's side */
    {JB_ERR_OUTPUT, 500},      /* the server's side */
    {JB_ERR_NOMEM, 503},       /* try again */
    {JB_ERR_INTERNAL, 500},    /* a bug */
    {JB_ERR_CANCELLED, 504},   /* over the render deadline (503 when the server is stopping) */
    {JB_ERR_UNAVAILABLE, 501}, /* this server lacks the part (a module, its library) */
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
    if (d->suggestion[0]) { /* the title the engine suggests (RULES.md §7.7), for the page */
        cJSON *sg = cJSON_AddObjectToObject(e, "suggestion");
        if (sg)
            cJSON_AddStringToObject(sg, "title", d->suggestion);
    }
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
void
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
    "dist_bao", "dist_song", "dist_fa",       "secrecy",  "to",    "pages"};
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
unsigned
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

enum MHD_Result
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

void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    request_free(*con_cls);
    *con_cls = NULL;
    jb_conns_set(((jb_server *)cls)->conns, conn_of(c), JB_CONN_ANSWERED); /* a next request on
                                                                            it: its own deadline */
}

static const jb_serve_api api = {jb_serve_start, jb_serve_port, jb_serve_has_pdfjs,
                                 jb_serve_is_loopback, jb_serve_stop};

JB_PLUGIN_EXPORT const void *
jb_plugin_serve(int abi)
{
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
