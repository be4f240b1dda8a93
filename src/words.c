/* words — word boundaries through the icu module (plugin.h), loaded on first use, corrected by a
 * small table of compounds ICU's dictionary splits and by numbers with their units. */
#include "words.h"

#include <string.h>

#include "chars.h"
#include "icu.h"
#include "utf8.h"

/* Compounds, set phrases and 4-character idioms that ICU's zh dictionary splits (checked with ICU
 * 72: 触手|可|及, 重点|工作, 人|居|环境, 凝|心|聚|力, 高|质量 …) and that a title must not
 * be broken inside (docs/RULES.md §5.4.1). Kept short and to the words of work-report titles. */
static const char *const compounds[] = {
    "触手可及", "重点工作", "下一代",   "关心下一代", "人居环境", "深入学习", "学习贯彻",
    "凝心聚力", "高质量",   "新篇章",   "从严治党",   "全面从严", "乡村振兴", "营商环境",
    "放管服",   "关工委",   "工作总结", "做强做优",   "奋力谱写", "主题教育", "安全生产",
    "疫情防控", "民生实事", "办实事",   "基层治理",   "共同富裕", "新时代",   "文明实践",
    "志愿服务", "生态环境", "人民群众", "提质增效",   "真抓实干", "担当作为", "走深走实",
    "落地见效", "守正创新", "踔厉奋发", "勇毅前行",   "笃行不怠", "砥砺前行", "攻坚克难",
    "出新出彩", "多措并举", "精准施策", "齐抓共管",   "扎实推进", "持续优化", "全面振兴",
    "青少年",   "未成年人", "网格化",   "数字化",     "一网通办", "和美乡村", "美丽乡村",
    "五老",     "两新",     "三农",     "河长制",     "林长制",   "县域",     "银发",
};

/* Clears the boundaries inside every occurrence of a compound of the table. */
static void
join_compounds(const uint32_t *cps, size_t n, uint8_t *word)
{
    for (size_t c = 0; c < sizeof compounds / sizeof *compounds; c++) {
        uint32_t w[8];
        size_t m = 0, at = 0, len = strlen(compounds[c]);
        while (at < len && m < 8)
            at += jb_utf8_decode(compounds[c] + at, len - at, &w[m++]);
        for (size_t i = 0; i + m <= n; i++)
            if (memcmp(cps + i, w, m * sizeof *w) == 0)
                memset(word + i + 1, 0, m - 1);
    }
}

/* A number keeps its unit and its ordinal prefix: 2018年, 15期, 第3, 90%. */
static void
join_numbers(const uint32_t *cps, size_t n, uint8_t *word)
{
    for (size_t k = 1; k < n; k++) {
        int digit_before = cps[k - 1] >= '0' && cps[k - 1] <= '9';
        int digit_after = cps[k] >= '0' && cps[k] <= '9';
        if ((digit_before && (jb_char_is_han(cps[k]) || cps[k] == '%' || cps[k] == '.')) ||
            (digit_after && (cps[k - 1] == 0x7B2C /* 第 */ || cps[k - 1] == '.')))
            word[k] = 0;
    }
}

/* A one-character suffix ICU leaves as a word of its own joins the word before it: 市场|化,
 * 阶段|性, 攻坚|型 (化 性 型 式 率). */
static void
join_suffixes(const uint32_t *cps, size_t n, uint8_t *word)
{
    static const uint32_t suffixes[] = {0x5316, 0x6027, 0x578B, 0x5F0F, 0x7387};
    for (size_t k = 1; k < n; k++)
        for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
            if (cps[k] == suffixes[i] && word[k] && word[k + 1] && jb_char_is_han(cps[k - 1]))
                word[k] = 0;
}

int
jb_words_bounds(const uint32_t *cps, size_t n, uint8_t *word)
{
    const jb_icu_api *icu = jb_plugin_api(JB_PLUGIN_ICU, NULL);
    int rc;
    if (icu == NULL) { /* every position a boundary */
        memset(word, 1, n + 1);
        rc = -1;
    } else {
        rc = icu->words_bounds(cps, n, word);
    }
    if (rc == 0) {
        join_suffixes(cps, n, word);
        join_compounds(cps, n, word);
        join_numbers(cps, n, word);
    }
    return rc;
}

int
jb_words_loads(void)
{
    return jb_plugin_loads(JB_PLUGIN_ICU);
}
