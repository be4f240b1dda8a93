// The preview's delay in jianbao serve's page: how long after typing stops the new page is drawn
// (the 150 ms pause, the render and inspect, pdf.js drawing it), in Debian's chromium driven by
// tests/web's playwright-core (`cd tests/web && npm ci` first). Types at the end of the sample's
// raw article N times (default 5) and prints each delay and the median; the README's figure
// ("about a third of a second") comes from here. A benchmark: it asserts nothing.
//
// usage: node bench/preview.mjs [JIANBAO] [N]   (default build/src/jianbao, 5)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const jianbao = process.argv[2] || join(root, "build", "src", "jianbao");
const runs = Number(process.argv[3] || 5);
const { chromium } = createRequire(join(root, "tests", "web", "package.json"))("playwright-core");

const srv = spawn(jianbao, ["serve", "--port", "0", "-q"], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => {
  let out = "";
  srv.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) resolve(m[0]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.JB_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll("#layout option").length >= 3);
  const drawn = () => page.evaluate(() => window.jbPreview.drawn);
  const after = (n) => page.waitForFunction((k) => window.jbPreview.drawn > k, n, { timeout: 30000 });
  let n = await drawn();
  await page.fill("#text", readFileSync(join(root, "samples", "zixi-wuzhong-raw.txt"), "utf8"));
  await after(n);
  const seen = [];
  for (let i = 0; i < runs; i++) {
    n = await drawn();
    await page.press("#text", "End");
    await page.keyboard.type("特此报告。", { delay: 40 });
    await after(n);
    const p = await page.evaluate(() => window.jbPreview.last);
    const total = await page.evaluate(() => window.jbPreview.delayMs.at(-1));
    seen.push(total);
    console.log("drawn " + Math.round(total) + " ms after typing stopped (pause " +
      Math.round(p.wait) + ", render and inspect " + Math.round(p.fetch) + ", pdf.js " +
      Math.round(p.draw) + ")");
  }
  seen.sort((a, b) => a - b);
  console.log("median: " + Math.round(seen[Math.floor(seen.length / 2)]) + " ms");
} finally {
  await browser.close();
  srv.kill("SIGTERM");
}
