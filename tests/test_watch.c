/* test_watch — jb_watch sees a file saved in place and one saved by rename, and times out. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "watch.h"

typedef struct {
    char dir[64];
    char a[96], b[96];
} files;

static void
put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void
make(files *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/jb-watch-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->a, sizeof f->a, "%s/a.md", f->dir);
    snprintf(f->b, sizeof f->b, "%s/b.ini", f->dir);
    put(f->a, "a");
    put(f->b, "b");
}

static void
clean(files *f)
{
    char other[128];
    snprintf(other, sizeof other, "%s/other.txt", f->dir);
    unlink(f->a);
    unlink(f->b);
    unlink(other);
    rmdir(f->dir);
}

static void
pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static void *
save_in_place(void *arg)
{
    pause_ms(100);
    put(((files *)arg)->b, "b2");
    return NULL;
}

static void *
save_by_rename(void *arg)
{
    files *f = arg;
    char tmp[128];
    pause_ms(100);
    snprintf(tmp, sizeof tmp, "%s/.a.md.swp", f->dir);
    put(tmp, "a2");
    rename(tmp, f->a);
    return NULL;
}

/* Watches a.md and b.ini while save() runs in a thread; the file it saved is reported. */
static void
expect_save(void *(*save)(void *), int want)
{
    files f;
    jb_watch *w;
    jb_diag d;
    pthread_t t;
    const char *paths[2];
    make(&f);
    paths[0] = f.a, paths[1] = f.b;
    jb_diag_init(&d);
    assert_int_equal(jb_watch_open(paths, 2, &w, &d), JB_OK);
    pthread_create(&t, NULL, save, &f);
    assert_int_equal(jb_watch_next(w, 5000, 50), want);
    pthread_join(t, NULL);
    jb_watch_free(w);
    clean(&f);
}

static void
test_watch_sees_a_save_in_place(void **state)
{
    (void)state;
    expect_save(save_in_place, 1);
}

static void
test_watch_sees_a_save_by_rename(void **state)
{
    (void)state;
    expect_save(save_by_rename, 0);
}

static void
test_watch_ignores_other_files_and_times_out(void **state)
{
    files f;
    jb_watch *w;
    jb_diag d;
    char other[128];
    const char *paths[1];
    (void)state;
    make(&f);
    paths[0] = f.a;
    jb_diag_init(&d);
    assert_int_equal(jb_watch_open(paths, 1, &w, &d), JB_OK);
    snprintf(other, sizeof other, "%s/other.txt", f.dir);
    put(other, "x");
    assert_int_equal(jb_watch_next(w, 200, 20), -1);
    jb_watch_free(w);
    clean(&f);
}

static void
test_watch_refuses_a_missing_file(void **state)
{
    jb_watch *w;
    jb_diag d;
    const char *paths[1] = {"/tmp/jb-watch-no-such-dir/r.md"};
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_watch_open(paths, 1, &w, &d), JB_ERR_INPUT);
    assert_null(w);
    assert_string_equal(d.file, paths[0]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watch_sees_a_save_in_place),
        cmocka_unit_test(test_watch_sees_a_save_by_rename),
        cmocka_unit_test(test_watch_ignores_other_files_and_times_out),
        cmocka_unit_test(test_watch_refuses_a_missing_file),
    };
    return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
