/* docx — a Word document's paragraphs with what Word knew, into the document model. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "docx.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "clock.h"
#include "dynlib.h"
#include "parse.h"
#include "source.h"
#include "utf8.h"

/* libzip and libxml2 are opened on first use (dynlib.h): a brief that reads no Word document
 * never loads them. Each call below goes through this table, filled once under dx_once and
 * read-only afterwards; the names stay those of the libraries' headers. */
static struct {
#define DX_FIELD(f) __typeof__(f) *f;
/* clang-format off */
#define DX_ZIP(X) \
    X(zip_error_fini) \
    X(zip_error_code_zip) \
    X(zip_name_locate) \
    X(zip_stat_init) \
    X(zip_get_num_entries) \
    X(zip_get_error) \
    X(zip_fread) \
    X(zip_fclose) \
    X(zip_stat_index) \
    X(zip_stat) \
    X(zip_source_free) \
    X(zip_source_buffer_create) \
    X(zip_open_from_source) \
    X(zip_fopen_index) \
    X(zip_file_get_error) \
    X(zip_error_strerror) \
    X(zip_error_init_with_code) \
    X(zip_error_init) \
    X(zip_discard)
/* clang-format on */
/* clang-format off */
#define DX_XML(X) \
    X(xmlFreeDoc) \
    X(xmlDocGetRootElement) \
    X(xmlNodeGetContent) \
    X(xmlFreeParserCtxt) \
    X(xmlStopParser) \
    X(xmlNewParserCtxt) \
    X(xmlCtxtReadMemory) \
    X(xmlCtxtGetLastError)
    /* clang-format on */
    DX_ZIP(DX_FIELD)
    DX_XML(DX_FIELD)
    xmlFreeFunc *xmlFree_var; /* libxml2's xmlFree is a variable holding its free function */
    int ok;
} dx;
static pthread_once_t dx_once = PTHREAD_ONCE_INIT;

static void
dx_load(void)
{
#define DX_SYM(f) {#f, (void **)&dx.f},
    static const char *const zips[] = {"libzip.so.4", "libzip.so"};
    static const char *const xmls[] = {"libxml2.so.2", "libxml2.so"};
    const jb_dynsym zsyms[] = {DX_ZIP(DX_SYM)};
    const jb_dynsym xsyms[] = {DX_XML(DX_SYM){"xmlFree", (void **)&dx.xmlFree_var}};
    dx.ok = jb_dynlib_open(zips, 2, zsyms, sizeof zsyms / sizeof zsyms[0], NULL) == 0 &&
            jb_dynlib_open(xmls, 2, xsyms, sizeof xsyms / sizeof xsyms[0], NULL) == 0;
    dx.ok = dx.ok && jb_dynlib_xml_init() == 0; /* once in the process, before any parse */
#undef DX_SYM
}

/* Loads libzip and libxml2 once; JB_ERR_INPUT naming them when they are not installed. */
static jb_status
dx_ready(const char *name, jb_diag *d)
{
    pthread_once(&dx_once, dx_load);
    if (dx.ok)
        return JB_OK;
    return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                       "install libzip and libxml2 (apt-get install libzip4 libxml2)",
                       "cannot read Word documents: libzip or libxml2 is missing");
}

#define zip_error_fini           (dx.zip_error_fini)
#define zip_error_code_zip       (dx.zip_error_code_zip)
#define zip_name_locate          (dx.zip_name_locate)
#define zip_stat_init            (dx.zip_stat_init)
#define zip_get_num_entries      (dx.zip_get_num_entries)
#define zip_get_error            (dx.zip_get_error)
#define zip_fread                (dx.zip_fread)
#define zip_fclose               (dx.zip_fclose)
#define zip_stat_index           (dx.zip_stat_index)
#define zip_stat                 (dx.zip_stat)
#define zip_source_free          (dx.zip_source_free)
#define zip_source_buffer_create (dx.zip_source_buffer_create)
#define zip_open_from_source     (dx.zip_open_from_source)
#define zip_fopen_index          (dx.zip_fopen_index)
#define zip_file_get_error       (dx.zip_file_get_error)
#define zip_error_strerror       (dx.zip_error_strerror)
#define zip_error_init_with_code (dx.zip_error_init_with_code)
#define zip_error_init           (dx.zip_error_init)
#define zip_discard              (dx.zip_discard)
#define xmlFreeDoc               (dx.xmlFreeDoc)
#define xmlDocGetRootElement     (dx.xmlDocGetRootElement)
#define xmlNodeGetContent        (dx.xmlNodeGetContent)
#define xmlFreeParserCtxt        (dx.xmlFreeParserCtxt)
#define xmlStopParser            (dx.xmlStopParser)
#define xmlNewParserCtxt         (dx.xmlNewParserCtxt)
#define xmlCtxtReadMemory        (dx.xmlCtxtReadMemory)
#define xmlCtxtGetLastError      (dx.xmlCtxtGetLastError)
#define xmlFree                  (*dx.xmlFree_var)

extern char **environ;

/* ---- growing strings ---- */

typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} buf;

static void
buf_add(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *ns;
        while (cap < b->n + n + 1)
            cap *= 2;
        if ((ns = realloc(b->s, cap)) == NULL) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void
buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void
buf_cp(buf *b, uint32_t cp)
{
    char u[4];
    buf_add(b, u, jb_utf8_encode(cp, u));
}

static void buf_fmt(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
buf_fmt(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0)
        buf_add(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

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

/* ---- the zip, with its limits ---- */

#define HINT_LIMIT                                                                                 \
    "a report's Word file is far smaller: save the report alone from Word as .docx, or paste "     \
    "its text into a .txt"
#define HINT_RESAVE "open it in Word or LibreOffice and save it again as .docx"

typedef struct {
    zip_t *za;
    const char *name; /* for messages */
    size_t total;     /* bytes inflated so far */
} archive;

static jb_status
zip_fail(jb_diag *d, const char *name, int code)
{
    zip_error_t e;
    char what[128];
    if (code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                           "save it again without a password (File › Info › Protect Document)",
                           "the Word document is encrypted");
    zip_error_init_with_code(&e, code);
    snprintf(what, sizeof what, "%s", zip_error_strerror(&e)); /* allocated in e */
    zip_error_fini(&e);
    return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_RESAVE,
                       "not a readable Word document: the zip container is damaged or truncated "
                       "(%s)",
                       what);
}

/* Reads the part called part into *out (NUL-terminated, caller frees), *len bytes. A part that is
 * not there gives JB_OK with *out NULL. The limits are checked on the sizes the zip declares
 * before inflating, and again on what inflating gives. */
static jb_status
read_part(archive *a, const char *part, char **out, size_t *len, jb_diag *d)
{
    zip_int64_t idx = zip_name_locate(a->za, part, ZIP_FL_NOCASE);
    zip_stat_t st;
    zip_file_t *zf;
    zip_int64_t got;
    char *b;

    *out = NULL;
    *len = 0;
    if (idx < 0)
        return JB_OK;
    zip_stat_init(&st);
    if (zip_stat_index(a->za, (zip_uint64_t)idx, 0, &st) != 0)
        return zip_fail(d, a->name, zip_error_code_zip(zip_get_error(a->za)));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return zip_fail(d, a->name, ZIP_ER_NOPASSWD);
    if (st.size > JB_DOCX_MAX_PART)
        return jb_diag_set(d, JB_ERR_INPUT, a->name, 0, 0, HINT_LIMIT,
                           "refused: the part %s would inflate to %llu bytes, over the limit of "
                           "%u MiB a part",
                           part, (unsigned long long)st.size, JB_DOCX_MAX_PART >> 20);
    if (st.size > (1u << 20) && st.size / (st.comp_size ? st.comp_size : 1) > JB_DOCX_MAX_RATIO)
        return jb_diag_set(d, JB_ERR_INPUT, a->name, 0, 0, HINT_LIMIT,
                           "refused: the part %s is compressed %llu:1, over the limit of %d:1 "
                           "(a zip bomb?)",
                           part, (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
                           JB_DOCX_MAX_RATIO);
    if (a->total + st.size > JB_DOCX_MAX_TOTAL)
        return jb_diag_set(d, JB_ERR_INPUT, a->name, 0, 0, HINT_LIMIT,
                           "refused: the parts read would inflate to more than the limit of %u "
                           "MiB in all",
                           JB_DOCX_MAX_TOTAL >> 20);
    if ((b = malloc(st.size + 2)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if ((zf = zip_fopen_index(a->za, (zip_uint64_t)idx, 0)) == NULL) {
        free(b);
        return zip_fail(d, a->name, zip_error_code_zip(zip_get_error(a->za)));
    }
    /* one byte more than declared: a part that inflates to more than it says is refused */
    got = zip_fread(zf, b, st.size + 1);
    if (got >= 0 && (zip_uint64_t)got == st.size) { /* to the end, where the CRC is checked */
        char more;
        if (zip_fread(zf, &more, 1) != 0)
            got = -1;
    }
    if (got < 0) {
        int code = zip_error_code_zip(zip_file_get_error(zf));
        zip_fclose(zf);
        free(b);
        return zip_fail(d, a->name, code);
    }
    zip_fclose(zf);
    if ((zip_uint64_t)got != st.size) {
        free(b);
        return zip_fail(d, a->name, ZIP_ER_INCONS);
    }
    b[got] = '\0';
    a->total += (size_t)got;
    *out = b;
    *len = (size_t)got;
    return JB_OK;
}

/* ---- XML, with no DTD, no entities, no network ---- */

typedef struct {
    int doctype;
} xml_guard;

/* A DOCTYPE is where entities are declared; Word never writes one, so the parse stops there. */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    xmlParserCtxtPtr c = ctx;
    (void)name;
    (void)ext;
    (void)sys;
    ((xml_guard *)c->_private)->doctype = 1;
    xmlStopParser(c);
}

static jb_status
parse_xml(const char *name, const char *part, const char *text, size_t len, xmlDoc **out,
          jb_diag *d)
{
    xmlParserCtxtPtr c;
    xml_guard g = {0};
    xmlDoc *doc;

    *out = NULL;
    if (len > INT32_MAX)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_LIMIT, "the part %s is too large",
                           part);
    if ((c = xmlNewParserCtxt()) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    c->_private = &g;
    c->sax->internalSubset = on_doctype;
    c->sax->externalSubset = NULL;
    /* no XML_PARSE_NOENT (entities are not substituted), no DTDLOAD/DTDATTR/DTDVALID, no
     * network, no printing; XML_PARSE_HUGE stays off, so libxml2's own size limits hold */
    doc = xmlCtxtReadMemory(c, text, (int)len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (g.doctype) {
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(c);
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_RESAVE,
                           "refused: the part %s has a document type declaration (entities are "
                           "not read in Word documents)",
                           part);
    }
    if (doc == NULL || !c->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(c);
        char msg[200];
        int line = e ? e->line : 0; /* the error lives in the context: copied before it goes */
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "not well-formed");
        msg[strcspn(msg, "\n")] = '\0';
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(c);
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_RESAVE,
                           "not a readable Word document: %s line %d: %s", part, line, msg);
    }
    xmlFreeParserCtxt(c);
    *out = doc;
    return JB_OK;
}

static int
ns_ok(const xmlNode *n)
{
    const char *h;
    if (n->ns == NULL || n->ns->href == NULL)
        return 0;
    h = (const char *)n->ns->href;
    return strstr(h, "wordprocessingml") != NULL;
}

/* Is n the element w:local? */
static int
is_w(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           ns_ok(n);
}

/* Is n an element called local, whatever its namespace? */
static int
is_el(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* The value of attribute local (any namespace), or NULL. Borrowed from the tree. */
static const char *
attr(const xmlNode *n, const char *local)
{
    /* only elements have attributes (XML_PARSE_COMPACT keeps short text where they would be) */
    for (const xmlAttr *a = n && n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static const xmlNode *
child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, local))
            return c;
    return NULL;
}

static const char *
child_val(const xmlNode *n, const char *local)
{
    return attr(child(n, local), "val");
}

/* A w:b-like toggle: present and not "0"/"false"/"off". -1 when absent. */
static int
toggle(const xmlNode *pr, const char *local)
{
    const xmlNode *c = child(pr, local);
    const char *v;
    if (c == NULL)
        return -1;
    v = attr(c, "val");
    return !(v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0));
}

static int
int_val(const char *s, int dflt)
{
    char *end;
    long v;
    if (s == NULL)
        return dflt;
    errno = 0;
    v = strtol(s, &end, 10);
    return end == s || errno || v < -1000000 || v > 1000000 ? dflt : (int)v;
}

/* ---- styles ---- */

enum { ROLE_BODY, ROLE_TITLE, ROLE_SUBTITLE, ROLE_AUTHOR, ROLE_DATE, ROLE_CAPTION };

typedef struct {
    char *id, *based;
    int role;    /* ROLE_* by name */
    int heading; /* 1–9 by name or outline level, 0 none */
    int center;  /* -1 unset */
    int sz;      /* half-points, 0 unset */
    int bold;    /* -1 unset */
    int num_id;  /* -1 unset */
    int ilvl;    /* -1 unset */
    int vanish;
} style;

typedef struct {
    style *v;
    size_t n;
    int default_sz; /* half-points: docDefaults, then Normal */
} styles;

static void
styles_fini(styles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].based);
    }
    free(s->v);
}

static const style *
style_find(const styles *s, const char *id)
{
    for (size_t i = 0; id && i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0)
            return &s->v[i];
    return NULL;
}

/* The style id, then its basedOn chain (at most 16 deep: a loop ends there). */
#define STYLE_CHAIN(s, id, st, depth)                                                              \
    for (const style *st = style_find(s, id); st && depth < 16;                                    \
         st = style_find(s, st->based), depth++)

static int
heading_by_name(const char *name)
{
    if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && !name[9])
        return name[8] - '0';
    if (strncmp(name, "标题 ", 7) == 0 && name[7] >= '1' && name[7] <= '9' && !name[8])
        return name[7] - '0';
    return 0;
}

static void
read_props(const xmlNode *ppr, const xmlNode *rpr, int *center, int *sz, int *bold, int *num_id,
           int *ilvl, int *outline, int *vanish)
{
    const char *jc = child_val(ppr, "jc"), *v;
    const xmlNode *np = child(ppr, "numPr");
    int b;
    if (jc)
        *center = strcmp(jc, "center") == 0;
    if ((v = child_val(rpr, "sz")) != NULL)
        *sz = int_val(v, 0);
    if ((b = toggle(rpr, "b")) >= 0)
        *bold = b;
    if ((b = toggle(rpr, "vanish")) >= 0 && vanish)
        *vanish = b;
    if (np) {
        *num_id = int_val(child_val(np, "numId"), *num_id);
        *ilvl = int_val(child_val(np, "ilvl"), *ilvl < 0 ? 0 : *ilvl);
    }
    if (outline && (v = child_val(ppr, "outlineLvl")) != NULL)
        *outline = int_val(v, 9);
}

static jb_status
styles_load(const xmlDoc *x, styles *s)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)x);
    size_t cap = 0;

    s->default_sz = 20; /* Word's own default, 10 pt */
    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (is_w(n, "docDefaults")) {
            const xmlNode *rpr = child(child(n, "rPrDefault"), "rPr");
            s->default_sz = int_val(child_val(rpr, "sz"), s->default_sz);
            continue;
        }
        if (!is_w(n, "style"))
            continue;
        if (s->n == cap) {
            style *nv = realloc(s->v, (cap = cap ? cap * 2 : 64) * sizeof *nv);
            if (nv == NULL)
                return JB_ERR_NOMEM;
            s->v = nv;
        }
        {
            style *st = &s->v[s->n];
            const char *id = attr(n, "styleId"), *name = child_val(n, "name"),
                       *based = child_val(n, "basedOn");
            int outline = 9;
            memset(st, 0, sizeof *st);
            st->center = st->bold = st->num_id = st->ilvl = -1;
            st->id = strdup(id ? id : "");
            st->based = based ? strdup(based) : NULL;
            if (st->id == NULL || (based && st->based == NULL)) {
                free(st->id);
                free(st->based);
                return JB_ERR_NOMEM;
            }
            s->n++;
            name = name ? name : "";
            if (strcasecmp(name, "Title") == 0 || strcmp(name, "标题") == 0)
                st->role = ROLE_TITLE;
            else if (strcasecmp(name, "Subtitle") == 0 || strcmp(name, "副标题") == 0)
                st->role = ROLE_SUBTITLE;
            else if (strcasecmp(name, "Author") == 0)
                st->role = ROLE_AUTHOR;
            else if (strcasecmp(name, "Date") == 0)
                st->role = ROLE_DATE;
            else if (strcasecmp(name, "Caption") == 0 || strcasecmp(name, "Image Caption") == 0 ||
                     strcasecmp(name, "Figure") == 0 || strcmp(name, "题注") == 0)
                st->role = ROLE_CAPTION; /* Word's, pandoc's and LibreOffice's photo captions */
            st->heading = heading_by_name(name);
            read_props(child(n, "pPr"), child(n, "rPr"), &st->center, &st->sz, &st->bold,
                       &st->num_id, &st->ilvl, &outline, &st->vanish);
            if (!st->heading && outline >= 0 && outline < 9)
                st->heading = outline + 1;
            if (strcasecmp(name, "Normal") == 0 && st->sz)
                s->default_sz = st->sz;
        }
    }
    return JB_OK;
}

/* ---- numbering ---- */

typedef struct {
    int start, restart, legal, suff; /* suff: 0 tab, 1 space, 2 nothing */
    char fmt[40];
    char text[64];
} level;

typedef struct {
    int id;
    level lv[9];
} abstract_num;

typedef struct {
    int id, abs;
    int override[9]; /* start overrides, -1 none */
    int counter[9];
    int used[9];
} num;

typedef struct {
    abstract_num *a;
    size_t na;
    num *m;
    size_t nm;
} numbering;

static void
numbering_fini(numbering *nb)
{
    free(nb->a);
    free(nb->m);
}

static void
read_level(const xmlNode *l, level *lv)
{
    const char *v;
    lv->start = int_val(child_val(l, "start"), lv->start);
    if ((v = child_val(l, "numFmt")) != NULL)
        snprintf(lv->fmt, sizeof lv->fmt, "%s", v);
    if ((v = child_val(l, "lvlText")) != NULL)
        snprintf(lv->text, sizeof lv->text, "%s", v);
    lv->restart = int_val(child_val(l, "lvlRestart"), lv->restart);
    if (toggle(l, "isLgl") > 0)
        lv->legal = 1;
    if ((v = child_val(l, "suff")) != NULL)
        lv->suff = strcmp(v, "space") == 0 ? 1 : strcmp(v, "nothing") == 0 ? 2 : 0;
}

static jb_status
numbering_load(const xmlDoc *x, numbering *nb)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)x);
    size_t ca = 0, cm = 0;

    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (is_w(n, "abstractNum")) {
            abstract_num *a;
            if (nb->na == ca) {
                abstract_num *nv = realloc(nb->a, (ca = ca ? ca * 2 : 16) * sizeof *nv);
                if (nv == NULL)
                    return JB_ERR_NOMEM;
                nb->a = nv;
            }
            a = &nb->a[nb->na++];
            memset(a, 0, sizeof *a);
            a->id = int_val(attr(n, "abstractNumId"), -1);
            for (int k = 0; k < 9; k++) {
                a->lv[k].start = 1;
                a->lv[k].restart = -1;
                snprintf(a->lv[k].fmt, sizeof a->lv[k].fmt, "decimal");
            }
            for (const xmlNode *l = n->children; l; l = l->next) {
                int k = is_w(l, "lvl") ? int_val(attr(l, "ilvl"), -1) : -1;
                if (k >= 0 && k < 9)
                    read_level(l, &a->lv[k]);
            }
        } else if (is_w(n, "num")) {
            num *m;
            if (nb->nm == cm) {
                num *nv = realloc(nb->m, (cm = cm ? cm * 2 : 16) * sizeof *nv);
                if (nv == NULL)
                    return JB_ERR_NOMEM;
                nb->m = nv;
            }
            m = &nb->m[nb->nm++];
            memset(m, 0, sizeof *m);
            m->id = int_val(attr(n, "numId"), -1);
            m->abs = int_val(child_val(n, "abstractNumId"), -1);
            for (int k = 0; k < 9; k++)
                m->override[k] = -1;
            for (const xmlNode *o = n->children; o; o = o->next) {
                int k = is_w(o, "lvlOverride") ? int_val(attr(o, "ilvl"), -1) : -1;
                if (k >= 0 && k < 9)
                    m->override[k] = int_val(child_val(o, "startOverride"), -1);
            }
        }
    }
    return JB_OK;
}

static void
chinese_counting(buf *b, int v, int thousand)
{
    static const char *const dg[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (v < 0)
        v = 0;
    if (v < 10) {
        buf_str(b, dg[v]);
    } else if (v < 100) {
        if (v / 10 > 1)
            buf_str(b, dg[v / 10]);
        buf_str(b, "十");
        if (v % 10)
            buf_str(b, dg[v % 10]);
    } else if (thousand && v < 10000) {
        static const char *const unit[] = {"千", "百", "十", ""};
        int div[] = {1000, 100, 10, 1}, zero = 0, started = 0;
        for (int k = 0; k < 4; k++) {
            int q = v / div[k] % 10;
            if (q == 0) {
                zero = started;
                continue;
            }
            if (zero)
                buf_str(b, "〇");
            zero = 0;
            started = 1;
            buf_str(b, dg[q]);
            buf_str(b, unit[k]);
        }
    } else {
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%d", v);
        for (char *p = tmp; *p; p++)
            buf_str(b, dg[*p - '0']);
    }
}

/* Appends counter v in Word's number format fmt. */
static void
format_number(buf *b, int v, const char *fmt)
{
    static const char *const tiangan[] = {"甲", "乙", "丙", "丁", "戊",
                                          "己", "庚", "辛", "壬", "癸"};
    static const char *const dizhi[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                        "午", "未", "申", "酉", "戌", "亥"};
    static const char *const legal[] = {"零", "壹", "贰", "叁", "肆", "伍",
                                        "陆", "柒", "捌", "玖", "拾"};
    if (strcmp(fmt, "none") == 0 || strcmp(fmt, "bullet") == 0)
        return;
    if (strncmp(fmt, "chineseCounting", 15) == 0 || strncmp(fmt, "taiwaneseCounting", 17) == 0 ||
        strcmp(fmt, "japaneseCounting") == 0) {
        chinese_counting(b, v, strstr(fmt, "Thousand") != NULL);
        return;
    }
    if (strcmp(fmt, "ideographDigital") == 0 || strcmp(fmt, "taiwaneseDigital") == 0) {
        static const char *const dg[] = {"〇", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%d", v < 0 ? 0 : v);
        for (char *p = tmp; *p; p++)
            buf_str(b, dg[*p - '0']);
        return;
    }
    if (strcmp(fmt, "ideographTraditional") == 0 && v >= 1 && v <= 10) {
        buf_str(b, tiangan[v - 1]);
        return;
    }
    if (strcmp(fmt, "ideographZodiac") == 0 && v >= 1 && v <= 12) {
        buf_str(b, dizhi[v - 1]);
        return;
    }
    if (strcmp(fmt, "chineseLegalSimplified") == 0 && v >= 0 && v <= 10) {
        buf_str(b, legal[v]);
        return;
    }
    if ((strcmp(fmt, "decimalEnclosedCircle") == 0 ||
         strcmp(fmt, "decimalEnclosedCircleChinese") == 0) &&
        v >= 1 && v <= 20) {
        buf_cp(b, 0x2460 + (uint32_t)v - 1);
        return;
    }
    if (strcmp(fmt, "decimalEnclosedParen") == 0 && v >= 1 && v <= 20) {
        buf_cp(b, 0x2474 + (uint32_t)v - 1);
        return;
    }
    if (strcmp(fmt, "decimalEnclosedFullstop") == 0 && v >= 1 && v <= 20) {
        buf_cp(b, 0x2488 + (uint32_t)v - 1);
        return;
    }
    if (strncmp(fmt, "decimalFullWidth", 16) == 0) {
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%d", v);
        for (char *p = tmp; *p; p++)
            buf_cp(b, 0xFF10 + (uint32_t)(*p - '0'));
        return;
    }
    if ((strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) && v >= 1) {
        char c = (char)((fmt[0] == 'u' ? 'A' : 'a') + (v - 1) % 26);
        for (int k = 0; k <= (v - 1) / 26 && k < 10; k++)
            buf_add(b, &c, 1);
        return;
    }
    if ((strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) && v >= 1 && v < 4000) {
        static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
        static const char *const up[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                         "XL", "X",  "IX", "V",  "IV", "I"};
        for (int k = 0; k < 13; k++)
            while (v >= val[k]) {
                for (const char *p = up[k]; *p; p++) {
                    char c = fmt[0] == 'u' ? *p : (char)tolower((unsigned char)*p);
                    buf_add(b, &c, 1);
                }
                v -= val[k];
            }
        return;
    }
    if (strcmp(fmt, "decimalZero") == 0 && v >= 0 && v < 10) {
        buf_fmt(b, "0%d", v);
        return;
    }
    buf_fmt(b, "%d", v);
}

/* The text of the next number of list num_id at level ilvl, counters advanced; into b. */
static void
number_text(numbering *nb, int num_id, int ilvl, buf *b, int *suff)
{
    num *m = NULL;
    const abstract_num *a = NULL;
    const level *lv;
    *suff = 2;
    for (size_t i = 0; i < nb->nm; i++)
        if (nb->m[i].id == num_id)
            m = &nb->m[i];
    for (size_t i = 0; m && i < nb->na; i++)
        if (nb->a[i].id == m->abs)
            a = &nb->a[i];
    if (a == NULL || ilvl < 0 || ilvl > 8)
        return;
    lv = &a->lv[ilvl];
#define START(k) (m->override[k] >= 0 ? m->override[k] : a->lv[k].start)
    if (!m->used[ilvl]) {
        m->counter[ilvl] = START(ilvl);
        m->used[ilvl] = 1;
    } else {
        m->counter[ilvl]++;
    }
    for (int k = ilvl + 1; k < 9; k++) { /* deeper levels restart (unless lvlRestart says not) */
        int r = a->lv[k].restart;
        if (r < 0 || (r > 0 && ilvl < r))
            m->used[k] = 0;
    }
    if (strcmp(lv->fmt, "bullet") == 0)
        return; /* a bullet's sign is decoration, not text of the report */
    for (const char *p = lv->text; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            int v = m->used[k] ? m->counter[k] : START(k);
            format_number(b, v, lv->legal && k < ilvl ? "decimal" : a->lv[k].fmt);
            p++;
        } else {
            buf_add(b, p, 1);
        }
    }
#undef START
    *suff = lv->suff;
}

/* ---- the document's paragraphs ---- */

enum { PK_BODY, PK_TITLE, PK_SUBTITLE, PK_AUTHOR, PK_DATE, PK_HEADING, PK_CAPTION };

typedef struct {
    char *text;      /* UTF-8, one line */
    size_t bold_len; /* bytes of leading bold text (after the number) */
    int all_bold;
    int kind;  /* PK_* */
    int level; /* heading level */
    int center;
    int sz; /* largest run, half-points */
    int numbered;
    int table_row; /* a table's row, its cells apart by tabs: 1 its first row, 2 a later one */
} wpara;

typedef struct {
    const char *name;
    archive *ar;
    styles st;
    numbering nb;
    xmlDoc *rels;
    wpara *p;
    size_t n, cap;
    jb_docx_info *info;
    /* complex fields: nesting depth and, per level, whether the result is shown */
    int fdepth;
    int fshow[16];
    int fsep[16];
    buf finstr;
    /* the paragraph being read */
    buf cur;
    int cur_bold_open; /* still in the leading bold run */
    size_t cur_bold;
    int cur_any_plain;
    int cur_sz;
    int row;          /* inside a table cell: its paragraphs join into rowbuf */
    jb_diag img_diag; /* an image part that cannot be read is left out, not an error */
    buf rowbuf;
    int oom;
    jb_status err;
} reader;

static void walk_block(reader *r, const xmlNode *n);

static void
note_field(reader *r, const char *instr)
{
    char w[24];
    size_t k = 0;
    while (*instr == ' ')
        instr++;
    while (k < sizeof w - 1 && instr[k] && instr[k] != ' ' && instr[k] != '\\')
        w[k] = instr[k], k++;
    w[k] = '\0';
    r->info->fields++;
    if (k && !strstr(r->info->field_names, w) &&
        strlen(r->info->field_names) + k + 3 < sizeof r->info->field_names)
        snprintf(r->info->field_names + strlen(r->info->field_names),
                 sizeof r->info->field_names - strlen(r->info->field_names), "%s%s",
                 r->info->field_names[0] ? ", " : "", w);
}

static int
is_hyperlink(const char *instr)
{
    while (*instr == ' ')
        instr++;
    return strncmp(instr, "HYPERLINK", 9) == 0;
}

static int
field_hidden(const reader *r)
{
    for (int k = 0; k < r->fdepth && k < 16; k++)
        if (!r->fsep[k] || !r->fshow[k])
            return 1;
    return 0;
}

/* Appends text of a run with its bold state. */
static void
add_text(reader *r, const char *s, size_t n, int bold)
{
    int blank = 1;
    if (n == 0 || field_hidden(r))
        return;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            blank = 0;
    if (!blank) {
        if (!bold)
            r->cur_bold_open = 0, r->cur_any_plain = 1;
    }
    for (size_t i = 0, run = 0; i <= n; i++) { /* no control characters in a line */
        if (i < n && (unsigned char)s[i] >= 0x20)
            continue;
        buf_add(&r->cur, s + run, i - run); /* the run before, at once */
        if (i < n)
            buf_add(&r->cur, " ", 1);
        run = i + 1;
    }
    if (r->cur_bold_open && bold)
        r->cur_bold = r->cur.n;
}

static void
add_image(reader *r, const xmlNode *drawing)
{
    const xmlNode *stack[64];
    int top = 0;
    const char *embed = NULL, *alt = NULL;
    double cx = 0, cy = 0;
    jb_docx_image *img;
    stack[top++] = drawing;
    while (top > 0 && !embed) { /* find a:blip r:embed and wp:extent below the drawing */
        const xmlNode *n = stack[--top];
        for (const xmlNode *c = n->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (is_el(c, "docPr") && alt == NULL && attr(c, "descr") && *attr(c, "descr"))
                alt =
                    attr(c, "descr"); /* the picture's description: its caption when none follows */
            if (is_el(c, "extent") && cx == 0) {
                cx = atof(attr(c, "cx") ? attr(c, "cx") : "0");
                cy = atof(attr(c, "cy") ? attr(c, "cy") : "0");
            }
            if ((is_el(c, "blip") || is_el(c, "imagedata")) &&
                (attr(c, "embed") || attr(c, "id"))) {
                embed = attr(c, "embed") ? attr(c, "embed") : attr(c, "id");
                break;
            }
            if (top < 64 && !is_el(c, "txbxContent"))
                stack[top++] = c;
        }
    }
    if (!embed)
        return;
    {
        jb_docx_image *nv =
            realloc(r->info->images, (r->info->n_images + 1) * sizeof *r->info->images);
        const xmlNode *root = r->rels ? xmlDocGetRootElement(r->rels) : NULL;
        const char *target = NULL;
        char part[512];
        zip_stat_t st;
        if (nv == NULL) {
            r->oom = 1;
            return;
        }
        r->info->images = nv;
        img = &nv[r->info->n_images];
        memset(img, 0, sizeof *img);
        for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
            if (is_el(c, "Relationship") && attr(c, "Id") && strcmp(attr(c, "Id"), embed) == 0)
                target = attr(c, "Target");
        if (target == NULL)
            snprintf(part, sizeof part, "(%s)", embed);
        else if (target[0] == '/')
            snprintf(part, sizeof part, "%s", target + 1);
        else
            snprintf(part, sizeof part, "word/%s", target);
        if ((img->name = strdup(part)) == NULL) {
            r->oom = 1;
            return;
        }
        zip_stat_init(&st);
        if (zip_stat(r->ar->za, part, ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
            img->bytes = (size_t)st.size;
        img->w_cm = cx / 360000.0; /* EMU */
        img->h_cm = cy / 360000.0;
        img->paragraph = (int)r->n + 1;
        img->before = r->n;
        if (alt && (img->alt = strdup(alt)) == NULL)
            r->oom = 1;
        r->info->n_images++;
        /* its bytes, under the archive's limits, for the photo placed where it stands */
        if (r->ar->za && read_part(r->ar, part, &img->data, &img->len, &r->img_diag) != JB_OK) {
            free(img->data);
            img->data = NULL, img->len = 0;
        }
    }
}

/* Text boxes met in a paragraph, read after it (their reading place). */
typedef struct {
    const xmlNode *v[16];
    int n;
} boxes;

static void
find_boxes(const xmlNode *n, boxes *bx, int depth)
{
    for (const xmlNode *c = n->children; c && depth < 40; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "txbxContent")) {
            if (bx->n < 16)
                bx->v[bx->n++] = c;
            continue;
        }
        find_boxes(c, bx, depth + 1);
    }
}

static void walk_inline(reader *r, const xmlNode *n, const style *pst, int pbold, int psz,
                        boxes *bx);

static void
walk_run(reader *r, const xmlNode *run, const style *pst, int pbold, int psz, boxes *bx)
{
    const xmlNode *rpr = child(run, "rPr");
    int bold = pbold, sz = psz, c0 = -1, n0 = -1, i0 = -1, vanish = 0, depth = 0;
    const char *rs = child_val(rpr, "rStyle");
    (void)pst;
    STYLE_CHAIN(&r->st, rs, st, depth)
    { /* a character style's bold (Strong), then the run's own */
        if (st->bold >= 0) {
            bold = st->bold;
            break;
        }
    }
    read_props(NULL, rpr, &c0, &sz, &bold, &n0, &i0, NULL, &vanish);
    if (vanish) {
        r->info->hidden++;
        return;
    }
    if (sz > r->cur_sz)
        r->cur_sz = sz;
    for (const xmlNode *c = run->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t) {
                add_text(r, (const char *)t, strlen((const char *)t), bold > 0);
                xmlFree(t);
            } else {
                r->oom = 1;
            }
        } else if (is_w(c, "tab") || is_w(c, "ptab") || is_w(c, "cr")) {
            add_text(r, " ", 1, bold > 0);
        } else if (is_w(c, "br")) {
            const char *ty = attr(c, "type");
            if (!ty || strcmp(ty, "textWrapping") == 0)
                add_text(r, " ", 1, bold > 0); /* a soft line break: read as a space */
        } else if (is_w(c, "noBreakHyphen")) {
            add_text(r, "-", 1, bold > 0);
        } else if (is_w(c, "fldChar")) {
            const char *ty = attr(c, "fldCharType");
            if (ty && strcmp(ty, "begin") == 0) {
                if (r->fdepth < 16) {
                    r->fshow[r->fdepth] = 0;
                    r->fsep[r->fdepth] = 0;
                }
                r->fdepth++;
                r->finstr.n = 0;
                if (r->finstr.s)
                    r->finstr.s[0] = '\0';
            } else if (ty && strcmp(ty, "separate") == 0 && r->fdepth > 0 && r->fdepth <= 16) {
                const char *in = r->finstr.s ? r->finstr.s : "";
                r->fsep[r->fdepth - 1] = 1;
                /* a hyperlink's text is the report's text; other fields are Word's own */
                r->fshow[r->fdepth - 1] = is_hyperlink(in);
                if (!r->fshow[r->fdepth - 1])
                    note_field(r, in);
            } else if (ty && strcmp(ty, "end") == 0 && r->fdepth > 0) {
                if (r->fdepth <= 16 && !r->fsep[r->fdepth - 1])
                    note_field(r, r->finstr.s ? r->finstr.s : "");
                r->fdepth--;
            }
        } else if (is_w(c, "instrText")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t) {
                buf_str(&r->finstr, (const char *)t);
                xmlFree(t);
            }
        } else if (is_w(c, "footnoteReference") || is_w(c, "endnoteReference")) {
            r->info->footnotes++;
        } else if (is_w(c, "commentReference")) {
            r->info->comments++;
        } else if (is_w(c, "drawing") || is_w(c, "pict")) {
            add_image(r, c);
            find_boxes(c, bx, 0);
        } else if (is_el(c, "AlternateContent")) {
            /* mc:Choice (the drawing) else mc:Fallback (VML): one of them, not both */
            const xmlNode *ch = child(c, "Choice");
            const xmlNode *use = ch ? ch : child(c, "Fallback");
            if (use) {
                add_image(r, use);
                find_boxes(use, bx, 0);
            }
        } else if (is_w(c, "object")) {
            r->info->objects++;
        }
    }
}

static void
walk_inline(reader *r, const xmlNode *n, const style *pst, int pbold, int psz, boxes *bx)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "r")) {
            walk_run(r, c, pst, pbold, psz, bx);
        } else if (is_w(c, "ins") || is_w(c, "moveTo")) {
            r->info->insertions++;
            walk_inline(r, c, pst, pbold, psz, bx);
        } else if (is_w(c, "del") || is_w(c, "moveFrom")) {
            r->info->deletions++;
        } else if (is_w(c, "hyperlink") || is_w(c, "smartTag") || is_w(c, "customXml") ||
                   is_w(c, "dir") || is_w(c, "bdo")) {
            walk_inline(r, c, pst, pbold, psz, bx);
        } else if (is_w(c, "sdt")) {
            const xmlNode *sc = child(c, "sdtContent");
            if (sc)
                walk_inline(r, sc, pst, pbold, psz, bx);
        } else if (is_w(c, "fldSimple")) {
            const char *in = attr(c, "instr");
            if (in && is_hyperlink(in))
                walk_inline(r, c, pst, pbold, psz, bx);
            else
                note_field(r, in ? in : "");
        } else if (is_el(c, "oMath") || is_el(c, "oMathPara")) {
            r->info->objects++;
        }
    }
}

static wpara *
para_add(reader *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        wpara *nv = realloc(r->p, cap * sizeof *nv);
        if (nv == NULL) {
            r->oom = 1;
            return NULL;
        }
        r->p = nv;
        r->cap = cap;
    }
    memset(&r->p[r->n], 0, sizeof r->p[0]);
    return &r->p[r->n++];
}

/* Trims blanks (ASCII and U+3000) at both ends of s in place; returns the new length. */
static size_t
trim(char *s, size_t *bold)
{
    size_t n = strlen(s), a = 0;
    for (;;) {
        if (a < n && s[a] == ' ')
            a++;
        else if (n - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0)
            a += 3;
        else
            break;
    }
    for (;;) {
        if (n > a && s[n - 1] == ' ')
            n--;
        else if (n - a >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    memmove(s, s + a, n - a);
    s[n - a] = '\0';
    if (bold)
        *bold = *bold > a ? (*bold - a > n - a ? n - a : *bold - a) : 0;
    return n - a;
}

static void
walk_paragraph(reader *r, const xmlNode *p)
{
    const xmlNode *ppr = child(p, "pPr");
    const char *ps = child_val(ppr, "pStyle");
    int center = -1, sz = 0, bold = -1, num_id = -1, ilvl = -1, outline = 9, role = ROLE_BODY,
        heading = 0, depth = 0, vanish = 0;
    const style *pst = style_find(&r->st, ps);
    boxes bx = {{0}, 0};
    buf nt = {0};
    int suff = 2;

    if (ps == NULL) /* the default paragraph style */
        for (size_t i = 0; i < r->st.n && !pst; i++)
            if (strcasecmp(r->st.v[i].id, "Normal") == 0)
                pst = &r->st.v[i];
    STYLE_CHAIN(&r->st, pst ? pst->id : NULL, st, depth)
    {
        if (center < 0 && st->center >= 0)
            center = st->center;
        if (!sz && st->sz)
            sz = st->sz;
        if (bold < 0 && st->bold >= 0)
            bold = st->bold;
        if (num_id < 0 && st->num_id >= 0)
            num_id = st->num_id;
        if (ilvl < 0 && st->ilvl >= 0)
            ilvl = st->ilvl;
        if (!role && st->role)
            role = st->role;
        if (!heading && st->heading)
            heading = st->heading;
    }
    {
        int c2 = -1, s2 = 0, b2 = -1;
        read_props(ppr, NULL, &c2, &s2, &b2, &num_id, &ilvl, &outline, &vanish);
        if (c2 >= 0)
            center = c2;
    }
    if (outline >= 0 && outline < 9)
        heading = outline + 1;
    if (!sz)
        sz = r->st.default_sz;
    r->cur.n = 0;
    if (r->cur.s)
        r->cur.s[0] = '\0';
    r->cur_bold_open = 1;
    r->cur_bold = 0;
    r->cur_any_plain = 0;
    r->cur_sz = 0;
    walk_inline(r, p, pst, bold, sz, &bx);
    if (r->cur.oom)
        r->oom = 1;
    if (num_id > 0 && r->cur.n > 0) {
        number_text(&r->nb, num_id, ilvl < 0 ? 0 : ilvl, &nt, &suff);
        if (nt.oom)
            r->oom = 1;
    }
    if (r->row) { /* a table cell: its paragraphs join (a space only between Latin ones) */
        if (r->cur.n) {
            if (r->rowbuf.n && isalnum((unsigned char)r->rowbuf.s[r->rowbuf.n - 1]) &&
                isalnum((unsigned char)(nt.n ? nt.s[0] : r->cur.s[0])))
                buf_str(&r->rowbuf, " ");
            if (nt.n)
                buf_add(&r->rowbuf, nt.s, nt.n);
            buf_add(&r->rowbuf, r->cur.s, r->cur.n);
        }
    } else if (r->cur.n) {
        wpara *w = para_add(r);
        buf line = {0};
        if (w) {
            size_t nl = 0;
            if (nt.n) {
                buf_add(&line, nt.s, nt.n);
                /* a tab or space after the number matters only between Latin characters */
                if (suff != 2 && ((unsigned char)nt.s[nt.n - 1] < 0x80) &&
                    (unsigned char)r->cur.s[0] < 0x80)
                    buf_str(&line, " ");
                nl = line.n;
                r->info->numbered++;
            }
            buf_add(&line, r->cur.s, r->cur.n);
            if (line.oom) {
                r->oom = 1;
                free(line.s);
                r->n--;
            } else {
                w->text = line.s;
                w->bold_len = r->cur_bold ? nl + r->cur_bold : 0;
                w->all_bold = !r->cur_any_plain;
                trim(w->text, &w->bold_len);
                if (w->text[0] == '\0') {
                    free(w->text);
                    r->n--;
                } else {
                    w->kind = role == ROLE_TITLE      ? PK_TITLE
                              : role == ROLE_SUBTITLE ? PK_SUBTITLE
                              : role == ROLE_AUTHOR   ? PK_AUTHOR
                              : role == ROLE_DATE     ? PK_DATE
                              : role == ROLE_CAPTION  ? PK_CAPTION
                              : heading               ? PK_HEADING
                                                      : PK_BODY;
                    w->level = heading;
                    w->center = center > 0;
                    w->sz = r->cur_sz > sz ? r->cur_sz : sz;
                    w->numbered = nt.n > 0;
                    if (heading)
                        r->info->headings++;
                }
            }
        }
    }
    free(nt.s);
    for (int i = 0; i < bx.n; i++) { /* the text boxes anchored here, after it */
        r->info->text_boxes++;
        walk_block(r, bx.v[i]);
    }
}

/* An outer table: one paragraph a row, its cells apart by tabs, as a spreadsheet pastes them
 * (RULES.md §9.1): a cell spanning columns (gridSpan) is its text then empty cells, a cell merged
 * into the one above (vMerge) is empty; a cell's paragraphs join. */
static void
walk_table(reader *r, const xmlNode *tbl)
{
    int first = 1;
    for (const xmlNode *tr = tbl->children; tr && !r->oom; tr = tr->next) {
        buf line = {0};
        int cells = 0;
        if (!is_w(tr, "tr"))
            continue;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            const xmlNode *cell = is_w(tc, "tc") ? tc
                                  : is_w(tc, "sdt") && child(child(tc, "sdtContent"), "tc")
                                      ? child(child(tc, "sdtContent"), "tc")
                                      : NULL;
            const xmlNode *pr = child(cell, "tcPr");
            const char *span = child_val(pr, "gridSpan"), *vm = child_val(pr, "vMerge");
            long n = span ? strtol(span, NULL, 10) : 1;
            if (cell == NULL)
                continue;
            if (cells++)
                buf_str(&line, "\t");
            r->rowbuf.n = 0;
            if (r->rowbuf.s)
                r->rowbuf.s[0] = '\0';
            r->row = 1;
            walk_block(r, cell);
            r->row = 0;
            /* vMerge without "restart": the cell continues the one above */
            if (!(child(pr, "vMerge") && (vm == NULL || strcmp(vm, "restart") != 0)))
                for (size_t i = 0; i < r->rowbuf.n; i++)
                    buf_add(&line, r->rowbuf.s[i] == '\t' ? " " : r->rowbuf.s + i, 1);
            for (long k = 1; k < n && k < 64; k++)
                buf_str(&line, "\t");
        }
        if (line.oom || r->rowbuf.oom) {
            r->oom = 1;
            free(line.s);
            return;
        }
        wpara *w = line.s ? para_add(r) : NULL;
        if (w == NULL) {
            free(line.s);
            continue;
        }
        w->text = line.s;
        w->table_row = first ? 1 : 2;
        first = 0;
    }
}

static int
toc_sdt(const xmlNode *sdt)
{
    const xmlNode *g = child(child(child(sdt, "sdtPr"), "docPartObj"), "docPartGallery");
    const char *v = attr(g, "val");
    return v && strstr(v, "Table of Contents") != NULL;
}

static void
walk_block(reader *r, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !r->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "p")) {
            walk_paragraph(r, c);
        } else if (is_w(c, "tbl")) {
            if (r->row) { /* a table inside a cell: its text joins the cell's */
                for (const xmlNode *tr = c->children; tr; tr = tr->next)
                    for (const xmlNode *tc = is_w(tr, "tr") ? tr->children : NULL; tc;
                         tc = tc->next)
                        if (is_w(tc, "tc"))
                            walk_block(r, tc);
            } else {
                r->info->tables++;
                walk_table(r, c);
            }
        } else if (is_w(c, "sdt")) {
            if (toc_sdt(c))
                note_field(r, "TOC");
            else if (child(c, "sdtContent"))
                walk_block(r, child(c, "sdtContent"));
        } else if (is_w(c, "ins") || is_w(c, "moveTo") || is_w(c, "customXml")) {
            walk_block(r, c);
        } else if (is_w(c, "del") || is_w(c, "moveFrom")) {
            r->info->deletions++;
        } else if (is_w(c, "altChunk")) {
            r->info->objects++;
        }
    }
}

/* Does the part hold any w:t text? */
static int
has_text(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_w(c, "t") && c->children && c->children->content && c->children->content[0])
            return 1;
        if (c->type == XML_ELEMENT_NODE && has_text(c))
            return 1;
    }
    return 0;
}

/* ---- from paragraphs to a report or an article ---- */

/* A front-matter value in YAML double quotes. */
static void
yaml_value(buf *b, const char *key, const char *v)
{
    buf_str(b, key);
    buf_str(b, ": \"");
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_add(b, "\\", 1);
        buf_add(b, p, 1);
    }
    buf_str(b, "\"\n");
}

/* Markdown text with every ASCII punctuation mark escaped (CommonMark allows it for all). */
static void
md_text(buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && ispunct(c)) { /* the run before at once, then the escape */
            buf_add(b, s + run, i - run);
            buf_add(b, "\\", 1);
            run = i;
        }
    }
    buf_add(b, s + run, n - run);
}

/* A table row as a GFM row (its first row followed by the delimiter row), each cell's text with
 * Markdown's marks escaped: parse.c reads the table back, merged cells included. */
static void
gfm_row(buf *b, const wpara *w)
{
    size_t cells = 1;
    const char *s = w->text;
    if (w->table_row == 1)
        buf_str(b, "\n");
    buf_str(b, "|");
    for (const char *t = s;; t++) {
        if (*t == '\t' || *t == '\0') {
            buf_str(b, " ");
            md_text(b, s, (size_t)(t - s));
            buf_str(b, " |");
            if (*t == '\0')
                break;
            s = t + 1;
            cells++;
        }
    }
    buf_str(b, "\n");
    if (w->table_row == 1) {
        buf_str(b, "|");
        for (size_t k = 0; k < cells; k++)
            buf_str(b, " --- |");
        buf_str(b, "\n");
    }
}

/* Bold at the start that reads as a lead phrase: it ends in punctuation and text follows. */
static int
bold_lead(const wpara *w)
{
    static const char *const ends[] = {"。", "；", "：", "！", "？", "，", ".", ":", ";"};
    size_t n = w->bold_len;
    if (n == 0 || n >= strlen(w->text))
        return 0;
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);
        if (n >= e && memcmp(w->text + n - e, ends[k], e) == 0)
            return 1;
    }
    return 0;
}

static size_t
count_chars(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += ((unsigned char)*s & 0xC0) != 0x80;
    return k;
}

/* A byline: a short line of names (2–4 characters each, blank-separated), maybe after 作者：. */
static int
names_like(const char *s)
{
    size_t n = count_chars(s);
    return n >= 2 && n <= 40 && !strstr(s, "。") && !strstr(s, "，") && !strstr(s, "；");
}

typedef struct {
    const char *key;
    char *val;
} prop;

/* Front-matter fields from the document's custom properties (docProps/custom.xml), named as
 * the front-matter keys. */
static const char *const prop_keys[] = {"title", "byline", "source",   "masthead", "issue",
                                        "unit",  "date",   "category", "copies"};
#define N_PROPS (sizeof prop_keys / sizeof prop_keys[0])

static void
read_custom(const xmlDoc *x, char **vals)
{
    const xmlNode *root = x ? xmlDocGetRootElement((xmlDoc *)x) : NULL;
    for (const xmlNode *p = root ? root->children : NULL; p; p = p->next) {
        const char *name = is_el(p, "property") ? attr(p, "name") : NULL;
        for (size_t k = 0; name && k < N_PROPS; k++)
            if (strcmp(name, prop_keys[k]) == 0 && vals[k] == NULL) {
                for (const xmlNode *v = p->children; v; v = v->next)
                    if (v->type == XML_ELEMENT_NODE) {
                        xmlChar *t = xmlNodeGetContent(v);
                        if (t) {
                            vals[k] = strdup((const char *)t);
                            xmlFree(t);
                        }
                        break;
                    }
            }
    }
}

static int
date_like(const char *s)
{
    return (strlen(s) >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-') ||
           (strstr(s, "年") && strstr(s, "月") && strstr(s, "日"));
}

/* The index of the title paragraph, or -1: the Title style, else the first centred paragraph
 * set larger than the body before the body starts, else a lone top-level first heading. */
static long
find_title(const reader *r)
{
    int min_level = 10, at_min = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_TITLE)
            return (long)i;
    for (size_t i = 0; i < r->n && r->p[i].center; i++)
        if (r->p[i].sz * 10 >= r->st.default_sz * 12 && r->p[i].kind != PK_HEADING)
            return (long)i;
    for (size_t i = 0; i < r->n; i++)
        if (r->p[i].kind == PK_HEADING && r->p[i].level < min_level)
            min_level = r->p[i].level, at_min = 0;
    for (size_t i = 0; i < r->n; i++)
        at_min += r->p[i].kind == PK_HEADING && r->p[i].level == min_level;
    if (r->n && r->p[0].kind == PK_HEADING && r->p[0].level == min_level && at_min == 1 && r->n > 1)
        return 0;
    return -1;
}

/* The report text (front matter + Markdown) when Word's styles give title and heads, else NULL
 * in *out with *article the text for import (one paragraph a line, blank lines between, a bold
 * lead phrase as **…**). */
static void
compose(reader *r, char **vals, buf *out, int *structured)
{
    long title = find_title(r);
    size_t heads = 0, first_body = r->n;
    char *byline = NULL, *date = NULL, *source = NULL;

    for (size_t i = 0; i < r->n; i++)
        heads += !r->p[i].table_row &&
                 ((r->p[i].kind == PK_HEADING && (long)i != title) || bold_lead(&r->p[i]) ||
                  (r->p[i].all_bold && (long)i != title && count_chars(r->p[i].text) <= 40 &&
                   r->p[i].bold_len > 0 && (long)i > title));
    *structured = title >= 0 && heads > 0;
    if (!*structured) {
        for (size_t i = 0; i < r->n; i++) {
            const wpara *w = &r->p[i];
            if (i && w->table_row != 2) /* a table's rows stand together */
                buf_str(out, "\n");
            if (w->table_row) {
                buf_str(out, w->text);
            } else if (bold_lead(w)) {
                buf_str(out, "**");
                buf_add(out, w->text, w->bold_len);
                buf_str(out, "**");
                buf_str(out, w->text + w->bold_len);
            } else {
                buf_str(out, w->text);
            }
            buf_str(out, "\n");
        }
        return;
    }
    /* between the title and the body: byline, date, 来源 lines */
    for (size_t i = (size_t)title + 1; i < r->n; i++) {
        wpara *w = &r->p[i];
        if (w->table_row) {
            first_body = i;
            break;
        }
        if (w->kind == PK_AUTHOR || (w->kind == PK_SUBTITLE && names_like(w->text)) ||
            (w->center && !byline && names_like(w->text) && !date_like(w->text) &&
             strncmp(w->text, "来源", 6) != 0)) {
            if (!byline)
                byline = w->text;
        } else if (w->kind == PK_DATE ||
                   (w->center && date_like(w->text) && count_chars(w->text) <= 20)) {
            if (!date)
                date = w->text;
        } else if (strncmp(w->text, "来源：", 9) == 0 && count_chars(w->text) <= 40) {
            source = w->text + 9;
        } else {
            first_body = i;
            break;
        }
    }
    buf_str(out, "---\n");
    yaml_value(out, "title", r->p[title].text);
    for (size_t k = 0; k < N_PROPS; k++) {
        const char *v = vals[k];
        if (strcmp(prop_keys[k], "title") == 0)
            continue;
        if (strcmp(prop_keys[k], "byline") == 0 && byline)
            v = byline;
        if (strcmp(prop_keys[k], "source") == 0 && source)
            v = source;
        if (strcmp(prop_keys[k], "date") == 0) {
            if (v == NULL || !date_like(v))
                v = date && date_like(date) ? date : NULL;
        }
        if (v && *v)
            yaml_value(out, prop_keys[k], v);
    }
    buf_str(out, "---\n");
    for (size_t i = 0; i < (size_t)title; i++) { /* before the title (a masthead line?): lead */
        buf_str(out, "\n");
        md_text(out, r->p[i].text, strlen(r->p[i].text));
        buf_str(out, "\n");
    }
    for (size_t i = first_body; i <= r->n; i++) {
        const wpara *w = i < r->n ? &r->p[i] : NULL;
        /* the photos that stand here, each captioned by the caption paragraph after it (which is
         * then no body text) or by its own description */
        int captioned = 0;
        for (size_t k = 0; k < r->info->n_images; k++) {
            jb_docx_image *img = &r->info->images[k];
            const char *cap = img->alt ? img->alt : "";
            if (img->before != i && !(i == first_body && img->before < first_body))
                continue;
            if (img->data == NULL)
                continue;
            if (w && w->kind == PK_CAPTION && !captioned) {
                cap = w->text;
                captioned = 1;
            }
            buf_str(out, "\n![");
            md_text(out, cap, strlen(cap));
            buf_str(out, "](");
            buf_str(out, img->name);
            buf_str(out, ")\n");
            img->placed = 1;
        }
        if (w == NULL || captioned)
            continue;
        if (w->table_row) {
            gfm_row(out, w);
            continue;
        }
        buf_str(out, "\n");
        if ((w->kind == PK_HEADING) ||
            (w->all_bold && w->bold_len > 0 && count_chars(w->text) <= 40)) {
            buf_str(out, "## ");
            md_text(out, w->text, strlen(w->text));
        } else if (bold_lead(w)) {
            buf_str(out, "## ");
            md_text(out, w->text, w->bold_len);
            buf_str(out, "\n\n");
            md_text(out, w->text + w->bold_len, strlen(w->text + w->bold_len));
        } else {
            md_text(out, w->text, strlen(w->text));
        }
        buf_str(out, "\n");
    }
}

static void
reader_fini(reader *r)
{
    styles_fini(&r->st);
    numbering_fini(&r->nb);
    xmlFreeDoc(r->rels);
    for (size_t i = 0; i < r->n; i++)
        free(r->p[i].text);
    free(r->p);
    free(r->finstr.s);
    free(r->cur.s);
    free(r->rowbuf.s);
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

/* Reads and parses the XML part called part (NULL *out when absent). */
static jb_status
load_xml(archive *a, const char *part, xmlDoc **out, jb_diag *d)
{
    char *text;
    size_t len;
    jb_status st;
    *out = NULL;
    if ((st = read_part(a, part, &text, &len, d)) != JB_OK || text == NULL)
        return st;
    st = parse_xml(a->name, part, text, len, out, d);
    free(text);
    return st;
}

/* Counts headers and footers holding text: their parts are listed in the relationships. */
static jb_status
count_headers(reader *r, jb_diag *d)
{
    const xmlNode *root = r->rels ? xmlDocGetRootElement(r->rels) : NULL;
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        const char *ty = is_el(c, "Relationship") ? attr(c, "Type") : NULL;
        const char *target = attr(c, "Target");
        char part[512];
        xmlDoc *x;
        jb_status st;
        if (!ty || !target || (!strstr(ty, "/header") && !strstr(ty, "/footer")))
            continue;
        snprintf(part, sizeof part, "word/%s", target[0] == '/' ? target + 6 : target);
        if ((st = load_xml(r->ar, part, &x, d)) != JB_OK)
            return st;
        if (x && has_text(xmlDocGetRootElement(x)))
            r->info->headers++;
        xmlFreeDoc(x);
    }
    return JB_OK;
}

jb_status
jb_docx_read(const char *name, const char *bytes, size_t len, size_t max_text, jb_source **src,
             jb_doc **doc, int *imported, jb_import_info *imp, jb_docx_info *info, jb_diag *d)
{
    reader r;
    archive a = {NULL, name, 0};
    zip_error_t ze;
    zip_source_t *zs;
    xmlDoc *x = NULL;
    jb_status st = JB_OK;
    char *vals[N_PROPS] = {NULL};
    buf out = {0};

    memset(&r, 0, sizeof r);
    r.name = name;
    r.ar = &a;
    r.info = info;
    *src = NULL;
    *doc = NULL;
    *imported = 0;
    if (len > JB_DOCX_MAX_FILE)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_LIMIT,
                           "refused: the Word document is %zu bytes, over the limit of %u MiB", len,
                           JB_DOCX_MAX_FILE >> 20);
    if ((st = dx_ready(name, d)) != JB_OK)
        return st;
    zip_error_init(&ze);
    if ((zs = zip_source_buffer_create(bytes, len, 0, &ze)) == NULL) {
        zip_error_fini(&ze);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    a.za = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (a.za == NULL) {
        int code = zip_error_code_zip(&ze);
        zip_source_free(zs);
        zip_error_fini(&ze);
        return zip_fail(d, name, code);
    }
    zip_error_fini(&ze);
    if (zip_get_num_entries(a.za, 0) > JB_DOCX_MAX_ENTRIES) {
        st = jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_LIMIT,
                         "refused: the zip has %lld entries, over the limit of %d",
                         (long long)zip_get_num_entries(a.za, 0), JB_DOCX_MAX_ENTRIES);
        goto done;
    }
    if (zip_name_locate(a.za, "word/document.xml", ZIP_FL_NOCASE) < 0) {
        int odt = zip_name_locate(a.za, "content.xml", 0) >= 0;
        st = jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                         odt ? "convert it: soffice --headless --convert-to docx FILE"
                             : "give a .docx, a report (.md) or an article (.txt)",
                         odt ? "an OpenDocument file named .docx: it is read through LibreOffice "
                               "when named .odt"
                             : "a zip archive but not a Word document (no word/document.xml)");
        goto done;
    }
    if ((st = load_xml(&a, "word/styles.xml", &x, d)) != JB_OK)
        goto done;
    if (x && styles_load(x, &r.st) != JB_OK)
        r.oom = 1;
    xmlFreeDoc(x);
    if ((st = load_xml(&a, "word/numbering.xml", &x, d)) != JB_OK)
        goto done;
    if (x && numbering_load(x, &r.nb) != JB_OK)
        r.oom = 1;
    xmlFreeDoc(x);
    if ((st = load_xml(&a, "word/_rels/document.xml.rels", &r.rels, d)) != JB_OK)
        goto done;
    if ((st = load_xml(&a, "docProps/custom.xml", &x, d)) != JB_OK)
        goto done;
    read_custom(x, vals);
    xmlFreeDoc(x);
    if ((st = count_headers(&r, d)) != JB_OK)
        goto done;
    if ((st = load_xml(&a, "word/document.xml", &x, d)) != JB_OK)
        goto done;
    {
        const xmlNode *body = child(xmlDocGetRootElement(x), "body");
        if (body)
            walk_block(&r, body);
    }
    xmlFreeDoc(x);
    if (r.oom) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    info->paragraphs = (int)r.n;
    if (r.n == 0) {
        st = jb_diag_set(d, JB_ERR_FORMAT, name, 0, 0, NULL, "the Word document holds no text");
        goto done;
    }
    compose(&r, vals, &out, &info->structured);
    if (out.oom) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    if ((st = jb_source_from_memory_max(name, out.s, out.n, "UTF-8", max_text, src, d)) != JB_OK)
        goto done;
    if (info->structured) {
        st = jb_parse(*src, doc, d);
    } else {
        *imported = 1;
        st = jb_import(*src, doc, imp, d);
        for (size_t k = 0; st == JB_OK && k < N_PROPS; k++) {
            jb_text *t = jb_doc_field(*doc, prop_keys[k]);
            int rc = 0;
            if (vals[k] && *vals[k] && strcmp(prop_keys[k], "date") == 0 &&
                !(*doc)->masthead.date.n && date_like(vals[k]))
                rc = jb_doc_set_field(*doc, "date", vals[k]);
            else if (vals[k] && *vals[k] && t && t->n == 0)
                rc = jb_doc_set_field(*doc, prop_keys[k], vals[k]);
            if (rc == -3)
                st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
done:
    for (size_t k = 0; k < N_PROPS; k++)
        free(vals[k]);
    free(out.s);
    reader_fini(&r);
    zip_discard(a.za);
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
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, HINT_LIMIT,
                           "refused: the Word document is %lld bytes, over the limit of %u MiB",
                           (long long)sb.st_size, JB_DOCX_MAX_FILE >> 20);
    if ((f = jb_source_fopen_regular(path, "rb")) == NULL)
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, NULL, "cannot read the file: %s",
                           strerror(errno));
    rc = jb_source_read_all(f, (size_t)sb.st_size + 1, JB_DOCX_MAX_FILE, &b, len);
    fclose(f);
    if (rc == -2) /* it grew past the limit since its size was read */
        return jb_diag_set(d, JB_ERR_INPUT, shown, 0, 0, HINT_LIMIT,
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
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, HINT_LIMIT,
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
    buf b = {0};
    int any = 0;
    if (i->converted[0])
        buf_fmt(&b, "%s; ", i->converted);
    buf_fmt(&b, "Word document: %d paragraphs, %s", i->paragraphs,
            i->structured ? "title and heads from its styles" : "structure found by import");
    if (i->numbered)
        buf_fmt(&b, ", %d numbered", i->numbered);
    if (i->text_boxes)
        buf_fmt(&b, ", %d text box%s read", i->text_boxes, i->text_boxes == 1 ? "" : "es");
    if (i->tables)
        buf_fmt(&b, ", %d table%s", i->tables, i->tables == 1 ? "" : "s");
    if (i->insertions || i->deletions)
        buf_fmt(&b, ", tracked changes accepted");
    {
        size_t placed = 0;
        for (size_t k = 0; k < i->n_images; k++)
            placed += i->images[k].placed != 0;
        if (placed)
            buf_fmt(&b, ", %zu photo%s placed where %s", placed, placed == 1 ? "" : "s",
                    placed == 1 ? "it stands" : "they stand");
    }
#define LEFT(cond, ...)                                                                            \
    if (cond) {                                                                                    \
        buf_str(&b, any++ ? ", " : "; left out: ");                                                \
        buf_fmt(&b, __VA_ARGS__);                                                                  \
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
                buf_fmt(&b, "%s%s (%zu bytes, %.1f×%.1f cm, paragraph %d)", shown++ ? ", " : ": ",
                        i->images[k].name, i->images[k].bytes, i->images[k].w_cm, i->images[k].h_cm,
                        i->images[k].paragraph);
    }
#undef LEFT
    snprintf(out, size, "%s", b.s ? b.s : "");
    if (b.s && b.n >= size && size > 4)
        memcpy(out + size - 4, "…", 4);
    free(b.s);
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
