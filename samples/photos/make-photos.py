#!/usr/bin/python3
"""Makes the two photos of the sample report huodong-photos.md from nothing but drawing calls
(Debian's python3-pil; not run by CI: the JPEGs it writes are committed).

  xuanjiang.jpg  4000 × 3000, as a phone stores a landscape photo
  canguan.jpg    the same kind of scene, stored sideways (3000 × 4000 pixels) with the EXIF
                 orientation 6 that tells a viewer to turn it a quarter clockwise

Both show a sky above (blue), ground below (green), and an arrow with 上 pointing up, so that a
page showing either one sideways or upside down is seen at once.

Usage: /usr/bin/python3 samples/photos/make-photos.py   (writes beside itself)
"""
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = os.path.join(HERE, "..", "..", "fonts", "wqy-zenhei.ttc")


def scene(w, h, banner, seed):
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = int(h * 0.58)
    for y in range(horizon):  # sky: deep blue at the top, pale at the horizon
        t = y / horizon
        d.line([(0, y), (w, y)], fill=(int(60 + 140 * t), int(110 + 110 * t), int(200 + 45 * t)))
    for y in range(horizon, h):  # ground: green, darker towards the bottom
        t = (y - horizon) / (h - horizon)
        d.line([(0, y), (w, y)], fill=(int(90 - 40 * t), int(150 - 60 * t), int(70 - 30 * t)))
    d.ellipse([w * 0.80, h * 0.08, w * 0.80 + h * 0.12, h * 0.20], fill=(255, 236, 150))
    # a hall with windows, and trees
    hx0, hx1, hy0 = int(w * 0.18), int(w * 0.70), int(h * 0.30)
    d.rectangle([hx0, hy0, hx1, horizon + h // 40], fill=(228, 220, 205), outline=(120, 110, 100),
                width=max(2, w // 800))
    d.polygon([(hx0 - w // 40, hy0), ((hx0 + hx1) // 2, hy0 - h // 9), (hx1 + w // 40, hy0)],
              fill=(170, 60, 50))
    for i in range(6):
        for j in range(2):
            x = hx0 + (hx1 - hx0) * (i + 0.5) / 6
            y = hy0 + (horizon - hy0) * (0.25 + 0.4 * j)
            d.rectangle([x - w * 0.02, y - h * 0.03, x + w * 0.02, y + h * 0.03], fill=(90, 120, 150))
    for _ in range(9):
        x = rnd.uniform(0.02, 0.98) * w
        r = rnd.uniform(0.03, 0.05) * w
        d.rectangle([x - r * 0.12, horizon - r * 0.2, x + r * 0.12, horizon + r * 0.9], fill=(100, 70, 40))
        d.ellipse([x - r, horizon - r * 1.9, x + r, horizon], fill=(40 + rnd.randint(0, 40), 120, 50))
    # the banner over the door
    font = ImageFont.truetype(FONT, int(h * 0.05))
    bw = d.textlength(banner, font=font) + w * 0.04
    bx = (hx0 + hx1) / 2 - bw / 2
    d.rectangle([bx, hy0 + h * 0.02, bx + bw, hy0 + h * 0.1], fill=(200, 30, 30))
    d.text(((hx0 + hx1) / 2, hy0 + h * 0.06), banner, font=font, fill=(255, 230, 120), anchor="mm")
    # people in front of the hall
    for _ in range(40):
        x = rnd.uniform(0.05, 0.95) * w
        y = rnd.uniform(0.70, 0.95) * h
        s = h * 0.05 * (0.6 + (y / h - 0.7) * 2)
        c = rnd.choice([(30, 40, 90), (200, 200, 210), (150, 30, 30), (40, 40, 40), (230, 180, 60)])
        d.ellipse([x - s * 0.3, y - s * 1.6, x + s * 0.3, y - s * 1.0], fill=(235, 195, 160))
        d.rectangle([x - s * 0.45, y - s, x + s * 0.45, y + s * 0.6], fill=c)
    # the arrow that says where up is
    ax, ay, al = w * 0.08, h * 0.10, h * 0.22
    d.polygon([(ax, ay), (ax - al * 0.25, ay + al * 0.35), (ax + al * 0.25, ay + al * 0.35)], fill=(255, 255, 255))
    d.rectangle([ax - al * 0.08, ay + al * 0.3, ax + al * 0.08, ay + al], fill=(255, 255, 255))
    d.text((ax + al * 0.45, ay + al * 0.5), "上", font=ImageFont.truetype(FONT, int(al * 0.4)),
           fill=(255, 255, 255), anchor="mm")
    # a little noise and blur, as a phone camera gives (and as a JPEG encoder meets)
    img = img.filter(ImageFilter.GaussianBlur(radius=max(1, w // 1500)))
    noise = Image.effect_noise((w, h), 12).convert("RGB")
    return Image.blend(img, noise, 0.04)


def main():
    a = scene(4000, 3000, "乡村振兴政策宣讲会", 1)
    a.save(os.path.join(HERE, "xuanjiang.jpg"), quality=80, optimize=True)
    b = scene(4000, 3000, "青少年法治教育基地", 2)
    # stored turned a quarter anticlockwise; orientation 6 turns it back clockwise
    stored = b.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(os.path.join(HERE, "canguan.jpg"), quality=80, optimize=True, exif=exif.tobytes())


if __name__ == "__main__":
    main()
