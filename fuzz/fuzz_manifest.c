/* Fuzz target: batch manifests, the same bytes read as JSON Lines, CSV and plain lines. */
#define _DEFAULT_SOURCE /* mkstemps */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ext[] = {".jsonl", ".csv", ".txt"};

    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char path[64];
        jb_manifest m;
        jb_diag d;
        int fd;
        snprintf(path, sizeof path, "/tmp/jb-fuzz-manifest-XXXXXX%s", ext[i]);
        if ((fd = mkstemps(path, (int)strlen(ext[i]))) < 0)
            return 0;
        if (write(fd, data, size) == (ssize_t)size) {
            jb_diag_init(&d);
            if (jb_manifest_read(path, JB_MANIFEST_DETECT, &m, &d) == JB_OK)
                jb_manifest_fini(&m);
        }
        close(fd);
        unlink(path);
    }
    return 0;
}
