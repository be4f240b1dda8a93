/* hyphenate — English hyphenation points for the line breaker (RULES.md §4.4). */
#include "hyphenate.h"

#include "hyph.h"
#include "lines.h"

#define WORD_MIN 6 /* shorter words are not hyphenated */
#define WORD_MAX 64

static int
lower(uint32_t c)
{
    return c >= 'a' && c <= 'z';
}

static int
letter(uint32_t c)
{
    return lower(c) || (c >= 'A' && c <= 'Z');
}

/* The next English word from *at a hyphenation is looked up for, as [*i, *j): 1, or 0 when there
 * is none. */
static int
next_word(const uint32_t *cps, size_t n, size_t *at, size_t *wi, size_t *wj)
{
    for (size_t i = *at; i < n;) {
        size_t j = i;
        int ok = 1;
        if (!letter(cps[i])) {
            i++;
            continue;
        }
        while (j < n && letter(cps[j]))
            ok &= j == i || lower(cps[j]), j++;
        /* a word inside a token (a code, a file name) stays whole: letters or digits around */
        if (!ok || j - i < WORD_MIN || j - i >= WORD_MAX ||
            (i > 0 && cps[i - 1] < 0x80 &&
             (cps[i - 1] == '_' || cps[i - 1] == '.' ||
              (cps[i - 1] >= '0' && cps[i - 1] <= '9'))) ||
            (j < n && cps[j] >= '0' && cps[j] <= '9')) {
            i = j;
            continue;
        }
        *wi = i, *wj = j, *at = j;
        return 1;
    }
    *at = n;
    return 0;
}

void
jb_hyphenate(const uint32_t *cps, size_t n, uint8_t *brk)
{
    const jb_hyphen_api *h = NULL;
    size_t at = 0, i, j;

    while (next_word(cps, n, &at, &i, &j)) {
        char w[WORD_MAX];
        unsigned char pts[WORD_MAX];
        if (h == NULL && (h = jb_plugin_api(JB_PLUGIN_HYPHEN, NULL)) == NULL)
            return;
        for (size_t k = i; k < j; k++)
            w[k - i] = (char)(lower(cps[k]) ? cps[k] : cps[k] + ('a' - 'A'));
        w[j - i] = '\0'; /* libhyphen reads the word as a C string too */
        if (h->points(w, j - i, pts) == 0)
            for (size_t k = i; k + 1 < j; k++)
                if (pts[k - i] && brk[k + 1] == 0)
                    brk[k + 1] = JB_BRK_HYPHEN;
    }
}

int
jb_hyphenate_has_words(const uint32_t *cps, size_t n)
{
    size_t at = 0, i, j;
    return next_word(cps, n, &at, &i, &j);
}

int
jb_hyphenate_loaded(void)
{
    return jb_plugin_loads(JB_PLUGIN_HYPHEN);
}
