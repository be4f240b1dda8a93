/* fingerprint — program, layout and fonts hashed together. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "fingerprint.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jianbao.h"

/* The loaded object holding this code (the program, or libjianbao.so), found by an address. */
typedef struct {
    uintptr_t probe;
    jb_sha256 *h;
    int found;
} code_search;

static int
hash_code_of(struct dl_phdr_info *info, size_t size, void *ud)
{
    code_search *cs = ud;
    int mine = 0;

    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        mine |= ph->p_type == PT_LOAD && cs->probe >= start && cs->probe < start + ph->p_memsz;
    }
    if (!mine)
        return 0;
    /* its executable segments, as loaded: the same bytes wherever the file was installed (the
     * run path and the data folder's path live in other segments) */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X))
            jb_sha256_add(cs->h, (const void *)(info->dlpi_addr + ph->p_vaddr), ph->p_filesz);
    }
    cs->found = 1;
    return 1;
}

/* The SHA-256 of the machine code of the program or library this file is part of into out;
 * "unknown" when it cannot be found. */
static void
program_hash(char out[JB_SHA256_HEX])
{
    jb_sha256 h;
    code_search cs = {(uintptr_t)(void *)&program_hash, &h, 0};

    jb_sha256_init(&h);
    dl_iterate_phdr(hash_code_of, &cs);
    if (cs.found)
        jb_sha256_hex(&h, out);
    else
        snprintf(out, JB_SHA256_HEX, "unknown");
}

int
jb_fingerprint_layout(const char *layout, const char *const *set, size_t n_set,
                      char out[JB_SHA256_HEX])
{
    jb_sha256 h;

    jb_sha256_init(&h);
    jb_sha256_add(&h, "layout", 7);
    if (layout && jb_sha256_add_file(&h, layout) != 0)
        return -1;
    for (size_t i = 0; i < n_set; i++)
        jb_sha256_add(&h, set[i], strlen(set[i]) + 1);
    jb_sha256_hex(&h, out);
    return 0;
}

jb_status
jb_fingerprint_compute(jb_fontset *fs, const char *layout_hash, char out[JB_SHA256_HEX],
                       char **json, jb_diag *d)
{
    char libs[512], code[JB_SHA256_HEX];
    cJSON *root = json ? cJSON_CreateObject() : NULL, *arr = NULL;
    jb_sha256 h;
    int ok = json == NULL || root != NULL;

    if (json)
        *json = NULL;
    jb_version_details(libs, sizeof libs);
    program_hash(code);
    jb_sha256_init(&h);
    /* the program: what it is and what it links (the built-in layout is part of it) */
    jb_sha256_add(&h, "jianbao", 8);
    jb_sha256_add(&h, jb_version(), strlen(jb_version()) + 1);
    jb_sha256_add(&h, code, strlen(code) + 1);
    jb_sha256_add(&h, libs, strlen(libs) + 1);
    jb_sha256_add(&h, layout_hash, strlen(layout_hash) + 1);
    if (root) {
        ok &= cJSON_AddStringToObject(root, "version", jb_version()) != NULL;
        ok &= cJSON_AddStringToObject(root, "program_sha256", code) != NULL;
        ok &= cJSON_AddStringToObject(root, "libraries", libs) != NULL;
        ok &= cJSON_AddStringToObject(root, "layout_sha256", layout_hash) != NULL;
        ok &= (arr = cJSON_AddArrayToObject(root, "fonts")) != NULL;
    }
    for (int i = 0; i < jb_fontset_count(fs); i++) {
        const jb_font *f;
        char hex[JB_SHA256_HEX], idx[16];
        if (jb_fontset_canonical(fs, i) != i)
            continue; /* the same file and face as an earlier slot */
        f = jb_fontset_get(fs, i);
        if (f == NULL || jb_font_path(f) == NULL || jb_font_path(f)[0] == '\0')
            continue;
        if (jb_sha256_file(jb_font_path(f), hex) != 0) {
            int e = errno;
            cJSON_Delete(root);
            return jb_diag_set(d, JB_ERR_FONT, jb_font_path(f), 0, 0,
                               "check that the font packages are installed whole",
                               "cannot read the font file: %s", strerror(e));
        }
        snprintf(idx, sizeof idx, "%d", jb_font_index(f));
        jb_sha256_add(&h, hex, sizeof hex);
        jb_sha256_add(&h, idx, strlen(idx) + 1);
        if (arr) {
            cJSON *o = cJSON_CreateObject();
            ok &= o != NULL && cJSON_AddItemToArray(arr, o);
            if (o) {
                ok &= cJSON_AddStringToObject(o, "file", jb_font_path(f)) != NULL;
                ok &= cJSON_AddNumberToObject(o, "index", jb_font_index(f)) != NULL;
                ok &= cJSON_AddStringToObject(o, "sha256", hex) != NULL;
            }
        }
    }
    jb_sha256_hex(&h, out);
    if (root) {
        ok &= cJSON_AddStringToObject(root, "fingerprint", out) != NULL;
        if (ok)
            *json = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
        if (*json == NULL)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    return ok ? JB_OK : jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}
