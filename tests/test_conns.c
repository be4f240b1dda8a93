/* conns: a request not arrived by the deadline is shut down, a working one is not; above the cap
 * the oldest connection still receiving makes room; waiting for idle ends when the work does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "conns.h"

/* Whether the peer of fd's pair was shut down: a read at the other end sees the end (0). */
static int
was_shut(int other)
{
    char c;
    return recv(other, &c, 1, MSG_DONTWAIT) == 0;
}

static void
nap_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void
test_conns_deadline(void **state)
{
    int late[2], busy[2];
    jb_conns *cs;
    jb_conn *a, *b;
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, late), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, busy), 0);
    assert_int_equal(jb_conns_start(1, 100, &cs), 0);
    a = jb_conns_add(cs, late[0]);
    b = jb_conns_add(cs, busy[0]);
    jb_conns_set(cs, b, JB_CONN_WORKING);
    assert_false(was_shut(late[1]));
    nap_ms(1600); /* the deadline (1 s) and a turn of the watcher (0.25 s) */
    assert_true(was_shut(late[1]));
    assert_false(was_shut(busy[1]));
    assert_int_equal(jb_conns_wait_idle(cs, 0.1), 0); /* b still works */
    jb_conns_set(cs, b, JB_CONN_ANSWERED);
    assert_int_equal(jb_conns_wait_idle(cs, 0.1), 1);
    jb_conns_remove(cs, a);
    jb_conns_remove(cs, b);
    jb_conns_stop(cs);
    close(late[0]), close(late[1]), close(busy[0]), close(busy[1]);
}

static void
test_conns_evicts_the_oldest_receiving(void **state)
{
    int p[3][2];
    jb_conns *cs;
    jb_conn *k[3];
    (void)state;
    assert_int_equal(jb_conns_start(60, 2, &cs), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, p[i]), 0);
        k[i] = jb_conns_add(cs, p[i][0]);
        if (i == 0)
            jb_conns_set(cs, k[0], JB_CONN_WORKING); /* being answered: never evicted */
    }
    assert_false(was_shut(p[0][1]));
    assert_true(was_shut(p[1][1])); /* the oldest still receiving */
    assert_false(was_shut(p[2][1]));
    for (int i = 0; i < 3; i++) {
        jb_conns_remove(cs, k[i]);
        close(p[i][0]), close(p[i][1]);
    }
    jb_conns_stop(cs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conns_deadline),
        cmocka_unit_test(test_conns_evicts_the_oldest_receiving),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
