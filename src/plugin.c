/* plugin — the feature modules, loaded once by path. */
#define _GNU_SOURCE /* dladdr */
#include "plugin.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef JB_PLUGIN_FROM_BIN
#define JB_PLUGIN_FROM_BIN "../lib/jianbao"
#endif

typedef struct {
    const char *name;
    int xml; /* links libxml2 (its globals are set up before the module's first call) */
    pthread_mutex_t mu;
    int loads;       /* looked for (0 or 1) */
    const void *api; /* its table, or NULL */
    char why[600];   /* why not */
} module;

/* The modules: written once each, under its lock, read-only afterwards. */
static module modules[JB_PLUGIN_COUNT] = {
    {"icu", 0, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""},
    {"word", 1, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""},
    {"serve", 0, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""},
    {"ofd", 1, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""},
    {"hyphen", 0, PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""},
};

/* libxml2's one-time set-up (xmlInitParser: its globals, the encoding handlers), once for the
 * whole process whichever module using it loads first: the word and ofd modules each
 * initialising it under a lock of their own would race each other in a batch that reads Word
 * and writes OFD. */
static pthread_mutex_t xml_mu = PTHREAD_MUTEX_INITIALIZER;
static int xml_done;

/* Calls xmlInitParser, found through the module lib (its libxml2), unless done already. */
static void
xml_init(void *lib)
{
    void (*init)(void);
    pthread_mutex_lock(&xml_mu);
    *(void **)&init = dlsym(lib, "xmlInitParser");
    if (!xml_done && init != NULL) {
        init();
        xml_done = 1;
    }
    pthread_mutex_unlock(&xml_mu);
}

/* The folder of the object this code is in (the program, libjianbao.so, or a module) into dir;
 * 0, or -1 when it cannot be found. */
static int
own_folder(char *dir, size_t size)
{
    Dl_info info;
    char path[PATH_MAX], *slash;

    if (dladdr((void *)own_folder, &info) == 0 || info.dli_fname == NULL ||
        realpath(info.dli_fname, path) == NULL) {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0)
            return -1;
        path[n] = '\0';
    }
    if ((slash = strrchr(path, '/')) == NULL)
        return -1;
    *slash = '\0';
    return snprintf(dir, size, "%s", path) < (int)size ? 0 : -1;
}

static void
load(module *m)
{
    static const char *const places[] = {"jianbao", JB_PLUGIN_FROM_BIN, ".", "../plugins"};
    char dir[PATH_MAX], path[PATH_MAX + 128], entry[64];
    void *lib = NULL;

    m->loads++;
    if (own_folder(dir, sizeof dir) != 0) {
        snprintf(m->why, sizeof m->why, "cannot find the folder of jianbao's modules");
        return;
    }
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        snprintf(path, sizeof path, "%s/%s/libjianbao-%s.so", dir, places[i], m->name);
        if (access(path, R_OK) != 0)
            continue;
        if ((lib = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
            const char *e = dlerror();
            snprintf(m->why, sizeof m->why, "%.590s", e ? e : path); /* names the missing library */
            return;
        }
        break;
    }
    if (lib == NULL) {
        snprintf(m->why, sizeof m->why,
                 "the module libjianbao-%s.so is not installed beside %.500s", m->name, dir);
        return;
    }
    if (m->xml)
        xml_init(lib);
    snprintf(entry, sizeof entry, "jb_plugin_%s", m->name);
    {
        const void *(*fn)(int);
        *(void **)&fn = dlsym(lib, entry);
        m->api = fn ? fn(JB_PLUGIN_ABI) : NULL;
    }
    if (m->api == NULL) /* the library stays loaded: dlclose of a half-used module is not safe */
        snprintf(m->why, sizeof m->why, "%.540s is not a jianbao module of this version", path);
}

const void *
jb_plugin_api(jb_plugin_id id, const char **why)
{
    module *m = &modules[id];
    const void *api;

    pthread_mutex_lock(&m->mu);
    if (m->loads == 0)
        load(m);
    api = m->api;
    pthread_mutex_unlock(&m->mu);
    if (why)
        *why = m->why;
    return api;
}

int
jb_plugin_loads(jb_plugin_id id)
{
    int n;
    pthread_mutex_lock(&modules[id].mu);
    n = modules[id].loads;
    pthread_mutex_unlock(&modules[id].mu);
    return n;
}
