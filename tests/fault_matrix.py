#!/usr/bin/env python3
"""The fault matrix: jianbao serve (and the command line) under hostile and careless input, on
loopback, bounded in count and time (a few minutes on two cores).

usage: fault_matrix.py JIANBAO ROOT [CASE ...]   (no case: all of them; prints the matrix)

Cases (issue 30): a form part without a name, a NUL in JSON text (and %00 in the query), a Word
file placing one 64-megapixel PNG 12 times, a render over --render-timeout (504), a FIFO as a photo (render, batch), 300 slow-header connections with a
probe beside them (from one address: the per-client limit; from 30: the eviction at the cap),
SIGTERM with renders under way, a corrupt Word file (422, not 413), a 244-byte output name, and
2,000 mixed requests (good, malformed, oversized, slow) with the server's RSS flat within 10 %
after the first 200. tests/e2e.py runs the reproducers one by one through these functions.
"""
import http.client
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
import struct

JB, ROOT = sys.argv[1], sys.argv[2]
JBCMD = shlex.split(JB)  # a prefix may come with it: "setarch x86_64 -R build-tsan/src/jianbao"
REPORTS = []  # sanitizer reports and unexpected stderr of the servers
# time bounds are multiplied by this under the sanitizers (CI sets it: ASan 4, TSan 10)
SLOW = float(os.environ.get("JB_FAULT_TIME_FACTOR", "1"))
TMP = tempfile.mkdtemp(prefix="jb-fault-")
SAMPLE = os.path.join(ROOT, "samples", "zixi-wuzhong.md")


class Server:
    """jianbao serve on a free port of 127.0.0.1, stopped with SIGTERM."""

    def __init__(self, *args):
        self.err = tempfile.TemporaryFile(mode="w+")
        self.p = subprocess.Popen(JBCMD + ["serve", "--port", "0", "-q", "--data-dir", ROOT] + list(args),
                                  stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.p.stdout.readline()
        m = re.search(r":(\d+)/", line)
        if not m:
            self.err.seek(0)
            raise RuntimeError("serve printed no address: %r %s" % (line, self.err.read()))
        self.port = int(m.group(1))

    def rss_kb(self, key="VmRSS"):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.p.poll() is None and request(self.port, "GET", "/healthz")[0] == 200

    def stop(self, timeout=15):
        t0 = time.time()
        self.p.send_signal(signal.SIGTERM)
        rc = self.p.wait(timeout=timeout)
        took = time.time() - t0
        self.err.seek(0)
        text = self.err.read()
        if re.search(r"Sanitizer|runtime error|LeakSanitizer", text) or rc != 0:
            REPORTS.append("serve exited %d: %s" % (rc, text[-3000:]))
        return rc, took


def request(port, method, path, body=None, headers=None, source="127.0.0.1", timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    h = {"Host": "127.0.0.1:%d" % port}
    h.update(headers or {})
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        return r.status, dict(r.getheaders()), data
    except (OSError, http.client.HTTPException) as e:
        return 0, {}, str(e).encode()
    finally:
        c.close()


def reason(data):
    try:
        return json.loads(data)["error"]["reason"]
    except (ValueError, KeyError, TypeError):
        return None


def raw(port, payload, source="127.0.0.1", timeout=15):
    """Sends bytes as they are; the status of the answer (0: none, the connection closed)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0))
    try:
        s.sendall(payload)
        got = b""
        while b"\r\n" not in got:
            b = s.recv(4096)
            if not b:
                break
            got += b
        m = re.match(rb"HTTP/1\.\d (\d+)", got)
        return int(m.group(1)) if m else 0
    except OSError:
        return -1  # not closed in time
    finally:
        s.close()


# ---- the inputs ----

def big_png(path, w=8000, h=8000, seed=0):
    """A 64-megapixel RGB PNG, written row by row (a few hundred KB); seed varies its pattern."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    z = zlib.compressobj(6)
    rows = [b"\0" + bytes([(x * 7 + k * 40 + seed * 13) & 255 for x in range(64)]) * (w * 3 // 64)
            for k in range(4)]
    idat = io.BytesIO()
    for y in range(h):
        idat.write(z.compress(rows[(y // 500) % 4]))
    idat.write(z.flush())
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", idat.getvalue()) + chunk(b"IEND", b""))
    return path


def budget_docx(path, copies=12, distinct=1):
    """The photo sample's Word file with its first photo a 64-megapixel PNG, placed `copies` times;
    with distinct > 1, that many different such PNGs (big.png, big1.png …) take the places in
    turn."""
    png = open(big_png(os.path.join(TMP, "big.png")), "rb").read()
    others = [open(big_png(os.path.join(TMP, "big%d.png" % k), seed=k), "rb").read() for k in range(1, distinct)]
    src = zipfile.ZipFile(os.path.join(ROOT, "tests", "data", "docx", "pandoc-photos.docx"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/media/rId20.jpg":
                z.writestr(zipfile.ZipInfo("word/media/big.png"), png, zipfile.ZIP_STORED)
                for k, other in enumerate(others, 1):
                    z.writestr(zipfile.ZipInfo("word/media/big%d.png" % k), other, zipfile.ZIP_STORED)
                continue
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"media/rId20.jpg", b"media/big.png")
                extra = b"".join(b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                 b'relationships/image" Id="rIdBig%d" Target="media/big%d.png" />' % (k, k)
                                 for k in range(1, distinct))
                data = data.replace(b"</Relationships>", extra + b"</Relationships>")
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png" /><Default ', 1)
            if item.filename == "word/document.xml":
                text = data.decode()
                i = text.index('r:embed="rId20"')
                a = text.rindex("<w:p>", 0, i)
                b = text.index("</w:p>", i) + len("</w:p>")
                para = text[a:b]
                more = "".join(para if (n + 1) % distinct == 0 else
                               para.replace('r:embed="rId20"', 'r:embed="rIdBig%d"' % ((n + 1) % distinct))
                               for n in range(copies - 1))
                text = text[:b] + more + text[b:]
                data = text.encode()
            z.writestr(item, data)
    return path


def multipart(parts, boundary="XyZ"):
    out = b""
    for disp, body in parts:
        out += b"--" + boundary.encode() + b"\r\nContent-Disposition: " + disp + b"\r\n\r\n" + body + b"\r\n"
    return out + b"--" + boundary.encode() + b"--\r\n"


FORM = {"Content-Type": "multipart/form-data; boundary=XyZ"}
JSON = {"Content-Type": "application/json"}


# ---- the cases: each returns (expected, got, ok) ----

def case_null_form_name(s=None):
    own = s is None
    s = s or Server()
    st, _, data = request(s.port, "POST", "/api/render", multipart([(b"form-data", b"hello")]), FORM)
    st2, _, data2 = request(s.port, "POST", "/api/render",
                            multipart([(b'form-data; name=""', b"hello"), (b'form-data; name="text"', b"")]), FORM)
    st3, _, data3 = request(s.port, "POST", "/api/render", multipart([]), FORM)
    alive = s.alive()
    if own:
        s.stop()
    got = "%d %s; empty name %d %s; no parts %d %s; alive %s" % (st, reason(data), st2, reason(data2), st3,
                                                                   reason(data3), alive)
    return ("400 form_part_unnamed, server up", got,
            st == 400 and reason(data) == "form_part_unnamed" and st2 == 400 and st3 == 400 and alive)


def case_json_nul(s=None):
    own = s is None
    s = s or Server()
    text = open(SAMPLE, encoding="utf-8").read()
    body = json.dumps({"text": text[:200] + "\0" + text[200:]})
    st, _, data = request(s.port, "POST", "/api/render", body.encode(), JSON)
    st2, _, data2 = request(s.port, "POST", "/api/render", json.dumps({"text": text, "title": "a\0b"}).encode(), JSON)
    st3, _, data3 = request(s.port, "POST", "/api/render?title=a%00b", text.encode())
    alive = s.alive()
    if own:
        s.stop()
    return ("400 json_nul (text, options), 400 query_nul (%00 in the query)",
            "%d %s; option %d %s; query %d %s; alive %s" % (st, reason(data), st2, reason(data2), st3, reason(data3), alive),
            st == 400 and reason(data) == "json_nul" and st2 == 400 and reason(data3) == "query_nul" and alive)


def case_issue_items(s=None):
    """A pasted issue (tests/data/issues) and a Word document of two items: rendered with no note;
    inspect lists the items; an article with a 编者按 (the one-article page sets none) notes
    note_left."""
    own = s is None
    s = s or Server()
    text = open(os.path.join(ROOT, "tests", "data", "issues", "01-contents.txt"), "rb").read()
    st, h, _ = request(s.port, "POST", "/api/render", text)
    st2, _, data2 = request(s.port, "POST", "/api/inspect", text)
    docx = open(os.path.join(ROOT, "tests", "data", "docx", "issue-titles.docx"), "rb").read()
    body = multipart([(b'form-data; name="file"; filename="issue-titles.docx"', docx)])
    st3, h3, _ = request(s.port, "POST", "/api/render", body, FORM)
    one = ("编者按：这是一篇经验材料，供各地参考。\n南城县召开关心下一代工作推进会\n"
           "5月8日，南城县召开关心下一代工作推进会，会议总结了上半年工作，部署了下一阶段的重点任务。\n")
    st4, h4, _ = request(s.port, "POST", "/api/render", ("南湖镇工作简报\n第8期\n" + one).encode())
    alive = s.alive()
    if own:
        s.stop()
    items = len(json.loads(data2)["document"].get("items", [])) if st2 == 200 else -1
    got = "%d notes %s; inspect %d, %d items; docx %d notes %s; note %d notes %s; alive %s" % (
        st, h.get("X-Jianbao-Notes"), st2, items, st3, h3.get("X-Jianbao-Notes"), st4, h4.get("X-Jianbao-Notes"),
        alive)
    return ("200 no notes, 4 items, docx 200 no notes, note 200 note_left", got,
            st == 200 and h.get("X-Jianbao-Notes") is None and items == 4 and st3 == 200 and
            h3.get("X-Jianbao-Notes") is None and st4 == 200 and h4.get("X-Jianbao-Notes") == "note_left" and alive)


def case_budget_docx():
    docx = budget_docx(os.path.join(TMP, "budget.docx"))
    s = Server("-j", "2")
    t0 = time.time()
    st, _, data = request(s.port, "POST", "/api/render", open(docx, "rb").read(),
                          {"Content-Type": "application/octet-stream"}, timeout=60)
    took = time.time() - t0
    peak = s.rss_kb("VmHWM") / 1024
    alive = s.alive()
    s.stop()
    msg = ""
    if st != 200:
        try:
            msg = json.loads(data)["error"]["message"][:80]
        except (ValueError, KeyError):
            msg = data[:80]
    got = "%d in %.1f s, peak RSS %.0f MB (%d KB file) %s" % (st, took, peak, os.path.getsize(docx) // 1024, msg)
    return ("refused or rendered, < 400 MB, < 5 s", got,
            st in (200, 413, 422) and peak < 400 and took < 5 * SLOW and alive)


def case_render_deadline():
    """A render over --render-timeout (four different 64-megapixel PNGs, 1 s allowed) is stopped
    between its photos and answered 504 render_deadline; the server goes on."""
    docx = budget_docx(os.path.join(TMP, "slow.docx"), copies=4, distinct=4)
    s = Server("--render-timeout", "1", "--max-input", "4M")
    t0 = time.time()
    st, _, data = request(s.port, "POST", "/api/render", open(docx, "rb").read(),
                          {"Content-Type": "application/octet-stream"}, timeout=60)
    took = time.time() - t0
    alive = s.alive()
    s.stop()
    return ("504 render_deadline soon after 1 s (or 200/422 when the machine renders it in 1 s)",
            "%d %s in %.1f s; alive %s" % (st, reason(data), took, alive),
            ((st == 504 and reason(data) == "render_deadline") or (st in (200, 422) and took < 1.5))
            and took < 4 * SLOW and alive)


def case_fifo_photo():
    d = os.path.join(TMP, "fifo")
    os.makedirs(d, exist_ok=True)
    for f in ("huodong-photos.md", "canguan.jpg"):
        shutil.copy(os.path.join(ROOT, "samples", "photos", f), d)
    os.mkfifo(os.path.join(d, "xuanjiang.jpg"))
    shutil.copy(SAMPLE, d)
    t0 = time.time()
    r = subprocess.run(JBCMD + ["render", os.path.join(d, "huodong-photos.md"), "-o", os.path.join(TMP, "f.pdf"),
                        "--data-dir", ROOT], capture_output=True, text=True, timeout=20)
    one = time.time() - t0
    out = os.path.join(TMP, "batch")
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    b = subprocess.run(JBCMD + ["render", os.path.join(d, "huodong-photos.md"), os.path.join(d, "zixi-wuzhong.md"),
                        "-d", out, "--data-dir", ROOT], capture_output=True, text=True, timeout=20)
    batch = time.time() - t0
    ok = (r.returncode == 3 and "not a regular file" in r.stderr and one < 1 * SLOW and
          b.returncode == 3 and batch < 2 * SLOW and os.listdir(out) == ["zixi-wuzhong.pdf"])
    # a FIFO as the layout, a font given by path, the manifest: refused at once
    fifo = os.path.join(d, "fifo")
    os.mkfifo(fifo)
    others = []
    pdf = os.path.join(TMP, "o.pdf")
    for name, args, code in (("layout", [SAMPLE, "-o", pdf, "--layout", fifo], 8),
                             ("font", [SAMPLE, "-o", pdf, "--set", "fonts.kai=" + fifo], 7),
                             ("manifest", ["--manifest", fifo, "-d", out], 3)):
        t0 = time.time()
        x = subprocess.run(JBCMD + ["render"] + args + ["--data-dir", ROOT], capture_output=True, text=True,
                           timeout=20)
        others.append((name, x.returncode, time.time() - t0))
        ok = ok and x.returncode == code and "not a regular file" in x.stderr and others[-1][2] < 1 * SLOW
    # watch renders, says why, and goes on watching (stopped here after 2 s)
    t0 = time.time()
    w = subprocess.Popen(JBCMD + ["watch", os.path.join(d, "huodong-photos.md"), "-o", os.path.join(TMP, "w.pdf"),
                                  "--data-dir", ROOT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2 * SLOW)
    alive = w.poll() is None
    w.send_signal(signal.SIGINT)
    werr = w.communicate(timeout=10)[1]
    ok = ok and alive and "not a regular file" in werr
    return ("error within 1 s (render, batch; layout, font, manifest; watch goes on)",
            "render exit %d in %.2f s; batch exit %d in %.2f s, wrote %s; %s; watch said it and went on: %s" %
            (r.returncode, one, b.returncode, batch, os.listdir(out),
             ", ".join("%s exit %d in %.2f s" % o for o in others),
             alive and "not a regular file" in werr), ok)


def slow_clients(port, n, sources, stop):
    """n connections sending a header line every 2 s until stop is set."""
    socks = []
    for i in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5,
                                         source_address=(sources[i % len(sources)], 0))
            s.sendall(b"POST /api/render HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
            socks.append(s)
        except OSError:
            pass
    while not stop.wait(2):
        for s in socks:
            try:
                s.sendall(b"X-Slow: %d\r\n" % random.randrange(1000))
            except OSError:
                pass
    for s in socks:
        s.close()


def case_slowloris():
    s = Server("-j", "2")
    res = []
    for label, sources in (("one address", ["127.0.0.1"]),
                           ("30 addresses", ["127.0.1.%d" % i for i in range(1, 31)])):
        stop = threading.Event()
        t = threading.Thread(target=slow_clients, args=(s.port, 300, sources, stop))
        t.start()
        time.sleep(3)
        t0 = time.time()
        st, _, _ = request(s.port, "POST", "/api/render", open(SAMPLE, "rb").read(), source="127.0.0.2",
                           timeout=15)
        res.append((label, st, time.time() - t0))
        stop.set()
        t.join()
    alive = s.alive()
    s.stop()
    # and a slow head is cut at --timeout however steadily it trickles (a line every 0.5 s)
    s = Server("--timeout", "2")
    c = socket.create_connection(("127.0.0.1", s.port), timeout=1)
    c.sendall(b"POST /api/render HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    c.setblocking(False)
    t0, cut = time.time(), None
    while time.time() - t0 < 10 * SLOW and cut is None:
        try:
            c.sendall(b"X-Slow: 1\r\n")
            if c.recv(1) == b"":
                cut = time.time() - t0
        except BlockingIOError:
            pass
        except OSError:
            cut = time.time() - t0
        time.sleep(0.5)
    c.close()
    s.stop()
    return ("probe 200 beside 300 slow-header connections; a trickling head cut at --timeout",
            "; ".join("%s: %d in %.1f s" % r for r in res) + "; alive %s; trickle cut after %s s" %
            (alive, "%.1f" % cut if cut else "never"),
            all(r[1] == 200 and r[2] < 10 * SLOW for r in res) and alive and cut is not None and
            cut < 4 * SLOW)


def case_sigterm():
    s = Server("-j", "1", "--queue", "10000")
    body = open(SAMPLE, "rb").read()
    answers = []

    def one():
        answers.append(request(s.port, "POST", "/api/render", body, timeout=30)[0])
    ts = [threading.Thread(target=one) for _ in range(12)]
    for t in ts:
        t.start()
    time.sleep(0.15)
    rc, took = s.stop()
    for t in ts:
        t.join()
    after = request(s.port, "GET", "/healthz", timeout=2)[0]
    return ("exit 0 within the 5 s grace, every client answered (200/503)",
            "exit %d in %.1f s, answers %s, after: %d" % (rc, took, sorted(answers), after),
            rc == 0 and took < 7 * SLOW and all(a in (200, 503) for a in answers) and after == 0)


def case_corrupt_word(s=None):
    own = s is None
    s = s or Server()
    res = []
    for name in ("corrupt.docx", "encrypted.docx", "not-word.docx"):
        data = open(os.path.join(ROOT, "tests", "data", "docx", "hostile", name), "rb").read()
        res.append((name, request(s.port, "POST", "/api/render", data,
                                  {"Content-Type": "application/octet-stream"})[0]))
    if own:
        s.stop()
    return ("422 (not 413)", ", ".join("%s %d" % r for r in res), all(r[1] == 422 for r in res))


def case_libreoffice():
    """An uploaded .odt: refused while LibreOffice is off (the default), named so; --convert starts
    only where LibreOffice can be kept off the network (unshare -rn)."""
    s = Server()
    odt = open(os.path.join(ROOT, "tests", "data", "docx", "sample.odt"), "rb").read()
    st, _, data = request(s.port, "POST", "/api/render",
                          multipart([(b'form-data; name="file"; filename="sample.odt"', odt)]), FORM)
    s.stop()
    msg = json.loads(data)["error"]["message"] if st != 200 else ""
    can = subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0
    try:
        c = Server("--convert")
        c.stop()
        started = True
    except RuntimeError:
        started = False
    return ("off: 415 no_converter naming it; --convert starts iff unshare -rn works",
            "%d %s; unshare -rn %s, --convert started %s" % (st, msg, can, started),
            st == 415 and "LibreOffice is off" in msg and started == can)


def case_long_name():
    name = "简" * 78 + "abcdef.pdf"  # 244 bytes
    assert len(name.encode()) == 244
    out = os.path.join(TMP, name)
    r = subprocess.run(JBCMD + ["render", SAMPLE, "-o", out, "--data-dir", ROOT], capture_output=True, text=True)
    left = [f for f in os.listdir(TMP) if f.endswith(".tmp")]
    return ("a 244-byte output name is written", "exit %d, written %s, temporaries %d" %
            (r.returncode, os.path.exists(out), len(left)), r.returncode == 0 and os.path.exists(out) and not left)


def case_mixed(total=2000):
    s = Server("-j", "2", "--queue", "20000", "--timeout", "1")  # the slow ones are cut after 1 s
    good = open(SAMPLE, "rb").read()
    kinds = ["good", "inspect", "notitle", "badjson", "nullname", "jsonnul", "oversize", "slow", "404", "badtype"]
    counts = {}
    rss = []
    lock = threading.Lock()
    seq = iter(range(total))

    def one(i):
        k = kinds[i % len(kinds)]
        if k == "good":
            st = request(s.port, "POST", "/api/render", good)[0]
        elif k == "inspect":
            st = request(s.port, "POST", "/api/inspect", good)[0]
        elif k == "notitle":
            st = request(s.port, "POST", "/api/render", b"no title")[0]
        elif k == "badjson":
            st = request(s.port, "POST", "/api/render", b'{"text": ', JSON)[0]
        elif k == "nullname":
            st = request(s.port, "POST", "/api/render", multipart([(b"form-data", b"x")]), FORM)[0]
        elif k == "jsonnul":
            st = request(s.port, "POST", "/api/render", b'{"text": "a\\u0000b"}', JSON)[0]
        elif k == "oversize":
            st = request(s.port, "POST", "/api/render", b"x" * (1 << 20 | 70000))[0]
        elif k == "slow":
            st = raw(s.port, b"POST /api/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nab")
        elif k == "404":
            st = request(s.port, "GET", "/nowhere")[0]
        else:
            st = request(s.port, "POST", "/api/render", b"x", {"Content-Type": "image/png"})[0]
        with lock:
            counts.setdefault(k, {}).setdefault(st, 0)
            counts[k][st] += 1

    def worker():
        for i in seq:
            one(i)
            if i % 100 == 99:
                with lock:
                    rss.append((i + 1, s.rss_kb()))
    t0 = time.time()
    ts = [threading.Thread(target=worker) for _ in range(6)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    alive = s.alive()
    s.stop()
    rss.sort()
    base = [kb for n, kb in rss if n >= 200][0]
    top = max(kb for n, kb in rss if n >= 200)
    growth = (top - base) / base
    got = "%.0f s, RSS %d KB after 200 -> max %d KB (%+.1f %%); %s" % (
        time.time() - t0, base, top, growth * 100,
        " ".join("%s:%s" % (k, ",".join("%d×%d" % (st, n) for st, n in sorted(v.items()))) for k, v in sorted(counts.items())))
    # an oversized body is answered 413 as soon as its head says so and the connection closed: a
    # client still sending may see the reset instead (0)
    expect = {"good": {200}, "inspect": {200}, "notitle": {422}, "badjson": {400}, "nullname": {400},
              "jsonnul": {400}, "oversize": {413, 0}, "slow": {0}, "404": {404}, "badtype": {415}}
    statuses_ok = all(set(v) <= expect[k] for k, v in counts.items())
    return ("RSS within 10 % after the first 200; every answer as expected", got,
            growth <= 0.10 and statuses_ok and alive)


CASES = ["null_form_name", "json_nul", "issue_items", "budget_docx", "render_deadline", "fifo_photo", "slowloris", "sigterm",
         "corrupt_word", "libreoffice", "long_name", "mixed"]

if __name__ == "__main__":
    names = sys.argv[3:] or CASES
    failed = 0
    print("| case | expected | got | result |\n|---|---|---|---|")
    try:
        for n in names:
            exp, got, ok = globals()["case_" + n]()
            failed += not ok
            print("| %s | %s | %s | %s |" % (n, exp, got, "pass" if ok else "FAIL"), flush=True)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    for r in REPORTS:
        print("FAIL:", r)
    sys.exit(1 if failed or REPORTS else 0)
