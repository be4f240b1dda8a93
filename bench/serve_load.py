#!/usr/bin/env python3
"""A bounded load test of `jianbao serve` on loopback: REQUESTS renders (the samples in turn,
reports and raw articles) at CONCURRENCY at once, as POST /api/render, reporting throughput,
p50/p90/p99 latency and the server's RSS before and after (a second round shows whether memory
still grows once the allocator is warm). A benchmark, not a test: nothing is asserted but that
every answer is a 200 PDF.

usage: python3 bench/serve_load.py [--jianbao build/src/jianbao] [-n 2000] [-c 16] [-j JOBS]
                                   [--rounds 2] [--endpoint render|inspect]"""
import argparse
import glob
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def cpu_s(pid):
    """The server's user + system CPU time so far, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--jianbao", default=os.path.join(root, "build", "src", "jianbao"))
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("-c", type=int, default=16)
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--endpoint", default="render", choices=["render", "inspect"])
    a = ap.parse_args()

    # the samples' reports and articles (samples/photos is a folder: its report names photos
    # beside it, which a body alone cannot carry)
    files = sorted(f for f in glob.glob(os.path.join(root, "samples", "*")) if os.path.isfile(f))
    bodies = [open(f, "rb").read() for f in files]
    # the queue wait is long: the benchmark measures throughput, not refusals
    p = subprocess.Popen([a.jianbao, "serve", "--port", "0", "-j", str(a.j), "--queue", "60000",
                          "-q"], stdout=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)/", p.stdout.readline()).group(1))
    path = "/api/" + a.endpoint
    print("jianbao serve -j %d; %d requests at %d concurrent, %d samples, %s" %
          (a.j, a.n, a.c, len(bodies), path))
    print("RSS at start: %.1f MiB" % (rss_kib(p.pid) / 1024))
    try:
        for rnd in range(1, a.rounds + 1):
            lat, bad, lock = [], [], threading.Lock()
            counter = iter(range(a.n))

            def worker():
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                while True:
                    with lock:
                        i = next(counter, None)
                    if i is None:
                        break
                    t0 = time.perf_counter()
                    c.request("POST", path, bodies[i % len(bodies)],
                              {"Content-Type": "text/plain"})
                    r = c.getresponse()
                    data = r.read()
                    dt = time.perf_counter() - t0
                    with lock:
                        lat.append(dt)
                        if r.status != 200 or (a.endpoint == "render" and data[:5] != b"%PDF-"):
                            bad.append(r.status)
                c.close()

            t0, c0 = time.perf_counter(), cpu_s(p.pid)
            threads = [threading.Thread(target=worker) for _ in range(a.c)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            cpu = cpu_s(p.pid) - c0
            lat.sort()
            q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1e3
            print("round %d: %.0f requests/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                  "max %.1f ms; server CPU %.1f ms a request; %d not 200; RSS after %.1f MiB" %
                  (rnd, len(lat) / wall, q(0.5), q(0.9), q(0.99), lat[-1] * 1e3,
                   cpu * 1e3 / len(lat), len(bad), rss_kib(p.pid) / 1024))
            if bad:
                sys.exit("failed answers: %s" % sorted(set(bad)))
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)


main()
