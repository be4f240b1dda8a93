/* shrink: area averaging of rows as they come — whole and partial pixels, alpha weighting, rows
 * written as soon as they are complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "shrink.h"

/* 4 × 2 grey → 2 × 1: each output pixel the mean of its 2 × 2 cell. */
static void
test_shrink_halves(void **state)
{
    const unsigned char rows[2][4] = {{0, 100, 200, 200}, {50, 50, 100, 100}};
    unsigned char px[2] = {7, 7};
    jb_shrink k;
    (void)state;
    assert_int_equal(jb_shrink_init(&k, 4, 2, 2, 1, 1, px, NULL), 0);
    jb_shrink_row(&k, 0, rows[0], NULL);
    assert_int_equal(px[0], 7); /* the output row needs both source rows */
    jb_shrink_row(&k, 1, rows[1], NULL);
    jb_shrink_fini(&k);
    assert_int_equal(px[0], 50);  /* (0 + 100 + 50 + 50) / 4 */
    assert_int_equal(px[1], 150); /* (200 + 200 + 100 + 100) / 4 */
}

/* 3 → 2 across: the middle source pixel is split half and half; a transparent pixel adds nothing
 * to the colour and lowers the alpha. */
static void
test_shrink_partial_and_alpha(void **state)
{
    const unsigned char row[3] = {0, 90, 180}, arow[3] = {0, 255, 255};
    unsigned char px[2], al[2];
    jb_shrink k;
    (void)state;
    assert_int_equal(jb_shrink_init(&k, 3, 1, 2, 1, 1, px, al), 0);
    jb_shrink_row(&k, 0, row, arow);
    jb_shrink_fini(&k);
    assert_int_equal(px[0], 90);  /* only the opaque half pixel of 90 shows */
    assert_int_equal(al[0], 85);  /* a third of the cell's area is opaque: 1.5 px cell, 0.5 lit */
    assert_int_equal(px[1], 150); /* (0.5 × 90 + 1 × 180) / 1.5 */
    assert_int_equal(al[1], 255);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shrink_halves),
        cmocka_unit_test(test_shrink_partial_and_alpha),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
