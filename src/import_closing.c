/* import_closing — what closes a document (RULES.md §7.2): the 附件 lines and the signature (a
 * unit above its date; 整理：… 审核：…) at its end, read with import's line tests into note and
 * signature blocks (jb_import_closing, import.h); a raw article's distribution lines (报送：…)
 * into the 报尾's rows. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "import_int.h"
#include "utf8.h"

#define SIGNER_MAX 25 /* a unit's name above its date (东岭县关工委办公室) */
#define CREDIT_MAX 40 /* a line of 整理：X 审核：Y */
#define ANNEX_MAX  60 /* an 附件 line, or a numbered one under it */

/* Credit words of a signature line (整理：王明 审核：李华), each with its colon. */
static const char *const credit_words[] = {"整理",   "审核", "审稿", "校对", "撰稿", "签发",
                                           "签发人", "编辑", "供稿", "核稿", "印发", NULL};

/* Does t read as a date alone (2024年6月12日, 2024-06-12)? */
static int
date_alone(const jb_text *t)
{
    jb_doc scratch;
    memset(&scratch, 0, sizeof scratch);
    scratch.masthead.date_iso[0] = 'x'; /* a test only: nothing is set */
    return jb_imp_read_date_line(&scratch, t);
}

static int
holds_sentence_mark(const jb_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->cps[i] == 0x3002 || t->cps[i] == 0xFF0C || t->cps[i] == 0xFF1B)
            return 1;
    return 0;
}

/* A unit signing above its date: a short line with Han and no sentence mark. */
static int
signer(const jb_text *t)
{
    size_t n = jb_imp_count_chars(t);
    return n >= 2 && n <= SIGNER_MAX && jb_imp_has_han(t) && !holds_sentence_mark(t) &&
           !date_alone(t);
}

/* The credit word with its colon at t[i] (its length without the colon), or 0. */
static size_t
credit_at(const jb_text *t, size_t i)
{
    for (const char *const *w = credit_words; *w; w++) {
        size_t m = jb_cps_match(t->cps, t->n, i, *w);
        if (m && i + m < t->n && (t->cps[i + m] == 0xFF1A || t->cps[i + m] == ':'))
            return m;
    }
    return 0;
}

/* 整理：王明 审核：李华 (a credit word and a colon opening it, a short line). */
static int
credits(const jb_text *t)
{
    return jb_imp_count_chars(t) <= CREDIT_MAX && !holds_sentence_mark(t) && credit_at(t, 0);
}

/* 附件：1. … (附件, maybe its number, then a colon), or 附件1 alone. */
static int
annex(const jb_text *t)
{
    size_t m = jb_cps_match(t->cps, t->n, 0, "附件");
    if (m == 0 || jb_imp_count_chars(t) > ANNEX_MAX)
        return 0;
    while (m < t->n && ((t->cps[m] >= '0' && t->cps[m] <= '9') || jb_char_is_blank(t->cps[m])))
        m++;
    return m == t->n || t->cps[m] == 0xFF1A || t->cps[m] == ':';
}

/* 2. … 2．… 2、…: a later item of an 附件 list. */
static int
numbered_item(const jb_text *t)
{
    size_t i = 0;
    while (i < t->n && t->cps[i] >= '0' && t->cps[i] <= '9')
        i++;
    return i > 0 && i < t->n && jb_imp_count_chars(t) <= ANNEX_MAX &&
           (t->cps[i] == '.' || t->cps[i] == 0xFF0E || t->cps[i] == 0x3001);
}

/* Where the closing blocks of t[0..n) start (n: none); kind[k] for k from there: JB_IMP_ANNEX,
 * JB_IMP_SIGNER (a signature's text), JB_IMP_SIGNED (the date of the signer above). */
static size_t
closing(const jb_text *const *t, size_t n, uint8_t *kind)
{
    size_t from = n, a;

    /* the signature, last: a unit above its date, or credit lines */
    while (from > 1) {
        if (credits(t[from - 1])) {
            kind[from - 1] = JB_IMP_SIGNER;
            from--;
        } else if (from > 2 && date_alone(t[from - 1]) && signer(t[from - 2]) &&
                   !annex(t[from - 2])) {
            kind[from - 2] = JB_IMP_SIGNER;
            kind[from - 1] = JB_IMP_SIGNED;
            from -= 2;
        } else {
            break;
        }
    }
    /* above it, the 附件 lines: the last line opening with 附件 within the last few, and the
     * numbered ones after it */
    for (a = from; a > 1 && from - a < 8; a--)
        if (annex(t[a - 1]))
            break;
    if (a > 1 && annex(t[a - 1])) {
        size_t k = a;
        while (k < from && numbered_item(t[k]))
            k++;
        if (k == from) {
            for (size_t q = a - 1; q < from; q++)
                kind[q] = JB_IMP_ANNEX;
            from = a - 1;
        }
    }
    return from;
}

/* 整理：王明审核：李华 (blanks between Han are gone by now, §4.3) set apart again: two U+3000
 * before every later credit word. 0 or -1. */
static int
space_credits(jb_text *t)
{
    jb_text out;
    memset(&out, 0, sizeof out);
    for (size_t i = 0; i < t->n; i++) {
        if (i > 0 && !jb_char_is_blank(t->cps[i - 1]) && credit_at(t, i) &&
            (jb_text_push(&out, 0x3000, t->offs[i], 0) != 0 ||
             jb_text_push(&out, 0x3000, t->offs[i], 0) != 0))
            goto no;
        if (jb_text_push(&out, t->cps[i], t->offs[i], t->marks[i]) != 0)
            goto no;
    }
    jb_text_fini(t);
    *t = out;
    return 0;
no:
    jb_text_fini(&out);
    return -1;
}

int
jb_import_closing(jb_doc *doc)
{
    jb_item *it = &doc->items[doc->n_items - 1];
    size_t n = 0, first = it->n_blocks, from;
    const jb_text **t;
    uint8_t *kind;
    int st = 0;

    /* the 版记's lines last (抄送：… 印发：…) to the 报尾, as the raw importer reads them */
    while (it->n_blocks > 1 && it->blocks[it->n_blocks - 1].kind == JB_BLOCK_PARA) {
        int r = jb_imp_read_distribution(doc, &it->blocks[it->n_blocks - 1].text);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        jb_item_remove_block(it, it->n_blocks - 1);
    }
    first = it->n_blocks;
    while (first > 0 && it->blocks[first - 1].kind == JB_BLOCK_PARA) /* the trailing paragraphs */
        first--;
    n = it->n_blocks - first;
    if (n < 2)
        return 0;
    t = calloc(n, sizeof *t);
    kind = calloc(n, 1);
    if (t == NULL || kind == NULL) {
        free(t), free(kind);
        return -1;
    }
    for (size_t k = 0; k < n; k++)
        t[k] = &it->blocks[first + k].text;
    from = closing(t, n, kind);
    for (size_t k = from; k < n; k++) {
        jb_block *b = &it->blocks[first + k];
        if (kind[k] == JB_IMP_ANNEX) {
            b->kind = JB_BLOCK_NOTE;
        } else if (kind[k] == JB_IMP_SIGNER) {
            b->kind = JB_BLOCK_SIGNATURE;
            if (credits(&b->text) && space_credits(&b->text) != 0)
                st = -1;
            if (k + 1 < n && kind[k + 1] == JB_IMP_SIGNED) { /* its date: aux, out of the body */
                jb_text date = b[1].text;
                memset(&b[1].text, 0, sizeof b[1].text);
                b->aux = date;
            }
        }
    }
    for (size_t k = n; k-- > from;) /* the emptied date blocks */
        if (kind[k] == JB_IMP_SIGNED)
            jb_item_remove_block(it, first + k);
    free(t), free(kind);
    return st;
}

/* ---- the 报尾 ---- */

/* The 印发 row's date before index e of t (2026年7月3日, its blanks skipped): its start, or e. */
static size_t
date_before(const jb_text *t, size_t e)
{
    size_t a = e, digits = 0;
    while (a > 0 && jb_char_is_blank(t->cps[a - 1]))
        a--;
    e = a;
    if (a == 0 || t->cps[a - 1] != 0x65E5) /* 日 */
        return e;
    while (a > 0 && ((t->cps[a - 1] >= '0' && t->cps[a - 1] <= '9') || t->cps[a - 1] == 0x6708 ||
                     t->cps[a - 1] == 0x65E5 || t->cps[a - 1] == 0x5E74)) /* 月 日 年 */
        a--;
    while (a + digits < e && t->cps[a + digits] >= '0' && t->cps[a + digits] <= '9')
        digits++;
    return digits == 4 && t->cps[a + 4] == 0x5E74 ? a : e;
}

/* Copies t[a..b) without its blanks at either end into *dst when dst is empty: 1, 0 when there
 * is nothing to copy or dst is set, -1 when out of memory. */
static int
take(jb_text *dst, const jb_text *t, size_t a, size_t b)
{
    while (a < b && jb_char_is_blank(t->cps[a]))
        a++;
    while (b > a && jb_char_is_blank(t->cps[b - 1]))
        b--;
    if (a == b || dst->n)
        return 0;
    return jb_imp_copy_range(dst, t, a, b) != 0 ? -1 : 1;
}

/* The 印发 row: 印发：X, 签发：X / 签发人：X, 印发日期：…, or X 2026年7月3日印发 (a short line
 * ending in 印发, a date maybe before it). 1 when read, 0 when t is none, -1 when out of memory. */
static int
read_print_row(jb_doc *doc, const jb_text *t)
{
    static const struct {
        const char *key;
        size_t field; /* offsetof in jb_colophon */
    } keys[] = {
        {"印发机关", offsetof(jb_colophon, printer)}, {"印发单位", offsetof(jb_colophon, printer)},
        {"印发日期", offsetof(jb_colophon, printed)}, {"印发", offsetof(jb_colophon, printer)},
        {"签发人", offsetof(jb_colophon, approver)},  {"签发", offsetof(jb_colophon, approver)}};
    jb_colophon *co = &doc->colophon;
    size_t n = jb_imp_count_chars(t);

    if (n > SIGNER_MAX + 16 || holds_sentence_mark(t))
        return 0;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t m = jb_cps_match(t->cps, t->n, 0, keys[k].key);
        if (m == 0 || m >= t->n || (t->cps[m] != 0xFF1A && t->cps[m] != ':'))
            continue;
        if (credit_at(t, m + 1) || m + 1 == t->n) /* 签发：张三 审核：… is a signature */
            return 0;
        for (size_t i = m + 1; i < t->n; i++)
            if (credit_at(t, i))
                return 0;
        return take((jb_text *)((char *)co + keys[k].field), t, m + 1, t->n);
    }
    /* X 2026年7月3日印发, 2026年7月3日印发: a date before 印发 (X印发 alone may be a title) */
    if (t->n < 3 || t->cps[t->n - 2] != 0x5370 || t->cps[t->n - 1] != 0x53D1) /* 印发 */
        return 0;
    size_t d = date_before(t, t->n - 2), e = t->n - 2;
    int st;
    if (d == e || co->printed.n || (d > 0 && co->printer.n))
        return 0;
    while (e > d && jb_char_is_blank(t->cps[e - 1]))
        e--;
    if ((st = take(&co->printed, t, d, e)) != 1)
        return (int)st;
    return d > 0 && take(&co->printer, t, 0, d) < 0 ? -1 : 1;
}

/* A distribution line (报送：… 抄送：… 分送：…) read into the 报尾's row (报, 送, 发) when that row
 * is empty. 1 when read, 0 when t is none, -1 when out of memory. */
int
jb_imp_read_distribution(jb_doc *doc, const jb_text *t)
{
    static const struct {
        const char *key;
        int row;
    } keys[] = {{"报送", JB_DIST_BAO},
                {"抄报", JB_DIST_BAO},
                {"抄送", JB_DIST_SONG},
                {"分送", JB_DIST_FA},
                {"发送", JB_DIST_FA}};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t m = jb_cps_match(t->cps, t->n, 0, keys[k].key), v;
        if (m == 0 || m >= t->n || (t->cps[m] != 0xFF1A && t->cps[m] != ':'))
            continue;
        for (v = m + 1; v < t->n && jb_char_is_blank(t->cps[v]); v++)
            ;
        if (v == t->n || doc->colophon.dist[keys[k].row].n)
            return 0;
        return jb_imp_copy_range(&doc->colophon.dist[keys[k].row], t, v, t->n) != 0 ? -1 : 1;
    }
    return read_print_row(doc, t);
}
