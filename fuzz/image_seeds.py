#!/usr/bin/env python3
"""Small seed images for fuzz_image (standard library only): PNGs of each colour type and bit
depth, one with a text chunk, and a baseline JPEG cut from the photo sample's first 64 KiB header
and scan start. Usage: python3 fuzz/image_seeds.py CORPUS_DIR"""
import os
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(w, h, ctype, depth, extra=b""):
    chans = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    row = bytes((x * 37) % 256 for x in range((w * chans * depth + 7) // 8))
    idat = zlib.compress(b"".join(b"\0" + row for _ in range(h)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
            + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def main(out):
    os.makedirs(out, exist_ok=True)
    seeds = {
        "rgb8.png": png(9, 7, 2, 8), "rgba8.png": png(9, 7, 6, 8), "grey16.png": png(9, 7, 0, 16),
        "grey1.png": png(17, 3, 0, 1), "ga8.png": png(5, 5, 4, 8),
        "pal.png": png(9, 7, 3, 8, chunk(b"PLTE", bytes(range(48))) + chunk(b"tRNS", b"\0\x80")),
        "ztxt.png": png(4, 4, 2, 8, chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"x" * 4000))),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    jpg = open(os.path.join(here, "..", "samples", "photos", "canguan.jpg"), "rb").read()
    seeds["cut.jpg"] = jpg[:65536]
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
