/* source — the bytes of one input file: reading, UTF-8 validation with exact positions, newline
 * normalising, and byte offset → line:column. */
#ifndef JB_SOURCE_H
#define JB_SOURCE_H

#include <stddef.h>

#include "diag.h"

#define JB_SOURCE_MAX_BYTES (1u << 20) /* inputs above 1 MiB are refused (a report is a few KB) */

typedef struct jb_source {
    char *path;          /* as given by the caller */
    char *text;          /* UTF-8, NUL-terminated, BOM removed, CRLF/CR turned into LF */
    size_t len;          /* bytes in text, without the NUL */
    size_t *line_starts; /* byte offset of each line's first byte */
    size_t n_lines;
    const char *encoding; /* what the bytes were: "UTF-8", "GB18030" (detected) or as named */
} jb_source;

/* Reads path (a regular file) and turns it into UTF-8.
 * encoding NULL detects it: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark, or
 * GB18030/GBK when the bytes are not UTF-8 and convert cleanly; otherwise encoding names what iconv
 * converts from. Fails with JB_ERR_INPUT (missing, a directory, unreadable, over
 * JB_SOURCE_MAX_BYTES), JB_ERR_ENCODING (bytes that do not convert, NUL or other control
 * characters: line:col and the bytes are in the diagnostic), or JB_ERR_USAGE (an encoding iconv
 * does not know). On success *out is owned by the caller; release it with jb_source_free. */
jb_status jb_source_load(const char *path, const char *encoding, jb_source **out, jb_diag *d);

/* jb_source_load with another size limit than JB_SOURCE_MAX_BYTES (0: that default). */
jb_status jb_source_load_max(const char *path, const char *encoding, size_t max_bytes,
                             jb_source **out, jb_diag *d);

/* The same on bytes already in memory; name is used in diagnostics. */
jb_status jb_source_from_memory(const char *name, const char *bytes, size_t len,
                                const char *encoding, jb_source **out, jb_diag *d);

/* jb_source_from_memory with jb_source_load_max's size limit (0: JB_SOURCE_MAX_BYTES), for
 * bytes read elsewhere (standard input). */
jb_status jb_source_from_memory_max(const char *name, const char *bytes, size_t len,
                                    const char *encoding, size_t max_bytes, jb_source **out,
                                    jb_diag *d);

void jb_source_free(jb_source *src);

/* 1-based line and column (in characters) of byte offset off in src->text. */
void jb_source_position(const jb_source *src, size_t off, int *line, int *col);

#endif
