/* watch — waits for files to be saved (inotify on their folders), for `jianbao watch`: an editor
 * that writes in place and one that saves by renaming a new file over the old are both seen. */
#ifndef JB_WATCH_H
#define JB_WATCH_H

#include <stddef.h>

#include "diag.h"

typedef struct jb_watch jb_watch;

/* Watches the files paths[0..n) (each must exist; paths are copied). JB_ERR_INPUT naming the file
 * when one cannot be watched. Caller owns *out; release with jb_watch_free. */
jb_status jb_watch_open(const char *const *paths, size_t n, jb_watch **out, jb_diag *d);
void jb_watch_free(jb_watch *w);

/* Blocks until a watched file is saved, then waits until no further change comes for settle_ms
 * (an editor's save is several events), or until timeout_ms passes (-1: no limit). Returns the
 * index of the (first) file saved, -1 on timeout, -2 when waiting fails (errno set). */
int jb_watch_next(jb_watch *w, int timeout_ms, int settle_ms);

#endif
