/* dynlib — dlopen on first use. */
#include "dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
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

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static int xml_ok; /* written once under xml_once, read after it */

static void
xml_init(void)
{
    static const char *const xmls[] = {"libxml2.so.2", "libxml2.so"};
    void (*init)(void) = NULL;
    const jb_dynsym sym[] = {{"xmlInitParser", (void **)&init}};
    if (jb_dynlib_open(xmls, 2, sym, 1, NULL) == 0) {
        init();
        xml_ok = 1;
    }
}

int
jb_dynlib_xml_init(void)
{
    pthread_once(&xml_once, xml_init);
    return xml_ok ? 0 : -1;
}
