/* job_issue — the job's side of an issue (part of the jianbao module): several inputs made one
 * issue (jb_job_opts.issue_inputs: render --issue, a manifest's issue row), and the 编者按 the
 * page does not set, named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "issue.h"
#include "job.h"
#include "source.h"

/* Are the files a and b in one folder (by their paths' directory parts)? */
static int
same_folder(const char *a, const char *b)
{
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    size_t na = sa ? (size_t)(sa - a) : 0, nb = sb ? (size_t)(sb - b) : 0;
    return na == nb && strncmp(a, b, na) == 0;
}

/* The read report's lines left out of a later input of an issue, moved into the first's with
 * their offsets shifted by at and their lines counted in the joined source. 0 or -1. */
static int
move_dropped(jb_read_report *to, jb_read_report *from, size_t at, const jb_source *joined)
{
    const jb_import_info *fi = &from->imp;
    for (size_t i = 0; from->imported && i < fi->n_dropped; i++) {
        jb_import_info *ti = &to->imp;
        jb_dropped *dr;
        size_t lo = 0, hi = joined->n_lines, off = fi->dropped[i].off + at;
        if (jb_grow(&ti->dropped, &ti->cap_dropped, ti->n_dropped + 1, sizeof *dr) != 0)
            return -1;
        while (hi - lo > 1) { /* the joined source's line of off */
            size_t mid = (lo + hi) / 2;
            if (joined->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid;
        }
        dr = &ti->dropped[ti->n_dropped++];
        *dr = fi->dropped[i];
        dr->off = off, dr->line = (int)lo + 1;
        to->imported = 1;
    }
    return 0;
}

/* An issue of several inputs (o->issue_inputs: render --issue, a manifest's issue row): each
 * read by its own reader, the sources joined (positions count in each input), the items
 * appended in order (issue.h); the first's masthead, 编者按 and 报尾 win, conflicts go to
 * j->title_warning. A photo in a later input is read only from a report beside the first. */
jb_status
jb_job_issue(const jb_job_opts *o, jb_job *j, jb_diag *d)
{
    size_t n = o->n_issue_inputs, len;
    const jb_source **srcs;
    char conflicts[600] = "";
    jb_status st = JB_OK;

    if (n == 0 || o->issue_inputs == NULL)
        return JB_OK;
    j->more = calloc(n, sizeof *j->more);
    j->more_readers = calloc(n, sizeof *j->more_readers);
    srcs = calloc(n + 1, sizeof *srcs);
    if (j->more == NULL || j->more_readers == NULL || srcs == NULL) {
        free(srcs);
        return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    srcs[0] = j->src;
    for (size_t k = 0; k < n && st == JB_OK; k++) {
        jb_job_opts one = *o;
        jb_job sub;
        memset(&sub, 0, sizeof sub);
        one.input = o->issue_inputs[k], one.input_data = NULL, one.input_len = 0, one.from = NULL;
        st = jb_job_read(&one, &sub, 1, d);
        j->more[k] = sub.in, j->more_readers[k] = sub.reader, j->n_more = k + 1;
        if (st == JB_OK && jb_doc_n_photos(sub.doc) > 0 &&
            (sub.reader->binary || !same_folder(o->input, one.input)))
            st = jb_diag_set(d, JB_ERR_INPUT, one.input, 0, 0,
                             "render it alone, or put its photos in the first report of the issue",
                             "photos of a later input of an issue are read only from a report "
                             "in the first one's folder");
        if (st == JB_OK && sub.doc->items[0].title.n == 0)
            st = jb_diag_set(d, JB_ERR_FORMAT, one.input, 0, 0,
                             "give each input of an issue a title line",
                             "an item of an issue has no title");
        srcs[k + 1] = sub.src;
    }
    if (st == JB_OK)
        st = jb_source_join(srcs, n + 1, &j->joined, d);
    free(srcs);
    if (st != JB_OK)
        return st;
    for (size_t k = 0; k < n; k++) {
        size_t at = j->joined->parts[k + 1].start;
        jb_doc *doc = j->more[k].doc;
        char mine[300] = "";
        j->more[k].doc = NULL;
        len = strlen(conflicts);
        if (jb_issue_append(j->doc, doc, (uint32_t)at, mine, sizeof mine) != 0 ||
            move_dropped(&j->in.report, &j->more[k].report, at, j->joined) != 0)
            return jb_diag_set(d, JB_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (mine[0])
            snprintf(conflicts + len, sizeof conflicts - len, "%s%s has %s", len ? "; " : "",
                     o->issue_inputs[k], mine);
    }
    /* the first input's own left-out lines: their lines are the joined source's already */
    j->src = j->joined;
    len = strlen(j->title_warning);
    if (conflicts[0])
        snprintf(j->title_warning + len, sizeof j->title_warning - len,
                 "%s%s: warning: the masthead of the issue is this input's; %s", len ? "\n" : "",
                 o->input, conflicts);
    return JB_OK;
}

/* A 编者按 the page does not set, named in j->title_warning: the issue's own (doc.editor_note;
 * the layout sets each item's before its title), or an article's (the one-article page has
 * none). Nothing is left out without a word. */
void
jb_job_notes_unset(const jb_job_opts *o, jb_job *j)
{
    const jb_doc *doc = j->doc;
    const jb_text *notes[2] = {&doc->editor_note,
                               doc->n_items == 1 ? &doc->items[0].editor_note : NULL};
    size_t len = strlen(j->title_warning), cap = sizeof j->title_warning;

    for (size_t k = 0; k < 2; k++) {
        int line = 0, col = 0;
        if (notes[k] == NULL || notes[k]->n == 0)
            continue;
        j->notes_left++;
        if (j->src)
            jb_source_position(j->src, notes[k]->offs[0], &line, &col);
        len += (size_t)snprintf(
            j->title_warning + len, len < cap ? cap - len : 0,
            "%s%s:%d: warning: the 编者按 is left out: the page sets a 编者按 only before an item "
            "of an issue of several",
            len ? "\n" : "", j->src ? jb_source_path_at(j->src, notes[k]->offs[0]) : o->input,
            line);
    }
}
