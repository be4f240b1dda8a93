/* shape — HarfBuzz shaping into per-character boxes with punctuation blanks from the ink box. */
#include "shape.h"

#include <hb.h>

#include "chars.h"
#include "doc.h"

#define GB_SIDE 0.1  /* em of side bearing kept next to the text a mark belongs to */
#define CENTRED 0.25 /* a mark with more side bearing than this is centred, not GB-positioned */
#define NARROW  0.9  /* a quote or bracket narrower than this (em) is a proportional glyph */

/* Removable blank beside the ink, clamped to [0, ½ em] with a 0.02 em safety margin
 * (RULES.md §2.1: never assume where a font puts its punctuation). */
static float
blank(double side_fu, unsigned upem)
{
    double b = side_fu / upem - 0.02;
    if (b < 0)
        b = 0;
    if (b > 0.5)
        b = 0.5;
    return (float)b;
}

/* Characters that shaping leaves as they are when the PDF draws cmap glyphs: ideographs, kana,
 * CJK and full-width punctuation, general punctuation (quotes, dashes, ellipsis), the middle dot.
 * Their advance is the cmap glyph's (a substitution is not drawn, see below), and CJK fonts kern
 * none of them: a run of only these needs no shape plan (building one for the large GSUB and
 * GPOS of Noto CJK costs more than shaping the brief). Variation selectors combine, so they do
 * not count. */
static int
all_wide(const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
            return 0;
        if (!(c >= 0x2E80 || (c >= 0x2010 && c <= 0x206F) || c == 0x00B7))
            return 0;
    }
    return 1;
}

/* Ideographs and the commonest Chinese punctuation: characters that CJK fonts neither kern nor
 * ligate with one another, the assumption all_wide makes of a whole run (a face's kana kerning
 * pairs, its —— and …… ligatures and its proportional dashes keep those out). */
static int
plain(uint32_t c)
{
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
        return 1;
    switch (c) {
    case 0x3001: /* 、 */
    case 0x3002: /* 。 */
    case 0x300A: /* 《 */
    case 0x300B: /* 》 */
    case 0x300C: /* 「 */
    case 0x300D: /* 」 */
    case 0x3010: /* 【 */
    case 0x3011: /* 】 */
    case 0xFF01: /* ！ */
    case 0xFF08: /* （ */
    case 0xFF09: /* ） */
    case 0xFF0C: /* ， */
    case 0xFF1A: /* ： */
    case 0xFF1B: /* ； */
    case 0xFF1F: /* ？ */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201C: /* “ */
    case 0x201D: /* ” */ return 1;
    default: return 0;
    }
}

/* Dashes and ellipses (GB/T 15834 4.13, 4.11): one em each, ⸺ two and ⸻ three, in every face.
 * HarfBuzz may turn —— into one 2-em ligature (Noto CJK), leaving the second dash no advance,
 * and a face may map — to its proportional Latin glyph (0.91 em in Noto CJK). */
static int
dash_like(uint32_t c)
{
    return c == 0x2014 || c == 0x2015 || c == 0x2E3A || c == 0x2E3B;
}

static double
full_em(uint32_t c)
{
    return c == 0x2E3A ? 2 : c == 0x2E3B ? 3 : 1;
}

/* Gives every dash and ellipsis in [start, end) its full advance. Where the face's glyph is
 * narrower than that, a run of dashes is drawn as one stroke centred in the run (the inks meet),
 * and an ellipsis's dots are centred in their box. */
static void
full_advance(jb_font *f, const uint32_t *cps, size_t start, size_t end, jb_box *boxes)
{
    unsigned upem = jb_font_upem(f);
    for (size_t i = start; i < end;) {
        uint32_t c = cps[i];
        size_t j = i + 1;
        int a, l, r;
        if (!dash_like(c) && c != 0x2026 && c != 0x22EF) {
            i++;
            continue;
        }
        while (j < end && cps[j] == c)
            j++;
        double em = full_em(c);
        int narrow = jb_font_ink(f, c, &a, &l, &r) == 0 && l < r && (double)a / upem < em - 0.02;
        double ink = narrow ? (double)(r - l) / upem : 0, lb = narrow ? (double)l / upem : 0;
        double run = (double)(j - i), s = (run * em - run * ink) / 2;
        for (size_t k = i; k < j; k++) {
            double at = (double)(k - i);
            boxes[k].adv = (float)em;
            if (narrow)
                boxes[k].shift = (float)(dash_like(c) && ink < em ? s + at * ink - at * em - lb
                                                                  : (em - ink) / 2 - lb);
        }
        i = j;
    }
}

static jb_status
shape_run(jb_fontset *fs, int role, const uint32_t *cps, size_t start, size_t end, jb_box *boxes,
          jb_diag *d)
{
    jb_font *f = jb_fontset_get(fs, role);
    hb_font_t *hf = jb_font_hb(f);
    hb_buffer_t *buf = NULL;
    unsigned upem = jb_font_upem(f), count;
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    /* The PDF draws each character as its cmap glyph (one CID per character, so that copying
     * gives the character back): ligatures must stay off. */
    static const hb_feature_t features[] = {
        {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
        {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
    };

    if (all_wide(cps + start, end - start)) {
        for (size_t i = start; i < end; i++) {
            boxes[i].adv = (float)jb_font_advance(f, cps[i]) / (float)upem;
            boxes[i].kern = 0;
        }
        goto blanks;
    }
    /* A run with other characters is shaped in pieces: cut between two plain characters, each
     * other character goes to HarfBuzz with its neighbours up to the next plain one on either
     * side, and a plain character between two plain ones takes its cmap advance. */
    buf = hb_buffer_create();
    for (size_t i = start, j; i < end; i = j) {
        for (j = i + 1; j < end && !(plain(cps[j - 1]) && plain(cps[j])); j++)
            ;
        if (j == i + 1 && plain(cps[i])) {
            boxes[i].adv = (float)jb_font_advance(f, cps[i]) / (float)upem;
            boxes[i].kern = 0;
            continue;
        }
        hb_buffer_clear_contents(buf);
        hb_buffer_add_codepoints(buf, cps + start, (int)(end - start), (unsigned)(i - start),
                                 (int)(j - i));
        hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
        hb_buffer_set_script(buf, HB_SCRIPT_HAN);
        hb_buffer_set_language(buf, jb_fontset_language(fs));
        /* hb_shape_full: HarfBuzz's own cache of shape plans, and its limits on the work a
         * font's lookups may make (buffer->enter) */
        if (!hb_shape_full(hf, buf, features, 2, NULL) || !hb_buffer_allocation_successful(buf)) {
            hb_buffer_destroy(buf);
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory shaping text");
        }
        info = hb_buffer_get_glyph_infos(buf, &count);
        pos = hb_buffer_get_glyph_positions(buf, &count);
        for (size_t k = i; k < j; k++)
            boxes[k].adv = 0, boxes[k].kern = 0;
        for (unsigned g = 0; g < count; g++) {
            size_t k = start + info[g].cluster;
            hb_position_t adv = pos[g].x_advance;
            uint32_t cmap_glyph = jb_font_glyph(f, cps[k]);
            /* A substituted glyph is not what the PDF draws: use the cmap glyph's advance. */
            if (info[g].codepoint != cmap_glyph)
                adv = jb_font_advance(f, cps[k]);
            boxes[k].adv += (float)adv / (float)upem;
        }
    }
    hb_buffer_destroy(buf);
    /* What kerning gave a Latin character toward the next, which a line break between the two
     * takes back (a URL or a hyphenated word split there ends flush on the measure). */
    for (size_t i = start; i + 1 < end; i++)
        if (cps[i] < 0x2000)
            boxes[i].kern = boxes[i].adv - (float)jb_font_advance(f, cps[i]) / (float)upem;
blanks:
    for (size_t i = start; i < end; i++)
        boxes[i].blank_l = boxes[i].blank_r = boxes[i].shift = 0;
    full_advance(f, cps, start, end, boxes);
    for (size_t i = start; i < end; i++) {
        int a, l, r;
        double side;
        if (boxes[i].punct == JB_PUNCT_NONE)
            continue;
        if (jb_font_ink(f, cps[i], &a, &l, &r) != 0 || l >= r)
            continue;
        /* Quotes and brackets are full-width marks in Chinese text (GB/T 15834), but a CJK face
         * may map the curly quotes to its proportional Latin glyphs (LXGW WenKai, Zen Hei: about
         * ⅓ em, where Noto CJK SC maps full-width ones and keeps those behind pwid). Set such a
         * mark in a 1-em box: below it takes the mainland position and its blank, so it
         * compresses as the body's marks do, in every role. */
        if ((boxes[i].punct == JB_PUNCT_OPEN || boxes[i].punct == JB_PUNCT_CLOSE) &&
            (double)a / upem < NARROW) {
            a = (int)upem;
            boxes[i].adv = 1.0f;
        }
        if (boxes[i].punct == JB_PUNCT_FIXED) {
            /* 间隔号 is ½ em (§2.1): a full-width · gives up ¼ em on each side */
            if (jb_char_is_interpunct(cps[i]) && (double)a / upem > 0.9) {
                boxes[i].blank_l = blank(l, upem) < 0.25f ? blank(l, upem) : 0.25f;
                boxes[i].blank_r = blank(a - r, upem) < 0.25f ? blank(a - r, upem) : 0.25f;
            }
            continue;
        }
        /* Fonts made for TW/HK (or Latin-centred ones) centre ，。： in the em box; mainland text
         * wants the ink beside the character it follows (§2.1). Move such ink to within GB_SIDE of
         * its side so the removable blank is all on the other side. */
        if (boxes[i].punct == JB_PUNCT_OPEN) {
            side = (double)(a - r) / upem;
            if (side > CENTRED)
                boxes[i].shift = (float)(side - GB_SIDE);
            boxes[i].blank_l = blank(l + boxes[i].shift * upem, upem);
        } else {
            side = (double)l / upem;
            if (side > CENTRED)
                boxes[i].shift = (float)-(side - GB_SIDE);
            boxes[i].blank_r = blank(a - r - boxes[i].shift * upem, upem);
        }
    }
    return JB_OK;
}

jb_status
jb_shape(jb_fontset *fs, const uint32_t *cps, const uint32_t *offs, const uint8_t *marks,
         const uint8_t *roles, size_t n, jb_box *boxes, jb_diag *d)
{
    size_t start = 0;
    jb_status st;

    for (size_t i = 0; i < n; i++) {
        int role = roles[i];
        boxes[i].cp = cps[i];
        boxes[i].off = offs ? offs[i] : 0;
        boxes[i].mark = marks ? marks[i] : 0;
        boxes[i].font = (uint8_t)role;
        boxes[i].punct = (uint8_t)jb_punct_class(cps[i]);
    }
    for (size_t i = 1; i <= n; i++) {
        if (i == n || boxes[i].font != boxes[start].font) {
            if ((st = shape_run(fs, boxes[start].font, cps, start, i, boxes, d)) != JB_OK)
                return st;
            start = i;
        }
    }
    return JB_OK;
}
