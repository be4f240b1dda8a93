/* icu — ICU's dictionary word breaks and charset detector, as the module libjianbao-icu.so
 * (linked against ICU, loaded by plugin.c on first use: most briefs never need it). words.c and
 * charset.c are its callers. */
#ifndef JB_ICU_H
#define JB_ICU_H

#include <stddef.h>
#include <stdint.h>

#include "plugin.h"

/* The module's table. words_bounds: as jb_words_bounds (words.h), 0 or -1. charset_guess: as
 * jb_charset_guess (charset.h). Both safe from any thread. */
typedef struct {
    int (*words_bounds)(const uint32_t *cps, size_t n, uint8_t *word);
    const char *(*charset_guess)(const char *bytes, size_t len);
} jb_icu_api;

/* The module's entry: its table for abi JB_PLUGIN_ABI, else NULL. */
const void *jb_plugin_icu(int abi);

#endif
