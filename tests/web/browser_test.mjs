// The real-browser test of jianbao serve: Debian's chromium, driven by playwright-core, uses the
// page as a clerk would and drives every control: paste the sample's raw article (the preview must
// hold ink, red masthead ink; the notes are Chinese), download (pdfinfo: one page; pdftotext: the
// title, the 期号, the article's own date), 打印 (the print call on a frame holding the PDF), reload
// (the draft comes back), 新建 (asks, clears, suggests the next 期号), an article with no title (a
// Chinese message, the 标题 field focused and marked; filling it gives the brief), one too long (the
// 压缩 switch marked; switching it gives one page marked 摘编), a Word file dropped on the page (its
// text in the editor, its brief in the preview), a .txt picked, the layouts by Chinese name, 填今天,
// the 报尾 rows, 份数 and 密级, a tablet width. In every state it visits the visible text must hold no
// English beyond a few chosen words (PDF, Word, file suffixes), and a screenshot of it is kept.
// Any CSP violation or page error fails it. Timings are bench/preview.mjs's, not this test's.
//
// usage: node browser_test.mjs JIANBAO SOURCE_ROOT [SHOTS_DIR]
// Exits 77 (skipped) without /usr/bin/chromium or `npm ci` in tests/web.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [jianbao, root, shots] = process.argv.slice(2);
const CHROMIUM = process.env.JB_CHROMIUM || "/usr/bin/chromium";
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
if (shots) mkdirSync(shots, { recursive: true });

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

const drawn = (page) => page.evaluate(() => window.jbPreview.drawn);
async function drawnAfter(page, n) {
  await page.waitForFunction((k) => window.jbPreview.drawn > k, n, { timeout: 30000 });
}

// The words a clerk reads: the page's text, the placeholders of empty fields, the tooltips.
// Latin allowed: PDF, OFD, GB/T, Word, WPS, LibreOffice and file names; anything else is English.
// (a file's own name too: the clerk's, not the page's words)
const ALLOWED = /PDF|OFD|GB\/T|LibreOffice|Word|WPS|[\w-]*\.(?:txt|md|docx|doc|wps|odt)\b/g;
async function noEnglish(page, state) {
  const text = await page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll("input, textarea, select, button, [title]")) {
      if (!el.getClientRects().length) continue;
      if (el.placeholder && !el.value) parts.push(el.placeholder);
      if (el.title) parts.push(el.title);
    }
    return parts.join("\n");
  });
  const left = text.replace(ALLOWED, "").match(/[A-Za-z]{2,}[^\n]{0,40}/g);
  check(!left, "no English in state '" + state + "': " + JSON.stringify(left));
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, name + ".png") });
}

async function paste(page, text) {
  await page.evaluate((t) => {
    const ta = document.getElementById("text");
    ta.value = t;
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
}

async function downloadPdf(page, tmp, name) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const pdf = join(tmp, name);
  await dl.saveAs(pdf);
  return {
    name: dl.suggestedFilename(),
    info: execFileSync("pdfinfo", [pdf], { encoding: "utf8" }),
    text: execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s/g, ""),
  };
}

const raw = readFileSync(join(root, "samples", "zixi-wuzhong-raw.txt"), "utf8");
const title = "江西资溪：“五重”做强做优关心下一代工作品牌";
// too long for one page, but its sentences with key figures fit when condensed
const long = "---\ntitle: 全县安全生产大检查工作情况汇报\n---\n\n今年以来，全县扎实开展安全生产大检查。\n\n" +
  ["## 一、检查覆盖面广", "## 二、隐患整改到位", "## 三、长效机制健全"].map((h, s) => h + "\n\n" +
    Array.from({ length: 8 }, (_, i) => "第" + (i + 1) + "组检查企业" + (100 + s * 20 + i) +
      "家，整改隐患" + (300 + i) + "处。各乡镇认真落实属地管理责任，层层压实工作措施，确保各项" +
      "部署落到实处，切实把问题解决在萌芽状态。各部门加强协调配合，形成工作合力，推动安全生产" +
      "形势持续稳定向好。").join("\n\n")).join("\n\n");
const tmp = mkdtempSync(join(tmpdir(), "jb-web-"));
const srv = await startServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none", "--lang=zh-CN"],
});
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: "zh-CN",
  });
  // 打印 calls print() on the frame holding the PDF; headless Chromium has no print dialog, so
  // the call is recorded instead: which frame, holding what
  await context.addInitScript(() => {
    const make = URL.createObjectURL; // which blob each blob: URL holds
    window.jbBlobs = {};
    URL.createObjectURL = (b) => {
      const u = make(b);
      window.jbBlobs[u] = b;
      return u;
    };
    const d = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, "contentWindow");
    Object.defineProperty(HTMLIFrameElement.prototype, "contentWindow", {
      get() {
        const w = d.get.call(this);
        if (w && this.id === "printer") w.print = () => (window.jbPrinted = this.src);
        return w;
      },
    });
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, "page error: " + e.message));
  page.on("console", (m) => {
    const t = m.text();
    if (/Content Security Policy|Refused to/.test(t)) check(false, "CSP: " + t);
    // the browser logs each 4xx answer; the page shows them itself
    else if (m.type() === "error" && !/status of 4\d\d/.test(t)) check(false, "console: " + t);
  });
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.accept();
  });
  const offline = [];
  page.on("request", (r) => {
    // (chrome:, chrome-extension: are the browser's own PDF viewer, in the print frame)
    if (!/^(blob:|data:|chrome:|chrome-extension:)/.test(r.url()) && !r.url().startsWith(srv.url))
      offline.push(r.url());
  });

  // ---- the empty page: layouts by Chinese name, no date filled in ----
  await page.goto(srv.url);
  await page.waitForFunction(() => document.querySelectorAll("#layout option").length >= 3);
  const names = await page.$$eval("#layout option", (os) => os.map((o) => o.textContent));
  check(names[0] === "红头简报" && names.includes("黑白") && names.includes("现代"),
    "layouts by Chinese name, the default first: " + names);
  check((await page.inputValue("#date")) === "", "no date filled in (the article's own is kept)");
  check(await page.evaluate(() => !!window.pdfjsLib), "pdf.js loaded");
  await noEnglish(page, "empty");
  await shot(page, "serve-empty");

  // ---- paste the raw article: the preview, what was found, the notes in Chinese ----
  await page.fill("#masthead", "工作简报");
  await page.fill("#issue", "第12期");
  await page.fill("#unit", "资溪县关工委");
  await page.fill("#copies", "120");
  await page.selectOption("#secrecy", "内部资料");
  await page.fill("#dist_bao", "市关工委");
  await page.fill("#dist_song", "县委、县政府领导");
  let n = await drawn(page);
  await page.focus("#text");
  await paste(page, raw);
  await drawnAfter(page, n);
  const k = await ink(page);
  check(k.dark > 5000 && k.red > 500, "the preview shows the page: " + JSON.stringify(k));
  check((await page.textContent("#found-title")) === title, "the title found");
  check((await page.locator("#sections li").count()) >= 3, "the sections listed");
  check((await page.locator("#figures span").count()) >= 1, "the key figures listed");
  const notes = await page.locator("#warnings li").allTextContents();
  check(notes.some((t) => t.includes("网站导航")) && notes.some((t) => t.includes("已放入报头")) &&
    notes.some((t) => t.includes("网站尾部")), "the left-out lines said in Chinese: " + notes);
  check((await page.textContent("#date-hint")).includes("2023-07-19"), "the article's date shown");
  await noEnglish(page, "pasted");
  await page.evaluate(() => (document.getElementById("form").scrollTop = 0)); // the 报头 in view
  await shot(page, "serve");

  // ---- download: named after the title, one page, the article's own date, the 报尾 ----
  let got = await downloadPdf(page, tmp, "dl.pdf");
  check(got.name === title + ".pdf", "download named after the title: " + got.name);
  check(/Pages:\s+1\n/.test(got.info), "the download is one page");
  check(got.text.includes("五重") && got.text.includes("第12期"), "the download holds the title and 期号");
  check(got.text.includes("2023年7月19日"), "the article's own date kept");
  check(got.text.includes("市关工委") && got.text.includes("120"), "the 报尾 rows and 份数 printed");
  check(got.text.startsWith("内部资料"), "the 密级 printed first");

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

  // ---- 打印: print() on a frame holding this PDF ----
  await page.click("#print");
  await page.waitForFunction(() => window.jbPrinted, null, { timeout: 10000 });
  const printed = await page.evaluate(async () => {
    const b = await window.jbBlobs[window.jbPrinted].arrayBuffer();
    return { src: window.jbPrinted, head: String.fromCharCode(...new Uint8Array(b).slice(0, 5)) };
  });
  check(printed.src.startsWith("blob:") && printed.head === "%PDF-", "打印 prints the PDF: " +
    JSON.stringify(printed));

  // ---- 填今天, a layout, the 报尾 row emptied ----
  n = await drawn(page);
  await page.click("#today");
  await drawnAfter(page, n);
  check(/^\d{4}年\d{1,2}月\d{1,2}日$/.test(await page.inputValue("#date")), "填今天 fills the date");
  n = await drawn(page);
  await page.selectOption("#layout", "mono");
  await drawnAfter(page, n);
  check((await ink(page)).red < 50, "黑白 draws no red");
  check((await page.textContent("#layout-summary")).includes("黑色"), "the layout's summary shown");
  await page.fill("#date", "");
  await page.selectOption("#layout", "red-header");

  // ---- reload mid-edit: everything back ----
  await page.fill("#byline", "元新东");
  await page.waitForTimeout(100);
  await page.reload();
  await page.waitForFunction(() => window.jbPreview && window.jbPreview.drawn > 0, null,
    { timeout: 30000 });
  check((await page.inputValue("#text")) === raw, "the text restored after a reload");
  check((await page.inputValue("#masthead")) === "工作简报" && (await page.inputValue("#issue")) ===
    "第12期" && (await page.inputValue("#byline")) === "元新东" &&
    (await page.inputValue("#dist_bao")) === "市关工委", "the fields restored after a reload");
  check((await ink(page)).red > 500, "the preview drawn after a reload");
  await shot(page, "serve-restored");

  // ---- 新建: asks, keeps the 报头 and 单位, suggests the next 期号 ----
  await page.click("#new");
  check(dialogs.length === 1 && /新建/.test(dialogs[0]), "新建 asks first: " + dialogs);
  check((await page.inputValue("#text")) === "" && (await page.inputValue("#byline")) === "",
    "新建 clears the article");
  check((await page.inputValue("#masthead")) === "工作简报" && (await page.inputValue("#unit")) ===
    "资溪县关工委", "新建 keeps the 报头 and 单位");
  check((await page.inputValue("#issue")) === "第13期", "新建 suggests the next 期号");
  const recent = await page.$$eval("#recent-masthead option", (os) => os.map((o) => o.value));
  check(recent.includes("工作简报"), "the recent 报头 offered: " + recent);
  await noEnglish(page, "new");

  // ---- no title: a Chinese message, the 标题 field focused and marked; filled, the brief ----
  await paste(page, "全县上下认真贯彻落实各项决策部署，扎实推进各项工作，取得了明显成效。");
  await page.waitForSelector("#problem:not([hidden])", { timeout: 30000 });
  check((await page.textContent("#problem")).includes("标题"), "no title: said in Chinese");
  check(await page.evaluate(() => document.activeElement.id === "title"), "no title: 标题 focused");
  check(await page.evaluate(() => document.getElementById("title-label").classList.contains("need")),
    "no title: 标题 marked");
  check(await page.isDisabled("#download") && await page.isDisabled("#print"),
    "no download or print for a failed render");
  check((await page.inputValue("#title")) === "全县上下认真贯彻落实各项决策部署",
    "no title: the suggested title offered in the 标题 field: " + (await page.inputValue("#title")));
  await noEnglish(page, "no title");
  await shot(page, "serve-no-title");
  n = await drawn(page);
  await page.click("#title-accept"); // accepted as it is: the brief
  await drawnAfter(page, n);
  check(await page.isHidden("#problem"), "the suggested title accepted: the brief");
  n = await drawn(page);
  await page.fill("#title", "全县扎实推进各项工作");
  await drawnAfter(page, n);
  check(await page.isHidden("#problem"), "the message gone once the title is given");
  check(!(await page.evaluate(() => document.getElementById("paper").classList.contains("stale"))),
    "the preview current again");
  await page.fill("#title", "");

  // ---- too long: the 压缩 switch marked; switched, one page marked 摘编 ----
  await paste(page, long);
  await page.waitForFunction(() => document.getElementById("condense-label").classList
    .contains("need"), null, { timeout: 30000 });
  check((await page.textContent("#problem")).includes("压缩"), "too long: said in Chinese");
  check(await page.evaluate(() => document.getElementById("paper").classList.contains("stale")),
    "too long: the old preview marked stale");
  await noEnglish(page, "too long");
  await shot(page, "serve-too-long");
  n = await drawn(page);
  await page.click("#condense-now"); // the switch beside the message
  await drawnAfter(page, n);
  check(await page.isChecked("#condense"), "打开“压缩” switches 压缩 on");
  const cnotes = await page.locator("#warnings li").allTextContents();
  check(cnotes.some((t) => t.includes("已压缩")), "condensed: said so: " + cnotes);
  got = await downloadPdf(page, tmp, "condensed.pdf");
  check(/Pages:\s+1\n/.test(got.info) && got.text.includes("摘编"), "condensed: one page, 摘编");
  await noEnglish(page, "condensed");
  await shot(page, "serve-condensed");
  await page.uncheck("#condense");

  // ---- a Word file dropped anywhere: its text in the editor, its brief in the preview ----
  const docx = readFileSync(join(root, "tests", "data", "docx", "lo-features.docx")).toString("base64");
  n = await drawn(page);
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], "工作综述.docx"));
    const at = document.querySelector(".info");
    at.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true }));
  }, docx);
  check(await page.isVisible("#drop"), "dragging a file shows where to drop it");
  await noEnglish(page, "dragging");
  await shot(page, "serve-drag");
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], "工作综述.docx"));
    document.querySelector(".info").dispatchEvent(new DragEvent("drop", { dataTransfer: dt,
      bubbles: true, cancelable: true }));
  }, docx);
  await drawnAfter(page, n);
  check(await page.isHidden("#drop"), "the drop overlay gone");
  check((await page.inputValue("#text")).includes("## 一、基本情况"), "the Word text in the editor, " +
    "its headings kept");
  check((await page.textContent("#found-title")) === "青山县推进基层治理工作综述", "the Word brief shown");
  check((await page.textContent("#filename")).includes("工作综述.docx"), "the file named");
  await noEnglish(page, "word");
  await shot(page, "serve-word");

  // ---- a .txt picked: its text in the editor ----
  n = await drawn(page);
  await page.setInputFiles("#file", join(root, "samples", "anquan-yidun.txt"));
  await drawnAfter(page, n);
  check((await page.inputValue("#text")) === readFileSync(join(root, "samples", "anquan-yidun.txt"),
    "utf8"), "the .txt in the editor");
  check((await page.textContent("#found-title")) !== title, "the upload is shown");

  // ---- a tablet: no sideways scrolling, the page beside the form ----
  await page.setViewportSize({ width: 820, height: 1180 });
  n = await drawn(page);
  await paste(page, raw);
  await drawnAfter(page, n);
  const fit = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    canvas: document.getElementById("page").getBoundingClientRect().width,
  }));
  check(fit.scroll <= fit.width && fit.canvas > 300, "tablet width: " + JSON.stringify(fit));
  await noEnglish(page, "tablet");
  await shot(page, "serve-tablet");
  check(offline.length === 0, "every asset from jianbao: " + offline.join(" "));
} catch (e) {
  check(false, "stopped: " + e.message);
  for (const p of browser.contexts().flatMap((c) => c.pages()))
    await shot(p, "failed").catch(() => {});
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
console.log("browser: all checks passed" + (shots ? "; screenshots in " + shots : ""));
