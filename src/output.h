/* output — writes a finished file atomically: a temporary file in the target directory, fsync,
 * rename; an existing file is replaced only on success and nothing is left behind on failure. */
#ifndef JB_OUTPUT_H
#define JB_OUTPUT_H

#include <stddef.h>

#include "diag.h"

/* Writes data[0..len) to path. JB_ERR_OUTPUT (directory missing or not writable, disk full)
 * with the system's reason and a hint. The file gets mode 0666 less the process's umask (applied
 * by the kernel when the file is created, or the directory's default ACL where it has one); an
 * existing file's mode is not kept. Never reads or changes the umask, so it is safe in threads.
 * The temporary file is PATH.<pid>-<16 random hex digits>.tmp, created with O_EXCL. */
jb_status jb_write_atomic(const char *path, const void *data, size_t len, jb_diag *d);

#endif
