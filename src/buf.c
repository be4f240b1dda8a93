/* buf — the one growable array. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
jb_grow(void *arr, size_t *cap, size_t need, size_t size)
{
    void **p = arr;
    size_t c = *cap ? *cap : 16;
    void *a;

    if (need <= *cap)
        return 0;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    if (size && c > SIZE_MAX / size)
        return -1;
    if ((a = realloc(*p, c * size)) == NULL)
        return -1;
    *p = a;
    *cap = c;
    return 0;
}

int
jb_buf_reserve(jb_buf *b, size_t extra)
{
    if (b->fail)
        return -1;
    if (extra < b->cap - b->len) /* room already (cap holds len and the terminator, or is 0) */
        return 0;
    if (extra > SIZE_MAX - b->len - 1 || jb_grow(&b->data, &b->cap, b->len + extra + 1, 1) != 0) {
        b->fail = 1;
        return -1;
    }
    return 0;
}

int
jb_buf_put(jb_buf *b, const void *p, size_t n)
{
    if (jb_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int
jb_buf_puts(jb_buf *b, const char *s)
{
    return jb_buf_put(b, s, strlen(s));
}

int
jb_buf_printf(jb_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || jb_buf_reserve(b, (size_t)n) != 0) {
        b->fail = 1;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *
jb_buf_take(jb_buf *b, size_t *len)
{
    char *s = b->fail ? NULL : b->data;

    if (s == NULL && !b->fail && (s = calloc(1, 1)) == NULL)
        b->fail = 1;
    if (b->fail) {
        jb_buf_fini(b);
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = b->len;
    memset(b, 0, sizeof *b);
    return s;
}

void
jb_buf_adopt(jb_buf *b, char *data, size_t len)
{
    jb_buf_fini(b);
    b->data = data;
    b->len = b->cap = len;
}

void
jb_buf_fini(jb_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void
jb_list_phrase(char *out, size_t size, size_t n, const char *const *names, const char *const *whats)
{
    size_t k = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < n && k < size; i++)
        k += (size_t)snprintf(out + k, size - k, "%s%s (%s)",
                              i == 0       ? ""
                              : i + 1 == n ? " or "
                                           : ", ",
                              names[i], whats[i]);
}
