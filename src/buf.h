/* buf — the one growable array: bytes (text, a file being built) or elements of any size, grown
 * by doubling; an out-of-memory failure is remembered (fail) so a writer can append freely and
 * check once. */
#ifndef JB_BUF_H
#define JB_BUF_H

#include <stddef.h>

typedef struct {
    char *data; /* owned; NUL-terminated after a jb_buf_put* (not counted in len) */
    size_t len; /* bytes in use */
    size_t cap;
    int fail; /* an append ran out of memory: data holds what came before it */
} jb_buf;

/* Zero-initialise a jb_buf (jb_buf b = {0}) before its first use. */

/* Makes room for extra more bytes. 0, or -1 (and fail set) when out of memory. */
int jb_buf_reserve(jb_buf *b, size_t extra);
/* Appends n bytes of p / the string s / printf-formatted text. 0 or -1 (fail set). */
int jb_buf_put(jb_buf *b, const void *p, size_t n);
int jb_buf_puts(jb_buf *b, const char *s);
int jb_buf_printf(jb_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Takes the bytes (*len of them when len is not NULL; caller frees) and empties b; NULL when an
 * append failed (b is then released). */
char *jb_buf_take(jb_buf *b, size_t *len);
/* Hands the malloc'd data (len bytes) to an empty b, which then owns it. */
void jb_buf_adopt(jb_buf *b, char *data, size_t len);
void jb_buf_fini(jb_buf *b);

/* "a (what a), b (what b) or c (what c)" of the n names and whats into out (size bytes): the
 * list phrase of a table's rows in messages. */
void jb_list_phrase(char *out, size_t size, size_t n, const char *const *names,
                    const char *const *whats);

/* Grows the array *arr of *cap elements of size each so it holds at least need (doubling from
 * 16). 0, or -1 when out of memory (*arr unchanged). The helper every growable array uses. */
int jb_grow(void *arr, size_t *cap, size_t need, size_t size);

#endif
