/* source — input bytes, UTF-8 validation with exact positions, newline normalising, positions. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "charset.h"
#include "utf8.h"

void
jb_source_free(jb_source *src)
{
    if (src == NULL)
        return;
    free(src->path);
    free(src->text);
    free(src->line_starts);
    for (size_t k = 0; k < src->n_parts; k++)
        free(src->parts[k].path);
    free(src->parts);
    free(src);
}

/* The part of a joined source offset off falls in, or NULL. */
static const jb_source_part *
part_at(const jb_source *src, size_t off)
{
    const jb_source_part *p = NULL;
    for (size_t k = 0; k < src->n_parts && src->parts[k].start <= off; k++)
        p = &src->parts[k];
    return p;
}

const char *
jb_source_path_at(const jb_source *src, size_t off)
{
    const jb_source_part *p = part_at(src, off);
    return p ? p->path : src->path;
}

jb_status
jb_source_join(const jb_source *const *srcs, size_t n, jb_source **out, jb_diag *d)
{
    jb_source *j = calloc(1, sizeof *j);
    size_t len = 0, lines = 0;

    *out = NULL;
    for (size_t k = 0; k < n; k++)
        len += srcs[k]->len + 1, lines += srcs[k]->n_lines + 1;
    if (j == NULL || (j->path = strdup(srcs[0]->path)) == NULL ||
        (j->text = malloc(len + 1)) == NULL ||
        (j->line_starts = malloc(lines * sizeof *j->line_starts)) == NULL ||
        (j->parts = calloc(n, sizeof *j->parts)) == NULL)
        goto nomem;
    j->encoding = srcs[0]->encoding;
    for (size_t k = 0; k < n; k++) {
        const jb_source *s = srcs[k];
        jb_source_part *p = &j->parts[j->n_parts++];
        p->start = j->len, p->first_line = j->n_lines;
        if ((p->path = strdup(s->path)) == NULL)
            goto nomem;
        for (size_t l = 0; l < s->n_lines; l++)
            j->line_starts[j->n_lines++] = j->len + s->line_starts[l];
        memcpy(j->text + j->len, s->text, s->len);
        j->len += s->len;
        if (s->len == 0 || s->text[s->len - 1] != '\n')
            j->text[j->len++] = '\n';
        else
            j->n_lines--; /* the empty line after the last newline is the next part's first */
    }
    j->text[j->len] = '\0';
    *out = j;
    return JB_OK;
nomem:
    jb_source_free(j);
    return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
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
    if (src->n_parts) { /* a joined source: the line in its own input */
        const jb_source_part *p = part_at(src, off);
        *line -= p ? (int)p->first_line : 0;
    }
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

/* "XX YY …": up to four bytes at p, for messages. */
static void
show_bytes(const char *p, size_t n, char *out, size_t size)
{
    int k = 0;
    if (n > 4)
        n = 4;
    out[0] = '\0';
    for (size_t j = 0; j < n; j++)
        k += snprintf(out + k, size - (size_t)k, "%s%02X", j ? " " : "", (unsigned char)p[j]);
}

/* Converts bytes from encoding `from` to UTF-8 with iconv. On success *out (caller frees) and
 * *out_len; on failure -1 with *bad set to the byte offset that cannot be converted, or -2 when
 * iconv does not know the encoding, -3 when out of memory. */
static int
to_utf8(const char *from, const char *bytes, size_t len, char **out, size_t *out_len, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    size_t cap = len * 2 + 16, in_left = len, out_left;
    char *in = (char *)bytes, *buf, *o;

    if (cd == (iconv_t)-1)
        return -2;
    buf = malloc(cap);
    if (buf == NULL) {
        iconv_close(cd);
        return -3;
    }
    o = buf;
    out_left = cap;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1)
            break;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - buf);
            if (jb_grow(&buf, &cap, cap + 1, 1) != 0) {
                free(buf);
                iconv_close(cd);
                return -3;
            }
            o = buf + used;
            out_left = cap - used;
            continue;
        }
        *bad = (size_t)(in - bytes); /* EILSEQ or a truncated sequence at the end (EINVAL) */
        *out = buf;
        *out_len = (size_t)(o - buf);
        iconv_close(cd);
        return -1;
    }
    iconv_close(cd);
    *out = buf;
    *out_len = (size_t)(o - buf);
    return 0;
}

/* Checks UTF-8 text: first invalid byte offset in *bad (len if none); whether a well-formed
 * multi-byte character comes before it. */
static void
scan_utf8(const char *b, size_t len, size_t *bad, int *seen_multibyte)
{
    *seen_multibyte = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t used;
        if ((unsigned char)b[i] < 0x80) {
            i++;
            continue;
        }
        used = jb_utf8_decode(b + i, len - i, &cp);
        if (used == 0) {
            *bad = i;
            return;
        }
        *seen_multibyte |= used > 1;
        i += used;
    }
    *bad = len;
}

/* An encoding ICU names that is not Chinese: Japanese, Korean, the ISO-2022 forms. Single-byte
 * guesses (ISO-8859-1, windows-1252) are not trusted over a clean GB18030 reading: ICU gives
 * them for short Chinese texts too. */
static int
is_foreign(const char *enc)
{
    return strcmp(enc, "Shift_JIS") == 0 || strcmp(enc, "EUC-JP") == 0 ||
           strcmp(enc, "EUC-KR") == 0 || strncmp(enc, "ISO-2022", 8) == 0;
}

/* Does b[0..n) hold the string s? */
static int
holds(const char *b, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(b + i, s, m) == 0)
            return 1;
    return 0;
}

const char *
jb_source_binary_kind(const char *b, size_t len)
{
    static const struct {
        const char *magic;
        size_t n;
        const char *kind;
    } kinds[] = {
        {"%PDF-", 5, "a PDF file (.pdf)"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Word or Excel document (.doc, .xls, .wps)"},
        {"{\\rtf", 5, "an RTF document (.rtf)"},
        {"\x89PNG", 4, "a PNG image"},
        {"\xFF\xD8\xFF", 3, "a JPEG image"},
        {"GIF8", 4, "a GIF image"},
        {"\x1F\x8B", 2, "a gzip archive"},
        {"Rar!", 4, "a RAR archive"},
        {"7z\xBC\xAF", 4, "a 7-Zip archive"},
    };
    if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
        /* a zip: Office Open XML and OpenDocument files name their parts near the start */
        size_t scan = len < 4096 ? len : 4096;
        if (holds(b, scan, "word/"))
            return "a Word document (.docx)";
        if (holds(b, scan, "xl/"))
            return "an Excel workbook (.xlsx)";
        if (holds(b, scan, "ppt/"))
            return "a PowerPoint presentation (.pptx)";
        if (holds(b, scan, "opendocument.text"))
            return "an OpenDocument text (.odt)";
        return "a zip archive";
    }
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (len >= kinds[k].n && memcmp(b, kinds[k].magic, kinds[k].n) == 0)
            return kinds[k].kind;
    return NULL;
}

jb_status
jb_source_from_memory(const char *name, const char *bytes, size_t len, const char *encoding,
                      jb_source **out, jb_diag *d)
{
    jb_source *src = NULL;
    size_t start = 0, k = 0, n_lines = 1, bad;
    int line, col, multibyte;
    char *converted = NULL, shown[32];
    const char *detected = "UTF-8", *kind;
    jb_status st;

    *out = NULL;
    if ((kind = jb_source_binary_kind(bytes, len)) != NULL)
        return jb_diag_set(d, JB_ERR_INPUT, name, 0, 0,
                           "jianbao reads text: a report file (.md) or an article (.txt); copy "
                           "the text out and save it as UTF-8",
                           "this is %s, not text", kind);
    if (encoding != NULL &&
        (strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0))
        encoding = NULL, detected = "UTF-8";
    else if (encoding == NULL && len >= 2 &&
             (((unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE) ||
              ((unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF)))
        encoding = "UTF-16"; /* iconv reads the byte-order mark */
    else if (encoding == NULL && !(len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)) {
        /* Not UTF-8, and no UTF-8 character before the first bad byte: GB18030 (a superset of
         * GBK and GB2312) is what Chinese text in another encoding almost always is. */
        scan_utf8(bytes, len, &bad, &multibyte);
        if (bad < len && !multibyte) {
            char *conv;
            size_t conv_len, bad2;
            int gb;
            const char *guess = jb_charset_guess(bytes, len);
            if (guess && strcmp(guess, "Big5") == 0) {
                /* Traditional Chinese (Taiwan, Hong Kong): read as what it is */
                encoding = "BIG5-HKSCS";
                detected = "Big5";
                goto convert;
            }
            gb = to_utf8("GB18030", bytes, len, &conv, &conv_len, &bad2);
            if (gb == -1)
                free(conv); /* what converted before the bad byte */
            if (gb == 0 && guess && is_foreign(guess)) {
                free(conv);
                gb = -1;
            }
            if (gb != 0 && guess && strcmp(guess, "GB18030") != 0 &&
                strncmp(guess, "UTF", 3) != 0) {
                char hint[160];
                snprintf(hint, sizeof hint,
                         "convert it to UTF-8 (iconv -f %s -t UTF-8), or name its encoding with "
                         "--encoding",
                         guess);
                return jb_diag_set(d, JB_ERR_ENCODING, name, 0, 0, hint,
                                   "the input is not UTF-8 or GB18030: it looks like %s text",
                                   guess);
            }
            if (gb == 0) {
                converted = conv;
                bytes = conv;
                len = conv_len;
                detected = "GB18030";
            }
        }
    }
convert:
    if (encoding != NULL) {
        size_t conv_len, where = 0;
        int rc = to_utf8(encoding, bytes, len, &converted, &conv_len, &where);
        if (rc == -2)
            return jb_diag_set(
                d, JB_ERR_USAGE, name, 0, 0,
                "name an encoding iconv knows: UTF-8, GB18030, GBK, UTF-16 (iconv -l)",
                "unknown encoding '%s'", encoding);
        if (rc == -3)
            return jb_diag_set(d, JB_ERR_NOMEM, name, 0, 0, NULL,
                               "out of memory reading the input");
        if (rc == -1) {
            /* the position is where the text converted so far ends */
            line = 1, col = 1;
            for (size_t i = 0; i < conv_len; i++) {
                if (converted[i] == '\n')
                    line++, col = 1;
                else if (((unsigned char)converted[i] & 0xC0) != 0x80 && converted[i] != '\r')
                    col++;
            }
            show_bytes(bytes + where, len - where, shown, sizeof shown);
            free(converted);
            return jb_diag_set(d, JB_ERR_ENCODING, name, line, col,
                               "check the --encoding, or save the file as UTF-8",
                               "bytes that are not %s (%s)", encoding, shown);
        }
        bytes = converted;
        len = conv_len;
        if (strcmp(detected, "Big5") != 0)
            detected = encoding;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    for (size_t i = start; i < len;) {
        uint32_t cp;
        size_t used;
        if ((unsigned char)bytes[i] >= 0x20 && (unsigned char)bytes[i] < 0x7F) { /* plain ASCII */
            i++;
            continue;
        }
        used = jb_utf8_decode(bytes + i, len - i, &cp);
        if (used == 0) {
            show_bytes(bytes + i, len - i, shown, sizeof shown);
            raw_position(bytes, i, &line, &col);
            st = jb_diag_set(d, JB_ERR_ENCODING, name, line, col,
                             "save the file as UTF-8, or name its encoding with --encoding "
                             "(e.g. --encoding GB18030)",
                             "invalid UTF-8 bytes (%s)", shown);
            free(converted);
            return st;
        }
        if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || cp == 0x7F) {
            raw_position(bytes, i, &line, &col);
            st = jb_diag_set(d, JB_ERR_ENCODING, name, line, col,
                             "remove the character; a report holds only text",
                             "control character U+%04X in the text", (unsigned)cp);
            free(converted);
            return st;
        }
        i += used;
    }

    src = calloc(1, sizeof *src);
    if (src != NULL)
        src->encoding = detected;
    if (src == NULL || (src->path = strdup(name)) == NULL ||
        (src->text = malloc(len - start + 1)) == NULL)
        goto nomem;
    if (memchr(bytes + start, '\r', len - start) == NULL) { /* no CR to turn: a copy */
        k = len - start;
        memcpy(src->text, bytes + start, k);
        for (const char *p = src->text; (p = memchr(p, '\n', (size_t)(src->text + k - p))) != NULL;
             p++)
            n_lines++;
    } else
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
    for (const char *p = src->text; (p = memchr(p, '\n', (size_t)(src->text + k - p))) != NULL; p++)
        src->line_starts[src->n_lines++] = (size_t)(p - src->text) + 1;
    *out = src;
    free(converted);
    return JB_OK;

nomem:
    free(converted);
    jb_source_free(src);
    return jb_diag_set(d, JB_ERR_NOMEM, name, 0, 0, NULL, "out of memory reading the input");
}

jb_status
jb_source_load(const char *path, const char *encoding, jb_source **out, jb_diag *d)
{
    return jb_source_load_max(path, encoding, 0, out, d);
}

int
jb_source_read_all(FILE *f, size_t hint, size_t max_bytes, char **out, size_t *len)
{
    size_t first = hint > 0 && hint <= max_bytes + 1 ? hint
                   : max_bytes + 1 < 65536           ? max_bytes + 1
                                                     : 65536;
    size_t got = 0, cap = 0;
    char *buf = NULL;

    *out = NULL;
    *len = 0;
    if (jb_grow(&buf, &cap, first ? first : 1, 1) != 0)
        return -3;
    /* up to one byte past the limit: a file that grew since its size was read, or a pipe, is
     * caught here */
    for (;;) {
        size_t n = fread(buf + got, 1, (cap < max_bytes + 1 ? cap : max_bytes + 1) - got, f);
        got += n;
        if (n == 0 || got > max_bytes)
            break;
        if (got == cap && jb_grow(&buf, &cap, cap + 1, 1) != 0) {
            free(buf);
            return -3;
        }
    }
    if (buf == NULL)
        return -3;
    if (ferror(f)) {
        free(buf);
        return -1;
    }
    if (got > max_bytes) {
        free(buf);
        return -2;
    }
    *out = buf;
    *len = got;
    return 0;
}

/* The limit's message, for a file of `size` bytes (or more, when over is set). */
static jb_status
too_large(const char *path, uintmax_t size, int over, size_t max_bytes, jb_diag *d)
{
    return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                       "a one-page report is a few kilobytes; check that this is the right "
                       "file, or raise the limit with --max-input",
                       "the input is %s%ju bytes, above the limit of %zu bytes",
                       over ? "more than " : "", size, max_bytes);
}

jb_status
jb_source_from_memory_max(const char *name, const char *bytes, size_t len, const char *encoding,
                          size_t max_bytes, jb_source **out, jb_diag *d)
{
    *out = NULL;
    if (max_bytes == 0)
        max_bytes = JB_SOURCE_MAX_BYTES;
    if (len > max_bytes)
        return too_large(name, len, 0, max_bytes, d);
    return jb_source_from_memory(name, bytes, len, encoding, out, d);
}

int
jb_source_open_regular(const char *path, struct stat *st)
{
    struct stat own;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), e, fl;

    if (st == NULL)
        st = &own;
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        e = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
        close(fd);
        errno = e;
        return -1;
    }
    if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

FILE *
jb_source_fopen_regular(const char *path, const char *mode)
{
    int fd = jb_source_open_regular(path, NULL), e;
    FILE *f;
    if (fd < 0)
        return NULL;
    if ((f = fdopen(fd, mode)) == NULL) {
        e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

const char *
jb_source_open_error(int e)
{
    return e == EINVAL   ? "not a regular file (a FIFO, device or socket)"
           : e == EISDIR ? "a directory"
                         : strerror(e);
}

jb_status
jb_source_load_max(const char *path, const char *encoding, size_t max_bytes, jb_source **out,
                   jb_diag *d)
{
    struct stat st;
    FILE *f = NULL;
    char *buf = NULL;
    size_t got = 0;
    jb_status rc;

    *out = NULL;
    if (stat(path, &st) != 0)
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the path",
                           "cannot open the input: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "give a report file, not a directory",
                           "the input is a directory");
    /* a FIFO or device could block for ever or never end: standard input is read as `-` */
    if (!S_ISREG(st.st_mode))
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0,
                           "give a regular report file, or - to read standard input",
                           "the input is not a regular file");
    if (max_bytes == 0)
        max_bytes = JB_SOURCE_MAX_BYTES;
    if ((uintmax_t)st.st_size > max_bytes)
        return too_large(path, (uintmax_t)st.st_size, 0, max_bytes, d);
    /* opened the safe way: the file may have been swapped for a FIFO since the stat */
    f = jb_source_fopen_regular(path, "rb");
    if (f == NULL)
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file's permissions",
                           "cannot read the input: %s", jb_source_open_error(errno));
    switch (jb_source_read_all(f, (size_t)st.st_size + 1, max_bytes, &buf, &got)) {
    case 0: break;
    case -1: {
        int e = errno;
        fclose(f);
        return jb_diag_set(d, JB_ERR_INPUT, path, 0, 0, "check the file's permissions",
                           "cannot read the input: %s", strerror(e));
    }
    case -2: fclose(f); return too_large(path, max_bytes, 1, max_bytes, d);
    default:
        fclose(f);
        return jb_diag_set(d, JB_ERR_NOMEM, path, 0, 0, NULL, "out of memory reading the input");
    }
    fclose(f);
    rc = jb_source_from_memory(path, buf, got, encoding, out, d);
    free(buf);
    return rc;
}
