/* icu — ICU's word breaks and charset detector: the module libjianbao-icu.so. */
#include "icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucsdet.h>

#include "utf8.h"

static int
words_bounds(const uint32_t *cps, size_t n, uint8_t *word)
{
    UChar *u = malloc((2 * n + 1) * sizeof *u);
    int32_t *u2c = malloc((2 * n + 1) * sizeof *u2c), ul = 0;
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = NULL;
    int rc = -1;

    if (u != NULL && u2c != NULL) {
        for (size_t i = 0; i < n; i++) { /* UTF-16, remembering each unit's character */
            uint16_t units[2];
            for (size_t k = 0, m = jb_utf16_encode(cps[i], units); k < m; k++) {
                u2c[ul] = (int32_t)i;
                u[ul++] = (UChar)units[k];
            }
        }
        u2c[ul] = (int32_t)n;
        bi = ubrk_open(UBRK_WORD, "zh", u, ul, &err);
    }
    if (bi != NULL && U_SUCCESS(err)) {
        memset(word, 0, n + 1);
        for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
            word[u2c[p]] = 1;
        rc = 0;
    } else {
        memset(word, 1, n + 1);
    }
    if (bi != NULL)
        ubrk_close(bi);
    free(u);
    free(u2c);
    return rc;
}

static const char *
charset_guess(const char *bytes, size_t len)
{
    /* the names handed back are ICU's static strings; matched against a fixed list so the
     * caller gets a string of ours that outlives the detector */
    static const char *const known[] = {"GB18030",
                                        "Big5",
                                        "Shift_JIS",
                                        "EUC-JP",
                                        "EUC-KR",
                                        "ISO-2022-JP",
                                        "ISO-2022-KR",
                                        "ISO-2022-CN",
                                        "ISO-8859-1",
                                        "ISO-8859-2",
                                        "ISO-8859-5",
                                        "ISO-8859-6",
                                        "ISO-8859-7",
                                        "ISO-8859-8",
                                        "ISO-8859-9",
                                        "windows-1250",
                                        "windows-1251",
                                        "windows-1252",
                                        "windows-1253",
                                        "windows-1254",
                                        "windows-1255",
                                        "windows-1256",
                                        "KOI8-R",
                                        "UTF-16BE",
                                        "UTF-16LE",
                                        "UTF-32BE",
                                        "UTF-32LE",
                                        "UTF-8",
                                        NULL};
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det;
    const UCharsetMatch *m;
    const char *name, *out = NULL;

    if (len > INT32_MAX)
        return NULL;
    det = ucsdet_open(&err);
    if (U_FAILURE(err) || det == NULL)
        return NULL;
    ucsdet_setText(det, bytes, (int32_t)len, &err);
    m = U_SUCCESS(err) ? ucsdet_detect(det, &err) : NULL;
    name = m && U_SUCCESS(err) ? ucsdet_getName(m, &err) : NULL;
    for (int k = 0; name && U_SUCCESS(err) && known[k]; k++)
        if (strcmp(name, known[k]) == 0)
            out = known[k];
    ucsdet_close(det);
    return out;
}

static const jb_icu_api api = {words_bounds, charset_guess};

JB_PLUGIN_EXPORT const void *
jb_plugin_icu(int abi)
{
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
