/* Tests of the page model as a second consumer beside the PDF writer: every sample in every
 * layout, laid out through the library, stays inside the margins, its lines do not overlap, its
 * key figures (and only they) carry the figure style and colour, and the fit predicts the height
 * of every block the emit step then uses. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

#include "figures.h"
#include "font.h"
#include "import.h"
#include "layout.h"
#include "normalize.h"
#include "page.h"
#include "parse.h"
#include "shape.h"
#include "source.h"
#include "texts.h"

/* One sample laid out in one layout. */
typedef struct {
    char name[256];
    jb_spec spec;
    jb_fontset *fs;
    jb_doc *doc;
    jb_page *page;
    jb_layout_trace trace;
} case_;

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir ending in one of the suffixes, sorted; caller frees each and the array. */
static size_t
list(const char *dir, const char *const *suffixes, size_t n_suf, char ***out)
{
    DIR *dd = opendir(dir);
    struct dirent *e;
    size_t n = 0;
    char **v = NULL;

    assert_non_null(dd);
    while ((e = readdir(dd)) != NULL) {
        size_t len = strlen(e->d_name);
        for (size_t s = 0; s < n_suf; s++) {
            size_t sl = strlen(suffixes[s]);
            if (len > sl && strcmp(e->d_name + len - sl, suffixes[s]) == 0) {
                v = realloc(v, (n + 1) * sizeof *v);
                v[n] = malloc(strlen(dir) + len + 2);
                sprintf(v[n++], "%s/%s", dir, e->d_name);
                break;
            }
        }
    }
    closedir(dd);
    qsort(v, n, sizeof *v, by_name);
    *out = v;
    return n;
}

/* Reads, imports or parses, normalises and marks the sample at path, and lays it out in the
 * layout at layout, as the render command does. */
static void
lay_out(case_ *c, const char *path, const char *layout)
{
    jb_source *src;
    jb_page_texts *tx;
    jb_import_info imp;
    jb_diag d;

    memset(c, 0, sizeof *c);
    memset(&imp, 0, sizeof imp);
    snprintf(c->name, sizeof c->name, "%s in %s", strrchr(path, '/') + 1, strrchr(layout, '/') + 1);
    jb_diag_init(&d);
    jb_fixture_truetype_spec(&c->spec);
    assert_int_equal(jb_spec_load(&c->spec, layout, JB_TEST_ROOT, &d), JB_OK);
    assert_int_equal(jb_fontset_open(&c->spec, &c->fs, &d), JB_OK);
    assert_int_equal(jb_source_load(path, NULL, &src, &d), JB_OK);
    if (jb_import_is_raw(src))
        assert_int_equal(jb_import(src, &c->doc, &imp, &d), JB_OK);
    else
        assert_int_equal(jb_parse(src, &c->doc, &d), JB_OK);
    jb_import_info_fini(&imp);
    assert_int_equal(jb_normalize_doc(c->doc), 0);
    jb_figures_mark(c->doc);
    if (c->doc->pages > 0) /* the pages an issue may take, as the job reads them */
        c->spec.pages = c->doc->pages;
    assert_int_equal(jb_page_texts_build(c->doc, &c->spec, &tx, &d), JB_OK);
    assert_int_equal(jb_page_texts_cover(tx, &c->spec, c->fs, src, 0, NULL, 0, &d), JB_OK);
    if (jb_layout_traced(tx, &c->spec, c->fs, &c->page, &c->trace, &d) != JB_OK)
        fail_msg("%s: %s", c->name, d.message);
    jb_page_texts_free(tx);
    jb_source_free(src);
}

static void
case_fini(case_ *c)
{
    jb_page_free(c->page);
    jb_doc_free(c->doc);
    jb_fontset_free(c->fs);
}

/* Calls check on every sample (the .md reports, and the raw .txt articles through import) in every
 * layout of layouts/. */
static void
each_case(void (*check)(const case_ *c))
{
    static const char *const inputs[] = {".md", ".txt"}, *const inis[] = {".ini"};
    char **samples, **layouts;
    size_t n_s = list(JB_TEST_ROOT "/samples", inputs, 2, &samples);
    size_t n_l = list(JB_TEST_ROOT "/layouts", inis, 1, &layouts);

    assert_true(n_s >= 10);
    assert_true(n_l >= 3);
    for (size_t s = 0; s < n_s; s++)
        for (size_t l = 0; l < n_l; l++) {
            case_ c;
            lay_out(&c, samples[s], layouts[l]);
            check(&c);
            case_fini(&c);
        }
    for (size_t s = 0; s < n_s; s++)
        free(samples[s]);
    for (size_t l = 0; l < n_l; l++)
        free(layouts[l]);
    free(samples);
    free(layouts);
}

/* The advance of g and the left and right of its ink, in pt from g->x, from its font. */
static void
extent(const case_ *c, const jb_glyph *g, double *adv, double *ink_l, double *ink_r)
{
    jb_font *f = jb_fontset_get(c->fs, g->font);
    int a, l, r;
    double k = (double)g->size / jb_font_upem(f);
    assert_int_equal(jb_font_ink(f, g->cp, &a, &l, &r), 0);
    *adv = a * k, *ink_l = l * k, *ink_r = r * k;
}

/* Every glyph's advance box lies inside the margins, but for the blank half of a mark at a line's
 * end (§3.1, compressed there): an opening mark that starts a line may hang its left blank, a
 * closing, pause or stop mark that ends one its right blank, by at most half an em, and its ink
 * stays inside. Nothing else hangs. Its em box lies between the top and bottom margins. */
static void
check_margins(const case_ *c)
{
    const jb_page *pg = c->page;
    const jb_spec *s = &c->spec;
    double left = s->margin_left_pt, right = pg->w_pt - s->margin_right_pt;
    double top = pg->h_pt - s->margin_top_pt, bottom = s->margin_bottom_pt;

    assert_true(pg->n_glyphs > 100);
    for (size_t i = 0; i < pg->n_glyphs; i++) {
        const jb_glyph *g = &pg->glyphs[i];
        int cls = jb_punct_class(g->cp), folio = 0;
        for (size_t l = 0; l < pg->n_lines; l++) /* a page number stands below the text block */
            folio |= pg->lines[l].kind == JB_LINE_FOLIO && i >= pg->lines[l].first_glyph &&
                     i < pg->lines[l].first_glyph + pg->lines[l].n_glyphs;
        if (folio) {
            /* (clear of the text above it: check_lines) */
            if (g->y - 0.12 * g->size < 10 * 72 / 25.4)
                fail_msg("%s: page number at y %.2f within 10 mm of the paper's edge", c->name,
                         g->y);
            continue;
        }
        double adv, ink_l, ink_r;
        extent(c, g, &adv, &ink_l, &ink_r);
        if (g->x < left - 0.01 && (cls != JB_PUNCT_OPEN || left - g->x > 0.5 * g->size + 0.01 ||
                                   g->x + ink_l < left - 0.01))
            fail_msg("%s: glyph %zu U+%04X at x %.2f hangs left of the margin %.2f", c->name, i,
                     (unsigned)g->cp, g->x, left);
        if (g->x + adv > right + 0.01 &&
            (!(cls == JB_PUNCT_CLOSE || cls == JB_PUNCT_PAUSE || cls == JB_PUNCT_STOP) ||
             g->x + adv - right > 0.5 * g->size + 0.01 || g->x + ink_r > right + 0.01))
            fail_msg("%s: glyph %zu U+%04X ends at %.2f, right of the margin %.2f", c->name, i,
                     (unsigned)g->cp, g->x + adv, right);
        if (g->y + 0.88 * g->size > top + 0.01 || g->y - 0.12 * g->size < bottom - 0.01)
            fail_msg("%s: glyph %zu U+%04X at y %.2f (%.2f pt) outside the margins %.2f–%.2f",
                     c->name, i, (unsigned)g->cp, g->y, g->size, bottom, top);
    }
}

static void
test_page_glyphs_lie_inside_the_margins(void **state)
{
    (void)state;
    each_case(check_margins);
}

/* No two lines of one column overlap: where their x extents meet, their em boxes (0.88 em above
 * the baseline, 0.12 below) are apart. */
static void
check_lines(const case_ *c)
{
    const jb_page *pg = c->page;

    for (size_t a = 0; a < pg->n_lines; a++)
        for (size_t b = a + 1; b < pg->n_lines; b++) {
            const jb_page_line *p = &pg->lines[a], *q = &pg->lines[b];
            if (p->n_glyphs == 0 || q->n_glyphs == 0 || p->page != q->page)
                continue;
            if (p->x1 <= q->x0 + 0.01 || q->x1 <= p->x0 + 0.01)
                continue; /* side by side: the unit and the date */
            double p_top = p->y + 0.88 * p->size, p_bot = p->y - 0.12 * p->size;
            double q_top = q->y + 0.88 * q->size, q_bot = q->y - 0.12 * q->size;
            if (p_bot < q_top - 0.01 && q_bot < p_top - 0.01)
                fail_msg("%s: lines %zu (baseline %.2f, %.2f pt) and %zu (baseline %.2f, %.2f pt) "
                         "overlap",
                         c->name, a, p->y, p->size, b, q->y, q->size);
        }
}

static void
test_page_lines_do_not_overlap(void **state)
{
    (void)state;
    each_case(check_lines);
}

typedef struct {
    uint32_t *cps;
    size_t n, cap;
} cp_list;

static void
add_figures(jb_text *t, void *ud)
{
    cp_list *l = ud;
    for (size_t i = 0; i < t->n; i++) {
        if (!(t->marks[i] & JB_MARK_FIGURE) || t->cps[i] == ' ' || t->cps[i] == 0x3000)
            continue;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 64;
            l->cps = realloc(l->cps, l->cap * sizeof *l->cps);
        }
        l->cps[l->n++] = t->cps[i];
    }
}

/* The glyphs with the figure style are exactly the document's key-figure characters, in reading
 * order; each has the figure colour and the layout's figure font (or the fallback), and no other
 * glyph has the figure colour. Head glyphs outside figures have the accent colour. */
static void
check_figures(const case_ *c)
{
    const jb_page *pg = c->page;
    cp_list want = {0};
    size_t k = 0;

    jb_doc_each_text(c->doc, add_figures, &want);
    assert_true(want.n > 0);
    for (size_t i = 0; i < pg->n_glyphs; i++) {
        const jb_glyph *g = &pg->glyphs[i];
        int fig = (g->style & JB_STYLE_FIGURE) != 0;
        if (fig != (g->color == JB_COLOR_FIGURE))
            fail_msg("%s: glyph %zu U+%04X: figure style %d but colour %d", c->name, i,
                     (unsigned)g->cp, fig, g->color);
        if ((g->style & JB_STYLE_HEAD) && !fig && g->color != JB_COLOR_ACCENT)
            fail_msg("%s: head glyph %zu U+%04X in colour %d", c->name, i, (unsigned)g->cp,
                     g->color);
        if (!fig)
            continue;
        if (g->font != jb_fontset_canonical(c->fs, c->spec.figure_font) && g->font != JB_FONT_ROLES)
            fail_msg("%s: figure glyph %zu U+%04X in font %d", c->name, i, (unsigned)g->cp,
                     g->font);
        if (k >= want.n || want.cps[k] != g->cp)
            fail_msg("%s: figure glyph %zu U+%04X is not the document's figure character %zu",
                     c->name, i, (unsigned)g->cp, k);
        k++;
    }
    if (k != want.n)
        fail_msg("%s: %zu figure glyphs for %zu figure characters", c->name, k, want.n);
    free(want.cps);
}

static void
test_page_figures_carry_the_figure_style_and_only_they(void **state)
{
    (void)state;
    each_case(check_figures);
}

/* The fit's predicted height of every block is what the emit step used, and its predicted spare
 * is the page's. */
static void
check_drift(const case_ *c)
{
    const jb_layout_blocks *f = &c->trace.fit, *e = &c->trace.emit;
    const char *names[] = {"masthead", "title", "byline", "body", "foot", "spare"};
    double fv[] = {f->masthead, f->title, f->byline, f->body, f->foot, f->spare};
    double ev[] = {e->masthead, e->title, e->byline, e->body, e->foot, e->spare};

    if (c->doc->n_items > 1 || jb_page_count(c->page) > 1)
        return; /* an issue's rows are placed where its pagination put them (layout_issue.c) */
    for (int i = 0; i < 6; i++)
        if (fabs(fv[i] - ev[i]) > 0.01)
            fail_msg("%s: the fit predicts %s %.3f pt, the emit step used %.3f pt", c->name,
                     names[i], fv[i], ev[i]);
    if (fabs(f->spare - c->page->spare_pt) > 0.01)
        fail_msg("%s: the fit predicts %.3f pt spare, the page has %.3f pt", c->name, f->spare,
                 c->page->spare_pt);
    assert_true(f->masthead > 0 && f->title > 0 && f->body > 0);
}

static void
test_layout_fit_predicts_every_block_the_emit_step_uses(void **state)
{
    (void)state;
    each_case(check_drift);
}

/* A font slot's distinct characters come sorted, once each; the index finds each of them. */
static void
test_page_font_chars_are_distinct_and_sorted(void **state)
{
    jb_page *pg = jb_fixture_small_page(); /* 重阵地 in Song, 155个 in Hei */
    size_t n = 0;
    uint32_t *hei;
    (void)state;
    hei = jb_page_font_chars(pg, JB_FONT_HEI, 4, &n);
    assert_non_null(hei);
    assert_int_equal(n, 3); /* 1, 5, 个: the second 5 is the same character */
    assert_int_equal(hei[0], '1');
    assert_int_equal(hei[1], '5');
    assert_int_equal(hei[2], 0x4E2A);
    assert_int_equal(jb_page_char_index(hei, n, '5'), 1);
    assert_int_equal(jb_page_char_index(hei, n, 0x4E2A), 2);
    assert_int_equal(jb_page_char_index(hei, n, '0'), 0); /* where it would go */
    free(hei);
    jb_page_free(pg);
}

/* The same beyond the Basic Multilingual Plane and at the edges of its words of 64 characters. */
static void
test_page_font_chars_reach_every_plane(void **state)
{
    static const uint32_t cps[] = {0x20000, 0x4E00, 64,  0x1F600, 63,       0x20000, 0xFFFF,
                                   0x10000, 127,    128, 0x4E00,  0x10FFFF, 0,       1};
    static const uint32_t sorted[] = {0,      1,      63,      64,      127,     128,
                                      0x4E00, 0xFFFF, 0x10000, 0x1F600, 0x20000, 0x10FFFF};
    jb_page *pg = jb_fixture_small_page();
    size_t n = 0;
    uint32_t *got;
    (void)state;
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        jb_glyph g = {.cp = cps[i], .font = JB_FONT_KAI, .size = 10};
        assert_int_equal(jb_page_push_glyph(pg, &g), 0);
    }
    got = jb_page_font_chars(pg, JB_FONT_KAI, sizeof cps / sizeof cps[0], &n);
    assert_non_null(got);
    assert_int_equal(n, sizeof sorted / sizeof sorted[0]);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], sorted[i]);
    free(got);
    /* many beyond it (radix-sorted), each twice, in a scrambled order */
    for (uint32_t k = 0; k < 80; k++) {
        jb_glyph g = {.cp = 0x20000 + (k * 37) % 40 * 0x101, .font = JB_FONT_FANG, .size = 10};
        assert_int_equal(jb_page_push_glyph(pg, &g), 0);
    }
    got = jb_page_font_chars(pg, JB_FONT_FANG, 80, &n);
    assert_non_null(got);
    assert_int_equal(n, 40);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], 0x20000 + i * 0x101);
    free(got);
    jb_page_free(pg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_font_chars_are_distinct_and_sorted),
        cmocka_unit_test(test_page_font_chars_reach_every_plane),
        cmocka_unit_test(test_page_glyphs_lie_inside_the_margins),
        cmocka_unit_test(test_page_lines_do_not_overlap),
        cmocka_unit_test(test_page_figures_carry_the_figure_style_and_only_they),
        cmocka_unit_test(test_layout_fit_predicts_every_block_the_emit_step_uses),
    };
    return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
