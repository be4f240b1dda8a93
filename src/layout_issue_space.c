/* layout_issue_space — the room of an issue around its items (RULES.md §5.7): a body line clear of
 * the red rule (or the 本期要目's lower rule) above the first 编者按, three quarters of one above a
 * first title, and on one page the
 * spare height shared as an article's is (§5.5): up to a line above the first item and, when there
 * is room for it, a whole line more between items (the body's lines kept on one grid); the rest
 * stays at the foot. layout_issue.c counts the room in the first page's height and shares the
 * spare after its fit; layout_issue_emit.c draws every row of the first page that much lower.
 */
#include "layout_issue_int.h"

/* pitch: the room under the rule above a first title, its own room above it included (a first
 * 编者按 has M.note_above, a line, as on a one-article page); 0.75: a line costs modern's
 * two-item sample two steps of body size, this one */
#define TITLE_ROOM 0.75

double
jb_issue_top_room(const issue *I, double size)
{
    double pitch = size * I->leading, pre = I->n_rows ? I->rows[0].pre : 0;
    int note = I->n_rows && I->rows[0].para >= 0 && I->info[I->rows[0].para].kind == B_NOTE;
    double want = pitch * (note ? M.note_above : TITLE_ROOM);
    return want > pre ? want - pre : 0;
}

void
jb_issue_share(issue *I)
{
    double used = 0, spare;
    int gaps = I->n_items > 1 ? (int)I->n_items - 1 : 0;

    I->top_share = I->item_share = 0;
    if (I->n_pages != 1 || I->n_rows == 0)
        return;
    for (size_t i = 0; i < I->n_rows; i++)
        if (I->rows[i].y + I->rows[i].h > used)
            used = I->rows[i].y + I->rows[i].h;
    spare = I->first - used;
    if (spare <= 0)
        return;
    if (gaps > 0 && spare >= (double)(gaps + 1) * I->pitch)
        I->item_share = I->pitch;
    spare -= gaps * I->item_share;
    I->top_share = spare < I->pitch ? spare : I->pitch;
}

double
jb_issue_shift(const issue *I, size_t i)
{
    const row *r = &I->rows[i];
    double shift;
    int prev = -1;

    if (r->page != 0)
        return 0;
    shift = I->top_room + I->top_share;
    for (size_t j = 0; j <= i && I->item_share > 0; j++) {
        int item = I->rows[j].para >= 0 ? I->info[I->rows[j].para].item : prev;
        if (prev >= 0 && item != prev)
            shift += I->item_share;
        prev = item;
    }
    return shift;
}
