/* words — word boundaries through the icu module (plugin.h), loaded on first use. */
#include "words.h"

#include <string.h>

#include "icu.h"

int
jb_words_bounds(const uint32_t *cps, size_t n, uint8_t *word)
{
    const jb_icu_api *icu = jb_plugin_api(JB_PLUGIN_ICU, NULL);
    if (icu == NULL) { /* every position a boundary */
        memset(word, 1, n + 1);
        return -1;
    }
    return icu->words_bounds(cps, n, word);
}

int
jb_words_loads(void)
{
    return jb_plugin_loads(JB_PLUGIN_ICU);
}
