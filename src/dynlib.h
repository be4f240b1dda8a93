/* dynlib — the libraries only some briefs need (ICU for word breaks and charset detection,
 * libzip and libxml2 for Word documents and OFD, libmicrohttpd for the server), opened with
 * dlopen on first use: a brief that needs none of them never pays their loading. Linked in,
 * libxml2 (with its ICU and C++ runtime) and libmicrohttpd (with GnuTLS) cost every process about
 * 18 M instructions of symbol relocation, more than the whole brief. */
#ifndef JB_DYNLIB_H
#define JB_DYNLIB_H

#include <stddef.h>

/* A symbol to resolve: its name and where its address goes. */
typedef struct {
    const char *name;
    void **slot;
} jb_dynsym;

/* Opens the first of sonames[0..n_sonames) that loads (it stays loaded for the life of the
 * process) and resolves syms[0..n_syms) in it; with suffix, name+suffix is tried first (ICU's
 * versioned names, ubrk_open_72). 0 when every symbol was found; -1 otherwise, with the slots
 * that were found filled. Not thread-safe by itself: callers run it once, under pthread_once, and
 * read the slots only afterwards. */
int jb_dynlib_open(const char *const *sonames, size_t n_sonames, const jb_dynsym *syms,
                   size_t n_syms, const char *suffix);

/* Initialises libxml2 (xmlInitParser: its globals, the encoding handlers) once for the whole
 * process, whichever module (docx, ofd) uses it first: two modules each initialising it under a
 * once of their own would race each other in a batch that reads Word and writes OFD. 0, or -1
 * when libxml2 cannot be loaded. Thread-safe. */
int jb_dynlib_xml_init(void);

#endif
