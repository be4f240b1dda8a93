/* diag — the internal side of diagnostics: jb_diag_set, with which failing calls fill the
 * jb_diag record. The status codes, the record and the status → exit-code table are public and
 * declared in jianbao.h. */
#ifndef JB_DIAG_H
#define JB_DIAG_H

#include <stddef.h>

#include "jianbao.h"

/* Fills d (unless it already holds an error) and returns st, so callers can `return
 * jb_diag_set(...)`. file may be NULL; hint may be NULL. The message is printf-formatted. */
jb_status jb_diag_set(jb_diag *d, jb_status st, const char *file, int line, int col,
                      const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Names d's reason with a stable code (d must hold an error; an earlier code stays). Returns
 * d->status, so `return jb_diag_code(d, "no_title");` reads as jb_diag_set does. */
jb_status jb_diag_code(jb_diag *d, const char *code);

#endif
