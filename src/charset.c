/* charset — ICU's charset detector (ucsdet), reached through dlopen on first use. */
#include "charset.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/uvernum.h>

/* ICU's headers rename every function with its version (ucsdet_open → ucsdet_open_72). */
#define JB_STR2(x) #x
#define JB_STR(x)  JB_STR2(x)

typedef struct {
    UCharsetDetector *(*open)(UErrorCode *);
    void (*set_text)(UCharsetDetector *, const char *, int32_t, UErrorCode *);
    const UCharsetMatch *(*detect)(UCharsetDetector *, UErrorCode *);
    const char *(*name)(const UCharsetMatch *, UErrorCode *);
    void (*close)(UCharsetDetector *);
    int ok;
} ucsdet_fns;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static ucsdet_fns fns; /* written once under `once`, read-only afterwards */

static void *
sym(void *lib, const char *versioned, const char *plain)
{
    void *p = dlsym(lib, versioned);
    return p ? p : dlsym(lib, plain);
}

static void
load(void)
{
    void *lib = dlopen("libicui18n.so." U_ICU_VERSION_SHORT, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        lib = dlopen("libicui18n.so", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return;
    *(void **)&fns.open = sym(lib, JB_STR(ucsdet_open), "ucsdet_open");
    *(void **)&fns.set_text = sym(lib, JB_STR(ucsdet_setText), "ucsdet_setText");
    *(void **)&fns.detect = sym(lib, JB_STR(ucsdet_detect), "ucsdet_detect");
    *(void **)&fns.name = sym(lib, JB_STR(ucsdet_getName), "ucsdet_getName");
    *(void **)&fns.close = sym(lib, JB_STR(ucsdet_close), "ucsdet_close");
    fns.ok = fns.open && fns.set_text && fns.detect && fns.name && fns.close;
    /* the library stays loaded for the life of the process */
}

const char *
jb_charset_guess(const char *bytes, size_t len)
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

    pthread_once(&once, load);
    if (!fns.ok || len > INT32_MAX)
        return NULL;
    det = fns.open(&err);
    if (U_FAILURE(err) || det == NULL)
        return NULL;
    fns.set_text(det, bytes, (int32_t)len, &err);
    m = U_SUCCESS(err) ? fns.detect(det, &err) : NULL;
    name = m && U_SUCCESS(err) ? fns.name(m, &err) : NULL;
    for (int k = 0; name && U_SUCCESS(err) && known[k]; k++)
        if (strcmp(name, known[k]) == 0)
            out = known[k];
    fns.close(det);
    return out;
}
