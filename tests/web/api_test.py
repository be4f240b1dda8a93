#!/usr/bin/env python3
"""API tests of `jianbao serve` against servers on 127.0.0.1 at free ports.

usage: api_test.py JIANBAO SOURCE_ROOT

Every answer of the API is checked: renders (text, query options, JSON, multipart with an
upload), inspect, the layouts, every error status (400, 403, 404, 405, 413, 415, 422, 503), an
oversize body (announced and chunked), bad Host / Origin, a stalled upload, concurrent requests.
The servers are stopped with SIGTERM and must exit 0 with nothing on stderr but their own lines
(under ASan a leak report fails the test)."""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

JIANBAO, ROOT = sys.argv[1], sys.argv[2]
SAMPLE = os.path.join(ROOT, "samples", "zixi-wuzhong.md")
RAW = os.path.join(ROOT, "samples", "zixi-wuzhong-raw.txt")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


class Server:
    def __init__(self, *args):
        self.p = subprocess.Popen([JIANBAO, "serve", "--port", "0", *args],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.p.kill()
            sys.exit("the server printed no URL: %r %s" % (line, self.p.stderr.read()))
        self.port = int(m.group(1))

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        err = self.p.communicate(timeout=60)[1]
        check(self.p.returncode == 0, "server exit code %s" % self.p.returncode)
        check("Sanitizer" not in err and "ERROR" not in err, "server stderr: " + err[-2000:])


def request(port, method, path, body=None, headers=None, host=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"Host": host or "127.0.0.1:%d" % port}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def pdf_pages(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return (int(m.group(1)) if m else 0), text


def error_of(status, data, code, kind, what):
    check(status == code, "%s: HTTP %d, wanted %d (%s)" % (what, status, code, data[:300]))
    try:
        e = json.loads(data)["error"]
    except (ValueError, KeyError):
        check(False, what + ": not a JSON error: %r" % data[:200])
        return {}
    check(e.get("status") == kind, "%s: status %r, wanted %r" % (what, e.get("status"), kind))
    for k in ("exit_code", "file", "line", "col", "message", "hint", "text"):
        check(k in e, "%s: no %s in the error" % (what, k))
    return e


def multipart(fields, files):
    b = "----jianbao-test-boundary"
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                    % (b, k, v)).encode())
    for k, (name, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (b, k, name)).encode()
                   + data + b"\r\n")
    out.append(("--%s--\r\n" % b).encode())
    return b"".join(out), "multipart/form-data; boundary=" + b


def check_reasons(p):
    """The page's side of the API: stable reason codes (error.reason, dropped[].code,
    X-Jianbao-Notes), layouts' Chinese names, a Word file's text (/api/import), the 报尾 rows."""
    st, h, d = request(p, "GET", "/api/layouts")
    titles = {l["name"]: l["title"] for l in json.loads(d)["layouts"]}
    check(titles.get("red-header") == "红头简报" and titles.get("mono") == "黑白", "titles: %s" % titles)
    st, h, d = request(p, "POST", "/api/render", "没有标题的一段话。".encode())
    e = json.loads(d)["error"]
    check(st == 422 and e["reason"] == "no_title" and e["status"] == "format", "no_title: %s" % e)
    check(e["suggestion"]["title"] and e["suggestion"]["title"] in e["message"], "no suggestion: %s" % e)
    long = ("---\ntitle: 全县安全生产大检查工作情况汇报\n---\n\n## 一\n\n" +
            "\n\n".join("第%d组检查企业%d家。各乡镇认真落实属地管理责任，层层压实工作措施，确保各项"
                       "部署落到实处，切实把问题解决在萌芽状态，推动形势持续稳定向好。" % (i, 100 + i)
                       for i in range(40))).encode()
    st, h, d = request(p, "POST", "/api/render", long)
    check(st == 422 and json.loads(d)["error"]["reason"] == "too_long", "too_long: %s" % d[:200])
    st, h, d = request(p, "POST", "/api/render?condense=1", long)
    check(st == 200 and h.get("x-jianbao-notes") == "condensed" and
          re.fullmatch(r"\d+\+?", h.get("x-jianbao-condensed", "")), "condensed: %s" % h)
    # an issue of five items (RULES.md §5.7): it needs two pages, which the pages field allows
    five = open(os.path.join(ROOT, "samples", "issue-five-items.md"), encoding="utf-8").read()
    five = five.replace("pages: 2\n", "").encode()
    st, h, d = request(p, "POST", "/api/render", five)
    e = json.loads(d)["error"]
    check(st == 422 and e["reason"] == "too_long" and "needs 2 pages" in e["message"], "pages: %s" % e)
    st, h, d = request(p, "POST", "/api/render?pages=2", five)
    check(st == 200 and pdf_pages(d)[0] == 2, "pages=2: %s %s" % (st, d[:200]))
    st, h, d = request(p, "POST", "/api/render?pages=9", five)
    check(st == 400 and json.loads(d)["error"]["reason"] == "bad_pages", "pages=9: %s" % d[:200])
    st, h, d = request(p, "POST", "/api/render", "bad".encode(), {"Content-Type": "image/png"})
    check(st == 415 and json.loads(d)["error"]["reason"] == "content_type", "content_type")
    st, h, d = request(p, "POST", "/api/inspect", open(RAW, "rb").read())
    codes = {x["code"] for x in json.loads(d)["document"]["dropped"]}
    check(st == 200 and {"navigation", "tail", "metadata"} <= codes, "dropped codes: %s" % codes)
    docx = os.path.join(ROOT, "tests", "data", "docx", "lo-features.docx")
    body, ctype = multipart({}, {"file": ("a.docx", open(docx, "rb").read())})
    st, h, d = request(p, "POST", "/api/import", body, {"Content-Type": ctype})
    check(st == 200 and h["content-type"].startswith("text/markdown") and
          "## 一、基本情况" in d.decode(), "import: %d %s" % (st, d[:200]))
    if not any(os.access(os.path.join(x, "soffice"), os.X_OK)
               for x in os.environ.get("PATH", "").split(":")):
        odt = os.path.join(ROOT, "tests", "data", "docx", "sample.odt")
        body, ctype = multipart({}, {"file": ("a.odt", open(odt, "rb").read())})
        st, h, d = request(p, "POST", "/api/render", body, {"Content-Type": ctype})
        check(st == 415 and json.loads(d)["error"]["reason"] == "no_converter",
              "no converter: %d %s" % (st, d[:200]))
    body, ctype = multipart({"text": open(SAMPLE, encoding="utf-8").read(), "dist_bao": "市委办公室",
                             "copies": "80", "secrecy": "秘密"}, {})
    st, h, d = request(p, "POST", "/api/render", body, {"Content-Type": ctype})
    pages, text = pdf_pages(d)
    check(st == 200 and "报：市委办公室" in text.replace(" ", "") and "80" in text and
          text.lstrip().startswith("秘密"), "报尾 rows and 密级: " + text[:80])


def main():
    sample = open(SAMPLE, "rb").read()
    raw = open(RAW, "rb").read()
    title = "五重"  # in the sample's title, on the page
    s = Server("-j", "4", "--queue", "60000")  # the concurrent step checks answers, not waiting (slow under ASan)
    p = s.port

    st, h, d = request(p, "GET", "/healthz")
    check(st == 200 and json.loads(d) == {"ok": True}, "healthz")
    check("default-src 'none'" in h.get("content-security-policy", ""), "CSP on /healthz")
    st, h, d = request(p, "GET", "/api/layouts")
    names = [l["name"] for l in json.loads(d)["layouts"]]
    check(st == 200 and {"red-header", "modern", "mono"} <= set(names), "layouts: %s" % names)
    st, h, d = request(p, "GET", "/")
    check(st == 200 and "简报" in d.decode() and h["content-type"].startswith("text/html"), "page")
    check("worker-src 'self'" in h.get("content-security-policy", ""), "CSP allows the worker")
    check("script-src 'self'" in h["content-security-policy"] and
          "unsafe" not in h["content-security-policy"], "CSP is strict")
    for path in ("/app.js", "/app.css", "/pdfjs/pdf.js", "/pdfjs/pdf.worker.js"):
        st, h, d = request(p, "GET", path)
        check(st == 200 and len(d) > 100, "GET " + path)

    # renders: a report as the body (curl's default type), the PDF one page with the title
    st, h, d = request(p, "POST", "/api/render", sample,
                       {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 200 and h["content-type"] == "application/pdf", "render: %d" % st)
    pages, text = pdf_pages(d)
    check(pages == 1 and title in text, "render: %d pages" % pages)
    cli = subprocess.run([JIANBAO, "render", SAMPLE, "-o", "-"], capture_output=True).stdout
    check(d == cli, "render: the same bytes as jianbao render")
    # the archival formats: to=pdfa and to=ofd give the CLI's bytes; another to is a 400
    for to, flag, ctype in (("pdfa", "--pdfa", "application/pdf"), ("ofd", "--to=ofd", "application/ofd")):
        st, h, d = request(p, "POST", "/api/render?to=" + to, sample,
                           {"Content-Type": "application/x-www-form-urlencoded"})
        want = subprocess.run([JIANBAO, "render", SAMPLE, flag, "-o", "-"], capture_output=True).stdout
        check(st == 200 and h["content-type"] == ctype and d == want, "render to=%s: %d" % (to, st))
    st, h, d = request(p, "POST", "/api/render?to=docx", sample,
                       {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 400 and b"no such output format" in d, "render to=docx: %d" % st)
    # a raw article with options in the query, and in JSON
    st, h, d = request(p, "POST", "/api/render?layout=mono&masthead=%E5%B7%A5%E4%BD%9C%E7%AE%80"
                       "%E6%8A%A5&issue=%E7%AC%AC3%E6%9C%9F", raw, {"Content-Type": "text/plain"})
    pages, text = pdf_pages(d)
    check(st == 200 and pages == 1 and "第3期" in text.replace(" ", ""), "render raw + query")
    body = json.dumps({"text": raw.decode(), "layout": "modern", "unit": "测试办公室",
                       "date": "2024-05-06", "condense": True})
    st, h, d = request(p, "POST", "/api/render", body.encode(),
                       {"Content-Type": "application/json"})
    pages, text = pdf_pages(d)
    check(st == 200 and pages == 1 and "测试办公室" in text.replace(" ", ""), "render JSON")
    # a multipart upload with form fields and an options field
    mp, ct = multipart({"issue": "第9期", "options": json.dumps({"layout": "mono"})},
                       {"file": ("简报.md", sample)})
    st, h, d = request(p, "POST", "/api/render", mp, {"Content-Type": ct})
    pages, text = pdf_pages(d)
    check(st == 200 and pages == 1 and "第9期" in text.replace(" ", ""), "render multipart")
    # a character no font has, drawn as □ on request: the warning comes in a header
    odd = "---\ntitle: 测试𪜀\n---\n\n## 一\n\n段落。\n".encode()
    st, h, d = request(p, "POST", "/api/render?allow_missing=1", odd,
                       {"Content-Type": "text/markdown"})
    check(st == 200 and "x-jianbao-warning" in h, "render with allow_missing warns")

    # inspect
    st, h, d = request(p, "POST", "/api/inspect", raw, {"Content-Type": "text/plain"})
    j = json.loads(d) if st == 200 else {}
    check(st == 200 and title in j.get("document", {}).get("title", ""), "inspect title")
    check(len(j.get("document", {}).get("sections", [])) >= 3, "inspect sections")
    check(j.get("document", {}).get("figures"), "inspect figures")

    # every error status
    e = error_of(*request(p, "POST", "/api/render?layout=nope", sample,
                          {"Content-Type": "text/plain"})[::2], 400, "usage", "unknown layout")
    check("red-header" in e.get("hint", ""), "unknown layout: the hint lists the layouts")
    error_of(*request(p, "POST", "/api/render?layout=../../../etc/passwd", sample,
                      {"Content-Type": "text/plain"})[::2], 400, "usage", "layout as a path")
    error_of(*request(p, "POST", "/api/render?colour=red", sample)[::2], 400, "usage",
             "unknown option")
    error_of(*request(p, "POST", "/api/render", b"{\"text\": 1, \"x\": 2}",
                      {"Content-Type": "application/json"})[::2], 400, "usage", "bad JSON key")
    error_of(*request(p, "POST", "/api/render", b"[1]",
                      {"Content-Type": "application/json"})[::2], 400, "usage", "JSON array")
    error_of(*request(p, "POST", "/api/render", b"")[::2], 400, "usage", "empty body")
    error_of(*request(p, "POST", "/api/render", b"abc\xff\xfe\n")[::2], 415, "encoding",
             "bad UTF-8")
    error_of(*request(p, "POST", "/api/render", b"x", {"Content-Type": "image/png"})[::2], 415,
             "encoding", "a PNG")
    error_of(*request(p, "POST", "/api/render", b"---\ntitle: x\n---\n")[::2], 422, "format",
             "no sections")
    long = ("---\ntitle: 长\n---\n\n## 一\n\n" + "很长的段落。" * 3000).encode()
    e = error_of(*request(p, "POST", "/api/render", long)[::2], 422, "overflow", "overflow")
    check(e.get("exit_code") == 9, "overflow: exit code 9")
    e = error_of(*request(p, "POST", "/api/render", odd)[::2], 422, "glyph", "missing glyph")
    check(e.get("line") == 2 and e.get("col") == 10 and e["text"].startswith("request:2:10: "),
          "missing glyph: file:line:col as the CLI prints it: %r" % e.get("text"))
    error_of(*request(p, "POST", "/api/inspect", long)[::2], 422, "overflow", "inspect overflow")
    # oversize: announced by Content-Length, and sent chunked without one
    # (the answer comes on the headers alone, before the body is sent)
    c = http.client.HTTPConnection("127.0.0.1", p, timeout=60)
    c.putrequest("POST", "/api/render")
    c.putheader("Content-Length", str(1 << 21))
    c.endheaders()
    r = c.getresponse()
    error_of(r.status, r.read(), 413, "input", "oversize body")
    c.close()
    c = http.client.HTTPConnection("127.0.0.1", p, timeout=60)
    c.putrequest("POST", "/api/render")
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    for _ in range(40):
        c.send(b"10000\r\n" + b"b" * 0x10000 + b"\r\n")
    c.send(b"0\r\n\r\n")
    r = c.getresponse()
    error_of(r.status, r.read(), 413, "input", "oversize chunked body")
    c.close()
    # DNS rebinding and cross-site posts
    error_of(*request(p, "GET", "/", host="evil.example:%d" % p)[::2], 403, "usage", "bad Host")
    error_of(*request(p, "POST", "/api/render", sample, host="evil.example")[::2], 403, "usage",
             "bad Host on a post")
    error_of(*request(p, "POST", "/api/render", sample, {"Origin": "http://evil.example"})[::2],
             403, "usage", "bad Origin")
    error_of(*request(p, "POST", "/api/render", sample, {"Origin": "null"})[::2], 403, "usage",
             "null Origin")
    error_of(*request(p, "POST", "/api/render", sample, {"Sec-Fetch-Site": "cross-site"})[::2],
             403, "usage", "cross-site fetch")
    st, h, d = request(p, "POST", "/api/render", sample, {"Origin": "http://127.0.0.1:%d" % p})
    check(st == 200, "same Origin accepted")
    st, h, d = request(p, "POST", "/api/render", sample, {"Origin": "http://localhost:%d" % p},
                       host="localhost:%d" % p)
    check(st == 200, "localhost accepted")
    error_of(*request(p, "GET", "/../../etc/passwd")[::2], 404, "usage", "a path")
    error_of(*request(p, "GET", "/web/index.html")[::2], 404, "usage", "a file by folder")
    error_of(*request(p, "GET", "/api/render")[::2], 405, "usage", "GET render")
    error_of(*request(p, "POST", "/healthz", b"x")[::2], 405, "usage", "POST healthz")

    # concurrent requests: 16 at once, every answer whole and the same
    answers = []

    def hammer():
        for _ in range(4):
            answers.append(request(p, "POST", "/api/render", sample)[::2])

    threads = [threading.Thread(target=hammer) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(len(answers) == 64 and all(a == (200, cli) for a in answers),
          "concurrent renders: %s" % sorted(set(a[0] for a in answers)))
    s.stop()

    # a full pool answers 503 (one worker, no queue), a stalled upload is cut off
    s = Server("-j", "1", "--queue", "0", "--timeout", "1")
    p = s.port
    # a burst of 12 at once; tried again (up to 5 times) when a loaded machine spreads it out
    for _ in range(5):
        answers = []
        go = threading.Barrier(12)

        def burst():
            go.wait()
            answers.append(request(p, "POST", "/api/render", long[:60000])[:2])

        threads = [threading.Thread(target=burst) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = [a[0] for a in answers]
        if 503 in codes:
            break
    check(503 in codes and 422 in codes and set(codes) <= {422, 503}, "busy: %s" % codes)
    check(all(a[1].get("retry-after") == "1" for a in answers if a[0] == 503), "Retry-After")
    c = http.client.HTTPConnection("127.0.0.1", p, timeout=30)
    c.putrequest("POST", "/api/render")
    c.putheader("Content-Length", "1000")
    c.endheaders()
    c.send(b"a" * 10)
    t0 = time.time()
    try:
        r = c.getresponse()
        r.read()
        cut = r.status >= 400
    except (ConnectionError, http.client.HTTPException):
        cut = True
    check(cut and time.time() - t0 < 10, "a stalled upload is cut off")
    c.close()
    check_reasons(p)
    s.stop()

    # a host other than loopback is said on stderr
    p2 = subprocess.Popen([JIANBAO, "serve", "--port", "0", "--host", "0.0.0.0"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p2.stdout.readline()
    p2.send_signal(signal.SIGTERM)
    err = p2.communicate(timeout=60)[1]
    check("0.0.0.0" in line and "warning" in err and "other computers" in err,
          "non-loopback warning: %r %r" % (line, err))
    # options that serve does not take
    r = subprocess.run([JIANBAO, "serve", "--layout", "x.ini"], capture_output=True, text=True)
    check(r.returncode == 2 and "by name" in r.stderr, "serve --layout refused")
    r = subprocess.run([JIANBAO, "render", SAMPLE, "--port", "1"], capture_output=True, text=True)
    check(r.returncode == 2, "render --port refused")

    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    print("api: all checks passed")


main()
