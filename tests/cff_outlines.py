#!/usr/bin/env python3
"""The CFF subsets jianbao writes itself (src/font_cff.c), read by an independent reader: fontTools.

Renders the sample with every layout (and a brief whose fallback face is a name-keyed CFF font
made here with fontTools) and, for every CID-keyed CFF font program in the PDF
(FontFile3 /CIDFontType0C), checks with fontTools' CFF parser that it is a CID-keyed font whose
charset is the identity (CID k is glyph k, as the content streams use them), that every Font DICT
named by its FDSelect exists, and that every glyph draws exactly the outline and carries the width
of the original font's glyph for the same character (the character found through the PDF's
Encoding CMap and ToUnicode map; the original read from the font file named by the layout).
Exits 77 (skipped) without fontTools (python3-fonttools) or qpdf.
usage: cff_outlines.py JIANBAO ROOT"""
import base64
import io
import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont
except ImportError:
    # Debian's python3-fonttools is for Debian's python3: run there when this one lacks it
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("SKIP: no fontTools (apt-get install python3-fonttools)")
    sys.exit(77)
if shutil.which("qpdf") is None:
    print("SKIP: no qpdf")
    sys.exit(77)

JB, ROOT = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
failures = []


def check(ok, msg):
    if not ok:
        failures.append(msg)
        print("FAIL: " + msg)


def pdf_objects(path):
    r = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                        "--decode-level=generalized", path], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["qpdf"][1]


def stream(objs, ref):
    return base64.b64decode(objs["obj:" + ref]["stream"]["data"])


def value(objs, ref):
    return objs["obj:" + ref]["value"]


def cmap_pairs(text, kind):
    """code -> target of a CMap's cidrange/cidchar (kind 'cid') or bfchar/bfrange ('bf')."""
    out = {}
    for block, body in re.findall(r"begin%s(char|range)(.*?)end%s\1" % (kind, kind), text, re.S):
        for line in body.strip().splitlines():
            parts = re.findall(r"<([0-9A-Fa-f]+)>|(\d+)", line)
            # a character of a bf entry is UTF-16BE (a surrogate pair above U+FFFF)
            vals = [ord(bytes.fromhex(h).decode("utf-16-be")) if h and len(h) == 8
                    else int(h, 16) if h else int(d) for h, d in parts]
            if block == "char":
                out[vals[0]] = vals[1]
            else:
                for k in range(vals[0], vals[1] + 1):
                    out[k] = vals[2] + k - vals[0]
    return out


_faces = {}


def layout_faces(layout):
    """PostScript name -> (TTFont, cmap) of every face a layout names."""
    cp = configparser.ConfigParser(interpolation=None, strict=False)
    cp.read(layout, encoding="utf-8")
    faces = {}
    for _, spec in cp.items("fonts") if cp.has_section("fonts") else []:
        path, _, idx = spec.strip().partition(":")
        if not path.startswith("/"):
            path = os.path.join(ROOT, path)
        if not os.path.exists(path):
            continue
        key = (path, int(idx or 0))
        if key not in _faces:
            f = TTFont(path, fontNumber=key[1], lazy=True)
            name = f["name"].getDebugName(6) or ""
            _faces[key] = (re.sub(r"[^A-Za-z0-9-]", "", name), f, f.getBestCmap())
        ps, f, cmap = _faces[key]
        faces[ps] = (f, cmap)
    return faces


def outline(cs):
    pen = RecordingPen()
    cs.draw(pen)
    return pen.value, cs.width


def check_pdf(pdf, faces, label):
    objs = pdf_objects(pdf)
    seen = 0
    for key, obj in objs.items():
        font = obj.get("value")
        if not isinstance(font, dict) or font.get("/Subtype") != "/Type0":
            continue
        cid = value(objs, font["/DescendantFonts"][0])
        desc = value(objs, cid["/FontDescriptor"])
        if "/FontFile3" not in desc:
            continue
        seen += 1
        base = font["/BaseFont"].split("+", 1)[1]
        what = f"{label} {base}"
        data = stream(objs, desc["/FontFile3"])
        fs = CFFFontSet()
        fs.decompile(io.BytesIO(data), None)
        top = fs[fs.fontNames[0]]
        check(hasattr(top, "ROS"), f"{what}: not CID-keyed")
        order = top.getGlyphOrder()
        check(order[0] == ".notdef" and all(order[k] == "cid%05d" % k for k in range(1, len(order))),
              f"{what}: the charset is not the identity")
        fds = top.FDArray
        for g in order:
            fd = top.CharStrings.getItemAndSelector(g)[1]
            check(fd is not None and fd < len(fds), f"{what}: {g} has no Font DICT")
        enc = cmap_pairs(stream(objs, font["/Encoding"]).decode("latin-1"), "cid")
        uni = cmap_pairs(stream(objs, font["/ToUnicode"]).decode("latin-1"), "bf")
        orig = faces.get(base)
        check(orig is not None, f"{what}: the layout names no such face")
        if orig is None:
            continue
        ofont, ocmap = orig
        ocs = ofont["CFF "].cff[ofont["CFF "].cff.fontNames[0]].CharStrings
        check(outline(top.CharStrings[".notdef"]) == outline(ocs[".notdef"]),
              f"{what}: .notdef differs from the font's")
        done = 0
        for code, c in enc.items():
            u = uni.get(code)
            if u is None or u not in ocmap or c >= len(order):
                check(False, f"{what}: code {code:04X} has no character or glyph")
                continue
            got, want = outline(top.CharStrings[order[c]]), outline(ocs[ocmap[u]])
            check(got == want, f"{what}: U+{u:04X} (CID {c}) is not drawn as the font draws it")
            done += 1
        check(done == len(order) - 1, f"{what}: {done} glyphs reached, {len(order) - 1} in the font")
        print(f"{what}: {done} glyphs, outlines and widths as the font's")
    return seen


def name_keyed_otf(tmp):
    """A name-keyed CFF font (OpenType, glyph names, one Private DICT) made with fontTools from
    tests/data/fonts/extb-test.ttf's outlines: the other kind of CFF font a layout may name."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    src = TTFont(os.path.join(ROOT, "tests", "data", "fonts", "extb-test.ttf"))
    glyphs = src.getGlyphSet()
    order = src.getGlyphOrder()
    fb = FontBuilder(src["head"].unitsPerEm, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(src.getBestCmap())
    charstrings = {}
    for g in order:
        pen = T2CharStringPen(src["hmtx"][g][0], glyphs)
        glyphs[g].draw(pen)
        charstrings[g] = pen.getCharString()
    fb.setupCFF("TestNameKeyed", {"FullName": "Test Name Keyed"}, charstrings, {})
    fb.setupHorizontalMetrics({g: src["hmtx"][g] for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test NK", "styleName": "Regular", "psName": "TestNameKeyed"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    path = os.path.join(tmp, "name-keyed.otf")
    fb.save(path)
    layout = os.path.join(tmp, "name-keyed.ini")
    with open(layout, "w", encoding="utf-8") as f:
        f.write(open(os.path.join(ROOT, "tests", "data", "extb.ini"), encoding="utf-8").read()
                .replace("fallback = fonts/extb-test.ttf", "fallback = " + path))
    report = os.path.join(tmp, "extb.md")
    with open(report, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 吉野家的𠮷字\n---\n\n𠮷野家与𩸽鱼，共有300多人参加。\n")
    return layout, report


def main():
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, JIANBAO_DATA_DIR=ROOT)
    layouts = sorted(os.path.join(ROOT, "layouts", f) for f in os.listdir(os.path.join(ROOT, "layouts"))
                     if f.endswith(".ini"))
    layouts.append(os.path.join(ROOT, "tests", "data", "truetype.ini"))
    sample = os.path.join(ROOT, "samples", "zixi-wuzhong.md")
    jobs = [(layout, sample) for layout in layouts]
    total = 0
    try:
        jobs.append(name_keyed_otf(tmp))
        for layout, report in jobs:
            pdf = os.path.join(tmp, os.path.basename(layout) + ".pdf")
            r = subprocess.run([JB, "render", report, "--layout", layout, "-o", pdf, "-q"],
                               env=env, capture_output=True, text=True)
            check(r.returncode == 0, f"render with {layout}: {r.stderr}")
            if r.returncode == 0:
                # faces a layout leaves out are the default layout's (red-header)
                faces = layout_faces(os.path.join(ROOT, "layouts", "red-header.ini"))
                faces.update(layout_faces(layout))
                total += check_pdf(pdf, faces, os.path.basename(layout))
    finally:
        shutil.rmtree(tmp)
    check(total >= 10, f"only {total} CFF fonts checked")
    if failures:
        sys.exit(1)
    print(f"cff_outlines: {total} CFF subsets read by fontTools, every glyph as the font draws it")


main()
