#!/usr/bin/env python3
"""Seeds for fuzz_cff: the CFF font programs of a brief, as font_cff writes them (jianbao renders
the sample; qpdf reads the PDF's FontFile3 streams). usage: python3 fuzz/cff_seeds.py JIANBAO
CORPUS_DIR"""
import base64
import json
import os
import subprocess
import sys
import tempfile

jb, corpus = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with tempfile.TemporaryDirectory() as tmp:
    pdf = os.path.join(tmp, "brief.pdf")
    subprocess.run([jb, "render", os.path.join(root, "samples", "zixi-wuzhong.md"), "-o", pdf, "-q"],
                   check=True, env=dict(os.environ, JIANBAO_DATA_DIR=root))
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf], check=True, capture_output=True,
                         text=True).stdout
    n = 0
    for key, obj in json.loads(out)["qpdf"][1].items():
        s = obj.get("stream")
        if s and s["dict"].get("/Subtype") == "/CIDFontType0C":
            with open(os.path.join(corpus, "cff-%d.bin" % n), "wb") as f:
                f.write(base64.b64decode(s["data"]))
            n += 1
print("cff_seeds: %d CFF programs" % n)
