#!/usr/bin/env bash
# Where one brief's time goes: instruction counts (valgrind's callgrind, repeatable on a noisy
# machine) for the whole process and for each pipeline stage, plus page faults (perf stat, when
# perf is there). usage: bash bench/profile.sh [REPORT]   (default: the sample)
set -euo pipefail
cd "$(dirname "$0")/.."
report=${1:-samples/zixi-wuzhong.md}
jb=build/src/jianbao
[ -x "$jb" ] || bash .ci/setup >/dev/null
command -v valgrind >/dev/null || { echo "profile needs valgrind (apt-get install valgrind)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$jb" render "$report" \
  -o "$work/brief.pdf" 2>/dev/null
callgrind_annotate --inclusive=yes --threshold=100 "$work/cg.out" 2>/dev/null >"$work/incl.txt"
python3 - "$work/incl.txt" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(\S+)", line)
    if m:
        fn = m.group(2).split(":")[-1]
        n = int(m.group(1).replace(",", ""))
        rows[fn] = max(rows.get(fn, 0), n)
total = rows.get("PROGRAM") or max(rows.values())
stages = [
    ("whole process", None),
    ("dynamic loading (ld.so)", "_dl_start"),
    ("fonts opened", "jb_fontset_open"),
    ("report read, parsed, figures marked", "jb_job_document"),
    ("layout (shaping, line breaking, fit)", "jb_layout"),
    ("  line breaking", "break_each"),  # lines.c: jb_lines_break and jb_lines_break_both
    ("PDF (subset, embed, deflate, save)", "jb_pdf_render"),
    ("  font subsetting", "jb_font_subset"),
    ("  deflate (libdeflate)", "libdeflate_zlib_compress"),
    ("  libharu saving", "HPDF_SaveToStream"),
]
print("| stage | instructions | share |")
print("|---|---|---|")
for name, fn in stages:
    n = total if fn is None else rows.get(fn, 0)
    print(f"| {name} | {n / 1e6:.1f} M | {100 * n / total:.0f} % |")
PY
if command -v perf >/dev/null && perf stat -e page-faults true >/dev/null 2>&1; then
  faults=$(perf stat -x, -e page-faults "$jb" render "$report" -o "$work/brief.pdf" 2>&1 >/dev/null |
           awk -F, '/page-faults/ {print $1}')
  echo "| page faults (perf stat) | $faults | |"
fi
