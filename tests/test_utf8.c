/* Tests of utf8: decoding and encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static void
test_utf8_decodes_every_length(void **state)
{
    uint32_t cp;
    (void)state;
    assert_int_equal(jb_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(jb_utf8_decode("\xC2\xB7", 2, &cp), 2);
    assert_int_equal(cp, 0xB7);
    assert_int_equal(jb_utf8_decode("重", 3, &cp), 3);
    assert_int_equal(cp, 0x91CD);
    assert_int_equal(jb_utf8_decode("\xF0\xA0\xAE\xB7", 4, &cp), 4);
    assert_int_equal(cp, 0x20BB7);
}

static void
test_utf16_encodes_surrogate_pairs(void **state)
{
    uint16_t u[2];
    (void)state;
    assert_int_equal(jb_utf16_encode(0x91CD, u), 1);
    assert_int_equal(u[0], 0x91CD);
    assert_int_equal(jb_utf16_encode(0x20BB7, u), 2); /* 𠮷 */
    assert_int_equal(u[0], 0xD842);
    assert_int_equal(u[1], 0xDFB7);
    assert_int_equal(jb_utf16_encode(0x10FFFF, u), 2);
    assert_int_equal(u[0], 0xDBFF);
    assert_int_equal(u[1], 0xDFFF);
}

static void
test_utf8_rejects_malformed_sequences(void **state)
{
    uint32_t cp;
    (void)state;
    assert_int_equal(jb_utf8_decode("\xC0\xAF", 2, &cp), 0);     /* overlong */
    assert_int_equal(jb_utf8_decode("\xE0\x9F\xBF", 3, &cp), 0); /* overlong U+07FF */
    assert_int_equal(jb_utf8_decode("\xE0\xA0\x80", 3, &cp), 3); /* U+0800, the first */
    assert_int_equal(cp, 0x800);
    assert_int_equal(jb_utf8_decode("\xED\x9F\xBF", 3, &cp), 3); /* U+D7FF, below the surrogates */
    assert_int_equal(cp, 0xD7FF);
    assert_int_equal(jb_utf8_decode("\xEF\xBF\xBF", 3, &cp), 3); /* U+FFFF */
    assert_int_equal(cp, 0xFFFF);
    assert_int_equal(jb_utf8_decode("\xE9\x87\x8D", 2, &cp), 0);     /* len cuts it */
    assert_int_equal(jb_utf8_decode("\xED\xA0\x80", 3, &cp), 0);     /* surrogate */
    assert_int_equal(jb_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
    assert_int_equal(jb_utf8_decode("\xE9\x87", 2, &cp), 0);         /* truncated */
    assert_int_equal(jb_utf8_decode("\xE9\x41\x8D", 3, &cp), 0);     /* bad continuation */
    assert_int_equal(jb_utf8_decode("\xFF", 1, &cp), 0);
}

static void
test_utf8_encode_round_trips(void **state)
{
    const uint32_t cps[] = {0x24, 0xA2, 0x20AC, 0x91CD, 0x20BB7, 0x10FFFF};
    (void)state;
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        uint32_t back;
        size_t n = jb_utf8_encode(cps[i], buf);
        assert_int_equal(jb_utf8_decode(buf, n, &back), n);
        assert_int_equal(back, cps[i]);
    }
}

static void
test_utf8_to_utf32_counts_characters(void **state)
{
    size_t n;
    uint32_t *u = jb_utf8_to_utf32("达155个", strlen("达155个"), &n);
    (void)state;
    assert_non_null(u);
    assert_int_equal(n, 5);
    assert_int_equal(u[0], 0x8FBE);
    assert_int_equal(u[4], 0x4E2A);
    free(u);
    assert_null(jb_utf8_to_utf32("a\xFF", 2, &n));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decodes_every_length),
        cmocka_unit_test(test_utf8_rejects_malformed_sequences),
        cmocka_unit_test(test_utf16_encodes_surrogate_pairs),
        cmocka_unit_test(test_utf8_encode_round_trips),
        cmocka_unit_test(test_utf8_to_utf32_counts_characters),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
