/* page — the laid-out page: growing its arrays, releasing it. */
#include "page.h"

#include <stdlib.h>

#include "buf.h"

int
jb_page_push_glyph(jb_page *page, const jb_glyph *g)
{
    if (jb_grow(&page->glyphs, &page->cap_glyphs, page->n_glyphs + 1, sizeof *page->glyphs))
        return -1;
    page->glyphs[page->n_glyphs] = *g;
    page->glyphs[page->n_glyphs++].page = (uint8_t)page->cur;
    return 0;
}

int
jb_page_push_rule(jb_page *page, const jb_rule *r)
{
    if (jb_grow(&page->rules, &page->cap_rules, page->n_rules + 1, sizeof *page->rules))
        return -1;
    page->rules[page->n_rules] = *r;
    page->rules[page->n_rules++].page = (uint8_t)page->cur;
    return 0;
}

int
jb_page_push_line(jb_page *page, const jb_page_line *ln)
{
    if (jb_grow(&page->lines, &page->cap_lines, page->n_lines + 1, sizeof *page->lines))
        return -1;
    page->lines[page->n_lines] = *ln;
    page->lines[page->n_lines++].page = (uint8_t)page->cur;
    return 0;
}

int
jb_page_push_cell(jb_page *page, const jb_page_cell *c)
{
    if (jb_grow(&page->cells, &page->cap_cells, page->n_cells + 1, sizeof *page->cells))
        return -1;
    page->cells[page->n_cells] = *c;
    page->cells[page->n_cells++].page = (uint8_t)page->cur;
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
    page->images[page->n_images] = *im;
    page->images[page->n_images++].page = (uint8_t)page->cur;
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
    free(page->cells);
    free(page);
}

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* A hash set first, so that only the few hundred distinct characters are sorted. */
uint32_t *
jb_page_font_chars(const jb_page *pg, int slot, size_t n, size_t *n_out)
{
    size_t cap = 16, k = 0;
    uint32_t *set, *chars;

    *n_out = 0;
    while (cap < 2 * n)
        cap *= 2;
    set = calloc(cap, sizeof *set); /* cp + 1, 0 for an empty slot */
    chars = malloc((n ? n : 1) * sizeof *chars);
    if (set == NULL || chars == NULL) {
        free(set);
        free(chars);
        return NULL;
    }
    for (size_t i = 0; i < pg->n_glyphs; i++) {
        uint32_t cp = pg->glyphs[i].cp;
        size_t h;
        if (pg->glyphs[i].font != slot)
            continue;
        for (h = (cp * 2654435761u) & (cap - 1); set[h] != 0 && set[h] != cp + 1;
             h = (h + 1) & (cap - 1))
            ;
        if (set[h] == 0) {
            set[h] = cp + 1;
            chars[k++] = cp;
        }
    }
    free(set);
    qsort(chars, k, sizeof *chars, cmp_u32);
    *n_out = k;
    return chars;
}
