/* batch — many briefs, worker threads, shared engines. */
#include "batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "clock.h"
#include "output.h"

/* An engine of the batch: one per layout (NULL: the base's). */
typedef struct {
    const char *layout;
    jb_engine *engine; /* NULL when it could not be opened: diag says why */
    jb_diag diag;
    char fingerprint[65];
} engine_slot;

typedef struct {
    jb_batch_item *items;
    size_t n, next, done;
    const jb_job_opts *base;
    engine_slot *engines; /* grown as the layouts are found (setup only: workers read it) */
    size_t n_engines, cap_engines;
    const jb_batch_opts *bo;
    pthread_mutex_t lock;
} pool;

static int
same_layout(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static engine_slot *
slot_of(pool *p, const char *layout)
{
    for (size_t i = 0; i < p->n_engines; i++)
        if (same_layout(p->engines[i].layout, layout))
            return &p->engines[i];
    return NULL;
}

/* The batch's own layout (-l; NULL: the built-in one). */
static const char *
base_layout(const pool *p)
{
    return p->base->engine_opts ? p->base->engine_opts->layout : NULL;
}

/* Renders item it with the engine of its layout; fills status, diag and seconds, and *result
 * (NULL when the render said nothing). */
static void
render_item(pool *p, jb_batch_item *it, jb_result **result)
{
    engine_slot *slot = slot_of(p, it->layout ? it->layout : base_layout(p));
    jb_job_opts o = *p->base;
    const char **meta = NULL;
    double t0 = jb_clock_s();
    jb_diag d;

    jb_diag_init(&d);
    *result = NULL;
    it->diag = NULL;
    if (slot->engine == NULL) {
        d = slot->diag;
        it->status = d.status;
        goto done;
    }
    o.input = it->input;
    o.output = it->output;
    o.issue_inputs = it->issue_inputs, o.n_issue_inputs = it->n_issue_inputs;
    o.engine = slot->engine;
    if (it->condense >= 0)
        o.condense = it->condense;
    if (it->pages > 0)
        o.pages = it->pages;
    if (it->n_meta) { /* the batch's fields, then the brief's own: the last set wins */
        if ((meta = malloc((o.n_meta + it->n_meta) * sizeof *meta)) == NULL) {
            it->status = jb_diag_set(&d, JB_ERR_NOMEM, it->input, 0, 0, NULL, "out of memory");
            goto done;
        }
        for (size_t k = 0; k < o.n_meta; k++)
            meta[k] = o.meta[k];
        for (size_t k = 0; k < it->n_meta; k++)
            meta[o.n_meta + k] = it->meta[k];
        o.meta = meta;
        o.n_meta += it->n_meta;
    }
    if (p->bo->hash && it->output) {
        /* the bytes hashed in memory, then written: no file read back under the pool's lock */
        const unsigned char *data;
        size_t len = 0;
        jb_sha256 h;
        o.to_memory = 1;
        if ((it->status = jb_render(&o, result, &d)) != JB_OK)
            goto done;
        data = jb_result_data(*result, &len);
        jb_sha256_init(&h);
        jb_sha256_add(&h, data, len);
        if ((it->status = jb_write_atomic(it->output, data, len, &d)) == JB_OK) {
            jb_sha256_hex(&h, it->sha256);
            it->bytes = len;
        }
    } else {
        it->status = jb_render(&o, result, &d);
    }
done:
    free(meta);
    it->seconds = jb_clock_s() - t0;
    if (it->status != JB_OK && (it->diag = malloc(sizeof d)) != NULL)
        *it->diag = d;
}

static void *
worker(void *arg)
{
    pool *p = arg;

    for (;;) {
        size_t i;
        jb_result *r = NULL;
        jb_batch_item *it;

        pthread_mutex_lock(&p->lock);
        i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i == p->n)
            return NULL;
        it = &p->items[i];
        it->sha256[0] = '\0';
        it->bytes = 0;
        if (it->skip) {
            struct stat st;
            it->status = JB_OK;
            it->diag = NULL;
            it->seconds = 0;
            if (p->bo->hash && it->output && stat(it->output, &st) == 0 && S_ISREG(st.st_mode) &&
                jb_sha256_file(it->output, it->sha256) == 0)
                it->bytes = (size_t)st.st_size;
        } else {
            render_item(p, it, &r);
        }
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->bo->progress) {
            engine_slot *slot = slot_of(p, it->layout ? it->layout : base_layout(p));
            it->fingerprint = slot && slot->fingerprint[0] ? slot->fingerprint : NULL;
            p->bo->progress(it, r, p->done, p->n, p->bo->ud);
            it->fingerprint = NULL;
        }
        pthread_mutex_unlock(&p->lock);
        jb_result_free(r);
    }
}

/* A new empty engine slot at the end of p's (which may move: only during setup); NULL when out
 * of memory. */
static engine_slot *
new_slot(pool *p)
{
    engine_slot *slot;
    if (jb_grow(&p->engines, &p->cap_engines, p->n_engines + 1, sizeof *p->engines) != 0)
        return NULL;
    slot = &p->engines[p->n_engines++];
    memset(slot, 0, sizeof *slot);
    return slot;
}

/* Opens the engine of layout into slot; a failure is kept in the slot. */
static jb_status
open_slot(pool *p, engine_slot *slot, const char *layout)
{
    jb_engine_opts o = JB_ENGINE_OPTS_INIT;
    jb_status st;

    if (p->base->engine_opts)
        o = *p->base->engine_opts;
    o.layout = layout;
    slot->layout = layout;
    jb_diag_init(&slot->diag);
    if ((st = jb_engine_open(&o, &slot->engine, &slot->diag)) != JB_OK) {
        if (layout != base_layout(p) && strstr(slot->diag.hint, "--layout"))
            snprintf(slot->diag.hint, sizeof slot->diag.hint,
                     "check the brief's layout in the manifest (a relative path is relative to "
                     "the manifest's folder)");
        return st;
    }
    if (p->bo->fingerprint &&
        (st = jb_engine_fingerprint(slot->engine, slot->fingerprint, NULL, &slot->diag)) != JB_OK) {
        jb_engine_free(slot->engine);
        slot->engine = NULL;
    }
    return st;
}

jb_status
jb_batch_render(jb_batch_item *items, size_t n, const jb_job_opts *base, const jb_batch_opts *bo,
                jb_diag *d)
{
    pool p;
    engine_slot *slot;
    pthread_t *threads = NULL;
    jb_status st = JB_OK;
    int jobs = bo->jobs, started = 0;

    memset(&p, 0, sizeof p);
    p.items = items, p.n = n, p.base = base, p.bo = bo;
    /* one engine for the base layout, one for each other layout an item names */
    if ((slot = new_slot(&p)) == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory starting the batch");
    if ((st = open_slot(&p, slot, base_layout(&p))) != JB_OK) {
        *d = slot->diag;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (items[i].layout && (!items[i].skip || bo->fingerprint) &&
            slot_of(&p, items[i].layout) == NULL) { /* a skipped brief's for its fingerprint */
            if ((slot = new_slot(&p)) == NULL) {
                st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL,
                                 "out of memory starting the batch");
                goto done;
            }
            open_slot(&p, slot, items[i].layout);
        }
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = n > 0 ? (int)n : 1;
    threads = calloc((size_t)jobs, sizeof *threads);
    if (threads == NULL || pthread_mutex_init(&p.lock, NULL) != 0) {
        st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory starting the batch");
        goto done;
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
done:
    free(threads);
    for (size_t i = 0; i < p.n_engines; i++) /* a slot that could not open holds NULL */
        jb_engine_free(p.engines[i].engine);
    free(p.engines);
    return st;
}
