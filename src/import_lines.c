/* import_lines — the tests of single lines of a raw article (RULES.md §7.2, §7.4): navigation,
 * the site's tail, share chrome, breadcrumbs, snippets and timestamps; metadata, the title, the
 * byline and credit, date lines. import.c assembles the article with them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "import_int.h"
#include "normalize.h"
#include "utf8.h"

/* ---- §7.2 / §7.4: what is not the article ---- */

int
jb_imp_is_navigation(const rline *l)
{
    const jb_text *t = &l->t;
    size_t i = 1, k = 0;

    if (l->line > NAV_LINES)
        return 0;
    if (jb_cps_match(t->cps, t->n, 0, "首页") &&
        (jb_imp_find_any(t, 0, (const uint32_t[]){'>', 0xFF1E, 0x203A}, 3) < t->n))
        return 1; /* breadcrumb 首页 > 国内 > … */
    if (t->cps[0] != 0x2022 && t->cps[0] != 0x00B7 && t->cps[0] != '*' && t->cps[0] != '-')
        return 0;
    while (i < t->n && jb_char_is_blank(t->cps[i]))
        i++;
    for (; i < t->n; i++, k++)
        if (jb_char_is_blank(t->cps[i]))
            return 0;
    return k >= 1 && k <= NAV_ITEM_MAX;
}

/* An editor's credit with a blank (编辑 王明, 责任编辑　李华 张强): the role, then 1–3 Han names
 * of 2–4 characters apart by blanks, nothing else. */
static int
is_editor_credit(const jb_text *t)
{
    static const char *const roles[] = {"责任编辑", "编辑", "责编", "审核", "校对", NULL};
    size_t i = 0, names = 0;
    for (const char *const *r = roles; *r && i == 0; r++)
        i = jb_cps_match(t->cps, t->n, 0, *r);
    if (i == 0 || i >= t->n || !jb_char_is_blank(t->cps[i]))
        return 0;
    while (i < t->n) {
        size_t j;
        while (i < t->n && jb_char_is_blank(t->cps[i]))
            i++;
        if (i == t->n)
            break;
        for (j = i; j < t->n && jb_char_is_han(t->cps[j]); j++)
            ;
        if (j - i < 2 || j - i > 4 || (j < t->n && !jb_char_is_blank(t->cps[j])))
            return 0;
        names++;
        i = j;
    }
    return names >= 1 && names <= 3;
}

/* A page's buttons and nothing else (分享 返回 下载 关注 打印, alone or a row of them, in 【】 or
 * not): never a byline, never text (RULES §7.2). */
static int
is_button_row(const jb_text *t)
{
    static const char *const buttons[] = {"分享",   "返回", "下载",   "关注",   "打印", "收藏",
                                          "点赞",   "评论", "关闭",   "转发",   "推荐", "更多",
                                          "登录",   "注册", "上一篇", "下一篇", "微信", "微博",
                                          "QQ空间", "顶部", NULL};
    size_t i = 0, words = 0;
    while (i < t->n) {
        size_t m = 0;
        while (i < t->n && (jb_char_is_blank(t->cps[i]) || t->cps[i] == '|' ||
                            t->cps[i] == 0x3010 || t->cps[i] == 0x3011 || t->cps[i] == 0x3001))
            i++;
        if (i == t->n)
            break;
        for (const char *const *b = buttons; *b && m == 0; b++)
            m = jb_cps_match(t->cps, t->n, i, *b);
        if (m == 0)
            return 0;
        i += m;
        words++;
    }
    return words > 0;
}

/* A page's banner (欢迎访问南城县关心下一代工作委员会网站, XX门户网站, XX官方网站): page chrome,
 * never the title, whatever its length. */
int
jb_imp_is_banner(const jb_text *t)
{
    static const char *const starts[] = {"欢迎访问", "欢迎光临", "欢迎来到", "欢迎进入", NULL};
    return jb_imp_count_chars(t) <= TITLE_MAX + 10 &&
           (jb_imp_any_prefix(t, starts) || jb_imp_ends_with(t, "门户网站") ||
            jb_imp_ends_with(t, "官方网站") || jb_imp_ends_with(t, "官网"));
}

/* A line of 1–3 digits alone (a page number): page chrome. */
int
jb_imp_is_page_number(const jb_text *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (jb_char_is_blank(t->cps[i]))
            continue;
        if (!jb_char_is_digit(t->cps[i]))
            return 0;
        n++;
    }
    return n >= 1 && n <= 3;
}

/* The site's tail starts here (§7.4); *reason says why. */
int
jb_imp_is_tail_start(const jb_text *t, jb_drop_reason *reason)
{
    static const char *const starts[] = {
        "以上内容为", "快照生成时间", "本站信息快照", "本站",     "信息原文地址",
        "更多关于",   "免责声明",     "声明:",        "声明：",   "相关阅读",
        "相关新闻",   "相关推荐",     "推荐阅读",     "版权所有", NULL};
    static const char *const editors[] = {"责任编辑", "编辑:", "编辑：", "责编",
                                          "审核：",   "审核:", NULL};
    static const char *const share[] = {"扫一扫", "分享到", NULL};
    *reason = JB_DROP_TAIL;
    if (jb_imp_any_prefix(t, editors) || is_editor_credit(t)) {
        *reason = JB_DROP_EDITOR;
        return 1;
    }
    if (jb_imp_any_prefix(t, share)) {
        *reason = JB_DROP_SHARE;
        return 1;
    }
    return jb_imp_any_prefix(t, starts);
}

/* Share, print, font-size and comment chrome, anywhere: 分享到：微信 微博, 【字体：大 中 小】,
 * 打印本页. */
int
jb_imp_is_share_chrome(const jb_text *t)
{
    static const char *const words[] = {"分享到",   "分享：", "分享:",    "扫一扫",   "字号",
                                        "【字体",   "字体：", "【打印",   "打印本页", "【关闭",
                                        "关闭窗口", "收藏",   "我要纠错", "评论",     "点赞",
                                        "返回顶部", "【返回", NULL};
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += !jb_char_is_blank(t->cps[i]);
    if (n > CHROME_MAX)
        return 0;
    if (jb_imp_any_prefix(t, words) || is_button_row(t))
        return 1;
    /* 打印 关闭 alone, or in brackets */
    return (n <= 6 &&
            (jb_cps_match(t->cps, t->n, 0, "打印") || jb_cps_match(t->cps, t->n, 0, "关闭") ||
             jb_cps_match(t->cps, t->n, 0, "【打印】")));
}

int
jb_imp_has_han(const jb_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (jb_char_is_han(t->cps[i]))
            return 1;
    return 0;
}

/* A row of MENU_WORDS_MIN or more spaced 2–4-character Han words and nothing else (新闻 政务 服务
 * 互动): a menu, read as a breadcrumb. */
static int
is_menu_row(const jb_text *t)
{
    size_t words = 0;
    for (size_t i = 0; i < t->n;) {
        size_t j = i;
        while (j < t->n && jb_char_is_han(t->cps[j]))
            j++;
        if (j - i < NAME_MIN || j - i > NAME_MAX)
            return 0;
        words++;
        if (j < t->n && !jb_char_is_blank(t->cps[j]) && t->cps[j] != '|' && t->cps[j] != 0xFF5C)
            return 0;
        while (j < t->n && (jb_char_is_blank(t->cps[j]) || t->cps[j] == '|' || t->cps[j] == 0xFF5C))
            j++;
        i = j;
    }
    return words >= MENU_WORDS_MIN;
}

/* A breadcrumb: 首页 > 国内 > 要闻, 当前位置：…, or a menu row. */
int
jb_imp_is_breadcrumb(const jb_text *t)
{
    static const char *const starts[] = {"当前位置", "您当前的位置", "您现在的位置",
                                         "您的位置", "位置：",       NULL};
    if (jb_imp_any_prefix(t, starts))
        return 1;
    if (jb_imp_find_any(t, 0, (const uint32_t[]){'>', 0xFF1E, 0x203A, 0x00BB}, 4) < t->n &&
        jb_imp_count_chars(t) <= TITLE_MAX &&
        jb_imp_find_any(t, 0, (const uint32_t[]){0x3002}, 1) == t->n)
        return 1;
    return is_menu_row(t);
}

/* A site's name or page word above the title: ends in 网 网站 门户 频道 客户端 (南城县人民政府网).
 */
int
jb_imp_is_site_name(const jb_text *t)
{
    static const char *const ends[] = {"网",   "网站",   "门户网站", "门户",
                                       "频道", "客户端", "首页",     NULL};
    size_t n = jb_imp_count_chars(t);
    if (n > SITE_NAME_MAX)
        return 0;
    for (const char *const *e = ends; *e; e++)
        if (jb_imp_ends_with(t, *e))
            return 1;
    return 0;
}

static int
digits(const jb_text *t, size_t i, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (i + k >= t->n || !jb_char_is_digit(t->cps[i + k]))
            return 0;
    return 1;
}

/* YYYY-MM-DD at i; returns ISO_DATE_LEN or 0. */
static size_t
iso_date_at(const jb_text *t, size_t i)
{
    return digits(t, i, 4) && i + 4 < t->n && t->cps[i + 4] == '-' && digits(t, i + 5, 2) &&
                   i + 7 < t->n && t->cps[i + 7] == '-' && digits(t, i + 8, 2)
               ? ISO_DATE_LEN
               : 0;
}

/* A bare timestamp line: 2023-10-22, 2023-10-22 00:41, 2023-10-22 00:41:00. */
int
jb_imp_is_timestamp(const jb_text *t)
{
    size_t i = iso_date_at(t, 0);
    if (i == 0)
        return 0;
    if (i == t->n)
        return 1;
    if (!jb_char_is_blank(t->cps[i]) || !digits(t, i + 1, 2) || i + 3 >= t->n ||
        t->cps[i + 3] != ':' || !digits(t, i + 4, 2))
        return 0;
    i += 6;
    if (i == t->n)
        return 1;
    return t->cps[i] == ':' && digits(t, i + 1, 2) && i + 3 == t->n;
}

int
jb_imp_is_snippet(const jb_text *t)
{
    return jb_cps_match(t->cps, t->n, 0, "...") || t->cps[0] == 0x2026;
}

/* ---- §7.2 metadata, title, byline ---- */

static const char *const meta_keys[] = {"发布时间", "发布日期", "本文转自", "类别", "分类", "栏目",
                                        "时间",     "日期",     "来源",     "稿源", NULL};

/* A metadata key with its colon at i: the key's index in meta_keys and *len, or -1. */
static int
meta_key_at(const jb_text *t, size_t i, size_t *len)
{
    for (int k = 0; meta_keys[k]; k++) {
        size_t m = jb_cps_match(t->cps, t->n, i, meta_keys[k]);
        if (m && i + m < t->n && (t->cps[i + m] == ':' || t->cps[i + m] == 0xFF1A)) {
            *len = m + 1;
            return k;
        }
    }
    return -1;
}

int
jb_imp_is_metadata(const jb_text *t)
{
    size_t len;
    return meta_key_at(t, 0, &len) >= 0;
}

int
jb_imp_copy_range(jb_text *dst, const jb_text *src, size_t a, size_t b)
{
    jb_text_fini(dst);
    while (a < b && jb_char_is_blank(src->cps[a]))
        a++;
    while (b > a && jb_char_is_blank(src->cps[b - 1]))
        b--;
    for (size_t i = a; i < b; i++)
        if (jb_text_push(dst, src->cps[i], src->offs[i], src->marks[i]) != 0)
            return -1;
    return 0;
}

/* Reads the fields of a metadata line (several may share it, separated by blanks). */
int
jb_imp_read_metadata(jb_doc *doc, const jb_text *t, const jb_source *src, int *have_origin)
{
    size_t i = 0;

    while (i < t->n) {
        size_t len, j, vend;
        int k = meta_key_at(t, i, &len);
        if (k < 0) {
            i++;
            continue;
        }
        /* the value runs to the next key that follows a blank */
        for (j = i + len; j < t->n; j++) {
            size_t l2;
            if (jb_char_is_blank(t->cps[j]) && j + 1 < t->n && meta_key_at(t, j + 1, &l2) >= 0)
                break;
        }
        vend = j;
        const char *key = meta_keys[k];
        size_t v = i + len;
        while (v < vend && jb_char_is_blank(t->cps[v]))
            v++;
        if (strcmp(key, "发布时间") == 0 || strcmp(key, "发布日期") == 0 ||
            strcmp(key, "时间") == 0 || strcmp(key, "日期") == 0) {
            if (iso_date_at(t, v)) {
                char ymd[ISO_DATE_LEN + 1];
                for (int c = 0; c < ISO_DATE_LEN; c++)
                    ymd[c] = (char)t->cps[v + (size_t)c];
                ymd[ISO_DATE_LEN] = '\0';
                if (doc->masthead.date_iso[0] == '\0' && jb_doc_set_date(doc, ymd, t->offs[v]) != 0)
                    jb_text_fini(&doc->masthead.date); /* not a date after all: leave it out */
            }
        } else if (strcmp(key, "本文转自") == 0) {
            /* the original publisher, preferred to the site that copied it */
            if (jb_imp_copy_range(&doc->items[0].origin, t, v, vend) != 0)
                return -1;
            *have_origin = 1;
        } else if (strcmp(key, "来源") == 0 || strcmp(key, "稿源") == 0) {
            if (!*have_origin && jb_imp_copy_range(&doc->items[0].origin, t, v, vend) != 0)
                return -1;
        } else if (jb_imp_copy_range(&doc->items[0].category, t, v, vend) != 0) {
            return -1;
        }
        i = vend;
    }
    (void)src;
    return 0;
}

size_t
jb_imp_count_chars(const jb_text *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += !jb_char_is_blank(t->cps[i]);
    return n;
}

int
jb_imp_is_title(const jb_text *t)
{
    size_t n = jb_imp_count_chars(t);
    return n >= TITLE_MIN && n <= TITLE_MAX && t->cps[t->n - 1] != 0x3002 && !jb_imp_is_metadata(t);
}

/* Role words of a byline or credit, longest first where one starts another. */
static const char *const roles[] = {"本报记者", "本报通讯员", "特约记者", "特约通讯员", "见习记者",
                                    "实习生", "记者", "通讯员", "责任编辑", "编辑", "摄影", "摄像",
                                    "文/图", "文／图", "文/", "文／", "图/", "图／", "作者：",
                                    "作者:", "作者", "撰稿", "供稿", "摄", "文", "图",
                                    /* Traditional */
                                    "本報記者", "本報通訊員", "特約記者", "記者", "通訊員",
                                    "責任編輯", "編輯", "攝影", "攝", "圖", NULL};

/* The role word at t[i] (its length, 0 if none); a one-character role (摄 文 图) only before a
 * blank or a name that is not a role. */
size_t
jb_imp_role_at(const jb_text *t, size_t i)
{
    size_t best = 0;
    for (const char *const *r = roles; *r; r++) {
        size_t m = jb_cps_match(t->cps, t->n, i, *r);
        if (m > best)
            best = m;
    }
    if (best == 1 && i + 1 < t->n && !jb_char_is_blank(t->cps[i + 1]))
        return 0;
    return best;
}

static int
byline_sep(uint32_t c)
{
    return jb_char_is_blank(c) || c == 0x3001 || c == 0xFF0C || c == ',';
}

/* A byline or credit: role words (记者 通讯员 本报记者 文/图 摄影 编辑 …) and 2–4-character Han
 * names apart by blanks 、 ， `,`, at most BYLINE_MAX characters, no 。, 1–NAMES_MAX names;
 * `（…）` around it and 本报讯（记者 X） are read too. Fills *byline with the roles and names
 * apart by one space. */
int
jb_imp_read_byline(jb_text *byline, const jb_text *t)
{
    size_t i = 0, n = t->n, names = 0, items = 0;
    int unnamed = 0; /* a name without a surname of the table */
    jb_text b;

    if (jb_imp_count_chars(t) > BYLINE_MAX ||
        jb_imp_find_any(t, 0, (const uint32_t[]){0x3002, '\t'}, 2) < t->n) /* no 。, no cells */
        return 0;
    if (jb_cps_match(t->cps, t->n, 0, "本报讯"))
        i = 3;
    if (i < n && (t->cps[i] == 0xFF08 || t->cps[i] == '(') &&
        (t->cps[n - 1] == 0xFF09 || t->cps[n - 1] == ')'))
        i++, n--;
    else if (i > 0)
        return 0;
    memset(&b, 0, sizeof b);
    while (i < n) {
        size_t j, r;
        while (i < n && byline_sep(t->cps[i]))
            i++;
        if (i == n)
            break;
        if ((r = jb_imp_role_at(t, i)) > 0) { /* a role, maybe glued to its name (记者张三) */
            if (items++ > 0 && jb_text_push(&b, ' ', t->offs[i], 0) != 0)
                goto no;
            for (size_t k = i; k < i + r; k++)
                if (jb_text_push(&b, t->cps[k], t->offs[k], 0) != 0)
                    goto no;
            i += r;
            continue;
        }
        for (j = i; j < n && jb_char_is_han(t->cps[j]); j++)
            ;
        if (j - i < NAME_MIN || j - i > NAME_MAX || (j < n && !byline_sep(t->cps[j])))
            goto no;
        /* without a role word only a name: 2-3 characters from a surname, or 4 from a compound
         * one (分享 返回 高度重视 are no byline) */
        unnamed |= jb_imp_surname_at(t, i) == 0 || (j - i == 4 && jb_imp_surname_at(t, i) < 2);
        if (items++ > 0 && jb_text_push(&b, ' ', t->offs[i], 0) != 0)
            goto no;
        for (size_t k = i; k < j; k++)
            if (jb_text_push(&b, t->cps[k], t->offs[k], 0) != 0)
                goto no;
        names++;
        i = j;
    }
    if (names == 0 || names > NAMES_MAX || (unnamed && items == names))
        goto no;
    jb_text_fini(byline);
    *byline = b;
    return 1;
no:
    jb_text_fini(&b);
    return 0;
}

/* 本报讯（记者 X 通讯员 Y） at the start of a lead: the credit's text (without 本报讯), or 0. */
size_t
jb_imp_lead_credit(const jb_text *t)
{
    size_t m = jb_cps_match(t->cps, t->n, 0, "本报讯");
    if (m == 0 || m >= t->n || (t->cps[m] != 0xFF08 && t->cps[m] != '('))
        return 0;
    size_t e = jb_imp_find_any(t, m, (const uint32_t[]){0xFF09, ')'}, 2);
    return e < t->n && e - m <= BYLINE_MAX ? e + 1 : 0;
}

/* A date line: 2023年10月22日, （2023年10月22日）, 2023-10-22 with a weekday or time after it. Sets
 * the date when doc has none. */
int
jb_imp_read_date_line(jb_doc *doc, const jb_text *t)
{
    size_t i = 0, n = t->n, y, mo, dd;
    char ymd[ISO_DATE_LEN + 1];
    unsigned vy = 0, vm = 0, vd = 0;

    if (n > 0 && (t->cps[0] == 0xFF08 || t->cps[0] == '('))
        i++;
    if (iso_date_at(t, i)) {
        for (int c = 0; c < ISO_DATE_LEN; c++)
            ymd[c] = (char)t->cps[i + (size_t)c];
        ymd[ISO_DATE_LEN] = '\0';
        i += ISO_DATE_LEN;
    } else {
        for (y = i; y < n && jb_char_is_digit(t->cps[y]); y++)
            vy = vy * 10 + (t->cps[y] - '0');
        if (y - i != 4 || y >= n || t->cps[y] != 0x5E74 /* 年 */)
            return 0;
        for (mo = y + 1; mo < n && jb_char_is_digit(t->cps[mo]) && mo - y <= 2; mo++)
            vm = vm * 10 + (t->cps[mo] - '0');
        if (mo == y + 1 || mo >= n || t->cps[mo] != 0x6708 /* 月 */)
            return 0;
        for (dd = mo + 1; dd < n && jb_char_is_digit(t->cps[dd]) && dd - mo <= 2; dd++)
            vd = vd * 10 + (t->cps[dd] - '0');
        if (dd == mo + 1 || dd >= n || t->cps[dd] != 0x65E5 /* 日 */)
            return 0;
        snprintf(ymd, sizeof ymd, "%04u-%02u-%02u", vy % 10000, vm % 100, vd % 100);
        i = dd + 1;
    }
    /* what may follow: a weekday, a time, the closing bracket */
    if (jb_imp_count_chars(t) > TITLE_MIN + ISO_DATE_LEN + 4)
        return 0;
    for (size_t k = i; k < n; k++)
        if (jb_char_is_han(t->cps[k]) && !jb_cps_match(t->cps, n, k, "星期") &&
            !(k > 0 && jb_cps_match(t->cps, n, k - 1, "星期")) &&
            !(k > 1 && jb_cps_match(t->cps, n, k - 2, "星期")) && t->cps[k] != 0x5468 /* 周 */)
            return 0;
    if (doc->masthead.date_iso[0] == '\0' && jb_doc_set_date(doc, ymd, t->offs[0]) != 0)
        jb_text_fini(&doc->masthead.date);
    return 1;
}

/* A line without Han characters holding a `:` or `|` (Source: Xinhua | Updated: 2023-10-22): the
 * English metadata of a page. Its ISO date is read when doc has none. */
int
jb_imp_read_latin_metadata(jb_doc *doc, const jb_text *t)
{
    if (jb_imp_has_han(t) || jb_imp_find_any(t, 0, (const uint32_t[]){':', '|', 0xFF1A}, 3) == t->n)
        return 0;
    for (size_t i = 0; i + ISO_DATE_LEN <= t->n && doc->masthead.date_iso[0] == '\0'; i++)
        if (iso_date_at(t, i) && (i == 0 || !jb_char_is_digit(t->cps[i - 1]))) {
            char ymd[ISO_DATE_LEN + 1];
            for (int c = 0; c < ISO_DATE_LEN; c++)
                ymd[c] = (char)t->cps[i + (size_t)c];
            ymd[ISO_DATE_LEN] = '\0';
            if (jb_doc_set_date(doc, ymd, t->offs[i]) != 0)
                jb_text_fini(&doc->masthead.date);
        }
    return 1;
}
