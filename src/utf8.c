/* utf8 — decoding and encoding of UTF-8 and UTF-16, code-point sets and word matching. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t
jb_utf8_decode_other(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c;
    size_t n;

    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        c = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        c = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Reject overlong forms, surrogates and values past Unicode's end. */
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t
jb_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t
jb_utf16_encode(uint32_t cp, uint16_t out[2])
{
    if (cp < 0x10000) {
        out[0] = (uint16_t)cp;
        return 1;
    }
    out[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
    out[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
    return 2;
}

uint32_t *
jb_utf8_to_utf32(const char *s, size_t len, size_t *n)
{
    uint32_t *out = malloc((len + 1) * sizeof *out);
    size_t k = 0;

    *n = 0;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t used = jb_utf8_decode(s + i, len - i, &out[k]);
        if (used == 0) {
            free(out);
            return NULL;
        }
        i += used;
        k++;
    }
    *n = k;
    return out;
}

size_t
jb_cps_match(const uint32_t *s, size_t n, size_t i, const char *w)
{
    size_t k = 0, len = strlen(w);

    for (size_t b = 0; b < len; k++) {
        uint32_t cp;
        size_t used = jb_utf8_decode(w + b, len - b, &cp);
        if (used == 0 || i + k >= n || s[i + k] != cp)
            return 0;
        b += used;
    }
    return k;
}

size_t
jb_cps_word(const uint32_t *s, size_t n, size_t i, const uint32_t *w)
{
    size_t k = 0;
    for (; w[k]; k++)
        if (i + k >= n || s[i + k] != w[k])
            return 0;
    return k;
}

size_t
jb_cps_longest(const uint32_t *s, size_t n, size_t i, const uint32_t *const *list)
{
    size_t best = 0;
    if (i >= n)
        return 0;
    for (; *list; list++) {
        if ((*list)[0] != s[i])
            continue;
        size_t m = jb_cps_word(s, n, i, *list);
        if (m > best)
            best = m;
    }
    return best;
}
