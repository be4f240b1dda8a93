/* word — Word documents in the core: sniffing, the file read under its limit, .doc/.wps/.odt
 * through LibreOffice, and the composed text of the word module (docx.c, loaded by plugin.c)
 * parsed into the model; what was read, for --verbose and inspect. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "docx.h"
#include "issue.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "parse.h"
#include "plugin.h"
#include "source.h"

extern char **environ;

/* ---- sniffing ---- */

static int
has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

static int
word_named(const char *path)
{
    return has_ext(path, ".docx") || has_ext(path, ".doc") || has_ext(path, ".wps") ||
           has_ext(path, ".odt");
}

jb_word_kind
jb_word_sniff(const char *path, const unsigned char *head, size_t n)
{
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return JB_WORD_DOCX;
    if (n >= 8 && memcmp(head, ole, 8) == 0)
        return JB_WORD_OLE;
    return path && word_named(path) ? JB_WORD_NAMED : JB_WORD_NONE;
}

void
jb_docx_info_fini(jb_docx_info *info)
{
    for (size_t i = 0; i < info->n_images; i++) {
        free(info->images[i].name);
        free(info->images[i].alt);
        free(info->images[i].data);
    }
    free(info->images);
    memset(info, 0, sizeof *info);
}

jb_status
jb_docx_read(const char *name, const char *bytes, size_t len, size_t max_text, jb_source **src,
             jb_doc **doc, int *imported, jb_import_info *imp, jb_docx_info *info, jb_diag *d)
{
    static const char *const prop_keys[JB_DOCX_N_PROPS] = {JB_DOCX_PROP_KEYS};
    const jb_word_api *w;
    const char *why;
    jb_docx_text text;
    jb_status st;
    int have_title;

    *src = NULL;
    *doc = NULL;
    *imported = 0;
    if (len > JB_DOCX_MAX_FILE)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, JB_DOCX_HINT_LIMIT,
                           "refused: the Word document is %zu bytes, over the limit of %u MiB", len,
                           JB_DOCX_MAX_FILE >> 20);
    if ((w = jb_plugin_api(JB_PLUGIN_WORD, &why)) == NULL)
        return jb_diag_set(d, JB_ERR_UNAVAILABLE, name, 0, 0,
                           "install libzip and libxml2 (apt-get install libzip4 libxml2), or "
                           "reinstall jianbao",
                           "cannot read Word documents: %s", why);
    have_title = info->have_title; /* the caller's, kept whatever the module does with info */
    if ((st = w->extract(name, bytes, len, &text, info, d)) != JB_OK)
        return st;
    info->have_title = have_title;
    st = jb_source_from_memory_max(name, text.text, text.len, "UTF-8", max_text, src, d);
    if (st == JB_OK && text.structured) { /* one report, or one per item (docx_compose.c) */
        st = jb_issue_parse_reports(*src, have_title, doc, d);
        if (st == JB_OK &&
            (jb_import_masthead_blocks(*doc) < 0 || jb_import_item_sources(*doc) < 0))
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    } else if (st == JB_OK) {
        *imported = 1;
        st = jb_import_titled(*src, have_title, doc, imp, d);
        for (size_t k = 0; st == JB_OK && k < JB_DOCX_N_PROPS; k++) {
            const char *v = text.props[k];
            jb_text *t = jb_doc_field(*doc, prop_keys[k]);
            int rc = 0;
            if (v && *v && strcmp(prop_keys[k], "date") == 0 && !(*doc)->masthead.date.n)
                rc = jb_doc_set_field(*doc, "date", v); /* the module kept only a date */
            else if (v && *v && t && t->n == 0)
                rc = jb_doc_set_field(*doc, prop_keys[k], v);
            if (rc == -3)
                st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
    w->text_fini(&text);
    return st;
}

/* ---- .doc, .wps, .odt through LibreOffice ---- */

/* The full path of the program name on PATH into out, or 0. */
static int
find_program(const char *name, char *out, size_t size)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *e = strchr(path, ':');
        size_t n = e ? (size_t)(e - path) : strlen(path);
        if (n && (size_t)snprintf(out, size, "%.*s/%s", (int)n, path, name) < size &&
            access(out, X_OK) == 0)
            return 1;
        path = e ? e + 1 : NULL;
    }
    return 0;
}

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p) != 0 && errno != ENOENT ? -1 : 0;
}

static jb_status
read_whole(const char *path, const char *shown, char **out, size_t *len, jb_diag *d)
{
    struct stat sb;
    FILE *f;
    char *b;
    int rc;
    *out = NULL;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL, "cannot read the file: %s",
                           strerror(errno ? errno : EINVAL));
    if ((size_t)sb.st_size > JB_DOCX_MAX_FILE) /* refused before a byte is read */
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, JB_DOCX_HINT_LIMIT,
                           "refused: the Word document is %lld bytes, over the limit of %u MiB",
                           (long long)sb.st_size, JB_DOCX_MAX_FILE >> 20);
    if ((f = jb_source_fopen_regular(path, "rb")) == NULL)
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL, "cannot read the file: %s",
                           strerror(errno));
    rc = jb_source_read_all(f, (size_t)sb.st_size + 1, JB_DOCX_MAX_FILE, &b, len);
    fclose(f);
    if (rc == -2) /* it grew past the limit since its size was read */
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, JB_DOCX_HINT_LIMIT,
                           "refused: the Word document is over the limit of %u MiB",
                           JB_DOCX_MAX_FILE >> 20);
    if (rc == -1)
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL, "cannot read the file: %s",
                           strerror(errno));
    if (rc != 0)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    *out = b;
    return JB_OK;
}

/* Does the OLE file hold an EncryptionInfo stream (an encrypted .docx)? */
static int
ole_encrypted(const char *b, size_t n)
{
    static const char pat[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o";
    for (size_t i = 0; i + sizeof pat - 1 <= n; i++)
        if (b[i] == 'E' && memcmp(b + i, pat, sizeof pat - 1) == 0)
            return 1;
    return 0;
}

/* Converts the file at path with LibreOffice into *out (the .docx bytes). */
static jb_status
convert(const char *unshare, const char *soffice, const char *path, const char *shown,
        const char *data, size_t dlen, const char *kind, char **out, size_t *len,
        jb_docx_info *info, jb_diag *d)
{
    char in[1024], outdir[1024], prof[1100], result[1400];
    const char *tmp = getenv("TMPDIR");
    char tmpl[512];
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t sa;
    pid_t pid;
    int status = 0, done = 0;
    double t0 = jb_clock_s();
    jb_status st = JB_OK;
    const char *base, *dot;
    char stem[256];

    snprintf(tmpl, sizeof tmpl, "%s/jianbao-convert-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(tmpl) == NULL)
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL,
                           "cannot make a temporary folder for LibreOffice: %s", strerror(errno));
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    snprintf(stem, sizeof stem, "%.*s", (int)(dot && dot != base ? dot - base : (long)strlen(base)),
             base);
    if (!stem[0] || stem[0] == '-' || data)
        snprintf(stem, sizeof stem, "input");
    snprintf(outdir, sizeof outdir, "%s/out", tmpl);
    snprintf(prof, sizeof prof, "-env:UserInstallation=file://%s/profile", tmpl);
    /* the input is copied under a plain name: no option-like names, stdin works too */
    snprintf(in, sizeof in, "%s/%s.%s", tmpl, stem, kind);
    {
        char *b = NULL;
        size_t n = dlen;
        FILE *f;
        if (data == NULL && (st = read_whole(path, shown, &b, &n, d)) != JB_OK)
            goto clean;
        f = fopen(in, "wb");
        if (f == NULL || fwrite(data ? data : b, 1, n, f) != n) {
            if (f)
                fclose(f);
            free(b);
            st = jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL,
                             "cannot copy the file for LibreOffice: %s", strerror(errno));
            goto clean;
        }
        fclose(f);
        free(b);
    }
    {
        char *argv[] = {(char *)unshare,
                        "-rn", /* a user and network namespace: no network at all */
                        "--",
                        (char *)soffice,
                        "--headless",
                        "--norestore",
                        "--nolockcheck",
                        prof,
                        "--convert-to",
                        "docx",
                        "--outdir",
                        outdir,
                        in,
                        NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        posix_spawnattr_init(&sa);
        posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&sa, 0);
        char **args = unshare ? argv : argv + 3;
        if (posix_spawn(&pid, args[0], &fa, &sa, args, environ) != 0) {
            posix_spawn_file_actions_destroy(&fa);
            posix_spawnattr_destroy(&sa);
            st = jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL, "cannot start %s", soffice);
            goto clean;
        }
        posix_spawn_file_actions_destroy(&fa);
        posix_spawnattr_destroy(&sa);
    }
    while (!done) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR)) {
            done = 1;
        } else if (jb_clock_s() - t0 > JB_DOCX_CONVERT_SECONDS) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            st = jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0,
                             "convert it by hand: soffice --headless --convert-to docx FILE",
                             "LibreOffice did not convert the %s file within %d s", kind,
                             JB_DOCX_CONVERT_SECONDS);
            goto clean;
        } else {
            struct timespec ts = {0, 20 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    snprintf(result, sizeof result, "%s/%s.docx", outdir, stem);
    if (access(result, R_OK) != 0) {
        st = jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0,
                         "open it in LibreOffice or Word and save it as .docx",
                         "LibreOffice could not convert the %s file (exit status %d)", kind,
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        goto clean;
    }
    if ((st = read_whole(result, shown, out, len, d)) != JB_OK)
        goto clean;
    snprintf(info->converted, sizeof info->converted, "converted from .%s by LibreOffice in %.1f s",
             kind, jb_clock_s() - t0);
clean:
    nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return st;
}

jb_status
jb_word_read(const char *path, const char *data, size_t len, size_t max_text, jb_convert conv,
             jb_source **src, jb_doc **doc, int *imported, jb_import_info *imp, jb_docx_info *info,
             jb_diag *d)
{
    char *own = NULL, soffice[1024], unshare[1024];
    const char *bytes = data, *kind;
    size_t n = len;
    jb_status st;
    jb_word_kind wk;

    *src = NULL;
    *doc = NULL;
    *imported = 0;
    if (data == NULL) {
        if ((st = read_whole(path, path, &own, &n, d)) != JB_OK)
            return st;
        bytes = own;
    } else if (len > JB_DOCX_MAX_FILE) {
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, JB_DOCX_HINT_LIMIT,
                           "refused: the Word document is %zu bytes, over the limit of %u MiB", len,
                           JB_DOCX_MAX_FILE >> 20);
    }
    wk = jb_word_sniff(path, (const unsigned char *)bytes, n);
    if (wk == JB_WORD_DOCX && !has_ext(path, ".odt")) {
        st = jb_docx_read(path, bytes, n, max_text, src, doc, imported, imp, info, d);
        free(own);
        return st;
    }
    if (wk == JB_WORD_OLE && ole_encrypted(bytes, n)) {
        free(own);
        jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                    "save it again without a password (File › Info › Protect Document)",
                    "the Word document is encrypted (password-protected)");
        return jb_diag_code(d, "encrypted");
    }
    kind = has_ext(path, ".wps")                         ? "wps"
           : has_ext(path, ".odt") || wk == JB_WORD_DOCX ? "odt"
                                                         : "doc";
    if (wk == JB_WORD_NAMED) {
        free(own);
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                           "give a .docx, a report (.md) or an article (.txt)",
                           "named as a word-processor file, but its bytes are not one (neither a "
                           "zip nor an OLE file)");
    }
    if (conv == JB_CONVERT_OFF) {
        free(own);
        jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                    "save it as .docx, or convert it: soffice --headless --convert-to docx "
                    "FILE (a server converts with jianbao serve --convert)",
                    "a .%s file is not converted here: LibreOffice is off", kind);
        return jb_diag_code(d, "no_converter");
    }
    if (conv == JB_CONVERT_NO_NETWORK && !find_program("unshare", unshare, sizeof unshare)) {
        free(own);
        jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                    "install util-linux (unshare), or save the file as .docx",
                    "a .%s file is converted only without network, and unshare is not "
                    "on the PATH",
                    kind);
        return jb_diag_code(d, "no_converter");
    }
    if (!find_program("soffice", soffice, sizeof soffice)) {
        free(own);
        jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                    "convert it first: soffice --headless --convert-to docx FILE (apt-get "
                    "install libreoffice-writer-nogui), or save it as .docx in Word",
                    "a .%s file is read through LibreOffice, and soffice is not on the "
                    "PATH",
                    kind);
        return jb_diag_code(d, "no_converter");
    }
    {
        char *docx = NULL;
        size_t dn = 0;
        st = convert(conv == JB_CONVERT_NO_NETWORK ? unshare : NULL, soffice, path, path, data, len,
                     kind, &docx, &dn, info, d);
        free(own);
        if (st == JB_OK)
            st = jb_docx_read(path, docx, dn, max_text, src, doc, imported, imp, info, d);
        free(docx);
    }
    return st;
}

/* ---- reporting ---- */

void
jb_docx_describe(const jb_docx_info *i, char *out, size_t size)
{
    jb_buf b = {0};
    int any = 0;
    if (i->converted[0])
        jb_buf_printf(&b, "%s; ", i->converted);
    jb_buf_printf(&b, "Word document: %d paragraphs, %s", i->paragraphs,
                  i->structured ? "title and heads from its styles" : "structure found by import");
    if (i->numbered)
        jb_buf_printf(&b, ", %d numbered", i->numbered);
    if (i->text_boxes)
        jb_buf_printf(&b, ", %d text box%s read", i->text_boxes, i->text_boxes == 1 ? "" : "es");
    if (i->tables)
        jb_buf_printf(&b, ", %d table%s", i->tables, i->tables == 1 ? "" : "s");
    if (i->insertions || i->deletions)
        jb_buf_printf(&b, ", tracked changes accepted");
    {
        size_t placed = 0;
        for (size_t k = 0; k < i->n_images; k++)
            placed += i->images[k].placed != 0;
        if (placed)
            jb_buf_printf(&b, ", %zu photo%s placed where %s", placed, placed == 1 ? "" : "s",
                          placed == 1 ? "it stands" : "they stand");
    }
#define LEFT(cond, ...)                                                                            \
    if (cond) {                                                                                    \
        jb_buf_puts(&b, any++ ? ", " : "; left out: ");                                            \
        jb_buf_printf(&b, __VA_ARGS__);                                                            \
    }
    LEFT(i->comments, "%d comment%s", i->comments, i->comments == 1 ? "" : "s");
    LEFT(i->footnotes, "%d footnote%s", i->footnotes, i->footnotes == 1 ? "" : "s");
    LEFT(i->fields, "%d field%s (%s)", i->fields, i->fields == 1 ? "" : "s", i->field_names);
    LEFT(i->headers, "%d header%s/footer%s", i->headers, i->headers == 1 ? "" : "s",
         i->headers == 1 ? "" : "s");
    LEFT(i->hidden, "%d hidden run%s", i->hidden, i->hidden == 1 ? "" : "s");
    LEFT(i->objects, "%d object%s or equation%s", i->objects, i->objects == 1 ? "" : "s",
         i->objects == 1 ? "" : "s");
    {
        size_t placed = 0, shown = 0;
        for (size_t k = 0; k < i->n_images; k++)
            placed += i->images[k].placed != 0;
        LEFT(i->n_images - placed, "%zu image%s", i->n_images - placed,
             i->n_images - placed == 1 ? "" : "s");
        for (size_t k = 0; k < i->n_images; k++)
            if (!i->images[k].placed)
                jb_buf_printf(&b, "%s%s (%zu bytes, %.1f×%.1f cm, paragraph %d)",
                              shown++ ? ", " : ": ", i->images[k].name, i->images[k].bytes,
                              i->images[k].w_cm, i->images[k].h_cm, i->images[k].paragraph);
    }
#undef LEFT
    snprintf(out, size, "%s", b.data && !b.fail ? b.data : "");
    if (b.data && b.len >= size && size > 4)
        memcpy(out + size - 4, "…", 4);
    jb_buf_fini(&b);
}

int
jb_docx_inspect_add(const jb_docx_info *i, char **json)
{
    cJSON *root = cJSON_Parse(*json), *w, *left, *imgs;
    char *s;
    if (root == NULL || (w = cJSON_AddObjectToObject(root, "word")) == NULL) {
        cJSON_Delete(root);
        return -1;
    }
    cJSON_AddNumberToObject(w, "paragraphs", i->paragraphs);
    cJSON_AddStringToObject(w, "structure", i->structured ? "styles" : "import");
    cJSON_AddNumberToObject(w, "headings", i->headings);
    cJSON_AddNumberToObject(w, "numbered", i->numbered);
    cJSON_AddNumberToObject(w, "text_boxes", i->text_boxes);
    cJSON_AddNumberToObject(w, "tables", i->tables);
    cJSON_AddNumberToObject(w, "insertions", i->insertions);
    cJSON_AddNumberToObject(w, "deletions", i->deletions);
    if (i->converted[0])
        cJSON_AddStringToObject(w, "converted", i->converted);
    left = cJSON_AddObjectToObject(w, "left_out");
    cJSON_AddNumberToObject(left, "comments", i->comments);
    cJSON_AddNumberToObject(left, "footnotes", i->footnotes);
    cJSON_AddNumberToObject(left, "fields", i->fields);
    cJSON_AddStringToObject(left, "field_names", i->field_names);
    cJSON_AddNumberToObject(left, "headers_footers", i->headers);
    cJSON_AddNumberToObject(left, "hidden", i->hidden);
    cJSON_AddNumberToObject(left, "objects", i->objects);
    imgs = cJSON_AddArrayToObject(left, "images");
    for (size_t k = 0; imgs && k < i->n_images; k++) {
        cJSON *o;
        if (i->images[k].placed) /* a photo on the page: the page's own photos list it */
            continue;
        if ((o = cJSON_CreateObject()) == NULL)
            break;
        cJSON_AddStringToObject(o, "name", i->images[k].name);
        cJSON_AddNumberToObject(o, "bytes", (double)i->images[k].bytes);
        cJSON_AddNumberToObject(o, "width_cm", round(i->images[k].w_cm * 100) / 100);
        cJSON_AddNumberToObject(o, "height_cm", round(i->images[k].h_cm * 100) / 100);
        cJSON_AddNumberToObject(o, "paragraph", i->images[k].paragraph);
        cJSON_AddItemToArray(imgs, o);
    }
    s = cJSON_Print(root);
    cJSON_Delete(root);
    if (s == NULL)
        return -1;
    free(*json);
    *json = s;
    return 0;
}
