/* report — a jb_doc written as a report file, the inverse of parse.c. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chars.h"
#include "utf8.h"

typedef jb_buf buf;

static void
put(buf *b, const char *s, size_t len)
{
    jb_buf_put(b, s, len); /* a failure is remembered in b->fail */
}

static void
puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void
put_cp(buf *b, uint32_t cp)
{
    char ch[8];
    put(b, ch, jb_utf8_encode(cp, ch));
}

/* ---- front matter (YAML) ---- */

/* May c stand as itself in a YAML scalar? libyaml's printable set, without the characters it
 * reads as line breaks (U+0085, U+2028, U+2029) and without the tab. */
static int
yaml_printable(uint32_t c)
{
    return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Can t be written as a plain YAML scalar and read back as exactly this text? Chinese text almost
 * always can (and a plain value reads more easily); the rule errs towards quoting: no indicator
 * first, no space at either end, no `: ` or ` #` (a mapping value, a comment), no `:` last. */
static int
yaml_plain(const jb_text *t)
{
    static const char starts[] = "-?:,[]{}#&*!|>'\"%@`";
    uint32_t c0 = t->cps[0], cl = t->cps[t->n - 1];

    if ((c0 < 0x80 && strchr(starts, (int)c0) != NULL) || c0 == ' ' || cl == ' ' || cl == ':')
        return 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!yaml_printable(t->cps[i]))
            return 0;
        if (i + 1 < t->n && ((t->cps[i] == ':' && t->cps[i + 1] == ' ') ||
                             (t->cps[i] == ' ' && t->cps[i + 1] == '#')))
            return 0;
    }
    return 1;
}

/* t as a YAML scalar: plain when that reads back the same, else double-quoted with YAML's
 * escapes for ", \ and every character that may not stand as itself. */
static void
put_yaml_value(buf *b, const jb_text *t)
{
    char esc[16];

    if (yaml_plain(t)) {
        for (size_t i = 0; i < t->n; i++)
            put_cp(b, t->cps[i]);
        return;
    }
    put(b, "\"", 1);
    for (size_t i = 0; i < t->n; i++) {
        uint32_t c = t->cps[i];
        if (c == '"' || c == '\\') {
            put(b, "\\", 1);
            put_cp(b, c);
        } else if (yaml_printable(c)) {
            put_cp(b, c);
        } else {
            snprintf(esc, sizeof esc,
                     c < 0x100     ? "\\x%02X"
                     : c < 0x10000 ? "\\u%04X"
                                   : "\\U%08X",
                     (unsigned)c);
            puts_(b, esc);
        }
    }
    put(b, "\"", 1);
}

/* A front-matter line `key: value` (indented for a distribution row); nothing for an empty text,
 * which parse.c leaves empty too. */
static void
put_field(buf *b, const char *indent, const char *key, const jb_text *t)
{
    if (t->n == 0)
        return;
    puts_(b, indent);
    puts_(b, key);
    puts_(b, ": ");
    put_yaml_value(b, t);
    puts_(b, "\n");
}

/* The date as parse.c reads it back: the shown form (2023年7月19日) when it has one of the two
 * forms parse.c accepts, else the ISO date. */
static void
put_date(buf *b, const jb_doc *doc)
{
    char *shown = jb_text_to_utf8(&doc->masthead.date);
    int readable;

    if (shown == NULL) {
        b->fail = 1;
        return;
    }
    readable = (strlen(shown) >= 10 && shown[4] == '-' && shown[7] == '-') ||
               (strstr(shown, "年") && strstr(shown, "月") && strstr(shown, "日"));
    free(shown);
    if (readable || doc->masthead.date_iso[0] == '\0') {
        put_field(b, "", "date", &doc->masthead.date);
    } else {
        puts_(b, "date: ");
        puts_(b, doc->masthead.date_iso);
        puts_(b, "\n");
    }
}

/* ---- body (Markdown, as md4c reads it with parse.c's flags) ---- */

/* How a character is written outside a code span. */
enum { AS_RAW, AS_ESCAPE, AS_ENTITY };

/* How CommonMark sees a character next to a ** delimiter: whitespace, punctuation, or neither;
 * UNSURE for characters whose class we do not pin down (Unicode versions differ), which the
 * writer then spells as an entity. */
enum { CL_SPACE, CL_PUNCT, CL_OTHER, CL_UNSURE };

static int
md_class(uint32_t c)
{
    /* CJK and full-width punctuation of the general categories P* (punctuation in every
     * CommonMark version); full-width $ + < = > ^ ` | ~ are symbols and stay UNSURE. */
    static const uint32_t cjk_punct[] = {
        0x00B7, 0x2014, 0x2015, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x3001, 0x3002,
        0x3003, 0x3008, 0x3009, 0x300A, 0x300B, 0x300C, 0x300D, 0x300E, 0x300F, 0x3010,
        0x3011, 0x3014, 0x3015, 0x3016, 0x3017, 0x3018, 0x3019, 0x301A, 0x301B, 0x301C,
        0x301D, 0x301E, 0x301F, 0xFF01, 0xFF02, 0xFF03, 0xFF05, 0xFF06, 0xFF07, 0xFF08,
        0xFF09, 0xFF0A, 0xFF0C, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF20,
        0xFF3B, 0xFF3C, 0xFF3D, 0xFF3F, 0xFF5B, 0xFF5D};

    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return CL_SPACE;
    if (c < 0x80)
        return jb_char_is_digit(c) || jb_char_is_latin(c) ? CL_OTHER
               : c > 0x20 && c < 0x7F                     ? CL_PUNCT
                                                          : CL_UNSURE;
    if (jb_char_is_han(c))
        return CL_OTHER;
    return JB_IN_SET(c, cjk_punct) ? CL_PUNCT : CL_UNSURE;
}

static int
is_code(const jb_text *t, size_t i)
{
    return (t->marks[i] & JB_MARK_NOFIG) != 0;
}

/* Forced figure text: parse.c gives **…** spans FORCED, and a code span inside one NOFIG only. */
static int
is_forced(const jb_text *t, size_t i)
{
    return (t->marks[i] & (JB_MARK_FORCED | JB_MARK_NOFIG)) == JB_MARK_FORCED;
}

/* The class of the written form of character i as a ** delimiter sees it: a backslash escape, an
 * entity and a code span's backtick are ASCII punctuation. */
static int
written_class(const jb_text *t, const uint8_t *how, size_t i)
{
    if (is_code(t, i) || how[i] != AS_RAW)
        return CL_PUNCT;
    return md_class(t->cps[i]);
}

/* Decides how each character outside code spans is written (how[0..t->n)). Markdown marks are
 * backslash-escaped; a blank at either end (Markdown strips it) and control characters become
 * entities. In a table cell (cell != 0), whose content is inline only, no list or heading can
 * start, so a number stays as written (286.43, -2.3%, 1.) with no escape. A ** span opens only
 * where CommonMark sees a left-flanking run (not followed by whitespace; followed by punctuation
 * only when preceded by whitespace or punctuation) and closes only at a right-flanking one (the
 * mirror rule), so the characters around a span's edges that would break those rules are written as
 * entities, which read as punctuation. */
static void
plan_text(const jb_text *t, uint8_t *how, int cell)
{
    static const char special[] = "\\`*_[]<>#~|!&";
    size_t k = 0;

    while (k < t->n && !is_code(t, k) && jb_char_is_digit(t->cps[k]))
        k++;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t c = t->cps[i];
        how[i] = AS_RAW;
        if (is_code(t, i))
            continue;
        if (c < 0x20 || c == 0x7F || ((i == 0 || i + 1 == t->n) && md_class(c) == CL_SPACE))
            how[i] = AS_ENTITY;
        else if ((c < 0x80 && strchr(special, (int)c) != NULL) ||
                 (i == 0 && (c == '-' || c == '+' || c == '=') &&
                  !(cell && i + 1 < t->n && jb_char_is_digit(t->cps[i + 1]))) ||
                 (!cell && i == k && k > 0 && (c == '.' || c == ')'))) /* 1. starts a list */
            how[i] = AS_ESCAPE;
    }
    /* the first and last character inside each span: never whitespace, never unsure */
    for (size_t i = 0; i < t->n; i++) {
        int open = is_forced(t, i) && (i == 0 || !is_forced(t, i - 1));
        int close = is_forced(t, i) && (i + 1 == t->n || !is_forced(t, i + 1));
        int cl = written_class(t, how, i);
        if ((open || close) && (cl == CL_SPACE || cl == CL_UNSURE))
            how[i] = AS_ENTITY;
    }
    /* punctuation at an edge: whitespace or punctuation must stand outside it */
    for (size_t i = 0; i < t->n; i++) {
        if (!is_forced(t, i))
            continue;
        if ((i == 0 || !is_forced(t, i - 1)) && written_class(t, how, i) == CL_PUNCT && i > 0) {
            int before = written_class(t, how, i - 1);
            if (before != CL_SPACE && before != CL_PUNCT)
                how[i - 1] = AS_ENTITY;
        }
        if ((i + 1 == t->n || !is_forced(t, i + 1)) && written_class(t, how, i) == CL_PUNCT &&
            i + 1 < t->n) {
            int after = written_class(t, how, i + 1);
            if (after != CL_SPACE && after != CL_PUNCT)
                how[i + 1] = AS_ENTITY;
        }
    }
}

/* A code span holding t->cps[a..e): a fence of one backtick more than the longest run inside; a
 * space pad on both sides when CommonMark would strip one (content starting or ending with a
 * backtick, or with a space at both ends). */
static void
put_code(buf *b, const jb_text *t, size_t a, size_t e)
{
    size_t run = 0, longest = 0, fence;
    int all_space = 1, pad;

    for (size_t i = a; i < e; i++) {
        run = t->cps[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
        all_space &= t->cps[i] == ' ';
    }
    fence = longest + 1;
    pad = t->cps[a] == '`' || t->cps[e - 1] == '`' ||
          (t->cps[a] == ' ' && t->cps[e - 1] == ' ' && !all_space);
    for (size_t i = 0; i < fence; i++)
        put(b, "`", 1);
    if (pad)
        put(b, " ", 1);
    for (size_t i = a; i < e; i++)
        put_cp(b, t->cps[i]);
    if (pad)
        put(b, " ", 1);
    for (size_t i = 0; i < fence; i++)
        put(b, "`", 1);
}

/* One paragraph or head (or, cell != 0, a table cell's text) as a line of Markdown. */
static void
put_text(buf *b, const jb_text *t, int cell)
{
    uint8_t *how;
    char ent[16];

    if (t->n == 0) { /* an empty paragraph (one of blanks only): a blank parse.c drops again */
        puts_(b, "&#x20;");
        return;
    }
    if ((how = malloc(t->n)) == NULL) {
        b->fail = 1;
        return;
    }
    plan_text(t, how, cell);
    for (size_t i = 0; i < t->n;) {
        if (is_code(t, i)) {
            size_t e = i;
            while (e < t->n && is_code(t, e))
                e++;
            put_code(b, t, i, e);
            i = e;
            continue;
        }
        if (is_forced(t, i) && (i == 0 || !is_forced(t, i - 1)))
            puts_(b, "**");
        if (how[i] == AS_ESCAPE)
            put(b, "\\", 1);
        if (how[i] == AS_ENTITY) {
            snprintf(ent, sizeof ent, "&#x%X;", (unsigned)t->cps[i]);
            puts_(b, ent);
        } else {
            put_cp(b, t->cps[i]);
        }
        if (is_forced(t, i) && (i + 1 == t->n || !is_forced(t, i + 1)))
            puts_(b, "**");
        i++;
    }
    free(how);
}

/* A photo as a ![caption](file) paragraph: parse.c reads it back in the same place. */
static void
put_photo(buf *b, const jb_photo *p)
{
    {
        jb_text cap = p->caption;
        /* the caption without the blanks around it (parse.c trims them anyway) */
        while (cap.n > 0 && jb_char_is_blank(cap.cps[0]))
            cap.cps++, cap.offs++, cap.marks++, cap.n--;
        while (cap.n > 0 && jb_char_is_blank(cap.cps[cap.n - 1]))
            cap.n--;
        puts_(b, "\n![");
        if (cap.n > 0) /* (put_text writes an empty text as a blank entity) */
            put_text(b, &cap, 0);
        puts_(b, "](");
        puts_(b, p->ref);
        puts_(b, ")\n");
    }
}

/* The cells of row r of t by column (grid[c]: the cell starting at column c, NULL under a span
 * or past the row's end); busy carries the spans down from the rows above, and down[c] is 1
 * under the first column of a span down from a body row (there a ^^ is written). */
static void
table_row_grid(const jb_table *t, size_t r, size_t cols, unsigned *busy, uint8_t *down,
               const jb_cell **grid, uint8_t *mark)
{
    const jb_row *row = &t->rows[r];
    size_t k = 0;

    memset(grid, 0, cols * sizeof *grid);
    memset(mark, 0, cols);
    for (size_t c = 0; c < cols; c++) {
        if (busy[c]) {
            busy[c]--;
            mark[c] = down[c];
            continue;
        }
        if (k < row->n_cells) {
            const jb_cell *cell = &row->cells[k++];
            grid[c] = cell;
            for (unsigned s = 0; s < cell->colspan && c + s < cols; s++) {
                busy[c + s] = cell->rowspan > 1 ? cell->rowspan - 1u : 0;
                down[c + s] = s == 0 && !row->header;
            }
            c += cell->colspan ? cell->colspan - 1u : 0;
        }
    }
}

/* A cell's text as it reads, for a |-separated line: a bar as \|, a control character a space. */
static void
put_plain(buf *b, const jb_text *t)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->cps[i] == '|')
            puts_(b, "\\|");
        else
            put_cp(b, t->cps[i] < 0x20 ? ' ' : t->cps[i]);
    }
}

/* A table as a GFM pipe table, as parse.c reads it back (docs/FORMAT.md "Tables"): the first
 * row its header (a row of empty cells first when the table has none), a merged header cell its
 * text then empty cells (jb_table_merge_header), a body cell spanning rows ^^ in the rows below
 * (its other columns there empty), the delimiter row with the alignment the last row's cells
 * ask for. Two header rows or more without a merged cell are written as |-separated lines with
 * the delimiter row below the last (RULES.md §9.1), their cells as they read (no alignment). */
static void
put_table(buf *b, const jb_table *t)
{
    static const char *const delim[] = {" --- |", " :--- |", " :---: |", " ---: |"};
    size_t cols = t->n_cols ? t->n_cols : 1, heads = 0;
    unsigned *busy = calloc(cols, sizeof *busy);
    const jb_cell **grid = calloc(cols, sizeof *grid);
    uint8_t *align = calloc(cols, 1), *down = calloc(cols, 2), *mark = down ? down + cols : NULL;

    if (busy == NULL || grid == NULL || align == NULL || down == NULL) {
        b->fail = 1;
        goto done;
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        table_row_grid(t, r, cols, busy, down, grid, mark);
        for (size_t c = 0; c < cols; c++)
            if (grid[c])
                align[c] = grid[c]->align;
    }
    while (heads < t->n_rows && t->rows[heads].header)
        heads++;
    for (size_t r = 0; r < heads; r++) /* two plain header rows or more: | lines */
        for (size_t k = 0; k < t->rows[r].n_cells; k++)
            if (t->rows[r].cells[k].colspan > 1 || t->rows[r].cells[k].rowspan > 1)
                heads = 1;
    memset(busy, 0, cols * sizeof *busy);
    puts_(b, "\n");
    if (t->n_rows && !t->rows[0].header) { /* no header row: an empty one stands for it */
        puts_(b, "|");
        for (size_t c = 0; c < cols; c++)
            puts_(b, "  |");
        puts_(b, "\n|");
        for (size_t c = 0; c < cols; c++)
            puts_(b, delim[align[c] < 4 ? align[c] : 0]);
        puts_(b, "\n");
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        table_row_grid(t, r, cols, busy, down, grid, mark);
        puts_(b, "|");
        for (size_t c = 0; c < cols; c++) {
            puts_(b, " ");
            if (grid[c] && heads > 1)
                put_plain(b, &grid[c]->text);
            else if (grid[c])
                put_text(b, &grid[c]->text, 1);
            else if (mark[c])
                puts_(b, "^^");
            puts_(b, " |");
        }
        puts_(b, "\n");
        if (t->rows[0].header && r + 1 == (heads > 1 ? heads : 1)) {
            puts_(b, "|");
            for (size_t c = 0; c < cols; c++)
                puts_(b, delim[align[c] < 4 ? align[c] : 0]);
            puts_(b, "\n");
        }
    }
done:
    free(busy), free(grid), free(align), free(down);
}

/* An item's blocks. */
static jb_status
put_blocks(buf *b, const jb_item *it, jb_diag *d)
{
    for (size_t k = 0; k < it->n_blocks; k++) {
        const jb_block *bl = &it->blocks[k];
        switch (bl->kind) {
        case JB_BLOCK_PHOTO: put_photo(b, &bl->photo); break;
        case JB_BLOCK_HEAD: /* ## level 1, ### 2, #### 3 */
            puts_(b, bl->level >= 3 ? "\n#### " : bl->level == 2 ? "\n### " : "\n## ");
            put_text(b, &bl->text, 0);
            puts_(b, "\n");
            break;
        case JB_BLOCK_PARA:
        case JB_BLOCK_NOTE:      /* 附件 lines and signatures are paragraphs in a report, read */
        case JB_BLOCK_SIGNATURE: /* as such again at its end (jb_import_closing) */
            puts_(b, "\n");
            put_text(b, &bl->text, 0);
            puts_(b, "\n");
            if (bl->kind == JB_BLOCK_SIGNATURE && bl->aux.n) {
                puts_(b, "\n");
                put_text(b, &bl->aux, 0);
                puts_(b, "\n");
            }
            break;
        case JB_BLOCK_TABLE: put_table(b, &bl->table); break;
        default:
            return jb_diag_set(d, JB_ERR_FORMAT, NULL, 0, 0, NULL,
                               "the report format has no lists, notes or signatures yet");
        }
    }
    return JB_OK;
}

/* An item of an issue as the report format writes it after the front matter (docs/FORMAT.md "An
 * issue of several items"): its 编者按, `# title`, a paragraph of its byline and source, its
 * blocks. */
static jb_status
put_item(buf *b, const jb_item *it, jb_diag *d)
{
    if (it->editor_note.n) {
        puts_(b, "\n编者按：");
        put_text(b, &it->editor_note, 0);
        puts_(b, "\n");
    }
    puts_(b, "\n# ");
    put_text(b, &it->title, 0);
    puts_(b, "\n");
    if (it->byline.n || it->origin.n)
        puts_(b, "\n");
    put_field(b, "", "byline", &it->byline);
    put_field(b, "", "source", &it->origin);
    return put_blocks(b, it, d);
}

jb_status
jb_report_write(const jb_doc *doc, char **out, jb_diag *d)
{
    buf b = {0};
    static const char *const rows[JB_DIST_COUNT] = {"报", "送", "发"};
    const jb_colophon *co = &doc->colophon;
    /* an issue: every item (the first too) under its `# ` title */
    int issue = doc->n_items > 1 || doc->items[0].editor_note.n > 0;
    jb_status st = JB_OK;

    *out = NULL;
    puts_(&b, "---\n");
    for (size_t i = 0; i < jb_n_fields; i++) { /* in the order the page shows them */
        const jb_field *f = &jb_fields[i];
        switch (f->kind) {
        case JB_FIELD_TEXT:
            if (!issue || !f->item || strcmp(f->key, "category") == 0)
                put_field(&b, "", f->key, jb_field_text(doc, f));
            break;
        case JB_FIELD_DATE: put_date(&b, doc); break;
        case JB_FIELD_DIST:
            if (co->dist[0].n || co->dist[1].n || co->dist[2].n) {
                puts_(&b, f->key);
                puts_(&b, ":\n");
                for (int r = 0; r < JB_DIST_COUNT; r++)
                    put_field(&b, "  ", rows[r], &co->dist[r]);
            }
            break;
        case JB_FIELD_PAGES:
            if (doc->pages > 0) {
                char num[32];
                snprintf(num, sizeof num, "%s: %d\n", f->key, doc->pages);
                puts_(&b, num);
            }
            break;
        case JB_FIELD_FLAG:
            if (strcmp(f->key, "contents") == 0 ? doc->contents : doc->figures_off) {
                puts_(&b, f->key);
                puts_(&b, ": ");
                puts_(&b, strcmp(f->key, "contents") != 0 ? "off"
                          : doc->contents == 1            ? "yes"
                                                          : jb_contents_heads[doc->contents - 1]);
                puts_(&b, "\n");
            }
            break;
        }
    }
    puts_(&b, "---\n");
    if (!issue)
        st = put_blocks(&b, &doc->items[0], d);
    for (size_t n = 0; issue && n < doc->n_items && st == JB_OK; n++)
        st = put_item(&b, &doc->items[n], d);
    if (st != JB_OK) {
        jb_buf_fini(&b);
        return st;
    }
    if (b.fail) {
        jb_buf_fini(&b);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *out = jb_buf_take(&b, NULL);
    return JB_OK;
}
