/* Tests of plan: batch inputs from files, directories, manifests and shards, output paths, the
 * refusals (bad manifest lines, duplicates, missing manifest, empty batch), strict numbers. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "plan.h"

/* A temporary folder per test program; put() and folder() record what they create so the
 * teardown removes it. */
static char tmp[256];
static char made[128][512];
static int n_made;

static const char *
under(const char *rel)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    return path;
}

static void
folder(const char *rel)
{
    assert_int_equal(mkdir(under(rel), 0700), 0);
    snprintf(made[n_made++], sizeof made[0], "%s", under(rel));
}

static void
put(const char *rel, const char *text)
{
    FILE *f = fopen(under(rel), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    snprintf(made[n_made++], sizeof made[0], "%s", under(rel));
}

static int
setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s", "/tmp/jb-test-plan-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    while (n_made > 0) {
        const char *p = made[--n_made];
        if (unlink(p) != 0)
            rmdir(p);
    }
    return rmdir(tmp);
}

/* Plans opts and checks the items' inputs and outputs against want (pairs, NULL-terminated). */
static void
expect_plan(const jb_plan_opts *o, const char *const *want)
{
    jb_plan *p;
    jb_batch_item *items;
    jb_diag d;
    size_t n, k = 0;

    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(o, &p, &d), JB_OK);
    items = jb_plan_items(p, &n);
    for (; want[2 * k]; k++) {
        assert_true(k < n);
        assert_string_equal(items[k].input, want[2 * k]);
        assert_string_equal(items[k].output, want[2 * k + 1]);
        assert_null(items[k].diag);
    }
    assert_int_equal(n, k);
    jb_plan_free(p);
}

/* Plans opts, expects failure with st, and returns the diagnostic. */
static jb_diag
expect_refusal(const jb_plan_opts *o, jb_status st)
{
    jb_plan *p = (jb_plan *)1;
    jb_diag d;

    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(o, &p, &d), st);
    assert_null(p);
    assert_int_equal(d.status, st);
    assert_true(d.hint[0] != '\0');
    return d;
}

static void
test_plan_files_keep_order_and_get_pdf_names(void **state)
{
    const char *in[] = {"a/x.md", "b/y.txt", "r.md", "a.b/noext"};
    jb_plan_opts o = {in, 4, NULL, NULL, 1, 1, 0, NULL, 0};
    (void)state;
    expect_plan(&o, (const char *[]){"a/x.md", "a/x.pdf", "b/y.txt", "b/y.pdf", "r.md", "r.pdf",
                                     "a.b/noext", "a.b/noext.pdf", NULL});
    o.outdir = "out";
    expect_plan(&o, (const char *[]){"a/x.md", "out/x.pdf", "b/y.txt", "out/y.pdf", "r.md",
                                     "out/r.pdf", "a.b/noext", "out/noext.pdf", NULL});
    o.ext = ".ofd"; /* --to ofd */
    expect_plan(&o, (const char *[]){"a/x.md", "out/x.ofd", "b/y.txt", "out/y.ofd", "r.md",
                                     "out/r.ofd", "a.b/noext", "out/noext.ofd", NULL});
}

static void
test_plan_directory_gives_its_inputs_in_name_order(void **state)
{
    char dir[512], a[512], b[512], c[512], pa[512], pb[512], pc[512];
    const char *in[] = {dir, "later.md"};
    jb_plan_opts o = {in, 2, NULL, NULL, 1, 1, 0, NULL, 0};
    (void)state;
    folder("dir");
    put("dir/b.md", "b");
    put("dir/a.txt", "a");
    put("dir/C.md", "c"); /* byte order: upper case first */
    put("dir/.hidden.md", "h");
    put("dir/old.pdf", "p");
    put("dir/notes.md.bak", "n");
    put("dir/md", "m");
    folder("dir/sub.md"); /* a folder, whatever its name: skipped without -r */
    snprintf(dir, sizeof dir, "%s", under("dir"));
    snprintf(a, sizeof a, "%s/C.md", in[0]);
    snprintf(pa, sizeof pa, "%s/C.pdf", in[0]);
    snprintf(b, sizeof b, "%s/a.txt", in[0]);
    snprintf(pb, sizeof pb, "%s/a.pdf", in[0]);
    snprintf(c, sizeof c, "%s/b.md", in[0]);
    snprintf(pc, sizeof pc, "%s/b.pdf", in[0]);
    expect_plan(&o, (const char *[]){a, pa, b, pb, c, pc, "later.md", "later.pdf", NULL});
    assert_true(jb_plan_is_input_name("r.md"));
    assert_true(jb_plan_is_input_name("R.MD"));
    assert_true(jb_plan_is_input_name("r.markdown"));
    assert_true(jb_plan_is_input_name("r.Txt"));
    assert_false(jb_plan_is_input_name("README.txt"));
    assert_false(jb_plan_is_input_name("readme.md"));
    assert_false(jb_plan_is_input_name("LICENSE.txt"));
    assert_true(jb_plan_is_input_name("readme-notes.md"));
    assert_true(jb_plan_is_input_name("r.txt"));
    assert_false(jb_plan_is_input_name(".r.md"));
    assert_false(jb_plan_is_input_name(".md"));
    assert_false(jb_plan_is_input_name("r.md~"));
    assert_false(jb_plan_is_input_name("r.pdf"));
    assert_true(jb_plan_is_input_name("r.docx"));
    assert_true(jb_plan_is_input_name("r.DOC"));
    assert_true(jb_plan_is_input_name("r.wps"));
    assert_true(jb_plan_is_input_name("r.odt"));
    assert_false(jb_plan_is_input_name("~$r.docx.tmp"));
    assert_false(jb_plan_is_input_name("r.xlsx"));
}

/* -r takes the subfolders' inputs depth first in name order; what is not taken is listed. */
static void
test_plan_recursive_and_skipped(void **state)
{
    char top[512], want[8][600];
    const char *in[] = {top};
    jb_plan_opts o = {in, 1, NULL, "out", 1, 1, 0, NULL, 0};
    jb_plan *p;
    jb_diag d;
    const char *why;
    size_t n, k = 0;
    (void)state;
    folder("rtop");
    folder("rtop/b-sub");
    folder("rtop/b-sub/deeper");
    put("rtop/a.MD", "a");
    put("rtop/README.txt", "r");
    put("rtop/notes.xlsx", "w");
    put("rtop/b-sub/c.markdown", "c");
    put("rtop/b-sub/deeper/d.txt", "d");
    put("rtop/z.txt", "z");
    put("rtop/w.docx", "PK");
    snprintf(top, sizeof top, "%s", under("rtop"));
    snprintf(want[0], 600, "%s/a.MD", top);
    snprintf(want[1], 600, "%s/z.txt", top);
    snprintf(want[7], 600, "%s/w.docx", top);
    expect_plan(&o, (const char *[]){want[0], "out/a.pdf", want[7], "out/w.pdf", want[1],
                                     "out/z.pdf", NULL});
    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
    snprintf(want[2], 600, "%s/README.txt", top);
    snprintf(want[3], 600, "%s/b-sub", top);
    snprintf(want[4], 600, "%s/notes.xlsx", top);
    assert_string_equal(jb_plan_skipped(p, 0, &why), want[2]);
    assert_string_equal(why, "not a report");
    assert_string_equal(jb_plan_skipped(p, 1, &why), want[3]);
    assert_string_equal(why, "a folder");
    assert_string_equal(jb_plan_skipped(p, 2, NULL), want[4]);
    assert_null(jb_plan_skipped(p, 3, NULL));
    jb_plan_free(p);

    o.recursive = 1;
    snprintf(want[5], 600, "%s/b-sub/c.markdown", top);
    snprintf(want[6], 600, "%s/b-sub/deeper/d.txt", top);
    expect_plan(&o,
                (const char *[]){want[0], "out/a.pdf", want[5], "out/c.pdf", want[6], "out/d.pdf",
                                 want[7], "out/w.pdf", want[1], "out/z.pdf", NULL});
    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
    (void)jb_plan_items(p, &n);
    assert_int_equal(n, 5);
    while (jb_plan_skipped(p, k, NULL))
        k++;
    assert_int_equal(k, 2); /* README.txt and notes.xlsx */
    jb_plan_free(p);
}

static void
test_plan_manifest_comments_relative_absolute_and_names(void **state)
{
    char man[512], r1[512], r3[512], r3pdf[512], r4[512], r4pdf[512];
    const char *in[] = {"first/arg.md"};
    jb_plan_opts o = {in, 1, NULL, NULL, 1, 1, 0, NULL, 0};
    (void)state;
    folder("m");
    put("m/list.txt", "# briefs of the week\n"
                      "\n"
                      "  rel/r1.md first.pdf\n"
                      "/abs/r2.md   second\n"
                      "   # indented comment\n"
                      "r3.md\t my brief \r\n"
                      "r4.txt\n");
    snprintf(man, sizeof man, "%s", under("m/list.txt"));
    snprintf(r1, sizeof r1, "%s", under("m/rel/r1.md"));
    snprintf(r3, sizeof r3, "%s", under("m/r3.md"));
    snprintf(r3pdf, sizeof r3pdf, "%s", under("m/my brief.pdf"));
    snprintf(r4, sizeof r4, "%s", under("m/r4.txt"));
    snprintf(r4pdf, sizeof r4pdf, "%s", under("m/r4.pdf"));
    o.manifest = man;
    o.outdir = "out";
    expect_plan(&o,
                (const char *[]){"first/arg.md", "out/arg.pdf", r1, "out/first.pdf", "/abs/r2.md",
                                 "out/second.pdf", r3, "out/my brief.pdf", r4, "out/r4.pdf", NULL});
    o.outdir = NULL;
    expect_plan(&o, (const char *[]){"first/arg.md", "first/arg.pdf", r1, under("m/rel/first.pdf"),
                                     "/abs/r2.md", "/abs/second.pdf", r3, r3pdf, r4, r4pdf, NULL});
}

static void
test_plan_manifest_without_folder_is_relative_to_dot(void **state)
{
    char cwd[512];
    jb_plan_opts o = {NULL, 0, "list.txt", NULL, 1, 1, 0, NULL, 0};
    (void)state;
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmp), 0);
    put("list.txt", "r.md out\n");
    expect_plan(&o, (const char *[]){"./r.md", "./out.pdf", NULL});
    assert_int_equal(chdir(cwd), 0);
}

static void
test_plan_shard_takes_every_nth_input(void **state)
{
    const char *in[] = {"a.md", "b.md", "c.md", "d.md", "e.md"};
    jb_plan_opts o = {in, 5, NULL, NULL, 2, 2, 0, NULL, 0};
    jb_diag d;
    (void)state;
    expect_plan(&o, (const char *[]){"b.md", "b.pdf", "d.md", "d.pdf", NULL});
    o.shard_k = 1, o.shard_n = 3;
    expect_plan(&o, (const char *[]){"a.md", "a.pdf", "d.md", "d.pdf", NULL});
    o.shard_k = 5, o.shard_n = 5;
    expect_plan(&o, (const char *[]){"e.md", "e.pdf", NULL});
    o.n_inputs = 2, o.shard_k = 3, o.shard_n = 3;
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "--shard 3/3"));
    /* sharded, the order the inputs were given in does not matter: they are sorted by bytes */
    {
        const char *shuffled[] = {"e.md", "B.md", "c.md", "a.md", "d.md"};
        jb_plan_opts so = {shuffled, 5, NULL, NULL, 1, 2, 0, NULL, 0};
        expect_plan(&so, (const char *[]){"B.md", "B.pdf", "c.md", "c.pdf", "e.md", "e.pdf", NULL});
        so.shard_k = 1, so.shard_n = 1; /* unsharded: the order given */
        expect_plan(&so, (const char *[]){"e.md", "e.pdf", "B.md", "B.pdf", "c.md", "c.pdf", "a.md",
                                          "a.pdf", "d.md", "d.pdf", NULL});
    }
}

static void
test_plan_refuses_bad_manifest_lines(void **state)
{
    static const struct {
        const char *text;
        int line, col;
        const char *name;
    } bad[] = {
        {"ok.md\nr.md ../escape.pdf\n", 2, 6, "'../escape.pdf'"},
        {"r.md .\n", 1, 6, "'.'"},
        {"# c\n\nr.md\t..\n", 3, 6, "'..'"},
        {"重要.md sub/x.pdf\n", 1, 7, "'sub/x.pdf'"}, /* the column counts characters */
        {"r.md /abs.pdf\n", 1, 6, "'/abs.pdf'"},
    };
    jb_plan_opts o = {NULL, 0, NULL, "out", 1, 1, 0, NULL, 0};
    (void)state;
    put("bad.txt", "");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fopen(under("bad.txt"), "w");
        jb_diag d;
        assert_non_null(f);
        fputs(bad[i].text, f);
        fclose(f);
        o.manifest = under("bad.txt");
        d = expect_refusal(&o, JB_ERR_USAGE);
        assert_string_equal(d.file, under("bad.txt"));
        assert_int_equal(d.line, bad[i].line);
        assert_int_equal(d.col, bad[i].col);
        assert_non_null(strstr(d.message, bad[i].name));
        assert_non_null(strstr(d.message, "not a plain file name"));
        assert_non_null(strstr(d.hint, "-d"));
    }
}

static void
test_plan_refuses_two_inputs_writing_one_pdf(void **state)
{
    const char *in[] = {"a/y.md", "a/x.md", "b/x.md", "b/y.md"};
    jb_plan_opts o = {in, 4, NULL, "o", 1, 1, 0, NULL, 0};
    jb_diag d;
    (void)state;
    d = expect_refusal(&o, JB_ERR_USAGE);
    /* the first clash in batch order: b/x.md, the third input, with a/x.md (y.pdf clashes too,
     * but only at the fourth) */
    assert_string_equal(d.message, "a/x.md and b/x.md would both write o/x.pdf");
    o.outdir = NULL; /* next to their inputs: four different PDFs */
    expect_plan(&o, (const char *[]){"a/y.md", "a/y.pdf", "a/x.md", "a/x.pdf", "b/x.md", "b/x.pdf",
                                     "b/y.md", "b/y.pdf", NULL});
    in[0] = "a/x.md", in[1] = "a/x.txt";
    o.n_inputs = 2;
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_string_equal(d.message, "a/x.md and a/x.txt would both write a/x.pdf");
    in[1] = "a/x.md";
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_string_equal(d.message, "a/x.md is listed twice");
    /* a manifest's name clashing with an input's own name */
    put("dup.txt", "q.md x.pdf\n");
    o.manifest = under("dup.txt");
    o.n_inputs = 1;
    o.outdir = "o";
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "would both write o/x.pdf"));
}

static void
test_plan_missing_manifest_is_an_input_error(void **state)
{
    jb_plan_opts o = {NULL, 0, "/nonexistent/list.txt", NULL, 1, 1, 0, NULL, 0};
    jb_diag d;
    (void)state;
    d = expect_refusal(&o, JB_ERR_INPUT);
    assert_string_equal(d.file, "/nonexistent/list.txt");
    assert_non_null(strstr(d.message, "cannot open the manifest"));
    assert_int_equal(jb_status_exit_code(d.status), 3);
    o.manifest = tmp; /* a directory is not a manifest */
    d = expect_refusal(&o, JB_ERR_INPUT);
    assert_non_null(strstr(d.message, "directory"));
}

static void
test_plan_refuses_an_empty_batch_and_long_paths(void **state)
{
    char longdir[5000];
    const char *in[] = {NULL};
    jb_plan_opts o = {in, 1, NULL, NULL, 1, 1, 0, NULL, 0};
    jb_diag d;
    (void)state;
    folder("empty");
    put("empty/readme.pdf", "");
    in[0] = under("empty");
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "no report (.md) or article (.txt) in"));
    put("comments.txt", "# nothing yet\n");
    o.n_inputs = 0;
    o.manifest = under("comments.txt");
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "comments.txt"));
    memset(longdir, 'd', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    in[0] = "r.md";
    o.n_inputs = 1;
    o.manifest = NULL;
    o.outdir = longdir;
    d = expect_refusal(&o, JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "longer than"));
}

static void
test_plan_parse_number_is_strict(void **state)
{
    static const char *const bad[] = {
        "",   "abc", "0",  "-1",  "+5",   " 5",   "5 ",
        "1x", "1.5", "2K", "1e3", "0x10", "1025", "99999999999999999999"};
    unsigned long long v = 42;
    jb_diag d;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jb_diag_init(&d);
        assert_int_equal(
            jb_plan_parse_number("-j/--jobs", bad[i], 1, 1024, JB_NUMBER_PLAIN, &v, &d),
            JB_ERR_USAGE);
        assert_non_null(strstr(d.message, "-j/--jobs"));
        assert_non_null(strstr(d.message, bad[i]));
        assert_true(d.hint[0] != '\0');
        assert_int_equal(v, 42);
    }
    jb_diag_init(&d);
    assert_int_equal(jb_plan_parse_number("-j", "8", 1, 1024, JB_NUMBER_PLAIN, &v, &d), JB_OK);
    assert_int_equal(v, 8);
    assert_int_equal(
        jb_plan_parse_number("--max-input", "1048576", 1, SIZE_MAX, JB_NUMBER_KM, &v, &d), JB_OK);
    assert_int_equal(v, 1048576);
    assert_int_equal(jb_plan_parse_number("--max-input", "512K", 1, SIZE_MAX, JB_NUMBER_KM, &v, &d),
                     JB_OK);
    assert_int_equal(v, 512 * 1024);
    assert_int_equal(jb_plan_parse_number("--max-input", "2M", 1, SIZE_MAX, JB_NUMBER_KM, &v, &d),
                     JB_OK);
    assert_int_equal(v, 2 * 1024 * 1024);
    assert_int_equal(d.status, JB_OK);
    static const char *const bad_km[] = {"-1", "0K", "K", "2MB", "2M ", "18014398509481984M"};
    for (size_t i = 0; i < sizeof bad_km / sizeof bad_km[0]; i++) {
        jb_diag_init(&d);
        assert_int_equal(
            jb_plan_parse_number("--max-input", bad_km[i], 1, ULLONG_MAX, JB_NUMBER_KM, &v, &d),
            JB_ERR_USAGE);
        assert_non_null(strstr(d.message, "--max-input"));
        assert_non_null(strstr(d.hint, "512K"));
    }
}

static void
test_plan_parse_shard_is_strict(void **state)
{
    static const char *const bad[] = {"1/2x", "0/2", "3/2",   "1/",   "/2", "1/-2",
                                      "+1/2", "1",   "1/2/3", " 1/2", "1/0"};
    long k = 0, n = 0;
    jb_diag d;
    (void)state;
    jb_diag_init(&d);
    assert_int_equal(jb_plan_parse_shard("2/3", &k, &n, &d), JB_OK);
    assert_int_equal(k, 2);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jb_diag_init(&d);
        assert_int_equal(jb_plan_parse_shard(bad[i], &k, &n, &d), JB_ERR_USAGE);
        assert_non_null(strstr(d.message, bad[i]));
        assert_true(d.hint[0] != '\0');
    }
    assert_int_equal(k, 2);
}

/* A fake environment: pairs of name and value, NULL-terminated. */
static const char *
fake_env(const char *name, void *ud)
{
    const char *const *kv = ud;
    for (; kv[0]; kv += 2)
        if (strcmp(kv[0], name) == 0)
            return kv[1];
    return NULL;
}

/* jb_plan_shard_auto on env with --shards shards; returns the status, k and n in *k, *n. */
static jb_status
shard_auto(const char *const *env, long shards, long *k, long *n, jb_diag *d)
{
    const char *source = NULL;
    jb_status s;
    *k = *n = -1;
    jb_diag_init(d);
    s = jb_plan_shard_auto(fake_env, (void *)env, shards, k, n, &source, d);
    if (s == JB_OK)
        assert_non_null(source);
    else
        assert_true(d->hint[0] != '\0');
    return s;
}

static void
test_plan_shard_auto_reads_each_scheduler(void **state)
{
    long k, n;
    jb_diag d;
    (void)state;
    /* Kubernetes: 0-based, the count from --shards */
    assert_int_equal(shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "0", NULL}, 4, &k, &n, &d),
                     JB_OK);
    assert_true(k == 1 && n == 4);
    assert_int_equal(shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "3", NULL}, 4, &k, &n, &d),
                     JB_OK);
    assert_true(k == 4 && n == 4);
    assert_int_equal(shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "4", NULL}, 4, &k, &n, &d),
                     JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "of only 4"));
    assert_int_equal(shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "1", NULL}, 0, &k, &n, &d),
                     JB_ERR_USAGE);
    assert_non_null(strstr(d.hint, "--shards N"));
    assert_int_equal(
        shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "-1", NULL}, 4, &k, &n, &d),
        JB_ERR_USAGE);
    assert_int_equal(shard_auto((const char *[]){"JOB_COMPLETION_INDEX", "", NULL}, 4, &k, &n, &d),
                     JB_ERR_USAGE);
    /* Slurm: counted from MIN in steps, the count from the array */
    assert_int_equal(shard_auto((const char *[]){"SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN",
                                                 "1", "SLURM_ARRAY_TASK_COUNT", "4", NULL},
                                0, &k, &n, &d),
                     JB_OK);
    assert_true(k == 1 && n == 4);
    assert_int_equal(shard_auto((const char *[]){"SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN",
                                                 "1", "SLURM_ARRAY_TASK_STEP", "2",
                                                 "SLURM_ARRAY_TASK_COUNT", "4", NULL},
                                4, &k, &n, &d),
                     JB_OK);
    assert_true(k == 4 && n == 4);
    assert_int_equal(shard_auto((const char *[]){"SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN",
                                                 "1", "SLURM_ARRAY_TASK_COUNT", "4", NULL},
                                3, &k, &n, &d),
                     JB_ERR_USAGE); /* --shards disagrees with the array */
    assert_int_equal(shard_auto((const char *[]){"SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_MIN",
                                                 "1", "SLURM_ARRAY_TASK_COUNT", "4", NULL},
                                0, &k, &n, &d),
                     JB_ERR_USAGE);
    /* AWS Batch (0-based) and GNU parallel (1-based) */
    assert_int_equal(
        shard_auto((const char *[]){"AWS_BATCH_JOB_ARRAY_INDEX", "2", NULL}, 3, &k, &n, &d), JB_OK);
    assert_true(k == 3 && n == 3);
    assert_int_equal(shard_auto((const char *[]){"PARALLEL_SEQ", "2", NULL}, 3, &k, &n, &d), JB_OK);
    assert_true(k == 2 && n == 3);
    assert_int_equal(shard_auto((const char *[]){"PARALLEL_SEQ", "0", NULL}, 3, &k, &n, &d),
                     JB_ERR_USAGE);
    /* Kubernetes first when several are set; none: the list of what is read */
    assert_int_equal(
        shard_auto((const char *[]){"PARALLEL_SEQ", "1", "JOB_COMPLETION_INDEX", "2", NULL}, 4, &k,
                   &n, &d),
        JB_OK);
    assert_true(k == 3);
    assert_int_equal(shard_auto((const char *[]){NULL}, 4, &k, &n, &d), JB_ERR_USAGE);
    assert_non_null(strstr(d.message, "JOB_COMPLETION_INDEX"));
    assert_non_null(strstr(d.message, "PARALLEL_SEQ"));
    assert_true(k == -1 && n == -1);
}

/* Every shard of a folder, for n from 1 to 7: together the whole list in byte order, each input
 * once, shard k holding inputs k, k+n, … — a function of the sorted names and n alone. */
static void
test_plan_shards_partition_the_sorted_inputs(void **state)
{
    static const char *const names[] = {"b.md", "B.md",  "a.txt", "_x.md", "\xc3\xa4.md",
                                        "Z.md", "10.md", "9.md",  "aa.md", "A.md"};
    const size_t count = sizeof names / sizeof names[0];
    char dir[512], rel[64];
    const char *in[] = {dir};
    jb_plan_opts o = {in, 1, NULL, NULL, 1, 1, 0, NULL, 0};
    const char *sorted[16];
    (void)state;
    folder("parts");
    for (size_t i = 0; i < count; i++) {
        snprintf(rel, sizeof rel, "parts/%s", names[i]);
        put(rel, "x");
        sorted[i] = names[i];
    }
    for (size_t i = 1; i < count; i++) /* byte order, by hand */
        for (size_t j = i; j > 0 && strcmp(sorted[j - 1], sorted[j]) > 0; j--) {
            const char *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    snprintf(dir, sizeof dir, "%s", under("parts"));
    for (long n = 1; n <= 7; n++) {
        size_t seen = 0;
        for (long k = 1; k <= n; k++) {
            jb_plan *p;
            jb_batch_item *items;
            size_t m;
            jb_diag d;
            o.shard_k = k, o.shard_n = n;
            jb_diag_init(&d);
            assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
            items = jb_plan_items(p, &m);
            for (size_t i = 0; i < m; i++) {
                const char *base = strrchr(items[i].input, '/') + 1;
                assert_string_equal(base, sorted[(size_t)(k - 1) + i * (size_t)n]);
            }
            seen += m;
            jb_plan_free(p);
        }
        assert_int_equal(seen, count);
    }
}

/* --skip-existing: a PDF newer than its input is left; an older one, or none, is rendered. */
static void
test_plan_skips_up_to_date_outputs(void **state)
{
    char a[512], b[512], c[512];
    const char *in[] = {a, b, c};
    jb_plan_opts o = {in, 3, NULL, NULL, 1, 1, 0, NULL, 0};
    struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    struct timespec older[2] = {{999999999, 0}, {999999999, 0}};
    jb_batch_item *items;
    jb_plan *p;
    size_t n;
    jb_diag d;
    (void)state;
    put("up.md", "x");
    put("up.pdf", "pdf");
    put("stale.md", "x");
    put("stale.pdf", "pdf");
    put("new.md", "x");
    snprintf(a, sizeof a, "%s", under("up.md"));
    snprintf(b, sizeof b, "%s", under("stale.md"));
    snprintf(c, sizeof c, "%s", under("new.md"));
    assert_int_equal(utimensat(AT_FDCWD, a, older, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, under("up.pdf"), old, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, under("stale.pdf"), older, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, b, old, 0), 0);
    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
    assert_int_equal(jb_plan_skip_up_to_date(p), 1);
    items = jb_plan_items(p, &n);
    assert_int_equal(n, 3);
    assert_true(items[0].skip && !items[1].skip && !items[2].skip);
    /* the same time to the nanosecond is not newer */
    assert_int_equal(utimensat(AT_FDCWD, a, old, 0), 0);
    assert_int_equal(jb_plan_skip_up_to_date(p), 0);
    jb_plan_free(p);
}

/* Two inputs writing one PDF are refused even when they fall in different shards; a shard with
 * no input is an empty batch when asked for (--shard auto), else an error. */
static void
test_plan_shards_check_the_whole_list(void **state)
{
    const char *in[] = {"a/x.md", "b/x.md", "c/y.md"};
    jb_plan_opts o = {in, 3, NULL, "out", 1, 2, 0, NULL, 0};
    jb_batch_item *items;
    jb_plan *p;
    size_t n;
    jb_diag d;
    (void)state;
    expect_refusal(&o, JB_ERR_USAGE); /* a/x.md in shard 1, b/x.md in shard 2 */
    in[1] = "b/z.md";
    o.shard_k = 4, o.shard_n = 4;
    expect_refusal(&o, JB_ERR_USAGE);
    o.empty_shard_ok = 1;
    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
    items = jb_plan_items(p, &n);
    assert_int_equal(n, 0);
    (void)items;
    jb_plan_free(p);
    o.shard_k = 2;
    jb_diag_init(&d);
    assert_int_equal(jb_plan_new(&o, &p, &d), JB_OK);
    items = jb_plan_items(p, &n);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].input, "b/z.md");
    assert_string_equal(items[0].output, "out/z.pdf");
    assert_int_equal(items[0].condense, -1);
    jb_plan_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_files_keep_order_and_get_pdf_names),
        cmocka_unit_test(test_plan_directory_gives_its_inputs_in_name_order),
        cmocka_unit_test(test_plan_recursive_and_skipped),
        cmocka_unit_test(test_plan_manifest_comments_relative_absolute_and_names),
        cmocka_unit_test(test_plan_manifest_without_folder_is_relative_to_dot),
        cmocka_unit_test(test_plan_shard_takes_every_nth_input),
        cmocka_unit_test(test_plan_refuses_bad_manifest_lines),
        cmocka_unit_test(test_plan_refuses_two_inputs_writing_one_pdf),
        cmocka_unit_test(test_plan_missing_manifest_is_an_input_error),
        cmocka_unit_test(test_plan_refuses_an_empty_batch_and_long_paths),
        cmocka_unit_test(test_plan_parse_number_is_strict),
        cmocka_unit_test(test_plan_parse_shard_is_strict),
        cmocka_unit_test(test_plan_shard_auto_reads_each_scheduler),
        cmocka_unit_test(test_plan_shards_partition_the_sorted_inputs),
        cmocka_unit_test(test_plan_skips_up_to_date_outputs),
        cmocka_unit_test(test_plan_shards_check_the_whole_list),
    };
    return cmocka_run_group_tests_name("plan", tests, setup, teardown);
}
