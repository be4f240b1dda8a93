/* Tests of the public API through jianbao.h alone (tests/CMakeLists.txt compiles this file with an
 * include path holding nothing but that header): an engine shared by threads, render to memory
 * and to a file giving the same bytes, inspect, import, and the diagnostics of a missing input. */
#include "jianbao.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define SAMPLE JB_TEST_ROOT "/samples/zixi-wuzhong.md"

static jb_engine *engine;

static int
open_engine(void **state)
{
    jb_diag d;
    jb_render_opts o = {.data_dir = JB_TEST_ROOT};
    (void)state;
    jb_diag_init(&d);
    if (jb_engine_open(&o, &engine, &d) != JB_OK) {
        fprintf(stderr, "%s: %s\n", d.file, d.message);
        return -1;
    }
    return 0;
}

static int
close_engine(void **state)
{
    (void)state;
    jb_engine_free(engine);
    engine = NULL;
    return 0;
}

static jb_render_opts
opts(const char *input)
{
    jb_render_opts o;
    memset(&o, 0, sizeof o);
    o.input = input;
    o.data_dir = JB_TEST_ROOT;
    o.engine = engine;
    return o;
}

static unsigned char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    data = malloc((size_t)n);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

static int
contains(const unsigned char *data, size_t len, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, s, n) == 0)
            return 1;
    return 0;
}

static void
test_api_version(void **state)
{
    (void)state;
    assert_string_equal(jb_version(), JB_VERSION_STRING);
}

static void
test_api_renders_to_memory_the_bytes_it_writes(void **state)
{
    jb_render_opts o = opts(SAMPLE);
    jb_render_info mi, fi;
    jb_diag d;
    unsigned char *pdf, *file;
    size_t len, flen;
    char dir[] = "/tmp/jb-api-XXXXXX", path[64];
    (void)state;

    jb_diag_init(&d);
    assert_int_equal(jb_render_mem(&o, &pdf, &len, &mi, &d), JB_OK);
    assert_non_null(pdf);
    assert_true(len > 20000 && len < 4000000);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_true(contains(pdf + len - 32, 32, "%%EOF"));
    assert_string_equal(mi.output, "");
    assert_true(mi.body_pt > 8 && mi.n_sections == 5 && mi.n_figures > 0);

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/brief.pdf", dir);
    o.output = path;
    jb_diag_init(&d);
    assert_int_equal(jb_render(&o, &fi, &d), JB_OK);
    assert_string_equal(fi.output, path);
    file = read_file(path, &flen);
    assert_int_equal(flen, len);
    assert_memory_equal(file, pdf, len);
    assert_true(fi.body_pt == mi.body_pt && fi.body_lines == mi.body_lines &&
                fi.n_glyphs == mi.n_glyphs);
    free(file);
    free(pdf);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);

    /* info is optional for memory */
    jb_diag_init(&d);
    o.output = NULL;
    assert_int_equal(jb_render_mem(&o, &pdf, &len, NULL, &d), JB_OK);
    assert_memory_equal(pdf, "%PDF-", 5);
    free(pdf);
}

/* A render without an engine opens its own layout and fonts and gives the same page. */
static void
test_api_renders_without_an_engine(void **state)
{
    jb_render_opts o = opts(SAMPLE);
    jb_diag d;
    unsigned char *a, *b;
    size_t na, nb;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_render_mem(&o, &a, &na, NULL, &d), JB_OK);
    o.engine = NULL;
    assert_int_equal(jb_render_mem(&o, &b, &nb, NULL, &d), JB_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
}

typedef struct {
    const unsigned char *want;
    size_t want_len;
    int same;
} thread_job;

static void *
render_in_thread(void *arg)
{
    thread_job *t = arg;
    jb_render_opts o = opts(SAMPLE);
    jb_diag d;
    unsigned char *pdf;
    size_t len;

    jb_diag_init(&d);
    t->same = 1;
    for (int k = 0; k < 3; k++) {
        if (jb_render_mem(&o, &pdf, &len, NULL, &d) != JB_OK)
            t->same = 0;
        else
            t->same &= len == t->want_len && memcmp(pdf, t->want, len) == 0;
        free(pdf);
    }
    return NULL;
}

/* One engine, four threads rendering at once: every PDF is the one a single render gives. */
static void
test_api_engine_is_shared_by_threads(void **state)
{
    jb_render_opts o = opts(SAMPLE);
    jb_diag d;
    unsigned char *want;
    size_t len;
    pthread_t th[4];
    thread_job jobs[4];
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_render_mem(&o, &want, &len, NULL, &d), JB_OK);
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){want, len, 0};
        assert_int_equal(pthread_create(&th[i], NULL, render_in_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(jobs[i].same);
    }
    free(want);
}

static void
test_api_inspects_and_imports(void **state)
{
    jb_render_opts o = opts(SAMPLE);
    jb_diag d;
    char *json, *report, detected[512];
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_inspect(&o, &json, &d), JB_OK);
    assert_non_null(json);
    assert_int_equal(json[0], '{');
    assert_non_null(strstr(json, "\"body_pt\":"));
    assert_non_null(strstr(json, "\"title\":\t\"江西资溪：“五重”做强做优关心下一代工作品牌\""));
    free(json);

    o = opts(JB_TEST_ROOT "/samples/zixi-wuzhong-raw.txt");
    jb_diag_init(&d);
    assert_int_equal(jb_import_report(&o, &report, detected, sizeof detected, &d), JB_OK);
    assert_non_null(strstr(report, "\ntitle: 江西资溪：“五重”做强做优关心下一代工作品牌\n"));
    assert_non_null(strstr(detected, "imported a raw article"));
    free(report);
}

static void
test_api_missing_input(void **state)
{
    const char *missing = JB_TEST_ROOT "/samples/no-such-brief.md";
    jb_render_opts o = opts(missing);
    jb_render_info info;
    jb_diag d;
    unsigned char *pdf = (unsigned char *)"x";
    size_t len = 1;
    char *json = (char *)"x", *report = (char *)"x", detected[64];
    (void)state;

    jb_diag_init(&d);
    assert_int_equal(jb_render_mem(&o, &pdf, &len, &info, &d), JB_ERR_INPUT);
    assert_null(pdf);
    assert_int_equal(len, 0);
    assert_int_equal(d.status, JB_ERR_INPUT);
    assert_string_equal(d.file, missing);
    assert_true(d.message[0] != '\0' && d.hint[0] != '\0');
    assert_int_equal(jb_status_exit_code(d.status), 3);
    assert_string_equal(jb_status_name(d.status), "input");

    jb_diag_init(&d);
    o.output = "/tmp/jb-api-never-written.pdf";
    assert_int_equal(jb_render(&o, &info, &d), JB_ERR_INPUT);
    assert_string_equal(d.file, missing);
    assert_int_equal(access(o.output, F_OK), -1);

    jb_diag_init(&d);
    assert_int_equal(jb_inspect(&o, &json, &d), JB_ERR_INPUT);
    assert_null(json);
    jb_diag_init(&d);
    o.output = NULL;
    assert_int_equal(jb_import_report(&o, &report, detected, sizeof detected, &d), JB_ERR_INPUT);
    assert_null(report);
    assert_string_equal(d.file, missing);

    jb_diag_init(&d);
    assert_int_equal(d.status, JB_OK);
    assert_int_equal(jb_status_exit_code(JB_OK), 0);
    assert_string_equal(jb_status_name(JB_ERR_OVERFLOW), "overflow");
}

static void
test_api_bad_layout_fails_to_open(void **state)
{
    jb_engine *e = (jb_engine *)&e;
    jb_diag d;
    const char *const set[] = {"page.no_such_key=1"};
    jb_render_opts o = {.data_dir = JB_TEST_ROOT, .set = set, .n_set = 1};
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_engine_open(&o, &e, &d), JB_ERR_LAYOUT);
    assert_null(e);
    assert_true(d.message[0] != '\0');
    jb_engine_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_version),
        cmocka_unit_test(test_api_renders_to_memory_the_bytes_it_writes),
        cmocka_unit_test(test_api_renders_without_an_engine),
        cmocka_unit_test(test_api_engine_is_shared_by_threads),
        cmocka_unit_test(test_api_inspects_and_imports),
        cmocka_unit_test(test_api_missing_input),
        cmocka_unit_test(test_api_bad_layout_fails_to_open),
    };
    return cmocka_run_group_tests_name("api", tests, open_engine, close_engine);
}
