/* import_score — the raw importer's weighed choices (RULES.md §7.9): the title among the lines
 * above the body by the evidence for each, and the surnames a byline without a role word needs.
 * Private to import (import_int.h). */
#include <stdio.h>
#include <string.h>

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

/* Appends "what +n" (or "what -n") to the evidence why and adds n to *score. */
static void
weigh(jb_imp_title_choice *c, int n, const char *what)
{
    size_t k = strlen(c->why);
    c->score += n;
    if (k + 2 < sizeof c->why)
        snprintf(c->why + k, sizeof c->why - k, "%s%s %+d", k ? ", " : "", what, n);
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
