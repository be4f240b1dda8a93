/* conns — the connections of jianbao serve: request deadline, eviction at the cap, idle wait. */
#include "conns.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "clock.h"

struct jb_conn {
    jb_conn *prev, *next;
    int fd;
    double t0;   /* when its current request began to arrive (accept, or the last answer) */
    int working; /* the request has arrived and is answered: no deadline, never evicted */
    int closing; /* shut down by the deadline or the eviction */
};

struct jb_conns {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    jb_conn *head, *tail; /* oldest first */
    int n, timeout_s, evict_at, stop;
    pthread_t watcher;
};

/* An absolute CLOCK_REALTIME time ms milliseconds from now, for pthread_cond_timedwait. */
static struct timespec
after_ms(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L)
        t.tv_sec++, t.tv_nsec -= 1000000000L;
    return t;
}

/* Shuts k's socket down (under mu: the server closes the descriptor only after jb_conns_remove,
 * so it is still this connection's). Its thread then reads the end and closes it. */
static void
shut(jb_conn *k)
{
    if (k->fd >= 0)
        shutdown(k->fd, SHUT_RDWR);
    k->closing = 1;
}

static void *
watch_main(void *arg)
{
    jb_conns *cs = arg;
    pthread_mutex_lock(&cs->mu);
    while (!cs->stop) {
        struct timespec until = after_ms(250);
        double now;
        pthread_cond_timedwait(&cs->cv, &cs->mu, &until);
        now = jb_clock_s();
        for (jb_conn *k = cs->head; k; k = k->next)
            if (!k->working && !k->closing && now - k->t0 > cs->timeout_s)
                shut(k);
    }
    pthread_mutex_unlock(&cs->mu);
    return NULL;
}

int
jb_conns_start(int timeout_s, int evict_at, jb_conns **out)
{
    jb_conns *cs = calloc(1, sizeof *cs);
    *out = NULL;
    if (cs == NULL)
        return -1;
    cs->timeout_s = timeout_s;
    cs->evict_at = evict_at;
    pthread_mutex_init(&cs->mu, NULL);
    pthread_cond_init(&cs->cv, NULL);
    if (pthread_create(&cs->watcher, NULL, watch_main, cs) != 0) {
        pthread_mutex_destroy(&cs->mu);
        pthread_cond_destroy(&cs->cv);
        free(cs);
        return -1;
    }
    *out = cs;
    return 0;
}

jb_conn *
jb_conns_add(jb_conns *cs, int fd)
{
    jb_conn *k = calloc(1, sizeof *k);
    if (k == NULL)
        return NULL;
    k->fd = fd;
    k->t0 = jb_clock_s();
    pthread_mutex_lock(&cs->mu);
    k->prev = cs->tail;
    if (cs->tail)
        cs->tail->next = k;
    else
        cs->head = k;
    cs->tail = k;
    if (++cs->n > cs->evict_at) /* make room: the oldest still sending its request */
        for (jb_conn *o = cs->head; o && o != k; o = o->next)
            if (!o->working && !o->closing) {
                shut(o);
                break;
            }
    pthread_mutex_unlock(&cs->mu);
    return k;
}

void
jb_conns_remove(jb_conns *cs, jb_conn *k)
{
    if (k == NULL)
        return;
    pthread_mutex_lock(&cs->mu);
    if (k->prev)
        k->prev->next = k->next;
    else
        cs->head = k->next;
    if (k->next)
        k->next->prev = k->prev;
    else
        cs->tail = k->prev;
    cs->n--;
    pthread_cond_broadcast(&cs->cv);
    pthread_mutex_unlock(&cs->mu);
    free(k);
}

void
jb_conns_set(jb_conns *cs, jb_conn *k, jb_conn_state state)
{
    if (k == NULL)
        return;
    pthread_mutex_lock(&cs->mu);
    k->working = state == JB_CONN_WORKING;
    if (state == JB_CONN_ANSWERED)
        k->t0 = jb_clock_s();
    pthread_cond_broadcast(&cs->cv);
    pthread_mutex_unlock(&cs->mu);
}

int
jb_conns_wait_idle(jb_conns *cs, double seconds)
{
    double until = jb_clock_s() + seconds;
    int working = 1;
    pthread_mutex_lock(&cs->mu);
    for (;;) {
        struct timespec t = after_ms(50);
        working = 0;
        for (jb_conn *k = cs->head; k; k = k->next)
            working |= k->working;
        if (!working || jb_clock_s() >= until)
            break;
        pthread_cond_timedwait(&cs->cv, &cs->mu, &t);
    }
    pthread_mutex_unlock(&cs->mu);
    return !working;
}

void
jb_conns_stop(jb_conns *cs)
{
    if (cs == NULL)
        return;
    pthread_mutex_lock(&cs->mu);
    cs->stop = 1;
    pthread_cond_broadcast(&cs->cv);
    pthread_mutex_unlock(&cs->mu);
    pthread_join(cs->watcher, NULL);
    while (cs->head) {
        jb_conn *k = cs->head;
        cs->head = k->next;
        free(k);
    }
    pthread_mutex_destroy(&cs->mu);
    pthread_cond_destroy(&cs->cv);
    free(cs);
}
