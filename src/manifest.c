/* manifest — a batch's manifest in plain lines, JSON Lines or CSV. */
#include "manifest.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "doc.h"
#include "source.h"
#include "spec.h"
#include "utf8.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A manifest above this is refused: a million briefs of 200 bytes a line fit. */
#define JB_MANIFEST_MAX_BYTES (256u << 20)

/* What reading one manifest needs. */
typedef struct {
    const char *path; /* the manifest, for messages */
    char *dir;        /* its folder, for relative inputs and layouts */
    jb_manifest *m;
    size_t cap;      /* entries m->v has room for */
    jb_doc *scratch; /* front-matter fields are checked by setting them here, as --meta does */
    jb_diag *d;
    /* CSV */
    char **header;
    size_t n_header;
    char **cells;
    size_t n_cells, cap_cells;
    int row_line;  /* the line the row being read started on */
    int line;      /* the line being fed */
    jb_status st;  /* the first error of a callback */
    int have_rows; /* the header has been read */
} reader;

static jb_status
nomem(reader *r)
{
    return jb_diag_set(r->d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading the manifest");
}

static void
entry_fini(jb_manifest_entry *e)
{
    free(e->input);
    free(e->name);
    free(e->layout);
    for (size_t i = 0; i < e->n_more; i++)
        free(e->more[i]);
    free(e->more);
    for (size_t i = 0; i < e->n_meta; i++)
        free(e->meta[i]);
    free(e->meta);
    memset(e, 0, sizeof *e);
}

void
jb_manifest_fini(jb_manifest *m)
{
    for (size_t i = 0; i < m->n; i++)
        entry_fini(&m->v[i]);
    free(m->v);
    memset(m, 0, sizeof *m);
}

/* Whether s[0..len) is well-formed UTF-8. */
static int
is_utf8(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0, k; i < len; i += k)
        if ((k = jb_utf8_decode(s + i, len - i, &cp)) == 0)
            return 0;
    return 1;
}

/* A new string: p made relative to the manifest's folder unless absolute. NULL with d filled. */
static char *
resolve(reader *r, const char *p, int line, const char *what)
{
    char full[PATH_MAX];
    int n = p[0] == '/' ? snprintf(full, sizeof full, "%s", p)
                        : snprintf(full, sizeof full, "%s/%s", r->dir, p);
    char *s;
    if (n < 0 || (size_t)n >= sizeof full) {
        jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0, "use shorter folder and file names",
                    "the %s path is longer than %d bytes", what, PATH_MAX - 1);
        return NULL;
    }
    if ((s = strdup(full)) == NULL)
        nomem(r);
    return s;
}

static jb_status
bad(reader *r, int line, const char *hint, const char *key, const char *why, const char *value)
{
    return jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0, hint, "%s '%.200s' %s", key, value,
                       why);
}

static int
is_own_key(const char *key)
{
    return strcmp(key, "input") == 0 || strcmp(key, "output") == 0 || strcmp(key, "layout") == 0 ||
           strcmp(key, "condense") == 0 || strcmp(key, "pages") == 0;
}

static jb_status
unknown_key(reader *r, const char *key, int line)
{
    return jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0,
                       "a manifest gives input, output, layout, condense, pages and the "
                       "front-matter fields of docs/FORMAT.md (title, masthead, issue, unit, "
                       "date, byline, …)",
                       "unknown field '%.60s'", key);
}

/* Whether key is a manifest key: its own or a front-matter field, which the document model
 * knows (a sample value is set on the scratch document, as --meta would). */
static jb_status
check_key(reader *r, const char *key, int line)
{
    int rc;
    if (is_own_key(key))
        return JB_OK;
    rc = jb_doc_set_field(r->scratch, key, strcmp(key, "date") == 0 ? "2000-01-01" : "x");
    return rc == -1 ? unknown_key(r, key, line) : rc != 0 ? nomem(r) : JB_OK;
}

/* Adds the input path (resolved) to e: its input, or the next of its issue. */
static jb_status
add_input(reader *r, jb_manifest_entry *e, const char *path, int line)
{
    char *p = resolve(r, path, line, "input");
    if (p == NULL)
        return r->d->status;
    if (e->input == NULL) {
        e->input = p;
        return JB_OK;
    }
    if (jb_grow(&e->more, &e->cap_more, e->n_more + 1, sizeof *e->more) != 0) {
        free(p);
        return nomem(r);
    }
    e->more[e->n_more++] = p;
    return JB_OK;
}

/* e's inputs from value: a path, or paths apart by " + " (an issue of several inputs). */
static jb_status
set_inputs(reader *r, jb_manifest_entry *e, const char *value, int line)
{
    jb_status s = JB_OK;
    free(e->input);
    e->input = NULL;
    for (const char *p = value; s == JB_OK && *p;) {
        const char *q = strstr(p, " + ");
        char *one = strndup(p, q ? (size_t)(q - p) : strlen(p));
        if (one == NULL)
            return nomem(r);
        s = add_input(r, e, one, line);
        free(one);
        p = q ? q + 3 : p + strlen(p);
    }
    return s;
}

/* Sets the field key of e to value (text; NULL or "" leaves it unset). */
static jb_status
set_field(reader *r, jb_manifest_entry *e, const char *key, const char *value, int line)
{
    char **slot = NULL, *kv;
    size_t klen = strlen(key), vlen;
    int rc;

    if (value == NULL || value[0] == '\0')
        return check_key(r, key, line); /* an unknown key is refused even empty */
    vlen = strlen(value);
    if (!is_utf8(value, vlen))
        return jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0,
                           "save the manifest as UTF-8 (iconv -f GB18030 -t UTF-8)",
                           "the value of '%.60s' is not UTF-8", key);
    for (const char *c = value; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0,
                               "write each field on one line, without tabs or control characters",
                               "the value of '%.60s' holds a line break or control character", key);
    if (strcmp(key, "input") == 0) /* a.md + b.md: an issue */
        return set_inputs(r, e, value, line);
    if (strcmp(key, "layout") == 0) {
        free(e->layout);
        return (e->layout = resolve(r, value, line, "layout")) ? JB_OK : r->d->status;
    }
    if (strcmp(key, "output") == 0) {
        if (strchr(value, '/') || strcmp(value, ".") == 0 || strcmp(value, "..") == 0)
            return bad(r, line, "a manifest names the PDF only; -d says where it goes", "output",
                       "is not a plain file name", value);
        slot = &e->name;
    } else if (strcmp(key, "condense") == 0) {
        if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 || strcmp(value, "1") == 0)
            e->condense = 1;
        else if (strcmp(value, "false") == 0 || strcmp(value, "no") == 0 || strcmp(value, "0") == 0)
            e->condense = 0;
        else
            return bad(r, line, "write true or false", "condense", "is not true or false", value);
        return JB_OK;
    } else if (strcmp(key, "pages") == 0) {
        if (value[0] < '1' || value[0] > '0' + JB_PAGES_MAX || value[1] != '\0')
            return bad(r, line, "write the most pages it may take, 1 to 8", "pages",
                       "is not a number from 1 to 8", value);
        e->pages = value[0] - '0';
        return JB_OK;
    }
    if (slot) {
        free(*slot);
        return (*slot = strdup(value)) ? JB_OK : nomem(r);
    }
    /* a front-matter field: the document model says which keys there are */
    rc = jb_doc_set_field(r->scratch, key, value);
    if (rc == -1)
        return unknown_key(r, key, line);
    if (rc == -2)
        return bad(r, line, "write the date as YYYY-MM-DD or 2023年7月19日", "date",
                   "is no such date", value);
    if (rc != 0 || (kv = malloc(klen + vlen + 2)) == NULL)
        return nomem(r);
    memcpy(kv, key, klen);
    kv[klen] = '=';
    memcpy(kv + klen + 1, value, vlen + 1);
    if (jb_grow(&e->meta, &e->cap_meta, e->n_meta + 1, sizeof *e->meta) != 0) {
        free(kv);
        return nomem(r);
    }
    e->meta[e->n_meta++] = kv;
    return JB_OK;
}

/* Appends e (taken over) to the manifest once it names an input. */
static jb_status
add_entry(reader *r, jb_manifest_entry *e)
{
    if (e->input == NULL) {
        entry_fini(e);
        return jb_diag_set(r->d, JB_ERR_USAGE, r->path, e->line ? e->line : r->line, 0,
                           "every brief of a manifest names its input file",
                           "this brief has no input");
    }
    /* doubling: a manifest of a million lines is read in linear time */
    if (jb_grow(&r->m->v, &r->cap, r->m->n + 1, sizeof *r->m->v) != 0) {
        entry_fini(e);
        return nomem(r);
    }
    r->m->v[r->m->n++] = *e;
    return JB_OK;
}

/* ---- plain lines: INPUT [NAME] ---- */

/* Column (1-based, in characters) of p within line. */
static int
column(const char *line, const char *p)
{
    int col = 1;
    for (; line < p; line++)
        col += ((unsigned char)*line & 0xC0) != 0x80;
    return col;
}

static jb_status
plain_line(reader *r, char *line, int lineno)
{
    jb_manifest_entry e = {.condense = -1, .line = lineno};
    char *p = line, *end, *name;
    size_t len = strlen(line);
    jb_status s;

    while (len > 0 && strchr(" \t\r\n", line[len - 1]))
        line[--len] = '\0';
    p += strspn(p, " \t");
    if (*p == '\0' || *p == '#')
        return JB_OK;
    end = p + strcspn(p, " \t");
    name = end + strspn(end, " \t");
    *end = '\0';
    if ((e.input = resolve(r, p, lineno, "input")) == NULL)
        return r->d->status;
    while (name[0] == '+' && strchr(" \t", name[1])) { /* a.md + b.md: one issue */
        char *in = name + 1 + strspn(name + 1, " \t"), *e2 = in + strcspn(in, " \t");
        int last = *e2 == '\0';
        *e2 = '\0';
        if (*in == '\0' || add_input(r, &e, in, lineno) != JB_OK) {
            entry_fini(&e);
            return *in ? r->d->status
                       : jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, 0,
                                     "write the inputs of an issue as a.md + b.md",
                                     "'+' with "
                                     "no input after it");
        }
        name = last ? e2 : e2 + 1 + strspn(e2 + 1, " \t");
    }
    if (*name && (strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)) {
        entry_fini(&e);
        return jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, column(line, name),
                           "a manifest names the PDF only; -d says where it goes",
                           "'%.200s' is not a plain file name", name);
    }
    if (*name && (e.name = strdup(name)) == NULL) {
        entry_fini(&e);
        return nomem(r);
    }
    if ((s = add_entry(r, &e)) != JB_OK)
        return s;
    return JB_OK;
}

/* ---- JSON Lines ---- */

static jb_status
json_line(reader *r, const char *line, int lineno)
{
    jb_manifest_entry e = {.condense = -1, .line = lineno};
    const char *p = line + strspn(line, " \t\r\n"), *err = NULL;
    cJSON *obj, *it;
    jb_status s = JB_OK;

    if (*p == '\0')
        return JB_OK;
    obj = cJSON_ParseWithOpts(p, &err, 0);
    if (obj == NULL || !cJSON_IsObject(obj)) {
        int col = obj ? 1 : column(line, err && err >= line ? err : p);
        cJSON_Delete(obj);
        return jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, col,
                           "write one JSON object a line: {\"input\": \"a.md\", \"title\": \"…\"}",
                           obj ? "this line is not a JSON object" : "this line is not valid JSON");
    }
    if (err && err[strspn(err, " \t\r\n")] != '\0') {
        int col = column(line, err);
        cJSON_Delete(obj);
        return jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, col, "write one JSON object a line",
                           "text after the JSON object");
    }
    for (it = obj->child; s == JB_OK && it; it = it->next) {
        char num[64];
        const char *v = NULL;
        if (cJSON_IsArray(it) && strcmp(it->string, "input") == 0) { /* an issue */
            cJSON *one;
            free(e.input);
            e.input = NULL;
            cJSON_ArrayForEach(one, it)
            {
                if (!cJSON_IsString(one) || one->valuestring[0] == '\0') {
                    s = jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, 0,
                                    "write an issue's inputs as [\"a.md\", \"b.md\"]",
                                    "an input of the issue is not a path");
                    break;
                }
                if ((s = add_input(r, &e, one->valuestring, lineno)) != JB_OK)
                    break;
            }
            continue;
        }
        if (cJSON_IsString(it))
            v = it->valuestring;
        else if (cJSON_IsNull(it))
            v = NULL;
        else if (cJSON_IsBool(it) && strcmp(it->string, "condense") == 0)
            v = cJSON_IsTrue(it) ? "true" : "false";
        else if (cJSON_IsNumber(it) && fabs(it->valuedouble) < 9e15 && /* the cast is defined */
                 it->valuedouble == (double)(long long)it->valuedouble) {
            snprintf(num, sizeof num, "%lld", (long long)it->valuedouble);
            v = num;
        } else {
            s = jb_diag_set(r->d, JB_ERR_USAGE, r->path, lineno, 0,
                            "give fields as text (\"issue\": \"第12期\"), condense as true/false",
                            "the value of '%.60s' is not text", it->string);
            break;
        }
        s = set_field(r, &e, it->string, v, lineno);
    }
    cJSON_Delete(obj);
    if (s != JB_OK) {
        entry_fini(&e);
        return s;
    }
    return add_entry(r, &e);
}

/* ---- CSV ---- */

static void
csv_cell(void *s, size_t len, void *ud)
{
    reader *r = ud;
    char *cell;

    if (r->st != JB_OK)
        return;
    if (jb_grow(&r->cells, &r->cap_cells, r->n_cells + 1, sizeof *r->cells) != 0) {
        r->st = nomem(r);
        return;
    }
    if ((cell = malloc(len + 1)) == NULL) {
        r->st = nomem(r);
        return;
    }
    if (len)
        memcpy(cell, s, len);
    cell[len] = '\0';
    r->cells[r->n_cells++] = cell;
}

static void
free_cells(reader *r)
{
    for (size_t i = 0; i < r->n_cells; i++)
        free(r->cells[i]);
    r->n_cells = 0;
}

static void
csv_row(int c, void *ud)
{
    reader *r = ud;
    int line = r->row_line;
    int empty = 1;

    (void)c;
    r->row_line = r->line + 1; /* the next row starts on a later line */
    if (r->st != JB_OK)
        goto done;
    for (size_t i = 0; i < r->n_cells; i++)
        empty &= r->cells[i][0] == '\0';
    if (empty)
        goto done;
    if (!r->have_rows) { /* the header: every column a known key, input among them */
        int has_input = 0;
        for (size_t i = 0; r->st == JB_OK && i < r->n_cells; i++) {
            const char *name = r->cells[i];
            has_input |= strcmp(name, "input") == 0;
            r->st = check_key(r, name, line);
            for (size_t k = 0; r->st == JB_OK && k < i; k++)
                if (strcmp(r->cells[k], name) == 0)
                    r->st =
                        jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0, "name each column once",
                                    "the column '%.60s' is twice", name);
        }
        if (r->st == JB_OK && !has_input)
            r->st = jb_diag_set(r->d, JB_ERR_USAGE, r->path, line, 0,
                                "the first row names the columns: input,output,title,…",
                                "the header row has no 'input' column");
        if (r->st == JB_OK) {
            r->header = r->cells, r->n_header = r->n_cells;
            r->cells = NULL, r->n_cells = r->cap_cells = 0;
            r->have_rows = 1;
        }
        goto done;
    }
    if (r->n_cells > r->n_header) {
        r->st = jb_diag_set(
            r->d, JB_ERR_USAGE, r->path, line, 0, "quote a cell holding a comma: \"a, b\"",
            "this row has %zu cells; the header names %zu columns", r->n_cells, r->n_header);
        goto done;
    }
    {
        jb_manifest_entry e = {.condense = -1, .line = line};
        for (size_t i = 0; r->st == JB_OK && i < r->n_cells; i++)
            r->st = set_field(r, &e, r->header[i], r->cells[i], line);
        if (r->st != JB_OK)
            entry_fini(&e);
        else
            r->st = add_entry(r, &e);
    }
done:
    free_cells(r);
}

/* ---- reading ---- */

static int
has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

jb_status
jb_manifest_read(const char *path, jb_manifest_format format, jb_manifest *m, jb_diag *d)
{
    const char *slash = strrchr(path, '/');
    reader r = {.path = path, .m = m, .d = d, .st = JB_OK};
    struct csv_parser csv;
    int csv_open = 0, e;
    char *bytes = NULL;
    size_t len = 0, pos = 0;
    struct stat st;
    jb_status s = JB_OK;
    jb_source *src = NULL;
    FILE *f = NULL;

    memset(m, 0, sizeof *m);
    r.dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    r.scratch = jb_doc_new();
    if (r.dir == NULL || r.scratch == NULL) {
        s = nomem(&r);
        goto done;
    }
    if ((f = jb_source_fopen_regular(path, "rb")) == NULL) { /* a FIFO is refused, not waited on */
        e = errno;
        if (e == EISDIR)
            s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                            "--manifest takes a file listing the inputs; a directory is an input",
                            "the manifest is a directory");
        else
            s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file given to --manifest",
                            "cannot open the manifest: %s", jb_source_open_error(e));
        goto done;
    }
    if (fstat(fileno(f), &st) != 0) /* a regular file (fopen_regular); its size is a hint */
        st.st_size = 0;
    switch (jb_source_read_all(f, (size_t)st.st_size, JB_MANIFEST_MAX_BYTES, &bytes, &len)) {
    case 0: break;
    case -3: s = nomem(&r); goto done;
    case -2:
        s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "split it into several manifests",
                        "the manifest is larger than %u MiB", JB_MANIFEST_MAX_BYTES >> 20);
        goto done;
    default:
        e = errno;
        s = jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file given to --manifest",
                        "cannot read the manifest: %s", strerror(e ? e : EIO));
        goto done;
    }
    /* the text as a report's: UTF-8, UTF-16 with a byte-order mark or GB18030 (a spreadsheet's
     * CSV), the mark dropped, CRLF made LF; bytes that are no text are refused at line:col */
    if ((s = jb_source_from_memory_max(path, bytes, len, NULL, JB_MANIFEST_MAX_BYTES, &src, d)) !=
        JB_OK) {
        if (s == JB_ERR_ENCODING)
            snprintf(d->hint, sizeof d->hint, "%s",
                     "save the manifest as UTF-8 (a spreadsheet's \"CSV UTF-8\") or GB18030, "
                     "without control characters");
        goto done;
    }
    if (format == JB_MANIFEST_DETECT)
        format = has_ext(path, ".jsonl") || has_ext(path, ".ndjson") || has_ext(path, ".json")
                     ? JB_MANIFEST_JSONL
                 : has_ext(path, ".csv") ? JB_MANIFEST_CSV
                                         : JB_MANIFEST_DETECT;
    if (format == JB_MANIFEST_CSV) {
        if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0) {
            s = nomem(&r);
            goto done;
        }
        csv_open = 1;
        r.row_line = 1;
    }
    while (s == JB_OK && pos < src->len) {
        char *p = src->text + pos;
        size_t n = strcspn(p, "\n");
        int nl = pos + n < src->len;
        p[n] = '\0'; /* the line on its own (src->text is ours) */
        pos += n + nl;
        r.line++;
        if (format == JB_MANIFEST_DETECT) { /* the first line that says */
            const char *q = p + strspn(p, " \t\r");
            if (*q == '\0')
                continue;
            format = *q == '{' ? JB_MANIFEST_JSONL : JB_MANIFEST_LINES;
        }
        if (format == JB_MANIFEST_JSONL)
            s = json_line(&r, p, r.line);
        else if (format == JB_MANIFEST_LINES)
            s = plain_line(&r, p, r.line);
        else {
            if (r.row_line == r.line && p[strspn(p, " \t\r")] == '\0')
                r.row_line++; /* a blank line between rows */
            if ((csv_parse(&csv, p, n, csv_cell, csv_row, &r) != n ||
                 (nl && csv_parse(&csv, "\n", 1, csv_cell, csv_row, &r) != 1)) &&
                r.st == JB_OK)
                r.st = jb_diag_set(d, JB_ERR_USAGE, path, r.line, 0,
                                   "quote a cell as \"…\" and double a quote inside it: \"\"",
                                   "broken CSV: %s", csv_strerror(csv_error(&csv)));
            s = r.st;
        }
    }
    if (s == JB_OK && csv_open) {
        r.line++;
        if (csv_fini(&csv, csv_cell, csv_row, &r) != 0 && r.st == JB_OK)
            r.st = jb_diag_set(d, JB_ERR_USAGE, path, r.row_line, 0,
                               "close the quote of the last cell", "broken CSV: %s",
                               csv_strerror(csv_error(&csv)));
        s = r.st;
    }
    m->format = format == JB_MANIFEST_DETECT ? JB_MANIFEST_LINES : format;
done:
    if (csv_open)
        csv_free(&csv);
    free_cells(&r);
    free(r.cells);
    for (size_t i = 0; i < r.n_header; i++)
        free(r.header[i]);
    free(r.header);
    if (f)
        fclose(f);
    free(bytes);
    jb_source_free(src);
    free(r.dir);
    jb_doc_free(r.scratch);
    if (s != JB_OK)
        jb_manifest_fini(m);
    return s;
}
