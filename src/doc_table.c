/* doc_table — the table blocks of the document model: rows and cells, merged cells written as a
 * spreadsheet copies them (text then empty cells; ^^ for the cell above), tables pasted as
 * delimited lines. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "utf8.h"

jb_row *
jb_table_add_row(jb_table *t, int header)
{
    jb_row *a;
    if (jb_grow(&t->rows, &t->cap_rows, t->n_rows + 1, sizeof *t->rows) != 0)
        return NULL;
    a = t->rows;
    memset(&a[t->n_rows], 0, sizeof a[0]);
    a[t->n_rows].header = header;
    return &a[t->n_rows++];
}

jb_cell *
jb_table_add_cell(jb_table *t, jb_row *r, unsigned rowspan, unsigned colspan, uint32_t off)
{
    jb_cell *a, *c;
    size_t width = 0;
    if (jb_grow(&r->cells, &r->cap_cells, r->n_cells + 1, sizeof *r->cells) != 0)
        return NULL;
    a = r->cells;
    c = &a[r->n_cells++];
    memset(c, 0, sizeof *c);
    c->rowspan = (uint16_t)(rowspan ? rowspan : 1);
    c->colspan = (uint16_t)(colspan ? colspan : 1);
    c->off = off;
    for (size_t k = 0; k < r->n_cells; k++)
        width += r->cells[k].colspan;
    if (width > t->n_cols)
        t->n_cols = width;
    return c;
}

/* The cells of row r join the one before where they are empty after a filled one. */
static void
merge_across(jb_row *row)
{
    size_t out = 0;
    for (size_t k = 0; k < row->n_cells; k++) {
        jb_cell *c = &row->cells[k];
        if (out > 0 && c->text.n == 0 && row->cells[out - 1].text.n > 0) {
            row->cells[out - 1].colspan = (uint16_t)(row->cells[out - 1].colspan + c->colspan);
            jb_text_fini(&c->text);
            continue;
        }
        row->cells[out++] = *c;
    }
    row->n_cells = out;
}

static void merge_header_rows(jb_table *t);
static int merge_down(jb_table *t);

void
jb_table_merge_header(jb_table *t)
{
    int blank = t->n_rows > 1 && t->rows[0].header && !t->rows[1].header;
    for (size_t k = 0; blank && k < t->rows[0].n_cells; k++)
        blank = t->rows[0].cells[k].text.n == 0;
    if (blank) { /* a header row of empty cells only: the table has none */
        for (size_t k = 0; k < t->rows[0].n_cells; k++)
            jb_text_fini(&t->rows[0].cells[k].text);
        free(t->rows[0].cells);
        memmove(t->rows, t->rows + 1, (t->n_rows - 1) * sizeof *t->rows);
        t->n_rows--;
    }
    merge_header_rows(t);
    (void)merge_down(t);
}

/* A body cell reading ^^ (a table's rowspan mark, as markdown-it-multimd-table writes it) joins
 * the cell above it when that one starts in the same column, spans as many and ends right
 * above. -1 out of memory (then nothing merges). */
static int
merge_down(jb_table *t)
{
    size_t cols = t->n_cols, *own = calloc(cols ? cols : 1, 2 * sizeof *own);
    const size_t none = (size_t)-1;
    if (own == NULL)
        return -1;
    for (size_t c = 0; c < cols; c++)
        own[2 * c] = none; /* own[2c]: the row of the cell over column c, own[2c+1]: its index */
    for (size_t r = 0; r < t->n_rows; r++) {
        jb_row *row = &t->rows[r];
        size_t c = 0, out = 0;
        for (size_t k = 0; k < row->n_cells; k++, c++) {
            jb_cell *cell = &row->cells[k], *up = NULL;
            while (c < cols && own[2 * c] != none &&
                   own[2 * c] + t->rows[own[2 * c]].cells[own[2 * c + 1]].rowspan > r)
                c++;
            if (c < cols && own[2 * c] != none &&
                (c == 0 || own[2 * (c - 1)] != own[2 * c] ||
                 own[2 * (c - 1) + 1] != own[2 * c + 1]))
                up = &t->rows[own[2 * c]].cells[own[2 * c + 1]];
            if (up && !row->header && !t->rows[own[2 * c]].header && cell->text.n == 2 &&
                cell->text.cps[0] == '^' && cell->text.cps[1] == '^' &&
                up->colspan == cell->colspan && own[2 * c] + up->rowspan == r) {
                up->rowspan++;
                c += cell->colspan - 1u;
                jb_text_fini(&cell->text);
                continue;
            }
            row->cells[out] = *cell;
            for (unsigned s = 0; s < cell->colspan && c < cols; s++, c++)
                own[2 * c] = r, own[2 * c + 1] = out;
            c--;
            out++;
        }
        row->n_cells = out;
    }
    free(own);
    return 0;
}

static void
merge_header_rows(jb_table *t)
{
    jb_row *h, *s;
    size_t out = 0, merged = 0, col = 0;

    for (size_t r = 0; r < t->n_rows && t->rows[r].header; r++)
        merge_across(&t->rows[r]);
    if (t->n_rows < 2 || !t->rows[0].header || t->rows[1].header)
        return;
    /* a second header row: the row after a one-row header with merged cells, empty under each
     * unmerged cell (which spans both rows) and filled under the merged ones */
    h = &t->rows[0], s = &t->rows[1];
    if (s->n_cells != t->n_cols)
        return;
    for (size_t c = 0; c < h->n_cells; c++) {
        for (unsigned i = 0; i < h->cells[c].colspan; i++, col++)
            if ((s->cells[col].text.n == 0) != (h->cells[c].colspan == 1))
                return;
        merged += h->cells[c].colspan > 1;
    }
    if (merged == 0)
        return;
    s->header = 1;
    col = 0;
    for (size_t c = 0; c < h->n_cells; c++)
        for (unsigned i = 0; i < h->cells[c].colspan; i++, col++) {
            if (h->cells[c].colspan == 1) {
                h->cells[c].rowspan = 2;
                jb_text_fini(&s->cells[col].text);
                continue;
            }
            s->cells[out++] = s->cells[col];
        }
    s->n_cells = out;
}

/* The next line of s[*at..len) into [*a, *b) (no newline); 0 past the end. */
static int
next_line(const char *s, size_t len, size_t *at, size_t *a, size_t *b)
{
    if (*at >= len)
        return 0;
    *a = *at;
    while (*at < len && s[*at] != '\n')
        (*at)++;
    *b = *at;
    if (*b > *a && s[*b - 1] == '\r')
        (*b)--;
    if (*at < len)
        (*at)++;
    return 1;
}

/* Strips blanks, and a '|' line's outer bars, from [*a, *b). */
static void
trim_line(const char *s, size_t *a, size_t *b, char sep)
{
    while (*a < *b && (s[*a] == ' ' || (sep != '\t' && s[*a] == '\t')))
        (*a)++;
    while (*b > *a && (s[*b - 1] == ' ' || (sep != '\t' && s[*b - 1] == '\t')))
        (*b)--;
    if (sep == '|') {
        if (*a < *b && s[*a] == '|')
            (*a)++;
        if (*b > *a && s[*b - 1] == '|' && (*b - *a < 2 || s[*b - 2] != '\\'))
            (*b)--;
    }
}

/* A `|---|:---:|` delimiter row. */
static int
delimiter_row(const char *s, size_t a, size_t b)
{
    int dash = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (!strchr("|: \t", s[i]))
            return 0;
    }
    return dash;
}

/* Cells of s[a..b): the separators in it, plus one. */
static size_t
count_cells(const char *s, size_t a, size_t b, char sep)
{
    size_t n = 1;
    for (size_t i = a; i < b; i++)
        n += s[i] == sep && (sep != '|' || i == a || s[i - 1] != '\\');
    return n;
}

/* Tab rows of unequal cells (a Word form's: 姓名 王明 性别 男 / 申报理由 …): no header row, and
 * each short row's last cell spans the columns it lacks. */
static void
spread_short(jb_table *t)
{
    size_t cols = 0;
    int uneven = 0;
    for (size_t r = 0; r < t->n_rows; r++)
        cols = t->rows[r].n_cells > cols ? t->rows[r].n_cells : cols;
    for (size_t r = 0; r < t->n_rows; r++)
        uneven |= t->rows[r].n_cells != cols;
    for (size_t r = 0; uneven && r < t->n_rows; r++) {
        jb_row *row = &t->rows[r];
        row->header = 0;
        if (row->n_cells && row->n_cells < cols)
            row->cells[row->n_cells - 1].colspan = (uint16_t)(1 + cols - row->n_cells);
    }
    if (uneven)
        t->n_cols = cols;
}

size_t
jb_table_delimited_cols(const char *s, size_t len, char sep)
{
    size_t at = 0, a, b, cols = 0, rows = 0;
    /* no separator, or one line only: no two rows of two cells (asked of every paragraph) */
    if (len == 0 || memchr(s, sep, len) == NULL || memchr(s, '\n', len) == NULL)
        return 0;
    while (next_line(s, len, &at, &a, &b)) {
        trim_line(s, &a, &b, sep);
        if (a == b)
            continue;
        if (sep == '|' && delimiter_row(s, a, b))
            continue;
        size_t n = count_cells(s, a, b, sep);
        if (n < 2 || (cols && n != cols && sep != '\t'))
            return 0;
        cols = n > cols ? n : cols, rows++; /* tab rows may differ: a form's (spread_short) */
    }
    return rows >= 2 ? cols : 0;
}

int
jb_table_read_delimited(jb_table *t, const char *s, size_t len, uint32_t off, char sep)
{
    size_t at = 0, a, b;
    int delim = 0;
    while (next_line(s, len, &at, &a, &b)) {
        jb_row *row;
        trim_line(s, &a, &b, sep);
        if (sep == '|' && a < b && delimiter_row(s, a, b)) { /* the rows above are the header */
            for (size_t r = 0; r < t->n_rows && !delim; r++)
                t->rows[r].header = 1;
            delim = 1;
            continue;
        }
        if (a == b)
            continue;
        if ((row = jb_table_add_row(t, t->n_rows == 0)) == NULL)
            return -1;
        for (size_t c = a; c <= b;) {
            size_t e = c;
            while (e < b && !(s[e] == sep && (sep != '|' || e == a || s[e - 1] != '\\')))
                e++;
            size_t ca = c, cb = e;
            while (ca < cb && (s[ca] == ' ' || s[ca] == '\t'))
                ca++;
            while (cb > ca && (s[cb - 1] == ' ' || s[cb - 1] == '\t'))
                cb--;
            jb_cell *cell = jb_table_add_cell(t, &t->rows[t->n_rows - 1], 1, 1, off + (uint32_t)ca);
            if (cell == NULL)
                return -1;
            for (size_t i = ca; i < cb; i++) { /* a '|' cell's \| is a bar */
                size_t n = 1;
                if (sep == '|' && s[i] == '\\' && i + 1 < cb && s[i + 1] == '|')
                    i++;
                while (i + n < cb && ((unsigned char)s[i + n] & 0xC0) == 0x80)
                    n++;
                if (jb_text_push_utf8(&cell->text, s + i, n, off + (uint32_t)i, 0) != 0)
                    return -1;
                i += n - 1;
            }
            c = e + 1;
        }
        (void)row;
    }
    if (sep == '\t')
        spread_short(t);
    jb_table_merge_header(t);
    return 0;
}
