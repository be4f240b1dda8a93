// Draws docs/pdf-ofd.png: the sample as PDF (poppler's pdftoppm, left) and as OFD (ofd.js 0.2.6
// in Debian's chromium, right), side by side at the same scale. Not a test: run it by hand after
// a change to either writer.
//
// usage: node tests/web/pdf_ofd_picture.mjs JIANBAO SOURCE_ROOT [OUT.png]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { renderOfd } from "./ofd_page.mjs";

const [jianbao, root, out = join(root, "docs", "pdf-ofd.png")] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)("playwright-core");
const W = 600; // px across each page
const tmp = mkdtempSync(join(tmpdir(), "jb-pic-"));
const input = join(root, "samples", "zixi-wuzhong.md");
execFileSync(jianbao, ["render", input, "-o", join(tmp, "b.pdf"), "-q"]);
execFileSync(jianbao, ["render", input, "-o", join(tmp, "b.ofd"), "-q"]);
execFileSync("pdftoppm", ["-png", "-singlefile", "-scale-to-x", String(W), "-scale-to-y", "-1",
  join(tmp, "b.pdf"), join(tmp, "pdf")]);
const pdfPng = readFileSync(join(tmp, "pdf.png")).toString("base64");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 2 * W + 60, height: 1000 } });
  await page.setContent(`<!doctype html><meta charset=utf-8><style>
    body{margin:0;padding:10px;background:#888;font:14px sans-serif;color:#fff;display:flex;gap:20px}
    figure{margin:0} figcaption{padding:4px 0}</style>
    <figure><figcaption>PDF (poppler)</figcaption><img src="data:image/png;base64,${pdfPng}" width=${W}></figure>
    <figure><figcaption>OFD (ofd.js 0.2.6 in chromium)</figcaption><div id=ofd></div></figure>
    <style>#ofd>div{margin-bottom:0 !important}</style>`);
  const opened = await renderOfd(page, readFileSync(join(tmp, "b.ofd")), W, "ofd");
  if (!opened.ok) throw new Error("ofd.js: " + opened.error);
  await page.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
