/* batch — many briefs, worker threads, one shared engine. */
#include "batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    jb_batch_item *items;
    size_t n, next, done;
    const jb_job_opts *base;
    const jb_engine *engine;
    jb_batch_progress progress;
    void *ud;
    pthread_mutex_t lock;
} pool;

static void *
worker(void *arg)
{
    pool *p = arg;

    for (;;) {
        size_t i;
        jb_job_opts o = *p->base;

        pthread_mutex_lock(&p->lock);
        i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i == p->n)
            return NULL;
        o.input = p->items[i].input;
        o.output = p->items[i].output;
        o.engine = p->engine;
        {
            jb_result *r;
            jb_diag d;
            jb_batch_item *it = &p->items[i];
            jb_diag_init(&d);
            it->status = jb_render(&o, &r, &d);
            it->diag = NULL;
            if (it->status != JB_OK && (it->diag = malloc(sizeof d)) != NULL)
                *it->diag = d;
            pthread_mutex_lock(&p->lock);
            p->done++;
            if (p->progress)
                p->progress(it, r, p->done, p->n, p->ud);
            jb_result_free(r);
        }
        pthread_mutex_unlock(&p->lock);
    }
}

jb_status
jb_batch_render(jb_batch_item *items, size_t n, const jb_job_opts *base, int jobs,
                jb_batch_progress progress, void *ud, jb_diag *d)
{
    pool p;
    jb_engine *engine;
    pthread_t *threads;
    jb_status st;
    int started = 0;

    jb_engine_opts defaults = JB_ENGINE_OPTS_INIT;

    if ((st = jb_engine_open(base->engine_opts ? base->engine_opts : &defaults, &engine, d)) !=
        JB_OK)
        return st;
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = n > 0 ? (int)n : 1;
    memset(&p, 0, sizeof p);
    p.items = items, p.n = n, p.base = base, p.engine = engine;
    p.progress = progress, p.ud = ud;
    threads = calloc((size_t)jobs, sizeof *threads);
    if (threads == NULL || pthread_mutex_init(&p.lock, NULL) != 0) {
        free(threads);
        jb_engine_free(engine);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory starting the batch");
    }
    /* the calling thread is a worker too; extra threads only when asked for */
    for (int t = 1; t < jobs; t++)
        if (pthread_create(&threads[t], NULL, worker, &p) == 0)
            started++;
        else
            break;
    worker(&p);
    for (int t = 1; t <= started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&p.lock);
    free(threads);
    jb_engine_free(engine);
    return JB_OK;
}
