/* image — the photos of a brief: reading a file beside the report, decoding (JPEG through
 * libjpeg-turbo, PNG through libpng, EXIF orientation through libexif) under limits against hostile
 * files, downsampling by area average and re-encoding as JPEG; knows nothing of the page. */
#ifndef JB_IMAGE_H
#define JB_IMAGE_H

#include <stddef.h>

#include "diag.h"

/* Limits (docs/FORMAT.md, "Photos"). A phone photo is 12–50 megapixels and a few MB. */
#define JB_IMAGE_MAX_BYTES  (40u << 20) /* a photo file above 40 MiB is refused */
#define JB_IMAGE_MAX_PIXELS 64000000u   /* 64 megapixels: a decompression bomb's 900 are not */
#define JB_IMAGE_MAX_SIDE   20000       /* pixels on either side */
#define JB_IMAGE_MAX_CHUNK  (2u << 20)  /* a PNG ancillary chunk (text, profile), decompressed */
#define JB_IMAGE_MAX_SCANS  200         /* a progressive JPEG's scans (each one a full pass) */

/* A decoded photo, upright: the EXIF orientation already applied. */
typedef struct jb_image {
    char *name;             /* as the report names it, for messages */
    const char *format;     /* "JPEG" or "PNG" (static) */
    int w, h;               /* pixels, upright */
    int stored_w, stored_h; /* pixels as stored in the file (before the orientation) */
    int orientation;        /* EXIF orientation 1–8 (1: as stored) */
    int channels;           /* 1 grey, 3 RGB */
    unsigned char *px;      /* w × h × channels, rows top first */
    unsigned char *alpha;   /* w × h, or NULL when every pixel is opaque */
} jb_image;

/* Decodes bytes (len of them) named name. JPEG and PNG are told by their magic bytes; a name
 * ending in .jpg/.jpeg/.png must match what the bytes are. Errors (JB_ERR_INPUT, file = name):
 * another format (named), truncated or corrupt data, over a limit above. Caller owns *out;
 * release with jb_image_free. The bytes are not kept. */
jb_status jb_image_decode(const char *name, const unsigned char *bytes, size_t len, jb_image **out,
                          jb_diag *d);

/* Reads the photo ref names, relative to the folder of the report at report_path, and decodes
 * it. ref may not be a URL or an absolute path, nor lead (through .. or a symbolic link) out of
 * that folder; the file must be regular and at most JB_IMAGE_MAX_BYTES. JB_ERR_INPUT naming
 * report_path and ref. Caller owns *out; release with jb_image_free. */
jb_status jb_image_load(const char *report_path, const char *ref, jb_image **out, jb_diag *d);

void jb_image_free(jb_image *img);

/* A photo as it goes into the PDF. */
typedef struct {
    unsigned char *jpeg; /* baseline JPEG, grey or RGB (caller frees with free()) */
    size_t jpeg_len;
    unsigned char *smask; /* w × h 8-bit alpha, or NULL when opaque (free()) */
    int w, h, channels;
} jb_image_encoded;

/* img area-averaged down to w × h (at most its own size; never up) and encoded as JPEG at
 * quality (1–100). Colours are averaged weighted by alpha, so transparent pixels leave no fringe.
 * JB_ERR_NOMEM or JB_ERR_INTERNAL. Fills *out (release with jb_image_encoded_fini). */
jb_status jb_image_encode(const jb_image *img, int w, int h, int quality, jb_image_encoded *out,
                          jb_diag *d);
void jb_image_encoded_fini(jb_image_encoded *e);

#endif
