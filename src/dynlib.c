/* dynlib — dlopen on first use. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int
jb_dynlib_open(const char *const *sonames, size_t n_sonames, const jb_dynsym *syms, size_t n_syms,
               const char *suffix)
{
    void *lib = NULL;
    int ok = 1;

    for (size_t i = 0; lib == NULL && i < n_sonames; i++)
        lib = dlopen(sonames[i], RTLD_LAZY | RTLD_LOCAL);
    if (lib == NULL)
        return -1;
    for (size_t i = 0; i < n_syms; i++) {
        void *p = NULL;
        if (suffix) {
            char versioned[128];
            snprintf(versioned, sizeof versioned, "%s%s", syms[i].name, suffix);
            p = dlsym(lib, versioned);
        }
        if (p == NULL)
            p = dlsym(lib, syms[i].name);
        *syms[i].slot = p;
        ok &= p != NULL;
    }
    return ok ? 0 : -1;
}
