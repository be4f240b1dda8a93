/* spec — the layout (house style) of a brief: page, margins, font roles → files, sizes, colours;
 * built-in defaults overridden by an INI file from layouts/ (parsed with inih). */
#ifndef JB_SPEC_H
#define JB_SPEC_H

#include <stddef.h>

#include "diag.h"
#include "fontdb.h"

/* Font roles (RULES.md §5.4): Song body, Kai byline/lead, Hei section lead phrases, 仿宋, the
 * heavy Song of masthead, title and key figures, and the Latin face (西文) of Latin letters, digits
 * and the marks inside Latin runs in Song, Kai and 仿宋 text. */
typedef enum {
    JB_FONT_SONG,
    JB_FONT_KAI,
    JB_FONT_HEI,
    JB_FONT_FANG,
    JB_FONT_TITLE,
    JB_FONT_LATIN,
    JB_FONT_ROLES
} jb_font_role;

/* Font slots: fonts[r] for r < JB_FONT_ROLES is role r's face; the slots after them are the
 * faces of the fallback chains. A character's font (texts.c) is a slot. */
#define JB_FONT_SLOTS 16
#define JB_CHAIN_MAX  6 /* fallback faces per role */
#define JB_PAGES_MAX  8 /* the most pages a brief flows onto ([pages] count, --pages) */

/* The role names of layouts and messages: "song", "kai", "hei", "fang", "title", "latin". */
extern const char *const jb_font_role_names[JB_FONT_ROLES];

/* No body size below this: just under 六号 (7.875 pt, RULES.md §5.1); smaller type photocopied
 * for a meeting is not read. A layout's [body] min below it is refused. */
#define JB_SPEC_LEGIBLE_PT 7.5

typedef struct {
    char path[1024]; /* resolved file path */
    int index;       /* face index inside a .ttc collection */
    /* A built-in default names a Debian path and this family ("Noto Serif CJK SC:style=Bold");
     * when the path is not there, jb_spec_resolve_defaults looks the family up. "" otherwise. */
    char family[64];
} jb_font_file;

typedef struct jb_spec {
    double page_w_pt, page_h_pt;
    double margin_top_pt, margin_bottom_pt, margin_left_pt, margin_right_pt;
    jb_font_file fonts[JB_FONT_SLOTS]; /* the roles' faces, then the fallback faces */
    int n_fonts;                       /* slots in use (at least JB_FONT_ROLES) */
    /* chain[r][0..n_chain[r]): the slots a character role r's face lacks is looked for in, in
     * order (the same style class: Song from serif faces, Kai from Kai, Hei from sans). */
    unsigned char chain[JB_FONT_ROLES][JB_CHAIN_MAX];
    int n_chain[JB_FONT_ROLES];
    int latin_own; /* 1: no latin face; Latin comes from each text's own face (older layouts) */
    double body_max_pt;     /* largest body size tried */
    double body_min_pt;     /* floor: below this the report does not fit */
    double body_step_pt;    /* fitting step */
    double leading;         /* line pitch as a multiple of the body size */
    double leading_max;     /* spare height opens the leading up to this (RULES.md §5.5) */
    double masthead_pt;     /* largest masthead name size (shrunk to fit the width) */
    double masthead_sub_pt; /* 期号, unit and date line */
    double title_pt;
    double byline_pt;
    double rule_pt;          /* masthead rule thickness */
    char masthead_name[128]; /* shown when the report names no 简报 */
    char about_name[64];     /* [about] name: what people choosing the layout see (红头简报) */
    char about_summary[256]; /* [about] summary: what it is for; neither is on the page */
    int masthead_left;       /* 0: name centred; 1: name flush left */
    /* letter-spacing of the name in em; < 0: ½ em for names of ≤ 4 characters, else none */
    double masthead_tracking_em;
    double masthead_scale;  /* horizontal scaling of the name (PDF Tz), 1 = none */
    int head_font;          /* jb_font_role of section lead phrases */
    double section_rule_pt; /* an accent rule above each section; 0: none */
    int figure_font;        /* jb_font_role of key figures */
    /* Emboldening by stroking (PDF text render mode 2), stroke width in em, for a face without a
     * bold weight (楷/仿 heads); 0: none. */
    double head_bold_em, title_bold_em;
    double figure_underline_pt; /* a line under each key figure; 0: none */
    double foot_pt;             /* 报尾 rows */
    double foot_rule_pt;        /* 报尾 outer rules (the inner ones are half) */
    double red[4];    /* CMYK of the layout's one colour: the masthead name and rule and the key
                         figures (RULES.md §6.7) */
    double accent[4]; /* CMYK of section lead phrases and section rules */
    char spot[42]; /* [colors] spot (41 bytes, 123 escaped: libharu's longest name): the one colour
                      written as this spot ink (a Separation colour space, its CMYK the alternate);
                      "" for CMYK alone */
    /* photos ([photo], docs/LAYOUTS.md) */
    double
        photo_width;  /* the share of the measure a row of one or two photos takes by preference */
    double photo_min; /* the share photos shrink to before the body leaves its size */
    double photo_height; /* the most of the text block's height one photo row takes */
    int photo_row;       /* at most this many consecutive photos to a row, 1–3 */
    double photo_ppi;    /* the most pixels per inch embedded (downsampled to it) */
    int photo_quality;   /* JPEG quality of the embedded photos, 1–100 */
    double caption_pt;   /* caption size */
    int pdfa;            /* [output] pdfa: a PDF written as PDF/A-1b (docs/FORMATS.md) */
    int caption_font;    /* jb_font_role of captions */
    /* tables ([table], docs/LAYOUTS.md, RULES.md §9) */
    int table_three_line;  /* 三线表 instead of the full grid */
    double table_frame_pt; /* the outer frame (a 三线表's top and bottom rules) */
    double table_rule_pt;  /* the rules between cells (under a 三线表's header) */
    double table_min_pt;   /* the smallest size a table is set at */
    int table_head_font;   /* jb_font_role of the header row */
    /* an issue of several items and pages ([title] item_size, [pages]; RULES.md §5.7) */
    double item_title_pt; /* an item's title in an issue of several */
    int pages;            /* the most pages a brief may flow onto, 1 … JB_PAGES_MAX */
    double folio_pt;      /* the page numbers */
    int folio_dash;       /* a page number between dashes (— 1 —) */
    /* Resolves [fonts] values that are family names. Set by the caller after jb_spec_default,
     * before jb_spec_load / jb_spec_set (NULL there: families are refused with a hint); borrowed,
     * used only during those calls. */
    jb_fontdb *fontdb;
} jb_spec;

/* Fills spec with the built-in defaults (red-header style); font files are looked up in
 * data_dir/fonts. */
void jb_spec_default(jb_spec *spec, const char *data_dir);

/* Overrides spec with the keys of the INI file at path (docs/LAYOUTS.md). Font file names are
 * resolved against data_dir/fonts, then the layout file's directory; a value that is neither an
 * existing file there nor file-like (a folder, a font extension, name:N) is a family name
 * ("Noto Serif CJK SC", "LXGW WenKai:style=Light") resolved through spec->fontdb. JB_ERR_LAYOUT
 * with the line on an unknown section or key, or a bad value; JB_ERR_FONT with the line for a
 * family that is not installed (the hint suggests installed ones) or when spec->fontdb is NULL. */
jb_status jb_spec_load(jb_spec *spec, const char *path, const char *data_dir, jb_diag *d);

/* The same with the INI text in memory; name stands for the file in messages. */
jb_status jb_spec_load_string(jb_spec *spec, const char *name, const char *text,
                              const char *data_dir, jb_diag *d);

/* Overrides one key as --set does: "section.key=value" (body.min=10pt, page.size=B5).
 * JB_ERR_USAGE when it is no such assignment, JB_ERR_LAYOUT for a bad key or value, JB_ERR_FONT
 * for a font family that cannot be resolved (as jb_spec_load). */
jb_status jb_spec_set(jb_spec *spec, const char *assignment, const char *data_dir, jb_diag *d);

/* Resolves each slot whose file is not there but that names a family (the built-in defaults
 * name Debian's paths, so that a brief on Debian never loads the fontconfig configuration)
 * through spec->fontdb. JB_ERR_FONT naming the family when it is not installed either. */
jb_status jb_spec_resolve_defaults(jb_spec *spec, jb_diag *d);

/* One key of a layout: where it goes in jb_spec, how its value is read, an example value (not
 * the default: the every-key test sets it and sees the field change) and its meaning, the line
 * of docs/LAYOUTS.md (which a test holds to these rows). */
struct jb_spec_ctx;
typedef struct jb_spec_key {
    const char *section, *key;
    int (*parse)(struct jb_spec_ctx *c, const struct jb_spec_key *k, const char *value);
    size_t field, size; /* offsetof and size of what it sets in jb_spec */
    double min, max;    /* the range of a number, where the kind has one */
    const char *example;
    const char *doc;
} jb_spec_key;

/* Every key, in the order of docs/LAYOUTS.md; what parsing, the docs check, the every-key test
 * and `jianbao --complete set` read. */
extern const jb_spec_key jb_spec_keys[];
extern const size_t jb_spec_n_keys;
/* The row of [section] key, or NULL. */
const jb_spec_key *jb_spec_key_find(const char *section, const char *key);

/* Parses a size: "12pt", "12", "4.2mm", or a 号 name (三号, 小四 …; RULES.md §5.1).
 * Returns the size in pt, or -1 when it cannot be read. */
double jb_spec_parse_size(const char *s);

#endif
