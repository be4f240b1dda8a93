/* photos — the photo blocks of the layout: each photo, or a row of two or three side by side, a
 * whole number of body lines between paragraphs, its caption under it ([photo] keys); and the fit
 * with photos, which trades the photos' share of the measure against the body size. The other half
 * of layout.c (layout_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "hyphenate.h"
#include "image.h"
#include "layout_int.h"

/* ---- photos: blocks between paragraphs, a whole number of body lines each ([photo] keys) ---- */

/* The photos as the texts list them, each with its caption's run (shaped in prepare). */
jb_status
jb_lay_prepare_photos(lay *L)
{
    const jb_page_texts *tx = L->tx;

    if (tx->n_photos == 0)
        return JB_OK;
    if ((L->photos = calloc(tx->n_photos, sizeof *L->photos)) == NULL)
        return jb_lay_nomem(L);
    L->n_photos = tx->n_photos;
    for (size_t i = 0; i < tx->n_photos; i++) {
        L->photos[i].ph = tx->photos[i];
        if (tx->photos[i]->img == NULL)
            return jb_diag_set(L->d, JB_ERR_INPUT, NULL, 0, 0,
                               "photos are read from the report's folder (render the file)",
                               "the photo '%s' was not read", tx->photos[i]->ref);
    }
    return JB_OK;
}

static const jb_image *
para_image(const lay *L, size_t p)
{
    return L->photos[L->paras[p].photo - 1].ph->img;
}

size_t
jb_photo_row_len(const jb_spec *s, size_t at, size_t count)
{
    size_t m = s->photo_row < 1 ? 1 : s->photo_row > JB_ROW_MAX ? JB_ROW_MAX : (size_t)s->photo_row;
    size_t rows = (count + m - 1) / m, base = count / rows, extra = count % rows, start = 0;

    for (size_t r = 0; r < rows; r++) {
        size_t len = base + (r < extra);
        if (at < start + len)
            return start + len - at;
        start += len;
    }
    return 1;
}

double
jb_photo_row_height(const jb_spec *s, double share, double measure_pt, const double *aspect,
                    size_t n)
{
    double sum = 0, row_w = share * measure_pt * (n > 2 ? 1.5 : 1), h;
    double hmax = s->photo_height * (s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt);

    for (size_t i = 0; i < n; i++)
        sum += aspect[i];
    if (sum < (double)n * 4 / 3) /* portraits: by height */
        sum = (double)n * 4 / 3;
    if (row_w > measure_pt)
        row_w = measure_pt;
    h = (row_w - (double)(n - 1) * JB_ROW_GAP_MM * MM_PT) / sum;
    return h > hmax ? hmax : h;
}

/* The photos of the row that starts at entry p (jb_photo_row_len of its run). */
size_t
jb_lay_row_length(const lay *L, size_t p)
{
    size_t q = p, end = p;

    while (q > 0 && L->paras[q - 1].photo)
        q--;
    while (end < L->n_paras && L->paras[end].photo)
        end++;
    return jb_photo_row_len(L->spec, p - q, end - q);
}

/* A caption broken at measure as body text is (§4.4): at its break opportunities and, where a
 * line of it then has to break where no break is allowed (a long English word in a narrow photo's
 * width) or, justified, stretches its gaps more than JB_HYPHEN_WHEN em, at its English words'
 * hyphenation points too. A caption with English words (a space between two letters or digits)
 * is set ragged, each line at its natural width, centred (RULES.md §4.4). */
static jb_status
caption_break(lay *L, photo *ph, double measure, jb_para_layout *out)
{
    const run *c = &ph->cap;
    double size = L->spec->caption_pt;
    int redo = 0, ragged = 0;
    jb_status st;

    if (ph->cap_brk == NULL) { /* its plain breaks, then its hyphenated ones */
        uint32_t *cps = malloc(c->n * sizeof *cps);
        uint8_t *marks = malloc(c->n);
        if ((ph->cap_brk = malloc(2 * c->n)) != NULL && cps && marks) {
            for (size_t k = 0; k < c->n; k++)
                cps[k] = c->boxes[k].cp, marks[k] = c->boxes[k].mark;
            jb_lines_opportunities(cps, marks, c->n, ph->cap_brk);
            memcpy(ph->cap_brk + c->n, ph->cap_brk, c->n);
        }
        free(cps), free(marks);
        if (cps == NULL || marks == NULL || ph->cap_brk == NULL)
            return jb_lay_nomem(L);
    }
    for (size_t k = 1; k + 1 < c->n; k++) /* English words: ragged lines, centred */
        ragged |= c->boxes[k].cp == ' ' && jb_char_is_alnum(c->boxes[k - 1].cp) &&
                  jb_char_is_alnum(c->boxes[k + 1].cp);
    jb_para_opts o = {.measure_pt = measure, .size_pt = size, .min_last = 2, .ragged = ragged};
    o.brk = ph->cap_brk;
    if ((st = jb_lines_break(c->boxes, c->n, &o, out, L->d)) != JB_OK)
        return st;
    for (size_t l = 0; l + 1 < out->n_lines; l++)
        redo |= (!ragged && out->lines[l].stretch_pt / size > JB_HYPHEN_WHEN) ||
                !ph->cap_brk[out->lines[l + 1].start];
    if (!redo)
        return JB_OK;
    if (!ph->cap_hyphenated) { /* the hyphen module loaded only now */
        uint32_t *cps = malloc(c->n * sizeof *cps);
        if (cps == NULL)
            return jb_lay_nomem(L);
        for (size_t k = 0; k < c->n; k++)
            cps[k] = c->boxes[k].cp;
        jb_hyphenate(cps, c->n, ph->cap_brk + c->n);
        free(cps);
        ph->cap_hyphenated = 1;
        ph->cap_hyphen = jb_lay_hyphen_em(L, c->boxes, c->n, ph->cap_brk + c->n);
    }
    if (ph->cap_hyphen <= 0)
        return JB_OK;
    o.brk = ph->cap_brk + c->n, o.hyphen_em = ph->cap_hyphen;
    jb_para_layout_fini(out);
    return jb_lines_break(c->boxes, c->n, &o, out, L->d);
}

/* A row of photos at the trial's share (jb_photo_row_height): equal height, the widths from their
 * shapes (never distorted), each caption broken at its photo's width. */
typedef struct {
    double w[JB_ROW_MAX], h, gap, x0;
    jb_para_layout cap[JB_ROW_MAX];
    int cap_lines; /* of the longer caption */
    int lines;     /* body lines the block takes */
} row_geom;

static void
row_fini(row_geom *g)
{
    for (int i = 0; i < JB_ROW_MAX; i++)
        jb_para_layout_fini(&g->cap[i]);
}

static jb_status
row_geometry(lay *L, size_t p, size_t n, double size, row_geom *g)
{
    const jb_spec *s = L->spec;
    double pitch = size * s->leading, total, block, aspect[JB_ROW_MAX] = {0};
    jb_status st;

    memset(g, 0, sizeof *g);
    g->gap = JB_ROW_GAP_MM * MM_PT;
    for (size_t i = 0; i < n; i++)
        aspect[i] = (double)para_image(L, p + i)->full_w / para_image(L, p + i)->full_h;
    g->h = jb_photo_row_height(s, L->photo_share, L->width_pt, aspect, n);
    total = (double)(n - 1) * g->gap;
    for (size_t i = 0; i < n; i++) {
        const jb_image *img = para_image(L, p + i);
        photo *ph = &L->photos[L->paras[p + i].photo - 1];
        g->w[i] = g->h * img->full_w / img->full_h; /* the file's shape, not the decoded one's */
        total += g->w[i];
        if (ph->cap.n == 0)
            continue;
        if ((st = caption_break(L, ph, g->w[i], &g->cap[i])) != JB_OK) {
            row_fini(g);
            return st;
        }
        if ((int)g->cap[i].n_lines > g->cap_lines)
            g->cap_lines = (int)g->cap[i].n_lines;
    }
    g->x0 = s->margin_left_pt + (L->width_pt - total) / 2;
    block = 2 * pitch * M.photo_above + g->h;
    if (g->cap_lines)
        block += s->caption_pt * M.caption_gap + g->cap_lines * s->caption_pt * M.caption_adv;
    g->lines = (int)ceil(block / pitch - 1e-9);
    return JB_OK;
}

int
jb_lay_photo_row_lines(lay *L, size_t p, size_t n, double size)
{
    row_geom g;
    if (row_geometry(L, p, n, size, &g) != JB_OK)
        return -1;
    row_fini(&g);
    return g.lines;
}

/* Body lines all photo blocks (0 while the fit measures the text alone) and tables take at size,
 * or -1 on error (diag set). */
int
jb_lay_photos_lines(lay *L, double size)
{
    int lines = jb_lay_tables_lines(L, size);

    if (lines < 0 || L->photo_share <= 0)
        return lines;
    for (size_t p = 0; p < L->n_paras; p++) {
        row_geom g;
        size_t n;
        if (!L->paras[p].photo)
            continue;
        n = jb_lay_row_length(L, p);
        if (row_geometry(L, p, n, size, &g) != JB_OK)
            return -1;
        lines += g.lines;
        row_fini(&g);
        p += n - 1;
    }
    return lines;
}

/* Draws a row of photos: the page gets each photo's box, downsampled to [photo] ppi at its
 * placed size and encoded as JPEG, and its caption's lines centred under it. */
jb_status
jb_lay_emit_photo_row(lay *L, size_t p, size_t n, double size, double pitch, double *cursor)
{
    const jb_spec *s = L->spec;
    jb_page *pg = L->page;
    double cap = s->caption_pt, top, x;
    row_geom g;
    jb_status st;

    if ((st = row_geometry(L, p, n, size, &g)) != JB_OK)
        return st;
    x = g.x0;
    /* as much white above the photos (to the ink of the line before) as below their captions (to
     * the ink of the line after): the lines' half-leading counted on both sides */
    {
        double content = g.h, free = g.lines * pitch + (pitch - size);
        if (g.cap_lines)
            content += cap * (M.caption_gap + 1) + (g.cap_lines - 1) * cap * M.caption_adv;
        top = *cursor - (pitch - size) / 2 + (free - content) / 2;
    }
    for (size_t i = 0; i < n; i++) {
        const photo *ph = &L->photos[L->paras[p + i].photo - 1];
        const jb_image *img = ph->ph->img;
        const run *c = &ph->cap;
        jb_image_encoded enc;
        jb_page_image im;
        int pw = (int)floor(g.w[i] / 72 * s->photo_ppi), phh = (int)floor(g.h / 72 * s->photo_ppi);

        pw = pw < 1 ? 1 : pw > img->w ? img->w : pw;
        phh = phh < 1 ? 1 : phh > img->h ? img->h : phh;
        if ((st = jb_image_encode(img, pw, phh, s->photo_quality, &enc, L->d)) != JB_OK) {
            row_fini(&g);
            return st;
        }
        memset(&im, 0, sizeof im);
        im.x = (float)x, im.y = (float)(pg->h_pt - top - g.h);
        im.w = (float)g.w[i], im.h = (float)g.h;
        im.src_w = img->full_w, im.src_h = img->full_h;
        im.px_w = enc.w, im.px_h = enc.h, im.channels = enc.channels;
        im.ppi = enc.w / (g.w[i] / 72);
        im.jpeg = enc.jpeg, im.jpeg_len = enc.jpeg_len, im.smask = enc.smask;
        im.name = strdup(ph->ph->ref);
        im.caption = jb_text_to_utf8(&ph->ph->caption);
        if (im.name == NULL || im.caption == NULL || jb_page_push_image(pg, &im) != 0) {
            if (im.name == NULL || im.caption == NULL) {
                free(im.name), free(im.caption), jb_image_encoded_fini(&enc);
            }
            row_fini(&g);
            return jb_lay_nomem(L);
        }
        for (size_t l = 0; l < g.cap[i].n_lines; l++) {
            const jb_line *ln = &g.cap[i].lines[l];
            double off = x + (g.w[i] - ln->width_pt) / 2 - ln->left_pt;
            double baseline =
                top + g.h + cap * M.caption_gap + cap * M.ascent + (double)l * cap * M.caption_adv;
            jb_page_line pl;
            memset(&pl, 0, sizeof pl);
            pl.first_glyph = pg->n_glyphs;
            for (size_t k = ln->start; k < ln->end; k++)
                if (jb_lay_push_glyph(L, &c->boxes[k], c->colors[k], off + g.cap[i].x_pt[k],
                                      pg->h_pt - baseline, cap) != 0) {
                    row_fini(&g);
                    return jb_lay_nomem(L);
                }
            if (ln->hyphen && ln->end > ln->start) { /* a word broken at the line's end (§4.4) */
                jb_box h = c->boxes[ln->end - 1];
                h.cp = '-', h.mark = 0, h.shift = 0;
                if (jb_lay_push_glyph(L, &h, c->colors[ln->end - 1], off + ln->hyphen_x_pt,
                                      pg->h_pt - baseline, cap) != 0) {
                    row_fini(&g);
                    return jb_lay_nomem(L);
                }
            }
            pl.n_glyphs = pg->n_glyphs - pl.first_glyph;
            pl.x0 = (float)(off + ln->left_pt), pl.x1 = (float)(off + ln->left_pt + ln->width_pt);
            pl.y = (float)(pg->h_pt - baseline), pl.size = (float)cap;
            pl.kind = JB_LINE_CAPTION, pl.last = (uint8_t)ln->last;
            pl.shrink = (float)ln->shrink_pt, pl.stretch = (float)ln->stretch_pt;
            if (jb_page_push_line(pg, &pl) != 0) {
                row_fini(&g);
                return jb_lay_nomem(L);
            }
        }
        x += g.w[i] + g.gap;
    }
    *cursor += g.lines * pitch;
    row_fini(&g);
    return JB_OK;
}

/* ---- the fit with photos (docs/LAYOUTS.md, [photo]) ----
 * The body's preferred size is the one it gets without photos. Photos start at [photo] width of
 * the measure and shrink, 5% of the measure at a time, down to [photo] min before the body leaves
 * that size; only then does the body shrink, with the photos at their minimum, and at the size
 * that then fits they grow back as far as the page allows. */
jb_status
jb_lay_fit_photos(lay *L, long *k)
{
    const jb_spec *s = L->spec;
    long n = lround((s->body_max_pt - s->body_min_pt) / s->body_step_pt), at = *k;
    double pref = s->photo_width, min = s->photo_min < pref ? s->photo_min : pref;
    int f;

    L->text_only_pt = at >= 0 ? s->body_min_pt + (double)at * s->body_step_pt : 0;
    if (at < 0) { /* the text alone does not fit: the photos at their minimum, for the message */
        L->photo_share = min;
        return JB_OK;
    }
    L->photo_share = min;
    if ((f = jb_lay_fits(L, at)) < 0)
        return L->d->status;
    if (!f) {
        at = jb_lay_fit_step(L, n);
        if (at == -2)
            return L->d->status;
        *k = at;
        if (at < 0)
            return JB_OK;
    }
    for (double share = pref; share > min + 1e-9; share -= 0.05) {
        L->photo_share = share;
        if ((f = jb_lay_fits(L, at)) < 0)
            return L->d->status;
        if (f)
            return JB_OK;
    }
    L->photo_share = min;
    if (jb_lay_fits(L, at) < 0) /* its lines kept again */
        return L->d->status;
    return JB_OK;
}

/* The refusal when even the photos' minimum leaves no room at the floor size: with the numbers. */
jb_status
jb_lay_photos_overflow(lay *L)
{
    const jb_spec *s = L->spec;
    double pitch = s->body_min_pt * s->leading, min = L->photo_share;
    int lines = 0, photo_lines;
    double need = jb_lay_set_body(L, s->body_min_pt, &lines);
    char without[96] = "";

    if (need < 0 || (photo_lines = jb_lay_photos_lines(L, s->body_min_pt)) < 0)
        return L->d->status;
    int over = (int)ceil(
        (need + pitch * M.body_above - jb_lay_avail_at(L, s->body_min_pt)) / pitch - 1e-9);
    if (L->text_only_pt > 0)
        snprintf(without, sizeof without, "; without them the body would be %.2f pt",
                 L->text_only_pt);
    return jb_diag_set(L->d, JB_ERR_OVERFLOW, NULL, 0, 0,
                       "give --condense to leave photos out (the last first), let it flow onto "
                       "more pages with --pages N, lower [photo] min, or shorten the report",
                       "the report does not fit on one page with its %zu photo%s: at the floor "
                       "size of %.2f pt, the photos at their minimum of %.0f%% of the measure "
                       "take %d line%s and the page overflows by %d line%s%s",
                       L->n_photos, L->n_photos == 1 ? "" : "s", s->body_min_pt, min * 100,
                       photo_lines, photo_lines == 1 ? "" : "s", over, over == 1 ? "" : "s",
                       without);
}

/* For --verbose: how photos and body size were traded. */
void
jb_lay_photo_note(lay *L)
{
    const jb_spec *s = L->spec;
    double min = s->photo_min < s->photo_width ? s->photo_min : s->photo_width;
    char trade[200];

    if (fabs(L->text_only_pt - L->size) < 1e-6)
        snprintf(trade, sizeof trade, "the body keeps %.2f pt, its size without photos", L->size);
    else
        snprintf(trade, sizeof trade, "the body left %.2f pt (its size without photos) for %.2f pt",
                 L->text_only_pt, L->size);
    snprintf(L->page->photo_note, sizeof L->page->photo_note,
             "photos: %zu at %.0f%% of the measure (preferred %.0f%%, minimum %.0f%%), taking %d "
             "body line%s; %s",
             L->n_photos, L->photo_share * 100, s->photo_width * 100, min * 100, L->photo_lines,
             L->photo_lines == 1 ? "" : "s", trade);
}
