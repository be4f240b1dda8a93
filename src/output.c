/* output — atomic file writes. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

jb_status
jb_write_atomic(const char *path, const void *data, size_t len, jb_diag *d)
{
    const char *hint = "check that the output directory exists, is writable and has free space";
    char tmp[4096];
    int fd, e;
    mode_t um;

    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, NULL, "output path too long");
    fd = mkstemp(tmp);
    if (fd < 0)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot create the output: %s",
                           strerror(errno));
    um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, (const char *)data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            e = w < 0 ? errno : ENOSPC;
            goto fail;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        e = errno;
        goto fail;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        e = errno;
        unlink(tmp);
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot put the output in place: %s",
                           strerror(e));
    }
    return JB_OK;

fail:
    close(fd);
    unlink(tmp);
    return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot write the output: %s",
                       strerror(e));
}
