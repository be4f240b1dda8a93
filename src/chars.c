/* chars — the character classes of docs/RULES.md. */
#include "chars.h"

#include <stddef.h>

#include "utf8.h"

int
jb_char_is_cjk(uint32_t c)
{
    return jb_char_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF60) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014;
}

int
jb_char_is_clause_mark(uint32_t c)
{
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65) ||
           (c >= 0x2010 && c <= 0x206F);
}

int
jb_char_is_cn_numeral(uint32_t c)
{
    /* 零 〇 一 二 两 三 四 五 六 七 八 九 十 百 千 万 亿, and the Traditional 兩 萬 億: a switch,
     * as the figure scan asks at nearly every character */
    switch (c) {
    case 0x96F6:
    case 0x3007:
    case 0x4E00:
    case 0x4E8C:
    case 0x4E24:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94:
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D:
    case 0x5341:
    case 0x767E:
    case 0x5343:
    case 0x4E07:
    case 0x4EBF:
    case 0x5169:
    case 0x842C:
    case 0x5104: return 1;
    default: return 0;
    }
}

int
jb_char_is_cn_big(uint32_t c)
{
    return c == 0x5341 /* 十 */ || c == 0x767E /* 百 */ || c == 0x5343 /* 千 */ ||
           c == 0x4E07 /* 万 */ || c == 0x4EBF /* 亿 */ || c == 0x842C /* 萬 */ ||
           c == 0x5104 /* 億 */;
}

int
jb_char_is_cn_count(uint32_t c)
{
    /* 一 二 三 四 五 六 七 八 九 十 */
    static const uint32_t counts[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};
    return JB_IN_SET(c, counts);
}

/* §2.2: which side of a full-width mark is removable blank. */
static const uint32_t opening[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x3008, 0x3010,
                                   0x3014, 0x3016, 0x300C, 0x300E, 0xFF3B, 0xFF5B};
static const uint32_t closing[] = {0x201D, 0x2019, 0xFF09, 0x300B, 0x3009, 0x3011,
                                   0x3015, 0x3017, 0x300D, 0x300F, 0xFF3D, 0xFF5D};
static const uint32_t pauses[] = {0xFF0C, 0x3001, 0xFF1B, 0xFF1A};
static const uint32_t stops[] = {0x3002, 0xFF1F, 0xFF01};
static const uint32_t fixed[] = {0x2014, 0x2026, 0x22EF, 0x2E3A, 0x00B7, 0x2013, 0xFF5E, 0xFF0F};

int
jb_punct_class_other(uint32_t c)
{
    if (JB_IN_SET(c, opening))
        return JB_PUNCT_OPEN;
    if (JB_IN_SET(c, closing))
        return JB_PUNCT_CLOSE;
    if (JB_IN_SET(c, pauses))
        return JB_PUNCT_PAUSE;
    if (JB_IN_SET(c, stops))
        return JB_PUNCT_STOP;
    if (JB_IN_SET(c, fixed))
        return JB_PUNCT_FIXED;
    return JB_PUNCT_NONE;
}

int
jb_char_is_interpunct(uint32_t c)
{
    return c == 0x00B7 || c == 0x30FB || c == 0x2027;
}

/* §1.2, strict level. */
static const uint32_t no_start[] = {
    /* 点号 (GB/T 15834 5.1.1–5.1.2) and their ASCII forms */
    0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, ',', '.', ':', ';', '?', '!',
    /* closing quotes, brackets, 书名号 (5.1.3) */
    0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x3015, 0x3011, 0x3017, 0xFF3D, 0xFF5D, ')', ']', '}',
    0x300B, 0x3009,
    /* 连接号, 间隔号, 分隔号 (5.1.6, 5.1.7, 5.1.9) */
    0x2013, 0x2014, 0xFF5E, 0x301C, '~', 0x00B7, 0x30FB, 0x2027, 0xFF0F, '/',
    /* numeric postfixes, iteration marks */
    '%', 0xFF05, 0x2030, 0x2103, 0x00B0, 0x2032, 0x2033, 0x3005, 0x3003,
    /* strict level: 破折号 and 省略号 */
    0x2E3A, 0x2026, 0x22EF};

/* §1.3. */
static const uint32_t no_end[] = {
    /* opening quotes, brackets, 书名号 */
    0x201C, 0x2018, 0x300C, 0x300E, 0xFF08, 0x3014, 0x3010, 0x3016, 0xFF3B, 0xFF5B, '(', '[', '{',
    0x300A, 0x3008,
    /* 分隔号, numeric prefixes */
    0xFF0F, '/', 0xFFE5, 0x00A5, '$', 0xFF04, 0x00A3, 0xFFE1, 0x2116};

int
jb_char_is_no_start(uint32_t c)
{
    return !(c >= 0x3400 && c < 0xA000) && JB_IN_SET(c, no_start);
}

int
jb_char_is_no_end(uint32_t c)
{
    return !(c >= 0x3400 && c < 0xA000) && JB_IN_SET(c, no_end);
}
