/* source — input bytes, UTF-8 validation with exact positions, newline normalising, positions. */
#include "source.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "utf8.h"

void
jb_source_free(jb_source *src)
{
    if (src == NULL)
        return;
    free(src->path);
    free(src->text);
    free(src->line_starts);
    free(src);
}

void
jb_source_position(const jb_source *src, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = src->n_lines;
    int c = 1;

    while (hi - lo > 1) { /* last line start <= off */
        size_t mid = (lo + hi) / 2;
        if (src->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    for (size_t i = src->line_starts[lo]; i < off && i < src->len; i++)
        if (((unsigned char)src->text[i] & 0xC0) != 0x80)
            c++;
    *line = (int)lo + 1;
    *col = c;
}

/* Position of byte i in raw input (before newline normalising), for encoding errors. */
static void
raw_position(const char *b, size_t i, int *line, int *col)
{
    int l = 1, c = 1;

    for (size_t k = 0; k < i; k++) {
        if (b[k] == '\n' || (b[k] == '\r' && (k + 1 >= i || b[k + 1] != '\n'))) {
            l++;
            c = 1;
        } else if (b[k] != '\r' && ((unsigned char)b[k] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

jb_status
jb_source_from_memory(const char *name, const char *bytes, size_t len, jb_source **out, jb_diag *d)
{
    jb_source *src = NULL;
    size_t start = 0, k = 0, n_lines = 1;
    int line, col;

    *out = NULL;
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    if (len >= 2 && ((unsigned char)bytes[0] == 0xFF || (unsigned char)bytes[0] == 0xFE) &&
        ((unsigned char)bytes[1] == 0xFE || (unsigned char)bytes[1] == 0xFF))
        return jb_diag_set(
            d, JB_ERR_ENCODING, name, 1, 1,
            "convert it: iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.md",
            "the file is UTF-16 (it starts with a byte-order mark); jianbao reads UTF-8");
    for (size_t i = start; i < len;) {
        uint32_t cp;
        size_t used = jb_utf8_decode(bytes + i, len - i, &cp);
        if (used == 0) {
            char shown[32];
            size_t m = len - i < 4 ? len - i : 4;
            int p = 0;
            for (size_t j = 0; j < m; j++)
                p += snprintf(shown + p, sizeof shown - (size_t)p, "%s%02X", j ? " " : "",
                              (unsigned char)bytes[i + j]);
            raw_position(bytes, i, &line, &col);
            return jb_diag_set(d, JB_ERR_ENCODING, name, line, col,
                               "save the file as UTF-8; if it is GBK/GB18030, convert it: "
                               "iconv -f GB18030 -t UTF-8 FILE > FILE.utf8.md",
                               "invalid UTF-8 bytes (%s)", shown);
        }
        if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || cp == 0x7F) {
            raw_position(bytes, i, &line, &col);
            return jb_diag_set(d, JB_ERR_ENCODING, name, line, col,
                               "remove the character; a report holds only text",
                               "control character U+%04X in the text", (unsigned)cp);
        }
        i += used;
    }

    src = calloc(1, sizeof *src);
    if (src == NULL || (src->path = strdup(name)) == NULL ||
        (src->text = malloc(len - start + 1)) == NULL)
        goto nomem;
    for (size_t i = start; i < len; i++) {
        char ch = bytes[i];
        if (ch == '\r') {
            if (i + 1 < len && bytes[i + 1] == '\n')
                continue;
            ch = '\n';
        }
        if (ch == '\n')
            n_lines++;
        src->text[k++] = ch;
    }
    src->text[k] = '\0';
    src->len = k;
    src->line_starts = malloc(n_lines * sizeof *src->line_starts);
    if (src->line_starts == NULL)
        goto nomem;
    src->line_starts[0] = 0;
    src->n_lines = 1;
    for (size_t i = 0; i < k; i++)
        if (src->text[i] == '\n')
            src->line_starts[src->n_lines++] = i + 1;
    *out = src;
    return JB_OK;

nomem:
    jb_source_free(src);
    return jb_diag_set(d, JB_ERR_NOMEM, name, 0, 0, NULL, "out of memory reading the input");
}

jb_status
jb_source_load(const char *path, jb_source **out, jb_diag *d)
{
    struct stat st;
    FILE *f = NULL;
    char *buf = NULL;
    size_t got;
    jb_status rc;

    *out = NULL;
    if (stat(path, &st) != 0)
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the path",
                           "cannot open the input: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "give a report file, not a directory",
                           "the input is a directory");
    if (!S_ISREG(st.st_mode))
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "give a regular report file",
                           "the input is not a regular file");
    if ((uintmax_t)st.st_size > JB_SOURCE_MAX_BYTES)
        return jb_diag_set(
            d, JB_ERR_INPUT, path, 0, 0,
            "a one-page report is a few kilobytes; check that this is the right file",
            "the input is %jd bytes, above the limit of %u bytes", (intmax_t)st.st_size,
            JB_SOURCE_MAX_BYTES);
    f = fopen(path, "rb");
    if (f == NULL)
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file's permissions",
                           "cannot read the input: %s", strerror(errno));
    buf = malloc((size_t)st.st_size + 1);
    if (buf == NULL) {
        fclose(f);
        return jb_diag_set(d, JB_ERR_NOMEM, path, 0, 0, NULL, "out of memory reading the input");
    }
    got = fread(buf, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        fclose(f);
        free(buf);
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file's permissions",
                           "cannot read the input: %s", strerror(errno));
    }
    fclose(f);
    rc = jb_source_from_memory(path, buf, got, out, d);
    free(buf);
    return rc;
}
