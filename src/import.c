/* import — structure detection for a raw article (RULES.md §7). */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "normalize.h"
#include "utf8.h"

/* Sizes of the structure rules (§7.2, §7.3), in characters unless stated. */
#define NAV_LINES    5  /* navigation is looked for only in the first lines of the page */
#define NAV_ITEM_MAX 10 /* a menu item (• 国内) is one short word */
#define TITLE_MIN    6  /* a title is a phrase, not a word (国内) ... */
#define TITLE_MAX    40 /* ... nor a paragraph */
#define BYLINE_MAX   30 /* a byline is a few names */
#define NAME_MIN     2  /* Han personal names have 2–4 characters */
#define NAME_MAX     4
#define NAMES_MAX    6  /* more names than this are a list, not a byline */
#define LEAD_MIN     40 /* the lead is the first paragraph at least this long */
/* A run-in head ends at its first 。 only if that is this near (P1, P2, P6, P7; P3–P5) */
#define HEAD_SENTENCE          25
#define HEAD_SENTENCE_NUMBERED 30
#define HEAD_LINE_MAX          30 /* a heading line of its own (一、基本情况) is at most this long */
#define P1_CLAUSE_MIN          2 /* P1: the parallel first clause (重阵地，) has 2–6 Han characters */
#define P1_CLAUSE_MAX          6
#define P8_INNER_MIN           2 /* P8: a 【…】 lead holds 2–20 characters */
#define P8_INNER_MAX           20
#define P9_LABEL_MIN           2 /* P9: a colon lead (聚焦阵地：) has its colon within 2–12 characters */
#define P9_LABEL_MAX           12
#define RUN_MIN                3  /* P1 and P9 need a run of this many paragraphs (weak patterns) */
#define MARKED_MIN             2  /* the explicit patterns need this many heads */
#define ISO_DATE_LEN           10 /* YYYY-MM-DD */
#define CHROME_MAX             20 /* share/print chrome (分享到：微信 微博) is a short line */
#define SITE_NAME_MAX          15 /* a site's name above the title (南城县人民政府网) */
#define MENU_WORDS_MIN         3  /* a row of this many spaced 2–4-character words is a menu */
#define TITLE_LOOKAHEAD        3  /* a title is followed within this many lines by its fields */

/* A string of a number macro's value, for messages. */
#define STR2(x) #x
#define STR(x)  STR2(x)

/* One non-empty line of the article: its characters, trimmed, with their source offsets. */
typedef struct {
    jb_text t;
    int line;
    int drop;  /* -1, or the jb_drop_reason it was left out for */
    int table; /* 1: the first line of a table pasted as text, whose lines run to table_end;
                  2: a later line of one (RULES §9.1) */
    size_t table_end;
    char table_sep;
} rline;

static size_t count_chars(const jb_text *t);

/* Does t end with the UTF-8 word w? */
static int
ends_with(const jb_text *t, const char *w)
{
    size_t m = 0, len = strlen(w);
    for (size_t at = 0; at < len; m++) {
        uint32_t cp;
        at += jb_utf8_decode(w + at, len - at, &cp);
    }
    return t->n >= m && jb_cps_match(t->cps, t->n, t->n - m, w) == m;
}

static int
any_prefix(const jb_text *t, const char *const *list)
{
    for (; *list; list++)
        if (jb_cps_match(t->cps, t->n, 0, *list))
            return 1;
    return 0;
}

/* Index of the first character of set in t[from..), or t->n. */
static size_t
find_any(const jb_text *t, size_t from, const uint32_t *set, size_t n_set)
{
    for (size_t i = from; i < t->n; i++)
        if (jb_cp_in(t->cps[i], set, n_set))
            return i;
    return t->n;
}

static int
load_lines(const jb_source *src, rline **out, size_t *n_out)
{
    rline *lines = calloc(src->n_lines ? src->n_lines : 1, sizeof *lines);
    size_t n = 0;

    if (lines == NULL)
        return -1;
    for (size_t l = 0; l < src->n_lines; l++) {
        size_t a = src->line_starts[l];
        size_t b = l + 1 < src->n_lines ? src->line_starts[l + 1] - 1 : src->len;
        jb_text t;
        memset(&t, 0, sizeof t);
        if (jb_text_push_utf8(&t, src->text + a, b - a, (uint32_t)a, 0) != 0)
            goto nomem;
        size_t i = 0, j = t.n;
        while (i < j && jb_char_is_blank(t.cps[i]))
            i++;
        while (j > i && jb_char_is_blank(t.cps[j - 1]))
            j--;
        if (i == j) {
            jb_text_fini(&t);
            continue;
        }
        memmove(t.cps, t.cps + i, (j - i) * sizeof *t.cps);
        memmove(t.offs, t.offs + i, (j - i) * sizeof *t.offs);
        t.n = j - i;
        lines[n].t = t;
        lines[n].line = (int)l + 1;
        lines[n].drop = -1;
        n++;
    }
    *out = lines;
    *n_out = n;
    return 0;
nomem:
    for (size_t k = 0; k < n; k++)
        jb_text_fini(&lines[k].t);
    free(lines);
    return -1;
}

/* Runs of two or more adjacent lines that hold a table pasted as text (cells apart by tabs, as
 * from a spreadsheet, or by '|'): their first line is marked 1 with the run's end, the rest 2. */
static void
mark_tables(const jb_source *src, rline *lines, size_t n)
{
    static const char seps[] = {'\t', '|'};
    for (size_t k = 0; k < n; k++) {
        for (size_t q = 0; q < sizeof seps; q++) {
            char sep = seps[q];
            size_t e = k, a = src->line_starts[lines[k].line - 1], end;
            while (e < n && lines[e].line == lines[k].line + (int)(e - k) &&
                   memchr(src->text + src->line_starts[lines[e].line - 1], sep,
                          ((size_t)lines[e].line < src->n_lines ? src->line_starts[lines[e].line]
                                                                : src->len) -
                              src->line_starts[lines[e].line - 1]) != NULL)
                e++;
            if (e - k < 2)
                continue;
            end = (size_t)lines[e - 1].line < src->n_lines ? src->line_starts[lines[e - 1].line]
                                                           : src->len;
            if (jb_table_delimited_cols(src->text + a, end - a, sep) == 0)
                continue;
            lines[k].table = 1, lines[k].table_end = end, lines[k].table_sep = sep;
            for (size_t i = k + 1; i < e; i++)
                lines[i].table = 2;
            k = e - 1;
            break;
        }
    }
}

/* ---- §7.2 / §7.4: what is not the article ---- */

static int
is_navigation(const rline *l)
{
    const jb_text *t = &l->t;
    size_t i = 1, k = 0;

    if (l->line > NAV_LINES)
        return 0;
    if (jb_cps_match(t->cps, t->n, 0, "首页") &&
        (find_any(t, 0, (const uint32_t[]){'>', 0xFF1E, 0x203A}, 3) < t->n))
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

/* The site's tail starts here (§7.4); *reason says why. */
static int
is_tail_start(const jb_text *t, jb_drop_reason *reason)
{
    static const char *const starts[] = {
        "以上内容为", "快照生成时间", "本站信息快照", "本站",     "信息原文地址",
        "更多关于",   "免责声明",     "声明:",        "声明：",   "相关阅读",
        "相关新闻",   "相关推荐",     "推荐阅读",     "版权所有", NULL};
    static const char *const editors[] = {"责任编辑", "编辑:", "编辑：", "责编",
                                          "审核：",   "审核:", NULL};
    static const char *const share[] = {"扫一扫", "分享到", NULL};
    *reason = JB_DROP_TAIL;
    if (any_prefix(t, editors)) {
        *reason = JB_DROP_EDITOR;
        return 1;
    }
    if (any_prefix(t, share)) {
        *reason = JB_DROP_SHARE;
        return 1;
    }
    return any_prefix(t, starts);
}

/* Share, print, font-size and comment chrome, anywhere: 分享到：微信 微博, 【字体：大 中 小】,
 * 打印本页. */
static int
is_share_chrome(const jb_text *t)
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
    if (any_prefix(t, words))
        return 1;
    /* 打印 关闭 alone, or in brackets */
    return (n <= 6 &&
            (jb_cps_match(t->cps, t->n, 0, "打印") || jb_cps_match(t->cps, t->n, 0, "关闭") ||
             jb_cps_match(t->cps, t->n, 0, "【打印】")));
}

static int
has_han(const jb_text *t)
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
static int
is_breadcrumb(const jb_text *t)
{
    static const char *const starts[] = {"当前位置", "您当前的位置", "您现在的位置",
                                         "您的位置", "位置：",       NULL};
    if (any_prefix(t, starts))
        return 1;
    if (find_any(t, 0, (const uint32_t[]){'>', 0xFF1E, 0x203A, 0x00BB}, 4) < t->n &&
        count_chars(t) <= TITLE_MAX && find_any(t, 0, (const uint32_t[]){0x3002}, 1) == t->n)
        return 1;
    return is_menu_row(t);
}

/* A site's name or page word above the title: ends in 网 网站 门户 频道 客户端 (南城县人民政府网).
 */
static int
is_site_name(const jb_text *t)
{
    static const char *const ends[] = {"网",   "网站",   "门户网站", "门户",
                                       "频道", "客户端", "首页",     NULL};
    size_t n = count_chars(t);
    if (n > SITE_NAME_MAX)
        return 0;
    for (const char *const *e = ends; *e; e++)
        if (ends_with(t, *e))
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
static int
is_timestamp(const jb_text *t)
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

static int
is_snippet(const jb_text *t)
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

static int
is_metadata(const jb_text *t)
{
    size_t len;
    return meta_key_at(t, 0, &len) >= 0;
}

static int
copy_range(jb_text *dst, const jb_text *src, size_t a, size_t b)
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
static int
read_metadata(jb_doc *doc, const jb_text *t, const jb_source *src, int *have_origin)
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
                if (jb_doc_set_date(doc, ymd, t->offs[v]) != 0)
                    jb_text_fini(&doc->masthead.date); /* not a date after all: leave it out */
            }
        } else if (strcmp(key, "本文转自") == 0) {
            /* the original publisher, preferred to the site that copied it */
            if (copy_range(&doc->items[0].origin, t, v, vend) != 0)
                return -1;
            *have_origin = 1;
        } else if (strcmp(key, "来源") == 0 || strcmp(key, "稿源") == 0) {
            if (!*have_origin && copy_range(&doc->items[0].origin, t, v, vend) != 0)
                return -1;
        } else if (copy_range(&doc->items[0].category, t, v, vend) != 0) {
            return -1;
        }
        i = vend;
    }
    (void)src;
    return 0;
}

static size_t
count_chars(const jb_text *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += !jb_char_is_blank(t->cps[i]);
    return n;
}

static int
is_title(const jb_text *t)
{
    size_t n = count_chars(t);
    return n >= TITLE_MIN && n <= TITLE_MAX && t->cps[t->n - 1] != 0x3002 && !is_metadata(t);
}

/* Role words of a byline or credit, longest first where one starts another. */
static const char *const roles[] = {
    "本报记者", "本报通讯员", "特约记者", "特约通讯员", "见习记者", "实习生", "记者",
    "通讯员",   "责任编辑",   "编辑",     "摄影",       "摄像",     "文/图",  "文／图",
    "文/",      "文／",       "图/",      "图／",       "作者：",   "作者:",  "作者",
    "撰稿",     "供稿",       "摄",       "文",         "图",       NULL};

/* The role word at t[i] (its length, 0 if none); a one-character role (摄 文 图) only before a
 * blank or a name that is not a role. */
static size_t
role_at(const jb_text *t, size_t i)
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
static int
read_byline(jb_text *byline, const jb_text *t)
{
    size_t i = 0, n = t->n, names = 0, items = 0;
    jb_text b;

    if (count_chars(t) > BYLINE_MAX || find_any(t, 0, (const uint32_t[]){0x3002}, 1) < t->n)
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
        if ((r = role_at(t, i)) > 0) { /* a role, maybe glued to its name (记者张三) */
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
        if (items++ > 0 && jb_text_push(&b, ' ', t->offs[i], 0) != 0)
            goto no;
        for (size_t k = i; k < j; k++)
            if (jb_text_push(&b, t->cps[k], t->offs[k], 0) != 0)
                goto no;
        names++;
        i = j;
    }
    if (names == 0 || names > NAMES_MAX)
        goto no;
    jb_text_fini(byline);
    *byline = b;
    return 1;
no:
    jb_text_fini(&b);
    return 0;
}

/* 本报讯（记者 X 通讯员 Y） at the start of a lead: the credit's text (without 本报讯), or 0. */
static size_t
lead_credit(const jb_text *t)
{
    size_t m = jb_cps_match(t->cps, t->n, 0, "本报讯");
    if (m == 0 || m >= t->n || (t->cps[m] != 0xFF08 && t->cps[m] != '('))
        return 0;
    size_t e = find_any(t, m, (const uint32_t[]){0xFF09, ')'}, 2);
    return e < t->n && e - m <= BYLINE_MAX ? e + 1 : 0;
}

/* A date line: 2023年10月22日, （2023年10月22日）, 2023-10-22 with a weekday or time after it. Sets
 * the date when doc has none. */
static int
read_date_line(jb_doc *doc, const jb_text *t)
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
    if (count_chars(t) > TITLE_MIN + ISO_DATE_LEN + 4)
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
static int
read_latin_metadata(jb_doc *doc, const jb_text *t)
{
    if (has_han(t) || find_any(t, 0, (const uint32_t[]){':', '|', 0xFF1A}, 3) == t->n)
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

/* ---- §7.3 section heads ---- */

enum { P1, P2, P3, P4, P5, P6, P7, P8, P9, N_PATTERNS };

static const char *const pattern_names[] = {"P1 parallel lead phrase",
                                            "P2 一是",
                                            "P3 一、",
                                            "P4 （一）",
                                            "P5 1.",
                                            "P6 第一，",
                                            "P7 首先",
                                            "P8 bold or 【】 lead",
                                            "P9 colon lead"};

static const uint32_t stops[] = {0x3002, 0xFF1B, 0xFF1F, 0xFF01}; /* 。；？！ */
static const uint32_t commas[] = {0xFF0C, ','};
enum { N_STOPS = sizeof stops / sizeof stops[0], N_COMMAS = sizeof commas / sizeof commas[0] };

/* The head of a run-in lead: up to the first 。(or ；？！) if that is at most max characters,
 * else up to the first ，; the whole text if neither. */
static size_t
run_in_head(const jb_text *t, size_t from, size_t max)
{
    size_t e = find_any(t, from, stops, N_STOPS);
    if (e < t->n && e + 1 <= max)
        return e + 1;
    e = find_any(t, from, commas, N_COMMAS);
    return e < t->n ? e + 1 : t->n;
}

static size_t
cn_digits(const jb_text *t, size_t i)
{
    size_t k = i;
    while (k < t->n && jb_char_is_cn_count(t->cps[k]))
        k++;
    return k - i;
}

/* A standalone heading line (一、基本情况): short, no sentence end inside. */
static int
standalone(const jb_text *t)
{
    size_t e = find_any(t, 0, stops, N_STOPS);
    return count_chars(t) <= HEAD_LINE_MAX && (e == t->n || e == t->n - 1);
}

/* The head length of t under pattern p (0: not a head); *alone: the whole line is the head. */
static size_t
head_of(int p, const jb_text *t, int *alone)
{
    size_t k, m;

    *alone = 0;
    switch (p) {
    case P2: /* 一是强化组织领导，… */
        k = cn_digits(t, 0);
        if (k == 0 || k >= t->n || t->cps[k] != 0x662F /* 是 */)
            return 0;
        return run_in_head(t, k + 1, HEAD_SENTENCE);
    case P3: /* 一、基本情况 */
        k = cn_digits(t, 0);
        if (k == 0 || k >= t->n || t->cps[k] != 0x3001)
            return 0;
        break;
    case P4: /* （一）聚焦阵地建设 */
        if (t->cps[0] != 0xFF08 && t->cps[0] != '(')
            return 0;
        k = cn_digits(t, 1);
        if (k == 0 || 1 + k >= t->n || (t->cps[1 + k] != 0xFF09 && t->cps[1 + k] != ')'))
            return 0;
        break;
    case P5: /* 1.完善机制 */
        for (k = 0; k < t->n && jb_char_is_digit(t->cps[k]); k++)
            ;
        if (k == 0 || k + 1 >= t->n ||
            (t->cps[k] != '.' && t->cps[k] != 0xFF0E && t->cps[k] != 0x3001) ||
            jb_char_is_digit(t->cps[k + 1]))
            return 0;
        break;
    case P6: /* 第一，… */
        if (t->cps[0] != 0x7B2C)
            return 0;
        k = cn_digits(t, 1);
        if (k == 0 || 1 + k >= t->n ||
            (t->cps[1 + k] != 0xFF0C && t->cps[1 + k] != ',' && t->cps[1 + k] != 0x3001))
            return 0;
        return run_in_head(t, k + 2, HEAD_SENTENCE);
    case P7: /* 首先，… */
        for (const char *const *w = (const char *const[]){"首先", "其次", "再次", "最后", NULL}; *w;
             w++)
            if ((m = jb_cps_match(t->cps, t->n, 0, *w)) && m < t->n &&
                (t->cps[m] == 0xFF0C || t->cps[m] == ','))
                return run_in_head(t, m + 1, HEAD_SENTENCE);
        return 0;
    case P8: /* 【重阵地】… or **重阵地。**… */
        if (t->cps[0] == 0x3010) {
            size_t e = find_any(t, 1, (const uint32_t[]){0x3011}, 1);
            return e < t->n && e - 1 >= P8_INNER_MIN && e - 1 <= P8_INNER_MAX ? e + 1 : 0;
        }
        if (jb_cps_match(t->cps, t->n, 0, "**")) {
            for (size_t e = 2; e + 1 < t->n; e++)
                if (t->cps[e] == '*' && t->cps[e + 1] == '*')
                    return e > 2 ? e + 2 : 0;
        }
        return 0;
    case P9: /* 聚焦阵地：… */
        for (k = 0; k < t->n && k <= P9_LABEL_MAX; k++) {
            uint32_t c = t->cps[k];
            if (c == ':' || c == 0xFF1A)
                return k >= P9_LABEL_MIN ? k + 1 : 0;
            if (c == 0xFF0C || c == 0x3002)
                return 0;
        }
        return 0;
    case P1: { /* 重阵地，关工组织遍地开花。 */
        size_t e = find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
        if (e < P1_CLAUSE_MIN || e > P1_CLAUSE_MAX || e == t->n)
            return 0;
        for (k = 0; k < e; k++)
            if (!jb_char_is_han(t->cps[k]))
                return 0;
        return run_in_head(t, e + 1, HEAD_SENTENCE);
    }
    default: return 0;
    }
    /* P3–P5: a heading line of its own, or a run-in lead sentence */
    if (standalone(t)) {
        *alone = 1;
        return t->n;
    }
    return run_in_head(t, 0, HEAD_SENTENCE_NUMBERED);
}

/* The first clause of a P1 candidate (its length, 0 if none), for the parallelism test. */
static size_t
p1_clause(const jb_text *t)
{
    int alone;
    if (head_of(P1, t, &alone) == 0)
        return 0;
    return find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
}

/* Marks is_head[i] for the paragraphs heading a section under pattern p; returns how many. */
static size_t
mark_heads(int p, rline **paras, size_t n, uint8_t *is_head)
{
    size_t count = 0;
    int alone;

    memset(is_head, 0, n);
    if (p == P1 || p == P9) {
        /* ≥ RUN_MIN consecutive paragraphs: P1 sharing the first character, or length and last
         * character of the first clause; P9 any colon leads */
        for (size_t i = 0; i < n;) {
            size_t j = i,
                   ci = p == P1 ? p1_clause(&paras[i]->t) : head_of(P9, &paras[i]->t, &alone);
            if (ci == 0) {
                i++;
                continue;
            }
            while (j + 1 < n) {
                const jb_text *a = &paras[i]->t, *b = &paras[j + 1]->t;
                size_t cj = p == P1 ? p1_clause(b) : head_of(P9, b, &alone);
                if (cj == 0)
                    break;
                if (p == P1 && a->cps[0] != b->cps[0] &&
                    !(cj == ci && a->cps[ci - 1] == b->cps[cj - 1]))
                    break;
                j++;
            }
            if (j - i + 1 >= RUN_MIN) {
                for (size_t k = i; k <= j; k++)
                    is_head[k] = 1;
                count += j - i + 1;
            }
            i = j + 1;
        }
        return count;
    }
    for (size_t i = 0; i < n; i++)
        if (head_of(p, &paras[i]->t, &alone)) {
            is_head[i] = 1;
            count++;
        }
    if (p == P7 && count > 0) { /* only a run that starts with 首先 */
        size_t first = 0;
        while (!is_head[first])
            first++;
        if (!jb_cps_match(paras[first]->t.cps, paras[first]->t.n, 0, "首先"))
            return 0;
    }
    return count;
}

/* ---- assembly ---- */

static int
add_dropped(jb_import_info *info, int line, jb_drop_reason r, size_t off)
{
    jb_dropped *a = realloc(info->dropped, (info->n_dropped + 1) * sizeof *a);
    if (a == NULL)
        return -1;
    info->dropped = a;
    a[info->n_dropped].line = line;
    a[info->n_dropped].reason = r;
    a[info->n_dropped].off = off;
    info->n_dropped++;
    return 0;
}

static void
space_cb(jb_text *t, void *ud)
{
    jb_doc *doc = ud;
    jb_normalize_space(t, t == &doc->items[0].byline);
}

int
jb_import_is_raw(const jb_source *src)
{
    size_t first = 0;
    if (strncmp(src->text, "---\n", 4) == 0)
        return 0;
    for (size_t l = 0; l < src->n_lines; l++)
        if (strncmp(src->text + src->line_starts[l], "## ", 3) == 0)
            return 0;
    /* a Markdown report without front matter: its first line is the `# ` title */
    while (first < src->len && jb_char_is_blank((unsigned char)src->text[first]))
        first++;
    return strncmp(src->text + first, "# ", 2) != 0;
}

/* A paragraph of body text: LEAD_MIN characters or more, with Han, no metadata. */
static int
is_body_text(const jb_text *t)
{
    return count_chars(t) >= LEAD_MIN && has_han(t) && !is_metadata(t);
}

/* A section head of an explicit pattern (P2–P8): never the title. */
static int
is_numbered_head(const jb_text *t)
{
    static const int explicit_heads[] = {P2, P3, P4, P5, P6, P7, P8};
    int alone;
    for (size_t k = 0; k < sizeof explicit_heads / sizeof explicit_heads[0]; k++)
        if (head_of(explicit_heads[k], t, &alone))
            return 1;
    return 0;
}

/* Could t be the title? 6–40 characters with Han, no 。 ， ： at the end, and none of the things
 * a page puts around a title: metadata, a date, a breadcrumb, share chrome, a site name, a
 * numbered section head. */
static int
title_candidate(const jb_text *t)
{
    jb_doc scratch;
    uint32_t last = t->cps[t->n - 1];
    memset(&scratch, 0, sizeof scratch);
    if (!is_title(t) || !has_han(t) || last == 0xFF0C || last == 0xFF1A || last == ':' ||
        is_breadcrumb(t) || is_share_chrome(t) || is_site_name(t) || is_numbered_head(t))
        return 0;
    scratch.masthead.date_iso[0] = 'x'; /* a date test only: nothing is set */
    return !read_date_line(&scratch, t);
}

/* Is t a field that follows a title: metadata, a date, an English metadata line, a byline? */
static int
is_field(const jb_text *t)
{
    jb_doc scratch;
    jb_text byline;
    int r;
    memset(&scratch, 0, sizeof scratch);
    memset(&byline, 0, sizeof byline);
    scratch.masthead.date_iso[0] = 'x';
    r = is_metadata(t) || read_date_line(&scratch, t) || read_latin_metadata(&scratch, t) ||
        read_byline(&byline, t);
    jb_text_fini(&byline);
    return r;
}

/* Why a line before the title is not the title. */
static jb_drop_reason
chrome_reason(const jb_text *t)
{
    jb_doc scratch;
    memset(&scratch, 0, sizeof scratch);
    scratch.masthead.date_iso[0] = 'x';
    if (is_breadcrumb(t))
        return JB_DROP_BREADCRUMB;
    if (is_share_chrome(t))
        return JB_DROP_SHARE;
    if (is_metadata(t) || read_latin_metadata(&scratch, t))
        return JB_DROP_METADATA;
    if (read_date_line(&scratch, t))
        return JB_DROP_DATE;
    if (is_site_name(t) || count_chars(t) < TITLE_MIN)
        return JB_DROP_CHROME;
    return JB_DROP_STRAY;
}

/* Leaves out a line above the title (or the body), reading the metadata or date it holds. */
static int
drop_chrome(jb_doc *doc, rline *l, const jb_source *src, int *have_origin)
{
    l->drop = (int)chrome_reason(&l->t);
    if (l->drop == JB_DROP_METADATA)
        return is_metadata(&l->t) ? read_metadata(doc, &l->t, src, have_origin)
                                  : (read_latin_metadata(doc, &l->t), 0);
    if (l->drop == JB_DROP_DATE)
        read_date_line(doc, &l->t);
    return 0;
}

jb_status
jb_import(const jb_source *src, jb_doc **out, jb_import_info *info, jb_diag *d)
{
    return jb_import_titled(src, 0, out, info, d);
}

jb_status
jb_import_titled(const jb_source *src, int have_title, jb_doc **out, jb_import_info *info,
                 jb_diag *d)
{
    rline *lines = NULL, **paras = NULL;
    size_t n_lines = 0, n = 0, i = 0, title = (size_t)-1, body;
    uint8_t *is_head = NULL;
    jb_doc *doc = NULL;
    jb_item *it = NULL;
    jb_status st = JB_OK;
    int pattern = -1, have_origin = 0;

    *out = NULL;
    memset(info, 0, sizeof *info);
    if (load_lines(src, &lines, &n_lines) != 0 || (doc = jb_doc_new()) == NULL ||
        (paras = calloc(n_lines ? n_lines : 1, sizeof *paras)) == NULL ||
        (is_head = calloc(n_lines ? n_lines : 1, 1)) == NULL)
        goto nomem;
    it = &doc->items[0];

    /* What is not the article: navigation, share chrome, snippets and timestamps anywhere; the
     * site's tail only once body text (a paragraph of LEAD_MIN) has been seen, so chrome such
     * as 分享到 above the article does not take the article with it (§7.2, §7.4). */
    mark_tables(src, lines, n_lines);
    for (size_t k = 0, tail = 0, seen_body = 0; k < n_lines; k++) {
        rline *l = &lines[k];
        jb_drop_reason why;
        if (l->table) { /* a table pasted as text: its first line stands for it */
            if (l->table == 1)
                paras[n++] = l;
            continue;
        }
        if (!tail && seen_body && is_tail_start(&l->t, &why)) {
            tail = 1;
            l->drop = (int)why;
        } else if (tail) {
            l->drop = JB_DROP_TAIL;
        } else {
            l->drop = is_navigation(l)         ? JB_DROP_NAVIGATION
                      : is_snippet(&l->t)      ? JB_DROP_SNIPPET
                      : is_timestamp(&l->t)    ? JB_DROP_SNIPPET
                      : is_share_chrome(&l->t) ? JB_DROP_SHARE
                      : (!seen_body && is_tail_start(&l->t, &why) && why == JB_DROP_EDITOR)
                          ? JB_DROP_EDITOR
                          : -1;
        }
        if (l->drop < 0) {
            paras[n++] = l;
            seen_body |= is_body_text(&l->t);
        }
    }

    /* The title (§7.1): among the lines before the first paragraph of body text, the first
     * candidate followed within TITLE_LOOKAHEAD lines by a field or the body; else the first
     * candidate. Lines above it are chrome. No candidate: the article has no title line. */
    body = 0;
    while (body < n && !is_body_text(&paras[body]->t))
        body++;
    for (size_t k = 0; k < body && title == (size_t)-1; k++) {
        if (!title_candidate(&paras[k]->t))
            continue;
        for (size_t q = k + 1; q <= k + TITLE_LOOKAHEAD && q <= body && title == (size_t)-1; q++)
            if (q == body || is_field(&paras[q]->t))
                title = k;
    }
    for (size_t k = 0; k < body && title == (size_t)-1; k++)
        if (title_candidate(&paras[k]->t))
            title = k;
    if (title == (size_t)-1 && !have_title) {
        st = jb_diag_set(d, JB_ERR_FORMAT, src->path, 0, 0,
                         "give it one with --meta title=…, or put the title (" STR(
                             TITLE_MIN) " to " STR(TITLE_MAX) " characters) on a line of its own "
                                                              "above the text",
                         n == 0 ? "the article has no text" : "the article has no title line");
        jb_diag_code(d, n == 0 ? "no_text" : "no_title");
        goto done;
    }
    if (title != (size_t)-1) {
        for (i = 0; i < title; i++)
            if (drop_chrome(doc, paras[i], src, &have_origin) != 0)
                goto nomem;
        if (copy_range(&doc->items[0].title, &paras[title]->t, 0, paras[title]->t.n) != 0)
            goto nomem;
        paras[title]->drop = -2; /* printed as the title */
        i = title + 1;
    } else {
        /* no title line: chrome above the first field or the body is left out */
        for (i = 0;
             i < body && !is_field(&paras[i]->t) && chrome_reason(&paras[i]->t) != JB_DROP_STRAY;
             i++)
            if (drop_chrome(doc, paras[i], src, &have_origin) != 0)
                goto nomem;
    }

    /* Metadata, dates, the byline, in any order after the title. */
    for (; i < n; i++) {
        const jb_text *t = &paras[i]->t;
        if (is_metadata(t)) {
            if (read_metadata(doc, t, src, &have_origin) != 0)
                goto nomem;
            paras[i]->drop = JB_DROP_METADATA;
        } else if (read_date_line(doc, t)) {
            paras[i]->drop = JB_DROP_DATE;
        } else if (read_latin_metadata(doc, t)) {
            paras[i]->drop = JB_DROP_METADATA;
        } else if (doc->items[0].byline.n == 0 && read_byline(&doc->items[0].byline, t)) {
            paras[i]->drop = -2; /* printed as the byline */
        } else if (is_breadcrumb(t)) {
            paras[i]->drop = JB_DROP_BREADCRUMB;
        } else {
            break;
        }
    }
    {
        /* the title and the fields read: out of the body */
        size_t q = 0;
        for (size_t k = 0; k < n; k++)
            if (paras[k]->drop == -1)
                paras[q++] = paras[k];
        n = q;
        i = 0;
    }
    /* A credit line at the end (（记者 X 通讯员 Y）): the byline when there is none. */
    if (n > i + 1) {
        rline *last = paras[n - 1];
        const jb_text *t = &last->t;
        if ((t->cps[0] == 0xFF08 || t->cps[0] == '(') && role_at(t, 1) > 0) {
            jb_text scratch;
            memset(&scratch, 0, sizeof scratch);
            if (read_byline(&scratch, t)) {
                if (doc->items[0].byline.n == 0) {
                    doc->items[0].byline = scratch;
                    last->drop = -2;
                } else {
                    jb_text_fini(&scratch);
                    last->drop = JB_DROP_CREDIT;
                }
                n--;
            }
        }
    }
    /* 本报讯（记者 X）at the start of the lead: the byline too, the lead keeping it. */
    if (i < n && doc->items[0].byline.n == 0) {
        size_t e = lead_credit(&paras[i]->t);
        jb_text credit;
        memset(&credit, 0, sizeof credit);
        if (e > 0 && copy_range(&credit, &paras[i]->t, 0, e) != 0)
            goto nomem;
        if (e > 0 && !read_byline(&doc->items[0].byline, &credit))
            jb_text_fini(&doc->items[0].byline);
        jb_text_fini(&credit);
    }

    /* The section-head pattern over the rest: explicit markers first, then colon leads, then
     * parallel phrases (a colon lead would pass for one). */
    {
        static const int order[] = {P8, P3, P4, P2, P6, P5, P7, P9, P1};
        for (size_t k = 0; k < sizeof order / sizeof order[0] && pattern < 0; k++) {
            size_t need = order[k] == P1 || order[k] == P9 ? RUN_MIN : MARKED_MIN;
            if (mark_heads(order[k], paras + i, n - i, is_head + i) >= need)
                pattern = order[k];
        }
        if (pattern < 0)
            memset(is_head, 0, n);
        info->pattern = pattern >= 0 ? pattern_names[pattern] : NULL;
    }

    /* Every paragraph before the first head is the lead, whatever its length (§7.2). */
    for (size_t k = i; k < n; k++) {
        const jb_text *t = &paras[k]->t;
        if (paras[k]->drop != -1)
            continue;
        if (paras[k]->table == 1) {
            size_t a = src->line_starts[paras[k]->line - 1];
            jb_block *tb = jb_item_add_block(it, JB_BLOCK_TABLE, (uint32_t)a);
            if (tb == NULL ||
                jb_table_read_delimited(&tb->table, src->text + a, paras[k]->table_end - a,
                                        (uint32_t)a, paras[k]->table_sep) != 0)
                goto nomem;
            continue;
        }
        if (is_head[k]) {
            int alone;
            size_t h = head_of(pattern, t, &alone), a = 0, b = h;
            jb_block *hb = jb_item_add_block(it, JB_BLOCK_HEAD, t->offs[0]);
            if (hb == NULL)
                goto nomem;
            hb->level = 1;
            if (pattern == P8 && t->cps[0] == '*') /* **…**: the markers are not text */
                a = 2, b = h - 2;
            if (copy_range(&hb->text, t, a, b) != 0)
                goto nomem;
            if (h < t->n) { /* the rest of the line: the head's paragraph */
                jb_block *p = jb_item_add_block(it, JB_BLOCK_PARA, t->offs[h]);
                if (p == NULL || copy_range(&p->text, t, h, t->n) != 0)
                    goto nomem;
                if (p->text.n == 0)
                    jb_item_remove_block(it, it->n_blocks - 1);
            }
        } else {
            jb_block *p = jb_item_add_block(it, JB_BLOCK_PARA, t->offs[0]);
            if (p == NULL || copy_range(&p->text, t, 0, t->n) != 0)
                goto nomem;
        }
    }
    if (it->n_blocks == 0) {
        st = jb_diag_set(d, JB_ERR_FORMAT, src->path, 0, 0,
                         "an article needs paragraphs of text after its title",
                         "no body text found in the article");
        goto done;
    }
    jb_doc_each_text(doc, space_cb, doc);
    for (size_t k = 0; k < n_lines; k++)
        if (lines[k].drop >= 0 && add_dropped(info, lines[k].line, (jb_drop_reason)lines[k].drop,
                                              lines[k].t.offs[0]) != 0)
            goto nomem;
    *out = doc;
    doc = NULL;
    goto done;

nomem:
    st = jb_diag_set(d, JB_ERR_NOMEM, src->path, 0, 0, NULL, "out of memory importing");
done:
    if (st != JB_OK)
        jb_import_info_fini(info);
    for (size_t k = 0; lines && k < n_lines; k++)
        jb_text_fini(&lines[k].t);
    free(lines);
    free(paras);
    free(is_head);
    jb_doc_free(doc);
    return st;
}

void
jb_import_info_fini(jb_import_info *info)
{
    free(info->dropped);
    memset(info, 0, sizeof *info);
}

const char *
jb_drop_reason_code(jb_drop_reason r)
{
    static const char *const codes[] = {"navigation", "tail",   "snippet",  "stray",
                                        "breadcrumb", "share",  "metadata", "date",
                                        "editor",     "chrome", "credit"};
    _Static_assert(sizeof codes / sizeof codes[0] == JB_DROP_COUNT, "a code per reason");
    return (unsigned)r < JB_DROP_COUNT ? codes[r] : "?";
}

const char *
jb_drop_reason_name(jb_drop_reason r)
{
    static const char *const names[] = {"navigation",
                                        "site tail",
                                        "snippet",
                                        "stray",
                                        "breadcrumb",
                                        "share/comment chrome",
                                        "metadata, read into the header",
                                        "date, read into the header",
                                        "editor",
                                        "page chrome",
                                        "credit, read as the byline"};
    return (unsigned)r < JB_DROP_COUNT ? names[r] : "?";
}
