/* pdf_spot — the layout's one colour as a spot ink (RULES.md §6.7): a Separation colour space
 * named by [colors] spot, DeviceCMYK its alternate through a Type 2 function from no ink to the
 * colour's CMYK. libharu has no call for one (its `cs` is "not implemented yet"), so the space is
 * built from its objects and set with raw operators. */
#define _GNU_SOURCE /* memmem */
#include <hpdf_pages.h>
#include <string.h>

#include "pdf_int.h"

#define SPOT_RES "JBSpot" /* the colour space's name in the page's resources */

int
jb_pdf_spot_of(const jb_page *pg, const double *k, int pdfa)
{
    const double *red = pg->cmyk[JB_COLOR_RED];
    /* PDF/A-1b takes sRGB (pdfa.h); a black or grey needs no ink of its own */
    if (pdfa || pg->spot[0] == '\0' || (red[0] == 0 && red[1] == 0 && red[2] == 0))
        return 0;
    return memcmp(k, red, sizeof pg->cmyk[0]) == 0;
}

/* The ink's name as a PDF name, every byte outside " to ~ and every delimiter as #xx, but with
 * mark (!) in place of each #: libharu escapes # and the delimiters itself, but writes a space
 * as it is, which ends the name; jb_pdf_spot_fix turns the ! back into # in the file saved. */
static void
escape_name(const char *s, char *out, size_t cap, char mark)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 4 < cap; p++) {
        if (*p <= '!' || *p > '~' || strchr("#()<>[]{}/%", *p) != NULL) {
            out[n++] = mark, out[n++] = hex[*p >> 4], out[n++] = hex[*p & 15];
        } else {
            out[n++] = (char)*p;
        }
    }
    out[n] = '\0';
}

static HPDF_Array
numbers(HPDF_MMgr mm, const double *v, int n)
{
    HPDF_Array a = HPDF_Array_New(mm);
    for (int i = 0; a != NULL && i < n; i++)
        if (HPDF_Array_AddReal(a, (HPDF_REAL)v[i]) != HPDF_OK)
            return NULL;
    return a;
}

HPDF_STATUS
jb_pdf_spot_add(HPDF_Doc pdf, HPDF_Page page, const jb_page *pg)
{
    static const double none[4] = {0, 0, 0, 0}, domain[2] = {0, 1};
    HPDF_MMgr mm = pdf->mmgr;
    char name[3 * sizeof pg->spot];
    HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict spaces = HPDF_Dict_New(mm), fn = HPDF_Dict_New(mm);
    HPDF_Array cs = HPDF_Array_New(mm), c0 = numbers(mm, none, 4),
               c1 = numbers(mm, pg->cmyk[JB_COLOR_RED], 4), dom = numbers(mm, domain, 2);

    escape_name(pg->spot, name, sizeof name, '!');
    if (res == NULL || spaces == NULL || fn == NULL || cs == NULL || c0 == NULL || c1 == NULL ||
        dom == NULL)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if (HPDF_Dict_AddNumber(fn, "FunctionType", 2) != HPDF_OK ||
        HPDF_Dict_Add(fn, "Domain", dom) != HPDF_OK || HPDF_Dict_Add(fn, "C0", c0) != HPDF_OK ||
        HPDF_Dict_Add(fn, "C1", c1) != HPDF_OK || HPDF_Dict_AddNumber(fn, "N", 1) != HPDF_OK ||
        HPDF_Array_AddName(cs, "Separation") != HPDF_OK ||
        HPDF_Array_AddName(cs, name) != HPDF_OK ||
        HPDF_Array_AddName(cs, "DeviceCMYK") != HPDF_OK || HPDF_Array_Add(cs, fn) != HPDF_OK ||
        HPDF_Dict_Add(spaces, SPOT_RES, cs) != HPDF_OK ||
        HPDF_Dict_Add(res, "ColorSpace", spaces) != HPDF_OK)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_OK;
}

const char *
jb_pdf_spot_op(int stroke)
{
    return stroke ? "/" SPOT_RES " CS 1 SCN\n" : "/" SPOT_RES " cs 1 scn\n";
}

void
jb_pdf_spot_fix(char *data, size_t len, const jb_page *pg, int pdfa)
{
    char name[3 * sizeof pg->spot + 16] = "/Separation /";
    size_t at = strlen(name);
    if (!jb_pdf_spot_of(pg, pg->cmyk[JB_COLOR_RED], pdfa))
        return;
    escape_name(pg->spot, name + at, sizeof name - at, '!');
    size_t n = strlen(name);
    for (char *p = memmem(data, len, name, n); p != NULL; /* every page's resources */
         p = memmem(p + n, len - (size_t)(p + n - data), name, n))
        for (size_t i = at; i < n; i++)
            if (name[i] == '!')
                p[i] = '#';
}
