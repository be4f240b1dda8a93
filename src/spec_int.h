/* spec_int — what spec.c and spec_keys.c share (private): the load's context and its
 * error, the CMYK and [fonts] readers the key table calls. */
#ifndef JB_SPEC_INT_H
#define JB_SPEC_INT_H

#include "spec.h"

#define MM_PT (72.0 / 25.4)

typedef struct jb_spec_ctx {
    jb_spec *spec;
    const char *data_dir;
    const char *layout_dir;
    jb_status status; /* of the first error: JB_ERR_LAYOUT, or JB_ERR_FONT for a font name */
    int chain_named[JB_FONT_ROLES]; /* the layout gave role r's fallback list */
    int latin_named;                /* the layout named the latin face */
    char error[768];
    char hint[512];
} load_ctx;

/* Records the first error (inih goes on after a failing line and reports the first one's
 * number) and returns 0 for inih. */
int jb_spec_bad(load_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Four CMYK values from 0 to 1 into out; 0 or -1. */
int jb_spec_parse_cmyk(const char *v, double out[4]);
/* A [fonts] key: a role's face, a role's fallback list, or fallback; 1 or 0 (jb_spec_bad). */
int jb_spec_font_key(load_ctx *c, const char *key, const char *value);

#endif
