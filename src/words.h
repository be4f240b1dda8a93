/* words — word boundaries in Chinese text, from ICU's dictionary segmenter (loaded on first use),
 * corrected by a table of compounds it splits, numbers with their units and 化/性 suffixes. */
#ifndef JB_WORDS_H
#define JB_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Sets word[k] = 1 for every k in [0, n] where a word of cps[0..n) starts or ends, 0 elsewhere.
 * ICU is loaded the first time a caller needs it (most briefs never do: only a title that takes
 * two lines is broken between words), which keeps its libraries out of every process's start.
 * Returns 0; or -1 when ICU cannot be loaded or fails, and then every position counts as a
 * boundary. Thread-safe. */
int jb_words_bounds(const uint32_t *cps, size_t n, uint8_t *word);

/* How many times ICU was looked up in this process: 0 before the first jb_words_bounds, 1 ever
 * after, whatever the threads (tests). */
int jb_words_loads(void);

#endif
