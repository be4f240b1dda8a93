/* fontdb_resolve — a family name of a layout resolved to an installed face: the query
 * (family:style=…), fontconfig's match checked against it, and suggestions when it is not
 * installed (fontdb_int.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fontdb_int.h"

/* ---- resolving a name ---- */

typedef struct {
    char family[256];
    char style[128];
    int has_weight;
    double weight; /* fontconfig's scale */
    char weight_text[32];
} query;

static void
trim(char *s)
{
    size_t n = strlen(s), i = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    memmove(s, s + i, n - i + 1);
}

static jb_status
parse_query(const char *name, query *q, jb_diag *d)
{
    static const char hint[] =
        "write a family, e.g. Noto Serif CJK SC, Noto Sans CJK SC:style=Bold "
        "or LXGW WenKai:weight=light";
    char buf[512], *part, *next;
    int first = 1;

    memset(q, 0, sizeof *q);
    if (strlen(name) >= sizeof buf)
        return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint, "font name too long");
    snprintf(buf, sizeof buf, "%s", name);
    for (part = buf; part; part = next, first = 0) {
        char *eq;
        if ((next = strchr(part, ':')) != NULL)
            *next++ = '\0';
        trim(part);
        if (first) {
            if (strlen(part) >= sizeof q->family)
                return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint, "font family name too long");
            memcpy(q->family, part, strlen(part) + 1); /* length checked above */
            continue;
        }
        eq = strchr(part, '=');
        if (eq == NULL)
            return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint, "font '%s': '%s' is not key=value",
                               name, part);
        *eq++ = '\0';
        trim(part), trim(eq);
        if (strcmp(part, "style") == 0 && q->style[0] == '\0' && eq[0] &&
            strlen(eq) < sizeof q->style) {
            memcpy(q->style, eq, strlen(eq) + 1); /* length checked above */
        } else if (strcmp(part, "weight") == 0 && !q->has_weight && eq[0] &&
                   strlen(eq) < sizeof q->weight_text) {
            char *end;
            double w = strtod(eq, &end);
            int c;
            if (end != eq && *end == '\0' && w >= 1 && w <= 1000)
                q->weight = FcWeightFromOpenTypeDouble(w);
            else if (FcNameConstant((const FcChar8 *)eq, &c) &&
                     strcmp(FcNameGetConstant((const FcChar8 *)eq)->object, FC_WEIGHT) == 0)
                q->weight = c;
            else
                return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0,
                                   "give 1–1000 or thin, light, regular, medium, bold, black …",
                                   "font '%s': '%s' is not a weight", name, eq);
            q->has_weight = 1;
            memcpy(q->weight_text, eq, strlen(eq) + 1); /* length checked above */
        } else {
            return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint,
                               "font '%s': '%s' is not style=… or weight=… (once each)", name,
                               part);
        }
    }
    if (q->family[0] == '\0')
        return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint, "font '%s' names no family", name);
    return JB_OK;
}

static int
has_string(FcPattern *p, const char *object, const char *want)
{
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(p, object, i, &s) == FcResultMatch; i++)
        if (FcStrCmpIgnoreCase(s, (const FcChar8 *)want) == 0)
            return 1;
    return 0;
}

static int
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int row[257];

    if (la > 256 || lb > 256)
        return 1000;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

typedef struct {
    const name_rec *n;
    int cls, dist;
} cand;

static int
cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls - y->cls;
    if (x->dist != y->dist)
        return x->dist - y->dist;
    if (x->n->han != y->n->han)
        return (int)y->n->han - (int)x->n->han;
    return strcmp(x->n->name, y->n->name);
}

/* Up to five names close to family into hint: prefixes either way first, then substrings, then
 * small edit distances; or, when none is close, three Chinese families. Lock held. */
static void
suggest(jb_fontdb *db, const char *family, char *hint, size_t size)
{
    char *q = jb_fdb_name_key(family);
    cand *c = db->n_names ? calloc(db->n_names, sizeof *c) : NULL;
    size_t n = 0, len, shown;
    int near = 1;

    hint[0] = '\0';
    if (q == NULL || c == NULL) {
        free(q), free(c);
        snprintf(hint, size, "`jianbao fonts` lists the installed Chinese fonts");
        return;
    }
    len = strlen(q);
    for (size_t i = 0; i < db->n_names; i++) {
        const char *k = db->names[i].key;
        size_t lk = strlen(k);
        int dist = edit_distance(q, k), cls;
        if (len > 0 && (strncmp(k, q, len) == 0 || strncmp(q, k, lk) == 0))
            cls = 0, dist = abs((int)lk - (int)len);
        else if (len > 0 && (strstr(k, q) || strstr(q, k)))
            cls = 1, dist = abs((int)lk - (int)len);
        else if (dist <= (len / 4 > 2 ? (int)(len / 4) : 2))
            cls = 2;
        else
            continue;
        if (lk == 0)
            continue;
        c[n].n = &db->names[i], c[n].cls = cls, c[n].dist = dist, n++;
    }
    if (n == 0) {
        near = 0;
        for (size_t i = 0; i < db->n_names; i++)
            if (db->names[i].han >= JB_HAN_GB2312)
                c[n].n = &db->names[i], c[n].cls = 0,
                c[n].dist = edit_distance(q, db->names[i].key), n++;
    }
    qsort(c, n, sizeof *c, cmp_cand);
    shown = n < (near ? 5u : 3u) ? n : (near ? 5u : 3u);
    if (shown == 0) {
        snprintf(hint, size, "no Chinese font is installed; add a font folder (--font-path)");
    } else {
        size_t at = (size_t)snprintf(
            hint, size, "%s", near ? "did you mean " : "installed Chinese families include ");
        for (size_t i = 0; i < shown && at < size; i++)
            at += (size_t)snprintf(hint + at, size - at, "%s%s", i ? ", " : "", c[i].n->name);
        if (at < size)
            snprintf(hint + at, size - at, "%s `jianbao fonts` lists the installed Chinese fonts",
                     near ? "?" : ";");
    }
    free(q);
    free(c);
}

/* The styles the family has, for the hint of a style that it lacks. Lock held. */
static void
list_styles(jb_fontdb *db, const char *family, char *hint, size_t size)
{
    FcPattern *p = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_STYLE, FC_WEIGHT, (char *)NULL);
    FcFontSet *fs = NULL;
    size_t at = (size_t)snprintf(hint, size, "%s has style=", family);

    if (p && os && FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family))
        fs = FcFontList(db->config, p, os);
    for (int i = 0, shown = 0; fs && i < fs->nfont && at < size; i++) {
        FcChar8 *s;
        double w;
        if (FcPatternGetString(fs->fonts[i], FC_STYLE, 0, &s) != FcResultMatch)
            continue;
        if (FcPatternGetDouble(fs->fonts[i], FC_WEIGHT, 0, &w) == FcResultMatch)
            at += (size_t)snprintf(hint + at, size - at, "%s%s (weight=%d)", shown ? ", " : "", s,
                                   (int)lround(FcWeightToOpenTypeDouble(w)));
        else
            at += (size_t)snprintf(hint + at, size - at, "%s%s", shown ? ", " : "", s);
        shown++;
    }
    if (fs)
        FcFontSetDestroy(fs);
    if (p)
        FcPatternDestroy(p);
    if (os)
        FcObjectSetDestroy(os);
}

static jb_status
check_match(jb_fontdb *db, const char *name, const query *q, FcPattern *m, char *path, size_t size,
            int *index, jb_diag *d)
{
    char hint[512];
    FcChar8 *file, *got = NULL;
    jb_font_format format;
    int variable;
    double w;
    jb_status st;

    FcPatternGetString(m, FC_FAMILY, 0, &got);
    if (!has_string(m, FC_FAMILY, q->family)) {
        if ((st = jb_fdb_ensure_faces(db, d)) != JB_OK)
            return st;
        suggest(db, q->family, hint, sizeof hint);
        return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint,
                           "no installed font family '%s' (fontconfig's nearest, '%s', is not "
                           "taken in its place)",
                           q->family, got ? (const char *)got : "none");
    }
    if ((q->style[0] && !has_string(m, FC_STYLE, q->style)) ||
        (q->has_weight &&
         (FcPatternGetDouble(m, FC_WEIGHT, 0, &w) != FcResultMatch || fabs(w - q->weight) > 0.5))) {
        list_styles(db, q->family, hint, sizeof hint);
        return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, hint, "font family '%s' has no %s '%s'",
                           q->family, q->style[0] ? "style" : "weight",
                           q->style[0] ? q->style : q->weight_text);
    }
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
        return jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, NULL, "font '%s' is not in a file", name);
    if ((*index >> 16) != 0)
        return jb_diag_set(d, JB_ERR_FONT, (const char *)file, 0, 0,
                           "use a font with a separate file per style",
                           "font '%s' is a named instance of a variable font", name);
    if (jb_fontdb_sfnt_format((const char *)file, *index, &format, &variable) != 0)
        return jb_diag_set(d, JB_ERR_FONT, (const char *)file, 0, 0,
                           "use a TrueType or OpenType font (.ttf, .otf, .ttc)",
                           "font '%s' is not a TrueType or OpenType font", name);
    if (format == JB_FONT_FORMAT_CFF2)
        return jb_diag_set(d, JB_ERR_FONT, (const char *)file, 0, 0,
                           "use the static (non-variable) version of the font",
                           "font '%s' has CFF2 outlines (a variable font), which cannot be "
                           "embedded",
                           name);
    if (strlen((const char *)file) >= size)
        return jb_diag_set(d, JB_ERR_FONT, (const char *)file, 0, 0, NULL, "font path too long");
    snprintf(path, size, "%s", (const char *)file);
    return JB_OK;
}

jb_status
jb_fontdb_resolve(jb_fontdb *db, const char *name, char *path, size_t size, int *index, jb_diag *d)
{
    query q;
    FcPattern *p, *m = NULL;
    FcResult res;
    jb_status st;
    int ok;

    if ((st = parse_query(name, &q, d)) != JB_OK)
        return st;
    pthread_mutex_lock(&db->lock);
    if ((st = jb_fdb_ensure_config(db, d)) != JB_OK) {
        pthread_mutex_unlock(&db->lock);
        return st;
    }
    p = FcPatternCreate();
    ok = p && FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)q.family) &&
         (!q.style[0] || FcPatternAddString(p, FC_STYLE, (const FcChar8 *)q.style)) &&
         (!q.has_weight || FcPatternAddDouble(p, FC_WEIGHT, q.weight)) &&
         /* Simplified Chinese, not the locale: the same face on every machine. */
         FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn") &&
         FcConfigSubstitute(db->config, p, FcMatchPattern);
    if (ok) {
        FcDefaultSubstitute(p);
        m = FcFontMatch(db->config, p, &res);
    }
    if (m == NULL)
        st = jb_diag_set(d, JB_ERR_FONT, NULL, 0, 0, "add a font folder (--font-path)",
                         "no font is installed to resolve '%s'", name);
    else
        st = check_match(db, name, &q, m, path, size, index, d);
    if (m)
        FcPatternDestroy(m);
    if (p)
        FcPatternDestroy(p);
    pthread_mutex_unlock(&db->lock);
    return st;
}
