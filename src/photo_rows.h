/* photo_rows — how consecutive photos stand in rows (docs/LAYOUTS.md, *Photos and the fit*): the
 * rows a run of them is set in, and a row's height from the photos' shapes. Pure functions, shared
 * by the layout (photos.c, which defines them) and the job, which decodes each photo no larger
 * than its largest place (job.c). */
#ifndef JB_PHOTO_ROWS_H
#define JB_PHOTO_ROWS_H

#include <stddef.h>

#include "spec.h"

#define JB_ROW_MAX    3 /* photos side by side in a row, at most ([photo] row) */
#define JB_ROW_GAP_MM 4 /* between two photos side by side */

/* The length of the row photo at of a run of count consecutive photos starts, when at starts one:
 * rows of at most [photo] row, balanced (the fewest rows, the first ones the fuller: five as
 * three and two, four as two and two). */
size_t jb_photo_row_len(const jb_spec *s, size_t at, size_t count);

/* The height (pt) of a row of n photos of shapes aspect[0..n) (width / height) at share of the
 * measure measure_pt: the row is the share wide (a row of three half as wide again, at most the
 * measure) when its photos are 4:3 or wider; portraits take the height 4:3 photos would and are
 * narrower (sized by height); no row is taller than [photo] height of the text block. */
double jb_photo_row_height(const jb_spec *s, double share, double measure_pt, const double *aspect,
                           size_t n);

#endif
