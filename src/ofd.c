/* ofd — the OFD writer in the core: the font subsets and photos made here, the package by the ofd
 * module (ofd_pkg.c, loaded by plugin.c on the first OFD). */
#include "ofd.h"

#include <stdlib.h>
#include <string.h>

#include "pdfa.h"
#include "plugin.h"

jb_status
jb_ofd_render(const jb_page *pg, jb_fontset *fs, const jb_pdf_info *info, char **data, size_t *len,
              jb_diag *d)
{
    jb_ofd_font fonts[JB_FONT_SLOTS];
    jb_ofd_input in;
    const jb_ofd_api *api;
    const char *why;
    unsigned char **flat = NULL;
    const unsigned char **images = NULL;
    size_t *lens = NULL;
    jb_status st = JB_OK;

    *data = NULL;
    *len = 0;
    if ((api = jb_plugin_api(JB_PLUGIN_OFD, &why)) == NULL)
        return jb_diag_set(d, JB_ERR_UNAVAILABLE, NULL, 0, 0,
                           "install libzip and libxml2 (apt-get install libzip4 libxml2), or "
                           "reinstall jianbao",
                           "cannot write OFD: %s", why);
    memset(fonts, 0, sizeof fonts);
    flat = calloc(pg->n_images + 1, sizeof *flat);
    images = calloc(pg->n_images + 1, sizeof *images);
    lens = calloc(pg->n_images + 1, sizeof *lens);
    if (flat == NULL || images == NULL || lens == NULL)
        goto nomem;
    /* the fonts: one subset per slot used, with the characters drawn in it, like the PDF */
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        jb_ofd_font *f = &fonts[r];
        size_t n = 0;
        for (size_t i = 0; i < pg->n_glyphs; i++)
            n += pg->glyphs[i].font == r;
        if (n == 0)
            continue;
        if ((f->chars = jb_page_font_chars(pg, r, n, &f->n)) == NULL)
            goto nomem;
        if ((st = jb_font_subset_file(jb_fontset_get(fs, r), f->chars, f->n, &f->sub, d)) != JB_OK)
            goto done;
    }
    /* the photos: a JPEG each, any transparency composited onto the page white */
    for (size_t i = 0; i < pg->n_images; i++) {
        const jb_page_image *im = &pg->images[i];
        images[i] = im->jpeg, lens[i] = im->jpeg_len;
        if (im->smask != NULL) {
            if ((st = jb_pdfa_flatten(im, &flat[i], &lens[i], d)) != JB_OK)
                goto done;
            images[i] = flat[i];
        }
    }
    in.page = pg;
    in.info = info;
    in.fonts = fonts;
    in.images = images;
    in.image_lens = lens;
    for (int c = 0; c < JB_N_COLORS; c++)
        jb_pdfa_rgb(pg->cmyk[c], in.rgb[c]);
    st = api->package(&in, data, len, d);
    goto done;
nomem:
    st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing the OFD");
done:
    for (int r = 0; r < JB_FONT_SLOTS; r++) {
        free(fonts[r].chars);
        jb_subset_free(&fonts[r].sub);
    }
    for (size_t i = 0; flat && i < pg->n_images; i++)
        free(flat[i]);
    free(flat);
    free(images);
    free(lens);
    return st;
}
