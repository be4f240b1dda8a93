#!/usr/bin/env python3
"""Writes the hostile Word files of tests/data/docx/hostile/ (run by make.sh, not by CI): each
must be refused with a clear error, quickly, and leave no PDF behind. The 50 MB file is made by
the e2e test itself, not committed."""
import os
import struct
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "hostile")
os.makedirs(out, exist_ok=True)
good = open(os.path.join(here, "pandoc-sample.docx"), "rb").read()

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Override PartName="/word/document.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(name, document, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(out, name), "w", method) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", document)


# truncated: the first half of a good file (no central directory)
open(os.path.join(out, "truncated.docx"), "wb").write(good[: len(good) // 2])

# corrupt: a stored document.xml with bytes changed, so its CRC does not match
body = ('<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p>'
        '</w:body></w:document>' % (W, "标题" * 200))
docx("corrupt.docx", body, zipfile.ZIP_STORED)
p = os.path.join(out, "corrupt.docx")
with zipfile.ZipFile(p) as z:
    info = z.getinfo("word/document.xml")
b = bytearray(open(p, "rb").read())
start = info.header_offset + 30 + len(info.filename) + len(info.extra)
for k in range(start + 200, start + 240):
    b[k] ^= 0x55
open(p, "wb").write(bytes(b))

# zip bombs: one part past the per-part limit (16 MiB), one far past the ratio (100:1)
head = '<?xml version="1.0"?><w:document %s><w:body>' % W
docx("bomb-size.docx", head + " " * (20 << 20) + "</w:body></w:document>")
docx("bomb-ratio.docx", head + " " * (3 << 20) + "</w:body></w:document>")

# entities: the billion laughs, and an external entity (file:// and http://)
lol = "".join('<!ENTITY l%d "%s">' % (i, ("&l%d;" % (i - 1)) * 10 if i else "哈") for i in range(10))
docx("entities.docx", '<?xml version="1.0"?><!DOCTYPE w:document [%s]><w:document %s><w:body>'
     '<w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>' % (lol, W))
docx("external-entity.docx", '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
     '"file:///etc/passwd"><!ENTITY y SYSTEM "http://127.0.0.1:9/x">]><w:document %s><w:body>'
     '<w:p><w:r><w:t>&x;&y;</w:t></w:r></w:p></w:body></w:document>' % W)

# not well-formed XML inside a good zip
docx("bad-xml.docx", head + "<w:p><w:r><w:t>未闭合</w:r></w:p></w:body></w:document>")

# a zip that is no Word document
with zipfile.ZipFile(os.path.join(out, "not-word.docx"), "w") as z:
    z.writestr("hello.txt", "你好")

# encrypted: what Word writes for a password-protected .docx is an OLE compound file holding the
# streams EncryptionInfo and EncryptedPackage; this one has the header and the directory only
sector = 512
hdr = bytearray(sector)
hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
struct.pack_into("<HHHHH", hdr, 24, 0x3E, 3, 0xFFFE, 9, 6)
struct.pack_into("<IIIIIIII", hdr, 40, 0, 1, 1, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE)
struct.pack_into("<I", hdr, 72, 0)
struct.pack_into("<I", hdr, 76, 0)
for k in range(1, 109):
    struct.pack_into("<I", hdr, 76 + 4 * k, 0xFFFFFFFF)
fat = bytearray(b"\xff" * sector)
struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)


def entry(name, kind, child=0xFFFFFFFF, right=0xFFFFFFFF):
    e = bytearray(128)
    n = name.encode("utf-16-le") + b"\0\0"
    e[0: len(n)] = n
    struct.pack_into("<HBB", e, 64, len(n), kind, 1)
    struct.pack_into("<III", e, 68, 0xFFFFFFFF, right, child)
    struct.pack_into("<II", e, 116, 0xFFFFFFFE, 0)
    return e


dirs = entry("Root Entry", 5, child=1) + entry("EncryptionInfo", 2, right=2) + \
    entry("EncryptedPackage", 2) + bytearray(128)
open(os.path.join(out, "encrypted.docx"), "wb").write(bytes(hdr + fat + dirs))
