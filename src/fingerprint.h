/* fingerprint — what decides how a brief is set, as one SHA-256: the program (version, source
 * commit, the versions of the libraries that shape and write), the layout and the bytes of every
 * font file in use; a pipeline compares it to refuse mixing workers that would set differently. */
#ifndef JB_FINGERPRINT_H
#define JB_FINGERPRINT_H

#include "digest.h"
#include "font.h"

/* The hash of a layout as the engine opened it into out (JB_SHA256_HEX bytes): the bytes of the
 * layout file (NULL: the built-in defaults, which are part of the program) and each --set key.
 * -1 with errno set when the file cannot be read. */
int jb_fingerprint_layout(const char *layout, const char *const *set, size_t n_set,
                          char out[JB_SHA256_HEX]);

/* The fingerprint of the fonts fs opened (each file and face once, in slot order, by content, not
 * by path) with the program and layout_hash, into out (JB_SHA256_HEX bytes); with json not NULL
 * also a JSON object naming every part (caller frees it with free()). JB_ERR_FONT naming the file
 * when a font file cannot be read; JB_ERR_NOMEM. */
jb_status jb_fingerprint_compute(jb_fontset *fs, const char *layout_hash, char out[JB_SHA256_HEX],
                                 char **json, jb_diag *d);

#endif
