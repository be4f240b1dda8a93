// jianbao serve — the page: sends the article to /api/render and /api/inspect a moment after
// typing stops, draws the returned PDF with pdf.js, lists what was found, and says every error and
// note in Chinese from one table (MESSAGES) keyed by the engine's stable reason codes. The draft is
// kept in the browser (localStorage) as it is typed; 打印 prints the PDF itself.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const DELAY_MS = 150; // the pause that counts as "typing stopped"
  // the fields sent as they are (the API's names); the rest of the form is handled below
  const FIELDS = ["masthead", "issue", "unit", "date", "layout", "title", "byline", "source",
    "copies", "secrecy", "dist_bao", "dist_song", "dist_fa"];
  const DRAFT_KEY = "jianbao.draft.v1";
  const RECENT_KEY = "jianbao.recent.v1";
  let file = null; // a Word upload, rendered as it is (its structure, its photos) until the text is edited
  let seq = 0; // the newest request; older answers are dropped
  let controller = null;
  let timer = 0;
  let lastPdf = null;
  let foundTitle = "";
  let typedAt = 0;
  window.jbPreview = { drawn: 0, printed: 0, delayMs: [] }; // read by the browser test and bench

  // ---- every word the page says about the engine's answers, keyed by reason code ----

  const MESSAGES = {
    // errors (error.reason in the API's JSON)
    no_title: { text: "没有找到文章标题。请在“标题”一栏填写，或在正文第一行单独写上标题（6 到 40 个字）。",
      fix: "title" },
    no_text: { text: "没有读到正文。请粘贴文章，或上传文件。" },
    too_long: { text: "文章太长，一页排不下。打开“压缩”，只留导语、各部分小标题和含关键数字的句子；或删减正文。",
      fix: "condense" },
    too_long_condensed: { text: "压缩以后仍然排不下一页。请删减正文，或换一个版式。", fix: "text" },
    title_too_long: { text: "标题太长，两行排不下。请在“标题”一栏改短一些。", fix: "title" },
    overflow: { text: "一页排不下。请删减正文，或打开“压缩”。", fix: "condense" },
    no_converter: { text: "这台服务器不转换 .doc、.wps、.odt 文件（没有装 LibreOffice，或没有开启转换）。请在 Word 或 WPS 里“另存为” .docx 后再上传，或把文字直接粘贴进来。" },
    encrypted: { text: "这个文件设了密码，读不了。请在 Word 或 WPS 里去掉密码后另存，再上传。" },
    too_large: { text: "文件太大，超过了服务器允许的大小。请上传短一些的文章。" },
    content_type: { text: "读不了这种内容。请上传 .txt、.md 或 .docx 文件。" },
    encoding: { text: "文件里的文字无法识别（不是文本，或编码不对）。请另存为 UTF-8 文本，或直接粘贴文字。" },
    glyph: { text: "有字符在所有字体里都找不到。请检查正文里的生僻字或特殊符号。" },
    format: { text: "文章的结构读不出来。请检查标题、小标题和正文是否分行。" },
    input: { text: "文件读不了。请换一个文件，或把文字直接粘贴进来。" },
    usage: { text: "有一项填写得不对（例如日期）。请检查左侧各栏。" },
    busy: { text: "服务器正忙，请稍等片刻，页面会自动重试。" },
    token: { text: "这台服务器需要口令。请用管理员给的完整网址（带 ?token=）打开本页。" },
    bad_origin: { text: "请用启动时显示的网址打开本页。" },
    no_such_page: { text: "服务器上没有这个功能，请刷新页面。" },
    not_allowed: { text: "服务器上没有这个功能，请刷新页面。" },
    stopping: { text: "服务器正在停止，请稍后刷新页面再试。" },
    render_deadline: { text: "排版用时太长，被服务器停止了。请删减正文或少放几张照片。" },
    no_report: { text: "没有读到正文。请粘贴文章，或上传文件。" },
    bad_layout: { text: "没有这个版式，请刷新页面后重新选择。" },
    font: { text: "服务器缺少字体，请联系管理员。" },
    layout: { text: "版式文件有误，请换一个版式，或联系管理员。" },
    output: { text: "生成 PDF 时出错，请重试。" },
    nomem: { text: "服务器内存不足，请稍后重试。" },
    internal: { text: "服务器内部出错，请联系管理员。" },
    unavailable: { text: "服务器缺少处理这类文件所需的组件，请联系管理员。" },
    network: { text: "连不上排版服务，请确认它仍在运行，然后刷新页面。" },
    unknown: { text: "排版没有成功，请检查文章后重试。" },
    // notes of a successful render (the X-Jianbao-Notes header)
    condensed: { text: "已压缩：删去了 {n} 句，标题注明“摘编”。" },
    missing_glyph: { text: "有字符在字体里找不到，页面上印成了 □，请检查。" },
    note_left: { text: "编者按没有排入：单篇简报不排编者按，多篇的简报在各篇标题前排入。" },
    // lines of a raw article left out, or read into the header (document.dropped[].code)
    navigation: { text: "第 {lines} 行是网站导航，没有排入。" },
    tail: { text: "第 {lines} 行是网站尾部（版权、链接等），没有排入。" },
    snippet: { text: "第 {lines} 行是相关文章摘要或时间，没有排入。" },
    stray: { text: "第 {lines} 行在标题前，不属于文章，没有排入。" },
    breadcrumb: { text: "第 {lines} 行是栏目路径，没有排入。" },
    share: { text: "第 {lines} 行是分享、打印、字号等按钮文字，没有排入。" },
    metadata: { text: "第 {lines} 行是来源、栏目等信息，已放入报头。" },
    date: { text: "第 {lines} 行是日期，已作为文章日期。" },
    editor: { text: "第 {lines} 行是责任编辑等，没有排入。" },
    chrome: { text: "第 {lines} 行是网站名称等，没有排入。" },
    credit: { text: "第 {lines} 行是作者署名，已作为作者。" },
    colophon: { text: "第 {lines} 行是报尾（报送、抄送单位，印数等），已放入报尾。" },
    masthead: { text: "第 {lines} 行是报头（简报名称、期号、编印单位、日期），已放入报头。" },
    contents: { text: "第 {lines} 行是本期要目，按各篇标题重新生成。" },
    source: { text: "第 {lines} 行是供稿单位，已作为该篇的“来源”排入。" },
    dropped: { text: "第 {lines} 行没有排入。" },
    // the page's own words
    waiting: { text: "等待输入" },
    working: { text: "排版中…" },
    done: { text: "已更新：排版和绘制 {ms} 毫秒" },
    failed: { text: "没有排出来，请看下面的说明" },
    fine: { text: "没有问题" },
    no_pdfjs: { text: "预览需要 pdf.js（请管理员安装 libjs-pdf）；仍可下载 PDF" },
    no_layouts: { text: "读不到版式列表，请刷新页面。" },
    confirm_new: { text: "新建一份简报？正文、标题、作者、来源和日期会清空，报头、单位和版式保留。" },
    file_read: { text: "已读入文件：{name}" },
    file_word: { text: "已读入 Word 文件：{name}，按原文件的结构排版；改动正文后按正文排版" },
    file_kind: { text: "读不了这种文件：{name}。请上传 .txt、.md、.docx、.doc、.wps 或 .odt 文件。" },
    body_size: { text: "{pt} 磅，{lines} 行" },
    no_head: { text: "（无小标题）" },
    format_failed: { text: "未能生成 {format} 文件，请重试。" },
    condense_now: { text: "打开“压缩”" },
    title_offered: { text: "已在“标题”一栏填入从正文里找到的标题，可以修改。" },
    title_accept: { text: "用这个标题排版" },
    article_date: { text: "文章自己的日期是 {date}；日期留空则用它" },
    no_article_date: { text: "日期留空则用文章自己的日期" },
  };

  // the words for reason code `code`, with {name}s filled from `args`
  function say(code, args) {
    const m = MESSAGES[code] || MESSAGES.unknown;
    return m.text.replace(/\{(\w+)\}/g, (_, k) => (args && k in args ? String(args[k]) : ""));
  }

  // ---- small helpers ----

  function today() {
    const d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  function status(text, err) {
    $("status").textContent = text;
    $("status").className = err ? "status err" : "status";
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

  // "12" → 12; "40+" (more than the engine lists) → "40 多"; nothing → "若干"
  function count(v) {
    if (!v) return "若干";
    return v.endsWith("+") ? v.slice(0, -1) + " 多" : v;
  }

  // ---- the request ----

  function form() {
    const f = new FormData();
    for (const k of FIELDS) {
      const v = $(k).value.trim();
      if (v) f.append(k, v);
    }
    if ($("condense").checked) f.append("condense", "1");
    if (file) f.append("file", file, file.name);
    else f.append("text", $("text").value);
    return f;
  }

  // ---- what the engine found, and what it said ----

  function showInspect(j) {
    const doc = j.document || {};
    foundTitle = doc.title || "";
    $("found-title").textContent = doc.title || "—";
    $("found-date").textContent = doc.date || "—";
    $("title").placeholder = doc.title ? doc.title + "（文章里的标题，留空即用它）" : "留空则用文章里的标题";
    $("date-hint").textContent = doc.date ? say("article_date", { date: doc.date }) : say("no_article_date");
    $("body").textContent = j.body_pt
      ? say("body_size", { pt: j.body_pt.toFixed(2), lines: j.body_lines }) : "—";
    const sec = $("sections");
    clear(sec);
    for (const s of doc.sections || []) item(sec, s.head || say("no_head"));
    const figs = $("figures");
    clear(figs);
    for (const f of doc.figures || []) {
      const span = document.createElement("span");
      span.textContent = f.text;
      figs.appendChild(span);
    }
    if (!(doc.figures || []).length) figs.textContent = "—";
    const by = {};
    for (const d of doc.dropped || []) (by[d.code] = by[d.code] || []).push(d.line);
    for (const code of Object.keys(by))
      item($("warnings"), say(code in MESSAGES ? code : "dropped", { lines: ranges(by[code]) }));
    // issue 23's suggested title, when the engine sends one: offered in the 标题 field
    const suggested = doc.suggested_title || (j.suggestion && j.suggestion.title);
    if (suggested && !doc.title && !$("title").value) offerTitle(suggested);
  }

  function clearFound() {
    foundTitle = "";
    $("title").placeholder = "留空则用文章里的标题";
    $("date-hint").textContent = say("no_article_date");
    for (const id of ["found-title", "found-date", "body", "figures"]) $(id).textContent = "—";
    clear($("sections"));
  }

  function offerTitle(t) {
    $("title").value = t;
    $("title").select();
    saveDraft();
  }

  // the control that fixes reason `fix`, highlighted (and focused, for a field)
  function point(fix, text) {
    unpoint();
    if (fix === "title") {
      $("title-label").classList.add("need");
      $("title-hint").textContent = text;
      $("title-hint").hidden = false;
      $("title").focus();
    } else if (fix === "condense") {
      $("condense-label").classList.add("need");
      $("condense-hint").textContent = text;
      $("condense-hint").hidden = false;
      $("condense-label").scrollIntoView({ block: "center" });
      if (!$("condense").checked) { // the switch, once more beside the message
        const b = document.createElement("button");
        b.type = "button";
        b.id = "condense-now";
        b.className = "small";
        b.textContent = say("condense_now");
        b.addEventListener("click", () => {
          $("condense").checked = true;
          saveDraft();
          later();
        });
        $("problem").appendChild(b);
      }
    } else if (fix === "text") {
      $("text").classList.add("need");
    }
  }

  function unpoint() {
    for (const id of ["title-label", "condense-label", "text"]) $(id).classList.remove("need");
    $("title-hint").hidden = true;
    $("condense-hint").hidden = true;
  }

  // a failed render: the reason in Chinese, the fix pointed at, the old page marked stale
  function showProblem(e) {
    const code = e && e.reason && e.reason in MESSAGES ? e.reason : (e && e.status) || "unknown";
    const m = MESSAGES[code] || MESSAGES.unknown;
    let text = say(code in MESSAGES ? code : "unknown");
    if (e && e.line > 0) text = "正文第 " + e.line + " 行：" + text;
    $("problem").textContent = text;
    $("problem").hidden = false;
    item($("warnings"), text, "err");
    if (e && e.text) console.debug(e.text); // the CLI's English, for whoever debugs
    if (m.fix) point(m.fix, text);
    // issue 23: a suggested title may come with the error
    const suggested = e && e.suggestion && e.suggestion.title;
    if (suggested && code === "no_title" && !$("title").value) {
      offerTitle(suggested);
      $("title-hint").textContent = text + say("title_offered");
      const b = document.createElement("button"); // accepting it is one click
      b.type = "button";
      b.id = "title-accept";
      b.className = "small";
      b.textContent = say("title_accept");
      b.addEventListener("click", () => later());
      $("problem").appendChild(b);
    }
    status(say("failed"), true);
    stale(true);
  }

  let pageShown = false; // the canvas holds a page (the last one drawn)
  function stale(on) {
    $("paper").classList.toggle("stale", on && pageShown);
    $("download").disabled = on || !lastPdf;
    $("print").disabled = on || !lastPdf;
    if (on) lastPdf = null;
  }

  // ---- the preview ----

  const lib = window.pdfjsLib;
  if (lib) lib.GlobalWorkerOptions.workerSrc = "/pdfjs/pdf.worker.js";
  // one worker for every preview: starting pdf.js's worker costs more than a render
  const worker = lib ? new lib.PDFWorker() : null;

  async function draw(bytes) {
    if (!lib) {
      status(say("no_pdfjs"), true);
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
      status(say("waiting"));
      $("problem").hidden = true;
      unpoint();
      return;
    }
    status(say("working"));
    const t0 = performance.now();
    try {
      const [r, i] = await Promise.all([
        fetch("/api/render", { method: "POST", body: form(), signal }),
        fetch("/api/inspect", { method: "POST", body: form(), signal }),
      ]);
      if (my !== seq) return;
      clear($("warnings"));
      if (i.ok) showInspect(await i.json());
      else clearFound();
      if (!r.ok) {
        const j = await r.json().catch(() => ({ error: { reason: "unknown" } }));
        showProblem(j.error || {});
        if (r.status === 503) setTimeout(later, 1000);
        return;
      }
      $("problem").hidden = true;
      unpoint();
      const notes = (r.headers.get("X-Jianbao-Notes") || "").split(",").filter(Boolean);
      for (const code of notes)
        item($("warnings"), say(code, { n: count(r.headers.get("X-Jianbao-Condensed")) }), "note");
      const bytes = new Uint8Array(await r.arrayBuffer());
      lastPdf = bytes.slice();
      stale(false);
      remember();
      const t1 = performance.now();
      await draw(bytes);
      pageShown = true;
      $("page").classList.add("shown");
      window.jbPreview.last = { wait: t0 - typedAt, fetch: t1 - t0, draw: performance.now() - t1 };
      if (my !== seq) return;
      window.jbPreview.drawn++;
      window.jbPreview.delayMs.push(performance.now() - (typedAt || t0)); // the pause included
      status(say("done", { ms: Math.round(performance.now() - t0) }));
      if (!$("warnings").firstChild) item($("warnings"), say("fine"));
    } catch (e) {
      if (e.name !== "AbortError" && my === seq) showProblem({ reason: "network" });
    }
  }

  function later() {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  }

  // ---- the PDF out: download (in the format chosen beside it) and print ----

  function pdfUrl() {
    return URL.createObjectURL(new Blob([lastPdf], { type: "application/pdf" }));
  }

  // the preview's PDF as it is; PDF/A and OFD asked for again with "to"
  async function download() {
    if (!lastPdf) return;
    const name = ($("title").value || foundTitle || "简报").replace(/[\\/:*?"<>|\s]+/g, "")
      .slice(0, 80) || "简报";
    const to = $("format").value;
    let bytes = lastPdf;
    if (to !== "pdf") {
      const f = form();
      f.append("to", to);
      const r = await fetch("/api/render", { method: "POST", body: f });
      if (!r.ok) {
        status(say("format_failed", { format: $("format").selectedOptions[0].textContent }), true);
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

  // the PDF itself in a hidden frame, printed from there (Ctrl+P would print this page)
  function printPdf() {
    if (!lastPdf) return;
    const frame = $("printer");
    const old = frame.src;
    frame.onload = () => {
      frame.contentWindow.focus();
      frame.contentWindow.print();
      window.jbPreview.printed++;
      if (old) URL.revokeObjectURL(old);
    };
    frame.src = pdfUrl();
  }

  // ---- nothing lost: the draft, the recent 报头/单位/期号, 新建 ----

  function draft() {
    const d = { text: $("text").value, condense: $("condense").checked, fileName: file ? file.name : "" };
    for (const k of FIELDS) d[k] = $(k).value;
    return d;
  }

  function saveDraft() {
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(draft()));
    } catch (e) {
      /* private mode or full: the page still works */
    }
  }

  function restoreDraft() {
    let d = null;
    try {
      d = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
    } catch (e) {
      d = null;
    }
    if (!d) return false;
    for (const k of FIELDS) if (typeof d[k] === "string" && k !== "layout") $(k).value = d[k];
    if (d.layout && [...$("layout").options].some((o) => o.value === d.layout)) $("layout").value = d.layout;
    $("text").value = d.text || "";
    $("condense").checked = !!d.condense;
    return true;
  }

  function recent() {
    try {
      return JSON.parse(localStorage.getItem(RECENT_KEY) || "null") || { masthead: [], unit: [], issue: [] };
    } catch (e) {
      return { masthead: [], unit: [], issue: [] };
    }
  }

  // 第12期 → 第13期; 2024年第3期 → 2024年第4期 (the last number, one up)
  function nextIssue(s) {
    const m = /^(.*?)(\d+)(\D*)$/.exec(s || "");
    return m ? m[1] + (Number(m[2]) + 1) + m[3] : "";
  }

  function fillRecent() {
    const r = recent();
    for (const k of ["masthead", "unit", "issue"]) {
      const list = $("recent-" + k);
      clear(list);
      const values = k === "issue" && r.issue[0] ? [nextIssue(r.issue[0]), ...r.issue] : r[k];
      for (const v of values) {
        const o = document.createElement("option");
        o.value = v;
        list.appendChild(o);
      }
    }
  }

  // after a brief came out: its 报头, 单位 and 期号 first in the lists
  function remember() {
    const r = recent();
    for (const k of ["masthead", "unit", "issue"]) {
      const v = $(k).value.trim();
      if (!v) continue;
      r[k] = [v, ...r[k].filter((x) => x !== v)].slice(0, 8);
    }
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(r));
    } catch (e) {
      /* as saveDraft */
    }
    fillRecent();
  }

  function startNew() {
    if (!window.confirm(say("confirm_new"))) return;
    const r = recent();
    for (const k of ["title", "byline", "source", "date", "text"]) $(k).value = "";
    $("condense").checked = false;
    $("issue").value = nextIssue($("issue").value.trim() || r.issue[0] || "");
    dropFile();
    lastPdf = null;
    stale(false);
    const c = $("page");
    c.getContext("2d").clearRect(0, 0, c.width, c.height);
    c.classList.remove("shown");
    pageShown = false;
    clear($("warnings"));
    clearFound();
    $("problem").hidden = true;
    unpoint();
    saveDraft();
    status(say("waiting"));
    $("text").focus();
  }

  // ---- files: picked or dropped; the text shown in the editor ----

  function dropFile() {
    file = null;
    $("file").value = "";
    $("filename").hidden = true;
  }

  function fileNote(text) {
    $("filename").textContent = text;
    $("filename").hidden = false;
  }

  async function decodeText(f) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      return new TextDecoder("gb18030").decode(bytes); // GBK and GB2312 text from Windows
    }
  }

  async function takeFile(f) {
    if (!f) return;
    const ext = (/\.[^.]+$/.exec(f.name.toLowerCase()) || [""])[0];
    if ([".txt", ".md", ".markdown"].includes(ext)) {
      dropFile();
      $("text").value = await decodeText(f);
      fileNote(say("file_read", { name: f.name }));
    } else if ([".docx", ".doc", ".wps", ".odt"].includes(ext)) {
      // the report text of the Word file in the editor; the file itself rendered until edited
      const body = new FormData();
      body.append("file", f, f.name);
      let r;
      try {
        r = await fetch("/api/import", { method: "POST", body });
      } catch (e) {
        showProblem({ reason: "network" });
        return;
      }
      if (!r.ok) {
        const j = await r.json().catch(() => ({ error: { reason: "unknown" } }));
        clear($("warnings"));
        showProblem(j.error || {});
        return;
      }
      $("text").value = await r.text();
      file = f;
      fileNote(say("file_word", { name: f.name }));
    } else {
      $("problem").textContent = say("file_kind", { name: f.name });
      $("problem").hidden = false;
      return;
    }
    saveDraft();
    later();
  }

  function dragging(on) {
    $("drop").hidden = !on;
  }

  // ---- the layouts, named in Chinese by their files ----

  async function layouts() {
    try {
      const r = await fetch("/api/layouts");
      const j = await r.json();
      const sel = $("layout");
      const list = j.layouts.slice().sort((a, b) => b.default - a.default);
      for (const l of list) {
        const o = document.createElement("option");
        o.value = l.name;
        o.textContent = l.title || l.name;
        o.dataset.summary = l.summary || "";
        if (l.default) o.selected = true;
        sel.appendChild(o);
      }
    } catch (e) {
      status(say("no_layouts"), true);
    }
  }

  function showLayoutSummary() {
    const o = $("layout").selectedOptions[0];
    $("layout-summary").textContent = o ? o.dataset.summary : "";
  }

  // ---- wiring ----

  $("text").addEventListener("input", () => {
    dropFile(); // edited: the text is what is rendered now
    saveDraft();
    later();
  });
  for (const k of FIELDS) {
    $(k).addEventListener("input", () => {
      saveDraft();
      later();
    });
    $(k).addEventListener("change", () => {
      saveDraft();
      later();
    });
  }
  $("layout").addEventListener("change", showLayoutSummary);
  $("condense").addEventListener("change", () => {
    saveDraft();
    later();
  });
  $("file").addEventListener("change", () => takeFile($("file").files[0]));
  $("download").addEventListener("click", download);
  $("print").addEventListener("click", printPdf);
  $("new").addEventListener("click", startNew);
  let depth = 0; // dragenter/dragleave pairs over child elements
  document.addEventListener("dragenter", (e) => {
    if (![...e.dataTransfer.types].includes("Files")) return;
    depth++;
    dragging(true);
  });
  document.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      dragging(false);
    }
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    dragging(false);
    if (e.dataTransfer.files.length) takeFile(e.dataTransfer.files[0]);
  });

  fillRecent();
  layouts().then(() => {
    if (!restoreDraft()) {
      const r = recent();
      $("masthead").value = r.masthead[0] || "";
      $("unit").value = r.unit[0] || "";
      $("issue").value = r.issue[0] ? nextIssue(r.issue[0]) : "";
    }
    showLayoutSummary();
    later();
  });
  $("today").addEventListener("click", () => {
    $("date").value = today();
    saveDraft();
    later();
  });
})();
