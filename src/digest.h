/* digest — SHA-256 (Debian's nettle) of bytes and files, as lowercase hex: the output hash of a
 * batch's results and the fingerprint of the program, layout and fonts. */
#ifndef JB_DIGEST_H
#define JB_DIGEST_H

#include <stddef.h>

#define JB_SHA256_HEX 65 /* 64 hex digits and the NUL */

/* A running SHA-256; caller-allocated (on the stack is fine), no release needed. */
typedef struct {
    union {
        unsigned long long align;
        unsigned char bytes[128];
    } state; /* a struct sha256_ctx (nettle), kept opaque here */
} jb_sha256;

void jb_sha256_init(jb_sha256 *h);
void jb_sha256_add(jb_sha256 *h, const void *data, size_t len);
/* Adds the bytes of the file at path; 0, or -1 with errno set when it cannot be read. */
int jb_sha256_add_file(jb_sha256 *h, const char *path);
/* The digest as hex into out (JB_SHA256_HEX bytes); h is then spent. */
void jb_sha256_hex(jb_sha256 *h, char out[JB_SHA256_HEX]);

/* The SHA-256 of the file at path as hex; 0, or -1 with errno set. */
int jb_sha256_file(const char *path, char out[JB_SHA256_HEX]);

#endif
