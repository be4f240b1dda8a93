/* docx — the Word document's container and XML (the module libjianbao-word.so, linked against
 * libzip and libxml2 and loaded by plugin.c only when a Word document is read): the zip under its
 * limits, styles, numbering, the body's paragraphs with what Word knew, composed into report or
 * article text. */
#include "docx_int.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "buf.h"
#include "utf8.h"

/* ---- the document's paragraphs ---- */

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
        r->cur_bold = r->cur.len;
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
                r->finstr.len = 0;
                if (r->finstr.data)
                    r->finstr.data[0] = '\0';
            } else if (ty && strcmp(ty, "separate") == 0 && r->fdepth > 0 && r->fdepth <= 16) {
                const char *in = r->finstr.data ? r->finstr.data : "";
                r->fsep[r->fdepth - 1] = 1;
                /* a hyperlink's text is the report's text; other fields are Word's own */
                r->fshow[r->fdepth - 1] = is_hyperlink(in);
                if (!r->fshow[r->fdepth - 1])
                    note_field(r, in);
            } else if (ty && strcmp(ty, "end") == 0 && r->fdepth > 0) {
                if (r->fdepth <= 16 && !r->fsep[r->fdepth - 1])
                    note_field(r, r->finstr.data ? r->finstr.data : "");
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

wpara *
para_add(reader *r)
{
    if (jb_grow(&r->p, &r->cap, r->n + 1, sizeof *r->p) != 0) {
        r->oom = 1;
        return NULL;
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
    r->cur.len = 0;
    if (r->cur.data)
        r->cur.data[0] = '\0';
    r->cur_bold_open = 1;
    r->cur_bold = 0;
    r->cur_any_plain = 0;
    r->cur_sz = 0;
    walk_inline(r, p, pst, bold, sz, &bx);
    if (r->cur.fail)
        r->oom = 1;
    if (num_id > 0 && r->cur.len > 0) {
        number_text(&r->nb, num_id, ilvl < 0 ? 0 : ilvl, &nt, &suff);
        if (nt.fail)
            r->oom = 1;
    }
    if (r->row) { /* a table cell: its paragraphs join (a space only between Latin ones) */
        if (r->cur.len) {
            r->row_text = 1;
            r->row_plain |= r->cur_any_plain;
            if (r->rowbuf.len && isalnum((unsigned char)r->rowbuf.data[r->rowbuf.len - 1]) &&
                isalnum((unsigned char)(nt.len ? nt.data[0] : r->cur.data[0])))
                buf_str(&r->rowbuf, " ");
            if (nt.len)
                buf_add(&r->rowbuf, nt.data, nt.len);
            buf_add(&r->rowbuf, r->cur.data, r->cur.len);
        }
    } else if (r->cur.len) {
        wpara *w = para_add(r);
        buf line = {0};
        if (w) {
            size_t nl = 0;
            if (nt.len) {
                buf_add(&line, nt.data, nt.len);
                /* a tab or space after the number matters only between Latin characters */
                if (suff != 2 && ((unsigned char)nt.data[nt.len - 1] < 0x80) &&
                    (unsigned char)r->cur.data[0] < 0x80)
                    buf_str(&line, " ");
                nl = line.len;
                r->info->numbered++;
            }
            buf_add(&line, r->cur.data, r->cur.len);
            if (line.fail) {
                r->oom = 1;
                free(line.data);
                r->n--;
            } else {
                w->text = line.data;
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
                    w->numbered = nt.len > 0;
                    if (heading)
                        r->info->headings++;
                }
            }
        }
    }
    free(nt.data);
    for (int i = 0; i < bx.n; i++) { /* the text boxes anchored here, after it */
        r->info->text_boxes++;
        walk_block(r, bx.v[i]);
    }
}

static int
toc_sdt(const xmlNode *sdt)
{
    const xmlNode *g = child(child(child(sdt, "sdtPr"), "docPartObj"), "docPartGallery");
    const char *v = attr(g, "val");
    return v && strstr(v, "Table of Contents") != NULL;
}

void
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

static void
reader_fini(reader *r)
{
    styles_fini(&r->st);
    numbering_fini(&r->nb);
    xmlFreeDoc(r->rels);
    for (size_t i = 0; i < r->n; i++)
        free(r->p[i].text);
    free(r->p);
    free(r->finstr.data);
    free(r->cur.data);
    free(r->rowbuf.data);
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

/* Opens the zip of bytes (len) into a->za under its limits: a Word document's, with
 * word/document.xml. */
static jb_status
open_zip(archive *a, const char *bytes, size_t len, jb_diag *d)
{
    const char *name = a->name;
    zip_error_t ze;
    zip_source_t *zs;

    if (len > JB_DOCX_MAX_FILE)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_LIMIT,
                           "refused: the Word document is %zu bytes, over the limit of %u MiB", len,
                           JB_DOCX_MAX_FILE >> 20);
    zip_error_init(&ze);
    if ((zs = zip_source_buffer_create(bytes, len, 0, &ze)) == NULL) {
        zip_error_fini(&ze);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    a->za = zip_open_from_source(zs, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (a->za == NULL) {
        int code = zip_error_code_zip(&ze);
        zip_source_free(zs);
        zip_error_fini(&ze);
        return zip_fail(d, name, code);
    }
    zip_error_fini(&ze);
    if (zip_get_num_entries(a->za, 0) > JB_DOCX_MAX_ENTRIES)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0, HINT_LIMIT,
                           "refused: the zip has %lld entries, over the limit of %d",
                           (long long)zip_get_num_entries(a->za, 0), JB_DOCX_MAX_ENTRIES);
    if (zip_name_locate(a->za, "word/document.xml", ZIP_FL_NOCASE) < 0) {
        int odt = zip_name_locate(a->za, "content.xml", 0) >= 0;
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                           odt ? "convert it: soffice --headless --convert-to docx FILE"
                               : "give a .docx, a report (.md) or an article (.txt)",
                           odt ? "an OpenDocument file named .docx: it is read through "
                                 "LibreOffice when named .odt"
                               : "a zip archive but not a Word document (no word/document.xml)");
    }
    return JB_OK;
}

/* Reads the parts around the body: styles, numbering, relationships, custom properties (into
 * vals), headers and footers; then walks the body into r's paragraphs. */
static jb_status
read_parts(reader *r, archive *a, char **vals, jb_diag *d)
{
    xmlDoc *x = NULL;
    jb_status st;

    if ((st = load_xml(a, "word/styles.xml", &x, d)) != JB_OK)
        return st;
    if (x && styles_load(x, &r->st) != JB_OK)
        r->oom = 1;
    xmlFreeDoc(x);
    if ((st = load_xml(a, "word/numbering.xml", &x, d)) != JB_OK)
        return st;
    if (x && numbering_load(x, &r->nb) != JB_OK)
        r->oom = 1;
    xmlFreeDoc(x);
    if ((st = load_xml(a, "word/_rels/document.xml.rels", &r->rels, d)) != JB_OK ||
        (st = load_xml(a, "docProps/custom.xml", &x, d)) != JB_OK)
        return st;
    read_custom(x, vals);
    xmlFreeDoc(x);
    if ((st = count_headers(r, d)) != JB_OK ||
        (st = load_xml(a, "word/document.xml", &x, d)) != JB_OK)
        return st;
    {
        const xmlNode *body = child(xmlDocGetRootElement(x), "body");
        if (body)
            walk_block(r, body);
    }
    xmlFreeDoc(x);
    return JB_OK;
}

/* jb_docx_extract: the zip and its XML under the limits, into the composed text. */
static jb_status
extract(const char *name, const char *bytes, size_t len, jb_docx_text *text, jb_docx_info *info,
        jb_diag *d)
{
    reader r;
    archive a = {NULL, name, 0};
    jb_status st;
    char **vals = text->props;
    buf out = {0};

    memset(&r, 0, sizeof r);
    r.name = name;
    r.ar = &a;
    r.info = info;
    memset(text, 0, sizeof *text);
    if ((st = open_zip(&a, bytes, len, d)) != JB_OK || (st = read_parts(&r, &a, vals, d)) != JB_OK)
        goto done;
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
    if (out.fail) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    drop_undated(vals); /* the import path would print a date property that reads as none */
    text->text = out.data;
    text->len = out.len;
    text->structured = info->structured;
    out.data = NULL;
done:
    if (st != JB_OK)
        jb_docx_text_fini(text);
    free(out.data);
    reader_fini(&r);
    zip_discard(a.za);
    return st;
}

void
jb_docx_text_fini(jb_docx_text *t)
{
    free(t->text);
    for (size_t k = 0; k < JB_DOCX_N_PROPS; k++)
        free(t->props[k]);
    memset(t, 0, sizeof *t);
}

static const jb_word_api api = {extract, jb_docx_text_fini};

JB_PLUGIN_EXPORT const void *
jb_plugin_word(int abi)
{
    /* libxml2 is initialised once for the process by the core before the module loads
     * (plugin.c, shared with the ofd module) */
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
