// jianbao serve — the page: sends the article to /api/render and /api/inspect half a second at
// most after typing stops, draws the returned PDF with pdf.js and lists what was found.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const DELAY_MS = 150; // the pause that counts as "typing stopped"
  const fields = ["masthead", "issue", "unit", "date", "layout"];
  let file = null; // an upload, until the text is edited
  let seq = 0; // the newest request; older answers are dropped
  let controller = null;
  let timer = 0;
  let lastPdf = null;
  let lastTitle = "简报";
  let typedAt = 0;
  window.jbPreview = { drawn: 0, delayMs: [] }; // read by the browser test

  const lib = window.pdfjsLib;
  if (lib) lib.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.js";
  // one worker for every preview: starting pdf.js's worker costs more than a render
  const worker = lib ? new lib.PDFWorker() : null;

  function today() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }

  function status(text, err) {
    $("status").textContent = text;
    $("status").className = err ? "status err" : "status";
  }

  function form() {
    const f = new FormData();
    for (const k of fields) {
      const v = $(k).value.trim();
      if (v) f.append(k, v);
    }
    if (file) f.append("file", file, file.name);
    else f.append("text", $("text").value);
    return f;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function item(list, text, cls) {
    const li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    list.appendChild(li);
  }

  const reasons = { navigation: "导航", tail: "网站尾部", snippet: "摘要片段", stray: "零散行" };

  // [1, 2, 24, 25, 26] → "1–2、24–26"
  function ranges(lines) {
    const out = [];
    for (let i = 0; i < lines.length; i++) {
      let j = i;
      while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
      out.push(j > i ? lines[i] + "–" + lines[j] : String(lines[i]));
      i = j;
    }
    return out.join("、");
  }

  function showInspect(j) {
    const doc = j.document || {};
    lastTitle = doc.title || "简报";
    $("title").textContent = doc.title || "—";
    $("body").textContent = j.body_pt ? j.body_pt.toFixed(2) + " pt，" + j.body_lines + " 行" : "—";
    const sec = $("sections");
    clear(sec);
    for (const s of doc.sections || []) item(sec, s.head || "（无小标题）");
    const figs = $("figures");
    clear(figs);
    for (const f of doc.figures || []) {
      const span = document.createElement("span");
      span.textContent = f.text;
      figs.appendChild(span);
    }
    if (!(doc.figures || []).length) figs.textContent = "—";
    const by = {};
    for (const d of doc.dropped || []) (by[d.reason] = by[d.reason] || []).push(d.line);
    for (const r of Object.keys(by))
      item($("warnings"), "未排入" + (reasons[r] || r) + " " + by[r].length + " 行：第 " +
        ranges(by[r]) + " 行");
  }

  function showError(e) {
    const list = $("warnings");
    item(list, e.text || e.message || String(e), "err");
  }

  async function draw(bytes) {
    if (!lib) {
      status("预览需要 pdf.js（apt-get install libjs-pdf）；仍可下载 PDF", true);
      return;
    }
    const task = lib.getDocument({ data: bytes, worker, isEvalSupported: false });
    const pdf = await task.promise;
    try {
      const page = await pdf.getPage(1);
      const box = $("page").parentElement.clientWidth || 600;
      const base = page.getViewport({ scale: 1 });
      const scale = Math.min(box / base.width, 1.6);
      const ratio = window.devicePixelRatio || 1;
      const vp = page.getViewport({ scale: scale * ratio });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(vp.width);
      canvas.height = Math.floor(vp.height);
      await page.render({ canvasContext: canvas.getContext("2d"), viewport: vp }).promise;
      // swap in the finished page at once: no blank flash while typing
      const shown = $("page");
      shown.width = canvas.width;
      shown.height = canvas.height;
      shown.style.width = Math.floor(base.width * scale) + "px";
      shown.getContext("2d").drawImage(canvas, 0, 0);
    } finally {
      pdf.destroy();
    }
  }

  async function refresh() {
    const my = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!file && !$("text").value.trim()) {
      status("等待输入");
      return;
    }
    status("排版中…");
    const t0 = performance.now();
    try {
      const [r, i] = await Promise.all([
        fetch("/api/render", { method: "POST", body: form(), signal }),
        fetch("/api/inspect", { method: "POST", body: form(), signal }),
      ]);
      if (my !== seq) return;
      clear($("warnings"));
      if (i.ok) showInspect(await i.json());
      if (!r.ok) {
        const j = await r.json().catch(() => ({ error: { text: "HTTP " + r.status } }));
        showError(j.error || j);
        status("未能排版（HTTP " + r.status + "）", true);
        $("download").disabled = true;
        lastPdf = null;
        return;
      }
      const warn = r.headers.get("X-Jianbao-Warning");
      if (warn) item($("warnings"), decodeURIComponent(warn));
      const bytes = new Uint8Array(await r.arrayBuffer());
      lastPdf = bytes.slice();
      $("download").disabled = false;
      const t1 = performance.now();
      await draw(bytes);
      window.jbPreview.last = { wait: t0 - typedAt, fetch: t1 - t0, draw: performance.now() - t1 };
      if (my !== seq) return;
      window.jbPreview.drawn++;
      window.jbPreview.delayMs.push(performance.now() - (typedAt || t0)); // the pause included
      status("已更新：排版和绘制 " + Math.round(performance.now() - t0) + " 毫秒");
      if (!$("warnings").firstChild) item($("warnings"), "没有问题");
    } catch (e) {
      if (e.name !== "AbortError" && my === seq) {
        status("出错了：" + e.message, true);
      }
    }
  }

  function later() {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  }

  // the preview's PDF as it is; PDF/A and OFD asked for again with "to"
  async function download() {
    if (!lastPdf) return;
    const name = lastTitle.replace(/[\\/:*?"<>|\s]+/g, "").slice(0, 80) || "简报";
    const to = $("format").value;
    let bytes = lastPdf;
    if (to !== "pdf") {
      const f = form();
      f.append("to", to);
      const r = await fetch("/api/render", { method: "POST", body: f });
      if (!r.ok) {
        status("未能生成 " + to.toUpperCase() + "（HTTP " + r.status + "）", true);
        return;
      }
      bytes = new Uint8Array(await r.arrayBuffer());
    }
    const type = to === "ofd" ? "application/ofd" : "application/pdf";
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name + (to === "ofd" ? ".ofd" : ".pdf");
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function layouts() {
    try {
      const r = await fetch("/api/layouts");
      const j = await r.json();
      const sel = $("layout");
      for (const l of j.layouts) {
        const o = document.createElement("option");
        o.value = l.name;
        o.textContent = l.name;
        o.title = l.summary || "";
        if (l.default) o.selected = true;
        sel.appendChild(o);
      }
    } catch (e) {
      status("读不到版式列表：" + e.message, true);
    }
  }

  $("date").value = today();
  $("text").addEventListener("input", () => {
    if (file) {
      file = null;
      $("file").value = "";
      $("filename").hidden = true;
    }
    later();
  });
  for (const k of fields) $(k).addEventListener("input", later);
  $("layout").addEventListener("change", later);
  $("file").addEventListener("change", () => {
    file = $("file").files[0] || null;
    $("filename").hidden = !file;
    $("filename").textContent = file ? "已选文件：" + file.name + "（改动正文框则改用正文）" : "";
    later();
  });
  $("download").addEventListener("click", download);
  layouts().then(later);
})();
