/* shrink — area-average downsampling of pixel rows as they come. */
#include "shrink.h"

#include <stdlib.h>
#include <string.h>

/* Source span [a, b) of destination cell i of n over m source pixels, with the weight of each
 * source pixel k in it: area averaging (a box filter that counts partial pixels). */
static double
cover(int i, int n, int m, int k)
{
    double a = (double)i * m / n, b = (double)(i + 1) * m / n;
    double lo = k > a ? k : a, hi = k + 1 < b ? k + 1 : b;
    return hi > lo ? hi - lo : 0;
}

static void
taps_fini(jb_taps *t)
{
    free(t->first), free(t->count), free(t->start), free(t->wgt);
}

static int
taps_init(jb_taps *t, int n, int m)
{
    size_t total = 0;
    t->first = malloc((size_t)n * sizeof *t->first);
    t->count = malloc((size_t)n * sizeof *t->count);
    t->start = malloc((size_t)n * sizeof *t->start);
    t->wgt = malloc(((size_t)m + 2 * (size_t)n) * sizeof *t->wgt); /* each pixel once, + edges */
    if (!t->first || !t->count || !t->start || !t->wgt)
        return -1;
    for (int i = 0; i < n; i++) {
        int k0 = (int)((double)i * m / n), k1 = (int)((double)(i + 1) * m / n + 0.999999);
        if (k1 > m)
            k1 = m;
        t->first[i] = k0;
        t->count[i] = k1 - k0;
        t->start[i] = (int)total;
        for (int k = k0; k < k1; k++)
            t->wgt[total++] = (float)cover(i, n, m, k);
    }
    return 0;
}

/* One source row (ch colour channels, and its alpha row arow or NULL) area-averaged across by
 * the jb_taps tx into dw cells: colour premultiplied by alpha, and alpha. */
static void
across(const unsigned char *row, const unsigned char *arow, int ch, const jb_taps *tx, int dw,
       float *col, float *al)
{
    for (int x = 0; x < dw; x++) {
        const float *wg = tx->wgt + tx->start[x];
        const unsigned char *p = row + (size_t)tx->first[x] * (size_t)ch;
        float c0 = 0, c1 = 0, c2 = 0, a = 0;
        if (arow) {
            const unsigned char *ap = arow + tx->first[x];
            for (int k = 0; k < tx->count[x]; k++, p += ch) {
                float wa = wg[k] * (float)ap[k] * (1.0f / 255.0f);
                c0 += wa * p[0];
                if (ch == 3)
                    c1 += wa * p[1], c2 += wa * p[2];
                a += wa;
            }
        } else if (ch == 3) {
            for (int k = 0; k < tx->count[x]; k++, p += 3) {
                c0 += wg[k] * p[0], c1 += wg[k] * p[1], c2 += wg[k] * p[2];
                a += wg[k];
            }
        } else {
            for (int k = 0; k < tx->count[x]; k++, p++) {
                c0 += wg[k] * p[0];
                a += wg[k];
            }
        }
        col[(size_t)x * (size_t)ch] = c0;
        if (ch == 3)
            col[(size_t)x * 3 + 1] = c1, col[(size_t)x * 3 + 2] = c2;
        al[x] = a;
    }
}

/* An accumulated cell as a pixel: colour (white where nothing shows) and alpha over area. */
static void
cell_out(const float *acc, const float *acca, int w, int ch, float area, unsigned char *px,
         unsigned char *alpha)
{
    for (int x = 0; x < w; x++) {
        for (int q = 0; q < ch; q++) {
            /* a fully transparent cell is white: what the page shows through it */
            float v = acca[x] > 1e-9f ? acc[(size_t)x * (size_t)ch + (size_t)q] / acca[x] : 255;
            px[(size_t)x * (size_t)ch + (size_t)q] = (unsigned char)(v < 0     ? 0
                                                                     : v > 255 ? 255
                                                                               : v + 0.5f);
        }
        if (alpha) {
            float a = acca[x] / area * 255;
            alpha[x] = (unsigned char)(a < 0 ? 0 : a > 255 ? 255 : a + 0.5f);
        }
    }
}

void
jb_shrink_fini(jb_shrink *k)
{
    taps_fini(&k->tx), taps_fini(&k->ty);
    free(k->col), free(k->al), free(k->acc), free(k->acca);
}

int
jb_shrink_init(jb_shrink *k, int sw, int sh, int dw, int dh, int ch, unsigned char *px,
               unsigned char *alpha)
{
    memset(k, 0, sizeof *k);
    k->dw = dw, k->dh = dh, k->ch = ch, k->px = px, k->alpha = alpha;
    k->area = (float)(((double)sw / dw) * ((double)sh / dh));
    k->col = malloc((size_t)dw * (size_t)ch * sizeof *k->col);
    k->al = malloc((size_t)dw * sizeof *k->al);
    k->acc = calloc(2 * (size_t)dw * (size_t)ch, sizeof *k->acc);
    k->acca = calloc(2 * (size_t)dw, sizeof *k->acca);
    if (!k->col || !k->al || !k->acc || !k->acca || taps_init(&k->tx, dw, sw) != 0 ||
        taps_init(&k->ty, dh, sh) != 0) {
        jb_shrink_fini(k);
        return -1;
    }
    return 0;
}

/* Source row y (row: sw × ch colour, arow: sw alpha or NULL). */
void
jb_shrink_row(jb_shrink *k, int y, const unsigned char *row, const unsigned char *arow)
{
    size_t n = (size_t)k->dw * (size_t)k->ch;
    across(row, arow, k->ch, &k->tx, k->dw, k->col, k->al);
    for (int i = k->cur; i < k->dh && i <= k->cur + 1 && k->ty.first[i] <= y; i++) {
        float *a = k->acc + (size_t)(i & 1) * n, *aa = k->acca + (size_t)(i & 1) * (size_t)k->dw;
        float wgt;
        if (y >= k->ty.first[i] + k->ty.count[i])
            continue;
        wgt = k->ty.wgt[k->ty.start[i] + (y - k->ty.first[i])];
        for (size_t q = 0; q < n; q++)
            a[q] += wgt * k->col[q];
        for (int x = 0; x < k->dw; x++)
            aa[x] += wgt * k->al[x];
    }
    while (k->cur < k->dh && y >= k->ty.first[k->cur] + k->ty.count[k->cur] - 1) {
        float *a = k->acc + (size_t)(k->cur & 1) * n,
              *aa = k->acca + (size_t)(k->cur & 1) * (size_t)k->dw;
        cell_out(a, aa, k->dw, k->ch, k->area, k->px + (size_t)k->cur * n,
                 k->alpha ? k->alpha + (size_t)k->cur * (size_t)k->dw : NULL);
        memset(a, 0, n * sizeof *a);
        memset(aa, 0, (size_t)k->dw * sizeof *aa);
        k->cur++;
    }
}

/* ---- PNG ---- */
