#!/usr/bin/env python3
"""End-to-end tests: run the jianbao program on real reports and inspect the PDFs it writes.

usage: e2e.py JIANBAO ROOT CASE   (CTest runs one case per test; see tests/CMakeLists.txt)
       e2e.py --list               the cases, one a line (every function case_NAME, in order):
                                   tests/CMakeLists.txt makes a test of each
Needs poppler-utils (pdfinfo, pdftotext, pdffonts) and qpdf.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

LIST = sys.argv[1:] == ["--list"]
JB, ROOT, CASE = ("", "", "") if LIST else (sys.argv[1], sys.argv[2], sys.argv[3])
SAMPLE = os.path.join(ROOT, "samples", "zixi-wuzhong.md")
TMP = None if LIST else tempfile.mkdtemp(prefix="jb-e2e-")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def render(src, out=None, *extra):
    args = [JB, "render", src] + (["-o", out] if out else []) + list(extra)
    return run(args)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def write(name, text, mode="w"):
    path = os.path.join(TMP, name)
    with open(path, mode) as f:
        f.write(text)
    return path


def sample_pdf(*extra):
    out = os.path.join(TMP, "brief.pdf")
    r = render(SAMPLE, out, *extra)
    check(r.returncode == 0, f"render failed ({r.returncode}): {r.stderr}")
    return out, r


def expect_error(r, code, *needles):
    check(r.returncode == code, f"exit {r.returncode}, want {code}: {r.stderr}")
    for n in needles:
        check(re.search(n, r.stderr), f"stderr lacks {n!r}: {r.stderr}")
    check("hint:" in r.stderr, f"no hint: {r.stderr}")


def no_pdfs():
    left = [f for f in os.listdir(TMP) if ".pdf" in f]
    check(not left, f"files left behind: {left}")


def table_rows(block):
    """The rows of cells of a table written as GFM or pasted from a spreadsheet (tabs)."""
    rows = []
    for line in block.strip("\n").splitlines():
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
        elif not re.match(r"^[|:\- ]+$", line.strip()):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def issue_parts(body):
    """The texts of an issue's items (docs/FORMAT.md "An issue of several items") in reading
    order: each 编者按 as the page prints it, title, lead, head and paragraph; field lines left
    out (they are printed on the byline's line)."""
    parts = []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or all(re.match(r"(byline|source|作者|来源)\s*[:：]", ln) for ln in block.splitlines()):
            continue
        block = re.sub(r"^#{1,2} ", "", block).replace("编者按:", "编者按：").replace("\n", "")
        parts.append(block)
    return parts


def page_text(pdf):
    """pdftotext of every page, joined without line breaks, each page's number (its last line
    when that is only digits) left out."""
    pages = run(["pdftotext", pdf, "-"]).stdout.split("\f")
    out = []
    for pg in pages:
        lines = [ln for ln in pg.split("\n") if ln.strip()]
        if len(pages) > 2 and lines and re.fullmatch(r"\d+", lines[-1].strip()):
            lines = lines[:-1]
        out.append("".join(lines))
    return "".join(out).replace("\u3000", " ")


def source_parts(path):
    """Title, byline, lead and section texts of a report, as a reader expects them back."""
    text = open(path, encoding="utf-8").read()
    fm, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S).groups()
    meta = dict(line.split(": ", 1) for line in fm.splitlines() if ": " in line)
    if "title" not in meta:  # an issue of several items: the items' texts after two empty places
        return ["", ""] + issue_parts(body)
    parts = [meta["title"], meta.get("byline", "")]
    for block in re.split(r"\n\s*\n", body):
        if block.strip().startswith("|") or "\t" in block:  # a table: its cells row by row
            parts.append("".join(c for r in table_rows(block) for c in r))
            continue
        block = re.sub(r"^## ", "", block.strip()).replace("**", "").replace("\n", "")
        if block:
            parts.append(block)
    return parts


# ---- cases ----

def case_sample():
    out, r = sample_pdf("--verbose")
    m = re.search(r"body ([\d.]+) pt.*?(\d+) sections, (\d+) key figures", r.stderr)
    check(m, f"--verbose does not report the body size: {r.stderr}")
    size = float(m.group(1))
    check(9 <= size <= 16, f"body size {size} outside 9–16 pt")
    check(m.group(2) == "5", "five sections")
    check(m.group(3) == "11", f"{m.group(3)} key figures, want the 11 of RULES.md §6.4")


def case_pdf_checks():
    out, _ = sample_pdf()
    info = run(["pdfinfo", out]).stdout
    check(re.search(r"^Pages:\s+1$", info, re.M), "not exactly one page")
    check(re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M), "not A4")
    check(re.search(r"^Title:\s+江西资溪：“五重”做强做优关心下一代工作品牌$", info, re.M), "title info")
    check(re.search(r"^Author:\s+元新东 卢而康$", info, re.M), "author info")
    check(re.search(r"^Creator:\s+jianbao ", info, re.M), "creator info")
    q = run(["qpdf", "--check", out])
    check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout, "qpdf: " + q.stdout + q.stderr)
    rows = run(["pdffonts", out]).stdout.splitlines()[2:]
    check(len(rows) == 4, f"{len(rows)} fonts, want Song, Kai, Hei and the heavy Song")
    for row in rows:
        cols = row.split()
        check(cols[-5:-2] == ["yes", "yes", "yes"], "font not emb/sub/uni: " + row)
        check(re.match(r"[A-Z]{6}\+", cols[0]), "no subset tag: " + row)
    # figures are drawn in the highlight colour
    qdf = os.path.join(TMP, "qdf.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", out, qdf])
    content = open(qdf, "rb").read()
    check(b"0 1 1 0.2 k" in content, "no red (CMYK 0 1 1 0.2) fill for figures and masthead")
    # CID fonts with a real ToUnicode map (libharu's own writes `begincidrange` there)
    # (the default set: three CFF faces with their own encoding CMaps and one TrueType face)
    check(content.count(b"/CIDToGIDMap") == 1 and content.count(b"/Identity-H") == 1, "CID fonts")
    check(content.count(b"beginbfchar") >= 4 and content.count(b"/ToUnicode") == 4, "ToUnicode maps")
    raw = open(out, "rb").read()
    streams = raw.count(b"\nstream\r\n")
    check(streams >= 10 and raw.count(b"/Filter /FlateDecode") == streams, "a stream left undeflated")
    check(os.path.getsize(out) < 400_000, f"PDF is {os.path.getsize(out)} bytes: fonts not subset?")


def case_text_roundtrip():
    out, _ = sample_pdf()
    r = run(["pdftotext", out, "-"])
    check(r.stderr == "", "pdftotext warns: " + r.stderr)
    # Only line ends may differ: no space may be invented anywhere (copy and paste gives the source).
    got = re.sub(r"[\n\f]", "", r.stdout).replace("\u3000", " ")
    check(" " not in got.replace("元新东 卢而康", ""), "pdftotext invents spaces: " +
          ", ".join(got[max(0, m.start() - 6):m.end() + 6] for m in re.finditer(" ", got)))
    pos = 0
    parts = source_parts(SAMPLE)
    parts[1] = "元新东 卢而康"
    for part in parts:
        i = got.find(part, pos)
        check(i >= 0, f"not found in order: {part[:30]}…")
        pos = i + len(part)
    for word in ["2023年7月19日", "达155个", "增长74.2%", "1+N", "9月9日"]:
        check(word in got, f"{word} does not come back exactly")


def case_deterministic():
    a, _ = sample_pdf()
    b = os.path.join(TMP, "again.pdf")
    check(render(SAMPLE, b).returncode == 0, "second render")
    check(open(a, "rb").read() == open(b, "rb").read(), "two renders differ")


def case_layout_file():
    a, _ = sample_pdf()
    b = os.path.join(TMP, "layout.pdf")
    r = render(SAMPLE, b, "--layout", os.path.join(ROOT, "layouts", "red-header.ini"))
    check(r.returncode == 0, r.stderr)
    check(open(a, "rb").read() == open(b, "rb").read(), "layouts/red-header.ini differs from the default")


def case_default_output():
    src = os.path.join(TMP, "report.md")
    shutil.copy(SAMPLE, src)
    r = run([JB, "render", src])
    check(r.returncode == 0, r.stderr)
    check(os.path.exists(os.path.join(TMP, "report.pdf")), "REPORT.md does not give REPORT.pdf")
    check(sorted(os.listdir(TMP)) == ["report.md", "report.pdf"], f"stray files: {os.listdir(TMP)}")


def case_overflow():
    long = "---\ntitle: 很长的报告\n---\n\n" + "关心下一代工作品牌建设。" * 600 + "\n"
    out = os.path.join(TMP, "long.pdf")
    r = render(write("long.md", long), out)
    expect_error(r, 9, r"long\.md: error: the report does not fit on one page", r"overflows by \d+ lines")
    no_pdfs()


def case_bad_utf8():
    src = write("gbk.md", "---\ntitle: 标题\n---\n\n".encode() + "重阵地".encode("gbk") + b"\n", "wb")
    r = render(src, os.path.join(TMP, "gbk.pdf"))
    expect_error(r, 4, r"gbk\.md:5:1: error: invalid UTF-8 bytes \(D6 D8", "--encoding GB18030")
    no_pdfs()


def case_control_char():
    src = write("nul.md", b"---\ntitle: t\n---\n\nab\x00c\n", "wb")
    r = render(src, os.path.join(TMP, "nul.pdf"))
    expect_error(r, 4, r"nul\.md:5:3: error: control character U\+0000")
    no_pdfs()


def case_missing_file():
    r = render(os.path.join(TMP, "nope.md"), os.path.join(TMP, "x.pdf"))
    expect_error(r, 3, r"nope\.md: error: cannot open the input")


def case_directory_input():
    r = run([JB, "inspect", TMP, "--json"])
    expect_error(r, 3, r"error: the input is a directory")
    r = render(TMP)  # render takes a directory as a batch of its .md/.txt files: here none
    check(r.returncode == 2 and "no report (.md) or article (.txt) in" in r.stderr, r.stderr)
    no_pdfs()


def case_missing_font():
    lay = write("lay.ini", "[fonts]\nsong = no-such-font.ttf\n")
    r = render(SAMPLE, os.path.join(TMP, "x.pdf"), "--layout", lay)
    expect_error(r, 7, r"no-such-font\.ttf: error: cannot read the song \(body\) font")
    no_pdfs()


def case_bad_layout():
    lay = write("lay.ini", "[page]\nsize = A4\n[body]\nmin = tiny\n")
    r = render(SAMPLE, os.path.join(TMP, "x.pdf"), "--layout", lay)
    expect_error(r, 8, r"lay\.ini:4:1: error: \[body\] min: not a size")
    no_pdfs()


def case_unwritable_output():
    r = render(SAMPLE, "/dev/null/brief.pdf")
    expect_error(r, 10, r"/dev/null/brief\.pdf: error: cannot create the output")
    missing = os.path.join(TMP, "no-such-dir", "brief.pdf")
    r = render(SAMPLE, missing)
    expect_error(r, 10, r"no-such-dir/brief\.pdf: error")
    check(not os.path.exists(os.path.dirname(missing)), "created a directory")


def case_same_path():
    src = os.path.join(TMP, "r.md")
    shutil.copy(SAMPLE, src)
    before = open(src, "rb").read()
    r = render(src, src)
    expect_error(r, 2, r"error: the output would overwrite the input")
    check(open(src, "rb").read() == before, "input changed")


def case_cli():
    r = run([JB, "--help"])
    check(r.returncode == 0 and "render" in r.stdout and "Exit codes" in r.stdout, "--help")
    r = run([JB, "--version"])
    check(r.returncode == 0 and re.match(r"jianbao \d+\.\d+\.\d+\nHarfBuzz \d+\.\d+\.\d+, FreeType \d+\.\d+\.\d+, "
                                         r"libharu \d+\.\d+\.\d+, libdeflate [\d.]+, libunibreak linebreak \d+\.\d+, "
                                         r"libpng [\d.]+, libjpeg-turbo [\d.]+, libexif [\d.]+, "
                                         r"modules built with ICU [\d.]+, libzip [\d.]+, libxml2 [\d.]+\n$", r.stdout),
          f"--version: {r.stdout}")
    check(run([JB]).returncode == 2, "no arguments")
    check(run([JB, "render", SAMPLE, SAMPLE]).returncode == 2, "two inputs")
    check(run([JB, "render", "--bogus", SAMPLE]).returncode == 2, "unknown option")
    # each command's own usage, by `help CMD` and `CMD --help`
    for cmd, needle in [("render", "--outdir"), ("inspect", "--json"), ("import", "REPORT.md"),
                        ("watch", "saved"), ("fonts", "--all")]:
        a, b = run([JB, "help", cmd]), run([JB, cmd, "--help"])
        check(a.returncode == 0 and b.returncode == 0 and a.stdout == b.stdout, f"help {cmd}")
        check(f"usage: jianbao {cmd}" in a.stdout and needle in a.stdout, f"help {cmd}: {a.stdout}")
        check("Commands:" not in a.stdout, f"help {cmd} prints the global help")
    # an unknown command: one line, with a suggestion when one is close
    r = run([JB, "rendr", SAMPLE])
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "did you mean 'render'" in r.stderr, r.stderr)
    r = run([JB, "print", SAMPLE])
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and "commands:" in r.stderr, r.stderr)
    r = run([JB, "help", "nosuch"])
    check(r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr)
    r = run([JB, "help", "help"])
    check(r.returncode == 0 and "Commands:" in r.stdout, "help help: " + r.stderr)
    # options of another command are refused, not ignored
    expect_error(run([JB, "inspect", SAMPLE, "--json", "-j", "2"]), 2, "not a batch")
    expect_error(run([JB, "inspect", SAMPLE]), 2, "give --json")
    expect_error(run([JB, "render", SAMPLE, "--from", "pdf"]), 2, "--from 'pdf'")
    # a body size floor below legibility is refused
    expect_error(run([JB, "render", SAMPLE, "--set", "body.min=6pt", "-o", os.path.join(TMP, "s.pdf")]),
                 8, r"\[body\] min 6\.00 pt is below the legible floor")
    # --quiet: errors only
    src = write("ext.md", open(SAMPLE, encoding="utf-8").read().replace("资溪县", "𠀀溪县", 1))
    r = run([JB, "render", src, "-o", os.path.join(TMP, "q.pdf"), "--allow-missing"])
    check(r.returncode == 0 and "warning" in r.stderr, r.stderr)
    r = run([JB, "render", src, "-o", os.path.join(TMP, "q.pdf"), "--allow-missing", "--quiet", "-v"])
    check(r.returncode == 0 and "warning" not in r.stderr, r.stderr)
    r = run([JB, "render", os.path.join(TMP, "none.md"), "-q"])
    check(r.returncode == 3 and "error" in r.stderr, "--quiet keeps errors")


def case_unknown_key():
    src = write("k.md", "---\ntitle: 标题\nauthor: 某人\n---\n\n正文。\n")
    r = render(src, os.path.join(TMP, "k.pdf"))
    expect_error(r, 5, r"k\.md:3:1: error: front matter: unknown key 'author'")
    no_pdfs()


def case_missing_glyph():
    src = write("g.md", "---\ntitle: 标题\n---\n\n吉祥的\U00030000字和\U0002A6A5字。\n")
    r = render(src, os.path.join(TMP, "g.pdf"))
    expect_error(r, 6, r"g\.md:5:4: error: no font has 2 characters: '\U00030000' U\+30000 at 5:4, "
                 "'\U0002A6A5' U\\+2A6A5 at 5:7", "--allow-missing")
    no_pdfs()
    out = os.path.join(TMP, "g.pdf")
    r = render(src, out, "--allow-missing")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"g\.md:5:4: warning: no font has 2 characters, drawn as □", r.stderr), r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    check("吉祥的□字和□字。" in got, got)


def case_layout_glyph():
    """A character no font has is refused wherever it comes from: here the layout's default
    masthead name (--set), which has no source line, so the message names the layout key."""
    src = write("m.md", "---\ntitle: 标题\n---\n\n正文一段。\n")
    out = os.path.join(TMP, "m.pdf")
    r = render(src, out, "--set", "masthead.name=\U00030000工作简报")
    expect_error(r, 6, r"m\.md: error: no font has 1 character: '\U00030000' U\+30000 at "
                 r"masthead\.name",
                 "--allow-missing")
    no_pdfs()
    r = render(src, out, "--set", "masthead.name=\U00030000工作简报", "--allow-missing")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"m\.md: warning: no font has 1 character, drawn as □: '\U00030000' U\+30000 at "
                    r"masthead\.name", r.stderr), r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    check("□工作简报" in got, got)


def case_title_breaks():
    # Issue 25: a two-line title breaks between phrases or words, never inside a word of the
    # reference segmentation committed in tests/data/titles.tsv (idioms and compounds whole).
    two = 0
    with open(os.path.join(ROOT, "tests", "data", "titles.tsv"), encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]
    check(len(rows) >= 30, f"only {len(rows)} titles")
    for title, ref in rows:
        src = write("title.md", f"---\nmasthead: 工作简报\ntitle: {title}\n---\n\n正文一段。\n")
        r = run([JB, "inspect", src, "--json", "-q"])
        check(r.returncode == 0, f"inspect {title}: {r.stderr}")
        lines = [ln["text"] for ln in json.loads(r.stdout)["lines"] if ln["kind"] == "title"]
        # a space between two phrases stays as one U+3000, and is not drawn where the line breaks
        check(all(ln == ln.strip("\u3000") for ln in lines), f"{title}: a space at an end {lines}")
        lines = [ln.replace("\u3000", "") for ln in lines]
        check("".join(lines) == title.replace(" ", ""), f"{title}: title lines {lines}")
        check(ref.replace(" ", "") == title.replace(" ", ""), f"{title}: reference {ref} differs")
        if len(lines) == 2:
            two += 1
            bounds, at = set(), 0
            for w in ref.split(" "):
                at += len(w)
                bounds.add(at)
            check(len(lines[0]) in bounds, f"{title}: broken inside a word: {' / '.join(lines)}")
    check(two >= 25, f"only {two} of {len(rows)} titles take two lines: the table tests too little")


def case_dash_advance():
    # Issue 25: —— and …… keep two full ems in every font role (song, kai, hei, title, fang), in
    # every shipped layout and the TrueType set: the mark before and the mark after stand 3 em apart,
    # the two dashes (dots) one after the other between them, none over a neighbour.
    src = write("dash.md", "---\nmasthead: 工作简报\ntitle: 青禾县关工委工作总结——2018年度\n---\n\n"
                "全县关工委工作扎实推进——成效明显……各项工作稳步开展。\n\n"
                "## 一、工作成效——2018年度\n\n今年以来各项工作稳步开展，群众满意……\n\n"
                "## 二、经验做法……再接再厉\n\n坚持问题导向，狠抓工作落实。\n")
    layouts = [[], ["--layout", "mono"], ["--layout", "modern"],
               ["--layout", os.path.join(ROOT, "tests", "data", "truetype.ini")]]
    for layout in layouts:
        for role in ("song", "kai", "hei", "title", "fang"):
            r = run([JB, "inspect", src, "--json", "-q", "--set", f"section.font={role}"] + layout)
            check(r.returncode == 0, f"inspect {role} {layout}: {r.stderr}")
            seen = set()
            for ln in json.loads(r.stdout)["lines"]:
                t, x, size = ln["text"], ln["glyph_x_pt"], ln["size_pt"]
                for mark in ("——", "……"):
                    i = t.find(mark)
                    if i <= 0 or i + 2 >= len(t):
                        continue
                    seen.add(("head" if t[:2] in ("一、", "二、") else ln["kind"], mark))
                    what = f"{role} {layout} {ln['kind']} {t!r}"
                    check(x[i + 2] - x[i - 1] >= 3 * size - 0.01,
                          f"{what}: {mark} takes {(x[i + 2] - x[i - 1]) / size - 1:.3f} em, not 2")
                    check(x[i] >= x[i - 1] + size * 0.9 and x[i + 1] >= x[i] + size * 0.5 and
                          x[i + 1] <= x[i + 2] - size * 0.5, f"{what}: {mark} drawn over a neighbour {x}")
            check(("title", "——") in seen and ("head", "——") in seen and ("head", "……") in seen
                  and ("body", "……") in seen, f"{role} {layout}: lines not found: {seen}")


def case_fallback_glyph():
    src = write("f.md", "---\ntitle: 硚口区张喆与李堃的报告\nbyline: 张喆 李堃\n---\n\n"
                "导语一段。\n\n## 一、基本情况\n\n"
                "硚口区关工委张喆、李堃等同志参加活动，共培训学员300多人。\n")
    out = os.path.join(TMP, "f.pdf")
    # GB2312 TrueType faces whose chains name faces of the same style (tests/data/truetype.ini)
    r = render(src, out, "--layout", os.path.join(ROOT, "tests", "data", "truetype.ini"), "-v")
    check(r.returncode == 0, r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    for w in ["硚口区张喆与李堃的报告", "张喆李堃", "硚口区关工委张喆、李堃等同志参加活动，共培训学员300多人。"]:
        check(w in got, f"{w} not extracted: {got}")
    fonts = run(["pdffonts", out]).stdout
    check("NotoSerifCJKsc-Regular" in fonts, "no Song fallback (Noto Serif) embedded:\n" + fonts)
    check("LXGWWenKai" in fonts, "no Kai fallback (WenKai) embedded:\n" + fonts)
    check("Droid" not in fonts, "a sans fallback in Song or Kai text:\n" + fonts)
    # --verbose names each character that fell back and the face that has it
    check(re.search(r"fell back: .*喆 U\+5586 \(kai\) from LXGWWenKai-Regular", r.stderr), r.stderr)
    check(re.search(r"硚 U\+785A \(song\) from NotoSerifCJKsc-Regular", r.stderr), r.stderr)
    # and inspect --json lists them
    import json
    j = json.loads(run([JB, "inspect", src, "--json", "--layout",
                        os.path.join(ROOT, "tests", "data", "truetype.ini")]).stdout)
    fb = {(f["char"], f["role"]): f["face"] for f in j["fallbacks"]}
    check(fb.get(("堃", "kai")) == "LXGWWenKai-Regular", str(fb))
    check(fb.get(("喆", "song")) == "NotoSerifCJKsc-Regular", str(fb))


def case_latin_proportional():
    """English and pinyin inside Chinese paragraphs come from the latin face: their advances
    vary with the letter (no typewriter Latin), and lines reach the measure."""
    import json
    src = os.path.join(ROOT, "tests", "data", "mixed-latin.md")
    r = run([JB, "inspect", src, "--json"])
    check(r.returncode == 0, r.stderr)
    j = json.loads(r.stdout)
    widths = set()
    for ln in j["lines"]:
        xs, text = ln["glyph_x_pt"], ln["text"]
        for k in range(len(xs) - 1):
            # inside a word (letter then letter) no gap stretches: the step is the advance
            if len(text) == len(xs) and text[k] in "ilmw" and text[k + 1].isascii() and \
                    text[k + 1].isalpha():
                widths.add((text[k], round((xs[k + 1] - xs[k]) / ln["size_pt"], 2)))
    adv = {c: sorted(w for d, w in widths if d == c) for c in "ilmw"}
    # one advance per letter, give or take the pair kerning of the Latin face
    check(all(v and v[-1] - v[0] <= 0.05 for v in adv.values()), f"advances: {sorted(widths)}")
    check(max(adv["i"]) < 0.4 and min(adv["m"]) > 0.7, f"Latin advances: {sorted(widths)}")
    for ln in j["lines"]:
        if ln["kind"] == "body" and not ln["last"]:
            check(abs(ln["x1_pt"] - ln["x0_pt"] - j["measure_pt"]) < 0.05 or ln["x0_pt"] > j["left_pt"],
                  f"line not at the measure: {ln['text']}")
            # a break at a word space drops the space: the line ends in its last letter
            check(not ln["text"].endswith(" "), f"line ends in a space: {ln['text']!r}")
            check(ln["text"][-1] not in "（［｛〔〈《「『【〖“‘([{", f"line ends in an opening mark: {ln['text']}")


NO_START = set("，。、；：！？）］｝〕〉》」』】〗”’…—·～%‰,.;:!?)]}")
NO_END = set("（［｛〔〈《「『【〖“‘([{")


def case_title_words():
    """A two-line title breaks between words (ICU's dictionary, loaded only for such titles)."""
    import json
    title = "抚州市资溪县关工委今年认真做好关心下一代工作全面推进基层组织建设取得成效"
    src = write("t.md", f"---\ntitle: {title}\n---\n\n正文一段。\n")
    r = run([JB, "inspect", src, "--json"])
    check(r.returncode == 0, r.stderr)
    lines = [ln["text"] for ln in json.loads(r.stdout)["lines"] if ln["kind"] == "title"]
    check(len(lines) == 2 and "".join(lines) == title, f"title lines {lines}")
    # the balanced break (18 + 18) falls inside 下一代: the upper line takes the whole word
    check(lines[0].endswith("关心下一代") and len(lines[0]) >= len(lines[1]), f"title break {lines}")


def case_inspect_json():
    import json
    r = run([JB, "inspect", SAMPLE, "--json"])
    check(r.returncode == 0, r.stderr)
    page = json.loads(r.stdout)
    _, v = sample_pdf("--verbose")
    check(f"body {page['body_pt']:.2f} pt" in v.stderr, "inspect and render chose different sizes")
    body = [ln for ln in page["lines"] if ln["kind"] == "body"]
    check(len(body) == page["body_lines"], "body line count")
    right = page["left_pt"] + page["measure_pt"]
    text, paras = "", []
    for ln in body:
        t = ln["text"]
        check(t[0] not in NO_START and t[-1] not in NO_END, "kinsoku: " + t)
        check(len(ln["glyph_x_pt"]) == len(t), "one x per glyph: " + t)
        if not ln["last"]:
            check(abs(ln["x1_pt"] - right) < 0.01, f"not flush: {t} ends at {ln['x1_pt']}")
            check(ln["stretch_pt"] <= 0.6 * ln["size_pt"], f"stretched {ln['stretch_pt']}: {t}")
        text += t
        if ln["last"]:
            paras.append(text)
            text = ""
    src = source_parts(SAMPLE)[2:]  # lead and sections: heads run in to their first paragraph
    check(len(paras) == 6, f"{len(paras)} paragraphs")
    check(paras[0] == src[0], "lead differs")
    for p, (head, body_) in zip(paras[1:], zip(src[1::2], src[2::2])):
        check(p == head + body_, "paragraph differs: " + p[:20])
    for ln in body:
        if ln["last"]:
            check(sum(1 for ch in ln["text"] if ch not in NO_START and ch not in NO_END) >= 4,
                  "short last line: " + ln["text"])


def case_normalised_input():
    src = write("ascii.md", "---\ntitle: 江西资溪:五重\n---\n\n关心下一代工作能否作为品牌打造?去年以来,"
                "资溪县关工委以\"党建带关建\"为前提,比上年增长74.2%,在18:30召开(县委)会议.\n")
    out = os.path.join(TMP, "ascii.pdf")
    r = render(src, out)
    check(r.returncode == 0, r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    for w in ["江西资溪：五重", "打造？去年以来，资溪县关工委以“党建带关建”为前提，比上年增长74.2%，在18:30召开（县委）会议。"]:
        check(w in got, f"{w} not in {got}")


def case_rules_refs():
    """Every § the sources, tests and documents cite is a heading of docs/RULES.md, and nothing
    refers to the rule notes the project was planned from (which users never see)."""
    rules = open(os.path.join(ROOT, "docs", "RULES.md"), encoding="utf-8").read()
    heads = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?) ", rules, re.M))
    check({"1", "1.2", "2.2", "6.2", "7.3"} <= heads, f"RULES.md headings: {sorted(heads)}")
    old = "TYPESETTING"  # the notes' name, which must not come back
    files = [os.path.join(ROOT, "README.md")]
    for top in ["src", "tests", "fuzz", "bench", "docs", "layouts", "fonts"]:
        for dirpath, dirs, names in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if d != "golden"]
            files += [os.path.join(dirpath, n) for n in names
                      if n.endswith((".c", ".h", ".py", ".md", ".tsv", ".txt", ".ini", ".sh"))]
    missing, mentions, cited = [], [], 0
    for path in files:
        rel = os.path.relpath(path, ROOT)
        text = open(path, encoding="utf-8").read()
        if os.path.realpath(path) != os.path.realpath(__file__) and old in text:
            mentions.append(rel)
        # § of another standard is written after its name (PDF 32000 §9.6.4)
        for m in re.finditer(r"(?<!PDF 32000 )§(\d+(?:\.\d+)?)", text):
            cited += 1
            if m.group(1) not in heads:
                missing.append(f"{rel}: §{m.group(1)}")
    check(cited > 50, f"only {cited} § references found: is the scan broken?")
    check(not missing, "cited but not a heading of docs/RULES.md: " + ", ".join(missing))
    check(not mentions, f"{old} is mentioned in: " + ", ".join(mentions))


def case_ext_b():
    """Characters above U+FFFF are drawn and extracted exactly when a font has them."""
    src = write("b.md", "---\ntitle: 吉野家的𠮷字\n---\n\n𠮷野家与𩸽鱼，共有300多人参加。\n")
    out = os.path.join(TMP, "b.pdf")
    r = render(src, out, "--layout", os.path.join(ROOT, "tests", "data", "extb.ini"))
    check(r.returncode == 0, r.stderr)
    text = run(["pdftotext", out, "-"]).stdout
    got = re.sub(r"\s+", "", text)
    for w in ["吉野家的𠮷字", "𠮷野家与𩸽鱼，共有300多人参加。"]:
        check(w in got, f"{w} not extracted: {got}")
    rows = run(["pdffonts", out]).stdout.splitlines()[2:]
    check(any("HanaMinB" in row for row in rows), "the Extension B font is not embedded")
    for row in rows:
        check(row.split()[-5:-2] == ["yes", "yes", "yes"], row)
    q = run(["qpdf", "--check", out])
    check(q.returncode == 0, q.stdout)


def case_encodings():
    """GB18030 and UTF-16 files render like the UTF-8 one; BOM + CRLF too; forced encodings."""
    text = open(SAMPLE, encoding="utf-8").read()
    base = os.path.join(TMP, "utf8.pdf")
    check(render(SAMPLE, base).returncode == 0, "utf-8")
    want = open(base, "rb").read()
    for name, data, extra in [
        ("gb18030.md", text.encode("gb18030"), []),
        ("utf16.md", text.encode("utf-16"), []),
        ("bomcrlf.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), []),
        ("forced.md", text.encode("gbk"), ["--encoding", "GBK"]),
    ]:
        src = write(name, data, "wb")
        out = os.path.join(TMP, name + ".pdf")
        r = render(src, out, *extra)
        check(r.returncode == 0, f"{name}: {r.stderr}")
        check(open(out, "rb").read() == want, f"{name} gives another PDF than the UTF-8 file")
    r = render(write("bad.md", text.encode("gbk") + b"\xff\xff\n", "wb"), os.path.join(TMP, "x.pdf"),
               "--encoding", "GBK")
    expect_error(r, 4, r"bad\.md:\d+:\d+: error: bytes that are not GBK \(FF FF")
    r = render(SAMPLE, os.path.join(TMP, "x.pdf"), "--encoding", "KLINGON")
    expect_error(r, 2, r"error: unknown encoding 'KLINGON'")


RAW = os.path.join(ROOT, "samples", "zixi-wuzhong-raw.txt")


def case_import_raw():
    """RULES.md §7.5: the raw article's structure, nothing of the site's tail."""
    r = run([JB, "import", RAW, "--verbose"])
    check(r.returncode == 0, r.stderr)
    rep = r.stdout
    fm, body = re.match(r"---\n(.*?)\n---\n(.*)", rep, re.S).groups()
    for line in ["title: 江西资溪：“五重”做强做优关心下一代工作品牌", "byline: 元新东 卢而康",
                 "date: 2023年7月19日", "source: 人民日报客户端"]:
        check(line in fm.splitlines(), f"front matter lacks {line}:\n{fm}")
    blocks = [b for b in re.split(r"\n\s*\n", body.strip())]
    check(len(blocks[0]) == 98 and blocks[0].startswith("关心下一代工作能否作为品牌打造？")
          and blocks[0].endswith("做强做优了关心下一代工作品牌。"), "lead: " + blocks[0])
    heads = [b[3:] for b in blocks if b.startswith("## ")]
    check(heads == ["重阵地，关工组织遍地开花。", "重作用，“五老”奉献标新立异。", "重活动，帮扶帮教情暖一方。",
                    "重教育，立德树人唱响主题。", "重机制，目标推进异彩纷呈。"], f"heads: {heads}")
    content = "\n".join(l for l in rep.splitlines() if not l.startswith("#"))
    for gone in ["我的订阅", "以上内容为", "快照生成时间", "信息原文地址", "党政齐抓共管", "立机制", "12所",
                 "更多关于", "2024-04-10"]:
        check(gone not in content, f"{gone} was not dropped")
    check("P1 parallel lead phrase" in r.stderr and "left out 27 lines" in r.stderr, r.stderr)
    # each left-out run is named on stderr and as a comment in the report
    for note in [":1-2: note: left out (navigation): • 我的订阅",
                 ":24-50: note: left out (site tail): 以上内容为资讯信息快照"]:
        check(note in r.stderr, f"stderr lacks {note}: {r.stderr}")
    check("#   lines 24-50 (site tail): 以上内容为资讯信息快照" in fm, "no comment for the tail:\n" + fm)
    check(run([JB, "import", RAW, "--quiet"]).stderr == "", "--quiet still reports")
    out = os.path.join(TMP, "r.md")
    r = run([JB, "import", RAW, "-o", out])
    check(r.returncode == 0 and r.stdout == "" and open(out, encoding="utf-8").read() == rep, "-o")


def case_render_raw():
    """render takes the raw article directly; with the masthead fields the sample adds, the
    page is the sample's, byte for byte."""
    a = os.path.join(TMP, "raw.pdf")
    r = render(RAW, a, "--meta", "masthead=关心下一代工作简报", "--meta", "issue=第12期",
               "--meta", "unit=资溪县关工委办公室编")
    check(r.returncode == 0, r.stderr)
    b, _ = sample_pdf()
    check(open(a, "rb").read() == open(b, "rb").read(), "the raw article gives another page")
    r = render(RAW, a, "--meta", "colour=red")
    expect_error(r, 2, r"--meta: unknown key 'colour'")


def case_import_foot():
    """import writes every field render reads back: a report with a 报尾 imported to x.md and
    rendered gives the 报/送/发 rows and 共印…份 of rendering the report itself (the same page)."""
    foot = os.path.join(ROOT, "docs", "example-with-foot.md")
    x = os.path.join(TMP, "x.md")
    r = run([JB, "import", foot, "-o", x])
    check(r.returncode == 0, r.stderr)
    a, b = os.path.join(TMP, "direct.pdf"), os.path.join(TMP, "via-import.pdf")
    check(render(foot, a).returncode == 0 and render(x, b).returncode == 0, "render")

    def foot_rows(pdf):
        text = run(["pdftotext", pdf, "-"]).stdout
        return [ln for ln in text.splitlines() if re.match(r"^(报|送|发)：|^（共印\d+份）$", ln)]

    want = foot_rows(a)
    check(len(want) == 4, f"the example's 报尾: {want}")
    check(foot_rows(b) == want, f"报尾 after import: {foot_rows(b)}, want {want}")
    check(run(["pdftotext", b, "-"]).stdout == run(["pdftotext", a, "-"]).stdout, "page text")


def case_samples():
    """Every sample report renders to one page whose text comes back; every raw sample article
    imports to the sections of its reviewed report and renders too."""
    import glob
    mds = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md")))
    check(len(mds) >= 5, "at least five sample reports")
    for md in mds:
        out = os.path.join(TMP, os.path.basename(md) + ".pdf")
        r = render(md, out)
        check(r.returncode == 0, f"{md}: {r.stderr}")
        # one page, or the pages its front matter lets an issue take and it needs (RULES.md §5.7)
        m = re.search(r"^pages: (\d)$", open(md, encoding="utf-8").read(), re.M)
        want = int(m.group(1)) if m else 1
        check(re.search(rf"^Pages:\s+{want}$", run(["pdfinfo", out]).stdout, re.M),
              f"{md}: {want} page(s)")
        check(run(["qpdf", "--check", out]).returncode == 0, md + ": qpdf")
        got = page_text(out)
        for part in source_parts(md)[2:]:
            check(part in got, f"{md}: not extracted exactly: {part[:20]}")
    txts = sorted(glob.glob(os.path.join(ROOT, "samples", "*.txt")))
    check(len(txts) >= 5, "at least five raw sample articles")
    for txt in txts:
        md = txt[:-4].replace("-raw", "") + ".md"
        r = run([JB, "import", txt])
        check(r.returncode == 0, f"{txt}: {r.stderr}")
        heads = re.findall(r"^## (.*)$", r.stdout, re.M)
        check(heads == re.findall(r"^## (.*)$", open(md, encoding="utf-8").read(), re.M),
              f"{txt} imports other sections than {md}")
        check(render(txt, os.path.join(TMP, "raw.pdf")).returncode == 0, txt)


ISSUE3 = """---
masthead: 关心下一代工作简报
issue: 第3期（总第27期）
unit: 青川县关心下一代工作委员会编
date: 2026-06-18
{contents}---

编者按：暑期将至，各乡镇关工委开展了形式多样的关爱活动，现将部分做法刊发，供各地借鉴。

# 石门镇“五老”志愿者护航暑期安全

byline: 王建国
source: 石门镇关工委

石门镇关工委组织“五老”志愿者42人，深入全镇12个村（社区）开展防溺水宣传，发放资料3600余份。

## 一、巡河值守。

志愿者分成8个巡河小组，在重点水域巡查劝导，累计巡查186次，劝离涉水儿童57人次。

# 青溪乡开办“四点半课堂”

source: 青溪乡关工委

青溪乡关工委联合乡中心校开办“四点半课堂”，聘请退休教师11名，为留守儿童辅导作业，受益学生230余人。

# 县关工委召开上半年工作推进会

6月12日，县关工委召开上半年工作推进会，交流各乡镇经验，部署下半年工作，全县已建成关爱服务站26个。
"""


def page_checks(pdf, page, src):
    """briefcheck's checks on every page (RULES.md §1, §3): no text line starts with a closing
    mark or ends with an opening one, every body line but a paragraph's last flush at the
    measure (an 编者按's two 字 in on each side), fonts embedded and subset with ToUnicode,
    qpdf clean, and the source's texts back from pdftotext in order across the pages."""
    right = page["left_pt"] + page["measure_pt"]
    for ln in page["lines"]:
        t = ln["text"].replace(" ", "")
        if ln["kind"] in ("body", "note", "title", "contents") and t:
            check(t[0] not in NO_START and t[-1] not in NO_END,
                  f"kinsoku on page {ln.get('page', 1)}: {t}")
        if ln["kind"] in ("body", "note") and not ln["last"]:
            edge = right - (2 * ln["size_pt"] if ln["kind"] == "note" else 0)
            check(abs(ln["x1_pt"] - edge) < 0.01,
                  f"not flush on page {ln.get('page', 1)}: {t} ends at {ln['x1_pt']}, not {edge}")
    rows = run(["pdffonts", pdf]).stdout.splitlines()[2:]
    check(rows and all(re.search(r"yes\s+yes\s+yes\s+\d+\s+\d+$", r) for r in rows), f"fonts: {rows}")
    check(run(["qpdf", "--check", pdf]).returncode == 0, f"{pdf}: qpdf --check")
    got, at = page_text(pdf), 0
    for part in source_parts(src)[2:]:
        i = got.find(part, at)
        check(i >= 0, f"{src}: not back in order: {part[:24]} (after {got[at:at + 24]!r})")
        at = i + len(part)


def case_issue_one_page():
    """A report of three items (docs/FORMAT.md "An issue of several items") on one page: the
    three titles in order, each item's sections and figures, the 编者按, one 本期要目 when asked
    for and none when not (RULES.md §5.7)."""
    titles = ["石门镇“五老”志愿者护航暑期安全", "青溪乡开办“四点半课堂”", "县关工委召开上半年工作推进会"]
    for contents in (True, False):
        src = write(f"issue3-{contents}.md", ISSUE3.format(contents="contents: yes\n" if contents else ""))
        out = os.path.join(TMP, f"issue3-{contents}.pdf")
        r = render(src, out)
        check(r.returncode == 0, r.stderr)
        check(re.search(r"^Pages:\s+1$", run(["pdfinfo", out]).stdout, re.M), "one page")
        text = page_text(out)
        check(text.count("本期要目") == (1 if contents else 0), f"本期要目 {text.count('本期要目')} times")
        at = [text.rfind(t) for t in titles]  # the titles over the items (after the contents)
        check(all(a >= 0 for a in at) and at == sorted(at), f"titles out of order: {at}")
        page = inspect_json(src)
        check(page["n_pages"] == 1 and len(page["pages"]) == 1, "one page in inspect")
        items = page["document"]["items"]
        check([i["title"] for i in items] == titles, f"items: {[i['title'] for i in items]}")
        check(items[0]["editor_note"].startswith("暑期将至") and items[0]["byline"] == "王建国" and
              items[1]["source"] == "青溪乡关工委", f"item fields: {items[:2]}")
        check(items[0]["sections"] == 1 and all(i["figures"] for i in items),
              f"sections and figures: {[(i['sections'], i['figures']) for i in items]}")
        check("42人" in items[0]["figures"] and "26个" in items[2]["figures"], items[0]["figures"])
        contents_lines = [ln["text"] for ln in page["lines"] if ln["kind"] == "contents"]
        check(contents_lines == (["本期要目"] + titles if contents else []), f"contents: {contents_lines}")
        check(any(ln["kind"] == "note" and ln["text"].startswith("编者按：") for ln in page["lines"]),
              "no 编者按 line")
        check(not any(ln["kind"] == "folio" for ln in page["lines"]), "a page number on one page")
        page_checks(out, page, src)
    # the box may carry another heading (contents: 目录); a value it does not know is refused
    src = write("issue3-mulu.md", ISSUE3.format(contents="contents: 目录\n"))
    page = inspect_json(src)
    contents_lines = [ln["text"] for ln in page["lines"] if ln["kind"] == "contents"]
    check(contents_lines == ["目录"] + titles, f"contents under 目录: {contents_lines}")
    src = write("issue3-bad.md", ISSUE3.format(contents="contents: 要闻\n"))
    r = render(src)
    check(r.returncode == 5 and "contents must be yes, no or a heading" in r.stderr and "本期导读" in r.stderr,
          r.stderr)
    # a photo in an item stands whole in its place, the issue still on one page
    shutil.copy(os.path.join(ROOT, "samples", "photos", "canguan.jpg"), os.path.join(TMP, "canguan.jpg"))
    src = write("issue3-photo.md", ISSUE3.format(contents="").replace(
        "source: 青溪乡关工委\n", "source: 青溪乡关工委\n\n![退休教师为留守儿童辅导作业](canguan.jpg)\n"))
    page = inspect_json(src)
    check(page["n_pages"] == 1 and len(page.get("photos", [])) == 1, f"photo: {page.get('photos')}")
    caption = [ln for ln in page["lines"] if ln["kind"] == "caption"]
    titles_y = {ln["text"]: ln["baseline_pt"] for ln in page["lines"] if ln["kind"] == "title"}
    check(caption and titles_y[titles[1]] > caption[0]["baseline_pt"] > titles_y[titles[2]],
          "the photo is not under its item's title")


def with_note(src, name, note="此文总结了有关做法，现予刊发，供各单位学习借鉴。"):
    """src with a Markdown 编者按 (a blockquote) between its front matter and its text."""
    text = open(os.path.join(ROOT, src), encoding="utf-8").read()
    i = text.index("\n---\n", 4) + 5
    return write(name, text[:i] + f"\n> 编者按：{note}\n" + text[i:])


def case_note_one_article():
    """One article with its 编者按 keeps the one-article page (RULES.md §5.7): the note above the
    title, clear of the red rule as the title is without it, the body as large as without the note
    but for a step, the spare height shared (not left at the foot), in every layout."""
    noted = with_note("samples/zixi-wuzhong.md", "zixi-note.md")
    layouts = [[]] + [["-l", f] for f in sorted(glob.glob(os.path.join(ROOT, "layouts", "*.ini")))]
    for lo in layouts:
        plain, page = inspect_json(os.path.join(ROOT, "samples", "zixi-wuzhong.md"), *lo), inspect_json(noted, *lo)
        kinds = [ln["kind"] for ln in page["lines"] if ln["kind"] != "masthead"]
        check(kinds[:2] == ["note", "title"], f"{lo}: not the note, then the title: {kinds[:3]}")
        note = [ln for ln in page["lines"] if ln["kind"] == "note"]
        check(note[0]["text"].startswith("编者按：") and note[0]["x0_pt"] > page["left_pt"] + 1.9 * note[0]["size_pt"],
              f"{lo}: note {note[0]['text'][:8]} at {note[0]['x0_pt']}")
        check(page["body_pt"] >= plain["body_pt"] - 0.25, f"{lo}: body {page['body_pt']} pt, {plain['body_pt']} without the note")
        check(abs(page["spare_pt"]) < 1, f"{lo}: {page['spare_pt']} pt left at the foot")
        def clear(p, kind):  # from the masthead's last baseline to the top of the first line of kind
            mast = min(ln["baseline_pt"] for ln in p["lines"] if ln["kind"] == "masthead")
            ln = next(ln for ln in p["lines"] if ln["kind"] == kind)
            return mast - (ln["baseline_pt"] + 0.88 * ln["size_pt"])
        check(clear(page, "note") >= clear(plain, "title") - 0.5,
              f"{lo}: the note {clear(page, 'note'):.1f} pt under the masthead, the title {clear(plain, 'title'):.1f}")
        lead = [ln for ln in page["lines"] if ln["kind"] == "body"]
        check(lead and page["body_lines"] >= 1, f"{lo}: no body")
    r = render(noted, os.path.join(TMP, "zixi-note.pdf"))
    check(r.returncode == 0, r.stderr)
    text = page_text(os.path.join(TMP, "zixi-note.pdf"))
    check(re.sub(r"\s", "", text).find("编者按：此文总结") >= 0, "the note does not read back")


def case_issue_room():
    """An issue's first 编者按 a body line clear of the red rule (RULES.md §5.7), and a short issue
    on one page with its spare height shared as an article's: up to a line above the first item and
    a whole line more between items, not all left at the foot."""
    def clear(p, kind):  # from the masthead's last baseline to the top of the first line of kind
        mast = min(ln["baseline_pt"] for ln in p["lines"] if ln["kind"] == "masthead")
        ln = next(ln for ln in p["lines"] if ln["kind"] == kind)
        return mast - (ln["baseline_pt"] + 0.88 * ln["size_pt"])
    page = inspect_json(write("issue3-room.md", ISSUE3.format(contents="")))
    check(page["lines"][len([ln for ln in page["lines"] if ln["kind"] == "masthead"])]["kind"] == "note",
          "the issue does not open with its 编者按")
    # under the masthead's last line: its descent, the rule 4 mm below, then a body line
    check(clear(page, "note") >= 4 * 72 / 25.4 + page["body_pt"], f"the note {clear(page, 'note'):.1f} pt under the masthead")
    text = open(os.path.join(ROOT, "samples", "issue-two-items.md"), encoding="utf-8").read()
    short = re.sub(r"(来源：[^\n]*\n\n[^\n]*\n)(?:\n[^#编\n][^\n]*\n)+", r"\1", text)
    page = inspect_json(write("issue-short.md", short))
    body = [ln for ln in page["lines"] if ln["kind"] == "body"]
    pitch = body[0]["baseline_pt"] - body[1]["baseline_pt"]
    check(page["n_pages"] == 1 and page["body_pt"] == 16, f"{page['n_pages']} pages at {page['body_pt']} pt")
    check(clear(page, "title") >= 4 * 72 / 25.4 + pitch, f"the title {clear(page, 'title'):.1f} pt under the masthead")
    note = next(ln for ln in page["lines"] if ln["kind"] == "note")
    last = max((ln for ln in body if ln["baseline_pt"] > note["baseline_pt"]), key=lambda ln: -ln["baseline_pt"])
    check(last["baseline_pt"] - note["baseline_pt"] >= 2.9 * pitch,
          f"{last['baseline_pt'] - note['baseline_pt']:.1f} pt between the items, the pitch {pitch:.1f}")


def case_issue_pages():
    """The five-item sample over two pages (its front matter's pages: 2; RULES.md §5.7): page
    numbers right on page 1 and left on page 2, no title or head stranded (each with two lines of
    its text after it on its page), the 报尾 at the foot of page 2 only, the 本期要目's page
    numbers; without the pages it may take it says it needs 2; PDF/A and OFD of both pages."""
    src = os.path.join(ROOT, "samples", "issue-five-items.md")
    out = os.path.join(TMP, "five.pdf")
    r = render(src, out)
    check(r.returncode == 0, r.stderr)
    check(re.search(r"^Pages:\s+2$", run(["pdfinfo", out]).stdout, re.M), "two pages")
    page = inspect_json(src)
    check(page["n_pages"] == 2 and len(page["pages"]) == 2, "two pages in inspect")
    p1, p2 = page["pages"]
    check((p1.get("folio"), p1.get("folio_side"), p2.get("folio"), p2.get("folio_side")) ==
          ("1", "right", "2", "left"), f"page numbers: {p1.get('folio')} {p2.get('folio')}")
    for p in page["pages"]:
        for o in p["opens"]:
            check(o["lines_after"] >= 2, f"stranded on page {p['page']}: {o['kind']} {o['text'][:16]}"
                  f" with {o['lines_after']} lines after it")
    check((p1["foot"], p2["foot"]) == (False, True), "the 报尾 on page 2 only")
    foot = [ln["baseline_pt"] for ln in page["lines"] if ln["kind"] == "foot"]
    body2 = [ln["baseline_pt"] for ln in page["lines"] if ln["kind"] == "body" and ln["page"] == 2]
    check(foot and body2 and max(foot) < min(body2), "the 报尾 is not below page 2's text")
    titles = [o["text"] for p in page["pages"] for o in p["opens"] if o["kind"] == "title"]
    want = [i["title"] for i in page["document"]["items"]]
    check(titles == want, f"titles {titles}, want {want}")
    opens_on = {o["item"]: p["page"] for p in page["pages"] for o in p["opens"] if o["kind"] == "title"}
    nums = [ln["text"] for ln in page["lines"] if ln["kind"] == "contents" and ln["text"].isdigit()]
    check(nums == [str(opens_on[k]) for k in range(5)], f"本期要目 page numbers {nums}, {opens_on}")
    page_checks(out, page, src)
    # without the pages it may take: the error says how many it needs, and no file is left
    text = open(src, encoding="utf-8").read()
    one = write("five-one.md", text.replace("pages: 2\n", ""))
    r = render(one, os.path.join(TMP, "five-one.pdf"))
    expect_error(r, 9, r"five-one\.md: error: the issue does not fit on 1 page: at the floor size "
                 r"of [\d.]+ pt it needs 2 pages", r"--pages 2")
    check(not os.path.exists(os.path.join(TMP, "five-one.pdf")), "a partial PDF")
    r = render(src, os.path.join(TMP, "five-1.pdf"), "--pages", "1")  # --pages wins
    expect_error(r, 9, r"needs 2 pages")
    r = render(one, os.path.join(TMP, "five-one.pdf"), "--pages", "2")
    check(r.returncode == 0 and re.search(r"^Pages:\s+2$", run(["pdfinfo", os.path.join(
        TMP, "five-one.pdf")]).stdout, re.M), r.stderr)
    expect_error(render(one, os.path.join(TMP, "x.pdf"), "--pages", "9"), 2, r"--pages")
    # a batch: a manifest's pages, per brief
    man = write("five.jsonl", json.dumps({"input": one, "pages": 2, "output": "m.pdf"}) + "\n")
    os.makedirs(os.path.join(TMP, "batch"))
    r = run([JB, "render", "--manifest", man, "-d", os.path.join(TMP, "batch"), "-q"])
    check(r.returncode == 0 and re.search(r"^Pages:\s+2$", run(["pdfinfo", os.path.join(
        TMP, "batch", "m.pdf")]).stdout, re.M), f"manifest pages: {r.stderr}")
    # one article too long for a page flows on when --pages lets it, its title on page 1 only
    art = write("long1.md", "---\ntitle: 关于全县关心下一代工作情况的报告\n---\n\n" + "".join(
        f"\n## 第{i}部分工作情况。\n\n" + "全县各级组织认真落实部署，开展专题活动12场，覆盖青少年3000人次。" * 12
        + "\n" for i in range(1, 9)))
    # too long for one page, it says how many it needs at the floor, as an issue does (RULES.md §5.7)
    expect_error(render(art, os.path.join(TMP, "long1.pdf")), 9,
                 r"long1\.md: error: the report does not fit on one page: at the floor size of 9\.00 pt it "
                 r"overflows by \d+ lines; it needs 2 pages", r"hint: render it with --pages 2 \(or \[pages\] count = 2\)")
    # --condense shortens one article on one page: for an issue, or onto pages, the hint says so
    expect_error(render(one, os.path.join(TMP, "five-c.pdf"), "--condense"), 9,
                 r"needs 2 pages", r"--condense shortens one article on one page, not an issue: condense each item")
    art3 = write("long3.md", open(art, encoding="utf-8").read() * 2)
    expect_error(render(art3, os.path.join(TMP, "long3.pdf"), "--pages", "2", "--condense"), 9,
                 r"needs 3 pages", r"--condense shortens an article to one page, not to several")
    expect_error(render(art3, os.path.join(TMP, "long3.pdf"), "--pages", "2"), 9,
                 r"long3\.md: error: the report does not fit on 2 pages: at the floor size of 9\.00 pt it needs 3 pages",
                 r"--pages 3")
    page = inspect_json(art, "--pages", "3")
    check(page["n_pages"] == 2 and [ln["page"] for ln in page["lines"] if ln["kind"] == "title"] == [1],
          f"one article on pages: {page.get('n_pages')}")
    for p in page["pages"]:
        check(all(o["lines_after"] >= 2 for o in p["opens"]), f"stranded on page {p['page']}")
    # a long table in an issue breaks between rows, its header row repeated (RULES.md §9.5)
    towns = ["石门", "青溪", "白沙", "黄河", "长岭", "东坪", "西岭", "南山", "北坡", "中和", "太平", "永兴",
             "安乐", "新民", "和平", "龙泉", "凤凰", "金山", "银湖", "桃源", "柳林", "梅岭", "松坪", "竹园"]
    towns += [t + "东" for t in towns[:20]]
    tbl = write("tbl.md", "---\nmasthead: 工作简报\n---\n\n# 全县关爱活动开展情况统计\n\n上半年情况统计如下。\n\n"
                "| 乡镇 | 活动场次 | 受益人数 |\n|---|---:|---:|\n" +
                "".join(f"| {t}镇 | {100 + 7 * i} | {300 + 11 * i} |\n" for i, t in enumerate(towns)) +
                "\n# 县关工委召开工作推进会\n\n6月12日，县关工委召开上半年工作推进会，部署下半年工作。\n")
    page = inspect_json(tbl, "--pages", "2")
    check(page["n_pages"] == 2, f"the table's issue: {page.get('n_pages')} pages")
    heads = [ln["page"] for ln in page["lines"] if ln["kind"] == "cell" and ln["text"] == "乡镇"]
    check(heads == [1, 2], f"the header row on pages {heads}")
    rows = [(ln["page"], ln["baseline_pt"], ln["text"]) for ln in page["lines"] if ln["kind"] == "cell"]
    got = [t for _, _, t in rows if t.endswith("镇") and t != "乡镇"]
    check(got == [t + "镇" for t in towns], f"rows out of order or lost: {got}")
    for pg, y, t in rows:  # a row's cells on one page, on one baseline
        if t.endswith("镇") and t != "乡镇":
            mates = [x for x in rows if x[0] == pg and abs(x[1] - y) < 0.01]
            check(len(mates) == 3, f"row {t} split: {mates}")
    split = [i for i, t in enumerate(towns) if any(x[2] == t + "镇" and x[0] == 2 for x in rows)][0]
    check(2 <= split <= len(towns) - 2, f"the table breaks before row {split}")
    # one article with photos too long for a page flows on too, its photos whole
    os.makedirs(os.path.join(TMP, "ph"))
    for f in ("canguan.jpg", "xuanjiang.jpg"):
        shutil.copy(os.path.join(ROOT, "samples", "photos", f), os.path.join(TMP, "ph", f))
    text = open(os.path.join(ROOT, "samples", "photos", "huodong-photos.md"), encoding="utf-8").read()
    ph = os.path.join(TMP, "ph", "long.md")
    with open(ph, "w", encoding="utf-8") as f:
        f.write(text + "".join(f"\n## 第{i}部分工作情况。\n\n" + "全县各级组织认真落实部署，开展专题活动12场，"
                               "覆盖青少年3000人次。" * 10 + "\n" for i in range(1, 6)))
    expect_error(render(ph, os.path.join(TMP, "ph", "long.pdf")), 9, r"with its 2 photos", r"--pages")
    page = inspect_json(ph, "--pages", "2")
    check(page["n_pages"] == 2 and len(page["photos"]) == 2, f"photos on pages: {page.get('n_pages')}")
    # a one-page article is the same file whatever --pages allows
    a, b = os.path.join(TMP, "one-a.pdf"), os.path.join(TMP, "one-b.pdf")
    check(render(SAMPLE, a).returncode == 0 and render(SAMPLE, b, "--pages", "3").returncode == 0,
          "the sample with --pages 3")
    check(open(a, "rb").read() == open(b, "rb").read(), "--pages 3 changed a one-page article")
    # PDF/A and OFD carry both pages
    r = render(src, os.path.join(TMP, "five-a.pdf"), "--pdfa")
    check(r.returncode == 0 and re.search(r"^Pages:\s+2$", run(["pdfinfo", os.path.join(
        TMP, "five-a.pdf")]).stdout, re.M), "PDF/A: two pages")
    import zipfile
    r = render(src, os.path.join(TMP, "five.ofd"))
    check(r.returncode == 0, r.stderr)
    with zipfile.ZipFile(os.path.join(TMP, "five.ofd")) as z:
        names = z.namelist()
        doc = z.read("Doc_0/Document.xml").decode()
    check("Doc_0/Pages/Page_0/Content.xml" in names and "Doc_0/Pages/Page_1/Content.xml" in names,
          f"OFD parts: {names}")
    check(doc.count("<ofd:Page ") == 2, "OFD: two pages in Document.xml")


def pdf_strokes(pdf):
    """The straight strokes of a PDF's pages as (width, x0, y0, x1, y1), in drawing order."""
    qdf = pdf + ".qdf"
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    pat = rb"([\d.]+) w\n([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\nS"
    return [tuple(float(v) for v in m) for m in re.findall(pat, open(qdf, "rb").read())]


def case_contents_leaders():
    """The 本期要目 of a two-page issue leads each title to its page number with a leader: evenly
    spaced dots, in the same columns on every entry, from half an em after the title (never
    stretched: set at its natural width) to one column half an em before the widest number; a
    title too long for the line is set smaller and still gets a leader of two dots or more."""
    sample = os.path.join(ROOT, "samples", "issue-five-items.md")
    text = open(sample, encoding="utf-8").read()
    short = "西山县开展青少年法治宣传教育进校园活动"
    check(f"# {short}\n" in text, "the sample's fourth title changed")
    long_src = write("leaders-long.md", text.replace(
        f"# {short}\n", f"# {short}暨“护苗”专项行动启动仪式在县第一中学隆重举行\n"))
    for src, layout in [(sample, "red-header"), (sample, "modern"), (sample, "mono"), (long_src, "red-header")]:
        out = os.path.join(TMP, f"leaders-{layout}.pdf")
        lay = os.path.join(ROOT, "layouts", f"{layout}.ini")
        r = render(src, out, "--layout", lay, "-q")
        check(r.returncode == 0, f"render {layout}: {r.stderr}")
        page = inspect_json(src, "--layout", lay)
        size = page["body_pt"]
        rows = {}
        for ln in page["lines"]:
            if ln["kind"] == "contents" and ln["page"] == 1 and ln["text"] != "本期要目":
                rows.setdefault(ln["baseline_pt"], []).append(ln)
        check(len(rows) == 5, f"{layout}: {len(rows)} contents entries")
        dots = [s for s in pdf_strokes(out) if s[2] == s[4] and abs(s[3] - s[1] - s[0]) < 0.01
                and s[0] < 0.2 * size]
        ends = set()
        for base, lns in rows.items():
            title, num = sorted(lns, key=lambda ln: ln["x0_pt"])
            check(title["stretch_pt"] == 0 and title["shrink_pt"] == 0,
                  f"{layout}: {title['text']} stretched or squeezed")
            mine = sorted(d for d in dots if base < d[2] < base + size)
            check(len(mine) >= (2 if len(title["text"]) > 30 else 10),
                  f"{layout}: {title['text']}: {len(mine)} leader dots")
            steps = {round(b[1] - a[1], 2) for a, b in zip(mine, mine[1:])}
            check(len(steps) == 1, f"{layout}: {title['text']}: dots spaced {steps}")
            check(mine[0][1] >= title["x1_pt"] + 0.5 * size - 0.01,
                  f"{layout}: {title['text']}: dots from {mine[0][1]:.2f}, title ends {title['x1_pt']}")
            check(mine[-1][3] <= num["x0_pt"] - 0.5 * size + 0.01,
                  f"{layout}: dots to {mine[-1][3]:.2f}, number at {num['x0_pt']}")
            ends.add(round(mine[-1][3], 2))
        check(len(ends) == 1, f"{layout}: leaders end in {len(ends)} columns: {ends}")


def case_table_short_row():
    """A GFM row with fewer cells than the header: the missing cell is set empty (an empty cell has
    no text to copy: the sanitizers' build once saw a null pointer there)."""
    src = write("short.md", "---\ntitle: 测试\n---\n\n上半年情况如下。\n\n| 乡镇 | 场次 | 人数 |\n"
                "|---|---:|---:|\n| 石门镇 | 100 | 300 |\n| 龙泉镇 | 49.9 |\n")
    page = inspect_json(src)
    cells = [(c["row"], c["col"], c["text"]) for c in page["tables"][0]["cells"]]
    check(cells[-3:] == [(2, 0, "龙泉镇"), (2, 1, "49.9"), (2, 2, "")], f"cells: {cells}")
    check(render(src, os.path.join(TMP, "short.pdf")).returncode == 0, "the short row")


TABLE_SOURCES = ["samples/tongji-biao.md", "tests/data/tables/tongji-gfm.md",
                 "tests/data/tables/tongji-raw.txt", "tests/data/docx/lo-table.docx"]


def inspect_json(src, *extra):
    r = run([JB, "inspect", src, "--json", "-q"] + list(extra))
    check(r.returncode == 0, f"inspect {src}: {r.stderr}")
    return json.loads(r.stdout)


def case_table_sources():
    """The statistics table of samples/tongji-biao.md (pasted from a spreadsheet) gives the same
    cells, merged header cells included, as a GFM table, as TSV pasted into a raw article and as a
    Word table made by LibreOffice (gridSpan, vMerge, tblHeader)."""
    got = {}
    for src in TABLE_SOURCES:
        page = inspect_json(os.path.join(ROOT, src))
        check(len(page.get("tables", [])) == 1, f"{src}: {len(page.get('tables', []))} tables")
        got[src] = [(c["row"], c["col"], c["rowspan"], c["colspan"], c["header"], c["text"])
                    for c in page["tables"][0]["cells"]]
    want = got[TABLE_SOURCES[0]]
    check(len(want) == 2 * 4 + 10 * 6, f"{len(want)} cells, want 4 + 4 header cells and 10 x 6")
    check(want[1] == (0, 1, 1, 2, True, "地区生产总值"), f"merged header cell: {want[1]}")
    check(want[0] == (0, 0, 2, 1, True, "县（市、区）"), f"header cell over two rows: {want[0]}")
    for src in TABLE_SOURCES[1:]:
        diff = [(a, b) for a, b in zip(want, got[src]) if a != b]
        check(got[src] == want, f"{src}: other cells than the sample: {diff[:3]} "
              f"({len(got[src])} cells)")


def cells_inside(page, cells, label):
    """Checks that no glyph of the cells leaves its cell box; returns the right edges of the body
    lines by column (after the first)."""
    lines = page["lines"]
    right = {}
    for c in cells:
        b = c["box"]
        x0, x1 = b["x_pt"], b["x_pt"] + b["width_pt"]
        y0, y1 = b["y_pt"], b["y_pt"] + b["height_pt"]
        for ln in lines[c["first_line"]:c["first_line"] + c["lines"]]:
            check(ln["kind"] == "cell", f"{c['text']}: a line of kind {ln['kind']}")
            size, base = ln["size_pt"], ln["baseline_pt"]
            glyphs = [ln["x0_pt"] + g for g in ln["glyph_x_pt"]]
            check(all(x0 - 0.01 <= g and g < x1 for g in glyphs) and ln["x1_pt"] <= x1 + 0.01,
                  f"{label}: '{c['text']}' leaves its cell ({x0:.2f}–{x1:.2f}): "
                  f"{ln['x0_pt']}–{ln['x1_pt']}")
            check(base - 0.12 * size >= y0 - 0.01 and base + 0.88 * size <= y1 + 0.01,
                  f"{label}: '{c['text']}' leaves its cell vertically")
            if not c["header"] and c["col"] > 0:
                right.setdefault(c["col"], set()).add(round(ln["x1_pt"], 2))
    return right


def case_word_merged_cells():
    """A Word table made by LibreOffice (tests/data/docx/merged.html): its tblHeader row is the one
    header row, a body cell merged down (vMerge) is one cell spanning rows, taller than one row,
    with its text inside its box; a 会议纪要 form with neither tblHeader nor bold has no header
    row; two tblHeader rows without a merge are both header rows. Through import the tables read
    back the same."""
    src = os.path.join(ROOT, "tests", "data", "docx", "lo-merged.docx")
    page = inspect_json(src)
    check(len(page.get("tables", [])) == 3, f"{len(page.get('tables', []))} tables, want 3")
    cells = page["tables"][0]["cells"]
    head = [c["text"] for c in cells if c["header"]]
    check(head == ["镇", "项目类别", "完成投资（亿元）", "占年度计划"], f"header cells {head}")
    spans = {c["text"]: c for c in cells if c["rowspan"] > 1}
    check(sorted(spans) == ["城关镇", "青江镇"], f"cells spanning rows: {sorted(spans)}")
    for name, rows in (("城关镇", 2), ("青江镇", 3)):
        c = spans.get(name)
        if c is None:
            continue
        check(c["rowspan"] == rows and c["col"] == 0 and not c["header"], f"{name}: {c}")
        below = [d for d in cells if d["col"] == 0 and c["row"] < d["row"] < c["row"] + rows]
        check(not below, f"{name}: cells under its span: {below}")
        one = [d for d in cells if d["row"] == c["row"] and d["col"] == 1][0]
        check(c["box"]["height_pt"] > (rows - 0.5) * one["box"]["height_pt"],
              f"{name}: box {c['box']['height_pt']} pt for {rows} rows")
    check(len(cells) == 4 + 7 * 4 - 3, f"{len(cells)} cells, want 29")
    cells_inside(page, cells, "lo-merged.docx")
    form = page["tables"][1]["cells"]
    check(not any(c["header"] for c in form), "the 会议纪要 form has a header row")
    check([c["text"] for c in form][:2] == ["时间", "2026年6月28日"], f"form {form[:2]}")
    cells_inside(page, form, "lo-merged.docx form")
    two = page["tables"][2]["cells"]
    check([c["text"] for c in two if c["header"]] == ["镇", "新开工", "竣工", "单位", "个", "个"],
          f"two header rows: {[c['text'] for c in two if c['header']]}")
    out = os.path.join(TMP, "merged.md")
    r = run([JB, "import", src, "-o", out])
    check(r.returncode == 0, f"import: {r.stderr}")
    back = inspect_json(out)
    for k in range(3):
        a = [(c["row"], c["col"], c["rowspan"], c["colspan"], c["header"], c["text"])
             for c in page["tables"][k]["cells"]]
        b = [(c["row"], c["col"], c["rowspan"], c["colspan"], c["header"], c["text"])
             for c in back["tables"][k]["cells"]] if len(back.get("tables", [])) > k else []
        check(a == b, f"table {k + 1} after import: {[x for x in zip(a, b) if x[0] != x[1]][:3]}")


def case_table_cells():
    """In every layout: no glyph of a cell outside its cell box; numbers of a column on one right
    edge (tabular digits, decimal points aligned); `pdftotext -layout` gives the rows in order."""
    import glob
    src = os.path.join(ROOT, "samples", "tongji-biao.md")
    for layout in sorted(glob.glob(os.path.join(ROOT, "layouts", "*.ini"))):
        page = inspect_json(src, "--layout", layout)
        right = cells_inside(page, page["tables"][0]["cells"], layout)
        for col, edges in right.items():
            check(len(edges) == 1, f"{layout}: the numbers of column {col} end at {edges}")
    out = os.path.join(TMP, "table.pdf")
    check(render(src, out).returncode == 0, "render")
    text = run(["pdftotext", "-layout", out, "-"]).stdout.splitlines()
    rows = [r for r in table_rows(open(src, encoding="utf-8").read().split("\n\n")[5])][2:]
    at = 0
    for row in rows:
        hits = [k for k, ln in enumerate(text) if ln.split() == row]
        check(hits and hits[0] > at, f"pdftotext -layout: row {row} not in order")
        at = hits[0]


def case_table_too_wide():
    """A table wider than the measure is set one or two 号 smaller; past [table] min the brief is
    refused naming the table, its line and the width its columns need."""
    head = "---\ntitle: 表格测试\n---\n\n导语一段文字，说明下表的情况。\n\n"
    nums = ["1234567.89"] * 7
    fits = write("small.md", head + "| " + " | ".join(["地区"] + ["指标%d" % k for k in range(7)])
                 + " |\n|" + "---|" * 8 + "\n| 东城 | " + " | ".join(nums) + " |\n")
    page = inspect_json(fits)
    cell = [ln for ln in page["lines"] if ln["kind"] == "cell"]
    check(cell and cell[0]["size_pt"] < page["body_pt"],
          f"the wide table at {cell[0]['size_pt'] if cell else '?'} pt, body {page['body_pt']}")
    wide = write("wide.md", head + "| " + " | ".join(["地区"] + ["指标%d" % k for k in range(14)])
                 + " |\n|" + "---|" * 15 + "\n| 东城 | " + " | ".join(["123456789012.5"] * 14)
                 + " |\n")
    r = render(wide, os.path.join(TMP, "wide.pdf"))
    expect_error(r, 9, r"table 1 \(line 7\)", r"need [\d.]+ pt", r"measure is [\d.]+ pt")
    no_pdfs()


def case_batch():
    """50 briefs, one broken: 49 written, the broken one reported, exit non-zero; -j2 gives the
    same bytes as -j1; shards split the list; a manifest names outputs."""
    text = open(SAMPLE, encoding="utf-8").read()
    src = os.path.join(TMP, "in")
    os.mkdir(src)
    for i in range(50):
        body = text.replace("第12期", f"第{i + 1}期").replace("155个", f"{100 + i}个")
        data = body.encode() if i != 17 else body.encode()[:300] + b"\xff\xfe broken"
        open(os.path.join(src, f"r{i:02d}.md"), "wb").write(data)
    outs = {}
    for jobs in ("1", "2"):
        out = os.path.join(TMP, "out" + jobs)
        os.mkdir(out)
        r = run([JB, "render", src, "-d", out, "-j", jobs])
        check(r.returncode == 4, f"-j{jobs}: exit {r.returncode}: {r.stderr[-300:]}")
        check("49 of 50 briefs written; 1 failed" in r.stderr, r.stderr[-300:])
        check(re.search(r"r17\.md:\d+:\d+: error: invalid UTF-8 bytes", r.stderr), r.stderr[-300:])
        files = sorted(os.listdir(out))
        check(len(files) == 49 and "r17.pdf" not in files, f"{len(files)} files: {files[:3]}")
        outs[jobs] = {f: open(os.path.join(out, f), "rb").read() for f in files}
    check(outs["1"] == outs["2"], "-j2 differs from -j1")
    check(len(set(outs["1"].values())) == 49, "briefs are not distinct")
    halves = []
    for k in ("1/2", "2/2"):
        out = os.path.join(TMP, "shard" + k[0])
        os.mkdir(out)
        run([JB, "render", src, "-d", out, "--shard", k])
        halves.append(set(os.listdir(out)))
    check(not (halves[0] & halves[1]) and (halves[0] | halves[1]) == set(outs["1"]), "shards")
    man = write("list.txt", "# two briefs\nin/r01.md first.pdf\nin/r02.md  second\n")
    out = os.path.join(TMP, "man")
    os.mkdir(out)
    r = run([JB, "render", "--manifest", man, "-d", out])
    check(r.returncode == 0 and sorted(os.listdir(out)) == ["first.pdf", "second.pdf"], r.stderr)
    bad = write("bad.txt", "in/r01.md ../escape.pdf\n")
    r = run([JB, "render", "--manifest", bad, "-d", out])
    check(r.returncode == 2 and "not a plain file name" in r.stderr, r.stderr)
    check(not os.path.exists(os.path.join(TMP, "escape.pdf")), "wrote outside -d")


SCHEDULER_VARS = ("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN",
                  "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT",
                  "AWS_BATCH_JOB_ARRAY_INDEX", "PARALLEL_SEQ")


def scheduler_env(**kw):
    """The environment without any scheduler's index, plus kw."""
    env = {k: v for k, v in os.environ.items() if k not in SCHEDULER_VARS}
    env.update({k: str(v) for k, v in kw.items()})
    return env


def small_briefs(folder, n, hostile=None):
    """n small reports r000.md … in folder (a placeholder title each); the index hostile, if any,
    holds bytes that are not text."""
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        body = (f"---\ntitle: 占位标题\n---\n\n本县今年开展第{i + 1}轮专项行动，覆盖{i + 3}个乡镇。\n\n"
                f"## 一、基本情况。\n\n全县共建成服务站点{i + 20}个，服务群众{i + 100}人次。\n")
        data = body.encode()
        if i == hostile:
            data = data[:40] + b"\x00\x01\xff\xfe" + data[40:]
        open(os.path.join(folder, f"r{i:03d}.md"), "wb").write(data)


def results_of(path):
    import json
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def pdfs_in(folder):
    return {f: open(os.path.join(folder, f), "rb").read() for f in os.listdir(folder)
            if f.endswith(".pdf")}


def case_batch_manifest():
    """A JSON Lines manifest of 200 briefs, each with its own masthead, 期号 and title: each PDF
    shows its own; a CSV manifest with quoting; errors name the manifest's line; --results names
    every brief with the fingerprint of --version --json."""
    import json
    small_briefs(os.path.join(TMP, "in"), 200)
    lines = []
    for i in range(200):
        lines.append(json.dumps({"input": f"in/r{i:03d}.md", "output": f"brief-{i:03d}",
                                 "masthead": f"第{i}县工作简报", "issue": f"第{i + 1}期",
                                 "title": f"第{i}县推进专项行动纪实", "unit": f"{i}县办公室编",
                                 "date": "2024-03-01"}, ensure_ascii=False))
    man = write("briefs.jsonl", "\n".join(lines) + "\n")
    out = os.path.join(TMP, "out")
    res = os.path.join(TMP, "results.jsonl")
    r = run([JB, "render", "--manifest", man, "-d", out, "-j2", "--results", res, "-q"])
    check(r.returncode == 0, f"exit {r.returncode}: {r.stderr[-400:]}")
    check(len(pdfs_in(out)) == 200, f"{len(pdfs_in(out))} PDFs")
    for i in range(200):
        text = run(["pdftotext", os.path.join(out, f"brief-{i:03d}.pdf"), "-"]).stdout
        for want in (f"第{i}县工作简报", f"第{i + 1}期", f"第{i}县推进专项行动纪实", f"{i}县办公室编",
                     "2024年3月1日"):
            check(want in text.replace("\n", ""), f"brief {i} lacks {want}: {text[:200]}")
        check("占位标题" not in text, f"brief {i} kept the file's title")
    rows = results_of(res)
    check(len(rows) == 200 and all(x["status"] == "ok" and x["exit_code"] == 0 and
                                   x["reason"] == "ok" and x["pages"] == 1 and x["lines"] > 0 and
                                   x["body_pt"] > 0 and x["message"] is None for x in rows),
          f"results: {rows[:2]}")
    import hashlib
    for x in rows[:20]:
        check(x["sha256"] == hashlib.sha256(open(x["output"], "rb").read()).hexdigest() and
              x["bytes"] == os.path.getsize(x["output"]), f"sha256/bytes of {x}")
    fp = json.loads(run([JB, "--version", "--json"]).stdout)
    check(re.fullmatch(r"[0-9a-f]{64}", fp["fingerprint"]) and fp["fonts"], fp)
    check({x["fingerprint"] for x in rows} == {fp["fingerprint"]}, "results carry another fingerprint")
    other = json.loads(run([JB, "--version", "--json", "-l",
                            os.path.join(ROOT, "layouts", "modern.ini")]).stdout)
    check(other["fingerprint"] != fp["fingerprint"], "a layout does not change the fingerprint")
    # CSV: a header row, a quoted comma, a doubled quote, an empty cell leaves the field alone
    csv = write("briefs.csv", 'input,output,title,issue,condense\n'
                'in/r000.md,a,"甲县，推进""五个一""工程",第1期,false\n\n'
                'in/r001.md,b,"乙县 专项行动",,true\n')
    out2 = os.path.join(TMP, "csv")
    r = run([JB, "render", "--manifest", csv, "-d", out2])
    check(r.returncode == 0, r.stderr)
    a = run(["pdftotext", os.path.join(out2, "a.pdf"), "-"]).stdout.replace("\n", "")
    b = run(["pdftotext", os.path.join(out2, "b.pdf"), "-"]).stdout.replace("\n", "")
    check("甲县，推进“五个一”工程" in a and "第1期" in a, a)
    check("乙县" in b and "专项行动" in b and "期" not in b.split("乙县")[0], b)
    # a brief's own layout: opened once for the batch; one that cannot be read fails its brief alone
    modern = os.path.join(ROOT, "layouts", "modern.ini")
    lay = write("lay.jsonl", json.dumps({"input": "in/r000.md", "output": "m", "layout": modern}) + "\n" +
                json.dumps({"input": "in/r001.md", "output": "n", "layout": "nope.ini"}) + "\n" +
                json.dumps({"input": "in/r002.md", "output": "d"}) + "\n")
    r = run([JB, "render", "--manifest", lay, "-d", os.path.join(TMP, "lay"), "--results", "-"])
    check(r.returncode == 8 and "2 of 3 briefs written" in r.stderr, r.stderr)
    rows = {os.path.basename(x["output"]): x for x in map(json.loads, r.stdout.splitlines())}
    check(rows["n.pdf"]["reason"] == "layout" and "manifest" in rows["n.pdf"]["hint"], rows["n.pdf"])
    check(rows["m.pdf"]["fingerprint"] == other["fingerprint"] and
          rows["d.pdf"]["fingerprint"] == fp["fingerprint"], "a brief's layout is not in its fingerprint")
    # scraped articles without a title line: refused alone, rescued by the manifest's title
    art = write("in/untitled.txt", "今年以来，我县扎实推进安全生产专项整治，全县共排查企业4850家，整改隐患1.36万项。\n\n"
                "下一步，将持续深化重点行业领域专项整治，强化执法检查和考核问责。\n")
    expect_error(render(art, os.path.join(TMP, "untitled.pdf")), 5, "no title line")
    r = run([JB, "render", "--manifest", write("t.jsonl", '{"input": "in/untitled.txt", "title": "我县安全生产专项整治取得实效"}\n'),
             "-d", out2])
    check(r.returncode == 0, r.stderr)
    text = run(["pdftotext", os.path.join(out2, "untitled.pdf"), "-"]).stdout
    check("我县安全生产专项整治取得实效" in text and "4850家" in text, text)
    # errors name the manifest and the line
    for name, text, needle in [
            ("e1.jsonl", '{"input": "in/r000.md"}\n{"input": "in/r001.md", "titel": "x"}\n',
             r"e1\.jsonl:2:(\d+:)? error: unknown field 'titel'"),
            ("e2.jsonl", '{"input": "in/r000.md"}\n\n{"input": "in/r001.md",\n',
             r"e2\.jsonl:3:(\d+:)? error: this line is not valid JSON"),
            ("e3.jsonl", '{"input": "in/r000.md", "date": "2024-02-30"}\n',
             r"e3\.jsonl:1:(\d+:)? error: date '2024-02-30' is no such date"),
            ("e4.jsonl", '{"input": "in/r000.md", "output": "../x"}\n',
             r"e4\.jsonl:1:(\d+:)? error: output '\.\./x' is not a plain file name"),
            ("e5.csv", 'input,title\nin/r000.md,a\nin/r001.md,b,c\n',
             r"e5\.csv:3:(\d+:)? error: this row has 3 cells; the header names 2 columns"),
            ("e6.csv", 'input,masthaed\nin/r000.md,a\n', r"e6\.csv:1:(\d+:)? error: unknown field 'masthaed'"),
            ("e7.csv", 'title\nx\n', r"e7\.csv:1:(\d+:)? error: the header row has no 'input' column"),
            ("e10.csv", 'input,title\nin/r000.md,a\n\n"in/r001.md","two\nlines"\n',
             r"e10\.csv:4:(\d+:)? error: the value of 'title' holds a line break"),
            ("e11.csv", 'input,title\nin/r000.md,"open\n', r"e11\.csv:2:(\d+:)? error: broken CSV"),
            ("e8.jsonl", '{"input": "in/r000.md", "pages": 9}\n', r"e8\.jsonl:1:(\d+:)? error: pages '9' is not a number from 1 to 8"),
            ("e9.jsonl", '{"title": "x"}\n', r"e9\.jsonl:1:(\d+:)? error: this brief has no input")]:
        r = run([JB, "render", "--manifest", write(name, text), "-d", os.path.join(TMP, "bad")])
        expect_error(r, 2, needle)
    check(not os.path.exists(os.path.join(TMP, "bad")), "a refused manifest wrote")


def case_batch_shards():
    """Simulated schedulers: four Kubernetes workers (JOB_COMPLETION_INDEX=0..3, --shard auto
    --shards 4) and a Slurm array --array=1-4 (--shard auto alone) each write exactly the briefs
    of one unsharded run, byte-identical, none twice; a shard does not depend on the locale;
    --skip-existing after deleting 5 outputs renders exactly those 5."""
    src = os.path.join(TMP, "in")
    small_briefs(src, 40)
    for name in ("B.md", "a.md", "_c.md", "ä.md", "Z.md"):  # collation orders these otherwise
        shutil.copy(os.path.join(src, "r000.md"), os.path.join(src, name))
    whole = os.path.join(TMP, "whole")
    r = run([JB, "render", src, "-d", whole, "-j2"], env=scheduler_env())
    check(r.returncode == 0, r.stderr)
    want = pdfs_in(whole)
    check(len(want) == 45, f"{len(want)} PDFs")

    def workers(name, envs, extra):
        """Runs one worker per env at once, each into its own folder; the PDFs by folder."""
        procs = []
        for i, env in enumerate(envs):
            out = os.path.join(TMP, f"{name}{i}")
            procs.append((out, subprocess.Popen(
                [JB, "render", src, "-d", out, "-j1", "--shard", "auto", "-q",
                 "--results", out + ".jsonl"] + extra, env=env, stderr=subprocess.PIPE, text=True)))
        got = []
        for out, p in procs:
            err = p.communicate(timeout=120)[1]
            check(p.returncode == 0, f"{name}: exit {p.returncode}: {err}")
            got.append(pdfs_in(out))
        return got

    k8s = workers("k8s", [scheduler_env(JOB_COMPLETION_INDEX=i) for i in range(4)], ["--shards", "4"])
    slurm = workers("slurm", [scheduler_env(SLURM_ARRAY_TASK_ID=i, SLURM_ARRAY_TASK_MIN=1,
                                            SLURM_ARRAY_TASK_MAX=4, SLURM_ARRAY_TASK_COUNT=4)
                              for i in range(1, 5)], [])
    for name, got in (("kubernetes", k8s), ("slurm", slurm)):
        names = [f for g in got for f in g]
        check(len(names) == len(set(names)), f"{name}: a brief written twice")
        merged = {f: b for g in got for f, b in g.items()}
        check(merged == want, f"{name}: the shards differ from the unsharded run")
        check(all(g for g in got), f"{name}: an empty shard")
    check([sorted(g) for g in k8s] == [sorted(g) for g in slurm], "Kubernetes and Slurm split differently")
    # a shard is inputs K, K+N, … of the inputs in byte order, whatever the locale
    order = sorted(os.path.basename(f).encode() for f in os.listdir(src))
    want1 = sorted(n.decode()[:-3] + ".pdf" for n in order[0::4])
    # a locale whose collation orders the names otherwise (made here: localedef, Debian's locales)
    locdir = os.path.join(TMP, "locale")
    os.mkdir(locdir)
    made = run(["localedef", "-i", "en_US", "-f", "UTF-8", os.path.join(locdir, "en_US.UTF-8")]) \
        if shutil.which("localedef") else None
    envs = [scheduler_env(LC_ALL="C"), scheduler_env(LC_ALL="C.UTF-8")]
    if made is not None and os.path.isdir(os.path.join(locdir, "en_US.UTF-8")):
        en = scheduler_env(LOCPATH=locdir, LC_ALL="en_US.UTF-8", LANG="en_US.UTF-8")
        collated = run([sys.executable, "-c", "import locale, sys; locale.setlocale(locale.LC_ALL, '');"
                        "print(' '.join(sorted(sys.argv[1:], key=locale.strxfrm)))"] + sorted(os.listdir(src)),
                       env=en).stdout.split()
        check(collated and collated != sorted(os.listdir(src)), f"en_US collates as bytes: {collated[:6]}")
        envs.append(en)
    else:
        print("note: localedef could not make en_US.UTF-8; the shards were compared under C only")
    for env in envs:
        out = os.path.join(TMP, "loc-" + env["LC_ALL"])
        r = run([JB, "render", src, "-d", out, "--shard", "1/4"], env=env)
        check(r.returncode == 0 and sorted(pdfs_in(out)) == want1,
              f"{env['LC_ALL']}: {sorted(pdfs_in(out))}")
    # files named one by one, in another order (a shell's glob follows the locale): the same shard
    files = sorted(os.listdir(src), key=lambda f: (len(f), f[::-1]))
    out = os.path.join(TMP, "listed")
    r = run([JB, "render", "-d", out, "--shard", "1/4"] + [os.path.join(src, f) for f in files],
            env=scheduler_env())
    check(r.returncode == 0 and sorted(pdfs_in(out)) == want1, f"listed: {sorted(pdfs_in(out))}")
    # GNU parallel's PARALLEL_SEQ and AWS Batch's index
    out = os.path.join(TMP, "par")
    run([JB, "render", src, "-d", out, "--shard", "auto", "--shards", "4"], env=scheduler_env(PARALLEL_SEQ=1))
    check(sorted(pdfs_in(out)) == want1, "PARALLEL_SEQ=1 is not shard 1")
    out = os.path.join(TMP, "aws")
    run([JB, "render", src, "-d", out, "--shard", "auto", "--shards", "4"],
        env=scheduler_env(AWS_BATCH_JOB_ARRAY_INDEX=0))
    check(sorted(pdfs_in(out)) == want1, "AWS_BATCH_JOB_ARRAY_INDEX=0 is not shard 1")
    # more workers than briefs: the last ones have nothing to do, and that is no failure
    r = run([JB, "render", src, "-d", os.path.join(TMP, "idle"), "--shard", "auto", "--shards", "50",
             "--results", "-"], env=scheduler_env(JOB_COMPLETION_INDEX=49))
    check(r.returncode == 0 and r.stdout == "" and "0 of 0 briefs written" in r.stderr, r.stderr)
    expect_error(run([JB, "render", src, "-d", out, "--shard", "50/50"]), 2, "leaves none of the 45")
    # the refusals say what to do
    expect_error(run([JB, "render", src, "-d", out, "--shard", "auto"], env=scheduler_env()), 2,
                 r"--shard auto: no worker index in the environment", "--shard K/N")
    expect_error(run([JB, "render", src, "-d", out, "--shard", "auto"],
                     env=scheduler_env(JOB_COMPLETION_INDEX=0)), 2,
                 r"JOB_COMPLETION_INDEX gives the index but not the number of workers", "--shards N")
    expect_error(run([JB, "render", src, "-d", out, "--shard", "auto", "--shards", "4"],
                     env=scheduler_env(JOB_COMPLETION_INDEX=4)), 2, r"worker 4 \(from 0\) of only 4")
    expect_error(run([JB, "render", src, "-d", out, "--shard", "0/4"]), 2,
                 r"shards are numbered from 1", r"--shard i\+1/N", "--shard auto")
    expect_error(run([JB, "render", src, "-d", out, "--shards", "4"]), 2,
                 r"--shards goes with --shard auto")
    # --skip-existing: delete 5, re-run: exactly those 5 rendered, the same bytes
    gone = sorted(want)[3:8]
    for f in gone:
        os.remove(os.path.join(whole, f))
    res = os.path.join(TMP, "again.jsonl")
    r = run([JB, "render", src, "-d", whole, "-j2", "--skip-existing", "--results", res],
            env=scheduler_env())
    check(r.returncode == 0 and "5 of 45 briefs written; 40 up to date" in r.stderr, r.stderr)
    rows = results_of(res)
    done = sorted(os.path.basename(x["output"]) for x in rows if x["status"] == "ok")
    check(done == gone, f"rendered {done}, deleted {gone}")
    check(sum(x["status"] == "skipped" for x in rows) == 40 and len(rows) == 45, "skipped count")
    check(len({x["fingerprint"] for x in rows}) == 1 and rows[0]["fingerprint"], "a line without the fingerprint")
    check(all(x["sha256"] for x in rows), "a skipped brief without the hash of its PDF")
    check(pdfs_in(whole) == want, "the re-rendered PDFs differ")
    # an input saved after its PDF is rendered again
    os.utime(os.path.join(src, "r010.md"))
    r = run([JB, "render", src, "-d", whole, "--skip-existing", "--results", "-"], env=scheduler_env())
    import json
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    check([os.path.basename(x["input"]) for x in rows if x["status"] == "ok"] == ["r010.md"], r.stdout[:300])


def case_batch_hostile():
    """One hostile input among 50: the other 49 written, the exit code that of the failure, and
    its results line names it with its reason code, place and message."""
    src = os.path.join(TMP, "in")
    small_briefs(src, 50, hostile=17)
    out = os.path.join(TMP, "out")
    res = os.path.join(TMP, "res.jsonl")
    r = run([JB, "render", src, "-d", out, "-j2", "--results", res], env=scheduler_env())
    check(r.returncode == 4 and "49 of 50 briefs written; 1 failed" in r.stderr, r.stderr[-300:])
    check(len(pdfs_in(out)) == 49 and "r017.pdf" not in pdfs_in(out), sorted(pdfs_in(out))[:3])
    rows = results_of(res)
    check(len(rows) == 50, f"{len(rows)} results")
    bad = [x for x in rows if x["status"] != "ok"]
    check(len(bad) == 1, bad)
    b = bad[0]
    check(b["input"].endswith("r017.md") and b["status"] == "failed" and b["exit_code"] == 4 and
          b["reason"] == "encoding" and b["message"] and b["line"] and b["sha256"] is None and
          b["pages"] is None and b["hint"], b)
    check(not os.path.exists(os.path.join(out, "r017.pdf")), "a partial PDF")
    # a batch that cannot start (its layout): every brief has its failed line, with the reason
    r = run([JB, "render", src, "-d", out, "-l", os.path.join(TMP, "nope.ini"), "--results", res],
            env=scheduler_env())
    rows = results_of(res)
    check(r.returncode == 8 and len(rows) == 50 and
          all(x["status"] == "failed" and x["reason"] == "layout" and x["exit_code"] == 8 for x in rows),
          f"{r.returncode}: {rows[:1]}")


def case_deploy_recipes():
    """The commands of docs/deploy/ run as four simulated workers each — the Kubernetes Indexed
    Job's, the Slurm array script, the GNU parallel line — and write exactly the briefs of one
    unsharded run, byte-identical, none twice, all with one fingerprint; yamllint passes the
    Kubernetes manifest."""
    import json
    import yaml
    deploy = os.path.join(os.path.abspath(ROOT), "docs", "deploy")
    data = os.path.join(TMP, "data")
    small_briefs(os.path.join(data, "in", "in"), 12)
    man = os.path.join(data, "in", "briefs.jsonl")
    with open(man, "w", encoding="utf-8") as f:
        for i in range(12):
            f.write(json.dumps({"input": f"in/r{i:03d}.md", "issue": f"第{i + 1}期"},
                               ensure_ascii=False) + "\n")
    bindir = os.path.join(TMP, "bin")  # `jianbao` on PATH, as installed
    os.mkdir(bindir)
    os.symlink(os.path.abspath(JB), os.path.join(bindir, "jianbao"))
    whole = os.path.join(TMP, "whole")
    r = run([JB, "render", "--manifest", man, "-d", whole], env=scheduler_env())
    check(r.returncode == 0, r.stderr)
    want = pdfs_in(whole)
    fp = json.loads(run([JB, "--version", "--json"]).stdout)["fingerprint"]

    def check_run(name, out, results):
        got = pdfs_in(out)
        check(got == want, f"{name}: {sorted(got)} differ from the unsharded run")
        rows = [json.loads(l) for res in results for l in open(res, encoding="utf-8")]
        outs = [x["output"] for x in rows]
        check(len(outs) == len(want) == len(set(outs)), f"{name}: a brief twice or missing")
        check({x["fingerprint"] for x in rows} == {fp}, f"{name}: fingerprints")

    # Kubernetes: the container's command, /data standing for the volume
    job = yaml.safe_load(open(os.path.join(deploy, "kubernetes-job.yaml"), encoding="utf-8"))
    check(job["apiVersion"] == "batch/v1" and job["kind"] == "Job", "not a batch/v1 Job")
    spec = job["spec"]
    check(spec["completionMode"] == "Indexed" and spec["template"]["spec"]["restartPolicy"] == "Never",
          spec)
    cmd = spec["template"]["spec"]["containers"][0]["command"]
    check(cmd[:2] == ["sh", "-c"] and f"--shards {spec['completions']}" in cmd[2], cmd)
    line = cmd[2].replace("/data", data)
    procs = [subprocess.Popen(["sh", "-c", line], env=scheduler_env(
        JOB_COMPLETION_INDEX=i, PATH=bindir + ":" + os.environ["PATH"]), stderr=subprocess.PIPE, text=True)
        for i in range(spec["completions"])]
    for p in procs:
        err = p.communicate(timeout=120)[1]
        check(p.returncode == 0, f"kubernetes worker: {err}")
    check_run("kubernetes", os.path.join(data, "out"),
              [os.path.join(data, "out", f"results-{i}.jsonl") for i in range(spec["completions"])])
    # Slurm: the script, from the folder holding briefs.jsonl, for each task of its --array
    script = os.path.join(deploy, "slurm-array.sh")
    m = re.search(r"^#SBATCH --array=(\d+)-(\d+)$", open(script).read(), re.M)
    lo, hi = int(m.group(1)), int(m.group(2))
    work = os.path.join(TMP, "slurm")
    shutil.copytree(os.path.join(data, "in"), work)
    for task in range(lo, hi + 1):
        r = run(["bash", script], cwd=work, env=scheduler_env(
            SLURM_ARRAY_TASK_ID=task, SLURM_ARRAY_TASK_MIN=lo, SLURM_ARRAY_TASK_MAX=hi,
            SLURM_ARRAY_TASK_COUNT=hi - lo + 1, SLURM_CPUS_PER_TASK=1,
            PATH=bindir + ":" + os.environ["PATH"]))
        check(r.returncode == 0, f"slurm task {task}: {r.stderr}")
    check_run("slurm", os.path.join(work, "out"),
              [os.path.join(work, "out", f"results-{t}.jsonl") for t in range(lo, hi + 1)])
    # GNU parallel: the line of docs/deploy/README.md, {} and PARALLEL_SEQ as parallel sets them
    readme = open(os.path.join(deploy, "README.md"), encoding="utf-8").read()
    line = re.search(r"^parallel -j4 (jianbao render .*) ::: 1 2 3 4$", readme, re.M).group(1)
    work = os.path.join(TMP, "parallel")
    shutil.copytree(os.path.join(data, "in"), work)
    os.mkdir(os.path.join(work, "out"))
    for seq in (1, 2, 3, 4):
        r = run(["sh", "-c", line.replace("{}", str(seq))], cwd=work, env=scheduler_env(
            PARALLEL_SEQ=seq, PATH=bindir + ":" + os.environ["PATH"]))
        check(r.returncode == 0, f"parallel job {seq}: {r.stderr}")
    check_run("parallel", os.path.join(work, "out"),
              [os.path.join(work, "out", f"results-{t}.jsonl") for t in (1, 2, 3, 4)])
    # the Kubernetes API's schema (python3-kubernetes): the manifest, and one with a misspelt key
    checker = os.path.join(deploy, "check-kubernetes.py")
    pythons = [p for p in (sys.executable, "/usr/bin/python3")
               if os.path.exists(p) and run([p, "-c", "import kubernetes, yaml"]).returncode == 0]
    if pythons:
        r = run([pythons[0], checker, os.path.join(deploy, "kubernetes-job.yaml")])
        check(r.returncode == 0 and "a valid batch/v1 Job" in r.stdout, r.stdout + r.stderr)
        bad = write("bad-job.yaml", open(os.path.join(deploy, "kubernetes-job.yaml")).read()
                    .replace("completionMode:", "completionMod:"))
        r = run([pythons[0], checker, bad])
        check(r.returncode == 1 and ".spec.completionMod: not in the schema" in r.stdout, r.stdout)
    else:
        print("note: python3-kubernetes is not installed; the manifest was not checked against the schema")
    if shutil.which("yamllint"):
        r = run(["yamllint", "-s", "-d", "{extends: default, rules: {line-length: {max: 100}, "
                 "document-start: disable}}", os.path.join(deploy, "kubernetes-job.yaml")])
        check(r.returncode == 0, r.stdout)
    else:
        print("note: yamllint is not installed; the manifest's structure was checked only")


def case_bad_numbers():
    """Numbers on the command line are read strictly: junk, zero, signs and trailing letters are
    exit 2 naming the option and the value, with a hint; --max-input takes K and M; a missing
    manifest is exit 3."""
    out = os.path.join(TMP, "x.pdf")
    for args, opt, value in [(["-j", "abc"], "-j/--jobs", "abc"), (["--jobs", "0"], "-j/--jobs", "0"),
                             (["-j", "4x"], "-j/--jobs", "4x"), (["--jobs", "-2"], "-j/--jobs", "-2"),
                             (["--max-input", "abc"], "--max-input", "abc"),
                             (["--max-input", "-1"], "--max-input", "-1"),
                             (["--max-input", "0"], "--max-input", "0"),
                             (["--max-input", "2MB"], "--max-input", "2MB"),
                             (["--shard", "1/2x"], "--shard", "1/2x"),
                             (["--shard", "3/2"], "--shard", "3/2")]:
        r = run([JB, "render", SAMPLE, "-o", out] + args) if opt != "--shard" else \
            run([JB, "render", SAMPLE, "-d", TMP] + args)
        expect_error(r, 2, re.escape(f"error: {opt} '{value}'"))
        no_pdfs()
    r = render(SAMPLE, out, "--max-input", "2K")  # the sample is above 2 KiB
    expect_error(r, 3, r"above the limit of 2048 bytes")
    r = render(SAMPLE, out, "--max-input", "512K", "-j", "3")
    check(r.returncode == 0 and os.path.exists(out), r.stderr)
    os.unlink(out)
    r = run([JB, "render", "--manifest", os.path.join(TMP, "nope.txt"), "-d", TMP])
    expect_error(r, 3, r"nope\.txt: error: cannot open the manifest")


def case_umask_batch():
    """Threads never touch the umask: a 50-brief batch at -j 8 under umask 077, five times, gives
    mode 0600 to every PDF and leaves no temporary file (output.c once set the umask to 0 and back
    from each worker, and a batch could end with umask 000 and 0666 PDFs)."""
    import glob
    import stat
    samples = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md")))
    src = os.path.join(TMP, "in")
    os.mkdir(src)
    for i in range(50):
        shutil.copy(samples[i % len(samples)], os.path.join(src, f"b{i:02d}.md"))
    mine = os.umask(0o022)
    os.umask(mine)
    for round in range(5):
        out = os.path.join(TMP, f"out{round}")
        os.mkdir(out)
        r = run([JB, "render", src, "-d", out, "-j", "8"], preexec_fn=lambda: os.umask(0o077))
        check(r.returncode == 0, f"round {round}: exit {r.returncode}: {r.stderr[-300:]}")
        files = sorted(os.listdir(out))
        check(len(files) == 50 and all(f.endswith(".pdf") for f in files), f"round {round}: {files}")
        modes = {f: stat.S_IMODE(os.stat(os.path.join(out, f)).st_mode) for f in files}
        wrong = {f: oct(m) for f, m in modes.items() if m != 0o600}
        check(not wrong, f"round {round}: not 0600 under umask 077: {wrong}")
    now = os.umask(mine)
    check(now == mine, f"the test's umask changed: {oct(mine)} -> {oct(now)}")
    # The race above shows only now and then; where strace works, check the cause directly:
    # no thread of a batch calls umask() at all.
    log = os.path.join(TMP, "strace.log")
    out = os.path.join(TMP, "traced")
    os.mkdir(out)
    if shutil.which("strace") and run(["strace", "-o", log, "true"]).returncode == 0:
        env = dict(os.environ)  # LeakSanitizer cannot run under ptrace (the ASan build)
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
        r = run(["strace", "-f", "-qq", "-e", "trace=umask", "-o", log,
                 JB, "render", src, "-d", out, "-j", "8"], env=env)
        check(r.returncode == 0, r.stderr[-300:])
        calls = open(log).read()
        check("umask(" not in calls, f"the batch called umask: {calls[:200]}")
    else:
        print("note: no working strace, umask calls not traced")


def case_regressions():
    import glob
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "regress", "*.md")))
    check(files, "no regression inputs")
    for md in files:
        if os.path.basename(md) == "README.md":
            continue
        out = os.path.join(TMP, os.path.basename(md) + ".pdf")
        r = render(md, out)
        check(r.returncode == 0, f"{md}: {r.stderr}")
        check(run(["qpdf", "--check", out]).returncode == 0, md)



def case_fit_least_indent():
    """The fit's bound on the fewest lines (layout_fit.c least_lines) counts each paragraph's own
    first-line indent: none for a table's centred title and its flush note. Counting 2 em for
    every paragraph refused, in the modern layout, a brief that fits at the floor ("overflows by
    0 lines"), and set the other (red-header) a step below the size that fits (10.75 pt, not 11)."""
    import json
    data = os.path.join(ROOT, "tests", "data", "fit")
    out = os.path.join(TMP, "least-indent.pdf")
    r = render(os.path.join(data, "least-indent.md"), out, "-l", "modern")
    check(r.returncode == 0, r.stderr)
    check(run(["qpdf", "--check", out]).returncode == 0, out)
    j = json.loads(run([JB, "inspect", os.path.join(data, "least-indent-2.md"), "--json"]).stdout)
    check(abs(j["body_pt"] - 11) < 1e-6, f"body {j['body_pt']} pt, not 11")


ARTICLES = os.path.join(ROOT, "tests", "data", "articles")


def canon(text):
    """Letters, digits and Han only: what survives punctuation normalising and line breaking."""
    return "".join(c for c in text if c.isalnum())


def left_out_lines(stderr):
    """The input lines the stderr report names (file:12: and file:12-15: notes)."""
    got = set()
    for m in re.finditer(r":(\d+)(?:-(\d+))?(?::\d+)?: note: left out", stderr):
        a = int(m.group(1))
        got.update(range(a, int(m.group(2) or a) + 1))
    return got


def case_untitled():
    """No title anywhere (RULES.md §7.7): a raw article, a Markdown answer and a Word document are
    refused naming the suggested title; --title auto takes it with a warning; --meta title=
    rescues every kind, a .docx included; inspect shows the suggestion."""
    import json
    import zipfile
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paras = ["今年以来，北岭县坚持把发展壮大村级集体经济作为乡村振兴的重要抓手，全县村级集体经济收入稳步增长。",
             "一是盘活资源资产。清理核实集体资产128个。", "二是发展特色产业。新发展茶叶1200亩。"]
    doc = os.path.join(TMP, "untitled.docx")
    with zipfile.ZipFile(doc, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document %s><w:body>%s</w:body>'
                   '</w:document>' % (w, "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % p for p in paras)))
    md = write("untitled.md", "### 一、盘活资源\n\n- 清理核实集体资产128个。\n\n### 二、发展产业\n\n新发展茶叶1200亩。\n")
    txt = os.path.join(ARTICLES, "04-no-title.txt")
    out = os.path.join(TMP, "untitled.pdf")
    for path, what, suggested in ((txt, "the article has no title line", "北岭县坚持把发展壮大村级集体经济作为乡村振兴的重要抓手"),
                                  (doc, "the Word document has no title", "北岭县坚持把发展壮大村级集体经济作为乡村振兴的重要抓手"),
                                  (md, "the report has no title", "untitled")):
        name = re.escape(os.path.basename(path))
        if os.path.exists(out):
            os.remove(out)
        expect_error(render(path, out), 5, f"{name}: error: {what} \\(suggested: 「{suggested}」\\)",
                     "--title auto", r"--meta title=")
        check(not os.path.exists(out), "a refused brief left a file")
        r = render(path, out, "--title", "auto")
        check(r.returncode == 0 and f"warning: {what}; took the suggested title 「{suggested}」" in r.stderr,
              r.stderr)
        check(suggested in pdf_text(out), pdf_text(out))
        r = render(path, out, "--meta", "title=北岭县村级集体经济持续壮大")
        check(r.returncode == 0 and "北岭县村级集体经济持续壮大" in pdf_text(out), f"{path}: {r.stderr}")
        check("suggested" not in r.stderr, r.stderr)
        r = run([JB, "inspect", path, "--json", "-q"])
        check(r.returncode == 0, r.stderr)
        got = json.loads(r.stdout)["document"]
        check(got["suggested_title"] == suggested and got["title"] == suggested, got)
    expect_error(render(txt, out, "--title", "yes"), 2, "only auto")


def case_placeholders():
    """Slots left to fill in (RULES.md §6.6) are named on stderr and in inspect (未填写), never in
    the figure colour; --strict refuses them."""
    import json
    path = os.path.join(ARTICLES, "31-placeholders.txt")
    out = os.path.join(TMP, "slots.pdf")
    r = render(path, out)
    check(r.returncode == 0 and "warning: 6 placeholders not filled in (未填写), not highlighted: "
          "3:31 'xx', 3:38 '达%', 3:46 'X.X个百分点', 5:11 'xxx万元', 5:21 '××', …" in r.stderr, r.stderr)
    r = run([JB, "inspect", path, "--json", "-q"])
    doc = json.loads(r.stdout)["document"]
    check([p["text"] for p in doc["placeholders"]] == ["xx", "达%", "X.X个百分点", "xxx万元", "××", "108 3%"]
          and all(p["reason"] == "未填写" for p in doc["placeholders"]), doc.get("placeholders"))
    check([f["text"] for f in doc["figures"]] == ["12个"], doc["figures"])
    os.remove(out)
    expect_error(render(path, out, "--strict"), 5, r"31-placeholders\.txt:3:31: error: 6 placeholders not filled in")
    check(not os.path.exists(out), "--strict left a file")


def case_articles():
    """Every input line of every fixture and sample is in the PDF's text or named on stderr as
    left out; --meta title= rescues an article without a title line; other inputs fail clearly."""
    import glob
    import json
    inputs = sorted(glob.glob(os.path.join(ARTICLES, "*.txt")) + glob.glob(os.path.join(ARTICLES, "*.md"))
                    + glob.glob(os.path.join(ROOT, "samples", "*.md"))
                    + glob.glob(os.path.join(ROOT, "samples", "*.txt")))
    check(len(glob.glob(os.path.join(ARTICLES, "[0-9]*"))) >= 40, "fewer than 40 article shapes")
    out = os.path.join(TMP, "article.pdf")
    for path in inputs:
        extra = ["--meta", "title=北岭县发展壮大村级集体经济"] if path.endswith("04-no-title.txt") else []
        r = render(path, out, *extra)
        check(r.returncode == 0, f"{path}: {r.stderr}")
        raw = run(["pdftotext", out, "-"]).stdout
        pdf = canon(raw)
        named = left_out_lines(r.stderr)
        if "-chat-" in os.path.basename(path):  # a chatbot's answer: no Markdown left on the page,
            for extra in ([], ["--from", "txt"]):   # even when called a raw article (RULES §7.1)
                if extra:
                    r = render(path, out, *extra)
                    check(r.returncode == 0 and "stray" not in r.stderr, f"{path} --from txt: {r.stderr}")
                    raw = run(["pdftotext", out, "-"]).stdout
                marks = [m for m in ("#", "**", "__", "|", ">", "`", "---") if m in raw] + \
                    [ln for ln in raw.splitlines() if re.match(r"\s*([-*+]|\d+\.)\s", ln)]
                check(not marks, f"{path} {extra}: markup on the page: {marks}")
        lines = open(path, encoding="utf-8").read().split("\n")
        in_fm = path.endswith(".md") and lines[0] == "---"
        for no, line in enumerate(lines, 1):
            if in_fm and no > 1 and line == "---":
                in_fm = False
                continue
            if in_fm:  # a front-matter value is printed without its key; the date is reformatted
                key, _, line = line.partition(":")
                if key.strip() in ("date", "figures", "distribution", "contents", "pages"):
                    continue
            elif re.match(r"(byline|source): |作者：", line):  # an issue's item fields (FORMAT.md)
                line = re.split(r": |：", line, 1)[1]
            c = canon(line)
            if c and c not in pdf and no not in named:
                fail(f"{os.path.relpath(path, ROOT)}:{no}: neither on the page nor reported: {line}")
    # the fixtures' notes: each reason the import names
    r = render(os.path.join(ARTICLES, "01-chrome-top.txt"), out)
    for note in [":1: note: left out (page chrome): 南城县人民政府网", ":2-4: note: left out (navigation)",
                 ":6: note: left out (metadata, read into the header)", ":12-14: note: left out (site tail)"]:
        check(note in r.stderr, f"stderr lacks {note}: {r.stderr}")
    check(render(os.path.join(ARTICLES, "01-chrome-top.txt"), out, "-q").stderr == "", "--quiet")
    # inspect: on stderr and in its JSON
    r = run([JB, "inspect", os.path.join(ARTICLES, "12-share-chrome.txt"), "--json"])
    check(":1-2: note: left out (share/comment chrome): 分享到" in r.stderr, r.stderr)
    drops = json.loads(r.stdout)["document"]["dropped"]
    check({"line": 1, "reason": "share/comment chrome", "code": "share",
           "text": "分享到：微信 微博 QQ空间"} in drops, str(drops))
    # no title line: the error names --meta title=, which rescues it
    notitle = os.path.join(ARTICLES, "04-no-title.txt")
    expect_error(render(notitle, out), 5, r"04-no-title\.txt: error: the article has no title line",
                 r"--meta title=")
    r = render(notitle, out, "--meta", "title=北岭县发展壮大村级集体经济")
    check(r.returncode == 0 and "北岭县发展壮大村级集体经济" in run(["pdftotext", out, "-"]).stdout, r.stderr)
    # a report round trip keeps the comments out of the document
    rep = run([JB, "import", os.path.join(ARTICLES, "01-chrome-top.txt"), "-q"]).stdout
    check("#   line 1 (page chrome): 南城县人民政府网" in rep, rep)
    md = write("reimported.md", rep)
    check(render(md, out).returncode == 0, "the imported report with its comments does not render")
    # other inputs
    trad = open(os.path.join(ARTICLES, "10-traditional.txt"), encoding="utf-8").read()
    big5 = write("big5.txt", trad.encode("big5"), "wb")
    r = run([JB, "inspect", big5, "--json", "-q"])
    check(r.returncode == 0 and json.loads(r.stdout)["document"]["encoding"] == "Big5", r.stderr)
    check(json.loads(r.stdout)["document"]["title"] == "臺南市推動長照服務成果豐碩", "Big5 title")
    sjis = write("sjis.txt", ("東京都の新しい計画について説明します。今年は多くの人が参加しました。\n" * 4).encode("shift_jis"), "wb")
    expect_error(render(sjis, out), 4, r"not UTF-8 or GB18030: it looks like Shift_JIS text")
    docx = write("report.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "wb")
    # a Word file by its bytes goes to the Word reader whatever its name (this one is truncated)
    expect_error(render(docx, out), 3, r"report\.txt: error: not a readable Word document: the zip container is damaged")
    # read as text on purpose, it is named
    expect_error(run([JB, "render", docx, "-o", out, "--from", "txt"]), 3,
                 r"report\.txt: error: this is a Word document \(\.docx\), not text")
    pdf_in = write("brief.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "wb")
    expect_error(render(pdf_in, out), 3, r"this is a PDF file \(\.pdf\), not text")
    blank = write("blank.txt", "\n  \n\t\n")
    expect_error(render(blank, out), 5, r"blank\.txt: error: the file holds only blank lines")

def timed(args, limit=10, **kw):
    """Runs args; fails the test when it takes over `limit` seconds (a hang)."""
    import time
    t = time.monotonic()
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=limit, **kw)
    except subprocess.TimeoutExpired:
        fail(f"over {limit} s: {args}")
    check(r.returncode < 128 and r.returncode >= 0, f"killed by a signal: {r.returncode}")
    return r


def case_bad_inputs():
    """The hardening matrix: each bad input gets its documented exit code and a message naming
    the file, within 10 s, leaves no PDF and does not change the input."""
    fm = "---\ntitle: 标题测试一下\n---\n\n"
    cases = [
        ("empty.md", b"", 5, r"empty\.md: error: the file is empty"),
        ("title-only.md", fm.encode(), 5, r"title-only\.md:\d+:\d+: error: the report has no body"),
        ("nul.md", (fm + "正文").encode() + b"\x00\n", 4, r"nul\.md:5:3: error: control character"),
        ("binary.md", bytes(range(256)) * 8, 4, r"binary\.md:1:1: error: control character U\+0000"),
        ("no-font.md", (fm + "这里有一个\U000F0000字。\n").encode(), 6, r"no-font\.md:5:6: error: no font has"),
        ("big.md", b"a" * (1024 * 1024 + 1), 3, r"big\.md: error: the input is 1048577 bytes, above the limit"),
        ("overflow.md", (fm + "关心下一代工作品牌建设。" * 800 + "\n").encode(), 9, r"overflows by \d+ lines"),
    ]
    for name, data, code, msg in cases:
        src = write(name, data, "wb")
        out = os.path.join(TMP, name + ".pdf")
        r = timed([JB, "render", src, "-o", out])
        expect_error(r, code, msg)
        check(not os.path.exists(out), f"{name}: a PDF was left")
        check(open(src, "rb").read() == data, f"{name}: the input changed")
    ok = [
        ("long-para.md", fm + "关心下一代工作品牌建设发展" * 160 + "\n"),
        ("url.md", fm + "请访问https://" + "a" * 600 + ".cn查看。\n"),
        ("punct-only.md", fm + "，，，。。。！！？？“”（）\n\n……——、、；：\n"),
        ("twenty.md", fm + "导语一段。\n" + "".join(f"\n## 第{i}节，标题。\n\n正文{i}。\n" for i in range(20))),
        ("bom-crlf.md", "\ufeff" + (fm + "正文一段。\n").replace("\n", "\r\n")),
    ]
    for name, text in ok:
        src = write(name, text)
        out = os.path.join(TMP, name + ".pdf")
        r = timed([JB, "render", src, "-o", out])
        check(r.returncode == 0, f"{name}: {r.stderr}")
        check(run(["qpdf", "--check", out]).returncode == 0, name)
    fifo = os.path.join(TMP, "fifo.md")
    os.mkfifo(fifo)
    r = timed([JB, "render", fifo, "-o", os.path.join(TMP, "f.pdf")])
    expect_error(r, 3, r"fifo\.md: error: the input is not a regular file")


def case_full_disk():
    """A disk that fills while the PDF is written: exit 10, the old PDF kept, no temporary file."""
    import resource
    out = os.path.join(TMP, "brief.pdf")
    open(out, "wb").write(b"old")

    def small():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    r = timed([JB, "render", SAMPLE, "-o", out], preexec_fn=small)
    expect_error(r, 10, r"brief\.pdf: error: cannot write the output: File too large")
    check(open(out, "rb").read() == b"old", "the old PDF was replaced")
    check(sorted(os.listdir(TMP)) == ["brief.pdf"], f"left behind: {os.listdir(TMP)}")


def case_layouts():
    """Each shipped layout renders the sample on one page; mono uses no colour; modern its accent;
    --set and the 报尾 work; the default leaves at most one body line empty at the foot."""
    import json
    for name in ("red-header", "modern", "mono"):
        out = os.path.join(TMP, name + ".pdf")
        r = render(SAMPLE, out, "--layout", os.path.join(ROOT, "layouts", name + ".ini"))
        check(r.returncode == 0, f"{name}: {r.stderr}")
        check(re.search(r"^Pages:\s+1$", run(["pdfinfo", out]).stdout, re.M), name)
        qdf = out + ".qdf"
        run(["qpdf", "--qdf", "--object-streams=disable", out, qdf])
        ops = set(re.findall(rb"([\d.]+ [\d.]+ [\d.]+ [\d.]+) [kK]\n", open(qdf, "rb").read()))
        colours = {o for o in ops if o.split()[:3] != [b"0", b"0", b"0"]}
        if name == "mono":
            check(not colours, f"mono uses colour: {colours}")
        else:
            check(colours, f"{name} has no colour")
        # one colour per layout (RULES.md §6.7): masthead, rules and figures share it
        if name == "modern":
            check(colours == {b"0.9 0.5 0 0.15"}, f"modern: {colours}")
        if name == "red-header":
            check(colours == {b"0 1 1 0.2"}, f"red-header: {colours}")
    r = run([JB, "inspect", SAMPLE, "--json"])
    page = json.loads(r.stdout)
    check(page["spare_pt"] <= page["body_pt"] * 1.75 + 0.01, f"{page['spare_pt']} pt spare")
    out = os.path.join(TMP, "set.pdf")
    r = render(SAMPLE, out, "--set", "page.size=A3", "--set", "masthead.name=测试简报", "-v")
    check(r.returncode == 0 and "measure 728.5 pt" in r.stderr, r.stderr)
    check(re.search(r"^Page size:\s+841\.\d+ x 1190\.\d+ pts \(A3\)", run(["pdfinfo", out]).stdout, re.M), "A3")
    raw = os.path.join(ROOT, "samples", "xiangcun-bold.txt")  # names no 简报: the layout's name
    check(render(raw, out, "--set", "masthead.name=测试简报").returncode == 0, "raw")
    check("测试简报" in run(["pdftotext", out, "-"]).stdout, "--set masthead.name")
    r = render(SAMPLE, out, "--set", "page.margin_left=180mm")
    expect_error(r, 8, r"error: the margins .* leave no room")
    foot = os.path.join(ROOT, "docs", "example-with-foot.md")
    r = render(foot, out)
    check(r.returncode == 0, r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    for w in ["报：区委、区政府领导", "送：区人大常委会办公室、区政协办公室", "发：各街道党工委、区直各单位", "（共印150份）"]:
        check(w in got, f"报尾: {w} missing")


def case_condense():
    """Three times the sample: too long even at the floor; with --condense it fits, and the
    warning says where the dropped sentences were."""
    text = open(SAMPLE, encoding="utf-8").read()
    fm, body = text.split("\n---\n", 1)
    blocks = re.split(r"\n\s*\n", body.strip())
    out_blocks = [blocks[0]]
    for b in blocks[1:]:
        out_blocks += [b] if b.startswith("## ") else [b, b, b]
    src = write("long.md", fm + "\n---\n\n" + "\n\n".join(out_blocks) + "\n")
    out = os.path.join(TMP, "long.pdf")
    r = render(src, out)
    expect_error(r, 9, r"long\.md: error: the report does not fit on one page: at the floor size of 9\.00 pt it overflows by \d+ lines")
    no_pdfs()
    r = render(src, out, "--condense", "-v")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"long\.md: warning: too long for one page; condensed \(the title says 摘编\): left out \d+ sentences", r.stderr), r.stderr)
    check(re.search(r"long\.md:\d+:\d+: note: left out \(condensed\): 大力加强基层关工委", r.stderr), r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    # the mark on the page and in the metadata; the overflow hint names --condense
    check("做强做优关心下一代工作品牌（摘编）" in got, "no 摘编 mark after the title: " + got[:80])
    check(re.search(r"^Title:.*（摘编）$", run(["pdfinfo", out]).stdout, re.M), "no 摘编 in the PDF title")
    check("--condense" in render(src, out).stderr, "the overflow hint does not name --condense")
    r = render(src, out, "--condense", "--quiet")
    check(r.returncode == 0 and r.stderr == "", "--quiet: " + r.stderr)
    # still too long when condensed: the error says what it kept
    huge = write("huge.md", fm + "\n---\n\n" + "\n\n".join(
        [blocks[0]] * 30 + ["## 重阵地，关工组织遍地开花。", blocks[2]]) + "\n")
    r = render(huge, out, "--condense")
    expect_error(r, 9, r"even condensed \(kept the lead, 1 section head and 1 paragraph of sentences with key figures; left out \d+ sentences?\), the report does not fit")
    for keep in ["重阵地，关工组织遍地开花。", "全县成立关工委组织达155个。", "增长74.2%"]:
        check(keep in got, f"condense lost {keep}")
    check("即有明确的组织机构" not in got, "a sentence without a figure was kept")


def case_condense_minimal():
    """A report 1 line over at the floor: --condense leaves out the fewest sentences (one here),
    keeps at least 95 % of its characters, stays at the floor size, and says the counts on
    stderr and in inspect."""
    import json
    text = open(SAMPLE, encoding="utf-8").read().replace(
        "title: 江西资溪：“五重”做强做优关心下一代工作品牌", "title: 资溪做强做优关心下一代工作品牌")
    fm, body = text.split("\n---\n", 1)
    blocks = re.split(r"\n\s*\n", body.strip())
    paras = [i for i, b in enumerate(blocks) if i and not b.startswith("## ")]
    out = os.path.join(TMP, "over1.pdf")
    src, k = None, 0
    while k < 80:  # a clause more in turn until the floor is one line over
        i = paras[k % len(paras)]
        blocks[i] += "其中，" + blocks[i][:30].rstrip("。，") + "。"
        k += 1
        src = write("over1.md", fm + "\n---\n\n" + "\n\n".join(blocks) + "\n")
        r = render(src, out)
        if r.returncode == 9:
            break
    check(re.search(r"at the floor size of 9\.00 pt it overflows by 1 line; it needs 2 pages$", r.stderr, re.M),
          r.stderr)
    r = render(src, out, "--condense")
    check(r.returncode == 0, r.stderr)
    m = re.search(r"over1\.md: warning: too long for one page; condensed \(the title says 摘编\): left out "
                  r"(\d+) sentences? of (\d+) \((\d+) of (\d+) characters; kept ([\d.]+)%\)", r.stderr)
    check(m, r.stderr)
    left, chars_left, chars = int(m.group(1)), int(m.group(3)), int(m.group(4))
    check(left <= 2 and (chars - chars_left) / chars >= 0.95, m.group(0))
    check(len(re.findall(r"note: left out \(condensed\)", r.stderr)) == left, r.stderr)
    j = json.loads(run([JB, "inspect", src, "--json", "--condense"]).stdout)
    check(j["body_pt"] == 9, f"not at the floor: {j['body_pt']}")
    c = j["document"]["condensed"]
    check(c["sentences_left_out"] == left and c["characters_left_out"] == chars_left and
          c["characters"] == chars and c["photos_left_out"] == 0, c)
    # what the page holds: all but the sentences left out
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    want = sum(len(re.sub(r"\s+", "", b)) for b in blocks if not b.startswith("## "))
    check(len(got) > 0.95 * want, f"{len(got)} of {want} characters on the page")


def case_condense_photo_mark():
    """Three photos that do not fit: --condense leaves out the last, and the page says so at its
    place, （图略：its caption）, the caption gone with the photo."""
    import json
    d = os.path.join(TMP, "three")
    os.makedirs(d, exist_ok=True)
    for n in ("a", "b", "c"):
        shutil.copy(os.path.join(PHOTOS, "xuanjiang.jpg"), os.path.join(d, n + ".jpg"))
    out = os.path.join(TMP, "three.pdf")
    for n in range(4, 200, 2):  # the shortest lead that with its 3 photos overflows the page
        src = photo_report(d, ["![宣讲现场](a.jpg)", "宣讲团深入乡镇学校开展活动。", "![座谈交流](b.jpg)",
                               "老同志与学生座谈交流。", "![颁发证书](c.jpg)"], lead_copies=n)
        r = render(src, out)
        if r.returncode == 9:
            break
    check("with its 3 photos" in r.stderr, r.stderr)
    r = render(src, out, "--condense")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"warning: the photos do not fit on one page; left out 'c\.jpg' \(\d+:\d+\); the page "
                    r"marks each （图略）", r.stderr), r.stderr)
    got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    check("老同志与学生座谈交流。（图略：颁发证书）一、宣讲进课堂。" in got, got)
    check("宣讲现场" in got and "座谈交流" in got and got.count("颁发证书") == 1, got)
    imgs = run(["pdfimages", "-list", out]).stdout.splitlines()[2:]
    check(len(imgs) == 2, "\n".join(imgs))
    j = json.loads(run([JB, "inspect", src, "--json", "--condense"]).stdout)
    check(j["document"]["condensed"]["photos_left_out"] == 1, j["document"].get("condensed"))
    check("摘编" not in got, "a photo left out is no 摘编 of the text")


def case_closing_blocks():
    """An article's 附件 lines and signature at its end (RULES.md §7.2): the 附件 line in the
    body, a later item under the first one's number, the unit, its date and 整理：… 审核：…
    ending two characters before the measure's end; the same from the report import writes."""
    import json
    src = os.path.join(ARTICLES, "41-annex-signature.txt")
    for path in (src, None):
        if path is None:  # the report import writes, read again
            r = run([JB, "import", src, "-o", os.path.join(TMP, "closing.md")])
            check(r.returncode == 0, r.stderr)
            path = os.path.join(TMP, "closing.md")
        j = json.loads(run([JB, "inspect", path, "--json"]).stdout)
        left, right, em = j["left_pt"], j["left_pt"] + j["measure_pt"], j["body_pt"]
        lines = {l["text"]: l for l in j["lines"] if l["kind"] == "body"}
        annex = lines.get("附件：1.东岭县关工委上半年工作台账")
        item = lines.get("2.东岭县“五老”志愿者名单")
        check(annex and abs(annex["x0_pt"] - (left + 2 * em)) < 0.01, f"{path}: {annex}")
        check(item and abs(item["x0_pt"] - (left + 5 * em)) < 0.01, f"{path}: {item}")
        for t in ["东岭县关工委办公室", "2024年6月28日", "整理：赵明远\u3000\u3000审核：钱立华"]:
            check(t in lines and abs(lines[t]["x1_pt"] - (right - 2 * em)) < 0.01, f"{path}: {t}: {lines.get(t)}")
        doc = j["document"]  # and in the model inspect shows
        check(doc.get("notes") == ["附件：1.东岭县关工委上半年工作台账", "2.东岭县“五老”志愿者名单"], doc.get("notes"))
        check(doc.get("signatures") == [{"text": "东岭县关工委办公室", "date": "2024年6月28日"},
                                        {"text": "整理：赵明远\u3000\u3000审核：钱立华", "date": ""}], doc.get("signatures"))


def case_print_row():
    """抄送/印发/签发 lines go to the 报尾 (RULES.md §7.2), where the text enters: a raw article's
    anywhere, a report's or Word's last paragraphs. The 印发 row is the 报尾's last: the 印发机关
    and 签发 at the left, the 印发日期 and 印发 ending at the right; import writes the fields and
    the report it writes gives the same page."""
    import json
    src = os.path.join(ARTICLES, "45-print-row.txt")
    rep = os.path.join(TMP, "print-row.md")
    r = run([JB, "import", src, "-o", rep])
    check(r.returncode == 0, r.stderr)
    fm = open(rep, encoding="utf-8").read()
    for f in ["printer: 东岭县禁毒委员会办公室", "printed: 2026年7月3日", "approver: 王建国",
              "  送: 县委办、县政府办"]:
        check(f in fm, f"import lacks {f}:\n{fm}")
    check("印发" not in fm.split("---")[2], "a 印发 line left in the body:\n" + fm)
    # a report whose last paragraphs are the 版记 (as Word gives them)
    tail = os.path.join(TMP, "print-tail.md")
    with open(tail, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 东岭县2026年上半年禁毒工作简报\n---\n\n"
                "今年以来，东岭县深入开展全民禁毒宣传，全县共举办禁毒讲座46场，覆盖群众1.8万人次。\n\n"
                "全县新建禁毒宣传阵地12个，培训禁毒志愿者320名。\n\n抄送：县委办、县政府办\n\n"
                "东岭县禁毒委员会办公室　　2026年7月3日印发\n\n签发：王建国\n")
    pages = []
    for path in (src, rep, tail):
        j = json.loads(run([JB, "inspect", path, "--json"]).stdout)
        left, right = j["left_pt"], j["left_pt"] + j["measure_pt"]
        foot = [ln for ln in j["lines"] if ln["kind"] == "foot"]
        texts = [ln["text"] for ln in foot]
        check(texts == ["送：县委办、县政府办", "东岭县禁毒委员会办公室\u3000\u3000签发：王建国",
                        "2026年7月3日印发"], f"{path}: 报尾 {texts}")
        d = j["document"]
        check(d.get("printer") == "东岭县禁毒委员会办公室" and d.get("approver") == "王建国" and
              d.get("distribution") == {"送": "县委办、县政府办"}, f"{path}: inspect's 报尾 fields {d}")
        check(not any("印发" in ln["text"] or "签发" in ln["text"]
                      for ln in j["lines"] if ln["kind"] == "body"), f"{path}: 印发 in the body")
        if len(foot) == 3:
            a, b = foot[1], foot[2]
            check(abs(a["baseline_pt"] - b["baseline_pt"]) < 0.01, f"{path}: one 印发 row {a} {b}")
            check(a["baseline_pt"] < foot[0]["baseline_pt"], f"{path}: the 印发 row last")
            check(a["x1_pt"] < b["x0_pt"], f"{path}: the parts overlap")
            check(abs(b["x1_pt"] - (right - (a["x0_pt"] - left))) < 0.01,  # the same inset
                  f"{path}: 印发 not flush at the right: {b} {a} {left} {right}")
        pdf = os.path.join(TMP, f"print-row-{len(pages)}.pdf")
        check(render(path, pdf).returncode == 0, f"render {path}")
        pages.append(run(["pdftotext", pdf, "-"]).stdout)
    check(pages[0] == pages[1] == pages[2], "the three give other pages")


def case_weighed_date():
    """The date and the source of a raw article are weighed (RULES.md §7.9): a 发布时间 field under
    the title wins over a page's clock (a date line with its weekday above the title), written 年月日
    too; a closing （…供稿） over a 来源 naming a site. The date or source not taken and a title
    candidate close to the title's score are named on stderr as notes, not under --quiet, and no
    fixture has more than two such notes."""
    import glob
    import json
    src = os.path.join(ARTICLES, "46-portal-clock.txt")
    out = os.path.join(TMP, "clock.pdf")
    r = render(src, out)
    check(r.returncode == 0, r.stderr)
    check(":2: note: not the date (2024-06-03, score -1; line 6's 2024-05-08, score 8): 2024年6月3日" in r.stderr,
          r.stderr)
    check("2024年5月8日" in run(["pdftotext", out, "-"]).stdout, "the 发布时间 date is not on the page")
    j = json.loads(run([JB, "inspect", src, "--json", "-q"]).stdout)
    check(j["document"].get("date") in ("2024-05-08", "2024年5月8日"), str(j["document"].get("date")))
    check(render(src, out, "-q").stderr == "", "--quiet still names the choices")
    r = run([JB, "import", os.path.join(ARTICLES, "37-unit-above-title.txt"), "-o", os.path.join(TMP, "37.md")])
    check(":1: note: not the title (score 7, line 3's 9): 东岭县关心下一代工作委员会" in r.stderr, r.stderr)
    r = run([JB, "render", src, "-o", out, "-v"])
    check("date: line 6 (score 8, 2024-05-08: a 发布时间 field +6, under the title +2)" in r.stderr, r.stderr)
    # the source: a closing （县关工委供稿） over a 来源 naming the site
    src = os.path.join(ARTICLES, "48-supplied-source.txt")
    r = render(src, out)
    check(":9: note: left out (source, read into the header): （县关工委供稿）" in r.stderr, r.stderr)
    check(":3: note: not the source (score 1: 南岭县人民政府网: a 来源 field +4, a site's name -3; "
          "line 9's, score 5: 县关工委: a 供稿 credit at the end +5)" in r.stderr, r.stderr)
    text = run(["pdftotext", out, "-"]).stdout
    check("来源：县关工委" in text and "供稿" not in text, text)
    for path in sorted(glob.glob(os.path.join(ARTICLES, "*.txt"))):
        r = run([JB, "import", path, "--title", "auto"])
        notes = [ln for ln in r.stderr.splitlines() if ": note: not the " in ln]
        check(len(notes) <= 2, f"{path}: {notes}")


def case_quote_note():
    """A chatbot answer's block quote before the body (> 编者按：…) is the item's 编者按, set on the
    page above the title with its label in 黑体 and no > left; a one-item report with a 编者按 is
    set with it too (it was left off the page); import writes it back and it renders the same."""
    import json
    src = os.path.join(ARTICLES, "47-chat-quote-note.md")
    for path in (src, None):
        if path is None:
            r = run([JB, "import", src, "-o", os.path.join(TMP, "quote.md")])
            check(r.returncode == 0, r.stderr)
            path = os.path.join(TMP, "quote.md")
            check("\n编者按：西湖县把关心下一代工作" in open(path, encoding="utf-8").read(), "import lost the note")
        j = json.loads(run([JB, "inspect", path, "--json"]).stdout)
        kinds = [(ln["kind"], ln["text"]) for ln in j["lines"]]
        notes = [t for k, t in kinds if k == "note"]
        check(notes and notes[0].startswith("编者按：西湖县把关心下一代工作纳入乡村振兴考核"), f"{path}: {kinds}")
        check("".join(notes).endswith("供各地学习借鉴。"), f"{path}: {notes}")
        check([k for k, _ in kinds].index("note") < [k for k, _ in kinds].index("title"), "note under the title")
        check(not any(">" in t or "编者按" in t for k, t in kinds if k == "body"), f"{path}: {kinds}")
        check(j["document"].get("editor_note", "").startswith("西湖县把关心下一代工作"), j["document"].keys())
        out = os.path.join(TMP, "quote.pdf")
        check(render(path, out).returncode == 0, path)
        text = run(["pdftotext", out, "-"]).stdout
        check("编者按：" in text and ">" not in text, text)
    # a quote inside the body stays a paragraph
    body = write("quote-body.md", "# 西湖县召开推进会\n\n5月8日，西湖县召开推进会，会议总结了上半年工作。\n\n"
                 "> 会议指出，要把关心下一代工作摆在突出位置。\n")
    j = json.loads(run([JB, "inspect", body, "--json"]).stdout)
    check(not any(ln["kind"] == "note" for ln in j["lines"]), "a quote in the body became the note")
    check(any("会议指出" in ln["text"] for ln in j["lines"] if ln["kind"] == "body"), "the quote is lost")


def case_golden():
    """Every sample (and docs/example-with-foot.md) in every layout gives the recorded PDF bytes
    and inspect JSON of tests/golden/ (bash tests/golden/regen.sh rewrites them on purpose)."""
    import glob
    import hashlib
    golden = os.path.join(ROOT, "tests", "golden")
    sums = dict(reversed(line.split()) for line in open(os.path.join(golden, "SHA256SUMS")))
    inputs = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md"))) + \
        sorted(glob.glob(os.path.join(ROOT, "samples", "*.txt"))) + \
        [os.path.join(ROOT, "docs", "example-with-foot.md")]
    layouts = sorted(glob.glob(os.path.join(ROOT, "layouts", "*.ini")))
    check(len(sums) == len(inputs) * len(layouts), f"{len(sums)} goldens for {len(inputs)} × {len(layouts)}")
    changed = []
    for src in inputs:
        for lay in layouts:
            name = os.path.basename(src) + "." + os.path.basename(lay)[:-4]
            out = os.path.join(TMP, name + ".pdf")
            r = run([JB, "render", src, "--layout", lay, "-o", out])
            check(r.returncode == 0, f"{name}: {r.stderr}")
            digest = hashlib.sha256(open(out, "rb").read()).hexdigest()
            if digest != sums.get(name + ".pdf"):
                changed.append(name + ".pdf")
            r = run([JB, "inspect", src, "--layout", lay, "--json"])
            check(r.returncode == 0, f"{name}: {r.stderr}")
            if r.stdout != open(os.path.join(golden, name + ".json"), encoding="utf-8").read():
                changed.append(name + ".json")
    check(not changed, "output differs from tests/golden/ (run bash tests/golden/regen.sh and say "
          "why in the commit if on purpose): " + ", ".join(changed))


def all_inputs_and_layouts():
    import glob
    inputs = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md"))) + \
        sorted(glob.glob(os.path.join(ROOT, "samples", "*.txt"))) + \
        [os.path.join(ROOT, "docs", "example-with-foot.md")]
    return inputs, sorted(glob.glob(os.path.join(ROOT, "layouts", "*.ini")))


def case_baseline_grid():
    """Every sample in every layout: each body baseline lies on the body pitch counted from the
    first body line, within 0.1 pt (sections, heads and spare height keep the grid, RULES.md
    §3.2, §5.5); the sub-lines, byline and source are never smaller than the body."""
    import json
    inputs, layouts = all_inputs_and_layouts()
    for src in inputs:
        for lay in layouts:
            name = os.path.basename(src) + " in " + os.path.basename(lay)
            r = run([JB, "inspect", src, "--layout", lay, "--json"])
            check(r.returncode == 0, f"{name}: {r.stderr}")
            page = json.loads(r.stdout)
            for p in range(1, page.get("n_pages", 1) + 1):  # each page's grid (RULES.md §5.7)
                body = [ln["baseline_pt"] for ln in page["lines"]
                        if ln["kind"] == "body" and ln.get("page", 1) == p]
                check(len(body) >= 2, f"{name}: {len(body)} body lines on page {p}")
                pitch = min(a - b for a, b in zip(body, body[1:]))
                check(pitch >= page["body_pt"] * 1.0, f"{name}: pitch {pitch}")
                for k, y in enumerate(body):
                    steps = (body[0] - y) / pitch
                    off = abs(steps - round(steps)) * pitch
                    check(off <= 0.1, f"{name}: body line {k + 1} of page {p} is {off:.2f} pt off "
                          f"the grid (pitch {pitch:.3f} pt)")
            for ln in page["lines"]:
                if ln["kind"] in ("byline", "source") or (ln["kind"] == "masthead" and
                                                           ln is not page["lines"][0]):
                    check(ln["size_pt"] >= page["body_pt"] - 1e-6,
                          f"{name}: {ln['kind']} {ln['text']} at {ln['size_pt']} pt under the "
                          f"{page['body_pt']} pt body")


def read_pgm(path):
    data = open(path, "rb").read()
    parts, pos = [], 0
    while len(parts) < 4:  # P5 width height maxval, blanks and comments between
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    check(parts[0] == b"P5", "not a PGM")
    return int(parts[1]), int(parts[2]), data[pos + 1:]


def case_grey_figures():
    """The sample printed in grey (pdftoppm -gray): in every layout the key figures' glyph boxes
    hold at least as much ink on average as the body's plain Han characters', so a highlight
    never turns into a de-emphasis on a black-and-white printer or a photocopier."""
    import json
    _, layouts = all_inputs_and_layouts()
    dpi = 150
    for lay in layouts:
        name = os.path.basename(lay)
        pdf = os.path.join(TMP, name + ".pdf")
        check(render(SAMPLE, pdf, "--layout", lay).returncode == 0, name)
        page = json.loads(run([JB, "inspect", SAMPLE, "--layout", lay, "--json"]).stdout)
        base = os.path.join(TMP, name)
        run(["pdftoppm", "-gray", "-r", str(dpi), "-singlefile", pdf, base])
        w, h, px = read_pgm(base + ".pgm")
        scale = dpi / 72.0
        doc = page["document"]
        figs = {f["text"] for f in doc["figures"]}
        heads = [s["head"] for s in doc["sections"]]
        ink = {True: [0, 0], False: [0, 0]}  # figure?: [ink sum, pixels]
        for ln in page["lines"]:
            text, xs = ln["text"], ln["glyph_x_pt"]
            if ln["kind"] != "body" or len(text) != len(xs):
                continue
            fig = [False] * len(text)
            skip = [False] * len(text)
            for f in figs:
                at = text.find(f)
                while at >= 0:
                    fig[at:at + len(f)] = [True] * len(f)
                    at = text.find(f, at + 1)
            for hd in heads:
                at = text.find(hd)
                if at >= 0:
                    skip[at:at + len(hd)] = [True] * len(hd)
            size = ln["size_pt"]
            for i, ch in enumerate(text):
                if skip[i] or not ("\u4e00" <= ch <= "\u9fff" or fig[i]):
                    continue
                x0 = ln["x0_pt"] + xs[i]
                x1 = ln["x0_pt"] + xs[i + 1] if i + 1 < len(xs) else ln["x1_pt"]
                top, bottom = ln["baseline_pt"] + 0.88 * size, ln["baseline_pt"] - 0.12 * size
                for py in range(int((page["page_height_pt"] - top) * scale) + 1,
                                int((page["page_height_pt"] - bottom) * scale)):
                    row = py * w
                    for pxx in range(int(x0 * scale) + 1, int(x1 * scale)):
                        ink[fig[i]][0] += 255 - px[row + pxx]
                        ink[fig[i]][1] += 1
        check(ink[True][1] > 0 and ink[False][1] > 0, f"{name}: no figure or body boxes")
        f_mean, b_mean = ink[True][0] / ink[True][1], ink[False][0] / ink[False][1]
        print(f"{name}: mean ink in figure boxes {f_mean:.1f}, in body boxes {b_mean:.1f} (of 255)")
        check(f_mean >= b_mean, f"{name}: figures ({f_mean:.1f}) lighter than the body "
              f"({b_mean:.1f}) in grey print")


NOTO = "/usr/share/fonts/opentype/noto/"


def noto_sc_face(file, family):
    """The index of face family in a Noto CJK collection, from fc-query; None when absent."""
    path = os.path.join(NOTO, file)
    if not os.path.exists(path) or not shutil.which("fc-query"):
        return None
    r = run(["fc-query", "-f", "%{index} %{family[0]}\n", path])
    for line in r.stdout.splitlines():
        index, _, name = line.partition(" ")
        if name == family:
            return path, int(index)
    return None


def cff_top_bbox(cff):
    """The FontBBox of a bare CFF font program's Top DICT (integers only), or None."""
    at = cff[2]
    for _ in range(2):  # Name INDEX, then the Top DICT INDEX
        count, size = int.from_bytes(cff[at:at + 2], "big"), cff[at + 2]
        offs = [int.from_bytes(cff[at + 3 + k * size:at + 3 + (k + 1) * size], "big")
                for k in range(count + 1)]
        base = at + 2 + (count + 1) * size
        top = cff[base + offs[0]:base + offs[1]]
        at = base + offs[-1]
    ops, k = [], 0
    while k < len(top):
        b = top[k]
        if 32 <= b <= 246:
            ops.append(b - 139); k += 1
        elif 247 <= b <= 250:
            ops.append((b - 247) * 256 + top[k + 1] + 108); k += 2
        elif 251 <= b <= 254:
            ops.append(-(b - 251) * 256 - top[k + 1] - 108); k += 2
        elif b == 28:
            ops.append(int.from_bytes(top[k + 1:k + 3], "big", signed=True)); k += 3
        elif b == 29:
            ops.append(int.from_bytes(top[k + 1:k + 5], "big", signed=True)); k += 5
        elif b == 30:
            return None
        else:
            if b == 5:
                return ops[-4:]
            ops, k = [], k + (2 if b == 12 else 1)
    return None


def case_cff_bbox():
    """A CFF subset's FontBBox, in its FontDescriptor and in the font program, is the ink of its
    glyphs: readers that take it for the ascender (MuPDF, through FreeType) keep the masthead's
    text box near its ink, not 1.8 em above the baseline."""
    import zlib
    out = os.path.join(TMP, "bbox.pdf")
    r = render(SAMPLE, out)
    check(r.returncode == 0, r.stderr)
    data = open(out, "rb").read()
    # the FontDescriptors of CFF faces (FontFile3)
    boxes = [[int(v) for v in m.group(1).split()]
             for m in re.finditer(rb"/FontBBox \[ ([-\d ]+) \][^>]*?/FontFile3", data, re.S)]
    check(len(boxes) >= 2, f"FontBBox entries: {boxes}")
    for box in boxes:
        # the top is the ink's (vmtx), the bottom may be the whole font's (a box that holds all)
        check(box[1] < 0 < box[3] < 1000, f"FontBBox top not the glyphs' ink: {box}")
    progs = 0
    for m in re.finditer(rb"/Subtype /CIDFontType0C\s*/Filter /FlateDecode\s*>>\s*stream\r?\n", data):
        cff = zlib.decompressobj().decompress(data[m.end():])
        top = cff_top_bbox(cff)
        check(top is not None and top in boxes, f"CFF FontBBox {top} not among {boxes}")
        progs += 1
    check(progs >= 2, f"{progs} CFF font programs found")


def case_masthead_scale():
    """[masthead] scale draws the name wider (PDF Tz around its glyphs only): inspect shows the
    name's glyphs 1.2 em apart at 120 %, the PDF sets 120 Tz for them and 100 Tz after, and the
    text still extracts as the name."""
    import json
    r = run([JB, "inspect", SAMPLE, "--json", "--set", "masthead.scale=120%"])
    check(r.returncode == 0, r.stderr)
    name = [ln for ln in json.loads(r.stdout)["lines"] if ln["kind"] == "masthead"][0]
    xs, size = name["glyph_x_pt"], name["size_pt"]
    steps = [(b - a) / size for a, b in zip(xs, xs[1:])]
    check(name["text"] == "关心下一代工作简报" and all(abs(s - 1.2) < 0.001 for s in steps),
          f"name glyphs {steps} em apart, want 1.2")
    check(abs(name["x1_pt"] - name["x0_pt"] - 1.2 * size * len(xs)) < 0.01, "name line's width")
    out = os.path.join(TMP, "scale.pdf")
    check(render(SAMPLE, out, "--set", "masthead.scale=120%").returncode == 0, "render")
    qdf = os.path.join(TMP, "scale-qdf.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", out, qdf])
    content = open(qdf, "rb").read()
    check(re.findall(rb"\n(\d+) Tz\n", content) == [b"120", b"100"], "Tz: 120 for the name, then 100")
    text = run(["pdftotext", out, "-"]).stdout
    check(text.splitlines()[0] == "关心下一代工作简报", "pdftotext: " + text.splitlines()[0])
    # without the key no Tz at all
    out2 = os.path.join(TMP, "noscale.pdf")
    check(render(SAMPLE, out2).returncode == 0, "render")
    run(["qpdf", "--qdf", "--object-streams=disable", out2, qdf])
    check(b" Tz\n" not in open(qdf, "rb").read(), "Tz written at 100 %")


def case_fullwidth_quotes():
    """Quotes are full-width marks at the mainland position in every role (LXGW WenKai and Zen
    Hei map them to narrow Latin glyphs): on the sample, the Kai lead's 建“五 and 型”关 take
    2 em, the head's 用，“五 and the title's 溪：“五 2.5 em (the pair compressed to 1.5 em as in
    the body), with the default faces and with the TrueType set."""
    import json
    layouts = [[], ["--layout", os.path.join(ROOT, "tests", "data", "truetype.ini")]]
    # (line kind, text, index of the first and last character measured, em between them)
    # (short, so that a line break moved by the layout does not cut them)
    want = [("body", "建“五", 0, 2, 2.0), ("body", "关建”为", 1, 3, 2.0),
            ("body", "用，“五", 0, 3, 2.5), ("title", "溪：“五", 0, 3, 2.5),
            ("title", "重”做", 0, 2, 2.0)]
    for extra in layouts:
        # at 9.5 pt the body fits with its best-looking lines, none compressed to save a
        # line (the fit's tight breaking would take the quotes' blank first)
        r = run([JB, "inspect", SAMPLE, "--json", "--set", "body.max=9.5pt"] + extra)
        check(r.returncode == 0, r.stderr)
        lines = json.loads(r.stdout)["lines"]
        for kind, text, a, b, em in want:
            found = [ln for ln in lines if ln["kind"] == kind and text in ln["text"]]
            check(found, f"{extra}: no {kind} line holds {text}")
            ln = found[0]
            k = ln["text"].index(text)
            xs, size = ln["glyph_x_pt"], ln["size_pt"]
            got = (xs[k + b] - xs[k + a]) / size
            # each gap may stretch in justification (the lines are flush)
            slack = 0.03 + (b - a) * ln["stretch_pt"] / size
            check(abs(got - em) <= slack,
                  f"{extra}: {text[a:b + 1]} in {kind} takes {got:.3f} em, want {em} (±{slack:.3f})")


def case_cff_fonts():
    # Noto Serif CJK SC and Noto Sans CJK SC (fonts-noto-cjk): CID-keyed CFF faces of collections.
    serif = noto_sc_face("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC")
    sans = noto_sc_face("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")
    if serif is None or sans is None:
        print("SKIP cff_fonts: no Noto Serif/Sans CJK SC in " + NOTO + " (install fonts-noto-cjk)")
        sys.exit(77)
    check(serif[1] > 0 and sans[1] > 0, "SC is not the first face of the collections")
    lay = write("noto.ini", "[fonts]\nsong = %s:%d\nkai = %s:%d\nhei = %s:%d\n"
                % (serif + serif + sans))
    out = os.path.join(TMP, "noto.pdf")
    r = render(SAMPLE, out, "--layout", lay)
    check(r.returncode == 0, f"render failed ({r.returncode}): {r.stderr}")
    info = run(["pdfinfo", out]).stdout
    check(re.search(r"^Pages:\s+1$", info, re.M), "not one page: " + info)
    fonts = run(["pdffonts", out]).stdout.splitlines()[2:]
    noto = [f for f in fonts if "NotoSerifCJKsc-Regular" in f or "NotoSansCJKsc-Regular" in f]
    check(any("NotoSerifCJKsc" in f for f in noto) and any("NotoSansCJKsc" in f for f in noto),
          "the Noto faces are not in the PDF: " + "\n".join(fonts))
    for f in fonts:
        check(re.match(r"[A-Z]{6}\+", f), "not a subset: " + f)
        check(re.search(r"\s+yes\s+yes\s+yes\s+\d+\s+\d+$", f), "not emb/sub/uni: " + f)
    for f in noto:
        check("CID Type 0C" in f, "not a CFF CID font: " + f)
    r = run(["qpdf", "--check", out])
    check(r.returncode == 0, "qpdf --check: " + r.stdout + r.stderr)
    r = run(["pdftotext", out, "-"])
    check(r.stderr == "", "pdftotext warns: " + r.stderr)
    got = re.sub(r"[\n\f]", "", r.stdout).replace("\u3000", " ")
    parts = source_parts(SAMPLE)
    parts[1] = "元新东 卢而康"
    pos = 0
    for part in parts:
        i = got.find(part, pos)
        check(i >= 0, f"pdftotext: not found in order: {part[:30]}…")
        pos = i + len(part)
    # mutool reads the glyphs' codes through the ToUnicode maps (not the spans' ActualText) and
    # rasterises with its own CFF reader; Debian's build always notes that it lacks ICC support
    r = run(["mutool", "draw", "-F", "txt", "-o", "-", out])
    noise = [l for l in r.stderr.splitlines()
             if l and l != "warning: ICC support is not available" and not l.startswith("page ")]
    check(r.returncode == 0 and not noise, "mutool: " + r.stderr)
    text = re.sub(r"\s", "", r.stdout)
    pos = 0
    for part in parts:
        part = re.sub(r"\s", "", part)
        i = text.find(part, pos)
        check(i >= 0, f"mutool: not found in order: {part[:30]}…")
        pos = i + len(part)
    r = run(["mutool", "draw", "-r", "50", "-o", os.path.join(TMP, "noto.png"), out])
    noise = [l for l in r.stderr.splitlines()
             if l and l != "warning: ICC support is not available" and not l.startswith("page ")]
    check(r.returncode == 0 and not noise, "mutool draw: " + r.stderr)
    # glyphs drawn, not .notdef (empty in Noto) or stray ones: Noto's heavier strokes put about
    # twice the default fonts' ink on the page (CIDs reaching the wrong glyphs left a tenth)
    ink = {}
    for name, pdf in (("noto", out), ("default", sample_pdf()[0])):
        r = subprocess.run(["pdftoppm", "-r", "40", "-gray", pdf, os.path.join(TMP, name)],
                           capture_output=True)
        check(r.returncode == 0 and not r.stderr, "pdftoppm: " + r.stderr.decode())
        data = open(os.path.join(TMP, name + "-1.pgm"), "rb").read()
        w, h = map(int, data.split(b"\n")[1].split())
        ink[name] = sum(1 for b in data[-w * h:] if b < 160) / (w * h)
    check(0.7 < ink["noto"] / ink["default"] < 3, f"ink: {ink}")


def pages(pdf_bytes_or_path):
    r = subprocess.run(["pdfinfo", "-"], input=pdf_bytes_or_path, capture_output=True) \
        if isinstance(pdf_bytes_or_path, bytes) else run(["pdfinfo", pdf_bytes_or_path])
    out = r.stdout if isinstance(r.stdout, str) else r.stdout.decode()
    m = re.search(r"Pages:\s+(\d+)", out)
    return int(m.group(1)) if m else 0


def case_pipes():
    """- reads standard input, -o - writes standard output, never a terminal."""
    data = open(SAMPLE, "rb").read()
    r = subprocess.run([JB, "render", "-", "-o", "-"], input=data, capture_output=True)
    check(r.returncode == 0 and r.stdout.startswith(b"%PDF-") and pages(r.stdout) == 1, r.stderr)
    # the same bytes as rendering the file
    out = os.path.join(TMP, "file.pdf")
    check(render(SAMPLE, out).returncode == 0, "render the file")
    check(open(out, "rb").read() == r.stdout, "stdin/stdout PDF differs from the file's")
    # `-` alone writes standard output; with -o a file
    r = subprocess.run([JB, "render", "-"], input=data, capture_output=True)
    check(r.returncode == 0 and r.stdout == open(out, "rb").read(), "render - to stdout")
    raw = open(os.path.join(ROOT, "samples", "zixi-wuzhong-raw.txt"), "rb").read()
    r = subprocess.run([JB, "render", "-", "-o", os.path.join(TMP, "raw.pdf"), "--from", "txt"],
                       input=raw, capture_output=True)
    check(r.returncode == 0 and pages(os.path.join(TMP, "raw.pdf")) == 1, r.stderr)
    # a raw article forced to be read as a report file fails as a report would
    r = subprocess.run([JB, "render", "-", "--from", "md", "-o", os.path.join(TMP, "x.pdf")],
                       input=raw, capture_output=True)
    check(r.returncode == 5 and b"<stdin>" in r.stderr, r.stderr)
    # errors name <stdin>; the size limit holds
    r = subprocess.run([JB, "render", "-", "--max-input", "1K"], input=data, capture_output=True)
    check(r.returncode == 3 and b"<stdin>: error" in r.stderr and b"limit" in r.stderr, r.stderr)
    # import from stdin to stdout
    r = subprocess.run([JB, "import", "-"], input=raw, capture_output=True)
    check(r.returncode == 0 and r.stdout.startswith("---\n".encode()), r.stderr)
    # never a PDF to a terminal
    import pty
    master, slave = pty.openpty()
    r = subprocess.run([JB, "render", SAMPLE, "-o", "-"], stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    os.close(master)
    check(r.returncode == 2 and b"terminal" in r.stderr, r.stderr)
    # the README's pipeline
    r = subprocess.run(f"cat {SAMPLE} | {JB} render - -o - | pdfinfo -", shell=True,
                       capture_output=True, text=True)
    check(r.returncode == 0 and re.search(r"Pages:\s+1\n", r.stdout), r.stdout + r.stderr)


def case_output_paths():
    """Nothing that is not a regular file is replaced: devices and FIFOs are written to, a
    symlink is followed, a replaced PDF keeps its mode."""
    import stat
    if os.access("/dev/full", os.W_OK):
        r = render(SAMPLE, "/dev/full")
        expect_error(r, 10, r"/dev/full: error: cannot write the output: No space left")
        check(stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full is no longer a device")
    r = render(SAMPLE, "/dev/null")
    check(r.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode), r.stderr)
    fifo = os.path.join(TMP, "fifo")
    os.mkfifo(fifo)
    expect_error(render(SAMPLE, fifo), 10, "reads the FIFO")
    # a reader opened before the render starts (a `cat` started alongside may not have opened it yet)
    import threading
    import time
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    chunks, done = [], threading.Event()
    def drain():  # a FIFO reads as empty while no writer has it open: read until the render is over
        while True:
            c = os.read(fd, 65536)
            if c:
                chunks.append(c)
            elif done.is_set():
                break
            else:
                time.sleep(0.01)
    reader = threading.Thread(target=drain)
    reader.start()
    r = render(SAMPLE, fifo)
    done.set()
    reader.join(timeout=20)
    os.close(fd)
    got = b"".join(chunks)
    check(r.returncode == 0 and got.startswith(b"%PDF-") and pages(got) == 1, r.stderr)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced")
    target = os.path.join(TMP, "target.pdf")
    link = os.path.join(TMP, "link.pdf")
    os.symlink("target.pdf", link)   # relative, to a file not there yet
    check(render(SAMPLE, link).returncode == 0, "render through a symlink")
    check(os.path.islink(link) and pages(target) == 1, "the symlink was replaced")
    os.chmod(target, 0o600)
    check(render(SAMPLE, link).returncode == 0 and stat.S_IMODE(os.stat(target).st_mode) == 0o600,
          "a chmod 600 PDF came back with another mode")
    os.chmod(target, 0o640)
    check(render(SAMPLE, target).returncode == 0 and stat.S_IMODE(os.stat(target).st_mode) == 0o640,
          "mode not kept")
    d = os.path.join(TMP, "adir")
    os.mkdir(d)
    expect_error(render(SAMPLE, d), 10, "a directory, not a file")
    left = [f for f in os.listdir(TMP) if f.endswith(".tmp")]
    check(not left, f"temporary files left: {left}")


def case_batch_dirs():
    """-d is made when missing; .md/.markdown/.txt/.docx in any case; README.txt and other files are
    named in one notice instead of failing the batch; -r takes subfolders."""
    src = os.path.join(TMP, "reports")
    os.makedirs(os.path.join(src, "week2"))
    shutil.copy(SAMPLE, os.path.join(src, "a.MD"))
    shutil.copy(os.path.join(ROOT, "samples", "anquan-yidun.md"), os.path.join(src, "b.markdown"))
    shutil.copy(os.path.join(ROOT, "samples", "xiangcun-bold.txt"), os.path.join(src, "c.txt"))
    shutil.copy(os.path.join(ROOT, "samples", "banshishi-paren.md"), os.path.join(src, "week2", "d.md"))
    write("reports/README.txt", "这些是本周的简报。\n")
    write("reports/notes.xlsx", "PK")
    out = os.path.join(TMP, "out", "deeper")
    r = run([JB, "render", src, "-d", out, "-j", "2"])
    check(r.returncode == 0, r.stderr)
    check(sorted(os.listdir(out)) == ["a.pdf", "b.pdf", "c.pdf"], str(os.listdir(out)))
    notice = [l for l in r.stderr.splitlines() if "notice" in l]
    check(len(notice) == 1 and "README.txt" in notice[0] and "notes.xlsx" in notice[0] and
          "week2" in notice[0], r.stderr)
    r = run([JB, "render", src, "-d", out, "-r", "-q"])
    check(r.returncode == 0 and r.stderr == "", r.stderr)
    check(sorted(os.listdir(out)) == ["a.pdf", "b.pdf", "c.pdf", "d.pdf"], str(os.listdir(out)))
    expect_error(run([JB, "render", src, "-d", os.path.join(TMP, "reports", "a.MD", "x")]), 10,
                 "cannot make the output folder")
    # on a 40-column terminal the progress line stays within 40 columns (names cut at the front)
    import fcntl
    import pty
    import struct
    import termios
    import unicodedata
    deep = os.path.join(TMP, "一个很长的文件夹名字用来测试进度行的宽度")
    os.makedirs(deep)
    for i in range(3):
        shutil.copy(SAMPLE, os.path.join(deep, f"第{i}期简报.md"))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    p = subprocess.Popen([JB, "render", deep, "-d", os.path.join(TMP, "out2"), "-j", "1"],
                         stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    got = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    check(p.wait(timeout=60) == 0, got.decode(errors="replace"))
    text = got.decode().replace("\x1b[K", "")
    width = lambda t: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in t)
    segs = [t for t in re.split(r"[\r\n]", text) if t.startswith("[")]
    check(len(segs) == 3 and all(width(t) <= 39 for t in segs), f"progress lines: {segs}")
    check(any("…" in t and t.endswith(".md") for t in segs), f"names not cut at the front: {segs}")


def case_data_dir():
    """The data folder: --data-dir, JIANBAO_DATA_DIR, or found beside the program."""
    out = os.path.join(TMP, "d.pdf")
    check(run([JB, "render", SAMPLE, "-o", out, "--data-dir", ROOT]).returncode == 0, "--data-dir")
    expect_error(run([JB, "render", SAMPLE, "-o", out, "--data-dir", TMP]), 7, "not jianbao's data folder")
    env = dict(os.environ, JIANBAO_DATA_DIR=TMP)
    r = subprocess.run([JB, "render", SAMPLE, "-o", out], capture_output=True, text=True, env=env)
    expect_error(r, 7, "JIANBAO_DATA_DIR")
    # a copy of the program outside its build tree and any prefix finds no data folder
    lone = os.path.join(TMP, "bin", "jianbao")
    os.makedirs(os.path.dirname(lone))
    shutil.copy(JB, lone)
    expect_error(run([lone, "render", SAMPLE, "-o", out]), 7, "cannot find jianbao's data folder")


def case_install():
    """cmake --install into a prefix, moved elsewhere: the program renders from another folder,
    the man page reads, and a program built with pkg-config against the library renders."""
    build = os.path.dirname(os.path.dirname(JB))
    prefix = os.path.join(TMP, "prefix")
    r = run(["cmake", "--install", build, "--prefix", prefix])
    check(r.returncode == 0, r.stdout + r.stderr)
    moved = os.path.join(TMP, "moved", "opt")
    os.makedirs(os.path.dirname(moved))
    os.rename(prefix, moved)
    jb = os.path.join(moved, "bin", "jianbao")
    # the library's folder: lib/<multiarch> on Debian
    lib = re.search(r"^CMAKE_INSTALL_LIBDIR:PATH=(.*)$",
                    open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8").read(), re.M).group(1)
    for f in ["share/jianbao/layouts/red-header.ini", "share/doc/jianbao/FONTS.md",
              "include/jianbao/jianbao.h", "include/jianbao/diag.h", lib + "/libjianbao.a", lib + "/pkgconfig/jianbao.pc",
              "share/bash-completion/completions/jianbao", "lib/systemd/system/jianbao-serve.service",
              "share/applications/jianbao.desktop", "bin/jianbao-open"]:
        check(os.path.exists(os.path.join(moved, f)), f"not installed: {f}")
    # no font files: the default faces are the system's (Debian's packages)
    fonts = [os.path.join(d, f) for d, _, fs in os.walk(moved) for f in fs
             if f.lower().endswith((".ttf", ".ttc", ".otf", ".otc"))]
    check(not fonts, f"font files installed: {fonts}")
    work = os.path.join(TMP, "elsewhere")
    os.mkdir(work)
    shutil.copy(SAMPLE, work)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANBAO")}
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "--layout",
                        os.path.join(moved, "share/jianbao/layouts/modern.ini")],
                       cwd=work, capture_output=True, text=True, env=env)
    check(r.returncode == 0 and pages(os.path.join(work, "zixi-wuzhong.pdf")) == 1, r.stderr)
    # the installed program reads its own share/jianbao, not the source tree
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "-o", "x.pdf", "--layout", "no-such.ini"],
                       cwd=work, capture_output=True, text=True, env=env)
    check(r.returncode == 8, r.stderr)
    # a layout by name, from the installed data folder; a wrong name lists them
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "-o", "n.pdf", "--layout", "mono"],
                       cwd=work, capture_output=True, text=True, env=env)
    check(r.returncode == 0 and pages(os.path.join(work, "n.pdf")) == 1, r.stderr)
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "-o", "n.pdf", "--layout", "mnoo"],
                       cwd=work, capture_output=True, text=True, env=env)
    check(r.returncode == 8 and "one of: " in r.stderr and "red-header" in r.stderr, r.stderr)
    # hints name the installed documentation; a misspelt key gets "did you mean"
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "-o", "n.pdf", "--set", "bdoy.min=9pt"],
                       cwd=work, capture_output=True, text=True, env=env)
    doc = os.path.join(os.path.realpath(moved), "share", "doc", "jianbao", "LAYOUTS.md")
    check(r.returncode == 8 and "did you mean --set body.min=9pt" in r.stderr and doc in r.stderr
          and os.path.exists(doc), r.stderr)
    os.rename(os.path.join(moved, "share", "jianbao"), os.path.join(moved, "share", "jb-away"))
    r = subprocess.run([jb, "render", "zixi-wuzhong.md", "-o", "y.pdf"], cwd=work,
                       capture_output=True, text=True, env=env)
    check(r.returncode == 7 and "cannot find jianbao's data folder" in r.stderr, r.stderr)
    os.rename(os.path.join(moved, "share", "jb-away"), os.path.join(moved, "share", "jianbao"))
    man = os.path.join(moved, "share/man/man1/jianbao.1")
    if shutil.which("man") and os.path.exists(man):
        r = subprocess.run(["man", "-l", man], capture_output=True, text=True,
                           env=dict(env, MANPAGER="cat", MANWIDTH="80"))
        check(r.returncode == 0 and "EXIT STATUS" in r.stdout and "jianbao render" in r.stdout, r.stderr)
    # a line of the man page's source that starts with "." is a roff request: its text is lost
    scd = open(os.path.join(ROOT, "docs", "jianbao.1.scd"), encoding="utf-8").read()
    check(not re.search(r"^\s*\.", scd, re.M), "a man page line starts with '.'")
    if shutil.which("bash"):
        for words, cword, want in [("jianbao ren", 1, "render"), ("jianbao render --rec", 2, "--recursive"),
                                   ("jianbao help wa", 2, "watch"), ("jianbao inspect --js", 2, "--json"),
                                   ("jianbao render --set body.lead", 3, "body.leading= body.leading_max="),
                                   ("jianbao render --from d", 3, "docx")]:
            words = words.replace("jianbao", jb, 1)  # the installed program answers --complete
            r = run(["bash", "-c", f"source {moved}/share/bash-completion/completions/jianbao; "
                     f"COMP_WORDS=({words}); COMP_CWORD={cword}; _jianbao; echo ${{COMPREPLY[@]}}"])
            check(r.stdout.strip() == want, f"completion of {words}: {r.stdout}{r.stderr}")
    pc = dict(env, PKG_CONFIG_PATH=os.path.join(moved, lib, "pkgconfig"))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "jianbao"], capture_output=True,
                           text=True, env=pc)
    check(flags.returncode == 0, flags.stderr)
    exe = os.path.join(TMP, "consumer")
    # a sanitized build's library needs its runtime in the program too
    cache = open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8").read()
    san = ["-fsanitize=address,undefined"] if re.search(r"^JB_SANITIZE:BOOL=ON$", cache, re.M) else []
    r = subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror"] + san + ["-o", exe,
                        os.path.join(ROOT, "tests", "api_consumer.c")] + flags.stdout.split() +
                       ["-Wl,-rpath," + os.path.join(moved, lib)], capture_output=True, text=True)
    check(r.returncode == 0, r.stderr)
    out = os.path.join(TMP, "consumer.pdf")
    r = subprocess.run([exe, os.path.join(moved, "share/jianbao"), SAMPLE, out], capture_output=True,
                       text=True)
    check(r.returncode == 0 and pages(out) == 1 and "bytes" in r.stdout, r.stderr)
    # the soname is the ABI's number from jianbao.h (JB_ABI_VERSION)
    abi = re.search(r"^#define JB_ABI_VERSION (\d+)", open(os.path.join(ROOT, "src", "jianbao.h"),
                                                            encoding="utf-8").read(), re.M).group(1)
    check(f"(ABI {abi})" in r.stdout, r.stdout)
    so = os.path.join(moved, lib, f"libjianbao.so.{abi}")
    check(os.path.exists(so), f"not installed: {so}")
    dyn = run(["objdump", "-p", so]) if shutil.which("objdump") else None
    check(dyn is None or re.search(rf"SONAME\s+libjianbao\.so\.{abi}\b", dyn.stdout), dyn and dyn.stdout[:400])
    # statically linked too
    static = subprocess.run(["pkg-config", "--static", "--cflags", "--libs", "jianbao"],
                            capture_output=True, text=True, env=pc).stdout.split()
    static = [("-l:libjianbao.a" if f == "-ljianbao" else f) for f in static]
    r = subprocess.run(["cc", "-std=c11"] + san + ["-o", exe + "-static",
                        os.path.join(ROOT, "tests", "api_consumer.c")] + static,
                       capture_output=True, text=True)
    check(r.returncode == 0, r.stderr)
    r = subprocess.run([exe + "-static", os.path.join(moved, "share/jianbao"), SAMPLE, out],
                       capture_output=True, text=True)
    check(r.returncode == 0 and pages(out) == 1, r.stderr)


def case_watch():
    """jianbao watch renders, then again when the report is saved; a signal stops it."""
    import signal
    import time
    src = write("w.md", open(SAMPLE, encoding="utf-8").read())
    out = os.path.join(TMP, "w.pdf")
    p = subprocess.Popen([JB, "watch", src, "-o", out], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        first = p.stdout.readline()
        check(re.search(r"rendered .*w\.pdf in \d+ ms", first), first)
        time.sleep(0.2)
        text = open(src, encoding="utf-8").read().replace("全县成立关工委组织达155个", "全县成立关工委组织达156个")
        tmp = src + ".swp"
        with open(tmp, "w", encoding="utf-8") as f:   # saved as an editor does: write, rename
            f.write(text)
        os.rename(tmp, src)
        second = p.stdout.readline()
        check(re.search(r"rendered .*w\.pdf in \d+ ms", second), second)
        got = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
        check("156个" in got, "the saved text is not in the PDF")
    finally:
        p.send_signal(signal.SIGINT)
        rc = p.wait(timeout=10)
    check(rc == 0, f"watch exited {rc}: {p.stderr.read()}")


def case_fonts_cmd():
    """jianbao fonts lists the faces for Chinese text with format and coverage."""
    r = run([JB, "fonts"])
    check(r.returncode == 0, r.stderr)
    rows = r.stdout.splitlines()
    check(any("AR PL SungtiL GB" in l and "TrueType" in l and "GB2312" in l for l in rows), r.stdout)
    if os.path.exists("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"):
        check(any(l.startswith("Noto Serif CJK SC") and "CFF" in l and "GB18030" in l for l in rows),
              r.stdout)
    check(not any("Liberation" in l for l in rows), "Latin faces listed without --all")
    lay = write("fam.ini", "[fonts]\nsong = Noto Serif CJK\n")
    r = run([JB, "render", SAMPLE, "--layout", lay, "-o", os.path.join(TMP, "f.pdf")])
    expect_error(r, 7, r"fam\.ini:2:1: error: .*'Noto Serif CJK'")
    no_pdfs()


def readme_commands():
    """The commands of the README's sh blocks, one a line (a trailing backslash continues)."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    cmds = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        cur = ""
        for line in block.splitlines():
            cur += line
            if cur.endswith("\\"):
                cur = cur[:-1] + " "
                continue
            if cur.strip() and not cur.lstrip().startswith("#"):
                cmds.append(cur.strip())
            cur = ""
    return cmds


def case_readme():
    """Every command the README shows runs and exits 0, in a folder holding copies of samples/ and
    layouts/, with the build's program standing for build/src/jianbao (`serve` runs in the
    background for the curl examples). The set-up command's build step and the test command
    itself are what CI runs around this test, so they are left out."""
    build = os.path.dirname(os.path.dirname(JB))
    work = os.path.join(TMP, "readme")
    os.makedirs(os.path.join(work, "home"))
    for d in ["samples", "layouts", "docs"]:
        shutil.copytree(os.path.join(ROOT, d), os.path.join(work, d))
    env = scheduler_env(HOME=os.path.join(work, "home"), SLURM_ARRAY_TASK_ID="1",
                        SLURM_ARRAY_TASK_MIN="1", SLURM_ARRAY_TASK_COUNT="8", MANPAGER="cat",
                        PAGER="cat")
    cmds = readme_commands()
    check(len(cmds) >= 12, f"only {len(cmds)} README commands found")
    # what the examples name: a raw article, a Word file
    shutil.copy(os.path.join(ROOT, "samples", "zixi-wuzhong-raw.txt"), os.path.join(work, "article.txt"))
    docx = os.path.join(ROOT, "tests", "data", "docx", "pandoc-sample.docx")
    if os.path.exists(docx):
        shutil.copy(docx, os.path.join(work, "article.docx"))
    ran = run_readme(cmds, work, env, build)
    check(os.path.exists(os.path.join(work, "zixi-wuzhong.pdf")), "the set-up render wrote nothing")
    print(f"ran {ran} README commands")


def run_readme(cmds, work, env, build):
    """Runs the README's commands; `jianbao serve` is started in the background on a free port,
    which the curl examples after it are pointed at, and stopped at the end."""
    import signal
    server, port, ran = None, None, 0
    try:
        for cmd in cmds:
            if cmd.startswith("ctest --test-dir build"):
                continue  # the test command: this test is part of it
            if cmd.startswith(("systemctl ", "jianbao-open")):
                continue  # the installed package's: .ci/run and tests/dist_test.py run them
            if cmd.startswith("bash .ci/setup && "):
                cmd = cmd[len("bash .ci/setup && "):]  # the set-up already ran
            line = cmd.replace("build/src/jianbao", JB)
            line = re.sub(r"(?<![\w/.-])build(?=[/ )])", build, line)
            if re.match(re.escape(JB) + r" serve\b", line):
                line = line.split("#")[0] + " --port 0"
                server = subprocess.Popen(["bash", "-c", "exec " + line], cwd=work, env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                          text=True)
                first = server.stdout.readline()
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
                check(m, f"serve printed no address: {first}")
                port = m.group(1)
                ran += 1
                continue
            if port:
                line = line.replace("127.0.0.1:8017", "127.0.0.1:" + port)
            if "article.docx" in line and not os.path.exists(os.path.join(work, "article.docx")):
                continue  # the Word example needs the Word reader's fixture
            r = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=work, env=env,
                               capture_output=True, text=True, timeout=120)
            check(r.returncode == 0, f"README command failed ({r.returncode}): {cmd}\n{r.stderr}")
            ran += 1
    finally:
        if server:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)
    return ran


DOCX = os.path.join(ROOT, "tests", "data", "docx")


def pdf_text(path):
    return re.sub(r"\s+", "", run(["pdftotext", path, "-"]).stdout)


def case_issue_pasted():
    """A whole 简报 issue pasted as text (RULES.md §7.8, tests/data/issues): inspect shows its
    报头 and its items in order; the page holds every item in order with its 编者按, the 报头's
    增刊, 期号 and 总期号, the 本期要目 remade, the 报尾 (本期增发 too); every input line is on the
    page or named on stderr."""
    import json
    path = os.path.join(ROOT, "tests", "data", "issues", "01-contents.txt")
    r = run([JB, "inspect", path, "--json"])
    check(r.returncode == 0, r.stderr)
    doc = json.loads(r.stdout)["document"]
    check((doc["masthead"], doc["issue"], doc["total"], doc["unit"], doc["date"]) ==
          ("南城县关心下一代工作简报", "第3期", "总第27期", "南城县关心下一代工作委员会办公室编", "2024-05-10"), doc)
    check([i["title"] for i in doc["items"]] == ["县关工委召开2024年第一次全体会议", "城关镇“五老”志愿者开展防溺水宣传",
                                                 "青山乡举办留守儿童“周末课堂”", "县教育局表彰一批优秀“五老”辅导员"], doc["items"])
    check([i["source"] for i in doc["items"]] == ["县关工委办公室", "城关镇关工委", "青山乡关工委", "县教育局关工委"],
          doc["items"])
    check(":5-9: note: left out (本期要目, remade from items): 本期要目" in r.stderr, r.stderr)
    check(":32-35: note: left out (distribution, to the 报尾): 报：市关工委" in r.stderr, r.stderr)
    check("stray" not in r.stderr, r.stderr)
    out = os.path.join(TMP, "issue.pdf")
    for name, extra in (("01-contents.txt", []), ("02-note-no-contents.txt", []), ("03-special-total.txt", []),
                        ("04-seven-entries.txt", ["--pages", "2"]), ("05-masthead-one.txt", []),
                        ("06-bullets-secrecy.txt", [])):
        src = os.path.join(ROOT, "tests", "data", "issues", name)
        r = render(src, out, *extra)
        check(r.returncode == 0 and "warning" not in r.stderr, f"{name}: {r.stderr}")
        pdf = canon(pdf_text(out))
        named = left_out_lines(r.stderr)
        for no, line in enumerate(open(src, encoding="utf-8").read().split("\n"), 1):
            c = canon(line)
            if c and c not in pdf and no not in named:
                fail(f"{name}:{no}: neither on the page nor reported: {line}")
        doc = json.loads(run([JB, "inspect", src, "--json", "-q"] + extra).stdout)["document"]
        at = 0
        for t in [i["title"] for i in doc.get("items", [{"title": doc["title"]}])]:
            at = pdf.find(canon(t), at)
            check(at >= 0, f"{name}: {t} not on the page after the items before it")
        want = {"02-note-no-contents.txt": "编者按：开展“三进”活动是我区关心下一代工作的重要举措",
                "03-special-total.txt": "增刊第1期（总第45期）", "04-seven-entries.txt": "本期增发：县关工委各位顾问",
                "01-contents.txt": "本期要目"}.get(name)
        check(want is None or canon(want) in pdf, f"{name}: the page lacks {want}")
    r = run([JB, "inspect", path, "--json"])
    check(":15: note: left out (source, read into the header): （县关工委办公室供稿）" in r.stderr, r.stderr)
    # import writes the issue back as a report (total, special, 本期增发 as front matter) that
    # renders the same page text
    for name in ("03-special-total.txt", "04-seven-entries.txt"):
        src, md = os.path.join(ROOT, "tests", "data", "issues", name), os.path.join(TMP, name + ".md")
        check(run([JB, "import", src, "-o", md, "-q"]).returncode == 0, name)
        a, b = os.path.join(TMP, "a.pdf"), os.path.join(TMP, "b.pdf")
        check(render(src, a, "--pages", "2").returncode == 0 and render(md, b, "--pages", "2").returncode == 0, name)
        check(pdf_text(a) == pdf_text(b), f"{name}: the imported report gives another page")


def case_issue_cli():
    """render --issue A B C: one brief of the inputs' items in order (a report, a raw article, a
    Word document); the first one's masthead kept and the others' named; left-out lines named
    with their own input; -d or --manifest with --issue is a usage error."""
    import json
    issues = os.path.join(ROOT, "tests", "data", "issues")
    report = write("issue-first.md", "---\ntitle: 南城县召开关心下一代工作推进会\nmasthead: 南城县关工委简报\n"
                   "issue: 第9期\ndate: 2024-06-01\n---\n\n6月1日，南城县召开关心下一代工作推进会，会议总结了上半年"
                   "工作，部署了下一阶段的重点任务。\n")
    ins = [report, os.path.join(issues, "02-note-no-contents.txt"), os.path.join(DOCX, "issue-titles.docx")]
    r = run([JB, "inspect", "--json", "--issue"] + ins)
    check(r.returncode == 0, r.stderr)
    doc = json.loads(r.stdout)["document"]
    check([i["title"] for i in doc["items"]] == [
        "南城县召开关心下一代工作推进会", "北岭区召开“五老”宣讲团成立大会", "河口街道推进“五老”进社区进学校进家庭",
        "区关工委开展清明祭英烈主题教育活动", "南城县召开关心下一代工作推进会", "青山乡举办留守儿童“周末课堂”"], doc["items"])
    check((doc["masthead"], doc["issue"], doc["date"]) == ("南城县关工委简报", "第9期", "2024-06-01"), doc)
    check("issue-first.md: warning: the masthead of the issue is this input's; " in r.stderr and
          "02-note-no-contents.txt has masthead 「北岭区关工委工作动态」, issue 「第2期」" in r.stderr, r.stderr)
    check("02-note-no-contents.txt:1-4: note: left out (masthead, read into the 报头): 北岭区关工委工作动态" in r.stderr,
          r.stderr)
    out = os.path.join(TMP, "issue-cli.pdf")
    r = run([JB, "render", "--issue"] + ins + ["-o", out, "--pages", "2"])
    check(r.returncode == 0 and os.path.exists(out), r.stderr)
    text, at = canon(pdf_text(out)), 0
    for i in doc["items"]:  # each title after the one before (two items share a title)
        at = text.find(canon(i["title"]), at)
        check(at >= 0, f"item {i['title']} not on the page after the ones before it")
        at += 1
    r = run([JB, "inspect", "--json", "--issue", report, "--meta", "masthead=县委办简报"])
    check(r.returncode == 0 and json.loads(r.stdout)["document"]["masthead"] == "县委办简报", r.stderr)
    expect_error(run([JB, "render", "--issue", "-d", TMP] + ins), 2, "--issue takes the inputs of one issue")


def case_issue_docx():
    """A Word document of several items becomes an issue: a Title paragraph per item (the 报头
    above the first read into the masthead), or a 报头 then a Heading 1 per item."""
    import json
    for name, titles, masthead in (
            ("issue-titles.docx", ["南城县召开关心下一代工作推进会", "青山乡举办留守儿童“周末课堂”"],
             ("南城县关心下一代工作简报", "第3期", "总第27期", "南城县关工委办公室编", "2024-05-10")),
            ("issue-h1.docx", ["县关工委启动“金秋助学”活动", "马坪镇建成青少年活动阵地"],
             ("西江县关工委简报", "第5期", "总第60期", "西江县关心下一代工作委员会", "2024-09-20"))):
        r = run([JB, "inspect", os.path.join(DOCX, name), "--json"])
        check(r.returncode == 0, r.stderr)
        doc = json.loads(r.stdout)["document"]
        check([i["title"] for i in doc["items"]] == titles, f"{name}: {doc['items']}")
        check((doc["masthead"], doc["issue"], doc["total"], doc["unit"], doc["date"]) == masthead, f"{name}: {doc}")
        check(all(i["blocks"] > 0 for i in doc["items"]), doc["items"])
        check(name != "issue-h1.docx" or doc["items"][1]["source"] == "马坪镇关工委", doc["items"])
        out = os.path.join(TMP, name + ".pdf")
        r = render(os.path.join(DOCX, name), out)
        text = canon(pdf_text(out))
        check(r.returncode == 0 and all(canon(t) in text for t in titles), f"{name}: {r.stderr}")
    # a 报头 and top-level headings: items when no heading is numbered, sections when they are
    import zipfile
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "9月上旬，县关工委启动2024年“金秋助学”活动，计划资助困难大学新生50名，每人发放助学金3000元。"
    for heads, items in ((["县关工委启动金秋助学活动", "马坪镇建成青少年活动阵地"], 2), (["一、基本情况", "二、主要做法"], 1)):
        paras = ["<w:p><w:r><w:t>西江县关工委简报</w:t></w:r></w:p>", "<w:p><w:r><w:t>第5期</w:t></w:r></w:p>"]
        for h in heads:
            paras.append('<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>' % h)
            paras.append("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % body)
        path = os.path.join(TMP, "h%d.docx" % items)
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml",
                       '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                       'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
            z.writestr("word/document.xml", '<?xml version="1.0"?><w:document %s><w:body>%s</w:body>'
                       '</w:document>' % (w, "".join(paras)))
        r = run([JB, "inspect", path, "--json", "-q", "--title", "auto"])
        check(r.returncode == 0, r.stderr)
        got = json.loads(r.stdout)["document"]
        check(len(got.get("items", [1])) == items, f"{heads}: {got.get('items')}")
    doc = json.loads(run([JB, "inspect", os.path.join(DOCX, "issue-titles.docx"), "--json", "-q"]).stdout)["document"]
    check(doc["items"][0]["byline"] == "王明" and doc["sections"][0]["head"] == "一、上半年工作成效明显", doc)


def case_docx():
    """A Word document: the sample as .docx (pandoc's, and LibreOffice's) gives the Markdown
    file's PDF text; --verbose and inspect say what was left out and list the images; import
    writes the report; --from docx, standard input and a batch folder take .docx too."""
    md = os.path.join(TMP, "md.pdf")
    check(render(SAMPLE, md).returncode == 0, "the sample")
    want = pdf_text(md)
    for name in ("pandoc-sample.docx", "lo-sample.docx"):
        out = os.path.join(TMP, name + ".pdf")
        r = render(os.path.join(DOCX, name), out, "--verbose")
        check(r.returncode == 0, r.stderr)
        check(pdf_text(out) == want, f"{name}: the PDF text differs from the Markdown file's")
        check("Word document: 14 paragraphs, title and heads from its styles" in r.stderr, r.stderr)
        check("5 sections, 11 key figures" in r.stderr, r.stderr)
    lo = os.path.join(DOCX, "lo-features.docx")
    r = render(lo, os.path.join(TMP, "lo.pdf"), "--verbose")
    check(r.returncode == 0, r.stderr)
    check("1 photo placed where it stands; left out: 1 comment, 1 footnote, 2 headers/footers"
          in r.stderr, r.stderr)
    imgs = run(["pdfimages", "-list", os.path.join(TMP, "lo.pdf")]).stdout.splitlines()[2:]
    check(len(imgs) == 1, f"the Word document's picture is not on the page: {imgs}")
    got = pdf_text(os.path.join(TMP, "lo.pdf"))
    for part in ("青山县推进基层治理工作综述", "一、基本情况", "（一）主要做法", "文本框：群众满意度",
                 "坚持党建引领"):
        check(part in got, f"{part} not in the PDF: {got}")
    # the Word table is set as a table: its rows come back row by row
    rows = [ln.split() for ln in run(["pdftotext", "-layout", os.path.join(TMP, "lo.pdf"),
                                      "-"]).stdout.splitlines()]
    check(["项目", "数量"] in rows and ["化解纠纷", "215起"] in rows, "the Word table's rows")
    check("删去" not in got and "核实数据" not in got and "页眉" not in got, got)
    import json
    r = run([JB, "inspect", lo, "--json"])
    check(r.returncode == 0, r.stderr)
    word = json.loads(r.stdout)["word"]
    check(word["structure"] == "styles" and word["text_boxes"] == 1 and word["tables"] == 1, word)
    check(word["left_out"]["images"] == [], word)
    check(len(json.loads(r.stdout)["photos"]) == 1, "inspect lists no photo")
    check(word["left_out"]["comments"] == 1 and word["left_out"]["footnotes"] == 1, word)
    rep = os.path.join(TMP, "lo.md")
    r = run([JB, "import", lo, "-o", rep])
    check(r.returncode == 0, r.stderr)
    text = open(rep, encoding="utf-8").read()
    check("title: 青山县推进基层治理工作综述" in text and "## 一、基本情况" in text, text)
    r = render(rep, os.path.join(TMP, "lo2.pdf"))
    check(r.returncode == 0 and pdf_text(os.path.join(TMP, "lo2.pdf")) == got,
          "the imported report renders differently")
    odd = os.path.join(TMP, "report.bin")
    shutil.copy(os.path.join(DOCX, "pandoc-sample.docx"), odd)
    r = render(odd, os.path.join(TMP, "odd.pdf"), "--from", "docx")
    check(r.returncode == 0 and pdf_text(os.path.join(TMP, "odd.pdf")) == want, r.stderr)
    with open(os.path.join(DOCX, "pandoc-sample.docx"), "rb") as f:
        r = subprocess.run([JB, "render", "-", "-o", os.path.join(TMP, "stdin.pdf")], stdin=f,
                           capture_output=True)
    check(r.returncode == 0 and pdf_text(os.path.join(TMP, "stdin.pdf")) == want, r.stderr)
    folder = os.path.join(TMP, "in")
    os.makedirs(folder)
    shutil.copy(os.path.join(DOCX, "pandoc-features.docx"), os.path.join(folder, "a.DOCX"))
    shutil.copy(SAMPLE, os.path.join(folder, "b.md"))
    r = run([JB, "render", folder, "-d", os.path.join(TMP, "out")])
    check(r.returncode == 0, r.stderr)
    check(sorted(os.listdir(os.path.join(TMP, "out"))) == ["a.pdf", "b.pdf"], r.stderr)


def case_docx_photos():
    """The photo sample as a .docx (pandoc) places the same photos, captioned as in the Markdown
    file, at the same ppi."""
    md = os.path.join(ROOT, "samples", "photos", "huodong-photos.md")
    docx = os.path.join(DOCX, "pandoc-photos.docx")
    a, b = os.path.join(TMP, "md.pdf"), os.path.join(TMP, "docx.pdf")
    check(render(md, a).returncode == 0, "the Markdown sample")
    r = render(docx, b, "-v")
    check(r.returncode == 0 and "2 photos placed where they stand" in r.stderr, r.stderr)
    lists = [run(["pdfimages", "-list", f]).stdout.splitlines()[2:] for f in (a, b)]
    dims = [[(l.split()[3], l.split()[4], l.split()[12], l.split()[13]) for l in ls] for ls in lists]
    check(len(dims[1]) == 2 and dims[0] == dims[1], f"photos differ: {dims}")
    text = pdf_text(b)
    for cap in ("宣讲团在石桥镇中心小学宣讲", "学生在市青少年法治教育基地参观"):
        check(cap in text, f"caption {cap} missing")
    check(text.count("宣讲团在石桥镇中心小学宣讲") == 1, "the caption is set twice (as body text too)")
    check(pages(b) == 1, "not one page")


def case_docx_hostile():
    """Each hostile Word file is refused with its limit named, within a second, leaving no file:
    truncated and corrupt zips, an encrypted document, zip bombs, entities, a 50 MB file."""
    out = os.path.join(TMP, "out")
    os.makedirs(out)
    big = os.path.join(TMP, "big.docx")
    with open(big, "wb") as f:
        f.write(b"PK\3\4")
        f.truncate(50 * 1000 * 1000)
    cases = [
        ("truncated.docx", r"the zip container is damaged or truncated"),
        ("corrupt.docx", r"damaged or truncated \(CRC error\)"),
        ("encrypted.docx", r"the Word document is encrypted"),
        ("bomb-size.docx", r"would inflate to \d+ bytes, over the limit of 16 MiB a part"),
        ("bomb-ratio.docx", r"compressed \d+:1, over the limit of 100:1"),
        ("entities.docx", r"document type declaration \(entities are not read"),
        ("external-entity.docx", r"document type declaration"),
        ("bad-xml.docx", r"not a readable Word document: word/document\.xml line 1"),
        ("not-word.docx", r"not a Word document \(no word/document\.xml\)"),
    ]
    import time
    for name, msg in [(os.path.join(DOCX, "hostile", n), m) for n, m in cases] + \
            [(big, r"big\.docx: error: refused: the Word document is 50000000 bytes, over the "
                   r"limit of 20 MiB")]:
        for cmd in (["render", name, "-o", os.path.join(out, "x.pdf")],
                    ["import", name, "-o", os.path.join(out, "x.md")],
                    ["inspect", name, "--json"]):
            t = time.monotonic()
            r = timed([JB] + cmd, limit=5)
            took = time.monotonic() - t
            expect_error(r, 3, msg)
            check(took < 1.0, f"{name}: {took:.2f} s")
            check(os.listdir(out) == [], f"{name}: left {os.listdir(out)}")
    text = write("text.docx", "这不是 Word 文件\n")
    expect_error(render(text, os.path.join(out, "t.pdf")), 3, r"its bytes are not one")
    check(os.listdir(out) == [], "a file was left")


def case_docx_convert():
    """.doc/.wps/.odt: without soffice on the PATH, an error giving the command; with it, the
    file is converted (in a temporary folder, removed) and read."""
    odt = os.path.join(DOCX, "sample.odt")
    env = dict(os.environ, PATH="/nonexistent")
    r = run([JB, "render", odt, "-o", os.path.join(TMP, "o.pdf")], env=env)
    expect_error(r, 3, r"sample\.odt: error: a \.odt file is read through LibreOffice, and "
                       r"soffice is not on the PATH", r"soffice --headless --convert-to docx")
    no_pdfs()
    if shutil.which("soffice") is None:
        print("soffice not installed: conversion itself not tested")
        return
    md = os.path.join(TMP, "md.pdf")
    check(render(SAMPLE, md).returncode == 0, "the sample")
    tmpdir = os.path.join(TMP, "tmp")
    os.makedirs(tmpdir)
    r = timed([JB, "render", odt, "-o", os.path.join(TMP, "o.pdf"), "--verbose"], limit=90,
              env=dict(os.environ, TMPDIR=tmpdir))
    check(r.returncode == 0, r.stderr)
    check(re.search(r"converted from \.odt by LibreOffice in [\d.]+ s", r.stderr), r.stderr)
    check(pdf_text(os.path.join(TMP, "o.pdf")) == pdf_text(md), "the .odt's PDF text differs")
    check(os.listdir(tmpdir) == [], f"the temporary folder was left: {os.listdir(tmpdir)}")


# ---- photos (issue 18) ----

PHOTOS = os.path.join(ROOT, "samples", "photos")
# a sanitizer build (-O0, ASan) decodes several times slower: the one-second budget is for a
# release build
SLOW = "asan" in JB or "sanit" in JB


def png_bytes(w, h, rows=None, color_type=2, bit_depth=8, extra=b"", idat=None):
    """A PNG from the standard library: rows of raw pixel bytes (filter 0 added), extra chunks
    before IDAT."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    if idat is None:
        idat = zlib.compress(b"".join(b"\0" + r for r in rows))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
            + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def photo_report(folder, photos, lead_copies=1):
    """A report in folder with a lead, the photos (markdown lines) and a section."""
    os.makedirs(folder, exist_ok=True)
    body = "\n\n".join(["市关工委组织宣讲团走进乡村学校，受众师生4600余人次。" * lead_copies] + photos +
                       ["## 一、宣讲进课堂。", "宣讲团由退休干部、老教师等23人组成。"])
    path = os.path.join(folder, "r.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 宣讲团走进乡村学校\n---\n\n" + body + "\n")
    return path


def case_photos():
    """The photo sample: one page under 1 MB, every image at most 300 ppi and upright, the
    captions on the page, inspect's photo boxes, and --verbose's trade of photos and body."""
    import json
    import time
    src = os.path.join(PHOTOS, "huodong-photos.md")
    out = os.path.join(TMP, "photos.pdf")
    t0 = time.monotonic()
    r = render(src, out, "-v")
    took = time.monotonic() - t0
    check(r.returncode == 0, r.stderr)
    size = os.path.getsize(out)
    check(size < 1_000_000, f"the photo sample is {size} bytes")
    check(re.search(r"^Pages:\s+1$", run(["pdfinfo", out]).stdout, re.M), "not one page")
    check(re.search(r"photos: 2 at \d+% of the measure \(preferred 70%, minimum 40%\), taking \d+ body "
                    r"lines; the body keeps [\d.]+ pt", r.stderr), r.stderr)
    rows = [l.split() for l in run(["pdfimages", "-list", out]).stdout.splitlines()[2:]]
    check(len(rows) == 2, f"want 2 images: {rows}")
    for row in rows:
        check(row[2] == "image" and row[8] == "jpeg", f"not a JPEG image: {row}")
        check(int(row[12]) <= 300 and int(row[13]) <= 300, f"over 300 ppi: {row}")
        # both photos are landscape on the page: the sideways one was turned upright
        check(int(row[3]) > int(row[4]), f"a photo is not upright (landscape): {row}")
    text = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    for cap in ("宣讲团在石桥镇中心小学宣讲", "学生在市青少年法治教育基地参观"):
        check(cap in text, f"caption {cap} not on the page: {text}")
    j = json.loads(run([JB, "inspect", src, "--json"]).stdout)
    ph = j["photos"]
    check([p["file"] for p in ph] == ["xuanjiang.jpg", "canguan.jpg"], ph)
    check(ph[0]["source_width_px"] == 4000 and ph[0]["source_height_px"] == 3000, ph[0])
    check(ph[1]["source_width_px"] == 4000 and ph[1]["source_height_px"] == 3000,
          f"the EXIF-rotated photo is not upright: {ph[1]}")
    check(all(p["placed_ppi"] <= 300 and p["embedded_width_px"] < p["source_width_px"] for p in ph), ph)
    # side by side at equal height, and the text below keeps the baseline grid
    check(abs(ph[0]["box"]["height_pt"] - ph[1]["box"]["height_pt"]) < 0.01, ph)
    check(abs(ph[0]["box"]["y_pt"] - ph[1]["box"]["y_pt"]) < 0.01, ph)
    check(any(l["kind"] == "caption" for l in j["lines"]), "no caption lines in inspect")
    check("photo_fit" in j, "inspect has no photo_fit")
    check(took < 30, f"rendering with photos took {took:.2f} s")  # loose: CI runs it under ASan too
    print(f"photo sample: {size} bytes, {took:.2f} s")


def case_photo_errors():
    """Each hostile or wrong photo is refused within a second with the file and the reason, and
    no PDF is written."""
    import time
    import zlib
    d = os.path.join(TMP, "rep")
    os.makedirs(d, exist_ok=True)
    jpeg = open(os.path.join(PHOTOS, "xuanjiang.jpg"), "rb").read()
    cases = {
        "truncated.jpg": (jpeg[: len(jpeg) // 2], r"corrupt or truncated"),
        "corrupt.jpg": (jpeg[:2000] + bytes(b ^ 0x5A for b in jpeg[2000:2600]) + jpeg[2600:],
                        r"corrupt or truncated"),
        "bomb.png": (png_bytes(30000, 30000, idat=zlib.compress(b"\0" * 100000)),
                     r"30000 × 30000 pixels: over the limit of 64 megapixels"),
        "ztxt.png": (png_bytes(2, 2, [b"\xff" * 6] * 2, extra=(lambda data: __import__("struct").pack(">I", len(data)) + b"zTXt" + data + __import__("struct").pack(">I", zlib.crc32(b"zTXt" + data)))(b"Comment\0\0" + zlib.compress(b"A" * (64 << 20), 9))),
                     r"text chunk over the limit"),
        "text.jpg": ("这不是图片\n".encode(), r"not an image jianbao can read: it does not start as a JPEG"),
        "png-named.jpg": (png_bytes(2, 2, [b"\xff" * 6] * 2), r"named as JPEG but is a PNG file"),
        "anim.gif": (b"GIF89a" + b"\0" * 20, r"is a GIF image, which jianbao does not read"),
    }
    for name, (data, _) in cases.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    outside = os.path.join(TMP, "outside.jpg")
    with open(outside, "wb") as f:
        f.write(jpeg)
    os.symlink(outside, os.path.join(d, "link.jpg"))
    refs = {n: n for n in cases}
    more = {
        "missing": ("nope.jpg", r"the photo 'nope.jpg' is not there"),
        "parent": ("../outside.jpg", r"outside the report's folder"),
        "symlink": ("link.jpg", r"outside the report's folder"),
        "url": ("https://example.com/a.jpg", r"is a URL"),
        "absolute": (outside, r"is an absolute path"),
    }
    worst = 0.0
    trials = [(n, n, why) for n, (_, why) in cases.items()] + [(k, ref, why) for k, (ref, why) in more.items()]
    for label, ref, why in trials:
        src = photo_report(d, [f"![图注]({ref})"])
        out = os.path.join(TMP, "x.pdf")
        t0 = time.monotonic()
        r = render(src, out)
        took = time.monotonic() - t0
        expect_error(r, 3, r"r\.md:7:\d+: error: ", why)
        worst = max(worst, took)
        check(took < 1.0 or (SLOW and took < 5), f"{label}: {took:.2f} s")
        check(not os.path.exists(out), f"{label}: a PDF was written")
    print(f"slowest refusal: {worst:.2f} s")
    # in the text of a paragraph: a format error
    src = photo_report(d, ["文字![图注](x.jpg)文字"])
    expect_error(render(src, os.path.join(TMP, "x.pdf")), 5, r"a photo inside the text of a paragraph")
    no_pdfs()


def case_photo_fit():
    """One photo alone, centred; PNGs (alpha → soft mask, grey, 16-bit, palette); a report too
    long for its photos is refused with the numbers, and --condense leaves the photos out, the
    last first, naming each."""
    import json
    import struct
    import zlib
    d = os.path.join(TMP, "fit")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(PHOTOS, "xuanjiang.jpg"), d)
    w, h = 64, 48
    rgba = [bytes(v for x in range(w) for v in (255, 4 * x, 0, 0 if x < w // 2 else 255)) for y in range(h)]
    grey16 = [b"".join(struct.pack(">H", 1000 * y) for x in range(w)) for y in range(h)]
    plte = struct.pack(">I", 6) + b"PLTE" + b"\xff\0\0\0\0\xff" + struct.pack(">I", zlib.crc32(b"PLTE\xff\0\0\0\0\xff"))
    pal = [bytes((x // 8) % 2 for x in range(w)) for y in range(h)]
    for name, data in {"alpha.png": png_bytes(w, h, rgba, color_type=6),
                       "grey16.png": png_bytes(w, h, grey16, color_type=0, bit_depth=16),
                       "pal.png": png_bytes(w, h, pal, color_type=3, extra=plte)}.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    src = photo_report(d, ["![宣讲现场](xuanjiang.jpg)", "![透明](alpha.png)", "![灰度](grey16.png)",
                           "![调色板](pal.png)"])
    out = os.path.join(TMP, "fit.pdf")
    r = render(src, out)
    check(r.returncode == 0, r.stderr)
    imgs = run(["pdfimages", "-list", out]).stdout.splitlines()[2:]
    kinds = [l.split()[2] for l in imgs]
    check(kinds.count("smask") == 1 and kinds.count("image") == 4, "\n".join(imgs))
    j = json.loads(run([JB, "inspect", src, "--json"]).stdout)
    ph = j["photos"]
    check([p["soft_mask"] for p in ph] == [False, True, False, False], ph)
    # four consecutive photos: two rows of two, each row centred in the measure, equal heights
    mid = j["left_pt"] + j["measure_pt"] / 2
    for a, b in ((ph[0]["box"], ph[1]["box"]), (ph[2]["box"], ph[3]["box"])):
        check(abs((a["x_pt"] + b["x_pt"] + b["width_pt"]) / 2 - mid) < 0.01, f"not centred: {a} {b}")
        check(abs(a["height_pt"] - b["height_pt"]) < 0.01 and abs(a["y_pt"] - b["y_pt"]) < 0.01, (a, b))
    check(ph[2]["box"]["y_pt"] < ph[0]["box"]["y_pt"] - ph[0]["box"]["height_pt"], "rows overlap")
    # a photo alone between two paragraphs of a section: centred, and the text after it stays on
    # the baseline grid of the text before it (the block takes whole lines)
    one = os.path.join(d, "one")
    os.makedirs(one, exist_ok=True)
    shutil.copy(os.path.join(PHOTOS, "xuanjiang.jpg"), one)
    src1 = photo_report(one, [])
    text = open(src1, encoding="utf-8").read().rstrip("\n")
    with open(src1, "w", encoding="utf-8") as f:
        f.write(text + "\n\n![宣讲现场](xuanjiang.jpg)\n\n宣讲团深入乡镇学校开展活动，受到欢迎。\n")
    j = json.loads(run([JB, "inspect", src1, "--json"]).stdout)
    box = j["photos"][0]["box"]
    check(abs(box["x_pt"] + box["width_pt"] / 2 - mid) < 0.01, f"not centred: {box}")
    body = [l["baseline_pt"] for l in j["lines"] if l["kind"] == "body"]
    above = [y for y in body if y > box["y_pt"] + box["height_pt"]]
    below = [y for y in body if y < box["y_pt"]]
    check(above and below, f"no text around the photo: {body} {box}")
    pitch = min(a - b for a, b in zip(body, body[1:]))  # the leading may open up (§3.2)
    k = (above[-1] - below[0]) / pitch
    check(abs(k - round(k)) < 0.001, f"the text below the photo is off the grid by {k} pitches")
    # too long: refused with the numbers; --condense drops photos last-first
    # the shortest lead that with its photos overflows the page at the floor size
    for n in range(40, 200, 4):
        long = photo_report(d, ["![第一张](xuanjiang.jpg)", "宣讲团深入乡镇学校开展活动。",
                                "![第二张](alpha.png)"], lead_copies=n)
        if render(long, out).returncode == 9:
            break
    if os.path.exists(out):
        os.remove(out)
    r = render(long, out)
    expect_error(r, 9, r"does not fit on one page with its 2 photos: at the floor size of 9\.00 pt, the "
                 r"photos at their minimum of 40% of the measure take \d+ lines? and the page overflows by \d+ lines?; without them the body would be [\d.]+ pt",
                 r"--condense to leave photos out")
    check(not os.path.exists(out), "a PDF was written")
    r = render(long, out, "--condense")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"warning: the photos do not fit on one page; left out 'alpha\.png' \(\d+:\d+\)", r.stderr), r.stderr)
    left = json.loads(run([JB, "inspect", long, "--json", "--condense"]).stdout).get("photos", [])
    check([p["file"] for p in left] == ["xuanjiang.jpg"], left)

def case_spot_colour():
    """[colors] spot writes the layout's one colour as a spot ink (RULES.md §6.7): a Separation
    colour space of that name (spaces and non-ASCII escaped), the CMYK its fallback, for the
    masthead, its rule and every key figure, and no CMYK red left; without the key, or in a PDF/A,
    no Separation."""
    out = os.path.join(TMP, "spot.pdf")
    for name in ("PANTONE 485 C", "专色红 (#1)"):
        r = render(SAMPLE, out, "--set", f"colors.spot={name}")
        check(r.returncode == 0, r.stderr)
        check(run(["qpdf", "--check", out]).returncode == 0, "qpdf --check fails")
        qdf = out + ".qdf"
        run(["qpdf", "--qdf", "--object-streams=disable", out, qdf])
        data, raw = open(qdf, "rb").read(), open(out, "rb").read()  # the page's resources are plain
        esc = "".join(c if "!" < c <= "~" and c not in "#()<>[]{}/%" else
                      "".join(f"#{b:02X}" for b in c.encode()) for c in name)
        check(f"/Separation /{esc} /DeviceCMYK".encode() in raw, f"no Separation {esc}")
        check(b"/C1 [ 0 1 1 0.2 ]" in raw, "the fallback is not the layout's CMYK")
        check(b"/JBSpot cs 1 scn" in data and b"/JBSpot CS 1 SCN" in data, "the ink is not used")
        check(b"0 1 1 0.2 k" not in data and b"0 1 1 0.2 K" not in data, "a CMYK red is left")
        trace = json.loads(run(["/work/shared/tools/pdftrace", out]).stdout) \
            if os.path.exists("/work/shared/tools/pdftrace") else None
        if trace:
            inks = [c for c in trace["colours"] if c.startswith("Separation")]
            check(len(inks) == 1 and name in inks[0], f"inks on the page: {trace['colours']}")
    for extra in ([], ["--set", "colors.spot=PANTONE 485 C", "--pdfa"]):
        check(render(SAMPLE, out, *extra).returncode == 0, "render failed")
        run(["qpdf", "--qdf", "--object-streams=disable", out, out + ".qdf"])
        check(b"/Separation" not in open(out + ".qdf", "rb").read(), f"{extra}: a Separation")


def english_report():
    """A report of long English sentences in Chinese paragraphs (RULES.md §4.4; .ci/run's TSan
    batch renders it too)."""
    return os.path.join(ROOT, "tests", "data", "english-words.md")


def case_emergency_flush():
    """Lines of a URL or a long token broken where no break is allowed end flush on the measure,
    in every layout: the last letter's box (as pdftotext -bbox sees it, from the font's own
    advance) meets the right edge, its kerning toward the letter that went to the next line
    taken back (main ended `…index_detail_page_` 1.26 pt past it, `www.` 0.51 pt). A URL breaks
    between two of its letters where that spares the lines around it a spread."""
    src = write("emergency.md", "---\ntitle: 网址测试\n---\n\n详见市关工委门户网站公告https://www.example.gov.cn/"
                "guanxin/xiayidai/tongzhi/2026/07/03/abcdefghijklmnopqrstuvwxyz0123456789/"
                "index_detail_page_with_a_very_long_name_indeed.html，请各单位认真学习。\n\n"
                "另见令牌ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "abcdefghij结束。\n")
    for layout in ("red-header", "modern", "mono"):
        lay = os.path.join(ROOT, "layouts", f"{layout}.ini")
        out = os.path.join(TMP, f"emergency-{layout}.pdf")
        r = render(src, out, "--layout", lay, "-q")
        check(r.returncode == 0, f"{layout}: {r.stderr}")
        page = inspect_json(src, "--layout", lay)
        right = page["left_pt"] + page["measure_pt"]
        ends = {round(page["page_height_pt"] - ln["baseline_pt"]): ln for ln in page["lines"]
                if ln["kind"] == "body" and not ln["last"]}
        check(len(ends) >= 4, f"{layout}: {len(ends)} broken lines")
        words = re.findall(r'xMax="([\d.]+)" yMax="([\d.]+)"', run(["pdftotext", "-bbox", out, "-"]).stdout)
        seen = 0
        for x_max, y_max in words:
            for y, ln in ends.items():
                if abs(float(y_max) - y - 0.12 * ln["size_pt"]) < 0.6 * ln["size_pt"]:
                    seen += 1
                    check(abs(float(x_max) - right) < 0.05,
                          f"{layout}: {ln['text']!r} ends at {float(x_max):.3f}, the measure at {right:.3f}")
        check(seen == len(ends), f"{layout}: {seen} of {len(ends)} lines found in pdftotext -bbox")
        # the URL splits between two of its letters rather than spread the lines before it
        # (main: 详见…公告https://www. with 0.6 em between every character)
        for ln in page["lines"]:
            if ln["kind"] == "body" and not ln["last"] and ("http" in ln["text"] or "/" in ln["text"]):
                check(ln["stretch_pt"] < 0.1 * ln["size_pt"],
                      f"{layout}: {ln['text']!r} stretched {ln['stretch_pt']} pt a gap")


def case_hyphenation():
    """English words break at libhyphen's points with a hyphen drawn at the line's end (RULES.md
    §4.4): on a B5 page, English sentences in a Chinese report stretch their word spaces by at
    most 0.15 em (main: up to 0.62 em, and a line starting with ，), every hyphenated line ends
    flush on the measure inside a word of the source, and pdftotext gives the words whole."""
    import json
    src = english_report()
    text = open(src, encoding="utf-8").read()
    r = run([JB, "inspect", src, "--json", "--set", "page.size=B5"])
    check(r.returncode == 0, r.stderr)
    j = json.loads(r.stdout)
    body = [l for l in j["lines"] if l["kind"] in ("body", "lead")]
    right = j["left_pt"] + j["measure_pt"]
    hyphened = [l for l in body if re.search(r"[a-z]-$", l["text"])]
    check(len(hyphened) >= 2, f"no word hyphenated: {[l['text'] for l in body]}")
    for l in hyphened:
        word = re.search(r"([a-z]+)-$", l["text"]).group(1)
        check(re.search(word + r"[a-z]", text), f"{word}- is not inside a word of the source")
        check(abs(l["x1_pt"] - right) < 0.05, f"a hyphenated line is not flush: {l['x1_pt']} {right}")
    worst = max(l["stretch_pt"] / l["size_pt"] for l in body if re.search(r"[a-z]{3}", l["text"]))
    check(worst <= 0.15, f"English word spaces stretch by {worst:.2f} em")
    check(not any(l["text"].startswith("，") for l in body), "a line starts with ，")
    out = os.path.join(TMP, "en.pdf")
    check(render(src, out, "--set", "page.size=B5").returncode == 0, "render failed")
    words = re.sub(r"\s+", " ", run(["pdftotext", out, "-"]).stdout)
    for w in ("governments", "transportation", "implementation", "predictable"):
        check(w in words, f"{w} is not whole in the text: {words}")


def case_lines_saved_cheaply():
    """The fit saves only the lines the page needs, from the paragraphs that give them most
    cheaply (RULES.md §3.2): the imported anquan-yidun in the modern layout squeezes 3 lines, by
    at most 1.3 em (main: 6 lines, up to 2.18 em, every paragraph that could give a line)."""
    import json
    src = os.path.join(ROOT, "samples", "anquan-yidun.txt")
    j = json.loads(run([JB, "inspect", src, "--json", "--layout",
                        os.path.join(ROOT, "layouts", "modern.ini")]).stdout)
    sq = [l["shrink_pt"] / l["size_pt"] for l in j["lines"] if l["kind"] in ("body", "lead")
          and l["shrink_pt"] > 0.01]
    check(j["spare_pt"] >= 0 and len(sq) <= 3 and max(sq) <= 1.3,
          f"{len(sq)} lines squeezed, up to {max(sq):.2f} em")


def case_header_balance():
    """The header balanced for every combination of 期号, unit and date (RULES.md §5.4), in the
    default and modern layouts: the first line under the name stands as far below it whichever
    line that is (main set a lone date 0.2 of its size under the name, like a subscript), the
    title as far below the last header line, no empty line is kept for a missing unit and date,
    and under a flush-left name (modern) the 期号 and the unit start where the name does."""
    import itertools
    import json
    fields = {"issue": "第3期", "unit": "西湖区委办公室编", "date": "2024-03-28"}
    for lay in (None, "modern"):
        extra = ["--layout", os.path.join(ROOT, "layouts", lay + ".ini")] if lay else []
        under, to_title, bare = set(), set(), None
        for combo in itertools.product((0, 1), repeat=3):
            front = "".join(f"{k}: {v}\n" for (k, v), on in zip(fields.items(), combo) if on)
            src = write("h.md", f"---\ntitle: 宣讲团走进乡村学校\n{front}---\n\n市关工委组织宣讲团走进乡村学校。\n")
            j = json.loads(run([JB, "inspect", src, "--json"] + extra).stdout)
            head = [l for l in j["lines"] if l["kind"] == "masthead"]
            title = [l for l in j["lines"] if l["kind"] == "title"][0]
            rows = sorted({round(l["baseline_pt"], 2) for l in head}, reverse=True)
            if len(rows) == 1:
                bare = rows[0] - title["baseline_pt"]
                continue
            under.add(round(rows[0] - rows[1], 2))
            to_title.add(round(rows[-1] - title["baseline_pt"], 2))
            xs = {l["text"]: l["x0_pt"] for l in head}
            if lay == "modern" and combo[0] and combo[1]:
                check(abs(xs["第3期"] - xs["西湖区委办公室编"]) < 0.01 and
                      abs(xs["第3期"] - j["left_pt"]) < 0.01, f"modern: 期号 and unit not flush left: {xs}")
        check(len(under) == 1, f"{lay}: the line under the name stands at {under} pt")
        check(len(to_title) == 1, f"{lay}: the title stands {to_title} pt below the header")
        check(bare is not None and bare < min(to_title) + min(under), f"{lay}: a bare name keeps room: {bare}")


def case_parallel_heads():
    """Parallel heads are composed alike (RULES.md §5.4): in every layout, the （一）…（四） heads
    of banshishi-paren run in before tight paragraphs, and each one's ） keeps its one em, neither
    squeezed nor letter-spaced (main: 0.56, 1.04, 1.04 and 1.00 em); the sample's head
    重作用，“五老” keeps its ，“ at 1.5 em."""
    import json
    src = os.path.join(ROOT, "samples", "banshishi-paren.md")
    for lay in (None, "modern", "mono"):
        extra = ["--layout", os.path.join(ROOT, "layouts", lay + ".ini")] if lay else []
        j = json.loads(run([JB, "inspect", src, "--json"] + extra).stdout)
        widths = []
        for ln in j["lines"]:
            t, xs = ln["text"], ln["glyph_x_pt"]
            if ln["kind"] == "body" and len(t) == len(xs) and re.match(r"（[一二三四]）", t):
                widths.append(round((xs[3] - xs[2]) / ln["size_pt"], 3))
        check(len(widths) == 4, f"{lay}: want 4 heads: {widths}")
        check(all(abs(w - 1) < 0.005 for w in widths), f"{lay}: the heads' ） differ: {widths} em")
    # a head's ，“ keeps the 1.5 em of §2.3 however tight its line (main: 1.17 em on the sample)
    j = json.loads(run([JB, "inspect", SAMPLE, "--json"]).stdout)
    found = [l for l in j["lines"] if "用，“五" in l["text"]]
    check(found, "no line holds the head 重作用，“五老”")
    l = found[0]
    k = l["text"].index("用，“五")
    em = (l["glyph_x_pt"][k + 3] - l["glyph_x_pt"][k + 1]) / l["size_pt"]
    check(abs(em - 1.5) < 0.005, f"，“ in the head takes {em:.3f} em, want 1.5")


def case_caption_words():
    """English in captions breaks as in body text, in every layout: at spaces (and, for a word too
    long for its photo's width, at a hyphenation point with a hyphen drawn), never between two
    letters without a hyphen; its lines are set ragged, at their natural width (no stretched word
    spaces), centred under the photo. A Chinese caption stays justified."""
    d = os.path.join(TMP, "capw")
    os.makedirs(d, exist_ok=True)
    shapes = {"a43.png": (400, 300), "p34.png": (300, 400), "c32.png": (450, 300)}
    for name, (w, h) in shapes.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(png_bytes(w, h, [bytes((80, 140, 220)) * w for _ in range(h)]))
    caps = ["Volunteers of the Silver Mentors programme visiting Shiqiao Central Primary School",
            "Intergenerational storytelling workshop",
            "学生在Legal-education基地参观interactive exhibitions about cyberbullying"]
    para = ("市关工委组织“五老”宣讲团深入5个乡镇的12所乡村中小学开展政策宣讲和法治教育活动，"
            "受众师生4600余人次，受到基层学校和家长的普遍欢迎。")
    body = [para] + [f"![{c}]({n})" for c, n in zip(caps, shapes)] + [para, para]
    src = os.path.join(d, "c.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 宣讲团走进乡村学校\n---\n\n" + "\n\n".join(body) + "\n")
    for layout in ("red-header", "modern", "mono"):
        j = inspect_json(src, "--layout", os.path.join(ROOT, "layouts", f"{layout}.ini"))
        lines = [ln for ln in j["lines"] if ln["kind"] == "caption"]
        check(len(lines) >= 5, f"{layout}: {len(lines)} caption lines")
        for a, b in zip(lines, lines[1:]):
            if a["last"]:
                continue
            t = a["text"]
            end, start = re.search(r"[A-Za-z]*$", t).group(), re.match(r"[A-Za-z]*", b["text"]).group()
            inside = end and start and any(re.search(rf"\b{end}{start}", c) for c in caps)  # a split word
            check(not inside, f"{layout}: a caption breaks inside a word: {t!r} / {b['text']!r}")
            latin = re.search(r"[A-Za-z] [A-Za-z]", t + " " + b["text"])
            check(not latin or a["stretch_pt"] == 0,
                  f"{layout}: {t!r} stretched {a['stretch_pt']} pt a gap")
        for p in j["photos"]:
            box = p["box"]
            for ln in lines:
                if box["x_pt"] - 0.5 <= ln["x0_pt"] and ln["x1_pt"] <= box["x_pt"] + box["width_pt"] + 0.5:
                    mid = (ln["x0_pt"] + ln["x1_pt"]) / 2
                    check(abs(mid - (box["x_pt"] + box["width_pt"] / 2)) < 0.05,
                          f"{layout}: {ln['text']!r} not centred under its photo")


def case_photo_rows():
    """Three consecutive photos (4:3, a 3:4 portrait, 3:2) in a report of about 480 characters: one
    page by default, the photos in one or two rows at equal height per row (the portrait as tall
    as its neighbours, so narrower), upright, at most 300 ppi, each caption under its own photo,
    and the body keeps its size without photos (the rows and sizes are chosen before it shrinks);
    as much white above the row as below its captions.
    [photo] row = 1 (one photo a row, the old way) does not fit at all."""
    d = os.path.join(TMP, "rows")
    os.makedirs(d, exist_ok=True)

    def scene(w, h):  # a red band at the top, sky, ground: a turned photo shows at once
        return png_bytes(w, h, [bytes((220, 40, 40) if y < h * 0.15 else (80, 140, 220) if y < h * 0.6
                                      else (60, 140, 60)) * w for y in range(h)])
    shapes = {"a43.png": (1600, 1200), "p34.png": (1200, 1600), "c32.png": (1800, 1200)}
    for name, (w, h) in shapes.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(scene(w, h))
    para = ("市关工委组织“五老”宣讲团深入5个乡镇的12所乡村中小学开展政策宣讲和法治教育活动，"
            "受众师生4600余人次，受到基层学校和家长的普遍欢迎。")
    more = ("各校还结合宣讲内容开展了主题征文、手抄报评比和演讲比赛，学生踊跃参与，"
            "共收到作品320余件，评选优秀作品45件，在校园宣传栏集中展示。")
    caps = ["宣讲团在石桥镇中心小学宣讲", "学生代表发言", "学生在市青少年法治教育基地参观"]
    body = [para] + [f"![{c}]({n})" for c, n in zip(caps, shapes)] + [
        "## 一、宣讲进课堂，讲好身边故事。",
        "宣讲团由退休干部、老教师、老战士等23人组成，结合亲身经历讲述乡村振兴的新变化，用“小切口”讲清"
        "“大道理”。各校共安排专题课36节，组织师生座谈18场，收集学生提问210余条并逐一解答。",
        more, more, more, "## 二、下步打算", "市关工委将总结此次活动经验，建立宣讲团常态化进校园机制，"
        "力争年内覆盖全市所有乡村学校。"]
    src = os.path.join(d, "r.md")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 宣讲团走进乡村学校\n---\n\n" + "\n\n".join(body) + "\n")
    chars = sum(len(b) for b in body if not b.startswith("!["))
    check(400 <= chars <= 520, f"the report has {chars} characters")
    out = os.path.join(TMP, "rows.pdf")
    r = render(src, out, "-v")
    check(r.returncode == 0, r.stderr)
    check(re.search(r"^Pages:\s+1$", run(["pdfinfo", out]).stdout, re.M), "not one page")
    check(re.search(r"photos: 3 at \d+% .*; the body keeps [\d.]+ pt, its size without photos", r.stderr),
          f"the body shrank for the photos: {r.stderr}")
    rows = [l.split() for l in run(["pdfimages", "-list", out]).stdout.splitlines()[2:]]
    check(len(rows) == 3, f"want 3 images: {rows}")
    for row, (w, h) in zip(rows, shapes.values()):
        check(int(row[12]) <= 300 and int(row[13]) <= 300, f"over 300 ppi: {row}")
        check((int(row[3]) > int(row[4])) == (w > h), f"a photo is not upright: {row}")
    j = json.loads(run([JB, "inspect", src, "--json"]).stdout)
    ph = j["photos"]
    tops = sorted({round(p["box"]["y_pt"] + p["box"]["height_pt"], 1) for p in ph})
    check(1 <= len(tops) <= 2, f"the photos stand in {len(tops)} rows: {ph}")
    for a in ph:
        for b in ph:
            if abs(a["box"]["y_pt"] - b["box"]["y_pt"]) < 0.01:
                check(abs(a["box"]["height_pt"] - b["box"]["height_pt"]) < 0.01, f"unequal heights: {a} {b}")
        box = a["box"]
        ratio = box["width_pt"] / box["height_pt"]
        want = a["source_width_px"] / a["source_height_px"]
        check(abs(ratio - want) < 0.01, f"distorted: {a}")
    check(ph[1]["box"]["width_pt"] < ph[1]["box"]["height_pt"], f"the portrait is not upright: {ph[1]}")
    # each decoded no smaller than its row needs (job.c follows the rows): 300 ppi, not less
    check(all(p["placed_ppi"] >= 295 for p in ph), f"a photo decoded too small for its row: {ph}")
    # each caption's lines under its own photo: inside its width, below its foot
    caps_lines = [l for l in j["lines"] if l["kind"] == "caption"]
    for p in ph:
        box = p["box"]
        mine = [l for l in caps_lines if box["x_pt"] - 0.5 <= l["x0_pt"] and l["x1_pt"] <= box["x_pt"] + box["width_pt"] + 0.5
                and l["baseline_pt"] < box["y_pt"]]
        check(mine, f"no caption under {p['file']}: {caps_lines}")
    text = re.sub(r"\s+", "", run(["pdftotext", out, "-"]).stdout)
    for c in caps:
        check(c in text, f"caption {c} not on the page")
    # as much white above the row (to the line before's ink) as below its captions (main: 1.1
    # against 2.75 em on the photo sample)
    top = max(p["box"]["y_pt"] + p["box"]["height_pt"] for p in ph)
    before = [l for l in j["lines"] if l["baseline_pt"] > top][-1]
    last_cap = min(l["baseline_pt"] for l in caps_lines)
    after = [l for l in j["lines"] if l["baseline_pt"] < last_cap - 1][0]
    above = before["baseline_pt"] - 0.12 * before["size_pt"] - top
    below = last_cap - 0.12 * caps_lines[0]["size_pt"] - (after["baseline_pt"] + 0.88 * after["size_pt"])
    check(abs(above - below) < 0.5, f"{above:.1f} pt above the photos, {below:.1f} pt below the captions")
    # one photo a row: the page does not hold them
    r = render(src, out, "--set", "photo.row=1")
    check(r.returncode == 9, f"one photo a row fits: {r.stderr}")

def fault_case(name):
    """One case of tests/fault_matrix.py (the issue 30 reproducers), run from here."""
    sys.argv = [sys.argv[0], JB, ROOT]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import fault_matrix
    try:
        exp, got, ok = getattr(fault_matrix, "case_" + name)()
    finally:
        shutil.rmtree(fault_matrix.TMP, ignore_errors=True)
    check(ok and not fault_matrix.REPORTS, f"{name}: expected {exp}, got {got} {fault_matrix.REPORTS}")


def case_serve_null_form_name():
    """A multipart part with no name= answers 400 form_part_unnamed, and serve stays up."""
    fault_case("null_form_name")


def case_serve_json_nul():
    """A \\u0000 in JSON text (or an option) answers 400 json_nul, not a truncated brief."""
    fault_case("json_nul")


def case_serve_issue():
    """serve takes a pasted issue and a Word document of items, and names a 编者按 it does not set."""
    fault_case("issue_items")


def case_serve_budget_docx():
    """A Word file placing one 64-megapixel PNG 12 times: refused or rendered under 400 MB in 5 s."""
    fault_case("budget_docx")


def case_serve_render_deadline():
    """A render over --render-timeout is stopped between its photos and answered 504."""
    fault_case("render_deadline")


def case_fifo_photo():
    """A FIFO as a photo, layout, font by path or manifest: an error within a second, alone and in a
    batch (the rest written); watch says why and goes on."""
    fault_case("fifo_photo")


def case_serve_slowloris():
    """A probe succeeds while 300 slow-header connections are open (one address, and 30)."""
    fault_case("slowloris")


def case_long_output_name():
    """A 244-byte output name is written (the temporary name fits NAME_MAX)."""
    fault_case("long_name")


def case_api_symbols():
    """The library's interface three ways, which must agree: the functions jianbao.h declares
    (with its diag.h, less the JB_INTERNAL part),
    the symbols jianbao.map exports, and what libjianbao.so exports (nm -D)."""
    header = "".join(open(os.path.join(ROOT, "src", h), encoding="utf-8").read()
                     for h in ("jianbao.h", "diag.h"))  # jianbao.h re-exports diag.h
    header = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
    header = re.sub(r"#ifdef JB_INTERNAL.*?;\s*#endif", "", header, flags=re.S)  # not the API
    declared = set(re.findall(r"^[a-z][\w \*]*?\b(jb_\w+)\s*\(", header, re.M))
    mapped = open(os.path.join(ROOT, "src", "jianbao.map"), encoding="utf-8").read()
    mapped = re.sub(r"/\*.*?\*/", "", mapped, flags=re.S)
    body = re.search(r"global:(.*?)local:", mapped, re.S).group(1)
    exported = set(re.findall(r"\b(jb_\w+)\s*;", body))
    check(declared, "no declarations found in jianbao.h")
    check(declared == exported, f"jianbao.h declares {sorted(declared - exported)} not in jianbao.map; "
          f"jianbao.map exports {sorted(exported - declared)} not declared in jianbao.h")
    lib = os.path.join(os.path.dirname(JB), "libjianbao.so")
    if os.path.exists(lib) and shutil.which("nm"):
        r = run(["nm", "-D", "--defined-only", lib])
        check(r.returncode == 0, r.stderr)
        names = {re.sub(r"@.*", "", line.split()[-1]) for line in r.stdout.splitlines() if line.strip()}
        names = {n for n in names if not n.startswith("JIANBAO_")}
        check(names == declared, f"libjianbao.so exports {sorted(names - declared)} beyond jianbao.h, "
              f"lacks {sorted(declared - names)}")


def case_writers():
    """The writer table on the command line: --to json writes inspect's description, the same
    bytes as inspect --json, named by the writer's extension, in a batch too; an unknown format
    is a usage error listing the table's formats; completion lists them."""
    out = os.path.join(TMP, "z.json")
    r = render(SAMPLE, out, "--to", "json")
    check(r.returncode == 0, r.stderr)
    want = run([JB, "inspect", SAMPLE, "--json"]).stdout
    check(open(out, encoding="utf-8").read() == want, "render --to json differs from inspect --json")
    d = os.path.join(TMP, "batch")
    r = run([JB, "render", SAMPLE, os.path.join(ROOT, "samples", "anquan-yidun.md"), "-d", d,
             "--to", "json", "-q"])
    check(r.returncode == 0 and sorted(os.listdir(d)) == ["anquan-yidun.json", "zixi-wuzhong.json"],
          f"{r.stderr} {os.listdir(d) if os.path.isdir(d) else None}")
    r = render(SAMPLE, os.path.join(TMP, "x"), "--to", "nope")
    expect_error(r, 2, r"--to 'nope': no such output format", r"pdf \(the brief as PDF\), .* or json")
    r = run([JB, "--complete", "to"])
    check({"pdf", "json"} <= set(r.stdout.split()), r.stdout)
    r = run([JB, "inspect", SAMPLE, "--json", "--to", "pdf"])
    check(r.returncode == 2 and "does not take --to" in r.stderr, r.stderr)


def loaded_libraries(args, cwd=None):
    """The shared objects the dynamic loader brings in for a run (LD_DEBUG=libs): base names."""
    r = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=dict(os.environ, LD_DEBUG="libs"))
    return r, sorted({os.path.basename(m) for m in re.findall(r"calling init: (\S+)", r.stderr)})


def case_modules():
    """The feature modules (src/plugin.h): a plain brief loads none of them nor their libraries
    (about two dozen objects in all); loose English lines load the hyphen module; a Word document loads the word module with libzip and
    libxml2, an OFD the ofd module with them; with the modules' libxml2 gone (its soname renamed
    in a test prefix), Word import and OFD fail with a message naming the missing library, never
    a crash, and a plain brief still renders."""
    optional = ("libjianbao-", "libxml2", "libzip", "libicu", "libmicrohttpd", "libgnutls", "libhyphen")
    r, libs = loaded_libraries([JB, "render", SAMPLE, "-o", os.path.join(TMP, "plain.pdf")])
    check(r.returncode == 0, r.stderr[-500:])
    check(not [l for l in libs if l.startswith(optional)], f"a plain brief loads {libs}")
    runtime = ("libasan", "libubsan", "libtsan", "liblsan", "libstdc++", "libgcc_s")  # sanitizers'
    own = [l for l in libs if not l.startswith(runtime)]
    check(len(own) <= 26, f"a plain brief loads {len(own)} objects: {own}")
    # English words set loose: the hyphen module and libhyphen (RULES.md §4.4); English set well
    # without them (mixed-latin.md) loads neither
    r, libs = loaded_libraries([JB, "render", os.path.join(ROOT, "tests", "data", "mixed-latin.md"),
                                "-o", os.path.join(TMP, "latin.pdf")])
    check(r.returncode == 0, r.stderr[-500:])
    check(not [l for l in libs if l.startswith(("libjianbao-hyphen", "libhyphen"))],
          f"English set well loads {libs}")
    r, libs = loaded_libraries([JB, "render", english_report(), "-o", os.path.join(TMP, "en.pdf"),
                                "--set", "page.size=B5"])
    check(r.returncode == 0, r.stderr[-500:])
    for want in ("libjianbao-hyphen.so", "libhyphen"):
        check([l for l in libs if l.startswith(want)], f"loose English does not load {want}: {libs}")
    word = os.path.join(ROOT, "tests", "data", "docx", "pandoc-sample.docx")
    r, libs = loaded_libraries([JB, "render", word, "-o", os.path.join(TMP, "word.pdf")])
    check(r.returncode == 0, r.stderr[-500:])
    for want in ("libjianbao-word.so", "libxml2", "libzip"):
        check([l for l in libs if l.startswith(want)], f"a Word document does not load {want}: {libs}")
    check(not [l for l in libs if l.startswith("libjianbao-ofd")], f"a Word brief to PDF loads {libs}")
    r, libs = loaded_libraries([JB, "render", SAMPLE, "-o", os.path.join(TMP, "plain.ofd")])
    check(r.returncode == 0, r.stderr[-500:])
    for want in ("libjianbao-ofd.so", "libxml2", "libzip"):
        check([l for l in libs if l.startswith(want)], f"an OFD render does not load {want}: {libs}")
    check(not [l for l in libs if l.startswith("libjianbao-word")], f"an OFD render loads {libs}")
    # a prefix whose word module needs a libxml2 that is not there
    build = os.path.dirname(os.path.dirname(JB))
    prefix = os.path.join(TMP, "prefix")
    r = run(["cmake", "--install", build, "--prefix", prefix])
    check(r.returncode == 0, r.stdout + r.stderr)
    mods = [os.path.join(d, f) for d, _, fs in os.walk(prefix) for f in fs if f == "libjianbao-word.so"]
    check(len(mods) == 1, f"the word module is not installed once: {mods}")
    data = open(mods[0], "rb").read()
    m = re.search(rb"libxml2\.so\.(\d+)\x00", data)
    check(m, "the word module does not name libxml2")
    gone = b"libxml2.so." + (b"9" * len(m.group(1))) + b"\x00"  # same length: a soname not installed
    open(mods[0], "wb").write(data[:m.start()] + gone + data[m.end():])
    jb = os.path.join(prefix, "bin", "jianbao")
    r = run([jb, "render", word, "-o", os.path.join(TMP, "none.pdf")])
    check(r.returncode == 69, f"exit {r.returncode}: {r.stderr}")  # a part missing, not bad input
    check(re.search(r"error: cannot read Word documents: .*libxml2\.so\.9+: cannot open shared object file",
                    r.stderr), r.stderr)
    check("install libzip and libxml2" in r.stderr, r.stderr)
    check(not os.path.exists(os.path.join(TMP, "none.pdf")), "a PDF was written")
    mods = [os.path.join(d, f) for d, _, fs in os.walk(prefix) for f in fs if f == "libjianbao-ofd.so"]
    check(len(mods) == 1, f"the ofd module is not installed once: {mods}")
    data = open(mods[0], "rb").read()
    m = re.search(rb"libxml2\.so\.(\d+)\x00", data)
    check(m, "the ofd module does not name libxml2")
    open(mods[0], "wb").write(data[:m.start()] + gone + data[m.end():])
    r = run([jb, "render", SAMPLE, "-o", os.path.join(TMP, "none.ofd")])
    check(r.returncode == 69, f"exit {r.returncode}: {r.stderr}")
    check(re.search(r"error: cannot write OFD: .*libxml2\.so\.9+: cannot open shared object file", r.stderr),
          r.stderr)
    check(not os.path.exists(os.path.join(TMP, "none.ofd")), "an OFD was written")
    r = run([jb, "render", SAMPLE, "-o", os.path.join(TMP, "still.pdf")])
    check(r.returncode == 0, r.stderr)


if LIST:
    print("\n".join(name[5:] for name in list(globals()) if name.startswith("case_")))
    sys.exit(0)
try:
    globals()["case_" + CASE]()
    print(f"PASS {CASE}")
finally:
    shutil.rmtree(TMP, ignore_errors=True)
