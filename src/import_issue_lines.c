/* import_issue_lines — the tests of single lines of a pasted issue (RULES.md §7.8): the 报头's
 * name, 期号, unit, date, 密级 and 编号 lines, the 本期要目's head and entries, 编者按 and source
 * lines, the 报尾's lines. import_issue.c assembles the issue with them. */
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "import_int.h"
#include "utf8.h"

/* The bullets before a contents entry or an item's title: ◆ ◇ ● ○ ■ □ ★ ☆ ▲ △ · • ※ ➤ ▶ - * —. */
static const uint32_t bullets[] = {0x25C6, 0x25C7, 0x25CF, 0x25CB, 0x25A0, 0x25A1, 0x2605,
                                   0x2606, 0x25B2, 0x25B3, 0x00B7, 0x2022, 0x203B, 0x27A4,
                                   0x25B6, '-',    '*',    0x2014, 0x3000};

int
jb_imp_is_bullet(uint32_t c)
{
    return JB_IN_SET(c, bullets);
}

/* t[a..b) trimmed of blanks into *a, *b. */
static void
trim(const jb_text *t, size_t *a, size_t *b)
{
    while (*a < *b && jb_char_is_blank(t->cps[*a]))
        (*a)++;
    while (*b > *a && jb_char_is_blank(t->cps[*b - 1]))
        (*b)--;
}

static int
is_open(uint32_t c)
{
    return c == 0xFF08 || c == '(' || c == 0x3010 || c == '[';
}

static int
is_close(uint32_t c)
{
    return c == 0xFF09 || c == ')' || c == 0x3011 || c == ']';
}

static int
is_colon(uint32_t c)
{
    return c == 0xFF1A || c == ':';
}

/* Does t[a..b) end with the word w? Its length, or 0. */
static size_t
ends_at(const jb_text *t, size_t a, size_t b, const char *w)
{
    size_t m = 0, len = strlen(w);
    for (size_t at = 0; at < len; m++) {
        uint32_t cp;
        at += jb_utf8_decode(w + at, len - at, &cp);
    }
    return b - a >= m && jb_cps_match(t->cps, b, b - m, w) == m ? m : 0;
}

/* A number of digits or 一…十 百 零 〇 at i: its end, or i. */
static size_t
number_at(const jb_text *t, size_t i, size_t b)
{
    size_t k = i;
    while (k < b && (jb_char_is_digit(t->cps[k]) || jb_char_is_cn_numeral(t->cps[k])))
        k++;
    return k;
}

/* Releases the texts of a masthead read here (name, 期号, 总期号, 增刊, unit, date). */
void
jb_imp_masthead_fini(jb_masthead *mh)
{
    jb_text *t[] = {&mh->name,    &mh->issue,  &mh->total, &mh->special,
                    &mh->secrecy, &mh->serial, &mh->unit,  &mh->date};
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        jb_text_fini(t[k]);
}

/* The 期号 tokens of t[a..b): 第N期, 总第N期, 增刊, 专刊, YYYY年, brackets; 1 when they are all
 * there is, with the texts copied into mh. */
static int
issue_part(const jb_text *t, size_t a, size_t b, jb_masthead *mh, int *found)
{
    size_t i = a;
    while (i < b) {
        size_t k, m;
        if (is_open(t->cps[i]) || is_close(t->cps[i]) || jb_char_is_blank(t->cps[i])) {
            i++;
            continue;
        }
        if ((m = jb_cps_match(t->cps, b, i, "总第")) || (m = jb_cps_match(t->cps, b, i, "第"))) {
            k = number_at(t, i + m, b);
            if (k == i + m || k >= b || t->cps[k] != 0x671F /* 期 */)
                return 0;
            if (jb_imp_copy_range(m == 2 ? &mh->total : &mh->issue, t, i, k + 1) != 0)
                return -1;
            *found = 1;
            i = k + 1;
            continue;
        }
        if ((m = jb_cps_match(t->cps, b, i, "增刊")) || (m = jb_cps_match(t->cps, b, i, "专刊"))) {
            if (jb_imp_copy_range(&mh->special, t, i, i + m) != 0)
                return -1;
            *found = 1;
            i += m;
            continue;
        }
        k = i;
        while (k < b && jb_char_is_digit(t->cps[k]))
            k++;
        if (k - i == 4 && k < b && t->cps[k] == 0x5E74 /* 年 */ && k + 1 < b &&
            t->cps[k + 1] == 0x7B2C /* 第: 2024年第3期 */) {
            i = k + 1;
            continue;
        }
        return 0;
    }
    return 1;
}

/* A date YYYY年M月D日 (or YYYY-MM-DD) as the whole of t[a..b): set into scratch's masthead. */
static int
date_part(const jb_text *t, size_t a, size_t b, jb_doc *scratch)
{
    jb_text part;
    int r;
    memset(&part, 0, sizeof part);
    if (jb_imp_copy_range(&part, t, a, b) != 0)
        return -1;
    r = part.n > 0 && jb_imp_read_date_line(scratch, &part);
    jb_text_fini(&part);
    return r;
}

/* The unit of t[a..b): XX编, XX编印, XX主办, XX印发 (kept whole), 主办：XX, 编印：XX (the label
 * dropped), or (bare=1) a name ending as units do (办公室, 委员会, 局 …). 1 with the unit copied
 * into mh. */
static int
unit_part(const jb_text *t, size_t a, size_t b, int bare, jb_masthead *mh)
{
    static const char *const prefixes[] = {"主办单位", "编印单位", "主办", "编印", "编发", NULL};
    static const char *const suffixes[] = {"编印", "主办", "印发", "编", NULL};
    static const char *const units[] = {
        "办公室", "委员会", "工作委员会", "关工委", "领导小组", "政府", "中心", "协会", "委",
        "办",     "局",     "部",         "处",     "室",       "院",   "学校", "组",   NULL};
    size_t m;
    for (const char *const *p = prefixes; *p; p++)
        if ((m = jb_cps_match(t->cps, b, a, *p)) && a + m < b && is_colon(t->cps[a + m])) {
            size_t v = a + m + 1, e = b;
            trim(t, &v, &e);
            return v < e && jb_imp_copy_range(&mh->unit, t, v, e) != 0 ? -1 : v < e;
        }
    for (size_t i = a; i < b; i++)
        if (!jb_char_is_han(t->cps[i]) && !is_open(t->cps[i]) && !is_close(t->cps[i]))
            return 0;
    if (b - a < 4 || b - a > NAME_MAX_CHARS)
        return 0;
    for (const char *const *s = suffixes; *s; s++) /* kept: the page prints the unit as written */
        if ((m = ends_at(t, a, b, *s)) && b - m - a >= 3)
            return jb_imp_copy_range(&mh->unit, t, a, b) != 0 ? -1 : 1;
    if (!bare)
        return 0;
    for (const char *const *u = units; *u; u++)
        if (ends_at(t, a, b, *u))
            return jb_imp_copy_range(&mh->unit, t, a, b) != 0 ? -1 : 1;
    return 0;
}

/* A 简报's name: short, Han, no sentence marks, ending 简报 动态 快报 专报 通讯 信息 要情 周报 月报
 * (maybe followed by （增刊）). 1 with the name (and special) copied into mh. */
int
jb_imp_name_line(const jb_text *t, jb_masthead *mh)
{
    static const char *const ends[] = {"简报", "动态", "快报", "专报", "通讯",
                                       "信息", "要情", "周报", "月报", NULL};
    size_t a = 0, b = t->n, m;
    int found = 0;
    if (jb_imp_count_chars(t) > NAME_MAX_CHARS || !jb_imp_has_han(t))
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->cps[i] == 0x3002 || t->cps[i] == 0xFF0C || is_colon(t->cps[i]))
            return 0;
    /* （增刊） or 增刊 after the name */
    for (size_t i = a; i < b; i++)
        if (is_open(t->cps[i]) || jb_cps_match(t->cps, b, i, "增刊") ||
            jb_cps_match(t->cps, b, i, "专刊")) {
            if (issue_part(t, i, b, mh, &found) != 1 || !found)
                return 0;
            b = i;
            break;
        }
    trim(t, &a, &b);
    for (const char *const *e = ends; *e; e++)
        if ((m = ends_at(t, a, b, *e)) && b - a > m)
            return jb_imp_copy_range(&mh->name, t, a, b) != 0 ? -1 : 1;
    return 0;
}

/* Is every blank-separated part of t a 期号, unit or date? 1 with them read into scratch; 0
 * (scratch may hold a part read); -1 out of memory. */
int
jb_imp_masthead_line(const jb_text *t, jb_doc *scratch, int *issue_found)
{
    size_t parts = 0;
    for (size_t i = 0; i < t->n;) {
        size_t a = i, b;
        int r;
        while (i < t->n && !jb_char_is_blank(t->cps[i]))
            i++;
        b = i;
        while (i < t->n && jb_char_is_blank(t->cps[i]))
            i++;
        /* a unit may hold one blank (南城县关工委 办公室 编): not split further */
        if ((r = issue_part(t, a, b, &scratch->masthead, issue_found)) < 0)
            return -1;
        if (r == 0 && (r = date_part(t, a, b, scratch)) < 0)
            return -1;
        if (r == 0 && (r = unit_part(t, a, b, 1, &scratch->masthead)) < 0)
            return -1;
        for (size_t k = a + 4; r == 0 && k + 4 < b; k++) /* XX编2024年5月10日: no blank */
            if (jb_char_is_digit(t->cps[k]) && !jb_char_is_digit(t->cps[k - 1]) &&
                (r = unit_part(t, a, k, 1, &scratch->masthead)) == 1 &&
                (r = date_part(t, k, b, scratch)) == 0)
                jb_text_fini(&scratch->masthead.unit);
        if (r < 0)
            return -1;
        if (r == 0)
            return 0;
        parts++;
    }
    return parts > 0;
}

/* 编者按：… (编者按: 【编者按】 编者的话：): where the note's text starts, or 0. */
size_t
jb_imp_note_start(const jb_text *t)
{
    static const char *const marks[] = {
        "【编者按】", "[编者按]", "编者按：", "编者按:", "编者的话：", "编者的话:", "编者按", NULL};
    for (const char *const *m = marks; *m; m++) {
        size_t k = jb_cps_match(t->cps, t->n, 0, *m);
        if (k) {
            while (k < t->n && (jb_char_is_blank(t->cps[k]) || is_colon(t->cps[k])))
                k++;
            return k < t->n ? k : 0;
        }
    }
    return 0;
}

/* A source line: （XX供稿） （供稿：XX） （供稿单位：XX） （来源：XX） （XX报送） （XX提供）, or
 * 供稿：XX without brackets. 1 with the unit's range in *va, *vb. */
int
jb_imp_source_line(const jb_text *t, size_t *va, size_t *vb)
{
    static const char *const keys[] = {"供稿单位", "供稿", "来源", "稿源", "信息来源", NULL};
    static const char *const ends[] = {"供稿", "报送", "提供", NULL};
    size_t a = 0, b = t->n, m;
    if (b > 2 && is_open(t->cps[0]) && is_close(t->cps[b - 1]))
        a++, b--;
    else if (b > 0 && (is_open(t->cps[0]) || is_close(t->cps[b - 1])))
        return 0;
    trim(t, &a, &b);
    if (b - a > SOURCE_MAX + 5 || b == a)
        return 0;
    for (size_t i = a; i < b; i++)
        if (t->cps[i] == 0x3002 || t->cps[i] == 0xFF0C)
            return 0;
    for (const char *const *k = keys; *k; k++)
        if ((m = jb_cps_match(t->cps, b, a, *k)) && a + m < b && is_colon(t->cps[a + m])) {
            *va = a + m + 1, *vb = b;
            trim(t, va, vb);
            return *va < *vb;
        }
    if (a == 0) /* XX供稿 needs its brackets */
        return 0;
    for (const char *const *e = ends; *e; e++)
        if ((m = ends_at(t, a, b, *e)) && b - m > a) {
            *va = a, *vb = b - m;
            trim(t, va, vb);
            return *va < *vb;
        }
    return 0;
}

/* A 报尾 line: a distribution row (报： 送： 发： 报送： 抄报： 抄送： 分送： 发送：), 本期增发：,
 * the copies (（共印N份） 共印N份 印数：N份 印N份), or the unit and date it was printed
 * (XX办公室 2024年5月10日印发). 1 when read into doc (a row already filled is kept). */
int
jb_imp_colophon_line(jb_doc *doc, const jb_text *t)
{
    static const struct {
        const char *key;
        int row; /* JB_DIST_*, or -1: 本期增发, -2: 印数 */
    } keys[] = {{"报送", JB_DIST_BAO}, {"抄报", JB_DIST_BAO}, {"抄送", JB_DIST_SONG},
                {"分送", JB_DIST_FA},  {"发送", JB_DIST_FA},  {"本期增发", -1},
                {"增发", -1},          {"印数", -2},          {"报", JB_DIST_BAO},
                {"送", JB_DIST_SONG},  {"发", JB_DIST_FA}};
    size_t a = 0, b = t->n, m;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t v, e = t->n;
        if ((m = jb_cps_match(t->cps, t->n, 0, keys[k].key)) == 0 || m >= t->n ||
            !is_colon(t->cps[m]))
            continue;
        v = m + 1;
        trim(t, &v, &e);
        if (v == e)
            return 0;
        jb_text *dst = keys[k].row >= 0    ? &doc->colophon.dist[keys[k].row]
                       : keys[k].row == -1 ? &doc->colophon.extra
                                           : &doc->colophon.copies;
        if (keys[k].row == -2 && ends_at(t, v, e, "份"))
            e--;
        if (dst->n == 0 && jb_imp_copy_range(dst, t, v, e) != 0)
            return -1;
        return 1;
    }
    if (b > 2 && is_open(t->cps[0]) && is_close(t->cps[b - 1]))
        a++, b--;
    if ((m = jb_cps_match(t->cps, b, a, "共印")) || (m = jb_cps_match(t->cps, b, a, "印"))) {
        size_t k = a + m;
        while (k < b && jb_char_is_digit(t->cps[k]))
            k++;
        if (k > a + m && k + 1 == b && t->cps[k] == 0x4EFD /* 份 */) {
            if (doc->colophon.copies.n == 0 &&
                jb_imp_copy_range(&doc->colophon.copies, t, a + m, k) != 0)
                return -1;
            return 1;
        }
        return 0;
    }
    if (ends_at(t, 0, t->n, "印发") && jb_imp_count_chars(t) <= NAME_MAX_CHARS + 16) {
        /* XX办公室 2024年5月10日印发: the 报尾's 印发 row (印发机关, 印发日期) */
        jb_doc scratch;
        jb_text body;
        int r, found = 0;
        memset(&scratch, 0, sizeof scratch);
        memset(&body, 0, sizeof body);
        if (jb_imp_copy_range(&body, t, 0, t->n - 2) != 0)
            return -1;
        r = jb_imp_masthead_line(&body, &scratch, &found);
        jb_text_fini(&body);
        if (r == 1 && doc->colophon.printer.n == 0 && doc->colophon.printed.n == 0) {
            doc->colophon.printer = scratch.masthead.unit;
            doc->colophon.printed = scratch.masthead.date;
            memset(&scratch.masthead.unit, 0, sizeof scratch.masthead.unit);
            memset(&scratch.masthead.date, 0, sizeof scratch.masthead.date);
        }
        jb_imp_masthead_fini(&scratch.masthead);
        return r;
    }
    return 0;
}

/* 本期要目 本期目录 目录 要目 本期导读 本期提要 (blanks and a colon allowed). */
int
jb_imp_contents_head(const jb_text *t)
{
    static const char *const words[] = {"本期要目", "本期目录", "本期导读", "本期提要",
                                        "要目",     "目录",     NULL};
    uint32_t c[8];
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (jb_char_is_blank(t->cps[i]) || is_colon(t->cps[i]) || t->cps[i] == 0x3010 ||
            t->cps[i] == 0x3011)
            continue;
        if (n == 8)
            return 0;
        c[n++] = t->cps[i];
    }
    for (const char *const *w = words; *w; w++)
        if (jb_cps_match(c, n, 0, *w) == n && n > 0)
            return 1;
    return 0;
}

/* A contents entry's title: the line without its marker (1. 1、 （1） 一、 ◆ ★ ● …) and its
 * leaders and page number (……1, ···2, ....3). Its range in *ea, *eb; 0 when none is left. */
int
jb_imp_entry_text(const jb_text *t, size_t *ea, size_t *eb)
{
    static const uint32_t leaders[] = {0x2026, 0x00B7, '.',    0xFF0E, 0x2500, 0x2014, '-',
                                       '_',    0x2025, 0x22EF, 0x30FB, 0x2027, 0xFF3F};
    size_t a = 0, b = t->n, k;
    while (a < b && (JB_IN_SET(t->cps[a], bullets) || jb_char_is_blank(t->cps[a])))
        a++;
    k = a;
    if (k < b && is_open(t->cps[k]))
        k++;
    size_t d = number_at(t, k, b);
    if (d > k && d < b &&
        (t->cps[d] == '.' || t->cps[d] == 0xFF0E || t->cps[d] == 0x3001 || is_close(t->cps[d])) &&
        !(d + 1 < b && jb_char_is_digit(t->cps[d + 1])))
        a = d + 1;
    for (;;) { /* the page number, then the leaders, as often as they come */
        size_t e = b;
        while (e > a && (jb_char_is_digit(t->cps[e - 1]) || jb_char_is_blank(t->cps[e - 1])))
            e--;
        if (e < b && e > a && JB_IN_SET(t->cps[e - 1], leaders))
            b = e;
        e = b;
        while (e > a && (JB_IN_SET(t->cps[e - 1], leaders) || jb_char_is_blank(t->cps[e - 1])))
            e--;
        if (e == b)
            break;
        b = e;
    }
    trim(t, &a, &b);
    *ea = a, *eb = b;
    for (k = a; k < b; k++)
        if (jb_char_is_han(t->cps[k]))
            return b - a >= ENTRY_MIN && b - a <= ENTRY_MAX;
    return 0;
}

/* The letters, digits and Han of t[a..b) (what survives a retyped title), into out (at most
 * cap); their number. */
size_t
jb_imp_canon(const jb_text *t, size_t a, size_t b, uint32_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = a; i < b && n < cap; i++)
        if (jb_char_is_han(t->cps[i]) || jb_char_is_alnum(t->cps[i]))
            out[n++] = t->cps[i];
    return n;
}

static int
contains(const uint32_t *s, size_t n, const uint32_t *w, size_t m)
{
    for (size_t i = 0; m <= n && i + m <= n; i++)
        if (memcmp(s + i, w, m * sizeof *w) == 0)
            return 1;
    return 0;
}

/* Does line t read as the item the contents entry e[0..m) names: the same characters, or the
 * one holding the other (an entry is often shortened) when the shorter has ≥ TITLE_MIN? */
int
jb_imp_matches_entry(const jb_text *t, const uint32_t *e, size_t m)
{
    uint32_t c[ENTRY_MAX + ITEM_TITLE_SLACK + 1];
    size_t n;
    if (jb_imp_count_chars(t) > ENTRY_MAX + ITEM_TITLE_SLACK || m == 0)
        return 0;
    n = jb_imp_canon(t, 0, t->n, c, sizeof c / sizeof c[0]);
    if (n == m && memcmp(c, e, n * sizeof *c) == 0)
        return 1;
    return (m >= TITLE_MIN && n >= m && contains(c, n, e, m)) ||
           (n >= TITLE_MIN && m >= n && contains(e, m, c, n));
}

/* Body text (RULES §7.2): a line of ≥ LEAD_MIN characters with Han, no metadata. */
int
jb_imp_body_like(const jb_text *t)
{
    return jb_imp_count_chars(t) >= LEAD_MIN && jb_imp_has_han(t) && !jb_imp_is_metadata(t);
}

/* A line above the name of 密级 and 编号 parts apart by blanks (内部资料 注意保存, 秘密★1年,
 * 编号：000128, No.000128): 1 with them read into mh. */
static size_t
any_at(const jb_text *t, size_t a, size_t b, const char *const *list)
{
    for (size_t m; *list; list++)
        if ((m = jb_cps_match(t->cps, b, a, *list)) > 0)
            return m;
    return 0;
}

int
jb_imp_secrecy_line(const jb_text *t, jb_masthead *mh)
{
    static const char *const secret[] = {"内部资料", "内部", "秘密", "机密", "绝密", NULL};
    static const char *const serial[] = {"编号：", "编号:", "份号：", "份号:", "No.", NULL};
    size_t sa = 0, sb = 0, na = 0, nb = 0, m;
    if (jb_imp_count_chars(t) > NAME_MAX_CHARS + 10)
        return 0;
    for (size_t i = 0; i < t->n;) {
        size_t a = i, b;
        while (i < t->n && !jb_char_is_blank(t->cps[i]))
            i++;
        b = i;
        while (i < t->n && jb_char_is_blank(t->cps[i]))
            i++;
        if ((m = any_at(t, a, b, serial)) > 0)
            na = a + m, nb = b;
        else if (any_at(t, a, b, secret) || (sb > 0 && jb_cps_match(t->cps, b, a, "注意保存")))
            sa = sb > 0 ? sa : a, sb = b; /* 内部资料 注意保存: one 密级 */
        else
            return 0;
    }
    if (sb == 0 && nb == 0)
        return 0;
    if ((sb > sa && jb_imp_copy_range(&mh->secrecy, t, sa, sb) != 0) ||
        (nb > na && jb_imp_copy_range(&mh->serial, t, na, nb) != 0))
        return -1;
    return 1;
}
