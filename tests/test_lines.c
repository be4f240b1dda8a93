/* Tests of lines: break opportunities, kinsoku, justification and punctuation compression, run
 * table-driven (tests/data/lines/cases.tsv) in a GB-punctuation font and a centred-punctuation
 * font. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linebreak.h>

#include "fixture.h"

#include "figures.h"
#include "font.h"
#include "lines.h"
#include "shape.h"
#include "utf8.h"

#define SIZE 10.0

typedef struct {
    uint32_t *cps;
    size_t n;
    jb_box *boxes;
    jb_para_layout pl;
} set_para;

/* Shapes text in role (figures marked as in a brief) and breaks it at measure_em. */
static void
set_text(set_para *p, const char *text, int role, double measure_em, double indent_em)
{
    uint8_t *marks, *roles;
    jb_span spans[16];
    jb_para_opts o = {
        .measure_pt = measure_em * SIZE, .size_pt = SIZE, .indent_em = indent_em, .min_last = 4};
    jb_diag d;

    p->cps = jb_utf8_to_utf32(text, strlen(text), &p->n);
    assert_non_null(p->cps);
    marks = calloc(p->n, 1);
    roles = malloc(p->n);
    p->boxes = calloc(p->n, sizeof *p->boxes);
    size_t k = jb_figures_find(p->cps, p->n, spans, 16);
    for (size_t s = 0; s < k && s < 16; s++)
        for (size_t i = spans[s].start; i < spans[s].end; i++)
            marks[i] = JB_MARK_FIGURE;
    memset(roles, role, p->n);
    jb_diag_init(&d);
    assert_int_equal(jb_shape(jb_fixture_fonts(), p->cps, NULL, marks, roles, p->n, p->boxes, &d),
                     JB_OK);
    assert_int_equal(jb_lines_break(p->boxes, p->n, &o, &p->pl, &d), JB_OK);
    free(marks);
    free(roles);
}

static void
free_para(set_para *p)
{
    jb_para_layout_fini(&p->pl);
    free(p->boxes);
    free(p->cps);
}

static int
is_word(uint32_t c)
{
    return jb_char_is_digit(c) || jb_char_is_latin(c) || c == '.' || c == '%';
}

/* The checks every paragraph must pass; returns the number of failures (printed). */
static int
check_para(const set_para *p, const char *text, double measure_em, const char *keep)
{
    int bad = 0;
    size_t keep_n = 0;
    uint32_t *keep_cps =
        keep && strcmp(keep, "-") ? jb_utf8_to_utf32(keep, strlen(keep), &keep_n) : NULL;
    int kept = keep_cps == NULL;

    for (size_t l = 0; l < p->pl.n_lines; l++) {
        const jb_line *ln = &p->pl.lines[l];
        uint32_t first = p->cps[ln->start], last = p->cps[ln->end - 1];
        double right = ln->left_pt + ln->width_pt;
        if (jb_char_is_no_start(first)) {
            print_error("%s: line %zu starts with U+%04X\n", text, l + 1, (unsigned)first);
            bad++;
        }
        if (jb_char_is_no_end(last)) {
            print_error("%s: line %zu ends with U+%04X\n", text, l + 1, (unsigned)last);
            bad++;
        }
        if (!ln->last && fabs(right - measure_em * SIZE) > 0.01) {
            print_error("%s: line %zu ends at %.3f pt, not %.3f\n", text, l + 1, right,
                        measure_em * SIZE);
            bad++;
        }
        if (l == 0 && fabs(ln->left_pt - 2 * SIZE) > 1e-9) {
            print_error("%s: first line not indented 2 em\n", text);
            bad++;
        }
        /* figures, numbers and words never split */
        if (ln->start > 0 && is_word(p->cps[ln->start - 1]) && is_word(first)) {
            print_error("%s: line %zu splits a number or word\n", text, l + 1);
            bad++;
        }
        /* no space inside numbers: consecutive digits sit at their natural advance */
        for (size_t i = ln->start; i + 1 < ln->end; i++)
            if (jb_char_is_digit(p->cps[i]) && is_word(p->cps[i + 1]) &&
                fabs(p->pl.x_pt[i + 1] - p->pl.x_pt[i] - p->boxes[i].adv * SIZE) > 1e-6) {
                print_error("%s: space added inside a number\n", text);
                bad++;
            }
        if (ln->last) {
            int chars = 0;
            for (size_t i = ln->start; i < ln->end; i++)
                chars += p->boxes[i].punct == JB_PUNCT_NONE;
            if (chars < 4 && p->pl.n_lines > 1) {
                print_error("%s: last line holds %d characters\n", text, chars);
                bad++;
            }
            if (ln->stretch_pt != 0) {
                print_error("%s: last line stretched\n", text);
                bad++;
            }
        }
        if (keep_cps)
            for (size_t i = ln->start; i + keep_n <= ln->end; i++)
                if (memcmp(p->cps + i, keep_cps, keep_n * sizeof *keep_cps) == 0)
                    kept = 1;
    }
    if (bad || !kept)
        for (size_t l = 0; l < p->pl.n_lines; l++) {
            char buf[512];
            size_t len = 0;
            for (size_t i = p->pl.lines[l].start; i < p->pl.lines[l].end; i++)
                len += jb_utf8_encode(p->cps[i], buf + len);
            buf[len] = '\0';
            print_error("  line %zu: %s (stretch %.3f, shrink %.3f)\n", l + 1, buf,
                        p->pl.lines[l].stretch_pt, p->pl.lines[l].shrink_pt);
        }
    if (!kept) {
        print_error("%s: '%s' is not on one line\n", text, keep);
        bad++;
    }
    free(keep_cps);
    return bad;
}

static void
run_table(int role)
{
    FILE *f = fopen(JB_TEST_DATA "/lines/cases.tsv", "r");
    char line[2048];
    int cases = 0, bad = 0;

    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t'), *t2, *nl;
        set_para p;
        if (line[0] == '#' || t1 == NULL || (t2 = strchr(t1 + 1, '\t')) == NULL)
            continue;
        if ((nl = strchr(t2, '\n')) != NULL)
            *nl = '\0';
        *t1 = *t2 = '\0';
        set_text(&p, t1 + 1, role, atof(line), 2);
        bad += check_para(&p, t1 + 1, atof(line), t2 + 1);
        free_para(&p);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 14);
    assert_int_equal(bad, 0);
}

static void
test_lines_table_in_gb_punctuation_font(void **state)
{
    (void)state;
    run_table(JB_FONT_SONG);
}

static void
test_lines_table_in_centred_punctuation_font(void **state)
{
    (void)state;
    run_table(JB_FONT_HEI);
}

/* ---- exact cases (tests/data/lines/exact.txt) ---- */

typedef struct {
    char name[256], text[1024], lines[1200], x[2][1024], gaps[8][64];
    int fonts[2]; /* song, hei */
    double measure, indent;
    int n_gaps;
} exact_case;

/* Checks one case in one font; returns the number of failures (printed). */
static int
check_exact(const exact_case *ec, int role, int slot)
{
    set_para p;
    int bad = 0;
    char got[1200] = "";
    size_t len = 0;
    const char *fname = role == JB_FONT_SONG ? "song" : "hei";

    set_text(&p, ec->text, role, ec->measure, ec->indent);
    for (size_t l = 0; l < p.pl.n_lines; l++) {
        if (l > 0)
            got[len++] = '|';
        for (size_t i = p.pl.lines[l].start; i < p.pl.lines[l].end; i++)
            len += jb_utf8_encode(p.cps[i], got + len);
    }
    got[len] = '\0';
    if (strcmp(got, ec->lines) != 0) {
        print_error("%s (%s): lines\n  got  %s\n  want %s\n", ec->name, fname, got, ec->lines);
        bad++;
    }
    if (ec->x[slot][0]) {
        const char *s = ec->x[slot];
        size_t line = 0;
        for (size_t i = 0; i < p.n && *s; i++) {
            char *end;
            while (line + 1 < p.pl.n_lines && i >= p.pl.lines[line].end)
                line++;
            while (*s == ' ')
                s++;
            if (*s == '*') {
                s++;
                continue;
            }
            double want = strtod(s, &end), x = p.pl.x_pt[i] / SIZE;
            s = end;
            if (fabs(x - want) > 1e-4) {
                print_error("%s (%s): glyph %zu at %.5f em, want %.5f\n", ec->name, fname, i, x,
                            want);
                bad++;
            }
        }
    }
    for (int g = 0; g < ec->n_gaps; g++) {
        unsigned a, b;
        double want;
        sscanf(ec->gaps[g], "%u %u %lf", &a, &b, &want);
        double gap = (p.pl.x_pt[b] - p.boxes[b].shift * SIZE) / SIZE -
                     ((p.pl.x_pt[a] - p.boxes[a].shift * SIZE) / SIZE + p.boxes[a].adv);
        if (fabs(gap - want) > 1e-4) {
            print_error("%s (%s): gap %u→%u is %.5f em, want %.5f\n", ec->name, fname, a, b, gap,
                        want);
            bad++;
        }
    }
    free_para(&p);
    return bad;
}

static void
test_lines_exact_cases(void **state)
{
    FILE *f = fopen(JB_TEST_DATA "/lines/exact.txt", "r");
    char line[2048];
    exact_case ec;
    int cases = 0, bad = 0, open = 0;
    (void)state;

    assert_non_null(f);
    memset(&ec, 0, sizeof ec);
    for (;;) {
        char *got = fgets(line, sizeof line, f), *val, *nl;
        if (got == NULL || line[0] == '\n') {
            if (open) {
                if (ec.fonts[0])
                    bad += check_exact(&ec, JB_FONT_SONG, 0);
                if (ec.fonts[1])
                    bad += check_exact(&ec, JB_FONT_HEI, 1);
                cases++;
            }
            memset(&ec, 0, sizeof ec);
            open = 0;
            if (got == NULL)
                break;
            continue;
        }
        if (line[0] == '#')
            continue;
        if ((nl = strchr(line, '\n')) != NULL)
            *nl = '\0';
        val = strchr(line, ' ');
        assert_non_null(val);
        *val++ = '\0';
        while (*val == ' ')
            val++;
        open = 1;
        if (strcmp(line, "case") == 0)
            snprintf(ec.name, sizeof ec.name, "%s", val);
        else if (strcmp(line, "font") == 0) {
            ec.fonts[0] = strstr(val, "song") != NULL;
            ec.fonts[1] = strstr(val, "hei") != NULL;
        } else if (strcmp(line, "measure") == 0)
            ec.measure = atof(val);
        else if (strcmp(line, "indent") == 0)
            ec.indent = atof(val);
        else if (strcmp(line, "text") == 0)
            snprintf(ec.text, sizeof ec.text, "%s", val);
        else if (strcmp(line, "lines") == 0)
            snprintf(ec.lines, sizeof ec.lines, "%s", val);
        else if (strcmp(line, "x") == 0) {
            snprintf(ec.x[0], sizeof ec.x[0], "%s", val);
            snprintf(ec.x[1], sizeof ec.x[1], "%s", val);
        } else if (strcmp(line, "x.song") == 0)
            snprintf(ec.x[0], sizeof ec.x[0], "%s", val);
        else if (strcmp(line, "x.hei") == 0)
            snprintf(ec.x[1], sizeof ec.x[1], "%s", val);
        else if (strcmp(line, "gap") == 0 && ec.n_gaps < 8)
            snprintf(ec.gaps[ec.n_gaps++], sizeof ec.gaps[0], "%s", val);
        else
            fail_msg("exact.txt: unknown key %s", line);
    }
    fclose(f);
    assert_true(cases >= 12);
    assert_int_equal(bad, 0);
}

static void
test_lines_opportunities_follow_strict_kinsoku(void **state)
{
    const char *text = "唱，“五老”达155个……好";
    size_t n;
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), &n);
    uint8_t brk[32];
    (void)state;
    jb_lines_opportunities(cps, NULL, n, brk);
    /* 唱 ， “ 五 老 ” 达 1 5 5 个 … … 好 */
    assert_false(brk[1]);  /* before ， */
    assert_true(brk[2]);   /* before “ */
    assert_false(brk[3]);  /* after “ */
    assert_false(brk[5]);  /* before ” */
    assert_true(brk[6]);   /* after ” */
    assert_false(brk[8]);  /* inside 155 */
    assert_false(brk[11]); /* before …… */
    assert_false(brk[12]); /* inside …… */
    free(cps);
}

/* jb_lines_uax14 asks libunibreak about the characters between ideographs only: its answers are
 * those of one set_linebreaks_utf32 over the whole text, on texts of every kind of character. */
static void
test_lines_uax14_is_libunibreaks(void **state)
{
    static const uint32_t pool[] = {
        0x4E00,  0x4E2D, 0x6587, 0x9FA5, 0x3400, 0x20000, 0x3007, 0xF900, /* ideographs */
        0x3002,  0xFF0C, 0x3001, 0x201C, 0x201D, 0x2018,  0x2019, 0x300A, 0x300B, 0xFF08,
        0xFF09,  0x3010, 0x3011, 0x2026, 0x2014, 0x00B7,  0xFF5E, 0xFF05, 0x3000, 0x3005,
        0x30FC,  0x3042, 0x30A2, 0xAC00, 'a',    'Z',     '0',    '7',    ' ',    '\n',
        '\r',    '\t',   '-',    '/',    '(',    ')',     '"',    '\'',   '$',    '%',
        '.',     ',',    '!',    '?',    0x0301, 0x200B,  0x200D, 0x00A0, 0x00AD, 0x2060,
        0x1F600, 0xFE0F, 0x0E01, 0x05D0, 0x0660, 0x20AC,  0x2010, 0x2024, 0xFFFD};
    enum { POOL = sizeof pool / sizeof pool[0] };
    uint32_t cps[512];
    char want[512], got[512];
    unsigned long seed = 12345;
    (void)state;
    for (int t = 0; t < 2000; t++) {
        size_t n = 0, len;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        len = (size_t)(seed >> 33) % (t % 8 ? 64 : 512); /* long ones use the memo */
        for (n = 0; n < len; n++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            unsigned r = (unsigned)(seed >> 33);
            /* half ideographs, as in Chinese text */
            cps[n] = r % 2 ? pool[(r >> 1) % 4] : pool[(r >> 1) % POOL];
        }
        memset(want, 9, sizeof want), memset(got, 9, sizeof got);
        jb_lines_uax14(cps, n, got); /* first: it sets libunibreak up */
        set_linebreaks_utf32((const utf32_t *)cps, n, "zh", want);
        if (memcmp(want, got, n) != 0) {
            for (size_t k = 0; k < n; k++)
                fprintf(stderr, "U+%04X %d %d\n", (unsigned)cps[k], want[k], got[k]);
            fail_msg("text %d differs", t);
        }
    }
}

/* A flag emoji's regional indicators (on which libunibreak aborts): no break inside a flag, a
 * break allowed between two flags and beside ideographs, as around any emoji. */
static void
test_lines_flags_stay_whole(void **state)
{
    /* 一 🇨🇳 🇺🇸 二, then a lone indicator and a run of three */
    static const uint32_t cps[] = {0x4E00,  0x1F1E8, 0x1F1F3, 0x1F1FA, 0x1F1F8, 0x4E8C,
                                   0x1F1E8, 0x3002,  0x1F1E6, 0x1F1E7, 0x1F1E8};
    enum { N = sizeof cps / sizeof cps[0] };
    uint8_t brk[N];
    (void)state;
    jb_lines_opportunities(cps, NULL, N, brk);
    assert_true(brk[1]);  /* 一|🇨🇳 */
    assert_false(brk[2]); /* inside 🇨🇳 */
    assert_true(brk[3]);  /* 🇨🇳|🇺🇸 */
    assert_false(brk[4]); /* inside 🇺🇸 */
    assert_true(brk[5]);  /* 🇺🇸|二 */
    assert_false(brk[9]); /* inside the first pair of three */
    assert_true(brk[10]); /* the third starts a flag of its own */
}

static void
test_lines_dates_stay_whole(void **state)
{
    const char *text = "于2023年7月19日发布";
    size_t n;
    uint32_t *cps = jb_utf8_to_utf32(text, strlen(text), &n);
    uint8_t brk[32];
    (void)state;
    jb_lines_opportunities(cps, NULL, n, brk);
    for (size_t j = 2; j < 11; j++)
        assert_false(brk[j]);
    assert_true(brk[1]);
    assert_true(brk[11]);
    free(cps);
}

static void
test_lines_line_end_mark_is_half_width(void **state)
{
    /* 11 characters then 。 in a 12-em measure with no indent: the 。 ends the line at ½ em */
    set_para p;
    (void)state;
    set_text(&p, "一二三四五六七八九十一。二三四五六七八九。", JB_FONT_SONG, 12, 0);
    assert_true(p.pl.n_lines >= 2);
    const jb_line *ln = &p.pl.lines[0];
    assert_int_equal(p.cps[ln->end - 1], 0x3002);
    /* the line's own width: 11 Han + ½ em for 。, stretched to the measure */
    assert_float_equal(ln->left_pt + ln->width_pt, 12 * SIZE, 0.01);
    assert_true(ln->stretch_pt > 0 && ln->stretch_pt < 0.06 * SIZE);
    free_para(&p);
}

static void
test_lines_adjacent_marks_set_at_one_and_a_half_em(void **state)
{
    /* ”， mid-line: the ” loses its right blank, the pair occupies 1.5 em */
    set_para p;
    size_t i;
    (void)state;
    set_text(&p, "出台“实施意见”，细化落实。", JB_FONT_SONG, 40, 0);
    assert_int_equal(p.pl.n_lines, 1);
    for (i = 0; p.cps[i] != 0x201D; i++)
        ;
    double pair = p.pl.x_pt[i + 2] - p.pl.x_pt[i];
    assert_float_equal(pair, 1.5 * SIZE, 0.05 * SIZE);
    free_para(&p);
}

static void
test_lines_centred_comma_has_no_blank_before_it(void **state)
{
    /* Zen Hei centres ，: it must still hug 用, and keep 0.05 em from the ink of “ */
    set_para p;
    jb_font *hei = jb_fontset_get(jb_fixture_fonts(), JB_FONT_HEI);
    int adv, cl, cr, ql, qr, yl, yr;
    double upem = jb_font_upem(hei);
    (void)state;
    set_text(&p, "重作用，“五老”奉献", JB_FONT_HEI, 40, 0);
    assert_int_equal(jb_font_ink(hei, 0x7528, &adv, &yl, &yr), 0); /* 用 */
    assert_int_equal(jb_font_ink(hei, 0xFF0C, &adv, &cl, &cr), 0); /* ， */
    assert_int_equal(jb_font_ink(hei, 0x201C, &adv, &ql, &qr), 0); /* “ */
    double yong_ink_r = p.pl.x_pt[2] / SIZE + yr / upem;
    double comma_ink_l = p.pl.x_pt[3] / SIZE + cl / upem;
    double comma_ink_r = p.pl.x_pt[3] / SIZE + cr / upem;
    double quote_ink_l = p.pl.x_pt[4] / SIZE + ql / upem;
    print_message("用 ink right %.3f, ， ink %.3f–%.3f, “ ink left %.3f (em)\n", yong_ink_r,
                  comma_ink_l, comma_ink_r, quote_ink_l);
    assert_true(comma_ink_l - yong_ink_r < 0.25); /* no blank before ， (centred: 0.5 em) */
    assert_true(quote_ink_l - comma_ink_r >= 0.05);
    free_para(&p);
}

static void
test_lines_quarter_em_after_percent_before_han(void **state)
{
    /* 17.9%和 21.4%: the % ends the Latin run, so 和 keeps the Han–Latin ¼ em from it (§4.1) */
    set_para p;
    size_t i;
    (void)state;
    set_text(&p, "分别增长17.9%和21.4%。", JB_FONT_SONG, 40, 0);
    assert_int_equal(p.pl.n_lines, 1);
    for (i = 0; p.cps[i] != '%'; i++)
        ;
    double gap = p.pl.x_pt[i + 1] - p.pl.x_pt[i] - p.boxes[i].adv * SIZE;
    assert_float_equal(gap, 0.25 * SIZE, 0.01 * SIZE);
    free_para(&p);
}

static void
test_lines_overlong_word_breaks_as_last_resort(void **state)
{
    /* A URL longer than the line cannot stay whole: it is split, and every line stays flush. */
    char text[700] = "请访问";
    set_para p;
    (void)state;
    memset(text + strlen(text), 'a', 300);
    strcat(text, "查看。");
    set_text(&p, text, JB_FONT_SONG, 10, 2);
    assert_true(p.pl.n_lines >= 10);
    assert_int_equal(p.pl.lines[0].start, 0);
    assert_true(p.pl.lines[0].end > 3); /* 请访问 shares its line with the start of the URL */
    for (size_t l = 0; l + 1 < p.pl.n_lines; l++)
        assert_float_equal(p.pl.lines[l].left_pt + p.pl.lines[l].width_pt, 10 * SIZE, 0.01);
    free_para(&p);
}

static void
test_lines_break_at_space_discards_it(void **state)
{
    /* Lines that break at a word space end in the word: the space is in no line, and the last
     * letter, not the space, meets the measure (no stretch goes into the gap before it). */
    set_para p;
    int spaces_dropped = 0;
    (void)state;
    set_text(&p,
             "会上代表说The city will plant trees along every new road and open more parks "
             "for children and old people in the coming years这是承诺。",
             JB_FONT_SONG, 12, 0);
    assert_true(p.pl.n_lines >= 3);
    for (size_t l = 0; l + 1 < p.pl.n_lines; l++) {
        const jb_line *ln = &p.pl.lines[l];
        assert_int_not_equal(p.cps[ln->end - 1], ' ');
        assert_float_equal(ln->left_pt + ln->width_pt, 12 * SIZE, 0.01);
        /* the last box's advance ends at the measure (its x plus its advance) */
        assert_float_equal(p.pl.x_pt[ln->end - 1] + p.boxes[ln->end - 1].adv * SIZE, 12 * SIZE,
                           0.01);
        for (size_t k = ln->end; k < p.pl.lines[l + 1].start; k++) {
            assert_int_equal(p.cps[k], ' ');
            spaces_dropped++;
        }
    }
    assert_true(spaces_dropped > 0);
    free_para(&p);
}

/* text shaped in Song, unmarked: its boxes (the caller frees them and *cps). */
static jb_box *
shape_song(const char *text, uint32_t **cps, size_t *n)
{
    jb_diag d;
    *cps = jb_utf8_to_utf32(text, strlen(text), n);
    jb_box *boxes = calloc(*n, sizeof *boxes);
    uint8_t *roles = malloc(*n);
    assert_true(*cps && boxes && roles);
    memset(roles, JB_FONT_SONG, *n);
    jb_diag_init(&d);
    assert_int_equal(jb_shape(jb_fixture_fonts(), *cps, NULL, NULL, roles, *n, boxes, &d), JB_OK);
    free(roles);
    return boxes;
}

static void
test_lines_broken_kerning_pair_ends_flush(void **state)
{
    /* A URL split between two letters kerned together (the fixture faces do not kern: each
     * letter is given 0.05 em of kerning toward the next, as HarfBuzz gives _w or w. in Noto):
     * the letter ending a line is set at its own advance (adv - kern), and that advance meets
     * the measure, on every line but the last. */
    const char *text = "详见https://www.example.gov.cn/index_detail_page_with_a_very_long_name_"
                       "indeed_waving_wildly_www.example.html。";
    uint32_t *cps;
    size_t n;
    jb_box *boxes;
    jb_para_layout pl;
    jb_diag d;
    jb_para_opts o = {.measure_pt = 7 * SIZE, .size_pt = SIZE, .min_last = 4};
    (void)state;
    boxes = shape_song(text, &cps, &n);
    jb_diag_init(&d);
    for (size_t k = 0; k + 1 < n; k++)
        if (cps[k] < 0x2000 && cps[k + 1] < 0x2000) {
            assert_float_equal(boxes[k].kern, 0, 1e-6); /* no kerning in the face */
            boxes[k].adv -= 0.05f, boxes[k].kern = -0.05f;
        }
    assert_int_equal(jb_lines_break(boxes, n, &o, &pl, &d), JB_OK);
    assert_true(pl.n_lines >= 4);
    for (size_t l = 0; l + 1 < pl.n_lines; l++) {
        const jb_line *ln = &pl.lines[l];
        const jb_box *b = &boxes[ln->end - 1];
        assert_float_equal(pl.x_pt[ln->end - 1] + (b->adv - b->kern) * SIZE, 7 * SIZE, 0.01);
        assert_float_equal(ln->left_pt + ln->width_pt, 7 * SIZE, 0.01);
    }
    jb_para_layout_fini(&pl);
    free(boxes);
    free(cps);
}

static void
test_lines_ragged_lines_keep_natural_width(void **state)
{
    /* ragged: the breaks of justified text, each line at its natural width (no stretch). */
    const char *text = "Volunteers of the Silver Mentors programme visiting Shiqiao Central "
                       "Primary School";
    uint32_t *cps;
    size_t n;
    jb_box *boxes;
    jb_para_layout a, b;
    jb_diag d;
    jb_para_opts o = {.measure_pt = 14 * SIZE, .size_pt = SIZE, .min_last = 2};
    (void)state;
    boxes = shape_song(text, &cps, &n);
    jb_diag_init(&d);
    assert_int_equal(jb_lines_break(boxes, n, &o, &a, &d), JB_OK);
    o.ragged = 1;
    assert_int_equal(jb_lines_break(boxes, n, &o, &b, &d), JB_OK);
    assert_int_equal(a.n_lines, b.n_lines);
    int stretched = 0;
    for (size_t l = 0; l < b.n_lines; l++) {
        assert_int_equal(a.lines[l].start, b.lines[l].start);
        assert_int_equal(a.lines[l].end, b.lines[l].end);
        stretched += a.lines[l].stretch_pt > 0;
        assert_float_equal(b.lines[l].stretch_pt, 0, 1e-9);
        assert_true(b.lines[l].width_pt <= a.lines[l].width_pt + 1e-6);
    }
    assert_true(stretched > 0);
    jb_para_layout_fini(&a);
    jb_para_layout_fini(&b);
    free(boxes);
    free(cps);
}

static void
test_lines_word_spaces_shrink(void **state)
{
    /* A run of words a little wider than the line keeps to one line by narrowing its word
     * spaces (up to a third of their width), not by breaking. */
    set_para p;
    const char *text = "plant trees along every new road";
    double wide, space = 0;
    int n_spaces = 0;
    (void)state;
    set_text(&p, text, JB_FONT_SONG, 100, 0);
    assert_int_equal(p.pl.n_lines, 1);
    wide = p.pl.lines[0].width_pt / SIZE;
    for (size_t k = 0; k < p.n; k++)
        if (p.cps[k] == ' ')
            space = p.boxes[k].adv, n_spaces++;
    assert_true(n_spaces == 5 && space > 0);
    free_para(&p);
    double measure = wide - n_spaces * space / 6; /* half of what the spaces can give */
    set_text(&p, text, JB_FONT_SONG, measure, 0);
    assert_int_equal(p.pl.n_lines, 1);
    assert_true(p.pl.lines[0].shrink_pt > 0);
    assert_float_equal(p.pl.lines[0].width_pt, measure * SIZE, 0.01);
    free_para(&p);
}

/* The narrowest of the pause marks ，、；： on a justified line (em), or -1 when it has none: one
 * before an opening mark (a fixed pair, §2.3) or at the line's end does not count. */
static double
narrowest_pause(const set_para *p, const jb_line *ln)
{
    double least = -1;
    for (size_t k = ln->start; k + 1 < ln->end; k++)
        if (p->boxes[k].punct == JB_PUNCT_PAUSE && p->boxes[k + 1].punct != JB_PUNCT_OPEN) {
            double w = (p->pl.x_pt[k + 1] - p->pl.x_pt[k]) / SIZE;
            least = least < 0 || w < least ? w : least;
        }
    return least;
}

static const char *const sample_texts[] = {
    "为深入践行以人民为中心的发展思想，西湖区聚焦群众身边的“急难愁盼”问题，建立问题清单、"
    "任务清单、责任清单，推动“我为群众办实事”实践活动走深走实，一批民生实事落地见效，群众获"
    "得感、幸福感、安全感不断增强。",
    "新建社区嵌入式养老服务中心8个，改造提升居家养老服务站32个，为辖区2100余名高龄、失能老"
    "人提供助餐、助浴、助医等上门服务。推行“养老服务时间银行”，吸纳志愿者1500多人，累计服"
    "务时长超过4.6万小时。",
    "新增普惠性托位680个，每千人口拥有3岁以下婴幼儿托位数达到4.2个。开设社区“四点半课堂”"
    "46个，解决双职工家庭放学后“看护难”问题，惠及学生约3000人。",
    "完成老旧小区改造项目27个，涉及居民9800余户，加装电梯63部，新增停车位1200个。改造中坚持"
    "“居民点单、政府派单”，征求居民意见建议560余条，改造满意率达到96.5%。",
};
#define N_SAMPLE_TEXTS (sizeof sample_texts / sizeof sample_texts[0])

static void
test_lines_compression_is_shared_between_neighbours(void **state)
{
    /* The sample's paragraphs at the measures the body takes from 三号 to 小四 (30 to 40 em):
     * no justified line has its commas squeezed below 0.8 em while a neighbour keeps its own at
     * their full width (§3.1), as the total fit set them before it counted uneven neighbours. */
    int uneven = 0;
    (void)state;
    for (size_t t = 0; t < N_SAMPLE_TEXTS; t++)
        for (double measure = 30; measure <= 40; measure += 0.25) {
            set_para p;
            set_text(&p, sample_texts[t], JB_FONT_SONG, measure, 2);
            for (size_t l = 0; l + 2 < p.pl.n_lines; l++) {
                double a = narrowest_pause(&p, &p.pl.lines[l]);
                double b = narrowest_pause(&p, &p.pl.lines[l + 1]);
                if (a >= 0 && b >= 0 && ((a < 0.8 && b > 0.98) || (b < 0.8 && a > 0.98))) {
                    printf("paragraph %zu at %.2f em: lines %zu and %zu set pause marks at %.2f "
                           "and %.2f em\n",
                           t, measure, l, l + 1, a, b);
                    uneven++;
                }
            }
            free_para(&p);
        }
    assert_int_equal(uneven, 0);
}

static void
test_lines_fewest_never_more_than_best_looking(void **state)
{
    /* The fit proves a size cannot fit from the fewest-lines breakings alone (layout_fit.c), on
     * the ground that the best-looking breaking never takes fewer lines: both choose among the
     * same lines, the fewest adding JB_LINES_TIGHT to each. jb_lines_break_both gives both
     * exactly as two breakings do. And jb_lines_guess, which orders that work, lands within a
     * line or two of the best-looking count. */
    int checked = 0;
    (void)state;
    for (size_t t = 0; t < N_SAMPLE_TEXTS; t++)
        for (double measure = 12; measure <= 40; measure += 0.25) {
            set_para p;
            jb_para_layout tight;
            jb_diag d;
            set_text(&p, sample_texts[t], JB_FONT_SONG, measure, 2);
            uint8_t *brk = malloc(p.n), *marks = malloc(p.n);
            assert_true(brk && marks);
            for (size_t k = 0; k < p.n; k++)
                marks[k] = p.boxes[k].mark;
            jb_lines_opportunities(p.cps, marks, p.n, brk);
            jb_para_opts o = {.measure_pt = measure * SIZE,
                              .size_pt = SIZE,
                              .indent_em = 2,
                              .min_last = 4,
                              .line_penalty = JB_LINES_TIGHT,
                              .brk = brk};
            jb_diag_init(&d);
            assert_int_equal(jb_lines_break(p.boxes, p.n, &o, &tight, &d), JB_OK);
            assert_false(p.pl.forced);
            assert_false(tight.forced);
            assert_true(tight.n_lines <= p.pl.n_lines);
            int guess = jb_lines_guess(p.boxes, p.n, &o);
            /* both at once: the same lines as each alone */
            jb_para_layout best, fewest;
            o.line_penalty = 0;
            assert_int_equal(jb_lines_break_both(p.boxes, p.n, &o, &best, &fewest, &d), JB_OK);
            assert_int_equal(best.n_lines, p.pl.n_lines);
            assert_int_equal(fewest.n_lines, tight.n_lines);
            for (size_t l = 0; l < best.n_lines; l++)
                assert_true(best.lines[l].start == p.pl.lines[l].start &&
                            best.lines[l].end == p.pl.lines[l].end);
            for (size_t l = 0; l < fewest.n_lines; l++)
                assert_true(fewest.lines[l].start == tight.lines[l].start &&
                            fewest.lines[l].end == tight.lines[l].end);
            assert_memory_equal(best.x_pt, p.pl.x_pt, p.n * sizeof *best.x_pt);
            assert_memory_equal(fewest.x_pt, tight.x_pt, p.n * sizeof *tight.x_pt);
            jb_para_layout_fini(&best);
            jb_para_layout_fini(&fewest);
            assert_true(guess >= (int)p.pl.n_lines - 2 && guess <= (int)p.pl.n_lines + 2);
            checked += tight.n_lines < p.pl.n_lines; /* some measures do save a line */
            jb_para_layout_fini(&tight);
            free(marks);
            free(brk);
            free_para(&p);
        }
    assert_true(checked > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_table_in_gb_punctuation_font),
        cmocka_unit_test(test_lines_table_in_centred_punctuation_font),
        cmocka_unit_test(test_lines_exact_cases),
        cmocka_unit_test(test_lines_opportunities_follow_strict_kinsoku),
        cmocka_unit_test(test_lines_uax14_is_libunibreaks),
        cmocka_unit_test(test_lines_dates_stay_whole),
        cmocka_unit_test(test_lines_flags_stay_whole),
        cmocka_unit_test(test_lines_line_end_mark_is_half_width),
        cmocka_unit_test(test_lines_adjacent_marks_set_at_one_and_a_half_em),
        cmocka_unit_test(test_lines_centred_comma_has_no_blank_before_it),
        cmocka_unit_test(test_lines_quarter_em_after_percent_before_han),
        cmocka_unit_test(test_lines_overlong_word_breaks_as_last_resort),
        cmocka_unit_test(test_lines_break_at_space_discards_it),
        cmocka_unit_test(test_lines_broken_kerning_pair_ends_flush),
        cmocka_unit_test(test_lines_ragged_lines_keep_natural_width),
        cmocka_unit_test(test_lines_word_spaces_shrink),
        cmocka_unit_test(test_lines_compression_is_shared_between_neighbours),
        cmocka_unit_test(test_lines_fewest_never_more_than_best_looking),
    };
    return cmocka_run_group_tests_name("lines", tests, jb_fixture_fonts_open,
                                       jb_fixture_fonts_close);
}
