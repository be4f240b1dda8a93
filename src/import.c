/* import — structure detection for a raw article (RULES.md §7). */
#include "import_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chars.h"
#include "normalize.h"
#include "utf8.h"

/* Does t end with the UTF-8 word w? */
int
jb_imp_ends_with(const jb_text *t, const char *w)
{
    size_t m = 0, len = strlen(w);
    for (size_t at = 0; at < len; m++) {
        uint32_t cp;
        at += jb_utf8_decode(w + at, len - at, &cp);
    }
    return t->n >= m && jb_cps_match(t->cps, t->n, t->n - m, w) == m;
}

int
jb_imp_any_prefix(const jb_text *t, const char *const *list)
{
    for (; *list; list++)
        if (jb_cps_match(t->cps, t->n, 0, *list))
            return 1;
    return 0;
}

/* Index of the first character of set in t[from..), or t->n. */
size_t
jb_imp_find_any(const jb_text *t, size_t from, const uint32_t *set, size_t n_set)
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
    size_t e = jb_imp_find_any(t, from, stops, N_STOPS);
    if (e < t->n && e + 1 <= max)
        return e + 1;
    e = jb_imp_find_any(t, from, commas, N_COMMAS);
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
    size_t e = jb_imp_find_any(t, 0, stops, N_STOPS);
    return jb_imp_count_chars(t) <= HEAD_LINE_MAX && (e == t->n || e == t->n - 1);
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
            size_t e = jb_imp_find_any(t, 1, (const uint32_t[]){0x3011}, 1);
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
        size_t e = jb_imp_find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
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
    return jb_imp_find_any(t, 0, (const uint32_t[]){0xFF0C, ',', 0xFF1A, ':'}, 4);
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
    jb_dropped *a;
    if (jb_grow(&info->dropped, &info->cap_dropped, info->n_dropped + 1, sizeof *a) != 0)
        return -1;
    a = info->dropped;
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
    jb_normalize_space(t, t == &doc->items[0].byline ? 1 : t == &doc->items[0].title ? 2 : 0);
}

int
jb_import_is_raw(const jb_source *src)
{
    size_t first = 0;
    if (strncmp(src->text, "---\n", 4) == 0)
        return 0;
    /* a Markdown report without front matter: a `## ` … `###### ` heading line (a pasted answer) */
    for (size_t l = 0; l < src->n_lines; l++) {
        const char *p = src->text + src->line_starts[l];
        size_t h = 0;
        while (h < 6 && p + h < src->text + src->len && p[h] == '#')
            h++;
        if (h >= 2 && p + h < src->text + src->len && p[h] == ' ')
            return 0;
    }
    /* a Markdown report without front matter: its first line is the `# ` title, or a line all in
     * bold (**关于…的报告**, a pasted answer's title) */
    while (first < src->len && jb_char_is_blank((unsigned char)src->text[first]))
        first++;
    if (strncmp(src->text + first, "**", 2) == 0) {
        const char *nl = memchr(src->text + first, '\n', src->len - first);
        size_t end = nl ? (size_t)(nl - src->text) : src->len;
        while (end > first + 2 && jb_char_is_blank((unsigned char)src->text[end - 1]))
            end--;
        if (end > first + 4 && strncmp(src->text + end - 2, "**", 2) == 0)
            return 0;
    }
    return strncmp(src->text + first, "# ", 2) != 0;
}

/* A paragraph of body text: LEAD_MIN characters or more, with Han, no metadata. */
static int
is_body_text(const jb_text *t)
{
    return jb_imp_count_chars(t) >= LEAD_MIN && jb_imp_has_han(t) && !jb_imp_is_metadata(t);
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

/* Could t be the title? 6–40 characters with Han, no 。 ， ： at the end, no tab nor a leading |
 * (a table's row: a Word form's cells), and none of the things a page puts around a title:
 * metadata, a date, a breadcrumb, share chrome, a site name, a numbered section head. */
static int
title_candidate(const jb_text *t)
{
    jb_doc scratch;
    uint32_t last = t->cps[t->n - 1];
    memset(&scratch, 0, sizeof scratch);
    if (!jb_imp_is_title(t) || !jb_imp_has_han(t) || last == 0xFF0C || last == 0xFF1A ||
        jb_imp_find_any(t, 0, (const uint32_t[]){'\t'}, 1) < t->n || t->cps[0] == '|' ||
        last == ':' || jb_imp_is_breadcrumb(t) || jb_imp_is_share_chrome(t) ||
        jb_imp_is_site_name(t) || jb_imp_is_banner(t) || is_numbered_head(t))
        return 0;
    scratch.masthead.date_iso[0] = 'x'; /* a date test only: nothing is set */
    return !jb_imp_read_date_line(&scratch, t);
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
    r = jb_imp_is_metadata(t) || jb_imp_read_date_line(&scratch, t) ||
        jb_imp_read_latin_metadata(&scratch, t) || jb_imp_read_byline(&byline, t);
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
    if (jb_imp_is_breadcrumb(t))
        return JB_DROP_BREADCRUMB;
    if (jb_imp_is_share_chrome(t))
        return JB_DROP_SHARE;
    if (jb_imp_is_metadata(t) || jb_imp_read_latin_metadata(&scratch, t))
        return JB_DROP_METADATA;
    if (jb_imp_read_date_line(&scratch, t))
        return JB_DROP_DATE;
    if (jb_imp_is_site_name(t) || jb_imp_is_banner(t) || jb_imp_count_chars(t) < TITLE_MIN)
        return JB_DROP_CHROME;
    return JB_DROP_STRAY;
}

/* Leaves out a line above the title (or the body), reading the metadata or date it holds. */
static int
drop_chrome(jb_doc *doc, rline *l, const jb_source *src, int *have_origin)
{
    l->drop = (int)chrome_reason(&l->t);
    if (l->drop == JB_DROP_METADATA)
        return jb_imp_is_metadata(&l->t) ? jb_imp_read_metadata(doc, &l->t, src, have_origin)
                                         : (jb_imp_read_latin_metadata(doc, &l->t), 0);
    if (l->drop == JB_DROP_DATE)
        jb_imp_read_date_line(doc, &l->t);
    return 0;
}

jb_status
jb_import(const jb_source *src, jb_doc **out, jb_import_info *info, jb_diag *d)
{
    return jb_import_titled(src, 0, out, info, d);
}

/* One import: the lines, those still in the article (paras[0..n)), the head marks. */
typedef struct {
    const jb_source *src;
    jb_doc *doc;
    jb_item *it;
    jb_import_info *info;
    rline *lines, **paras;
    size_t n_lines, n;
    uint8_t *is_head;
    int pattern, have_origin;
} importer;

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

/* Phase 1: what is not the article: navigation, share chrome, snippets and timestamps
 * anywhere; the site's tail only once body text (a paragraph of LEAD_MIN) has been seen, so
 * chrome such as 分享到 above the article does not take the article with it (§7.2, §7.4). */
/* Is the …-line k of a related article's snippet: a timestamp on the line before or after it
 * (else a line of … carrying text, a name and a page number, is kept)? */
static int
snippet_dated(const importer *im, size_t k)
{
    return (k > 0 && jb_imp_is_timestamp(&im->lines[k - 1].t)) ||
           (k + 1 < im->n_lines && jb_imp_is_timestamp(&im->lines[k + 1].t));
}

static int
drop_chrome_lines(importer *im)
{
    mark_tables(im->src, im->lines, im->n_lines);
    for (size_t k = 0, tail = 0, seen_body = 0; k < im->n_lines; k++) {
        rline *l = &im->lines[k];
        jb_drop_reason why;
        if (l->table) { /* a table pasted as text: its first line stands for it */
            if (l->table == 1)
                im->paras[im->n++] = l;
            continue;
        }
        int dist = jb_imp_read_distribution(im->doc, &l->t);
        if (dist < 0)
            return -1;
        if (dist) { /* 抄送：… goes to the 报尾, wherever it stands */
            l->drop = JB_DROP_COLOPHON;
            continue;
        }
        if (!tail && seen_body && jb_imp_is_tail_start(&l->t, &why)) {
            tail = 1;
            l->drop = (int)why;
        } else if (tail) {
            l->drop = JB_DROP_TAIL;
        } else {
            l->drop = jb_imp_is_navigation(l)                            ? JB_DROP_NAVIGATION
                      : jb_imp_is_snippet(&l->t) && snippet_dated(im, k) ? JB_DROP_SNIPPET
                      : jb_imp_is_timestamp(&l->t)                       ? JB_DROP_SNIPPET
                      : jb_imp_is_share_chrome(&l->t)                    ? JB_DROP_SHARE
                      : jb_imp_is_page_number(&l->t)                     ? JB_DROP_CHROME
                      : (!seen_body && jb_imp_is_tail_start(&l->t, &why) && why == JB_DROP_EDITOR)
                          ? JB_DROP_EDITOR
                          : -1;
        }
        if (l->drop < 0) {
            im->paras[im->n++] = l;
            seen_body |= is_body_text(&l->t);
        }
    }
    return 0;
}

/* The date (§7.9): among the lines above the body the date of the highest score, set before
 * the lines are read (their dates are read only when none is set); each candidate weighed into
 * info->dates. 0 or -1. */
static int
weigh_dates(importer *im, size_t body, size_t title)
{
    jb_imp_date_choice *c = calloc(body + 1, sizeof *c);
    size_t n = 0, best;

    im->info->dates = calloc(body + 1, sizeof *im->info->dates);
    if (c == NULL || im->info->dates == NULL) {
        free(c);
        return -1;
    }
    best = jb_imp_pick_date(im->paras, body, title, c, body + 1, &n);
    for (size_t k = 0; k < n; k++) {
        jb_import_title *w = &im->info->dates[im->info->n_dates++];
        w->line = im->paras[c[k].at]->line;
        w->score = c[k].score;
        w->chosen = k == best;
        snprintf(w->why, sizeof w->why, "%s: %s", c[k].ymd, c[k].why);
    }
    if (best != (size_t)-1 && im->doc->masthead.date_iso[0] == '\0' &&
        jb_doc_set_date(im->doc, c[best].ymd, (uint32_t)c[best].off) != 0)
        jb_text_fini(&im->doc->masthead.date);
    free(c);
    return 0;
}

/* A sentence of the body however short: TITLE_MIN characters or more with Han, ending in 。！？. */
static int
short_sentence(const jb_text *t)
{
    uint32_t c = t->n ? t->cps[t->n - 1] : 0;
    return jb_imp_count_chars(t) >= TITLE_MIN && jb_imp_has_han(t) &&
           (c == 0x3002 || c == 0xFF01 || c == 0xFF1F);
}

/* Phase 2: the title (§7.1, §7.9): among the lines before the first paragraph of body text, the
 * candidate with the most evidence (jb_imp_pick_title), each candidate weighed into
 * info->titles. Lines above it are chrome. Without a candidate the article has no title line
 * (JB_ERR_FORMAT unless have_title). Sets *next to the first line after the title. */
static jb_status
find_title_line(importer *im, int have_title, size_t *next, jb_diag *d)
{
    rline **paras = im->paras;
    size_t body = 0, title, i, n_c = 0;
    uint8_t *kind;
    jb_imp_title_choice *c;

    while (body < im->n && !is_body_text(&paras[body]->t))
        body++;
    if (body == im->n) /* a short article (no line of LEAD_MIN): the body from its first sentence */
        for (body = 0; body < im->n && !short_sentence(&paras[body]->t); body++)
            ;
    kind = calloc(body + 1, 1);
    c = calloc(body + 1, sizeof *c);
    im->info->titles = calloc(body + 1, sizeof *im->info->titles);
    if (kind == NULL || c == NULL || im->info->titles == NULL) {
        free(kind), free(c);
        return JB_ERR_NOMEM;
    }
    for (size_t k = 0; k < body; k++)
        kind[k] = (uint8_t)((title_candidate(&paras[k]->t) ? JB_IMP_CANDIDATE : 0) |
                            (is_field(&paras[k]->t) ? JB_IMP_FIELD : 0));
    title = jb_imp_pick_title(paras, kind, body, c, body + 1, &n_c);
    for (size_t k = 0; k < n_c; k++) {
        jb_import_title *w = &im->info->titles[im->info->n_titles++];
        w->line = paras[c[k].at]->line;
        w->score = c[k].score;
        w->chosen = c[k].at == title;
        snprintf(w->why, sizeof w->why, "%s", c[k].why);
    }
    free(kind), free(c);
    if (weigh_dates(im, body, title) != 0)
        return JB_ERR_NOMEM;
    if (title == (size_t)-1 && !have_title) {
        jb_diag_set(d, JB_ERR_FORMAT, im->src->path, 0, 0,
                    "give it one with --meta title=…, or put the title (" STR(TITLE_MIN) " to " STR(
                        TITLE_MAX) " characters) on a line of its own above "
                                   "the text",
                    im->n == 0 ? "the article has no text" : "the article has no title line");
        return jb_diag_code(d, im->n == 0 ? "no_text" : "no_title");
    }
    if (title != (size_t)-1) {
        for (i = 0; i < title; i++)
            if (drop_chrome(im->doc, paras[i], im->src, &im->have_origin) != 0)
                return JB_ERR_NOMEM;
        if (jb_imp_copy_range(&im->it->title, &paras[title]->t, 0, paras[title]->t.n) != 0)
            return JB_ERR_NOMEM;
        paras[title]->drop = -2; /* printed as the title */
        *next = title + 1;
        return JB_OK;
    }
    /* no title line: chrome above the first field or the body is left out */
    for (i = 0; i < body && !is_field(&paras[i]->t) && chrome_reason(&paras[i]->t) != JB_DROP_STRAY;
         i++)
        if (drop_chrome(im->doc, paras[i], im->src, &im->have_origin) != 0)
            return JB_ERR_NOMEM;
    *next = i;
    return JB_OK;
}

/* Phase 3: metadata, dates, the byline, in any order after the title from line i; then the
 * title and the fields read go out of the body. 0 or -1 (out of memory). */
static int
read_fields(importer *im, size_t i)
{
    jb_doc *doc = im->doc;
    size_t q = 0;

    for (; i < im->n; i++) {
        const jb_text *t = &im->paras[i]->t;
        if (jb_imp_is_metadata(t)) {
            if (jb_imp_read_metadata(doc, t, im->src, &im->have_origin) != 0)
                return -1;
            im->paras[i]->drop = JB_DROP_METADATA;
        } else if (jb_imp_read_date_line(doc, t)) {
            im->paras[i]->drop = JB_DROP_DATE;
        } else if (jb_imp_read_latin_metadata(doc, t)) {
            im->paras[i]->drop = JB_DROP_METADATA;
        } else if (im->it->byline.n == 0 && jb_imp_read_byline(&im->it->byline, t)) {
            im->paras[i]->drop = -2; /* printed as the byline */
        } else if (jb_imp_is_breadcrumb(t)) {
            im->paras[i]->drop = JB_DROP_BREADCRUMB;
        } else {
            break;
        }
    }
    for (size_t k = 0; k < im->n; k++)
        if (im->paras[k]->drop == -1)
            im->paras[q++] = im->paras[k];
    im->n = q;
    return 0;
}

/* Phase 4: the credits: a credit line at the end (（记者 X 通讯员 Y）) is the byline when there
 * is none; 本报讯（记者 X）at the start of the lead is the byline too, the lead keeping it. 0 or
 * -1. */
static int
read_credits(importer *im)
{
    jb_text *byline = &im->it->byline;

    if (im->n > 1) {
        rline *last = im->paras[im->n - 1];
        const jb_text *t = &last->t;
        if ((t->cps[0] == 0xFF08 || t->cps[0] == '(') && jb_imp_role_at(t, 1) > 0) {
            jb_text scratch;
            memset(&scratch, 0, sizeof scratch);
            if (jb_imp_read_byline(&scratch, t)) {
                if (byline->n == 0) {
                    *byline = scratch;
                    last->drop = -2;
                } else {
                    jb_text_fini(&scratch);
                    last->drop = JB_DROP_CREDIT;
                }
                im->n--;
            }
        }
    }
    if (im->n > 0 && byline->n == 0) {
        size_t e = jb_imp_lead_credit(&im->paras[0]->t);
        jb_text credit;
        memset(&credit, 0, sizeof credit);
        if (e > 0 && jb_imp_copy_range(&credit, &im->paras[0]->t, 0, e) != 0)
            return -1;
        if (e > 0 && !jb_imp_read_byline(byline, &credit))
            jb_text_fini(byline);
        jb_text_fini(&credit);
    }
    return 0;
}

/* The source weighed (jb_imp_pick_source, §7.9): a closing （县关工委供稿） taken leaves the
 * body. 0 or -1. */
static int
weigh_source_credit(importer *im)
{
    size_t a, b;
    rline *last = im->n >= 2 ? im->paras[im->n - 1] : NULL;

    if (last == NULL || !jb_imp_pick_source(last, &im->it->origin, im->have_origin, im->src,
                                            im->info->sources, &im->info->n_sources, &a, &b))
        return 0;
    if (jb_imp_copy_range(&im->it->origin, &last->t, a, b) != 0)
        return -1;
    last->drop = JB_DROP_SOURCE;
    im->n--;
    return 0;
}

/* Phase 5: the section-head pattern over the rest: explicit markers first, then colon leads,
 * then parallel phrases (a colon lead would pass for one). */
static void
find_head_pattern(importer *im)
{
    static const int order[] = {P8, P3, P4, P2, P6, P5, P7, P9, P1};
    for (size_t k = 0; k < sizeof order / sizeof order[0] && im->pattern < 0; k++) {
        size_t need = order[k] == P1 || order[k] == P9 ? RUN_MIN : MARKED_MIN;
        if (mark_heads(order[k], im->paras, im->n, im->is_head) >= need)
            im->pattern = order[k];
    }
    if (im->pattern < 0)
        memset(im->is_head, 0, im->n);
    im->info->pattern = im->pattern >= 0 ? pattern_names[im->pattern] : NULL;
}

/* Is t a head of pattern p on a line of its own (no more than a heading line)? */
static int
head_alone(int p, const jb_text *t)
{
    int alone = 0;
    return head_of(p, t, &alone) == t->n && alone;
}

/* Phase 6: the blocks. Every paragraph before the first head is the lead, whatever its length
 * (§7.2); a head line is a level-1 head and the rest of its line a paragraph. 0 or -1. */
static int
build_blocks(importer *im)
{
    jb_item *it = im->it;
    for (size_t k = 0; k < im->n; k++) {
        const jb_text *t = &im->paras[k]->t;
        if (im->paras[k]->drop != -1)
            continue;
        if (im->paras[k]->table == 1) {
            const jb_source *src = im->src;
            size_t a = src->line_starts[im->paras[k]->line - 1];
            jb_block *tb = jb_item_add_block(it, JB_BLOCK_TABLE, (uint32_t)a);
            if (tb == NULL ||
                jb_table_read_delimited(&tb->table, src->text + a, im->paras[k]->table_end - a,
                                        (uint32_t)a, im->paras[k]->table_sep) != 0)
                return -1;
            continue;
        }
        if (im->is_head[k]) {
            int alone;
            size_t h = head_of(im->pattern, t, &alone), a = 0, b = h;
            jb_block *hb = jb_item_add_block(it, JB_BLOCK_HEAD, t->offs[0]);
            if (hb == NULL)
                return -1;
            hb->level = 1;
            if (im->pattern == P8 && t->cps[0] == '*') /* **…**: the markers are not text */
                a = 2, b = h - 2;
            if (jb_imp_copy_range(&hb->text, t, a, b) != 0)
                return -1;
            if (h < t->n) { /* the rest of the line: the head's paragraph */
                jb_block *p = jb_item_add_block(it, JB_BLOCK_PARA, t->offs[h]);
                if (p == NULL || jb_imp_copy_range(&p->text, t, h, t->n) != 0)
                    return -1;
                if (p->text.n == 0)
                    jb_item_remove_block(it, it->n_blocks - 1);
            }
        } else if ((im->pattern == P3 && head_alone(P4, t)) ||
                   (im->pattern == P4 && head_alone(P3, t))) {
            /* （一）… alone under 一、: level 2; and 一、… alone over （一） heads (too few to be
             * the pattern: one 一、 part of a longer report) a head of level 1, never the lead */
            jb_block *hb = jb_item_add_block(it, JB_BLOCK_HEAD, t->offs[0]);
            if (hb == NULL || jb_imp_copy_range(&hb->text, t, 0, t->n) != 0)
                return -1;
            hb->level = im->pattern == P3 ? 2 : 1;
        } else {
            jb_block *p = jb_item_add_block(it, JB_BLOCK_PARA, t->offs[0]);
            if (p == NULL || jb_imp_copy_range(&p->text, t, 0, t->n) != 0)
                return -1;
        }
    }
    return 0;
}

jb_status
jb_import_titled(const jb_source *src, int have_title, jb_doc **out, jb_import_info *info,
                 jb_diag *d)
{
    importer im;
    size_t next = 0;
    jb_status st = JB_OK;

    *out = NULL;
    memset(info, 0, sizeof *info);
    memset(&im, 0, sizeof im);
    im.src = src, im.info = info, im.pattern = -1;
    if (load_lines(src, &im.lines, &im.n_lines) != 0 || (im.doc = jb_doc_new()) == NULL ||
        (im.paras = calloc(im.n_lines ? im.n_lines : 1, sizeof *im.paras)) == NULL ||
        (im.is_head = calloc(im.n_lines ? im.n_lines : 1, 1)) == NULL)
        goto nomem;
    im.it = &im.doc->items[0];
    if (drop_chrome_lines(&im) != 0)
        goto nomem;
    if ((st = find_title_line(&im, have_title, &next, d)) == JB_ERR_NOMEM)
        goto nomem;
    if (st != JB_OK)
        goto done;
    if (read_fields(&im, next) != 0 || read_credits(&im) != 0 || weigh_source_credit(&im) != 0)
        goto nomem;
    find_head_pattern(&im);
    if (build_blocks(&im) != 0)
        goto nomem;
    if (im.it->n_blocks == 0) {
        st = jb_diag_set(d, JB_ERR_FORMAT, src->path, 0, 0,
                         "an article needs paragraphs of text after its title",
                         "no body text found in the article");
        jb_diag_code(d, "no_text");
        goto done;
    }
    jb_doc_each_text(im.doc, space_cb, im.doc);
    for (size_t k = 0; k < im.n_lines; k++)
        if (im.lines[k].drop >= 0 &&
            add_dropped(info, im.lines[k].line, (jb_drop_reason)im.lines[k].drop,
                        im.lines[k].t.offs[0]) != 0)
            goto nomem;
    *out = im.doc;
    im.doc = NULL;
    goto done;

nomem:
    st = jb_diag_set(d, JB_ERR_NOMEM, src->path, 0, 0, NULL, "out of memory importing");
done:
    if (st != JB_OK)
        jb_import_info_fini(info);
    for (size_t k = 0; im.lines && k < im.n_lines; k++)
        jb_text_fini(&im.lines[k].t);
    free(im.lines);
    free(im.paras);
    free(im.is_head);
    jb_doc_free(im.doc);
    return st;
}

void
jb_import_info_fini(jb_import_info *info)
{
    free(info->dropped);
    free(info->titles);
    free(info->dates);
    memset(info, 0, sizeof *info);
}

const char *
jb_drop_reason_code(jb_drop_reason r)
{
    static const char *const codes[] = {"navigation", "tail",     "snippet", "stray",  "breadcrumb",
                                        "share",      "metadata", "date",    "editor", "chrome",
                                        "credit",     "colophon", "source"};
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
                                        "credit, read as the byline",
                                        "distribution, to the 报尾",
                                        "source, read into the header"};
    return (unsigned)r < JB_DROP_COUNT ? names[r] : "?";
}
