/* Tests of source: reading, UTF-8 validation with positions, newlines, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "source.h"

static void
test_source_strips_bom_and_normalises_newlines(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "\xEF\xBB\xBF"
                      "a\r\nb\rc\n";
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("m.md", in, sizeof in - 1, NULL, &s, &d), JB_OK);
    assert_string_equal(s->text, "a\nb\nc\n");
    assert_int_equal(s->n_lines, 4);
    jb_source_free(s);
}

/* Without a CR the text is copied as it is; its lines start after each LF. */
static void
test_source_lines_of_lf_text(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "\xEF\xBB\xBF"
                      "标题\n\n重阵地\tab\n末";
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("lf.md", in, sizeof in - 1, NULL, &s, &d), JB_OK);
    assert_string_equal(s->text, "标题\n\n重阵地\tab\n末");
    assert_int_equal(s->n_lines, 4);
    assert_int_equal(s->line_starts[1], strlen("标题\n"));
    assert_int_equal(s->line_starts[2], strlen("标题\n\n"));
    assert_int_equal(s->line_starts[3], strlen("标题\n\n重阵地\tab\n"));
    jb_source_free(s);
    assert_int_equal(jb_source_from_memory("del.md", "ab\x7F", 3, NULL, &s, &d), JB_ERR_ENCODING);
    assert_non_null(strstr(d.message, "U+007F"));
}

static void
test_source_reports_invalid_utf8_position_and_bytes(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "第一行\n重阵\xD6\xD8地";
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("gbk.md", in, sizeof in - 1, NULL, &s, &d),
                     JB_ERR_ENCODING);
    assert_null(s);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 3);
    assert_non_null(strstr(d.message, "D6 D8"));
    assert_non_null(strstr(d.hint, "--encoding"));
}

static void
test_source_refuses_nul_and_control_characters(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "ab\ncd\0ef";
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("nul.md", in, sizeof in - 1, NULL, &s, &d),
                     JB_ERR_ENCODING);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 3);
    assert_non_null(strstr(d.message, "U+0000"));
}

static void
test_source_converts_utf16_with_bom(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "\xFF\xFE"
                      "\xCD\x91"
                      "\x35\x96"
                      "\r\0\n\0"; /* 重阵 CRLF, UTF-16LE */
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("u16.md", in, sizeof in - 1, NULL, &s, &d), JB_OK);
    assert_string_equal(s->text, "重阵\n");
    assert_string_equal(s->encoding, "UTF-16");
    jb_source_free(s);
}

static void
test_source_detects_gb18030(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "title: \xD6\xD8\xD5\xF3\xB5\xD8\n"; /* 重阵地 in GBK */
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("gb.md", in, sizeof in - 1, NULL, &s, &d), JB_OK);
    assert_string_equal(s->text, "title: 重阵地\n");
    assert_string_equal(s->encoding, "GB18030");
    jb_source_free(s);
}

static void
test_source_forced_encoding_reports_bad_bytes(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "\xD6\xD8\n\xB5\xD8\xFF\xFF"; /* 重 / 地 then bytes GBK lacks */
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("gb.md", in, sizeof in - 1, "GBK", &s, &d),
                     JB_ERR_ENCODING);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.col, 2);
    assert_non_null(strstr(d.message, "FF FF"));
    assert_non_null(strstr(d.message, "GBK"));
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("x.md", "a", 1, "NO-SUCH-CODE", &s, &d), JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "NO-SUCH-CODE"));
}

static void
test_source_utf16_nul_is_a_control_character(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "\xFF\xFE"
                      "a\0\0\0";
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("u16.md", in, sizeof in - 1, NULL, &s, &d),
                     JB_ERR_ENCODING);
    assert_non_null(strstr(d.message, "U+0000"));
}

static void
test_source_positions_count_characters(void **state)
{
    jb_source *s;
    jb_diag d;
    const char in[] = "标题\n重阵地，关工";
    int line, col;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_from_memory("p.md", in, sizeof in - 1, NULL, &s, &d), JB_OK);
    jb_source_position(s, strlen("标题\n重阵地"), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 4);
    jb_source_free(s);
}

static void
test_source_load_errors_name_the_problem(void **state)
{
    jb_source *s;
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_source_load("/nonexistent/report.md", NULL, &s, &d), JB_ERR_INPUT);
    assert_string_equal(d.file, "/nonexistent/report.md");
    jb_diag_init(&d);
    assert_int_equal(jb_source_load("/tmp", NULL, &s, &d), JB_ERR_INPUT);
    assert_non_null(strstr(d.message, "directory"));
}

static void
test_source_load_reads_a_file(void **state)
{
    char path[] = "/tmp/jb-test-source-XXXXXX";
    int fd = mkstemp(path);
    jb_source *s;
    jb_diag d;
    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "重阵地\n", strlen("重阵地\n")), (int)strlen("重阵地\n"));
    close(fd);
    jb_diag_init(&d);
    assert_int_equal(jb_source_load(path, NULL, &s, &d), JB_OK);
    assert_string_equal(s->text, "重阵地\n");
    assert_string_equal(s->path, path);
    jb_source_free(s);
    unlink(path);
}

/* jb_source_open_regular: a regular file opens; a FIFO is refused at once (never waited on),
 * as is a directory, each with its own errno. */
static void
test_source_open_regular_refuses_fifo(void **state)
{
    char dir[] = "/tmp/jb-open-XXXXXX", path[64];
    struct stat st;
    int fd;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/f", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(jb_source_open_regular(path, &st), -1);
    assert_int_equal(errno, EINVAL);
    assert_non_null(strstr(jb_source_open_error(errno), "not a regular file"));
    assert_null(jb_source_fopen_regular(dir, "r"));
    assert_int_equal(errno, EISDIR);
    unlink(path);
    snprintf(path, sizeof path, "%s/r", dir);
    FILE *f = fopen(path, "w");
    fputs("x", f);
    fclose(f);
    assert_true((fd = jb_source_open_regular(path, &st)) >= 0);
    assert_int_equal(st.st_size, 1);
    close(fd);
    unlink(path);
    rmdir(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_strips_bom_and_normalises_newlines),
        cmocka_unit_test(test_source_open_regular_refuses_fifo),
        cmocka_unit_test(test_source_reports_invalid_utf8_position_and_bytes),
        cmocka_unit_test(test_source_refuses_nul_and_control_characters),
        cmocka_unit_test(test_source_lines_of_lf_text),
        cmocka_unit_test(test_source_converts_utf16_with_bom),
        cmocka_unit_test(test_source_detects_gb18030),
        cmocka_unit_test(test_source_forced_encoding_reports_bad_bytes),
        cmocka_unit_test(test_source_utf16_nul_is_a_control_character),
        cmocka_unit_test(test_source_positions_count_characters),
        cmocka_unit_test(test_source_load_errors_name_the_problem),
        cmocka_unit_test(test_source_load_reads_a_file),
    };
    return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
