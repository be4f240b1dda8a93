/* docx_table — a Word table as text lines (part of the module libjianbao-word.so): one line a
 * row, its cells apart by tabs, with the header rows and merged cells said as docs/FORMAT.md
 * "Tables" writes them. */
#include "docx_int.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The w:tc of a row's child (a cell, or one inside a content control), else NULL. */
static const xmlNode *
row_cell(const xmlNode *tc)
{
    if (is_w(tc, "tc"))
        return tc;
    return is_w(tc, "sdt") ? child(child(tc, "sdtContent"), "tc") : NULL;
}

/* How many rows open the table as its header rows (RULES.md §9.1): the rows Word repeats on each
 * page (w:tblHeader), else a first row whose text is all bold (directly or by its styles), else
 * none (a 会议纪要 form). A table style's first-row look is not read. */
static int
header_rows(const xmlNode *tbl, int first_bold)
{
    int n = 0;
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        if (toggle(child(tr, "trPr"), "tblHeader") <= 0)
            break;
        n++;
    }
    return n ? n : first_bold;
}

/* An outer table: one paragraph a row, its cells apart by tabs, as a spreadsheet pastes them
 * (RULES.md §9.1; docs/FORMAT.md "Tables"): a cell spanning columns (gridSpan) is its text then
 * empty cells; a cell merged into the one above (vMerge) is empty in a header row and ^^ in a body
 * row (the rowspan mark); a cell's paragraphs join. The first row's table_heads says how many
 * header rows to write before the delimiter row: 0 none, 1 also for header rows with merged
 * cells (jb_table_merge_header finds a second one again), else all of them. */
void
walk_table(reader *r, const xmlNode *tbl)
{
    int row_no = 0, heads = -1, top[64]; /* top[c]: the row where grid column c's merge began */
    int merged = 0;                      /* a merged cell in the first rows */
    wpara *first = NULL;
    size_t first_at = 0;
    for (const xmlNode *tr = tbl->children; tr && !r->oom; tr = tr->next) {
        buf line = {0};
        int cells = 0;
        if (!is_w(tr, "tr"))
            continue;
        long col = 0;
        if (row_no == 0)
            for (int c = 0; c < 64; c++)
                top[c] = -1;
        r->row_plain = 0, r->row_text = 0;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            const xmlNode *cell = row_cell(tc), *pr = child(cell, "tcPr");
            const char *span = child_val(pr, "gridSpan"), *vm = child_val(pr, "vMerge");
            long n = span ? strtol(span, NULL, 10) : 1;
            if (cell == NULL)
                continue;
            merged |= (heads < 0 || row_no < heads) && (n > 1 || child(pr, "vMerge"));
            if (cells++)
                buf_str(&line, "\t");
            r->rowbuf.len = 0;
            if (r->rowbuf.data)
                r->rowbuf.data[0] = '\0';
            r->row = 1;
            walk_block(r, cell);
            r->row = 0;
            /* vMerge without "restart": the cell continues the one above, which ^^ says in a
             * body row under a merge begun below the header rows */
            if (!(child(pr, "vMerge") && (vm == NULL || strcmp(vm, "restart") != 0))) {
                for (size_t i = 0; i < r->rowbuf.len; i++)
                    buf_add(&line, r->rowbuf.data[i] == '\t' ? " " : r->rowbuf.data + i, 1);
                if (col < 64)
                    top[col] = child(pr, "vMerge") ? row_no : -1;
            } else if (heads >= 0 && row_no >= heads &&
                       !(col < 64 && top[col] >= 0 && top[col] < heads)) {
                buf_str(&line, "^^");
            }
            col += n > 0 ? n : 1;
            for (long k = 1; k < n && k < 64; k++)
                buf_str(&line, "\t");
        }
        if (heads < 0) /* known once the first row is read */
            heads = header_rows(tbl, r->row_text && !r->row_plain);
        row_no++;
        if (line.fail || r->rowbuf.fail) {
            r->oom = 1;
            free(line.data);
            return;
        }
        wpara *w = line.data ? para_add(r) : NULL;
        if (w == NULL) {
            free(line.data);
            continue;
        }
        w->text = line.data;
        w->table_row = first ? 2 : 1;
        if (first == NULL)
            first = w, first_at = r->n - 1;
    }
    if (first)
        r->p[first_at].table_heads = heads < 0 ? 0 : heads > 1 && merged ? 1 : heads;
}
