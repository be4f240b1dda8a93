/* Fuzz target: photo bytes through the decoders (JPEG with EXIF, PNG), the orientation, and a
 * downsampling and JPEG encoding of what decoded — the path a report's photo takes; then again
 * decoded for a placement a third of its size (JPEG's DCT scaling, PNG rows shrunk as read)
 * under a budget. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jb_image *img;
    jb_image_encoded enc;
    jb_diag d;

    jb_diag_init(&d);
    /* no extension: the format is told by the magic bytes alone */
    if (jb_image_decode("fuzz", data, size, &img, &d) != JB_OK)
        return 0;
    jb_diag_init(&d);
    if (jb_image_encode(img, img->w / 3 + 1, img->h / 3 + 1, 75, &enc, &d) == JB_OK)
        jb_image_encoded_fini(&enc);
    {
        jb_image_budget b = {JB_IMAGE_DOC_DECODED, JB_IMAGE_DOC_KEPT};
        jb_image_fit fit = {.max_w = img->w / 3 + 1, .max_h = img->h / 3 + 1, .budget = &b};
        jb_image *small;
        jb_diag_init(&d);
        if (jb_image_decode_fit("fuzz", data, size, &fit, &small, &d) == JB_OK)
            jb_image_free(small);
    }
    jb_image_free(img);
    return 0;
}
