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
    int mode = 0;
    for (size_t k = 0; k < doc->n_items && mode == 0; k++)
        mode = t == &doc->items[k].byline ? 1 : t == &doc->items[k].title ? 2 : 0;
    if (t == &doc->masthead.secrecy)
        mode = 2; /* 内部资料 注意保存: the space between the two is kept, as parse does */
    jb_normalize_space(t, mode);
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
        jb_imp_is_site_name(t) || jb_imp_is_banner(t) || jb_imp_is_numbered_head(t))
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
        if (jb_imp_mark_heads(order[k], im->paras, im->n, im->is_head) >= need)
            im->pattern = order[k];
    }
    if (im->pattern < 0)
        memset(im->is_head, 0, im->n);
    im->info->pattern = im->pattern >= 0 ? jb_imp_pattern_name(im->pattern) : NULL;
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
            size_t h = jb_imp_head_of(im->pattern, t, &alone), a = 0, b = h;
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
        } else if ((im->pattern == P3 && jb_imp_head_alone(P4, t)) ||
                   (im->pattern == P4 && jb_imp_head_alone(P3, t))) {
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

/* The items of a pasted issue (import_issue.c, RULES §7.8), each read from its title line on as
 * an article is: fields, credits, heads, blocks (phases 3–6). The item being read is swapped
 * into items[0], where the line tests put what they read (source, category). 0 or -1. */
static int
import_items(importer *im, const jb_imp_issue *is)
{
    const char *pattern = NULL;
    for (size_t u = 0; u < is->n_items; u++) {
        importer sub = *im;
        size_t a = is->starts[u], b = u + 1 < is->n_items ? is->starts[u + 1] : im->n;
        jb_item *items = im->doc->items, tmp = items[0];
        int rc;
        items[0] = items[u], items[u] = tmp;
        sub.it = &items[0];
        sub.paras = im->paras + a, sub.n = b - a, sub.is_head = im->is_head + a;
        sub.pattern = -1, sub.have_origin = sub.it->origin.n > 0;
        rc = jb_imp_copy_range(&sub.it->title, &sub.paras[0]->t, 0, sub.paras[0]->t.n);
        sub.paras[0]->drop = -2; /* printed as the item's title */
        if (rc == 0 && (rc = read_fields(&sub, 1)) == 0 && (rc = read_credits(&sub)) == 0) {
            find_head_pattern(&sub);
            pattern = pattern ? pattern : im->info->pattern;
            rc = build_blocks(&sub);
        }
        tmp = items[0], items[0] = items[u], items[u] = tmp;
        if (rc != 0)
            return -1;
    }
    im->info->pattern = pattern;
    return 0;
}

int
jb_imp_title_candidate(const jb_text *t)
{
    return title_candidate(t);
}

int
jb_imp_is_field(const jb_text *t)
{
    return is_field(t);
}

jb_status
jb_import_titled(const jb_source *src, int have_title, jb_doc **out, jb_import_info *info,
                 jb_diag *d)
{
    importer im;
    jb_imp_issue is;
    size_t next = 0;
    jb_status st = JB_OK;

    *out = NULL;
    memset(info, 0, sizeof *info);
    memset(&im, 0, sizeof im);
    memset(&is, 0, sizeof is);
    im.src = src, im.info = info, im.pattern = -1;
    if (load_lines(src, &im.lines, &im.n_lines) != 0 || (im.doc = jb_doc_new()) == NULL ||
        (im.paras = calloc(im.n_lines ? im.n_lines : 1, sizeof *im.paras)) == NULL ||
        (im.is_head = calloc(im.n_lines ? im.n_lines : 1, 1)) == NULL)
        goto nomem;
    im.it = &im.doc->items[0];
    if (drop_chrome_lines(&im) != 0 || jb_imp_find_issue(&is, im.doc, im.paras, &im.n) != 0)
        goto nomem;
    im.it = &im.doc->items[0];
    if (is.n_items > 0) { /* a pasted issue of items */
        if (import_items(&im, &is) != 0)
            goto nomem;
        goto built;
    }
    if ((st = find_title_line(&im, have_title, &next, d)) == JB_ERR_NOMEM)
        goto nomem;
    if (st != JB_OK)
        goto done;
    if (read_fields(&im, next) != 0 || read_credits(&im) != 0 || weigh_source_credit(&im) != 0)
        goto nomem;
    find_head_pattern(&im);
    if (build_blocks(&im) != 0)
        goto nomem;
built:
    jb_imp_issue_apply(&is, im.doc);
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
    jb_imp_issue_fini(&is);
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
    static const char *const codes[] = {
        "navigation", "tail",   "snippet", "stray",    "breadcrumb", "share",    "metadata", "date",
        "editor",     "chrome", "credit",  "colophon", "source",     "masthead", "contents"};
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
                                        "source, read into the header",
                                        "masthead, read into the 报头",
                                        "本期要目, remade from items"};
    _Static_assert(sizeof names / sizeof names[0] == JB_DROP_COUNT, "a name per reason");
    return (unsigned)r < JB_DROP_COUNT ? names[r] : "?";
}
