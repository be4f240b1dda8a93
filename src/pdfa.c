/* pdfa — the PDF/A-1b parts: sRGB colours and output intent, CIDSet, XMP, a content /ID. */
#include "pdfa.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

/* The sRGB profile of Debian's icc-profiles-free (sRGB.icc, ICC 2.3, Zlib licence), built in by
 * CMake (src/CMakeLists.txt) so that the program reads no file for it. */
extern const unsigned char jb_srgb_icc[];
extern const size_t jb_srgb_icc_len;

void
jb_pdfa_rgb(const double cmyk[4], double rgb[3])
{
    for (int i = 0; i < 3; i++)
        rgb[i] = (1 - cmyk[i]) * (1 - cmyk[3]);
}

HPDF_STATUS
jb_pdfa_cidset(HPDF_Doc pdf, HPDF_Dict desc, const uint16_t *gid, size_t n, int cff)
{
    size_t top = cff ? 0 : n;
    unsigned char *bits;
    HPDF_Dict s;
    HPDF_STATUS rc;

    for (size_t k = 0; cff && k < n; k++)
        top = gid[k] > top ? gid[k] : top;
    if ((bits = calloc(top / 8 + 1, 1)) == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    bits[0] = 0x80; /* CID 0, .notdef */
    for (size_t k = 0; k < n; k++) {
        size_t cid = cff ? gid[k] : 1 + k;
        bits[cid / 8] |= (unsigned char)(0x80 >> (cid % 8));
    }
    s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (s == NULL) {
        free(bits);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    s->filter = HPDF_STREAM_FILTER_NONE;
    rc = HPDF_Stream_Write(s->stream, bits, (HPDF_UINT)(top / 8 + 1));
    free(bits);
    return rc | HPDF_Dict_Add(desc, "CIDSet", s);
}

jb_status
jb_pdfa_flatten(const jb_page_image *im, unsigned char **jpeg, size_t *len, jb_diag *d)
{
    jb_image *img = NULL;
    jb_image_encoded enc;
    jb_status st;

    *jpeg = NULL;
    *len = 0;
    if ((st = jb_image_decode("photo.jpg", im->jpeg, im->jpeg_len, &img, d)) != JB_OK) {
        snprintf(d->file, sizeof d->file, "%s", im->name);
        return st;
    }
    if (img->w != im->px_w || img->h != im->px_h) {
        jb_image_free(img);
        return jb_diag_set(d, JB_ERR_INTERNAL, im->name, 0, 0, NULL,
                           "the photo's pixels and its mask differ in size");
    }
    for (size_t p = 0, n = (size_t)img->w * (size_t)img->h; p < n; p++) {
        unsigned a = im->smask[p];
        for (int c = 0; c < img->channels; c++) {
            unsigned char *v = &img->px[p * (size_t)img->channels + (size_t)c];
            *v = (unsigned char)((*v * a + 255u * (255u - a) + 127u) / 255u);
        }
    }
    st = jb_image_encode(img, img->w, img->h, 92, &enc, d);
    jb_image_free(img);
    if (st != JB_OK)
        return st;
    free(enc.smask);
    *jpeg = enc.jpeg;
    *len = enc.jpeg_len;
    return JB_OK;
}

/* ---- XMP, written straight into the metadata stream */

typedef struct {
    HPDF_Stream out;
    HPDF_STATUS rc;
} xmp_out;

static void
puts_(xmp_out *x, const char *s)
{
    x->rc |= HPDF_Stream_WriteStr(x->out, s);
}

/* s with &, < and > escaped. */
static void
put_escaped(xmp_out *x, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "&<>");
        x->rc |= HPDF_Stream_Write(x->out, (const HPDF_BYTE *)s, (HPDF_UINT)n);
        s += n;
        if (*s)
            puts_(x, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : "&gt;"), s++;
    }
}

static void
put_elem(xmp_out *x, const char *open, const char *value, const char *close)
{
    if (value == NULL)
        return;
    puts_(x, open);
    put_escaped(x, value);
    puts_(x, close);
}

/* The XMP packet: the information dictionary's entries under their XMP names (ISO 19005-1,
 * clause 6.7.3). */
static void
xmp(xmp_out *b, const jb_pdf_info *info, const char *date)
{
    static const char rdf[] = "<rdf:Description rdf:about=\"\" ";
    puts_(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
             "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
             "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    puts_(b, rdf);
    puts_(b, "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
             "<dc:format>application/pdf</dc:format>\n");
    put_elem(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->title,
             "</rdf:li></rdf:Alt></dc:title>\n");
    put_elem(b, "<dc:creator><rdf:Seq><rdf:li>", info->author,
             "</rdf:li></rdf:Seq></dc:creator>\n");
    put_elem(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">", info->subject,
             "</rdf:li></rdf:Alt></dc:description>\n");
    puts_(b, "</rdf:Description>\n");
    puts_(b, rdf);
    puts_(b, "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    put_elem(b, "<xmp:CreatorTool>", info->creator, "</xmp:CreatorTool>\n");
    put_elem(b, "<xmp:CreateDate>", date, "</xmp:CreateDate>\n");
    put_elem(b, "<xmp:ModifyDate>", date, "</xmp:ModifyDate>\n");
    puts_(b, "</rdf:Description>\n");
    puts_(b, rdf);
    puts_(b, "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    put_elem(b, "<pdf:Producer>", info->creator, "</pdf:Producer>\n");
    puts_(b, "</rdf:Description>\n");
    puts_(b, rdf);
    puts_(b, "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
             "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n"
             "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
}

/* ---- the document ID: an MD5 of every stream's bytes and of the metadata */

static HPDF_STATUS
hash_streams(HPDF_Doc pdf, HPDF_MD5_CTX *ctx)
{
    HPDF_List list = pdf->xref->entries;

    for (HPDF_UINT i = 0; i < list->count; i++) {
        HPDF_XrefEntry e = list->obj[i];
        HPDF_Obj_Header *h = e->obj;
        HPDF_Dict dict;
        HPDF_UINT n, got;
        HPDF_BYTE *raw;
        HPDF_STATUS rc;

        if (h == NULL || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
            continue;
        dict = e->obj;
        if (dict->stream == NULL)
            continue;
        n = got = HPDF_Stream_Size(dict->stream);
        if ((raw = malloc(n ? n : 1)) == NULL)
            return HPDF_FAILD_TO_ALLOC_MEM;
        rc = HPDF_Stream_Seek(dict->stream, 0, HPDF_SEEK_SET);
        if (rc == HPDF_OK && n > 0) {
            rc = HPDF_Stream_Read(dict->stream, raw, &got);
            if (rc == HPDF_STREAM_EOF && got == n)
                rc = HPDF_OK;
        }
        if (rc == HPDF_OK)
            HPDF_MD5Update(ctx, raw, (HPDF_UINT32)n);
        free(raw);
        if (rc != HPDF_OK)
            return rc;
    }
    return HPDF_OK;
}

HPDF_STATUS
jb_pdfa_finish(HPDF_Doc pdf, const jb_pdf_info *info, struct libdeflate_compressor *z)
{
    char date[40] = "", pdfdate[40] = "";
    HPDF_Dict meta = NULL, icc = NULL, intent = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr), id = HPDF_Array_New(pdf->mmgr);
    HPDF_MD5_CTX ctx;
    HPDF_BYTE digest[16];
    HPDF_STATUS rc = HPDF_OK;

    if (intent == NULL || intents == NULL || id == NULL || pdf->info == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (info->date_iso != NULL && strlen(info->date_iso) == 10) {
        const char *s = info->date_iso; /* YYYY-MM-DD, checked by the parser */
        snprintf(date, sizeof date, "%sT00:00:00+00:00", s);
        snprintf(pdfdate, sizeof pdfdate, "D:%.4s%.2s%.2s000000+00'00'", s, s + 5, s + 8);
        rc |= HPDF_Dict_Add(pdf->info, "CreationDate", HPDF_String_New(pdf->mmgr, pdfdate, NULL));
        rc |= HPDF_Dict_Add(pdf->info, "ModDate", HPDF_String_New(pdf->mmgr, pdfdate, NULL));
    }

    /* the metadata, uncompressed (ISO 19005-1 clause 6.7.2 forbids a filter on it) */
    if ((meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    meta->filter = HPDF_STREAM_FILTER_NONE;
    rc |= HPDF_Dict_AddName(meta, "Type", "Metadata");
    rc |= HPDF_Dict_AddName(meta, "Subtype", "XML");
    {
        xmp_out x = {meta->stream, HPDF_OK};
        xmp(&x, info, date[0] ? date : NULL);
        rc |= x.rc;
    }
    rc |= HPDF_Dict_Add(pdf->catalog, "Metadata", meta);

    /* the output intent: sRGB, which the page's colours are given in */
    if ((icc = HPDF_DictStream_New(pdf->mmgr, pdf->xref)) == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    rc |= HPDF_Dict_AddNumber(icc, "N", 3);
    rc |= jb_pdf_put_deflated(icc, jb_srgb_icc, jb_srgb_icc_len, z);
    rc |= HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    rc |= HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    rc |= HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                        HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    rc |= HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    rc |= HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    rc |= HPDF_Array_Add(intents, intent);
    rc |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);

    /* the ID: the same content, the same ID; two runs give the same bytes */
    HPDF_MD5Init(&ctx);
    rc |= hash_streams(pdf, &ctx);
    HPDF_MD5Final(digest, &ctx);
    rc |= HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    rc |= HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    rc |= HPDF_Dict_Add(pdf->trailer, "ID", id);
    return rc;
}
