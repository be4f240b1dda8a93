/* serve_start — jianbao serve starting and stopping: the layouts opened once, the page's files
 * read once, the daemon with its limits and the connection watcher; the orderly stop. */
#include "serve_int.h"

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
