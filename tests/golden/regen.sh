#!/usr/bin/env bash
# Regenerates the golden outputs: for every sample (and docs/example-with-foot.md) × every layout,
# the PDF's SHA-256 (SHA256SUMS) and the `inspect --json` output (<input>.<layout>.json).
# The e2e test `golden` renders the same set and compares. A commit that changes output on purpose
# runs this and says why. Usage: bash tests/golden/regen.sh [JIANBAO]   (default build/src/jianbao)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jb="$(realpath "${1:-$root/build/src/jianbao}")"
golden="$root/tests/golden"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"   # inputs are named relative to the root, as the test does
rm -f "$golden"/*.json "$golden/SHA256SUMS"
for input in samples/*.md samples/*.txt docs/example-with-foot.md; do
  for layout in layouts/*.ini; do
    name="$(basename "$input").$(basename "$layout" .ini)"
    "$jb" render "$input" --layout "$layout" -o "$tmp/$name.pdf" -q
    "$jb" inspect "$input" --layout "$layout" --json -q > "$golden/$name.json"
    (cd "$tmp" && sha256sum "$name.pdf") >> "$golden/SHA256SUMS"
  done
done
echo "golden: $(wc -l < "$golden/SHA256SUMS") PDFs and their inspect JSON in tests/golden/"
