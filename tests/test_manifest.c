/* Tests of manifest: plain lines, JSON Lines and CSV read into briefs with their own fields;
 * front-matter fields checked as --meta checks them; each refusal names the manifest's line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "manifest.h"

static char dir[256], path[512];

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", "/tmp/jb-test-manifest-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

/* Writes text as dir/name and reads it; the status, the manifest in *m, the diag in *d. */
static jb_status
read_text(const char *name, const char *text, jb_manifest *m, jb_diag *d)
{
    FILE *f;
    jb_status s;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    jb_diag_init(d);
    s = jb_manifest_read(path, JB_MANIFEST_DETECT, m, d);
    unlink(path);
    return s;
}

/* The entry's meta value of key, or NULL. */
static const char *
meta(const jb_manifest_entry *e, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i < e->n_meta; i++)
        if (strncmp(e->meta[i], key, k) == 0 && e->meta[i][k] == '=')
            return e->meta[i] + k + 1;
    return NULL;
}

static const char *
rel(const char *file)
{
    static char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    return p;
}

/* Reads text expecting a refusal at line, with needle in the message. */
static void
refused(const char *name, const char *text, int line, const char *needle)
{
    jb_manifest m;
    jb_diag d;
    assert_int_equal(read_text(name, text, &m, &d), JB_ERR_USAGE);
    assert_int_equal(m.n, 0);
    assert_int_equal(d.line, line);
    assert_string_equal(d.file, path);
    if (strstr(d.message, needle) == NULL)
        fail_msg("'%s' lacks '%s'", d.message, needle);
    assert_true(d.hint[0] != '\0');
}

static void
test_manifest_jsonl_fields(void **state)
{
    jb_manifest m;
    jb_diag d;
    (void)state;
    assert_int_equal(
        read_text("a.jsonl",
                  "{\"input\": \"a.md\", \"output\": \"甲\", \"masthead\": \"甲县简报\", "
                  "\"issue\": 12, \"title\": \"标题\", \"condense\": true, \"pages\": 1}\n"
                  "\n"
                  "  {\"input\": \"/abs/b.txt\", \"layout\": \"l/modern.ini\", \"unit\": null, "
                  "\"date\": \"2024-03-01\", \"condense\": false}\r\n",
                  &m, &d),
        JB_OK);
    assert_int_equal(m.format, JB_MANIFEST_JSONL);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[0].input, rel("a.md"));
    assert_string_equal(m.v[0].name, "甲");
    assert_int_equal(m.v[0].condense, 1);
    assert_string_equal(meta(&m.v[0], "masthead"), "甲县简报");
    assert_string_equal(meta(&m.v[0], "issue"), "12");
    assert_string_equal(meta(&m.v[0], "title"), "标题");
    assert_int_equal(m.v[0].n_meta, 3);
    assert_null(m.v[0].layout);
    assert_int_equal(m.v[0].line, 1);
    assert_string_equal(m.v[1].input, "/abs/b.txt");
    assert_null(m.v[1].name);
    assert_string_equal(m.v[1].layout, rel("l/modern.ini"));
    assert_int_equal(m.v[1].condense, 0);
    assert_null(meta(&m.v[1], "unit")); /* null leaves the field alone */
    assert_string_equal(meta(&m.v[1], "date"), "2024-03-01");
    assert_int_equal(m.v[1].line, 3);
    jb_manifest_fini(&m);
    /* a .txt whose first line is an object is JSON Lines too */
    assert_int_equal(read_text("list.txt", "\n{\"input\": \"x.md\"}\n", &m, &d), JB_OK);
    assert_int_equal(m.format, JB_MANIFEST_JSONL);
    assert_int_equal(m.n, 1);
    jb_manifest_fini(&m);
}

/* Manifests refused: the file name (its extension picks the form), the text, the line the
 * diagnostic must name and words of its message. */
static const struct {
    const char *name, *text;
    int line;
    const char *needle;
} refusals[] = {
    {"b.jsonl", "{\"input\": \"a.md\"}\n{\"input\": \"b.md\", \"titel\": \"x\"}\n", 2,
     "unknown field 'titel'"},
    {"b.jsonl", "{\"input\": \"a.md\"}\n\n[1, 2]\n", 3, "not a JSON object"},
    {"b.jsonl", "{\"input\": \"a.md\"\n", 1, "not valid JSON"},
    {"b.jsonl", "{\"input\": \"a.md\"} x\n", 1, "text after the JSON object"},
    {"b.jsonl", "{\"input\": \"a.md\", \"title\": [\"x\"]}\n", 1, "is not text"},
    {"b.jsonl", "{\"input\": \"a.md\", \"issue\": 1.5}\n", 1, "is not text"},
    {"b.jsonl", "{\"input\": \"a.md\", \"date\": \"2023-02-29\"}\n", 1, "no such date"},
    {"b.jsonl", "{\"input\": \"a.md\", \"output\": \"x/y.pdf\"}\n", 1, "not a plain file"},
    {"b.jsonl", "{\"input\": \"a.md\", \"condense\": \"maybe\"}\n", 1, "not true or false"},
    {"b.jsonl", "{\"input\": \"a.md\", \"pages\": 9}\n", 1, "is not a number from 1 to 8"},
    {"b.jsonl", "{\"input\": \"a.md\", \"title\": \"a\\nb\"}\n", 1, "line break"},
    {"b.jsonl", "{\"output\": \"x\"}\n", 1, "no input"},
    {"d.csv", "title\nx\n", 1, "no 'input' column"},
    {"d.csv", "input,masthaed\na.md,x\n", 1, "unknown field 'masthaed'"},
    {"d.csv", "input,title,title\na.md,x,y\n", 1, "is twice"},
    {"d.csv", "input,title\na.md,x\n\nb.md,y,z\n", 4, "has 3 cells"},
    {"d.csv", "input,title\na.md,x\n\n\"b.md\",\"two\nlines\"\nc.md,z\n", 4, "line break"},
    {"d.csv", "input,title\na.md,\"open\n", 2, "broken CSV"},
    {"d.csv", "input,date\na.md,2024-13-01\n", 2, "no such date"},
};

static void
test_manifest_refusals_name_the_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
        refused(refusals[i].name, refusals[i].text, refusals[i].line, refusals[i].needle);
}

static void
test_manifest_csv(void **state)
{
    jb_manifest m;
    jb_diag d;
    (void)state;
    assert_int_equal(read_text("c.csv",
                               "\xef\xbb\xbfinput,output,title,issue,condense\r\n"
                               "a.md,,\"甲县，推进\"\"五个一\"\"工程\",第1期,\r\n"
                               "\r\n"
                               ",,,,\r\n"
                               "b.md,乙,\"乙县\",,yes", /* no final line end */
                               &m, &d),
                     JB_OK);
    assert_int_equal(m.format, JB_MANIFEST_CSV);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[0].input, rel("a.md"));
    assert_null(m.v[0].name);
    assert_string_equal(meta(&m.v[0], "title"), "甲县，推进\"五个一\"工程");
    assert_string_equal(meta(&m.v[0], "issue"), "第1期");
    assert_int_equal(m.v[0].condense, -1);
    assert_int_equal(m.v[0].line, 2);
    assert_string_equal(m.v[1].name, "乙");
    assert_null(meta(&m.v[1], "issue"));
    assert_int_equal(m.v[1].condense, 1);
    assert_int_equal(m.v[1].line, 5);
    jb_manifest_fini(&m);
}

/* A spreadsheet's CSV in GB18030 (Excel's "CSV" on a Chinese Windows) reads as UTF-8 does; bytes
 * that are no text are refused at their line and column. */
static void
test_manifest_encodings(void **state)
{
    jb_manifest m;
    jb_diag d;
    (void)state;
    /* input,title / a.md,甲县 in GB18030 (甲 = BC D7, 县 = CF D8), CRLF line ends */
    assert_int_equal(read_text("g.csv", "input,title\r\na.md,\xbc\xd7\xcf\xd8\r\n", &m, &d), JB_OK);
    assert_int_equal(m.n, 1);
    assert_string_equal(meta(&m.v[0], "title"), "甲县");
    jb_manifest_fini(&m);
    assert_int_equal(
        read_text("h.jsonl", "{\"input\": \"a.md\"}\n{\"input\": \"b.md\", \"title\": \"\x01\"}\n",
                  &m, &d),
        JB_ERR_ENCODING);
    assert_int_equal(m.n, 0);
    assert_int_equal(d.line, 2);
    assert_true(d.col > 0);
    assert_non_null(strstr(d.hint, "manifest"));
}

static void
test_manifest_plain_lines(void **state)
{
    jb_manifest m;
    jb_diag d;
    (void)state;
    assert_int_equal(read_text("e.txt", "# briefs\n  a.md  甲.pdf \n/x/b.md\n\n", &m, &d), JB_OK);
    assert_int_equal(m.format, JB_MANIFEST_LINES);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[0].input, rel("a.md"));
    assert_string_equal(m.v[0].name, "甲.pdf");
    assert_int_equal(m.v[0].condense, -1);
    assert_int_equal(m.v[0].n_meta, 0);
    assert_string_equal(m.v[1].input, "/x/b.md");
    assert_int_equal(m.v[1].line, 3);
    jb_manifest_fini(&m);
    refused("e.txt", "a.md\nb.md ../x.pdf\n", 2, "not a plain file name");
}

/* An issue of several inputs in each format: a.md + b.md, ["a.md", "b.md"], a CSV cell. */
static void
test_manifest_issue_rows(void **state)
{
    jb_manifest m;
    jb_diag d;
    (void)state;
    assert_int_equal(read_text("i.txt", "a.md + sub/b.md + /x/c.txt 甲.pdf\nd.md\n", &m, &d),
                     JB_OK);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.v[0].input, rel("a.md"));
    assert_int_equal(m.v[0].n_more, 2);
    assert_string_equal(m.v[0].more[0], rel("sub/b.md"));
    assert_string_equal(m.v[0].more[1], "/x/c.txt");
    assert_string_equal(m.v[0].name, "甲.pdf");
    assert_int_equal(m.v[1].n_more, 0);
    jb_manifest_fini(&m);
    assert_int_equal(read_text("i.jsonl",
                               "{\"input\": [\"a.md\", \"b.txt\"], \"masthead\": \"县委办简报\"}\n",
                               &m, &d),
                     JB_OK);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.v[0].input, rel("a.md"));
    assert_int_equal(m.v[0].n_more, 1);
    assert_string_equal(m.v[0].more[0], rel("b.txt"));
    assert_string_equal(meta(&m.v[0], "masthead"), "县委办简报");
    jb_manifest_fini(&m);
    assert_int_equal(read_text("i.csv", "input,output\na.md + b.md,both.pdf\n", &m, &d), JB_OK);
    assert_int_equal(m.v[0].n_more, 1);
    assert_string_equal(m.v[0].more[0], rel("b.md"));
    jb_manifest_fini(&m);
    refused("i.txt", "a.md +\n", 1, "'+' with no input after it");
    refused("i.jsonl", "{\"input\": [\"a.md\", 3]}\n", 1, "not a path");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_jsonl_fields),
        cmocka_unit_test(test_manifest_refusals_name_the_line),
        cmocka_unit_test(test_manifest_csv),
        cmocka_unit_test(test_manifest_encodings),
        cmocka_unit_test(test_manifest_plain_lines),
        cmocka_unit_test(test_manifest_issue_rows),
    };
    return cmocka_run_group_tests_name("manifest", tests, setup, teardown);
}
