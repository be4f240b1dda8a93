/* normalize — ASCII punctuation in Chinese text → full-width (RULES.md §4.3). */
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "utf8.h"

/* Nearest non-space neighbour of t->cps[i] in direction dir (-1 or +1); 0 at the text's end. */
static uint32_t
neighbour(const jb_text *t, size_t i, int dir)
{
    for (size_t k = i;;) {
        if (dir < 0 ? k == 0 : k + 1 >= t->n)
            return 0;
        k = dir < 0 ? k - 1 : k + 1;
        if (!jb_char_is_space(t->cps[k]))
            return t->cps[k];
    }
}

/* Does the bracket opened at i (matched at *close) enclose Han, or stand next to Han? */
static int
chinese_brackets(const jb_text *t, size_t i, size_t *close)
{
    int han = jb_char_is_cjk(neighbour(t, i, -1));
    for (size_t k = i + 1; k < t->n; k++) {
        if (t->cps[k] == '(')
            return 0; /* nested: leave to the inner pass */
        if (t->cps[k] == ')') {
            *close = k;
            return han || jb_char_is_cjk(neighbour(t, k, +1));
        }
        han |= jb_char_is_han(t->cps[k]);
    }
    return 0;
}

typedef struct {
    jb_text out;
    const jb_text *in;
} builder;

static int
emit(builder *b, size_t i, uint32_t cp)
{
    return jb_text_push(&b->out, cp, b->in->offs[i], b->in->marks[i]);
}

/* Code points in the UTF-8 word w. */
static size_t
word_len(const char *w)
{
    size_t n = 0;
    for (; *w; w++)
        n += ((unsigned char)*w & 0xC0) != 0x80;
    return n;
}

/* Does a space separate here (§4.3)? After a role word of a credit or before one (记者 刘晓明
 * 通讯员 陈思远), and after the name of an issuing body before another (中共中央 国务院). cps[0..k)
 * is the text before the blank, cps[j..n) the text after it. */
static int
separates(const uint32_t *cps, size_t k, size_t j, size_t n)
{
    static const char *const roles[] = {"本报记者", "本报通讯员", "特约记者", "记者",   "通讯员",
                                        "责任编辑", "编辑",       "摄影",     "实习生", NULL};
    static const char *const issuers[] = {"中共中央", "国务院", "中央军委", "委员会",
                                          "人民政府", "县委",   "市委",     "省委",
                                          "区委",     "办公厅", "常委会",   NULL};
    for (const char *const *w = roles; *w; w++) {
        size_t m = word_len(*w);
        if ((k >= m && jb_cps_match(cps, k, k - m, *w) == m) || jb_cps_match(cps, n, j, *w) == m)
            return 1;
    }
    for (const char *const *w = issuers; *w; w++) {
        size_t m = word_len(*w);
        if (k >= m && jb_cps_match(cps, k, k - m, *w) == m)
            return 1;
    }
    /* between two names of a credit (（通讯员 李明 张华）): a name of 2–4 Han follows, and back
     * from the blank 1–5 such names, each after a kept space, lead to a role word */
    {
        size_t e = j, b = k;
        while (e < n && jb_char_is_han(cps[e]))
            e++;
        if (e - j < 2 || e - j > 4 ||
            (e < n && !jb_char_is_blank(cps[e]) && cps[e] != 0xFF09 && cps[e] != ')'))
            return 0;
        for (int names = 0; names < 5; names++) {
            size_t a = b;
            while (a > 0 && jb_char_is_han(cps[a - 1]) && b - a <= 4)
                a--;
            if (b - a < 2 || b - a > 4 || a == 0 || cps[a - 1] != 0x3000)
                return 0;
            for (const char *const *w = roles; *w; w++) {
                size_t m = word_len(*w);
                if (a - 1 >= m && jb_cps_match(cps, a - 1, a - 1 - m, *w) == m)
                    return 1;
            }
            b = a - 1;
        }
    }
    return 0;
}

void
jb_normalize_space(jb_text *t, int keep_single)
{
    size_t k = 0;

    for (size_t i = 0; i < t->n; i++) {
        if (!jb_char_is_blank(t->cps[i])) {
            t->cps[k] = t->cps[i];
            t->offs[k] = t->offs[i];
            t->marks[k] = t->marks[i];
            k++;
            continue;
        }
        size_t j = i;
        while (j + 1 < t->n && jb_char_is_blank(t->cps[j + 1]))
            j++;
        if (k > 0 && j + 1 < t->n) {
            uint32_t a = t->cps[k - 1], b = t->cps[j + 1];
            int ascii = (a < 0x80) && (b < 0x80);
            if (keep_single == 1 || ascii) {
                t->cps[k] = ' ';
                t->offs[k] = t->offs[i];
                t->marks[k] = t->marks[i] & t->marks[j + 1];
                k++;
            } else if (jb_char_is_han(a) && jb_char_is_han(b) &&
                       (keep_single == 2 || separates(t->cps, k, j + 1, t->n))) {
                t->cps[k] = 0x3000; /* a space that separates: kept, as wide as a character */
                t->offs[k] = t->offs[i];
                t->marks[k] = t->marks[i] & t->marks[j + 1];
                k++;
            }
        }
        i = j;
    }
    t->n = k;
}

int
jb_normalize_text(jb_text *t)
{
    builder b;
    int dq = 0, sq = 0; /* quote parity within the paragraph */
    size_t close = (size_t)-1;
    uint8_t *convert_close = calloc(t->n ? t->n : 1, 1);

    if (convert_close == NULL)
        return -1;
    memset(&b, 0, sizeof b);
    b.in = t;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t c = t->cps[i];
        if (c >= 0x80 && c != 0x2026 && c != 0x2014) { /* none of the cases below: as it is */
            if (emit(&b, i, c))
                goto nomem;
            continue;
        }
        uint32_t prev = neighbour(t, i, -1), next = neighbour(t, i, +1);
        int cjk = jb_char_is_cjk(prev) || jb_char_is_cjk(next);
        uint32_t out = c;
        int rc = 0;

        switch (c) {
        case ',':
        case ':':
        case ';':
        case '?':
        case '!':
            /* 1,000 and 18:30 stay; so do URLs (https:) and Latin text */
            if (cjk && !(jb_char_is_digit(prev) && jb_char_is_digit(next)))
                out = c == ','   ? 0xFF0C
                      : c == ':' ? 0xFF1A
                      : c == ';' ? 0xFF1B
                      : c == '?' ? 0xFF1F
                                 : 0xFF01;
            break;
        case '.':
            if (i + 2 < t->n && t->cps[i + 1] == '.' && t->cps[i + 2] == '.' && cjk) {
                rc = emit(&b, i, 0x2026) || emit(&b, i, 0x2026); /* ... → …… */
                i += 2;
                if (rc)
                    goto nomem;
                continue;
            }
            /* a sentence end: after Han, before Han or the end; decimals and domains stay */
            if (jb_char_is_han(prev) && (next == 0 || jb_char_is_han(next)))
                out = 0x3002;
            break;
        case 0x2026: /* a single … in Han text → …… */
            if (cjk && !(i + 1 < t->n && t->cps[i + 1] == 0x2026) &&
                !(i > 0 && t->cps[i - 1] == 0x2026)) {
                if (emit(&b, i, 0x2026))
                    goto nomem;
            }
            break;
        case '-':
            if (i + 1 < t->n && t->cps[i + 1] == '-' && jb_char_is_han(prev) &&
                jb_char_is_han(neighbour(t, i + 1, +1))) {
                rc = emit(&b, i, 0x2014) || emit(&b, i, 0x2014); /* -- → —— */
                i += 1;
                if (rc)
                    goto nomem;
                continue;
            }
            break;
        case 0x2014: /* a single — between Han words is a dash → —— */
            if (jb_char_is_han(prev) && jb_char_is_han(next) &&
                !(i + 1 < t->n && t->cps[i + 1] == 0x2014) && !(i > 0 && t->cps[i - 1] == 0x2014)) {
                if (emit(&b, i, 0x2014))
                    goto nomem;
            }
            break;
        case '~':
            /* a range between numbers or dates: 3~5天, 63%~68%, 7月~8月 */
            if ((jb_char_is_digit(prev) || prev == '%' || jb_char_is_han(prev)) &&
                jb_char_is_digit(next))
                out = 0xFF5E;
            break;
        case '"':
            if (cjk) {
                out = dq % 2 == 0 ? 0x201C : 0x201D;
                dq++;
            }
            break;
        case '\'':
            if (cjk) {
                out = sq % 2 == 0 ? 0x2018 : 0x2019;
                sq++;
            }
            break;
        case '(':
            if (chinese_brackets(t, i, &close)) {
                out = 0xFF08;
                convert_close[close] = 1;
            }
            break;
        case ')':
            if (convert_close[i])
                out = 0xFF09;
            break;
        default: break;
        }
        if (emit(&b, i, out))
            goto nomem;
    }
    free(convert_close);
    jb_text_fini(t);
    *t = b.out;
    return 0;

nomem:
    free(convert_close);
    jb_text_fini(&b.out);
    return -1;
}

int
jb_normalize_doc(jb_doc *doc)
{
    for (size_t n = 0; n < doc->n_items; n++) {
        jb_item *it = &doc->items[n];
        if (jb_normalize_text(&it->title) != 0)
            return -1;
        for (size_t k = 0; k < it->n_blocks; k++)
            if (it->blocks[k].kind != JB_BLOCK_PHOTO && jb_normalize_text(&it->blocks[k].text) != 0)
                return -1;
    }
    return 0;
}
