/* page — the laid-out page: growing its arrays, releasing it. */
#include "page.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
jb_page_push_glyph(jb_page *page, const jb_glyph *g)
{
    if (page->n_glyphs == page->cap_glyphs &&
        jb_grow(&page->glyphs, &page->cap_glyphs, page->n_glyphs + 1, sizeof *page->glyphs))
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
 * the bytes above the largest value skipped; a few entries by insertion (no calls to a
 * comparison, as qsort makes). */
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

/* The index of b's lowest set bit (b != 0), by de Bruijn's multiplication. */
static size_t
lowest_bit(uint64_t b)
{
    static const unsigned char index[64] = {
        0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,  62, 55, 59, 36, 53, 51,
        43, 22, 45, 39, 33, 30, 24, 18, 12, 5,  63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21,
        44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6};
    return index[((b & (~b + 1)) * 0x03F79D71B4CB0A89u) >> 58];
}

/* The characters of the Basic Multilingual Plane marked in a bitmap and read off it in order;
 * the few beyond it (Extension B ideographs) sorted on their own after them. */
uint32_t *
jb_page_font_chars(const jb_page *pg, int slot, size_t n, size_t *n_out)
{
    uint64_t bmp[0x10000 / 64];
    size_t k = 0, k_beyond = 0;
    uint32_t *chars, *beyond;

    *n_out = 0;
    chars = malloc((n ? n : 1) * sizeof *chars);
    beyond = malloc((n ? n : 1) * sizeof *beyond);
    if (chars == NULL || beyond == NULL) {
        free(chars);
        free(beyond);
        return NULL;
    }
    memset(bmp, 0, sizeof bmp);
    for (size_t i = 0; i < pg->n_glyphs; i++) {
        uint32_t cp = pg->glyphs[i].cp;
        if (pg->glyphs[i].font != slot)
            continue;
        if (cp < 0x10000)
            bmp[cp / 64] |= (uint64_t)1 << (cp % 64);
        else
            beyond[k_beyond++] = cp;
    }
    for (size_t w = 0; w < sizeof bmp / sizeof bmp[0]; w++)
        for (uint64_t b = bmp[w]; b != 0; b &= b - 1)
            chars[k++] = (uint32_t)(w * 64 + lowest_bit(b));
    sort_u32(beyond, chars + k, k_beyond); /* chars has room: k + k_beyond <= n */
    for (size_t i = 0; i < k_beyond; i++)
        if (i == 0 || beyond[i] != beyond[i - 1])
            chars[k++] = beyond[i];
    free(beyond);
    *n_out = k;
    return chars;
}
