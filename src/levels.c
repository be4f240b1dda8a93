/* levels — head levels from their numbering. */
#include "levels.h"

#include "utf8.h"

int
jb_levels_cn_numeral(uint32_t c)
{
    static const uint32_t digits[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E24, 0x4E09, 0x56DB,
                                      0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E};
    return JB_IN_SET(c, digits); /* 零〇一二两三四五六七八九十百 */
}

int
jb_levels_numbered(const jb_text *t)
{
    size_t i = 0, k;
    if (t->n > 0 && (t->cps[0] == 0xFF08 || t->cps[0] == '(')) {
        for (k = 1; k < t->n && jb_levels_cn_numeral(t->cps[k]); k++)
            ;
        return k > 1 && k < t->n && (t->cps[k] == 0xFF09 || t->cps[k] == ')') ? 2 : 0;
    }
    for (; i < t->n && jb_levels_cn_numeral(t->cps[i]); i++)
        ;
    if (i > 0 && i < t->n && t->cps[i] == 0x3001)
        return 1;
    for (i = 0; i < t->n && t->cps[i] >= '0' && t->cps[i] <= '9'; i++)
        ;
    if (i > 0 && i < t->n && (t->cps[i] == '.' || t->cps[i] == 0xFF0E || t->cps[i] == 0x3001))
        return 3;
    return 0;
}

void
jb_levels_set(jb_doc *doc)
{
    for (size_t n = 0; n < doc->n_items; n++) {
        jb_item *it = &doc->items[n];
        int used[4] = {0}, rank[4] = {0}, r = 0;
        for (size_t k = 0; k < it->n_blocks; k++)
            if (it->blocks[k].kind == JB_BLOCK_HEAD)
                used[jb_levels_numbered(&it->blocks[k].text)] = 1;
        for (int l = 1; l < 4; l++)
            if (used[l])
                rank[l] = ++r;
        for (size_t k = 0; k < it->n_blocks; k++) {
            jb_block *b = &it->blocks[k];
            int l = b->kind == JB_BLOCK_HEAD ? rank[jb_levels_numbered(&b->text)] : 0;
            if (l > b->level)
                b->level = l;
        }
    }
}
