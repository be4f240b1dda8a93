/* page — the laid-out page: growing its arrays, releasing it. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

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

/* Sorts a[0..n) with tmp (n entries) to spare: a byte at a time from the lowest (a radix sort),
 * the bytes above the largest value skipped; a few entries by insertion. qsort's calls to a
 * comparison cost a batch brief 0.14 M instructions for its four fonts' characters. */
static void
sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    uint32_t top = 0, *from = a, *to = tmp;

    if (n < 32) {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > v; j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    for (size_t i = 0; i < n; i++)
        top |= a[i];
    for (unsigned shift = 0; shift < 32 && (top >> shift) != 0; shift += 8) {
        size_t at[257] = {0};
        uint32_t *t;
        for (size_t i = 0; i < n; i++)
            at[((from[i] >> shift) & 0xFF) + 1]++;
        for (int b = 1; b < 257; b++)
            at[b] += at[b - 1];
        for (size_t i = 0; i < n; i++)
            to[at[(from[i] >> shift) & 0xFF]++] = from[i];
        t = from, from = to, to = t;
    }
    if (from != a)
        memcpy(a, from, n * sizeof *a);
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
    sort_u32(chars, set, k);
    free(set);
    *n_out = k;
    return chars;
}
