/* cli_usage — the command's usage texts, its commands by name ("did you mean"), and the words
 * an option takes for bash completion. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "doc.h"
#include "readers.h"
#include "spec.h"
#include "writers.h"

const char usage_main[] =
    "usage: jianbao COMMAND [options]\n"
    "\n"
    "Typesets a Chinese work report (Markdown with front matter, a raw article pasted from a\n"
    "website, or a Word document) as a one-page A4 briefing sheet (简报) in PDF.\n"
    "\n"
    "Commands:\n"
    "  render   write the PDF of one report, or of many (a batch)\n"
    "  inspect  print the laid-out page and the document as JSON\n"
    "  import   write what was found in a raw article as a report file to review\n"
    "  watch    render again each time the report or its layout is saved\n"
    "  fonts    list the fonts a layout can name, with their format and coverage\n"
    "  serve    a web page to paste a report and download its PDF, and an HTTP API\n"
    "  help     the usage of a command: jianbao help render\n"
    "\n"
    "  jianbao --version   the version and the libraries in use\n"
    "  jianbao --version --json [-l LAYOUT]   also the fingerprint of the program, layout and\n"
    "                      fonts (the one each line of --results carries)\n"
    "\n"
    "Exit codes: 0 ok, 2 usage, 3 input file, 4 encoding, 5 report format, 6 missing glyph,\n"
    "7 font, 8 layout file, 9 does not fit on one page, 10 output, 11 out of memory,\n"
    "69 a part not installed (Word, OFD), 70 internal.\n"
    "See jianbao(1) and README.md.\n";

static const char usage_common[] =
    "  -l, --layout FILE     layout file, or an installed layout by name: red-header (the\n"
    "                        default), modern, mono\n"
    "      --set SEC.KEY=VAL override a layout key (docs/LAYOUTS.md), e.g. --set body.min=9pt\n"
    "      --meta KEY=VAL    set a front-matter field (repeatable): %s,\n"
    "                        distribution.报 (.送, .发: the 报尾 rows)\n"
    "      --encoding ENC    the input's encoding (default: detected — UTF-8, UTF-16 with a\n"
    "                        byte-order mark, GB18030/GBK); any name iconv knows\n"
    "      --from FORMAT     md (a report file), txt (a raw article) or docx (a Word document;\n"
    "                        .doc/.wps/.odt through LibreOffice); default: detected\n"
    "      --title auto      no title line: take the suggested one (a head, a 关于… sentence,\n"
    "                        the lead's first clause, the file name) with a warning\n"
    "      --strict          a placeholder left to fill in (xx, X.X%%, 达%%) is an error, not a\n"
    "                        warning\n"
    "      --allow-missing   draw a character no font has as □ and warn, instead of failing\n"
    "      --condense        when the report does not fit even at the floor size, leave out the\n"
    "                        fewest sentences (never the lead, a head or a key figure) and the\n"
    "                        photos that do not fit, each marked （图略）\n"
    "      --pages N         let the brief (an issue of several items) flow onto up to N pages,\n"
    "                        1 to 8 (default: the layout's [pages] count, 1): the fewest pages\n"
    "                        that hold it, page numbers from two on, the 报尾 on the last\n"
    "      --max-input N     refuse inputs above N bytes; K and M multiply by 1024 and 1048576\n"
    "                        (512K, 2M; default 1M)\n"
    "      --data-dir DIR    the folder holding layouts/ and fonts/ (default: found beside the\n"
    "                        program; also JIANBAO_DATA_DIR)\n"
    "      --font-path DIR   more fonts for family names in a layout (repeatable; also\n"
    "                        JIANBAO_FONT_PATH, folders separated by ':')\n"
    "  -v, --verbose         say what was decided: what import found, body size, lines, figures\n"
    "  -q, --quiet           print errors only\n"
    "  -h, --help            this text\n";

static const char usage_render[] =
    "usage: jianbao render REPORT [-o OUT.pdf|OUT.ofd] [--pdfa] [options]\n"
    "       jianbao render --issue INPUT... [-o OUT.pdf] [options]\n"
    "       jianbao render INPUT... [--manifest FILE] [-d OUTDIR] [-j N] [--shard K/N] [-r]\n"
    "                      [--results FILE] [--skip-existing] [options]\n"
    "\n"
    "Writes the one-page PDF of REPORT (a report file or a raw article; - reads standard input),\n"
    "or its PDF/A-1b or OFD (--to; docs/FORMATS.md).\n"
    "With several inputs, a directory of .md/.markdown/.txt files or a manifest, renders a batch.\n"
    "\n"
    "  -o, --output FILE     write here (default: REPORT with .pdf; - writes standard output)\n"
    "      --to FORMAT       pdf, pdfa (PDF/A-1b), ofd (GB/T 33190) or json (inspect's); default:\n"
    "                        by the output's name (.ofd is OFD), else pdf ([output] pdfa = yes\n"
    "                        makes it PDF/A)\n"
    "      --pdfa            the same as --to pdfa\n"
    "      --issue           the inputs are the items of one issue, in this order (the first\n"
    "                        one's masthead, 编者按 and 报尾 win; docs/FORMAT.md); also for\n"
    "                        inspect and import\n"
    "  -d, --outdir DIR      batch: write every PDF into DIR, made when missing (default: next\n"
    "                        to its input)\n"
    "      --manifest FILE   batch: one input a line, optionally followed by its PDF's file name;\n"
    "                        or JSON Lines (.jsonl) or CSV (.csv) with each brief's own fields\n"
    "                        (title, masthead, issue, unit, date, layout …; docs/FORMAT.md)\n"
    "  -j, --jobs N          batch: worker threads (default: the number of cores)\n"
    "      --shard K/N       batch: take only inputs K, K+N, K+2N, … (1 <= K <= N) of the\n"
    "                        inputs sorted by path\n"
    "      --shard auto      batch: K from the scheduler (JOB_COMPLETION_INDEX,\n"
    "                        SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, PARALLEL_SEQ)\n"
    "      --shards N        batch: N for --shard auto where the scheduler does not say\n"
    "      --results FILE    batch: one JSON line per brief (status, reason, sha256,\n"
    "                        fingerprint …) into FILE; - writes standard output\n"
    "      --skip-existing   batch: leave a brief whose PDF exists and is newer than its input\n"
    "  -r, --recursive       batch: the subfolders of a directory too\n";

static const char usage_inspect[] =
    "usage: jianbao inspect REPORT --json [options]\n"
    "\n"
    "Lays REPORT out as render does and prints the page (every line, its glyphs and the\n"
    "decisions taken) and the document model as JSON; writes no PDF.\n"
    "\n"
    "      --json            print JSON (the only format)\n";

static const char usage_import[] =
    "usage: jianbao import ARTICLE [-o REPORT.md] [options]\n"
    "\n"
    "Finds the title, date, source, byline, lead and sections of a raw article and writes them\n"
    "as a report file (docs/FORMAT.md) to review and keep: to REPORT.md, or standard output.\n"
    "\n"
    "  -o, --output FILE     write here (default, or -: standard output)\n";

static const char usage_watch[] =
    "usage: jianbao watch REPORT [-o OUT.pdf] [options]\n"
    "\n"
    "Renders REPORT, then again each time it or its layout file is saved, and prints how long\n"
    "each render took: for editing a report beside a PDF viewer. Ctrl-C stops.\n"
    "\n"
    "  -o, --output FILE     write here (default: REPORT with .pdf)\n";

static const char usage_fonts[] =
    "usage: jianbao fonts [--all] [--font-path DIR] [--data-dir DIR]\n"
    "\n"
    "Lists the installed fonts for Chinese text that a layout's [fonts] section can name, by\n"
    "family (e.g. song = Noto Serif CJK SC) or by file: family, style, outline format (TrueType\n"
    "or CFF; CFF2 variable fonts cannot be embedded), coverage (GB2312, GBK, GB18030) and file.\n"
    "\n"
    "      --all             Latin fonts too\n"
    "      --font-path DIR   fonts in DIR too (repeatable; also JIANBAO_FONT_PATH)\n"
    "      --data-dir DIR    the folder holding jianbao's own fonts/\n";

static const char usage_serve[] =
    "usage: jianbao serve [--port N] [--host ADDR] [-j N] [options]\n"
    "\n"
    "Answers HTTP on ADDR:N and prints the address to open: a page (in Chinese) to paste or\n"
    "upload a report and see its page as it will print, and an API for other programs:\n"
    "POST /api/render, /api/inspect, /api/import, GET /api/layouts, /healthz (README.md).\n"
    "Layouts are those of the data folder, by name. Ctrl-C or SIGTERM stops: no new\n"
    "connection, renders under way get 5 s to finish (then 503), exit status 0.\n"
    "\n"
    "      --port N          the port (default 8017; 0: any free one)\n"
    "      --host ADDR       the address (default 127.0.0.1; any other is reachable from\n"
    "                        other computers: say so only on a trusted network)\n"
    "  -j, --jobs N          renders at once (default: the number of cores)\n"
    "      --queue MS        how long a request waits for a free worker before it is\n"
    "                        answered 503 (default 2000)\n"
    "      --timeout S       a request (its head and body) must arrive within S seconds,\n"
    "                        however slowly it trickles in (default 10)\n"
    "      --render-timeout S  a render still going after S seconds is stopped and\n"
    "                        answered 504 (default 30)\n"
    "      --per-client N    connections at once from one address (default 64)\n"
    "      --convert         read uploaded .doc/.wps/.odt through LibreOffice (off by\n"
    "                        default): within 60 s, a temporary profile, no network\n"
    "                        (unshare -rn, which must work here)\n"
    "      --max-input N     refuse reports above N bytes; K and M multiply by 1024 and\n"
    "                        1048576 (default 1M)\n"
    "      --data-dir DIR    the folder holding layouts/, fonts/ and web/ (default: found\n"
    "                        beside the program; also JIANBAO_DATA_DIR)\n"
    "      --font-path DIR   more fonts for family names in a layout (repeatable)\n"
    "      --pdfjs DIR       the folder of pdf.js and pdf.worker.js (default: Debian's\n"
    "                        libjs-pdf, " JB_SERVE_PDFJS_DIR ")\n"
    "  -q, --quiet           print errors only\n"
    "  -h, --help            this text\n"
    "\n"
    "JIANBAO_TOKEN in the environment (letters, digits, - _ . ~): every request must carry\n"
    "it (open the page as http://ADDR:N/?token=TOKEN, or send Authorization: Bearer TOKEN).\n";

static const char usage_version[] =
    "usage: jianbao --version [--json] [-l LAYOUT] [--set SEC.KEY=VAL] [--data-dir DIR]\n"
    "                         [--font-path DIR]\n"
    "\n"
    "Prints the version and the libraries in use; with --json, as JSON with the fingerprint:\n"
    "a SHA-256 of the program, the layout and the bytes of the font files it opens. Workers\n"
    "with the same fingerprint set a report to the same PDF; each line of --results carries it.\n";

static const struct {
    const char *name;
    const char *usage;
    int common; /* takes the common options */
} commands[N_CMDS] = {
    {"render", usage_render, 1},     {"inspect", usage_inspect, 1}, {"import", usage_import, 1},
    {"watch", usage_watch, 1},       {"fonts", usage_fonts, 0},     {"serve", usage_serve, 0},
    {"--version", usage_version, 0},
};

void
print_usage(FILE *f, int cmd)
{
    fputs(commands[cmd].usage, f);
    if (commands[cmd].common) {
        char keys[256];
        jb_field_list(1, keys, sizeof keys); /* the fields --meta takes (doc.h) */
        fputs("\nOptions:\n", f);
        fprintf(f, usage_common, keys);
    }
}

/* Levenshtein distance of two short ASCII words, for "did you mean". */
static int
distance(const char *a, const char *b)
{
    int row[32], la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    for (int j = 0; j <= lb; j++)
        row[j] = j;
    for (int i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

int
find_command(const char *name)
{
    for (int i = 0; i < N_CMDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return i;
    return -1;
}

int
unknown_command(const char *name)
{
    int best = -1, best_d = 3;
    for (int i = 0; i < N_CMDS; i++) {
        int dd = distance(name, commands[i].name);
        if (dd < best_d)
            best = i, best_d = dd;
    }
    if (best >= 0)
        fprintf(stderr, "jianbao: error: unknown command '%s'; did you mean '%s'?\n", name,
                commands[best].name);
    else
        fprintf(stderr,
                "jianbao: error: unknown command '%s' (commands: render, inspect, import, watch, "
                "fonts, serve, help)\n",
                name);
    return jb_status_exit_code(JB_ERR_USAGE);
}

/* The words an option takes, one a line, from the tables (bash completion): `set` the layout
 * keys (section.key=), `from` the input formats, `to` the output formats. 2 for another
 * option. */
int
complete(const char *what)
{
    if (strcmp(what, "set") == 0) {
        for (size_t i = 0; i < jb_spec_n_keys; i++)
            printf("%s.%s=\n", jb_spec_keys[i].section, jb_spec_keys[i].key);
        return 0;
    }
    if (strcmp(what, "meta") == 0) {
        for (size_t i = 0; i < jb_n_fields; i++)
            if (jb_fields[i].meta)
                printf("%s=\n", jb_fields[i].key);
        return 0;
    }
    if (strcmp(what, "from") == 0) {
        for (size_t i = 0; jb_readers[i]; i++)
            printf("%s\n", jb_readers[i]->name);
        return 0;
    }
    if (strcmp(what, "to") == 0) {
        for (size_t i = 0; jb_writers[i]; i++)
            printf("%s\n", jb_writers[i]->name);
        return 0;
    }
    return 2;
}
