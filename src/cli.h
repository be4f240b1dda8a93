/* cli — what the command's files share: the options of a command, the printing of diagnostics
 * and decisions, the stop flag of watch and serve, and one function per command (cmd_*.c). */
#ifndef JB_CLI_H
#define JB_CLI_H

#include <limits.h>
#include <signal.h>
#include <stdio.h>

#include "jianbao.h"
#include "plan.h"
#include "serve.h"

/* The most folders of fonts: --font-path and JIANBAO_FONT_PATH together. */
#define MAX_FONT_DIRS 64

enum { CMD_RENDER, CMD_INSPECT, CMD_IMPORT, CMD_WATCH, CMD_FONTS, CMD_SERVE, CMD_VERSION, N_CMDS };

typedef struct {
    jb_job_opts o;     /* the job's options; o.engine_opts is &eo */
    jb_engine_opts eo; /* the layout and the fonts */
    jb_plan_opts po;
    int cmd;
    int verbose, quiet, json, all;
    unsigned long long jobs;
    const char *data_dir_opt;
    char data_dir[PATH_MAX];
    char layout_path[PATH_MAX + 32]; /* --layout NAME, found in the data folder */
    const char **meta, **set, **font_dirs;
    char *font_env; /* a copy of JIANBAO_FONT_PATH, split in place */
    char *stdin_data;
    jb_serve_opts so; /* serve: --port, --host, --queue, --timeout, --pdfjs */
    int port_set, queue_set;
    int shard_auto, skip_existing; /* --shard auto, --skip-existing */
    unsigned long long shards;     /* --shards N */
    const char *results;           /* --results FILE or - */
    int issue;                     /* --issue: the inputs are one issue's items */
} cli;

/* ---- usage and commands (cli_usage.c) ---- */

/* The usage of jianbao without a command (the commands listed). */
extern const char usage_main[];
/* Command cmd's usage, with the common options when it takes them. */
void print_usage(FILE *f, int cmd);
/* The CMD_ of a command's name, or -1. */
int find_command(const char *name);
/* The error for an unknown command (with the nearest name); the exit code. */
int unknown_command(const char *name);
/* The words an option takes, one a line, from the tables (bash completion): `set` the layout
 * keys (section.key=), `from` the input formats, `to` the output formats. 2 for another
 * option. */
int complete(const char *what);

/* ---- printing (cli.c) ---- */

/* Where the documentation a hint names is installed (main.c finds it), or "". */
extern char doc_dir[PATH_MAX];
void print_doc_text(const char *text);
void print_hint(const char *hint);
void print_diag(const jb_diag *d);
int fail(const jb_diag *d);
/* A command-line error: the message, the hint, exit code 2. */
int usage_error(const char *hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Every run of input left out, one a line: file:line: note: left out (reason): text. */
void print_left_out(const char *input, const jb_result *r);
/* The warning, what was left out and (with --verbose) what was decided. */
void print_decisions(const cli *c, const char *input, const jb_result *r);
/* Display columns of UTF-8 s[0..len): 2 for a character outside ASCII. */
int columns_of(const char *s, size_t len);

/* Set by SIGINT and SIGTERM (jb_cli_on_signal): watch and serve stop. */
extern volatile sig_atomic_t jb_cli_stop;
void jb_cli_on_signal(int sig);

/* ---- the commands: each its file; the exit code ---- */
int run_one(cli *c);     /* cmd_render.c: render, inspect or import one brief */
int run_batch(cli *c);   /* cmd_render.c: render many briefs */
int run_watch(cli *c);   /* cmd_watch.c */
int run_serve(cli *c);   /* cmd_serve.c */
int run_fonts(cli *c);   /* cmd_fonts.c */
int run_version(cli *c); /* cmd_fonts.c: --version --json, the fingerprint */

#endif
