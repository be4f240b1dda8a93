/* ofd_pkg — the ofd module (libjianbao-ofd.so, plugin.h): the OFD package (GB/T 33190-2016), its
 * XML parts by libxml2's writer, the zip by libzip, from what the core prepared (ofd.c). */
#include "ofd.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "plugin.h"
#include "utf8.h"

#define OFD_NS "http://www.ofdspec.org/2016"
#define PT_MM  (25.4 / 72.0)

/* ---- one XML part */

typedef struct {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    int rc; /* negative once any call failed */
} part;

static int
part_open(part *p, const char *root)
{
    p->rc = 0;
    p->buf = xmlBufferCreate();
    p->w = p->buf ? xmlNewTextWriterMemory(p->buf, 0) : NULL;
    if (p->w == NULL)
        return -1;
    p->rc |= xmlTextWriterStartDocument(p->w, NULL, "UTF-8", NULL);
    p->rc |= xmlTextWriterStartElement(p->w, BAD_CAST root);
    p->rc |= xmlTextWriterWriteAttribute(p->w, BAD_CAST "xmlns:ofd", BAD_CAST OFD_NS);
    return p->rc < 0 ? -1 : 0;
}

static void
part_free(part *p)
{
    if (p->w)
        xmlFreeTextWriter(p->w);
    if (p->buf)
        xmlBufferFree(p->buf);
    memset(p, 0, sizeof *p);
}

static void
start(part *p, const char *name)
{
    if (p->rc >= 0)
        p->rc |= xmlTextWriterStartElement(p->w, BAD_CAST name);
}

static void
end(part *p)
{
    if (p->rc >= 0)
        p->rc |= xmlTextWriterEndElement(p->w);
}

static void
attr(part *p, const char *name, const char *value)
{
    if (p->rc >= 0)
        p->rc |= xmlTextWriterWriteAttribute(p->w, BAD_CAST name, BAD_CAST value);
}

static void
elem(part *p, const char *name, const char *text)
{
    if (p->rc >= 0 && text != NULL)
        p->rc |= xmlTextWriterWriteElement(p->w, BAD_CAST name, BAD_CAST text);
}

static void
attr_id(part *p, const char *name, unsigned id)
{
    char s[16];
    snprintf(s, sizeof s, "%u", id);
    attr(p, name, s);
}

/* A number of millimetres with at most three decimals and no trailing zeros, at out (which
 * holds 24 bytes); returns the end. Written by hand: no locale. */
static char *
put_mm(char *out, double v)
{
    long m = lround(v * 1000);
    char *p = out + sprintf(out, "%s%ld", m < 0 ? "-" : "", labs(m) / 1000);
    if (labs(m) % 1000) {
        p += sprintf(p, ".%03ld", labs(m) % 1000);
        while (p[-1] == '0')
            *--p = '\0';
    }
    return p;
}

/* Several numbers separated by spaces, as one attribute (ST_Array or ST_Box). */
static void
attr_nums(part *p, const char *name, const double *v, size_t n)
{
    char s[24 * 8], *q = s;
    for (size_t i = 0; i < n && i < 8; i++) {
        if (i)
            *q++ = ' ';
        q = put_mm(q, v[i]);
    }
    attr(p, name, s);
}

/* ---- the page */

typedef jb_ofd_font ofd_font;

/* The advance of cp in font f at size, in points (the subset's width, as the PDF has it). */
static double
advance_pt(const ofd_font *f, uint32_t cp, double size)
{
    size_t k = jb_page_char_index(f->chars, f->n, cp);
    return k < f->n ? f->sub.width[k] * size / 1000.0 : size;
}

static void
color(part *p, const char *name, const double *rgb)
{
    double v[3];
    char s[48];
    for (int i = 0; i < 3; i++)
        v[i] = lround(rgb[i] * 255);
    snprintf(s, sizeof s, "%d %d %d", (int)v[0], (int)v[1], (int)v[2]);
    start(p, name);
    attr(p, "Value", s);
    end(p);
}

/* A run of glyphs of one line with the same font, size, colour, stroke and scaling: one
 * TextObject whose Boundary is the run's box (em box from the baseline up, a fifth below), its
 * TextCode the characters with the distance from each glyph to the next in DeltaX. */
static void
text_object(part *p, const jb_page *pg, const double (*rgb)[3], const jb_glyph *g, size_t n,
            const ofd_font *f, unsigned id)
{
    const double size = g->size, th = g->hscale ? g->hscale / 100.0 : 1.0;
    double last = advance_pt(f, g[n - 1].cp, size) * th;
    double box[4] = {g->x * PT_MM, (pg->h_pt - g->y - size) * PT_MM,
                     (g[n - 1].x + last - g->x) * PT_MM, size * 1.2 * PT_MM};
    double xy[2] = {0, size * PT_MM};
    char *text = malloc(n * 4 + 1), *delta = malloc(n * 24 + 1), *q = delta;
    size_t k = 0;

    if (text == NULL || delta == NULL) {
        p->rc = -1;
        free(text);
        free(delta);
        return;
    }
    start(p, "ofd:TextObject");
    attr_id(p, "ID", id);
    attr_nums(p, "Boundary", box, 4);
    attr_id(p, "Font", f->id);
    attr_nums(p, "Size", (double[]){size * PT_MM}, 1);
    if (f->sub.weight != 400 && f->sub.weight >= 100 && f->sub.weight <= 900) {
        char w[16];
        snprintf(w, sizeof w, "%d", (f->sub.weight + 50) / 100 * 100);
        attr(p, "Weight", w); /* Weight: the face's, so a reader drawing with its own fonts
                                 takes the bold one */
    }
    if (g->stroke) {
        attr(p, "Stroke", "true");
        attr_nums(p, "LineWidth", (double[]){g->stroke * size / 1000.0 * PT_MM}, 1);
    }
    if (th != 1.0) {
        char s[16];
        snprintf(s, sizeof s, "%d.%02d", g->hscale / 100, g->hscale % 100);
        attr(p, "HScale", s);
    }
    color(p, "ofd:FillColor", rgb[g->color]);
    if (g->stroke)
        color(p, "ofd:StrokeColor", rgb[g->color]);
    for (size_t i = 0; i < n; i++) {
        k += jb_utf8_encode(g[i].cp, text + k);
        if (i + 1 < n) {
            /* from rounded position to rounded position: no drift along the line */
            double a = lround((g[i].x - g->x) * PT_MM * 1000) / 1000.0;
            double b = lround((g[i + 1].x - g->x) * PT_MM * 1000) / 1000.0;
            if (i)
                *q++ = ' ';
            q = put_mm(q, b - a);
        }
    }
    text[k] = '\0';
    *q = '\0';
    start(p, "ofd:TextCode");
    attr_nums(p, "X", xy, 1);
    attr_nums(p, "Y", xy + 1, 1);
    if (n > 1)
        attr(p, "DeltaX", delta);
    if (p->rc >= 0)
        p->rc |= xmlTextWriterWriteString(p->w, BAD_CAST text);
    end(p);
    end(p);
    free(text);
    free(delta);
}

/* Content.xml of page `on` of pg: rules, photos, then the text line by line. *next is the next
 * free ID; image_ids[i] the resource of photo i. */
static void
page_part(part *p, const jb_page *pg, int on, const double (*rgb)[3], const ofd_font *fonts,
          const unsigned *image_ids, unsigned *next)
{
    start(p, "ofd:Content");
    start(p, "ofd:Layer");
    attr_id(p, "ID", (*next)++);
    for (size_t i = 0; i < pg->n_rules; i++) {
        const jb_rule *r = &pg->rules[i];
        if (r->page != on)
            continue;
        double x0 = fmin(r->x0, r->x1), x1 = fmax(r->x0, r->x1);
        double y0 = fmax(r->y0, r->y1), y1 = fmin(r->y0, r->y1), hw = r->width / 2;
        double box[4] = {(x0 - hw) * PT_MM, (pg->h_pt - y0 - hw) * PT_MM,
                         (x1 - x0 + r->width) * PT_MM, (y0 - y1 + r->width) * PT_MM};
        char d[160], *q = d;
        start(p, "ofd:PathObject");
        attr_id(p, "ID", (*next)++);
        attr_nums(p, "Boundary", box, 4);
        attr_nums(p, "LineWidth", (double[]){r->width * PT_MM}, 1);
        color(p, "ofd:StrokeColor", rgb[r->color]);
        q += sprintf(q, "M ");
        q = put_mm(q, (r->x0 - x0 + hw) * PT_MM);
        *q++ = ' ';
        q = put_mm(q, (y0 - r->y0 + hw) * PT_MM);
        q += sprintf(q, " L ");
        q = put_mm(q, (r->x1 - x0 + hw) * PT_MM);
        *q++ = ' ';
        q = put_mm(q, (y0 - r->y1 + hw) * PT_MM);
        elem(p, "ofd:AbbreviatedData", d);
        end(p);
    }
    for (size_t i = 0; i < pg->n_images; i++) {
        const jb_page_image *im = &pg->images[i];
        if (im->page != on)
            continue;
        double box[4] = {im->x * PT_MM, (pg->h_pt - im->y - im->h) * PT_MM, im->w * PT_MM,
                         im->h * PT_MM};
        double ctm[6] = {im->w * PT_MM, 0, 0, im->h * PT_MM, 0, 0};
        start(p, "ofd:ImageObject");
        attr_id(p, "ID", (*next)++);
        attr_nums(p, "Boundary", box, 4);
        attr_nums(p, "CTM", ctm, 6);
        attr_id(p, "ResourceID", image_ids[i]);
        end(p);
    }
    for (size_t l = 0; l < pg->n_lines; l++) {
        const jb_page_line *ln = &pg->lines[l];
        const jb_glyph *g = pg->glyphs + ln->first_glyph;
        if (ln->page != on)
            continue;
        for (size_t i = 0; i < ln->n_glyphs;) {
            size_t j = i + 1;
            while (j < ln->n_glyphs && g[j].font == g[i].font && g[j].size == g[i].size &&
                   g[j].color == g[i].color && g[j].stroke == g[i].stroke &&
                   g[j].hscale == g[i].hscale && g[j].y == g[i].y)
                j++;
            text_object(p, pg, rgb, g + i, j - i, &fonts[g[i].font], (*next)++);
            i = j;
        }
    }
    end(p);
    end(p);
}

/* ---- the package */

/* The font files are deflated at level 1: glyph programs deflate little at any level, and on the
 * sample level 6 took 25 M instructions (a sixth of the whole OFD) for 2 % fewer bytes. */
#define FONT_LEVEL 1

typedef struct {
    char name[64];
    const void *data;
    size_t len;
    int level; /* deflate level; 0: stored (a JPEG is compressed already) */
} entry;

/* A 128-bit hash (two FNV-1a 64) of the parts, as the document's ID: same content, same ID. */
static void
doc_id(const entry *e, size_t n, char out[33])
{
    uint64_t h[2] = {14695981039346656037ull, 14695981039346656037ull ^ 0x9E3779B97F4A7C15ull};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < e[i].len; k++)
            for (int j = 0; j < 2; j++) {
                h[j] ^= ((const unsigned char *)e[i].data)[k];
                h[j] *= 1099511628211ull;
            }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

/* Zips the entries in memory, with fixed times (1980-01-01) so that runs agree byte for byte. */
static jb_status
zip_all(const entry *e, size_t n, char **data, size_t *len, jb_diag *d)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_int64_t size;

    zip_error_init(&ze);
    if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
        goto nomem;
    zip_source_keep(src);
    if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
        zip_source_free(src);
        goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(za, e[i].data, e[i].len, 0);
        zip_int64_t idx = s ? zip_file_add(za, e[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0 ||
            zip_set_file_compression(za, (zip_uint64_t)idx,
                                     e[i].level ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                     (zip_uint32_t)e[i].level) != 0 ||
            zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (0 << 9) | (1 << 5) | 1, 0) != 0) {
            if (s && idx < 0)
                zip_source_free(s);
            zip_discard(za);
            zip_source_free(src);
            goto nomem;
        }
    }
    if (zip_close(za) != 0) {
        jb_status st = jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, NULL,
                                   "libzip cannot build the OFD package: %s", zip_strerror(za));
        zip_discard(za);
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    if (zip_source_open(src) != 0 || zip_source_seek(src, 0, SEEK_END) != 0 ||
        (size = zip_source_tell(src)) < 0 || zip_source_seek(src, 0, SEEK_SET) != 0 ||
        (*data = malloc(size ? (size_t)size : 1)) == NULL ||
        zip_source_read(src, *data, (zip_uint64_t)size) != size) {
        free(*data);
        *data = NULL;
        zip_source_free(src);
        goto nomem;
    }
    *len = (size_t)size;
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return JB_OK;
nomem:
    zip_error_fini(&ze);
    return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory building the OFD package");
}

static const char *
part_text(const part *p)
{
    return (const char *)xmlBufferContent(p->buf);
}

/* Ends the document and makes p an entry named name. */
static void
finish(part *p, entry *e, const char *name)
{
    e->level = 6; /* zlib's default */
    if (p->rc >= 0)
        p->rc |= xmlTextWriterEndDocument(p->w);
    snprintf(e->name, sizeof e->name, "%s", name);
    if (p->rc >= 0) {
        e->data = part_text(p);
        e->len = (size_t)xmlBufferLength(p->buf);
    }
}

enum { P_OFD, P_DOC, P_PUBRES, P_DOCRES, P_PAGE, N_PARTS };

static jb_status
package(const jb_ofd_input *in, char **data, size_t *len, jb_diag *d)
{
    const jb_page *pg = in->page;
    const jb_pdf_info *info = in->info;
    ofd_font *fonts = in->fonts;
    part parts[N_PARTS];
    entry *ents = NULL;
    unsigned *image_ids = NULL, next = 1, page_ids[256];
    size_t n_ents = 0, n_fonts = 0;
    int n_pages = jb_page_count(pg) < 256 ? jb_page_count(pg) : 256;
    part *more = NULL; /* the pages after the first */
    char id[33], box[64], date[16] = "";
    jb_status st = JB_OK;

    *data = NULL;
    *len = 0;
    memset(parts, 0, sizeof parts);
    ents = calloc(N_PARTS + JB_FONT_SLOTS + pg->n_images + (size_t)n_pages, sizeof *ents);
    image_ids = calloc(pg->n_images + 1, sizeof *image_ids);
    more = calloc((size_t)n_pages, sizeof *more);
    if (ents == NULL || image_ids == NULL || more == NULL)
        goto nomem;
    n_ents = N_PARTS;

    /* the fonts: IDs 1.., their files in Doc_0/Res */
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        ofd_font *f = &fonts[r];
        if (f->n == 0)
            continue;
        f->id = next++;
        n_fonts++;
        entry *e = &ents[n_ents++];
        snprintf(e->name, sizeof e->name, "Doc_0/Res/font_%u.%s", f->id,
                 f->sub.cff ? "otf" : "ttf");
        e->data = f->sub.data, e->len = f->sub.len;
        e->level = FONT_LEVEL;
    }
    /* the photos: a JPEG each (the core composited any transparency onto the page white) */
    for (size_t i = 0; i < pg->n_images; i++) {
        entry *e = &ents[n_ents++];
        image_ids[i] = next++;
        snprintf(e->name, sizeof e->name, "Doc_0/Res/image_%u.jpg", image_ids[i]);
        e->data = in->images[i], e->len = in->image_lens[i];
    }

    /* the pages: the first in its place among the parts, the others after the photos */
    for (int q = 0; q < n_pages; q++) {
        part *pp = q == 0 ? &parts[P_PAGE] : &more[q];
        char name[64];
        page_ids[q] = next++;
        if (part_open(pp, "ofd:Page") != 0)
            goto nomem;
        page_part(pp, pg, q, in->rgb, fonts, image_ids, &next);
        end(pp);
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%d/Content.xml", q);
        finish(pp, q == 0 ? &ents[P_PAGE] : &ents[n_ents++], name);
        if (pp->rc < 0)
            goto nomem;
    }

    /* the resources */
    if (part_open(&parts[P_PUBRES], "ofd:Res") != 0)
        goto nomem;
    attr(&parts[P_PUBRES], "BaseLoc", "Res");
    if (n_fonts) {
        part *p = &parts[P_PUBRES];
        start(p, "ofd:Fonts");
        for (int r = 0; r < JB_FONT_SLOTS; r++) {
            const ofd_font *f = &fonts[r];
            char file[32];
            if (f->id == 0)
                continue;
            start(p, "ofd:Font");
            attr_id(p, "ID", f->id);
            attr(p, "FontName", f->sub.ps_name);
            attr(p, "FamilyName", f->sub.family); /* what a reader without the file looks for */
            if (f->sub.weight >= 600)
                attr(p, "Bold", "true");
            if (f->sub.flags & 2)
                attr(p, "Serif", "true");
            snprintf(file, sizeof file, "font_%u.%s", f->id, f->sub.cff ? "otf" : "ttf");
            elem(p, "ofd:FontFile", file);
            end(p);
        }
        end(p);
    }
    end(&parts[P_PUBRES]);
    finish(&parts[P_PUBRES], &ents[P_PUBRES], "Doc_0/PublicRes.xml");
    if (part_open(&parts[P_DOCRES], "ofd:Res") != 0)
        goto nomem;
    attr(&parts[P_DOCRES], "BaseLoc", "Res");
    if (pg->n_images) {
        part *p = &parts[P_DOCRES];
        start(p, "ofd:MultiMedias");
        for (size_t i = 0; i < pg->n_images; i++) {
            char file[32];
            start(p, "ofd:MultiMedia");
            attr_id(p, "ID", image_ids[i]);
            attr(p, "Type", "Image");
            attr(p, "Format", "JPEG");
            snprintf(file, sizeof file, "image_%u.jpg", image_ids[i]);
            elem(p, "ofd:MediaFile", file);
            end(p);
        }
        end(p);
    }
    end(&parts[P_DOCRES]);
    finish(&parts[P_DOCRES], &ents[P_DOCRES], "Doc_0/DocumentRes.xml");

    /* the document */
    {
        part *p = &parts[P_DOC];
        char max[16];
        if (part_open(p, "ofd:Document") != 0)
            goto nomem;
        start(p, "ofd:CommonData");
        snprintf(max, sizeof max, "%u", next - 1);
        elem(p, "ofd:MaxUnitID", max);
        start(p, "ofd:PageArea");
        {
            char *q = box;
            q = put_mm(q, 0), *q++ = ' ', q = put_mm(q, 0), *q++ = ' ';
            q = put_mm(q, pg->w_pt * PT_MM), *q++ = ' ', put_mm(q, pg->h_pt * PT_MM);
        }
        elem(p, "ofd:PhysicalBox", box);
        end(p);
        elem(p, "ofd:PublicRes", "PublicRes.xml");
        elem(p, "ofd:DocumentRes", "DocumentRes.xml");
        end(p);
        start(p, "ofd:Pages");
        for (int q = 0; q < n_pages; q++) {
            char loc[48];
            snprintf(loc, sizeof loc, "Pages/Page_%d/Content.xml", q);
            start(p, "ofd:Page");
            attr_id(p, "ID", page_ids[q]);
            attr(p, "BaseLoc", loc);
            end(p);
        }
        end(p);
        end(p);
        finish(p, &ents[P_DOC], "Doc_0/Document.xml");
    }

    /* OFD.xml: the entry, with the document information and an ID hashed from the rest */
    for (int i = 0; i < N_PARTS; i++)
        if (parts[i].rc < 0 && i != P_OFD)
            goto nomem;
    doc_id(ents + 1, n_ents - 1, id);
    if (info->date_iso && strlen(info->date_iso) == 10)
        snprintf(date, sizeof date, "%s", info->date_iso);
    {
        part *p = &parts[P_OFD];
        if (part_open(p, "ofd:OFD") != 0)
            goto nomem;
        attr(p, "Version", "1.0");
        attr(p, "DocType", "OFD");
        start(p, "ofd:DocBody");
        start(p, "ofd:DocInfo");
        elem(p, "ofd:DocID", id);
        elem(p, "ofd:Title", info->title);
        elem(p, "ofd:Author", info->author);
        elem(p, "ofd:Subject", info->subject);
        if (date[0]) {
            elem(p, "ofd:CreationDate", date);
            elem(p, "ofd:ModDate", date);
        }
        elem(p, "ofd:Creator", "jianbao");
        elem(p, "ofd:CreatorVersion", JB_VERSION);
        end(p);
        elem(p, "ofd:DocRoot", "Doc_0/Document.xml");
        end(p);
        end(p);
        finish(p, &ents[P_OFD], "OFD.xml");
        if (p->rc < 0)
            goto nomem;
    }
    st = zip_all(ents, n_ents, data, len, d);
    goto done;
nomem:
    st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the OFD");
done:
    for (int i = 0; i < N_PARTS; i++)
        part_free(&parts[i]);
    for (int q = 1; more && q < n_pages; q++)
        part_free(&more[q]);
    free(more);
    free(image_ids);
    free(ents);
    return st;
}

static const jb_ofd_api api = {package};

JB_PLUGIN_EXPORT const void *
jb_plugin_ofd(int abi)
{
    /* libxml2 is initialised once for the process by the core before the module loads
     * (plugin.c, shared with the word module) */
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
