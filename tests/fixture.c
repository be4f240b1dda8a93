/* fixture — the committed fonts opened once per test program. */
#include "fixture.h"

static jb_fontset *fonts;

int
jb_fixture_fonts_open(void **state)
{
    jb_spec spec;
    jb_diag d;
    jb_spec_default(&spec, JB_TEST_ROOT);
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
