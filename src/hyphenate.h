/* hyphenate — where an English word may break with a hyphen (RULES.md §4.4): the points of
 * libhyphen's patterns (the hyphen module), for the line breaker. */
#ifndef JB_HYPHENATE_H
#define JB_HYPHENATE_H

#include <stddef.h>
#include <stdint.h>

/* Marks in brk (jb_lines_opportunities of cps[0..n)) each hyphenation point of the paragraph's
 * English words with JB_BRK_HYPHEN: a run of 6 or more ASCII letters, lowercase after its first,
 * where no break is already allowed. Without the module or the patterns, none (the words keep
 * their breaks at spaces and hyphens). Loads the module only when such a word is there. */
void jb_hyphenate(const uint32_t *cps, size_t n, uint8_t *brk);

/* 1 when cps[0..n) holds a word jb_hyphenate would look up, 0 when it would mark nothing. */
int jb_hyphenate_has_words(const uint32_t *cps, size_t n);

/* Whether the hyphen module was looked for in this process (tests). */
int jb_hyphenate_loaded(void);

#endif
