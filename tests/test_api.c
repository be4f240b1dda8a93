/* Tests of the public API through jianbao.h alone (tests/CMakeLists.txt compiles this file with an
 * include path holding nothing but that header): an engine shared by threads, render to memory
 * and to a file giving the same bytes, inspect, import, options that grow without breaking a
 * compiled caller, and the diagnostics of a missing input. */
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
    jb_engine_opts o = JB_ENGINE_OPTS_INIT;
    (void)state;
    o.data_dir = JB_TEST_ROOT;
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

static const jb_engine_opts engine_defaults = {
    sizeof(jb_engine_opts), NULL, JB_TEST_ROOT, NULL, 0, NULL, 0};

static jb_job_opts
opts(const char *input)
{
    jb_job_opts o = JB_JOB_OPTS_INIT;
    o.input = input;
    o.engine = engine;
    o.engine_opts = &engine_defaults;
    return o;
}

/* Renders o into memory: the bytes (caller frees), *len of them; NULL with *st on failure. */
static unsigned char *
render_mem(const jb_job_opts *in, size_t *len, jb_status *st, jb_result **keep)
{
    jb_job_opts o = *in;
    jb_result *r = NULL;
    jb_diag d;
    unsigned char *data;
    jb_status s;
    jb_diag_init(&d);
    o.to_memory = 1;
    s = jb_render(&o, &r, &d);
    if (st)
        *st = s;
    data = s == JB_OK ? jb_result_take_data(r, len) : NULL;
    if (keep)
        *keep = r;
    else
        jb_result_free(r);
    return data;
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
    assert_true(JB_ABI_VERSION >= 1);
}

static void
test_api_renders_to_memory_the_bytes_it_writes(void **state)
{
    jb_job_opts o = opts(SAMPLE);
    jb_result *mi, *fi;
    jb_diag d;
    unsigned char *pdf, *file;
    size_t len, flen;
    char dir[] = "/tmp/jb-api-XXXXXX", path[64];
    (void)state;

    pdf = render_mem(&o, &len, NULL, &mi);
    assert_non_null(pdf);
    assert_true(len > 20000 && len < 4000000);
    assert_memory_equal(pdf, "%PDF-", 5);
    assert_true(contains(pdf + len - 32, 32, "%%EOF"));
    assert_string_equal(jb_result_text(mi, JB_R_OUTPUT), "");
    assert_true(jb_result_number(mi, JB_R_BODY_PT) > 8);
    assert_true(jb_result_number(mi, JB_R_SECTIONS) == 5);
    assert_true(jb_result_number(mi, JB_R_FIGURES) > 0);
    assert_null(jb_result_data(mi, NULL)); /* taken */

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/brief.pdf", dir);
    o.output = path;
    jb_diag_init(&d);
    assert_int_equal(jb_render(&o, &fi, &d), JB_OK);
    assert_string_equal(jb_result_text(fi, JB_R_OUTPUT), path);
    assert_null(jb_result_data(fi, NULL)); /* written, not kept */
    file = read_file(path, &flen);
    assert_int_equal(flen, len);
    assert_memory_equal(file, pdf, len);
    assert_true(jb_result_number(fi, JB_R_BODY_PT) == jb_result_number(mi, JB_R_BODY_PT) &&
                jb_result_number(fi, JB_R_BODY_LINES) == jb_result_number(mi, JB_R_BODY_LINES) &&
                jb_result_number(fi, JB_R_GLYPHS) == jb_result_number(mi, JB_R_GLYPHS));
    jb_result_free(mi);
    jb_result_free(fi);
    free(file);
    free(pdf);
    /* the result is optional for a file */
    jb_diag_init(&d);
    assert_int_equal(jb_render(&o, NULL, &d), JB_OK);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);

    /* but not for memory */
    jb_diag_init(&d);
    o.output = NULL;
    o.to_memory = 1;
    assert_int_equal(jb_render(&o, NULL, &d), JB_ERR_USAGE);
}

/* A render without an engine opens its own layout and fonts and gives the same page. */
static void
test_api_renders_without_an_engine(void **state)
{
    jb_job_opts o = opts(SAMPLE);
    unsigned char *a, *b;
    size_t na, nb;
    (void)state;
    a = render_mem(&o, &na, NULL, NULL);
    o.engine = NULL;
    b = render_mem(&o, &nb, NULL, NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
}

/* The size at the head of the options: the first size of this ABI (every field up to
 * engine_opts) is read as such whatever lies past it, a shorter one (no header had it) and a
 * longer one (a caller built against a newer jianbao) are refused with a usage error. Fields
 * appended later read as zero for a caller of this size (jianbao.c, options()). */
static void
test_api_options_grow_without_breaking_callers(void **state)
{
    jb_job_opts o = opts(SAMPLE), old;
    unsigned char *a, *b;
    size_t na, nb;
    jb_result *r = (jb_result *)&r;
    jb_diag d;
    (void)state;
    a = render_mem(&o, &na, NULL, NULL);
    memset(&old, 0xA5, sizeof old);
    old.size = offsetof(jb_job_opts, from);
    old.input = SAMPLE;
    old.output = NULL;
    old.to_memory = 1;
    jb_diag_init(&d);
    assert_int_equal(jb_render(&old, &r, &d), JB_ERR_USAGE); /* too old: no engine_opts */
    assert_null(r);
    assert_non_null(strstr(d.hint, "JB_JOB_OPTS_INIT"));
    old.size = offsetof(jb_job_opts, engine_opts) + sizeof(void *);
    old.from = NULL, old.to = NULL, old.encoding = NULL, old.max_input = 0;
    old.allow_missing = old.condense = 0, old.meta = NULL, old.n_meta = 0;
    old.input_data = NULL, old.input_len = 0, old.engine = engine;
    old.engine_opts = &engine_defaults;
    b = render_mem(&old, &nb, NULL, NULL);
    assert_non_null(b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    old.size = sizeof old + 8; /* a newer caller than this library */
    jb_diag_init(&d);
    assert_int_equal(jb_render(&old, NULL, &d), JB_ERR_USAGE);
    /* results: an unknown key reads as nothing */
    r = NULL;
    o = opts(SAMPLE);
    o.to = "json";
    o.to_memory = 1;
    jb_diag_init(&d);
    assert_int_equal(jb_render(&o, &r, &d), JB_OK);
    assert_true(jb_result_number(r, (jb_result_number_key)999) == 0);
    assert_string_equal(jb_result_text(r, (jb_result_text_key)999), "");
    assert_null(jb_result_left_out(r, 0));
    jb_result_free(r);
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
    jb_job_opts o = opts(SAMPLE);
    unsigned char *pdf;
    size_t len;

    t->same = 1;
    for (int k = 0; k < 3; k++) {
        pdf = render_mem(&o, &len, NULL, NULL);
        t->same &= pdf && len == t->want_len && memcmp(pdf, t->want, len) == 0;
        free(pdf);
    }
    return NULL;
}

/* One engine, four threads rendering at once: every PDF is the one a single render gives. */
static void
test_api_engine_is_shared_by_threads(void **state)
{
    jb_job_opts o = opts(SAMPLE);
    unsigned char *want;
    size_t len;
    pthread_t th[4];
    thread_job jobs[4];
    (void)state;
    want = render_mem(&o, &len, NULL, NULL);
    assert_non_null(want);
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
    jb_job_opts o = opts(SAMPLE);
    jb_result *r;
    jb_diag d;
    char *json;
    size_t len;
    (void)state;
    o.to = "json";
    json = (char *)render_mem(&o, &len, NULL, NULL);
    assert_non_null(json);
    assert_int_equal(json[0], '{');
    assert_int_equal(strlen(json), len);
    assert_non_null(strstr(json, "\"body_pt\":"));
    assert_non_null(strstr(json, "\"title\":\t\"江西资溪：“五重”做强做优关心下一代工作品牌\""));
    free(json);

    o = opts(JB_TEST_ROOT "/samples/zixi-wuzhong-raw.txt");
    jb_diag_init(&d);
    assert_int_equal(jb_import_report(&o, &r, &d), JB_OK);
    assert_non_null(strstr((const char *)jb_result_data(r, NULL),
                           "\ntitle: 江西资溪：“五重”做强做优关心下一代工作品牌\n"));
    assert_non_null(strstr(jb_result_text(r, JB_R_DETECTED), "imported a raw article"));
    assert_true(jb_result_number(r, JB_R_LEFT_OUT) >= 3);
    assert_non_null(jb_result_left_out(r, 0));
    assert_string_equal(jb_result_left_out(r, 0)->reason, "navigation");
    assert_int_equal(jb_result_left_out(r, 0)->line, 1);
    jb_result_free(r);
}

static void
test_api_missing_input(void **state)
{
    const char *missing = JB_TEST_ROOT "/samples/no-such-brief.md";
    jb_job_opts o = opts(missing);
    jb_result *r = (jb_result *)&r;
    jb_diag d;
    jb_status st;
    size_t len = 1;
    (void)state;

    jb_diag_init(&d);
    assert_null(render_mem(&o, &len, &st, NULL));
    assert_int_equal(st, JB_ERR_INPUT);
    assert_int_equal(len, 1); /* untouched */
    jb_diag_init(&d);
    o.to_memory = 1;
    assert_int_equal(jb_render(&o, &r, &d), JB_ERR_INPUT);
    assert_null(jb_result_data(r, &len));
    assert_int_equal(len, 0);
    jb_result_free(r);
    assert_int_equal(d.status, JB_ERR_INPUT);
    assert_string_equal(d.file, missing);
    assert_true(d.message[0] != '\0' && d.hint[0] != '\0');
    assert_int_equal(jb_status_exit_code(d.status), 3);
    assert_string_equal(jb_status_name(d.status), "input");

    jb_diag_init(&d);
    o.to_memory = 0;
    o.output = "/tmp/jb-api-never-written.pdf";
    assert_int_equal(jb_render(&o, NULL, &d), JB_ERR_INPUT);
    assert_string_equal(d.file, missing);
    assert_int_equal(access(o.output, F_OK), -1);

    jb_diag_init(&d);
    o.output = NULL;
    o.from = "no-such-format";
    assert_int_equal(jb_render(&o, NULL, &d), JB_ERR_USAGE);
    assert_non_null(strstr(d.hint, "md (a report file)"));
    o.from = NULL;
    jb_diag_init(&d);
    o.to = "no-such-format";
    assert_int_equal(jb_render(&o, NULL, &d), JB_ERR_USAGE);
    assert_non_null(strstr(d.hint, "pdf"));
    o.to = NULL;

    jb_diag_init(&d);
    r = NULL;
    assert_int_equal(jb_import_report(&o, &r, &d), JB_ERR_INPUT);
    assert_null(jb_result_data(r, NULL));
    jb_result_free(r);
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
    jb_engine_opts o = JB_ENGINE_OPTS_INIT;
    (void)state;
    o.data_dir = JB_TEST_ROOT;
    o.set = set;
    o.n_set = 1;
    jb_diag_init(&d);
    assert_int_equal(jb_engine_open(&o, &e, &d), JB_ERR_LAYOUT);
    assert_null(e);
    assert_true(d.message[0] != '\0');
    jb_engine_free(NULL);
    o.size = 0; /* not initialised with JB_ENGINE_OPTS_INIT */
    jb_diag_init(&d);
    assert_int_equal(jb_engine_open(&o, &e, &d), JB_ERR_USAGE);
    assert_null(e);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_version),
        cmocka_unit_test(test_api_renders_to_memory_the_bytes_it_writes),
        cmocka_unit_test(test_api_renders_without_an_engine),
        cmocka_unit_test(test_api_options_grow_without_breaking_callers),
        cmocka_unit_test(test_api_engine_is_shared_by_threads),
        cmocka_unit_test(test_api_inspects_and_imports),
        cmocka_unit_test(test_api_missing_input),
        cmocka_unit_test(test_api_bad_layout_fails_to_open),
    };
    return cmocka_run_group_tests_name("api", tests, open_engine, close_engine);
}
