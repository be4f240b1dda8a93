/* fixture — the committed fonts opened once per test program (cmocka group setup/teardown). */
#ifndef JB_TEST_FIXTURE_H
#define JB_TEST_FIXTURE_H

#include "font.h"

/* Group setup: opens the default fontset from fonts/ and stores it in *state. */
int jb_fixture_fonts_open(void **state);
/* Group teardown: frees the fontset in *state. */
int jb_fixture_fonts_close(void **state);
/* The fontset opened by jb_fixture_fonts_open. */
jb_fontset *jb_fixture_fonts(void);

#endif
