/* utf8 — decoding and encoding of UTF-8, and the character classes the pipeline shares. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t
jb_utf8_decode(const char *str, size_t len, uint32_t *cp)
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

int
jb_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

int
jb_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

int
jb_is_latin(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int
jb_cp_in(uint32_t c, const uint32_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* TYPESETTING.md §1.2, strict level. */
static const uint32_t no_start[] = {
    /* 点号 (GB/T 15834 5.1.1–5.1.2) and their ASCII forms */
    0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, ',', '.', ':', ';', '?', '!',
    /* closing quotes, brackets, 书名号 (5.1.3) */
    0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x3015, 0x3011, 0x3017, 0xFF3D, 0xFF5D, ')', ']', '}',
    0x300B, 0x3009,
    /* 连接号, 间隔号, 分隔号 (5.1.6, 5.1.7, 5.1.9) */
    0x2013, 0x2014, 0xFF5E, 0x301C, '~', 0x00B7, 0x30FB, 0x2027, 0xFF0F, '/',
    /* numeric postfixes, iteration marks */
    '%', 0xFF05, 0x2030, 0x2103, 0x00B0, 0x2032, 0x2033, 0x3005, 0x3003,
    /* strict level: 破折号 and 省略号 */
    0x2E3A, 0x2026, 0x22EF};

/* TYPESETTING.md §1.3. */
static const uint32_t no_end[] = {
    /* opening quotes, brackets, 书名号 */
    0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x3014, 0x3010, 0x3016, 0xFF3B, 0xFF5B, '(', '[', '{',
    0x300A, 0x3008,
    /* 分隔号, numeric prefixes */
    0xFF0F, '/', 0xFFE5, 0x00A5, '$', 0xFF04, 0x00A3, 0xFFE1, 0x2116};

int
jb_is_no_start(uint32_t c)
{
    return JB_IN_SET(c, no_start);
}

int
jb_is_no_end(uint32_t c)
{
    return JB_IN_SET(c, no_end);
}
