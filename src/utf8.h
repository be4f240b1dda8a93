/* utf8 — decoding and encoding of UTF-8 and UTF-16, and code-point set and word matching. */
#ifndef JB_UTF8_H
#define JB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..len). Returns the bytes used (1–4), or 0 when the bytes there
 * are not well-formed UTF-8 (overlong, surrogate, above U+10FFFF, truncated); *cp is then
 * undefined. */
size_t jb_utf8_decode_other(const char *s, size_t len, uint32_t *cp);
/* ASCII and the three-byte sequences of Chinese text inline (the decoders of every character of
 * a report), the rest in utf8.c. */
static inline size_t
jb_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t c;

    if (len > 0 && s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (len >= 3 && s[0] >= 0xE0 && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        *cp = c;
        return 3;
    }
    return jb_utf8_decode_other(str, len, cp);
}

/* Writes cp as UTF-8 to out (room for 4 bytes); returns the bytes written. */
size_t jb_utf8_encode(uint32_t cp, char *out);

/* Writes cp as UTF-16 code units to out (a surrogate pair above U+FFFF); returns 1 or 2. */
size_t jb_utf16_encode(uint32_t cp, uint16_t out[2]);

/* Decodes a whole well-formed UTF-8 string into a new array of code points (caller frees with
 * free()). Returns NULL on malformed input or out of memory; *n gets the count. */
uint32_t *jb_utf8_to_utf32(const char *s, size_t len, size_t *n);

/* Is c one of set[0..n)? JB_IN_SET(c, array) for a static array. */
static inline int
jb_cp_in(uint32_t c, const uint32_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == c)
            return 1;
    return 0;
}
#define JB_IN_SET(c, set) jb_cp_in((c), (set), sizeof(set) / sizeof(set)[0])

/* Does the UTF-8 word w occur in s[0..n) at i? Its length in code points, or 0. */
size_t jb_cps_match(const uint32_t *s, size_t n, size_t i, const char *w);
/* The same for a UTF-32 word (0-terminated; a U"" literal): no decoding, for scans that try
 * words at every character. */
size_t jb_cps_word(const uint32_t *s, size_t n, size_t i, const uint32_t *w);
/* The longest word of list (NULL-terminated) at s[i]: its length in code points, or 0. */
size_t jb_cps_longest(const uint32_t *s, size_t n, size_t i, const uint32_t *const *list);

#endif
