/* fixture — the TrueType faces of Debian's fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp,
 * fonts-wqy-zenhei and fonts-droid-fallback (.ci/setup installs them) opened once per test
 * program (cmocka group setup/teardown). */
#ifndef JB_TEST_FIXTURE_H
#define JB_TEST_FIXTURE_H

#include "doc.h"
#include "font.h"
#include "page.h"
#include "spec.h"

/* The layout defaults with the TrueType set in place of the default faces:
 * song gbsn00lp, kai gkai00mp, hei, title wqy-zenhei, fang the song, no latin face (Latin from
 * each text's face), and Droid Sans Fallback last in every chain. The TrueType path's tests. */
void jb_fixture_truetype_spec(jb_spec *spec);

/* Group setup: opens the TrueType fontset (jb_fixture_truetype_spec) and stores it in
 * *state. */
int jb_fixture_fonts_open(void **state);
/* Group teardown: frees the fontset in *state. */
int jb_fixture_fonts_close(void **state);
/* The fontset opened by jb_fixture_fonts_open. */
jb_fontset *jb_fixture_fonts(void);

/* A tiny page (caller frees with jb_page_free): 重阵地 in Song (black), 155个 in Hei (the
 * figure colour, CMYK 0 0.8 0.8 0), one red rule (CMYK 0 0.8 0.8 0), 12 pt glyphs 12 pt apart
 * on one line. */
jb_page *jb_fixture_small_page(void);

/* The first needle in hay[0..n), or NULL: a PDF has binary streams, strstr stops at a 0. */
const char *jb_fixture_find(const char *hay, size_t n, const char *needle);

/* Whether t holds the UTF-8 text utf8; says what it holds instead when not. */
int jb_fixture_text_is(const jb_text *t, const char *utf8);

#endif
