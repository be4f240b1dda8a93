#!/usr/bin/env python3
"""What the package ships to start jianbao serve without a terminal (dist/): the desktop entry
validates (desktop-file-validate), the systemd unit's ExecStart, run as systemd would expand it
with the unit's defaults, serves the page on loopback only; with /etc/default/jianbao-serve's
JIANBAO_HOST and JIANBAO_TOKEN it answers other addresses and asks every request for the token
(401 without; ?token= on the page sets a cookie; Authorization: Bearer for programs; /healthz
free); jianbao-open starts a server when none answers and names the page to open.

usage: dist_test.py JIANBAO SOURCE_ROOT   (exits 77 without desktop-file-validate)"""
import http.client
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

JB, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
DIST = os.path.join(ROOT, "dist")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what)


def get(port, path, headers=None, host="127.0.0.1"):
    c = http.client.HTTPConnection(host, port, timeout=30)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict(r.getheaders()), body


def unit_command(env):
    """The unit's ExecStart with its Environment= defaults, then env, expanded as systemd does."""
    text = open(os.path.join(DIST, "jianbao-serve.service"), encoding="utf-8").read()
    values = {}
    for line in re.findall(r"^Environment=(.*)$", text, re.M):
        for pair in shlex.split(line):
            k, v = pair.split("=", 1)
            values[k] = v
    values.update(env)
    cmd = re.search(r"^ExecStart=(.*)$", text, re.M).group(1)
    cmd = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], cmd)
    argv = shlex.split(cmd)
    check(argv[0] == "/usr/bin/jianbao", "ExecStart runs /usr/bin/jianbao: " + argv[0])
    return [JB] + argv[1:], values


def serve(env):
    argv, values = unit_command(env)
    child_env = dict(os.environ, **{k: v for k, v in values.items() if k == "JIANBAO_TOKEN"})
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=child_env)
    line = p.stdout.readline()
    m = re.search(r"http://([^/]+):(\d+)/", line)
    check(m is not None, "the server printed its address: " + line)
    return p, m.group(1), int(m.group(2))


def stop(p):
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=30)
    check(p.returncode == 0, "the server stopped cleanly: %s" % p.stderr.read())


def main():
    validate = shutil.which("desktop-file-validate")
    if not validate:
        print("skipped: no desktop-file-validate (apt-get install desktop-file-utils)")
        sys.exit(77)
    r = subprocess.run([validate, os.path.join(DIST, "jianbao.desktop")], capture_output=True,
                       text=True)
    check(r.returncode == 0 and not r.stdout.strip(), "desktop-file-validate: " + r.stdout)
    entry = open(os.path.join(DIST, "jianbao.desktop"), encoding="utf-8").read()
    check(re.search(r"^Exec=jianbao-open$", entry, re.M) and "Name=简报排版" in entry, "the entry")

    # the unit as shipped: loopback only, the page served
    p, host, port = serve({"JIANBAO_PORT": "0"})
    check(host == "127.0.0.1", "the unit listens on loopback by default: " + host)
    status, _, body = get(port, "/")
    check(status == 200 and "简报排版" in body.decode(), "the unit serves the page")
    stop(p)

    # opened to the office network with a token
    p, host, port = serve({"JIANBAO_PORT": "0", "JIANBAO_HOST": "0.0.0.0",
                           "JIANBAO_TOKEN": "3f9c2a7b-office"})
    check(host == "0.0.0.0", "JIANBAO_HOST opens it: " + host)
    check(get(port, "/")[0] == 401, "no token: 401")
    check(get(port, "/api/layouts")[0] == 401, "no token for the API: 401")
    check(get(port, "/?token=wrong")[0] == 401, "a wrong token: 401")
    check(get(port, "/healthz")[0] == 200, "/healthz needs no token")
    status, headers, body = get(port, "/?token=3f9c2a7b-office")
    cookie = headers.get("Set-Cookie", "")
    check(status == 200 and cookie.startswith("jb_token=3f9c2a7b-office;") and "HttpOnly" in cookie
          and "SameSite=Strict" in cookie, "?token= on the page sets the cookie: %s" % headers)
    check(get(port, "/app.js", {"Cookie": "jb_token=3f9c2a7b-office"})[0] == 200, "the cookie")
    check(get(port, "/api/layouts", {"Authorization": "Bearer 3f9c2a7b-office"})[0] == 200,
          "a bearer token")
    stop(p)
    r = subprocess.run([JB, "serve", "--port", "0"], env=dict(os.environ, JIANBAO_TOKEN="a b"),
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "JIANBAO_TOKEN" in r.stderr, "a token a URL cannot carry: " +
          r.stderr)

    # jianbao-open: nothing answers, so it starts a server and names the page
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = os.path.join(tmp, "jianbao")
        pidfile = os.path.join(tmp, "pid")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\necho $$ > %s\nexec %s \"$@\"\n" % (shlex.quote(pidfile),
                                                                shlex.quote(JB)))
        os.chmod(wrapper, 0o755)
        with open(os.path.join(tmp, "systemctl"), "w") as f:  # no system service here
            f.write("#!/bin/sh\nexit 1\n")
        os.chmod(os.path.join(tmp, "systemctl"), 0o755)
        free = subprocess.run([sys.executable, "-c", "import socket; s=socket.socket(); "
                               "s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"],
                              capture_output=True, text=True).stdout.strip()
        env = dict(os.environ, PATH=tmp + ":" + os.environ["PATH"], JIANBAO_OPEN_NO_BROWSER="1")
        r = subprocess.run(["sh", os.path.join(DIST, "jianbao-open"), free], env=env,
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and r.stdout.strip() == "http://127.0.0.1:%s/" % free,
              "jianbao-open: %s %s" % (r.stdout, r.stderr))
        if os.path.exists(pidfile):
            pid = int(open(pidfile).read())
            check(get(int(free), "/")[0] == 200, "jianbao-open's server answers")
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                    time.sleep(0.1)
                except ProcessLookupError:
                    break
        else:
            check(False, "jianbao-open started no server")

    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    print("dist: all checks passed")


main()
