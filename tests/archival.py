#!/usr/bin/env python3
"""End-to-end tests of the archival outputs (docs/FORMATS.md): PDF/A-1b and OFD.

usage: archival.py JIANBAO ROOT CASE   (CTest runs one case per test; see tests/CMakeLists.txt)
  pdfa        every case (below) with --pdfa: Apache PDFBox Preflight (Debian's libpdfbox2-java)
              finds 0 errors; pdftotext gives the text, pdffonts embedded Unicode subsets;
              byte-identical twice; the layout key gives the same bytes; no soft mask
  ofd_parts   every case's OFD: the parts and files it must have, the references between them
              (IDs, fonts, images, paths in the zip), per-glyph DeltaX, the fonts covering their
              text (fc-query), byte-identical twice
  cli         --to and --pdfa on the command line: bad values, names that contradict --to, default
              names, standard output, a batch's names
  ofd_schema  every part of every case's OFD validates with xmllint against the standard's
              schemas in ROOT/../shared/ofd-schema (exits 77, skipped, when they are not there)
The cases: every sample, the photo sample and a report with a transparent PNG in the default
layout; the sample in the other layouts and the TrueType set; a Word document.
Exits 77 (skipped) when a tool the case needs is missing, saying which.
"""
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib

JB, ROOT, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
TMP = tempfile.mkdtemp(prefix="jb-arch-")
NS = {"ofd": "http://www.ofdspec.org/2016"}
SCHEMAS = os.path.join(ROOT, "..", "shared", "ofd-schema")
PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation",
                  "jaxb-api"]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, **kw)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def skip(why):
    print("skipped:", why)
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(77)


def png_rgba(w, h):
    """A PNG half transparent (left) and half opaque, red to yellow."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = [b"\0" + bytes(v for x in range(w) for v in (255, 4 * x, 0, 0 if x < w // 2 else 255))
            for _ in range(h)]
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def inputs():
    """The samples, the photo sample and a report with a transparent PNG."""
    d = os.path.join(TMP, "alpha")
    os.makedirs(d)
    with open(os.path.join(d, "alpha.png"), "wb") as f:
        f.write(png_rgba(64, 48))
    with open(os.path.join(d, "alpha.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: 宣讲团走进乡村学校\ndate: 2024-05-10\n---\n\n市关工委组织宣讲团走进乡村学校，"
                "受众师生4600余人次。\n\n![透明](alpha.png)\n\n## 一、宣讲进课堂。\n\n宣讲团由23人组成。\n")
    return (sorted(glob.glob(os.path.join(ROOT, "samples", "*.md"))) +
            [os.path.join(ROOT, "samples", "photos", "huodong-photos.md"), os.path.join(d, "alpha.md")])


def cases():
    """(name, input, layout options) of every case."""
    sample = os.path.join(ROOT, "samples", "zixi-wuzhong.md")
    out = [(os.path.splitext(os.path.basename(src))[0], src, []) for src in inputs()]
    out += [(f"zixi-{os.path.splitext(os.path.basename(lay))[0]}", sample, ["--layout", lay])
            for lay in [os.path.join(ROOT, "layouts", "modern.ini"), os.path.join(ROOT, "layouts", "mono.ini"),
                        os.path.join(ROOT, "tests", "data", "truetype.ini")]]
    out.append(("word", os.path.join(ROOT, "tests", "data", "docx", "lo-features.docx"), []))
    return out


def render(src, out, *extra):
    r = run([JB, "render", src, "-o", out, "-q"] + list(extra))
    check(r.returncode == 0, f"{src} -> {out}: exit {r.returncode}: {r.stderr.decode()}")
    with open(out, "rb") as f:
        return f.read()


def case_pdfa():
    jars = [f"/usr/share/java/{j}.jar" for j in PREFLIGHT_JARS]
    missing = [j for j in jars if not os.path.exists(j)]
    if missing or not shutil.which("java"):
        skip("Preflight needs java and " + ", ".join(missing) +
             " (apt-get install default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)")
    pdfs = []
    for name, src, lay in cases():
        out = os.path.join(TMP, name + ".pdf")
        data = render(src, out, "--pdfa", *lay)
        check(render(src, out + "2.pdf", "--pdfa", *lay) == data, f"{name}: two runs differ")
        check(render(src, out + "3.pdf", "--set", "output.pdfa=yes", *lay) == data,
              f"{name}: [output] pdfa = yes differs from --pdfa")
        plain = render(src, out + "4.pdf", *lay)
        check(plain != data and b"/OutputIntents" not in plain, f"{name}: the plain PDF is PDF/A too")
        for key in (b"/OutputIntents", b"/GTS_PDFA1", b"/Metadata", b"pdfaid:part>1<", b"/ID ["):
            check(key in data, f"{name}: no {key.decode()}")
        check(b"/SMask" not in data, f"{name}: a soft mask in PDF/A")
        # the content streams inflated: no CMYK colour operator (k, K) in PDF/A, as in the plain PDF
        cmyk = re.compile(rb"\d k\n|\d K\n")
        for f, want in ((out, False), (out + "4.pdf", True)):
            check(run(["qpdf", "--stream-data=uncompress", f, f + ".raw"]).returncode == 0, "qpdf")
            with open(f + ".raw", "rb") as g:
                check(bool(cmyk.search(g.read())) == want, f"{name}: CMYK colours in {f}: {not want}")
        fonts = run(["pdffonts", out]).stdout.decode().splitlines()[2:]
        check(fonts and all(re.search(r"yes\s+yes\s+yes\s+\d+\s+\d+$", f) for f in fonts),
              f"{name}: a font not embedded, subset, with a ToUnicode map: {fonts}")
        check(data.count(b"/CIDSet") == len(fonts), f"{name}: {data.count(b'/CIDSet')} CIDSets, {len(fonts)} fonts")
        text = run(["pdftotext", out, "-"]).stdout.decode()
        plain_text = run(["pdftotext", out + "4.pdf", "-"]).stdout.decode()
        check(len(text) > 20 and text == plain_text, f"{name}: pdftotext differs from the plain PDF's")
        check(run(["qpdf", "--check", out]).returncode == 0, f"{name}: qpdf --check")
        pdfs.append(out)
    for p in pdfs:  # Validator_A1b reads the first file it is given only
        r = run(["java", "-cp", ":".join(jars), "org.apache.pdfbox.preflight.Validator_A1b", p])
        report = r.stdout.decode() + r.stderr.decode()
        check(r.returncode == 0 and f"The file {os.path.basename(p)} is a valid PDF/A-1b file" in report,
              f"Preflight: {os.path.basename(p)}: {report}")
    print(f"Preflight: {len(pdfs)} PDF/A-1b files, 0 errors")


def ofd_files():
    """(name, source, zip bytes) of every input's OFD."""
    out = []
    for name, src, lay in cases():
        path = os.path.join(TMP, name + ".ofd")
        data = render(src, path, *lay)
        check(render(src, path + "2.ofd", *lay) == data, f"{name}: two runs differ")
        check(render(src, os.path.join(TMP, name + ".x"), "--to", "ofd", *lay) == data,
              f"{name}: --to ofd differs")
        out.append((name, src, path, data))
    return out


def parts_of(z):
    """The XML parts of an OFD package: OFD.xml, then what it and the document name."""
    ofd = ET.fromstring(z.read("OFD.xml"))
    doc_path = ofd.find("ofd:DocBody/ofd:DocRoot", NS).text
    doc_dir = os.path.dirname(doc_path)
    doc = ET.fromstring(z.read(doc_path))
    res = [os.path.join(doc_dir, e.text) for e in doc.findall("ofd:CommonData/ofd:PublicRes", NS)]
    res += [os.path.join(doc_dir, e.text) for e in doc.findall("ofd:CommonData/ofd:DocumentRes", NS)]
    pages = [os.path.join(doc_dir, p.get("BaseLoc")) for p in doc.findall("ofd:Pages/ofd:Page", NS)]
    return ofd, doc_path, doc, res, pages


def charset(font_bytes):
    """The characters a font file maps (fc-query)."""
    path = os.path.join(TMP, "font.bin")
    with open(path, "wb") as f:
        f.write(font_bytes)
    r = run(["fc-query", "--format=%{charset}", path])
    check(r.returncode == 0, "fc-query cannot read an embedded font")
    cps = set()
    for part in r.stdout.decode().split():
        a, _, b = part.partition("-")
        cps.update(range(int(a, 16), int(b or a, 16) + 1))
    return cps


def case_ofd_parts():
    if not shutil.which("fc-query"):
        skip("no fc-query (apt-get install fontconfig)")
    for name, src, path, data in ofd_files():
        z = zipfile.ZipFile(path)
        names = set(z.namelist())
        ofd, doc_path, doc, res_paths, page_paths = parts_of(z)
        check(ofd.get("Version") == "1.0" and ofd.get("DocType") == "OFD", f"{name}: OFD.xml root")
        info = ofd.find("ofd:DocBody/ofd:DocInfo", NS)
        check(re.fullmatch(r"[0-9a-f]{32}", info.find("ofd:DocID", NS).text or ""), f"{name}: DocID")
        check(info.find("ofd:Title", NS) is not None and info.find("ofd:Creator", NS).text == "jianbao",
              f"{name}: DocInfo lacks the title or the creator")
        # one page, or the pages an issue's front matter lets it take (docs/RULES.md §5.7)
        m = re.search(r"^pages: (\d)$", open(src, encoding="utf-8", errors="replace").read(), re.M) \
            if src.endswith(".md") else None
        want = int(m.group(1)) if m else 1
        check(len(page_paths) == want, f"{name}: {len(page_paths)} pages, want {want}")
        used = {"OFD.xml", doc_path} | set(res_paths) | set(page_paths)
        for p in used:
            check(p in names, f"{name}: {p} is named but not in the zip")
        ids = {}
        # every ID once, in every part; MaxUnitID the largest
        for p in [doc_path] + res_paths + page_paths:
            for e in ET.fromstring(z.read(p)).iter():
                if "ID" in e.attrib:
                    i = int(e.get("ID"))
                    check(i not in ids, f"{name}: ID {i} twice ({ids.get(i)}, {e.tag})")
                    ids[i] = e.tag.split("}")[1]
        check(int(doc.find("ofd:CommonData/ofd:MaxUnitID", NS).text) == max(ids),
              f"{name}: MaxUnitID is not the largest ID {max(ids)}")
        fonts, images = {}, {}
        for p in res_paths:
            res = ET.fromstring(z.read(p))
            base = os.path.join(os.path.dirname(p), res.get("BaseLoc"))
            for f in res.findall("ofd:Fonts/ofd:Font", NS):
                file = os.path.join(base, f.find("ofd:FontFile", NS).text)
                check(file in names, f"{name}: font file {file} missing")
                fonts[int(f.get("ID"))] = file
                used.add(file)
            for m in res.findall("ofd:MultiMedias/ofd:MultiMedia", NS):
                file = os.path.join(base, m.find("ofd:MediaFile", NS).text)
                check(file in names and z.read(file)[:3] == b"\xff\xd8\xff", f"{name}: image {file} missing or not JPEG")
                images[int(m.get("ID"))] = file
                used.add(file)
        check(used == names, f"{name}: files in the zip nothing names: {sorted(names - used)}")
        drawn = {}
        pages = [ET.fromstring(z.read(p)) for p in page_paths]  # every page's text and photos
        page = pages[0]
        n_images = 0
        for t in (t for pg in pages for t in pg.iter("{%s}TextObject" % NS["ofd"])):
            fid = int(t.get("Font"))
            check(fid in fonts, f"{name}: TextObject {t.get('ID')} names font {fid}, not a resource")
            code = t.find("ofd:TextCode", NS)
            deltas = (code.get("DeltaX") or "").split()
            check(len(deltas) == len(code.text) - 1, f"{name}: TextObject {t.get('ID')}: "
                  f"{len(deltas)} DeltaX for {len(code.text)} characters")
            drawn.setdefault(fid, set()).update(ord(c) for c in code.text)
        for im in (im for pg in pages for im in pg.iter("{%s}ImageObject" % NS["ofd"])):
            check(int(im.get("ResourceID")) in images, f"{name}: ImageObject names no image")
            n_images += 1
        check(n_images == len(images), f"{name}: {n_images} image objects, {len(images)} images")
        check(sorted(drawn) == sorted(fonts), f"{name}: fonts without text or text without fonts")
        for fid, cps in drawn.items():
            have = charset(z.read(fonts[fid]))
            check(cps <= have, f"{name}: font {fid} lacks {sorted(chr(c) for c in cps - have)[:10]}")
            check(len(have) < len(cps) + 64, f"{name}: font {fid} is no subset ({len(have)} characters for {len(cps)})")
        check(page.find(".//ofd:PathObject", NS) is not None, f"{name}: no rule")
        print(f"{name}: {len(names)} files, {len(ids)} IDs, {len(fonts)} fonts, {len(images)} images, "
              f"{len(data)} bytes")


def case_ofd_schema():
    if not os.path.exists(os.path.join(SCHEMAS, "OFD.xsd")):
        skip(f"the OFD schemas are not at {SCHEMAS} (../shared/ofd-schema beside the clone)")
    if not shutil.which("xmllint"):
        skip("no xmllint (apt-get install libxml2-utils)")
    n = 0
    for name, src, path, data in ofd_files():
        z = zipfile.ZipFile(path)
        ofd, doc_path, doc, res_paths, page_paths = parts_of(z)
        for part, xsd in [("OFD.xml", "OFD.xsd"), (doc_path, "Document.xsd")] + \
                [(p, "Res.xsd") for p in res_paths] + [(p, "Page.xsd") for p in page_paths]:
            file = os.path.join(TMP, "part.xml")
            with open(file, "wb") as f:
                f.write(z.read(part))
            r = run(["xmllint", "--noout", "--schema", os.path.join(SCHEMAS, xsd), file])
            check(r.returncode == 0, f"{name}: {part} against {xsd}: {r.stderr.decode()}")
            n += 1
    print(f"{n} parts valid")


def case_cli():
    src = os.path.join(TMP, "r.md")
    shutil.copy(os.path.join(ROOT, "samples", "anquan-yidun.md"), src)
    r = run([JB, "render", src, "--to", "docx"])
    check(r.returncode == 2 and b"--to 'docx': no such output format" in r.stderr, r.stderr)
    for extra, out in ((["--pdfa"], "x.ofd"), (["--to", "pdf"], "x.ofd"), (["--to", "ofd"], "x.pdf")):
        r = run([JB, "render", src, "-o", os.path.join(TMP, out)] + extra)
        check(r.returncode == 2 and b"the name says" in r.stderr and b"hint:" in r.stderr, r.stderr)
        check(not os.path.exists(os.path.join(TMP, out)), f"{out} written")
    r = run([JB, "render", src, "--to", "ofd", "-q"])
    check(r.returncode == 0 and zipfile.is_zipfile(os.path.join(TMP, "r.ofd")), "--to ofd: no r.ofd")
    check(not os.path.exists(os.path.join(TMP, "r.pdf")), "--to ofd wrote r.pdf")
    r = run([JB, "render", src, "--to", "ofd", "-o", "-"])
    with open(os.path.join(TMP, "r.ofd"), "rb") as f:
        check(r.returncode == 0 and r.stdout == f.read(), "--to ofd -o -: not the same OFD")
    r = run([JB, "render", src, "--pdfa", "-o", "-"])
    check(r.returncode == 0 and b"/GTS_PDFA1" in r.stdout, "--pdfa -o -: no PDF/A")
    d = os.path.join(TMP, "out")
    r = run([JB, "render", src, os.path.join(ROOT, "samples", "zixi-wuzhong.md"), "-d", d, "--to", "ofd", "-q"])
    check(r.returncode == 0 and sorted(os.listdir(d)) == ["r.ofd", "zixi-wuzhong.ofd"], os.listdir(d))
    r = run([JB, "render", src, "-d", d, "--pdfa", "-q"])
    with open(os.path.join(d, "r.pdf"), "rb") as f:
        check(r.returncode == 0 and b"/GTS_PDFA1" in f.read(), "batch --pdfa: no PDF/A")


try:
    globals()["case_" + CASE]()
    print(f"PASS {CASE}")
finally:
    shutil.rmtree(TMP, ignore_errors=True)
