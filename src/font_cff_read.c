/* font_cff_read — the CFF table's INDEXes and DICT entries read, bounds checked (Adobe TN 5176). */
#include "font_cff_int.h"

#include <stdint.h>
#include <string.h>

#include "font_int.h"

/* Reads the INDEX at *at; moves *at past it. -1 when it runs past the table. */
int
jb_cff_index_read(const unsigned char *c, size_t len, size_t *at, cff_index *x)
{
    size_t p = *at;

    memset(x, 0, sizeof *x);
    if (p + 2 > len)
        return -1;
    x->count = (unsigned)jb_font_be(c + p, 2);
    if (x->count == 0) {
        *at = p + 2;
        return 0;
    }
    if (p + 3 > len || (x->osz = c[p + 2]) < 1 || x->osz > 4 ||
        p + 3 + ((size_t)x->count + 1) * x->osz > len)
        return -1;
    x->off = c + p + 3;
    x->data = x->off + ((size_t)x->count + 1) * x->osz - 1;
    x->end = jb_font_be(x->off + (size_t)x->count * x->osz, x->osz);
    if (x->end < 1 || (size_t)(x->data - c) + x->end > len)
        return -1;
    *at = (size_t)(x->data - c) + x->end;
    return 0;
}

/* Object i of an INDEX. -1 when its offsets are out of order or past the INDEX. */
int
jb_cff_index_get(const cff_index *x, unsigned i, const unsigned char **p, size_t *n)
{
    if (i >= x->count)
        return -1;
    size_t a = jb_font_be(x->off + (size_t)i * x->osz, x->osz),
           b = jb_font_be(x->off + ((size_t)i + 1) * x->osz, x->osz);
    if (a < 1 || b < a || b > x->end)
        return -1;
    *p = x->data + a;
    *n = b - a;
    return 0;
}

int
jb_cff_subr_bias(unsigned count)
{
    return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

/* Reads the entry at p (before end) into e. -1 at a malformed entry. */
int
jb_cff_dict_next(const unsigned char *p, const unsigned char *end, dict_entry *e)
{
    e->start = p, e->n = 0;
    while (p < end) {
        unsigned b = *p;
        long v;
        if (b <= 21) {
            if (b == 12) {
                if (p + 2 > end)
                    return -1;
                e->op = 1200 + p[1], p += 2;
            } else
                e->op = (int)b, p++;
            e->next = p;
            return 0;
        }
        if (b == 28 && p + 3 <= end)
            v = (int16_t)jb_font_be(p + 1, 2), p += 3;
        else if (b == 29 && p + 5 <= end)
            v = (int32_t)jb_font_be(p + 1, 4), p += 5;
        else if (b == 30) { /* a real, in nibbles up to an 0xF */
            for (p++; p < end && (*p & 0x0F) != 0x0F && (*p >> 4) != 0x0F; p++)
                ;
            if (p >= end)
                return -1;
            p++, v = 0;
        } else if (b >= 32 && b <= 246)
            v = (long)b - 139, p++;
        else if (b >= 247 && b <= 250 && p + 2 <= end)
            v = (long)(b - 247) * 256 + p[1] + 108, p += 2;
        else if (b >= 251 && b <= 254 && p + 2 <= end)
            v = -(long)(b - 251) * 256 - p[1] - 108, p += 2;
        else
            return -1;
        if (e->n == 48)
            return -1;
        e->v[e->n++] = v;
    }
    return -1;
}

/* A string by SID: only the font's own strings (SID 391 on) are needed. -1 for others. */
int
jb_cff_string_get(const cff_index *strings, long sid, const unsigned char **p, size_t *n)
{
    return sid < 391 ? -1 : jb_cff_index_get(strings, (unsigned)(sid - 391), p, n);
}
