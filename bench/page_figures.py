#!/usr/bin/env python3
"""The figures a typesetter signs a page out by (issue 25), per sample and layout, from the page
itself (`inspect --json` and the PDF's content stream):

  highlights/100  key figures kept red per 100 characters of the paragraphs (RULES.md §6.7: at most 2)
  colours         the distinct colours besides black on the page, fills and strokes (one per layout)
  title           the title's lines, ' / ' between them
  comma em        the width of every ， inside a line (not at a line's end, not before an opening
                  mark), its gap's stretch taken out: least, most and their spread (how evenly the
                  page is compressed, §3.2)
  squeezed        lines compressed beyond the fixed rules, and the most one gives up (em)
  Kai share       the share of body and lead glyphs in Kai (the lead is the opening paragraph)

Usage: bench/page_figures.py [JIANBAO] [--png DIR]   (default build/src/jianbao; run from anywhere)
  --png DIR  also writes DIR/<sample>.<layout>.png (-1.png, -2.png … for several pages) of every
             page (pdftoppm -r 50), to look at
             (docs/samples holds them: bench/page_figures.py --png docs/samples)
Prints a Markdown table. Needs poppler-utils and qpdf.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:]]
png = None
if "--png" in args:
    png = args[args.index("--png") + 1]
    del args[args.index("--png"):args.index("--png") + 2]
JB = os.path.abspath(args[0]) if args else os.path.join(ROOT, "build", "src", "jianbao")
SAMPLES = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md"))) + \
    sorted(glob.glob(os.path.join(ROOT, "samples", "*.txt"))) + \
    [os.path.join(ROOT, "samples", "photos", "huodong-photos.md"),
     os.path.join(ROOT, "docs", "example-with-foot.md")]
LAYOUTS = sorted(glob.glob(os.path.join(ROOT, "layouts", "*.ini")))


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def colours(pdf, tmp):
    """The CMYK, RGB and grey colours a page sets, black and white left out."""
    qdf = os.path.join(tmp, "q.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf])
    data = open(qdf, "rb").read().decode("latin-1")
    found = set()
    for m in re.finditer(r"((?:[\d.]+ ){3}[\d.]+) [kK]\b|((?:[\d.]+ ){2}[\d.]+) (?:rg|RG)\b", data):
        v = m.group(1) or m.group(2)
        nums = [float(x) for x in v.split()]
        if m.group(1) and nums[:3] == [0, 0, 0]:
            continue  # black or a grey of K alone
        if m.group(2) and len(set(nums)) == 1:
            continue
        found.add(("cmyk " if m.group(1) else "rgb ") + v)
    return sorted(found)


def comma_widths(j):
    out = []
    for ln in j["lines"]:
        if ln["kind"] not in ("body", "lead"):
            continue
        t, xs, size = ln["text"], ln["glyph_x_pt"], ln["size_pt"]
        if len(t) != len(xs):
            continue
        for i, ch in enumerate(t):
            # a ， before an opening mark is a pair (§2.3), measured with it: left out here
            if ch == "，" and i + 1 < len(t) and t[i + 1] not in "“‘（《「『〔【":
                out.append((xs[i + 1] - xs[i] - ln["stretch_pt"]) / size)
    return out


def chars_of(doc):
    n = sum(len(p) for p in doc.get("lead", []))
    for s in doc.get("sections", []):
        n += sum(len(p) for p in s.get("paragraphs", []))
    return n


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in SAMPLES:
            for lay in LAYOUTS:
                name = f"{os.path.basename(src)}.{os.path.basename(lay)[:-4]}"
                pdf = os.path.join(tmp, name + ".pdf")
                r = run([JB, "render", src, "--layout", lay, "-o", pdf, "-q"])
                if r.returncode != 0:
                    rows.append(f"| {name} | refused: {r.stderr.strip()[:80]} |")
                    continue
                j = json.loads(run([JB, "inspect", src, "--layout", lay, "--json", "-q"]).stdout)
                doc = j["document"]
                n, figs = chars_of(doc), len(doc["figures"])
                if doc.get("items"):  # an issue: every item's figures, the body lines' characters
                    figs = sum(len(i["figures"]) for i in doc["items"])
                    n = sum(len(l["text"]) for l in j["lines"] if l["kind"] in ("body", "lead"))
                per100 = 100 * figs / n if n else 0
                title = " / ".join(l["text"] for l in j["lines"] if l["kind"] == "title")
                if doc.get("items"):
                    title = f"{len(doc['items'])} items, {j.get('n_pages', 1)} page(s)"
                cw = comma_widths(j)
                spread = f"{min(cw):.2f}–{max(cw):.2f} ({max(cw) - min(cw):.2f})" if cw else "–"
                sq = [l["shrink_pt"] / l["size_pt"] for l in j["lines"]
                      if l["kind"] in ("body", "lead") and l["shrink_pt"] > 0.01]
                squeezed = f"{len(sq)}, ≤ {max(sq):.2f}" if sq else "0"
                trace = json.loads(run(["/work/shared/tools/pdftrace", pdf]).stdout or "{}") \
                    if os.path.exists("/work/shared/tools/pdftrace") else {}
                kai = trace.get("kai_share_body", "–")
                rows.append(f"| {name} | {figs}/{n} = {per100:.2f} | "
                            f"{', '.join(colours(pdf, tmp)) or 'none'} | {title} | {spread} | "
                            f"{squeezed} | {kai} |")
                if png:
                    os.makedirs(png, exist_ok=True)
                    # one PNG a page: NAME.png, or NAME-1.png, NAME-2.png … for several
                    one = ["-singlefile"] if j.get("n_pages", 1) == 1 else []
                    run(["pdftoppm", "-r", "50", "-png"] + one + [pdf, os.path.join(png, name)])
    print("| sample.layout | highlights/100 chars | colours (besides black) | title | ， width em: "
          "least–most (spread) | lines squeezed, most em | Kai share |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
