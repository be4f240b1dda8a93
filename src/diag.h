/* diag — the status of every fallible call and the diagnostic record it fills (file, line:col,
 * message, hint), at the bottom of the house: every stage includes this and nothing above it;
 * jianbao.h re-exports it (installed beside it as jianbao/diag.h). jb_diag_set, with which failing
 * calls fill the record, is the library's own (JB_INTERNAL: not in the installed API). */
#ifndef JB_DIAG_H
#define JB_DIAG_H

#include <stddef.h>

/* Every fallible jb_ call returns one of these; JB_OK is 0. The README documents the exit codes. */
typedef enum {
    JB_OK = 0,
    JB_ERR_USAGE,      /* bad command line */
    JB_ERR_INPUT,      /* input file missing, unreadable, not a regular file or too large */
    JB_ERR_ENCODING,   /* input is not valid UTF-8, or holds NUL / control characters */
    JB_ERR_FORMAT,     /* report structure wrong: front matter, missing title, no sections … */
    JB_ERR_GLYPH,      /* a character that no font has */
    JB_ERR_FONT,       /* a font file missing or unusable */
    JB_ERR_LAYOUT,     /* layout file unreadable or with a bad key/value */
    JB_ERR_OVERFLOW,   /* the report does not fit on one page even at the floor size */
    JB_ERR_OUTPUT,     /* the PDF could not be written */
    JB_ERR_NOMEM,      /* out of memory */
    JB_ERR_INTERNAL,   /* a library failed where it should not (a bug: please report) */
    JB_ERR_CANCELLED,  /* stopped by the caller's cancelled() (a deadline, a server stopping) */
    JB_ERR_UNAVAILABLE /* the program lacks a part this brief needs: a module (plugin.h) or the
                          library it links is not installed (Word documents, OFD) */
} jb_status;

/* One diagnostic: where (file, 1-based line and column in characters; 0 when unknown), what, and
 * the fix. Filled by the first failing call; later calls leave a set diagnostic alone, so clear
 * it with jb_diag_init before each call. Caller-allocated (on the stack is fine). */
typedef struct {
    jb_status status;
    char file[512];
    int line;
    int col;
    char message[768];
    char hint[512];
    char code[32]; /* a stable reason for programs ("no_title", "too_long", "no_converter" …; the
                      README lists them), or "" when the status alone says it */
    char suggestion[256]; /* with "no_title": the suggested title (UTF-8, RULES.md §7.7), or "" */
} jb_diag;

/* Clears d to JB_OK with empty fields. */
void jb_diag_init(jb_diag *d);

/* The process exit code for st (0 for JB_OK); the one table the README documents. */
int jb_status_exit_code(jb_status st);

/* A short stable name for st ("overflow", "encoding", …). A static string. */
const char *jb_status_name(jb_status st);

/* ---- the one option the readers below the API take as well ---- */

/* Whether a .doc/.wps/.odt may be converted through LibreOffice (soffice on the PATH). */
typedef enum {
    JB_CONVERT_DEFAULT = 0, /* when soffice is on the PATH (the command line) */
    JB_CONVERT_OFF,         /* never: such a file is refused (jianbao serve without --convert) */
    JB_CONVERT_NO_NETWORK   /* only in a network namespace of its own (unshare -rn), so a
                               document's links fetch nothing (jianbao serve --convert) */
} jb_convert;

#ifdef JB_INTERNAL
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

#endif
