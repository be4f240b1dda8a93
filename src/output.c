/* output — atomic file writes. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Tries with fresh names before giving up on EEXIST; with 64 random bits a clash is a sign of
 * something else (another program making the same names), not of bad luck. */
#define TEMP_TRIES 100

/* 64 bits for a temporary name: from getrandom, or (a kernel without it) the clock, the stack
 * address and the attempt, which still differ between the threads and attempts of one process. */
static uint64_t
name_bits(int attempt)
{
    uint64_t r;
    struct timespec ts;

    if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
        return r;
    clock_gettime(CLOCK_REALTIME, &ts);
    r = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)&ts;
    return r * 0x9E3779B97F4A7C15u + (uint64_t)attempt;
}

/* Creates a new temporary file next to path (its name in tmp, size bytes). open's mode 0666 lets
 * the kernel apply the umask (and a default ACL) itself: reading the umask would mean setting it,
 * process-wide, while other threads create files. */
static int
create_temp(const char *path, char *tmp, size_t size)
{
    for (int attempt = 0; attempt < TEMP_TRIES; attempt++) {
        int fd;
        snprintf(tmp, size, "%s.%ld-%016llx.tmp", path, (long)getpid(),
                 (unsigned long long)name_bits(attempt));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1; /* errno is EEXIST */
}

jb_status
jb_write_atomic(const char *path, const void *data, size_t len, jb_diag *d)
{
    const char *hint = "check that the output directory exists, is writable and has free space";
    char tmp[4096];
    int fd, e;

    /* the temporary name adds a dot, the pid, 16 hex digits and .tmp */
    if (strlen(path) + 1 + 20 + 1 + 16 + 4 >= sizeof tmp)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, NULL, "output path too long");
    fd = create_temp(path, tmp, sizeof tmp);
    if (fd < 0)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot create the output: %s",
                           strerror(errno));
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
    if (close(fd) != 0) {
        e = errno;
        unlink(tmp);
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot write the output: %s",
                           strerror(e));
    }
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
