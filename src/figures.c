/* figures — key figures by RULES.md §6: grammar §6.2, exclusions §6.3. */
#include "figures.h"

#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#include "chars.h"
#include "utf8.h"

/* The word lists are UTF-32 literals, compared with the text as they stand (the scan tries them
 * at nearly every character: decoding UTF-8 words there was half of a long import's time):
 * jb_cps_word and jb_cps_longest of utf8.h. */

static const char32_t *const PRE[] = {U"约",   U"近",   U"逾",   U"超", U"超过",
                                      U"将近", U"接近", U"大约", NULL};
static const char32_t *const IN[] = {U"多", U"余", NULL};
static const char32_t *const POST[] = {U"左右", U"上下", U"以上", U"多", U"余", NULL};
static const char32_t *const SCALE[] = {U"万", U"亿", U"万亿", U"萬", U"億", U"萬億", NULL};
static const char32_t *const UNIT[] = {
    /* rates */
    U"%", U"％", U"‰", U"个百分点", U"倍", U"成",
    /* counting words of reports */
    U"个", U"人", U"名", U"位", U"场", U"场次", U"次", U"期", U"所", U"家", U"家次", U"户", U"户次",
    U"项", U"件", U"条", U"批", U"批次", U"届", U"轮", U"支", U"座", U"处", U"台", U"台次", U"辆",
    U"辆次", U"架次", U"套", U"本", U"册", U"篇", U"份", U"张", U"株", U"棵", U"头", U"只", U"间",
    U"栋", U"起", U"部", U"宗", U"例", U"门", U"首", U"幅", U"块", U"所次", U"人次", U"万人次",
    U"课时", U"学时", U"个工作日", U"工作日", U"个小时", U"个月", U"周年", U"岁", U"度", U"千瓦",
    U"千瓦时",
    /* money, measures, time */
    U"元", U"万元", U"亿元", U"美元", U"米", U"千米", U"公里", U"平方米", U"平方公里", U"平方千米",
    U"立方米", U"亩", U"公顷", U"吨", U"千克", U"公斤", U"斤", U"升", U"小时", U"分钟", U"秒",
    U"天", U"周", U"分",
    /* Traditional */
    U"個", U"場", U"屆", U"歲", U"畝", U"項", U"條", U"輛", U"臺", U"筆", U"萬元", U"億元",
    U"萬人次", U"噸", U"公頃", U"週年", U"間", U"棟", U"張", U"處", U"門", NULL};
/* Rates: a figure of 1 with one of these is still a result (增长1倍, 1%) */
static const char32_t *const RATE_UNIT[] = {U"%", U"％", U"‰", U"个百分点", U"倍", U"成", NULL};
/* Units a Chinese numeral may take without 十百千万亿 in it (§6.2 NUM_CN). */
static const char32_t *const CN_ALONE_UNIT[] = {U"成", U"倍", U"个百分点", NULL};
static const char32_t *const RANK_VERB[] = {U"位居", U"排名", U"居", U"位列", U"获", NULL};
static const char32_t *const SEQ_LABEL[] = {U"条", U"章",   U"节", U"款", U"页",   U"版", U"期",
                                            U"届", U"批次", U"号", U"次", U"书记", U"个", NULL};
/* X10: units that with a Chinese numeral are an age or a term, not a quantity (八十多岁, 十九届) */
static const char32_t *const CN_ORDINAL_UNIT[] = {U"岁", U"歲", U"届", U"屆", NULL};
static const char32_t *const EVERY[] = {U"每天", U"每周", U"每月", U"每季度", U"每年", NULL};
/* X8: counters of the page itself (浏览：1295) */
static const char32_t *const VIEWS[] = {U"浏览",     U"阅读",     U"点击",   U"访问",
                                        U"浏览量",   U"阅读量",   U"点击量", U"访问量",
                                        U"浏览次数", U"阅读次数", U"点击数", NULL};

#define QUOTED_NAME_MAX 12 /* X9: a quotation closing this near after its number is a name */
#define EVERY_BACK      6  /* X6: 每天 … may stand this many characters before the number */

/* A sign that may lead a figure (+18.3%, －5%). */
static int
is_sign(uint32_t c)
{
    return c == '+' || c == 0xFF0B || c == '-' || c == 0xFF0D || c == 0x2212;
}

/* A leader of a contents page or a list (……3, ···12): what follows is a page number. */
static int
is_leader(uint32_t c)
{
    return c == 0x2026 || c == 0x22EF || c == 0x00B7 || c == 0x2025;
}

/* Whether a figure, a rank or a sequence label may start at c: a digit or Chinese numeral, 第, the
 * first character of a PRE word or of 百分之, 数十, 上万, 近千 (num_at, figure_at). The scan asks
 * this first at every character, and most characters of a text start nothing. */
static int
may_start(uint32_t c)
{
    if (jb_char_is_digit(c) || jb_char_is_cn_numeral(c) || c == 0x7B2C /* 第 */ ||
        c == 0x767E /* 百 */ || c == 0x6570 /* 数 */ || c == 0x4E0A /* 上 */ ||
        c == 0x8FD1 /* 近 */)
        return 1;
    for (const char32_t *const *w = PRE; *w; w++)
        if ((*w)[0] == c)
            return 1;
    return 0;
}

/* Arabic number at i (§6.2 NUM_AR); returns its length, 0 if none. */
static size_t
num_ar(const uint32_t *s, size_t n, size_t i)
{
    size_t j = i;

    while (j < n && jb_char_is_digit(s[j]))
        j++;
    if (j == i)
        return 0;
    while (j + 1 < n && (s[j] == '.' || s[j] == ',') && jb_char_is_digit(s[j + 1])) {
        j++;
        while (j < n && jb_char_is_digit(s[j]))
            j++;
    }
    return j - i;
}

/* Number at i (§6.2 NUM); cn_ok reports whether a bare Chinese numeral qualifies by context. */
static size_t
num_at(const uint32_t *s, size_t n, size_t i, int prefixed, int *is_cn)
{
    size_t m, j;
    int big = 0;

    *is_cn = 0;
    if ((m = num_ar(s, n, i)) > 0)
        return m;
    if ((m = jb_cps_word(s, n, i, U"百分之")) > 0) {
        j = i + m;
        while (j < n && jb_char_is_cn_numeral(s[j]))
            j++;
        *is_cn = 1;
        return j > i + m ? j - i : 0;
    }
    /* 数十, 上万, 近千: a quantifier and one big numeral */
    if (i + 1 < n &&
        (s[i] == 0x6570 /* 数 */ || s[i] == 0x4E0A /* 上 */ || s[i] == 0x8FD1 /* 近 */) &&
        jb_char_is_cn_big(s[i + 1]) && s[i + 1] != 0x4EBF) {
        *is_cn = 1;
        j = i + 2;
        while (j < n && jb_char_is_cn_numeral(s[j]))
            j++;
        return j - i;
    }
    j = i;
    while (j < n && jb_char_is_cn_numeral(s[j])) {
        big |= jb_char_is_cn_big(s[j]);
        j++;
    }
    if (j == i || (j == i + 1 && (s[i] == 0x96F6 || s[i] == 0x3007))) /* 零件, 〇 alone */
        return 0;
    *is_cn = 1;
    /* a lone 千 or 万 is a word part (每千人口, 万人空巷) unless a quantifier comes first */
    if ((big && (j - i > 1 || prefixed)) || prefixed || jb_cps_longest(s, n, j, CN_ALONE_UNIT))
        return j - i;
    return 0;
}

/* One FIGURE without the range part; returns the end index, or 0. */
static size_t
figure_at(const uint32_t *s, size_t n, size_t i)
{
    size_t j = i, m, pre = jb_cps_longest(s, n, i, PRE);
    int is_cn;

    /* RANK: 第4位, (位居|排名|…)第四名 */
    if (s[i] == 0x7B2C /* 第 */) {
        int after_verb = 0;
        /* 位居全省第二名: the verb may stand a few characters before 第, within the clause */
        for (size_t back = 1; back <= 6 && back <= i && !after_verb; back++) {
            uint32_t c = s[i - back];
            if (jb_char_is_clause_mark(c))
                break;
            size_t m2 = jb_cps_longest(s, n, i - back, RANK_VERB);
            after_verb = m2 > 0 && m2 <= back;
        }
        m = num_at(s, n, i + 1, 1, &is_cn);
        if (m == 0 || !after_verb) /* X12: an ordinal without a rank verb (第3位发言人) */
            return 0;
        j = i + 1 + m;
        if (j < n && (s[j] == 0x4F4D /* 位 */ || s[j] == 0x540D /* 名 */))
            return j + 1;
        return 0;
    }
    if (pre && (m = num_at(s, n, i + pre, 1, &is_cn)) > 0)
        j = i + pre + m;
    else if ((m = num_at(s, n, i, 0, &is_cn)) > 0)
        j = i + m;
    else
        return 0;
    if (!is_cn && (m = jb_cps_longest(s, n, j, SCALE)) > 0 && jb_cps_longest(s, n, j, UNIT) <= m)
        j += m;
    if ((m = jb_cps_longest(s, n, j, UNIT)) > 0) {
        j += m;
    } else if ((m = jb_cps_longest(s, n, j, IN)) > 0 && jb_cps_longest(s, n, j + m, UNIT) > 0) {
        j += m;
        j += jb_cps_longest(s, n, j, UNIT);
    } else if (is_cn && jb_cps_word(s, n, i, U"百分之")) {
        /* 百分之八十 carries its own unit */
    } else {
        return 0;
    }
    j += jb_cps_longest(s, n, j, POST);
    return j;
}

/* Exclusions that make the number at i (and its token) no figure (§6.3 X1–X3, X6–X9). */
static int
excluded(const uint32_t *s, size_t n, size_t i, size_t end)
{
    size_t m = num_ar(s, n, i);

    if (m > 0) {
        /* X1 years 2022年, dates 2023-07-19 */
        if (m == 4 && i + 4 < n && s[i + 4] == 0x5E74 /* 年 */)
            return 1;
        if (i + m < n && s[i + m] == '-' && i + m + 1 < n && jb_char_is_digit(s[i + m + 1]))
            return 1;
        /* X3 codes, phone and ID numbers: 11 or more digits in a row, or a leading 0 (0791, 010) */
        size_t run = 0;
        while (run < m && jb_char_is_digit(s[i + run]))
            run++;
        /* … but an amount of money stays one (12345678901万元) */
        if ((run >= 11 && !(end > 0 && s[end - 1] == 0x5143 /* 元 */)) || (s[i] == '0' && run >= 2))
            return 1;
        /* X2 3时20分: 分 after a 时 is a time */
        if (end > 0 && s[end - 1] == 0x5206 /* 分 */ && i >= 2 && s[i - 1] == 0x65F6 /* 时 */)
            return 1;
    }
    /* X10 八十多岁, 十九届: an age or a term in Chinese numerals; X11 85岁, 18岁至45岁: an age in
     * any numerals describes a person, it reports no result */
    for (size_t k = i; k < end; k++)
        if ((m == 0 && jb_cps_longest(s, n, k, CN_ORDINAL_UNIT) > 0) || s[k] == 0x5C81 /* 岁 */ ||
            s[k] == 0x6B72 /* 歲 */)
            return 1;
    /* X13 1个, 1家, 一个: a single unit counts nothing worth red (1倍, 1%, 1万人 are kept) */
    if ((m == 1 && s[i] == '1') || (m == 0 && s[i] == 0x4E00 /* 一 */)) {
        if (jb_cps_longest(s, n, i + 1, SCALE) == 0 &&
            jb_cps_longest(s, n, i + 1, RATE_UNIT) == 0 && jb_cps_longest(s, n, i + 1, UNIT) > 0)
            return 1;
    }
    /* X8 浏览：1295, 阅读量 3021 */
    {
        size_t b = i;
        while (b > 0 && (jb_char_is_blank(s[b - 1]) || s[b - 1] == ':' || s[b - 1] == 0xFF1A))
            b--;
        for (size_t back = 2; back <= 4 && back <= b; back++)
            if (jb_cps_longest(s, n, b - back, VIEWS) == back)
                return 1;
    }
    /* X9 “12345”, “300人”, “15分钟生活圈”: a number opening a short quotation is a name */
    if (i > 0 && (s[i - 1] == 0x201C || s[i - 1] == 0x300C)) {
        for (size_t k = i; k < n && k < i + QUOTED_NAME_MAX; k++) {
            if (s[k] == 0x201D || s[k] == 0x300D)
                return 1;
            if (jb_char_is_clause_mark(s[k]) && s[k] != 0xFF05 /* ％ */)
                break;
        }
    }
    /* X6 每月一期, 每周2次, 每天巡查2次: a frequency, within the clause */
    for (size_t back = 2; back <= EVERY_BACK && back <= i; back++) {
        size_t m2;
        if (jb_char_is_clause_mark(s[i - back + 1]))
            break;
        if ((m2 = jb_cps_longest(s, n, i - back, EVERY)) > 0 && m2 <= back)
            return 1;
    }
    return 0;
}

size_t
jb_figures_find(const uint32_t *s, size_t n, jb_span *out, size_t max)
{
    size_t count = 0;
    /* may_start's answers for the characters seen, by their low byte: a text repeats its
     * characters, and most of them start nothing */
    uint32_t seen[256];
    uint8_t starts[256];

    for (size_t k = 0; k < 256; k++)
        seen[k] = UINT32_MAX; /* no character */
    for (size_t i = 0; i < n;) {
        uint32_t prev = i > 0 ? s[i - 1] : 0;
        size_t end, m;

        /* Start only at the beginning of a token. */
        size_t start = i;

        /* nothing starts here: every branch below would step one character on */
        if (seen[s[i] & 255] != s[i]) {
            seen[s[i] & 255] = s[i];
            starts[s[i] & 255] =
                (uint8_t)(may_start(s[i]) || is_sign(s[i]) || s[i] == 0x3010 /* 【 */);
        }
        if (!starts[s[i] & 255]) {
            i++;
            continue;
        }

        /* … nor after 第: an ordinal (a rank starts at 第 itself) */
        if (jb_char_is_digit(prev) || jb_char_is_latin(prev) || prev == '.' || prev == '-' ||
            is_leader(prev) || prev == 0x7B2C /* 第 */ ||
            (jb_char_is_cn_numeral(prev) && jb_char_is_cn_numeral(s[i]))) {
            i++;
            continue;
        }
        /* a leading sign belongs to the figure: +18.3% */
        if (is_sign(s[i]) && i + 1 < n && jb_char_is_digit(s[i + 1])) {
            end = figure_at(s, n, i + 1);
            if (end == 0 || excluded(s, n, i + 1, end)) {
                i++;
                continue;
            }
            start = i++;
            goto range;
        }
        /* 【1160】人: a number in brackets before its unit */
        if (s[i] == 0x3010 && (m = num_ar(s, n, i + 1)) > 0 && i + 1 + m < n &&
            s[i + 1 + m] == 0x3011 && (end = jb_cps_longest(s, n, i + 2 + m, UNIT)) > 0) {
            end += i + 2 + m;
            start = i;
            goto range;
        }
        /* X4 sequence labels 第3期, 第十四届, 第一书记, 第28个 are skipped as a whole. */
        if (s[i] == 0x7B2C && i + 1 < n) {
            int is_cn;
            m = num_at(s, n, i + 1, 1, &is_cn);
            if (m > 0 && jb_cps_longest(s, n, i + 1 + m, SEQ_LABEL)) {
                i += 1 + m;
                continue;
            }
        }
        end = figure_at(s, n, i);
        if (end == 0 || excluded(s, n, i + jb_cps_longest(s, n, i, PRE), end)) {
            /* Skip the whole number so its tail is not read as a new figure. */
            int is_cn;
            m = num_at(s, n, i, 1, &is_cn);
            i += m ? m : 1;
            continue;
        }
    range:
        /* Range: 63%～68%, 3至5人 */
        while (end < n && (s[end] == 0xFF5E || s[end] == '~' || s[end] == 0x2014 ||
                           s[end] == 0x81F3 /* 至 */ || s[end] == 0x5230 /* 到 */)) {
            size_t e2 = figure_at(s, n, end + 1);
            if (e2 == 0)
                break;
            end = e2;
        }
        if (count < max) {
            out[count].start = start;
            out[count].end = end;
        }
        count++;
        i = end;
    }
    return count;
}

/* ---- §6.7 restraint: at most JB_FIGURES_PER_100 highlights per 100 characters ---- */

/* A span found, with what ranks it among the document's. */
typedef struct {
    jb_text *t;
    jb_span sp;
    int score;
    size_t order;
} found;

typedef struct {
    found *v;
    size_t n, cap;
    int nomem;
} founds;

static const char32_t *const MONEY[] = {U"元", U"万元", U"亿元", U"美元", U"萬元", U"億元", NULL};

/* How much a figure says (§6.7): a rate or an amount of money most, then a large quantity, a rank
 * or an anniversary, then counts by their size; a figure of the lead one more. */
static int
importance(const uint32_t *s, size_t start, size_t end, int in_lead)
{
    double v = 0;
    int digits = 0, score = 1;

    for (size_t k = start; k < end; k++) {
        if (jb_cps_longest(s, end, k, RATE_UNIT) || jb_cps_longest(s, end, k, MONEY)) {
            score = 6;
            break;
        }
        if (jb_cps_longest(s, end, k, SCALE) || s[k] == 0x5343 /* 千 */)
            score = score < 5 ? 5 : score;
        else if (s[k] == 0x7B2C /* 第 */ || jb_cps_word(s, end, k, U"周年"))
            score = score < 4 ? 4 : score;
        else if (s[k] == 0x767E /* 百 */)
            score = score < 3 ? 3 : score;
        else if (s[k] == 0x5341 /* 十 */)
            score = score < 2 ? 2 : score;
        if (jb_char_is_digit(s[k]) && digits >= 0) {
            v = v * 10 + (s[k] - '0');
            digits++;
        } else if (digits > 0 && s[k] != ',') {
            digits = -1; /* the integer part read */
        }
    }
    if (score < 5 && v >= 1000)
        score = 5;
    else if (score < 3 && v >= 100)
        score = 3;
    else if (score < 2 && v >= 10)
        score = 2;
    return score + in_lead;
}

static void
collect(founds *f, jb_text *t, int in_lead)
{
    jb_span few[64], *spans = few;
    size_t k;

    if (t->n == 0)
        return; /* cps may be NULL: no pointer arithmetic on it */
    /* One scan finds them all when 64 hold them; else a second, into room for all (a scan per 64
     * spans, each to the end of the text, made a long text's marking quadratic). Out of memory,
     * the first 64 are marked. */
    k = jb_figures_find(t->cps, t->n, few, 64);
    if (k > 64 && (spans = malloc(k * sizeof *spans)) != NULL)
        k = jb_figures_find(t->cps, t->n, spans, k);
    else if (k > 64)
        spans = few, k = 64;
    for (size_t s = 0; s < k; s++) {
        int off = 0; /* a span touching `…` markup is kept off */
        for (size_t i = spans[s].start; i < spans[s].end; i++)
            off |= t->marks[i] & JB_MARK_NOFIG;
        if (off)
            continue;
        if (f->n == f->cap) {
            size_t cap = f->cap ? 2 * f->cap : 64;
            found *v = realloc(f->v, cap * sizeof *v);
            if (v == NULL) { /* out of memory: this one is marked, no ranking */
                f->nomem = 1;
                for (size_t i = spans[s].start; i < spans[s].end; i++)
                    t->marks[i] |= JB_MARK_FIGURE;
                continue;
            }
            f->v = v, f->cap = cap;
        }
        f->v[f->n] =
            (found){t, spans[s], importance(t->cps, spans[s].start, spans[s].end, in_lead), f->n};
        f->n++;
    }
    if (spans != few)
        free(spans);
}

static int
by_importance(const void *a, const void *b)
{
    const found *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return (x->order > y->order) - (x->order < y->order);
}

/* Spans forced with **…** in t, counted (they take their share of the budget). */
static size_t
forced_spans(const jb_text *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++)
        if ((t->marks[i] & JB_MARK_FORCED) && (i == 0 || !(t->marks[i - 1] & JB_MARK_FORCED)))
            k++;
    return k;
}

void
jb_figures_mark(jb_doc *doc)
{
    jb_figures_mark_dense(doc, JB_FIGURES_PER_100);
}

/* The figures of item it, at most per_100 per 100 of its paragraphs' characters (0: all). */
static void
mark_item(jb_item *it, unsigned per_100)
{
    founds f = {0};
    size_t chars = 0, forced = 0, budget;
    int lead = 1;

    for (size_t k = 0; k < it->n_blocks; k++) {
        jb_block *b = &it->blocks[k];
        if (b->kind == JB_BLOCK_HEAD)
            lead = 0;
        if (b->kind != JB_BLOCK_PARA)
            continue;
        chars += b->text.n;
        forced += forced_spans(&b->text);
        collect(&f, &b->text, lead);
    }
    budget = (chars * per_100 + 50) / 100; /* rounded: 85 characters keep 2 */
    budget = budget < 1 ? 1 : budget;
    budget = per_100 == 0 ? f.n : forced >= budget ? 0 : budget - forced;
    if (!f.nomem && f.n > budget)
        qsort(f.v, f.n, sizeof *f.v, by_importance);
    for (size_t i = 0; i < f.n && (f.nomem || i < budget); i++)
        for (size_t c = f.v[i].sp.start; c < f.v[i].sp.end; c++)
            f.v[i].t->marks[c] |= JB_MARK_FIGURE;
    free(f.v);
}

void
jb_figures_mark_dense(jb_doc *doc, unsigned per_100)
{
    if (doc->figures_off)
        return;
    for (size_t n = 0; n < doc->n_items; n++) /* each item (article) its own budget */
        mark_item(&doc->items[n], per_100);
}
