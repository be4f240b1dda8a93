/* placeholders — slots to fill in and damaged figures (RULES.md §6.6). */
#include "placeholders.h"

#include <uchar.h>

#include "chars.h"
#include "utf8.h"

/* Verbs a number should follow (参合率达%, 增长%): a unit right after one is an empty slot. */
/* (UTF-32 literals, as figures.c's: the scan tries them at every character) */
static const char32_t *const SLOT_VERB[] = {U"达",   U"为",   U"占",   U"约",   U"增长",
                                            U"下降", U"提高", U"降低", U"达到", U"超过",
                                            U"完成", U"共",   NULL};
/* Units of an empty slot. */
static const char32_t *const SLOT_UNIT[] = {U"%", U"％", U"个百分点", NULL};
/* Units after an x slot (xxx万元, X.X%). */
static const char32_t *const X_UNIT[] = {U"%",  U"％", U"个百分点", U"万元", U"亿元",
                                         U"元", U"万", U"亿",       NULL};

static int
is_x(uint32_t c)
{
    return c == 'x' || c == 'X' || c == 0xFF58 || c == 0xFF38; /* x X ｘ Ｘ */
}

static int
is_latin_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* P1 a run of x/X (xx, xxx, X.X, with . or digits between) of 2 or more, not inside a Latin word;
 * P2 ×× or ＊＊ (2 or more); their unit after them (xxx万元, X.X%) belongs to the slot. */
static size_t
x_run(const uint32_t *s, size_t n, size_t i)
{
    size_t j = i, xs = 0;
    if (i > 0 && (is_latin_letter(s[i - 1]) || jb_char_is_digit(s[i - 1])))
        return 0;
    if (s[i] == 0x00D7 || s[i] == 0xFF0A) { /* × ＊ */
        while (j < n && s[j] == s[i])
            j++;
        return j - i >= 2 ? j - i : 0;
    }
    while (j < n && (is_x(s[j]) || (s[j] == '.' && j + 1 < n && is_x(s[j + 1]) && j > i))) {
        xs += is_x(s[j]);
        j++;
    }
    if (xs < 2 && !(xs == 1 && j < n && (s[j] == '%' || s[j] == 0xFF05)))
        return 0;
    if (j < n && is_latin_letter(s[j]))
        return 0;
    return j - i;
}

/* Whether a slot verb may start with c. */
static int
verb_first(uint32_t c)
{
    switch (c) {
    case U'达':
    case U'为':
    case U'占':
    case U'约':
    case U'增':
    case U'下':
    case U'提':
    case U'降':
    case U'超':
    case U'完':
    case U'共': return 1;
    default: return 0;
    }
}

/* The slot verb at s[i] (its length), answered at once for a character no verb starts with: the
 * scan asks at every character of every paragraph. */
static size_t
slot_verb(const uint32_t *s, size_t n, size_t i)
{
    return verb_first(s[i]) ? jb_cps_longest(s, n, i, SLOT_VERB) : 0;
}

/* Whether a slot may start at c (P1–P4 below): most characters of a text start none. */
static int
may_start(uint32_t c)
{
    return is_x(c) || c == 0x00D7 || c == 0xFF0A || jb_char_is_digit(c) || verb_first(c);
}

size_t
jb_placeholders_find(const jb_text *t, jb_span *out, size_t max)
{
    const uint32_t *s = t->cps;
    size_t n = t->n, count = 0;

    for (size_t i = 0; i < n;) {
        size_t m, end = 0;
        if (!may_start(s[i])) {
            i++;
            continue;
        }
        if ((m = x_run(s, n, i)) > 0) {
            end = i + m;
            end += jb_cps_longest(s, n, end, X_UNIT);
        } else if ((m = slot_verb(s, n, i)) > 0 && jb_cps_longest(s, n, i + m, SLOT_UNIT)) {
            /* P3 参合率达%: a verb and a unit with no number between */
            end = i + m + jb_cps_longest(s, n, i + m, SLOT_UNIT);
        } else if (jb_char_is_digit(s[i]) && (i == 0 || !jb_char_is_digit(s[i - 1]))) {
            /* P4 108 3%: digits, one blank, digits and % (a decimal point lost) */
            size_t j = i;
            while (j < n && jb_char_is_digit(s[j]))
                j++;
            if (j + 1 < n && s[j] == ' ' && jb_char_is_digit(s[j + 1])) {
                size_t k = j + 1;
                while (k < n && jb_char_is_digit(s[k]))
                    k++;
                if (k < n && (s[k] == '%' || s[k] == 0xFF05))
                    end = k + 1;
            }
            if (end == 0) {
                i = j;
                continue;
            }
        }
        if (end == 0) {
            i++;
            continue;
        }
        if (count < max) {
            out[count].start = i;
            out[count].end = end;
        }
        count++;
        i = end;
    }
    return count;
}

void
jb_placeholders_each(const jb_doc *doc, void (*fn)(const jb_text *t, jb_span s, void *ud), void *ud)
{
    for (size_t k = 0; k < doc->n_items; k++)
        for (size_t b = 0; b < doc->items[k].n_blocks; b++) {
            const jb_block *bl = &doc->items[k].blocks[b];
            jb_span sp[16];
            size_t c;
            if (bl->kind != JB_BLOCK_PARA && bl->kind != JB_BLOCK_HEAD)
                continue;
            c = jb_placeholders_find(&bl->text, sp, 16);
            for (size_t i = 0; i < c && i < 16; i++)
                fn(&bl->text, sp[i], ud);
        }
}

static void
unmark_cb(const jb_text *t, jb_span s, void *ud)
{
    size_t a = s.start, e = s.end;
    /* the figure it touches goes too: 108 3% marked as 3% */
    while (a > 0 && (t->marks[a - 1] & JB_MARK_FIGURE))
        a--;
    while (e < t->n && (t->marks[e] & JB_MARK_FIGURE))
        e++;
    for (size_t i = a; i < e; i++)
        t->marks[i] &= (uint8_t) ~(JB_MARK_FIGURE | JB_MARK_FORCED);
    ++*(size_t *)ud;
}

size_t
jb_placeholders_unmark(jb_doc *doc)
{
    size_t n = 0;
    jb_placeholders_each(doc, unmark_cb, &n);
    return n;
}
