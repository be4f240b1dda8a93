/* fontdb — fontconfig database per object, Han coverage sets from iconv, sfnt table reading. */
#include "fontdb_int.h"

#include <fontconfig/fontconfig.h>
#include <iconv.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>

#include "buf.h"
#include "source.h"

/* ---- database ---- */

static int
is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
no_dot(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Adds the font files under dir, in name order, to config's application fonts. File by file
 * rather than FcConfigAppFontAddDir, which writes a cache for each folder and prints to stderr
 * when it finds no writable cache directory: scanning a few folders of fonts is quick, and
 * nothing on disk changes. Subfolders are followed 8 deep (symbolic link loops end there). */
static int
add_dir(FcConfig *config, const char *dir, int depth)
{
    struct dirent **list;
    int n = scandir(dir, &list, no_dot, alphasort);

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name) < (int)sizeof path &&
            stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 8)
                add_dir(config, path, depth + 1); /* an unreadable subfolder is left out */
            else if (S_ISREG(st.st_mode))
                FcConfigAppFontAddFile(config, (const FcChar8 *)path); /* not a font: skipped */
        }
        free(list[i]);
    }
    free(list);
    return 0;
}

jb_status
jb_fontdb_new(const char *const *dirs, size_t n_dirs, unsigned flags, jb_fontdb **out, jb_diag *d)
{
    jb_fontdb *db = calloc(1, sizeof *db);

    *out = NULL;
    if (db == NULL || (db->dirs = calloc(n_dirs ? n_dirs : 1, sizeof *db->dirs)) == NULL) {
        free(db);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    db->flags = flags;
    for (size_t i = 0; i < n_dirs; i++) {
        if (!is_dir(dirs[i])) {
            jb_diag_set(d, JB_ERR_FONT, dirs[i], 0, 0, "give an existing folder of font files",
                        "not a font folder");
            jb_fontdb_free(db);
            return JB_ERR_FONT;
        }
        if ((db->dirs[db->n_dirs] = strdup(dirs[i])) == NULL) {
            jb_fontdb_free(db);
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        db->n_dirs++;
    }
    if (pthread_mutex_init(&db->lock, NULL) != 0) {
        jb_fontdb_free(db);
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, NULL, "cannot create a mutex");
    }
    db->locked = 1;
    *out = db;
    return JB_OK;
}

/* Loads the configuration on first use (under db->lock): reading fonts.conf and the system's
 * font caches takes about 20 ms, which a brief whose layout names no family never pays. */
jb_status
jb_fdb_ensure_config(jb_fontdb *db, jb_diag *d)
{
    if (db->config)
        return JB_OK;
    /* Our own FcConfig, never fontconfig's process-wide current one: FcInitLoadConfigAndFonts
     * builds a fresh configuration from fonts.conf; FcConfigCreate an empty one (no rules, no
     * folders, no caches), so that only the caller's folders count. */
    db->config = (db->flags & JB_FONTDB_SYSTEM) ? FcInitLoadConfigAndFonts() : FcConfigCreate();
    if (db->config == NULL)
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, "check the fontconfig installation",
                           "fontconfig cannot load its configuration");
    for (size_t i = 0; i < db->n_dirs; i++)
        if (add_dir(db->config, db->dirs[i], 0) != 0) {
            FcConfigDestroy(db->config);
            db->config = NULL;
            return jb_diag_set(d, JB_ERR_FONT, db->dirs[i], 0, 0, "check the folder's permissions",
                               "cannot read the font folder");
        }
    return JB_OK;
}

static void
free_rec(face_rec *r)
{
    for (int k = 0; k < r->n_names; k++)
        free(r->names[k]);
    free(r->names);
    free((char *)r->pub.family_zh);
    free((char *)r->pub.style);
    free((char *)r->pub.path);
}

static void
free_faces(jb_fontdb *db)
{
    for (size_t i = 0; i < db->n_faces; i++)
        free_rec(&db->faces[i]);
    free(db->faces);
    for (size_t i = 0; i < db->n_names; i++) {
        free(db->names[i].name);
        free(db->names[i].key);
    }
    free(db->names);
    db->faces = NULL, db->n_faces = 0, db->names = NULL, db->n_names = 0;
}

void
jb_fontdb_free(jb_fontdb *db)
{
    if (db == NULL)
        return;
    free_faces(db);
    for (int i = 0; i < JB_HAN_SETS; i++)
        if (db->sets[i])
            FcCharSetDestroy(db->sets[i]);
    if (db->config)
        FcConfigDestroy(db->config);
    for (size_t i = 0; i < db->n_dirs; i++)
        free(db->dirs[i]);
    free(db->dirs);
    if (db->locked)
        pthread_mutex_destroy(&db->lock);
    free(db);
}

/* ---- coverage sets ---- */

/* The code point of one double-byte character of the iconv source encoding, or 0. */
static uint32_t
decode2(iconv_t cd, unsigned lead, unsigned trail)
{
    char in[2] = {(char)lead, (char)trail};
    unsigned char outb[8];
    char *ip = in, *op = (char *)outb;
    size_t il = 2, ol = sizeof outb;

    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 || ol != sizeof outb - 4)
        return 0;
    return (uint32_t)outb[0] << 24 | (uint32_t)outb[1] << 16 | (uint32_t)outb[2] << 8 | outb[3];
}

static int
is_ideograph(uint32_t u)
{
    return (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) ||
           (u >= 0xF900 && u <= 0xFAFF);
}

/* Builds the three sets (fontdb.h states them). Lock held. */
static jb_status
ensure_sets(jb_fontdb *db, jb_diag *d)
{
    iconv_t gb, gbk;
    FcCharSet *s[JB_HAN_SETS];
    int ok = 1;

    if (db->sets[0])
        return JB_OK;
    gb = iconv_open("UTF-32BE", "GB2312");
    gbk = iconv_open("UTF-32BE", "GBK");
    if (gb == (iconv_t)-1 || gbk == (iconv_t)-1) {
        if (gb != (iconv_t)-1)
            iconv_close(gb);
        if (gbk != (iconv_t)-1)
            iconv_close(gbk);
        return jb_diag_set(d, JB_ERR_INTERNAL, NULL, 0, 0, "install the C library's gconv modules",
                           "iconv cannot decode GB2312 or GBK");
    }
    for (int i = 0; i < JB_HAN_SETS; i++)
        ok &= (s[i] = FcCharSetCreate()) != NULL;
    /* GB 2312 rows 16–87 are its hanzi (EUC-CN bytes 0xA0 + row, 0xA0 + cell). */
    for (unsigned row = 16; ok && row <= 87; row++)
        for (unsigned cell = 1; cell <= 94; cell++) {
            uint32_t u = decode2(gb, 0xA0 + row, 0xA0 + cell);
            if (u && is_ideograph(u))
                ok &= FcCharSetAddChar(s[0], u);
        }
    /* GBK/2 (B0–F7 × A1–FE, GB 2312's hanzi), GBK/3 (81–A0 × 40–FE) and GBK/4 (AA–FE × 40–A0),
     * trail byte 7F excluded. */
    for (unsigned lead = 0x81; ok && lead <= 0xFE; lead++)
        for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
            int area = (lead >= 0xB0 && lead <= 0xF7 && trail >= 0xA1) || lead <= 0xA0 ||
                       (lead >= 0xAA && trail <= 0xA0);
            uint32_t u;
            if (trail == 0x7F || !area)
                continue;
            u = decode2(gbk, lead, trail);
            if (u && is_ideograph(u))
                ok &= FcCharSetAddChar(s[1], u) && FcCharSetAddChar(s[2], u);
        }
    for (uint32_t u = 0x3400; ok && u <= 0x4DB5; u++)
        ok &= FcCharSetAddChar(s[2], u);
    iconv_close(gb);
    iconv_close(gbk);
    if (!ok) {
        for (int i = 0; i < JB_HAN_SETS; i++)
            if (s[i])
                FcCharSetDestroy(s[i]);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (int i = 0; i < JB_HAN_SETS; i++)
        db->sets[i] = s[i];
    return JB_OK;
}

int
jb_fontdb_han_total(jb_fontdb *db, int i)
{
    int n = -1;
    if (i < 0 || i >= JB_HAN_SETS)
        return -1;
    pthread_mutex_lock(&db->lock);
    if (db->sets[i])
        n = (int)FcCharSetCount(db->sets[i]);
    pthread_mutex_unlock(&db->lock);
    return n;
}

/* ---- sfnt table directory ---- */

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
read_at(FILE *f, long off, void *buf, size_t n)
{
    return fseek(f, off, SEEK_SET) == 0 && fread(buf, 1, n, f) == n ? 0 : -1;
}

int
jb_fontdb_sfnt_format(const char *path, int index, jb_font_format *format, int *variable)
{
    unsigned char h[12], rec[16];
    uint32_t off = 0, version;
    unsigned n_tables;
    int glyf = 0, cff = 0, cff2 = 0, fvar = 0, rc = -1;
    FILE *f = jb_source_fopen_regular(path, "rb");

    if (f == NULL)
        return -1;
    if (index < 0 || read_at(f, 0, h, sizeof h) != 0)
        goto done;
    if (memcmp(h, "ttcf", 4) == 0) {
        unsigned char o[4];
        if ((uint32_t)index >= be32(h + 8) || read_at(f, 12 + 4L * index, o, 4) != 0)
            goto done;
        off = be32(o);
        if (read_at(f, (long)off, h, sizeof h) != 0)
            goto done;
    } else if (index != 0) {
        goto done;
    }
    version = be32(h);
    if (version != 0x00010000 && memcmp(h, "true", 4) != 0 && memcmp(h, "OTTO", 4) != 0)
        goto done; /* WOFF, Type 1 in sfnt, or no sfnt at all */
    n_tables = (unsigned)h[4] << 8 | h[5];
    for (unsigned i = 0; i < n_tables; i++) {
        if (read_at(f, (long)off + 12 + 16L * i, rec, sizeof rec) != 0)
            goto done;
        glyf |= memcmp(rec, "glyf", 4) == 0;
        cff |= memcmp(rec, "CFF ", 4) == 0;
        cff2 |= memcmp(rec, "CFF2", 4) == 0;
        fvar |= memcmp(rec, "fvar", 4) == 0;
    }
    if (!glyf && !cff && !cff2)
        goto done; /* bitmap-only (EBDT, sbix) */
    *format = cff2 ? JB_FONT_FORMAT_CFF2 : cff ? JB_FONT_FORMAT_CFF : JB_FONT_FORMAT_TRUETYPE;
    *variable = fvar;
    rc = 0;
done:
    fclose(f);
    return rc;
}

/* ---- the face cache ---- */

char *
jb_fdb_name_key(const char *s)
{
    char *k = malloc(strlen(s) + 1), *p = k;
    if (k == NULL)
        return NULL;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '-' && *s != '_')
            *p++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
    *p = '\0';
    return k;
}

static int
add_name(jb_fontdb *db, size_t *cap, const char *name, jb_han_level han)
{
    for (size_t i = 0; i < db->n_names; i++)
        if (strcasecmp(db->names[i].name, name) == 0) {
            if (han > db->names[i].han)
                db->names[i].han = han;
            return 0;
        }
    if (jb_grow(&db->names, cap, db->n_names + 1, sizeof *db->names) != 0)
        return -1;
    db->names[db->n_names].name = strdup(name);
    db->names[db->n_names].key = jb_fdb_name_key(name);
    db->names[db->n_names].han = han;
    if (db->names[db->n_names].name == NULL || db->names[db->n_names].key == NULL) {
        free(db->names[db->n_names].name);
        free(db->names[db->n_names].key);
        return -1;
    }
    db->n_names++;
    return 0;
}

static jb_han_level
han_level(const int n[JB_HAN_SETS], const int total[JB_HAN_SETS])
{
    if (n[2] == total[2])
        return JB_HAN_GB18030;
    if (n[1] == total[1])
        return JB_HAN_GBK;
    if (n[0] == total[0])
        return JB_HAN_GB2312;
    return n[0] >= 1000 ? JB_HAN_PARTIAL : JB_HAN_NONE;
}

/* Fills rec from one listed pattern; returns 1 when kept, 0 when skipped, -1 out of memory. */
static int
make_face(jb_fontdb *db, FcPattern *p, face_rec *rec)
{
    FcChar8 *file, *s, *lang;
    FcCharSet *cs;
    int index, total[JB_HAN_SETS], n_fam = 0;
    jb_fontdb_face *f = &rec->pub;

    memset(rec, 0, sizeof *rec);
    if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetInteger(p, FC_INDEX, 0, &index) != FcResultMatch || (index >> 16) != 0 ||
        jb_fontdb_sfnt_format((const char *)file, index, &f->format, &f->variable) != 0)
        return 0; /* named instances share the base face's file and index: listed once */
    while (FcPatternGetString(p, FC_FAMILY, n_fam, &s) == FcResultMatch)
        n_fam++;
    if (n_fam == 0)
        return 0;
    f->index = index;
    for (int i = 0; i < JB_HAN_SETS; i++) {
        total[i] = (int)FcCharSetCount(db->sets[i]);
        f->n_han[i] = FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) == FcResultMatch
                          ? (int)FcCharSetIntersectCount(cs, db->sets[i])
                          : 0;
    }
    f->han = han_level(f->n_han, total);
    rec->names = calloc((size_t)n_fam, sizeof *rec->names);
    if (rec->names == NULL)
        return -1;
    for (int i = 0; i < n_fam; i++) {
        FcPatternGetString(p, FC_FAMILY, i, &s);
        if ((rec->names[i] = strdup((const char *)s)) == NULL)
            return -1;
        rec->n_names++;
        if (f->family_zh == NULL &&
            FcPatternGetString(p, FC_FAMILYLANG, i, &lang) == FcResultMatch &&
            strncmp((const char *)lang, "zh", 2) == 0 &&
            (f->family_zh = strdup((const char *)s)) == NULL)
            return -1;
    }
    f->family = rec->names[0];
    f->style = strdup(FcPatternGetString(p, FC_STYLE, 0, &s) == FcResultMatch ? (const char *)s
                                                                              : "Regular");
    f->path = strdup((const char *)file);
    return f->style && f->path ? 1 : -1;
}

static int
cmp_face(const void *a, const void *b)
{
    const jb_fontdb_face *x = &((const face_rec *)a)->pub, *y = &((const face_rec *)b)->pub;
    int c = strcmp(x->family, y->family);
    if (c == 0)
        c = strcmp(x->style, y->style);
    if (c == 0)
        c = strcmp(x->path, y->path);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Lists every face once with its coverage, and the family names. Lock held. */
jb_status
jb_fdb_ensure_faces(jb_fontdb *db, jb_diag *d)
{
    FcPattern *all;
    FcObjectSet *os;
    FcFontSet *fs;
    size_t cap = 0;
    jb_status st;

    if (db->faces_built)
        return JB_OK;
    if ((st = jb_fdb_ensure_config(db, d)) != JB_OK || (st = ensure_sets(db, d)) != JB_OK)
        return st;
    all = FcPatternCreate();
    os = FcObjectSetBuild(FC_FAMILY, FC_FAMILYLANG, FC_STYLE, FC_FILE, FC_INDEX, FC_CHARSET,
                          (char *)NULL);
    fs = all && os ? FcFontList(db->config, all, os) : NULL;
    if (all)
        FcPatternDestroy(all);
    if (os)
        FcObjectSetDestroy(os);
    if (fs == NULL)
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    db->faces = calloc(fs->nfont ? (size_t)fs->nfont : 1, sizeof *db->faces);
    if (db->faces == NULL)
        goto nomem;
    for (int i = 0; i < fs->nfont; i++) {
        face_rec *r = &db->faces[db->n_faces];
        int kept = make_face(db, fs->fonts[i], r);
        if (kept < 0) {
            free_rec(r);
            goto nomem;
        }
        if (kept == 0)
            continue;
        db->n_faces++;
        for (int k = 0; k < r->n_names; k++)
            if (add_name(db, &cap, r->names[k], r->pub.han) != 0)
                goto nomem;
    }
    FcFontSetDestroy(fs);
    qsort(db->faces, db->n_faces, sizeof *db->faces, cmp_face);
    db->faces_built = 1;
    return JB_OK;
nomem:
    FcFontSetDestroy(fs);
    free_faces(db);
    return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

jb_status
jb_fontdb_list(jb_fontdb *db, unsigned flags, jb_fontdb_face **faces, size_t *n, jb_diag *d)
{
    jb_status st;

    *faces = NULL, *n = 0;
    pthread_mutex_lock(&db->lock);
    st = jb_fdb_ensure_faces(db, d);
    if (st == JB_OK) {
        *faces = malloc((db->n_faces ? db->n_faces : 1) * sizeof **faces);
        if (*faces == NULL)
            st = jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t i = 0; *faces && i < db->n_faces; i++)
            if ((flags & JB_FONTDB_LIST_LATIN) || db->faces[i].pub.han != JB_HAN_NONE)
                (*faces)[(*n)++] = db->faces[i].pub;
    }
    pthread_mutex_unlock(&db->lock);
    return st;
}
