/* fixture — the TrueType faces of Debian's packages opened once per test program. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static jb_fontset *fonts;

#define TT "/usr/share/fonts/truetype/"

static void
file(jb_font_file *f, const char *path, int index)
{
    snprintf(f->path, sizeof f->path, "%s", path);
    f->index = index;
    f->family[0] = '\0';
}

void
jb_fixture_truetype_spec(jb_spec *s)
{
    jb_spec_default(s, JB_TEST_ROOT);
    file(&s->fonts[JB_FONT_SONG], TT "arphic-gbsn00lp/gbsn00lp.ttf", 0);
    file(&s->fonts[JB_FONT_KAI], TT "arphic-gkai00mp/gkai00mp.ttf", 0);
    file(&s->fonts[JB_FONT_HEI], TT "wqy/wqy-zenhei.ttc", 0);
    file(&s->fonts[JB_FONT_FANG], TT "arphic-gbsn00lp/gbsn00lp.ttf", 0);
    file(&s->fonts[JB_FONT_TITLE], TT "wqy/wqy-zenhei.ttc", 0);
    file(&s->fonts[JB_FONT_LATIN], TT "arphic-gbsn00lp/gbsn00lp.ttf", 0);
    file(&s->fonts[JB_FONT_ROLES], TT "droid/DroidSansFallbackFull.ttf", 0);
    s->n_fonts = JB_FONT_ROLES + 1;
    for (int r = 0; r < JB_FONT_ROLES; r++)
        s->chain[r][0] = JB_FONT_ROLES, s->n_chain[r] = 1;
    s->latin_own = 1;
    s->figure_font = JB_FONT_HEI;
}

int
jb_fixture_fonts_open(void **state)
{
    jb_spec spec;
    jb_diag d;
    jb_fixture_truetype_spec(&spec);
    jb_diag_init(&d);
    if (jb_fontset_open(&spec, &fonts, &d) != JB_OK)
        return -1;
    *state = fonts;
    return 0;
}

int
jb_fixture_fonts_close(void **state)
{
    jb_fontset_free(fonts);
    fonts = NULL;
    *state = NULL;
    return 0;
}

jb_fontset *
jb_fixture_fonts(void)
{
    return fonts;
}

int
jb_fixture_text_is(const jb_text *t, const char *utf8)
{
    char *s = jb_text_to_utf8(t);
    int eq = s && strcmp(s, utf8) == 0;
    if (!eq)
        print_error("text is '%s', want '%s'\n", s ? s : "(null)", utf8);
    free(s);
    return eq;
}

jb_page *
jb_fixture_small_page(void)
{
    static const uint32_t cps[] = {0x91CD, 0x9635, 0x5730, '1', '5', '5', 0x4E2A};
    jb_page *pg = calloc(1, sizeof *pg);
    pg->w_pt = 595, pg->h_pt = 842;
    pg->glyphs = calloc(7, sizeof *pg->glyphs);
    pg->n_glyphs = pg->cap_glyphs = 7;
    for (int i = 0; i < 7; i++) {
        pg->glyphs[i].cp = cps[i];
        pg->glyphs[i].x = 100 + 12 * (float)i;
        pg->glyphs[i].y = 700;
        pg->glyphs[i].size = 12;
        pg->glyphs[i].font = i < 3 ? JB_FONT_SONG : JB_FONT_HEI;
        pg->glyphs[i].color = i < 3 ? JB_COLOR_BLACK : JB_COLOR_FIGURE;
    }
    pg->lines = calloc(1, sizeof *pg->lines);
    pg->n_lines = pg->cap_lines = 1;
    pg->lines[0] = (jb_page_line){.x0 = 100, .x1 = 184, .y = 700, .size = 12, .n_glyphs = 7};
    pg->rules = calloc(1, sizeof *pg->rules);
    pg->n_rules = pg->cap_rules = 1;
    pg->rules[0] = (jb_rule){50, 750, 545, 750, 1.5f, JB_COLOR_RED, 0};
    pg->cmyk[JB_COLOR_BLACK][3] = 1;
    pg->cmyk[JB_COLOR_RED][1] = pg->cmyk[JB_COLOR_RED][2] = 0.8;
    pg->cmyk[JB_COLOR_FIGURE][1] = pg->cmyk[JB_COLOR_FIGURE][2] = 0.8;
    return pg;
}

const char *
jb_fixture_find(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}
