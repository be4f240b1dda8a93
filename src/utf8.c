/* utf8 — decoding and encoding of UTF-8, and the character classes the pipeline shares. */
#include "utf8.h"

#include <stdlib.h>

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
jb_is_no_start(uint32_t c)
{
    switch (c) {
    /* 点号 (GB/T 15834 5.1.1–5.1.2) and their ASCII forms */
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F:
    case 0xFF01: case ',': case '.': case ':': case ';': case '?': case '!':
    /* closing quotes, brackets, 书名号 (5.1.3) */
    case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0xFF09: case 0x3015: case 0x3011:
    case 0x3017: case 0xFF3D: case 0xFF5D: case ')': case ']': case '}': case 0x300B: case 0x3009:
    /* 连接号, 间隔号, 分隔号 (5.1.6, 5.1.7, 5.1.9) */
    case 0x2013: case 0x2014: case 0xFF5E: case 0x301C: case '~': case 0x00B7: case 0x30FB:
    case 0x2027: case 0xFF0F: case '/':
    /* numeric postfixes, iteration marks */
    case '%': case 0xFF05: case 0x2030: case 0x2103: case 0x00B0: case 0x2032: case 0x2033:
    case 0x3005: case 0x3003:
    /* strict level: 破折号 and 省略号 */
    case 0x2E3A: case 0x2026: case 0x22EF:
        return 1;
    default:
        return 0;
    }
}

int
jb_is_no_end(uint32_t c)
{
    switch (c) {
    case 0x201C: case 0x2018: case 0x300C: case 0x300E: case 0xFF08: case 0x3014: case 0x3010:
    case 0x3016: case 0xFF3B: case 0xFF5B: case '(': case '[': case '{': case 0x300A: case 0x3008:
    case 0xFF0F: case '/': case 0xFFE5: case 0x00A5: case '$': case 0xFF04: case 0x00A3:
    case 0xFFE1: case 0x2116:
        return 1;
    default:
        return 0;
    }
}
