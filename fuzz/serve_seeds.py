#!/usr/bin/env python3
"""Seeds for fuzz_serve (fuzz/fuzz_serve.c): forms, JSON bodies and raw requests, the reproducers
of issue 30 among them. usage: serve_seeds.py CORPUS_DIR"""
import json
import os
import sys

out = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
report = open(os.path.join(root, "samples", "zixi-wuzhong.md"), "rb").read()


def form(*parts):
    return b"".join(b"--XyZ\r\n" + h + b"\r\n\r\n" + body + b"\r\n" for h, body in parts) + b"--XyZ--\r\n"


seeds = {
    "form-text": b"\0" + form((b'Content-Disposition: form-data; name="text"', report),
                             (b'Content-Disposition: form-data; name="layout"', b"mono")),
    "form-file": b"\0" + form((b'Content-Disposition: form-data; name="file"; filename="a.md"', report),
                             (b'Content-Disposition: form-data; name="options"', b'{"issue": "1"}')),
    "form-noname": b"\0" + form((b"Content-Disposition: form-data", b"hello")),
    "form-empty": b"\0" + b"--XyZ--\r\n",
    "json-render": b"\1" + json.dumps({"text": report.decode(), "layout": "modern"}).encode(),
    "json-nul": b"\1" + b'{"text": "a\\u0000b", "title": "x"}',
    "json-inspect": b"\2" + json.dumps({"text": report.decode(), "condense": True}).encode(),
    "raw-get": b"\3GET /api/layouts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "raw-chunked": b"\3POST /api/render HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
}
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    open(os.path.join(out, name), "wb").write(data)
