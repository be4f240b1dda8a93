#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind: the same on a loaded machine, unlike times) for the
# measures of docs/SPEED.md, printed as a Markdown table:
#   one brief      the sample, whole process (jianbao render samples/zixi-wuzhong.md)
#   batch shuffled N variants of the sample, its body's sentences shuffled among its paragraphs
#                  (make_corpus.py --shuffle): sample length, different line breaks and sizes
#   batch corpus   N generated reports of varied length and section patterns (make_corpus.py)
#   batch mixed    N variants of the samples whose paragraphs take sentences from all of them
#                  (make_corpus.py --mix): different articles' characters from brief to brief
#   photos         the photo sample (two 12-megapixel JPEGs), whole process
#   Word import    jianbao import of a 45,000-character .docx (bench/data/word-45k.docx, made by
#                  bench/make_docx.py)
# A brief in a batch is the whole batch's count (one process, -j 1) divided by N.
# usage: bash bench/count.sh [N] [JIANBAO]   (N default 300; about 3 minutes at 300)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
jb=${2:-build/src/jianbao}
[ -x "$jb" ] || bash .ci/setup >/dev/null
command -v valgrind >/dev/null || { echo "count needs valgrind (apt-get install valgrind)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/make_corpus.py --shuffle samples/zixi-wuzhong.md "$work/shuffled" "$n"
python3 bench/make_corpus.py "$work/corpus" "$n"
python3 bench/make_corpus.py --mix samples/anquan-yidun.md samples/banshishi-paren.md \
  samples/fangguanfu-yishi.md samples/tongji-biao.md samples/xiangcun-bold.md \
  samples/zixi-wuzhong.md -- "$work/mixed" "$n"
[ -f bench/data/word-45k.docx ] || python3 bench/make_docx.py bench/data/word-45k.docx >/dev/null

# instructions of one command, whole process (threads included)
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>"$work/vg.err" ||
    { cat "$work/vg.err" >&2; exit 1; }
  sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$work/vg.err" | tail -n 1
}
mkdir -p "$work/out1" "$work/out2" "$work/out3"
one=$(count "$jb" render samples/zixi-wuzhong.md -o "$work/one.pdf")
shuf=$(count "$jb" render "$work/shuffled" -d "$work/out1" -j 1 -q)
corp=$(count "$jb" render "$work/corpus" -d "$work/out2" -j 1 -q)
mixd=$(count "$jb" render "$work/mixed" -d "$work/out3" -j 1 -q)
photo=$(count "$jb" render samples/photos/huodong-photos.md -o "$work/photo.pdf")
word=$(count "$jb" import bench/data/word-45k.docx -o "$work/word.md")

python3 - "$n" "$one" "$shuf" "$corp" "$mixd" "$photo" "$word" <<'PY'
import sys
n, one, shuf, corp, mixd, photo, word = (int(x) for x in sys.argv[1:])
m = lambda x: f"{x / 1e6:.1f} M"
print("| measure (instructions, callgrind) | value |")
print("|---|---|")
print(f"| one brief: the sample, whole process | {m(one)} |")
print(f"| a brief in a batch of {n} sentence-shuffled variants of the sample (-j 1) | {m(shuf / n)} |")
print(f"| a brief in a batch of {n} generated reports (make_corpus.py, -j 1) | {m(corp / n)} |")
print(f"| a brief in a batch of {n} mixed variants of the samples (make_corpus.py --mix, -j 1) | {m(mixd / n)} |")
print(f"| the photo sample, whole process | {m(photo)} |")
print(f"| import of a 45,000-character Word document | {m(word)} |")
PY
