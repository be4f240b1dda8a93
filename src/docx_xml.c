/* docx_xml — the Word document's container and XML for the word module: the zip under its
 * limits, the XML parsed with no DTD, no entities and no network, Word's styles and its
 * automatic numbering (docx_int.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx_int.h"

/* ---- the zip, with its limits ---- */

jb_status
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
jb_status
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
int
is_w(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           ns_ok(n);
}

/* Is n an element called local, whatever its namespace? */
int
is_el(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* The value of attribute local (any namespace), or NULL. Borrowed from the tree. */
const char *
attr(const xmlNode *n, const char *local)
{
    /* only elements have attributes (XML_PARSE_COMPACT keeps short text where they would be) */
    for (const xmlAttr *a = n && n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

const xmlNode *
child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, local))
            return c;
    return NULL;
}

const char *
child_val(const xmlNode *n, const char *local)
{
    return attr(child(n, local), "val");
}

/* A w:b-like toggle: present and not "0"/"false"/"off". -1 when absent. */
int
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

void
styles_fini(styles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].based);
    }
    free(s->v);
}

const style *
style_find(const styles *s, const char *id)
{
    for (size_t i = 0; id && i < s->n; i++)
        if (strcmp(s->v[i].id, id) == 0)
            return &s->v[i];
    return NULL;
}

static int
heading_by_name(const char *name)
{
    if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && !name[9])
        return name[8] - '0';
    if (strncmp(name, "标题 ", 7) == 0 && name[7] >= '1' && name[7] <= '9' && !name[8])
        return name[7] - '0';
    return 0;
}

void
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

jb_status
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
        if (jb_grow(&s->v, &cap, s->n + 1, sizeof *s->v) != 0)
            return JB_ERR_NOMEM;
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

void
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

jb_status
numbering_load(const xmlDoc *x, numbering *nb)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)x);
    size_t ca = 0, cm = 0;

    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (is_w(n, "abstractNum")) {
            abstract_num *a;
            if (jb_grow(&nb->a, &ca, nb->na + 1, sizeof *nb->a) != 0)
                return JB_ERR_NOMEM;
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
            if (jb_grow(&nb->m, &cm, nb->nm + 1, sizeof *nb->m) != 0)
                return JB_ERR_NOMEM;
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
void
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

/* Reads and parses the XML part called part (NULL *out when absent). */
jb_status
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
