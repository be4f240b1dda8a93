#!/usr/bin/env bash
# The pixel proof for a change that alters the goldens' bytes but must not alter their look: renders
# every golden input × layout (and tests/data/truetype.ini, the TrueType faces) with two builds of
# jianbao, rasterizes each PDF with two independent readers (poppler's pdftoppm and MuPDF's mutool
# draw) and compares the pixels exactly. Prints one line per PDF (bytes same/changed, pixels) and
# exits 1 when any page differs in a pixel.
# usage: bash tests/golden/pixels.sh OLD_JIANBAO [NEW_JIANBAO] [DPI]
#   e.g. git worktree add /tmp/old main && (cd /tmp/old && bash .ci/setup) &&
#        bash tests/golden/pixels.sh /tmp/old/build/src/jianbao
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
old="$(realpath "$1")"
new="$(realpath "${2:-$root/build/src/jianbao}")"
dpi="${3:-150}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"
export JIANBAO_DATA_DIR="$root"
bad=0 changed=0 total=0
for input in samples/*.md samples/*.txt docs/example-with-foot.md; do
  for layout in layouts/*.ini tests/data/truetype.ini; do
    name="$(basename "$input").$(basename "$layout" .ini)"
    "$old" render "$input" --layout "$layout" -o "$tmp/old.pdf" -q
    "$new" render "$input" --layout "$layout" -o "$tmp/new.pdf" -q
    total=$((total + 1))
    if cmp -s "$tmp/old.pdf" "$tmp/new.pdf"; then
      echo "$name: bytes same"
      continue
    fi
    changed=$((changed + 1))
    rm -f "$tmp"/*.ppm
    pdftoppm -r "$dpi" "$tmp/old.pdf" "$tmp/p-old"
    pdftoppm -r "$dpi" "$tmp/new.pdf" "$tmp/p-new"
    mutool draw -q -r "$dpi" -o "$tmp/m-old-%d.ppm" "$tmp/old.pdf" 2>/dev/null
    mutool draw -q -r "$dpi" -o "$tmp/m-new-%d.ppm" "$tmp/new.pdf" 2>/dev/null
    verdict="pixels same (pdftoppm and mutool, $dpi dpi)"
    for f in "$tmp"/p-old*.ppm "$tmp"/m-old-*.ppm; do
      g="${f/-old/-new}"
      if [ ! -f "$g" ] || ! cmp -s "$f" "$g"; then
        verdict="PIXELS DIFFER: $(basename "$f")"
        bad=1
      fi
    done
    echo "$name: bytes changed, $verdict"
  done
done
echo "pixels: $total PDFs, $changed with changed bytes, $([ $bad = 0 ] && echo "every page pixel-identical" || echo "SOME PAGES DIFFER")"
exit $bad
