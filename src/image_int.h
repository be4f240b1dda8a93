/* image_int — what image.c (JPEG, orientation, files, encoding) and image_png.c (PNG) share:
 * the limits, the fitted size and budget, a new image and the messages. Internal. */
#ifndef JB_IMAGE_INT_H
#define JB_IMAGE_INT_H

#include "image.h"

/* "photos are JPEG or PNG files": the hint of a photo that cannot be read. */
extern const char *const JB_IMG_FORMATS_HINT;

/* The errors of photo name: bad input (msg, hint), out of memory, stopped by the deadline. */
jb_status jb_img_bad(jb_diag *d, const char *name, const char *hint, const char *msg);
jb_status jb_img_nomem(jb_diag *d, const char *name);
jb_status jb_img_cancelled(jb_diag *d, const char *name);

/* A new w × h image of channels colour channels, with an alpha plane when alpha (caller frees
 * with jb_image_free); NULL when out of memory. */
jb_image *jb_img_new(const char *name, const char *format, int w, int h, int channels, int alpha);

/* Whether w × h is within JB_IMAGE_MAX_SIDE and JB_IMAGE_MAX_PIXELS; the message when not. */
int jb_img_within_limits(unsigned long w, unsigned long h);
jb_status jb_img_too_big(jb_diag *d, const char *name, unsigned long w, unsigned long h);

/* The most pixels (tw × th) a placement of a photo of fw × fh can take under fit (NULL: all). */
void jb_img_fit_size(int fw, int fh, const jb_image_fit *fit, int *tw, int *th);
/* Draws decoded and kept pixels from fit's budget, or says which photo is over it. */
jb_status jb_img_budget_take(const jb_image_fit *fit, const char *name, size_t decoded, size_t kept,
                             jb_diag *d);

/* Decodes the PNG bytes (image_png.c), fitted to fit: *out (caller frees). */
jb_status jb_img_decode_png(const char *name, const unsigned char *bytes, size_t len,
                            const jb_image_fit *fit, jb_image **out, jb_diag *d);

#endif
