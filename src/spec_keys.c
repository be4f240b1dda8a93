/* spec_keys — every key of a layout as one table (section, key, parse kind, field, range,
 * example, meaning): parsing, the docs check, the every-key test and --set completion read it. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_int.h"

/* ---- the keys: one parse function a kind, one table row a key ---- */

#define FIELD(c, k, type) ((type *)((char *)(c)->spec + (k)->field))
#define NOT_A_SIZE        "not a size (write 12pt, 4mm or a 号 name such as 小四)"

/* A number that is the whole value (with an optional unit suffix), or 0. */
static int
number(const char *value, const char *suffix, double *v)
{
    char *end;
    *v = strtod(value, &end);
    if (end != value && suffix && strcmp(end, suffix) == 0)
        end += strlen(suffix);
    return end != value && *end == '\0';
}

static int
key_size(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v = jb_spec_parse_size(value);
    if (v <= 0)
        return jb_spec_bad(c, "[%s] %s: " NOT_A_SIZE, k->section, k->key);
    *FIELD(c, k, double) = v;
    return 1;
}

/* a size that may be 0 (a rule or an underline: none) */
static int
key_size0(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (strtod(value, NULL) == 0 && value[0] == '0') {
        *FIELD(c, k, double) = 0;
        return 1;
    }
    return key_size(c, k, value);
}

static int
key_paper(load_ctx *c, const jb_spec_key *k, const char *value)
{
    static const struct {
        const char *name;
        double w, h;
    } papers[] = {{"A4", 210 * MM_PT, 297 * MM_PT},
                  {"A3", 297 * MM_PT, 420 * MM_PT},
                  {"B5", 176 * MM_PT, 250 * MM_PT},
                  {"Letter", 612, 792}};
    (void)k;
    for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
        if (strcmp(value, papers[i].name) == 0) {
            c->spec->page_w_pt = papers[i].w, c->spec->page_h_pt = papers[i].h;
            return 1;
        }
    return jb_spec_bad(c, "[page] size: unknown paper '%s' (A4, A3, B5, Letter)", value);
}

static int
key_factor(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v;
    if (!number(value, NULL, &v) || v < k->min || v > k->max)
        return jb_spec_bad(c, "[%s] %s: '%s' is not a factor between 1.0 and 3.0", k->section,
                           k->key, value);
    *FIELD(c, k, double) = v;
    return 1;
}

/* leading: the least pitch; the most the spare height opens it to is never below it */
static int
key_leading(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (!key_factor(c, k, value))
        return 0;
    if (c->spec->leading_max < c->spec->leading)
        c->spec->leading_max = c->spec->leading;
    return 1;
}

static int
key_tracking(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v;
    if (strcmp(value, "auto") == 0) {
        *FIELD(c, k, double) = -1;
        return 1;
    }
    if (!number(value, "em", &v) || v < k->min || v > k->max)
        return jb_spec_bad(c, "[masthead] tracking: '%s' is not auto or 0 to 2em (e.g. 0.2em)",
                           value);
    *FIELD(c, k, double) = v;
    return 1;
}

static int
key_scale(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v;
    int ok = number(value, "%", &v);
    if (ok && strchr(value, '%'))
        v /= 100;
    if (!ok || v < k->min || v > k->max)
        return jb_spec_bad(
            c, "[masthead] scale: '%s' is not a width from 50%% to 200%% (e.g. 120%%)", value);
    *FIELD(c, k, double) = v;
    return 1;
}

static int
key_name(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (value[0] == '\0' || strlen(value) >= k->size)
        return jb_spec_bad(c, "[masthead] name: give the 简报's name, e.g. 工作简报");
    snprintf(FIELD(c, k, char), k->size, "%s", value);
    return 1;
}

static int
key_align(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (strcmp(value, "center") != 0 && strcmp(value, "left") != 0)
        return jb_spec_bad(c, "[masthead] align: '%s' is not center or left", value);
    *FIELD(c, k, int) = strcmp(value, "left") == 0;
    return 1;
}

/* a font role for a kind of text: song, kai, hei, fang or title */
static int
key_role(load_ctx *c, const jb_spec_key *k, const char *value)
{
    for (int r = 0; r < JB_FONT_LATIN; r++)
        if (strcmp(value, jb_font_role_names[r]) == 0) {
            *FIELD(c, k, int) = r;
            return 1;
        }
    return jb_spec_bad(c, "[%s] font: '%s' is not song, kai, hei, fang or title", k->section,
                       value);
}

static int
key_bold(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v;
    if (!number(value, "em", &v) || v < k->min || v > k->max)
        return jb_spec_bad(c, "[%s] bold: '%s' is not a stroke width from 0 to 0.1em (e.g. 0.03em)",
                           k->section, value);
    *FIELD(c, k, double) = v;
    return 1;
}

static int
key_cmyk(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (jb_spec_parse_cmyk(value, FIELD(c, k, double)) != 0)
        return jb_spec_bad(c, "[colors] %s: write four CMYK values from 0 to 1, e.g. 0 1 1 0.2",
                           k->key);
    return 1;
}

/* [photo] numbers: a share of the measure, pixels per inch; whole: the JPEG quality, photos to a
 * row (an int field) */
static int
photo_number(load_ctx *c, const jb_spec_key *k, const char *value, const char *why, int whole)
{
    double v;
    if (!number(value, NULL, &v) || v < k->min || v > k->max || (whole && v != (int)v))
        return jb_spec_bad(c, "[photo] %s: '%s' is not %s", k->key, value, why);
    if (whole)
        *FIELD(c, k, int) = (int)v;
    else
        *FIELD(c, k, double) = v;
    return 1;
}

static int
key_share(load_ctx *c, const jb_spec_key *k, const char *value)
{
    return photo_number(c, k, value, "a share between 0.1 and 1, e.g. 0.6", 0);
}

static int
key_ppi(load_ctx *c, const jb_spec_key *k, const char *value)
{
    return photo_number(c, k, value, "pixels per inch between 72 and 600", 0);
}

static int
key_quality(load_ctx *c, const jb_spec_key *k, const char *value)
{
    return photo_number(c, k, value, "a JPEG quality from 30 to 100", 1);
}

/* [photo] row: at most this many consecutive photos side by side */
static int
key_per_row(load_ctx *c, const jb_spec_key *k, const char *value)
{
    return photo_number(c, k, value, "1, 2 or 3 photos to a row", 1);
}

/* a whole number of pages from the row's min to its max: [pages] count */
static int
key_pages(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v;
    if (!number(value, NULL, &v) || v < k->min || v > k->max || v != (int)v)
        return jb_spec_bad(c, "[%s] %s: '%s' is not %s", k->section, k->key, value,
                           "a number of pages from 1 to 8");
    *FIELD(c, k, int) = (int)v;
    return 1;
}

/* a size no smaller than the legible floor: [photo] caption_size, [table] min */
static int
key_legible_size(load_ctx *c, const jb_spec_key *k, const char *value)
{
    double v = jb_spec_parse_size(value);
    if (v < JB_SPEC_LEGIBLE_PT)
        return jb_spec_bad(c, "[%s] %s: '%s' is not %s", k->section, k->key, value,
                           "a size (write 12pt, 4mm or a 号 name such as 小四)");
    *FIELD(c, k, double) = v;
    return 1;
}

/* song, kai or hei: [photo] caption_font, [table] head_font */
static int
key_text_face(load_ctx *c, const jb_spec_key *k, const char *value)
{
    for (int r = 0; r < JB_FONT_FANG; r++) /* song, kai, hei */
        if (strcmp(value, jb_font_role_names[r]) == 0) {
            *FIELD(c, k, int) = r;
            return 1;
        }
    return jb_spec_bad(c, "[%s] %s: '%s' is not %s", k->section, k->key, value, "song, kai or hei");
}

/* [table] style: the full grid or a 三线表 */
static int
key_table_style(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (strcmp(value, "grid") == 0 || strcmp(value, "three-line") == 0 ||
        strcmp(value, "三线表") == 0) {
        *FIELD(c, k, int) = strcmp(value, "grid") != 0;
        return 1;
    }
    return jb_spec_bad(c, "[table] %s: '%s' is not grid or three-line (三线表)", k->key, value);
}

static int
key_text(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (strlen(value) >= k->size)
        return jb_spec_bad(c, "[%s] %s: at most %zu bytes", k->section, k->key, k->size - 1);
    snprintf(FIELD(c, k, char), k->size, "%s", value);
    return 1;
}

/* yes or no */
static int
key_yes_no(load_ctx *c, const jb_spec_key *k, const char *value)
{
    if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
        return jb_spec_bad(c, "[%s] %s: '%s' is not yes or no", k->section, k->key, value);
    *FIELD(c, k, int) = strcmp(value, "yes") == 0;
    return 1;
}

static int
key_font(load_ctx *c, const jb_spec_key *k, const char *value)
{
    return jb_spec_font_key(c, k->key, value);
}

/* Every key of a layout, in the order of docs/LAYOUTS.md, whose table the every-key test
 * (tests/test_spec.c) checks against these rows: section, key, meaning. */
const jb_spec_key jb_spec_keys[] = {
    {"page", "size", key_paper, offsetof(jb_spec, page_w_pt), 2 * sizeof(double), 0, 0, "Letter",
     "paper: `A4`, `A3`, `B5`, `Letter`"},
    {"page", "width", key_size, offsetof(jb_spec, page_w_pt), sizeof(double), 0, 0, "200mm",
     "a custom paper size"},
    {"page", "height", key_size, offsetof(jb_spec, page_h_pt), sizeof(double), 0, 0, "280mm",
     "a custom paper size"},
    {"page", "margin_top", key_size, offsetof(jb_spec, margin_top_pt), sizeof(double), 0, 0, "11mm",
     "the space above the masthead"},
    {"page", "margin_bottom", key_size, offsetof(jb_spec, margin_bottom_pt), sizeof(double), 0, 0,
     "12mm", "the space below the 报尾"},
    {"page", "margin_left", key_size, offsetof(jb_spec, margin_left_pt), sizeof(double), 0, 0,
     "13mm", "at least 25 mm across and 50 mm down must remain"},
    {"page", "margin_right", key_size, offsetof(jb_spec, margin_right_pt), sizeof(double), 0, 0,
     "14mm", "at least 25 mm across and 50 mm down must remain"},
    {"fonts", "song", key_font, offsetof(jb_spec, fonts[0]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "宋: body text; a font file or an installed family (see below)"},
    {"fonts", "kai", key_font, offsetof(jb_spec, fonts[1]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "楷: byline, source, lead, masthead lines, 报尾"},
    {"fonts", "hei", key_font, offsetof(jb_spec, fonts[2]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "黑: section lead phrases (`[section] font`)"},
    {"fonts", "fang", key_font, offsetof(jb_spec, fonts[3]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "仿宋, for layouts that set a role in it (`[section] font = fang`); Debian has no free 仿宋 "
     "outside TeX Live"},
    {"fonts", "title", key_font, offsetof(jb_spec, fonts[4]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "heavy Song: masthead name, title, key figures (`[figure] font`)"},
    {"fonts", "latin", key_font, offsetof(jb_spec, fonts[5]), sizeof(jb_font_file), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "Latin letters, digits and the ASCII marks beside them in Song, Kai and 仿宋 text; a layout "
     "that names no `latin` takes Latin from each text's own face"},
    {"fonts", "song_fallback", key_font, offsetof(jb_spec, chain[0]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "kai_fallback", key_font, offsetof(jb_spec, chain[1]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "hei_fallback", key_font, offsetof(jb_spec, chain[2]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "fang_fallback", key_font, offsetof(jb_spec, chain[3]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "title_fallback", key_font, offsetof(jb_spec, chain[4]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "latin_fallback", key_font, offsetof(jb_spec, chain[5]),
     sizeof(unsigned char[JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "the faces, in order, that draw a character the role's face lacks (comma-separated); keep "
     "them of the role's style (Song from a serif, Kai from a Kai, Hei from a sans). Naming one "
     "replaces the role's default list"},
    {"fonts", "fallback", key_font, offsetof(jb_spec, chain),
     sizeof(unsigned char[JB_FONT_ROLES][JB_CHAIN_MAX]), 0, 0,
     "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
     "faces every role falls back to after its own list (the last resort, of any style)"},
    {"body", "max", key_size, offsetof(jb_spec, body_max_pt), sizeof(double), 0, 0, "小四",
     "largest body size tried"},
    {"body", "min", key_size, offsetof(jb_spec, body_min_pt), sizeof(double), 0, 0, "10pt",
     "floor: the size is chosen in steps from max down to here; at the floor the punctuation may "
     "go to 开明式 (½ em marks) before the report is refused"},
    {"body", "step", key_size, offsetof(jb_spec, body_step_pt), sizeof(double), 0, 0, "0.5pt",
     "the sizes tried between max and min"},
    {"body", "leading", key_leading, offsetof(jb_spec, leading), sizeof(double), 1, 3, "1.8",
     "least line pitch as a multiple of the body size (1.0 to 3.0)"},
    {"body", "leading_max", key_factor, offsetof(jb_spec, leading_max), sizeof(double), 1, 3, "2.2",
     "spare height opens the leading up to this before it goes between the blocks above the body "
     "(RULES.md §5.5); never below `leading`"},
    {"masthead", "name", key_name, offsetof(jb_spec, masthead_name), sizeof(char[128]), 0, 0,
     "关工简报", "the 简报's name when the report names none (front matter `masthead`)"},
    {"masthead", "align", key_align, offsetof(jb_spec, masthead_left), sizeof(int), 0, 0, "left",
     "`center` or `left`"},
    {"masthead", "size", key_size, offsetof(jb_spec, masthead_pt), sizeof(double), 0, 0, "小一",
     "the name, made smaller if it would not fit the width"},
    {"masthead", "sub_size", key_size, offsetof(jb_spec, masthead_sub_pt), sizeof(double), 0, 0,
     "五号",
     "期号, issuing unit and date (unit and date one 字 in); when the body is larger, the 号 size "
     "at or above the body"},
    {"masthead", "tracking", key_tracking, offsetof(jb_spec, masthead_tracking_em), sizeof(double),
     0, 2, "0.2em",
     "letter-spacing of the name in em (`0.2em`); `auto`: ½ em for names of ≤ 4 characters"},
    {"masthead", "scale", key_scale, offsetof(jb_spec, masthead_scale), sizeof(double), 0.5, 2,
     "120%",
     "horizontal scaling of the name, 50 % to 200 %: the stretched 机关名 look (e.g. `120%`); the "
     "glyphs are drawn that much wider (PDF `Tz`, text still extracts) at the masthead size, and a "
     "name wider than 92 % of the measure is made smaller to fit"},
    {"masthead", "rule", key_size0, offsetof(jb_spec, rule_pt), sizeof(double), 0, 0, "3pt",
     "thickness of the red rule, 4 mm under the unit/date line"},
    {"title", "size", key_size, offsetof(jb_spec, title_pt), sizeof(double), 0, 0, "小二",
     "made smaller one point at a time if the title needs more than two lines"},
    {"title", "bold", key_bold, offsetof(jb_spec, title_bold_em), sizeof(double), 0, 0.1, "0.03em",
     "stroke width in em (0 to 0.1em, e.g. `0.03em`) that emboldens the title's face by "
     "fill-and-stroke, for a face with no bold weight; the text stays extractable"},
    {"title", "item_size", key_size, offsetof(jb_spec, item_title_pt), sizeof(double), 0, 0, "小二",
     "each item's title in an issue of several items (RULES.md §5.7), made smaller if it needs "
     "more than two lines"},
    {"byline", "size", key_size, offsetof(jb_spec, byline_pt), sizeof(double), 0, 0, "五号",
     "the names and `来源：…` on one line, two 字 apart; when the body is larger, the 号 size at "
     "or above the body"},
    {"section", "font", key_role, offsetof(jb_spec, head_font), sizeof(int), 0, 0, "song",
     "face of the lead phrases: `song`, `kai`, `hei`, `fang` or `title` (a `（一）` head is set in "
     "`kai`, a `一、` head in `hei`: RULES.md §5.4)"},
    {"section", "bold", key_bold, offsetof(jb_spec, head_bold_em), sizeof(double), 0, 0.1, "0.03em",
     "stroke width in em that emboldens the lead phrases (a 楷 or 仿宋 head: `font = kai`, `bold = "
     "0.03em`)"},
    {"section", "rule", key_size0, offsetof(jb_spec, section_rule_pt), sizeof(double), 0, 0,
     "0.5pt",
     "an accent rule above each section, this thick, in a whole line of its own (0: none)"},
    {"figure", "font", key_role, offsetof(jb_spec, figure_font), sizeof(int), 0, 0, "kai",
     "face of key figures: `song`, `kai`, `hei`, `fang` or `title`"},
    {"figure", "underline", key_size0, offsetof(jb_spec, figure_underline_pt), sizeof(double), 0, 0,
     "0.4pt", "a line under each key figure, this thick (0: none)"},
    {"foot", "size", key_size, offsetof(jb_spec, foot_pt), sizeof(double), 0, 0, "小四",
     "the 报尾 rows (报/送/发, print run)"},
    {"foot", "rule", key_size0, offsetof(jb_spec, foot_rule_pt), sizeof(double), 0, 0, "2pt",
     "the 报尾's outer rules (the rules between rows are half as thick)"},
    {"colors", "masthead", key_cmyk, offsetof(jb_spec, red), sizeof(double[4]), 0, 0, "0 0 0 0.5",
     "the layout's one colour: the name, the masthead rule and the key figures"},
    {"colors", "red", key_cmyk, offsetof(jb_spec, red), sizeof(double[4]), 0, 0, "0 1 1 0",
     "the layout's one colour: the name, the masthead rule and the key figures"},
    {"colors", "figure", key_cmyk, offsetof(jb_spec, red), sizeof(double[4]), 0, 0, "1 0 0 0",
     "the same one colour as `red` (RULES.md §6.7: masthead, rule and key figures share it)"},
    {"colors", "spot", key_text, offsetof(jb_spec, spot), sizeof(char[42]), 0, 0, "PANTONE 485 C",
     "the name of a spot ink (专色) the one colour is printed with: the PDF writes it as a "
     "Separation colour of that name, its CMYK the fallback; empty: CMYK alone (PDF/A: sRGB)"},
    {"colors", "accent", key_cmyk, offsetof(jb_spec, accent), sizeof(double[4]), 0, 0, "0 1 0 0",
     "lead phrases and section rules"},
    {"photo", "width", key_share, offsetof(jb_spec, photo_width), sizeof(double), 0.1, 1, "0.6",
     "the share of the measure a row of one or two photos takes by preference (a row of three "
     "half as much again, at most the measure)"},
    {"photo", "min", key_share, offsetof(jb_spec, photo_min), sizeof(double), 0.1, 1, "0.3",
     "the share photos may shrink to before the body leaves its size (see *Photos and the fit*)"},
    {"photo", "height", key_share, offsetof(jb_spec, photo_height), sizeof(double), 0.1, 1, "0.5",
     "the most of the text block's height one row of photos takes (a portrait photo is narrower)"},
    {"photo", "row", key_per_row, offsetof(jb_spec, photo_row), sizeof(int), 1, 3, "2",
     "at most this many consecutive photos stand side by side in a row, at equal height (a run "
     "of more is set in balanced rows: four as two and two)"},
    {"photo", "ppi", key_ppi, offsetof(jb_spec, photo_ppi), sizeof(double), 72, 600, "200",
     "photos are downsampled (area average) to at most this many pixels per inch at their placed "
     "size, 72 to 600"},
    {"photo", "quality", key_quality, offsetof(jb_spec, photo_quality), sizeof(int), 30, 100, "90",
     "JPEG quality of the embedded photos, 30 to 100"},
    {"photo", "caption_size", key_legible_size, offsetof(jb_spec, caption_pt), sizeof(double), 0, 0,
     "小四", "the captions under the photos"},
    {"photo", "caption_font", key_text_face, offsetof(jb_spec, caption_font), sizeof(int), 0, 0,
     "song", "face of the captions: `song`, `kai` or `hei`"},
    {"about", "name", key_text, offsetof(jb_spec, about_name), sizeof(char[64]), 0, 0, "红头简报",
     "what people choosing a layout see (`jianbao serve`'s page lists layouts by these, in "
     "Chinese); nothing on the page"},
    {"about", "summary", key_text, offsetof(jb_spec, about_summary), sizeof(char[256]), 0, 0,
     "机关简报的通行样式",
     "what people choosing a layout see (`jianbao serve`'s page lists layouts by these, in "
     "Chinese); nothing on the page"},
    {"table", "style", key_table_style, offsetof(jb_spec, table_three_line), sizeof(int), 0, 0,
     "three-line", "`grid` (every cell ruled, the frame heavier) or `three-line` (三线表)"},
    {"table", "frame", key_size0, offsetof(jb_spec, table_frame_pt), sizeof(double), 0, 0, "1.5pt",
     "the table's outer frame (a 三线表's top and bottom rules)"},
    {"table", "rule", key_size0, offsetof(jb_spec, table_rule_pt), sizeof(double), 0, 0, "0.25pt",
     "the rules between cells (the rule under a 三线表's header)"},
    {"table", "min", key_legible_size, offsetof(jb_spec, table_min_pt), sizeof(double), 0, 0,
     "小四",
     "the smallest size a table is set at when it does not fit at the body's size (RULES.md §9)"},
    {"table", "head_font", key_text_face, offsetof(jb_spec, table_head_font), sizeof(int), 0, 0,
     "kai", "face of the header row: `song`, `kai` or `hei`"},
    {"pages", "count", key_pages, offsetof(jb_spec, pages), sizeof(int), 1, JB_PAGES_MAX, "2",
     "the most pages a brief may flow onto, 1 to 8 (`--pages` overrides it); the fit takes the "
     "fewest pages, at the largest body size that fits in them (RULES.md §5.7)"},
    {"pages", "number_size", key_size, offsetof(jb_spec, folio_pt), sizeof(double), 0, 0, "小四",
     "the page numbers under the text block (two pages or more; GB/T 9704 §7.5: 四号)"},
    {"pages", "number_dashes", key_yes_no, offsetof(jb_spec, folio_dash), sizeof(int), 0, 0, "no",
     "`yes`: a page number between dashes (— 1 —), as GB/T 9704 §7.5; `no`: the number alone"},
    {"output", "pdfa", key_yes_no, offsetof(jb_spec, pdfa), sizeof(int), 0, 0, "yes",
     "`yes`: every PDF written with this layout is a PDF/A-1b, as with `--pdfa` "
     "(docs/FORMATS.md)"},
};
const size_t jb_spec_n_keys = sizeof jb_spec_keys / sizeof jb_spec_keys[0];

const jb_spec_key *
jb_spec_key_find(const char *section, const char *key)
{
    for (size_t i = 0; i < jb_spec_n_keys; i++)
        if (strcmp(section, jb_spec_keys[i].section) == 0 && strcmp(key, jb_spec_keys[i].key) == 0)
            return &jb_spec_keys[i];
    return NULL;
}
