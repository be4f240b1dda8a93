/* shrink — area-average downsampling (a box filter counting partial pixels, colour weighted by
 * alpha so that transparent pixels leave no fringe) of pixel rows fed top first, each read across
 * once: the photo decoders shrink rows as they decode them, the encoder a decoded photo.
 *
 * Ownership: a jb_shrink is the caller's (on the stack is fine); jb_shrink_init allocates its
 * tables, jb_shrink_fini frees them. The output buffers are the caller's, borrowed. */
#ifndef JB_SHRINK_H
#define JB_SHRINK_H

/* The source pixels of each of n cells over m source pixels and their weights: cell i takes
 * pixels first[i] … first[i] + count[i] - 1 with weights wgt[start[i] …]. */
typedef struct {
    int *first, *count, *start;
    float *wgt;
} jb_taps;

/* Rows of sw × sh pixels (ch colour channels, 1 or 3; an alpha row or not) area-averaged down to
 * dw × dh (never larger) into px (dw × dh × ch) and alpha (dw × dh, or NULL). */
typedef struct {
    int dw, dh, ch, cur;
    float area;
    jb_taps tx, ty;
    float *col, *al, *acc, *acca; /* acc, acca: two output rows */
    unsigned char *px, *alpha;
} jb_shrink;

/* 0, or -1 out of memory (k then needs no jb_shrink_fini). */
int jb_shrink_init(jb_shrink *k, int sw, int sh, int dw, int dh, int ch, unsigned char *px,
                   unsigned char *alpha);

/* Source row y, in order from 0: row (sw × ch colour), arow (sw alpha, or NULL: opaque). Output
 * rows are written as soon as their last source row has come. */
void jb_shrink_row(jb_shrink *k, int y, const unsigned char *row, const unsigned char *arow);

void jb_shrink_fini(jb_shrink *k);

#endif
