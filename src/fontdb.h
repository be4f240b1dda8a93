/* fontdb — installed fonts by family name, through fontconfig: a family (and style) resolved to a
 * file and face index, never a silent substitute; and the listing of the faces for Han text with
 * their outline format and Chinese coverage. */
#ifndef JB_FONTDB_H
#define JB_FONTDB_H

#include <stddef.h>

#include "diag.h"

typedef struct jb_fontdb jb_fontdb;

/* jb_fontdb_new flags. */
enum {
    /* Besides the caller's folders, hold the fonts of fontconfig's own configuration
     * (/etc/fonts/fonts.conf: system folders, and the user's ~/.local/share/fonts and
     * ~/.config/fontconfig). Without it the database holds the caller's folders only, read with
     * no configuration at all: the same result on every machine. */
    JB_FONTDB_SYSTEM = 1
};

/* Opens a database of the fonts in dirs (each searched recursively; for the program:
 * data_dir/fonts, the --font-path folders and those of JIANBAO_FONT_PATH, which the caller reads)
 * and, with JB_FONTDB_SYSTEM, the installed ones. Each database has its own FcConfig: nothing
 * process-wide is read or changed besides what fontconfig itself keeps (its caches). JB_ERR_FONT
 * naming the folder when one is not a readable directory; JB_ERR_INTERNAL when fontconfig fails.
 * Caller owns *out; release with jb_fontdb_free. Every call below is thread-safe: a database may be
 * shared by the jobs of a batch (fontconfig is used under the database's own lock). */
jb_status jb_fontdb_new(const char *const *dirs, size_t n_dirs, unsigned flags, jb_fontdb **out,
                        jb_diag *d);
void jb_fontdb_free(jb_fontdb *db);

/* Resolves a font name, "Family" or "Family:style=Style" or "Family:weight=W" (W an OpenType
 * weight 1–1000 or a name such as light, regular, medium, bold; both keys may be given, each
 * once), to the file and face index of an installed face. The family is compared with each of the
 * face's family names (English or localised, e.g. 霞鹜文楷), ignoring ASCII case; the style with
 * each of its style names, also ignoring case. Fontconfig's best match is accepted only when it
 * has that family (and style, and weight): there is no substitute. JB_ERR_FONT otherwise, the
 * message naming the family and the hint suggesting up to five installed families with close
 * names (or, when none is close, some installed Chinese families), or the styles the family has;
 * also JB_ERR_FONT for a match that is not an sfnt (TrueType or OpenType) face, a CFF2 font, or a
 * named instance of a variable font. path (size bytes) receives the file. */
jb_status jb_fontdb_resolve(jb_fontdb *db, const char *name, char *path, size_t size, int *index,
                            jb_diag *d);

/* Outline formats, from the face's sfnt table directory. */
typedef enum {
    JB_FONT_FORMAT_TRUETYPE, /* glyf outlines */
    JB_FONT_FORMAT_CFF,      /* CFF (PostScript) outlines, an OpenType .otf/.otc */
    JB_FONT_FORMAT_CFF2      /* CFF2 outlines: a variable font that a PDF cannot embed */
} jb_font_format;

/* Chinese coverage of a face: the largest of these sets whose every code point its cmap maps.
 * The sets are computed once per database with iconv:
 *   GB2312  the 6,763 hanzi of GB 2312 (rows 16–87 decoded as GB2312);
 *   GBK     the ideographs of GBK's hanzi areas GBK/2 (B0–F7 × A1–FE), GBK/3 (81–A0 × 40–FE)
 *           and GBK/4 (AA–FE × 40–A0) as iconv's GBK decodes them: 20,902 URO + 21 CJK
 *           compatibility ideographs = 20,923 (the 80 components at FE50–FEA0, private-use in
 *           most mappings, are left out of the standard's 21,003);
 *   GB18030 the GBK set and CJK Extension A (U+3400–U+4DB5): 27,505 code points, our measure of
 *           GB 18030-2005's required hanzi (URO + Ext A).
 * JB_HAN_NONE: fewer than 1,000 of the GB 2312 hanzi, not a face for Chinese text. */
typedef enum {
    JB_HAN_NONE,
    JB_HAN_PARTIAL, /* at least 1,000 of the GB 2312 hanzi, not all */
    JB_HAN_GB2312,
    JB_HAN_GBK,
    JB_HAN_GB18030
} jb_han_level;

#define JB_HAN_SETS 3 /* n_han[] / jb_fontdb_han_total: 0 GB2312, 1 GBK, 2 GB18030 */

/* One face of the database. Strings are borrowed from the database, valid until jb_fontdb_free. */
typedef struct {
    const char *family;    /* first family name (usually the English one) */
    const char *family_zh; /* a Chinese family name (familylang zh-*), or NULL */
    const char *style;     /* first style name */
    const char *path;
    int index; /* face index in a collection */
    jb_font_format format;
    int variable; /* has an fvar table */
    jb_han_level han;
    int n_han[JB_HAN_SETS]; /* code points of each set (GB2312, GBK, GB18030) the face covers */
} jb_fontdb_face;

/* jb_fontdb_list flags. */
enum {
    JB_FONTDB_LIST_LATIN = 1 /* also the faces without Chinese (JB_HAN_NONE) */
};

/* The sfnt faces of the database (TrueType, CFF and CFF2; bitmap, Type 1 and WOFF files and named
 * instances of variable fonts left out) that are for Han text (JB_HAN_PARTIAL and up), and with
 * JB_FONTDB_LIST_LATIN the others too; sorted by family, style, path and index. Computed on the
 * first call and kept in the database. *faces is caller-owned (release with free; the strings in it
 * are the database's); *n may be 0. JB_ERR_NOMEM, or JB_ERR_INTERNAL when iconv lacks GB2312 or
 * GBK. */
jb_status jb_fontdb_list(jb_fontdb *db, unsigned flags, jb_fontdb_face **faces, size_t *n,
                         jb_diag *d);

/* The number of code points in coverage set i (0 GB2312, 1 GBK, 2 GB18030), or -1 before a
 * jb_fontdb_list or failed jb_fontdb_resolve has built them. */
int jb_fontdb_han_total(jb_fontdb *db, int i);

/* The outline format of face index of the sfnt file at path (a .ttc/.otc collection or a single
 * face), and whether it has an fvar table. Returns 0, or -1 when it is no readable sfnt. */
int jb_fontdb_sfnt_format(const char *path, int index, jb_font_format *format, int *variable);

#endif
