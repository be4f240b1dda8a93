/* results — one JSON line per brief of a batch. */
#include "results.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Adds key: s, or null when s is NULL or empty. */
static int
add_text(cJSON *o, const char *key, const char *s)
{
    return (s && s[0] ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key)) != NULL;
}

static int
add_number(cJSON *o, const char *key, double v, int known)
{
    return (known ? cJSON_AddNumberToObject(o, key, v) : cJSON_AddNullToObject(o, key)) != NULL;
}

char *
jb_results_line(const jb_batch_item *item, const jb_result *result)
{
    const jb_diag *d = item->status != JB_OK ? item->diag : NULL;
    int ok = item->status == JB_OK, rendered = ok && !item->skip && result, hashed = 0, good = 1;
    char *line = NULL, *json;
    cJSON *o = cJSON_CreateObject();

    if (o == NULL)
        return NULL;
    hashed = ok && item->sha256[0] != '\0'; /* the batch hashed it (jb_batch_opts.hash) */
    good &= add_text(o, "input", item->input);
    good &= add_text(o, "output", item->output);
    good &= add_text(o, "status", !ok ? "failed" : item->skip ? "skipped" : "ok");
    good &= add_number(o, "exit_code", jb_status_exit_code(item->status), 1);
    good &= add_text(o, "reason", jb_status_name(item->status));
    good &= add_text(o, "message", d ? d->message : ok ? NULL : "out of memory");
    good &= add_text(o, "hint", d ? d->hint : NULL);
    good &= add_text(o, "file", d ? d->file : NULL);
    good &= add_number(o, "line", d ? d->line : 0, d && d->line > 0);
    good &= add_number(o, "column", d ? d->col : 0, d && d->col > 0);
    good &= add_number(o, "body_pt", jb_result_number(result, JB_R_BODY_PT), rendered);
    good &= add_number(o, "lines", jb_result_number(result, JB_R_BODY_LINES), rendered);
    good &= add_number(o, "pages", jb_result_number(result, JB_R_PAGES), rendered);
    good &= add_number(o, "figures", jb_result_number(result, JB_R_FIGURES), rendered);
    good &= add_number(o, "sections", jb_result_number(result, JB_R_SECTIONS), rendered);
    good &= add_number(o, "seconds", (double)(long long)(item->seconds * 1e4 + 0.5) / 1e4, 1);
    good &= add_number(o, "bytes", hashed ? (double)item->bytes : 0, hashed);
    good &= add_text(o, "sha256", hashed ? item->sha256 : NULL);
    good &= add_text(o, "fingerprint", item->fingerprint);
    if (good && (json = cJSON_PrintUnformatted(o)) != NULL) {
        size_t len = strlen(json);
        if ((line = malloc(len + 2)) != NULL) {
            memcpy(line, json, len);
            line[len] = '\n';
            line[len + 1] = '\0';
        }
        cJSON_free(json);
    }
    cJSON_Delete(o);
    return line;
}
