// An independent reader opens jianbao's OFD: ofd.js 0.2.6 (pinned in package-lock.json), in
// Debian's headless chromium through playwright-core, parses and renders every sample's OFD. For
// each: the parse succeeds, one page per page of the model, every text object's text and every
// glyph's position (within 1.5 px at 1000 px across) equal the page model's (jianbao inspect
// --json), no page or console error; the text read from the OFD equals the PDF's pdftotext (all
// whitespace removed). Keeps a screenshot of each page in OUTDIR.
//
// usage: node ofd_test.mjs JIANBAO SOURCE_ROOT OUTDIR
// Exits 77 (skipped) without /usr/bin/chromium or `npm ci` in tests/web.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { OFDJS, renderOfd } from "./ofd_page.mjs";

const [jianbao, root, outdir] = process.argv.slice(2);
const CHROMIUM = process.env.JB_CHROMIUM || "/usr/bin/chromium";
const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch {
  console.log("skipped: run npm ci in tests/web");
  process.exit(77);
}
if (!existsSync(OFDJS)) {
  console.log("skipped: no " + OFDJS + " (npm ci in tests/web)");
  process.exit(77);
}
if (!existsSync(CHROMIUM)) {
  console.log("skipped: no " + CHROMIUM + " (apt-get install chromium)");
  process.exit(77);
}

const failures = [];
function check(ok, what) {
  if (!ok) {
    failures.push(what);
    console.log("FAIL: " + what);
  }
}

const WIDTH = 1000; // px the page is rendered across
const samples = [
  "samples/zixi-wuzhong.md",
  "samples/anquan-yidun.md",
  "samples/banshishi-paren.md",
  "samples/fangguanfu-yishi.md",
  "samples/xiangcun-bold.md",
  "samples/photos/huodong-photos.md",
];
const tmp = mkdtempSync(join(tmpdir(), "jb-ofd-"));
mkdirSync(outdir, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
try {
  for (const rel of samples) {
    const name = basename(rel).replace(/\.md$/, "");
    const input = join(root, rel);
    const ofd = join(tmp, name + ".ofd");
    const pdf = join(tmp, name + ".pdf");
    execFileSync(jianbao, ["render", input, "-o", ofd, "-q"]);
    execFileSync(jianbao, ["render", input, "-o", pdf, "-q"]);
    const model = JSON.parse(execFileSync(jianbao, ["inspect", input, "--json"], { encoding: "utf8" }));

    const page = await browser.newPage({ viewport: { width: WIDTH + 40, height: 1500 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push("console: " + m.text());
    });
    await page.setContent("<!doctype html><meta charset=utf-8><body style='margin:0'><div id=ofd></div>");
    const opened = await renderOfd(page, readFileSync(ofd), WIDTH, "ofd");
    check(opened.ok, name + ": ofd.js parses it" + (opened.ok ? "" : ": " + opened.error));
    if (!opened.ok) continue;
    check(opened.docs === 1 && opened.pages === 1, name + ": one document, one page");
    // each page: its scale, and every text object (an svg) with its glyphs' positions in px
    const got = await page.evaluate(() => ({
      pages: [...document.getElementById("ofd").children].map((div) => {
        const objects = [];
        for (const svg of div.querySelectorAll("svg")) {
          const texts = svg.querySelectorAll("text");
          if (!texts.length) continue;
          const left = parseFloat(svg.style.left);
          const top = parseFloat(svg.style.top);
          objects.push({
            text: svg.textContent,
            glyphs: [...texts].map((t) => ({
              ch: t.textContent,
              x: left + parseFloat(t.getAttribute("x")),
              y: top + parseFloat(t.getAttribute("y")),
            })),
          });
        }
        return { scale: parseFloat(div.style.width) / 210, objects }; // px per mm (A4)
      }),
    }));
    const pg = got.pages[0];
    const mm = 25.4 / 72;
    // the model's glyphs in order, with their positions in px
    const want = [];
    for (const ln of model.lines) {
      const chars = [...ln.text];
      chars.forEach((ch, i) =>
        want.push({
          ch,
          x: (ln.x0_pt + ln.glyph_x_pt[i]) * mm * pg.scale,
          y: (model.page_height_pt - ln.baseline_pt) * mm * pg.scale,
        }),
      );
    }
    const seen = pg.objects.flatMap((o) => o.glyphs);
    check(seen.length === want.length, `${name}: ${seen.length} glyphs drawn, the model has ${want.length}`);
    let off = 0;
    let worst = 0;
    for (let i = 0; i < Math.min(seen.length, want.length); i++) {
      const d = Math.max(Math.abs(seen[i].x - want[i].x), Math.abs(seen[i].y - want[i].y));
      worst = Math.max(worst, d);
      if (seen[i].ch !== want[i].ch || d > 1.5) {
        if (off++ < 5)
          console.log(`${name}: glyph ${i} ${seen[i].ch}@(${seen[i].x.toFixed(1)}, ${seen[i].y.toFixed(1)}) ` +
            `model ${want[i].ch}@(${want[i].x.toFixed(1)}, ${want[i].y.toFixed(1)})`);
      }
    }
    check(off === 0, `${name}: ${off} glyphs differ in character or lie over 1.5 px from the model`);
    // each text object's text is a run of its line: together they give every line's text
    const objText = pg.objects.map((o) => o.text).join("");
    check(objText === model.lines.map((l) => l.text).join(""), name + ": the text objects spell the lines");
    const pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
    const norm = (s) => s.replace(/\s+/g, "");
    check(norm(objText) === norm(pdfText), name + ": the OFD's text equals the PDF's pdftotext");
    for (const e of errors) check(false, name + ": " + e);
    await page.screenshot({ path: join(outdir, name + ".png"), fullPage: true });
    console.log(`${name}: ${pg.objects.length} text objects, ${seen.length} glyphs, worst ` +
      `${worst.toFixed(2)} px off`);
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
if (failures.length) {
  console.log(failures.length + " failure(s)");
  process.exit(1);
}
console.log("ofd.js: every sample opens, its text where the model puts it");
