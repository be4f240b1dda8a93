// The real-browser test of jianbao serve: Debian's chromium, driven by playwright-core, opens the
// page at 1280×800, pastes the sample's raw article, waits for pdf.js to draw the page (the canvas
// must hold ink, and red masthead ink), clicks Download and checks the PDF (pdfinfo: one page;
// pdftotext: the title), then an upload, an error, and a tablet width. Any CSP violation or page
// error fails it.
//
// usage: node browser_test.mjs JIANBAO SOURCE_ROOT [SCREENSHOT.png]
// Exits 77 (skipped) without /usr/bin/chromium or `npm ci` in tests/web.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [jianbao, root, shot] = process.argv.slice(2);
const CHROMIUM = process.env.JB_CHROMIUM || "/usr/bin/chromium";
const budget = Number(process.env.JB_PREVIEW_BUDGET_MS || 500);
const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch {
  console.log("skipped: run npm ci in tests/web");
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

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(jianbao, ["serve", "--port", "0", "-q"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve({ p, url: m[0], err: () => err });
    });
    p.on("exit", (code) => reject(new Error("server exited " + code + ": " + err)));
  });
}

// ink on the preview canvas: how many pixels are not white, how many are red
async function ink(page) {
  return page.evaluate(() => {
    const c = document.getElementById("page");
    if (!c.width || !c.height) return { dark: 0, red: 0 };
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    let red = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] + d[i + 1] + d[i + 2] < 600) dark++;
      if (d[i] > 150 && d[i + 1] < 90 && d[i + 2] < 90) red++;
    }
    return { dark, red };
  });
}

async function drawnAfter(page, n) {
  await page.waitForFunction((k) => window.jbPreview.drawn > k, n, { timeout: 20000 });
}

const raw = readFileSync(join(root, "samples", "zixi-wuzhong-raw.txt"), "utf8");
const title = "江西资溪：“五重”做强做优关心下一代工作品牌";
const tmp = mkdtempSync(join(tmpdir(), "jb-web-"));
const srv = await startServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: "zh-CN",
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, "page error: " + e.message));
  page.on("console", (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to/.test(t)) check(false, "CSP: " + t);
    // the browser logs each 4xx answer; the page shows them itself
    else if (m.type() === "error" && !/status of 4\d\d/.test(t)) check(false, "console: " + t);
  });
  const offline = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(srv.url) && !r.url().startsWith("blob:") && !r.url().startsWith("data:"))
      offline.push(r.url());
  });

  await page.goto(srv.url);
  await page.waitForFunction(() => document.querySelectorAll("#layout option").length >= 3);
  const date = await page.inputValue("#date");
  check(/^\d{4}-\d{2}-\d{2}$/.test(date), "today's date prefilled: " + date);
  check(await page.evaluate(() => !!window.pdfjsLib), "pdf.js loaded");

  // paste the raw article (a paste event, then the text as the clipboard would put it)
  await page.fill("#masthead", "工作简报");
  await page.fill("#issue", "第12期");
  await page.fill("#unit", "资溪县关工委");
  let n = await page.evaluate(() => window.jbPreview.drawn);
  await page.focus("#text");
  await page.evaluate((t) => {
    const ta = document.getElementById("text");
    ta.value = t;
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }, raw);
  await drawnAfter(page, n);
  const k = await ink(page);
  check(k.dark > 5000 && k.red > 500, "the preview shows the page: " + JSON.stringify(k));
  check((await page.textContent("#title")) === title, "the title found");
  check((await page.locator("#sections li").count()) >= 3, "the sections listed");
  check((await page.locator("#figures span").count()) >= 1, "the key figures listed");
  check((await page.locator("#warnings li").count()) >= 1, "the warnings listed");

  // the delay after typing stops: type at the end, then time the redraw; three times, the median
  const seen = [];
  for (const word of ["（完）", "特此", "报告。"]) {
    n = await page.evaluate(() => window.jbPreview.drawn);
    await page.press("#text", "End");
    await page.keyboard.type(word, { delay: 40 });
    await drawnAfter(page, n);
    const parts = await page.evaluate(() => window.jbPreview.last);
    const total = await page.evaluate(() => window.jbPreview.delayMs.at(-1));
    seen.push(total);
    console.log("preview drawn " + Math.round(total) + " ms after typing stopped (pause " +
      Math.round(parts.wait) + ", render and inspect " + Math.round(parts.fetch) + ", pdf.js " +
      Math.round(parts.draw) + ")");
  }
  const median = seen.sort((a, b) => a - b)[1];
  check(median < budget, "preview within " + budget + " ms of typing stopping: " + median);
  if (shot) await page.screenshot({ path: shot });

  // download: the PDF named after the title, one page, the title in its text
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const pdf = join(tmp, "dl.pdf");
  await dl.saveAs(pdf);
  check(dl.suggestedFilename() === "江西资溪：“五重”做强做优关心下一代工作品牌.pdf",
    "download named after the title: " + dl.suggestedFilename());
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  check(/Pages:\s+1\n/.test(info), "the download is one page");
  const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s/g, "");
  check(text.includes("五重") && text.includes("第12期"), "the download holds the title and 期号");
  // the archival formats from the menu beside the button: OFD (a zip) and PDF/A
  for (const [to, ext, magic] of [["ofd", ".ofd", "PK"], ["pdfa", ".pdf", "%PDF"]]) {
    await page.selectOption("#format", to);
    const [d] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const file = join(tmp, "dl-" + to + ext);
    await d.saveAs(file);
    const bytes = readFileSync(file);
    check(d.suggestedFilename().endsWith(ext) && bytes.subarray(0, magic.length).toString() === magic &&
      (to !== "pdfa" || bytes.includes("GTS_PDFA1")), "download as " + to + ": " + d.suggestedFilename());
  }
  await page.selectOption("#format", "pdf");

  // an upload replaces the pasted text
  n = await page.evaluate(() => window.jbPreview.drawn);
  await page.setInputFiles("#file", join(root, "samples", "anquan-yidun.txt"));
  await drawnAfter(page, n);
  check((await page.textContent("#title")) !== title, "the upload is shown");

  // an error is shown with the CLI's diagnostic
  await page.fill("#text", "---\ntitle: 长\n---\n\n## 一\n\n" + "很长的段落。".repeat(3000));
  await page.waitForSelector("#warnings li.err", { timeout: 20000 });
  check((await page.textContent("#warnings li.err")).includes("does not fit on one page"),
    "overflow diagnostic shown");
  check(await page.isDisabled("#download"), "no download for a failed render");

  // a tablet: no sideways scrolling, the page beside the form
  await page.setViewportSize({ width: 820, height: 1180 });
  n = await page.evaluate(() => window.jbPreview.drawn);
  await page.fill("#text", raw);
  await drawnAfter(page, n);
  const fit = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    canvas: document.getElementById("page").getBoundingClientRect().width,
  }));
  check(fit.scroll <= fit.width && fit.canvas > 300, "tablet width: " + JSON.stringify(fit));
  if (shot) await page.screenshot({ path: shot.replace(/\.png$/, "-tablet.png") });
  check(offline.length === 0, "every asset from jianbao: " + offline.join(" "));
} finally {
  await browser.close();
  srv.p.kill("SIGTERM");
  await new Promise((r) => srv.p.on("exit", r));
  rmSync(tmp, { recursive: true, force: true });
}
check(srv.p.exitCode === 0, "server exit code " + srv.p.exitCode);
check(!/Sanitizer|ERROR/.test(srv.err()), "server stderr: " + srv.err());
if (failures.length) {
  console.log(failures.length + " failures");
  process.exit(1);
}
console.log("browser: all checks passed");
