/* hyph — English hyphenation points through libhyphen: the module libjianbao-hyphen.so. */
#include "hyph.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The patterns, read once for the process on the first word and read-only afterwards (as a
 * module's table is, src/plugin.h); NULL when they cannot be read. */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static HyphenDict *dict;

static void
load(void)
{
    dict = hnj_hyphen_load(JB_HYPHEN_DICT);
}

static int
points(const char *w, size_t n, unsigned char *at)
{
    char *marks;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL, rc = -1;

    memset(at, 0, n);
    pthread_once(&once, load);
    if (dict == NULL || n < 5 || n > 100 || (marks = malloc(n + 5)) == NULL)
        return dict == NULL ? -1 : 0;
    if (hnj_hyphen_hyphenate3(dict, w, (int)n, marks, NULL, &rep, &pos, &cut, 2, 3, 2, 3) == 0) {
        for (size_t i = 0; i + 1 < n; i++)
            at[i] = (unsigned char)(marks[i] & 1);
        rc = 0;
    }
    if (rep != NULL) { /* non-standard hyphenation (none in English): not used */
        for (size_t i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(marks);
    return rc;
}

static const jb_hyphen_api api = {points};

JB_PLUGIN_EXPORT const void *
jb_plugin_hyphen(int abi)
{
    return abi == JB_PLUGIN_ABI ? &api : NULL;
}
