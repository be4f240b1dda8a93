/* chars — the character classes of the typesetting and structure rules (docs/RULES.md), one
 * definition each, shared by every stage. Pure functions of a code point; no state. The
 * simplest, asked of every character many times over, are inline. */
#ifndef JB_CHARS_H
#define JB_CHARS_H

#include <stdint.h>

/* ---- scripts ---- */

/* Han: CJK unified ideographs (U+4E00–9FFF), Extension A (U+3400–4DBF), compatibility
 * ideographs (U+F900–FAFF), planes 2 and 3 (Extensions B–H, U+20000–3FFFF) and 〇 U+3007.
 * The Han side of the Han–Latin gap (§4.1) and of the ASCII-punctuation context (§4.3). */
static inline int
jb_char_is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

/* ASCII digits 0–9 (§1.4 U4 numbers, §6.2 NUM_AR). Full-width digits are not digits. */
static inline int
jb_char_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* ASCII letters A–Z a–z (§1.4 U6 Latin words). */
static inline int
jb_char_is_latin(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A digit or an ASCII letter: a character of an unbreakable word (§1.4 U4/U6) and the other side
 * of the Han–Latin gap (§4.1). */
static inline int
jb_char_is_alnum(uint32_t c)
{
    return jb_char_is_digit(c) || jb_char_is_latin(c);
}

/* ---- white space ---- */

/* Space or tab: what normalize skips to find a mark's neighbour (§4.3). */
static inline int
jb_char_is_space(uint32_t c)
{
    return c == ' ' || c == '\t';
}

/* Any blank a pasted text may carry: space, tab, line feed, ideographic space U+3000 and no-break
 * space U+00A0. Trimmed from raw lines (§7.1) and dropped from Chinese text (§4.3). */
static inline int
jb_char_is_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0x3000 || c == 0x00A0;
}

/* ---- context classes ---- */

/* Han or CJK punctuation (CJK symbols U+3000–303F, full-width forms U+FF00–FF60, “ ” ‘ ’ … —):
 * an ASCII mark next to one of these is in Chinese text and is made full-width (§4.3). */
int jb_char_is_cjk(uint32_t cp);

/* A mark that ends a clause for the key-figure scanner (§6.2 RANK look-back): CJK symbols
 * U+3000–303F, full-width forms U+FF00–FF65 and general punctuation U+2010–206F. The blocks are
 * taken whole, so this also holds 〇 and full-width letters and digits. */
int jb_char_is_clause_mark(uint32_t cp);

/* ---- Chinese numerals ---- */

/* A Chinese numeral of a quantity (§6.2 NUM_CN): 零 〇 一 二 两 三 四 五 六 七 八 九 十 百 千 万
 * 亿, and the Traditional 兩 萬 億. */
int jb_char_is_cn_numeral(uint32_t cp);

/* The big numerals 十 百 千 万 亿 萬 億 (§6.2: a bare Chinese number must hold one). */
int jb_char_is_cn_big(uint32_t cp);

/* 一 … 十: the counters of numbered section heads 一、 （一） 一是 第一 (§7.3 P2–P4, P6). */
int jb_char_is_cn_count(uint32_t cp);

/* ---- punctuation ---- */

/* Punctuation classes for width adjustment (§2.2, §3.1). */
enum {
    JB_PUNCT_NONE = 0,
    JB_PUNCT_OPEN,  /* “ ‘ （ 《 …: left half removable */
    JB_PUNCT_CLOSE, /* ” ’ ） 》 …: right half removable */
    JB_PUNCT_PAUSE, /* ，、；：: right half removable */
    JB_PUNCT_STOP,  /* 。？！: right half removable, last to be compressed */
    JB_PUNCT_FIXED  /* —— …… · and the like: never compressed or stretched inside */
};

/* The punctuation class of cp (JB_PUNCT_*); CJK ideographs, the usual question, answered inline. */
int jb_punct_class_other(uint32_t cp);
static inline int
jb_punct_class(uint32_t c)
{
    return c >= 0x3400 && c < 0xA000 ? JB_PUNCT_NONE : jb_punct_class_other(c);
}
/* A closing mark, a pause or a stop: a class whose blank is on the right. */
static inline int
jb_punct_closing_like(int p)
{
    return p == JB_PUNCT_CLOSE || p == JB_PUNCT_PAUSE || p == JB_PUNCT_STOP;
}

/* Is cp a 间隔号 (· ・ ‧)? Set at ½ em, its blanks taken on both sides (§2.2 fixed). */
int jb_char_is_interpunct(uint32_t cp);

/* Curly quotation marks “ ” ‘ ’: UAX #14 class QU, tailored to opening/closing (§1.5). */
static inline int
jb_char_is_quote(uint32_t c)
{
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019;
}

/* May not start a line (§1.2, strict level). */
int jb_char_is_no_start(uint32_t cp);

/* May not end a line (§1.3). */
int jb_char_is_no_end(uint32_t cp);

#endif
