/* digest — SHA-256 through nettle. */
#include "digest.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(jb_sha256), "jb_sha256 holds a sha256_ctx");

void
jb_sha256_init(jb_sha256 *h)
{
    sha256_init((struct sha256_ctx *)(void *)&h->state);
}

void
jb_sha256_add(jb_sha256 *h, const void *data, size_t len)
{
    sha256_update((struct sha256_ctx *)(void *)&h->state, len, data);
}

int
jb_sha256_add_file(jb_sha256 *h, const char *path)
{
    unsigned char buf[1 << 16];
    size_t n;
    int e = 0;
    FILE *f = fopen(path, "rb");

    if (f == NULL)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        jb_sha256_add(h, buf, n);
    if (ferror(f))
        e = errno ? errno : EIO;
    fclose(f);
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

void
jb_sha256_hex(jb_sha256 *h, char out[JB_SHA256_HEX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_SIZE];

    sha256_digest((struct sha256_ctx *)(void *)&h->state, sizeof md, md);
    for (size_t i = 0; i < sizeof md; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[2 * sizeof md] = '\0';
}

int
jb_sha256_file(const char *path, char out[JB_SHA256_HEX])
{
    jb_sha256 h;
    jb_sha256_init(&h);
    if (jb_sha256_add_file(&h, path) != 0)
        return -1;
    jb_sha256_hex(&h, out);
    return 0;
}
