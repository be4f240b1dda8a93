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
/* A document's photos together: the pixels decoded (the work: a JPEG's at the scale it is decoded
 * at, a PNG's all) and the pixels kept until the layout (the memory). */
#define JB_IMAGE_DOC_DECODED 256000000u /* 4 photos of the largest kind */
#define JB_IMAGE_DOC_KEPT    48000000u  /* about 20 photos at a page's full measure, 300 ppi */

/* A decoded photo, upright: the EXIF orientation already applied. */
typedef struct jb_image {
    char *name;             /* as the report names it, for messages */
    const char *format;     /* "JPEG" or "PNG" (static) */
    int w, h;               /* pixels, upright, as decoded (at most the file's; see full_w) */
    int full_w, full_h;     /* the file's pixels, upright (w × h when decoded at full size) */
    int stored_w, stored_h; /* pixels as stored in the file (before the orientation) */
    int orientation;        /* EXIF orientation 1–8 (1: as stored) */
    int channels;           /* 1 grey, 3 RGB */
    unsigned char *px;      /* w × h × channels, rows top first */
    unsigned char *alpha;   /* w × h, or NULL when every pixel is opaque */
    int shares;             /* owners besides the first (jb_image_share) */
} jb_image;

/* What a document may decode: a running total its photos draw on (start both at the JB_IMAGE_DOC_
 * limits above). Caller-allocated, one per document. */
typedef struct {
    size_t decoded_left, kept_left;
} jb_image_budget;

/* How a photo is to be decoded: no larger than needed for a placement of at most max_w × max_h
 * pixels (upright; 0: at full size), and drawing on budget (NULL: none). JPEG is decoded at the
 * smallest of libjpeg's scales (1/8 … 8/8) giving at least that placement, PNG rows are
 * area-averaged down to it as they are read; either way w × h is at least the placement's size
 * in pixels (or the file's, when smaller) and the aspect of full_w × full_h is the photo's. */
typedef struct jb_image_fit {
    int max_w, max_h;
    jb_image_budget *budget;
    int (*cancelled)(void *arg); /* asked every 64 rows: nonzero stops with JB_ERR_CANCELLED */
    void *cancel_arg;
} jb_image_fit;

/* Decodes bytes (len of them) named name. JPEG and PNG are told by their magic bytes; a name
 * ending in .jpg/.jpeg/.png must match what the bytes are. Errors (JB_ERR_INPUT, file = name):
 * another format (named), truncated or corrupt data, over a limit above. Caller owns *out;
 * release with jb_image_free. The bytes are not kept. */
jb_status jb_image_decode(const char *name, const unsigned char *bytes, size_t len, jb_image **out,
                          jb_diag *d);

/* jb_image_decode at the size fit asks for (NULL: full size, no budget). Over the budget:
 * JB_ERR_INPUT naming the photo. */
jb_status jb_image_decode_fit(const char *name, const unsigned char *bytes, size_t len,
                              const jb_image_fit *fit, jb_image **out, jb_diag *d);

/* Reads the photo ref names, relative to the folder of the report at report_path, and decodes
 * it. ref may not be a URL or an absolute path, nor lead (through .. or a symbolic link) out of
 * that folder; the file must be regular and at most JB_IMAGE_MAX_BYTES. JB_ERR_INPUT naming
 * report_path and ref. Caller owns *out; release with jb_image_free. */
jb_status jb_image_load(const char *report_path, const char *ref, jb_image **out, jb_diag *d);

/* jb_image_load, decoded as jb_image_decode_fit does (fit may be NULL). */
jb_status jb_image_load_fit(const char *report_path, const char *ref, const jb_image_fit *fit,
                            jb_image **out, jb_diag *d);

/* The size of the photo in bytes (len of them), upright (the EXIF orientation applied), from its
 * header alone: 0, or -1 when it is not a JPEG or PNG within the limits (decoding then says why).
 */
int jb_image_probe(const unsigned char *bytes, size_t len, int *w, int *h);

/* jb_image_probe on the photo ref beside the report at report_path (read as jb_image_load
 * reads it). */
int jb_image_probe_file(const char *report_path, const char *ref, int *w, int *h);

/* One more owner of img (a photo placed twice is decoded once); returns img. Each owner calls
 * jb_image_free; the last one frees it. Not for images shared between threads. */
jb_image *jb_image_share(jb_image *img);

/* Releases one owner's hold on img (NULL is fine). */
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
