/* words — ICU's word break iterator, reached through dlopen on first use. */
#include "words.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uvernum.h>

#include "dynlib.h"
#include "utf8.h"

/* ICU's headers rename every function with its version (ubrk_open → ubrk_open_72): the suffix
 * to look up first. */
#define JB_STR2(x) #x
#define JB_STR(x)  JB_STR2(x)

typedef struct {
    UBreakIterator *(*open)(UBreakIteratorType, const char *, const UChar *, int32_t, UErrorCode *);
    int32_t (*first)(UBreakIterator *);
    int32_t (*next)(UBreakIterator *);
    void (*close)(UBreakIterator *);
    int ok;
} icu_fns;

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static icu_fns icu;       /* written once under icu_once, read-only afterwards */
static _Atomic int loads; /* times icu_load ran: 1 once anyone asked (jb_words_loads) */

static void
icu_load(void)
{
    static const char *const names[] = {"libicuuc.so." U_ICU_VERSION_SHORT, "libicuuc.so"};
    const jb_dynsym syms[] = {{"ubrk_open", (void **)&icu.open},
                              {"ubrk_first", (void **)&icu.first},
                              {"ubrk_next", (void **)&icu.next},
                              {"ubrk_close", (void **)&icu.close}};
    icu.ok = jb_dynlib_open(names, 2, syms, sizeof syms / sizeof syms[0],
                            JB_STR(U_ICU_VERSION_SUFFIX)) == 0;
    loads++;
}

int
jb_words_loads(void)
{
    return loads;
}

int
jb_words_bounds(const uint32_t *cps, size_t n, uint8_t *word)
{
    UChar *u = malloc((2 * n + 1) * sizeof *u);
    int32_t *u2c = malloc((2 * n + 1) * sizeof *u2c), ul = 0;
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = NULL;
    int rc = -1;

    pthread_once(&icu_once, icu_load);
    if (icu.ok && u != NULL && u2c != NULL) {
        for (size_t i = 0; i < n; i++) { /* UTF-16, remembering each unit's character */
            uint16_t units[2];
            for (size_t k = 0, m = jb_utf16_encode(cps[i], units); k < m; k++) {
                u2c[ul] = (int32_t)i;
                u[ul++] = (UChar)units[k];
            }
        }
        u2c[ul] = (int32_t)n;
        bi = icu.open(UBRK_WORD, "zh", u, ul, &err);
    }
    if (bi != NULL && U_SUCCESS(err)) {
        memset(word, 0, n + 1);
        for (int32_t p = icu.first(bi); p != UBRK_DONE; p = icu.next(bi))
            word[u2c[p]] = 1;
        rc = 0;
    } else {
        memset(word, 1, n + 1);
    }
    if (bi != NULL)
        icu.close(bi);
    free(u);
    free(u2c);
    return rc;
}
