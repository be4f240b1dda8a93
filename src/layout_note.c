/* layout_note — a one-article page's 编者按 (RULES.md §5.7): above the title, at the body size, the
 * 黑体 label and the 楷 note indented two 字 each side, one line clear of the red rule; the fit
 * counts its height with the title's (layout_fit.c), layout.c's emit step draws it here.
 */
#include "layout_int.h"

#include <string.h>

#include "lines.h"

#define NOTE_IN 2 /* em: the note in from each side, as an issue's (layout_issue_int.h) */

/* The note broken at body size into pl (flush, no first-line indent). */
static jb_status
break_note(const lay *L, double body, jb_para_layout *pl)
{
    jb_para_opts o = {.measure_pt = L->width_pt - 2 * NOTE_IN * body,
                      .size_pt = body,
                      .min_last = 4,
                      .kaiming = L->kaiming};
    return jb_lines_break(L->note.boxes, L->note.n, &o, pl, L->d);
}

double
jb_lay_note_height(const lay *L, double body)
{
    jb_para_layout pl;
    double pitch = body * L->spec->leading;
    size_t n;

    if (L->note.n == 0)
        return 0;
    if (break_note(L, body, &pl) != JB_OK)
        return -1;
    n = pl.n_lines;
    jb_para_layout_fini(&pl);
    return pitch * (M.note_above + (double)n + M.note_below);
}

jb_status
jb_lay_emit_note(lay *L, double body, double *cursor)
{
    double pitch = body * L->spec->leading;
    para pa;
    jb_status st;
    size_t first = L->page->n_lines;

    if (L->note.n == 0)
        return JB_OK;
    memset(&pa, 0, sizeof pa);
    pa.boxes = L->note.boxes, pa.colors = L->note.colors, pa.n = L->note.n, pa.flush = 1;
    if ((st = break_note(L, body, &pa.pl)) != JB_OK)
        return st;
    st = jb_lay_emit_lines(L, &pa, 0, pa.pl.n_lines, body, L->spec->margin_left_pt + NOTE_IN * body,
                           pitch, cursor);
    jb_para_layout_fini(&pa.pl);
    for (size_t i = first; i < L->page->n_lines; i++)
        L->page->lines[i].kind = JB_LINE_NOTE;
    *cursor += pitch * M.note_below;
    return st;
}
