/* watch — inotify on the folders of the watched files. */
#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

/* A save is seen as a file closed after writing, or moved or created under the watched name. */
#define SAVE_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)

typedef struct {
    char *dir;  /* the folder watched */
    char *base; /* the file's name in it */
    int wd;
} entry;

struct jb_watch {
    int fd;
    entry *files;
    size_t n;
};

void
jb_watch_free(jb_watch *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->files[i].dir);
        free(w->files[i].base);
    }
    free(w->files);
    if (w->fd >= 0)
        close(w->fd);
    free(w);
}

jb_status
jb_watch_open(const char *const *paths, size_t n, jb_watch **out, jb_diag *d)
{
    jb_watch *w = calloc(1, sizeof *w);

    *out = NULL;
    if (w == NULL || (w->files = calloc(n ? n : 1, sizeof *w->files)) == NULL) {
        free(w);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        int e = errno;
        jb_watch_free(w);
        return jb_diag_set(d, JB_ERR_INPUT, NULL, 0, 0,
                           "raise fs.inotify.max_user_instances, or render by hand",
                           "cannot watch files: %s", strerror(e));
    }
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        entry *f = &w->files[w->n++];
        f->dir = slash ? strndup(paths[i], (size_t)(slash - paths[i]) + (slash == paths[i]))
                       : strdup(".");
        f->base = strdup(slash ? slash + 1 : paths[i]);
        if (f->dir == NULL || f->base == NULL) {
            jb_watch_free(w);
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        if (access(paths[i], R_OK) != 0 ||
            (f->wd = inotify_add_watch(w->fd, f->dir, SAVE_EVENTS)) < 0) {
            int e = errno;
            jb_diag_set(d, JB_ERR_INPUT, paths[i], 0, 0,
                        "check that the file exists and is readable", "cannot watch the file: %s",
                        strerror(e));
            jb_watch_free(w);
            return JB_ERR_INPUT;
        }
    }
    *out = w;
    return JB_OK;
}

static long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the pending events; returns the index of the first watched file among them, or -1. */
static int
drain(jb_watch *w, int found)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len <= 0)
            return found;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            for (size_t i = 0; found < 0 && ev->len > 0 && i < w->n; i++)
                if (w->files[i].wd == ev->wd && strcmp(w->files[i].base, ev->name) == 0)
                    found = (int)i;
            p += sizeof *ev + ev->len;
        }
    }
}

int
jb_watch_next(jb_watch *w, int timeout_ms, int settle_ms)
{
    long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    int found = -1;
    struct pollfd pfd = {.fd = w->fd, .events = POLLIN};

    while (found < 0) {
        int wait = deadline < 0 ? -1 : (int)(deadline - now_ms());
        if (deadline >= 0 && wait <= 0)
            return -1;
        int r = poll(&pfd, 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -2;
        if (r > 0)
            found = drain(w, found);
    }
    /* settle: an editor writes a backup, the file, its metadata; render once after the last */
    while (poll(&pfd, 1, settle_ms) > 0)
        drain(w, found);
    return found;
}
