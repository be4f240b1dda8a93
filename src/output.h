/* output — writes a finished file atomically: a temporary file in the target directory, fsync,
 * rename; an existing file is replaced only on success and nothing is left behind on failure. */
#ifndef JB_OUTPUT_H
#define JB_OUTPUT_H

#include <stddef.h>

#include "diag.h"

/* Writes data[0..len) to path. A symbolic link is followed to its target (as cp does), and the
 * target is what gets written. A regular file, new or existing, is written to a temporary file
 * beside it (PATH.<pid>-<16 random hex digits>.tmp, created with O_EXCL), fsynced and renamed into
 * place: it appears only when complete. A new file gets mode 0666 less the process's umask
 * (applied by the kernel, or the directory's default ACL); an existing one keeps its mode and,
 * when permitted, its owner and group. A character device (/dev/null, /dev/full) or a FIFO (with a
 * reader) is written to directly and never replaced. Never reads or changes the umask, so it is
 * safe in threads. JB_ERR_OUTPUT with the system's reason and a hint: directory missing or not
 * writable, disk or device full, a FIFO without a reader, a directory or other special file. */
jb_status jb_write_atomic(const char *path, const void *data, size_t len, jb_diag *d);

#endif
