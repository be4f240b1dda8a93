/* plugin — the feature modules, each a shared object linked normally against the libraries only
 * some briefs need, loaded once by path when a brief first needs it, so that a plain brief never
 * loads them (nor pays their relocation: libxml2 with ICU, libmicrohttpd with GnuTLS):
 *   icu    libjianbao-icu.so    ICU: word breaks of a two-line title, legacy charset guesses
 *   word   libjianbao-word.so   libzip, libxml2: Word documents (docx.c)
 *   serve  libjianbao-serve.so  libmicrohttpd: jianbao serve (serve.c)
 *   ofd    libjianbao-ofd.so    libzip, libxml2: the OFD package (ofd_pkg.c; ofd.c is the core's
 *          half)
 *   hyphen libjianbao-hyphen.so libhyphen: English hyphenation points (hyph.c; hyphenate.c is
 *          the core's half) A module exports one function, jb_plugin_NAME(int abi), giving its
 * table (the struct its header declares, which the module and the core compile against) for abi
 * JB_PLUGIN_ABI. It is looked for beside the object holding this code: DIR/jianbao (the library in
 * libdir), DIR/JB_PLUGIN_FROM_BIN (the program in bindir, as installed), DIR itself (a module
 * loading another) and DIR/../plugins (the build tree). The packaging's shlibdeps see each module's
 * own dependencies. */
#ifndef JB_PLUGIN_H
#define JB_PLUGIN_H

#include "diag.h"

#define JB_PLUGIN_ABI 1

/* Marks a module's entry, the one symbol it exports (modules are built with hidden visibility;
 * src/plugin.map). */
#define JB_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef enum {
    JB_PLUGIN_ICU,
    JB_PLUGIN_WORD,
    JB_PLUGIN_SERVE,
    JB_PLUGIN_OFD,
    JB_PLUGIN_HYPHEN,
    JB_PLUGIN_COUNT
} jb_plugin_id;

/* The module's table, loaded on the first call for it (thread-safe; once per process, a
 * failure too); NULL when it cannot be loaded, with *why (may be NULL; a static string) saying
 * why in the loader's words, which name a missing library ("libxml2.so.N: cannot open shared
 * object file"). */
const void *jb_plugin_api(jb_plugin_id id, const char **why);

/* How many times module id was looked for in this process (0 or 1; tests). */
int jb_plugin_loads(jb_plugin_id id);

#endif
