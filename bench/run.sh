#!/usr/bin/env bash
# Benchmarks jianbao on this machine and prints a table (a Markdown table, for notes and issues).
# usage: bash bench/run.sh [N]   (N reports in the corpus, default 200). Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
jb=build/src/jianbao
[ -x "$jb" ] || bash .ci/setup >/dev/null
command -v hyperfine >/dev/null || { echo "bench needs hyperfine (apt-get install hyperfine)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make_corpus.py "$work/corpus" "$n"
mkdir -p "$work/j1" "$work/j2" "$work/one"

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.1f' % (x['median']*1000) for x in r))" "$1"; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

hyperfine -N -w 3 -r 15 --export-json "$work/one.json" \
  "$jb render samples/zixi-wuzhong.md -o $work/one/brief.pdf" >/dev/null 2>&1
one_ms=$(median "$work/one.json")
hyperfine -N -w 1 -r 3 --export-json "$work/batch.json" \
  "$jb render $work/corpus -d $work/j1 -j 1" "$jb render $work/corpus -d $work/j2 -j 2" >/dev/null 2>&1
read -r j1_ms j2_ms <<<"$(median "$work/batch.json")"
rss_one=$(rss "$jb" render samples/zixi-wuzhong.md -o "$work/one/brief.pdf")
rss_50=$(rss "$jb" render "$work/corpus" -d "$work/j2" -j 2 --shard 1/4)
rss_all=$(rss "$jb" render "$work/corpus" -d "$work/j2" -j 2)
same=$(cmp -s <(cd "$work/j1" && cat ./*.pdf) <(cd "$work/j2" && cat ./*.pdf) && echo yes || echo NO)
sample_kb=$(( $(stat -c %s "$work/one/brief.pdf") / 1024 ))
sizes=$(stat -c %s "$work"/j2/*.pdf | sort -n | awk '{a[NR]=$1} END {printf "%d KB median, %d KB max", a[int((NR+1)/2)]/1024, a[NR]/1024}')

python3 - "$one_ms" "$j1_ms" "$j2_ms" "$n" "$rss_one" "$rss_50" "$rss_all" "$same" "$sample_kb" "$sizes" <<'PY'
import sys
one, j1, j2, n, r1, r50, rall, same, kb, sizes = sys.argv[1:]
n = int(n)
print("| measure | value |")
print("|---|---|")
print(f"| one brief (sample), whole process, median of 15 | {one} ms |")
print(f"| {n} distinct briefs, -j1 | {float(j1)/1000:.2f} s = {n/(float(j1)/1000):.0f} briefs/s |")
print(f"| {n} distinct briefs, -j2 | {float(j2)/1000:.2f} s = {n/(float(j2)/1000):.0f} briefs/s |")
print(f"| -j2 output identical to -j1 | {same} |")
print(f"| peak RSS: one brief / {n//4} briefs -j2 / {n} briefs -j2 | {int(r1)//1024} / {int(r50)//1024} / {int(rall)//1024} MiB |")
print(f"| PDF size: the sample / the corpus | {kb} KB / {sizes} |")
PY
