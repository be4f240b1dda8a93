/* fontdb_int — what fontdb.c and fontdb_resolve.c share (private): the database, its face
 * cache and the calls that fill it. */
#ifndef JB_FONTDB_INT_H
#define JB_FONTDB_INT_H

#include <fontconfig/fontconfig.h>
#include <pthread.h>

#include "fontdb.h"

/* A face of the cache with every family name, for matching and suggestions. */
typedef struct {
    jb_fontdb_face pub;
    char **names;
    int n_names;
} face_rec;

/* A family name of some face, and the best coverage among the faces that have it. */
typedef struct {
    char *name;
    char *key; /* lower-case ASCII, blanks removed: what suggestions compare */
    jb_han_level han;
} name_rec;

struct jb_fontdb {
    FcConfig *config; /* NULL until first used (ensure_config) */
    unsigned flags;
    char **dirs; /* the caller's folders, copied */
    size_t n_dirs;
    int locked; /* lock initialised */
    /* Fontconfig calls and the lazily built caches below are taken under this lock: fontconfig
     * documents its API as thread-safe since 2.10.91, but a lock per database costs nothing at
     * the rate fonts are resolved and leaves no doubt. */
    pthread_mutex_t lock;
    FcCharSet *sets[JB_HAN_SETS]; /* NULL until built */
    int faces_built;
    face_rec *faces;
    size_t n_faces;
    name_rec *names;
    size_t n_names;
};

jb_status jb_fdb_ensure_config(jb_fontdb *db, jb_diag *d);
jb_status jb_fdb_ensure_faces(jb_fontdb *db, jb_diag *d);
char *jb_fdb_name_key(const char *s);

#endif
