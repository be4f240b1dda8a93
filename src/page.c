/* page — the laid-out page: growing its arrays, releasing it. */
#include "page.h"

#include <stdlib.h>

#include "buf.h"

int
jb_page_push_glyph(jb_page *page, const jb_glyph *g)
{
    if (jb_grow(&page->glyphs, &page->cap_glyphs, page->n_glyphs + 1, sizeof *page->glyphs))
        return -1;
    page->glyphs[page->n_glyphs++] = *g;
    return 0;
}

int
jb_page_push_rule(jb_page *page, const jb_rule *r)
{
    if (jb_grow(&page->rules, &page->cap_rules, page->n_rules + 1, sizeof *page->rules))
        return -1;
    page->rules[page->n_rules++] = *r;
    return 0;
}

int
jb_page_push_line(jb_page *page, const jb_page_line *ln)
{
    if (jb_grow(&page->lines, &page->cap_lines, page->n_lines + 1, sizeof *page->lines))
        return -1;
    page->lines[page->n_lines++] = *ln;
    return 0;
}

static void
image_fini(jb_page_image *im)
{
    free(im->name);
    free(im->caption);
    free(im->jpeg);
    free(im->smask);
}

int
jb_page_push_image(jb_page *page, const jb_page_image *im)
{
    if (jb_grow(&page->images, &page->cap_images, page->n_images + 1, sizeof *page->images)) {
        jb_page_image copy = *im;
        image_fini(&copy);
        return -1;
    }
    page->images[page->n_images++] = *im;
    return 0;
}

void
jb_page_free(jb_page *page)
{
    if (page == NULL)
        return;
    for (size_t i = 0; i < page->n_images; i++)
        image_fini(&page->images[i]);
    free(page->images);
    free(page->glyphs);
    free(page->rules);
    free(page->lines);
    free(page);
}
