/* source — the bytes of one input file: reading, UTF-8 validation with exact positions, newline
 * normalising, and byte offset → line:column. */
#ifndef JB_SOURCE_H
#define JB_SOURCE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "diag.h"

#define JB_SOURCE_MAX_BYTES (1u << 20) /* inputs above 1 MiB are refused (a report is a few KB) */

typedef struct jb_source {
    char *path;          /* as given by the caller */
    char *text;          /* UTF-8, NUL-terminated, BOM removed, CRLF/CR turned into LF */
    size_t len;          /* bytes in text, without the NUL */
    size_t *line_starts; /* byte offset of each line's first byte */
    size_t n_lines;
    const char *encoding; /* what the bytes were: "UTF-8", "GB18030" (detected) or as named */
    struct jb_source_part *parts; /* an issue's inputs joined (jb_source_join), else NULL */
    size_t n_parts;
} jb_source;

/* One input of a joined source: where its text starts, its first line there, its path. */
typedef struct jb_source_part {
    size_t start;
    size_t first_line; /* 0-based index into line_starts */
    char *path;
} jb_source_part;

/* The texts of srcs[0..n) one after the other (a newline added where one lacks it) as one
 * source, for an issue made of several inputs: positions (jb_source_position) count in the input
 * each offset falls in, and jb_source_path_at names it; part k's text starts at
 * (*out)->parts[k].start. The path and encoding are the first's. *out is the caller's. */
jb_status jb_source_join(const jb_source *const *srcs, size_t n, jb_source **out, jb_diag *d);

/* The path of the input offset off falls in (src->path but for a joined source). */
const char *jb_source_path_at(const jb_source *src, size_t off);

/* Reads path (a regular file) and turns it into UTF-8.
 * encoding NULL detects it: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark, or
 * Big5 when ICU's charset detector says so, GB18030/GBK when the bytes are not UTF-8 and convert
 * cleanly; a file ICU takes for Japanese or Korean, or one that is neither, is refused naming the
 * encoding ICU guessed; otherwise encoding names what iconv converts from. A Word, PDF, zip or
 * image file (jb_source_binary_kind) is refused with JB_ERR_INPUT. Fails with JB_ERR_INPUT
 * (missing, a directory, unreadable, over JB_SOURCE_MAX_BYTES), JB_ERR_ENCODING (bytes that do not
 * convert, NUL or other control characters: line:col and the bytes are in the diagnostic), or
 * JB_ERR_USAGE (an encoding iconv does not know). On success *out is owned by the caller; release
 * it with jb_source_free. */
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

/* Reads f to its end into *out (caller frees; *len bytes), reading at most max_bytes + 1 (hint:
 * the size expected, 0 when unknown). 0; -1 on a read error (errno set); -2 when f holds more
 * than max_bytes; -3 when out of memory. For a file of known size and for standard input. */
int jb_source_read_all(FILE *f, size_t hint, size_t max_bytes, char **out, size_t *len);

/* Opens path for reading the safe way: O_NONBLOCK (a FIFO or a device never blocks the open),
 * then fstat on what was opened, and anything but a regular file refused; the descriptor is then
 * made blocking again. The open descriptor (caller closes), its stat in *st (may be NULL), or -1
 * with errno set (EISDIR for a directory, EINVAL for a FIFO, device or socket). */
int jb_source_open_regular(const char *path, struct stat *st);

/* jb_source_open_regular as a stdio stream (mode "r" or "rb"); NULL with errno set. */
FILE *jb_source_fopen_regular(const char *path, const char *mode);

/* Why jb_source_open_regular failed with errno e, for a message: "not a regular file (a FIFO,
 * device or socket)", "a directory", or strerror(e). A static string. */
const char *jb_source_open_error(int e);

void jb_source_free(jb_source *src);

/* What a file given as text really is, by its magic bytes: "a Word document (.docx)", "a PDF file
 * (.pdf)", "a zip archive", an image …; NULL for anything else (text). A static string.
 * jb_source_from_memory refuses such bytes with JB_ERR_INPUT naming the kind. */
const char *jb_source_binary_kind(const char *bytes, size_t len);

/* 1-based line and column (in characters) of byte offset off in src->text. */
void jb_source_position(const jb_source *src, size_t off, int *line, int *col);

#endif
