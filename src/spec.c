/* spec — layout defaults and INI layout files (inih). */
#include "spec_int.h"

#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <errno.h>

#include "source.h"

const char *const jb_font_role_names[JB_FONT_ROLES] = {"song", "kai",   "hei",
                                                       "fang", "title", "latin"};

#define NOTO "/usr/share/fonts/opentype/noto/"

/* A default face: Debian's file (fonts-noto-cjk, fonts-lxgw-wenkai), found by family when the
 * file is elsewhere (see jb_spec_resolve_defaults). */
static void
set_font(jb_font_file *f, const char *path, int index, const char *family)
{
    snprintf(f->path, sizeof f->path, "%s", path);
    f->index = index;
    snprintf(f->family, sizeof f->family, "%s", family);
}

/* ---- [photo]: photos and their captions ---- */

static void
photo_defaults(jb_spec *s)
{
    s->photo_width = 0.7;
    s->photo_min = 0.4;
    s->photo_height = 0.3;
    s->photo_row = 3;
    s->photo_ppi = 300;
    s->photo_quality = 82;
    s->caption_pt = 10.5; /* 五号 */
    s->caption_font = JB_FONT_KAI;
}

void
jb_spec_default(jb_spec *s, const char *data_dir)
{
    memset(s, 0, sizeof *s);
    s->page_w_pt = 210 * MM_PT;
    s->page_h_pt = 297 * MM_PT;
    s->margin_top_pt = 15 * MM_PT;
    s->margin_bottom_pt = 16 * MM_PT;
    s->margin_left_pt = 20 * MM_PT;
    s->margin_right_pt = 20 * MM_PT;
    (void)data_dir;
    /* The default set (fonts/README.md says why): Noto Serif CJK SC body with its own Latin
     * (Source Serif, proportional), Noto Serif CJK SC Bold for masthead, title and key figures
     * (figure digits of the body's design, bold), Noto Sans CJK SC Bold lead phrases, LXGW WenKai
     * byline and lead. No free 仿宋 is in Debian short of TeX Live: fang is the Song. Face 2 of
     * each Noto collection is the SC one. */
    set_font(&s->fonts[JB_FONT_SONG], NOTO "NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC");
    set_font(&s->fonts[JB_FONT_KAI], "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
             0, "LXGW WenKai");
    set_font(&s->fonts[JB_FONT_HEI], NOTO "NotoSansCJK-Bold.ttc", 2, "Noto Sans CJK SC:style=Bold");
    s->fonts[JB_FONT_FANG] = s->fonts[JB_FONT_SONG];
    set_font(&s->fonts[JB_FONT_TITLE], NOTO "NotoSerifCJK-Bold.ttc", 2,
             "Noto Serif CJK SC:style=Bold");
    s->fonts[JB_FONT_LATIN] = s->fonts[JB_FONT_SONG];
    s->n_fonts = JB_FONT_ROLES;
    /* Kai, 仿宋 and the heavy Song fall back to the Song: a serif, never a sans. */
    s->chain[JB_FONT_KAI][0] = JB_FONT_SONG, s->n_chain[JB_FONT_KAI] = 1;
    s->chain[JB_FONT_FANG][0] = JB_FONT_SONG, s->n_chain[JB_FONT_FANG] = 1;
    s->chain[JB_FONT_TITLE][0] = JB_FONT_SONG, s->n_chain[JB_FONT_TITLE] = 1;
    s->body_max_pt = 16;
    s->body_min_pt = 9;
    s->body_step_pt = 0.25;
    s->leading = 1.45;
    s->leading_max = 1.75;
    s->masthead_pt = 42;
    s->masthead_sub_pt = 12;
    s->masthead_tracking_em = -1;
    s->masthead_scale = 1;
    s->title_pt = 22;
    s->byline_pt = 12;
    s->rule_pt = 1;
    /* One red for the masthead, its rule and the key figures (RULES.md §6.7): a full red (RGB
     * about 204, 0, 0) that in grey print still comes out darker than the black body's regular
     * strokes once set in the heavy face, where a vermilion (grey 0.44) would fade into a
     * de-emphasis. */
    s->red[0] = 0, s->red[1] = 1, s->red[2] = 1, s->red[3] = 0.2;
    s->accent[3] = 1; /* black */
    snprintf(s->masthead_name, sizeof s->masthead_name, "工作简报");
    s->head_font = JB_FONT_HEI;
    s->figure_font = JB_FONT_TITLE;
    s->foot_pt = 14;
    s->foot_rule_pt = 1;
    photo_defaults(s);
    s->table_frame_pt = 1;
    s->table_rule_pt = 0.5;
    s->table_min_pt = 9; /* 小五 */
    s->table_head_font = JB_FONT_HEI;
    s->item_title_pt = 16; /* 三号 */
    s->pages = 1;
    s->folio_pt = 14; /* 四号, GB/T 9704 §7.5 */
    s->folio_dash = 1;
}

double
jb_spec_parse_size(const char *s)
{
    static const struct {
        const char *name;
        double pt;
    } hao[] = {{"初号", 42},  {"小初", 36},  {"一号", 26},   {"小一", 24},
               {"二号", 22},  {"小二", 18},  {"三号", 16},   {"小三", 15},
               {"四号", 14},  {"小四", 12},  {"五号", 10.5}, {"小五", 9},
               {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5},  {"八号", 5}};
    char *end;
    double v;

    for (size_t i = 0; i < sizeof hao / sizeof hao[0]; i++)
        if (strcmp(s, hao[i].name) == 0)
            return hao[i].pt;
    v = strtod(s, &end);
    if (end == s || v <= 0)
        return -1;
    while (*end == ' ')
        end++;
    if (*end == '\0' || strcmp(end, "pt") == 0)
        return v;
    if (strcmp(end, "mm") == 0)
        return v * MM_PT;
    return -1;
}

int
jb_spec_bad(load_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (c->error[0])
        return 0;
    c->status = JB_ERR_LAYOUT;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof c->error, fmt, ap);
    va_end(ap);
    return 0;
}

int
jb_spec_parse_cmyk(const char *v, double out[4])
{
    double t[4];
    if (sscanf(v, "%lf %lf %lf %lf", &t[0], &t[1], &t[2], &t[3]) != 4)
        return -1;
    for (int i = 0; i < 4; i++) {
        if (t[i] < 0 || t[i] > 1)
            return -1;
        out[i] = t[i];
    }
    return 0;
}

/* A value names a file (not a family) when it has a folder or a font file's extension. */
static int
looks_like_file(const char *name)
{
    static const char *const exts[] = {".ttf",   ".ttc", ".otf", ".otc",  ".woff",
                                       ".woff2", ".pfb", ".pfa", ".dfont"};
    const char *dot = strrchr(name, '.');

    if (strchr(name, '/'))
        return 1;
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return 1;
    return 0;
}

/* A font value by family name ("Noto Serif CJK SC", "LXGW WenKai:style=Light"), through the
 * spec's font database. */
static int
resolve_family(load_ctx *c, jb_font_file *f, const char *role, const char *value)
{
    jb_diag fd;

    if (c->error[0])
        return 0;
    if (c->spec->fontdb == NULL) {
        c->status = JB_ERR_FONT;
        snprintf(c->error, sizeof c->error,
                 "[fonts] %s: '%s' is no font file in fonts/ or next to the layout, and font "
                 "families cannot be looked up here",
                 role, value);
        snprintf(c->hint, sizeof c->hint,
                 "name a font file (in fonts/, next to the layout, or an absolute path)");
        return 0;
    }
    jb_diag_init(&fd);
    if (jb_fontdb_resolve(c->spec->fontdb, value, f->path, sizeof f->path, &f->index, &fd) == JB_OK)
        return 1;
    c->status = fd.status;
    snprintf(c->error, sizeof c->error, "[fonts] %s: %.700s", role, fd.message);
    snprintf(c->hint, sizeof c->hint, "%s", fd.hint);
    return 0;
}

static int
resolve_font(load_ctx *c, jb_font_file *f, const char *role, const char *value)
{
    char name[900];
    const char *colon = strrchr(value, ':');
    int index = 0, has_index = 0;

    snprintf(name, sizeof name, "%s", value);
    if (colon && colon[1] >= '0' && colon[1] <= '9') {
        index = atoi(colon + 1);
        name[colon - value] = '\0';
        has_index = 1;
    }
    f->index = index;
    if (name[0] == '/') {
        snprintf(f->path, sizeof f->path, "%s", name);
        return 1;
    }
    snprintf(f->path, sizeof f->path, "%s/fonts/%s", c->data_dir, name);
    if (access(f->path, R_OK) == 0)
        return 1;
    snprintf(f->path, sizeof f->path, "%s/%s", c->layout_dir, name);
    /* A missing file name stays a path: opening the fonts reports it. */
    if (access(f->path, R_OK) == 0 || has_index || looks_like_file(name))
        return 1;
    return resolve_family(c, f, role, value);
}

/* Adds the faces of a comma-separated list to the end of role r's chain (r < 0: every role's). */
static int
add_chain(load_ctx *c, int r, const char *key, const char *value)
{
    jb_spec *s = c->spec;
    char item[1024];
    const char *p = value;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == 0 || len >= sizeof item)
            return jb_spec_bad(c, "[fonts] %s: an empty or too long face in the list", key);
        snprintf(item, sizeof item, "%.*s", (int)len, p);
        if (s->n_fonts >= JB_FONT_SLOTS)
            return jb_spec_bad(c, "[fonts] %s: more than %d faces in the layout", key,
                               JB_FONT_SLOTS - JB_FONT_ROLES);
        jb_font_file *f = &s->fonts[s->n_fonts];
        int slot = s->n_fonts;
        memset(f, 0, sizeof *f);
        if (!resolve_font(c, f, key, item))
            return 0;
        /* a face a role already has is that role's slot (so a chain can name the Song) */
        for (int k = 0; k < s->n_fonts; k++)
            if (s->fonts[k].index == f->index && strcmp(s->fonts[k].path, f->path) == 0) {
                slot = k;
                break;
            }
        for (int k = 0; k < JB_FONT_ROLES; k++) {
            if (r >= 0 && k != r)
                continue;
            if (s->n_chain[k] >= JB_CHAIN_MAX)
                return jb_spec_bad(c, "[fonts] %s: more than %d fallback faces for %s", key,
                                   JB_CHAIN_MAX, jb_font_role_names[k]);
            s->chain[k][s->n_chain[k]++] = (unsigned char)slot;
        }
        if (slot == s->n_fonts)
            s->n_fonts++;
        else
            memset(f, 0, sizeof *f);
        p += len;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',')
            p++;
    }
    return 1;
}

/* A [fonts] key: a role's face (song = …), a role's fallback list (song_fallback = a, b), or
 * fallback = … for faces every role may fall back to. A layout that names a role's face or
 * chain starts that chain afresh; one that names no latin face takes Latin from each text's own
 * face, as layouts did before the latin role. */
int
jb_spec_font_key(load_ctx *c, const char *key, const char *value)
{
    jb_spec *s = c->spec;
    char name[64];

    if (strcmp(key, "fallback") == 0)
        return add_chain(c, -1, key, value);
    for (int r = 0; r < JB_FONT_ROLES; r++) {
        if (strcmp(key, jb_font_role_names[r]) == 0) {
            s->fonts[r].family[0] = '\0';
            if (r == JB_FONT_LATIN)
                s->latin_own = 0;
            else if (!c->latin_named)
                s->latin_own = 1; /* until the layout names a latin face */
            if (r == JB_FONT_LATIN)
                c->latin_named = 1;
            if (!c->chain_named[r])
                s->n_chain[r] = 0;
            return resolve_font(c, &s->fonts[r], key, value);
        }
        snprintf(name, sizeof name, "%s_fallback", jb_font_role_names[r]);
        if (strcmp(key, name) == 0) {
            if (!c->chain_named[r])
                s->n_chain[r] = 0;
            c->chain_named[r] = 1;
            return add_chain(c, r, key, value);
        }
    }
    return jb_spec_bad(c, "unknown key [fonts] %s (docs/LAYOUTS.md lists the keys)", key);
}

static int
handler(void *ud, const char *section, const char *key, const char *value)
{
    load_ctx *c = ud;
    const jb_spec_key *k = jb_spec_key_find(section, key);
    if (k == NULL)
        return jb_spec_bad(c, "unknown key [%s] %s (docs/LAYOUTS.md lists the keys)", section, key);
    return k->parse(c, k, value);
}

/* The layout is usable: a text block left between the margins, sizes in order. */
static jb_status
check_geometry(const jb_spec *s, const char *name, jb_diag *d)
{
    if (s->page_w_pt - s->margin_left_pt - s->margin_right_pt < 72 ||
        s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt < 144)
        return jb_diag_set(d, JB_ERR_LAYOUT, name, 0, 0,
                           "leave at least 25 mm across and 50 mm down between the margins",
                           "the margins (%.0f, %.0f, %.0f, %.0f pt) leave no room on a %.0f × "
                           "%.0f pt page",
                           s->margin_top_pt, s->margin_right_pt, s->margin_bottom_pt,
                           s->margin_left_pt, s->page_w_pt, s->page_h_pt);
    if (s->body_min_pt < JB_SPEC_LEGIBLE_PT)
        return jb_diag_set(
            d, JB_ERR_LAYOUT, name, 0, 0,
            "a printed brief is not read below 7.5 pt (六号 is 7.875 pt); shorten the "
            "report or use --condense instead",
            "[body] min %.2f pt is below the legible floor of %.1f pt", s->body_min_pt,
            JB_SPEC_LEGIBLE_PT);
    if (s->body_min_pt > s->body_max_pt)
        return jb_diag_set(d, JB_ERR_LAYOUT, name, 0, 0, "make [body] min at most [body] max",
                           "the body size floor is above its ceiling");
    if (s->body_step_pt < 0.05 || s->body_step_pt > s->body_max_pt)
        return jb_diag_set(d, JB_ERR_LAYOUT, name, 0, 0, "use a step such as 0.25pt",
                           "[body] step %.2f pt is out of range", s->body_step_pt);
    return JB_OK;
}

static void
init_ctx(load_ctx *c, jb_spec *spec, const char *name, const char *data_dir, char *dir, size_t size)
{
    char *slash;
    snprintf(dir, size, "%s", name);
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, size, ".");
    memset(c, 0, sizeof *c);
    c->spec = spec;
    c->data_dir = data_dir;
    c->layout_dir = dir;
}

static jb_status
load_error(const load_ctx *c, const char *name, int line, jb_diag *d)
{
    return jb_diag_set(d, c->error[0] ? c->status : JB_ERR_LAYOUT, name, line, 1,
                       c->hint[0] ? c->hint : "see docs/LAYOUTS.md", "%s",
                       c->error[0] ? c->error : "not a valid INI line");
}

jb_status
jb_spec_load(jb_spec *spec, const char *path, const char *data_dir, jb_diag *d)
{
    load_ctx c;
    char dir[1024];
    int line;
    FILE *f;

    init_ctx(&c, spec, path, data_dir, dir, sizeof dir);
    f = jb_source_fopen_regular(path, "r"); /* a FIFO is refused, never waited on */
    if (f == NULL)
        return jb_diag_set(d, JB_ERR_LAYOUT, path, 0, 0, "check the --layout path",
                           "cannot open the layout file: %s", jb_source_open_error(errno));
    line = ini_parse_file(f, handler, &c);
    fclose(f);
    if (line != 0)
        return load_error(&c, path, line, d);
    return check_geometry(spec, path, d);
}

jb_status
jb_spec_load_string(jb_spec *spec, const char *name, const char *text, const char *data_dir,
                    jb_diag *d)
{
    load_ctx c;
    char dir[1024];
    int line;

    init_ctx(&c, spec, name, data_dir, dir, sizeof dir);
    line = ini_parse_string(text, handler, &c);
    if (line != 0)
        return load_error(&c, name, line, d);
    return check_geometry(spec, name, d);
}

/* ---- "did you mean": the nearest known key ---- */

/* Edit distance of a and b, a swap of neighbours counting one (each under 64 bytes). */
static size_t
edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    unsigned char t[64][64];
    if (n >= 64 || m >= 64)
        return (size_t)-1;
    for (size_t i = 0; i <= n; i++)
        t[i][0] = (unsigned char)i;
    for (size_t j = 0; j <= m; j++)
        t[0][j] = (unsigned char)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            unsigned v = t[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (t[i - 1][j] + 1u < v)
                v = t[i - 1][j] + 1u;
            if (t[i][j - 1] + 1u < v)
                v = t[i][j - 1] + 1u;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                t[i - 2][j - 2] + 1u < v)
                v = t[i - 2][j - 2] + 1u;
            t[i][j] = (unsigned char)v;
        }
    return t[n][m];
}

/* The row of the key table nearest to want ("section.key"), at most 2 edits away, or NULL. */
static const jb_spec_key *
suggest_key(const char *want)
{
    const jb_spec_key *best = NULL;
    size_t dist = 3;
    char name[140];
    for (size_t i = 0; i < jb_spec_n_keys; i++) {
        size_t e;
        snprintf(name, sizeof name, "%s.%s", jb_spec_keys[i].section, jb_spec_keys[i].key);
        if ((e = edit_distance(want, name)) < dist)
            dist = e, best = &jb_spec_keys[i];
    }
    return best;
}

jb_status
jb_spec_set(jb_spec *spec, const char *assignment, const char *data_dir, jb_diag *d)
{
    const char *dot = strchr(assignment, '.'), *eq = strchr(assignment, '=');
    char section[64], key[64];
    load_ctx c;
    char dir[2] = ".";

    if (dot == NULL || eq == NULL || dot > eq || dot - assignment >= (long)sizeof section ||
        eq - dot - 1 >= (long)sizeof key)
        return jb_diag_set(d, JB_ERR_USAGE, NULL, 0, 0,
                           "write --set section.key=value, e.g. --set body.min=10pt",
                           "--set '%s' is not section.key=value", assignment);
    snprintf(section, sizeof section, "%.*s", (int)(dot - assignment), assignment);
    snprintf(key, sizeof key, "%.*s", (int)(eq - dot - 1), dot + 1);
    memset(&c, 0, sizeof c);
    c.spec = spec, c.data_dir = data_dir, c.layout_dir = dir;
    if (!handler(&c, section, key, eq + 1)) {
        char want[140];
        const jb_spec_key *near;
        snprintf(want, sizeof want, "%s.%s", section, key);
        if (strncmp(c.error, "unknown key", 11) == 0 && (near = suggest_key(want)) != NULL)
            snprintf(c.hint, sizeof c.hint, "did you mean --set %s.%s=%s? (docs/LAYOUTS.md)",
                     near->section, near->key, eq + 1);
        return jb_diag_set(d, c.status, NULL, 0, 0, c.hint[0] ? c.hint : "see docs/LAYOUTS.md",
                           "--set %s: %s", assignment, c.error);
    }
    return check_geometry(spec, "--set", d);
}

jb_status
jb_spec_resolve_defaults(jb_spec *spec, jb_diag *d)
{
    for (int k = 0; k < spec->n_fonts; k++) {
        jb_font_file *f = &spec->fonts[k];
        jb_diag fd;
        if (f->family[0] == '\0' || access(f->path, R_OK) == 0)
            continue;
        if (spec->fontdb == NULL)
            continue; /* opening the fonts reports the missing file */
        jb_diag_init(&fd);
        if (jb_fontdb_resolve(spec->fontdb, f->family, f->path, sizeof f->path, &f->index, &fd) !=
            JB_OK)
            return jb_diag_set(d, fd.status, NULL, 0, 0,
                               "install Debian's fonts-noto-cjk and fonts-lxgw-wenkai, or name "
                               "other faces in the layout's [fonts]",
                               "the default %s face: %s",
                               k < JB_FONT_ROLES ? jb_font_role_names[k] : "fallback", fd.message);
    }
    return JB_OK;
}
