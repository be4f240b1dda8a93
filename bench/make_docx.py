#!/usr/bin/env python3
"""Writes the long Word document of the instruction-count benchmark (bench/count.sh): the sample
report as pandoc wrote it (tests/data/docx/pandoc-sample.docx: its styles, title, author, date
and lead kept), its five sections repeated with their sentences shuffled until the text reaches
CHARS characters (default 45,000). Deterministic for a seed; needs only Python.

usage: make_docx.py OUT.docx [CHARS] [SEED]
"""
import os
import random
import re
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sections():
    """The sample's sections: (head, [paragraph sentences])."""
    text = open(os.path.join(ROOT, "samples", "zixi-wuzhong.md"), encoding="utf-8").read()
    body = text.split("\n---\n", 1)[1]
    out = []
    for block in body.split("\n## ")[1:]:
        head, _, rest = block.partition("\n")
        paras = [p.strip() for p in rest.split("\n\n") if p.strip()]
        out.append((head.strip(), [re.findall(r"[^。！？]+[。！？]?", p) for p in paras]))
    return out


def para(style, text):
    return ('<w:p><w:pPr><w:pStyle w:val="%s" /></w:pPr><w:r><w:t xml:space="preserve">%s'
            "</w:t></w:r></w:p>" % (style, escape(text)))


def main():
    out = sys.argv[1]
    want = int(sys.argv[2]) if len(sys.argv) > 2 else 45000
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    src = zipfile.ZipFile(os.path.join(ROOT, "tests", "data", "docx", "pandoc-sample.docx"))
    doc = src.read("word/document.xml").decode("utf-8")
    # everything up to the first section's bookmark (title, author, date, lead), and the tail
    start = doc.index("<w:bookmarkStart")
    end = doc.index("<w:sectPr")
    head, tail = doc[:start], doc[end:]
    have = len(re.sub(r"<[^>]+>", "", head))
    secs, body, n = sections(), [], 0
    while have < want:
        title, paras = secs[n % len(secs)]
        pool = [s for p in paras for s in p]
        r.shuffle(pool)
        body.append(para("Heading2", "%s（之%d）" % (title.rstrip("。"), n + 1)))
        for p in paras:
            text, pool = "".join(pool[:len(p)]), pool[len(p):]
            body.append(para("BodyText", text))
            have += len(text)
        have += len(title) + 4
        n += 1
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = (head + "".join(body) + tail).encode("utf-8")
            # a fixed date in the entries, so that the file is the same on every run
            z.writestr(zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), data,
                       zipfile.ZIP_DEFLATED)
    print("%s: %d characters of text, %d sections" % (out, have, n))


if __name__ == "__main__":
    main()
