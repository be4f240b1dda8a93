/* import_score — the raw importer's weighed choices (RULES.md §7.9): the title and the date
 * among the lines above the body by the evidence for each, and the surnames a byline without a
 * role word needs. Private to import (import_int.h). */
#include <stdio.h>
#include <string.h>

#include "chars.h"
#include "import_int.h"
#include "utf8.h"

/* Words a headline uses (召开 … 工作): a little evidence for a title. */
static const char *const headline_words[] = {"召开", "举行", "举办", "开展", "推进", "启动", "部署",
                                             "实施", "关于", "会议", "工作", "活动", "助力", "扎实",
                                             "做好", "加强", "推动", "深入", NULL};
/* Words a page puts around its title (网站 首页 …): evidence against. */
static const char *const page_words[] = {"网站", "门户", "官网", "欢迎",   "首页", "主页",
                                         "频道", "专题", "栏目", "客户端", NULL};

static int
holds_any(const jb_text *t, const char *const *words)
{
    for (size_t i = 0; i < t->n; i++)
        for (const char *const *w = words; *w; w++)
            if (jb_cps_match(t->cps, t->n, i, *w))
                return 1;
    return 0;
}

static int
holds(const jb_text *t, uint32_t c)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->cps[i] == c)
            return 1;
    return 0;
}

/* Appends "what +n" (or "what -n") to the evidence why (of size bytes) and adds n to *score. */
static void
add_evidence(char *why, size_t size, int *score, int n, const char *what)
{
    size_t k = strlen(why);
    *score += n;
    if (k + 2 < size)
        snprintf(why + k, size - k, "%s%s %+d", k ? ", " : "", what, n);
}

static void
weigh(jb_imp_title_choice *c, int n, const char *what)
{
    add_evidence(c->why, sizeof c->why, &c->score, n, what);
}

size_t
jb_imp_pick_title(rline *const *paras, const uint8_t *kind, size_t body, jb_imp_title_choice *out,
                  size_t max, size_t *n_out)
{
    size_t best = (size_t)-1, n = 0;
    int best_score = 0;

    for (size_t k = 0; k < body; k++) {
        jb_imp_title_choice c;
        const jb_text *t = &paras[k]->t;
        size_t chars = jb_imp_count_chars(t), q;
        if (!(kind[k] & JB_IMP_CANDIDATE))
            continue;
        memset(&c, 0, sizeof c);
        c.at = k;
        for (q = k + 1; q <= k + TITLE_LOOKAHEAD && q < body && !(kind[q] & JB_IMP_FIELD); q++)
            ;
        if (q <= k + TITLE_LOOKAHEAD && q < body) /* its date, source or byline after it */
            weigh(&c, 8 - 2 * (int)(q - k),
                  q == k + 1   ? "a field on the next line"
                  : q == k + 2 ? "a field 2 lines on"
                               : "a field 3 lines on");
        else if (body <= k + TITLE_LOOKAHEAD) /* the body right after it */
            weigh(&c, 5 - (int)(body - k), body == k + 1 ? "the body next" : "the body near");
        if (chars >= 8 && chars <= 30)
            weigh(&c, 2, "8-30 characters");
        if (holds(t, 0x3002) || holds(t, 0xFF0C))
            weigh(&c, -2, "a 。 or ，");
        if (t->cps[t->n - 1] == 0xFF1F || t->cps[t->n - 1] == 0xFF01)
            weigh(&c, -1, "ends in ？！");
        if (holds_any(t, headline_words))
            weigh(&c, 1, "a headline word");
        if (holds_any(t, page_words))
            weigh(&c, -4, "a page word");
        if (n < max)
            out[n] = c;
        n++;
        if (best == (size_t)-1 || c.score > best_score) /* among equals the first */
            best = k, best_score = c.score;
    }
    *n_out = n;
    return best;
}

/* ---- the date ---- */

/* Keys of a metadata date (§7.2) with the points each gives. */
static const struct {
    const char *key;
    int points;
    const char *what;
} date_keys[] = {{"发布时间", 6, "a 发布时间 field"},
                 {"发布日期", 6, "a 发布日期 field"},
                 {"日期", 4, "a 日期 field"},
                 {"时间", 4, "a 时间 field"}};

static int
digits_at(const jb_text *t, size_t i, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (i + k >= t->n || t->cps[i + k] < '0' || t->cps[i + k] > '9')
            return 0;
    return 1;
}

/* A date at t[i] (2024-05-08, 2024年5月8日) into ymd: 1, or 0. */
static int
date_at(const jb_text *t, size_t i, char ymd[16])
{
    unsigned v[3] = {0, 0, 0};
    size_t k = i;
    if (digits_at(t, i, 4) && i + 10 <= t->n && t->cps[i + 4] == '-' && digits_at(t, i + 5, 2) &&
        t->cps[i + 7] == '-' && digits_at(t, i + 8, 2)) {
        for (int c = 0; c < 10; c++)
            ymd[c] = (char)t->cps[i + (size_t)c];
        ymd[10] = '\0';
        return ymd[5] <= '1' && ymd[8] <= '3';
    }
    static const uint32_t after[3] = {0x5E74, 0x6708, 0x65E5}; /* 年 月 日 */
    for (int p = 0; p < 3; p++) {
        size_t a = k;
        while (k < t->n && t->cps[k] >= '0' && t->cps[k] <= '9' && k - a < 4)
            v[p] = v[p] * 10 + (t->cps[k++] - '0');
        if (k == a || (p == 0 && k - a != 4) || (p > 0 && k - a > 2) || k >= t->n ||
            t->cps[k] != after[p])
            return 0;
        k++;
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return 0;
    snprintf(ymd, 16, "%04u-%02u-%02u", v[0] % 10000, v[1] % 100, v[2] % 100);
    return 1;
}

static void
weigh_date(jb_imp_date_choice *c, int n, const char *what)
{
    add_evidence(c->why, sizeof c->why, &c->score, n, what);
}

/* The date line t holds, weighed into c: 1, or 0 when it holds none. */
static int
date_candidate(const jb_text *t, jb_imp_date_choice *c)
{
    size_t n = jb_imp_count_chars(t), i = 0;
    /* a field: 发布时间：2024-05-08, anywhere in a metadata line */
    for (size_t p = 0; p < t->n; p++)
        for (size_t k = 0; k < sizeof date_keys / sizeof date_keys[0]; k++) {
            size_t m = jb_cps_match(t->cps, t->n, p, date_keys[k].key), v;
            if (m == 0 || p + m >= t->n || (t->cps[p + m] != 0xFF1A && t->cps[p + m] != ':'))
                continue;
            if (date_keys[k].points < 6 && p > 0 && jb_char_is_han(t->cps[p - 1]))
                continue; /* 时间 in 发布时间 更新时间 活动时间 */
            for (v = p + m + 1; v < t->n && jb_char_is_blank(t->cps[v]); v++)
                ;
            if (date_at(t, v, c->ymd)) {
                c->off = t->offs[v];
                weigh_date(c, date_keys[k].points, date_keys[k].what);
                return 1;
            }
        }
    /* a date line: the date first (in （） maybe), a weekday or a time after it at most */
    if (n > 0 && (t->cps[0] == 0xFF08 || t->cps[0] == '('))
        i = 1;
    if (n <= 30 && date_at(t, i, c->ymd)) {
        jb_doc scratch;
        memset(&scratch, 0, sizeof scratch);
        scratch.masthead.date_iso[0] = 'x'; /* a test only: nothing is set */
        if (!jb_imp_read_date_line(&scratch, t))
            return 0;
        c->off = t->offs[i];
        weigh_date(c, 3, "a date line");
        for (size_t p = 0; p < t->n; p++)
            if (jb_cps_match(t->cps, t->n, p, "星期") || t->cps[p] == 0x5468 /* 周 */) {
                weigh_date(c, -2, "a weekday (a page's clock)");
                break;
            }
        return 1;
    }
    return 0;
}

size_t
jb_imp_pick_date(rline *const *paras, size_t body, size_t title, jb_imp_date_choice *out,
                 size_t max, size_t *n_out)
{
    size_t best = (size_t)-1, n = 0;

    for (size_t k = 0; k < body && n < max; k++) {
        jb_imp_date_choice c;
        memset(&c, 0, sizeof c);
        c.at = k;
        if (!date_candidate(&paras[k]->t, &c))
            continue;
        if (title != (size_t)-1 && k > title && k <= title + TITLE_LOOKAHEAD)
            weigh_date(&c, 2, "under the title");
        else if (title != (size_t)-1 && k < title)
            weigh_date(&c, -2, "above the title");
        out[n] = c;
        if (best == (size_t)-1 || c.score > out[best].score) /* among equals the first */
            best = n;
        n++;
    }
    *n_out = n;
    return best;
}

/* ---- the source ---- */

/* Site words a 来源 ends with when it names the site that copied the article: evidence against. */
static const char *const site_words[] = {"网", "网站", "门户", "客户端", "官网", "公众号", "频道"};

/* The X of a closing （X供稿） or （供稿：X）: its range in t, or 0. */
static int
supplied_by(const jb_text *t, size_t *a, size_t *b)
{
    size_t n = t->n, m;
    if (n < 6 || (t->cps[0] != 0xFF08 && t->cps[0] != '(') ||
        (t->cps[n - 1] != 0xFF09 && t->cps[n - 1] != ')') || jb_imp_count_chars(t) > 24 ||
        jb_imp_find_any(t, 0, (const uint32_t[]){0x3002, 0xFF0C, 0xFF1B}, 3) < n)
        return 0;
    if ((m = jb_cps_match(t->cps, n, 1, "供稿")) &&
        (t->cps[1 + m] == 0xFF1A || t->cps[1 + m] == ':'))
        *a = 1 + m + 1, *b = n - 1;
    else if (jb_cps_match(t->cps, n, n - 3, "供稿"))
        *a = 1, *b = n - 3;
    else
        return 0;
    return *b > *a + 1 && jb_imp_has_han(t);
}

/* t[a..b) as UTF-8 into out (cut to fit). */
static void
range_utf8(const jb_text *t, size_t a, size_t b, char *out, size_t size)
{
    size_t k = 0;
    for (; a < b && k + 5 < size; a++)
        k += jb_utf8_encode(t->cps[a], out + k);
    out[k] = '\0';
}

/* Appends "what +n" to a source candidate's evidence and adds n to its score. */
static void
weigh_source(jb_import_title *w, int n, const char *what)
{
    add_evidence(w->why, sizeof w->why, &w->score, n, what);
}

int
jb_imp_pick_source(const rline *last, const jb_text *origin, int have_origin, const jb_source *src,
                   jb_import_title out[2], size_t *n_out, size_t *a, size_t *b)
{
    jb_import_title *meta = &out[0], *credit = &out[1];
    char text[96];

    *n_out = 0;
    if (!supplied_by(&last->t, a, b))
        return 0;
    memset(out, 0, 2 * sizeof *out);
    range_utf8(&last->t, *a, *b, text, sizeof text);
    snprintf(credit->why, sizeof credit->why, "%s: a 供稿 credit at the end +5", text);
    credit->score = 5, credit->line = last->line;
    *n_out = 2;
    if (origin->n == 0) {
        *meta = *credit;
        meta->chosen = 1;
        *n_out = 1;
        return 1;
    }
    int col;
    range_utf8(origin, 0, origin->n, text, sizeof text);
    jb_source_position(src, origin->offs[0], &meta->line, &col);
    snprintf(meta->why, sizeof meta->why, "%s: %s", text,
             have_origin ? "a 本文转自 field +6" : "a 来源 field +4");
    meta->score = have_origin ? 6 : 4;
    for (size_t k = 0; k < sizeof site_words / sizeof site_words[0]; k++)
        if (jb_imp_ends_with(origin, site_words[k])) {
            weigh_source(meta, -3, "a site's name");
            break;
        }
    if (credit->score <= meta->score) { /* the credit stays in the body */
        meta->chosen = 1;
        return 0;
    }
    credit->chosen = 1;
    return 1;
}

/* ---- surnames ---- */

/* Common single surnames, less those that mostly open a word (关注 和 全面 时间 成果 文明 安全 应当
 * 党建 商务 查处 明确 连续 路线), and the compound ones. */
static const char single[] =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳"
    "翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项芦麦褚娄窦戚岑景宫费卜冷"
    "晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝元";
static const char *const compound[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐",
                                       "公孙", "慕容", "尉迟", "长孙", "夏侯", NULL};

size_t
jb_imp_surname_at(const jb_text *t, size_t i)
{
    const char *p = single;
    if (i >= t->n)
        return 0;
    for (const char *const *c = compound; *c; c++)
        if (jb_cps_match(t->cps, t->n, i, *c))
            return 2;
    while (*p) {
        uint32_t cp;
        p += jb_utf8_decode(p, strlen(p), &cp);
        if (cp == t->cps[i])
            return 1;
    }
    return 0;
}
