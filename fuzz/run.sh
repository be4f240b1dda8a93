#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS (default 60),
# seeded from samples/ and layouts/; the corpora grow in build-fuzz/corpus/. A crash leaves its
# input in build-fuzz/ (crash-*) and stops the script with a non-zero exit.
# Seeds of any size are whole: -max_len is at least the largest seed (libFuzzer cuts longer ones).
# usage: bash fuzz/run.sh [SECONDS] [TARGET...]
#   targets: parse import layout_file render docx image manifest serve cff
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("${@:-parse import layout_file render docx image manifest serve cff}")
read -r -a targets <<<"${targets[*]}"
command -v clang >/dev/null || { echo "fuzzing needs clang"; exit 2; }
CC=clang cmake -S . -B build-fuzz -DJB_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
# only the fuzz targets: libjianbao.so cannot link with the sanitizers' runtime (--no-undefined)
cmake --build build-fuzz -j"$(nproc)" $(printf -- '--target fuzz_%s ' "${targets[@]}") >/dev/null
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  case $t in
    parse|render) cp samples/*.md tests/data/regress/*.md "$corpus"/ ;;
    import) cp samples/*.txt "$corpus"/ ;;
    layout_file) cp layouts/*.ini tests/data/*.ini "$corpus"/ ;;
    docx) cp tests/data/docx/*.docx tests/data/docx/hostile/*.docx "$corpus"/
          # the parts of the fixtures as the target splits them (document ---- numbering ---- styles)
          python3 - "$corpus" tests/data/docx/lo-features.docx tests/data/docx/pandoc-features.docx <<'PY'
import os, sys, zipfile
for f in sys.argv[2:]:
    z = zipfile.ZipFile(f)
    parts = [z.read(p) for p in ("word/document.xml", "word/numbering.xml", "word/styles.xml")]
    name = os.path.join(sys.argv[1], "parts-" + os.path.basename(f) + ".xml")
    open(name, "wb").write(b"\n----\n".join(parts))
PY
          ;;
    image) [ -n "$(ls -A "$corpus")" ] || python3 fuzz/image_seeds.py "$corpus" ;;
    manifest) printf '%s\n' '{"input": "a.md", "title": "标题", "issue": 12, "condense": true}' \
                '{"input": "b.md", "output": "乙", "date": "2024-03-01", "unit": null}' >"$corpus/seed.jsonl"
              printf 'input,output,title\r\na.md,"x,y","a ""b"""\r\n\r\nb.md,,\n' >"$corpus/seed.csv"
              printf '# list\na.md  甲.pdf\n/abs/b.txt\n' >"$corpus/seed.txt" ;;
    serve) python3 fuzz/serve_seeds.py "$corpus" ;;
    # the CFF programs jianbao writes (build/ is CI's first build; without it, no seeds)
    cff) [ -n "$(ls -A "$corpus")" ] || [ ! -x build/src/jianbao ] ||
           python3 fuzz/cff_seeds.py build/src/jianbao "$corpus" ;;
  esac
  echo "== fuzz_$t for ${secs}s"
  max_len=65536
  [ "$t" = image ] && max_len=262144
  largest=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -n 1)
  [ "${largest:-0}" -gt "$max_len" ] && max_len=$largest
  (cd build-fuzz && ./fuzz/fuzz_"$t" -max_total_time="$secs" -max_len="$max_len" -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=1 "corpus/$t" >"fuzz_$t.log" 2>&1) ||
    { tail -n 40 "build-fuzz/fuzz_$t.log"; echo "fuzz_$t failed"; exit 1; }
  grep -E "stat::(number_of_executed_units|average_exec_per_sec)" "build-fuzz/fuzz_$t.log"
done
