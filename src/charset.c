/* charset — ICU's charset detector through the icu module (plugin.h), loaded on first use. */
#include "charset.h"

#include "icu.h"

const char *
jb_charset_guess(const char *bytes, size_t len)
{
    const jb_icu_api *icu = jb_plugin_api(JB_PLUGIN_ICU, NULL);
    return icu ? icu->charset_guess(bytes, len) : NULL;
}
