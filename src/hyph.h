/* hyph — hyphenation points of English words by libhyphen and Debian's hyphen-en-us patterns,
 * as the module libjianbao-hyphen.so (linked against libhyphen, loaded by plugin.c on first use:
 * a brief whose English words set well without hyphens never loads it). hyphenate.c is its
 * caller. */
#ifndef JB_HYPH_H
#define JB_HYPH_H

#include <stddef.h>

#include "plugin.h"

/* Where the patterns are (Debian's hyphen-en-us). */
#define JB_HYPHEN_DICT "/usr/share/hyphen/hyph_en_US.dic"

/* The module's table. points: for the lowercase ASCII word w[0..n) (NUL-terminated), sets at[i] = 1
 * when the word may break after its character i (at least 2 characters before, 3 after), else 0; 0,
 * or -1 when the patterns cannot be read (at[] all 0). Safe from any thread: the patterns are read
 * once, on the first call, and only read afterwards. */
typedef struct {
    int (*points)(const char *w, size_t n, unsigned char *at);
} jb_hyphen_api;

/* The module's entry: its table for abi JB_PLUGIN_ABI, else NULL. */
const void *jb_plugin_hyphen(int abi);

#endif
