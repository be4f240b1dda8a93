/* suggest — a title for a document without one (RULES.md §7.7). */
#include "suggest.h"

#include <string.h>

#include "chars.h"
#include "utf8.h"

enum { SUGGEST_MIN = 6, SUGGEST_MAX = 40 };

/* Is cp a sentence or clause end: 。，；：！？ and their ASCII forms? */
static int
clause_end(uint32_t cp)
{
    static const uint32_t ends[] = {0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,
                                    0x3001, ',',    ';',    ':',    '!',    '?'};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (cp == ends[i])
            return 1;
    return 0;
}

static int
is_han(uint32_t cp)
{
    return cp >= 0x3400 && cp <= 0x9FFF;
}

/* Copies t[from, to) into out, trimmed of blanks; 0, -1 when out of memory. */
static int
copy(jb_text *out, const jb_text *t, size_t from, size_t to)
{
    while (from < to && (t->cps[from] == ' ' || t->cps[from] == 0x3000))
        from++;
    while (to > from && (t->cps[to - 1] == ' ' || t->cps[to - 1] == 0x3000))
        to--;
    for (size_t i = from; i < to; i++)
        if (jb_text_push(out, t->cps[i], t->offs[i], 0) != 0)
            return -1;
    return 0;
}

/* Does [from, to) of t hold SUGGEST_MIN to SUGGEST_MAX characters, Han among them? */
static int
fits(const jb_text *t, size_t from, size_t to)
{
    int han = 0;
    for (size_t i = from; i < to; i++)
        han |= is_han(t->cps[i]);
    return han && to - from >= SUGGEST_MIN && to - from <= SUGGEST_MAX;
}

/* Does t open with a head number (一、 （一） 1. 第一，)? */
static int
numbered(const jb_text *t)
{
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                  0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 一…十 */
    size_t i = t->n && (t->cps[0] == 0xFF08 || t->cps[0] == '(' || t->cps[0] == 0x7B2C);
    size_t k = i;
    for (; i < t->n; i++) {
        int digit = t->cps[i] >= '0' && t->cps[i] <= '9';
        for (size_t c = 0; c < sizeof cn / sizeof cn[0]; c++)
            digit |= t->cps[i] == cn[c];
        if (!digit)
            break;
    }
    return i > k && i < t->n && (jb_punct_class(t->cps[i]) != JB_PUNCT_NONE || t->cps[i] == 0x662F);
}

int
jb_suggest_title(const jb_doc *doc, const char *path, jb_text *out)
{
    const jb_item *it = &doc->items[0];

    /* 1. a 关于… sentence (关于进一步加强…的通知), up to its first clause end */
    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_text *t = &it->blocks[k].text;
        size_t e = 0;
        if (it->blocks[k].kind != JB_BLOCK_PARA && it->blocks[k].kind != JB_BLOCK_HEAD)
            continue;
        if (t->n < 2 || t->cps[0] != 0x5173 || t->cps[1] != 0x4E8E) /* 关于 */
            continue;
        while (e < t->n && !clause_end(t->cps[e]))
            e++;
        if (fits(t, 0, e))
            return copy(out, t, 0, e);
    }
    /* 2. a head standing on its own line: unnumbered, no mark at its end */
    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_text *t = &it->blocks[k].text;
        if (it->blocks[k].kind == JB_BLOCK_HEAD && t->n && !numbered(t) &&
            jb_punct_class(t->cps[t->n - 1]) == JB_PUNCT_NONE && fits(t, 0, t->n))
            return copy(out, t, 0, t->n);
    }
    /* 3. the lead's first clause of SUGGEST_MIN characters or more, in its first sentence */
    if (jb_item_n_lead(it) > 0) {
        const jb_text *t = jb_item_lead(it, 0);
        for (size_t s = 0, e = 0; s < t->n; s = e + 1) {
            for (e = s; e < t->n && !clause_end(t->cps[e]); e++)
                ;
            if (fits(t, s, e))
                return copy(out, t, s, e);
            if (e >= t->n || t->cps[e] == 0x3002 || t->cps[e] == 0xFF01 || t->cps[e] == 0xFF1F)
                break;
        }
    }
    /* 4. the file name without its folder and extension */
    if (path && *path && strcmp(path, "-") != 0 && path[0] != '<') {
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        const char *dot = strrchr(base, '.');
        size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
        for (size_t at = 0, used; at < len; at += used ? used : 1) { /* bad bytes skipped */
            uint32_t cp;
            if ((used = jb_utf8_decode(base + at, len - at, &cp)) != 0 && cp >= ' ' &&
                jb_text_push(out, cp, 0, 0) != 0)
                return -1;
        }
    }
    return 0;
}
