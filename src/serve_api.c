/* serve_api — the API of jianbao serve: the layouts, a render, an inspect or an import from a
 * request's text, JSON or form, run in a bounded worker slot under its deadline, answered with
 * the brief, the JSON or the report (serve_int.h). */
#include "serve_int.h"

/* ---- the API ---- */

cJSON *
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
 * "missing_glyph", "note_left"), for the page to say in its own words; X-Jianbao-Condensed: how
 * many sentences condensing left out ("40+" when there are more than jb_render_info lists). */
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
    if (jb_result_number(res, JB_R_NOTES_LEFT) > 0) /* a 编者按 the page does not set */
        strcat(strcat(notes, notes[0] ? "," : ""), "note_left");
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
    {
        const char *pg = k->v[field_index("pages")];
        if (pg && pg[0] && (pg[0] < '1' || pg[0] > '0' + JB_PAGES_MAX || pg[1] != '\0'))
            return answer_refusal(c, 400, JB_ERR_USAGE, "bad_pages", "pages is 1 to 8",
                                  "pages must be a number from 1 to 8");
        o.pages = pg && pg[0] ? pg[0] - '0' : 0;
    }
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
enum MHD_Result
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
        k.text = q->body.data;
        k.text_len = q->body.len;
    } else if (q->kind == BODY_JSON) {
        cJSON *j;
        if (q->body.data && json_has_nul(q->body.data, q->body.len))
            return answer_refusal(c, 400, JB_ERR_ENCODING, "json_nul",
                                  "remove the NUL characters (\\u0000) from the text",
                                  "the JSON body holds a NUL character (\\u0000)");
        j = cJSON_ParseWithLength(q->body.data ? q->body.data : "", q->body.len);
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
            if (q->fields[i].data) {
                if (memchr(q->fields[i].data, '\0', q->fields[i].len))
                    return answer_refusal(c, 400, JB_ERR_ENCODING, "form_field_nul",
                                          "remove the NUL characters from the field",
                                          "a form field holds a NUL character");
                k.v[i] = q->fields[i].data;
            }
        if (q->options.len && json_has_nul(q->options.data, q->options.len))
            return answer_refusal(c, 400, JB_ERR_ENCODING, "json_nul",
                                  "remove the NUL characters (\\u0000) from the options",
                                  "the options field holds a NUL character (\\u0000)");
        if (q->options.len &&
            (!cJSON_IsObject(j = cJSON_ParseWithLength(q->options.data, q->options.len)) ||
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
            k.text = q->file.data;
            k.text_len = q->file.len;
            if (q->filename[0])
                k.name = q->filename;
        } else {
            k.text = q->text.data;
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
