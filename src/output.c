/* output — atomic file writes. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Symbolic links followed before giving up, as the kernel's own limit (ELOOP). */
#define MAX_LINKS 40

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
        /* the file's own name, cut (at a UTF-8 boundary) so that the suffix fits in NAME_MAX:
         * an output name up to the file system's limit can be written */
        const char *slash = strrchr(path, '/');
        size_t dir = slash ? (size_t)(slash - path) + 1 : 0, base = strlen(path) - dir;
        char suffix[64];
        int n = snprintf(suffix, sizeof suffix, ".%ld-%016llx.tmp", (long)getpid(),
                         (unsigned long long)name_bits(attempt));
        if (base + (size_t)n > NAME_MAX) {
            base = NAME_MAX - (size_t)n;
            while (base > 0 && ((unsigned char)path[dir + base] & 0xC0) == 0x80)
                base--;
        }
        snprintf(tmp, size, "%.*s%s", (int)(dir + base), path, suffix);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1; /* errno is EEXIST */
}

/* Follows path through symbolic links, as cp does, to the name that is to be written (into real,
 * size bytes); a link to a missing file names that file. 0, or -1 with errno set. */
static int
follow_links(const char *path, char *real, size_t size)
{
    char link[PATH_MAX];
    struct stat st;

    if (strlen(path) >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(real, path);
    for (int i = 0; i < MAX_LINKS; i++) {
        ssize_t n;
        if (lstat(real, &st) != 0 || !S_ISLNK(st.st_mode))
            return 0;
        if ((n = readlink(real, link, sizeof link - 1)) < 0)
            return -1;
        link[n] = '\0';
        if (link[0] == '/') { /* absolute target */
            if ((size_t)n >= size) {
                errno = ENAMETOOLONG;
                return -1;
            }
            strcpy(real, link);
        } else { /* relative to the link's folder */
            char *slash = strrchr(real, '/');
            size_t dir = slash ? (size_t)(slash - real) + 1 : 0;
            if (dir + (size_t)n >= size) {
                errno = ENAMETOOLONG;
                return -1;
            }
            memmove(real + dir, link, (size_t)n + 1);
        }
    }
    errno = ELOOP;
    return -1;
}

/* Writes all of data to fd; 0, or an errno value. */
static int
write_all(int fd, const void *data, size_t len)
{
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, (const char *)data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return w < 0 ? errno : ENOSPC;
        off += (size_t)w;
    }
    return 0;
}

/* A character device (/dev/null, /dev/full, a printer) or a FIFO is written to as it is: it is
 * never replaced by a file. A FIFO with no reader is refused instead of waiting for one. */
static jb_status
write_special(const char *path, const struct stat *st, const void *data, size_t len, jb_diag *d)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0));
    int e;

    if (fd < 0) {
        e = errno;
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0,
                           e == ENXIO ? "start the program that reads the FIFO first"
                                      : "check the device's permissions",
                           "cannot open the output: %s", strerror(e));
    }
    if (S_ISFIFO(st->st_mode))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    e = write_all(fd, data, len);
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e != 0)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, "check the device (a full disk?)",
                           "cannot write the output: %s", strerror(e));
    return JB_OK;
}

jb_status
jb_write_atomic(const char *path, const void *data, size_t len, jb_diag *d)
{
    const char *hint = "check that the output directory exists, is writable and has free space";
    char real[4096], tmp[4096];
    struct stat st;
    int fd, e, exists;

    if (follow_links(path, real, sizeof real) != 0)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, "check the symbolic link",
                           "cannot follow the output path: %s", strerror(errno));
    exists = stat(real, &st) == 0;
    if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
        return write_special(real, &st, data, len, d);
    if (exists && !S_ISREG(st.st_mode))
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, "give the path of a PDF file",
                           "the output is %s, not a file",
                           S_ISDIR(st.st_mode) ? "a directory" : "a special file");
    /* the temporary name adds a dot, the pid, 16 hex digits and .tmp */
    if (strlen(real) + 1 + 20 + 1 + 16 + 4 >= sizeof tmp)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, NULL, "output path too long");
    fd = create_temp(real, tmp, sizeof tmp);
    if (fd < 0)
        return jb_diag_set(d, JB_ERR_OUTPUT, path, 0, 0, hint, "cannot create the output: %s",
                           strerror(errno));
    /* A file replaced keeps its mode (chmod 600 for an internal brief stays 600) and, where the
     * process may give it, its owner and group. */
    if (exists) {
        if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
            /* not permitted: the file becomes ours, as with any editor's save */
        }
        if (fchmod(fd, st.st_mode & 07777) != 0) {
            e = errno;
            goto fail;
        }
    }
    if ((e = write_all(fd, data, len)) != 0)
        goto fail;
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
    if (rename(tmp, real) != 0) {
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
