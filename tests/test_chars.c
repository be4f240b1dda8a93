/* Tests of chars: for every class a table of code points in it and of neighbours just outside
 * it (block edges, look-alikes), and the punctuation class of every mark of docs/RULES.md §2.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "chars.h"

typedef struct {
    const char *name;
    int (*in)(uint32_t);
    const uint32_t *yes, *no;
} char_class;

#define END 0xFFFFFFFF /* ends a code-point list (no character has this value) */

static const uint32_t han_yes[] = {0x4E00, 0x91CD,  0x9FFF,  0x3400,  0x4DBF, 0xF900,
                                   0xFAFF, 0x20000, 0x20BB7, 0x3FFFF, 0x3007, END};
static const uint32_t han_no[] = {0x4DFF, 0xA000, 0x33FF, 0xF8FF, 0xFB00, 0x1FFFF, 0x40000, 0x3006,
                                  0x3005, 0xFF0C, 0x3002, 'A',    '1',    0xFF11,  END};
static const uint32_t digit_yes[] = {'0', '5', '9', END};
static const uint32_t digit_no[] = {'/', ':', 0xFF10, 0xFF19, 0x4E00, 0x0660, 'a', END};
static const uint32_t latin_yes[] = {'A', 'Z', 'a', 'z', 'm', END};
static const uint32_t latin_no[] = {'@', '[', '`', '{', '0', 0xFF21, 0x00E9, 0x4E00, END};
static const uint32_t alnum_yes[] = {'0', '9', 'A', 'z', END};
static const uint32_t alnum_no[] = {'.', '%', '-', '_', 0xFF10, 0x4E00, ' ', END};
static const uint32_t space_yes[] = {' ', '\t', END};
static const uint32_t space_no[] = {'\n', 0x3000, 0x00A0, 0x2009, 'a', END};
static const uint32_t blank_yes[] = {' ', '\t', '\n', 0x3000, 0x00A0, END};
static const uint32_t blank_no[] = {'\r', 0x2009, 0x200B, 0xFEFF, 'a', 0x4E00, END};
static const uint32_t cjk_yes[] = {0x4E00, 0x3000, 0x3001, 0x303F, 0xFF00, 0xFF0C, 0xFF60,
                                   0x201C, 0x201D, 0x2018, 0x2019, 0x2026, 0x2014, END};
static const uint32_t cjk_no[] = {0x2FFF, 0x3040, 0xFEFF, 0xFF61, 0xFF65, 0x2013,
                                  0x00B7, ',',    'a',    '1',    END};
static const uint32_t clause_yes[] = {0x3000, 0x3001, 0x3002, 0x3007, 0x303F, 0xFF00, 0xFF0C,
                                      0xFF11, 0xFF65, 0x2010, 0x201C, 0x2026, 0x206F, END};
static const uint32_t clause_no[] = {0x2FFF, 0x3040, 0xFEFF, 0xFF66, 0x200F,
                                     0x2070, 0x00B7, ',',    0x7B2C, END};
static const uint32_t cn_numeral_yes[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E24, 0x4E09,
                                          0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
                                          0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF, 0x5169,
                                          0x842C, 0x5104, END}; /* and Traditional 兩 萬 億 */
/* 壹 (financial 一), 廿, 第, 数, 几 are no numerals; 两 is */
static const uint32_t cn_numeral_no[] = {0x58F9, 0x5EFF, 0x7B2C, 0x6570, 0x51E0, '1', END};
static const uint32_t cn_big_yes[] = {0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF, 0x842C, 0x5104, END};
static const uint32_t cn_big_no[] = {0x4E00, 0x4E5D, 0x96F6, 0x4E24, 0x5169, END};
static const uint32_t cn_count_yes[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                        0x4E03, 0x516B, 0x4E5D, 0x5341, END};
static const uint32_t cn_count_no[] = {0x96F6, 0x3007, 0x4E24, 0x767E, 0x5343, '1', END};
static const uint32_t interpunct_yes[] = {0x00B7, 0x30FB, 0x2027, END};
static const uint32_t interpunct_no[] = {0x2022, 0x2219, 0x002E, 0xFF0E, END};
static const uint32_t quote_yes[] = {0x201C, 0x201D, 0x2018, 0x2019, END};
static const uint32_t quote_no[] = {'"', '\'', 0x300C, 0x300E, 0x00AB, END};
/* closing marks never start a line (GB/T 15834 5.1), nor —— …… at the strict level */
static const uint32_t no_start_yes[] = {0xFF0C, 0x3002, 0x3001, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01,
                                        0x201D, 0x2019, 0x300B, 0x3009, 0xFF09, 0x3011, 0x2026,
                                        0x22EF, 0x2014, 0x2E3A, 0x00B7, 0xFF5E, 0xFF0F, '%',
                                        0x2030, 0x2103, 0x3005, ',',    ')',    '/',    END};
static const uint32_t no_start_no[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x91CD,
                                       '1',    'a',    0xFFE5, '$',    END};
/* opening marks never end one, nor numeric prefixes and the 分隔号 */
static const uint32_t no_end_yes[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x3008, 0x3010, 0x300C, '(',
                                      '[',    0xFF0F, '/',    0xFFE5, 0x00A5, '$',    0x2116, END};
static const uint32_t no_end_no[] = {0x201D, 0xFF09, 0x300B, 0x3002, 0xFF0C, 0x91CD, '%', ')', END};

static const char_class classes[] = {
    {"han", jb_char_is_han, han_yes, han_no},
    {"digit", jb_char_is_digit, digit_yes, digit_no},
    {"latin", jb_char_is_latin, latin_yes, latin_no},
    {"alnum", jb_char_is_alnum, alnum_yes, alnum_no},
    {"space", jb_char_is_space, space_yes, space_no},
    {"blank", jb_char_is_blank, blank_yes, blank_no},
    {"cjk", jb_char_is_cjk, cjk_yes, cjk_no},
    {"clause_mark", jb_char_is_clause_mark, clause_yes, clause_no},
    {"cn_numeral", jb_char_is_cn_numeral, cn_numeral_yes, cn_numeral_no},
    {"cn_big", jb_char_is_cn_big, cn_big_yes, cn_big_no},
    {"cn_count", jb_char_is_cn_count, cn_count_yes, cn_count_no},
    {"interpunct", jb_char_is_interpunct, interpunct_yes, interpunct_no},
    {"quote", jb_char_is_quote, quote_yes, quote_no},
    {"no_start", jb_char_is_no_start, no_start_yes, no_start_no},
    {"no_end", jb_char_is_no_end, no_end_yes, no_end_no},
};

static void
test_chars_each_class_holds_its_table(void **state)
{
    int bad = 0;
    (void)state;
    for (size_t c = 0; c < sizeof classes / sizeof classes[0]; c++) {
        const char_class *k = &classes[c];
        for (const uint32_t *p = k->yes; *p != END; p++)
            if (!k->in(*p)) {
                print_error("%s: U+%04X should be in the class\n", k->name, (unsigned)*p);
                bad++;
            }
        for (const uint32_t *p = k->no; *p != END; p++)
            if (k->in(*p)) {
                print_error("%s: U+%04X should not be in the class\n", k->name, (unsigned)*p);
                bad++;
            }
    }
    assert_int_equal(bad, 0);
}

static void
test_chars_punct_class_of_every_mark(void **state)
{
    static const struct {
        uint32_t cp;
        int punct;
    } table[] = {
        /* opening: “ ‘ （ 《 〈 【 〔 〖 「 『 ［ ｛ */
        {0x201C, JB_PUNCT_OPEN},
        {0x2018, JB_PUNCT_OPEN},
        {0xFF08, JB_PUNCT_OPEN},
        {0x300A, JB_PUNCT_OPEN},
        {0x3008, JB_PUNCT_OPEN},
        {0x3010, JB_PUNCT_OPEN},
        {0x3014, JB_PUNCT_OPEN},
        {0x3016, JB_PUNCT_OPEN},
        {0x300C, JB_PUNCT_OPEN},
        {0x300E, JB_PUNCT_OPEN},
        {0xFF3B, JB_PUNCT_OPEN},
        {0xFF5B, JB_PUNCT_OPEN},
        /* closing: ” ’ ） 》 〉 】 〕 〗 」 』 ］ ｝ */
        {0x201D, JB_PUNCT_CLOSE},
        {0x2019, JB_PUNCT_CLOSE},
        {0xFF09, JB_PUNCT_CLOSE},
        {0x300B, JB_PUNCT_CLOSE},
        {0x3009, JB_PUNCT_CLOSE},
        {0x3011, JB_PUNCT_CLOSE},
        {0x3015, JB_PUNCT_CLOSE},
        {0x3017, JB_PUNCT_CLOSE},
        {0x300D, JB_PUNCT_CLOSE},
        {0x300F, JB_PUNCT_CLOSE},
        {0xFF3D, JB_PUNCT_CLOSE},
        {0xFF5D, JB_PUNCT_CLOSE},
        /* pauses ，、；： and stops 。？！ */
        {0xFF0C, JB_PUNCT_PAUSE},
        {0x3001, JB_PUNCT_PAUSE},
        {0xFF1B, JB_PUNCT_PAUSE},
        {0xFF1A, JB_PUNCT_PAUSE},
        {0x3002, JB_PUNCT_STOP},
        {0xFF1F, JB_PUNCT_STOP},
        {0xFF01, JB_PUNCT_STOP},
        /* fixed: — … ⋯ ⸺ · – ～ ／ */
        {0x2014, JB_PUNCT_FIXED},
        {0x2026, JB_PUNCT_FIXED},
        {0x22EF, JB_PUNCT_FIXED},
        {0x2E3A, JB_PUNCT_FIXED},
        {0x00B7, JB_PUNCT_FIXED},
        {0x2013, JB_PUNCT_FIXED},
        {0xFF5E, JB_PUNCT_FIXED},
        {0xFF0F, JB_PUNCT_FIXED},
        /* none: Han, ASCII marks (normalised before), ・ ‧ (interpuncts outside the table), ％ */
        {0x91CD, JB_PUNCT_NONE},
        {',', JB_PUNCT_NONE},
        {'(', JB_PUNCT_NONE},
        {'"', JB_PUNCT_NONE},
        {0x30FB, JB_PUNCT_NONE},
        {0x2027, JB_PUNCT_NONE},
        {0xFF05, JB_PUNCT_NONE},
        {0xFF0E, JB_PUNCT_NONE},
        {0x3000, JB_PUNCT_NONE},
    };
    int bad = 0;
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (jb_punct_class(table[i].cp) != table[i].punct) {
            print_error("U+%04X: class %d, want %d\n", (unsigned)table[i].cp,
                        jb_punct_class(table[i].cp), table[i].punct);
            bad++;
        }
    assert_int_equal(bad, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chars_each_class_holds_its_table),
        cmocka_unit_test(test_chars_punct_class_of_every_mark),
    };
    return cmocka_run_group_tests_name("chars", tests, NULL, NULL);
}
